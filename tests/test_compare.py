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


def test_articles_of_two_different_stories_raise_no_conflicts(cli):
    # The bridge repair's $14 million and the ferry's $9.5 million are two things.
    cli("add", *demo.files())
    for bridge in ("demo-kessler-courier", "demo-kessler-wire", "demo-kessler-ledger"):
        result = cli.json("compare", bridge, "demo-orin-ferry-ledger")
        assert not [c for p in result["pairs"] for c in p["conflicts"]]
    result = cli.json("compare", "demo-kessler-courier", "demo-kessler-ledger")
    assert [p for p in result["pairs"] if p["relation"] == "conflict"]


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
    assert all(set(r) >= {"article", "source", "text", "start", "end", "values"}
               for r in widest["reports"])
    # One row per fact: the outlets that disagree on a figure share the row, each with its value.
    (vehicles,) = [c for c in story["clusters"] if "48,000" in c["text"]]
    values = {r["source"]: r["values"] for r in vehicles["reports"]}
    assert values["Tamsin Valley Ledger"] == ["52,000"]
    assert values["Riverton Courier"] == ["48,000"] == values["Northern Wire"]
    assert {(c["kind"], c["a"], c["b"]) for c in vehicles["conflicts"]} >= {
        ("count", "48,000", "52,000")}


def _pairs(a_text: str, b_text: str, published: str = "2026-03-04"):
    from briefs.index.claims.compare import compare_claims
    from briefs.index.claims.split import claims

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
    # An announcement, though, is often the event itself: the day it was made is the slot.
    pairs = _pairs("The Hawks placed guard Leon Marsh on injured reserve on Wednesday.",
                   "Leon Marsh was put on injured reserve, the Hawks announced Tuesday.")
    assert _found(pairs) == [("Wednesday", "Tuesday")]
    # How often, by how much and how long are three slots, even for one ferry.
    ferry = "The new ferry runs between the two piers"
    assert _found(_pairs(f"{ferry} every 20 minutes.", f"{ferry} in 18 minutes.")) == []
    assert _found(_pairs(f"{ferry} 25 minutes faster than the bus.", f"{ferry} in 22 minutes.")
                  ) == []
    assert _found(_pairs(f"{ferry} every 20 minutes.", f"{ferry} every 15 minutes.")) == \
        [("20", "15")]
    # Eighteen minutes of crossing and thirty-one years of service are not one duration.
    pairs = _pairs("The ferry crossed the lake in 18 minutes on its first day in service.",
                   "The ferry on the lake replaced a boat in service for 31 years.")
    assert not [c for p in pairs for c in p.conflicts]


def test_a_weekday_with_its_full_date_is_one_day():
    # "Sunday, February 1, 2009" names one day, so it can disagree with another claim's day.
    pairs = _pairs("Jamal Williams was arrested early on Sunday, February 1, 2009, in San Diego.",
                   "Jamal Williams was arrested early Saturday in San Diego.",
                   published="2009-02-03")
    assert [(c.a, c.b) for p in pairs for c in p.conflicts] == [("February 1, 2009", "Saturday")]
    pairs = _pairs("Jamal Williams was arrested early on Sunday, February 1, 2009, in San Diego.",
                   "Jamal Williams was arrested early Sunday in San Diego.",
                   published="2009-02-03")
    assert not [c for p in pairs for c in p.conflicts]


def test_ages_are_compared_person_by_person():
    a = ("John Jenkin, 23, is charged with the murders of his mother Alice McMeekin, 58, and "
         "his sister Katie Jenkin, 20, in Millom.")
    pairs = _pairs(a, "John Jenkin, 20, is charged with the murders of his mother and sister.")
    assert [(c.a, c.b) for p in pairs for c in p.conflicts] == [("23", "20")]
    pairs = _pairs(a, "John Jenkin, 23, is charged with the murders of his mother and sister.")
    assert not [c for p in pairs for c in p.conflicts]
    # One person under two spellings of the first name; a relative is another person.
    a = "Rescuers found Maria Lopez, 34, and her brother Daniel Lopez, 29, alive in the cave."
    assert _found(_pairs(a, "Rescuers found Mary Lopez, 31, and her brother Daniel Lopez, 29, "
                            "alive in the cave.")) == [("34", "31")]
    assert _found(_pairs(a, "Rescuers found Mary Lopez, 34, and her brother Dan Lopez, 29, "
                            "alive in the cave.")) == []


def test_the_one_sum_each_claim_states_in_a_currency_is_one_slot():
    a = ("Four men rammed a car into a jewelry store in Paris on Monday, making off with a "
         "two-million-euro ($2.6-million) haul, police said.")
    pairs = _pairs(a, "Four men rammed a car into a jewelry store in Paris on Monday, stealing "
                      "$2.1 million (two million euros) in jewels, police said.")
    assert [(c.a, c.b) for p in pairs for c in p.conflicts] == [("$2.6-million", "$2.1 million")]
    # A sum per season is not the same slot as the whole contract.
    pairs = _pairs("The Red Sox offered Mark Teixeira an eight-year, $200 million contract.",
                   "The Red Sox offer to Mark Teixeira is worth $22 million per season.")
    assert not [c for p in pairs for c in p.conflicts]


def test_lengths_in_feet_and_metres_are_converted_before_they_disagree():
    a = "Robert Buckley fell about 2,000ft while climbing to a hut on Mount Sefton."
    pairs = _pairs(a, "Robert Buckley fell about 600m while climbing to a hut on Mount Sefton.")
    assert not [c for p in pairs for c in p.conflicts]
    pairs = _pairs(a, "Robert Buckley fell about 150 metres while climbing to a hut on Mount "
                      "Sefton.")
    assert [(c.a, c.b) for p in pairs for c in p.conflicts] == [("2,000ft", "150")]


def test_of_several_dates_the_one_with_the_same_word_beside_it_is_the_slot():
    a = ("Brian Nichols was sentenced Saturday morning to life for the courthouse shootings "
         "he committed on March 11, 2005.")
    pairs = _pairs(a, "A judge sentenced Brian Nichols to life in prison Wednesday morning for "
                      "the courthouse shootings.")
    assert [(c.a, c.b) for p in pairs for c in p.conflicts] == [("Saturday", "Wednesday")]
    # Nothing beside the dates joins them: no telling which slot each fills.
    pairs = _pairs(a, "A judge sentenced Brian Nichols to life in prison for the courthouse "
                      "shootings, and he appealed on Wednesday.")
    assert not [c for p in pairs for c in p.conflicts]


def test_claims_that_differ_in_a_value_are_judged_by_their_other_words():
    # "Tuesday" and "Thursday" are the disagreement, not a sign of two different claims: the
    # pair is alike enough once the values are set aside (0.22 against 0.19 with them).
    a = "The mayor of Ardent resigned on Tuesday after weeks of protests over the city budget."
    pairs = _pairs(a, "Facing protests, the Ardent mayor stepped down Thursday.")
    conflicts = [p for p in pairs if p.relation == "conflict"]
    assert [(c.a, c.b) for p in conflicts for c in p.conflicts] == [("Tuesday", "Thursday")]
    assert "apart from the values" in conflicts[0].why
    pairs = _pairs(a, "Facing protests, the Ardent mayor stepped down Tuesday.")
    assert not [c for p in pairs for c in p.conflicts]


def test_a_rank_and_a_day_after_a_number_are_not_what_it_counts():
    # "No. 1" is a rank and "20 Thursday" counts no Thursdays: 20 is the one number left, and
    # it disagrees with the 18 points.
    pairs = _pairs("Hansbrough scored 20 Thursday night as the No. 1 Tar Heels beat Evansville "
                   "91-73 in Chapel Hill.",
                   "Hansbrough scored 18 points as the top-ranked Tar Heels beat Evansville "
                   "91-73 on Thursday night.")
    assert [(c.a, c.b) for p in pairs for c in p.conflicts] == [("20", "18")]


def test_persons_and_people_are_one_counted_noun():
    pairs = _pairs("The earthquake levelled seven villages, killing 10 persons and wounding 70.",
                   "The earthquake destroyed seven villages, killing 7 people and injuring 80.")
    assert ("10", "7") in [(c.a, c.b) for p in pairs for c in p.conflicts]


def test_a_number_counts_what_follows_it_in_the_same_phrase():
    # The 1 killed is no count of injuries: both claims state 1 and 2, and agree.
    pairs = _pairs("A gunman killed 1 and injured 2 at the office.",
                   "The shooting left 1 dead and 2 injured at the office.")
    assert not [c for p in pairs for c in p.conflicts]
    pairs = _pairs("A gunman killed 1 and injured 2 at the office.",
                   "The shooting left 1 dead and 4 injured at the office.")
    assert [(c.a, c.b) for p in pairs for c in p.conflicts] == [("2", "4")]


def _found(pairs) -> list[tuple[str, str]]:
    return [(c.a, c.b) for p in pairs for c in p.conflicts]


def test_casualty_counts_compare_by_what_they_count():
    # "kills 3" and "1 dead" count the dead; "wounds 2" and "2 hurt" agree.
    assert _found(_pairs("A gunman kills 3 and wounds 2 at the accounting office.",
                         "The shooting at the accounting office left 1 dead and 2 hurt.")) == \
        [("3", "1")]
    # The dead and the injured are two counts, not one disagreement.
    assert _found(_pairs("The blast at the fuel depot killed 4 people on Monday.",
                         "The blast at the fuel depot injured 6 people on Monday.")) == []
    # "a man and two women" is the toll broken down, not a toll of two.
    assert _found(_pairs("Three people died when rioters set the bank on fire.",
                         "A man and two women died when rioters set the bank on fire.")) == []


def test_numbers_that_name_or_that_differ_tenfold_are_not_one_amount():
    # "Route 94" names a road: another road is a disagreement, a count of games is not.
    assert _found(_pairs("The crash closed Route 94 near the old bridge on Monday.",
                         "The crash closed Route 91 near the old bridge on Monday.")) == \
        [("94", "91")]
    assert _found(_pairs("Bush was hurt in the Week 15 loss at Chicago.",
                         "Bush will miss the final two games after the loss at Chicago.")) == []
    # Nine points and 2,290 points are two different tallies of points.
    assert _found(_pairs("Hansbrough needed 9 points to pass the school scoring record.",
                         "The school scoring record of 2,290 points had stood since 1978.")) == []
    # An age in words is the same age in digits.
    assert _found(_pairs("Sixty-year-old Sharon Smith was arrested on Friday in Staunton.",
                         "Police arrested Sharon Smith, 60, on Friday in Staunton.")) == []


def test_values_pair_through_the_words_that_govern_them():
    # The noun one number counts follows the other ("23 Somali pirates" / "28 pirates"), in
    # claims too unlike for their only numbers to be taken as one slot on likeness alone.
    assert _found(_pairs("Indian marines boarded the dhow at dawn and captured 23 Somali "
                         "pirates, the navy said, with 1 sailor hurt.",
                         "The navy captured 28 pirates in the Gulf of Aden on Saturday.")) == \
        [("23", "28")]
    # "quake" ends "earthquake": the one decimal amount on each side is the magnitude.
    assert _found(_pairs("A 5.6 magnitude earthquake jolted the island of Qeshm at 1336 GMT, "
                         "state television said.",
                         "A 4.5 quake jolted the island of Qeshm.")) == [("5.6", "4.5")]
    # A game clock compares with a game clock, and is no time of day.
    assert _found(_pairs("He set the record with a bank shot with 7:41 to go in the half.",
                         "He set the record with a bank shot with 7:39 left in the half.")) == \
        [("7:41", "7:39")]
    assert _found(_pairs("He set the record with a bank shot with 7:41 to go in the half.",
                         "He set the record with a bank shot in the half that began at 19:30.")
                  ) == []


def test_which_day_a_claim_speaks_of():
    # A weekday its own date contradicts is the day the claim names in words.
    assert _found(_pairs("The coroner said he believes LaRue died Saturday.",
                         "The coroner believes LaRue died Wednesday, July 24, 2004.",
                         published="2004-07-28")) == [("Saturday", "Wednesday")]
    # ... but its date is a day it names too, and may be the one in dispute.
    a = "The coroner said he believes Ray Fenn died Saturday (July 24, 2004)."
    assert _found(_pairs(a, "The coroner believes Ray Fenn died Saturday, July 21, 2004, of "
                            "natural causes.", published=None)) == [("July 24, 2004",
                                                                     "July 21, 2004")]
    # "today" with no publication date: which day is the claim's own is unknown.
    pairs = _pairs("As it promised [Tuesday], the company today issued an emergency patch.",
                   "The company issued an emergency patch on Wednesday.", published=None)
    assert _found(pairs) == []
    # A game still to come is not the day of the arrest.
    assert _found(_pairs("Jackson will play in Sunday's playoff game despite his arrest.",
                         "Jackson was arrested on Tuesday, days before the playoff game.")) == []


def test_a_date_still_to_come_lies_after_the_publication():
    # Published in March: "December 15" of an election still to be held is this December.
    pairs = _pairs("The elections are scheduled for December 15 and will be held on a "
                   "two-party basis.",
                   "The elections planned for December 15, 2013, will be held on a two-party "
                   "basis.", published="2013-03-10")
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


def _fire_report(n: int, shop: str, town: str, details: list[str]) -> str:
    lead = (f"A fire gutted the {shop} supermarket in {town} overnight. Firefighters were "
            "still at the scene of the blaze on Monday morning, damping down the ruins of the "
            "store. Shoppers were told to stay away while the building was made safe, and "
            "the cause of the fire was not yet known. ")
    picked = [details[(n + k) % len(details)] for k in range(2)]
    return (f"---\nid: {town.lower()}{n}\ntitle: Supermarket destroyed by overnight fire\n"
            "---\n\n" + lead + " ".join(picked) + "\n")


def write_two_fires(folder) -> None:
    """Six reports each of two supermarket fires, interleaved as one fetch may bring them."""
    from tests.conftest import write

    surrey = ["Surrey police said the fire was being treated as potentially suspicious.",
              "Eight engines from Surrey Fire and Rescue fought the flames in Banstead.",
              "Store manager Helen Burke said all forty staff left the building safely.",
              "Residents of Banstead High Street were told to keep their windows shut.",
              "The Waitrose branch opened in 1998 and employed forty people.",
              "Firefighter Mark Adey said the roof of the building had collapsed."]
    wellington = ["West Mercia police arrested a 24-year-old man on suspicion of arson.",
                  "Crews from Shropshire Fire and Rescue came from Telford and Shrewsbury.",
                  "Tesco spokesman Gareth Lloyd said nobody had been injured in the blaze.",
                  "The town centre car park was closed while the Tesco building was checked.",
                  "Wellington councillor Sue Rowe said shoppers would miss the store.",
                  "Smoke from the Shropshire fire could be seen from the Wrekin."]
    for n in range(6):  # the two events arrive interleaved, as one feed fetch may bring them
        write(folder / f"a{n}.md", _fire_report(n, "Waitrose", "Surrey", surrey))
        write(folder / f"b{n}.md", _fire_report(n, "Tesco", "Wellington", wellington))


def test_two_events_of_one_kind_that_arrive_together_are_split_into_two_stories(cli, tmp_path):
    write_two_fires(tmp_path)
    cli("add", tmp_path)
    groups = sorted(sorted(s["articles"]) for s in cli.json("stories"))
    assert groups == [[f"surrey{n}" for n in range(6)], [f"wellington{n}" for n in range(6)]]


def test_split_in_two_finds_two_groups_and_keeps_one_group_whole():
    from briefs.index.stories.active import Terms
    from briefs.index.stories.split import split_in_two

    def unit(**weights: float) -> dict[str, float]:
        norm = sum(w * w for w in weights.values()) ** 0.5
        return {t: w / norm for t, w in weights.items()}

    two = [unit(fire=1, surrey=2, waitrose=2), unit(fire=1, surrey=2, burke=1),
           unit(fire=1, waitrose=2, banstead=1), unit(fire=1, tesco=2, wellington=2),
           unit(fire=1, wellington=2, arson=1), unit(fire=1, tesco=2, lloyd=1)]
    terms = Terms()
    parts, likeness = split_in_two(terms.rows(two))
    assert parts[:3] == [parts[0]] * 3 and parts[3:] == [1 - parts[0]] * 3
    assert likeness < 0.5
    one = [unit(fire=1, surrey=2, waitrose=2), unit(fire=1, surrey=2, waitrose=1),
           unit(fire=1, waitrose=2, surrey=1), unit(fire=2, surrey=2, waitrose=2)]
    assert split_in_two(terms.rows(one))[1] > 0.8


def test_an_article_read_before_its_story_formed_joins_it_at_the_end_of_the_batch(cli, tmp_path):
    from tests.conftest import write

    facts = ["Route 9 traffic was diverted past the Kessler depot.",
             "Three mechanics were treated at Mercy Hospital for smoke.",
             "County investigators called the cause unknown.",
             "Mayor Tom Reyes praised the crews for saving the fuel tanks."]
    for n, fact in enumerate(facts):
        write(tmp_path / f"{n}.md", f"---\nid: report{n}\ntitle: Fire destroys city bus depot\n"
              "---\n\nA fire destroyed the city bus depot on Friday night, and firefighters "
              f"needed six hours to bring the blaze under control. {fact}\n")
    # Read right after the first report, it shares too little with that one alone to join.
    write(tmp_path / "0a.md", "---\nid: roundup\ntitle: Depot fire\n---\n\n"
          + " ".join(facts[1:]) + "\n")
    cli("add", tmp_path)
    stories = cli.json("stories")
    assert [sorted(s["articles"]) for s in stories] == \
        [["report0", "report1", "report2", "report3", "roundup"]]


def test_a_toll_a_later_report_raises_is_an_update_not_a_contradiction(cli, tmp_path):
    from tests.conftest import write

    early = write(tmp_path / "early.md", "---\ntitle: Blast at the depot\nsource: Morning Desk\n"
                  "published: 2026-04-02T08:10:00Z\n---\nAt least three people were killed in "
                  "the blast at the fuel depot in Harlow, police said.\n")
    late = write(tmp_path / "late.md", "---\ntitle: Depot blast toll rises\nsource: Evening "
                 "Desk\npublished: 2026-04-02T14:30:00Z\n---\nTwenty-four people were killed "
                 "in the blast at the fuel depot in Harlow, police said.\n")
    shrinking = write(tmp_path / "later-lower.md", "---\ntitle: Depot blast toll revised\n"
                      "source: Night Desk\npublished: 2026-04-02T20:00:00Z\n---\nTwenty people "
                      "were killed in the blast at the fuel depot in Harlow, police said.\n")
    cli("add", early, late, shrinking)
    ids = {a["source"]: a["id"] for a in cli.json("list")}
    result = cli.json("compare", ids["Morning Desk"], ids["Evening Desk"])
    (conflict,) = [c for p in result["pairs"] for c in p["conflicts"]]
    assert conflict["update"] is True
    assert (conflict["a_published"], conflict["b_published"]) == (
        "2026-04-02T08:10:00Z", "2026-04-02T14:30:00Z")
    # A lower toll later is no growth: the reports disagree.
    lower = cli.json("compare", ids["Evening Desk"], ids["Night Desk"])
    assert [c["update"] for p in lower["pairs"] for c in p["conflicts"]] == [False]
    code, out, _ = cli("compare", ids["Morning Desk"], ids["Evening Desk"])
    assert "UPDATE" in out and "->" in out


def _kinds(pairs) -> list[tuple[str, str, str]]:
    return [(c.kind, c.a, c.b) for p in pairs for c in p.conflicts]


def test_a_conflict_names_what_its_values_measure():
    quake = "struck the coast of Aceh early on Sunday, officials said."
    assert _kinds(_pairs(f"A 6.1-magnitude earthquake {quake}",
                         f"A 6.4-magnitude earthquake {quake}")) == \
        [("magnitude", "6.1-magnitude", "6.4-magnitude")]
    assert _kinds(_pairs("The blast at the plant killed 12 workers on Monday.",
                         "The blast at the plant killed 14 workers on Monday.")) == \
        [("killed", "12", "14")]
    assert _kinds(_pairs("The council approved a $14 million budget for the bridge.",
                         "The council approved a $19 million budget for the bridge.")) == \
        [("money", "$14 million", "$19 million")]
    assert _kinds(_pairs("The climber fell 60 metres from the north face of the peak.",
                         "The climber fell 150 metres from the north face of the peak.")) == \
        [("distance", "60", "150")]


def test_values_of_different_kinds_never_conflict():
    # A quake's magnitude against a death toll: the one number each side has on its own.
    pairs = _pairs("A strong earthquake of magnitude 6.1 hit the province of Aceh on Sunday.",
                   "A strong earthquake killed five people in the province of Aceh on Sunday.")
    assert _kinds(pairs) == []
    # A share is not an amount of money.
    pairs = _pairs("Shares of the carmaker fell 4 percent in early trading on Friday.",
                   "Shares of the carmaker fell $4 in early trading on Friday.")
    assert _kinds(pairs) == []


def test_today_needs_a_publication_date_on_both_sides():
    from briefs.index.claims.compare import compare_claims
    from briefs.index.claims.split import claims

    # "today" in a dated article is a Thursday; which day "Tuesday" of an undated one was is
    # unknown, so the two cannot disagree.
    pairs, _, _ = compare_claims(claims("The mayor opened the new library today.", "2026-03-05"),
                                 claims("The mayor opened the new library on Tuesday.", None))
    assert _kinds(pairs) == []
    # Two weekdays in words disagree whatever the dates ("Tuesday" is no "Thursday").
    pairs, _, _ = compare_claims(claims("The mayor opened the new library on Tuesday.", None),
                                 claims("The mayor opened the new library on Thursday.", None))
    assert _kinds(pairs) == [("date", "Tuesday", "Thursday")]
    # With both publication dates known, "today" and "yesterday" resolve and disagree.
    pairs, _, _ = compare_claims(claims("The mayor opened the new library today.",
                                        "2026-03-05"),
                                 claims("The mayor opened the new library yesterday.",
                                        "2026-03-05"))
    assert _kinds(pairs) == [("date", "today", "yesterday")]


def test_a_date_dates_the_event_of_its_own_clause():
    burst = "The Harlow dam burst on Wednesday, flooding the valley below."
    pairs = _pairs("Villages were evacuated on Thursday after the Harlow dam burst.", burst)
    assert _kinds(pairs) == []
    assert _kinds(_pairs("The Harlow dam burst on Thursday, flooding the valley below.",
                         burst)) == [("date", "Thursday", "Wednesday")]
    # A date standing alone at the start dates the clause after it.
    assert _kinds(_pairs("On Thursday, the Harlow dam burst and flooded the valley below.",
                         burst)) == [("date", "Thursday", "Wednesday")]


def test_a_quote_cut_or_contracted_differently_is_no_misquote():
    said = "the mayor said at the opening of the new library on Monday."
    assert _kinds(_pairs(f'"This deal makes good sense for the city," {said}',
                         f'"This deal makes sense for the city," {said}')) == []
    assert _kinds(_pairs(f'"We do not want to wait for the money," {said}',
                         f'"We don\'t want to wait for the money," {said}')) == []
    # A word put in another's place is a misquote.
    assert [k for k, _, _ in _kinds(_pairs(f'"We do not want to wait for the money," {said}',
                                           f'"We do not want to beg for the money," {said}'))
            ] == ["quote"]
