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


_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "pre", "ul",
           "ol", "dl", "dt", "dd", "table", "tr", "section", "article", "header", "footer",
           "figure", "figcaption", "aside", "main", "nav", "hr", "address"}


def fragment_to_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed item's body): one paragraph per block, each
    block's text once however deep blocks nest, preformatted text with its lines kept,
    scripts dropped."""
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
    _blocks_of(root, blocks)
    return clean_text("\n\n".join(blocks)).strip()


def _blocks_of(element, blocks: list[str], prefix: str = "") -> None:
    """Append the blocks under `element`: the text between nested blocks is a block of its
    own, so nothing is said twice."""
    line: list[str] = [element.text or ""]

    def flush() -> None:
        text = " ".join("".join(line).split())
        if text:
            blocks.append(prefix + text)
        line.clear()

    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "pre":
            flush()
            code = "\n".join(x.rstrip() for x in child.text_content().strip("\n").split("\n"))
            if code.strip():
                blocks.append(code)
        elif tag in _BLOCKS:
            flush()
            _blocks_of(child, blocks, "- " if tag == "li" else "")
        elif tag == "br":
            line.append(" ")
        elif tag:
            line.append(child.text_content())
        line.append(child.tail or "")
    flush()
