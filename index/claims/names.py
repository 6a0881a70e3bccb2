"""The people, places and organisations an article names, with aliases folded.

Names are runs of capitalised words (as claims find them), titles dropped ("PM Modi" is
"Modi"); a word at the start of a sentence counts only when the article also writes it inside
one. Within an article a shorter name folds into a longer one that holds all its words
("Modi" into "Narendra Modi"). Read from the lead only: cheap enough to run at import.
"""

from __future__ import annotations

import re
from collections import Counter

from briefs.index.claims.split import TITLE_WORDS as _TITLE_WORDS

LEAD_CHARS = 800  # of the body (and the title): a story's names come in its first lines
MAX_WORDS = 4
# Capitalised words that start sentences or label things rather than name them.
_NOT_NAMES = {"the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she",
              "they", "we", "i", "you", "his", "her", "their", "our", "in", "on", "at", "for",
              "but", "and", "or", "if", "as", "after", "before", "when", "while", "with",
              "also", "read", "key", "takeaways", "image", "photo", "file", "video", "here",
              "there", "what", "who", "why", "how", "however", "meanwhile", "today",
              "yesterday", "tomorrow", "according", "officials", "police", "some", "many",
              "more", "most", "one", "two", "three", "new", "last", "next", "first", "sunday",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}


_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w'’-]*)"
_NAME = re.compile(rf"(?<![\w'’.-]){_WORD}(?:[ \t]+(?:(?:of|de|la|del|von|van|der|bin|al|and|&)"
                   rf"[ \t]+)?{_WORD})*")
_INSIDE = re.compile(r"(?<=[a-z,;:] )([A-Z][\w'’-]+)")
_POSSESSIVE = re.compile(r"['’]s\b\s*")
_STARTS = ("“", '"', "(", "-", ".", "!", "?", ":", "‘", "—", "–", "|", "*", "#")


def names(title: str, body: str) -> list[str]:
    """The names of an article, each once, folded, most mentioned first."""
    text = f"{title}.\n{body[:LEAD_CHARS]}"
    inside = {m.group(1).lower() for m in _INSIDE.finditer(text)}
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for match in _NAME.finditer(text):
        before = text[max(0, match.start() - 3):match.start()].rstrip()
        at_start = not before or before.endswith(_STARTS) or "\n" in \
            text[max(0, match.start() - 3):match.start()]
        # A possessive ends a name: "Riverton's Kessler Bridge" names Riverton and the bridge.
        for number, part in enumerate(_POSSESSIVE.split(match.group(0))):
            _count(part.split(), at_start and number == 0, inside, counts, shown)
    return [shown[k] for k in _folded(counts)]


def _count(words: list[str], at_start: bool, inside: set[str], counts: Counter[str],
       shown: dict[str, str]) -> None:
    if at_start and len(words) == 1 and words[0].lower() not in inside:
        return  # a sentence's first word, not known as a name
    # "Transport Secretary Elena Marsh", "Prime Minister Modi": the name follows the title.
    titled = [i for i, w in enumerate(words) if w.lower().strip(".") in _TITLE_WORDS]
    if titled:
        words = words[titled[-1] + 1:]
    while words and words[0].lower() in _NOT_NAMES:
        words = words[1:]
    while words and words[-1].lower() in ("of", "de", "la", "del", "von", "van", "der",
                                          "bin", "al", "and", "&"):
        words = words[:-1]
    if not words or len(words) > MAX_WORDS or any(w.isdigit() for w in words):
        return
    if len(words) == 1 and (len(words[0]) < 3 or words[0].lower() in _NOT_NAMES):
        return
    key = " ".join(w.lower() for w in words)
    counts[key] += 1
    shown.setdefault(key, " ".join(words))


def _folded(counts: Counter[str]) -> list[str]:
    """Keys with each shorter name counted under the one longer name that holds its words."""
    keys = sorted(counts, key=lambda k: (-len(k.split()), k))
    total: Counter[str] = Counter()
    for key in keys:
        words = set(key.split())
        holders = [k for k in total if words < set(k.split())]
        target = holders[0] if len(holders) == 1 else key
        total[target] += counts[key]
    return [k for k, _ in total.most_common()]
