"""Real feed and OPML files (../shared/corpora/realworld-feeds) go in both ways, as local files
and from a server on 127.0.0.1, with what a reader of each file expects (realworld_feeds.yaml).

Skips where ../shared is absent (a user's clone); tests/test_feed_formats.py covers the same
classes of problems with the project's own fixtures.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import threading
from collections import Counter
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from briefs.tui.cli import main
from tests.conftest import SHARED
from tests.httpserver import LocalServer, static

FOLDER = SHARED / "corpora" / "realworld-feeds"
EXPECTED = yaml.safe_load((Path(__file__).parent / "realworld_feeds.yaml").read_text("utf-8"))
PORT = 44649  # the derived OPML files list feeds on this port
MOJIBAKE = re.compile("Ã.|â€|Â[^ ]|Ð[\u0080-\u00bf]|ã\u0081")

pytestmark = pytest.mark.skipif(not FOLDER.is_dir(), reason="../shared is not beside the project")


def _files() -> list[str]:
    return sorted(p.name for p in FOLDER.iterdir() if p.name != "README.md") \
        if FOLDER.is_dir() else []


@pytest.fixture(scope="module")
def server():
    """Serves the folder, each file with the Content-Type its own test header names."""
    srv = LocalServer()
    try:
        srv.httpd.server_close()
        srv.httpd = ThreadingHTTPServer(("127.0.0.1", PORT), srv.httpd.RequestHandlerClass)
        srv.thread = threading.Thread(target=srv.httpd.serve_forever, daemon=True)
        srv.fixed_port = True
    except OSError:
        srv = LocalServer()
        srv.fixed_port = False
    for path in FOLDER.iterdir():
        data = path.read_bytes()
        header = re.search(rb"Header:\s*Content-type:\s*([^\r\n]+)", data[:800], re.I)
        kind = header.group(1).decode() if header else (
            "text/x-opml" if path.suffix == ".opml" else "application/xml")
        srv.routes["/" + path.name] = static(data, kind)
    with srv:
        yield srv


def run(home: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data-dir", str(home), *args])
    return code, out.getvalue(), err.getvalue()


def add(tmp_path: Path, source: str, no_fetch: bool) -> tuple[int, dict, list, list]:
    """`briefs add SOURCE --json` in a fresh library (no full-text fetches: no network)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "config.yaml").write_text("feeds:\n  full_text: false\n  timeout: 5\n")
    code, out, err = run(home, "add", source, "--json", *(["--no-fetch"] if no_fetch else []))
    summary = json.loads(out)  # --json always prints its summary
    articles = json.loads(run(home, "export", "--json")[1])
    feeds = json.loads(run(home, "feeds", "--json")[1])
    return code, summary, articles, feeds


def _sorted(articles: list[dict]) -> list[dict]:
    return sorted(articles, key=lambda a: (a["title"], a["url"], a["body"]))


def _check_general(name: str, code: int, summary: dict, articles: list[dict]) -> None:
    """What holds for every file, including held-out ones nobody wrote expectations for."""
    assert code in (0, 1), (name, code)
    assert (code == 1) == bool(summary["errors"]), (name, summary)
    for problem in summary["errors"] + summary["warnings"]:
        assert "Traceback" not in problem and "\n" not in problem, problem
    for article in articles:
        assert article["title"].strip(), (name, article)
        assert not MOJIBAKE.search(article["title"] + article["body"]), (name, article["title"])
        assert not article["url"] or article["url"].startswith(("http://", "https://")), article
        for enclosure in article["enclosures"]:
            assert enclosure["url"].startswith(("http://", "https://")), enclosure


@pytest.mark.parametrize("name", _files())
@pytest.mark.parametrize("mode", ["file", "url"])
def test_each_file_goes_in_as_a_reader_expects(name, mode, server, tmp_path):
    expected = EXPECTED.get(name)
    text = (FOLDER / name).read_bytes()
    if b"127.0.0.1:%d" % PORT in text and not server.fixed_port:
        pytest.skip(f"port {PORT}, which {name} lists, is taken")
    no_fetch = bool(expected and expected.get("no_fetch"))
    source = str(FOLDER / name) if mode == "file" else server.url("/" + name)
    code, summary, articles, feeds = add(tmp_path, source, no_fetch)
    _check_general(name, code, summary, articles)
    if expected is None:
        return  # a file added since the expectations were written: the general checks hold
    assert len(articles) == expected["articles"], (name, [a["title"] for a in articles])
    if "error" in expected:
        assert any(expected["error"] in e for e in summary["errors"]), summary["errors"]
    else:
        assert not summary["errors"], summary["errors"]
    if "warning" in expected and mode == "file":
        assert any(expected["warning"] in w for w in summary["warnings"]), summary["warnings"]
    items = expected.get("items", [])
    got = _sorted(articles)
    assert Counter(a["title"] for a in got) == Counter(i["title"] for i in items)
    url_links = [server.base + link for link in expected.get("url_links", [])]
    for item, article in zip(items, got, strict=True):
        if mode == "file" or not url_links:
            assert article["url"] == item.get("link", ""), (name, item["title"])
        assert article["author"] == item.get("author", ""), (name, item["title"])
        assert article["body"].startswith(item.get("body", "")), (name, article["body"][:80])
        assert [e["url"] for e in article["enclosures"]] == item.get("enclosures", [])
        assert article["tags"] == item.get("tags", []), (name, item["title"])
    if mode == "url" and url_links:
        assert sorted(a["url"] for a in articles) == sorted(url_links)
    if name.endswith(".opml"):
        want = expected.get("feeds", {})
        listed = {f["url"].removeprefix(f"http://127.0.0.1:{PORT}/"): f for f in feeds}
        assert list(listed) == list(want), name  # every feed, in the order the file lists them
        for url, feed in want.items():
            assert listed[url]["title"] == feed["title"]
            assert listed[url]["tags"] == feed.get("tags", [])
    elif mode == "url" and "error" not in expected:
        assert summary["subscribed"] == 1 and len(feeds) == 1, (name, summary)
    else:
        assert feeds == [] and summary["subscribed"] == 0  # a file has nothing to poll


def test_every_file_of_the_folder_has_written_expectations():
    assert set(_files()) <= set(EXPECTED), sorted(set(_files()) - set(EXPECTED))


def test_opml_export_gives_the_folders_back_in_order(server, tmp_path):
    code, summary, _, feeds = add(tmp_path, str(FOLDER / "nb_example.opml"), no_fetch=True)
    assert code == 0, summary
    out = tmp_path / "subs.opml"
    run(tmp_path / "home", "export", "--opml", "-o", str(out))
    again = tmp_path / "again"
    again.mkdir()
    (again / "config.yaml").write_text("feeds:\n  full_text: false\n")
    run(again, "add", str(out), "--no-fetch")
    reread = json.loads(run(again, "feeds", "--json")[1])
    assert [(f["url"], f["tags"]) for f in reread] == [(f["url"], f["tags"]) for f in feeds]
    assert "Blogs/friends" in [t for f in reread for t in f["tags"]]
