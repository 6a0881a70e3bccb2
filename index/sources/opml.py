"""Read and write OPML subscription lists, folders and categories included.

Parsed with defusedxml (a DTD is refused outright: no entity tricks). Folders (outlines
without a feed URL) and `category` attributes become tags written as paths ("Blogs/friends",
"México/Política"); `render` gives the folders back as nested outlines, in the order they came.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from briefs.index.errors import SourceError
from briefs.index.sanitize import clean_line

_BEFORE_MARKUP = re.compile(rb"^[^<]*")


@dataclass
class Outline:
    """One subscription of an OPML file: its folder path ('' at the top) and categories."""

    url: str
    title: str
    folder: str = ""
    categories: list[str] = field(default_factory=list)

    @property
    def tags(self) -> list[str]:
        """The folder and the categories, as the subscription's tags."""
        tags = [self.folder] if self.folder else []
        return tags + [c for c in self.categories if c not in tags]


@dataclass
class Opml:
    """A parsed subscription list and what needed saying about it."""

    outlines: list[Outline] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse(data: bytes, name: str) -> Opml:
    """The feed outlines (with an xmlUrl) of an OPML document, with their folders."""
    import defusedxml.ElementTree as ET
    from defusedxml import DefusedXmlException

    result = Opml()
    try:
        root = ET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise SourceError(name, f"refused unsafe XML ({type(exc).__name__})") from None
    except ET.ParseError as exc:
        # Text before the first tag (a declaration that lost its '<') is the one damage
        # worth mending: the rest of such a file is often a good list.
        stray = _BEFORE_MARKUP.match(data).group(0)
        if not stray.strip():
            raise SourceError(name, f"invalid OPML: {exc}") from None
        try:
            root = ET.fromstring(data[len(stray):], forbid_dtd=True)
        except DefusedXmlException as again:
            raise SourceError(name, f"refused unsafe XML ({type(again).__name__})") from None
        except ET.ParseError:
            raise SourceError(name, f"invalid OPML: {exc}") from None
        result.warnings.append(f"{name}: ill-formed OPML (text before the first tag: "
                               f"{clean_line(stray.decode('utf-8', 'replace'))[:40]!r}); "
                               "read the rest")
    if _local(root.tag) != "opml":
        raise SourceError(name, f"not an OPML file (root element <{_local(root.tag)}>)")
    body = next((c for c in root if _local(c.tag) == "body"), None)
    if body is None:
        raise SourceError(name, "invalid OPML: it has no <body> element")
    _walk(body, [], result.outlines)
    return result


def _local(tag) -> str:
    return str(tag).rpartition("}")[2].lower()


def _walk(node, folder: list[str], found: list[Outline]) -> None:
    for child in node:
        if _local(child.tag) != "outline":
            continue
        url = clean_line(child.get("xmlUrl") or child.get("xmlurl") or "")
        # A feed is named by its title; a folder by its text, what readers show (a folder's
        # title is often a note, newsboat's test data says "should be ignored").
        label = clean_line((child.get("title") or child.get("text")) if url else
                           (child.get("text") or child.get("title")) or "")
        if url:
            categories = [clean_line(c).strip("/") for c in (child.get("category") or "")
                          .split(",")]
            found.append(Outline(url, label or url, "/".join(folder),
                                 [c for c in categories if c]))
        _walk(child, folder + [label] if not url and label else folder, found)


def render(outlines: list[Outline], title: str = "briefs subscriptions") -> str:
    """An OPML 2.0 document of the feeds, nested in their folders in the order they came."""
    tree: dict = {"items": [], "folders": {}}
    for item in outlines:
        place = tree
        for part in [p for p in item.folder.split("/") if p]:
            if part not in place["folders"]:
                place["folders"][part] = {"items": [], "folders": {}}
                place["items"].append(part)
            place = place["folders"][part]
        place["items"].append(item)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{title}</title></head>", "  <body>"]
    _render(tree, lines, "    ")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _render(place: dict, lines: list[str], indent: str) -> None:
    for item in place["items"]:
        if isinstance(item, str):
            lines.append(f"{indent}<outline text={quoteattr(item)} title={quoteattr(item)}>")
            _render(place["folders"][item], lines, indent + "  ")
            lines.append(f"{indent}</outline>")
            continue
        category = (f" category={quoteattr(','.join(item.categories))}"
                    if item.categories else "")
        lines.append(f"{indent}<outline type=\"rss\" text={quoteattr(item.title)} "
                     f"title={quoteattr(item.title)} xmlUrl={quoteattr(item.url)}{category}/>")


def looks_like_opml(data: bytes) -> bool:
    """True when the document's root element is <opml>."""
    from briefs.index.sources import xmldoc

    return xmldoc.kind_of(data) == "opml"
