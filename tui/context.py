"""What every command needs: the resolved paths, the settings and a way to open the library."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefs.config import paths as pathmod
from briefs.config import settings as settingsmod
from briefs.config.paths import Paths
from briefs.config.settings import Settings


@dataclass
class Context:
    """Paths and settings of one run, and whether it shows the demo library."""

    paths: Paths
    settings: Settings
    demo: bool = False

    @property
    def data_dir(self) -> Path:
        return self.paths.demo_dir if self.demo else self.paths.data_dir

    @property
    def index_dir(self) -> Path | None:
        configured = self.settings.get("library", "index_dir")
        if self.demo or not configured:
            return None
        return Path(configured).expanduser()

    def open_library(self, notify=None):
        """The library of this run (building the demo library first when asked for).

        `notify` receives notices such as "the index was rebuilt"; by default stderr.
        """
        from briefs.index.library import Library

        if self.demo:
            from briefs.index import demo

            demo.ensure(self.data_dir)
        if notify is None:
            from briefs.index.sanitize import clean_line

            def notify(message: str) -> None:
                import sys

                sys.stderr.write(f"note: {clean_line(message)}\n")

        return Library(self.data_dir, self.index_dir, notify=notify)

    def library_is_empty(self) -> bool:
        from briefs.index.store import Store

        if not self.paths.store_file.exists():
            return True
        store = Store(self.paths.store_file)
        try:
            return store.count() == 0
        finally:
            store.close()


def make(data_dir: str | None = None, demo: bool = False) -> Context:
    """Resolve paths (--data-dir, BRIEFS_HOME, config, XDG) and load the settings."""
    first = pathmod.resolve(data_dir)
    settings = settingsmod.load(first.config_file)
    configured = settings.get("library", "data_dir")
    paths = pathmod.resolve(data_dir, configured) if configured else first
    return Context(paths=paths, settings=settings, demo=demo)
