"""Story vectors of many articles, made in a helper process while this one assigns them.

Making an article's story vector (stemming its lead, weighing its words) is a third of what
stories cost on a big import, and needs nothing from the assignment, which must go one
article after another. So for a big batch a helper process reads the articles and makes
their vectors a few chunks ahead, on the second core, while this process assigns them in
order. The result is the same as making them here, where small batches are made (starting
a process would cost more than it saves).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from briefs.index import workers
from briefs.index.store import Store
from briefs.index.stories.assignment import Member, member

PARALLEL_FROM = 2000  # pending articles from which a helper process makes the vectors
CHUNK = 250  # articles per request to the helper
AHEAD = 4  # requests in flight: the helpers keep ahead without filling memory
# One helper: a second made a 20k import's stories 7% faster (15.3 -> 14.3 s; the assignment
# here is then the bottleneck) for another process's memory.
HELPERS = 1

_helper: dict = {}  # the helper process's own store and idf (set by _start)


def members(store: Store, index_folder: Path, ids: list[str],
            idf: Callable[[str], float]) -> Iterator[Member]:
    """The articles `ids` with their story vectors, in the order given.

    `idf` is this process's; the helper opens the same store and index read-only.
    """
    chunks = [ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK)]
    if len(ids) < PARALLEL_FROM or not workers.available():
        yield from _here(store, chunks, idf)
        return

    with workers.fork_pool(HELPERS, _start, (store.path, index_folder)) as pool:
        yield from workers.ahead(pool, _members_of, ((chunk,) for chunk in chunks), AHEAD)


def _here(store: Store, chunks: list[list[str]], idf) -> Iterator[Member]:
    for chunk in chunks:
        for article in store.get_many(chunk, with_body=True):
            yield member(article, idf)


def _start(store_path: Path, index_folder: Path) -> None:
    """Set up the helper: tied to this process's life, with its own store and index handles
    (a SQLite connection or open index files must not be shared across a fork)."""
    from whoosh import index

    from briefs.index.search import idf_of

    workers.die_with_parent()
    _helper["store"] = Store.reader(store_path)
    _helper["idf"] = idf_of(index.open_dir(str(index_folder)).searcher())


def _members_of(ids: list[str]) -> list[Member]:
    idf = _helper["idf"]
    return [member(article, idf) for article in _helper["store"].get_many(ids, with_body=True)]
