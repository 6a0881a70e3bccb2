"""Helper processes: whether they pay here, tied to this process's life, fed a few requests ahead.

Reading a folder (sources), writing the index (search) and making story vectors (stories) each
run helpers on the second core; they share these three rules.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager


def ahead(pool, work: Callable[..., list], requests: Iterable[tuple],
          in_flight: int) -> Iterator:
    """Run `work(*request)` in a multiprocessing pool with `in_flight` requests queued, and
    yield the items of each answer (a list) in the order the requests came.

    The helpers keep ahead of the caller without the answers filling memory.
    """
    waiting: deque = deque()
    queued = iter(requests)
    for request in queued:
        waiting.append(pool.apply_async(work, request))
        if len(waiting) >= in_flight:
            break
    while waiting:
        done = waiting.popleft().get()
        request = next(queued, None)
        if request is not None:
            waiting.append(pool.apply_async(work, request))
        yield from done


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Fork helpers with this process's objects out of the garbage collector's sight.

    A full collection in a forked child writes to the header of every object it inherited,
    and so copies every page of them: at a million articles each helper held 150 MB of its
    parent's list of files. Frozen objects are never traversed (nor collected until the
    helpers are done)."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def fork_pool(helpers: int, initializer: Callable | None = None,
              initargs: tuple = ()) -> Iterator:
    """A multiprocessing pool of forked helpers (with the heap frozen, see frozen_heap).

    Ended by Ctrl-C, or closed half-read as a generator, the pool's helpers are killed and
    the pool is left, not terminated: a helper that exits on Ctrl-C may hold one of the
    pool's queue locks, and Pool.terminate then waits for that lock forever."""
    import multiprocessing

    with frozen_heap():
        pool = multiprocessing.get_context("fork").Pool(helpers, initializer=initializer,
                                                        initargs=initargs)
        try:
            yield pool
        except Exception:
            pool.terminate()
            raise
        except BaseException:
            _abandon(pool)
            raise
        pool.terminate()


def _abandon(pool) -> None:
    """Kill a pool's helpers and drop the pool without waiting on its queues."""
    pool._terminate.cancel()  # its finalizer would run Pool.terminate at exit
    for helper in list(pool._pool):
        helper.kill()
    for helper in list(pool._pool):
        helper.join(timeout=5)


_PR_SET_PDEATHSIG = 1


@functools.lru_cache(maxsize=1)
def libc() -> ctypes.CDLL | None:
    """The C library, where it can be found (prctl here, mallopt for searches)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None


def _quit(_signum, _frame) -> None:
    # An exception, not an exit on the spot: the helper lets go of the locks it holds (a
    # helper ignoring Ctrl-C was terminated by its pool in the middle of sending a result,
    # holding the queue's lock, and the pool waited for that lock forever).
    raise SystemExit(1)


def die_with_parent() -> bool:
    """Tie a helper's life to its parent's: Linux kills it when the parent dies (True when
    it will), and a Ctrl-C ends it quietly (each helper printing its own KeyboardInterrupt
    traceback told the user nothing)."""
    signal.signal(signal.SIGINT, _quit)
    c = libc()
    if c is None or c.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        return False
    # The parent may have died between the fork and the line above (a kill -9 early in an
    # import, on a busy machine): then no signal will come, and this child would wait on
    # its queue forever, holding the index lock it inherited.
    import multiprocessing
    import os

    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)
    return True


def available() -> bool:
    """True where helper processes pay: Linux with the fork start method (the children
    inherit the parent's setup) and a second core."""
    import multiprocessing
    import os

    return ((os.cpu_count() or 1) > 1 and sys.platform.startswith("linux")
            and multiprocessing.get_start_method() == "fork")
