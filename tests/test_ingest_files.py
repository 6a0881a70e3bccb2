"""Ingest of text, Markdown and HTML files: ids, dedup, updates, and clear errors."""

from __future__ import annotations

import os

from tests.conftest import write

ARTICLE_MD = """---
id: harbour-1
title: Harbour tunnel opens a week early
source: Example Gazette
url: https://gazette.example/harbour-tunnel
author: Ana Ruiz
published: 2026-05-04
tags: [transport, city]
---
The harbour tunnel opened on Monday, a week earlier than planned.

- It cost 2.1 billion dollars.
- It carries 40,000 cars a day.
"""


def test_markdown_front_matter_fields_and_id(cli, tmp_path):
    write(tmp_path / "a.md", ARTICLE_MD)
    code, out, err = cli("add", tmp_path / "a.md")
    assert code == 0, err
    article = cli.json("show", "harbour-1")
    assert article["title"] == "Harbour tunnel opens a week early"
    assert article["source"] == "Example Gazette"
    assert article["author"] == "Ana Ruiz"
    assert article["published"] == "2026-05-04"
    assert article["tags"] == ["transport", "city"]
    assert article["body"].startswith("The harbour tunnel opened on Monday")
    assert article["body"].rstrip().endswith("- It carries 40,000 cars a day.")


def test_same_article_twice_updates_instead_of_duplicating(cli, tmp_path):
    path = write(tmp_path / "a.md", ARTICLE_MD)
    cli("add", path)
    code, out, _ = cli("add", path)
    assert "added 0" in out and "unchanged 1" in out
    write(path, ARTICLE_MD.replace("a week earlier", "eight days earlier"))
    code, out, _ = cli("add", path)
    assert "added 0, updated 1" in out
    assert "eight days earlier" in cli.json("show", "harbour-1")["body"]
    assert len(cli.json("list")) == 1


def test_id_is_derived_from_url_else_content_and_stable(cli, tmp_path):
    with_url = "---\ntitle: One\nurl: https://x.example/one?utm_source=feed\n---\nBody one.\n"
    write(tmp_path / "u1.md", with_url)
    write(tmp_path / "plain.txt", "A plain headline for this one\nSome body text here.\n")
    cli("add", tmp_path)
    ids_first = sorted(a["id"] for a in cli.json("list"))
    # The same URL without tracking parameters is the same article.
    write(tmp_path / "u2.md", with_url.replace("?utm_source=feed", "").replace("One", "Uno"))
    cli("add", tmp_path)
    ids_second = sorted(a["id"] for a in cli.json("list"))
    assert ids_first == ids_second
    assert len(ids_second) == 2


def test_front_matter_errors_name_file_and_line_and_others_still_import(cli, tmp_path):
    write(tmp_path / "good.md", ARTICLE_MD)
    write(tmp_path / "bad.md", "---\ntitle: ok\nsource: [unclosed\n---\nbody\n")
    write(tmp_path / "badtype.md", "---\ntitle: ok\ntags: {a: 1}\n---\nbody text\n")
    write(tmp_path / "baddate.md", "---\ntitle: ok\npublished: not a date\n---\nbody text\n")
    write(tmp_path / "pyobj.md", "---\ntitle: !!python/object/apply:os.system ['echo hi']\n"
                                 "---\nbody text\n")
    write(tmp_path / "year0.md", "---\ntitle: ok\npublished: 0000-00-00\n---\nbody text\n")
    code, out, err = cli("add", tmp_path)
    assert code == 1
    assert "added 1" in out and "skipped 5 (see above)" in out
    assert "year0.md:1: invalid front matter value: year 0 is out of range" in err
    assert "bad.md:4: invalid front matter YAML" in err or "bad.md:3: invalid front matter" in err
    assert "badtype.md:3: front matter 'tags' must be a list of words" in err
    assert "baddate.md:3: front matter 'published' is not a date" in err
    assert "pyobj.md" in err and "invalid front matter YAML" in err
    assert len(cli.json("list")) == 1


def test_binary_empty_oversize_and_missing_sources_are_reported(cli, tmp_path):
    write(tmp_path / "ok.txt", "A normal headline for the test\nNormal text of an article.\n")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 20)
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = cli("add", tmp_path, tmp_path / "missing.md")
    assert "bin.txt: binary file, not text" in err
    assert "empty.txt: empty file" in err
    assert "missing.md: no such file or folder" in err
    assert "added 1" in out and "skipped 3" in out
    assert code == 1


def test_invalid_utf8_is_decoded_with_a_warning(cli, tmp_path):
    (tmp_path / "latin.txt").write_bytes(
        "Caf\u00e9 owners protest new rules\nThe caf\u00e9 association met on Tuesday.\n"
        .encode("latin-1"))
    code, out, err = cli("add", tmp_path / "latin.txt")
    assert code == 0
    assert "not UTF-8" in err
    (article,) = cli.json("list")
    assert article["title"] == "Café owners protest new rules"


def test_escape_codes_are_removed_before_storing(cli, tmp_path):
    nasty = ("Headline \x1b[31mred\x1b[0m and \x1b]52;c;ZXZpbA==\x07clip\n"
             "Body with \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ and \u202ebidi text"
             " and a bell\x07.\n")
    write(tmp_path / "nasty.txt", nasty)
    cli("add", tmp_path / "nasty.txt")
    (row,) = cli.json("list")
    article = cli.json("show", row["id"])
    for field in ("title", "body"):
        assert "\x1b" not in article[field] and "\x07" not in article[field]
        assert "\u202e" not in article[field]
    assert article["title"] == "Headline red and clip"
    assert "link and bidi text" in article["body"]


def test_html_page_main_text_and_metadata(cli, tmp_path):
    page = """<html><head><title>Dam repair finished | Valley News</title>
<link rel="canonical" href="https://valley.example/dam-repair">
<meta name="author" content="Jo Park">
<meta property="article:published_time" content="2026-04-02T09:00:00Z">
<meta property="og:site_name" content="Valley News">
<script>alert('x')</script><style>p{}</style></head>
<body><nav>Home | World | Sport</nav><article><h1>Dam repair finished</h1>
<p>Engineers finished the repair of the Orm dam on Thursday after six months of work on the
spillway and the two main gates, the regional water board said in a statement.</p>
<p>The work cost 31 million euros and the reservoir will be refilled over the summer, when
engineers expect water levels to return to normal for the first time since last year.</p>
<p>Residents downstream were told that the flood warnings in place since January are lifted.</p>
</article><footer>Copyright</footer></body></html>"""
    write(tmp_path / "dam.html", page)
    code, out, err = cli("add", tmp_path / "dam.html")
    assert code == 0, err
    (row,) = cli.json("list")
    article = cli.json("show", row["id"])
    assert "Dam repair finished" in article["title"]
    assert article["url"] == "https://valley.example/dam-repair"
    assert article["author"] == "Jo Park"
    assert article["published"].startswith("2026-04-02")
    assert "31 million euros" in article["body"]
    assert "alert(" not in article["body"] and "Home | World" not in article["body"]


def test_folder_is_read_recursively_and_link_loops_do_not_hang(cli, tmp_path):
    write(tmp_path / "lib" / "a" / "one.md", ARTICLE_MD)
    write(tmp_path / "lib" / "a" / "b" / "two.txt", "Second headline about things\nText two.\n")
    (tmp_path / "lib" / "a" / "b" / "loop").symlink_to(tmp_path / "lib" / "a")
    code, out, err = cli("add", tmp_path / "lib")
    assert "added 2" in out
    assert "link loop" in err


def test_a_date_stamp_in_the_text_dates_an_article_without_metadata(cli, tmp_path):
    write(tmp_path / "stamped.md", "---\nid: stamped\ntitle: Dam opens\n---\n\nDam opens\n\n"
          "First Published: June 13, 2013 4:59 PM EDT\n\nThe dam opened on Thursday.\n")
    write(tmp_path / "inline.md", "---\nid: inline\ntitle: Dam\n---\n\nThe dam that opened "
          "on June 13, 2013 is the largest in the valley, officials said on Friday.\n")
    cli("add", tmp_path)
    assert cli.json("show", "stamped")["published"] == "2013-06-13"
    # A date inside a sentence is news, not the page's own date.
    assert cli.json("show", "inline")["published"] is None


def test_a_big_folder_read_by_helper_processes_gives_what_reading_here_gives(
        cli, tmp_path, monkeypatch):
    from briefs.index.sources import file_reading

    folder = tmp_path / "in"
    for n in range(7):
        write(folder / f"{n}.md", ARTICLE_MD.replace("harbour-1", f"harbour-{n}")
              .replace("a week early", f"{n} days early"))
    write(folder / "3b.md", "---\ntitle: ok\ntags: {a: 1}\n---\nbody text\n")
    (folder / "4b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 20)
    (folder / "5b.txt").write_bytes("Caf\u00e9 owners protest\nThe caf\u00e9 met.\n"
                                    .encode("latin-1"))
    here = cli("add", folder)
    listed_here = cli.json("list")
    monkeypatch.setenv("BRIEFS_HOME", str(tmp_path / "other"))
    monkeypatch.setattr(file_reading, "PARALLEL_FROM", 1)
    monkeypatch.setattr(file_reading, "CHUNK", 2)  # several requests in flight
    read_file = file_reading.read_file
    readers = tmp_path / "readers"

    def noting_reader(*args):
        with readers.open("a") as out:  # a helper process's note reaches the test this way
            out.write(f"{os.getpid()}\n")
        return read_file(*args)

    monkeypatch.setattr(file_reading, "read_file", noting_reader)
    helped = cli("add", folder)
    assert helped == here
    assert cli.json("list") == listed_here
    assert "3b.md:3: front matter 'tags' must be a list" in here[2]
    assert "4b.txt: binary file" in here[2] and "not UTF-8" in here[2]
    assert "added 8" in here[1] and "skipped 2" in here[1]
    pids = set(readers.read_text().split())
    assert len(pids) >= 1 and str(os.getpid()) not in pids
