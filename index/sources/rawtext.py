"""Heuristics for raw pasted articles: date prefixes, headlines, wire prefixes and page debris.

A raw article is text copied from a news page with no front matter: it may start with a
`date YYYY-MM-DD` stamp, a headline or a "Key Takeaways" list, carry a wire prefix such as
`MENAFN - IANS)` or `Johannesburg, Nov 23 (IANS)`, and trail image/link debris.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefs.index.text import is_bullet, strip_bullet

_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?\s*")
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_AGENCY = r"(?:[A-Z][A-Za-z&]{1,11}(?:[ -][A-Z][A-Za-z]{1,11})?)"
# "MENAFN - IANS)" : an aggregator name, a dash, the agency and a stray parenthesis.
_AGGREGATOR = re.compile(rf"^\s*([A-Z][A-Za-z]{{2,15}})\s*-\s*({_AGENCY})\)\s*")
# "Johannesburg, Nov 23 (IANS)", "WASHINGTON (Reuters) -", "New Delhi, 23 November (PTI):"
_DATELINE = re.compile(
    rf"^\s*([A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){{0,3}})"
    rf"(?:,\s*((?:{_MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS})(?:,?\s+\d{{4}})?))?"
    rf"\s*\(({_AGENCY})\)\s*([-–—:])?\s*"
)
_IMAGE_DEBRIS = re.compile(r"^\s*(?:!\[[^\]]*\]\([^)]*\)\s*)+[|\s]*$")
_LINK_ONLY = re.compile(r"^\s*\[[^\]]*\]\([^)]*\)\s*$")
_PUNCT_ONLY = re.compile(r"^[\s|•·\-–—_*=#~.]+$")
_READ_ALSO = re.compile(
    r"^\s*(?:also read|read also|read more|must read|also see|see also|recommended|"
    r"watch|click here|subscribe|sign up)\b\s*[:|\-–—]",
    re.IGNORECASE,
)
_SINGLE_DEBRIS = re.compile(
    r"^\s*(?:advertisement|advertisment|sponsored|story continues below|share this article|"
    r"share|tweet|follow us|scroll to continue|loading\.{0,3})\s*$",
    re.IGNORECASE,
)
# A trailing block of links: everything from this line to the end is navigation.
_TRAILING_BLOCK = re.compile(
    r"^\s*(?:popular articles?|related (?:articles?|stories|news|posts)|trending(?: now| stories)?|"
    r"most (?:read|popular|viewed)|more from [\w ]+|you may also like|recommended for you|"
    r"more stories|latest news|top stories|read next)\s*:?\s*$",
    re.IGNORECASE,
)
_SUMMARY_HEADINGS = re.compile(
    r"^\s*(?:#+\s*)?(?:key takeaways|key points|highlights|top points|in short|summary|"
    r"tl;?dr|at a glance|quick read)\s*:?\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(\s+)(?=[\"“‘']?[A-Z0-9])")
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.", "U.S.", "U.K.", "No.", "Gen.",
                  "Lt.", "Col.", "Sen.", "Rep.", "Gov.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.",
                  "Nov.", "Dec.", "Inc.", "Co.", "Corp.", "Ltd.", "vs.", "e.g.", "i.e.")


@dataclass
class RawParts:
    """What the heuristics found in a raw article."""

    title: str
    body: str
    published: str | None = None
    source_hint: str = ""
    dateline: str = ""
    dropped: int = 0  # debris lines removed


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph (a light splitter; enough for a fallback title)."""
    text = " ".join(text.split())
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start(1)]
        if before.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", before):
            continue
        return before
    return text


def shorten(text: str, limit: int = 120) -> str:
    """Cut a title to `limit` characters at a word boundary, marking the cut with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def _looks_like_headline(line: str, rest: list[str]) -> bool:
    words = line.split()
    if not rest or len(words) < 3 or len(line) > 200:
        return False
    if line.rstrip().endswith((".", ",", ";", ":")) and not line.rstrip().endswith("..."):
        return False
    return not is_bullet(line)


def _drop_debris(lines: list[str]) -> tuple[list[str], int]:
    kept: list[str] = []
    dropped = 0
    for index, line in enumerate(lines):
        if _TRAILING_BLOCK.match(line):
            remaining = [x for x in lines[index:] if x.strip()]
            # Only cut when what follows is a list of short lines (links), not article prose.
            if all(len(x) < 160 for x in remaining):
                dropped += len(remaining)
                break
        if (
            _IMAGE_DEBRIS.match(line)
            or _LINK_ONLY.match(line)
            or _READ_ALSO.match(line)
            or _SINGLE_DEBRIS.match(line)
            or (line.strip() and _PUNCT_ONLY.match(line))
        ):
            dropped += 1
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept, dropped


def _strip_prefixes(first: str) -> tuple[str, str, str, str | None]:
    """Remove a date stamp, an aggregator/wire prefix and a dateline from the first line."""
    published = None
    match = _DATE_PREFIX.match(first)
    if match:
        published = match.group(1) + (f"T{match.group(2)}" if match.group(2) else "")
        first = first[match.end():]
    source_hint = ""
    match = _AGGREGATOR.match(first)
    if match:
        source_hint = f"{match.group(2)} (via {match.group(1)})"
        first = first[match.end():]
    dateline = ""
    match = _DATELINE.match(first)
    # A dateline needs a date, a dash after the agency, or an all-caps city ("WASHINGTON"),
    # so that "Apple (AAPL) rose" is not taken for one.
    if match and (match.group(2) or match.group(4) or match.group(1).isupper()):
        dateline = match.group(1) + (f", {match.group(2)}" if match.group(2) else "")
        if not source_hint:
            source_hint = match.group(3)
        first = first[match.end():]
    return first, source_hint, dateline, published


def parse_raw(text: str) -> RawParts:
    """Split a raw pasted article into title, cleaned body and the hints found on the way."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return RawParts(title="", body="")
    first, source_hint, dateline, published = _strip_prefixes(lines[0])
    lines[0] = first
    lines, dropped = _drop_debris(lines)
    content = [x.strip() for x in lines if x.strip()]
    if not content:
        return RawParts("", "", published, source_hint, dateline, dropped)

    head = content[0]
    title = ""
    body_lines = lines
    if head.startswith("#") and not is_bullet(head):
        title = head.lstrip("#").strip()
        body_lines = _without_first(lines, head)
    elif _SUMMARY_HEADINGS.match(head):
        bullets = [strip_bullet(x) for x in content[1:] if is_bullet(x)]
        title = bullets[0] if bullets else ""
    elif is_bullet(head):
        title = strip_bullet(head)
    elif _looks_like_headline(head, content[1:]):
        title = head
        body_lines = _without_first(lines, head)
    if not title:
        title = first_sentence(head)
    title = shorten(title.rstrip(".").strip())
    body = "\n".join(x.rstrip() for x in body_lines).strip("\n")
    body = re.sub(r"\n{3,}", "\n\n", body)
    return RawParts(title, body, published, source_hint, dateline, dropped)


def _without_first(lines: list[str], head: str) -> list[str]:
    for index, line in enumerate(lines):
        if line.strip() == head:
            return lines[index + 1:]
    return lines
