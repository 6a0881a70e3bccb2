"""Shared fixtures: an empty data dir per test, a CLI runner, the seed articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefs.tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
ECB = SHARED / "corpora" / "ecbplus-dev"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty briefs home; BRIEFS_HOME points at it so nothing touches the real one."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("BRIEFS_HOME", str(folder))
    return folder


class CLI:
    """Runs `briefs ...` in-process and captures what it printed."""

    def __init__(self, capsys):
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str):
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(home, capsys) -> CLI:
    return CLI(capsys)


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this clone")
    return SEEDS


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def screen_text(app) -> str:
    """What the app's current screen shows, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def wait_until(pilot, condition, seconds: float = 5.0) -> bool:
    """Let the app run until `condition()` holds (workers finish, screens fill) or time is up.

    Returns the condition's last value; callers assert on what they then see.
    """
    for _ in range(int(seconds / 0.1)):
        if condition():
            return True
        await pilot.pause(0.1)
    return bool(condition())


def add_to_library(home: Path, *sources: str | Path) -> None:
    """Import sources into the library at `home` before an app is opened on it."""
    from briefs.index.library import Library
    from briefs.index.sources.ingest import Ingester

    with Library(home) as library:
        Ingester(library).add([str(s) for s in sources])


async def open_story(pilot, app, article_id: str) -> None:
    """Put the list's cursor on `article_id`, press S, and wait for the grid to fill."""
    from briefs.tui.components.article_list import ArticleList
    from briefs.tui.screens.story import StoryScreen

    table = app.screen.query_one(ArticleList)
    table.move_cursor(row=table.get_row_index(article_id))
    await pilot.press("S")
    await wait_until(pilot, lambda: isinstance(app.screen, StoryScreen)
                     and bool(app.screen.clusters))
