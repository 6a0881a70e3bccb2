"""The index's text field: Whoosh's stemming TEXT field with a faster way to index."""

from __future__ import annotations

from whoosh import fields
from whoosh.analysis import StemmingAnalyzer

from briefs.index.text import stem_positions


class StemmedText(fields.TEXT):
    """A TEXT field with the stemming analyzer that indexes without a token object per word.

    Queries and highlights use the analyzer as usual; indexing takes the same terms and
    positions from text.stem_positions (tests/test_search.py checks they are equal), which
    halves the cost of analysis, the biggest part of writing the index. Pickled into the
    index's schema, so this class keeps its module and name.
    """

    def __init__(self, field_boost: float = 1.0):
        super().__init__(analyzer=StemmingAnalyzer(), field_boost=field_boost)

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs.get("mode", "index") != "index":
            yield from super().index(value, **kwargs)
            return
        positions: dict[str, list[int]] = {}
        for position, term in stem_positions(value):
            positions.setdefault(term, []).append(position)
        encode, boost = self.format.encode, self.format.field_boost
        for term, where in positions.items():
            # Most words occur once in an article: their encoding depends on the position
            # alone, so it is made once per position (the same bytes encode() makes).
            value = _once(encode, where[0]) if len(where) == 1 else encode(where)
            yield term.encode("utf-8"), len(where), len(where) * boost, value


_ONCE: dict[int, bytes] = {}


def _once(encode, position: int) -> bytes:
    value = _ONCE.get(position)
    if value is None:
        value = _ONCE[position] = encode([position])
    return value
