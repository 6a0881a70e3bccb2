"""Story grouping, claim alignment and conflict detection measured against gold labels.

    python bench/quality.py ../shared/corpora/ecbplus-dev [--sample-conflicts 300]

Imports CORPUS_DIR/articles into a fresh --data-dir, runs `briefs stories --json` and
`briefs compare --pairs ... ` (the CLI's JSON), and scores them against CORPUS_DIR/gold.json.
Prints the numbers and a final `RESULT name=value ...` line.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path


def briefs(data_dir: Path, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "briefs.tui.cli", "--data-dir", str(data_dir),
                             *args], capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"briefs {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


# -- story grouping ----------------------------------------------------------------------------
def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for doc, cluster in pred.items():
        by_pred[cluster].add(doc)
    for doc, cluster in gold.items():
        by_gold[cluster].add(doc)
    p = r = 0.0
    for doc in gold:
        same_pred, same_gold = by_pred[pred[doc]], by_gold[gold[doc]]
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def ari(pred: dict[str, str], gold: dict[str, str]) -> float:
    docs = list(gold)
    table = Counter((pred[d], gold[d]) for d in docs)
    a = Counter(pred[d] for d in docs)
    b = Counter(gold[d] for d in docs)

    def c2(n):
        return n * (n - 1) / 2

    index = sum(c2(n) for n in table.values())
    sa, sb = sum(c2(n) for n in a.values()), sum(c2(n) for n in b.values())
    expected = sa * sb / c2(len(docs))
    maximum = (sa + sb) / 2
    return (index - expected) / (maximum - expected) if maximum != expected else 1.0


# -- claim alignment ---------------------------------------------------------------------------
def sentence_spans(body: str, sentences: list[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for sentence in sentences:
        at = body.find(sentence, pos)
        if at < 0:
            at = body.find(sentence)
        spans.append((at, at + len(sentence)) if at >= 0 else (-1, -1))
        if at >= 0:
            pos = at + len(sentence)
    return spans


def sentence_of(offset: int, spans: list[tuple[int, int]]) -> int | None:
    for index, (start, end) in enumerate(spans):
        if start <= offset < end:
            return index
    return None


def claims_by_sentence(library, idf, sentences: dict[str, list[str]]):
    """A cached lookup: a document's claims, each as (claim, gold sentence index, score vector)."""
    from briefs.index.claims.compare import _vector
    from briefs.index.claims.split import claims

    cache: dict[str, list] = {}

    def claims_of(doc: str) -> list:
        if doc not in cache:
            article = library.get(doc)
            spans = sentence_spans(article.body, sentences[doc])
            cache[doc] = [(c, sentence_of(c.start, spans), _vector(c, idf))
                          for c in claims(article.body, article.published)]
        return cache[doc]

    return claims_of


def predicted_pairs(result: dict, spans_a, spans_b, relations=None) -> set[tuple[int, int]]:
    pairs = set()
    for pair in result["pairs"]:
        if relations and pair["relation"] not in relations:
            continue
        for ca in pair["a"]:
            i = sentence_of(ca["start"], spans_a)
            for cb in pair["b"]:
                j = sentence_of(cb["start"], spans_b)
                if i is not None and j is not None:
                    pairs.add((i, j))
    return pairs


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


# -- conflict injection ------------------------------------------------------------------------
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER = re.compile(r"(?<![\w.,])\d+(?:\.\d+)?(?![\w])")


def edit_value(token: str, rng: random.Random) -> str:
    if token in WEEKDAYS:
        return rng.choice([d for d in WEEKDAYS if d != token])
    if "." in token:
        value = float(token)
        new = round(value * rng.choice([0.8, 0.85, 1.15, 1.25]), len(token.split(".")[1]))
        if new == value:
            new = value + 1
        return f"{new:.{len(token.split('.')[1])}f}"
    value = int(token)
    new = value + rng.choice([-3, -2, 2, 3, 5]) if value > 5 else value + rng.choice([1, 2, 3])
    return str(max(new, 0) if new != value else value + 1)


def shared_token(a: str, b: str) -> str | None:
    nums = set(NUMBER.findall(a)) & set(NUMBER.findall(b))
    nums = {n for n in nums if not (len(n) == 4 and n.startswith(("19", "20")))}
    days = {d for d in WEEKDAYS if d in a and d in b}
    options = sorted(nums) + sorted(days)
    return options[0] if options else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sample-conflicts", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="use this data dir (kept) instead of a temp one")
    parser.add_argument("--batches", type=int, default=1,
                        help="import the articles in this many `briefs add` runs, in name order, "
                             "as feeds would bring them over time")
    args = parser.parse_args()
    gold = json.loads((args.corpus / "gold.json").read_text())
    story = {d: v["story"] for d, v in gold["docs"].items()}
    work = args.keep or Path(tempfile.mkdtemp(prefix="briefs-quality-"))
    data = work / "library"

    started = time.time()
    if not (data / "library.sqlite3").exists():
        files = sorted((args.corpus / "articles").glob("*.md"))
        size = -(-len(files) // max(args.batches, 1))
        for start in range(0, len(files), size):
            briefs(data, "add", *(str(f) for f in files[start:start + size]))
    add_seconds = time.time() - started

    # Stories.
    stories = json.loads(briefs(data, "stories", "--json"))
    pred = {doc: s["id"] for s in stories for doc in s["articles"] if doc in story}
    missing = set(story) - set(pred)
    for doc in missing:
        pred[doc] = f"missing-{doc}"
    sp, sr, sf = bcubed(pred, story)
    s_ari = ari(pred, story)
    topic = {d: v["topic"] for d, v in gold["docs"].items()}
    _, _, tf = bcubed(pred, topic)
    print(f"stories: {len(stories)} predicted, {len(set(story.values()))} gold "
          f"(import {add_seconds:.1f} s in {args.batches} batch(es))")
    print(f"  story B3 P={sp:.3f} R={sr:.3f} F1={sf:.3f}  ARI={s_ari:.3f}  (topic B3 F1={tf:.3f})")

    # Claim alignment over every same-story pair.
    bodies = {a["id"]: a["body"] for a in json.loads(briefs(data, "export", "--json"))}
    spans = {d: sentence_spans(bodies[d], gold["sentences"][d]) for d in story if d in bodies}
    validated = {d: set(v) for d, v in gold["validated"].items()}
    aligned, claim = defaultdict(set), defaultdict(set)
    for a, i, b, j in gold["aligned_pairs"]:
        aligned[(a, b)].add((i, j))
    for a, i, b, j in gold["claim_pairs"]:
        claim[(a, b)].add((i, j))
    doc_pairs = [(a, b) for a, b in itertools.combinations(sorted(story), 2)
                 if story[a] == story[b] and a in bodies and b in bodies]
    pairs_file = work / "pairs.txt"
    pairs_file.write_text("".join(f"{a} {b}\n" for a, b in doc_pairs))
    started = time.time()
    results = [json.loads(line) for line in
               briefs(data, "compare", "--pairs", str(pairs_file)).splitlines()]
    compare_seconds = time.time() - started
    counts = {"claim": [0, 0, 0], "aligned": [0, 0, 0]}
    false_conflicts = claim_pairs_seen = 0
    # Pairs that report different events: a conflict there is always false, and the gold claim
    # pairs alone do not see it (two events of one story, a call in October and talks later).
    other_conflicts = other_seen = 0
    for (a, b), result in zip(doc_pairs, results, strict=True):
        va, vb = validated.get(a, set()), validated.get(b, set())
        universe = {(i, j) for i in va for j in vb}
        predicted = predicted_pairs(result, spans[a], spans[b]) & universe
        for name, gold_pairs in (("claim", claim[(a, b)]), ("aligned", aligned[(a, b)])):
            g = gold_pairs & universe
            counts[name][0] += len(predicted & g)
            counts[name][1] += len(predicted - g)
            counts[name][2] += len(g - predicted)
        conflicted = predicted_pairs(result, spans[a], spans[b], {"conflict"})
        for ij in claim[(a, b)] & universe:
            claim_pairs_seen += 1
            false_conflicts += ij in conflicted
        for ij in universe - aligned[(a, b)]:
            other_seen += 1
            other_conflicts += ij in conflicted
    cp, cr, cf = prf(*counts["claim"])
    ap, ar, af = prf(*counts["aligned"])
    per_pair_ms = 1000 * compare_seconds / max(len(doc_pairs), 1)
    print(f"claim alignment over {len(doc_pairs)} article pairs "
          f"({per_pair_ms:.1f} ms per compare incl. process start):")
    print(f"  claim_pairs   P={cp:.3f} R={cr:.3f} F1={cf:.3f}")
    print(f"  aligned_pairs P={ap:.3f} R={ar:.3f} F1={af:.3f}")

    # Conflict injection: change the shared number/weekday on the B side only.
    rng = random.Random(args.seed)
    candidates = []
    for a, i, b, j in gold["claim_pairs"]:
        if i in validated.get(a, ()) and j in validated.get(b, ()):
            token = shared_token(gold["sentences"][a][i], gold["sentences"][b][j])
            if token:
                candidates.append((a, i, b, j, token))
    rng.shuffle(candidates)
    chosen = candidates[: args.sample_conflicts]
    edits = work / "edited"
    edits.mkdir(exist_ok=True)
    edited_pairs = []
    for n, (a, i, b, j, token) in enumerate(chosen):
        sentence = gold["sentences"][b][j]
        new_value = edit_value(token, rng)
        new_sentence = re.sub(rf"(?<![\w.,]){re.escape(token)}(?![\w])", new_value, sentence,
                              count=1)
        body = bodies[b]
        start, end = spans[b][j]
        new_body = body[:start] + new_sentence + body[end:]
        new_id = f"edit-{n:04d}"
        (edits / f"{new_id}.md").write_text(f"---\nid: {new_id}\ntitle: edited copy {n}\n---\n"
                                            f"{new_body}\n")
        edited_pairs.append((a, i, new_id, j, b, new_sentence))
    edit_data = work / "library-edited"
    if not (edit_data / "library.sqlite3").exists():
        import shutil

        shutil.copytree(data, edit_data)
        briefs(edit_data, "add", str(edits))
    pairs_file = work / "edited-pairs.txt"
    pairs_file.write_text("".join(f"{a} {e}\n" for a, _i, e, _j, _b, _s in edited_pairs))
    results = [json.loads(line) for line in
               briefs(edit_data, "compare", "--pairs", str(pairs_file)).splitlines()]
    caught = 0
    for (a, i, _e, j, b, new_sentence), result in zip(edited_pairs, results, strict=True):
        new_spans = list(spans[b])
        shift = len(new_sentence) - len(gold["sentences"][b][j])
        new_spans[j] = (spans[b][j][0], spans[b][j][1] + shift)
        new_spans = [(s + shift, t + shift) if k > j else (s, t)
                     for k, (s, t) in enumerate(new_spans)]
        caught += (i, j) in predicted_pairs(result, spans[a], new_spans, {"conflict"})
    recall = caught / len(edited_pairs) if edited_pairs else 0.0
    false_rate = false_conflicts / claim_pairs_seen if claim_pairs_seen else 0.0
    print(f"conflicts: injected {len(edited_pairs)} (of {len(candidates)} candidate pairs), "
          f"caught {caught}: recall={recall:.3f}")
    print(f"  conflicts raised on untouched gold claim pairs: {false_conflicts} of "
          f"{claim_pairs_seen} ({100 * false_rate:.2f}%)")
    other_rate = other_conflicts / other_seen if other_seen else 0.0
    print(f"  conflicts raised on pairs that report different events: {other_conflicts} of "
          f"{other_seen} ({100 * other_rate:.2f}%)")
    print(f"RESULT story_b3_p={sp:.3f} story_b3_r={sr:.3f} story_b3_f1={sf:.3f} "
          f"story_ari={s_ari:.3f} claim_p={cp:.3f} claim_r={cr:.3f} claim_f1={cf:.3f} "
          f"aligned_p={ap:.3f} aligned_r={ar:.3f} aligned_f1={af:.3f} "
          f"conflict_recall={recall:.3f} false_conflict_rate={false_rate:.4f} "
          f"other_event_conflict_rate={other_rate:.4f} "
          f"compare_ms={per_pair_ms:.1f}")
    if not args.keep:
        print(f"(work files in {work})")
    _ = math


if __name__ == "__main__":
    main()
