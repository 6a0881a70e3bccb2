"""The stories phase of an import split in two: making story vectors, then assigning them.

    python bench/stories_phase.py DATA_DIR [--work WORK]

DATA_DIR is a library made by `briefs add` (bench/ingest.py leaves one in WORK/library). It is
copied to WORK, its stories are dropped, and the articles are given stories again in one
process: first every article's vector (what the helper process does during an import), then
the assignment (what the main process does, in order). An import runs the two side by side,
so the slower of the two sets its pace. Prints both rates and a RESULT line.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    from briefs.index.library import Library
    from briefs.index.stories.assignment import member

    work = args.work or Path(tempfile.mkdtemp(prefix="briefs-stories-"))
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(args.data, work)
    library = Library(work)
    stories = library.stories  # makes the tables and their triggers
    db = library.store.db
    for table in ("story_members", "stories", "topics", "topic_sources", "story_tally",
                  "story_outlets"):
        db.execute(f"DELETE FROM {table}")
    db.commit()
    ids = stories.unassigned()
    idf = library.idf()
    started = time.perf_counter()
    members = [member(article, idf) for start in range(0, len(ids), 250)
               for article in library.store.get_many(ids[start:start + 250], with_body=True)]
    vectors = time.perf_counter() - started
    started = time.perf_counter()
    stories.assign_in_batches(members, 50_000)
    assigning = time.perf_counter() - started
    count = len(ids)
    print(f"{count} articles: vectors {vectors:.1f} s = {count / vectors:.0f}/s, "
          f"assignment {assigning:.1f} s = {count / assigning:.0f}/s")
    print(f"RESULT articles={count} vectors_s={vectors:.2f} assign_s={assigning:.2f} "
          f"vectors_rate={count / vectors:.0f} assign_rate={count / assigning:.0f} "
          f"stories={db.execute('SELECT COUNT(*) FROM stories').fetchone()[0]}")


if __name__ == "__main__":
    main()
