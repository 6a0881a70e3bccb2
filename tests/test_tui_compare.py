"""The compare flow as a user drives it: mark two, compare, jump to conflicts, open, swap."""

from __future__ import annotations

from briefs.tui import context
from briefs.tui.app import BriefsApp
from briefs.tui.components.article_list import ArticleList
from briefs.tui.screens.article import ArticleScreen
from briefs.tui.screens.compare import ClaimRow, CompareScreen
from tests.conftest import open_story, screen_text, wait_until


async def _open_compare(pilot, app, first: str, second: str):
    table = app.screen.query_one(ArticleList)
    for article_id in (first, second):
        table.move_cursor(row=table.get_row_index(article_id))
        await pilot.press("space")
    assert table.marked == [first, second]
    await pilot.press("c")
    filled = await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen)
                              and bool(app.screen.query(ClaimRow)))
    assert filled, "the compare screen did not fill"
    return app.screen


async def test_mark_two_and_compare_shows_summary_and_conflicts(home):
    app = BriefsApp(context.make(str(home), demo=True))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        screen = await _open_compare(pilot, app, "demo-kessler-courier", "demo-kessler-ledger")
        shown = screen_text(app)
        assert "2 conflicts" in shown and "only in A" in shown
        assert "48,000" in shown and "52,000" in shown
        assert "Riverton Courier" in shown and "Tamsin Valley Ledger" in shown
        rows = screen.rows
        await pilot.press("n")
        assert rows[screen.selected].relation == "conflict"
        first = screen.selected
        await pilot.press("n")
        assert rows[screen.selected].relation == "conflict" and screen.selected != first
        await pilot.press("N")
        assert screen.selected == first
        assert "vs" in screen_text(app).splitlines()[-2]  # the why line names both values


async def test_open_claim_in_article_and_back(home):
    app = BriefsApp(context.make(str(home), demo=True))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        screen = await _open_compare(pilot, app, "demo-kessler-courier", "demo-kessler-wire")
        await pilot.press("j", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id in ("demo-kessler-courier", "demo-kessler-wire")
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert app.screen is screen


async def test_swap_sides(home):
    app = BriefsApp(context.make(str(home), demo=True))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        screen = await _open_compare(pilot, app, "demo-orin-ferry-courier",
                                     "demo-orin-ferry-ledger")
        await pilot.press("w")
        await wait_until(pilot, lambda: screen.result.a.id == "demo-orin-ferry-ledger")
        assert screen.result.a.id == "demo-orin-ferry-ledger"
        assert screen_text(app).index("A: Tamsin Valley Ledger") >= 0


async def test_c_without_marks_compares_with_the_closest_story_match(home):
    app = BriefsApp(context.make(str(home), demo=True))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        table.move_cursor(row=table.get_row_index("demo-orin-ferry-ledger"))
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen)
                         and app.screen.result is not None)
        assert isinstance(app.screen, CompareScreen)
        assert {app.screen.result.a.id, app.screen.result.b.id} == {
            "demo-orin-ferry-ledger", "demo-orin-ferry-courier"}


async def test_palette_offers_briefs_commands(home):
    app = BriefsApp(context.make(str(home), demo=True))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"compare with")
        await pilot.pause(0.5)
        assert "Compare with..." in screen_text(app)


async def test_story_view_shows_coverage_grid(home):
    from briefs.tui.screens.story import StoryScreen

    app = BriefsApp(context.make(str(home), demo=True))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await open_story(pilot, app, "demo-kessler-wire")
        assert isinstance(app.screen, StoryScreen)
        await wait_until(pilot, lambda: "Riverton Courier: " in screen_text(app))
        shown = screen_text(app)
        assert "4 articles · 4 sources" in shown
        for source in ("Riverton Cou", "Tamsin Valle", "Northern Wir", "Riverton Mor"):
            assert source in shown
        assert "Mayor Tom Reyes asked employers" in shown  # a one-source claim
        # Moving onto a row with "!" shows who says which value.
        screen = app.screen
        row = next(i for i, c in enumerate(screen.clusters)
                   if any(x.a == "48,000" for _, _, x in c.conflicts))
        while screen.query_one("#story-grid").cursor_row < row:
            await pilot.press("j")
        await pilot.pause(0.1)
        detail = screen_text(app)
        assert "count: 48,000 (Riverton Courier) vs 52,000 (Tamsin Valley Ledger)" in detail
        # Each outlet's own sentence, the disagreeing one included.
        assert "Tamsin Valley Ledger: Roughly 52,000 vehicles use the bridge" in detail
        assert "Northern Wire: About 48,000 vehicles cross the bridge" in detail
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ArticleScreen)


async def test_story_grid_puts_a_disputed_fact_on_one_row_with_each_outlets_value(home):
    from briefs.tui.screens.compare import CompareScreen
    from briefs.tui.screens.story import StoryScreen

    app = BriefsApp(context.make(str(home), demo=True))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await open_story(pilot, app, "demo-kessler-wire")
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        grid = screen.query_one("#story-grid")
        rows = [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]
        vehicles = [r for r in rows if "48,000" in r or "52,000" in r]
        reopening = [r for r in rows if "March 16" in r or "March 23" in r]
        assert len(vehicles) == 1 and {"48,000", "52,000", "!"} <= set(vehicles[0])
        assert len(reopening) == 1 and {"March 16", "March 23"} <= set(reopening[0])
        row = rows.index(vehicles[0])
        while grid.cursor_row < row:
            await pilot.press("j")
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        assert isinstance(app.screen, CompareScreen)
        sides = {app.screen.a_id, app.screen.b_id}
        assert "demo-kessler-ledger" in sides  # the 52,000 side faces a 48,000 side


async def test_clicking_a_claim_row_selects_it(home):
    app = BriefsApp(context.make(str(home), demo=True))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        screen = await _open_compare(pilot, app, "demo-kessler-courier", "demo-kessler-ledger")
        target = screen.rows[2]
        await pilot.click(target)
        await pilot.pause(0.1)
        assert screen.selected == 2 and target.has_class("-selected")


async def test_compare_marks_the_words_of_the_current_search(home):
    from briefs.tui.screens.compare import QUERY_STYLE

    app = BriefsApp(context.make(str(home), demo=True))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("slash", *"vehicles", "enter")
        await pilot.pause(0.6)
        screen = await _open_compare(pilot, app, "demo-kessler-courier", "demo-kessler-ledger")
        marked = [row.left.plain[span.start:span.end] for row in screen.rows
                  for span in row.left.spans if span.style == QUERY_STYLE]
        assert marked and all(word.lower() == "vehicles" for word in marked)
