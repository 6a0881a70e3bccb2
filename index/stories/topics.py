"""Topics: the people, places and organisations the library's articles name, with how many
articles and outlets name each.

An article's names are read where its story vector is made (in the helper process of a big
import) and kept on its story membership row, which is written anyway; each batch adds its
counts to the `topics` table in one sorted pass, so import pays for no index of its own and
listing the library's topics reads one small table. A topic of one word folds into the one
longer topic that ends with it ("Modi" into "Narendra Modi"), as names fold within an article.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

PER_ARTICLE = 8  # the names an article is most about
SCHEMA = """
CREATE TABLE IF NOT EXISTS topics (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    articles INTEGER NOT NULL,
    outlets INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS topics_articles ON topics (articles);
CREATE TABLE IF NOT EXISTS topic_sources (
    key TEXT NOT NULL,
    source TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (key, source)
) WITHOUT ROWID;
"""


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


def stored(source: str, names: Iterable[str]) -> str:
    """What a story membership row keeps of an article's topics (JSON)."""
    return json.dumps({"s": source, "n": list(names)[:PER_ARTICLE]}, ensure_ascii=False)


def _read(text: str | None) -> tuple[str, list[str]]:
    if not text:
        return "", []
    data = json.loads(text)
    return data.get("s", ""), data.get("n", [])


@dataclass
class Batch:
    """The counts a batch of articles adds (or takes away), written in one pass."""

    articles: Counter = field(default_factory=Counter)
    outlets: Counter = field(default_factory=Counter)  # (key, source) -> articles
    names: dict[str, str] = field(default_factory=dict)

    def add(self, source: str, names: Iterable[str], sign: int = 1) -> None:
        for name in names:
            key = name.lower()
            self.articles[key] += sign
            self.outlets[(key, source)] += sign
            self.names.setdefault(key, name)


def write(cur: sqlite3.Cursor, batch: Batch) -> None:
    """Add a batch's counts to the topics (inside the caller's transaction)."""
    if not batch.articles:
        return
    cur.executemany(
        "INSERT INTO topics (key, name, articles, outlets) VALUES (?, ?, ?, 0) "
        "ON CONFLICT(key) DO UPDATE SET articles = articles + excluded.articles",
        sorted((k, batch.names.get(k, k), n) for k, n in batch.articles.items()))
    cur.executemany(
        "INSERT INTO topic_sources (key, source, articles) VALUES (?, ?, ?) "
        "ON CONFLICT(key, source) DO UPDATE SET articles = articles + excluded.articles",
        sorted((k, s, n) for (k, s), n in batch.outlets.items()))
    cur.execute("DELETE FROM topic_sources WHERE articles <= 0")
    keys = sorted(batch.articles)
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        cur.execute("UPDATE topics SET outlets = (SELECT COUNT(*) FROM topic_sources s WHERE "
                    f"s.key = topics.key) WHERE key IN ({','.join('?' * len(chunk))})", chunk)
    cur.execute("DELETE FROM topics WHERE articles <= 0")


def forget(db: sqlite3.Connection, article_ids: list[str]) -> None:
    """Take removed articles out of the counts (before their membership rows go)."""
    ensure(db)
    batch = Batch()
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start:start + 500]
        for (text,) in db.execute("SELECT topics FROM story_members WHERE article_id IN "
                                  f"({','.join('?' * len(chunk))})", chunk):
            source, names = _read(text)
            batch.add(source, names, -1)
    write(db.cursor(), batch)


def top(db: sqlite3.Connection, limit: int = 50, matching: list[str] | None = None
        ) -> list[Topic]:
    """The most named topics of the library, or of the articles `matching` (a search)."""
    ensure(db)
    wide = limit * 4  # room for the short names that fold into longer ones
    if matching is None:
        rows = db.execute("SELECT key, name, articles, outlets FROM topics "
                          "ORDER BY articles DESC, outlets DESC, key LIMIT ?", (wide,)).fetchall()
        topics = [Topic(name, n, outlets, keys=[key]) for key, name, n, outlets in rows]
        found = _fold(topics)[:limit]
        for topic in found:
            if topic.aliases:  # the outlets of all its names, each counted once
                marks = ",".join("?" * len(topic.keys))
                topic.outlets = db.execute(
                    f"SELECT COUNT(DISTINCT source) FROM topic_sources WHERE key IN ({marks})",
                    topic.keys).fetchone()[0]
        return found
    batch, sources = Batch(), {}
    for source, names in _of(db, matching):
        batch.add(source, names)
        for name in names:
            sources.setdefault(name.lower(), set()).add(source)
    ordered = sorted(batch.articles, key=lambda k: (-batch.articles[k], k))[:wide]
    topics = [Topic(batch.names[k], batch.articles[k], len(sources[k]), keys=[k])
              for k in ordered]
    found = _fold(topics)[:limit]
    for topic in found:
        if topic.aliases:
            topic.outlets = len(set().union(*(sources[k] for k in topic.keys)))
    return found


def _of(db: sqlite3.Connection, article_ids: list[str]) -> Iterable[tuple[str, list[str]]]:
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start:start + 500]
        for (text,) in db.execute("SELECT topics FROM story_members WHERE article_id IN "
                                  f"({','.join('?' * len(chunk))})", chunk):
            yield _read(text)


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
    wanted = set(keys)
    found = []
    # The names are kept as JSON on each membership row: narrow with LIKE, then check.
    clause = " OR ".join("topics LIKE ?" for _ in keys)
    for article_id, text in db.execute(
            f"SELECT article_id, topics FROM story_members WHERE {clause}",
            [f'%"{k}"%' for k in keys]):
        if any(name.lower() in wanted for name in _read(text)[1]):
            found.append(article_id)
    return found
