"""Group articles into stories (one real event, any outlet), incrementally as they arrive.

Each article gets a TF-IDF vector of its title and body (names weigh more, and the years it
mentions are terms of their own, as both tell two events of the same kind apart). A new
article joins the story whose centroid it is most similar to, if similar enough and close
enough in time; otherwise it starts a story. No full recluster: when a story reaches one of
a few sizes, its members are split in two if they form two groups far apart (two events of
one kind that came in together, before either had a centroid of its own). At the end of a
batch, articles of the small stories it started get a second look at the stories grown since.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from briefs.index.article import Article
from briefs.index.claims import article_names
from briefs.index.stories import tally, topics
from briefs.index.stories.active import ActiveStories, Entry, day_of
from briefs.index.stories.split import Row, split_in_two
from briefs.index.text import stem, stems

SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    centroid TEXT NOT NULL,
    size INTEGER NOT NULL,
    first TEXT,
    last TEXT
);
CREATE TABLE IF NOT EXISTS story_members (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    vector TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT ''  -- also the article's outlet (the counts in tally)
);
DROP INDEX IF EXISTS story_members_story;
-- Covering: a page of stories reads its members' ids without touching the vectors.
CREATE INDEX IF NOT EXISTS story_members_by_story ON story_members (story_id, article_id);
"""

# Calibrated on the ECB+ dev corpus (bench/quality.py).
JOIN_SCORE = 0.28  # cosine to a story's centroid needed to join it
NAME_WEIGHT = 2.0  # names tell apart two events of the same kind
LEAD_CHARS = 5000  # the part of the body a story vector is made from
TITLE_WEIGHT = 2.0
YEAR_WEIGHT = 0.4  # each year mentioned, beside a unit-length vector of words
VECTOR_TERMS = 80
SPLIT_HALF = 5  # a story splits only into two parts of at least this many articles
SPLIT_RATIO = 0.8  # ... whose mean cross-part similarity is below this share of the within-part one
# Stories smaller than a split part, started in a batch, get a second look at its end.
LONELY = SPLIT_HALF - 1
# Sizes at which a story is checked (each reached once as it grows): checks stay rare.
SPLIT_SIZES = frozenset(round(2 * SPLIT_HALF * 1.25 ** k) for k in range(12))
_WEIGHT = itemgetter(1)  # of a (term, weight) pair; sorted(reverse=True) keeps ties in order
# A year is four digits not after a word character, "." "," or "$" (checked in years(): a
# pattern that starts with its digits is found five times faster than one that starts
# looking behind at every character).
_YEAR = re.compile(r"(19[5-9]\d|20[0-4]\d)\b(?![\d.,%])")
_NOT_BEFORE_YEAR = re.compile(r"[\w.,$]")
_NAME = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]+(?:[A-Z][a-z]+)?)")


@dataclass
class Story:
    id: str
    title: str
    articles: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "articles": self.articles,
                "sources": self.sources, "first": self.first, "last": self.last}


@dataclass(frozen=True)
class Member:
    """What assigning an article to a story needs: its id, title, date and story vector
    (also as the JSON it is stored as, made wherever the vector is)."""

    id: str
    title: str
    published: str | None
    vector: dict[str, float]
    stored: str
    source: str = ""
    names: list[str] = field(default_factory=list)  # its topics (claims.names)


def member(article: Article, idf) -> Member:
    vec = vector(article, idf)
    return Member(article.id, article.title, article.published, vec, json.dumps(vec),
                  article.source, article_names(article.title, article.body)[:topics.PER_ARTICLE])


def vector(article: Article, idf) -> dict[str, float]:
    """Top TF-IDF terms of an article, names and title weighted up, L2-normalised."""
    counts: dict[str, float] = {}
    # The lead says which event an article is about; the tail adds background and costs time.
    for term in stems(article.body[:LEAD_CHARS]):
        if not term[0].isdigit():
            counts[term] = counts.get(term, 0.0) + 1.0
    for term in stems(article.title):
        if not term[0].isdigit():
            counts[term] = counts.get(term, 0.0) + TITLE_WEIGHT
    names = {stem(n) for n in set(_NAME.findall(article.body[:LEAD_CHARS]))}
    weights = {}
    for term, count in counts.items():
        weight = (1 + math.log(count)) * idf(term)
        if term in names:
            weight *= NAME_WEIGHT
        weights[term] = weight
    top = sorted(weights.items(), key=_WEIGHT, reverse=True)[:VECTOR_TERMS]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    vec = {t: w / norm for t, w in top}
    # The years an article mentions tell this year's event from one years ago, even when
    # the people and places are the same.
    for year in sorted(set(years(article.title + "\n" + article.body[:LEAD_CHARS]))):
        vec["year:" + year] = YEAR_WEIGHT
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {t: w / norm for t, w in sorted(vec.items(), key=_WEIGHT, reverse=True)}


def years(text: str) -> list[str]:
    """The years 1950-2049 a text mentions ("in 2025"; not "$2025", "12025" or "2025.5")."""
    # A match the character before rules out hides no other: any year starting inside
    # its four digits would follow a digit.
    return [m.group(1) for m in _YEAR.finditer(text)
            if not (m.start() and _NOT_BEFORE_YEAR.match(text, m.start() - 1))]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    nb = math.sqrt(sum(v * v for v in b.values())) or 1.0
    na = math.sqrt(sum(v * v for v in a.values())) or 1.0
    return dot / (na * nb)


def _join(active: ActiveStories, row: Row, published: str | None,
          besides: str | None = None) -> str | None:
    """The story an article's row should join (other than `besides`), or None."""
    best, score = active.best_for(row, day_of(published), besides)
    return best if score >= JOIN_SCORE else None


class Stories:
    """Story membership kept in the library's SQLite file beside the articles."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.db.executescript(SCHEMA)
        if "topics" not in {r[1] for r in db.execute("PRAGMA table_info(story_members)")}:
            db.execute("ALTER TABLE story_members ADD COLUMN topics TEXT NOT NULL DEFAULT ''")
        topics.ensure(db)
        tally.ensure(db)

    def unassigned(self, since: int = 0) -> list[str]:
        """Articles with no story, oldest first; with `since`, only those changed after that
        revision (an index range, not a scan of the library)."""
        rows = self.db.execute(
            "SELECT a.id FROM articles a WHERE a.rev > ? AND NOT EXISTS "
            "(SELECT 1 FROM story_members m WHERE m.article_id = a.id) ORDER BY a.rev",
            (since,)).fetchall()
        return [r[0] for r in rows]

    def forget_removed(self, article_ids: list[str] | None = None) -> None:
        """Drop memberships of articles that are gone (their stories shrink, not recomputed):
        of `article_ids`, or, with None, of every article no longer in the library."""
        if article_ids is None:
            self.db.execute("DELETE FROM story_members WHERE article_id NOT IN "
                            "(SELECT id FROM articles)")
            return
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start:start + 500]
            self.db.execute(f"DELETE FROM story_members WHERE article_id IN "
                            f"({','.join('?' * len(chunk))})", chunk)

    def members_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM story_members").fetchone()[0]

    def forget_topics(self, article_ids: list[str]) -> None:
        """Take removed articles out of the topic counts."""
        topics.forget(self.db, article_ids)

    def backfill_topics(self, articles: Iterable[Article]) -> int:
        """Read the names of the articles in stories that have none kept (a library from
        before topics). Returns how many."""
        missing = {r[0] for r in self.db.execute(
            "SELECT article_id FROM story_members WHERE topics = ''")}
        if not missing:
            return 0
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        named = topics.Batch()
        try:
            for article in articles:
                if article.id in missing:
                    names = article_names(article.title, article.body)[:topics.PER_ARTICLE]
                    cur.execute("UPDATE story_members SET topics = ? WHERE article_id = ?",
                                (topics.stored(article.source, names), article.id))
                    named.add(article.source, names)
            topics.write(cur, named)
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return len(missing)

    def assign(self, articles: Iterable[Article], idf) -> dict[str, str]:
        """Put each article into a story (joining or starting one). Returns id -> story id."""
        return self.assign_members(member(article, idf) for article in articles)

    def assign_members(self, members: Iterable[Member]) -> dict[str, str]:
        """Put each article, given by its story vector, into a story. Returns id -> story id.

        Only the most recently updated stories are kept in memory (an LRU, see
        active_stories); a story pushed out is written back and no longer joined, as news of
        an old event is rare. Memory stays flat however large the library grows.
        """
        from threadpoolctl import threadpool_limits

        # The split's matrices are small: BLAS threads would only spin between calls, taking
        # the core the story-vector helper runs on (a 100k import spent 25 s more).
        with threadpool_limits(limits=1, user_api="blas"):
            return self._assign(members)

    def assign_in_batches(self, members: Iterable[Member], per_batch: int) -> int:
        """Assign a long stream of articles, committing every `per_batch` (each batch ends
        with its second look): what one batch holds in memory (its results, the stories it
        started, its topic counts) no longer grows with a million-article import. Returns
        how many were assigned."""
        from itertools import chain, islice

        stream = iter(members)
        assigned = 0

        def counted(batch: Iterable[Member]) -> Iterator[Member]:
            nonlocal assigned
            for item in batch:
                assigned += 1
                yield item

        for first in stream:  # each batch streams on from the same stream
            self.assign_members(counted(chain([first], islice(stream, per_batch - 1))))
        return assigned

    def _assign(self, members: Iterable[Member]) -> dict[str, str]:
        active = ActiveStories(self.db, keep_members_up_to=max(SPLIT_SIZES))
        result: dict[str, str] = {}
        started: list[str] = []
        named = topics.Batch()  # the topics' counts, written once before the batch commits
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for article in members:
                row = active.terms.row(article.vector)
                best = _join(active, row, article.published)
                if best is None:
                    best = active.start(f"s-{article.id}", article.title)
                    started.append(best)
                # An upsert, not a REPLACE: a replaced row would leave the story counts
                # without firing their delete trigger.
                cur.execute("INSERT INTO story_members (article_id, story_id, vector, topics)"
                            " VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE"
                            " SET story_id = excluded.story_id, vector = excluded.vector,"
                            " topics = excluded.topics",
                            (article.id, best, article.stored,
                             topics.stored(article.source, article.names)))
                active.add(best, Entry(cur.lastrowid, article.id, article.title,
                                       article.published, row))
                named.add(article.source, article.names)
                result[article.id] = best
                if active.stories[best]["size"] in SPLIT_SIZES:
                    self._split(active, best, result)
            self._second_chance(active, started, result)
            active.flush()
            topics.write(cur, named)
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return result

    def _second_chance(self, active: ActiveStories, started: list[str],
                       result: dict[str, str]) -> None:
        """Let articles of the small stories they started join a bigger story grown since."""
        small = [sid for sid in started if sid in active.stories and
                 active.stories[sid]["size"] <= LONELY]
        for sid in sorted(small, key=lambda sid: active.stories[sid]["size"]):
            story = active.stories[sid]
            entries = active.members(sid)
            stay = []
            for entry in entries:
                best = _join(active, entry.row, entry.published, besides=sid)
                if best is None or active.stories[best]["size"] <= story["size"]:
                    stay.append(entry)
                    continue
                active.add(best, entry)
                self.db.execute("UPDATE story_members SET story_id = ? WHERE article_id = ?",
                                (best, entry.id))
                result[entry.id] = best
            if not stay:
                active.drop(sid)
                self.db.execute("DELETE FROM stories WHERE id = ?", (sid,))
            elif len(stay) < len(entries):
                active.rebuild(sid, story["title"], stay)

    def _split(self, active: ActiveStories, sid: str, result: dict[str, str]) -> None:
        """Split a story in two if its members form two groups far apart."""
        entries = active.members(sid)
        if len(entries) < 2 * SPLIT_HALF:
            return
        parts, likeness = split_in_two([entry.row for entry in entries])
        if likeness >= SPLIT_RATIO or min(parts.count(0), parts.count(1)) < SPLIT_HALF:
            return
        # The part with the story's first article keeps the story; the other starts one.
        kept = [e for e, part in zip(entries, parts, strict=True) if part == parts[0]]
        moved = [e for e, part in zip(entries, parts, strict=True) if part != parts[0]]
        new_sid = f"s-{moved[0].id}"
        while new_sid in active.stories or self.db.execute(
                "SELECT 1 FROM stories WHERE id = ?", (new_sid,)).fetchone():
            new_sid += "+"
        active.rebuild(sid, active.stories[sid]["title"], kept)
        active.rebuild(new_sid, moved[0].title, moved)
        self.db.executemany("UPDATE story_members SET story_id = ? WHERE article_id = ?",
                            [(new_sid, entry.id) for entry in moved])
        for entry in moved:
            result[entry.id] = new_sid

    def likeness(self, a_id: str, b_id: str) -> float | None:
        """Cosine of two articles' story vectors (None if either has no story yet)."""
        rows = dict(self.db.execute(
            "SELECT article_id, vector FROM story_members WHERE article_id IN (?, ?)",
            (a_id, b_id)).fetchall())
        if a_id not in rows or b_id not in rows:
            return None
        return _cosine(json.loads(rows[a_id]), json.loads(rows[b_id]))

    def best_match(self, article_id: str) -> str | None:
        """The article of the same story whose text is closest to this one, if any."""
        row = self.db.execute("SELECT story_id, vector FROM story_members WHERE article_id = ?",
                              (article_id,)).fetchone()
        if row is None:
            return None
        mine = json.loads(row[1])
        best, best_score = None, -1.0
        for other, vec in self.db.execute(
                "SELECT m.article_id, m.vector FROM story_members m JOIN articles a "
                "ON a.id = m.article_id WHERE m.story_id = ? AND m.article_id != ?",
                (row[0], article_id)):
            score = _cosine(mine, json.loads(vec))
            if score > best_score:
                best, best_score = other, score
        return best

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM story_members WHERE article_id = ?",
                              (article_id,)).fetchone()
        return row[0] if row else None

    def all(self, min_size: int = 1) -> list[Story]:
        """Every story with its current members (removed articles left out), biggest first."""
        found = [s for s in self._read() if len(s.articles) >= min_size]
        return sorted(found, key=lambda s: (-len(s.articles), s.last or "", s.id))

    def get(self, story_id: str) -> Story | None:
        """One story with its current members (read alone, not with the whole library)."""
        return next(iter(self._read("WHERE s.id = ?", (story_id,))), None)

    def _read(self, where: str = "", args: tuple = ()) -> list[Story]:
        rows = self.db.execute(
            "SELECT s.id, s.title, a.id, a.source, a.published FROM stories s "
            "JOIN story_members m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id "
            f"{where} ORDER BY s.id, a.published IS NULL, a.published, a.id", args).fetchall()
        stories: dict[str, Story] = {}
        for sid, title, aid, source, published in rows:
            story = stories.setdefault(sid, Story(sid, title))
            story.articles.append(aid)
            if source and source not in story.sources:
                story.sources.append(source)
            if published:
                story.first = min(filter(None, [story.first, published]))
                story.last = max(filter(None, [story.last, published]))
        return list(stories.values())
