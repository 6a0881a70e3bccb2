"""Words, AND and OR scored with numpy over decoded postings, as Whoosh's BM25F scores them.

Whoosh walks a query's postings one by one in Python (a microsecond each: 50 ms for a common
word at 100,000 articles). Here each term's postings come as arrays (decoded ahead for frequent
words, see decoded_postings; decoded on the spot for the rest, which are short) and
every document's score is one vector sum. A phrase is first the AND of its words; Whoosh then
checks the phrase itself in the best of those documents only, until enough have it (they rank by
their words' scores, where Whoosh ranks phrases by how often they occur). Queries with anything
else (NOT, ranges, a phrase under an OR with other things) return None and Whoosh answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from briefs.index.search.decoded_postings import FIELDS, DecodedPostings, decode

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults, which the index searches with
TextOf = Callable[[int], "tuple[str, str] | None"]  # a document's title and body


@dataclass
class Found:
    """The best documents (global document numbers, best first), their scores, all matches."""

    docnums: list[int]
    scores: list[float]
    total: int
    partial: bool = False  # the deadline passed: not every word of a long OR was added


class _Unsupported(Exception):
    """A query this module does not answer."""


class _Context:
    """One search: the searcher, its segments and what was read from them."""

    def __init__(self, searcher, decoded: DecodedPostings, text_of: TextOf | None):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = self.reader.leaf_readers()
        self.size = self.reader.doc_count_all()
        self.decoded = decoded
        self.text_of = text_of
        self.phrases: list[list] = []  # each: phrases (one per field) of which one must occur
        self.deadline: float | None = None  # time.perf_counter() by which to stop adding words
        self.partial = False

    def postings(self, leaf: int, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        reader = self.leaves[leaf][0]
        found = self.decoded.get(reader).postings(field, term)
        if found is not None:
            return found
        if (field, term) not in reader:
            return np.zeros(0, np.int64), np.zeros(0)
        return decode(reader, field, term.encode("utf-8"))

    def field_lengths(self, leaf: int, field: str) -> np.ndarray:
        return self.decoded.get(self.leaves[leaf][0]).field_lengths(field)


def search(searcher, query, decoded: DecodedPostings, within: np.ndarray | set[int] | None,
           limit: int, text_of: TextOf | None = None,
           deadline: float | None = None) -> Found | None:
    """The top `limit` documents for a query of terms, AND and OR; None for any other query.

    `within`: only these documents (a date filter), if given. `text_of(docnum)`: a document's
    title and body as indexed, where phrases are looked for (else Whoosh reads positions).
    `deadline` (a time.perf_counter() value): past it, the words of a long OR (a typed
    prefix's expansions, most frequent first) stop being added and the result is `partial`.
    """
    context = _Context(searcher, decoded, text_of)
    context.deadline = deadline
    if any(decoded.get(reader) is None for reader, _ in context.leaves):
        # An index written before decoded postings existed, or a segment another process has
        # just committed: Whoosh answers until the arrays are there (written after each commit).
        return None
    try:
        scores, matched = _evaluate(context, _with_phrases_noted(context, query))
    except _Unsupported:
        return None
    for reader, base in context.leaves:
        deleted = reader.deleted_docs_set if hasattr(reader, "deleted_docs_set") else ()
        if deleted:
            matched[np.fromiter(deleted, dtype=np.int64) + base] = False
    if within is not None:
        allowed = np.zeros(context.size, bool)
        allowed[within if isinstance(within, np.ndarray)
                else np.fromiter(within, dtype=np.int64, count=len(within))] = True
        matched &= allowed
    candidates = np.flatnonzero(matched)
    if not len(candidates):
        return Found([], [], 0, context.partial)
    if context.phrases:
        found = _with_phrases(context, candidates, scores, limit)
        found.partial = context.partial
        return found
    # Best first; ties go to the lower document numbers, as in Whoosh.
    best = candidates[_best(scores[candidates], min(limit, len(candidates)))]
    return Found(best.tolist(), scores[best].tolist(), len(candidates), context.partial)


def _with_phrases_noted(context: _Context, query):
    """Note the phrases the query requires; phrases anywhere else make it unsupported.

    A required phrase is the whole query, a part of a top-level AND, or an OR of the same
    phrase in several fields (what a quoted phrase parses to).
    """
    from whoosh import query as q

    def required(part) -> bool:
        if isinstance(part, q.Phrase):
            context.phrases.append([part])
            return True
        if type(part) is q.Or and part.subqueries and \
                all(isinstance(p, q.Phrase) for p in part.subqueries):
            context.phrases.append(list(part.subqueries))
            return True
        return False

    parts = query.subqueries if type(query) is q.And else [query]
    for part in parts:
        if not required(part) and any(isinstance(p, q.Phrase) for p in part.leaves()):
            raise _Unsupported("a phrase that is not required")
    return query


def _with_phrases(context: _Context, candidates: np.ndarray, scores: np.ndarray,
                  limit: int) -> Found:
    """The best candidates that hold every required phrase, checked best first in batches."""
    values = scores[candidates]
    kept: list[int] = []
    checked = 0
    batch = 2 * limit
    while len(kept) < limit and checked < len(candidates):
        # Only the best `checked + batch` are put in order (a partition, then a sort of
        # those): the AND of two common words holds a quarter of a million documents.
        upto = min(checked + batch, len(candidates))
        chunk = candidates[_best(values, upto)[checked:]]
        kept += _holding(context, chunk)
        checked = upto
        batch *= 2
    # Counted among the documents checked; the rest are estimated at the same rate.
    total = len(kept) if checked >= len(candidates) else \
        round(len(candidates) * len(kept) / checked)
    kept = kept[:limit]
    return Found(kept, scores[kept].tolist(), max(total, len(kept)))


def _best(values: np.ndarray, count: int) -> np.ndarray:
    """Positions of the `count` highest values, highest first, ties to the lower position
    (the order a stable sort gives, without sorting them all)."""
    if count <= 0:
        return np.zeros(0, np.int64)
    if count >= len(values):
        return np.argsort(-values, kind="stable")
    cut = -np.partition(-values, count - 1)[count - 1]
    above = np.flatnonzero(values > cut)
    level = np.flatnonzero(values == cut)[:count - len(above)]
    best = np.concatenate([above, level])
    return best[np.lexsort((best, -values[best]))]


def _holding(context: _Context, docnums: np.ndarray) -> list[int]:
    """Those of the documents that hold every required phrase."""
    phrases = [p for group in context.phrases for p in group]
    if context.text_of is not None and \
            all(p.fieldname in ("title", "body") and p.slop == 1 for p in phrases):
        return _holding_in_text(context, docnums)
    return _holding_in_index(context, docnums)


def _holding_in_text(context: _Context, docnums: np.ndarray) -> list[int]:
    """Phrases looked for in the stored text, stemmed as the index stems it.

    A document's title and body stem in about 0.1 ms; Whoosh's phrase matchers skip through
    two or more posting lists with positions for each document, several times slower.
    """
    from briefs.index.text import stem_positions

    held = []
    for docnum in docnums.tolist():
        text = context.text_of(docnum)
        if text is not None and _holds(dict(zip(("title", "body"), text, strict=True)),
                                       context.phrases, stem_positions):
            held.append(docnum)
    return held


def _holds(fields: dict[str, str], groups: list[list], stem_positions) -> bool:
    """Does the text hold one phrase of every group?"""
    stems: dict[str, list[str]] = {}

    def has(phrase) -> bool:
        if phrase.fieldname not in stems:
            stems[phrase.fieldname] = [t for _, t in stem_positions(fields[phrase.fieldname])]
        return _contains(stems[phrase.fieldname], list(phrase.words))

    return all(any(has(p) for p in group) for group in groups)


def _contains(stems: list[str], words: list[str]) -> bool:
    """Do the words follow each other somewhere in the stems (a phrase with slop 1)?"""
    count = len(words)
    return any(stems[i:i + count] == words
               for i, stem in enumerate(stems) if stem == words[0])


def _holding_in_index(context: _Context, docnums: np.ndarray) -> list[int]:
    """Phrases checked by Whoosh's matchers, which read the words' positions."""
    held = []
    leaves = context.searcher.leaf_searchers()
    bases = [base for _, base in leaves]
    for docnum in sorted(int(d) for d in docnums):
        leaf = int(np.searchsorted(bases, docnum, side="right")) - 1
        held.append((leaf, docnum))
    found: set[int] = set()
    for leaf, (subsearcher, base) in enumerate(leaves):
        local = [d - base for lf, d in held if lf == leaf]
        if not local:
            continue
        passing = set(local)
        for group in context.phrases:
            holding: set[int] = set()
            for phrase in group:
                matcher = phrase.matcher(subsearcher)
                for doc in local:
                    if not matcher.is_active():
                        break
                    if matcher.id() < doc:
                        matcher.skip_to(doc)
                    if matcher.is_active() and matcher.id() == doc:
                        holding.add(doc)
            passing &= holding
        found |= {d + base for d in passing}
    return [int(d) for d in docnums if int(d) in found]


def _evaluate(context: _Context, query) -> tuple[np.ndarray, np.ndarray]:
    """Every document's score and whether it matches."""
    from whoosh import query as q

    scores, matched = np.zeros(context.size), np.zeros(context.size, bool)
    if query is q.NullQuery:
        return scores, matched
    if type(query) is q.Term:
        _add_term(context, query.fieldname, query.text, scores, matched)
    elif isinstance(query, q.Phrase):  # its words here; the phrase itself is checked after
        return _evaluate(context, q.And([q.Term(query.fieldname, w) for w in query.words],
                                        boost=query.boost))
    elif type(query) is q.Or and query.subqueries:
        # Summed in place: a typed prefix is an OR of up to 30 words in two fields each.
        for n, sub in enumerate(query.subqueries):
            if n and context.deadline is not None and time.perf_counter() > context.deadline:
                context.partial = True  # the rarer words wait for the search without a budget
                break
            if type(sub) is q.Term and sub.boost == 1.0:
                _add_term(context, sub.fieldname, sub.text, scores, matched)
            else:
                sub_scores, sub_matched = _evaluate(context, sub)
                scores += sub_scores
                matched |= sub_matched
    elif type(query) is q.And and query.subqueries:
        # Plain terms add into one score array and count where they occur: a document
        # matches where every one did. Two arrays of a million documents for the whole AND,
        # not two per word (a phrase is an AND in each of two fields).
        terms = [sub for sub in query.subqueries if type(sub) is q.Term and sub.boost == 1.0]
        held = np.zeros(context.size, np.int16)
        for sub in terms:
            _add_term(context, sub.fieldname, sub.text, scores, held)
        matched = held == len(terms)
        for sub in query.subqueries:
            if not (type(sub) is q.Term and sub.boost == 1.0):
                sub_scores, sub_matched = _evaluate(context, sub)
                scores += sub_scores
                matched &= sub_matched
        scores *= matched
    else:
        raise _Unsupported(type(query).__name__)
    if query.boost != 1.0:
        scores *= query.boost
    return scores, matched


def _add_term(context: _Context, field: str, term: str, scores: np.ndarray,
              matched: np.ndarray) -> None:
    """Add one term's BM25F scores in one field (a field's boost is in its stored weights)."""
    searcher = context.searcher
    if field not in searcher.schema:
        return
    if searcher.schema[field].scorable and field not in FIELDS:
        raise _Unsupported(f"no lengths kept for {field}")  # reading them is a slow loop
    found = [(leaf, base, *context.postings(leaf, field, term))
             for leaf, (_, base) in enumerate(context.leaves)]
    found = [f for f in found if len(f[2])]
    if not found:
        return
    scorable = searcher.schema[field].scorable
    idf = searcher.idf(field, term) if scorable else 0.0
    average = (searcher.avg_field_length(field) or 1) if scorable else 1
    for leaf, base, ids, weights in found:
        weights = np.asarray(weights, dtype=np.float64)
        if scorable:
            lengths = np.asarray(context.field_lengths(leaf, field)[ids], dtype=np.float64)
            values = idf * (weights * (K1 + 1)) / (
                weights + K1 * ((1 - B) + B * lengths / average))
        else:
            values = weights  # Whoosh scores an unscorable field by the posting's weight
        at = np.asarray(ids, dtype=np.int64) + base
        scores[at] += values
        if matched.dtype == bool:
            matched[at] = True
        else:  # an AND's count of the words each document holds
            matched[at] += 1
