"""Turn the many ways articles write a publication date into one ISO 8601 form."""

from __future__ import annotations

import datetime as dt
import re
import time


def iso(value: object) -> str | None:
    """Normalise a date/datetime/string/struct_time to ISO 8601, or None if it is not a date.

    Dates stay dates ("2025-11-24"); times with a zone become UTC ("2025-11-24T10:00:00Z").
    """
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        value = dt.datetime(*value[:6], tzinfo=dt.UTC)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
            return value.strftime("%Y-%m-%dT%H:%M:%SZ")
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)):
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return iso(dt.date.fromisoformat(text))
    except ValueError:
        pass
    try:
        return iso(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    from dateutil import parser

    try:
        parsed = parser.parse(text, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if not text[:1].isdigit() and not any(ch.isdigit() for ch in text):
        return None
    return iso(parsed)


def to_datetime(value: str | None) -> dt.datetime | None:
    """The datetime of an ISO string made by iso(), for the index; None when unknown."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
        return dt.datetime.fromisoformat(value.replace("Z", ""))
    except ValueError:
        return None


_STAMP_PREFIX = re.compile(r"^\s*(?:(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|updated|"
                           r"last\s+updated|date)\s*[:\-]?\s*", re.IGNORECASE)
_MONTH_DATE = re.compile(
    r"^(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
    r"(?:(?P<a>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)"
    r"|(?P<b>\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"[a-z]*\.?,?\s+(?:19|20)\d\d)"
    r"|(?P<c>(?:19|20)\d\d-\d\d-\d\d))\b", re.IGNORECASE)


def dateline(body: str, lines: int = 6) -> str | None:
    """The publication date of a body that states it on a line of its own near the top.

    "First Published: June 13, 2013 4:59 PM EDT", "Nov. 30, 2009", "Updated: 2024-05-02":
    many pages keep such a stamp in the text when no other metadata says when they appeared.
    """
    seen = 0
    for line in body.split("\n"):
        if not line.strip():
            continue
        seen += 1
        if seen > lines:
            break
        if len(line) > 60:
            continue
        m = _MONTH_DATE.match(_STAMP_PREFIX.sub("", line.strip()))
        if m:
            found = iso((m.group("a") or m.group("b") or m.group("c")).replace(".", ""))
            if found:
                return found[:10]
    return None
