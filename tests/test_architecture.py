"""The engine's rooms: imports run one way along the data flow, callers outside a room use the
names it exports, and the engine never loads the app's toolkit."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

ROOMS = ("sources", "search", "claims", "stories")
# What each part of briefs.index may import. Core modules (the Article record, errors,
# sanitizing, dates, stems, helper processes) sit below everything; the library facade and the
# demo sit at the bottom and may use every room.
MAY_IMPORT = {
    "core": {"core"},
    "store": {"core"},
    "sources": {"core", "store", "sources"},
    "search": {"core", "store", "search"},
    "claims": {"core", "claims"},
    "stories": {"core", "store", "search", "claims", "stories"},
    "library": {"core", "store", "sources", "search", "claims", "stories", "library"},
    "demo": {"core", "store", "sources", "search", "claims", "stories", "library", "demo"},
}


def part_of_file(path: Path) -> str:
    """Which part of the engine a file under index/ belongs to."""
    rel = path.relative_to(ROOT / "index").parts
    if rel[0] in ROOMS or rel[0] == "demo":
        return rel[0]
    return {"store.py": "store", "library.py": "library"}.get(rel[0], "core")


def part_of_module(module: str) -> tuple[str, str | None]:
    """(part, private module or None) of a `briefs.index...` module name."""
    parts = module.split(".")[2:]
    if not parts:
        return "core", None
    if parts[0] in ROOMS or parts[0] == "demo":
        return parts[0], (parts[1] if len(parts) > 1 else None)
    return {"store": "store", "library": "library"}.get(parts[0], "core"), None


def imports_of(source: str) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every import in a module, in functions too."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [alias.name for alias in node.names]
            found.append((node.lineno, node.module, names))
            # `from briefs.index import x` imports the module briefs.index.x.
            found.extend((node.lineno, f"{node.module}.{name}", []) for name in names
                         if node.module == "briefs.index")
    return found


def wrong_arrows(path: Path, source: str) -> list[str]:
    """Every import of `source` (the file at `path`) that runs against the flow."""
    in_index = path.is_relative_to(ROOT / "index")
    here = part_of_file(path) if in_index else "tui"
    problems = []
    for line, module, names in imports_of(source):
        where = f"{path.relative_to(ROOT)}:{line}"
        if module.startswith("briefs.tui") and in_index:
            problems.append(f"{where}: the engine imports the app ({module})")
        if not module.startswith("briefs.index"):
            continue
        there, private = part_of_module(module)
        if in_index and there not in MAY_IMPORT[here]:
            problems.append(f"{where}: {here} imports {there} ({module}), back up the flow")
        if there in ROOMS and there != here:
            if private is not None:
                problems.append(f"{where}: {module} is private to {there}; import what "
                                f"briefs.index.{there} exports")
            exported = set(importlib.import_module(f"briefs.index.{there}").__all__)
            problems.extend(f"{where}: briefs.index.{there} does not export {name}"
                            for name in names if name not in exported)
    return problems


def test_imports_run_one_way_along_the_flow():
    files = sorted((ROOT / "index").rglob("*.py")) + sorted((ROOT / "tui").rglob("*.py"))
    assert len(files) > 40
    problems = [p for path in files for p in wrong_arrows(path, path.read_text())]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("file", "source", "complaint"), [
    ("index/sources/feeds.py", "from briefs.index.search import SearchIndex",
     "sources imports search"),
    ("index/claims/split.py", "def f():\n    from briefs.index.sources import Ingester",
     "claims imports sources"),
    ("index/stories/grid.py", "from briefs.index import store, library", "stories imports library"),
    ("index/store.py", "import briefs.tui.app", "the engine imports the app"),
    ("tui/app.py", "from briefs.index.claims.compare import Comparison", "private to claims"),
    ("tui/app.py", "from briefs.index.search import numpy_search", "does not export numpy_search"),
])
def test_the_checker_sees_each_kind_of_wrong_arrow(file, source, complaint):
    problems = wrong_arrows(ROOT / file, source)
    assert any(complaint in p for p in problems), problems


@pytest.mark.parametrize("room", ROOMS)
def test_each_room_says_what_it_holds_and_exports_real_names(room):
    package = importlib.import_module(f"briefs.index.{room}")
    assert package.__doc__ and len(package.__doc__.split()) >= 15
    assert package.__all__
    for name in package.__all__:
        assert getattr(package, name) is not None, name
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018


def test_the_engine_loads_without_textual_and_rooms_load_lazily():
    code = ("import sys\n"
            "import briefs.index, briefs.index.library\n"
            "import briefs.index.sources, briefs.index.search, briefs.index.claims, "
            "briefs.index.stories\n"
            "assert 'textual' not in sys.modules, 'textual was imported'\n"
            "assert 'numpy' not in sys.modules, 'a room import loaded numpy'\n"
            "from briefs.index.claims import claims\n"
            "assert claims('The bridge closed on Monday.')\n"
            "assert 'textual' not in sys.modules\n"
            "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
