"""`briefs compare A B`: the comparison as JSON or as a side-by-side table."""

from __future__ import annotations

import argparse
import textwrap

from briefs.tui import terminal
from briefs.tui.terminal import emit_json, safe

MARKS = {"same": "=", "related": "~", "conflict": "!", "update": "↗"}


def register(sub) -> None:
    p = sub.add_parser("compare", help="compare two articles claim by claim")
    p.add_argument("a", metavar="A", nargs="?")
    p.add_argument("b", metavar="B", nargs="?")
    p.add_argument("--pairs", metavar="FILE",
                   help="compare every 'A B' line of FILE (JSON lines out, one per pair)")
    p.add_argument("--json", action="store_true", help="print JSON (documented schema)")
    p.set_defaults(run=cmd_compare)

    p = sub.add_parser("stories", help="stories: articles about the same event")
    p.add_argument("--min-size", type=int, default=1, metavar="N",
                   help="only stories with at least N articles")
    p.add_argument("--json", action="store_true", help="print JSON (documented schema)")
    p.set_defaults(run=cmd_stories)

    p = sub.add_parser("story", help="one story with its claims clustered across sources")
    p.add_argument("id", help="a story id, or an article id (its story)")
    p.add_argument("--json", action="store_true", help="print JSON (documented schema)")
    p.set_defaults(run=cmd_story)

    p = sub.add_parser("topics", help="people, places and organisations the articles name")
    p.add_argument("query", nargs="*", help="only the articles this search matches")
    p.add_argument("--limit", type=int, default=30, metavar="N")
    p.add_argument("--json", action="store_true", help="print JSON (documented schema)")
    p.set_defaults(run=cmd_topics)


def cmd_compare(args: argparse.Namespace, ctx) -> int:
    import json
    import sys

    min_score = ctx.settings.get("compare", "min_score")
    with ctx.open_library() as library:
        if args.pairs:
            with open(args.pairs, encoding="utf-8") as lines:
                for line in lines:
                    ids = line.split()
                    if len(ids) == 2:
                        result = library.compare(ids[0], ids[1], min_score)
                        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            return 0
        if not (args.a and args.b):
            terminal.err("compare needs two article ids (or --pairs FILE)")
            return 2
        result = library.compare(args.a, args.b, min_score)
    if args.json:
        emit_json(result.to_dict())
        return 0
    print_table(result)
    return 0


def cmd_stories(args: argparse.Namespace, ctx) -> int:
    with ctx.open_library() as library:
        library.update_stories()
        stories = library.stories.all(min_size=args.min_size)
    if args.json:
        emit_json([s.to_dict() for s in stories])
        return 0
    for story in stories:
        span = f"{(story.first or '')[:10]}..{(story.last or '')[:10]}" if story.first else ""
        print(f"{len(story.articles):>3} articles  {len(story.sources):>2} sources  {span:<22} "
              f"{safe(story.title)}  [{story.id}]")
    return 0


def cmd_story(args: argparse.Namespace, ctx) -> int:
    from briefs.index.errors import NotFound

    with ctx.open_library() as library:
        library.update_stories()
        story = library.stories.get(args.id)
        if story is None:
            sid = library.stories.story_of(library.get(args.id).id)
            story = library.stories.get(sid) if sid else None
        if story is None:
            raise NotFound(f"no story with id '{args.id}'")
        _, clusters = library.story_grid(story)
    if args.json:
        emit_json({**story.to_dict(), "clusters": [c.to_dict() for c in clusters]})
        return 0
    print(f"{safe(story.title)}  [{story.id}]")
    print(f"{len(story.articles)} articles from {', '.join(safe(s) for s in story.sources)}")
    print()
    sources = story.sources
    for cluster in clusters:
        have = {a.source for a, _ in cluster.members}
        marks = "".join("●" if s in have else "·" for s in sources)
        flag = " !" if cluster.conflicts else "  "
        print(f"{marks}{flag} {safe(cluster.text)[:100]}")
        if cluster.conflicts:
            said = cluster.values_by_source()
            print(" " * (len(sources) + 3) + "  ".join(
                f"{safe(source)}: {safe(' / '.join(values))}" for source, values in said.items()))
    print()
    print("columns: " + " | ".join(safe(s) for s in sources))
    return 0


def _cells(left: str, right: str, width: int) -> list[str]:
    lw = textwrap.wrap(safe(left), width) or [""]
    rw = textwrap.wrap(safe(right), width) or [""]
    rows = max(len(lw), len(rw))
    lw += [""] * (rows - len(lw))
    rw += [""] * (rows - len(rw))
    return [f"{x:<{width}} │ {y}" for x, y in zip(lw, rw, strict=True)]


def print_table(result) -> None:
    width = max(30, (terminal.width() - 7) // 2)
    print(f"A: {safe(result.a.source)} — {safe(result.a.title)}  [{result.a.id}]")
    print(f"B: {safe(result.b.source)} — {safe(result.b.title)}  [{result.b.id}]")
    print(result.summary())
    print()
    order = {"conflict": 0, "same": 1, "related": 2}
    for pair in sorted(result.pairs, key=lambda p: (order[p.relation], p.a[0].start)):
        relation = "update" if pair.conflicts and all(c.update for c in pair.conflicts) \
            else pair.relation
        head = MARKS[relation] + " " + relation.upper()
        if pair.conflicts:
            head += ": " + "; ".join(f"{c.kind} {safe(c.a)} {'->' if c.update else 'vs'} "
                                     f"{safe(c.b)}" for c in pair.conflicts)
        print(head)
        right = " / ".join(c.text for c in pair.b)
        for line in _cells(pair.a[0].text, right, width):
            print("  " + line)
        print()
    for label, claims in (("ONLY IN A", result.only_a), ("ONLY IN B", result.only_b)):
        if claims:
            print(label)
            for claim in claims:
                for n, line in enumerate(textwrap.wrap(safe(claim.text), width * 2)):
                    print(("  - " if n == 0 else "    ") + line)
            print()


TOPIC_SEARCH_LIMIT = 2000  # matches of a search whose topics are counted


def cmd_topics(args: argparse.Namespace, ctx) -> int:
    query = " ".join(args.query)
    with ctx.open_library() as library:
        library.update_stories()
        matching = None
        if query:
            hits = library.search(query, limit=TOPIC_SEARCH_LIMIT, snippets=False).hits
            matching = [h.id for h in hits]
        found = library.topics(args.limit, matching)
    if args.json:
        emit_json([t.to_dict() for t in found])
        return 0
    if not found:
        print("no topics yet" if not query else f"no topics in the articles matching {query!r}")
    for topic in found:
        aliases = f"  (also {', '.join(safe(a) for a in topic.aliases)})" if topic.aliases else ""
        print(f"{topic.articles:>5} articles  {topic.outlets:>3} outlets  {safe(topic.name)}"
              f"{aliases}")
    return 0
