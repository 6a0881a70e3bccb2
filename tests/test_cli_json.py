"""The documented JSON of every listing command, and the engine's independence from Textual."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from briefs.index import demo

ARTICLE_KEYS = {"id", "title", "source", "url", "author", "published", "tags", "feed", "read",
                "starred"}


def test_list_show_stats_export_schemas(cli):
    code, out, err = cli("add", *demo.files())
    assert code == 0, err
    rows = cli.json("list")
    assert len(rows) == len(demo.files())
    assert all(ARTICLE_KEYS <= set(r) for r in rows)
    dates = [r["published"] for r in rows]
    assert dates == sorted(dates, reverse=True)  # newest first
    shown = cli.json("show", rows[0]["id"])
    assert ARTICLE_KEYS | {"body", "hash", "dateline", "fetched"} <= set(shown)
    stats = cli.json("stats")
    assert stats["articles"] == len(rows) and stats["indexed"] == len(rows)
    code, out, _ = cli("export", "--json")
    exported = json.loads(out)
    assert {a["id"] for a in exported} == {r["id"] for r in rows}
    assert len(cli.json("list", "--limit", "2")) == 2


def test_export_markdown_reimports_identically(cli, tmp_path, home):
    cli("add", *demo.files())
    before = {a["id"]: cli.json("show", a["id"]) for a in cli.json("list")}
    code, out, _ = cli("export", "--md", "-o", tmp_path / "out")
    assert code == 0
    other = tmp_path / "other-home"
    code, out, err = cli("--data-dir", other, "add", tmp_path / "out")
    assert code == 0, err
    for article_id, article in before.items():
        again = cli.json("--data-dir", other, "show", article_id)
        for key in ("title", "source", "url", "author", "published", "tags", "body"):
            assert again[key] == article[key], key


def test_engine_and_json_cli_never_import_textual(home):
    code = (
        "import sys, io, contextlib\n"
        "import briefs.index.library, briefs.index.sources.ingest\n"
        "import briefs.index.search.searchindex\n"
        "from briefs.tui.cli import main\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    main(['search', 'bridge', '--json'])\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "print('ok')\n"
    )
    env = {**os.environ, "BRIEFS_HOME": str(home)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_demo_flag_uses_the_builtin_library(cli):
    rows = cli.json("--demo", "list")
    assert len(rows) == len(demo.files())
    assert cli.json("list") == []  # the user's own library stays empty
