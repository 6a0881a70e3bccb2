"""The stories screen as a user drives it, and the paged listing behind it."""

from __future__ import annotations

import pytest

from briefs.index import demo
from briefs.tui import context
from briefs.tui.app import BriefsApp
from tests.conftest import screen_text, wait_until, write


def make_app(home) -> BriefsApp:
    return BriefsApp(context.make(str(home), demo=True))


def grid_rows(screen) -> list[list[str]]:
    grid = screen.query_one("#stories-grid")
    return [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]


async def open_stories(pilot, app, rows: int = 2):
    """Press v on the main screen and wait for the stories screen to list `rows` stories."""
    from briefs.tui.screens.stories import StoriesScreen

    await pilot.pause(0.3)
    await pilot.press("v")
    await wait_until(pilot, lambda: isinstance(app.screen, StoriesScreen)
                     and len(app.screen.rows) == rows)
    return app.screen


@pytest.mark.asyncio
async def test_v_lists_stories_with_outlets_span_disputes_and_coverage(home):
    app = make_app(home)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_stories(pilot, app)
        await wait_until(pilot, lambda: all(r.disputes is not None for r in screen.rows))
        rows = grid_rows(screen)
        kessler = next(r for r in rows if r[0].startswith("Kessler Bridge"))
        assert kessler[1:6] == ["4", "4", "2026-03-02", "2026-03-03", "3"]
        assert kessler[6] == "████"  # a cell per outlet
        assert "2 stories" in screen_text(app) and "sort: latest" in screen_text(app)
        await pilot.press("enter")
        from briefs.tui.screens.story import StoryScreen

        await wait_until(pilot, lambda: isinstance(app.screen, StoryScreen)
                         and bool(app.screen.clusters))
        assert "Kessler Bridge closed after" in screen_text(app)


@pytest.mark.asyncio
async def test_sorts_and_one_article_stories_toggle(home, tmp_path):
    app = make_app(home)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_stories(pilot, app)
        for name in ("most outlets", "most disputed", "latest"):
            await pilot.press("t")
            await wait_until(pilot, lambda n=name: f"sort: {n}" in screen_text(app))
            assert f"sort: {name}" in screen_text(app)
        await wait_until(pilot, lambda: len(screen.rows) == 2)
        assert [r.title[:7] for r in screen.rows] == ["Kessler", "Lake Or"]  # newest first
        await pilot.press("a")
        await wait_until(pilot, lambda: "one-article stories shown" in screen_text(app))
        assert len(screen.rows) >= 2


@pytest.mark.asyncio
async def test_a_search_lists_the_stories_of_its_matches(home):
    from briefs.tui.screens.stories import StoriesScreen

    app = make_app(home)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("slash", *"aurora", "enter")
        await pilot.pause(0.6)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, StoriesScreen)
                         and bool(app.screen.rows))
        assert [r.title[:8] for r in app.screen.rows] == ["Lake Ori"]
        assert "matching 'aurora'" in screen_text(app)


def test_the_listing_pages_and_sorts_without_reading_the_whole_library(cli, home, tmp_path):
    from briefs.index.library import Library

    cli("add", *demo.files())
    lone = ["A chess club in Dunmore elects its first junior captain.",
            "Volcanologists sample lava lakes on a remote Pacific island.",
            "The city orchestra premieres a symphony about tidal mills."]
    for n, text in enumerate(lone):
        write(tmp_path / f"lone-{n}.md", f"---\ntitle: {text[:30]}\nsource: Solo {n}\n"
              f"published: 2026-01-0{n + 1}\n---\n{text}\n")
    cli("add", str(tmp_path))
    with Library(home) as library:
        library.update_stories()
        shared = library.story_page("latest", min_size=2)
        assert [len(r.sources) for r in shared] == [4, 2]
        everything = library.story_page("latest", min_size=1)
        assert len(everything) == 5
        first, second = (library.story_page("latest", 1, offset, 3) for offset in (0, 3))
        assert [r.id for r in first + second] == [r.id for r in everything]
        assert [len(r.sources) for r in library.story_page("outlets", 1)][:2] == [4, 2]
        counted = library.story_page("latest")[1]
        assert library.count_disputes(counted.id) == 1  # ferries every 20 vs 15 minutes
        assert library.story_page("disputed")[0].disputes is not None
        assert library.story_page("latest")[1].disputes == 1  # kept, not counted again


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_p_draws_the_storys_timeline_and_each_outlets_share(home, size):
    # Checked as text, not as a snapshot: the plot's cells are drawn by plotext, whose
    # output shifted between runs of the whole suite.
    from briefs.tui.screens.story_pictures import StoryPicturesScreen
    from tests.conftest import open_story

    app = make_app(home)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        await open_story(pilot, app, "demo-kessler-wire")
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, StoryPicturesScreen)
                         and app.screen.pictures is not None)
        pictures = app.screen.pictures
        assert set(pictures.outlets) == {"Riverton Courier", "Tamsin Valley Ledger",
                                         "Northern Wire", "Riverton Morning Post"}
        assert sum(len(t) for t in pictures.times.values()) == 4  # a mark per article
        assert all(0 < share <= 1 for share in pictures.shares.values())
        await pilot.pause(0.2)
        shown = screen_text(app)
        assert "When each outlet published" in shown and "Northern Wire" in shown
        assert "03-02 08:15" in shown  # the first publication starts the time axis
        assert "Share of the story's facts" in shown
        assert "Riverton Cour…" in shown and "Tamsin Valley…" in shown  # labels fit
        assert shown.count("●") == 4  # a mark per article
        await pilot.press("escape")
        assert not isinstance(app.screen, StoryPicturesScreen)


def test_a_big_storys_grid_compares_the_latest_article_of_each_outlet():
    from briefs.index.article import Article
    from briefs.index.library import GRID_ARTICLES, grid_articles

    articles = [Article(id=f"a{n}", title="t", body="", source=f"Outlet {n % 15}",
                        published=f"2026-01-{n % 28 + 1:02d}") for n in range(300)]
    chosen = grid_articles(articles, keep="a5")
    assert len(chosen) == GRID_ARTICLES and "a5" in chosen
    by_id = {a.id: a for a in articles}
    assert len({by_id[i].source for i in chosen}) == GRID_ARTICLES  # one per outlet
    for article_id in chosen:  # each the latest its outlet published, but the one read
        if article_id == "a5":
            continue
        outlet = by_id[article_id].source
        assert by_id[article_id].published == max(a.published for a in articles
                                                  if a.source == outlet)
