"""The built-in demo library: original articles by fictional outlets, written for briefs."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def files() -> list[Path]:
    """Paths of the demo articles shipped with the package."""
    root = resources.files("briefs.index.demo")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".md"))


def ensure(data_dir: Path) -> Path:
    """Build the demo library in `data_dir` unless it is there already. Returns `data_dir`."""
    from briefs.index.library import Library
    from briefs.index.sources import Ingester

    with Library(data_dir) as library:
        if library.store.count() == 0:
            Ingester(library).add([str(p) for p in files()])
        else:
            library.sync_index()
    return data_dir
