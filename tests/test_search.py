"""`briefs search`: Whoosh query syntax, ranking, snippets, date ranges, did-you-mean."""

from __future__ import annotations

import pytest

from tests.conftest import write


def article(path, id_, title, source, published, body):
    write(path / f"{id_}.md", f"---\nid: {id_}\ntitle: {title}\nsource: {source}\n"
                              f"published: {published}\n---\n{body}\n")


@pytest.fixture
def library(cli, tmp_path):
    folder = tmp_path / "lib"
    article(folder, "e1", "Election results delayed in the north", "The Hindu", "2025-11-03",
            "The government said the election count would take three more days.")
    article(folder, "e2", "Electricity prices rise again", "Daily Mirror", "2025-11-20",
            "Households will pay more for electricity from December, the regulator said.")
    article(folder, "e3", "Flood barrier tested", "The Hindu", "2025-10-02",
            "Engineers tested the flood barrier on the river for the first time.")
    article(folder, "e4", "Government plans new rail line", "Coast Times", "2025-12-01",
            "The government announced a rail line along the coast. Flood risk was studied.")
    code, out, err = cli("add", folder)
    assert code == 0, err
    return folder


def ids(cli, *query):
    return [r["id"] for r in cli.json("search", *query)["results"]]


def test_terms_are_stemmed_and_title_matches_rank_first(cli, library):
    # "governments" stems to "govern": matches e1 (body) and e4 (title + body).
    found = ids(cli, "governments")
    assert set(found) == {"e1", "e4"}
    assert found[0] == "e4"


def test_boolean_phrase_prefix_fuzzy_and_field_syntax(cli, library):
    assert set(ids(cli, "flood AND NOT barrier")) == {"e4"}
    assert set(ids(cli, "flood OR electricity")) == {"e2", "e3", "e4"}
    assert ids(cli, '"flood barrier"') == ["e3"]
    assert set(ids(cli, "elect*")) == {"e1", "e2"}
    assert "e1" in ids(cli, "goverment~")
    assert set(ids(cli, "source:hindu")) == {"e1", "e3"}


def test_date_ranges(cli, library):
    assert set(ids(cli, "published:[2025-11-01 to 2025-11-30]")) == {"e1", "e2"}
    assert set(ids(cli, "government published:[2025-11-15 to 2026-01-01]")) == {"e4"}
    # Dates only: every article in the range, newest first, with the exact count.
    data = cli.json("search", "published:[2025-01-01 to 2026-12-31]")
    days = [row["published"] for row in data["results"]]
    assert days == sorted(days, reverse=True) and data["total"] == len(days) == 4
    # Two ranges: the articles in both.
    assert set(ids(cli, "published:[2025-11-01 to 2025-12-31] published:[2025-11-15 to 2026-01-31]"
                   )) == {"e2", "e4"}


def test_limit_and_snippet_highlights(cli, library):
    data = cli.json("search", "government", "--limit", "1")
    assert len(data["results"]) == 1 and data["total"] == 2
    row = data["results"][0]
    for key in ("id", "title", "source", "url", "author", "published", "score", "snippet"):
        assert key in row
    start, end = row["highlights"][0]
    assert row["snippet"][start:end].lower() == "government"
    code, out, _ = cli("search", "government")
    assert "*government*" in out.lower()


def test_did_you_mean_when_nothing_matches(cli, library):
    data = cli.json("search", "electrcity")
    assert data["results"] == []
    assert data["suggestion"] == "electricity"
    code, out, _ = cli("search", "electrcity")
    assert "no articles match" in out and "did you mean: electricity" in out


def test_suggestions_and_fuzzy_words_come_from_bodies_too(cli, library):
    # "households" is in no title: the word list of every indexed text still knows it.
    assert cli.json("search", "housholds")["suggestion"] == "households"
    assert ids(cli, "housholds~") == ["e2"]
    # A removed article's words are not suggested any more.
    cli("remove", "e2")
    assert cli.json("search", "housholds")["suggestion"] is None


def test_an_index_of_an_older_format_is_rebuilt_with_a_note(cli, library, home):
    from pathlib import Path

    markers = list(Path(home).rglob("briefs-schema"))
    assert len(markers) == 1
    markers[0].write_text("2")
    code, out, err = cli("search", "flood")
    assert "made by an older briefs; rebuilding it" in err
    assert {"e3", "e4"} <= {r["id"] for r in cli.json("search", "flood")["results"]}


def test_bad_query_syntax_is_a_clear_error(cli, library):
    code, out, err = cli("search", "published:[2025 to")
    assert code in (0, 1)
    assert "Traceback" not in err


def test_the_fast_index_field_writes_exactly_what_the_whoosh_analyzer_would():
    from whoosh import fields
    from whoosh.analysis import StemmingAnalyzer

    from briefs.index.search.stemmed_text import StemmedText

    text = ("The U.S. Coast Guard's 3.5-metre boats -- and Café Zoë's crew -- rescued 12 "
            "people; \"it's a miracle,\" said Lt. O'Brien at 10:45 p.m. on Sunday. " * 3
            + "Ünïcode naïve résumé ﬁnal İstanbul ΑΘΗΝΑ e-mail x y a I 2nd 1,200")
    for boost in (1.0, 2.0):
        fast = StemmedText(field_boost=boost)
        plain = fields.TEXT(analyzer=StemmingAnalyzer(), field_boost=boost)
        assert sorted(fast.index(text)) == sorted(plain.index(text))
        assert sorted(fast.index("")) == sorted(plain.index("")) == []


def test_words_reach_the_vocabulary_in_batches_and_idf_stays_the_same_with_a_small_cache(
        tmp_path, monkeypatch):
    from briefs.index.article import Article
    from briefs.index.library import Library
    from briefs.index.search import searchindex

    names = ["alder", "birch", "cedar", "dogwood", "elm", "fir", "gum"]
    articles = [Article(id=f"v{n}", title=f"Report {n}", body=f"The {name} quarry flooded "
                        f"near the harbour.") for n, name in enumerate(names)]
    plain = Library(tmp_path / "plain")
    plain.put(articles)
    plain.sync_index()
    expected = {w: plain.idf()(w) for w in ("harbour", "alder", "report", "absent")}
    monkeypatch.setattr(searchindex, "VOCABULARY_BATCH", 2)
    monkeypatch.setattr(searchindex, "IDF_CACHE", 2)
    batched = Library(tmp_path / "batched")
    batched.put(articles)
    batched.sync_index()
    assert set(names) <= set(batched.index.vocabulary.sorted_words())
    idf = batched.idf()
    assert {w: idf(w) for w in ("harbour", "alder", "report", "absent")} == expected
    assert [idf(w) for w in ("report", "harbour")] == [expected["report"], expected["harbour"]]


def test_the_words_kept_for_suggestions_are_the_letter_runs_of_any_script():
    import random
    import re

    from briefs.index.search.vocabulary import words_of

    plain = re.compile(r"[^\W\d_]{3,24}")
    assert words_of("The Café’s “CRÈME” brûlée — 2025 Kelvin\u212a") == \
        {"the", "café", "crème", "brûlée", "kelvink"}
    assert words_of("Police said: “the ferry—delayed”") == {"police", "said", "the", "ferry",
                                                           "delayed"}
    rng = random.Random(2)
    alphabet = "abcXYZ  .,-_019’“—é\u212aİßΣ½²٣\u0307"  # letters, marks, digits of other scripts
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert words_of(text) == set(plain.findall(text.lower())), repr(text)
