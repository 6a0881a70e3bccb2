"""Per-story counts kept by SQLite triggers as memberships change: what a page of stories shows.

Each story's articles, first and last dates, its outlets (with each outlet's first date and
article count) and a change counter live in `story_tally` and `story_outlets`, updated by
triggers on `story_members`. A page of stories then reads a few rows per story, however large
the story: reading every member of the first page's stories took 1.5 s at a million articles.
The triggers catch every way a membership changes (assignment, a split, a second look,
removal), so no code path has to remember to update the counts.
"""

from __future__ import annotations

import sqlite3

TABLES = """
CREATE TABLE IF NOT EXISTS story_tally (
    story_id TEXT PRIMARY KEY,
    articles INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    changes INTEGER NOT NULL,  -- never goes back: a stamp of the story's members
    first TEXT,
    last TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_outlets (
    story_id TEXT NOT NULL,
    source TEXT NOT NULL,
    articles INTEGER NOT NULL,
    first TEXT,
    PRIMARY KEY (story_id, source)
) WITHOUT ROWID;
"""

def _source(row: str) -> str:
    """SQL for a membership row's outlet: kept in its topics JSON (topics.stored), which is
    '' on rows from before topics until they are read once."""
    return (f"(CASE WHEN {row}.topics LIKE '{{%' THEN "
            f"coalesce(json_extract({row}.topics, '$.s'), '') ELSE '' END)")


# A membership joins a story (NEW) or leaves one (OLD): the same steps in each trigger.
_JOIN = f"""
    INSERT INTO story_outlets (story_id, source, articles, first)
        SELECT NEW.story_id, {_source("NEW")}, 1,
               (SELECT published FROM articles WHERE id = NEW.article_id)
        WHERE {_source("NEW")} != ''
        ON CONFLICT (story_id, source) DO UPDATE SET articles = articles + 1,
            first = min(coalesce(first, excluded.first), coalesce(excluded.first, first));
    INSERT INTO story_tally (story_id, articles, outlets, changes, first, last)
        SELECT NEW.story_id, 1, 0, 1, p, p
        FROM (SELECT (SELECT published FROM articles WHERE id = NEW.article_id) AS p)
        WHERE true
        ON CONFLICT (story_id) DO UPDATE SET articles = articles + 1, changes = changes + 1,
            first = min(coalesce(first, excluded.first), coalesce(excluded.first, first)),
            last = max(coalesce(last, excluded.last), coalesce(excluded.last, last));
    UPDATE story_tally SET outlets = (SELECT COUNT(*) FROM story_outlets
                                      WHERE story_id = NEW.story_id)
        WHERE story_id = NEW.story_id;
"""
# An article that leaves may have been its outlet's first or the story's first or last: then
# those are read again from the story's members (rare: a removal, or a split of a small story).
# A removed article is gone from `articles`, so its date is NULL and counts as "may have".
_LEFT_DATE = "(SELECT published FROM articles WHERE id = OLD.article_id)"
_LEAVE = f"""
    UPDATE story_outlets SET articles = articles - 1
        WHERE story_id = OLD.story_id AND source = {_source("OLD")};
    DELETE FROM story_outlets
        WHERE story_id = OLD.story_id AND source = {_source("OLD")} AND articles <= 0;
    UPDATE story_outlets SET first = (
            SELECT MIN(a.published) FROM story_members m JOIN articles a ON a.id = m.article_id
            WHERE m.story_id = OLD.story_id AND {_source("m")} = {_source("OLD")})
        WHERE story_id = OLD.story_id AND source = {_source("OLD")}
          AND coalesce({_LEFT_DATE} != first, 0) = 0;
    UPDATE story_tally SET articles = articles - 1, changes = changes + 1,
        outlets = (SELECT COUNT(*) FROM story_outlets WHERE story_id = OLD.story_id)
        WHERE story_id = OLD.story_id;
    UPDATE story_tally SET (first, last) = (
            SELECT MIN(a.published), MAX(a.published) FROM story_members m
            JOIN articles a ON a.id = m.article_id WHERE m.story_id = OLD.story_id)
        WHERE story_id = OLD.story_id AND coalesce({_LEFT_DATE} NOT IN (first, last), 0) = 0;
"""
TRIGGERS = f"""
CREATE TRIGGER IF NOT EXISTS story_member_joins AFTER INSERT ON story_members BEGIN
{_JOIN}
END;
CREATE TRIGGER IF NOT EXISTS story_member_leaves AFTER DELETE ON story_members BEGIN
{_LEAVE}
END;
CREATE TRIGGER IF NOT EXISTS story_member_moves AFTER UPDATE OF story_id, topics ON story_members
WHEN OLD.story_id != NEW.story_id OR {_source("OLD")} != {_source("NEW")} BEGIN
{_LEAVE}
{_JOIN}
END;
"""
# A library from before the counts: one pass over the members, grouped by story and outlet
# (25 s at a million articles, cold: reading the membership rows from disk), then the two
# tables from that.
_REBUILD = f"""
DELETE FROM story_outlets;
DELETE FROM story_tally;
CREATE TEMP TABLE story_counted AS
    SELECT m.story_id, {_source("m")} AS source, COUNT(*) AS articles,
           MIN(a.published) AS first, MAX(a.published) AS last
    FROM story_members m LEFT JOIN articles a ON a.id = m.article_id
    GROUP BY m.story_id, {_source("m")};
INSERT INTO story_outlets (story_id, source, articles, first)
    SELECT story_id, source, articles, first FROM story_counted WHERE source != '';
INSERT INTO story_tally (story_id, articles, outlets, changes, first, last)
    SELECT story_id, SUM(articles), COUNT(*) - MAX(source = ''), 1, MIN(first), MAX(last)
    FROM story_counted GROUP BY story_id;
DROP TABLE story_counted;
"""


def ensure(db: sqlite3.Connection) -> None:
    """Create the counts and their triggers; a library from before them is counted once."""
    if _has_triggers(db):
        return
    # One script, one transaction: the triggers exist only if the counts were all made.
    try:
        db.executescript(f"BEGIN IMMEDIATE;{TABLES}{_REBUILD}{TRIGGERS}COMMIT;")
    except sqlite3.OperationalError:
        if db.in_transaction:
            db.execute("ROLLBACK")
        if not _has_triggers(db):  # not another process counting it at the same moment
            raise


def _has_triggers(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND "
                      "name = 'story_member_moves'").fetchone()[0] == 1


def stamp(db: sqlite3.Connection, story_id: str) -> str | None:
    """A value that changes whenever the story's members do (None: no such story)."""
    row = db.execute("SELECT articles, changes FROM story_tally WHERE story_id = ?",
                     (story_id,)).fetchone()
    return None if row is None else f"{row[0]}:{row[1]}"
