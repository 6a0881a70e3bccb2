"""Feeds against a local HTTP server: subscribe, fetch, conditional GET, failures, OPML."""

from __future__ import annotations

import pytest

from tests.conftest import write
from tests.httpserver import LocalServer, hang, static


def rss(base: str, items: list[tuple[str, str, str]], title: str = "Example Daily") -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{link}</link><guid>{base}{link}</guid>"
        f"<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate><description>{d}</description></item>"
        for t, link, d in items
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{base}/</link>{entries}</channel></rss>")


LONG = ("The council approved the new harbour plan on Monday after a long debate. " * 12).strip()
PAGE = """<html><head><title>Full story</title></head><body><article>
<p>The full page text says the council approved the harbour plan after eleven hours of debate,
with twelve votes in favour and three against, the clerk confirmed on Monday evening.</p>
<p>Work on the new quay will start in June and should take two years, the mayor said.</p>
<p>Fishermen asked for a guarantee that the old slipway will stay open during the works.</p>
</article></body></html>"""


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


def test_add_feed_url_subscribes_and_imports_items(cli, server):
    server.routes["/feed.xml"] = static(rss(server.base, [
        ("Harbour plan approved", "/a1", LONG),
        ("Second item", "/a2", LONG.replace("harbour", "bridge")),
    ]), "application/rss+xml")
    code, out, err = cli("add", server.url("/feed.xml"))
    assert code == 0, err
    assert "added 2" in out and "subscribed 1" in out
    feeds = cli.json("feeds")
    assert feeds[0]["url"] == server.url("/feed.xml")
    assert feeds[0]["title"] == "Example Daily"
    articles = cli.json("list")
    assert {a["source"] for a in articles} == {"Example Daily"}
    assert all(a["feed"] == server.url("/feed.xml") for a in articles)
    assert {a["published"] for a in articles} == {"2026-03-02T08:00:00Z"}


def test_fetch_uses_etag_and_reports_not_modified(cli, server):
    body = rss(server.base, [("Harbour plan approved", "/a1", LONG)])

    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, body.encode()

    server.routes["/feed.xml"] = conditional
    cli("add", server.url("/feed.xml"))
    code, out, err = cli("fetch")
    assert code == 0
    assert "Example Daily: not modified" in out
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'


def test_teaser_items_get_the_full_page(cli, server):
    server.routes["/feed.xml"] = static(
        rss(server.base, [("Harbour plan approved", "/story", "Short teaser.")]),
        "application/rss+xml")
    server.routes["/story"] = static(PAGE)
    code, out, err = cli("add", server.url("/feed.xml"))
    assert code == 0, err
    (row,) = cli.json("list")
    body = cli.json("show", row["id"])["body"]
    assert "eleven hours of debate" in body
    assert row["title"] == "Harbour plan approved"


def test_failures_are_named_counted_and_do_not_stop_other_feeds(cli, server, home):
    server.routes["/good.xml"] = static(rss(server.base, [("Good item", "/g", LONG)]),
                                        "application/rss+xml")
    server.routes["/broken.xml"] = static("oops", status=500)
    server.routes["/gone.xml"] = static("gone", status=410)
    server.routes["/slow.xml"] = hang(3)
    server.routes["/big.xml"] = static(b"<rss>" + b"x" * 300_000, "application/rss+xml")
    server.routes["/loop"] = static("", status=302, headers={"Location": "/loop"})
    write(home / "config.yaml", "feeds:\n  timeout: 1\n  max_bytes: 100000\n")
    # Subscribe through OPML so that every feed is attempted in one run.
    outlines = "".join(f'<outline text="{p}" xmlUrl="{server.url(p)}"/>' for p in
                       ("/good.xml", "/broken.xml", "/gone.xml", "/slow.xml", "/big.xml",
                        "/loop", "/missing.xml"))
    opml = write(home / "subs.opml", f'<opml version="2.0"><body>{outlines}</body></opml>')
    code, out, err = cli("add", opml)
    assert code == 1
    assert "added 1" in out and "skipped 6" in out and "subscribed 7" in out
    assert "broken.xml: HTTP 500" in err
    assert "gone.xml: HTTP 410" in err and "marked gone" in err
    assert "slow.xml: timed out" in err
    assert "big.xml: larger than the 100,000 byte cap" in err
    assert "/loop: too many redirects" in err or "/loop: HTTP 302" in err
    assert "missing.xml: HTTP 404" in err
    code, out, err = cli("fetch")
    assert code == 1
    assert "Good item" not in out
    assert "gone.xml" not in out  # a gone feed is skipped
    assert [a["title"] for a in cli.json("list")] == ["Good item"]


def test_feed_marked_gone_after_repeated_failures(cli, server, home):
    server.routes["/feed.xml"] = static(rss(server.base, [("Item", "/i", LONG)]),
                                        "application/rss+xml")
    cli("add", server.url("/feed.xml"))
    server.routes["/feed.xml"] = static("down", status=404)
    for _ in range(3):
        cli("fetch")
    (feed,) = cli.json("feeds")
    assert feed["gone"] is True and feed["failures"] == 3


def test_opml_export_round_trip(cli, server, home):
    server.routes["/feed.xml"] = static(rss(server.base, [("Item", "/i", LONG)]),
                                        "application/rss+xml")
    cli("add", server.url("/feed.xml"))
    code, out, err = cli("export", "--opml")
    assert code == 0
    assert f'xmlUrl="{server.url("/feed.xml")}"' in out
    assert 'text="Example Daily"' in out


def test_unsafe_xml_is_refused(cli, server):
    bomb = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<rss version="2.0"><channel><title>&b;</title></channel></rss>')
    server.routes["/bomb.xml"] = static(bomb, "application/rss+xml")
    code, out, err = cli("add", server.url("/bomb.xml"))
    assert code == 1
    assert "refused unsafe XML" in err


def test_html_page_url_is_extracted(cli, server):
    server.routes["/story"] = static(PAGE)
    code, out, err = cli("add", server.url("/story"), "--source", "Harbour News")
    assert code == 0, err
    (row,) = cli.json("list")
    assert row["source"] == "Harbour News"
    assert row["url"] == server.url("/story")


def test_redirected_feed_is_followed(cli, server):
    server.routes["/feed.xml"] = static(rss(server.base, [("Moved item", "/m", LONG)]),
                                        "application/rss+xml")
    server.routes["/old-feed"] = static("", status=301,
                                        headers={"Location": server.url("/feed.xml")})
    code, out, err = cli("add", server.url("/old-feed"))
    assert code == 0, err
    assert [a["title"] for a in cli.json("list")] == ["Moved item"]


def test_external_entities_and_dtds_are_refused(cli, server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<rss version="2.0"><channel><title>&x;</title><item><title>&x;</title>'
           '<description>&x;</description></item></channel></rss>')
    server.routes["/xxe.xml"] = static(xxe, "application/rss+xml")
    code, out, err = cli("add", server.url("/xxe.xml"))
    assert code == 1 and "refused unsafe XML" in err
    opml = tmp_path / "bomb.opml"
    opml.write_text('<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]>'
                    '<opml><body><outline xmlUrl="http://127.0.0.1:1/&a;"/></body></opml>')
    code, out, err = cli("add", opml)
    assert code == 1 and "bomb.opml: refused unsafe XML" in err
    assert "TOP-SECRET-CONTENT" not in json_dump(cli)


def json_dump(cli) -> str:
    code, out, _ = cli("export", "--json")
    return out
