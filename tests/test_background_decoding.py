"""A big import's search arrays are decoded in a process of their own while its stories are
made, and are there, the same as if decoded in-process, when the import returns."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from briefs.index import workers
from briefs.index.library import Library
from briefs.index.search import background_decoding, decoded_postings, searchindex
from briefs.index.sources.ingest import Ingester
from tests.conftest import write

pytestmark = pytest.mark.skipif(not workers.available(), reason="needs Linux, fork and two cores")
WORDS = "police fire court storm flood bridge ferry harbour mayor river".split()


def _articles(folder, count: int = 240) -> None:
    rng = random.Random(5)
    for n in range(count):
        write(folder / f"a{n:03d}.md",
              f"---\nid: a{n:03d}\ntitle: {' '.join(rng.sample(WORDS, 3))}\n"
              f"published: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n---\n"
              f"{' '.join(rng.choices(WORDS, k=30))}.\n")


def _leaves(library):
    return [leaf for leaf, _ in library.index.searcher.reader().leaf_readers()]


def _started(monkeypatch, start=background_decoding.start) -> list:
    started: list = []

    def recorded(folder):
        started.append(folder)
        return start(folder)

    monkeypatch.setattr(background_decoding, "start", recorded)
    return started


def test_a_big_import_decodes_its_arrays_in_the_background_as_they_are_decoded_here(
        home, tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "BIG_BATCH", 50)  # the two-process writer's batches
    started = _started(monkeypatch)
    _articles(tmp_path / "articles")
    with Library(home) as library:
        Ingester(library).add([str(tmp_path / "articles")])
        assert started == [library.index.folder]
        leaves = _leaves(library)
        assert len(leaves) == 2  # one segment per writer child
        here = decoded_postings.DecodedPostings(tmp_path / "here")
        here.update(leaves)
        background = library.index.folder / "decoded"
        for leaf in leaves:
            key = decoded_postings.segment_key(leaf)
            # Written by the time the import returned: every publication day and length.
            assert (background / key / "terms.json").read_text() == \
                (tmp_path / "here" / key / "terms.json").read_text()
            for name in ("ids.npy", "weights.npy", "lengths.npy"):
                assert np.array_equal(np.load(background / key / name),
                                      np.load(tmp_path / "here" / key / name)), (key, name)
        assert library.search("police published:[2025-03-01 to 2025-06-30]").total > 0


def test_arrays_a_failed_background_process_left_undone_are_decoded_in_process(
        home, tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "BIG_BATCH", 50)

    def failing(folder):
        return background_decoding.Decoding(subprocess.Popen(
            [sys.executable, "-c", "raise SystemExit(3)"], stderr=subprocess.PIPE, text=True))

    started = _started(monkeypatch, failing)
    _articles(tmp_path / "articles")
    with Library(home) as library:
        Ingester(library).add([str(tmp_path / "articles")])
        assert len(started) == 1
        for leaf in _leaves(library):
            key = decoded_postings.segment_key(leaf)
            assert (library.index.folder / "decoded" / key / "terms.json").exists()


def test_a_small_import_decodes_its_arrays_in_process(home, tmp_path, monkeypatch):
    started = _started(monkeypatch)
    _articles(tmp_path / "articles", count=30)
    with Library(home) as library:
        Ingester(library).add([str(tmp_path / "articles")])
        assert started == []  # a process would cost more than the arrays of 30 articles
        for leaf in _leaves(library):
            key = decoded_postings.segment_key(leaf)
            assert (library.index.folder / "decoded" / key / "terms.json").exists()


def test_closing_the_library_stops_a_decoding_still_under_way(home, tmp_path):
    import time

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                               stderr=subprocess.PIPE, text=True)
    with Library(home) as library:
        library.index._decoding = background_decoding.Decoding(sleeper)
        started = time.monotonic()
    assert sleeper.poll() is not None  # ended, not left running after the process exits
    assert time.monotonic() - started < 10
