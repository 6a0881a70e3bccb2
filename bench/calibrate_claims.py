"""Sweep the claim aligner's weights and thresholds on a corpus already imported by quality.py.

    python bench/quality.py CORPUS --keep WORK   # once, imports the corpus into WORK/library
    python bench/calibrate_claims.py CORPUS WORK/library

Prints claim-pair P/R/F1 for each setting; the constants in briefs.index.compare came from here.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

from briefs.index import compare as cmp
from briefs.index.claims import claims
from briefs.index.library import Library

sys.path.insert(0, str(Path(__file__).parent))
from quality import prf, sentence_of, sentence_spans  # noqa: E402


def main() -> None:
    corpus, data = Path(sys.argv[1]), Path(sys.argv[2])
    gold = json.loads((corpus / "gold.json").read_text())
    story = {d: v["story"] for d, v in gold["docs"].items()}
    validated = {d: set(v) for d, v in gold["validated"].items()}
    claim_gold = defaultdict(set)
    for a, i, b, j in gold["claim_pairs"]:
        claim_gold[(a, b)].add((i, j))
    library = Library(data)
    idf = library.idf()
    cache = {}

    def claims_of(doc):
        if doc not in cache:
            article = library.get(doc)
            cs = claims(article.body, article.published)
            spans = sentence_spans(article.body, gold["sentences"][doc])
            cache[doc] = (cs, [sentence_of(c.start, spans) for c in cs],
                          [cmp._vector(c, idf) for c in cs])
        return cache[doc]

    rows = []  # per doc pair: list of (i_sent, j_sent, features...) plus gold
    for a, b in itertools.combinations(sorted(story), 2):
        if story[a] != story[b]:
            continue
        ca, sa, va = claims_of(a)
        cb, sb, vb = claims_of(b)
        feats = []
        for x, cx in enumerate(ca):
            for y, cy in enumerate(cb):
                s = cmp.score(cx, cy, va[x], vb[y])
                feats.append((x, y, sa[x], sb[y], s.lexical, s.names, s.numbers, s.slots,
                              s.quote))
        universe = {(i, j) for i in validated.get(a, ()) for j in validated.get(b, ())}
        rows.append((len(ca), len(cb), feats, universe, claim_gold[(a, b)] & universe))

    def evaluate(weights, min_score, keep):
        tp = fp = fn = 0
        wl, wn, wu, ws, wq = weights
        for na, nb, feats, universe, gold_pairs in rows:
            scores = {}
            best_a, best_b = [0.0] * na, [0.0] * nb
            for x, y, i, j, lex, names, nums, slots, quote in feats:
                s = wl * lex + wn * names + wu * nums + ws * slots + wq * quote
                if quote > 0.8:
                    s = max(s, 0.9 * quote)
                scores[(x, y)] = (s, i, j)
                best_a[x] = max(best_a[x], s)
                best_b[y] = max(best_b[y], s)
            predicted = set()
            for (x, y), (s, i, j) in scores.items():
                if s >= min_score and (s >= keep * best_a[x] or s >= keep * best_b[y]):
                    if i is not None and j is not None:
                        predicted.add((i, j))
            predicted &= universe
            tp += len(predicted & gold_pairs)
            fp += len(predicted - gold_pairs)
            fn += len(gold_pairs - predicted)
        return prf(tp, fp, fn)

    settings = []
    for weights in [(1.0, 0, 0, 0, 0), (0.70, 0.10, 0.10, 0.05, 0.05),
                    (0.8, 0.2, 0, 0, 0), (0.7, 0.3, 0.0, 0.0, 0.0), (0.75, 0.15, 0.1, 0, 0),
                    (0.6, 0.3, 0.1, 0.0, 0.0)]:
        for min_score in (0.22, 0.26, 0.30, 0.34, 0.38):
            for keep in (0.0,):
                p, r, f = evaluate(weights, min_score, keep)
                settings.append((f, p, r, weights, min_score, keep))
    settings.sort(reverse=True)
    for f, p, r, weights, min_score, keep in settings[:15]:
        print(f"F1={f:.3f} P={p:.3f} R={r:.3f} weights={weights} min={min_score} keep={keep}")


if __name__ == "__main__":
    main()
