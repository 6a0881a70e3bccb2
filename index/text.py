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


@functools.lru_cache(maxsize=1)
def _stemmer():
    from whoosh.lang.porter import stem

    return functools.lru_cache(maxsize=50000)(stem)


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
    stop, stemmer = _stop_words(), _stemmer()
    out = []
    for word in _TOKEN.findall(text):
        word = word.lower()
        if len(word) >= 2 and word not in stop:
            out.append(stemmer(word))
    return out


def stem_positions(text: str) -> list[tuple[int, str]]:
    """(position, stem) of each term, numbered as the index's analyzer does.

    Its stop filter keeps the first kept word's place in the text and numbers the rest on
    from there, as if the dropped words after it were not there.
    """
    stop, stemmer = _stop_words(), _stemmer()
    out: list[tuple[int, str]] = []
    for place, word in enumerate(_TOKEN.findall(text)):
        word = word.lower()
        if len(word) >= 2 and word not in stop:
            out.append((out[-1][0] + 1 if out else place, stemmer(word)))
    return out


def stem(word: str) -> str:
    """One word as the index stems it."""
    return _stemmer()(word.lower())
