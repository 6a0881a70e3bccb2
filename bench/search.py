"""Query speed: full-text queries and search-as-you-type keystrokes, against SQLite FTS5.

    python bench/search.py DATA_DIR CORPUS_DIR [--repeat 5]

DATA_DIR is a library made by `briefs --data-dir DATA_DIR add CORPUS_DIR` (bench/ingest.py
leaves one in WORK/library). Every query runs warm (the searcher reused, as in the app), top 20,
with highlighted snippets for the rows shown. Prints p50/p95/max per kind and a RESULT line.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import FTS5, fmt, peak_rss_mb, read_corpus, stats, timed  # noqa: E402

FULL_TEXT = {
    "term": ["earthquake", "police", "rehab", "election", "fire", "government", "court",
             "prison", "oscars", "storm"],
    "and": ["police AND arrest", "earthquake AND killed", "court AND judge", "fire AND homes",
            "coach AND fired"],
    "phrase": ['"prime minister"', '"police said"', '"magnitude earthquake"', '"last week"',
               '"new york"'],
    "field": ["source:times AND fire", "title:earthquake", "source:herald AND police"],
    "date": ["police published:[2025-03-01 to 2025-03-31]",
             "fire published:[2025-06-01 to 2025-08-31]"],
}
TYPED = ["earthquake iran", "lindsay lohan rehab", "police shooting", "oscars host",
         "prison escape", "fire wellington"]


def keystrokes(phrase: str) -> list[str]:
    return [phrase[:n] for n in range(1, len(phrase) + 1) if not phrase[:n].endswith(" ")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--peer", type=Path,
                        help="an FTS5 peer already built from CORPUS_DIR (bench/ingest.py "
                             "leaves WORK/fts5.sqlite3); saves rebuilding it")
    args = parser.parse_args()

    from briefs.index.library import Library
    from briefs.tui.screens.main import as_you_type

    library = Library(args.data)
    library.sync_index()
    library.search("warm up", limit=20)
    results: dict[str, dict] = {}
    for kind, queries in FULL_TEXT.items():
        samples = []
        for query in queries:
            samples += timed(lambda q=query: library.search(q, limit=20), args.repeat)
        results[kind] = stats(samples)
    from briefs.tui.screens.main import TYPING_BUDGET

    typed, full, partial = [], [], 0
    for phrase in TYPED:
        for prefix in keystrokes(phrase):
            found = []
            typed += timed(lambda p=prefix, found=found: found.append(library.search(
                as_you_type(p), limit=20, snippets=False, time_limit=TYPING_BUDGET)), 1)
            partial += found[-1].partial
            full += timed(lambda p=prefix: library.search(as_you_type(p), limit=20,
                                                          snippets=False), 1)
    # As in the app: each keystroke searches with a time budget ...
    results["as-you-type"] = stats(typed)
    # ... and the full search runs once typing pauses.
    results["typing, on pause"] = stats(full)
    rss = peak_rss_mb()

    if args.peer and args.peer.exists():
        peer = FTS5(args.peer)
    else:
        peer = FTS5(Path(tempfile.mkdtemp()) / "fts5.sqlite3")
        peer.add(read_corpus(args.corpus))
    peer_results: dict[str, dict] = {}
    for kind, queries in FULL_TEXT.items():
        samples = []
        for query in queries:
            fts = query.replace(" AND ", " ").replace("title:", "title: ").replace(
                "source:", "source: ")
            fts = fts.split(" published:")[0]
            samples += timed(lambda q=fts: peer.search(q), args.repeat)
        peer_results[kind] = stats(samples)
    peer_typed = []
    for phrase in TYPED:
        for prefix in keystrokes(phrase):
            words = prefix.split()
            fts = " ".join(words[:-1] + [f'"{words[-1]}"*'])
            peer_typed += timed(lambda q=fts: peer.search(q), 1)
    peer_results["as-you-type"] = stats(peer_typed)
    peer_results["typing, on pause"] = peer_results["as-you-type"]

    print(f"library: {library.store.count()} articles, peak RSS {rss:.0f} MB; "
          f"{partial} of {len(typed)} keystrokes hit the {TYPING_BUDGET * 1000:.0f} ms budget")
    for kind in results:
        print(fmt(f"briefs {kind}", results[kind]))
        print(fmt(f"fts5   {kind}", peer_results[kind]) +
              f"   ratio p95 {results[kind]['p95'] / max(peer_results[kind]['p95'], 0.01):.1f}x")
    full_p95 = max(results[k]["p95"] for k in FULL_TEXT)
    print(f"RESULT articles={library.store.count()} fulltext_p95_ms={full_p95:.1f} "
          f"typing_p50_ms={results['as-you-type']['p50']:.1f} "
          f"typing_p95_ms={results['as-you-type']['p95']:.1f} "
          f"typing_max_ms={results['as-you-type']['max']:.1f} "
          f"typing_partial={partial}/{len(typed)} "
          f"pause_p95_ms={results['typing, on pause']['p95']:.1f} "
          f"fts5_typing_p95_ms={peer_results['as-you-type']['p95']:.1f} rss_mb={rss:.0f}")


if __name__ == "__main__":
    main()
