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

import datetime as dt
import json
import math
import re
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter, mul

from briefs.index.article import Article
from briefs.index.claims import stem, stems

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
    vector TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members (story_id);
"""

# Calibrated on the ECB+ dev corpus (bench/quality.py).
JOIN_SCORE = 0.28  # cosine to a story's centroid needed to join it
NAME_WEIGHT = 2.0  # names tell apart two events of the same kind
LEAD_CHARS = 5000  # the part of the body a story vector is made from
TITLE_WEIGHT = 2.0
YEAR_WEIGHT = 0.4  # each year mentioned, beside a unit-length vector of words
MAX_DAYS = 90  # an article this far from every article of a story is probably a new event
VECTOR_TERMS = 80
CENTROID_TERMS = 150
POSTING_TERMS = 40  # a story is found through the top terms of its centroid
CANDIDATES = 25  # stories scored per new article
MAX_ACTIVE = 8000  # stories kept in memory while assigning (the most recently updated)
SPLIT_HALF = 5  # a story splits only into two parts of at least this many articles
SPLIT_RATIO = 0.8  # ... whose mean cross-part similarity is below this share of the within-part one
# Stories smaller than a split part, started in a batch, get a second look at its end.
LONELY = SPLIT_HALF - 1
# Sizes at which a story is checked (each reached once as it grows): checks stay rare.
SPLIT_SIZES = frozenset(round(2 * SPLIT_HALF * 1.25 ** k) for k in range(12))
_WEIGHT = itemgetter(1)  # of a (term, weight) pair; sorted(reverse=True) keeps ties in order
_YEAR = re.compile(r"(?<![\d.,$])\b(19[5-9]\d|20[0-4]\d)\b(?![\d.,%])")
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


def member(article: Article, idf) -> Member:
    vec = vector(article, idf)
    return Member(article.id, article.title, article.published, vec, json.dumps(vec))


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
    for year in sorted(set(_YEAR.findall(article.title + "\n" + article.body[:LEAD_CHARS]))):
        vec["year:" + year] = YEAR_WEIGHT
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {t: w / norm for t, w in sorted(vec.items(), key=_WEIGHT, reverse=True)}


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vec.values()))


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    nb = math.sqrt(sum(v * v for v in b.values())) or 1.0
    na = math.sqrt(sum(v * v for v in a.values())) or 1.0
    return dot / (na * nb)


def _add(total: dict[str, float], vec: dict[str, float]) -> None:
    for term, weight in vec.items():
        total[term] = total.get(term, 0.0) + weight


def split_in_two(vectors: list[dict[str, float]], rounds: int = 10) -> tuple[list[int], float]:
    """Two-means of unit vectors: the part (0 or 1) of each, and how alike the parts are.

    The likeness is the mean similarity across the parts over the lower of the two mean
    similarities within a part: well below 1 means two groups. Seeds are the member least
    like the whole and the member least like that one. Every similarity a round needs is a
    sum over the members' Gram matrix, computed once (numpy: a story has up to ~100 members).
    """
    import numpy as np

    # Columns in order of first appearance; the lookups run in C (map), not term by term.
    columns = {term: n for n, term in enumerate(dict.fromkeys(chain.from_iterable(vectors)))}
    cols = list(map(columns.__getitem__, chain.from_iterable(vectors)))
    rows = list(chain.from_iterable([row] * len(vec) for row, vec in enumerate(vectors)))
    weights = list(chain.from_iterable(vec.values() for vec in vectors))
    matrix = np.zeros((len(vectors), len(columns)))
    matrix[rows, cols] = weights
    gram = matrix @ matrix.T
    first = int(np.argmin(gram.sum(axis=1)))
    to_first = gram[first].copy()
    to_first[first] = np.inf
    second = int(np.argmin(to_first))
    member = np.zeros((2, len(vectors)))  # member[p, i]: 1.0 when article i is in part p
    member[0, first] = member[1, second] = 1.0
    parts = np.full(len(vectors), -1)
    for _ in range(rounds):
        dots = gram @ member.T  # each article against each part's sum
        squares = ((member @ gram) * member).sum(axis=1)[None, :]
        # Leave a member out of its own part, or it holds itself (vectors have unit length).
        own = parts[:, None] == np.arange(2)[None, :]
        square = np.where(own, squares - 2.0 * dots + 1.0, squares)
        dot = np.where(own, dots - 1.0, dots)
        likeness = np.where(square > 1e-9, dot / np.sqrt(np.maximum(square, 1e-9)), 0.0)
        new = np.where(likeness[:, 0] >= likeness[:, 1], 0, 1)
        if (new == parts).all():
            break
        parts = new
        member = np.stack([parts == 0, parts == 1]).astype(float)
    member = np.stack([parts == 0, parts == 1]).astype(float)
    sizes = member.sum(axis=1)
    if sizes.min() < 2:
        return parts.tolist(), 1.0
    within = min((member[p] @ gram @ member[p] - sizes[p]) / (sizes[p] * (sizes[p] - 1))
                 for p in (0, 1))
    across = member[0] @ gram @ member[1] / (sizes[0] * sizes[1])
    return parts.tolist(), float(across / max(within, 1e-9))


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


class _Active:
    """The stories a new article may join: an LRU of centroids with a term -> stories index."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.stories: OrderedDict[str, dict] = OrderedDict()
        # term -> the stories holding it. Dicts, not sets: their order is the order stories
        # came in, so ties between candidates break the same way in every run (a set's order
        # changes with Python's string hashing from one process to the next).
        self.postings: dict[str, dict[str, None]] = {}
        rows = self.db.execute(
            "SELECT id, title, centroid, size, first, last FROM stories "
            "ORDER BY rowid DESC LIMIT ?", (MAX_ACTIVE,)).fetchall()
        for row in reversed(rows):  # oldest first, so the newest end up most recent
            self._put(row[0], {"title": row[1], "centroid": json.loads(row[2]),
                               "size": row[3], "first": row[4], "last": row[5]})

    def _put(self, sid: str, story: dict) -> None:
        story["norm"] = _norm(story["centroid"])
        story["terms"] = list(story["centroid"])[:POSTING_TERMS]
        story["keys"] = frozenset(story["centroid"])
        story["span"] = (_date(story["first"]), _date(story["last"]))
        for term in story["terms"]:
            self.postings.setdefault(term, {})[sid] = None
        self.stories[sid] = story
        self.stories.move_to_end(sid)
        while len(self.stories) > MAX_ACTIVE:
            old_sid, old = self.stories.popitem(last=False)
            self._write(old_sid, old)
            for term in old["terms"]:
                holders = self.postings.get(term)
                if holders is not None:
                    holders.pop(old_sid, None)
                    if not holders:
                        del self.postings[term]

    def _write(self, sid: str, story: dict) -> None:
        if story.get("dirty"):
            self.db.execute(
                "INSERT OR REPLACE INTO stories (id, title, centroid, size, first, last)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (sid, story["title"], json.dumps(story["centroid"]), story["size"],
                 story["first"], story["last"]))
            story["dirty"] = False

    def best_for(self, vec: dict[str, float], day: dt.date | None,
                 besides: str | None = None) -> str | None:
        """The story (other than `besides`) this article vector should join, or None."""
        shared: Counter[str] = Counter()
        for term in list(vec)[:20]:
            # Counted in C: holders run to thousands.
            shared.update(self.postings.get(term, {}).keys())
        shared.pop(besides, None)
        candidates = [sid for sid, _ in shared.most_common(CANDIDATES)]
        best, best_score = None, 0.0
        for sid in candidates:
            story = self.stories[sid]
            centroid = story["centroid"]
            # Only the shared terms add to the dot product: intersection, lookups and products
            # run in C, and fsum's exact sum does not depend on the set's order.
            shared_terms = story["keys"].intersection(vec)
            score = math.fsum(map(mul, map(vec.__getitem__, shared_terms),
                                  map(centroid.__getitem__, shared_terms))) / \
                (story["norm"] or 1.0)
            first, last = story["span"]
            if day and first and last:
                gap = max((day - last).days, (first - day).days)
                if gap > MAX_DAYS:
                    score *= MAX_DAYS / gap  # months apart: less likely the same event
            if score > best_score:
                best, best_score = sid, score
        return best if best_score >= JOIN_SCORE else None

    def start(self, sid: str, title: str) -> str:
        self._put(sid, {"title": title, "centroid": {}, "size": 0, "first": None,
                        "last": None})
        return sid

    def _take(self, sid: str) -> dict | None:
        """Take a story out of memory and out of the term -> stories index."""
        story = self.stories.pop(sid, None)
        for term in story["terms"] if story else ():
            holders = self.postings.get(term)
            if holders is not None:
                holders.pop(sid, None)
        return story

    def add(self, sid: str, vec: dict[str, float], published: str | None) -> None:
        story = self._take(sid)
        centroid = story["centroid"]
        for term, weight in vec.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        story["centroid"] = dict(sorted(centroid.items(), key=_WEIGHT, reverse=True)
                                 [:CENTROID_TERMS])
        story["size"] += 1
        if published:
            story["first"] = min(filter(None, [story["first"], published]))
            story["last"] = max(filter(None, [story["last"], published]))
        story["dirty"] = True
        self._put(sid, story)

    def drop(self, sid: str) -> None:
        """Forget a story whose articles all moved to others."""
        self._take(sid)

    def rebuild(self, sid: str, title: str,
                members: list[tuple[dict[str, float], str | None]]) -> None:
        """Set a story from scratch to these (vector, published) members."""
        self._take(sid)
        centroid: dict[str, float] = {}
        for vec, _ in members:
            _add(centroid, vec)
        days = [published for _, published in members if published]
        self._put(sid, {"title": title, "size": len(members), "dirty": True,
                        "centroid": dict(sorted(centroid.items(), key=_WEIGHT, reverse=True)
                                         [:CENTROID_TERMS]),
                        "first": min(days, default=None), "last": max(days, default=None)})

    def flush(self) -> None:
        for sid, story in self.stories.items():
            self._write(sid, story)


class Stories:
    """Story membership kept in the library's SQLite file beside the articles."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.db.executescript(SCHEMA)

    def unassigned(self) -> list[str]:
        rows = self.db.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_members m ON m.article_id = a.id "
            "WHERE m.article_id IS NULL ORDER BY a.rev").fetchall()
        return [r[0] for r in rows]

    def forget_removed(self) -> None:
        """Drop memberships of articles that are gone (their stories shrink, not recomputed)."""
        self.db.execute("DELETE FROM story_members WHERE article_id NOT IN "
                        "(SELECT id FROM articles)")

    def assign(self, articles: Iterable[Article], idf) -> dict[str, str]:
        """Put each article into a story (joining or starting one). Returns id -> story id."""
        return self.assign_members(member(article, idf) for article in articles)

    def assign_members(self, members: Iterable[Member]) -> dict[str, str]:
        """Put each article, given by its story vector, into a story. Returns id -> story id.

        Only the MAX_ACTIVE most recently updated stories are kept in memory (an LRU); a
        story pushed out is written back and no longer joined, as news of an old event is
        rare. Memory stays flat however large the library grows.
        """
        active = _Active(self.db)
        result: dict[str, str] = {}
        started: list[str] = []
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            for article in members:
                vec = article.vector
                best = active.best_for(vec, _date(article.published))
                if best is None:
                    best = active.start(f"s-{article.id}", article.title)
                    started.append(best)
                active.add(best, vec, article.published)
                cur.execute("INSERT OR REPLACE INTO story_members (article_id, story_id, vector)"
                            " VALUES (?, ?, ?)", (article.id, best, article.stored))
                result[article.id] = best
                if active.stories[best]["size"] in SPLIT_SIZES:
                    self._split(active, best, result)
            self._second_chance(active, started, result)
            active.flush()
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return result

    def _second_chance(self, active: _Active, started: list[str],
                       result: dict[str, str]) -> None:
        """Let articles of the small stories they started join a bigger story grown since."""
        small = [sid for sid in started if sid in active.stories and
                 active.stories[sid]["size"] <= LONELY]
        for sid in sorted(small, key=lambda sid: active.stories[sid]["size"]):
            story = active.stories[sid]
            rows = self.db.execute(
                "SELECT m.article_id, m.vector, a.published FROM story_members m "
                "JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY m.rowid",
                (sid,)).fetchall()
            stay = []
            for article_id, vec, published in rows:
                vec = json.loads(vec)
                best = active.best_for(vec, _date(published), besides=sid)
                if best is None or active.stories[best]["size"] <= story["size"]:
                    stay.append((vec, published))
                    continue
                active.add(best, vec, published)
                self.db.execute("UPDATE story_members SET story_id = ? WHERE article_id = ?",
                                (best, article_id))
                result[article_id] = best
            if not stay:
                active.drop(sid)
                self.db.execute("DELETE FROM stories WHERE id = ?", (sid,))
            elif len(stay) < len(rows):
                active.rebuild(sid, story["title"], stay)

    def _split(self, active: _Active, sid: str, result: dict[str, str]) -> None:
        """Split a story in two if its members form two groups far apart."""
        rows = self.db.execute(
            "SELECT m.article_id, m.vector, a.title, a.published FROM story_members m "
            "JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY m.rowid",
            (sid,)).fetchall()
        if len(rows) < 2 * SPLIT_HALF:
            return
        vectors = [json.loads(row[1]) for row in rows]
        parts, likeness = split_in_two(vectors)
        if likeness >= SPLIT_RATIO or min(parts.count(0), parts.count(1)) < SPLIT_HALF:
            return
        # The part with the story's first article keeps the story; the other starts one.
        members = list(zip(vectors, rows, strict=True))
        kept = [m for m, part in zip(members, parts, strict=True) if part == parts[0]]
        moved = [m for m, part in zip(members, parts, strict=True) if part != parts[0]]
        new_sid = f"s-{moved[0][1][0]}"
        while new_sid in active.stories or self.db.execute(
                "SELECT 1 FROM stories WHERE id = ?", (new_sid,)).fetchone():
            new_sid += "+"
        active.rebuild(sid, active.stories[sid]["title"], [(v, row[3]) for v, row in kept])
        active.rebuild(new_sid, moved[0][1][2], [(v, row[3]) for v, row in moved])
        self.db.executemany("UPDATE story_members SET story_id = ? WHERE article_id = ?",
                            [(new_sid, row[0]) for _, row in moved])
        for _, row in moved:
            result[row[0]] = new_sid

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
        rows = self.db.execute(
            "SELECT s.id, s.title, a.id, a.source, a.published FROM stories s "
            "JOIN story_members m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id "
            "ORDER BY s.id, a.published IS NULL, a.published, a.id").fetchall()
        stories: dict[str, Story] = {}
        for sid, title, aid, source, published in rows:
            story = stories.setdefault(sid, Story(sid, title))
            story.articles.append(aid)
            if source and source not in story.sources:
                story.sources.append(source)
            if published:
                story.first = min(filter(None, [story.first, published]))
                story.last = max(filter(None, [story.last, published]))
        found = [s for s in stories.values() if len(s.articles) >= min_size]
        return sorted(found, key=lambda s: (-len(s.articles), s.last or "", s.id))

    def get(self, story_id: str) -> Story | None:
        return next((s for s in self.all() if s.id == story_id), None)
