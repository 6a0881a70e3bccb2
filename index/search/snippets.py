"""Search snippets: the passages of an article's lead where the query's words are, marked.

The same result as Whoosh's highlighter with a context fragmenter (passages of up to 180
characters around the matched words, the two with the most distinct words, in text order),
without analysing every word of the lead: only the words that begin like a query term are
stemmed to check them, so a snippet costs tens of microseconds instead of a millisecond.
"""

from __future__ import annotations

import re

MARK_START = "\ue000"
MARK_END = "\ue001"
BETWEEN = " … "
_WORD = r"\w+(?:\.?\w+)*"  # the index's tokens (text.stems, the StemmingAnalyzer)


def snippet(text: str, terms: set[str], maxchars: int = 180, surround: int = 60,
            top: int = 2) -> str:
    """Up to `top` passages of `text` holding words whose stem is in `terms`, words marked."""
    from briefs.index.text import stem  # not at import: the app imports the marks early

    starts = sorted({t[:2] for t in terms if t})
    if not starts:
        return ""
    # Porter stemming keeps a word's first two letters: only words starting like a term can be
    # one, and the regex engine finds those without a Python step per word.
    candidates = re.compile(rf"(?<![\w.])(?=(?:{'|'.join(map(re.escape, starts))}))({_WORD})",
                            re.IGNORECASE)
    hits = [(m.start(), m.end(), stem(m.group())) for m in candidates.finditer(text)]
    hits = [h for h in hits if h[2] in terms]
    if not hits:
        return ""
    passages = _passages(text, hits, maxchars, surround)
    best = sorted(passages, key=lambda p: (-len({h[2] for h in p[2]}), -len(p[2]), p[0]))[:top]
    out, last_end = "", None
    for start, end, _ in sorted(best):
        if last_end is not None:
            out += " " if start - last_end <= 1 else BETWEEN  # touching passages read on
        out += _marked(text, start, end, hits)
        last_end = end
    return out


def matched_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each word of `text` whose stem is the stem of one of `words`: what the
    index matched ("ferries" for "ferry"), for highlighting a whole article."""
    from briefs.index.text import stem

    terms = {stem(w) for w in words if len(w) >= 2}
    starts = sorted({t[:2] for t in terms})
    if not starts:
        return []
    candidates = re.compile(rf"(?<![\w.])(?=(?:{'|'.join(map(re.escape, starts))}))({_WORD})",
                            re.IGNORECASE)
    return [(m.start(), m.end()) for m in candidates.finditer(text) if stem(m.group()) in terms]


def _passages(text: str, hits: list[tuple[int, int, str]], maxchars: int, surround: int
              ) -> list[tuple[int, int, list]]:
    """Group the hits into passages of at most `maxchars`, context included, none overlapping."""
    groups: list[list] = [[]]
    for hit in hits:
        if groups[-1] and hit[1] - groups[-1][0][0] > maxchars - surround:
            groups.append([])
        groups[-1].append(hit)
    passages: list[tuple[int, int, list]] = []
    floor = 0
    for number, group in enumerate(groups):
        first, last = group[0][0], group[-1][1]
        ceiling = groups[number + 1][0][0] if number + 1 < len(groups) else len(text)
        start = max(floor, first - surround)
        end = max(last, min(ceiling, start + maxchars))
        # Whole words only: move each cut to the nearest space inside the passage.
        if start > 0:
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else first
        if end < len(text):
            space = text.rfind(" ", last, end)
            end = space if space != -1 else last
        passages.append((start, end, group))
        floor = end
    return passages


def _marked(text: str, start: int, end: int, hits: list) -> str:
    """The passage with every hit inside it marked."""
    out, pos = [], start
    for hit_start, hit_end, _ in hits:
        if hit_start < start or hit_end > end:
            continue
        out += [text[pos:hit_start], MARK_START, text[hit_start:hit_end], MARK_END]
        pos = hit_end
    out.append(text[pos:end])
    return "".join(out).strip()
