"""Topics: the names articles mention, folded, counted as articles arrive, browsed and filtered."""

from __future__ import annotations

import pytest

from briefs.index.claims import article_names
from briefs.tui import context
from briefs.tui.app import BriefsApp
from tests.conftest import add_to_library, screen_text, wait_until, write


def test_names_drop_titles_fold_aliases_and_split_possessives():
    body = ("Prime Minister Narendra Modi met Japan's new leader in Johannesburg. "
            "Later, PM Modi said the talks went well. The Kessler Bridge stays shut.\n\n"
            "Officials in Riverton's Kessler Bridge office said more.")
    found = article_names("Modi meets Takaichi", body)
    assert "Narendra Modi" in found and "Modi" not in found and "PM Modi" not in found
    assert {"Japan", "Johannesburg", "Kessler Bridge", "Riverton"} <= set(found)
    assert "Officials" not in found and "Later" not in found  # sentence starts, not names
    assert not any("'s" in name for name in found)


def _article(folder, name: str, source: str, text: str):
    return write(folder / f"{name}.md", f"---\ntitle: {text.split('.')[0]}\nsource: {source}\n"
                 f"published: 2026-05-0{len(name) % 9 + 1}\n---\n{text}\n")


@pytest.fixture
def library_with_names(cli, home, tmp_path):
    folder = tmp_path / "in"
    _article(folder, "a", "Daily One", "Prime Minister Narendra Modi visited Tokyo on Monday. "
             "Modi met business leaders in Tokyo.")
    _article(folder, "bb", "Evening Two", "PM Modi toured a factory in Osaka. The visit ended "
             "with a dinner in Osaka.")
    _article(folder, "ccc", "Daily One", "Narendra Modi spoke about trade with Japan. The "
             "talks were held in Tokyo.")
    _article(folder, "dddd", "Garden Weekly", "The Chelsea Flower Show opened in London. "
             "Gardeners from London and Kent came.")
    code, _, err = cli("add", str(folder))
    assert code == 0, err
    return home


def test_topics_count_articles_and_outlets_with_aliases_folded(cli, library_with_names):
    topics = {t["name"]: t for t in cli.json("topics")}
    assert topics["Narendra Modi"]["articles"] == 3
    assert topics["Narendra Modi"]["outlets"] == 2
    assert topics["Narendra Modi"]["aliases"] == ["Modi"]  # "PM Modi" alone in one article
    assert topics["Tokyo"]["articles"] == 2 and topics["London"]["articles"] == 1
    assert set(cli.json("topics")[0]) == {"name", "articles", "outlets", "aliases"}
    of_search = {t["name"] for t in cli.json("topics", "flower")}
    assert "London" in of_search and "Narendra Modi" not in of_search


def test_topics_grow_as_articles_are_added_and_shrink_when_removed(cli, library_with_names,
                                                                  tmp_path):
    _article(tmp_path / "more", "eeeee", "Night Three", "Narendra Modi returned to Delhi. "
             "Delhi welcomed him.")
    cli("add", str(tmp_path / "more"))
    modi = next(t for t in cli.json("topics") if t["name"] == "Narendra Modi")
    assert (modi["articles"], modi["outlets"]) == (4, 3)
    (late,) = [a for a in cli.json("list") if a["source"] == "Night Three"]
    cli("remove", late["id"])
    modi = next(t for t in cli.json("topics") if t["name"] == "Narendra Modi")
    assert (modi["articles"], modi["outlets"]) == (3, 2)
    assert "Delhi" not in {t["name"] for t in cli.json("topics")}


def test_a_library_from_before_topics_gets_them_at_its_next_import(cli, library_with_names):
    import sqlite3

    db = sqlite3.connect(library_with_names / "library.sqlite3")
    db.executescript("DROP TABLE topics; DROP TABLE topic_sources; "
                     "UPDATE story_members SET topics = ''; "
                     "DELETE FROM meta WHERE key = 'topics_built';")
    db.commit()
    db.close()
    assert next(t for t in cli.json("topics") if t["name"] == "Narendra Modi")["articles"] == 3


@pytest.mark.asyncio
async def test_T_picks_a_topic_that_filters_the_list_and_the_stories_screen(home, tmp_path):
    from briefs.tui.components.article_list import ArticleList
    from briefs.tui.screens.pick import PickScreen
    from briefs.tui.screens.stories import StoriesScreen

    folder = tmp_path / "in"
    _article(folder, "a", "Daily One", "Narendra Modi visited Tokyo. Modi met leaders in Tokyo.")
    _article(folder, "bb", "Garden Weekly", "The Chelsea Flower Show opened in London.")
    add_to_library(home, folder)
    app = BriefsApp(context.make(str(home)))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        assert table.row_count == 2
        await pilot.press("T")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        assert "Narendra Modi · 1 articles · 1 outlets" in screen_text(app)
        options = app.screen.query_one("OptionList")
        index = next(i for i in range(options.option_count)
                     if options.get_option_at_index(i).id == "Narendra Modi")
        options.highlighted = index
        await pilot.press("enter")
        main = app.screen
        await wait_until(pilot, lambda: table.row_count == 1)
        assert [a.source for a in table.articles.values()] == ["Daily One"]
        assert "topic: Narendra Modi" in screen_text(app)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, StoriesScreen))
        assert "matching 'topic Narendra Modi'" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is main
