"""Parse RSS/Atom feeds (feedparser) into Articles, refusing XML entity tricks first."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefs.index import dates
from briefs.index.article import Article, derived_id
from briefs.index.errors import SourceError
from briefs.index.sanitize import clean_line
from briefs.index.sources.htmlpage import fragment_to_text


@dataclass
class ParsedFeed:
    """A feed's title and its items as articles (bodies may be teasers)."""

    title: str
    link: str
    articles: list[Article] = field(default_factory=list)


def refuse_unsafe_xml(data: bytes, name: str) -> None:
    """Raise SourceError for DTDs with entities, external entities and other XML bombs."""
    import defusedxml.ElementTree as ET
    from defusedxml import DefusedXmlException

    try:
        ET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SourceError(name, f"refused unsafe XML ({type(exc).__name__})") from None
    except ET.ParseError:
        pass  # malformed but harmless: feedparser's lenient parser gets its chance


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    head = data[:4096].lstrip().lower()
    if any(t in content_type for t in ("rss", "atom", "application/xml", "text/xml")):
        return True
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) \
        or head.startswith((b"<rss", b"<feed"))


def parse(data: bytes, feed_url: str) -> ParsedFeed:
    """Items of a feed document as Articles. Raises SourceError when it is not a feed."""
    refuse_unsafe_xml(data, feed_url)
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise SourceError(feed_url, f"not an RSS/Atom feed{f' ({problem})' if problem else ''}")
    meta = parsed.feed
    title = clean_line(meta.get("title", "")) or _host(feed_url)
    result = ParsedFeed(title=title, link=clean_line(meta.get("link", "")))
    for entry in parsed.entries:
        article = _entry_to_article(entry, title, feed_url)
        if article is not None:
            result.articles.append(article)
    return result


def _entry_to_article(entry, feed_title: str, feed_url: str) -> Article | None:
    link = clean_line(entry.get("link", ""))
    guid = clean_line(entry.get("id", ""))
    html = ""
    if entry.get("content"):
        html = max((c.get("value", "") for c in entry.content), key=len)
    if not html:
        html = entry.get("summary", "") or entry.get("description", "")
    body = fragment_to_text(html)
    title = clean_line(fragment_to_text(entry.get("title", ""))) or clean_line(body[:100])
    if not title and not body:
        return None
    published = None
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key):
            published = dates.iso(entry[key])
            break
    key_url = link or (f"guid:{guid}" if guid else "")
    tags = [clean_line(t.get("term", "")) for t in entry.get("tags", []) if t.get("term")]
    return Article(
        id=derived_id(key_url, title, body),
        title=title,
        body=body,
        source=feed_title,
        url=link,
        author=clean_line(entry.get("author", "")),
        published=published,
        tags=tags,
        feed=feed_url,
    )


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or url).removeprefix("www.")
