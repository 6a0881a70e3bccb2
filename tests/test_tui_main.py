"""The app as a user drives it: search as you type, open, star, help, quit, hostile text."""

from __future__ import annotations

import pytest

from briefs.tui import context
from briefs.tui.app import BriefsApp
from briefs.tui.components.article_list import ArticleList
from tests.conftest import add_to_library, screen_text, wait_until, write


def make_app(home, demo: bool = False) -> BriefsApp:
    ctx = context.make(str(home), demo=demo)
    return BriefsApp(ctx)


async def read_only_article(home, path) -> str:
    """Add one file to an empty library, open it in the app, and return what the screen shows."""
    add_to_library(home, path)
    app = make_app(home)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        return screen_text(app)


@pytest.mark.asyncio
async def test_search_as_you_type_narrows_the_list(home):
    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        total = table.row_count
        assert total == 6
        await pilot.press("slash", *"ferr")
        # Keystrokes search within a time budget; the full result settles when typing pauses.
        await wait_until(pilot, lambda: table.row_count == 4)
        assert table.row_count == 4  # "ferr*": two ferry stories, two bridge pieces on ferries
        await pilot.press(*"y aurora")
        await wait_until(pilot, lambda: table.row_count == 2)
        assert table.row_count == 2
        assert all("Orin" in a.title or "Aurora" in a.title for a in table.articles.values())
        await wait_until(pilot, lambda: "2 shown / 2 matches" in
                         str(app.screen.query_one("#status").render()))
        assert "2 shown / 2 matches" in str(app.screen.query_one("#status").render())


@pytest.mark.asyncio
async def test_a_typo_gets_did_you_mean_once_typing_pauses(home):
    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("slash", *"bridgge")

        def status() -> str:
            return str(app.screen.query_one("#status").render())

        await wait_until(pilot, lambda: "did you mean: bridge" in status())
        assert "0 shown" in status() and "did you mean: bridge" in status()


@pytest.mark.asyncio
async def test_enter_opens_article_in_reader_and_marks_it_read(home):
    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        first = table.current_id
        await pilot.press("enter")
        await pilot.pause(0.2)
        shown = screen_text(app)
        article = app.library.store.get(first)
        assert article.title in shown
        assert article.body.split("\n")[0][:40] in shown
        assert article.read is True
        await pilot.press("tab", "tab")  # reader -> search -> list
        await pilot.press("s")
        await pilot.pause(0.1)
        assert app.library.store.get(table.current_id).starred is True


@pytest.mark.asyncio
async def test_j_k_g_G_move_the_cursor(home):
    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0


@pytest.mark.asyncio
async def test_help_lists_live_bindings_and_q_quits(home):
    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        shot = screen_text(app)
        for text in ("Mark for compare", "Compare", "toggle_read", "focus_search"):
            assert text in shot
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert "Mark for compare" not in screen_text(app).split("\n")[5]
        await pilot.press("q")
        await pilot.pause(0.2)
        assert not app.is_running


@pytest.mark.asyncio
async def test_keys_from_config_remap_bindings(home):
    write(home / "config.yaml", "keys:\n  star: \"x\"\n")
    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        await pilot.press("x")
        await pilot.pause(0.1)
        assert app.library.store.get(table.current_id).starred is True


def test_unknown_key_action_in_config_is_an_error(cli, home):
    write(home / "config.yaml", "keys:\n  explode: \"x\"\n")
    code, out, err = cli()  # `briefs` alone starts the app, after checking the keymap
    assert code == 2
    assert "keys.explode: unknown action" in err
    assert str(home / "config.yaml") in err


@pytest.mark.asyncio
async def test_article_with_escape_codes_and_markup_renders_as_plain_text(home, tmp_path):
    nasty = ("---\nid: nasty\ntitle: \"[bold red]Fake[/] title \\e[31m\"\nsource: x\n---\n"
             "Body [link=http://evil.example]click[/link] and \x1b]52;c;ZXZpbA==\x07 "
             "[bold]not bold[/bold].\n")
    write(tmp_path / "nasty.md", nasty)
    shown = await read_only_article(home, tmp_path / "nasty.md")
    assert "[link=http://evil.example]click[/link]" in shown
    assert "[bold]not bold[/bold]" in shown
    assert "\x1b" not in shown and "ZXZpbA" not in shown
    assert "[bold red]Fake[/] title" in shown


@pytest.mark.asyncio
async def test_empty_library_opens_demo_and_says_so(home):
    ctx = context.make(str(home))
    assert ctx.library_is_empty()
    ctx.demo = True
    app = BriefsApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert app.screen.has_class("narrow")
        assert "demo library" in str(app.screen.query_one("#status").render())


async def test_claims_toggle_marks_shared_conflicting_and_single_claims(home):
    from briefs.tui.components.reader import Reader

    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        table.move_cursor(row=table.get_row_index("demo-kessler-courier"))
        await pilot.pause(0.2)
        await pilot.press("C")
        styles = {}
        for _ in range(40):
            await pilot.pause(0.1)
            body = app.screen.query_one("#reader-body").content  # the Rich Text shown
            text = getattr(body, "plain", "")
            styles = {str(span.style) for span in getattr(body, "spans", [])}
            if "reverse" in styles:
                break
        assert {"underline", "reverse", "italic"} <= styles
        # The conflicting vehicle count is the reversed (conflict) span.
        reversed_text = "".join(text[s.start:s.end] for s in body.spans if str(s.style) ==
                                "reverse")
        assert "48,000 vehicles" in reversed_text
        assert "claims: underlined = shared" in str(app.screen.query_one("#status").render())
        assert isinstance(app.screen.query_one(Reader), Reader)


async def test_month_and_source_facets_filter_the_list(home):
    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        await pilot.press("d")
        await pilot.pause(0.2)
        shown = screen_text(app)
        assert "2026-03 (4)" in shown and "2026-02 (2)" in shown
        await pilot.press("down", "down", "enter")  # (any date), 2026-03, 2026-02
        await pilot.pause(0.5)
        assert table.row_count == 2
        assert "month: 2026-02" in str(app.screen.query_one("#status").render())
        await pilot.press("f")
        await pilot.pause(0.2)
        options = app.screen.query_one("OptionList")
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        options.highlighted = labels.index("Riverton Courier")
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert [a.source for a in table.articles.values()] == ["Riverton Courier"]
        await pilot.press("d", "enter")  # back to any date
        await pilot.pause(0.5)
        assert table.row_count == 2  # the courier's two pieces


async def test_split_resizes_with_keys_and_is_remembered(home):
    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        before = table.size.width
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause(0.1)
        assert table.size.width > before
        await pilot.press("t")  # sort: date -> source
        await pilot.pause(0.1)
    again = make_app(home, demo=True)
    async with again.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        assert again.screen.list_width == 55
        assert again.screen.sort == "source"


async def test_r_fetches_feeds_in_the_background_and_shows_new_articles(home):
    from tests.httpserver import LocalServer, static
    from tests.test_feeds import LONG, rss

    with LocalServer() as server:
        server.routes["/feed.xml"] = static(rss(server.base, [("First item", "/1", LONG)]),
                                            "application/rss+xml")
        add_to_library(home, server.url("/feed.xml"))
        server.routes["/feed.xml"] = static(rss(server.base, [
            ("First item", "/1", LONG), ("Second item", "/2", LONG)]), "application/rss+xml")
        app = make_app(home)
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause(0.3)
            table = app.screen.query_one(ArticleList)
            assert table.row_count == 1
            await pilot.press("r")
            await wait_until(pilot, lambda: table.row_count == 2)
            assert {a.title for a in table.articles.values()} == {"First item", "Second item"}


async def test_fast_typing_after_slash_goes_into_the_search_bar(home):
    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("slash", "f", "e", "r", "r")  # no pause between the keys
        await pilot.pause(0.6)
        assert app.screen.query_one("#search").value == "ferr"
        assert app.screen.__class__.__name__ == "MainScreen"


async def test_markdown_articles_render_inline_markup(home, tmp_path):
    write(tmp_path / "md.md", "---\nid: md\ntitle: Markdown piece\nsource: x\n---\n"
          "## The plan\n\nThe **harbour** plan is *new*; see [the map](https://x.example/m).\n\n"
          "- a `quoted` bullet point here\n")
    shown = await read_only_article(home, tmp_path / "md.md")
    assert "The harbour plan is new; see the map." in shown
    assert "• a quoted bullet point here" in shown
    assert "**" not in shown and "](https://" not in shown and "## " not in shown


async def test_tab_cycles_panes_even_when_pressed_quickly(home):
    from briefs.tui.components.reader import Reader

    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("enter")  # list -> reader
        await pilot.pause(0.1)
        assert isinstance(app.screen.focused, Reader)
        await pilot.press("tab", "tab")  # reader -> search -> list, no pause between
        await pilot.pause(0.1)
        assert isinstance(app.screen.focused, ArticleList)
        assert app.screen.query_one("#search").value == ""


@pytest.mark.asyncio
async def test_reader_shows_a_feed_items_enclosures(home, tmp_path):
    feed = write(tmp_path / "pod.rss", (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Radio</title><item>'
        "<title>Episode 12: the new quay</title><guid isPermaLink='false'>ep12</guid>"
        "<description>This week: the quay.</description>"
        '<enclosure url="http://radio.example/ep12.mp3" length="31000000" type="audio/mpeg"/>'
        "</item></channel></rss>"))
    shown = await read_only_article(home, feed)
    assert "Episode 12: the new quay" in shown
    assert "attached: audio/mpeg · 31.0 MB · http://radio.example/ep12.mp3" in shown


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_titles_get_the_spare_width_before_sources(home, size):
    app = make_app(home, demo=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        source_width, title_width = table.widths
        longest_source = max(len(a.source) for a in table.articles.values())
        assert 10 <= source_width <= min(18, longest_source)
        sources = {a.source for a in table.articles.values()}

        def apart(width: int) -> bool:
            return len({s if len(s) <= width else s[:width - 1] for s in sources}) == \
                len(sources)

        # The source gave way first, as far as outlets stay told apart.
        assert title_width >= 40 or source_width == 10 or not apart(source_width - 1)
        shown = screen_text(app)
        visible = list(table.articles.values())[:table.size.height - 2]
        for article in visible:
            whole = article.title if len(article.title) <= title_width else \
                article.title[:title_width - 1] + "…"
            assert whole in shown, whole


@pytest.mark.asyncio
async def test_an_article_opened_from_a_search_scrolls_to_its_matches(home, tmp_path):
    from briefs.tui.components.reader import Reader

    paragraphs = [f"Paragraph {n} is about the harbour works and the council's budget, told "
                  "at some length so that it fills a line or two." for n in range(40)]
    paragraphs[22] = "The foreign minister Jaishankar spoke about the port deal."
    paragraphs[33] = "Later, Jaishankar returned to the shipping lanes."
    write(tmp_path / "long.md", "---\ntitle: A long harbour article\nsource: Test Post\n---\n"
          + "\n\n".join(paragraphs) + "\n")
    add_to_library(home, tmp_path / "long.md")
    app = make_app(home)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("slash", *"jaishankar", "enter")
        await pilot.pause(0.6)
        await pilot.press("enter")
        reader = app.screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.hits and reader.scroll_y > 0)
        assert reader.border_subtitle.startswith("match 1/2")
        assert "The foreign minister Jaishankar spoke" in screen_text(app)
        assert "Paragraph 3 is about" not in screen_text(app)  # scrolled past the top
        await pilot.press("n")
        await pilot.pause(0.1)
        assert reader.border_subtitle.startswith("match 2/2")
        assert "Later, Jaishankar returned" in screen_text(app)
        await pilot.press("N")
        await pilot.pause(0.1)
        assert reader.border_subtitle.startswith("match 1/2")


def test_the_reader_highlights_what_the_index_matched_by_stem():
    from briefs.tui.textsafe import highlighted

    text = highlighted("Extra ferries run every 15 minutes; the ferry dock reopened.",
                       ["ferry"])
    marked = [text.plain[s.start:s.end] for s in text.spans if s.style == "bold reverse"]
    assert "ferries" in marked and "ferry" in marked


@pytest.mark.asyncio
async def test_the_source_column_keeps_outlets_apart(home):
    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        width, _ = table.widths
        sources = {a.source for a in table.articles.values()}
        cut = {s if len(s) <= width else s[:width - 1] + "…" for s in sources}
        assert len(cut) == len(sources)  # "Riverton Courier" and "... Morning Post" differ


@pytest.mark.asyncio
async def test_keys_in_one_burst_after_slash_reach_the_search_not_the_list(home):
    from textual import events

    app = make_app(home, demo=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        # As a terminal delivers "/storm" pasted or typed while the app is busy: every key
        # is queued before the first is handled.
        for key, char in [("slash", "/"), *((c, c) for c in "storm")]:
            app.post_message(events.Key(key, char))
        search = app.screen.query_one("#search")
        assert await wait_until(pilot, lambda: search.value == "storm")
        assert not any(a.starred for a in app.library.store.list())  # "s" starred nothing
