"""Memory of the index writer's final merge of spilled runs, by block size.

    python bench/merge_memory.py [--block 1000] [--runs 130] [--postings 40000]

A child of the two-process writer spills its postings in sorted runs and merges them at the
end, holding one block of every run; at a million articles a child spills about 130 runs.
Prints the merge's time and the process's peak RSS before and after it.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--block", type=int, default=None, help="postings per pickle")
    parser.add_argument("--runs", type=int, default=130)
    parser.add_argument("--postings", type=int, default=40_000, help="per run")
    args = parser.parse_args()
    from whoosh.filedb.filestore import FileStorage

    from briefs.index.search import parallel_writer

    if args.block:
        parallel_writer.RUN_BLOCK = args.block
    pool = parallel_writer._TermPool(FileStorage(tempfile.mkdtemp()), None, limitmb=0)
    pool.limit = 10 ** 12  # runs are cut here, not by size
    rng = random.Random(1)
    per_document = 40
    docnum = 0
    for _ in range(args.runs):
        left = args.postings
        while left:  # documents in docnum order, each with up to 40 distinct words
            words = sorted(rng.sample(range(50_000), min(per_document, left)))
            pool.add_field("body", docnum, [(f"w{word}".encode(), 1, 1.0, b"\x00\x01pos")
                                            for word in words])
            left -= len(words)
            docnum += 1
        pool.save()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    merged = sum(1 for _ in pool.items())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"block {parallel_writer.RUN_BLOCK}: merged {merged} postings of {args.runs} runs in "
          f"{seconds:.1f} s; peak RSS {before:.0f} MB before the merge, {peak:.0f} MB after")
    print(f"RESULT block={parallel_writer.RUN_BLOCK} runs={args.runs} merged={merged} "
          f"merge_s={seconds:.1f} "
          f"before_mb={before:.0f} peak_mb={peak:.0f}")


if __name__ == "__main__":
    main()
