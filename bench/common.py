"""Shared pieces of the benchmarks: timing statistics, peak memory, the SQLite FTS5 peer."""

from __future__ import annotations

import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path


def stats(samples_ms: list[float]) -> dict[str, float]:
    """Median, p95 and max of timings in milliseconds."""
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def fmt(name: str, s: dict[str, float]) -> str:
    return f"{name:<28} p50 {s['p50']:8.1f} ms   p95 {s['p95']:8.1f} ms   max {s['max']:8.1f} ms"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


def _pss_mb(pid: int) -> float:
    """Proportional set size: a page shared by n processes counts 1/n in each, so the sum
    over processes is their memory together (RSS counts a forked child's shared pages
    twice)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_tree_memory(args: list[str], every: float = 0.5) -> tuple[float, float, float]:
    """Run a process; (seconds, the peak of its process tree's summed PSS in MB, and the
    peak RSS of its largest process in MB), sampled every `every` seconds."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    together = 0.0
    while proc.poll() is None:
        together = max(together, sum(_pss_mb(p) for p in _tree(proc.pid)))
        time.sleep(every)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed: {err[-2000:]}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, together, largest


def run_process(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run a whole process; (seconds, its peak RSS in MB, stdout)."""
    wrapper = ("import resource, subprocess, sys, time, json\n"
               "t = time.perf_counter()\n"
               "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
               "dt = time.perf_counter() - t\n"
               "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
               "print(json.dumps({'s': dt, 'rss': rss, 'out': p.stdout, 'rc': p.returncode,"
               " 'err': p.stderr[-2000:]}))\n")
    result = subprocess.run([sys.executable, "-c", wrapper, *args], capture_output=True,
                            text=True, env=env)
    data = json.loads(result.stdout)
    if data["rc"] not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed: {data['err']}")
    return data["s"], data["rss"], data["out"]


def read_corpus(folder: Path) -> Iterable[dict]:
    """The articles of a corpus folder made by corpus.py (front matter + body)."""
    import yaml

    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, meta, body = text.split("---\n", 2)
        data = yaml.safe_load(meta)
        data["body"] = body.strip()
        yield data


class FTS5:
    """The peer: the same articles in an SQLite FTS5 table (porter stemming)."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(str(path))
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(id UNINDEXED, "
                        "title, body, source, tokenize='porter unicode61')")

    def add(self, articles: Iterable[dict]) -> int:
        count = 0
        with self.db:
            for a in articles:
                self.db.execute("INSERT INTO docs VALUES (?, ?, ?, ?)",
                                (a["id"], a["title"], a["body"], a.get("source", "")))
                count += 1
        return count

    def search(self, query: str, limit: int = 20) -> list[str]:
        rows = self.db.execute(
            "SELECT id, snippet(docs, 2, '[', ']', '…', 12) FROM docs WHERE docs MATCH ? "
            "ORDER BY bm25(docs, 0, 2.0, 1.0, 0.5) LIMIT ?", (query, limit)).fetchall()
        return [r[0] for r in rows]


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(1000 * (time.perf_counter() - started))
    return out
