"""The library: the article store plus the search index kept in step with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefs.index.article import Article
from briefs.index.errors import NotFound
from briefs.index.search import Results, SearchIndex
from briefs.index.store import Store

INDEXED_REV = "indexed_rev"
TOPICS_BUILT = "topics_built"
TOPICS_REMOVED_REV = "topics_removed_rev"
STORIES_REV = "stories_rev"  # the store revision the story memberships are up to date with
ASSIGN_BATCH = 50_000  # articles given stories per commit: memory stays flat on big imports
CATCH_UP_FIRST = 10_000  # articles in a catch-up's first commit: searchable within seconds
CATCH_UP_MOST = 250_000  # ... and in its biggest (each commit adds segments)
GRID_ARTICLES = 12  # articles of a story whose claims are compared: the latest per outlet


def grid_articles(articles: list[Article], keep: str | None = None,
                  most: int = GRID_ARTICLES) -> list[str]:
    """Ids of the latest article of each outlet, outlets in the order they first reported,
    at most `most` (with `keep` among them when given)."""
    latest: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: (a.published or "", a.id)):
        latest[article.source or article.id] = article
    first_seen = list(dict.fromkeys(a.source or a.id for a in
                                    sorted(articles, key=lambda a: (a.published or "", a.id))))
    chosen = [latest[outlet].id for outlet in first_seen][:most]
    kept = next((a for a in articles if a.id == keep), None)
    if kept is not None and keep not in chosen:
        outlet = latest[kept.source or kept.id].id  # the article read stands for its outlet
        chosen = [keep if i == outlet else i for i in chosen] if outlet in chosen \
            else [*chosen[:most - 1], keep]
    return chosen


@dataclass
class SyncReport:
    """What bringing the index in line with the store did."""

    indexed: int = 0
    removed: int = 0
    rebuilt: bool = False
    reason: str = ""
    busy: bool = False  # another writer held the index, so nothing was done


class Library:
    """Articles in `data_dir`: the store is the truth, the index follows it."""

    def __init__(self, data_dir: Path, index_dir: Path | None = None, notify=None):
        self.data_dir = data_dir
        self.notify = notify or (lambda message: None)
        self.store = Store(data_dir / "library.sqlite3")
        self.index = SearchIndex(index_dir or data_dir / "index")
        self._stories = None
        self._checked = False

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

    def index_lag(self) -> int:
        """How many articles the index has yet to take in: all of them when it has to be
        rebuilt (missing, unreadable or of an older format)."""
        if self.index.check() is not None or (
                self.index.doc_count() == 0 and int(self.store.get_meta(INDEXED_REV) or 0)):
            return self.store.count()
        return self.store.count_changed_since(int(self.store.get_meta(INDEXED_REV) or 0))

    def sync_index(self, limit: int | None = None, wait: bool = True,
                   backlog_most: int | None = None, stop=None,
                   decode_later: bool = False) -> SyncReport:
        """Index what changed in the store since the index last caught up.

        A missing or unreadable index is rebuilt from the store. `limit` takes in only the
        oldest changes, about that many, in this commit (see catch_up). With `wait=False`
        nothing is done while another writer or a catch-up holds the index, and with
        `backlog_most` nothing when more changes wait than that (a catch-up's work): a
        reader then searches what is indexed so far instead of waiting minutes. With
        `decode_later`, a big commit's search arrays are decoded in the background until
        finish_decoding().
        """
        report = SyncReport()
        # Work waits only before the first health check or when the store moved on: the
        # checks below (lock files, a searcher for the lag) stay off every keystroke's path.
        may_work = not self._checked or self.index_behind()
        if may_work and not wait and self.index.busy():
            report.busy = True
            return report
        if may_work and backlog_most is not None and self.index_lag() > backlog_most:
            report.busy = True
            return report
        # The full health check opens a searcher: once per Library, later calls only compare
        # revisions (this runs before every search).
        problem = None if self._checked else self.index.check()
        self._checked = True
        if problem is not None:
            self.index.destroy()
            self.store.set_meta(INDEXED_REV, "0")
            report.rebuilt, report.reason = True, f"search index was unreadable ({problem})"
        elif self.index.doc_count() == 0 and self.store.count() and \
                int(self.store.get_meta(INDEXED_REV) or 0):
            self.store.set_meta(INDEXED_REV, "0")
            report.rebuilt = True
            report.reason = ("search index was made by an older briefs" if self.index.outdated
                             else "search index was empty")
        if report.rebuilt:
            self.notify(f"{report.reason}; rebuilding it from the article store")
        since = int(self.store.get_meta(INDEXED_REV) or 0)
        newest = self.store.revision() if limit is None else \
            self.store.revision_after(since, limit)
        if since >= newest:
            return report
        removed = self.store.removed_since(since)
        # Articles stream from the store into one index commit: memory stays flat however
        # many changed. Changes made meanwhile have a newer revision and wait for next time.
        changed = self.store.changed_since(since, upto=newest)
        report.indexed = self.index.apply(changed, removed, stop=stop,
                                          expected=self.store.count_changed_since(since, newest),
                                          decode_later=decode_later)
        report.removed = len(removed)
        self.store.set_meta(INDEXED_REV, str(newest))
        return report

    def catch_up(self, progress=None, first: int | None = None,
                 most: int | None = None, stop=None) -> int | None:
        """Take in a big backlog (a lost index, a big import by another process) a commit
        at a time, so searches meanwhile find what is indexed so far. Commits grow from
        `first` to `most` articles (few segments). `progress(done, total)` after each.
        When `stop()` turns true, the commit under way is given up and the catch-up ends
        (the next one starts from the last commit). Returns how many were indexed, or None
        when another catch-up is under way."""
        from briefs.index.search import Stopped

        with self.index.catching_up() as mine:
            if not mine:
                return None
            total = self.index_lag()
            size, most = first or CATCH_UP_FIRST, most or CATCH_UP_MOST
            done = 0
            while True:
                try:
                    report = self.sync_index(limit=size, stop=stop)
                except Stopped:
                    return done
                if not report.indexed and not report.removed:
                    break
                done += report.indexed
                if progress is not None:
                    progress(done, max(total, done))
                size = min(size * 2, most)
            return done

    def finish_decoding(self) -> None:
        """Wait for the search arrays of a sync_index(decode_later=True)."""
        self.index.finish_decoding()

    def reindex(self) -> SyncReport:
        """Throw the index away and build it again from the store."""
        self.index.destroy()
        self.store.set_meta(INDEXED_REV, "0")
        self._checked = False
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

    @property
    def stories(self):
        from briefs.index.stories import Stories

        if self._stories is None:
            self._stories = Stories(self.store.db)
        return self._stories

    def update_stories(self) -> int:
        """Assign every article that has no story yet. Returns how many were assigned."""
        from briefs.index.stories import members

        # Only what changed since the last look: at a million articles, scanning every
        # article for a missing membership took 2.5 s and every membership for a removed
        # article 4.8 s of each `add`. The counts catch memberships lost any other way.
        seen = int(self.store.get_meta(STORIES_REV) or 0)
        now = self.store.revision()
        articles = self.store.count()
        self.forget_removed()
        if self.stories.members_count() > articles:
            self.stories.forget_removed()
        if self.store.get_meta(TOPICS_BUILT) != "1":
            # A library from before topics: count the names of the articles already in
            # stories once (those still to come are counted as they are assigned).
            self.stories.backfill_topics(self.store.iter_all())
            self.store.set_meta(TOPICS_BUILT, "1")
        pending: list[str] = []
        have = self.stories.members_count()
        if have < articles:
            pending = self.stories.unassigned(seen)
            if have + len(pending) < articles:
                pending = self.stories.unassigned()  # memberships lost some other way
        if not pending:
            self.store.set_meta(STORIES_REV, str(now))
            return 0
        found = members(self.store, self.index.folder, pending, self.idf())
        assigned = self.stories.assign_in_batches(found, ASSIGN_BATCH)
        self.store.set_meta(STORIES_REV, str(now))
        return assigned

    def forget_removed(self) -> None:
        """Take the articles removed since stories were last assigned out of the topic counts
        and their stories (looked up by revision: no scan of the library)."""
        since = int(self.store.get_meta(TOPICS_REMOVED_REV) or 0)
        if since < self.store.revision():
            # Topics are read from the membership rows, so they go first.
            self.stories.forget_topics(self.store.removed_since(since))
            self.store.set_meta(TOPICS_REMOVED_REV, str(self.store.revision()))
        gone = self.store.removed_since(int(self.store.get_meta(STORIES_REV) or 0))
        if gone:
            self.stories.forget_removed(gone)

    def story_page(self, sort: str = "latest", min_size: int = 2, offset: int = 0,
                   limit: int = 100, matching: list[str] | None = None):
        """A page of stories (see briefs.index.stories.listing); `matching` keeps the
        stories that hold one of these articles (a search's matches)."""
        from briefs.index.stories import stories_of, story_page

        self.forget_removed()  # a removed article leaves its story's counts at once
        within = None if matching is None else stories_of(self.store.db, matching)
        return story_page(self.store.db, sort, min_size, offset, limit, within)

    def topics(self, limit: int = 50, matching: list[str] | None = None):
        """The most named people, places and organisations (of `matching` articles, a
        search's, or of the whole library), aliases folded."""
        from briefs.index.stories import top_topics

        return top_topics(self.store.db, limit, matching)

    def articles_naming(self, topic) -> list[str]:
        """The ids of the articles that name a topic (under any of its aliases)."""
        from briefs.index.stories import articles_naming

        return articles_naming(self.store.db, topic.keys)

    def story_grid(self, story, keep: str | None = None):
        """(articles, claim clusters) of a story's grid: the latest article of each outlet, at
        most GRID_ARTICLES of them (and `keep`, the article being read). Comparing every pair
        of a story of hundreds of articles would take minutes; a column per outlet is what a
        reader looks at."""
        from briefs.index.stories import claim_clusters

        chosen = grid_articles(self.store.get_many(story.articles), keep)
        articles = self.store.get_many(chosen, with_body=True)
        return articles, claim_clusters(articles, self.idf())

    def count_disputes(self, story_id: str) -> int | None:
        """How many facts the story's outlets disagree on (its claims compared), kept."""
        from briefs.index.stories import remember_disputes, story_stamp

        # Read before the story: a change meanwhile makes the count stale, so it is redone.
        counted = story_stamp(self.store.db, story_id)
        story = self.stories.get(story_id)
        if story is None or counted is None:
            return None
        articles, clusters = self.story_grid(story)
        disputes = sum(1 for c in clusters if c.conflicts)
        remember_disputes(self.store.db, story_id, counted, disputes, len(clusters))
        return disputes

    def idf(self):
        """Inverse document frequency of a stem over the whole library (the index's counts)."""
        self.sync_index(wait=False)
        return self.index.idf()

    def compare(self, a_id: str, b_id: str, min_score: float | None = None):
        """Claim-by-claim comparison of two articles (see briefs.index.claims)."""
        from briefs.index.claims import MIN_SCORE, UNRELATED, compare_articles

        a, b = self.get(a_id), self.get(b_id)
        likeness = self.stories.likeness(a_id, b_id)
        return compare_articles(a, b, self.idf(), MIN_SCORE if min_score is None else min_score,
                                related=likeness is None or likeness >= UNRELATED)

    def search(self, query: str, limit: int = 20, snippets: bool = True,
               time_limit: float | None = None, backlog_most: int | None = None) -> Results:
        """Search the index, brought up to date first unless another writer or a catch-up is
        at it, or more than `backlog_most` changes wait (then what is indexed so far is
        searched); see SearchIndex.search."""
        self.sync_index(wait=False, backlog_most=backlog_most)
        body_for = None
        if snippets:
            def body_for(article_id: str) -> str:
                found = self.store.get(article_id)
                return found.body if found else ""
        def text_for(article_id: str) -> tuple[str, str] | None:
            found = self.store.get(article_id)
            return (found.title, found.body) if found else None

        return self.index.search(query, limit=limit, body_for=body_for, time_limit=time_limit,
                                 text_for=text_for)
