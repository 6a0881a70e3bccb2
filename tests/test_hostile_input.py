"""Hostile content: oversize and nested files, many files, scripts in pages, escape codes in
every field of CLI output, and two processes writing at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from briefs.index.library import Library
from briefs.tui import context
from briefs.tui.app import BriefsApp
from briefs.tui.components.article_list import ArticleList
from tests.conftest import add_to_library, wait_until, write


def test_file_over_the_cap_is_refused_with_the_cap_named(cli, home, tmp_path):
    write(home / "config.yaml", "ingest:\n  max_file_bytes: 5000\n")
    (tmp_path / "huge.txt").write_text("A long headline here\n" + "word " * 5000)
    code, out, err = cli("add", tmp_path / "huge.txt")
    assert code == 1
    assert "over the 5,000 byte cap (ingest.max_file_bytes)" in err


def test_absurdly_nested_and_scripted_html_does_not_crash(cli, tmp_path):
    nested = "<div>" * 20000 + "deep text" + "</div>" * 20000
    write(tmp_path / "nested.html", f"<html><body>{nested}</body></html>")
    page = ("<html><head><title>Scripted page</title><script>var secret = 'x';</script>"
            "<style>body{color:red}</style></head><body><article>"
            "<p>The real article text is this sentence about the river flood defences, "
            "which were tested by engineers on Monday for the first time this year.</p>"
            "<iframe src='http://evil.example'>iframe text</iframe>"
            "<script>document.write('injected')</script>"
            "<p>A second paragraph of the article says the test went well overall.</p>"
            "</article></body></html>")
    write(tmp_path / "scripted.html", page)
    code, out, err = cli("add", tmp_path)
    assert "Traceback" not in err
    articles = {a["title"]: a for a in cli.json("list")}
    scripted = cli.json("show", articles["Scripted page"]["id"])
    assert "river flood defences" in scripted["body"]
    for bad in ("secret", "injected", "color:red", "iframe text"):
        assert bad not in scripted["body"]


def test_ten_thousand_files_import_with_progress_and_bounded_memory(tmp_path, home):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(10000):
        (folder / f"{n:05d}.md").write_text(
            f"---\nid: m{n}\ntitle: Note {n} on the tides\n---\nTide table {n} for the bay.\n")
    env = {**os.environ, "BRIEFS_HOME": str(home)}
    code = ("import resource, sys\n"
            "from briefs.tui.cli import main\n"
            "rc = main(['add', sys.argv[1], '--json'])\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
            "sys.exit(rc)\n")
    result = subprocess.run([sys.executable, "-c", code, str(folder)], env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["added"] == 10000
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    assert peak_kb < 500_000  # well under 500 MB
    with Library(home) as library:
        assert library.store.count() == 10000 and library.index.doc_count() == 10000


def test_cli_output_never_carries_escape_codes(cli, tmp_path):
    write(tmp_path / "evil.md",
          "---\nid: evil\ntitle: \"Title \\e]52;c;ZXZpbA==\\a with \\e[2J clear\"\n"
          "author: \"Au\\e[31mthor\"\nsource: \"So\\u202eurce\"\n"
          "url: \"https://x.example/\\e]8;;http://evil\\e\\\\\"\n---\n"
          "Body \x1b[5mblink\x1b[0m text and \x9b31m C1 CSI.\n")
    code, out, err = cli("add", tmp_path / "evil.md")
    assert code == 0, err
    for args in (("list",), ("show", "evil"), ("search", "body"), ("export", "--json"),
                 ("list", "--json"), ("show", "evil", "--json"), ("search", "body", "--json"),
                 ("stats",), ("stories",)):
        code, out, err = cli(*args)
        for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert bad not in out, (args, bad)
            assert bad not in err, (args, bad)


async def test_app_picks_up_articles_another_process_adds(home, tmp_path):
    write(tmp_path / "first.md", "---\nid: one\ntitle: First story\n---\nFirst body text.\n")
    add_to_library(home, tmp_path / "first.md")
    app = BriefsApp(context.make(str(home)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        table = app.screen.query_one(ArticleList)
        assert table.row_count == 1
        write(tmp_path / "second.md", "---\nid: two\ntitle: Second story\n---\nSecond body.\n")
        env = {**os.environ, "BRIEFS_HOME": str(home)}
        result = subprocess.run([sys.executable, "-m", "briefs.tui.cli", "add",
                                 str(tmp_path / "second.md")], env=env, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        await wait_until(pilot, lambda: table.row_count == 2, seconds=6)
        assert table.row_count == 2
        assert "two" in table.articles


def test_two_writers_at_once_both_finish_and_lose_nothing(tmp_path, home):
    for name in ("a", "b"):
        for n in range(1500):
            (tmp_path / name).mkdir(exist_ok=True)
            (tmp_path / name / f"{n}.md").write_text(
                f"---\nid: {name}{n}\ntitle: {name} note {n}\n---\nText {n} of {name}.\n")
    env = {**os.environ, "BRIEFS_HOME": str(home)}
    procs = [subprocess.Popen([sys.executable, "-m", "briefs.tui.cli", "add",
                               str(tmp_path / name)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err
        assert "added 1500" in out
    with Library(home) as library:
        library.sync_index()
        assert library.store.count() == 3000
        assert library.index.doc_count() == 3000
