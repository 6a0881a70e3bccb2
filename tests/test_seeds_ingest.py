"""The five real seed articles: titles, dates, sources and debris as a reader would expect."""

from __future__ import annotations

from tests.conftest import write


def _by_start(cli, seeds_dir):
    code, out, err = cli("add", seeds_dir)
    assert code == 0, err
    assert "added 5" in out
    articles = {}
    for row in cli.json("list"):
        full = cli.json("show", row["id"])
        articles[full["body"][:40]] = full
    return articles


def test_all_five_seeds_import_with_clean_titles_dates_and_bodies(cli, seeds_dir):
    articles = list(_by_start(cli, seeds_dir).values())
    assert len(articles) == 5
    by_title = {a["title"]: a for a in articles}

    # A headline on the first line becomes the title and leaves the body.
    headline = "Japanese PM Sanae Takaichi and Indian PM Narendra Modi agree to deepen " \
               "Japan-India cooperation"
    assert headline in by_title
    body = by_title[headline]["body"]
    assert not body.startswith(headline)
    # Image debris and the "Popular article" link block are dropped, the last real line kept.
    assert "![]()" not in body
    assert "Popular article" not in body
    assert "Bridges beyond borders" not in body
    assert body.rstrip().endswith("held discussions with other world leaders on the sidelines.")


def test_date_prefix_becomes_published_date_and_leaves_body(cli, seeds_dir):
    articles = list(_by_start(cli, seeds_dir).values())
    dated = {a["published"]: a for a in articles if a["published"]}
    assert set(dated) == {"2025-11-24", "2025-11-23"}
    for article in dated.values():
        assert not article["body"].lstrip().startswith("date ")
    talks = dated["2025-11-24"]
    assert talks["body"].startswith("Japanese Prime Minister Takaichi Sanae and Prime Minister")
    assert talks["title"].startswith("Japanese Prime Minister Takaichi Sanae and Prime Minister")


def test_wire_prefix_gives_source_and_dateline(cli, seeds_dir):
    articles = list(_by_start(cli, seeds_dir).values())
    wire = next(a for a in articles if a["published"] == "2025-11-23")
    assert wire["source"] == "IANS (via MENAFN)"
    assert wire["dateline"] == "Johannesburg, Nov 23"
    assert wire["body"].startswith("Prime Minister Narendra Modi held a bilateral meeting")
    assert "MENAFN" not in wire["body"][:80]


def test_key_takeaways_kept_and_also_read_dropped(cli, seeds_dir):
    articles = list(_by_start(cli, seeds_dir).values())
    takeaways = next(a for a in articles if a["body"].startswith("Key Takeaways"))
    assert "- Japan set ambitious new investment target of JPY 10 trillion" in takeaways["body"]
    # With a "Key Takeaways" heading first, the first takeaway is the best headline.
    assert takeaways["title"].startswith("PM Modi and Japanese PM Sanae Takaichi held their first")
    bullets_first = next(a for a in articles if a["body"].startswith("- India and Japan urge"))
    assert "Also Read" not in bullets_first["body"]
    assert "South Korea Seeks Chip Tariff" not in bullets_first["body"]
    assert bullets_first["title"].startswith("India and Japan urge rapid progress")


def test_unknown_source_comes_from_folder_or_option(cli, seeds_dir, tmp_path):
    articles = list(_by_start(cli, seeds_dir).values())
    no_hint = [a for a in articles if a["source"] != "IANS (via MENAFN)"]
    assert {a["source"] for a in no_hint} == {"seeds"}
    one = write(tmp_path / "paste" / "story.txt", "A headline about a thing here\n"
                "The body of the pasted article says something.\n")
    code, out, _ = cli("add", one, "--source", "The Daily Example")
    assert code == 0
    assert any(a["source"] == "The Daily Example" for a in cli.json("list"))


def test_adding_seeds_twice_does_not_duplicate(cli, seeds_dir):
    cli("add", seeds_dir)
    code, out, _ = cli("add", seeds_dir)
    assert code == 0
    assert "added 0" in out and "unchanged 5" in out
    assert len(cli.json("list")) == 5
