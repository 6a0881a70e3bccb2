"""`briefs fetch`: refresh subscriptions with conditional GET, full text for teasers."""

from __future__ import annotations

import time
from dataclasses import dataclass

from briefs.index.errors import SourceError
from briefs.index.sources import feeds as feedparse
from briefs.index.sources import http
from briefs.index.sources.htmlpage import extract_page
from briefs.index.sources.textfile import decode
from briefs.index.store import Feed


@dataclass
class FeedResult:
    """How one feed's refresh went, for the per-feed summary."""

    url: str
    title: str
    status: str  # "ok", "not modified", "failed", "gone"
    added: int = 0
    updated: int = 0
    message: str = ""

    def line(self) -> str:
        name = self.title or self.url
        if self.status == "ok":
            return f"{name}: {self.added} new, {self.updated} updated"
        if self.status == "not modified":
            return f"{name}: not modified"
        if self.status == "deferred":
            return f"{name}: skipped, {self.message}"
        return f"{name}: {self.status}: {self.message}"


def _now(offset: float = 0.0) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset))


def retry_at(header: str | None) -> str | None:
    """When a Retry-After header (seconds or an HTTP date) allows the next request."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return _now(min(int(header), 7 * 86400))
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def take_feed(ingester, feed: Feed, response: http.Response) -> FeedResult:
    """Store the items of a downloaded feed and remember its validators."""
    parsed = feedparse.parse(response.body, feed.url, _charset(response.content_type),
                             base=response.url or feed.url)
    for warning in parsed.warnings:
        ingester._warn(warning)
    named = feed.title if feed.title and feed.title != feed.url else ""
    source = parsed.title or named or _host(feed.url)
    before = (ingester.summary.added, ingester.summary.updated)
    for article in ingester.known_items(parsed.articles, feed.url):
        article.source = article.source or source
        article.tags = list(dict.fromkeys([*article.tags, *feed.tags]))
        if ingester.options.full_text and article.url and \
                len(article.body) < ingester.options.teaser_chars:
            article = _full_text(ingester, article)
        ingester._queue(article)
    ingester.flush()
    feed.title = named or parsed.title or _host(feed.url)
    feed.etag, feed.modified = response.etag, response.modified
    feed.failures, feed.gone, feed.last_error, feed.last_fetch = 0, False, None, _now()
    ingester.library.store.save_feed(feed)
    return FeedResult(feed.url, feed.title, "ok", ingester.summary.added - before[0],
                      ingester.summary.updated - before[1])


def _charset(content_type: str) -> str:
    """The charset parameter of a Content-Type header ('' when it names none)."""
    from email.message import Message

    message = Message()
    message["content-type"] = content_type or "application/octet-stream"
    return message.get_content_charset() or ""


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or url).removeprefix("www.")


def _full_text(ingester, article):
    """Replace a teaser body with the extracted page, keeping the feed's metadata."""
    try:
        page = http.get(article.url, ingester.options.limits)
        text = decode(page.body, article.url).text
        full = extract_page(text, page.url, article.url, ingester.options.max_html_bytes)
    except SourceError as exc:
        ingester._warn(f"{article.url}: kept the feed's teaser; full text failed ({exc.reason})")
        return article
    if len(full.body) > len(article.body):
        article.body = full.body
        article.author = article.author or full.author
        article.published = article.published or full.published
        from briefs.index.article import content_hash

        article.hash = content_hash(article.title, article.body)
    return article


def fetch_feeds(ingester, urls: list[str] | None = None, progress=None) -> list[FeedResult]:
    """Refresh the given subscriptions (default: all that are not gone). Never raises."""
    store = ingester.library.store
    feeds = [f for f in store.feeds() if urls is None or f.url in urls]
    if urls is None:
        feeds = [f for f in feeds if not f.gone]
    results: list[FeedResult] = []
    now = _now()
    for feed in [f for f in feeds if f.retry_at and f.retry_at > now]:
        results.append(FeedResult(feed.url, feed.title, "deferred",
                                  message=f"server asked to wait until {feed.retry_at}"))
    feeds = [f for f in feeds if not (f.retry_at and f.retry_at > now)]
    for number, feed in enumerate(feeds, start=1):
        if progress is not None:
            progress(number - 1, len(feeds), feed.title or feed.url)
        try:
            results.append(_fetch_one(ingester, feed))
        except Exception as exc:  # noqa: BLE001 - one broken feed must not stop the others
            reason = f"could not be read ({type(exc).__name__}: {exc})"
            feed.failures += 1
            feed.last_error, feed.last_fetch = reason, _now()
            store.save_feed(feed)  # `feeds` shows it failed, not "ok"
            ingester._fail(f"{feed.url}: {reason}")
            results.append(FeedResult(feed.url, feed.title, "failed", message=reason))
        if progress is not None:
            progress(number, len(feeds), feed.title or feed.url)
    ingester.flush()
    ingester.library.sync_index()
    ingester.library.update_stories()
    return results


def _fetch_one(ingester, feed: Feed) -> FeedResult:
    store = ingester.library.store
    try:
        response = http.get(feed.url, ingester.options.limits, feed.etag, feed.modified)
        feed.retry_at = None
        if response.not_modified:
            feed.last_fetch, feed.failures, feed.last_error = _now(), 0, None
            store.save_feed(feed)
            return FeedResult(feed.url, feed.title, "not modified")
        return take_feed(ingester, feed, response)
    except SourceError as exc:
        status = getattr(exc, "status", None)
        reason = exc.reason
        if status in (429, 503):
            feed.retry_at = retry_at(getattr(exc, "retry_after", None))
            reason += (f" (server asks to wait; next try after {feed.retry_at})"
                       if feed.retry_at else " (server busy)")
        else:
            feed.failures += 1
        if status == 410 or feed.failures >= ingester.options.gone_after_failures:
            feed.gone = True
            reason += f"; marked gone after {feed.failures} failures" if status != 410 \
                else "; marked gone"
        feed.last_error, feed.last_fetch = reason, _now()
        store.save_feed(feed)
        ingester._fail(f"{feed.url}: {reason}")
        return FeedResult(feed.url, feed.title, "gone" if feed.gone else "failed",
                          message=reason)
