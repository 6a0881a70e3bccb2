"""A big index backlog (a lost index at start) is taken in a commit at a time, while the list
reads the store and searches find what is indexed so far."""

from __future__ import annotations

import shutil
import threading

import pytest

from briefs.index import library as library_module
from briefs.index.library import Library
from briefs.tui import context
from briefs.tui.app import BriefsApp
from briefs.tui.screens import main as main_screen
from tests.conftest import screen_text, wait_until, write

ARTICLES = 30


def _library_without_index(cli, home, tmp_path) -> Library:
    folder = tmp_path / "articles"
    for n in range(ARTICLES):
        write(folder / f"a{n:03d}.md",
              f"---\ntitle: Harbour report {n}\nsource: Outlet {n % 3}\n"
              f"published: 2025-03-{n % 28 + 1:02d}\n---\n"
              f"The harbour crane number {n} was repaired overnight.\n")
    assert cli("add", str(folder))[0] == 0
    shutil.rmtree(home / "index")  # lost: the next start must rebuild it from the store
    return Library(home)


def test_a_catch_up_commits_in_growing_steps_and_readers_find_each_step(cli, home, tmp_path):
    library = _library_without_index(cli, home, tmp_path)
    assert library.index_lag() == ARTICLES
    seen: list[tuple[int, int, int]] = []

    def progress(done: int, total: int) -> None:
        # Another reader meanwhile neither waits nor takes the work over: it searches what
        # the commits so far hold.
        with Library(home) as reader:
            found = reader.search("harbour", limit=100, backlog_most=5).total
        seen.append((done, total, found))

    assert library.catch_up(progress, first=5, most=10) == ARTICLES
    assert seen == [(5, 30, 5), (15, 30, 15), (25, 30, 25), (30, 30, 30)]
    assert library.index_lag() == 0
    assert library.search("crane", limit=100).total == ARTICLES


def test_a_search_neither_waits_for_nor_repeats_a_catch_up_under_way(cli, home, tmp_path):
    library = _library_without_index(cli, home, tmp_path)
    with library.index.catching_up() as mine:
        assert mine
        with Library(home) as other:
            assert other.catch_up() is None  # one catch-up at a time
            assert other.sync_index(wait=False).busy
            assert other.search("harbour").total == 0  # nothing indexed yet, no waiting
    assert library.catch_up() == ARTICLES


@pytest.mark.asyncio
async def test_the_app_lists_the_store_and_says_the_index_is_catching_up(cli, home, tmp_path,
                                                                        monkeypatch):
    _library_without_index(cli, home, tmp_path).close()
    monkeypatch.setattr(main_screen, "INLINE_BACKLOG", 5)
    monkeypatch.setattr(library_module, "CATCH_UP_FIRST", 10)
    monkeypatch.setattr(library_module, "CATCH_UP_MOST", 10)
    gate = threading.Event()
    real_sync = Library.sync_index

    commits = []

    def held_sync(self, *args, **kwargs):
        if kwargs.get("limit"):
            commits.append(1)
            if len(commits) == 2:
                gate.wait(10)  # the test looks at the screen between two commits
        return real_sync(self, *args, **kwargs)

    monkeypatch.setattr(Library, "sync_index", held_sync)
    app = BriefsApp(context.make(str(home)))
    async with app.run_test(size=(160, 48)) as pilot:
        status = lambda: str(app.screen.query_one("#status").render())  # noqa: E731
        assert await wait_until(pilot, lambda: "index catching up: 10 of 30" in status()), status()
        assert app.screen.query_one("#list").row_count == ARTICLES  # read from the store
        await pilot.press("slash", *"crane", "enter")
        assert await wait_until(pilot, lambda: "10 shown / 10 matches" in status())
        gate.set()
        assert await wait_until(pilot, lambda: "catching up" not in status(), seconds=20)
        assert await wait_until(pilot, lambda: f"{ARTICLES} shown / {ARTICLES} matches"
                                in status())
        assert "crane" in screen_text(app).lower()


def test_a_stopped_catch_up_gives_up_its_commit_and_the_next_one_finishes(cli, home, tmp_path):
    library = _library_without_index(cli, home, tmp_path)
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 12  # partway through the second commit

    assert library.catch_up(first=10, most=10, stop=stop) == 10
    assert library.index_lag() == ARTICLES - 10  # only the first commit was kept
    assert library.catch_up(first=10, most=10) == ARTICLES - 10
    assert library.search("crane", limit=100).total == ARTICLES
