"""Download a URL with a timeout, a total time cap, a size cap and conditional GET."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from briefs.index.errors import SourceError


@dataclass
class Response:
    """A downloaded body, or `not_modified` for a 304 answer."""

    url: str
    status: int
    body: bytes
    content_type: str
    etag: str | None
    modified: str | None
    not_modified: bool = False


@dataclass
class Limits:
    """How long and how much one download may take."""

    timeout: float = 20.0
    max_seconds: float = 60.0
    max_bytes: int = 10_000_000
    user_agent: str = "briefs/0.1"


class HTTPFailure(SourceError):
    """A failed download; `status` is the HTTP code when the server answered."""

    def __init__(self, url: str, reason: str, status: int | None = None,
                 retry_after: str | None = None):
        super().__init__(url, reason)
        self.status = status
        self.retry_after = retry_after


def get(url: str, limits: Limits, etag: str | None = None,
        modified: str | None = None) -> Response:
    """Fetch `url`. Raises HTTPFailure naming the URL and the reason on any failure."""
    headers = {"User-Agent": limits.user_agent, "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    request = urllib.request.Request(url, headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=limits.timeout) as answer:
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() - started > limits.max_seconds:
                    raise HTTPFailure(url, f"download took longer than {limits.max_seconds:g} s")
                chunk = answer.read1(65536)  # returns what has arrived: the time cap holds
                if not chunk:
                    break
                size += len(chunk)
                if size > limits.max_bytes:
                    raise HTTPFailure(url, f"larger than the {limits.max_bytes:,} byte cap")
                chunks.append(chunk)
            return Response(
                url=answer.geturl(),
                status=answer.status,
                body=b"".join(chunks),
                content_type=answer.headers.get("Content-Type", ""),
                etag=answer.headers.get("ETag"),
                modified=answer.headers.get("Last-Modified"),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(url, 304, b"", "", etag, modified, not_modified=True)
        reason = f"HTTP {exc.code} {exc.reason}"
        if exc.code in (301, 302, 303, 307, 308):
            reason = f"too many redirects (HTTP {exc.code})"
        raise HTTPFailure(url, reason, status=exc.code,
                          retry_after=exc.headers.get("Retry-After") if exc.headers else None
                          ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise HTTPFailure(url, f"timed out after {limits.timeout:g} s") from None
        if "CERTIFICATE" in str(reason).upper() or "SSL" in str(reason).upper():
            raise HTTPFailure(url, f"TLS error: {reason}") from None
        raise HTTPFailure(url, f"cannot connect: {reason}") from None
    except TimeoutError:
        raise HTTPFailure(url, f"timed out after {limits.timeout:g} s") from None
    except (ConnectionError, OSError) as exc:
        raise HTTPFailure(url, f"connection failed: {exc}") from None
    except ValueError as exc:
        raise HTTPFailure(url, f"not a valid URL: {exc}") from None
