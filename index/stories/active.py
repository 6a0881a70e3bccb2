"""The stories a new article may join while a batch is assigned, held in memory.

An LRU of story centroids with a term -> stories index to find candidates fast. Small
stories also keep their members' vectors here (as numpy rows), as a story is checked for a
split each time it reaches one of a few sizes: reading and decoding every member from
SQLite at each check cost a fifth of a big import.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter, itemgetter, mul

import numpy as np

from briefs.index.stories.split import Row

MAX_DAYS = 90  # an article this far from every article of a story is probably a new event
CENTROID_TERMS = 150
POSTING_TERMS = 40  # a story is found through the top terms of its centroid
CANDIDATES = 25  # stories scored per new article
MAX_ACTIVE = 8000  # stories kept in memory while assigning (the most recently updated)
KEPT_MEMBERS = 40_000  # member vectors kept in memory at most (~50 MB)
_WEIGHT = itemgetter(1)  # of a (key, value) pair; sorted(reverse=True) keeps ties in order
_SEQ = attrgetter("seq")


@dataclass(frozen=True, slots=True)
class Entry:
    """An article of a story as its split check needs it."""

    seq: int  # its row in story_members: members are split in the order they were stored
    id: str
    title: str
    published: str | None
    row: Row


class Terms:
    """Term -> column number, the same for every vector of one assignment run."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.names: list[str] = []

    def row(self, vec: dict[str, float]) -> Row:
        numbers = self.numbers
        for term in vec:
            if term not in numbers:
                numbers[term] = len(self.names)
                self.names.append(term)
        return (np.fromiter(map(numbers.__getitem__, vec), np.int32, len(vec)),
                np.fromiter(vec.values(), np.float64, len(vec)))

    def rows(self, vectors: list[dict[str, float]]) -> list[Row]:
        return [self.row(vec) for vec in vectors]

    def vector(self, row: Row) -> dict[str, float]:
        """The vector a row was made from, terms in their order."""
        names = self.names
        return {names[n]: w for n, w in zip(row[0].tolist(), row[1].tolist(), strict=True)}

    def numbered(self, vec: dict[str, float]) -> dict[int, float]:
        """A vector keyed by term numbers, in its order."""
        ids, weights = self.row(vec)
        return dict(zip(ids.tolist(), weights.tolist(), strict=True))

    def named(self, vec: dict[int, float]) -> dict[str, float]:
        names = self.names
        return {names[n]: w for n, w in vec.items()}


def day_of(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _norm(vec: dict[int, float]) -> float:
    return math.sqrt(sum(map(mul, vec.values(), vec.values())))


def _sum_into(centroid: dict[int, float], row: Row) -> None:
    get = centroid.get
    for term, weight in zip(row[0].tolist(), row[1].tolist(), strict=True):
        centroid[term] = get(term, 0.0) + weight


def _top(centroid: dict[int, float]) -> dict[int, float]:
    return dict(sorted(centroid.items(), key=_WEIGHT, reverse=True)[:CENTROID_TERMS])


def most_held(held: np.ndarray, count: int) -> list[int]:
    """The `count` values that occur most often in `held` (non-negative ints), ties in the
    order of their first occurrence: what counting them into a dict and stably sorting it
    by count gives. At a million articles an article's top words are held by thousands of
    stories; counting them in numpy, not a Counter, took a fifth off assigning."""
    if not len(held):
        return []
    counts = np.bincount(held)
    at = len(counts) - count
    cut = max(int(np.partition(counts, at)[at]), 1) if at > 0 else 1
    # Only values that reach the cut can be picked: their first occurrences, in order.
    firsts = np.fromiter(dict.fromkeys(held[counts[held] >= cut].tolist()), np.int64)
    return firsts[np.argsort(-counts[firsts], kind="stable")[:count]].tolist()


class ActiveStories:
    """The most recently updated stories, their centroids, and small stories' members."""

    def __init__(self, db: sqlite3.Connection, keep_members_up_to: int):
        self.db = db
        self.terms = Terms()
        self.keep_members_up_to = keep_members_up_to  # the largest size a split is checked at
        self.kept = 0  # member entries held by all stories
        self._query = np.zeros(0)
        self.stories: OrderedDict[str, dict] = OrderedDict()
        # term number -> the slots of the stories holding it. Dicts, not sets: their order is
        # the order stories came in, so ties between candidates break the same way in every
        # run. A story in memory has a slot number, reused once it leaves.
        self.postings: dict[int, dict[int, None]] = {}
        self.slots: list[str | None] = []  # slot -> story id
        self._free_slots: list[int] = []
        rows = self.db.execute(
            "SELECT id, title, centroid, size, first, last FROM stories "
            "ORDER BY rowid DESC LIMIT ?", (MAX_ACTIVE,)).fetchall()
        for row in reversed(rows):  # oldest first, so the newest end up most recent
            self._put(row[0], {"title": row[1],
                               "centroid": self.terms.numbered(json.loads(row[2])),
                               "size": row[3], "first": row[4], "last": row[5],
                               "members": None})

    def _put(self, sid: str, story: dict) -> None:
        story["id"] = sid
        if story.get("slot") is None:
            story["slot"] = self._slot_for(sid)
        slot = story["slot"]
        story["norm"] = _norm(story["centroid"]) or 1.0
        centroid = story["centroid"]  # term number -> weight, heaviest first
        story["row"] = (np.fromiter(centroid, np.int32, len(centroid)),
                        np.fromiter(centroid.values(), np.float64, len(centroid)))
        story["terms"] = story["row"][0][:POSTING_TERMS].tolist()
        story["span"] = (day_of(story["first"]), day_of(story["last"]))
        for term in story["terms"]:
            self.postings.setdefault(term, {})[slot] = None
        self.stories[sid] = story
        self.stories.move_to_end(sid)
        while len(self.stories) > MAX_ACTIVE:
            old_sid, old = self.stories.popitem(last=False)
            self._write(old_sid, old)
            self._forget(old_sid, old)

    def _forget(self, sid: str, story: dict) -> None:
        """Take a story (already out of `stories`) out of the term index; free its members
        and its slot."""
        slot = story["slot"]
        for term in story["terms"]:
            holders = self.postings.get(term)
            if holders is not None:
                holders.pop(slot, None)
                if not holders:
                    del self.postings[term]
        self.kept -= len(story["members"] or ())
        self._free(story)

    def _slot_for(self, sid: str) -> int:
        """A free slot number, now holding `sid`."""
        if self._free_slots:
            slot = self._free_slots.pop()
            self.slots[slot] = sid
        else:
            slot = len(self.slots)
            self.slots.append(sid)
        return slot

    def _free(self, story: dict) -> None:
        """Give a story's slot back (the story has left memory)."""
        self.slots[story["slot"]] = None
        self._free_slots.append(story["slot"])
        story["slot"] = None

    def _write(self, sid: str, story: dict) -> None:
        if story.get("dirty"):
            self.db.execute(
                "INSERT OR REPLACE INTO stories (id, title, centroid, size, first, last)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (sid, story["title"], json.dumps(self.terms.named(story["centroid"])),
                 story["size"], story["first"], story["last"]))
            story["dirty"] = False

    def best_for(self, row: Row, day: dt.date | None,
                 besides: str | None = None) -> tuple[str | None, float]:
        """The story (other than `besides`) most like this article row, and its score."""
        postings = self.postings
        holders = [postings[term] for term in row[0][:20].tolist() if term in postings]
        held = np.fromiter(chain.from_iterable(holders), np.int64, sum(map(len, holders)))
        if besides in self.stories:
            held = held[held != self.stories[besides]["slot"]]
        slots = self.slots
        candidates = [self.stories[slots[slot]] for slot in most_held(held, CANDIDATES)]
        if not candidates:
            return None, 0.0
        # All candidates' dot products at once: the article as a dense array, the centroids
        # one after another, summed per centroid. The order of every sum is fixed.
        dense = self._dense(row)
        ids = np.concatenate([story["row"][0] for story in candidates])
        weights = np.concatenate([story["row"][1] for story in candidates])
        lengths = [len(story["row"][0]) for story in candidates]
        starts = np.cumsum([0, *lengths[:-1]])
        dots = np.add.reduceat(dense[ids] * weights, starts).tolist()
        dense[row[0]] = 0.0
        best, best_score = None, 0.0
        for story, dot, length in zip(candidates, dots, lengths, strict=True):
            score = dot / story["norm"] if length else 0.0
            first, last = story["span"]
            if day and first and last:
                gap = max((day - last).days, (first - day).days)
                if gap > MAX_DAYS:
                    score *= MAX_DAYS / gap  # months apart: less likely the same event
            if score > best_score:
                best, best_score = story["id"], score
        return best, best_score

    def _dense(self, row: Row) -> np.ndarray:
        """An array over all terms, holding this row's weights (reset after use)."""
        if len(self._query) < len(self.terms.names):
            self._query = np.zeros(2 * len(self.terms.names))
        self._query[row[0]] = row[1]
        return self._query

    def start(self, sid: str, title: str) -> str:
        self._put(sid, {"title": title, "centroid": {}, "size": 0, "first": None,
                        "last": None, "members": []})
        return sid

    def _take(self, sid: str) -> dict:
        """Take a story out of memory and out of the term -> stories index."""
        story = self.stories.pop(sid)
        for term in story["terms"]:
            holders = self.postings.get(term)
            if holders is not None:
                holders.pop(story["slot"], None)
        return story

    def add(self, sid: str, entry: Entry) -> None:
        """Add an article to a story."""
        story = self._take(sid)
        _sum_into(story["centroid"], entry.row)
        story["centroid"] = _top(story["centroid"])
        story["size"] += 1
        if entry.published:
            story["first"] = min(filter(None, [story["first"], entry.published]))
            story["last"] = max(filter(None, [story["last"], entry.published]))
        story["dirty"] = True
        self._keep(story, entry)
        self._put(sid, story)

    def _keep(self, story: dict, entry: Entry) -> None:
        members = story["members"]
        if members is None:
            return  # not in memory: read from the store when needed
        if story["size"] > self.keep_members_up_to or self.kept >= KEPT_MEMBERS:
            # Never checked again, or memory is full: let go.
            self.kept -= len(members)
            story["members"] = None
            return
        members.append(entry)
        self.kept += 1

    def members(self, sid: str) -> list[Entry]:
        """A story's members in the order they were stored."""
        story = self.stories[sid]
        if story["members"] is None:
            rows = self.db.execute(
                "SELECT m.rowid, m.article_id, a.title, a.published, m.vector "
                "FROM story_members m JOIN articles a ON a.id = m.article_id "
                "WHERE m.story_id = ? ORDER BY m.rowid", (sid,)).fetchall()
            entries = [Entry(seq, aid, title, published, self.terms.row(json.loads(vec)))
                       for seq, aid, title, published, vec in rows]
            if self._room_for(len(entries)):
                story["members"] = entries
                self.kept += len(entries)
            return entries
        return sorted(story["members"], key=_SEQ)

    def _room_for(self, size: int) -> bool:
        """Whether a story of this many members keeps them in memory."""
        return size <= self.keep_members_up_to and self.kept + size <= KEPT_MEMBERS

    def drop(self, sid: str) -> None:
        """Forget a story whose articles all moved to others."""
        story = self._take(sid)
        self.kept -= len(story["members"] or ())
        self._free(story)

    def rebuild(self, sid: str, title: str, entries: list[Entry]) -> None:
        """Set a story from scratch to these members."""
        if sid in self.stories:
            self.drop(sid)
        centroid: dict[int, float] = {}
        for entry in entries:
            _sum_into(centroid, entry.row)
        days = [entry.published for entry in entries if entry.published]
        kept = self._room_for(len(entries))
        self.kept += len(entries) if kept else 0
        self._put(sid, {"title": title, "size": len(entries), "dirty": True,
                        "centroid": _top(centroid),
                        "first": min(days, default=None), "last": max(days, default=None),
                        "members": list(entries) if kept else None})

    def flush(self) -> None:
        for sid, story in self.stories.items():
            self._write(sid, story)
