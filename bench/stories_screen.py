"""Stories screen and topics speed on a big library.

    python bench/stories_screen.py DATA_DIR

A page of stories in each sort (first page and a deep one), the library's topics and a
search's topics, counting one story's disputes, and the app from pressing `v` to the first
page of the stories screen (headless, Textual's run_test).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import fmt, stats, timed  # noqa: E402


async def _screen_seconds(data: Path, runs: int) -> list[float]:
    from briefs.tui import context
    from briefs.tui.app import BriefsApp
    from briefs.tui.screens.stories import StoriesScreen

    seconds = []
    for _ in range(runs):
        app = BriefsApp(context.make(str(data)))
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause(0.5)
            started = time.perf_counter()
            await pilot.press("v")
            while not (isinstance(app.screen, StoriesScreen) and app.screen.shown_at):
                await pilot.pause(0.005)
            # When the first page was in the table (the pilot's press returns later: it
            # waits for the dispute counts the screen starts in the background).
            seconds.append(app.screen.shown_at - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from briefs.index.library import Library

    library = Library(args.data)
    library.update_stories()
    pages = {}
    for sort in ("latest", "outlets", "disputed"):
        pages[sort] = stats(timed(lambda s=sort: library.story_page(s), args.runs))
        print(fmt(f"stories page 1, sort {sort}", pages[sort]))
    deep = stats(timed(lambda: library.story_page("latest", offset=1000), args.runs))
    print(fmt("stories page at offset 1,000", deep))
    topics = stats(timed(lambda: library.topics(60), args.runs))
    print(fmt("topics of the library (60)", topics))
    hits = [h.id for h in library.search("police", limit=2000, snippets=False).hits]
    searched = stats(timed(lambda: library.topics(60, hits), args.runs))
    print(fmt(f"topics of a search ({len(hits)} matches)", searched))
    story = library.story_page("outlets")[0]
    disputes = stats(timed(lambda: library.count_disputes(story.id), 3))
    print(fmt(f"count disputes of a {story.articles}-article story", disputes))
    library.close()
    screen = asyncio.run(_screen_seconds(args.data, min(args.runs, 3)))
    print(f"app: v to the first page of stories: {min(screen) * 1000:.0f}-"
          f"{max(screen) * 1000:.0f} ms")
    print(f"RESULT page_latest_ms={pages['latest']['p50']:.1f} "
          f"page_outlets_ms={pages['outlets']['p50']:.1f} "
          f"page_disputed_ms={pages['disputed']['p50']:.1f} deep_page_ms={deep['p50']:.1f} "
          f"topics_ms={topics['p50']:.1f} search_topics_ms={searched['p50']:.1f} "
          f"disputes_ms={disputes['p50']:.0f} screen_ms={max(screen) * 1000:.0f}")


if __name__ == "__main__":
    main()
