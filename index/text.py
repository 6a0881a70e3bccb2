"""How every room reads text: the search index's stems, and the marks that start a bullet.

Sources use the bullets to find headlines, claims to split bullet points; search, claims and
stories all compare words as the index's stemmed terms, so they live here, below all of them.
"""

from __future__ import annotations

import functools
import re

BULLET_MARK = re.compile(r"^\s*(?:[-*•·▪●]|\d{1,2}[.)])\s+")


def is_bullet(line: str) -> bool:
    """True when the line starts with a bullet mark ("-", "•", "1." ...)."""
    return bool(BULLET_MARK.match(line))


def strip_bullet(line: str) -> str:
    """The line without its bullet mark."""
    return BULLET_MARK.sub("", line, count=1).strip()


STEM_CACHE = 100_000  # words whose stems are kept (a news library's common words fit)
_STEMS: dict[str, str] = {}


@functools.lru_cache(maxsize=1)
def _porter():
    from whoosh.lang.porter import stem

    return stem


def _stem_of(word: str) -> str:
    """Porter's stem of a lowercased word, cached in a plain dict: an lru_cache's upkeep on
    every call was a third of stemming an article (which the index does for every one)."""
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) >= STEM_CACHE:
            _STEMS.clear()  # rare: the common words come back at once
        found = _STEMS[word] = _porter()(word)
    return found




_TOKEN = re.compile(r"\w+(?:\.?\w+)*")


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from whoosh.analysis import STOP_WORDS

    return frozenset(STOP_WORDS)


def stems(text: str) -> list[str]:
    """Lowercased, stop-word-free, stemmed words: the same terms as the search index.

    The index's StemmingAnalyzer step by step (its tokenizer pattern, lowercase, stop words,
    at least two letters, Porter) without a token object per word: three times faster, and
    tests/test_claims.py checks that the output is the same.
    """
    stop, known = _stop_words(), _STEMS.get
    out = []
    for word in _TOKEN.findall(text):
        word = word.lower()
        if len(word) >= 2 and word not in stop:
            out.append(known(word) or _stem_of(word))
    return out


def stem_positions(text: str) -> list[tuple[int, str]]:
    """(position, stem) of each term, numbered as the index's analyzer does.

    Its stop filter keeps the first kept word's place in the text and numbers the rest on
    from there, as if the dropped words after it were not there.
    """
    stop, known = _stop_words(), _STEMS.get
    out: list[tuple[int, str]] = []
    for place, word in enumerate(_TOKEN.findall(text)):
        word = word.lower()
        if len(word) >= 2 and word not in stop:
            out.append((out[-1][0] + 1 if out else place, known(word) or _stem_of(word)))
    return out


def stem(word: str) -> str:
    """One word as the index stems it."""
    return _stem_of(word.lower())
