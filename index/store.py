"""The article store: SQLite in WAL mode, the source of truth for articles and feeds.

Every write is one transaction, so a killed process never leaves half an article. Each change
bumps a revision number; the search index remembers the last revision it saw and catches up.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefs.index.article import Article

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    published TEXT,
    fetched TEXT,
    body TEXT NOT NULL,
    hash TEXT NOT NULL,
    feed TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    dateline TEXT NOT NULL DEFAULT '',
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    rev INTEGER NOT NULL,
    guid TEXT NOT NULL DEFAULT '',
    enclosures TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
CREATE INDEX IF NOT EXISTS articles_rev ON articles (rev);
-- Covering: the stories screen reads each member's outlet and date, not its body.
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (id, source, published);
CREATE TABLE IF NOT EXISTS removed (id TEXT PRIMARY KEY, rev INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    etag TEXT,
    modified TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    gone INTEGER NOT NULL DEFAULT 0,
    last_fetch TEXT,
    last_error TEXT,
    retry_at TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    folder TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

_COLUMNS = ("id, title, source, url, author, published, fetched, body, hash, feed, tags, "
            "dateline, read, starred, guid, enclosures")
_LIST_COLUMNS = ("id, title, source, url, author, published, fetched, '' AS body, hash, feed, "
                 "tags, dateline, read, starred, guid, enclosures")


@dataclass
class Feed:
    """A subscription and what the last fetch left behind."""

    url: str
    title: str = ""
    etag: str | None = None
    modified: str | None = None
    failures: int = 0
    gone: bool = False
    last_fetch: str | None = None
    last_error: str | None = None
    retry_at: str | None = None  # a server asked us to wait (429/503 Retry-After) until then
    tags: list[str] = field(default_factory=list)  # OPML folder and categories
    folder: str = ""  # the OPML folder it was listed in, as a path ("Blogs/friends")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], title=row["title"], body=row["body"], source=row["source"], url=row["url"],
        author=row["author"], published=row["published"], fetched=row["fetched"],
        hash=row["hash"], feed=row["feed"], tags=json.loads(row["tags"] or "[]"),
        dateline=row["dateline"], read=bool(row["read"]), starred=bool(row["starred"]),
        guid=row["guid"], enclosures=json.loads(row["enclosures"] or "[]"),
    )


class Store:
    """Articles and feeds in one SQLite file."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=30.0, isolation_level=None,
                                  check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self._wal()
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=30000")
        self.db.executescript(SCHEMA)
        self._migrate()

    @classmethod
    def reader(cls, path: Path) -> Store:
        """A read-only view of an existing store, for a helper process: it never waits for
        the write lock another connection holds (no schema check, no migration)."""
        store = cls.__new__(cls)
        store.path = path
        store.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0,
                                   isolation_level=None, check_same_thread=False)
        store.db.row_factory = sqlite3.Row
        return store

    def _wal(self) -> None:
        """Switch to WAL; SQLite answers "locked" at once (no busy wait) while another process
        is doing the same on a new file, so wait and try again."""
        for attempt in range(300):
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == 299:
                    raise
                time.sleep(0.1)

    def _migrate(self) -> None:
        """Add columns that newer versions expect to a store made by an older one."""
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(feeds)")}
        if "retry_at" not in columns:
            self.db.execute("ALTER TABLE feeds ADD COLUMN retry_at TEXT")
        if "tags" not in columns:
            self.db.execute("ALTER TABLE feeds ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'")
        if "folder" not in columns:
            self.db.execute("ALTER TABLE feeds ADD COLUMN folder TEXT NOT NULL DEFAULT ''")
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
        if "guid" not in columns:
            self.db.execute("ALTER TABLE articles ADD COLUMN guid TEXT NOT NULL DEFAULT ''")
        if "enclosures" not in columns:
            self.db.execute("ALTER TABLE articles ADD COLUMN enclosures TEXT NOT NULL "
                            "DEFAULT '[]'")
        self.db.execute("CREATE INDEX IF NOT EXISTS articles_guid ON articles (feed, guid) "
                        "WHERE guid != ''")

    def close(self) -> None:
        self.db.close()

    # -- revisions -------------------------------------------------------------------------
    def revision(self) -> int:
        """The newest revision of any change to articles."""
        row = self.db.execute(
            "SELECT MAX(r) FROM (SELECT MAX(rev) AS r FROM articles "
            "UNION ALL SELECT MAX(rev) FROM removed)"
        ).fetchone()
        return row[0] or 0

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- articles --------------------------------------------------------------------------
    def put_many(self, articles: Iterable[Article]) -> dict[str, str]:
        """Insert or update articles in one transaction. Returns id -> added|updated|unchanged."""
        outcome: dict[str, str] = {}
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            rev = self.revision()
            for article in articles:
                row = cur.execute("SELECT hash, source, url, author, published, tags, feed, "
                                  "guid, enclosures FROM articles WHERE id = ?",
                                  (article.id,)).fetchone()
                tags = json.dumps(article.tags)
                enclosures = json.dumps(article.enclosures)
                if row is not None and (row["hash"], row["source"], row["url"], row["author"],
                                        row["published"], row["tags"], row["guid"],
                                        row["enclosures"]) == (
                        article.hash, article.source, article.url, article.author,
                        article.published, tags, article.guid, enclosures):
                    outcome[article.id] = "unchanged"
                    continue
                rev += 1
                if row is None:
                    cur.execute(
                        f"INSERT INTO articles ({_COLUMNS}, rev) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (article.id, article.title, article.source, article.url, article.author,
                         article.published, article.fetched or _now(), article.body,
                         article.hash, article.feed, tags, article.dateline, int(article.read),
                         int(article.starred), article.guid, enclosures, rev),
                    )
                    cur.execute("DELETE FROM removed WHERE id = ?", (article.id,))
                    outcome[article.id] = "added"
                else:
                    # Updating keeps the user's read/starred flags and the first feed it came from.
                    cur.execute(
                        "UPDATE articles SET title=?, source=?, url=?, author=?, published=?, "
                        "body=?, hash=?, tags=?, dateline=?, feed=COALESCE(NULLIF(feed, ''), ?), "
                        "guid=?, enclosures=?, rev=? WHERE id=?",
                        (article.title, article.source, article.url, article.author,
                         article.published, article.body, article.hash, tags, article.dateline,
                         article.feed, article.guid, enclosures, rev, article.id),
                    )
                    outcome[article.id] = "updated"
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return outcome

    def get(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def find_prefix(self, prefix: str) -> list[str]:
        """Ids that start with `prefix` (so users can type a short id)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.execute("SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 5",
                               (escaped + "%",)).fetchall()
        return [r[0] for r in rows]

    def get_many(self, ids: list[str], with_body: bool = False) -> list[Article]:
        """Articles by id, in the order given (missing ids are skipped)."""
        found: dict[str, Article] = {}
        columns = _COLUMNS if with_body else _LIST_COLUMNS
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT {columns} FROM articles WHERE id IN ({marks})",
                                       chunk):
                found[row["id"]] = _row_to_article(row)
        return [found[i] for i in ids if i in found]

    def list(self, limit: int | None = None, offset: int = 0, with_body: bool = False,
             source: str | None = None, month: str | None = None) -> list[Article]:
        """Articles newest first (unknown dates last), a page at a time.

        `month` is "YYYY-MM" or "undated".
        """
        columns = _COLUMNS if with_body else _LIST_COLUMNS
        clauses, args = [], []
        if source:
            clauses.append("source = ?")
            args.append(source)
        if month == "undated":
            clauses.append("published IS NULL")
        elif month:
            clauses.append("published LIKE ?")
            args.append(month + "%")
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        # SQLite sorts NULL below every value, so `published DESC` already puts the undated
        # last; spelling that out as `published IS NULL` kept the date index from serving
        # the order, and the first page of a million articles took 0.8 s to sort.
        sql = (f"SELECT {columns} FROM articles {where} "
               "ORDER BY published DESC, fetched DESC, id LIMIT ? OFFSET ?")
        rows = self.db.execute(sql, [*args, -1 if limit is None else limit, offset])
        return [_row_to_article(r) for r in rows]

    def iter_all(self, with_body: bool = True, batch: int = 500) -> Iterator[Article]:
        """Every article, in id order, without holding them all in memory."""
        last = ""
        columns = _COLUMNS if with_body else _LIST_COLUMNS
        while True:
            rows = self.db.execute(
                f"SELECT {columns} FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row)
            last = rows[-1]["id"]

    def changed_since(self, rev: int, batch: int = 1000,
                      upto: int | None = None) -> Iterator[Article]:
        """Articles changed after `rev` (and at or before `upto`), oldest change first, read a
        batch at a time."""
        last = self.revision() if upto is None else upto
        while True:
            rows = self.db.execute(
                f"SELECT {_COLUMNS}, rev FROM articles WHERE rev > ? AND rev <= ? "
                f"ORDER BY rev LIMIT ?", (rev, last, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row)
            rev = rows[-1]["rev"]

    def count_changed_since(self, rev: int, upto: int | None = None) -> int:
        if upto is None:
            return self.db.execute("SELECT COUNT(*) FROM articles WHERE rev > ?",
                                   (rev,)).fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM articles WHERE rev > ? AND rev <= ?",
                               (rev, upto)).fetchone()[0]

    def revision_after(self, rev: int, articles: int) -> int:
        """The revision that takes in at least `articles` of those changed after `rev` (a
        whole revision at a time), or the newest."""
        row = self.db.execute("SELECT rev FROM articles WHERE rev > ? ORDER BY rev "
                              "LIMIT 1 OFFSET ?", (rev, max(articles - 1, 0))).fetchone()
        return self.revision() if row is None else row[0]

    def removed_since(self, rev: int) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM removed WHERE rev > ?", (rev,))]

    def remove(self, article_id: str) -> bool:
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            rev = self.revision() + 1
            deleted = cur.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount
            if deleted:
                cur.execute("INSERT OR REPLACE INTO removed (id, rev) VALUES (?, ?)",
                            (article_id, rev))
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return bool(deleted)

    def set_flag(self, article_id: str, flag: str, value: bool) -> None:
        if flag not in ("read", "starred"):
            raise ValueError(flag)
        self.db.execute(f"UPDATE articles SET {flag} = ? WHERE id = ?", (int(value), article_id))

    def months(self) -> list[tuple[str, int]]:
        """("YYYY-MM" or "undated", count) of the library, newest first: the date facet."""
        rows = self.db.execute(
            "SELECT COALESCE(substr(published, 1, 7), 'undated') AS m, COUNT(*) FROM articles "
            "GROUP BY m ORDER BY m = 'undated', m DESC").fetchall()
        return [(r[0], r[1]) for r in rows]

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def stats(self) -> dict:
        """Counts for `briefs stats`."""
        db = self.db
        first, last = db.execute(
            "SELECT MIN(published), MAX(published) FROM articles").fetchone()
        sources = db.execute(
            "SELECT source, COUNT(*) FROM articles GROUP BY source ORDER BY COUNT(*) DESC, source"
        ).fetchall()
        return {
            "articles": self.count(),
            "unread": db.execute("SELECT COUNT(*) FROM articles WHERE read = 0").fetchone()[0],
            "starred": db.execute("SELECT COUNT(*) FROM articles WHERE starred = 1").fetchone()[0],
            "undated": db.execute(
                "SELECT COUNT(*) FROM articles WHERE published IS NULL").fetchone()[0],
            "sources": {s or "(unknown)": n for s, n in sources},
            "feeds": db.execute("SELECT COUNT(*) FROM feeds").fetchone()[0],
            "first_published": first,
            "last_published": last,
        }

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # -- feeds -----------------------------------------------------------------------------
    def feeds(self) -> list[Feed]:
        """Every subscription, in the order it was first added."""
        rows = self.db.execute("SELECT * FROM feeds ORDER BY rowid").fetchall()
        return [Feed(r["url"], r["title"], r["etag"], r["modified"], r["failures"],
                     bool(r["gone"]), r["last_fetch"], r["last_error"], r["retry_at"],
                     json.loads(r["tags"] or "[]"), r["folder"])
                for r in rows]

    def get_feed(self, url: str) -> Feed | None:
        return next((f for f in self.feeds() if f.url == url), None)

    def save_feed(self, feed: Feed) -> None:
        self.db.execute(
            "INSERT INTO feeds (url, title, etag, modified, failures, gone, last_fetch, "
            "last_error, retry_at, tags, folder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET title=excluded.title, etag=excluded.etag, "
            "modified=excluded.modified, failures=excluded.failures, gone=excluded.gone, "
            "last_fetch=excluded.last_fetch, last_error=excluded.last_error, "
            "retry_at=excluded.retry_at, tags=excluded.tags, folder=excluded.folder",
            # an upsert, not a replace: the feed keeps its place in the list
            (feed.url, feed.title, feed.etag, feed.modified, feed.failures, int(feed.gone),
             feed.last_fetch, feed.last_error, feed.retry_at, json.dumps(feed.tags), feed.folder),
        )

    def ids_by_guid(self, feed: str, guids: list[str]) -> dict[str, str]:
        """guid -> article id of the stored articles of `feed` that carry those guids."""
        found: dict[str, str] = {}
        for start in range(0, len(guids), 500):
            chunk = guids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT guid, id FROM articles WHERE feed = ? AND "
                                       f"guid != '' AND guid IN ({marks})", (feed, *chunk)):
                found[row[0]] = row[1]
        return found

    def remove_feed(self, url: str) -> bool:
        return bool(self.db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount)
