"""The five seeds compared pairwise, checked as a careful reader would."""

from __future__ import annotations

import itertools

import pytest


@pytest.fixture
def seeds(cli, seeds_dir):
    cli("add", seeds_dir)
    rows = cli.json("list")
    by_start = {}
    for row in rows:
        body = cli.json("show", row["id"])["body"]
        by_start[body[:30]] = row["id"]
    key = {
        "takeaways": "Key Takeaways",
        "talks": "Japanese Prime Minister Takai",
        "agree": "The agreement came at a time",
        "urge": "- India and Japan urge rapid",
        "ians": "Prime Minister Narendra Modi h",
    }
    return {name: next(i for start, i in by_start.items() if start.startswith(prefix))
            for name, prefix in key.items()}


def _texts(claims):
    return " ".join(c["text"] for c in claims)


def test_all_five_seeds_form_one_story(cli, seeds):
    stories = cli.json("stories")
    assert len(stories) == 1
    assert sorted(stories[0]["articles"]) == sorted(seeds.values())


def test_word_for_word_modi_quote_is_shared(cli, seeds):
    result = cli.json("compare", seeds["takeaways"], seeds["ians"])
    shared = [p for p in result["pairs"] if p["relation"] in ("same", "related")]
    assert any("Had a productive meeting with Prime Minister Sanae Takaichi" in p["a"][0]["text"]
               for p in shared)


def test_shared_claims_between_two_outlets(cli, seeds):
    result = cli.json("compare", seeds["talks"], seeds["agree"])
    pairs = [(_texts(p["a"]), _texts(p["b"])) for p in result["pairs"]]
    text = " || ".join(a + " <> " + b for a, b in pairs)
    assert "Johannesburg" in text  # the meeting on the G20 sidelines
    assert "Indo-Pacific" in text


def test_one_source_claims_stay_one_source(cli, seeds):
    result = cli.json("compare", seeds["takeaways"], seeds["talks"])
    only_a = _texts(result["only_a"])
    assert "JPY 10 trillion" in only_a or all(
        "JPY 10 trillion" not in _texts(p["b"]) for p in result["pairs"])
    only_b = _texts(result["only_b"])
    assert "condolences" in only_b or all(
        "condolences" not in _texts(p["a"]) for p in result["pairs"])


def test_meeting_length_and_phone_call_length_are_not_a_conflict(cli, seeds):
    result = cli.json("compare", seeds["talks"], seeds["ians"])
    for pair in result["pairs"]:
        for conflict in pair["conflicts"]:
            assert {conflict["a"], conflict["b"]} != {"35-minute", "25 minutes"}


def test_no_false_conflicts_between_any_two_seeds(cli, seeds):
    raised = []
    for a, b in itertools.combinations(sorted(seeds.values()), 2):
        result = cli.json("compare", a, b)
        raised += [(c["kind"], c["a"], c["b"]) for p in result["pairs"] for c in p["conflicts"]]
    assert raised == []
