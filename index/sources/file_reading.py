"""Article files read and parsed, one at a time or many in helper processes.

Reading a file and parsing it (decoding, front matter, cleaning) is a seventh of a big
`briefs add` and needs nothing from the library, so for a big folder helper processes read
files a few chunks ahead while this process stores them, in the order given. Small folders
are read here: starting the helpers would cost more than it saves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefs.index import workers
from briefs.index.article import Article
from briefs.index.errors import SourceError
from briefs.index.sources import xmldoc
from briefs.index.sources.htmlpage import extract_page
from briefs.index.sources.textfile import decode, parse_text, source_from_path

XML_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
PARALLEL_FROM = 2000  # files from which helper processes read them
HELPERS = 3  # one more than two cores: reading a file often waits on the disk
CHUNK = 100  # files per request to a helper
AHEAD = 8  # requests in flight: the helpers keep ahead without filling memory


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 20_000_000
    max_html_bytes: int = 5_000_000


@dataclass
class FileRead:
    """What one file gave: an article, a feed document whose items are articles, an OPML
    document to subscribe to, or an error."""

    path: Path
    article: Article | None = None
    opml: bytes | None = None
    feed: bytes | None = None
    error: str | None = None  # the message of a SourceError: names the file and the problem
    warnings: list[str] = field(default_factory=list)


def read_file(path: Path, limits: Limits, source_name: str = "") -> FileRead:
    """Read and parse one file. Problems with the file come back as `error`, never raised."""
    warnings: list[str] = []
    try:
        return _read(path, limits, source_name, warnings)
    except SourceError as exc:
        return FileRead(path, error=str(exc), warnings=warnings)


def _read(path: Path, limits: Limits, source_name: str, warnings: list[str]) -> FileRead:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(name, f"cannot read: {exc.strerror or exc}") from None
    if size > limits.max_file_bytes:
        cap = limits.max_file_bytes
        raise SourceError(name, f"file is {size:,} bytes, over the {cap:,} byte cap "
                                "(ingest.max_file_bytes)")
    if size == 0:
        raise SourceError(name, "empty file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(name, f"cannot read: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    kind = xmldoc.kind_of(data)  # by content first: a feed saved as .txt is still a feed
    if kind == "feed":
        return FileRead(path, feed=data)
    if kind == "opml" or suffix == ".opml":
        return FileRead(path, opml=data)
    if kind == "xml" or suffix in XML_SUFFIXES:
        root = xmldoc.root_element(xmldoc.decode_head(data[:8192]))
        what = f"root element <{root}>" if root else "no XML element found"
        raise SourceError(name, f"an XML document that is neither a feed nor OPML ({what})")
    decoded = decode(data, name)
    warnings.extend(decoded.warnings)
    if suffix in (".html", ".htm"):
        article = extract_page(decoded.text, "", name, limits.max_html_bytes)
        if source_name:
            article.source = source_name
        elif not article.source:
            article.source = source_from_path(path)
    else:
        article = parse_text(decoded.text, name, default_source=source_from_path(path),
                             source_override=source_name)
    return FileRead(path, article=article, warnings=warnings)


def read_files(paths: list[str], limits: Limits, source_name: str = "") -> Iterator[FileRead]:
    """Every file read, in the order given; by helper processes for a long list. Paths as
    strings: a million Path objects took 300 MB."""
    if len(paths) < PARALLEL_FROM or not workers.available():
        for path in paths:
            yield read_file(Path(path), limits, source_name)
        return

    chunks = (paths[start:start + CHUNK] for start in range(0, len(paths), CHUNK))
    with workers.fork_pool(HELPERS, workers.die_with_parent) as pool:
        yield from workers.ahead(pool, _read_chunk,
                                 ((chunk, limits, source_name) for chunk in chunks), AHEAD)


def _read_chunk(paths: list[str], limits: Limits, source_name: str) -> list[FileRead]:
    return [read_file(Path(path), limits, source_name) for path in paths]
