"""Sweep the claim aligner's thresholds on a corpus already imported by quality.py.

    python bench/quality.py CORPUS --keep WORK   # once, imports the corpus into WORK/library
    python bench/calibrate_claims.py CORPUS WORK/library

Prints claim-pair P/R/F1 for each alignment threshold, then injected-conflict recall and the
share of untouched gold claim pairs with a conflict for each set of conflict thresholds (the
NEED_* constants). The constants in briefs.index.claims.compare came from here.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from briefs.index.claims import compare as cmp
from briefs.index.claims.split import claims
from briefs.index.library import Library

sys.path.insert(0, str(Path(__file__).parent))
from quality import claims_by_sentence, edit_value, prf, shared_token  # noqa: E402

NEEDS = ("NEED_STRONG", "NEED_WEAK", "NEED_DATE", "NEED_DATE_LOOSE", "NEED_LEFTOVER")


def main() -> None:
    corpus, data = Path(sys.argv[1]), Path(sys.argv[2])
    gold = json.loads((corpus / "gold.json").read_text())
    sentences = gold["sentences"]
    story = {d: v["story"] for d, v in gold["docs"].items()}
    validated = {d: set(v) for d, v in gold["validated"].items()}
    claim_gold = defaultdict(set)
    for a, i, b, j in gold["claim_pairs"]:
        claim_gold[(a, b)].add((i, j))
    library = Library(data)
    idf = library.idf()
    claims_of = claims_by_sentence(library, idf, sentences)

    # Alignment: the best claim score of every validated sentence pair of one story.
    scored = []
    for a, b in itertools.combinations(sorted(story), 2):
        if story[a] != story[b]:
            continue
        best: dict[tuple[int, int], float] = {}
        for (ca, i, va), (cb, j, vb) in itertools.product(claims_of(a), claims_of(b)):
            if i in validated[a] and j in validated[b]:
                best[(i, j)] = max(best.get((i, j), 0.0), cmp.score(ca, cb, va, vb).score)
        scored.extend((s, ij in claim_gold[(a, b)]) for ij, s in best.items())
        missing = {(i, j) for i in validated[a] for j in validated[b]} - set(best)
        scored.extend((0.0, ij in claim_gold[(a, b)]) for ij in missing)
    for threshold in (0.15, 0.17, 0.185, 0.20, 0.22, 0.25):
        tp = sum(1 for s, g in scored if s >= threshold and g)
        fp = sum(1 for s, g in scored if s >= threshold and not g)
        fn = sum(1 for s, g in scored if s < threshold and g)
        p, r, f = prf(tp, fp, fn)
        print(f"MIN_SCORE={threshold:<6} claim_pairs P={p:.3f} R={r:.3f} F1={f:.3f}")

    # Conflicts: which evidence (by kind) each injected edit and each untouched pair yields.
    shipped = tuple(getattr(cmp, name) for name in NEEDS)
    marks = {name: n / 1000 for n, name in enumerate(NEEDS, start=1)}
    for name, mark in marks.items():
        setattr(cmp, name, mark)
    kind_of = {mark: name for name, mark in marks.items()}

    def evidence(side_a: list, side_b: list) -> list[tuple[float, set[str]]]:
        out = []
        for (ca, _, va), (cb, _, vb) in itertools.product(side_a, side_b):
            kinds = {kind_of[c.need] for c in cmp.conflicts(ca, cb)}
            if kinds:
                out.append((cmp.score(ca, cb, va, vb).slot, kinds))
        return out

    def sentence_claims(doc: str, i: int) -> list:
        return [x for x in claims_of(doc) if x[1] == i]

    rng = random.Random(7)
    topic = {d: v["topic"] for d, v in gold["docs"].items()}
    candidates, untouched, untouched_topic = [], [], []
    for a, i, b, j in gold["claim_pairs"]:
        if i in validated.get(a, ()) and j in validated.get(b, ()):
            untouched.append(evidence(sentence_claims(a, i), sentence_claims(b, j)))
            untouched_topic.append(topic[a])
            token = shared_token(sentences[a][i], sentences[b][j])
            if token:
                candidates.append((a, i, b, j, token))
    rng.shuffle(candidates)
    injected, injected_topic = [], []
    for a, i, b, j, token in candidates[:400]:
        injected_topic.append(topic[a])
        new = re.sub(rf"(?<![\w.,]){re.escape(token)}(?![\w])", edit_value(token, rng),
                     sentences[b][j], count=1)
        article = library.get(b)
        edited = [(c, j, cmp._vector(c, idf)) for c in
                  claims(article.body.replace(sentences[b][j], new, 1), article.published)
                  if c.text in new]
        injected.append(evidence(sentence_claims(a, i), edited))

    def hit(found, need):
        return any(score >= need[k] for score, kinds in found for k in kinds)

    rows = []
    grid = list(itertools.product((0.08, 0.10, 0.12), (0.15, 0.20), (0.08, 0.10, 0.12),
                                  (0.15, 0.18, 0.20, 1.0), (0.20, 0.25)))
    hits = {}
    for values in grid:
        need = dict(zip(NEEDS, values, strict=True))
        hits[values] = ([hit(e, need) for e in injected], [hit(e, need) for e in untouched])
        recall = sum(hits[values][0]) / len(injected)
        false = sum(hits[values][1]) / len(untouched)
        rows.append((recall, false, values))
    rows.sort(key=lambda r: -r[0])
    print(" ".join(NEEDS))
    for recall, false, values in [r for r in rows if r[1] <= 0.02][:15]:
        print(f"{values}  injected recall={recall:.3f}  false={100 * false:.2f}%")
    cross_validate(hits, shipped, injected_topic, untouched_topic)


def cross_validate(hits: dict, shipped: tuple, injected_topic: list, untouched_topic: list,
                   n: int = 5, budget: float = 0.02) -> None:
    """Injected recall and false conflicts on held-out topics, each fold's thresholds chosen
    on the other folds (the most recall within the false-conflict budget)."""
    order = sorted(set(injected_topic) | set(untouched_topic), key=int)
    fold = {t: k % n for k, t in enumerate(order)}
    caught = seen = false = untouched = 0
    for k in range(n):
        def share(values, in_fold, which, topics, k=k):
            marks = [h for h, t in zip(hits[values][which], topics, strict=True)
                     if (fold[t] == k) == in_fold]
            return sum(marks), len(marks)

        def score(values, share=share):
            c, s = share(values, False, 0, injected_topic)
            f, u = share(values, False, 1, untouched_topic)
            return (f / max(u, 1) <= budget, c / max(s, 1))

        chosen = max(hits, key=score)
        c, s = share(chosen, True, 0, injected_topic)
        f, u = share(chosen, True, 1, untouched_topic)
        caught, seen, false, untouched = caught + c, seen + s, false + f, untouched + u
        print(f"fold {k}: chose {chosen}; held-out recall {c}/{s}, false {f}/{u}")
    print(f"cross-validated by topic: injected recall {caught / seen:.3f}, false conflicts "
          f"{100 * false / untouched:.2f}% (shipped {shipped} in sample; see bench/quality.py)")


if __name__ == "__main__":
    main()
