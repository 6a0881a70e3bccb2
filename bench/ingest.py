"""Import speed and memory: `briefs add` of a corpus folder, then 100 more, against FTS5.

    python bench/ingest.py CORPUS_DIR [--work DIR] [--no-peer]

CORPUS_DIR comes from bench/corpus.py. Prints articles/s, peak RSS, the time to add 100 more
articles to the full library, the same for SQLite FTS5, and a final RESULT line.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import FTS5, read_corpus, run_process, run_tree_memory  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--no-peer", action="store_true",
                        help="skip FTS5 (at 1M it adds 13 minutes; measure it in its own run)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="briefs-ingest-"))
    data = work / "library"
    shutil.rmtree(data, ignore_errors=True)
    files = sorted(args.corpus.glob("*.md"))
    extra = work / "extra"
    shutil.rmtree(extra, ignore_errors=True)
    extra.mkdir(parents=True)
    # The last 100 files are held back and added to the full library afterwards.
    main_dir = work / "main"
    shutil.rmtree(main_dir, ignore_errors=True)
    main_dir.mkdir()
    for path in files[:-100]:
        (main_dir / path.name).symlink_to(path.resolve())
    for path in files[-100:]:
        (extra / path.name).symlink_to(path.resolve())
    n = len(files) - 100
    cli = [sys.executable, "-m", "briefs.tui.cli", "--data-dir", str(data)]
    seconds, together, rss = run_tree_memory([*cli, "add", str(main_dir)])
    rate = n / seconds
    more_seconds, more_rss, _ = run_process([*cli, "add", str(extra)])
    print(f"briefs add: {n} articles in {seconds:.1f} s = {rate:.0f} articles/s, "
          f"peak RSS {rss:.0f} MB (largest process), {together:.0f} MB all processes "
          f"together (summed PSS, sampled every 0.5 s)")
    print(f"briefs add of 100 more to a {n}-article library: {more_seconds:.2f} s "
          f"(peak RSS {more_rss:.0f} MB)")

    if args.no_peer:
        print(f"RESULT ingest_articles={n} ingest_rate={rate:.0f} ingest_rss_mb={rss:.0f} "
              f"ingest_together_mb={together:.0f} add100_s={more_seconds:.2f}")
        return
    peer_path = work / "fts5.sqlite3"
    peer_path.unlink(missing_ok=True)
    peer = FTS5(peer_path)
    started = time.perf_counter()
    peer.add(read_corpus(main_dir))
    peer_seconds = time.perf_counter() - started
    peer_rate = n / peer_seconds
    print(f"FTS5 peer: {n} articles in {peer_seconds:.1f} s = {peer_rate:.0f} articles/s")
    print(f"ratio briefs/FTS5 (time): {seconds / peer_seconds:.1f}x")
    print(f"RESULT ingest_articles={n} ingest_rate={rate:.0f} ingest_rss_mb={rss:.0f} "
          f"ingest_together_mb={together:.0f} "
          f"add100_s={more_seconds:.2f} fts5_rate={peer_rate:.0f} "
          f"ratio={seconds / peer_seconds:.2f}")


if __name__ == "__main__":
    main()
