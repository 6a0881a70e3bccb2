"""Each benchmark script runs end to end on a tiny corpus, so none of them rots.

The real runs (100,000 articles, the ECB+ corpus) are made by hand; see the README.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefs.index import demo
from tests.conftest import ECB, ROOT

BENCH = ROOT / "bench"


def run(*args: str) -> str:
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                            timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("bench")
    source = work / "source" / "articles"
    source.mkdir(parents=True)
    for path in demo.files():
        shutil.copy(path, source / path.name)
    out = run(str(BENCH / "corpus.py"), "120", str(work / "corpus"), "--from",
              str(work / "source"))
    assert "wrote 120 articles" in out
    return work


def result_line(out: str) -> dict[str, str]:
    line = [x for x in out.splitlines() if x.startswith("RESULT ")][-1]
    return dict(pair.split("=", 1) for pair in line.split()[1:])


def test_ingest_search_startup_compare_benchmarks(tiny):
    result = result_line(run(str(BENCH / "ingest.py"), str(tiny / "corpus"), "--work",
                             str(tiny / "work")))
    assert int(result["ingest_articles"]) == 20 and float(result["ingest_rate"]) > 0
    assert float(result["ingest_together_mb"]) > 0
    data = tiny / "work" / "library"
    result = result_line(run(str(BENCH / "search.py"), str(data), str(tiny / "corpus"),
                             "--repeat", "1"))
    assert float(result["typing_p95_ms"]) > 0 and int(result["articles"]) == 120
    result = result_line(run(str(BENCH / "startup.py"), str(data), "--runs", "1",
                             "--no-tmux"))
    assert float(result["app_start_p50_ms"]) > 0
    result = result_line(run(str(BENCH / "compare.py"), str(data), "--pairs", "3"))
    assert float(result["compare_p50_ms"]) > 0 and float(result["fresh_compare_p50_ms"]) > 0
    result = result_line(run(str(BENCH / "stories_screen.py"), str(data), "--runs", "1"))
    assert float(result["page_latest_ms"]) > 0 and float(result["screen_ms"]) > 0
    result = result_line(run(str(BENCH / "stories_phase.py"), str(data), "--work",
                             str(tiny / "stories")))
    assert result["articles"] == "120" and int(result["stories"]) > 0


def test_quality_benchmark_on_a_slice_of_the_dev_corpus(tmp_path):
    if not ECB.is_dir():
        pytest.skip("../shared/corpora/ecbplus-dev is not beside this clone")
    gold = json.loads((ECB / "gold.json").read_text())
    keep = {d for d, v in gold["docs"].items() if v["topic"] in ("1", "3")}
    (tmp_path / "articles").mkdir()
    for doc in keep:
        shutil.copy(ECB / "articles" / f"{doc}.md", tmp_path / "articles")
    small = {
        "docs": {d: v for d, v in gold["docs"].items() if d in keep},
        "sentences": {d: v for d, v in gold["sentences"].items() if d in keep},
        "validated": {d: v for d, v in gold["validated"].items() if d in keep},
        "aligned_pairs": [p for p in gold["aligned_pairs"] if p[0] in keep],
        "claim_pairs": [p for p in gold["claim_pairs"] if p[0] in keep],
    }
    (tmp_path / "gold.json").write_text(json.dumps(small))
    result = result_line(run(str(BENCH / "quality.py"), str(tmp_path), "--sample-conflicts",
                             "20", "--keep", str(tmp_path / "work")))
    for key in ("story_b3_f1", "claim_f1", "conflict_recall", "false_conflict_rate"):
        assert 0.0 <= float(result[key]) <= 1.0
    assert float(result["story_b3_f1"]) > 0.5
    # The judge's training script fits, cross-validates and writes weights the app can load.
    out = run(str(BENCH / "train_judge.py"), str(tmp_path), str(tmp_path / "work" / "library"),
              "--out", str(tmp_path / "judge.json"), "--folds", "2")
    assert "cross-validated by topic (2 folds)" in out
    from briefs.index.claims.judge import Judge

    judge = Judge.from_dict(json.loads((tmp_path / "judge.json").read_text()))
    assert 0 < judge.pair < 1 and "words" in judge.same.signals


def test_paraphrase_benchmark(tmp_path):
    pairs = [
        (1, "The council approved the new bridge budget on Monday night.",
         "The council approved the new bridge budget on Monday night."),
        (1, "Ferries will run every 15 minutes while the bridge is shut.",
         "While the bridge is shut, ferries will run every 15 minutes."),
        (0, "The mayor opened the library in the old town hall.",
         "Storms closed the harbour and cancelled every ferry to the islands."),
    ]
    rows = ["Quality\t#1 ID\t#2 ID\t#1 String\t#2 String"]
    rows += [f"{label}\t{n}\t{n + 100}\t{a}\t{b}" for n, (label, a, b) in enumerate(pairs)]
    (tmp_path / "val.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = run(str(BENCH / "paraphrase.py"), str(tmp_path), "--work", str(tmp_path / "work"))
    result = result_line(out)
    assert "3 pairs (2 labelled same)" in out
    assert float(result["accuracy"]) == 1.0


@pytest.mark.parametrize("shape", ["random", "giant", "short"])
def test_corpus_shapes(tmp_path, shape):
    source = tmp_path / "source" / "articles"
    source.mkdir(parents=True)
    for path in demo.files():
        shutil.copy(path, source / path.name)
    out = run(str(BENCH / "corpus.py"), "30", str(tmp_path / shape), "--from",
              str(tmp_path / "source"), "--shape", shape)
    assert "wrote 30 articles" in out
    sizes = [len(p.read_text()) for p in (tmp_path / shape).glob("*.md")]
    assert len(sizes) == 30
    if shape == "short":
        coherent = run(str(BENCH / "corpus.py"), "30", str(tmp_path / "c"), "--from",
                       str(tmp_path / "source"))
        assert "wrote 30" in coherent
        assert sum(sizes) < sum(len(p.read_text()) for p in (tmp_path / "c").glob("*.md"))


def test_merge_memory_benchmark_merges_every_spilled_posting():
    result = result_line(run(str(BENCH / "merge_memory.py"), "--block", "50", "--runs", "6",
                             "--postings", "200"))
    assert result["block"] == "50" and result["merged"] == str(6 * 200)
    assert float(result["peak_mb"]) >= float(result["before_mb"]) > 0
