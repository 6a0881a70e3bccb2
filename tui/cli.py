"""The `briefs` command line: parse arguments, open the context, run a command or the app."""

from __future__ import annotations

import argparse
import sys

from briefs.tui import commands

EPILOG = """\
With no command, briefs opens the terminal app on your library (the demo library while yours is
empty). Exit codes: 0 ok, 1 some sources or feeds failed, 2 usage or config error, 3 not found."""


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (documented schema)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefs", description="A terminal news reader that compares coverage claim by claim.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data-dir", metavar="DIR",
                        help="keep the library and config in DIR (also: BRIEFS_HOME)")
    parser.add_argument("--demo", action="store_true",
                        help="use the built-in demo library instead of yours")
    parser.add_argument("--version", action="version", version="briefs 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("add", help="add files, folders, page or feed URLs, OPML files")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--source", metavar="NAME", help="outlet name for articles that lack one")
    p.add_argument("--no-fetch", action="store_true",
                   help="subscribe to an OPML file's feeds without fetching them now")
    _json(p)
    p.set_defaults(run=commands.cmd_add)

    p = sub.add_parser("fetch", help="refresh every feed subscription")
    _json(p)
    p.set_defaults(run=commands.cmd_fetch)

    p = sub.add_parser("feeds", help="list feed subscriptions")
    _json(p)
    p.set_defaults(run=commands.cmd_feeds)

    p = sub.add_parser("search", help="full-text search (Whoosh query syntax)")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, metavar="N", help="number of results (default 20)")
    _json(p)
    p.set_defaults(run=commands.cmd_search)

    p = sub.add_parser("list", help="articles, newest first")
    p.add_argument("--limit", type=int, default=50, metavar="N")
    p.add_argument("--source", metavar="NAME", help="only this outlet")
    _json(p)
    p.set_defaults(run=commands.cmd_list)

    p = sub.add_parser("show", help="one article")
    p.add_argument("id")
    _json(p)
    p.set_defaults(run=commands.cmd_show)

    p = sub.add_parser("stats", help="counts of the library")
    _json(p)
    p.set_defaults(run=commands.cmd_stats)

    p = sub.add_parser("reindex", help="rebuild the search index from the store")
    p.set_defaults(run=commands.cmd_reindex)

    p = sub.add_parser("remove", help="delete articles by id")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.set_defaults(run=commands.cmd_remove)

    p = sub.add_parser("export", help="export articles (JSON, Markdown) or feeds (OPML)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--json", action="store_true", help="all articles as JSON (default)")
    kind.add_argument("--md", action="store_true", help="one Markdown file per article")
    kind.add_argument("--opml", action="store_true", help="subscriptions as OPML")
    p.add_argument("-o", "--output", metavar="PATH", help="file (or folder for --md)")
    p.set_defaults(run=commands.cmd_export)

    p = sub.add_parser("config", help="where the config is, and what is in force")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--path", action="store_true", help="print the config file's path")
    group.add_argument("--show", action="store_true", help="print the effective config")
    group.add_argument("--default", action="store_true", help="print the documented defaults")
    p.set_defaults(run=commands.cmd_config)

    p = sub.add_parser("locate", help="where config, store and index live")
    _json(p)
    p.set_defaults(run=commands.cmd_locate)

    from briefs.tui import compare_cli

    compare_cli.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `briefs` console script."""
    from briefs.config.errors import ConfigError
    from briefs.index.errors import BriefsError, NotFound
    from briefs.tui import context

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        ctx = context.make(args.data_dir, demo=args.demo)
        if args.command is None:
            from briefs.tui.app import run_app

            return run_app(ctx)
        return args.run(args, ctx)
    except ConfigError as exc:
        commands.err(f"config error: {exc}")
        return commands.USAGE
    except NotFound as exc:
        commands.err(str(exc))
        return commands.NOT_FOUND
    except BriefsError as exc:
        commands.err(f"error: {exc}")
        return commands.FAILED
    except KeyboardInterrupt:
        commands.err("interrupted")
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return commands.OK


if __name__ == "__main__":
    sys.exit(main())
