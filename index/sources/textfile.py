"""Read a text or Markdown file into an Article: encoding, front matter, raw-article heuristics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefs.index import dates
from briefs.index.article import Article, derived_id
from briefs.index.errors import SourceError
from briefs.index.sanitize import clean_line, clean_text
from briefs.index.sources import rawtext

FRONT_MATTER_KEYS = {"id", "title", "source", "url", "author", "published", "date", "tags"}
# libyaml's safe loader when PyYAML has it (ten times faster on big imports); same safety.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Decoded:
    """Text of a file and any warning about how it was decoded."""

    text: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, name: str) -> Decoded:
    """Decode bytes as UTF-8, else the detected encoding, else UTF-8 with replacements.

    Raises SourceError for binary data (NUL bytes or mostly control characters).
    """
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(name, "binary file, not text (it contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls > 0.1 * min(len(text), 4096):
            raise SourceError(name, "binary file, not text (mostly control characters)")
        return Decoded(text, [f"{name}: not UTF-8; decoded as {best.encoding}"])
    text = data.decode("utf-8", errors="replace")
    return Decoded(text, [f"{name}: invalid UTF-8; undecodable bytes replaced with �"])


def split_front_matter(text: str, name: str) -> tuple[dict | None, str]:
    """Return (front matter dict or None, body). Errors name the file and line."""
    if not text.startswith("---"):
        return None, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise SourceError(name, "front matter opened with '---' is never closed", line=1)
    raw = "\n".join(lines[1:end])
    try:
        meta = yaml.load(raw, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        raise SourceError(name, f"invalid front matter YAML: {exc.problem or exc}", line) from exc
    except yaml.YAMLError as exc:
        raise SourceError(name, f"invalid front matter YAML: {exc}", line=1) from exc
    except (ValueError, TypeError, OverflowError) as exc:
        # A well-formed value YAML cannot build, such as the date 0000-00-00.
        raise SourceError(name, f"invalid front matter value: {exc}", line=1) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SourceError(name, "front matter must be a mapping of keys to values", line=2)
    body = "\n".join(lines[end + 1:])
    return meta, body.lstrip("\n")


def _line_of(meta_text: str, key: str) -> int | None:
    for number, line in enumerate(meta_text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def _check_types(meta: dict, text: str, name: str) -> dict:
    clean: dict = {}
    for key in ("id", "title", "source", "url", "author"):
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, (dict, list)):
            kind = "a list" if isinstance(value, list) else "a mapping"
            raise SourceError(name, f"front matter '{key}' must be text, not {kind}",
                              _line_of(text, key))
        clean[key] = str(value)
    published = meta.get("published", meta.get("date"))
    if published is not None:
        if not isinstance(published, (str, dt.date)):
            raise SourceError(name, "front matter 'published' must be a date like 2025-11-23",
                              _line_of(text, "published") or _line_of(text, "date"))
        iso = dates.iso(published)
        if iso is None:
            raise SourceError(name, f"front matter 'published' is not a date: {published!r}",
                              _line_of(text, "published") or _line_of(text, "date"))
        clean["published"] = iso
    tags = meta.get("tags")
    if tags is not None:
        if isinstance(tags, str):
            tags = [t.strip() for t in tags.split(",")]
        if not isinstance(tags, list) or not all(isinstance(t, (str, int)) for t in tags):
            raise SourceError(name, "front matter 'tags' must be a list of words",
                              _line_of(text, "tags"))
        clean["tags"] = [clean_line(str(t)) for t in tags if str(t).strip()]
    return clean


def parse_text(
    text: str, name: str, default_source: str = "", source_override: str = ""
) -> Article:
    """Build an Article from the text of a .txt/.md file.

    Front matter wins; without it the raw-article heuristics find title, date and source hints.
    `source_override` (--source) is used when front matter names no source.
    """
    text = clean_text(text)
    meta, body = split_front_matter(text, name)
    if meta is not None:
        fields = _check_types(meta, text, name)
        body = body.strip("\n")
        title = fields.get("title") or rawtext.shorten(rawtext.first_sentence(
            next((x for x in body.split("\n") if x.strip()), "")).rstrip("."))
        source = fields.get("source") or source_override or default_source
        published = fields.get("published")
        dateline = ""
    else:
        parts = rawtext.parse_raw(text)
        body, title, published = parts.body, parts.title, parts.published
        source = source_override or parts.source_hint or default_source
        dateline = parts.dateline
        fields = {}
    if not body.strip() and not title.strip():
        raise SourceError(name, "empty article (no text)")
    # No date in the metadata: many pages keep their "Published: June 13, 2013" in the text.
    published = published or dates.dateline(body)
    url = clean_line(fields.get("url", ""))
    article_id = clean_line(fields.get("id", "")) or derived_id(url, title, body)
    return Article(
        id=article_id,
        title=clean_line(title),
        body=body,
        source=clean_line(source),
        url=url,
        author=clean_line(fields.get("author", "")),
        published=published,
        tags=fields.get("tags", []),
        dateline=dateline,
    )


def source_from_path(path: Path) -> str:
    """A readable source name for a file of unknown origin: its folder's name, else its own."""
    folder = path.parent.name
    if folder and folder not in (".", "/"):
        return folder
    return path.stem
