"""Feeds and OPML as real readers meet them, with the project's own small fixtures: each class
of problem met in real-world files (see tests/test_realworld_feeds.py for the files themselves)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import write
from tests.httpserver import LocalServer, static


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def quiet(home):
    """No full-text fetches: every link below points nowhere real."""
    write(home / "config.yaml", "feeds:\n  full_text: false\n  timeout: 5\n")
    return home


def rss(items: str, title: str = "<title>Wire</title>", head: str = '<?xml version="1.0"?>',
        channel: str = "") -> str:
    return f'{head}<rss version="2.0"><channel>{title}{channel}{items}</channel></rss>'


def listed(cli) -> list[dict]:
    return sorted(cli.json("export"), key=lambda a: a["title"])


# 1. Multi-byte declared encodings: no traceback, and the sources after them still go in.
@pytest.mark.parametrize("encoding", ["euc-kr", "shift_jis", "big5"])
def test_multibyte_declared_encodings_read_right_by_url_and_file(cli, quiet, server, tmp_path,
                                                                encoding):
    word = {"euc-kr": "서울 시장", "shift_jis": "東京の天気", "big5": "台北新聞"}[encoding]
    doc = rss(f"<item><title>{word}</title><guid isPermaLink='false'>g1</guid>"
              f"<description>{word}</description></item>",
              head=f'<?xml version="1.0" encoding="{encoding}"?>').encode(encoding)
    server.routes["/feed"] = static(doc, "application/rss+xml")
    path = tmp_path / "saved.rss"
    path.write_bytes(doc)
    after = write(tmp_path / "after.md", "# Later\n\nA later article about the harbour.\n")
    code, out, err = cli("add", server.url("/feed"), str(after), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["added"] == 2 and summary["subscribed"] == 1
    assert {a["title"] for a in listed(cli)} == {word, "Later"}
    code, out, err = cli("add", str(path), "--json")
    assert code == 0 and not json.loads(out)["errors"], err
    assert len(listed(cli)) == 2  # the saved copy is the same item
    assert [h["title"] for h in cli.json("search", word.split()[0])["results"]] == [word]


# 2. Relative links resolve against xml:base, else the feed's URL.
def test_relative_links_resolve_against_xml_base_or_the_feed_url(cli, quiet, server):
    server.routes["/news/feed.xml"] = static(rss(
        "<item><title>Rooted</title><link>/story/1</link><description>One.</description></item>"
        "<item><title>Beside</title><link>two.html</link><description>Two.</description></item>"
    ), "application/rss+xml")
    server.routes["/based.xml"] = static(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xml:base="http://news.example/base/"><title>B</title><entry><title>Based</title>'
        '<id>urn:b1</id><link href="item.html"/><content>Three.</content></entry></feed>',
        "application/atom+xml")
    code, _, err = cli("add", server.url("/news/feed.xml"), server.url("/based.xml"))
    assert code == 0, err
    links = {a["title"]: a["url"] for a in listed(cli)}
    assert links == {"Rooted": server.url("/story/1"), "Beside": server.url("/news/two.html"),
                     "Based": "http://news.example/base/item.html"}


# 3. A feed saved as a file is a feed, whatever its ending; folders read feed files.
def test_a_local_feed_file_gives_its_items_as_articles(cli, quiet, tmp_path):
    doc = rss("<item><title>First</title><link>http://x.example/1</link><description>One."
              "</description></item><item><title>Second</title><link>http://x.example/2</link>"
              "<description>Two.</description></item>", title="<title>Saved Wire</title>")
    write(tmp_path / "in" / "wire.rss", doc)
    write(tmp_path / "in" / "copy-as.txt", doc.replace("x.example", "y.example"))
    write(tmp_path / "in" / "atom.atom", '<feed xmlns="http://www.w3.org/2005/Atom"><title>A'
          '</title><entry><title>Third</title><id>urn:3</id><content>Three.</content></entry>'
          '</feed>')
    write(tmp_path / "in" / "notes.json", "{}")
    code, out, err = cli("add", str(tmp_path / "in"))
    assert code == 0, err
    articles = listed(cli)
    assert [a["title"] for a in articles] == ["First", "First", "Second", "Second", "Third"]
    assert {a["source"] for a in articles} == {"Saved Wire", "A"}
    assert cli.json("feeds") == []  # nothing to poll
    assert "left out 1 files of other kinds (1 .json)" in err


# 4. Undeclared encodings are detected, as files already are.
@pytest.mark.parametrize(("encoding", "text"), [
    ("koi8-r", "Наводнение в городе: жители покидают дома"),
    ("shift_jis", "台風が東京に接近、交通機関に影響"),
])
def test_undeclared_encodings_are_detected(cli, quiet, server, encoding, text):
    doc = rss(f"<item><title>{text}</title><guid>u1</guid><description>{text}. {text}"
              "</description></item>", head="").encode(encoding)
    server.routes["/feed"] = static(doc, "application/xml")
    code, _, err = cli("add", server.url("/feed"))
    assert code == 0, err
    (article,) = listed(cli)
    assert article["title"] == text
    assert "read as" in err  # said, not silent


# 5. Preformatted text keeps its lines; nested blocks are said once.
def test_pre_inside_div_appears_once_with_its_lines(cli, quiet, server):
    body = ("<![CDATA[<p>Intro text here.</p><div class='code'><pre><code>def f():\n"
            "    return 1</code></pre></div><div><div><p>Deep</p></div></div>]]>")
    server.routes["/feed"] = static(rss(f"<item><title>Code</title><guid>c1</guid>"
                                        f"<description>{body}</description></item>"))
    cli("add", server.url("/feed"))
    (article,) = listed(cli)
    assert article["body"] == "Intro text here.\n\ndef f():\n    return 1\n\nDeep"


# 6. Items are told apart by guid first, then link.
def test_items_sharing_a_link_are_told_apart_by_guid(cli, quiet, server):
    entries = "".join(f'<entry><title>Part {n}</title><id>urn:part:{n}</id>'
                      f'<link href="http://x.example/live"/><content>Update {n}.</content>'
                      "</entry>" for n in range(3))
    server.routes["/live"] = static('<feed xmlns="http://www.w3.org/2005/Atom"><title>L</title>'
                                    f"{entries}</feed>", "application/atom+xml")
    cli("add", server.url("/live"))
    assert [a["title"] for a in listed(cli)] == ["Part 0", "Part 1", "Part 2"]


def test_an_item_whose_link_changes_but_guid_stays_is_updated_not_duplicated(cli, quiet,
                                                                            server):
    def feed(link: str) -> str:
        return rss(f"<item><title>Moving story</title><link>{link}</link>"
                   "<guid isPermaLink='false'>story-77</guid><description>Text."
                   "</description></item>")

    server.routes["/f"] = static(feed("http://x.example/old"), "application/rss+xml")
    cli("add", server.url("/f"))
    server.routes["/f"] = static(feed("http://x.example/new"), "application/rss+xml")
    code, _, err = cli("fetch")
    assert code == 0, err
    (article,) = listed(cli)
    assert article["url"] == "http://x.example/new"


# 7. Text-typed content is text.
def test_text_typed_title_and_content_keep_literal_brackets(cli, quiet, server):
    server.routes["/a"] = static(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:t</id>'
        '<title type="text">Why &lt;blink&gt; died</title>'
        '<content type="text">History of the &lt;blink&gt; tag</content></entry></feed>',
        "application/atom+xml")
    cli("add", server.url("/a"))
    (article,) = listed(cli)
    assert (article["title"], article["body"]) == ("Why <blink> died",
                                                   "History of the <blink> tag")


# 8 and 9. OPML folders and categories are tags, exported back as folders; commands refused.
OPML = """<?xml version="1.0"?><opml version="1.0"><head><title>subs</title></head><body>
<outline text="Top feed" xmlUrl="{base}/top.xml"/>
<outline text="World" title="a note, not the name">
  <outline text="Europe">
    <outline text="Euro desk" xmlUrl="{base}/eu.xml" category="/Politics/EU,daily"/>
  </outline>
  <outline text="Untitled desk" xmlUrl="{base}/untitled.xml"/>
</outline>
<outline text="Script" xmlUrl="|~/bin/make-feed.sh"/>
</body></opml>"""


def test_opml_folders_and_categories_become_tags_and_export_as_folders(cli, quiet, server,
                                                                      tmp_path):
    server.routes["/top.xml"] = static(rss("<item><title>Top item</title><guid>t1</guid>"
                                           "<description>Top.</description></item>"))
    server.routes["/eu.xml"] = static(rss("<item><title>EU item</title><guid>e1</guid>"
                                          "<category>Brussels</category>"
                                          "<description>EU.</description></item>"))
    server.routes["/untitled.xml"] = static(rss("<item><title>Plain item</title><guid>p1</guid>"
                                                "<description>P.</description></item>",
                                                title=""))
    subs = write(tmp_path / "subs.opml", OPML.format(base=server.base))
    code, out, err = cli("add", str(subs), "--json")
    summary = json.loads(out)
    assert code == 1 and summary["subscribed"] == 3 and summary["added"] == 3
    assert any("'|~/bin/make-feed.sh' is not an http(s) URL" in e for e in summary["errors"])
    feeds = cli.json("feeds")
    assert [(f["title"], f["tags"]) for f in feeds] == [
        ("Top feed", []), ("Euro desk", ["World/Europe", "Politics/EU", "daily"]),
        ("Untitled desk", ["World"])]
    tags = {a["title"]: a["tags"] for a in listed(cli)}
    assert tags["EU item"] == ["Brussels", "World/Europe", "Politics/EU", "daily"]
    sources = {a["title"]: a["source"] for a in listed(cli)}
    assert sources["Plain item"] == "Untitled desk"  # the OPML's name, not the server's
    out_file = tmp_path / "out.opml"
    cli("export", "--opml", "-o", str(out_file))
    text = out_file.read_text()
    assert text.index('text="World"') < text.index('text="Europe"') < text.index("Euro desk")
    assert 'category="Politics/EU,daily"' in text


# 10. Link-only and enclosure-only items are kept, enclosures stored and shown.
def test_link_or_enclosure_only_items_are_kept_with_their_enclosures(cli, quiet, server):
    server.routes["/pod"] = static(rss(
        '<item><enclosure url="http://x.example/ep-12.mp3" length="31000000" type="audio/mpeg"/>'
        "<guid isPermaLink='false'>ep12</guid></item><item><link>http://x.example/road-closures-this-week</link>"
        "</item>"))
    code, out, err = cli("add", server.url("/pod"), "--json")
    assert code == 0 and json.loads(out)["added"] == 2, err
    articles = {a["title"]: a for a in listed(cli)}
    assert set(articles) == {"ep-12.mp3", "Road closures this week"}
    show = cli.json("show", articles["ep-12.mp3"]["id"])
    assert show["enclosures"] == [{"url": "http://x.example/ep-12.mp3", "type": "audio/mpeg",
                                   "length": "31000000"}]
    code, out, _ = cli("show", articles["ep-12.mp3"]["id"])
    assert "attached: audio/mpeg · 31.0 MB · http://x.example/ep-12.mp3" in out


# 11. Feeds and OPML are known by their content.
def test_documents_are_known_by_content_not_by_address(cli, quiet, server):
    server.routes["/broken"] = static('<?xml version="1.0"?><not-opml><body/></not-opml>',
                                      "application/octet-stream")
    server.routes["/feed-with-bom"] = static(
        b"\xef\xbb\xbf" + ('<?xml version="1.0"?><!DOCTYPE rss SYSTEM "rss.dtd">'
                           + rss("<item><title>Found</title><guid>f</guid><description>F."
                                 "</description></item>", head="")).encode(), "text/plain")
    code, out, err = cli("add", server.url("/broken"), server.url("/feed-with-bom"), "--json")
    summary = json.loads(out)
    assert code == 1 and summary["subscribed"] == 1
    assert summary["errors"] == [f"{server.url('/broken')}: an XML document that is neither a "
                                 "feed nor OPML (root element <not-opml>)"]
    assert [a["title"] for a in listed(cli)] == ["Found"]


# 12. An empty document subscribes to nothing.
def test_an_empty_feed_document_is_not_a_subscription(cli, quiet, server):
    server.routes["/empty"] = static(b"", "application/rss+xml")
    code, out, _ = cli("add", server.url("/empty"), "--json")
    assert code == 1 and json.loads(out)["subscribed"] == 0
    assert cli.json("feeds") == []


# 13. Every author is kept; the feed's authors stand in for an item's.
def test_all_authors_are_kept_and_feed_authors_fill_in(cli, quiet, server):
    server.routes["/a"] = static(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        "<author><name>Desk One</name></author><author><name>Desk Two</name></author>"
        "<entry><id>urn:1</id><title>Pair</title><author><name>Ana Ruiz</name></author>"
        "<author><name>Ben Okafor</name></author><content>x</content></entry>"
        "<entry><id>urn:2</id><title>None</title><content>y</content></entry></feed>",
        "application/atom+xml")
    cli("add", server.url("/a"))
    assert {a["title"]: a["author"] for a in listed(cli)} == {
        "Pair": "Ana Ruiz, Ben Okafor", "None": "Desk One, Desk Two"}


# 14. A truncated feed gives what can be read, and says so.
def test_a_truncated_feed_gives_its_readable_items_with_a_warning(cli, quiet, tmp_path):
    path = write(tmp_path / "cut.xml", rss("<item><title>Whole</title><guid>w</guid>"
                                           "<description>Fine.</description></item>")[:-30]
                 + "<item><title><![CD")
    code, out, err = cli("add", str(path), "--json")
    summary = json.loads(out)
    assert code == 0 and summary["added"] == 1
    assert any(str(path) in w and "ill-formed feed" in w for w in summary["warnings"])


# 15. A linkless Atom entry has no URL (its tag: id is no address); safe DTD entities expand.
def test_linkless_entries_have_no_url_and_small_internal_entities_expand(cli, quiet, server):
    server.routes["/e"] = static(
        '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY org "Harbour Authority">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>&org;</title><entry>'
        "<id>tag:x.example,2026:/1</id><title>Notice from &org;</title><content>Closed."
        "</content></entry></feed>", "application/atom+xml")
    code, _, err = cli("add", server.url("/e"))
    assert code == 0, err
    (article,) = listed(cli)
    assert (article["title"], article["url"], article["source"]) == (
        "Notice from Harbour Authority", "", "Harbour Authority")


def test_an_unexpected_failure_in_one_source_never_loses_the_others(cli, quiet, tmp_path,
                                                                    monkeypatch):
    from briefs.index.sources import feeds

    def broken(*_args, **_kwargs):
        raise ValueError("a parser bug nobody foresaw")

    monkeypatch.setattr(feeds, "parse", broken)
    bad = write(tmp_path / "bad.rss", rss("<item><title>X</title></item>"))
    good = write(tmp_path / "good.md", "# Kept\n\nThe next source on the line still goes in.\n")
    code, out, _ = cli("add", str(bad), str(good), "--json")
    summary = json.loads(out)
    assert code == 1 and summary["added"] == 1
    assert summary["errors"] == [f"{bad}: could not be read (ValueError: a parser bug nobody "
                                 "foresaw)"]
    assert [a["title"] for a in listed(cli)] == ["Kept"]
