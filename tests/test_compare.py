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


def _pairs(a_text: str, b_text: str, published: str = "2026-03-04"):
    from briefs.index.claims import claims
    from briefs.index.compare import compare_claims

    pairs, _, _ = compare_claims(claims(a_text, published), claims(b_text, published))
    return pairs


def test_conflicts_need_the_same_slot():
    # The same age, stated two ways, differs: a conflict naming both values.
    pairs = _pairs("Film star Esther Williams dies at 91 in Los Angeles.",
                   "Film star Esther Williams has died in Los Angeles aged 94.")
    assert [(c.a, c.b) for p in pairs for c in p.conflicts] == [("dies at 91", "aged 94")]
    # Several ages each: the ones both state agree, the one left on each side disagrees.
    pairs = _pairs("John Jenkin, 23, is charged with killing his mother, 58, and sister, 20.",
                   "John Jenkin, 21, is charged with killing his mother, 58, and sister, 20.")
    assert [(c.a, c.b) for p in pairs for c in p.conflicts] == [("23", "21")]
    # A day both state is agreed on; the other day each states is the disagreement.
    pairs = _pairs("The storm hit on Saturday, July 24, 2004, and the levee broke on Sunday.",
                   "The storm hit on July 24, 2004, and the levee broke on Monday.",
                   published="2004-07-27")
    assert [(c.a, c.b) for p in pairs for c in p.conflicts] == [("Sunday", "Monday")]
    # "every 20 minutes" and "every 10 minutes" of two different services are not one slot.
    pairs = _pairs("Extra ferries will run between Old Quay and Mill Point every 20 minutes.",
                   "A free shuttle van leaves from the north end of the bridge every 10 minutes.")
    assert not [c for p in pairs for c in p.conflicts]
    # The day a thing happened and the day someone said so are two slots.
    pairs = _pairs("The bridge closed on Monday after the crack was found by inspectors.",
                   "The bridge closure after the crack was found, officials said Tuesday.")
    assert not [c for p in pairs for c in p.conflicts]
    # Eighteen minutes of crossing and thirty-one years of service are not one duration.
    pairs = _pairs("The ferry crossed the lake in 18 minutes on its first day in service.",
                   "The ferry on the lake replaced a boat in service for 31 years.")
    assert not [c for p in pairs for c in p.conflicts]


def test_two_claims_with_the_same_other_value_are_one_conflict():
    pairs = _pairs("The department said the bridge should reopen on March 16.",
                   "State officials say the bridge will reopen on March 23. "
                   "The repair will cost $14 million and the bridge will reopen on March 23.")
    conflicts = [p for p in pairs if p.relation == "conflict"]
    assert len(conflicts) == 1 and len(conflicts[0].b) == 2
    assert [(c.a, c.b) for c in conflicts[0].conflicts] == [("March 16", "March 23")]


def test_two_events_of_one_kind_years_apart_are_two_stories(cli, tmp_path):
    from tests.conftest import write

    lead = ("Chargers defensive lineman was arrested early Sunday on suspicion of drunken "
            "driving after police stopped his car on the highway near San Diego, the "
            "California Highway Patrol said. The team said it was aware of the arrest.")
    for n, (name, year) in enumerate([("Jamal Williams", 2009), ("Jamal Williams", 2009),
                                      ("Vincent Jackson", 2006), ("Vincent Jackson", 2006)]):
        write(tmp_path / f"dui{n}.md", f"---\nid: dui{n}\ntitle: Chargers player arrested\n---\n"
              f"\n{name} arrested\n\nFebruary {n + 2}, {year}\n\n{name} the {lead} "
              f"{name} was released on bail in {year}.\n")
    cli("add", tmp_path)
    groups = sorted(sorted(s["articles"]) for s in cli.json("stories"))
    assert groups == [["dui0", "dui1"], ["dui2", "dui3"]]
