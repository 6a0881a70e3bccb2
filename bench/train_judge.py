"""Fit the claim-pair judge on ECB+ and write its weights, cross-validated by topic.

    python bench/quality.py ../shared/corpora/ecbplus-dev --keep WORK   # imports the corpus
    python bench/train_judge.py ../shared/corpora/ecbplus-dev WORK/library \\
        [--out index/claims/judge.json] [--folds 5]

Every pair of claims from two articles of one gold story whose sentences ECB+ validated is a
training pair: "same claim" when the sentence pair is a gold claim pair, "same event" when it is
a gold aligned pair. Two logistic models (L2, Newton's method) learn these from the signals of
briefs.index.claims.judge. The alignment threshold is the one that gives the best claim-pair F1
(sentence pairs, as bench/quality.py counts them) on the training pairs.

Cross-validation: the 33 topics are dealt into folds; each fold's topics are judged by weights
and a threshold fit on the other folds only. Prints that figure beside the in-sample one and
beside a judge of the word score alone (what briefs did before), then writes the weights fit on
every topic. The data is CC BY 3.0 (ECB+), which lets the weights ship.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
from pathlib import Path

import numpy as np

from briefs.index.claims import judge as judging
from briefs.index.claims.compare import _vector, pair_signals
from briefs.index.claims.split import claims
from briefs.index.library import Library

sys.path.insert(0, str(Path(__file__).parent))
from quality import sentence_of, sentence_spans  # noqa: E402

L2 = 1.0


def dataset(corpus: Path, data: Path):
    """Rows of signals with their sentence pair, topic and the two gold labels."""
    gold = json.loads((corpus / "gold.json").read_text())
    story = {d: v["story"] for d, v in gold["docs"].items()}
    topic = {d: v["topic"] for d, v in gold["docs"].items()}
    validated = {d: set(v) for d, v in gold["validated"].items()}
    claim_gold = {tuple(p) for p in gold["claim_pairs"]}
    event_gold = {tuple(p) for p in gold["aligned_pairs"]}
    library = Library(data)
    idf = library.idf()
    cache: dict[str, tuple] = {}

    def claims_of(doc: str):
        if doc not in cache:
            article = library.get(doc)
            spans = sentence_spans(article.body, gold["sentences"][doc])
            found = claims(article.body, article.published)
            cache[doc] = (found, [sentence_of(c.start, spans) for c in found],
                          [_vector(c, idf) for c in found])
        return cache[doc]

    rows, keys, topics, same, event = [], [], [], [], []
    universe: dict[tuple, str] = {}  # every validated sentence pair, with its topic
    for a, b in itertools.combinations(sorted(story), 2):
        if story[a] != story[b] or not validated.get(a) or not validated.get(b):
            continue
        for i in validated[a]:
            for j in validated[b]:
                universe[(a, i, b, j)] = topic[a]
        ca, sa, va = claims_of(a)
        cb, sb, vb = claims_of(b)
        for (ci, cj), (_, x) in pair_signals(ca, cb, va, vb).items():
            i, j = sa[ci], sb[cj]
            if i in validated[a] and j in validated[b]:
                key = (a, i, b, j)
                rows.append([x[name] for name in judging.SIGNALS])
                keys.append(key)
                topics.append(topic[a])
                same.append(key in claim_gold)
                event.append(key in event_gold)
    claim_universe = {k for k in universe if k in claim_gold}
    return (np.array(rows, dtype=float), keys, np.array(topics), np.array(same),
            np.array(event), universe, claim_universe)


def fit(x: np.ndarray, y: np.ndarray, names: list[str] | None = None) -> dict:
    """L2-regularised logistic regression on standardised columns, by Newton's method."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], L2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"signals": names or [], "weights": w[1:].tolist(), "bias": float(w[0]),
            "mean": mean.tolist(), "scale": scale.tolist()}


def predict(model: dict, x: np.ndarray) -> np.ndarray:
    z = model["bias"] + ((x - np.array(model["mean"])) / np.array(model["scale"])) @ \
        np.array(model["weights"])
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def sentence_f1(keys, p: np.ndarray, threshold: float, gold: set, universe: set):
    """Claim-pair P/R/F1 over sentence pairs: a sentence pair is predicted when any of its
    claim pairs reaches the threshold."""
    predicted = {k for k, v in zip(keys, p, strict=True) if v >= threshold}
    tp = len(predicted & gold)
    fp = len(predicted - gold)
    fn = len((gold & universe) - predicted)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0), (tp, fp, fn)


def best_threshold(keys, p, gold, universe) -> float:
    """The alignment threshold: of those within 0.002 F1 of the best, the highest.

    F1 is flat near its peak; there the higher threshold pairs fewer claims wrongly, which costs
    a reader more than a pair left out.
    """
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    f1 = {float(t): sentence_f1(keys, p, t, gold, universe)[2] for t in grid}
    best = max(f1.values())
    return max(t for t, f in f1.items() if f >= best - 0.002)


def folds_of(topics: np.ndarray, n: int) -> dict[str, int]:
    ordered = sorted(set(topics.tolist()), key=int)
    return {t: k % n for k, t in enumerate(ordered)}


def cross_validate(x, keys, topics, same, universe, claim_gold, n: int, columns=None):
    """Pooled claim-pair counts over the held-out folds, each judged by the other folds' fit."""
    fold = folds_of(topics, n)
    columns = list(range(x.shape[1])) if columns is None else columns
    xs = x[:, columns]
    totals = np.zeros(3)
    thresholds = []
    for k in range(n):
        train = np.array([fold[t] != k for t in topics])
        model = fit(xs[train], same[train].astype(float))
        train_keys = [key for key, m in zip(keys, train, strict=True) if m]
        train_universe = {u for u, t in universe.items() if fold[t] != k}
        threshold = best_threshold(train_keys, predict(model, xs[train]), claim_gold,
                                   train_universe)
        thresholds.append(threshold)
        test_keys = [key for key, m in zip(keys, train, strict=True) if not m]
        test_universe = {u for u, t in universe.items() if fold[t] == k}
        *_, counts = sentence_f1(test_keys, predict(model, xs[~train]), threshold,
                                 claim_gold & test_universe, test_universe)
        totals += counts
    tp, fp, fn = totals
    prec, rec = tp / (tp + fp), tp / (tp + fn)
    return prec, rec, 2 * prec * rec / (prec + rec), thresholds


def event_accuracy(x, topics, event, n: int, columns) -> float:
    """Cross-validated accuracy of "same event" at probability 0.5."""
    fold = folds_of(topics, n)
    correct = 0
    for k in range(n):
        train = np.array([fold[t] != k for t in topics])
        model = fit(x[train][:, columns], event[train].astype(float))
        p = predict(model, x[~train][:, columns])
        correct += int(((p >= 0.5) == event[~train]).sum())
    return correct / len(x)


def forward_select(score, start: list[int], step: float) -> tuple[list[int], float]:
    """Add one signal at a time while it raises the cross-validated figure by `step`."""
    chosen, best = list(start), score(start)
    while True:
        trials = [(score(chosen + [k]), k) for k in range(len(judging.SIGNALS))
                  if k not in chosen]
        if not trials:
            return chosen, best
        value, k = max(trials)
        print(f"    best addition {judging.SIGNALS[k]}: {value:.4f} (now {best:.4f})")
        if value < best + step:
            return chosen, best
        chosen.append(k)
        best = value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("library", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    x, keys, topics, same, event, universe, claim_gold = dataset(args.corpus, args.library)
    print(f"{len(x)} claim pairs of {len(universe)} validated sentence pairs "
          f"({len(claim_gold)} gold claim pairs), {len(set(topics.tolist()))} topics")
    universe_set = set(universe)
    words = judging.SIGNALS.index("words")
    names = judging.SIGNALS

    def claim_f1(columns):
        return cross_validate(x, keys, topics, same, universe, claim_gold, args.folds,
                              columns)[2]

    # A signal joins a model only if it raises the figure cross-validated by topic (by 0.002
    # F1 or accuracy): the rest explain a pair's `why` but do not move its verdict.
    print("same claim: forward selection on claim-pair F1, cross-validated by topic")
    same_columns, _ = forward_select(claim_f1, [words], 0.002)
    print("same event: forward selection on accuracy, cross-validated by topic")
    event_columns, _ = forward_select(
        lambda c: event_accuracy(x, topics, event, args.folds, c), [words], 0.002)
    for label, columns in (("word score alone", [words]), ("all signals", None),
                           ("selected signals", same_columns)):
        p, r, f, ts = cross_validate(x, keys, topics, same, universe, claim_gold, args.folds,
                                     columns)
        print(f"  {label:<18} cross-validated by topic ({args.folds} folds): claim pairs "
              f"P={p:.3f} R={r:.3f} F1={f:.3f} (fold thresholds {ts})")
    model_same = fit(x[:, same_columns], same.astype(float), [names[k] for k in same_columns])
    model_event = fit(x[:, event_columns], event.astype(float),
                      [names[k] for k in event_columns])
    p_same = predict(model_same, x[:, same_columns])
    threshold = best_threshold(keys, p_same, claim_gold, universe_set)
    p, r, f, _ = sentence_f1(keys, p_same, threshold, claim_gold, universe_set)
    print(f"  selected signals in sample: P={p:.3f} R={r:.3f} F1={f:.3f} at {threshold}")
    print(f"  same event accuracy, cross-validated: "
          f"{event_accuracy(x, topics, event, args.folds, event_columns):.3f} "
          f"(always same event: {event.mean():.3f})")
    for label, model in (("same claim", model_same), ("same event", model_event)):
        print(f"  {label}: " + ", ".join(f"{n} {w:+.3f}" for n, w in
                                         zip(model["signals"], model["weights"], strict=True))
              + f", bias {model['bias']:+.3f}")
    if args.out:
        args.out.write_text(json.dumps({
            "about": "Weights of the claim-pair judge (briefs.index.claims.judge), fit by "
                     "bench/train_judge.py on the ECB+ dev corpus (topics 1-35; CC BY 3.0, "
                     "Cybulska and Vossen 2014).",
            "fit": dt.date.today().isoformat(),
            "same": model_same, "event": model_event,
            # "same" at even odds: the calibrated probability says more likely than not.
            "thresholds": {"pair": threshold, "same": 0.5},
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
