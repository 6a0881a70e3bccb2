"""Start-up as whole processes: `briefs search --json` and the app to a populated list.

    python bench/startup.py DATA_DIR [--runs 5]

Prints p50/p95/max seconds and peak RSS for each, the same for a fresh process that opens the
SQLite FTS5 peer (built beside DATA_DIR by bench/search.py, if present), and a RESULT line.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import run_process, stats  # noqa: E402

APP_PROBE = """
import asyncio, sys, time
t0 = time.perf_counter()
from briefs.tui import context
from briefs.tui.app import BriefsApp
from briefs.tui.components.article_list import ArticleList

async def main():
    app = BriefsApp(context.make(sys.argv[1]))
    async with app.run_test(size=(160, 48)) as pilot:
        while True:
            await pilot.pause(0.01)
            tables = app.screen.query(ArticleList)
            if tables and tables.first().row_count > 0:
                break
    print(time.perf_counter() - t0)

asyncio.run(main())
"""


def tmux_start(data: Path) -> float | None:
    """Seconds from launching `briefs` in tmux until the list shows a row."""
    if shutil.which("tmux") is None:
        return None
    session = "briefs-bench"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    started = time.perf_counter()
    subprocess.run(["tmux", "new", "-d", "-s", session, "-x", "160", "-y", "48",
                    f"{sys.executable} -m briefs.tui.cli --data-dir {data}"], check=True)
    try:
        while time.perf_counter() - started < 30:
            screen = subprocess.run(["tmux", "capture-pane", "-t", session, "-p"],
                                    capture_output=True, text=True).stdout
            if re.search(r"(?<!\d)[1-9]\d* shown /", screen):
                return time.perf_counter() - started
            time.sleep(0.02)
        return None
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-tmux", action="store_true", help="skip the real run under tmux")
    args = parser.parse_args()
    cli = [sys.executable, "-m", "briefs.tui.cli", "--data-dir", str(args.data)]
    run_process([*cli, "search", "police", "--json"])  # warm the OS file cache
    search_s, search_rss = [], []
    for _ in range(args.runs):
        seconds, rss, _ = run_process([*cli, "search", "police", "--json"])
        search_s.append(seconds * 1000)
        search_rss.append(rss)
    app_s, app_rss = [], []
    for _ in range(args.runs):
        seconds, rss, out = run_process([sys.executable, "-c", APP_PROBE, str(args.data)])
        app_s.append(float(out.strip()) * 1000)
        app_rss.append(rss)
    s, a = stats(search_s), stats(app_s)
    print(f"briefs search --json (fresh process): p50 {s['p50']:.0f} ms  p95 {s['p95']:.0f} ms"
          f"  max {s['max']:.0f} ms  peak RSS {max(search_rss):.0f} MB")
    print(f"app to populated list (run_test):     p50 {a['p50']:.0f} ms  p95 {a['p95']:.0f} ms"
          f"  max {a['max']:.0f} ms  peak RSS {max(app_rss):.0f} MB")
    real = None if args.no_tmux else tmux_start(args.data)
    if real is not None:
        print(f"app under tmux to a populated list:   {real * 1000:.0f} ms")
    peer = args.data.parent / "fts5.sqlite3"
    peer_ms = None
    if peer.exists():
        code = ("import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); print(db.execute("
                "\"SELECT id FROM docs WHERE docs MATCH 'police' ORDER BY rank LIMIT 20\")"
                ".fetchall()[:1])")
        peer_runs = [run_process([sys.executable, "-c", code, str(peer)]) for _ in
                     range(args.runs)]
        peer_ms = stats([r[0] * 1000 for r in peer_runs])["p50"]
        print(f"FTS5 peer query (fresh process):      p50 {peer_ms:.0f} ms  peak RSS "
              f"{max(r[1] for r in peer_runs):.0f} MB  ratio {s['p50'] / peer_ms:.1f}x")
    print(f"RESULT search_cold_p50_ms={s['p50']:.0f} search_cold_rss_mb={max(search_rss):.0f} "
          f"app_start_p50_ms={a['p50']:.0f} app_rss_mb={max(app_rss):.0f} "
          f"app_tmux_ms={(real or 0) * 1000:.0f} fts5_cold_p50_ms={peer_ms or 0:.0f}")


if __name__ == "__main__":
    main()
