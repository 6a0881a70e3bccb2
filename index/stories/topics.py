"""Topics: the people, places and organisations the library's articles name, with how many
articles and outlets name each.

Kept as articles are assigned to stories (their names are read where their story vectors are
made, in the helper process of a big import); each batch recounts the topics it touched, so
listing the library's topics reads one small table. A topic of one word folds into the one
longer topic that ends with it ("Modi" into "Narendra Modi"), as names fold within an article.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

PER_ARTICLE = 8  # the names an article is most about
SCHEMA = """
CREATE TABLE IF NOT EXISTS article_topics (
    key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_topics_article ON article_topics (article_id);
CREATE TABLE IF NOT EXISTS topics (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    articles INTEGER NOT NULL,
    outlets INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS topics_articles ON topics (articles);
"""
RECOUNT_ALL = 5000  # topics touched in one batch from which all are counted in one pass
_COUNT = ("SELECT key, MIN(name), COUNT(*), COUNT(DISTINCT source) FROM article_topics {} "
          "GROUP BY key")


@dataclass
class Topic:
    """A name and how much of the library (or of a search) names it."""

    name: str
    articles: int
    outlets: int
    aliases: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.name, "articles": self.articles, "outlets": self.outlets,
                "aliases": self.aliases}


def ensure(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


def add(cur: sqlite3.Cursor, article_id: str, source: str, names: Iterable[str],
        touched: set[str]) -> None:
    """Note an article's names (inside the caller's transaction); `recount` the touched
    topics before it commits."""
    rows = [(name.lower(), article_id, name, source) for name in list(names)[:PER_ARTICLE]]
    cur.executemany("INSERT OR IGNORE INTO article_topics (key, article_id, name, source) "
                    "VALUES (?, ?, ?, ?)", rows)
    touched.update(row[0] for row in rows)


def recount(cur: sqlite3.Cursor, touched: set[str]) -> None:
    """Count the articles and outlets of the topics a batch touched: one pass over all of
    them when the batch touched many (a big import), else topic by topic."""
    if not touched:
        return
    if len(touched) >= RECOUNT_ALL:
        cur.execute("DELETE FROM topics")
        cur.execute("INSERT INTO topics (key, name, articles, outlets) " + _COUNT.format(""))
        return
    keys = sorted(touched)
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        marks = ",".join("?" * len(chunk))
        cur.execute(f"DELETE FROM topics WHERE key IN ({marks})", chunk)
        cur.execute("INSERT INTO topics (key, name, articles, outlets) "
                    + _COUNT.format(f"WHERE key IN ({marks})"), chunk)


def forget(db: sqlite3.Connection, article_ids: list[str]) -> None:
    """Take removed articles out of the counts."""
    ensure(db)
    if not article_ids:
        return
    cur = db.cursor()
    touched: set[str] = set()
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        touched.update(r[0] for r in cur.execute(
            f"SELECT key FROM article_topics WHERE article_id IN ({marks})", chunk))
        cur.execute(f"DELETE FROM article_topics WHERE article_id IN ({marks})", chunk)
    recount(cur, touched)


def top(db: sqlite3.Connection, limit: int = 50, matching: list[str] | None = None
        ) -> list[Topic]:
    """The most named topics of the library, or of the articles `matching` (a search)."""
    ensure(db)
    wide = limit * 4  # room for the short names that fold into longer ones
    if matching is None:
        rows = db.execute("SELECT key, name, articles, outlets FROM topics "
                          "ORDER BY articles DESC, outlets DESC, key LIMIT ?", (wide,)).fetchall()
    else:
        rows = []
        for start in range(0, len(matching), 500):
            chunk = matching[start:start + 500]
            rows.extend(db.execute(
                "SELECT key, MIN(name), COUNT(*), COUNT(DISTINCT source) FROM article_topics "
                f"WHERE article_id IN ({','.join('?' * len(chunk))}) GROUP BY key",
                chunk).fetchall())
        merged: dict[str, list] = {}
        for key, name, articles, outlets in rows:  # chunks of one search: add them up
            row = merged.setdefault(key, [key, name, 0, 0])
            row[2] += articles
            row[3] = max(row[3], outlets)
        rows = sorted(merged.values(), key=lambda r: (-r[2], -r[3], r[0]))[:wide]
    topics = [Topic(name, articles, outlets, keys=[key]) for key, name, articles, outlets in rows]
    found = _fold(topics)[:limit]
    for topic in found:
        if topic.aliases:  # the outlets of all its names, each counted once
            topic.outlets = _outlets(db, topic.keys, matching)
    return found


def _outlets(db: sqlite3.Connection, keys: list[str], matching: list[str] | None) -> int:
    marks = ",".join("?" * len(keys))
    if matching is None:
        return db.execute(f"SELECT COUNT(DISTINCT source) FROM article_topics WHERE key IN "
                          f"({marks})", keys).fetchone()[0]
    wanted = set(matching)
    sources = {source for article_id, source in db.execute(
        f"SELECT article_id, source FROM article_topics WHERE key IN ({marks})", keys)
        if article_id in wanted}
    return len(sources)


def _fold(topics: list[Topic]) -> list[Topic]:
    longer: dict[str, list[Topic]] = {}
    for topic in topics:
        words = topic.name.lower().split()
        if len(words) > 1:
            longer.setdefault(words[-1], []).append(topic)
    kept = []
    for topic in topics:
        words = topic.name.lower().split()
        holders = longer.get(words[0], []) if len(words) == 1 else []
        if len(holders) == 1:
            holder = holders[0]
            holder.articles += topic.articles
            holder.outlets = max(holder.outlets, topic.outlets)
            holder.aliases.append(topic.name)
            holder.keys.extend(topic.keys)
        else:
            kept.append(topic)
    return sorted(kept, key=lambda t: (-t.articles, -t.outlets, t.name.lower()))


def articles_naming(db: sqlite3.Connection, keys: list[str]) -> list[str]:
    """The ids of the articles that name any of these topics (by key)."""
    ensure(db)
    marks = ",".join("?" * len(keys))
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT article_id FROM article_topics WHERE key IN ({marks})", keys)]
