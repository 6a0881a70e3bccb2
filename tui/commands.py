"""The `briefs` subcommands. Each takes the parsed arguments and the context; returns an exit code.

This module never imports Textual: `briefs search ... --json` must start fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from briefs.index.article import Article
from briefs.tui import terminal
from briefs.tui.context import Context
from briefs.tui.terminal import emit_json, err, safe

OK, FAILED, USAGE, NOT_FOUND = 0, 1, 2, 3


def _row(article: Article) -> str:
    date = (article.published or "")[:10] or "----------"
    flags = ("*" if article.starred else " ") + (" " if article.read else "N")
    source = safe(article.source)[:22]
    return f"{flags} {date}  {source:<22}  {safe(article.title)}  [{article.id}]"


def _ingester(ctx: Context, library, progress: terminal.Progress, fetch: bool = True):
    from briefs.index.sources import Ingester, IngestOptions

    def report(kind: str, message: str) -> None:
        progress.message(message if kind == "info" else f"{kind}: {message}")

    options = IngestOptions.from_settings(ctx.settings)
    options.fetch = fetch
    return Ingester(library, options, report, progress.update)


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    progress = terminal.Progress(quiet=args.json)
    with ctx.open_library() as library:
        ingester = _ingester(ctx, library, progress, fetch=not args.no_fetch)
        summary = ingester.add(args.sources, source_name=args.source or "")
    progress.clear()
    if args.json:
        emit_json(summary.to_dict())
    else:
        print(summary.line())
    return FAILED if summary.errors else OK


def cmd_fetch(args: argparse.Namespace, ctx: Context) -> int:
    from briefs.index.sources import fetch_feeds

    progress = terminal.Progress(quiet=args.json)
    with ctx.open_library() as library:
        if not library.store.feeds():
            err("no subscriptions yet: add a feed with `briefs add URL` or `briefs add subs.opml`")
            return OK
        ingester = _ingester(ctx, library, progress)
        results = fetch_feeds(ingester, progress=progress.update)
    progress.clear()
    if args.json:
        emit_json({"feeds": [r.__dict__ for r in results], **ingester.summary.to_dict()})
    else:
        for result in results:
            print(safe(result.line()))
        print(ingester.summary.line())
    return FAILED if any(r.status in ("failed", "gone") for r in results) else OK


def cmd_feeds(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_library() as library:
        feeds = library.store.feeds()
    if args.json:
        emit_json([f.__dict__ for f in feeds])
        return OK
    if not feeds:
        print("no subscriptions")
    for feed in feeds:
        state = "gone" if feed.gone else (f"failing ({feed.failures})" if feed.failures else "ok")
        if not feed.last_fetch and not feed.failures:
            state = "not fetched"
        tags = f"  [{safe(', '.join(feed.tags))}]" if feed.tags else ""
        print(f"{safe(feed.title) or '-':<30}  {state:<12}  {safe(feed.url)}{tags}")
    return OK


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    query = " ".join(args.query)
    limit = args.limit or int(ctx.settings.get("search", "limit"))
    with ctx.open_library() as library:
        results = library.search(query, limit=limit)
        articles = {a.id: a for a in library.store.get_many([h.id for h in results.hits])}
    if args.json:
        rows = []
        for hit in results.hits:
            row = articles[hit.id].summary() if hit.id in articles else {"id": hit.id}
            snippet, spans = terminal.unmarked(hit.snippet)
            row.update(score=round(hit.score, 4), snippet=snippet, highlights=spans)
            rows.append(row)
        emit_json({"query": query, "total": results.total, "results": rows,
                   "suggestion": results.suggestion})
        return OK
    if not results.hits:
        print(f"no articles match {query!r}")
        if results.suggestion:
            print(f"did you mean: {safe(results.suggestion)}")
        return OK
    for hit in results.hits:
        article = articles.get(hit.id)
        if article is None:
            continue
        print(_row(article))
        if hit.snippet:
            print("    " + terminal.marked(" ".join(hit.snippet.split())))
    print(f"{len(results.hits)} of {results.total} matches")
    return OK


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_library() as library:
        library.sync_index()
        articles = library.store.list(limit=args.limit, source=args.source)
    if args.json:
        emit_json([a.summary() for a in articles])
        return OK
    for article in articles:
        print(_row(article))
    return OK


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_library() as library:
        article = library.get(args.id)
    if args.json:
        emit_json(article.to_dict())
        return OK
    print(safe(article.title))
    meta = [article.source, article.author, article.published or "", article.url]
    print(" · ".join(safe(m) for m in meta if m))
    if article.enclosures:
        for enclosure in article.enclosures:
            print(f"attached: {safe(terminal.enclosure_line(enclosure))}")
    print()
    print(safe(article.body))
    return OK


def cmd_stats(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_library() as library:
        library.sync_index()
        stats = library.store.stats()
        stats["indexed"] = library.index.doc_count()
        stats["data_dir"] = str(library.data_dir)
    if args.json:
        emit_json(stats)
        return OK
    print(f"articles   {stats['articles']} ({stats['unread']} unread, {stats['starred']} starred,"
          f" {stats['undated']} undated)")
    print(f"indexed    {stats['indexed']}")
    print(f"feeds      {stats['feeds']}")
    print(f"published  {stats['first_published'] or '-'} .. {stats['last_published'] or '-'}")
    print(f"sources    {len(stats['sources'])}")
    for name, count in list(stats["sources"].items())[:15]:
        print(f"  {count:>6}  {safe(name)}")
    return OK


def cmd_reindex(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.open_library() as library:
        report = library.reindex()
    print(f"reindexed {report.indexed} articles")
    return OK


def cmd_remove(args: argparse.Namespace, ctx: Context) -> int:
    code = OK
    with ctx.open_library() as library:
        for article_id in args.ids:
            from briefs.index.errors import NotFound

            try:
                article = library.remove(article_id)
                print(f"removed {article.id}: {safe(article.title)}")
            except NotFound as exc:
                err(str(exc))
                code = NOT_FOUND
    return code


def _markdown(article: Article) -> str:
    meta = {k: v for k, v in {
        "id": article.id, "title": article.title, "source": article.source, "url": article.url,
        "author": article.author, "published": article.published, "tags": article.tags,
    }.items() if v}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n{article.body}\n"


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from briefs.index.sources import Outline, render_opml

    with ctx.open_library() as library:
        if args.opml:
            outlines = [Outline(f.url, f.title or f.url, f.folder,
                                [t for t in f.tags if t != f.folder])
                        for f in library.store.feeds()]
            text = render_opml(outlines)
            _write(args.output, text)
            return OK
        if args.md:
            folder = Path(args.output or "briefs-export")
            folder.mkdir(parents=True, exist_ok=True)
            count = 0
            for article in library.store.iter_all():
                name = "".join(c if c.isalnum() or c in "-_" else "_" for c in article.id)
                (folder / f"{name}.md").write_text(_markdown(article), encoding="utf-8")
                count += 1
            print(f"exported {count} articles to {folder}/")
            return OK
        data = [a.to_dict() for a in library.store.iter_all()]
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    _write(args.output, text)
    return OK


def _write(output: str | None, text: str) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
        err(f"wrote {output}")
    else:
        sys.stdout.write(text)


def cmd_config(args: argparse.Namespace, ctx: Context) -> int:
    if args.path:
        print(ctx.paths.config_file)
        return OK
    if args.default:
        from briefs.config.settings import default_text

        sys.stdout.write(default_text())
        return OK
    sys.stdout.write(yaml.safe_dump(ctx.settings.data, sort_keys=False, allow_unicode=True))
    return OK


def cmd_locate(args: argparse.Namespace, ctx: Context) -> int:
    places = {
        "config": str(ctx.paths.config_file),
        "data": str(ctx.data_dir),
        "store": str(ctx.data_dir / "library.sqlite3"),
        "index": str(ctx.index_dir or ctx.data_dir / "index"),
    }
    if args.json:
        emit_json(places)
    else:
        for key, value in places.items():
            print(f"{key:<7} {value}")
    return OK
