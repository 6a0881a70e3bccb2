"""State that outlives a session (last query, theme), kept as YAML in the data folder."""

from __future__ import annotations

import os
from pathlib import Path

import yaml


def load(path: Path) -> dict:
    """The saved state, or {} when there is none or it is unreadable (never fatal)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError, ValueError, TypeError, OverflowError):
        return {}
    return data if isinstance(data, dict) else {}


def save(path: Path, state: dict) -> None:
    """Write atomically, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump(state, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
