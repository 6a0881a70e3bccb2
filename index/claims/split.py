"""Split an article into claims and annotate each with what makes claims comparable.

A claim is a sentence, a bullet point, or a clause of a sentence that joins two facts with ";".
Debris, bylines, date stamps and bare headings are not claims. Offsets point into the body.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from briefs.index.claims import mentions as found
from briefs.index.text import BULLET_MARK, is_bullet, stem, stems

_BYLINE = re.compile(r"^\s*(?:by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}|"
                     r"(?:first\s+)?(?:published|posted|updated|last updated)\b.*|"
                     r"(?:photo|image|file photo|credit|source)\s*:.*)\s*$", re.IGNORECASE)
_DEBRIS = re.compile(r"^\s*(?:also read|read more|read also|advertisement|share this|"
                     r"click here|subscribe|follow us|related)\b", re.IGNORECASE)
TITLE_WORDS = {"mr", "mrs", "ms", "dr", "prof", "pm", "president", "prime", "minister", "sen",
                "senator", "rep", "gov", "governor", "gen", "general", "king", "queen", "prince",
                "chief", "secretary", "chancellor", "mayor", "judge", "justice", "officer",
                "captain", "lt", "col", "sir", "lady", "lord", "the", "of", "and",
                "counterpart",
                # Months and weekdays are dates, compared as such, not as names.
                "january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday",
                "wednesday", "thursday", "friday", "saturday", "sunday"}
_ENTITY = re.compile(r"(?<![\w])(?:[A-Z][\w'’.-]*|[A-Z]{2,})(?:\s+(?:of|de|la|von|van|der|&|"
                     r"and|the|for)?\s*(?:[A-Z][\w'’.-]*))*")
_SEMICOLON = re.compile(r";\s+")


@dataclass
class Claim:
    """One claim of an article, with offsets into its body and its comparable parts."""

    text: str
    start: int
    end: int
    index: int
    stems: list[str] = field(default_factory=list)
    entities: frozenset[str] = frozenset()
    found: found.Mentions = field(default_factory=found.Mentions)
    bullet: bool = False

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@functools.lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph."""
    if len(text) < 40 or not re.search(r"[.!?]\s", text):
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    try:
        for span in _segmenter().segment(text):
            if spans and len(_WORDS.findall(text[span.start:span.end])) < 4:
                # A fragment ("... at 7 p.m. | Monday night.") belongs to the sentence before.
                spans[-1] = (spans[-1][0], span.end)
            else:
                spans.append((span.start, span.end))
    except Exception:  # noqa: BLE001 - pysbd can fail on odd input; keep the paragraph whole
        return [(0, len(text))]
    return spans or [(0, len(text))]


def _is_heading(text: str) -> bool:
    words = text.split()
    if len(words) >= 8:
        return False
    return not text.rstrip().endswith((".", "!", "?", '"', "”", "'"))


def _keep(text: str, first: bool) -> bool:
    """Is this piece of a non-heading line a claim? Enough words, and no byline or debris."""
    words = _WORDS.findall(text)
    if len(words) < 3 or (len(words) < 4 and not first):
        return False
    return not (_BYLINE.match(text) or _DEBRIS.match(text))


_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def split(body: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_bullet) of every claim-sized piece of the body, debris excluded."""
    pieces: list[tuple[int, int, bool]] = []
    offset = 0
    first = True
    for line in body.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            continue
        bullet = is_bullet(line)
        if bullet:
            mark = BULLET_MARK.match(line)
            line_start += mark.end() if mark else 0
        text = body[line_start:line_end]
        # The body's first line may be a short headline and still count; a short unpunctuated
        # line further down is a section heading.
        if not first and not bullet and _is_heading(text):
            continue
        for s, e in _sentences(text):
            s, e = _trim(body, line_start + s, line_start + e)
            for cs, ce in _clauses(body, s, e):
                if _keep(body[cs:ce], first):
                    pieces.append((cs, ce, bullet))
        first = first and not any(p[0] >= line_start for p in pieces) and \
            bool(_BYLINE.match(text) or _DEBRIS.match(text) or _is_stamp(text))
    return pieces


_STAMP_WORDS = {*found.MONTHS, *found.MONTH_ABBR, *found.WEEKDAYS, "am", "pm", "a.m", "p.m",
                "gmt", "utc", "et", "est", "edt", "pst", "pdt", "bst", "cet", "ist", "on", "at",
                "updated", "published", "posted", "last"}


def _is_stamp(text: str) -> bool:
    """A bare date or time line ("WEDNESDAY, JULY 29, 2009"): the headline may still follow."""
    words = re.findall(r"[^\W\d_]+(?:\.[^\W\d_]+)*", text.lower())
    return bool(re.search(r"\d", text)) and all(w in _STAMP_WORDS for w in words)


def _clauses(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at "; " when both sides are long enough to state a fact."""
    text = body[start:end]
    parts: list[tuple[int, int]] = []
    last = 0
    for m in _SEMICOLON.finditer(text):
        left, right = text[last:m.start()], text[m.end():]
        if len(left.split()) >= 5 and len(right.split()) >= 5:
            parts.append((start + last, start + m.start()))
            last = m.end()
    parts.append((start + last, end))
    return [_trim(body, s, e) for s, e in parts]


def _names_in(body: str) -> set[str]:
    """Capitalised words seen inside sentences: evidence that a word is a name, not a start."""
    names: set[str] = set()
    for m in re.finditer(r"(?<=[a-z,;:] )([A-Z][\w'’-]+)", body):
        names.add(m.group(1).lower())
    return names


def entities(text: str, names: set[str]) -> frozenset[str]:
    """Name tokens of a claim, titles dropped: "PM Modi" and "Narendra Modi" share "modi"."""
    tokens: set[str] = set()
    for m in _ENTITY.finditer(text):
        span = m.group(0)
        words = [w.strip(".'’").lower().removesuffix("'s").removesuffix("’s")
                 for w in span.split()]
        before = text[:m.start()].rstrip()
        at_start = not before or before.endswith(("“", '"', "(", "-", ".", "!", "?", ":", "‘"))
        if at_start and len(words) == 1 and words[0] not in names:
            continue
        for word in words:
            if len(word) > 1 and word not in TITLE_WORDS and not word.isdigit():
                tokens.add(word)
    return frozenset(tokens)


def published_date(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def claims(body: str, published: str | None = None) -> list[Claim]:
    """The annotated claims of an article body."""
    date = published_date(published)
    names = _names_in(body)
    result: list[Claim] = []
    for index, (start, end, bullet) in enumerate(split(body)):
        text = body[start:end]
        result.append(Claim(
            text=text, start=start, end=end, index=index, stems=stems(text),
            entities=entities(text, names), found=found.mentions(text, date, stem),
            bullet=bullet,
        ))
    return result
