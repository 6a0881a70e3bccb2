"""Let a search's big arrays reuse their memory from one search to the next.

At a million articles a search fills arrays of a score per article (8 MB each), several alive
at once. glibc gives allocations that big fresh mappings, or trims them off the top of the
heap once freed, so every search page-faults each of their 4 KB pages in again: half the time
of a phrase query at 1M ("police said", 67 -> 34 ms; bench/search.py). Arrays up to 32 MB
taken from the heap, and a 64 MB pad kept at its top, let the next search find the same pages
mapped, for at most that pad held after a search. Elsewhere than glibc, nothing changes.
"""

from __future__ import annotations

import ctypes
import functools

from briefs.index import workers

_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 1024 * 1024  # allocations below this come from the heap
TOP_PAD = 64 * 1024 * 1024  # freed memory kept at the heap's top


@functools.lru_cache(maxsize=1)
def keep_search_memory() -> bool:
    """Tune this process's allocator for searches, once. True where it took effect (glibc)."""
    mallopt = getattr(workers.libc(), "mallopt", None)
    if mallopt is None:
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and \
        bool(mallopt(_M_TOP_PAD, TOP_PAD))
