"""The claim-pair judge: calibrated probabilities, thresholds, and the why of a verdict."""

from __future__ import annotations

import json

from briefs.index import demo
from briefs.index.claims import judge as judging
from briefs.index.claims.compare import compare_claims
from briefs.index.claims.split import claims


def test_shipped_judge_loads_and_ranks_by_words():
    judge = judging.default_judge()
    assert 0 < judge.pair < judge.same_at < 1
    assert "words" in judge.same.signals
    base = {name: 0.0 for name in judging.SIGNALS}
    low, high = dict(base, words=0.05), dict(base, words=0.8)
    assert judge.same.probability(low) < judge.pair < judge.same_at < judge.same.probability(high)


def test_weights_file_names_its_data_and_every_signal_it_uses():
    data = json.loads(judging._JUDGE_FILE.read_text(encoding="utf-8"))
    assert "ECB+" in data["about"] and "CC BY" in data["about"]
    for model in ("same", "event"):
        assert set(data[model]["signals"]) <= set(judging.SIGNALS)
        assert len(data[model]["weights"]) == len(data[model]["signals"])


def test_a_pair_reports_both_probabilities_and_why():
    text = "The Kessler Bridge closed on Monday after inspectors found a cracked cable anchor."
    pairs, only_a, only_b = compare_claims(claims(text, "2026-03-02"),
                                           claims(text, "2026-03-02"))
    (pair,) = pairs
    assert pair.relation == "same" and not only_a and not only_b
    out = pair.to_dict()
    assert out["same_claim"] >= 0.9 and 0 < out["same_event"] <= 1
    assert out["why"].startswith("same claim ") and "same event" in out["why"]
    # A claim that adds much to the same fact is less likely the same claim.
    longer = (text[:-1] + ", and the state said repairs would take weeks and cost $14 million"
              " while ferries run from Mill Point.")
    pairs, _, _ = compare_claims(claims(text, "2026-03-02"), claims(longer, "2026-03-02"))
    assert all(p.score < out["same_claim"] for p in pairs)


def test_another_weights_file_changes_the_verdicts(tmp_path, monkeypatch):
    data = json.loads(judging._JUDGE_FILE.read_text(encoding="utf-8"))
    data["thresholds"] = {"pair": 0.999, "same": 0.9999}
    path = tmp_path / "judge.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("BRIEFS_JUDGE", str(path))
    judge = judging.default_judge()
    assert judge.pair == 0.999
    a = claims("Roughly 52,000 vehicles use the Kessler Bridge each weekday.", None)
    b = claims("About 48,000 vehicles cross the Kessler Bridge on a typical weekday.", None)
    pairs, _, _ = compare_claims(a, b, judge=judge, min_score=judge.pair)
    assert [p.relation for p in pairs] in ([], ["conflict"])


def test_compare_json_gives_the_judges_probabilities(cli):
    cli("add", *demo.files())
    result = cli.json("compare", "demo-kessler-courier", "demo-kessler-wire")
    assert result["pairs"]
    for pair in result["pairs"]:
        assert 0 <= pair["same_claim"] <= 1 and 0 <= pair["same_event"] <= 1
        assert pair["score"] == pair["same_claim"]
        if pair["relation"] == "same":
            assert pair["same_claim"] >= judging.default_judge().same_at
