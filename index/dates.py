"""Turn the many ways articles write a publication date into one ISO 8601 form."""

from __future__ import annotations

import datetime as dt
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
