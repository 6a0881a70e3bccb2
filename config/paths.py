"""Where briefs keeps its configuration and its library (XDG dirs, --data-dir, BRIEFS_HOME)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP = "briefs"


@dataclass(frozen=True)
class Paths:
    """Every location briefs reads or writes."""

    config_file: Path
    data_dir: Path

    @property
    def store_file(self) -> Path:
        return self.data_dir / "library.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def state_file(self) -> Path:
        return self.data_dir / "state.yaml"

    @property
    def demo_dir(self) -> Path:
        return self.data_dir / "demo"


def resolve(data_dir: str | os.PathLike | None = None, configured: str | None = None) -> Paths:
    """Resolve locations: --data-dir, then BRIEFS_HOME, then the config, then XDG defaults.

    With --data-dir or BRIEFS_HOME the config file lives inside that folder too, so tests and
    benchmarks never read the user's real configuration.
    """
    import platformdirs

    home = data_dir or os.environ.get("BRIEFS_HOME")
    if home:
        base = Path(home).expanduser()
        return Paths(config_file=base / "config.yaml", data_dir=base)
    config_file = Path(platformdirs.user_config_dir(APP)) / "config.yaml"
    if configured:
        return Paths(config_file=config_file, data_dir=Path(configured).expanduser())
    return Paths(config_file=config_file, data_dir=Path(platformdirs.user_data_dir(APP)))
