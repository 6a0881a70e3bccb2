"""Turn article text into Rich Text objects: never markup, always sanitised."""

from __future__ import annotations

import re

from rich.text import Text

from briefs.index.sanitize import clean_line, clean_text
from briefs.index.search import MARK_END, MARK_START


def plain(text: str | None, style: str = "") -> Text:
    """Article text as a Text object: markup like [bold] shows literally, escapes are gone."""
    return Text(clean_text(text or ""), style=style)


def line(text: str | None, style: str = "") -> Text:
    return Text(clean_line(text or ""), style=style)


def cut(text: Text, width: int) -> Text:
    """The text cut to `width` cells, with an ellipsis where it was cut."""
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    return text


def query_terms(query: str) -> list[str]:
    """The plain words of a search query, for highlighting what it matched."""
    words = re.findall(r"[\w'-]+", re.sub(r"\w+:", " ", query))
    return [w for w in words if w.upper() not in ("AND", "OR", "NOT", "TO")]


def highlighted(text: str, terms: list[str], style: str = "bold reverse") -> Text:
    """Text with the query's words styled: every word the index matched by its stem
    ("ferries" for "ferry") and every occurrence of a term as typed ("ferr" of "ferry")."""
    from briefs.index.search import matched_spans

    out = plain(text)
    for start, end in matched_spans(out.plain, terms):
        out.stylize(style, start, end)
    for term in terms:
        if len(term) >= 2:
            out.highlight_words([term], style=style, case_sensitive=False)
    return out


def snippet(marked: str, style: str = "bold") -> Text:
    """A search snippet with its highlight marks turned into styled spans."""
    out = Text()
    bold = False
    buffer = ""
    for ch in clean_text(marked):
        if ch in (MARK_START, MARK_END):
            out.append(buffer, style=style if bold else "")
            buffer = ""
            bold = ch == MARK_START
        else:
            buffer += ch
    out.append(buffer, style=style if bold else "")
    return out
