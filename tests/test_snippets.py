"""Search snippets: which words are marked, and how the passages are cut."""

from __future__ import annotations

from briefs.index.search.snippets import BETWEEN, MARK_END, MARK_START, snippet
from briefs.index.text import stems


def _marked_words(text: str) -> list[str]:
    return [part.split(MARK_END)[0] for part in text.split(MARK_START)[1:]]


def _plain(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def test_words_are_marked_by_their_stem():
    text = "Police said the policy changed after officers policed the cracked bridge."
    found = snippet(text, set(stems("police crack")))
    # "policed" and "cracked" stem like the query's words; "policy" does not.
    assert _marked_words(found) == ["Police", "policed", "cracked"]
    assert _plain(found) == text
    assert snippet(text, set(stems("ferry"))) == ""
    assert snippet(text, set()) == ""


def test_passages_are_cut_around_the_matches_and_never_repeat_text():
    filler = " ".join(f"word{n}" for n in range(60))
    text = f"The bridge closed. {filler} The ferry ran. {filler} The bridge and the ferry reopened."
    found = snippet(text, set(stems("bridge ferry")))
    passages = found.split(BETWEEN)
    assert len(passages) == 2
    # The passage with both words comes first in rank, but passages keep the text's order.
    assert text.index(_plain(passages[0])) < text.index(_plain(passages[1]))
    assert "reopened" in passages[1] and _marked_words(passages[1]) == ["bridge", "ferry"]
    for passage in passages:
        assert _plain(passage) in text and len(_plain(passage)) <= 180
    # No word of the text shows up twice.
    words = _plain(found).replace(BETWEEN, " ").split()
    assert len([w for w in words if w.startswith("word")]) == len(
        {w for w in words if w.startswith("word")})
