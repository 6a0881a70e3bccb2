"""Sweep the story grouping's join threshold, name weight, year weight and split rule.

    python bench/calibrate_stories.py CORPUS WORK/library   (after bench/quality.py --keep WORK)
"""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from briefs.index.library import Library
from briefs.index.stories import assignment as st

sys.path.insert(0, str(Path(__file__).parent))
from quality import ari, bcubed  # noqa: E402


def main() -> None:
    corpus, data = Path(sys.argv[1]), Path(sys.argv[2])
    gold = {d: v["story"] for d, v in json.loads((corpus / "gold.json").read_text())["docs"]
            .items()}
    library = Library(data)
    idf = library.idf()
    order = [r[0] for r in library.store.db.execute("SELECT id FROM articles ORDER BY rev")]
    articles = library.store.get_many(order, with_body=True)
    results = []
    grid = itertools.product((0.22, 0.25, 0.28, 0.32), (2.0, 3.0), (0.2, 0.4), (4, 5, 6),
                             (0.7, 0.8, 0.9))
    for join, names, years, half, ratio in grid:
        st.JOIN_SCORE, st.NAME_WEIGHT, st.YEAR_WEIGHT = join, names, years
        st.SPLIT_HALF, st.SPLIT_RATIO = half, ratio
        st.SPLIT_SIZES = frozenset(round(2 * half * 1.25 ** k) for k in range(12))
        tmp = Path(tempfile.mkdtemp()) / "db.sqlite3"
        shutil.copy(data / "library.sqlite3", tmp)
        db = sqlite3.connect(tmp, isolation_level=None)
        db.execute("DELETE FROM story_members")
        db.execute("DELETE FROM stories")
        assigned = st.Stories(db).assign(articles, idf)
        pred = {d: assigned.get(d, d) for d in gold}
        p, r, f = bcubed(pred, gold)
        results.append((f, p, r, ari(pred, gold), join, names, years, half, ratio,
                        len(set(pred.values()))))
        db.close()
    for f, p, r, a, join, names, years, half, ratio, n in sorted(results, reverse=True)[:15]:
        print(f"F1={f:.3f} P={p:.3f} R={r:.3f} ARI={a:.3f} join={join} names={names} "
              f"years={years} split_half={half} split_ratio={ratio} stories={n}")


if __name__ == "__main__":
    main()
