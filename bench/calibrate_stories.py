"""Sweep the story grouping's join threshold, name weight, year weight and split rule.

    python bench/calibrate_stories.py CORPUS WORK/library   (after bench/quality.py --keep WORK)

Prints the best settings, then a cross-validation by topic: the topics are dealt into 5 folds,
each fold's articles are scored with the settings that did best on the other folds' articles,
beside the shipped settings' score on the same articles.
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
    docs = json.loads((corpus / "gold.json").read_text())["docs"]
    gold = {d: v["story"] for d, v in docs.items()}
    topic = {d: v["topic"] for d, v in docs.items()}
    shipped = (st.JOIN_SCORE, st.NAME_WEIGHT, st.YEAR_WEIGHT, st.SPLIT_HALF, st.SPLIT_RATIO)
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
                        len(set(pred.values())), pred))
        db.close()
    for f, p, r, a, join, names, years, half, ratio, n, _ in sorted(
            results, key=lambda row: row[:4], reverse=True)[:15]:
        print(f"F1={f:.3f} P={p:.3f} R={r:.3f} ARI={a:.3f} join={join} names={names} "
              f"years={years} split_half={half} split_ratio={ratio} stories={n}")
    cross_validate(results, gold, topic, shipped)


def cross_validate(results: list, gold: dict, topic: dict, shipped: tuple, n: int = 5) -> None:
    """Held-out B3 F1 by topic fold, each fold scored with the settings chosen without it."""
    order = sorted(set(topic.values()), key=int)
    fold = {t: k % n for k, t in enumerate(order)}
    held_out = shipped_score = 0.0
    for k in range(n):
        train = {d: g for d, g in gold.items() if fold[topic[d]] != k}
        test = {d: g for d, g in gold.items() if fold[topic[d]] == k}

        def f1(row, docs):
            return bcubed({d: row[-1][d] for d in docs}, docs)[2]

        chosen = max(results, key=lambda row: f1(row, train))
        ship = next((row for row in results if tuple(row[4:9]) == shipped), None)
        held_out += f1(chosen, test) * len(test)
        shipped_score += (f1(ship, test) if ship else float("nan")) * len(test)
        print(f"fold {k}: chose join={chosen[4]} names={chosen[5]} years={chosen[6]} "
              f"split_half={chosen[7]} split_ratio={chosen[8]}; held-out F1 "
              f"{f1(chosen, test):.3f} ({len(test)} articles)")
    print(f"cross-validated by topic: story B3 F1 {held_out / len(gold):.3f} "
          f"(shipped settings on the same folds: {shipped_score / len(gold):.3f})")


if __name__ == "__main__":
    main()
