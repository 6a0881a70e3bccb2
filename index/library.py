"""The library: the article store plus the search index kept in step with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefs.index.article import Article
from briefs.index.errors import NotFound
from briefs.index.searchindex import Results, SearchIndex
from briefs.index.store import Store

INDEXED_REV = "indexed_rev"


@dataclass
class SyncReport:
    """What bringing the index in line with the store did."""

    indexed: int = 0
    removed: int = 0
    rebuilt: bool = False
    reason: str = ""


class Library:
    """Articles in `data_dir`: the store is the truth, the index follows it."""

    def __init__(self, data_dir: Path, index_dir: Path | None = None):
        self.data_dir = data_dir
        self.store = Store(data_dir / "library.sqlite3")
        self.index = SearchIndex(index_dir or data_dir / "index")

    def close(self) -> None:
        self.index.close()
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- keeping the index in line ---------------------------------------------------------
    def index_behind(self) -> bool:
        return int(self.store.get_meta(INDEXED_REV) or 0) < self.store.revision()

    def sync_index(self) -> SyncReport:
        """Index what changed in the store since the index last caught up.

        A missing or unreadable index is rebuilt from the store.
        """
        report = SyncReport()
        problem = self.index.check()
        if problem is not None:
            self.index.destroy()
            self.store.set_meta(INDEXED_REV, "0")
            report.rebuilt, report.reason = True, f"search index was unreadable ({problem})"
        elif self.index.doc_count() == 0 and self.store.count() and \
                int(self.store.get_meta(INDEXED_REV) or 0):
            self.store.set_meta(INDEXED_REV, "0")
            report.rebuilt, report.reason = True, "search index was empty"
        since = int(self.store.get_meta(INDEXED_REV) or 0)
        if since >= self.store.revision():
            return report
        changed, removed, newest = self.store.changed_since(since)
        report.indexed = self.index.apply(changed, removed)
        report.removed = len(removed)
        self.store.set_meta(INDEXED_REV, str(newest))
        return report

    def reindex(self) -> SyncReport:
        """Throw the index away and build it again from the store."""
        self.index.destroy()
        self.store.set_meta(INDEXED_REV, "0")
        report = self.sync_index()
        report.rebuilt = True
        return report

    # -- articles --------------------------------------------------------------------------
    def put(self, articles: list[Article]) -> dict[str, str]:
        """Store articles (one transaction). The index catches up on sync_index()."""
        return self.store.put_many(articles)

    def get(self, article_id: str) -> Article:
        """An article by id or unique id prefix; NotFound otherwise."""
        article = self.store.get(article_id)
        if article is not None:
            return article
        matches = self.store.find_prefix(article_id) if len(article_id) >= 4 else []
        if len(matches) == 1:
            found = self.store.get(matches[0])
            if found is not None:
                return found
        if len(matches) > 1:
            raise NotFound(f"'{article_id}' matches several articles: {', '.join(matches)}")
        raise NotFound(f"no article with id '{article_id}'")

    def remove(self, article_id: str) -> Article:
        article = self.get(article_id)
        self.store.remove(article.id)
        self.sync_index()
        return article

    def search(self, query: str, limit: int = 20, snippets: bool = True) -> Results:
        self.sync_index()
        body_for = None
        if snippets:
            def body_for(article_id: str) -> str:
                found = self.store.get(article_id)
                return found.body if found else ""
        return self.index.search(query, limit=limit, body_for=body_for)
