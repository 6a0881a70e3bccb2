"""What an XML document is (feed, OPML, other) and its text as UTF-8, read before any parser.

Feeds and subscription lists arrive as bytes from files and servers that often get their
encoding wrong. Here the encoding is settled once, the way a reader would settle it: a byte
order mark, then the server's charset, then the document's own declaration, then UTF-8, then
detection; the parsers then see UTF-8 only (expat refuses multi-byte encodings such as EUC-KR
or Shift_JIS). A document type's small internal entities (`<!ENTITY id "tag:...">`) are
expanded and the DTD dropped; entities that nest or point outside are refused, as entity bombs
and external-entity reads are.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from briefs.index.errors import SourceError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# What may stand before the root element: comments, processing instructions, a DOCTYPE
# (with an internal subset), white space.
_PROLOG = re.compile(r"\s*(?:<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)", re.S | re.I)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w.:-]*)")
_DOCTYPE = re.compile(r"<!DOCTYPE[^\[>]*(?:\[(.*?)\])?\s*>", re.S | re.I)
_ENTITY = re.compile(r"<!ENTITY\s+(%\s+)?([\w.:-]+)\s+(SYSTEM|PUBLIC)?\s*(['\"])(.*?)\4[^>]*>",
                     re.S)
FEED_ROOTS = {"rss", "feed", "rdf", "channel"}
MAX_ENTITY_CHARS = 1000  # a declared entity's value; larger ones are not what feeds use them for
MAX_ENTITIES = 100
TOLERATED_BAD_BYTES = 3  # a declared encoding survives this many undecodable bytes (or 1%)


@dataclass
class XmlText:
    """A document decoded to text, with the encoding used and what needed saying."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)

    def utf8(self) -> bytes:
        """The document as UTF-8 bytes, its declaration saying so."""
        body = _DECLARATION.sub("", self.text, count=1).lstrip("\ufeff")
        return ('<?xml version="1.0" encoding="utf-8"?>\n' + body.lstrip()).encode("utf-8")


def root_element(head: str) -> str:
    """The local name of the root element of a document's start, lowercased ('' when none)."""
    position = 0
    while True:
        step = _PROLOG.match(head, position)
        if step is None or step.end() == position:
            break
        position = step.end()
    match = _ROOT.match(head, position)
    return match.group(1).rpartition(":")[2].lower() if match else ""


def kind_of(data: bytes) -> str:
    """'feed', 'opml', 'html', 'xml' (some other XML document) or '' (not markup)."""
    head = decode_head(data[:8192])
    root = root_element(head)
    if root in FEED_ROOTS:
        return "feed"
    if root == "opml":
        return "opml"
    if root == "html":
        return "html"
    if root and (head.lstrip().startswith("<?xml") or "xmlns" in head[:2048]):
        return "xml"
    return ""


def decode_head(data: bytes) -> str:
    """Enough of the document's start as text to find its root element."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="ignore")
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", errors="ignore")
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", errors="ignore")
    return data.decode("latin-1")


def decode(data: bytes, name: str, http_charset: str = "") -> XmlText:
    """The document as text: BOM, then the server's charset, then the declared encoding,
    then UTF-8, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return XmlText(data[len(bom):].decode(encoding, errors="replace"), encoding)
    if data[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16-le" if data[0] == 0x3C else "utf-16-be"
        return XmlText(data.decode(encoding, errors="replace"), encoding)
    declared = _DECLARED.match(data[:1024])
    candidates = [c for c in (http_charset, declared.group(1).decode() if declared else "")
                  if c and _known(c)]
    for encoding in candidates:
        text, bad = _decode_counting(data, encoding)
        if bad == 0:
            return XmlText(text, encoding)
        if bad <= max(TOLERATED_BAD_BYTES, len(data) // 100):
            return XmlText(text, encoding, [f"{name}: {bad} bytes are not valid {encoding}; "
                                            "replaced with �"])
    try:
        return XmlText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    said = f" (it says {candidates[0]})" if candidates else ""
    if best is not None and best.encoding:
        return XmlText(str(best), best.encoding,
                       [f"{name}: encoding not declared or wrong{said}; read as {best.encoding}"])
    return XmlText(data.decode("utf-8", errors="replace"), "utf-8",
                   [f"{name}: not valid UTF-8{said}; undecodable bytes replaced with �"])


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """The text and how many undecodable places it had (each shown as �)."""
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        return text, text.count("\ufffd")
    except (LookupError, UnicodeError):
        return "", len(data)


def without_dtd(text: str, name: str) -> str:
    """The document with its DOCTYPE dropped and its small internal entities expanded.

    Raises SourceError for an entity that refers to others (the shape of an entity bomb) or
    to something outside the document (which would read a file or a URL).
    """
    match = _DOCTYPE.search(text, 0, 65536)
    if match is None:
        return text
    entities: dict[str, str] = {}
    for declared in _ENTITY.finditer(match.group(1) or ""):
        parameter, entity, external, _, value = declared.groups()
        if parameter:
            continue  # only the DTD itself reads parameter entities, and it is dropped
        if external:
            raise SourceError(name, "refused unsafe XML (an entity reads an outside resource)")
        if "&" in value or "%" in value or len(value) > MAX_ENTITY_CHARS:
            raise SourceError(name, "refused unsafe XML (entities nested or oversized)")
        entities[entity] = value
        if len(entities) > MAX_ENTITIES:
            raise SourceError(name, "refused unsafe XML (too many entities)")
    rest = text[match.end():]
    if entities:
        from xml.sax.saxutils import escape

        pattern = re.compile("&(" + "|".join(map(re.escape, entities)) + ");")
        rest = pattern.sub(lambda m: escape(entities[m.group(1)]), rest)
    return text[:match.start()] + rest
