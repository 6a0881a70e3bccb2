"""How often briefs' `same` verdict is right on news sentence pairs labelled by people.

    python bench/paraphrase.py ../shared/corpora/mrpc-dev [--split val|train] [--work DIR]

Each pair becomes two one-sentence articles from two outlets, imported into a fresh library;
`briefs compare --pairs` (the CLI's JSON) compares them, and the pair counts as "same" when
briefs reports the two sentences with relation `same`. Prints accuracy and F1 of that verdict
beside the "always same" baseline, and a final RESULT line.

MRPC's licence makes it measurement data only: nothing here feeds a shipped weight or
threshold (the judge is fit on ECB+ by bench/train_judge.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def read_pairs(path: Path) -> list[tuple[int, str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(int(r[0]), r[3], r[4]) for r in rows[1:] if len(r) >= 5]


def article(article_id: str, source: str, sentence: str) -> str:
    title = " ".join(sentence.split()[:10]).rstrip(".,;:")
    # MRPC gives no publication dates; none is made up ("yesterday" stays unresolved).
    return (f"---\nid: {article_id}\ntitle: {json.dumps(title)}\nsource: {source}\n"
            f"---\n\n{sentence}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--split", default="val", choices=("val", "train"))
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    pairs = read_pairs(args.corpus / f"{args.split}.tsv")
    work = args.work or Path(tempfile.mkdtemp(prefix="briefs-paraphrase-"))
    folder = work / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for n, (_, a, b) in enumerate(pairs):
        (folder / f"p{n:05d}a.md").write_text(article(f"p{n:05d}a", "Outlet One", a),
                                              encoding="utf-8")
        (folder / f"p{n:05d}b.md").write_text(article(f"p{n:05d}b", "Outlet Two", b),
                                              encoding="utf-8")
    cli = [sys.executable, "-m", "briefs.tui.cli", "--data-dir", str(work / "library")]
    subprocess.run([*cli, "add", str(folder)], check=True, capture_output=True)
    listing = work / "pairs.txt"
    listing.write_text("".join(f"p{n:05d}a p{n:05d}b\n" for n in range(len(pairs))))
    started = time.perf_counter()
    out = subprocess.run([*cli, "compare", "--pairs", str(listing)], check=True,
                         capture_output=True, text=True).stdout
    seconds = time.perf_counter() - started
    results = [json.loads(line) for line in out.splitlines()]
    tp = fp = fn = tn = 0
    relations: dict[str, int] = {}
    for (label, _, _), result in zip(pairs, results, strict=True):
        said = {p["relation"] for p in result["pairs"]}
        top = "same" if "same" in said else ("conflict" if "conflict" in said else
                                             ("related" if said else "unpaired"))
        relations[top] = relations.get(top, 0) + 1
        same = "same" in said
        tp += same and label == 1
        fp += same and label == 0
        fn += (not same) and label == 1
        tn += (not same) and label == 0
    accuracy = (tp + tn) / len(pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    positives = sum(label for label, _, _ in pairs)
    print(f"{args.split}: {len(pairs)} pairs ({positives} labelled same), compared in "
          f"{seconds:.1f} s; verdicts {relations}")
    print(f"  `same` accuracy {accuracy:.3f}, P={precision:.3f} R={recall:.3f} F1={f1:.3f}; "
          f"always same: accuracy {positives / len(pairs):.3f}")
    print(f"RESULT split={args.split} accuracy={accuracy:.3f} f1={f1:.3f} "
          f"precision={precision:.3f} recall={recall:.3f}")


if __name__ == "__main__":
    main()
