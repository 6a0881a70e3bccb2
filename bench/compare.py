"""Compare and story-grid speed, and the cost of adding articles to the stories.

    python bench/compare.py DATA_DIR [--pairs 50]

Warm `Library.compare` over pairs of articles from the same story, `briefs compare --json` as a
fresh process, the claim grid of a story of (up to) 10 articles, and update_stories for 1,000
articles re-assigned from scratch.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import fmt, run_process, stats, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--pairs", type=int, default=50)
    args = parser.parse_args()
    from briefs.index.library import Library
    from briefs.index.stories.grid import claim_clusters

    library = Library(args.data)
    library.update_stories()
    rng = random.Random(3)
    stories = [s for s in library.stories.all() if len(s.articles) >= 2]
    pairs = []
    for _ in range(args.pairs):
        story = rng.choice(stories)
        pairs.append(tuple(rng.sample(story.articles, 2)))
    library.compare(*pairs[0])  # warm: imports, idf cache, sentence splitter
    compare_ms = []
    for a, b in pairs:
        compare_ms += timed(lambda a=a, b=b: library.compare(a, b), 1)
    cli = [sys.executable, "-m", "briefs.tui.cli", "--data-dir", str(args.data)]
    fresh = [run_process([*cli, "compare", a, b, "--json"]) for a, b in pairs[:5]]
    fresh_s = stats([1000 * seconds for seconds, _, _ in fresh])
    fresh_rss = max(rss for _, rss, _ in fresh)
    big = max(stories, key=lambda s: len(s.articles))
    ten = library.store.get_many(big.articles[:10], with_body=True)
    idf = library.idf()
    grid_ms = timed(lambda: claim_clusters(ten, idf), 3)
    ids = [r[0] for r in library.store.db.execute(
        "SELECT id FROM articles ORDER BY rev DESC LIMIT 1000")]
    library.store.db.execute(
        f"DELETE FROM story_members WHERE article_id IN ({','.join('?' * len(ids))})", ids)
    # (update_stories sees memberships lost this way by their count, then scans for them.)
    started = time.perf_counter()
    assigned = library.update_stories()
    stories_s = time.perf_counter() - started
    c, g = stats(compare_ms), stats(grid_ms)
    print(fmt("compare two articles", c))
    print(fmt("briefs compare --json, fresh process", fresh_s) + f", peak RSS {fresh_rss:.0f} MB")
    print(fmt(f"claim grid ({len(ten)} articles)", g))
    print(f"update_stories for {assigned} articles: {stories_s:.2f} s")
    print(f"RESULT compare_p50_ms={c['p50']:.1f} compare_p95_ms={c['p95']:.1f} "
          f"fresh_compare_p50_ms={fresh_s['p50']:.0f} fresh_compare_rss_mb={fresh_rss:.0f} "
          f"grid_ms={g['p50']:.0f} grid_articles={len(ten)} stories_1000_s={stories_s:.2f}")


if __name__ == "__main__":
    main()
