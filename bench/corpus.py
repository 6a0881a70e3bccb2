"""Make a reproducible corpus of N news-like articles by recombining sentences of a real corpus.

    python bench/corpus.py N OUT [--from ../shared/corpora/ecbplus-dev] [--shape SHAPE]

Each article gets a title, one of 60 sources and a date spread over a year. Same N, seed and
shape, same corpus. Shapes (import speed must not depend on what articles are about):
- coherent (default): a run of paragraphs from one source article, a few of others mixed in;
- random: 12-30 paragraphs drawn from the whole corpus, so each article resembles many
  stories and none well;
- giant: coherent, but from five source articles only: a few giant stories;
- short: one or two paragraphs, as feed teasers and wire briefs are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

SOURCES = [f"{a} {b}" for a in ("Northern", "Valley", "Coast", "City", "Metro", "Daily",
                                "Evening", "Global", "Capital", "Harbour")
           for b in ("Times", "Post", "Herald", "Wire", "Ledger", "Courier")]


def sentences_of(folder: Path) -> list[list[str]]:
    docs = []
    for path in sorted((folder / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("---\n", 2)[2] if text.startswith("---") else text
        paras = [p.strip() for p in body.strip().split("\n\n") if len(p.split()) >= 6]
        if paras:
            docs.append(paras)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--from", dest="source", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "corpora"
                        / "ecbplus-dev")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--shape", choices=("coherent", "random", "giant", "short"),
                        default="coherent")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    docs = sentences_of(args.source)
    args.out.mkdir(parents=True, exist_ok=True)
    start = dt.datetime(2025, 1, 1)
    few = docs[:5]
    for n in range(args.n):
        if args.shape == "random":
            body = [rng.choice(rng.choice(docs)) for _ in range(rng.randint(12, 30))]
        elif args.shape == "short":
            base = rng.choice(docs)
            body = list(base[: rng.randint(1, 2)])
        else:
            base = rng.choice(few if args.shape == "giant" else docs)
            body = list(base[: rng.randint(3, 12)])
            for _ in range(rng.randint(2, 8)):
                body.insert(rng.randint(0, len(body)), rng.choice(rng.choice(docs)))
        title = " ".join(body[0].split()[:12]).rstrip(".,;:")
        published = start + dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        meta = (f"---\nid: b{n:06d}\ntitle: {json.dumps(title)}\n"
                f"source: {json.dumps(rng.choice(SOURCES))}\n"
                f"url: https://bench.example/{n}\npublished: {published:%Y-%m-%dT%H:%M:%SZ}\n"
                "---\n")
        (args.out / f"b{n:06d}.md").write_text(meta + "\n\n".join(body) + "\n",
                                               encoding="utf-8")
    print(f"wrote {args.n} articles to {args.out}")


if __name__ == "__main__":
    main()
