"""The article record that flows from ingest to the store, the index and the views."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One news article. `body` is plain text or Markdown, stored exactly as given here."""

    id: str
    title: str
    body: str
    source: str = ""
    url: str = ""
    author: str = ""
    published: str | None = None  # ISO 8601: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"
    tags: list[str] = field(default_factory=list)
    feed: str = ""
    fetched: str | None = None
    read: bool = False
    starred: bool = False
    hash: str = ""
    dateline: str = ""
    guid: str = ""  # a feed item's own id (RSS guid, Atom id)
    enclosures: list[dict] = field(default_factory=list)  # {"url", "type", "length"} each

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.title, self.body)

    def summary(self) -> dict[str, Any]:
        """The documented JSON fields of a listing row."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "published": self.published,
            "tags": list(self.tags),
            "feed": self.feed,
            "read": self.read,
            "starred": self.starred,
        }

    def to_dict(self) -> dict[str, Any]:
        """Every field, for `show --json` and `export --json`."""
        data = asdict(self)
        data["tags"] = list(self.tags)
        data["enclosures"] = [dict(e) for e in self.enclosures]
        return data


def content_hash(title: str, body: str) -> str:
    """A hash of the normalised text, so re-adding identical text is recognised."""
    norm = " ".join((title or "").split()).lower() + "\n" + " ".join((body or "").split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def derived_id(url: str, title: str, body: str) -> str:
    """A stable id: from the URL when there is one, else from the content."""
    if url:
        key = "url:" + normalise_url(url)
    else:
        key = "text:" + content_hash(title, body)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def normalise_url(url: str) -> str:
    """Drop the fragment, tracking parameters, default ports and case differences of a URL."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(("utm_", "fbclid", "gclid"))
    ]
    netloc = parts.netloc.lower()
    if netloc.endswith(":80") and parts.scheme == "http":
        netloc = netloc[:-3]
    if netloc.endswith(":443") and parts.scheme == "https":
        netloc = netloc[:-4]
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))
