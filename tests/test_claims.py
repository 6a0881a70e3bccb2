"""Claims: splitting, annotation (names, quantities, dates, quotes) and offsets into the body."""

from __future__ import annotations

import datetime as dt

from briefs.index.claims.mentions import find_dates, mentions
from briefs.index.claims.split import claims, split
from briefs.index.text import stem

BODY = """Key Takeaways
- The council approved the harbour plan on Monday
- Work will cost JPY 10 trillion (USD 68 billion)

Dr. Ana Ruiz of the U.S. Geological Survey said the quake struck at 1:40 PM local time. \
It was felt 300 km away.

Section Heading Here

The mayor met the minister; the two agreed on a 35-minute review of the plan every month.
Also Read: Something else entirely here
"""


def test_split_keeps_bullets_and_sentences_and_drops_debris():
    texts = [BODY[s:e] for s, e, _ in split(BODY)]
    assert "The council approved the harbour plan on Monday" in texts
    # "Dr." and "U.S." do not end the sentence.
    assert any(t.startswith("Dr. Ana Ruiz of the U.S. Geological Survey said") for t in texts)
    assert "It was felt 300 km away." in texts
    # The semicolon joins two facts: two claims.
    assert "The mayor met the minister" in texts
    assert any(t.startswith("the two agreed on a 35-minute review") for t in texts)
    assert not any("Also Read" in t or t == "Section Heading Here" for t in texts)
    assert "Key Takeaways" not in texts


def test_a_headline_after_a_date_line_is_a_claim_but_a_later_heading_is_not():
    body = ("WEDNESDAY, JULY 29, 2009\n\nHarbour Plan Wins Council Vote\n\n"
            "The council approved the harbour plan on Monday night.\n\nWhat Comes Next\n\n"
            "Work starts in the spring.")
    texts = [body[s:e] for s, e, _ in split(body)]
    assert texts == ["Harbour Plan Wins Council Vote",
                     "The council approved the harbour plan on Monday night.",
                     "Work starts in the spring."]


def test_offsets_point_into_the_body():
    for claim in claims(BODY):
        assert BODY[claim.start:claim.end] == claim.text


def test_quantities_are_normalised_with_units():
    found = mentions("Japan set a target of JPY 10 trillion (USD 68 billion) and 13 key "
                     "agreements after a 35-minute meeting; 48,000 vehicles a day.", None, stem)
    q = {(x.kind, x.unit, x.value) for x in found.quantities}
    assert ("money", "JPY", 10e12) in q
    assert ("money", "USD", 68e9) in q
    assert ("count", stem("agreement"), 13.0) in q
    assert ("duration", "second", 35 * 60.0) in q
    assert ("count", stem("vehicles"), 48000.0) in q


def test_dates_resolve_against_publication_date():
    published = dt.date(2025, 11, 24)  # a Monday
    found = {(w.text, w.value) for w in find_dates(
        "talks on Sunday, November 23, at 1:40 PM; last month he called; in February 2026",
        published)}
    assert ("Sunday", "2025-11-23") in found
    assert ("November 23", "2025-11-23") in found
    assert ("1:40 PM", "13:40") in found
    assert ("last month", "2025-10") in found
    assert ("February 2026", "2026-02") in found


def test_names_drop_titles_so_aliases_meet():
    a = claims("Prime Minister Narendra Modi met the press in Delhi today.")[0]
    b = claims("Later, PM Modi said the talks went well for everyone.")[0]
    assert "modi" in a.entities and "modi" in b.entities
    assert "prime" not in a.entities and "pm" not in b.entities


def test_quotes_and_attribution():
    claim = claims('"We will not reopen the bridge until it is safe," Marsh said on Monday.')[0]
    assert claim.found.quotes[0].text.startswith("We will not reopen the bridge")
    assert claim.found.attribution == "said"


def test_ages_units_and_scales_written_differently_compare_equal():
    def q(text):
        return {(x.kind, x.unit, x.value) for x in mentions(text, None, stem).quantities}

    assert ("age", "age", 91.0) in q("Esther Williams dies at 91")
    assert ("age", "age", 94.0) in q("She died peacefully in her sleep aged 94.")
    assert ("age", "age of john jenkin", 21.0) in q("John Jenkin, 21 and from Cumbria, was held.")
    assert ("age", "age", 85.0) in q("He died at home at the age of 85.")
    # British and American spellings, and "600m" without a currency, are metres.
    metres = {u for _, u, v in q("falling about 150 metres at Mt Cook") if v == 150}
    meters = {u for _, u, v in q("falling 150 meters from a ridge") if v == 150}
    assert metres == meters == {stem("meters")}
    assert ("count", stem("meters"), 600.0) in q("fell about 600m while climbing")
    # Units written onto the number; with a currency, letters are a scale, not a unit.
    assert ("count", stem("feet"), 2000.0) in q("fell about 2,000ft while climbing")
    assert ("count", stem("kilometers"), 5.0) in q("she ran 5km on Sunday")
    assert not {u for _, u, _ in q("an eight-year, $200MM deal")} & {stem("millimeters")}
    assert ("money", "USD", 2.6e6) in q("stole jewels worth $2.6-million")


def test_a_fragment_after_a_time_stays_with_its_sentence():
    texts = [c.text for c in claims("She was hit in the crosswalk around 7 p.m. Monday night. "
                                    "The driver stopped and called the police.")]
    assert texts[0].endswith("7 p.m. Monday night.")


def test_a_day_range_is_not_one_date():
    kinds = {w.kind for w in find_dates("He was in Johannesburg from 22 to 23 November.",
                                        dt.date(2025, 11, 24))}
    assert kinds == {"range"}


def test_claim_stems_are_the_search_index_terms():
    # Library IDF looks claim stems up in the index: both must cut text into the same terms.
    from whoosh.analysis import StemmingAnalyzer

    from briefs.index.text import stems

    text = (BODY + " İstanbul ÉCOLE straße Σίσυφος n.a.s.a U.S. 3.5 x.y. don’t it’s café "
            "re-elected O'Neill 1:40PM e-mail")
    assert stems(text) == [t.text for t in StemmingAnalyzer()(text)]
