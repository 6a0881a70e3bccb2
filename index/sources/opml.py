"""Read and write OPML subscription lists (parsed with defusedxml: no entity tricks)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from briefs.index.errors import SourceError
from briefs.index.sanitize import clean_line


@dataclass
class Outline:
    """One subscription of an OPML file."""

    url: str
    title: str


def parse(data: bytes, name: str) -> list[Outline]:
    """The feed outlines (with an xmlUrl) of an OPML document."""
    import defusedxml.ElementTree as ET
    from defusedxml import DefusedXmlException

    try:
        root = ET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise SourceError(name, f"refused unsafe XML ({type(exc).__name__})") from None
    except ET.ParseError as exc:
        raise SourceError(name, f"invalid OPML: {exc}") from None
    if root.tag.lower() != "opml":
        raise SourceError(name, f"not an OPML file (root element <{root.tag}>)")
    outlines = []
    for node in root.iter("outline"):
        url = node.get("xmlUrl") or node.get("xmlurl")
        if url:
            title = node.get("title") or node.get("text") or url
            outlines.append(Outline(clean_line(url), clean_line(title)))
    return outlines


def render(outlines: list[Outline], title: str = "briefs subscriptions") -> str:
    """An OPML 2.0 document listing the given feeds."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{title}</title></head>",
        "  <body>",
    ]
    for item in outlines:
        lines.append(
            f"    <outline type=\"rss\" text={quoteattr(item.title)} "
            f"title={quoteattr(item.title)} xmlUrl={quoteattr(item.url)}/>"
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def looks_like_opml(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<opml" in head
