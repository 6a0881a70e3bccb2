"""Printing for the command line: safe text, highlighted snippets, progress, JSON."""

from __future__ import annotations

import json
import shutil
import sys
from typing import Any, TextIO

from briefs.index.sanitize import clean_line, clean_text
from briefs.index.search import MARK_END, MARK_START

BOLD, RESET = "\x1b[1m", "\x1b[0m"


def is_tty(stream: TextIO) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


def safe(text: str | None) -> str:
    """Text from articles made safe for the terminal (escape codes and controls removed)."""
    return clean_text(text or "")


def marked(snippet: str, stream: TextIO | None = None) -> str:
    """A snippet with its highlight marks turned into bold (terminal) or *stars* (pipe)."""
    snippet = safe(snippet)
    if is_tty(stream or sys.stdout):
        return snippet.replace(MARK_START, BOLD).replace(MARK_END, RESET)
    return snippet.replace(MARK_START, "*").replace(MARK_END, "*")


def unmarked(snippet: str) -> tuple[str, list[list[int]]]:
    """The snippet without marks, and the [start, end] offsets of the highlighted words."""
    out: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    start = None
    for ch in snippet:
        if ch == MARK_START:
            start = pos
        elif ch == MARK_END and start is not None:
            spans.append([start, pos])
            start = None
        else:
            out.append(ch)
            pos += 1
    return safe("".join(out)), spans


def emit_json(data: Any) -> None:
    """JSON on stdout. json.dumps escapes every control character, so escapes cannot leak."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def err(message: str) -> None:
    sys.stderr.write(clean_line(message) + "\n")


def width() -> int:
    return shutil.get_terminal_size((100, 24)).columns


class Progress:
    """A one-line progress bar on stderr when it is a terminal, plain lines otherwise."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.tty = is_tty(stream)
        self.quiet = quiet
        self._shown = False

    def update(self, done: int, total: int, label: str) -> None:
        if self.quiet or not self.tty:
            return
        cols = max(40, width())
        bar_width = 24
        filled = int(bar_width * done / total) if total else bar_width
        label = clean_line(label)
        text = f"[{'#' * filled}{'.' * (bar_width - filled)}] {done}/{total} "
        text += label[: cols - len(text) - 1]
        self.stream.write("\r\x1b[2K" + text)
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False

    def message(self, text: str) -> None:
        """A line that stays (an error or warning), printed above the bar."""
        self.clear()
        self.stream.write(clean_line(text) + "\n")
        self.stream.flush()


def enclosure_line(enclosure: dict) -> str:
    """One attachment of a feed item as a reader sees it: kind, size, address."""
    size = str(enclosure.get("length") or "")
    if size.isdigit() and int(size) > 0:
        number = int(size)
        size = f"{number / 1e6:.1f} MB" if number >= 1e6 else f"{max(1, number // 1000)} kB"
    else:
        size = ""
    parts = [enclosure.get("type") or "file", size, enclosure.get("url") or ""]
    return " · ".join(p for p in parts if p)
