"""The library as stories, a page at a time: what the stories screen lists.

A page is read from the stories table and the members of its stories only, so the first page
of a 100,000-article library comes in milliseconds. How many facts a story's outlets disagree
on needs its claims compared (tens of milliseconds a story): counted on demand and kept in
`story_disputes`, keyed by the story's members, so a story is counted again only when it grows.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field

SORTS = ("latest", "outlets", "disputed")
SCHEMA = """
CREATE TABLE IF NOT EXISTS story_disputes (
    story_id TEXT PRIMARY KEY,
    members TEXT NOT NULL,
    disputes INTEGER NOT NULL,
    facts INTEGER NOT NULL
);
"""


@dataclass
class StoryRow:
    """One story as the stories screen shows it."""

    id: str
    title: str
    articles: int
    sources: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None
    disputes: int | None = None  # None until counted

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "articles": self.articles,
                "sources": self.sources, "first": self.first, "last": self.last,
                "disputes": self.disputes}


def _ensure(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


def stories_of(db: sqlite3.Connection, article_ids: list[str]) -> list[str]:
    """The stories that hold any of these articles (a search's matches)."""
    found: list[str] = []
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found.extend(r[0] for r in db.execute(
            f"SELECT DISTINCT story_id FROM story_members WHERE article_id IN ({marks})", chunk))
    return list(dict.fromkeys(found))


def page(db: sqlite3.Connection, sort: str = "latest", min_size: int = 2, offset: int = 0,
         limit: int = 100, within: list[str] | None = None) -> list[StoryRow]:
    """A page of stories: newest last article first ('latest'), most outlets first
    ('outlets'), or most disagreements first among those counted ('disputed')."""
    _ensure(db)
    where, args = ["s.size >= ?"], [min_size]
    if within is not None:
        if not within:
            return []
        where.append(f"s.id IN ({','.join('?' * len(within))})")
        args.extend(within)
    clause = " AND ".join(where)
    if sort == "outlets":
        order_from = (f"SELECT s.id FROM stories s JOIN story_members m ON m.story_id = s.id "
                      f"JOIN articles a ON a.id = m.article_id WHERE {clause} GROUP BY s.id "
                      f"ORDER BY COUNT(DISTINCT a.source) DESC, s.last DESC, s.id")
    elif sort == "disputed":
        order_from = (f"SELECT s.id FROM stories s LEFT JOIN story_disputes d ON "
                      f"d.story_id = s.id WHERE {clause} ORDER BY d.disputes IS NULL, "
                      f"d.disputes DESC, s.last DESC, s.id")
    else:
        order_from = (f"SELECT s.id FROM stories s WHERE {clause} "
                      f"ORDER BY s.last IS NULL, s.last DESC, s.id")
    ids = [r[0] for r in db.execute(f"{order_from} LIMIT ? OFFSET ?", (*args, limit, offset))]
    # A story whose articles were removed since may have shrunk below the size asked for.
    return [r for r in rows(db, ids) if r.articles >= min_size]


def rows(db: sqlite3.Connection, story_ids: list[str]) -> list[StoryRow]:
    """The rows of these stories, in the order given, with their outlets and known counts."""
    if not story_ids:
        return []
    marks = ",".join("?" * len(story_ids))
    found = {r[0]: StoryRow(r[0], r[1], 0) for r in db.execute(
        f"SELECT id, title FROM stories WHERE id IN ({marks})", story_ids)}
    members = db.execute(
        f"SELECT m.story_id, a.id, a.source, a.published FROM story_members m JOIN articles a "
        f"ON a.id = m.article_id WHERE m.story_id IN ({marks}) "
        f"ORDER BY a.published IS NULL, a.published, a.id", story_ids).fetchall()
    keys: dict[str, list[str]] = {}
    for sid, aid, source, published in members:
        row = found[sid]
        row.articles += 1
        keys.setdefault(sid, []).append(aid)
        if source and source not in row.sources:
            row.sources.append(source)
        if published:
            row.first = min(filter(None, [row.first, published]))
            row.last = max(filter(None, [row.last, published]))
    for sid, members_key, disputes in db.execute(
            f"SELECT story_id, members, disputes FROM story_disputes WHERE story_id IN ({marks})",
            story_ids):
        if sid in found and members_key == _members_key(keys.get(sid, [])):
            found[sid].disputes = disputes
    return [found[s] for s in story_ids if s in found and found[s].articles]


def _members_key(article_ids: list[str]) -> str:
    return hashlib.sha1("\n".join(sorted(article_ids)).encode()).hexdigest()


def remember_disputes(db: sqlite3.Connection, story_id: str, article_ids: list[str],
                      disputes: int, facts: int) -> None:
    """Keep a story's count of disagreements, for the members it was counted with."""
    _ensure(db)
    db.execute("INSERT OR REPLACE INTO story_disputes (story_id, members, disputes, facts) "
               "VALUES (?, ?, ?, ?)", (story_id, _members_key(article_ids), disputes, facts))
