"""The configuration's error type: a message that names the file and line."""

from __future__ import annotations

from pathlib import Path


class ConfigError(Exception):
    """A problem in a configuration file, shown to the user as `file:line: message`."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        where = str(path) if path else "config"
        if line:
            where += f":{line}"
        super().__init__(f"{where}: {message}")
