"""Make untrusted text safe for a terminal: no escape sequences, controls or bidi overrides."""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST), DCS/SOS/PM/APC
# (ESC P/X/^/_ ... ST), and two-byte escapes. Also the 8-bit C1 forms (0x9b CSI, 0x9d OSC, ...).
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]            # CSI
  | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI
  | (?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f]) .*? (?:\x07|\x1b\\|\x9c|$)   # OSC/DCS/SOS/PM/APC
  | \x1b[ -/]*[0-~]                    # other escapes (charset selection, ESC c reset, ...)
    """,
    re.VERBOSE | re.DOTALL,
)
# What every escape sequence above starts with, besides ESC: the 8-bit introducers.
_C1_INTRODUCERS = re.compile("[\x9b\x9d\x90\x98\x9e\x9f]")
# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# and other invisible format characters that can reorder or hide text.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
    "\ufff9-\ufffb]"
)


def clean_text(text: str) -> str:
    """Remove terminal escape sequences and control characters; keep newlines and tabs.

    Carriage returns become newlines (so `\\r\\n` and old Mac line ends read right).
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _may_hold_escapes(text):
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def _may_hold_escapes(text: str) -> bool:
    """Whether a text holds a character an escape sequence starts with. Most hold none, and
    the escapes' pattern took 60 us to find nothing in a 10 KB article (a sixth of reading
    an article file), where this check takes a few."""
    return "\x1b" in text or (not text.isascii() and _C1_INTRODUCERS.search(text) is not None)


def clean_line(text: str) -> str:
    """Like clean_text, for one-line fields (title, source, author, URL): whitespace folded."""
    return " ".join(clean_text(text or "").split())


def is_clean(text: str) -> bool:
    """True when the text holds nothing clean_text would remove."""
    return clean_text(text) == text.replace("\r\n", "\n").replace("\r", "\n")
