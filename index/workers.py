"""Work handed to helper processes a few requests ahead, answers taken in order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator


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
