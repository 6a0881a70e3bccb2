"""A search's big arrays reuse their memory from one search to the next (search.heap)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from briefs.index.search import heap

# Three 8 MB arrays alive at once, filled and freed, three times: the page faults of the last
# two rounds are what a search pays for memory it already had.
ROUNDS = """
import resource, sys
import numpy as np
from briefs.index.search import heap
if sys.argv[1] == "tuned":
    assert heap.keep_search_memory()
def round_():
    arrays = [np.zeros(1_000_000) for _ in range(3)]
    for a in arrays:
        a += 1.0
round_()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
round_(); round_()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")


def _faults(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", ROUNDS, mode], capture_output=True,
                          text=True, check=True)
    return int(done.stdout)


@glibc
def test_tuned_allocator_keeps_the_pages_of_freed_big_arrays():
    plain, tuned = _faults("plain"), _faults("tuned")
    # Untuned, each round maps its 24 MB again (thousands of pages).
    assert plain > 2000
    assert tuned < plain / 10


@glibc
def test_a_search_tunes_the_allocator_of_its_process(cli, tmp_path):
    from tests.conftest import write

    heap.keep_search_memory.cache_clear()
    write(tmp_path / "a" / "one.md", "---\nid: one\ntitle: Ferry strike\n---\nThe ferry.\n")
    code, _, err = cli("add", tmp_path / "a")
    assert code == 0, err
    assert heap.keep_search_memory.cache_info().currsize == 0
    code, out, err = cli("search", "ferry")
    assert code == 0, err
    assert "Ferry strike" in out
    assert heap.keep_search_memory.cache_info().currsize == 1
