"""Comparing two articles: shared claims, conflicts with evidence, one-source claims, JSON."""

from __future__ import annotations

from briefs.index import demo


def test_demo_conflicts_are_found_with_values_and_reasons(cli):
    cli("add", *demo.files())
    result = cli.json("compare", "demo-kessler-courier", "demo-kessler-ledger")
    conflicts = {(c["a"], c["b"]) for p in result["pairs"] for c in p["conflicts"]}
    assert ("48,000", "52,000") in conflicts
    assert ("March 16", "March 23") in conflicts
    for pair in result["pairs"]:
        if pair["relation"] == "conflict":
            assert pair["why"] and pair["conflicts"]
    same = [p for p in result["pairs"] if p["relation"] == "same"]
    assert any("We will not reopen the bridge" in p["a"][0]["text"] for p in same)
    only_b = " ".join(c["text"] for c in result["only_b"])
    assert "Mayor Tom Reyes" in only_b


def test_compare_json_schema_and_offsets_index_the_stored_body(cli):
    cli("add", *demo.files())
    result = cli.json("compare", "demo-orin-ferry-courier", "demo-orin-ferry-ledger")
    assert set(result) >= {"a", "b", "pairs", "only_a", "only_b"}
    assert set(result["a"]) == {"id", "title", "source"}
    bodies = {side: cli.json("show", result[side]["id"])["body"] for side in ("a", "b")}
    for pair in result["pairs"]:
        assert set(pair) >= {"a", "b", "relation", "score", "conflicts", "why"}
        assert pair["relation"] in ("same", "related", "conflict")
        for side in ("a", "b"):
            for claim in pair[side]:
                assert bodies[side][claim["start"]:claim["end"]] == claim["text"]
    for claim in result["only_a"]:
        assert bodies["a"][claim["start"]:claim["end"]] == claim["text"]
    # The ferry crossing takes 18 vs 22 minutes: a duration conflict.
    kinds = {c["kind"] for p in result["pairs"] for c in p["conflicts"]}
    assert "duration" in kinds


def test_readable_table_without_json(cli):
    cli("add", *demo.files())
    code, out, _ = cli("compare", "demo-kessler-courier", "demo-kessler-ledger")
    assert code == 0
    assert "conflicts" in out.splitlines()[2]
    assert "! CONFLICT: count 48,000 vs 52,000" in out
    assert "ONLY IN B" in out


def test_stories_group_the_demo_and_story_clusters_claims(cli):
    cli("add", *demo.files())
    stories = cli.json("stories")
    groups = sorted((sorted(s["articles"]) for s in stories), key=len)
    assert groups[-1] == ["demo-kessler-courier", "demo-kessler-ledger",
                          "demo-kessler-morning", "demo-kessler-wire"]
    assert ["demo-orin-ferry-courier", "demo-orin-ferry-ledger"] in groups
    story = cli.json("story", "demo-kessler-wire")
    assert set(story) >= {"id", "title", "articles", "sources", "first", "last", "clusters"}
    assert story["first"].startswith("2026-03-02")
    widest = story["clusters"][0]
    assert len(widest["sources"]) >= 3
    assert all(set(r) >= {"article", "source", "text", "start", "end"}
               for r in widest["reports"])
