"""Every distinct word of the indexed text, unstemmed: what "did you mean" and `word~` draw on.

The index holds stems ("govern"), too far from a typo like "goverment" to find "government".
Whoosh can keep unstemmed spelling fields, but they cost 60% of indexing time (a posting per
word per article); a plain set of words in SQLite beside the index costs a few percent.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

_WORD = re.compile(r"[^\W\d_]{3,24}")
# The same on a text whose letters are all ASCII: a Unicode class costs a lookup per
# character, and this runs on every article the index takes (a third of its main process).
_ASCII_WORD = re.compile(r"[a-z]{3,24}")


def words_of(text: str) -> set[str]:
    """The lowercased words of a text that are worth suggesting (letters only, 3-24 long)."""
    lowered = text.lower()
    # Curly quotes and dashes are not letters: only letters outside ASCII need the Unicode way.
    if lowered.isascii() or not any(c.isalnum() for c in set(lowered) if not c.isascii()):
        return set(_ASCII_WORD.findall(lowered))
    return set(_WORD.findall(lowered))


class Vocabulary:
    """A sorted word list kept in `path`, loaded on first use and after each addition."""

    def __init__(self, path: Path):
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._sorted: list[str] | None = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=30.0, check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY) "
                             "WITHOUT ROWID")
        return self._db

    def add(self, words: Iterable[str]) -> None:
        with self.db:
            self.db.executemany("INSERT OR IGNORE INTO words VALUES (?)", ((w,) for w in words))
        self._sorted = None

    def sorted_words(self) -> list[str]:
        if self._sorted is None:
            self._sorted = [r[0] for r in self.db.execute("SELECT word FROM words ORDER BY word")]
        return self._sorted

    def within(self, word: str, distance: int, limit: int = 20) -> list[str]:
        """Known words at most `distance` edits from `word`, nearest first."""
        from whoosh.spelling import ListCorrector

        return ListCorrector(self.sorted_words()).suggest(word.lower(), limit=limit,
                                                          maxdist=distance)

    def forget(self) -> None:
        """Drop the loaded list: the next lookup reads the words as they are now."""
        self._sorted = None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._sorted = None
