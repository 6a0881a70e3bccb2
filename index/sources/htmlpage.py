"""Extract the main text and metadata of an HTML page (trafilatura), and strip HTML fragments."""

from __future__ import annotations

import re

from briefs.index import dates
from briefs.index.article import Article, derived_id
from briefs.index.errors import SourceError
from briefs.index.sanitize import clean_line, clean_text

_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg",
              "form", "button", "head")


def extract_page(html: str, url: str, name: str, max_bytes: int) -> Article:
    """Main text, title, author, date and canonical URL of a page, as an Article."""
    if len(html) > max_bytes:
        html = html[:max_bytes]
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url or None, with_metadata=True, include_comments=False,
            include_tables=False, favor_precision=True,
        )
    except (ValueError, RecursionError, MemoryError) as exc:
        raise SourceError(
            name, f"could not extract text from the page ({type(exc).__name__})") from None
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict()
    if not doc or not (doc.get("text") or "").strip():
        text = fragment_to_text(html)
        if not text.strip():
            raise SourceError(name, "no article text found on the page")
        doc = {"text": text, "title": _title_tag(html)}
    body = clean_text(doc.get("text") or "").strip()
    title = clean_line(doc.get("title") or "") or clean_line(body.split("\n", 1)[0])[:120]
    canonical = clean_line(doc.get("url") or url or "")
    published = dates.iso(doc.get("date"))
    return Article(
        id=derived_id(canonical, title, body),
        title=title,
        body=body,
        source=clean_line(doc.get("sitename") or doc.get("hostname") or _host(canonical)),
        url=canonical,
        author=clean_line(doc.get("author") or ""),
        published=published,
        tags=[clean_line(t) for t in (doc.get("tags") or "").split(",") if t.strip()]
        if isinstance(doc.get("tags"), str) else [],
    )


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _title_tag(html: str) -> str:
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    return clean_line(re.sub(r"<[^>]+>", "", match.group(1))) if match else ""


def fragment_to_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed item's body): paragraphs kept, scripts dropped."""
    if not html or "<" not in html:
        import html as htmllib

        return clean_text(htmllib.unescape(html or "")).strip()
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in list(root.iter(*_DROP_TAGS)):
        bad.drop_tree()
    blocks: list[str] = []
    for el in root.iter("p", "li", "h1", "h2", "h3", "h4", "blockquote", "div", "pre"):
        if el.tag == "div" and any(c.tag in ("p", "li", "div") for c in el):
            continue
        text = " ".join(el.text_content().split())
        if text:
            blocks.append(("- " + text) if el.tag == "li" else text)
    if not blocks:
        blocks = [" ".join(root.text_content().split())]
    return clean_text("\n\n".join(blocks)).strip()
