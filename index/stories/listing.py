"""The library as stories, a page at a time: what the stories screen lists.

A page is read from the stories table and the counts the triggers keep (tally), never from
the stories' members, so a page costs the same however big its stories are. How many facts a
story's outlets disagree on needs its claims compared (tens of milliseconds a story): counted
on demand and kept in `story_disputes`, keyed by the members' stamp, so a story is counted
again only when its members change.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

SORTS = ("latest", "outlets", "disputed")
SCHEMA = """
CREATE TABLE IF NOT EXISTS story_disputes (
    story_id TEXT PRIMARY KEY,
    members TEXT NOT NULL,  -- the members' stamp (tally.stamp) when counted
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
    where, args = ["t.articles >= ?"], [min_size]
    if within is not None:
        if not within:
            return []
        where.append(f"s.id IN ({','.join('?' * len(within))})")
        args.extend(within)
    clause = " AND ".join(where)
    tallied = "FROM stories s JOIN story_tally t ON t.story_id = s.id"
    if sort == "outlets":
        order_from = (f"SELECT s.id {tallied} WHERE {clause} "
                      f"ORDER BY t.outlets DESC, t.last DESC, s.id")
    elif sort == "disputed":
        order_from = (f"SELECT s.id {tallied} LEFT JOIN story_disputes d ON d.story_id = s.id "
                      f"WHERE {clause} ORDER BY d.disputes IS NULL, d.disputes DESC, "
                      f"t.last DESC, s.id")
    else:
        order_from = (f"SELECT s.id {tallied} WHERE {clause} "
                      f"ORDER BY t.last IS NULL, t.last DESC, s.id")
    ids = [r[0] for r in db.execute(f"{order_from} LIMIT ? OFFSET ?", (*args, limit, offset))]
    return rows(db, ids)


def rows(db: sqlite3.Connection, story_ids: list[str]) -> list[StoryRow]:
    """The rows of these stories, in the order given, with their outlets and known counts
    (read from the counts the triggers keep, not from the stories' members)."""
    if not story_ids:
        return []
    marks = ",".join("?" * len(story_ids))
    found: dict[str, StoryRow] = {}
    stamps: dict[str, str] = {}
    for sid, title, first, last, articles, changes in db.execute(
            f"SELECT s.id, s.title, t.first, t.last, t.articles, t.changes FROM stories s "
            f"JOIN story_tally t ON t.story_id = s.id WHERE s.id IN ({marks})", story_ids):
        found[sid] = StoryRow(sid, title, articles, first=first, last=last)
        stamps[sid] = f"{articles}:{changes}"
    for sid, source in db.execute(
            f"SELECT story_id, source FROM story_outlets WHERE story_id IN ({marks}) "
            f"ORDER BY first IS NULL, first, source", story_ids):
        if sid in found:
            found[sid].sources.append(source)
    for sid, members_key, disputes in db.execute(
            f"SELECT story_id, members, disputes FROM story_disputes WHERE story_id IN ({marks})",
            story_ids):
        if sid in found and members_key == stamps[sid]:
            found[sid].disputes = disputes
    return [found[s] for s in story_ids if s in found and found[s].articles]


def remember_disputes(db: sqlite3.Connection, story_id: str, stamp: str, disputes: int,
                      facts: int) -> None:
    """Keep a story's count of disagreements, for the members it was counted with (their
    `tally.stamp`, read before the count began)."""
    _ensure(db)
    db.execute("INSERT OR REPLACE INTO story_disputes (story_id, members, disputes, facts) "
               "VALUES (?, ?, ?, ?)", (story_id, stamp, disputes, facts))
