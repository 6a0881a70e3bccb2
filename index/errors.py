"""Error types of the library. Each carries the source it is about and a plain reason."""

from __future__ import annotations


class BriefsError(Exception):
    """Base of every error briefs reports to the user without a traceback."""


class SourceError(BriefsError):
    """A source (file, URL, feed) could not be read; names the source and the reason."""

    def __init__(self, source: str, reason: str, line: int | None = None):
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")


class NotFound(BriefsError):
    """An article, story or feed id that the library does not hold."""
