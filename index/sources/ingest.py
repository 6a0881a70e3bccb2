"""`briefs add`: turn files, folders, URLs, feeds and OPML files into stored articles.

Every failure names its source and reason, is counted, and never stops the other sources.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from briefs.index.article import Article
from briefs.index.errors import SourceError
from briefs.index.sources import feeds as feedparse
from briefs.index.sources import http, opml, xmldoc
from briefs.index.sources.file_reading import FileRead, Limits, read_file, read_files
from briefs.index.sources.htmlpage import extract_page
from briefs.index.sources.textfile import decode, source_from_path
from briefs.index.store import Feed, Store

BATCH = 200


@dataclass
class Summary:
    """Counts of one run of `add` or `fetch`, and the problems met on the way."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    subscribed: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = f"added {self.added}, updated {self.updated}, skipped {self.skipped}"
        if self.unchanged:
            text += f", unchanged {self.unchanged}"
        if self.subscribed:
            text += f", subscribed {self.subscribed}"
        if self.skipped:
            text += " (see above)"
        return text

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": self.skipped, "subscribed": self.subscribed,
                "errors": self.errors, "warnings": self.warnings}


Report = Callable[[str, str], None]  # (kind: "error"|"warning"|"info", message)
Progress = Callable[[int, int, str], None]  # (done, total, label)


def _ignore(*_args) -> None:
    return None


@dataclass
class IngestOptions:
    """Limits and choices of an ingest run, from the config."""

    max_file_bytes: int = 20_000_000
    extensions: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".opml", ".xml",
                                   ".rss", ".atom", ".rdf")
    max_html_bytes: int = 5_000_000
    limits: http.Limits = field(default_factory=http.Limits)
    full_text: bool = True
    teaser_chars: int = 600
    gone_after_failures: int = 3
    fetch: bool = True  # fetch the feeds an OPML file subscribes to, right away

    @classmethod
    def from_settings(cls, settings) -> IngestOptions:
        ingest, feeds = settings.section("ingest"), settings.section("feeds")
        return cls(
            max_file_bytes=int(ingest["max_file_bytes"]),
            extensions=tuple(e.lower() for e in ingest["extensions"]),
            max_html_bytes=int(settings.get("extraction", "max_html_bytes")),
            limits=http.Limits(timeout=float(feeds["timeout"]),
                               max_seconds=float(feeds["max_seconds"]),
                               max_bytes=int(feeds["max_bytes"]),
                               user_agent=str(feeds["user_agent"])),
            full_text=bool(feeds["full_text"]),
            teaser_chars=int(feeds["teaser_chars"]),
            gone_after_failures=int(feeds["gone_after_failures"]),
        )


class Sink(Protocol):
    """Where ingested articles go: the library (briefs.index.library.Library) is one.

    Sources come first in the flow, so they name what they need of the library rather than
    import it (it brings the search index and stories with it).
    """

    store: Store

    def put(self, articles: list[Article]) -> dict[str, str]: ...

    def sync_index(self, decode_later: bool = False): ...

    def update_stories(self) -> int: ...

    def finish_decoding(self) -> None: ...


class Ingester:
    """Adds sources to a library, batching writes so a kill loses at most the open batch."""

    def __init__(self, library: Sink, options: IngestOptions | None = None,
                 report: Report = _ignore, progress: Progress = _ignore):
        self.library = library
        self.options = options or IngestOptions()
        self.report = report
        self.progress = progress
        self.summary = Summary()
        self._batch: list[Article] = []

    # -- bookkeeping -----------------------------------------------------------------------
    def _fail(self, error: SourceError | str) -> None:
        message = str(error)
        self.summary.skipped += 1
        self.summary.errors.append(message)
        self.report("error", message)

    def _warn(self, message: str) -> None:
        self.summary.warnings.append(message)
        self.report("warning", message)

    def _queue(self, article: Article) -> None:
        self._batch.append(article)
        if len(self._batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the queued articles in one transaction and count what happened."""
        if not self._batch:
            return
        # The same id twice in a batch (a feed repeating an item) is stored once, last wins.
        unique = list({a.id: a for a in self._batch}.values())
        self._batch = []
        for outcome in self.library.put(unique).values():
            setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)

    def finish(self) -> Summary:
        self.flush()
        # The search arrays of a big import are decoded while its stories are made: those
        # read the index through Whoosh alone and leave part of a core idle.
        self.library.sync_index(decode_later=True)
        self.library.update_stories()
        self.library.finish_decoding()
        return self.summary

    # -- sources ---------------------------------------------------------------------------
    def add(self, sources: list[str], source_name: str = "") -> Summary:
        """Add every source; returns the summary (errors are counted, never raised)."""
        for source in sources:
            try:
                if source.startswith(("http://", "https://")):
                    self.add_url(source, source_name)
                else:
                    self.add_path(Path(source), source_name)
            except SourceError as exc:
                self._fail(exc)
            except Exception as exc:  # noqa: BLE001 - one broken source must not stop the rest
                self._fail(f"{source}: could not be read ({type(exc).__name__}: {exc})")
        return self.finish()

    def add_path(self, path: Path, source_name: str = "") -> None:
        if not path.exists():
            raise SourceError(str(path), "no such file or folder")
        if not path.is_dir():
            self._take(read_file(path, self._limits(), source_name), source_name)
            return
        files = [str(file) for file in self._walk(path)]
        for number, read in enumerate(read_files(files, self._limits(), source_name), start=1):
            self.progress(number, len(files), str(read.path))
            try:
                self._take(read, source_name)
            except SourceError as exc:
                self._fail(exc)

    def _walk(self, folder: Path) -> Iterator[Path]:
        """Files below `folder` with a known ending, sorted, following no link twice."""
        seen: set[tuple[int, int]] = set()
        other: Counter[str] = Counter()
        for root, dirs, names in os.walk(folder, followlinks=True):
            stat = os.stat(root)
            key = (stat.st_dev, stat.st_ino)
            if key in seen:
                dirs[:] = []
                self._warn(f"{root}: skipped, a link loop leads back to a folder already read")
                continue
            seen.add(key)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                suffix = Path(name).suffix.lower()
                if suffix in self.options.extensions:
                    yield Path(root) / name
                else:
                    other[suffix or "no ending"] += 1
        if other:
            kinds = ", ".join(f"{n} {s}" for s, n in other.most_common())
            self.report("info", f"{folder}: left out {sum(other.values())} files of other kinds "
                                f"({kinds}); ingest.extensions lists the endings read")

    def _limits(self) -> Limits:
        return Limits(self.options.max_file_bytes, self.options.max_html_bytes)

    def _take(self, read: FileRead, source_name: str = "") -> None:
        """Queue what a file gave (or subscribe to the feeds it lists); report its problems."""
        for warning in read.warnings:
            self._warn(warning)
        if read.error is not None:
            self._fail(read.error)
        elif read.opml is not None:
            self.add_opml(read.opml, str(read.path))
        elif read.feed is not None:
            self.add_feed_file(read.feed, read.path, source_name)
        elif read.article is not None:
            self._queue(read.article)

    def add_feed_file(self, data: bytes, path: Path, source_name: str = "") -> None:
        """The items of a feed saved as a file become articles (nothing to subscribe to)."""
        parsed = feedparse.parse(data, str(path))
        for warning in parsed.warnings:
            self._warn(warning)
        source = source_name or parsed.title or source_from_path(path)
        for article in self.known_items(parsed.articles, ""):
            article.source = source_name or article.source or source
            self._queue(article)

    def known_items(self, articles: list[Article], feed: str) -> list[Article]:
        """Items whose guid is stored already keep that article's id: an item whose link
        changed is still the same item."""
        guids = [a.guid for a in articles if a.guid]
        known = self.library.store.ids_by_guid(feed, guids) if guids else {}
        for article in articles:
            article.id = known.get(article.guid, article.id)
        return articles

    def add_url(self, url: str, source_name: str = "") -> None:
        response = http.get(url, self.options.limits)
        kind = xmldoc.kind_of(response.body)
        if not response.body.strip():
            raise SourceError(url, "the server sent an empty document")
        if kind == "feed" or not kind and feedparse.looks_like_feed(response.body,
                                                                   response.content_type):
            self.subscribe(url, response)
            return
        if kind == "opml" or "opml" in response.content_type or \
                urlsplit(url).path.lower().endswith(".opml"):
            self.add_opml(response.body, url)
            return
        xml_typed = "xml" in response.content_type and "html" not in response.content_type
        if kind == "xml" or not kind and xml_typed:
            root = xmldoc.root_element(xmldoc.decode_head(response.body[:8192]))
            what = f"root element <{root}>" if root else "no XML element found"
            raise SourceError(url, f"an XML document that is neither a feed nor OPML ({what})")
        text = decode(response.body, url).text
        article = extract_page(text, response.url, url, self.options.max_html_bytes)
        if source_name:
            article.source = source_name
        self._queue(article)

    def add_opml(self, data: bytes, name: str) -> None:
        """Subscribe to every http(s) feed an OPML document lists, then fetch them."""
        listed = opml.parse(data, name)
        for warning in listed.warnings:
            self._warn(warning)
        if not listed.outlines:
            self._warn(f"{name}: OPML file lists no feeds")
        store = self.library.store
        urls: list[str] = []
        for outline in listed.outlines:
            if not feedparse.is_web_url(outline.url):
                self._fail(f"{name}: skipped {outline.title!r}: {outline.url!r} is not an "
                           "http(s) URL (commands and local paths are not feeds briefs can poll)")
                continue
            urls.append(outline.url)
            feed = store.get_feed(outline.url)
            if feed is None:
                self.summary.subscribed += 1
                feed = Feed(url=outline.url, title=outline.title)
            feed.title = feed.title or outline.title
            feed.tags = list(dict.fromkeys([*feed.tags, *outline.tags]))
            feed.folder = feed.folder or outline.folder
            store.save_feed(feed)
        if not urls:
            return
        if not self.options.fetch:
            self.report("info", f"{name}: {len(urls)} feeds subscribed; `briefs fetch` reads "
                                "them")
            return
        self.report("info", f"{name}: {len(urls)} feeds subscribed; fetching them")
        from briefs.index.sources.fetcher import fetch_feeds

        fetch_feeds(self, urls, progress=self.progress)

    def subscribe(self, url: str, response: http.Response) -> None:
        """Subscribe to a downloaded feed and store its items (nothing is kept when the
        document turns out not to be a feed)."""
        store = self.library.store
        feed = store.get_feed(url)
        from briefs.index.sources.fetcher import take_feed

        take_feed(self, feed or Feed(url=url), response)
        if feed is None:
            self.summary.subscribed += 1
