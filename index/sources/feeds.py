"""Parse RSS/Atom/RDF feeds (feedparser) into Articles, after settling encoding and entities.

The document reaches feedparser as UTF-8 with its DTD dropped (see xmldoc), so multi-byte and
undeclared encodings read right and entity tricks are refused first. An ill-formed feed gives
the items that can be read, with a warning naming the file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from briefs.index import dates
from briefs.index.article import Article, derived_id
from briefs.index.errors import SourceError
from briefs.index.sanitize import clean_line, clean_text
from briefs.index.sources import xmldoc
from briefs.index.sources.htmlpage import fragment_to_text


@dataclass
class ParsedFeed:
    """A feed's title and its items as articles (bodies may be teasers)."""

    title: str
    link: str
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def refuse_unsafe_xml(data: bytes, name: str) -> None:
    """Raise SourceError for DTDs with entities, external entities and other XML bombs."""
    import defusedxml.ElementTree as ET
    from defusedxml import DefusedXmlException

    try:
        ET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SourceError(name, f"refused unsafe XML ({type(exc).__name__})") from None
    except (ET.ParseError, ValueError):
        pass  # malformed but harmless: feedparser's lenient parser gets its chance


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """True for an RSS, Atom or RDF document; the content decides, the type only breaks ties."""
    kind = xmldoc.kind_of(data)
    if kind:
        return kind == "feed"
    return any(t in content_type for t in ("rss", "atom"))


def is_web_url(url: str) -> bool:
    """An http(s) URL with a host: something briefs can download."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def parse(data: bytes, feed_url: str, http_charset: str = "", base: str = "") -> ParsedFeed:
    """Items of a feed document as Articles. Raises SourceError when it is not a feed.

    `feed_url` names the feed (a URL, or a file's path); relative links resolve against the
    document's xml:base, else `base` (the URL it was downloaded from).
    """
    if not data.strip():
        raise SourceError(feed_url, "empty document, not a feed")
    decoded = xmldoc.decode(data, feed_url, http_charset)
    text = xmldoc.without_dtd(decoded.text, feed_url)
    utf8 = xmldoc.XmlText(text, "utf-8").utf8()
    refuse_unsafe_xml(utf8, feed_url)
    import feedparser

    headers = {"content-type": "application/xml; charset=utf-8"}
    if base:
        headers["content-location"] = base
    parsed = feedparser.parse(utf8, sanitize_html=False, resolve_relative_uris=False,
                              response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise SourceError(feed_url, f"not an RSS/Atom feed{f' ({problem})' if problem else ''}")
    meta = parsed.feed
    title = clean_line(_text(meta, "title"))
    result = ParsedFeed(title=title, link=_web_link(meta.get("link", "")),
                        warnings=list(decoded.warnings))
    feed_authors = _names(meta.get("authors"))
    entries = list(parsed.entries)
    link_counts = Counter(_web_link(e.get("link", "")) for e in entries)
    guid_counts = Counter(clean_line(e.get("id", "")) for e in entries)
    empty = 0
    for entry in entries:
        article = _entry_to_article(entry, title, feed_url, feed_authors)
        if article is None:
            empty += 1
            continue
        # Items are told apart by guid first, then by link; a guid or link that several
        # items share names none of them, and such an item is known by its content.
        if guid_counts[article.guid] > 1:
            article.guid = ""
        if article.url and link_counts[article.url] == 1:
            key = article.url
        else:
            key = f"guid:{article.guid}" if article.guid else ""
        article.id = derived_id(key, article.title, article.body)
        result.articles.append(article)
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"),
                                             feedparser.CharacterEncodingOverride):
        result.warnings.append(f"{feed_url}: ill-formed feed ({parsed.get('bozo_exception')}); "
                               f"took the {len(result.articles)} items that could be read"
                               if result.articles else
                               f"{feed_url}: ill-formed feed ({parsed.get('bozo_exception')}); "
                               "no item could be read")
    if empty:
        result.warnings.append(f"{feed_url}: left out {empty} of {len(entries)} items that have "
                               "no title, text, link or enclosure")
    elif not entries and not parsed.get("bozo"):
        result.warnings.append(f"{feed_url}: the feed lists no items")
    return result


def _text(node, key: str) -> str:
    """A feed field as plain text: text-typed values are literal, HTML ones are stripped."""
    value = node.get(key, "") or ""
    detail = node.get(f"{key}_detail") or {}
    return _as_text(value, detail.get("type", ""))


def _as_text(value: str, kind: str) -> str:
    if kind == "text/plain":
        return clean_text(value).strip()
    return fragment_to_text(value)


def _names(people) -> list[str]:
    names = []
    for person in people or []:
        name = clean_line(person.get("name") or person.get("email") or "")
        if name and name not in names:
            names.append(name)
    return names


def _web_link(link: str) -> str:
    link = clean_line(link)
    return link if is_web_url(link) else ""


def _enclosures(entry) -> list[dict]:
    found = []
    # RSS enclosures, then Media RSS content (which carries no length, only a type).
    for item in [*entry.get("enclosures", []), *entry.get("media_content", [])]:
        url = clean_line(item.get("href") or item.get("url") or "")
        if url and all(e["url"] != url for e in found):
            found.append({"url": url, "type": clean_line(item.get("type") or ""),
                          "length": clean_line(str(item.get("length") or item.get("filesize")
                                                   or ""))})
    return found


def _name_from_url(url: str) -> str:
    """A readable title for an item that has only a link: its last path part, or its host."""
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rpartition("/")[2])
    return clean_line(last or parts.netloc or url)


_PAGE_ENDINGS = re.compile(r"\.(?:s?html?|php|aspx?|jsp|cgi)$", re.IGNORECASE)


def _title_from_slug(url: str) -> str:
    """"a-gentle-introduction.html" -> "A gentle introduction"; '' when the link's last part
    is no slug of words (an id, a query)."""
    words = _PAGE_ENDINGS.sub("", _name_from_url(url)).replace("_", "-").split("-")
    words = [w for w in words if w]
    if len(words) < 2 or not all(w.isalpha() or w.replace("'", "").isalpha() for w in words):
        return ""
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _entry_to_article(entry, feed_title: str, feed_url: str,
                      feed_authors: list[str]) -> Article | None:
    link = _web_link(entry.get("link", ""))
    guid = clean_line(entry.get("id", ""))
    enclosures = _enclosures(entry)
    body = ""
    if entry.get("content"):
        best = max(entry.content, key=lambda c: len(c.get("value", "")))
        body = _as_text(best.get("value", ""), best.get("type", ""))
    if not body:
        body = _text(entry, "summary") or _text(entry, "description")
    # An untitled item is named by its link's slug (as newsboat does), else its first words,
    # else the name of what it links or attaches.
    title = (clean_line(_text(entry, "title")) or (link and _title_from_slug(link))
             or clean_line(body[:100]))
    if not title and (link or enclosures):
        title = _name_from_url(link or enclosures[0]["url"])
    if not title and not body:
        return None
    published = None
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # not feedparser's get, which maps keys with a warning
        if value:
            published = dates.iso(value)
            break
    source = entry.get("source") or {}
    authors = _names(entry.get("authors")) or _names(source.get("authors")) or feed_authors
    tags = [clean_line(t.get("term", "")) for t in entry.get("tags", []) if t.get("term")]
    return Article(
        id="",  # settled by parse(), which sees the other items
        title=title,
        body=body,
        source=feed_title,
        url=link,
        author=", ".join(authors),
        published=published,
        tags=tags,
        feed=feed_url if is_web_url(feed_url) else "",
        guid=guid,
        enclosures=enclosures,
    )
