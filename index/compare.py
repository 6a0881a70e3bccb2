"""Line up the claims of two articles: same, related, conflict, only in one of them.

Scores combine lexical similarity (TF-IDF over stems, with the library's document frequencies)
with overlap of names, numbers, dates and quotes. A conflict needs evidence that both claims
speak of the same thing (a strong match and the same slot: the same counted noun, unit or kind
of date) and a different value in that slot; every conflict says which values and why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from briefs.index.article import Article
from briefs.index.claims import Claim, claims

IDF = Callable[[str], float]

# Calibrated on the ECB+ dev corpus (bench/quality.py); see the README's quality section.
MIN_SCORE = 0.26  # below this two claims are not aligned
KEEP_RATIO = 0.0  # every partner above MIN_SCORE is kept (the gold is many-to-many)
SAME_SCORE = 0.55  # at or above this (and similar length) a pair is "same", else "related"
CONFLICT_SCORE = 0.26  # a conflict needs an aligned pair; the slot test does the rest


@dataclass
class Conflict:
    kind: str  # quantity, count, duration, date, time, quote
    a: str
    b: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "a": self.a, "b": self.b}


@dataclass
class Pair:
    """Claims of A aligned with claims of B, the relation, and why."""

    a: list[Claim]
    b: list[Claim]
    relation: str
    score: float
    conflicts: list[Conflict] = field(default_factory=list)
    why: str = ""

    def to_dict(self) -> dict:
        return {"a": [c.to_dict() for c in self.a], "b": [c.to_dict() for c in self.b],
                "relation": self.relation, "score": round(self.score, 3),
                "conflicts": [c.to_dict() for c in self.conflicts], "why": self.why}


@dataclass
class Comparison:
    """The whole comparison of two articles."""

    a: Article
    b: Article
    pairs: list[Pair]
    only_a: list[Claim]
    only_b: list[Claim]

    def counts(self) -> dict[str, int]:
        relations = [p.relation for p in self.pairs]
        return {"same": relations.count("same"), "related": relations.count("related"),
                "conflict": relations.count("conflict"), "only_a": len(self.only_a),
                "only_b": len(self.only_b)}

    def summary(self) -> str:
        c = self.counts()
        shared = c["same"] + c["related"]
        conflicts = f"{c['conflict']} conflict" + ("" if c["conflict"] == 1 else "s")
        return (f"{shared} shared · {conflicts} · {c['only_a']} only in A · "
                f"{c['only_b']} only in B")

    def to_dict(self) -> dict:
        def head(article: Article) -> dict:
            return {"id": article.id, "title": article.title, "source": article.source}

        return {"a": head(self.a), "b": head(self.b), "summary": self.counts(),
                "pairs": [p.to_dict() for p in self.pairs],
                "only_a": [c.to_dict() for c in self.only_a],
                "only_b": [c.to_dict() for c in self.only_b]}


def local_idf(*claim_lists: list[Claim]) -> IDF:
    """IDF from the claims themselves, when no library statistics are at hand."""
    df: dict[str, int] = {}
    total = 0
    for claim_list in claim_lists:
        for claim in claim_list:
            total += 1
            for term in set(claim.stems):
                df[term] = df.get(term, 0) + 1

    def idf(term: str) -> float:
        return math.log((total + 1) / (df.get(term, 0) + 1)) + 1.0

    return idf


def _vector(claim: Claim, idf: IDF) -> dict[str, float]:
    counts: dict[str, int] = {}
    for term in claim.stems:
        if term[0].isdigit():
            continue  # numbers are compared as values, by slot, not as words
        counts[term] = counts.get(term, 0) + 1
    vec = {t: (1 + math.log(n)) * idf(t) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _overlap(a: frozenset | set, b: frozenset | set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _jaccard(a: frozenset | set, b: frozenset | set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _values(claim: Claim) -> set:
    keys = {q.key() for q in claim.found.quantities}
    keys |= {(d.kind, d.value) for d in claim.found.dates if not d.value.startswith("--")}
    return keys


def _quote_words(claim: Claim) -> set[str]:
    return {w for q in claim.found.quotes for w in re.findall(r"\w+", q.text.lower())}


@dataclass
class _Scored:
    score: float
    lexical: float
    names: float
    numbers: float
    slots: float
    quote: float


W_LEXICAL, W_NAMES, W_NUMBERS, W_SLOTS, W_QUOTE = 0.70, 0.10, 0.10, 0.05, 0.05


def _slots(a: Claim, b: Claim) -> float:
    """1 when both state a number of the same thing (equal or not): evidence of one fact."""
    for qa in a.found.quantities:
        for qb in b.found.quantities:
            if _slot_match(qa, qb):
                return 1.0
    da = [d.kind for d in a.found.dates if d.kind in ("date", "weekday", "time")]
    db = [d.kind for d in b.found.dates if d.kind in ("date", "weekday", "time")]
    if len(da) == 1 and da == db:
        return 0.5
    return 0.0


def score(a: Claim, b: Claim, va: dict[str, float], vb: dict[str, float]) -> _Scored:
    """How likely two claims state the same fact, 0..1, with its parts."""
    lexical = _cosine(va, vb)
    names = _jaccard(a.entities, b.entities)
    numbers = _overlap(_values(a), _values(b))
    slots = _slots(a, b) if lexical > 0.1 else 0.0
    qa, qb = _quote_words(a), _quote_words(b)
    quote = len(qa & qb) / len(qa | qb) if qa and qb else 0.0
    total = (W_LEXICAL * lexical + W_NAMES * names + W_NUMBERS * numbers + W_SLOTS * slots
             + W_QUOTE * quote)
    if quote > 0.8:
        total = max(total, 0.9 * quote)
    return _Scored(min(total, 1.0), lexical, names, numbers, slots, quote)


def _slot_match(qa, qb) -> bool:
    if qa.kind != qb.kind:
        return False
    if qa.kind in ("age", "tally"):
        return True
    if qa.kind == "number":
        return bool(set(qa.context) & set(qb.context))
    if qa.kind in ("money", "percent", "duration"):
        if qa.kind == "money" and qa.unit != qb.unit:
            return False
        return bool(set(qa.context) & set(qb.context)) or not (qa.context or qb.context)
    if qa.kind in ("count", "quantity"):
        return bool(qa.unit and qa.unit == qb.unit) or bool(
            set(qa.context[:2]) & set(qb.context[:2]))
    return False


def conflicts(a: Claim, b: Claim) -> list[Conflict]:
    """Values in the same slot that differ, where neither claim also states the other's value."""
    found: list[Conflict] = []
    values_a = {q.key() for q in a.found.quantities}
    values_b = {q.key() for q in b.found.quantities}
    for qa in a.found.quantities:
        if qa.key() in values_b:
            continue
        for qb in b.found.quantities:
            if qb.key() in values_a or not _slot_match(qa, qb):
                continue
            if qa.kind not in ("tally", "age") and _close(qa.value, qb.value):
                continue  # rounding ("68 billion" vs "68.2 billion"), not disagreement
            kind = {"money": "quantity", "percent": "quantity", "number": "quantity",
                    "age": "quantity", "tally": "quantity"}.get(qa.kind, qa.kind)
            found.append(Conflict(kind, qa.text, qb.text))
            break
    found.extend(_date_conflicts(a, b))
    found.extend(_quote_conflicts(a, b))
    return found


def _close(x: float, y: float) -> bool:
    """Rounding, not disagreement: 68 billion vs 68.2 billion."""
    if x == y:
        return True
    big = max(abs(x), abs(y))
    return big > 0 and abs(x - y) / big < 0.015


def _date_conflicts(a: Claim, b: Claim) -> list[Conflict]:
    out: list[Conflict] = []
    for kind in ("date", "weekday", "time"):
        da = [d for d in a.found.dates if d.kind == kind and not d.value.startswith("--")]
        db = [d for d in b.found.dates if d.kind == kind and not d.value.startswith("--")]
        if len(da) != 1 or len(db) != 1:
            continue  # several dates in one claim: no way to tell which slot each fills
        if da[0].value != db[0].value:
            out.append(Conflict("time" if kind == "time" else "date", da[0].text, db[0].text))
    return out


def _quote_conflicts(a: Claim, b: Claim) -> list[Conflict]:
    out: list[Conflict] = []
    for qa in a.found.quotes:
        wa = re.findall(r"\w+", qa.text.lower())
        for qb in b.found.quotes:
            wb = re.findall(r"\w+", qb.text.lower())
            if not wa or not wb or " ".join(wa) in " ".join(wb) or " ".join(wb) in " ".join(wa):
                continue
            sa, sb = set(wa), set(wb)
            jaccard = len(sa & sb) / len(sa | sb)
            if 0.6 <= jaccard < 0.95 and abs(len(wa) - len(wb)) <= max(3, len(wa) // 4):
                out.append(Conflict("quote", qa.text, qb.text))
    return out


def compare_claims(a_claims: list[Claim], b_claims: list[Claim], idf: IDF | None = None,
                   min_score: float = MIN_SCORE) -> tuple[list[Pair], list[Claim], list[Claim]]:
    """Align two claim lists; returns pairs and the claims left on each side."""
    idf = idf or local_idf(a_claims, b_claims)
    va = [_vector(c, idf) for c in a_claims]
    vb = [_vector(c, idf) for c in b_claims]
    grid = [[score(ca, cb, va[i], vb[j]) for j, cb in enumerate(b_claims)]
            for i, ca in enumerate(a_claims)]
    best_a = [max((s.score for s in row), default=0.0) for row in grid]
    best_b = [max((grid[i][j].score for i in range(len(a_claims))), default=0.0)
              for j in range(len(b_claims))]
    edges: dict[int, list[int]] = {}
    for i in range(len(a_claims)):
        for j in range(len(b_claims)):
            s = grid[i][j].score
            if s < min_score:
                continue
            if s >= KEEP_RATIO * best_a[i] or s >= KEEP_RATIO * best_b[j]:
                edges.setdefault(i, []).append(j)
    pairs: list[Pair] = []
    used_b: set[int] = set()
    for i, js in sorted(edges.items()):
        js.sort(key=lambda j: -grid[i][j].score)
        top = grid[i][js[0]]
        claim_a = a_claims[i]
        partners = [b_claims[j] for j in js]
        used_b.update(js)
        found: list[Conflict] = []
        if top.score >= CONFLICT_SCORE:
            found = conflicts(claim_a, partners[0])
        if found:
            relation = "conflict"
        elif top.score >= SAME_SCORE and _similar_size(claim_a, partners[0]):
            relation = "same"
        else:
            relation = "related"
        pairs.append(Pair([claim_a], partners, relation, top.score, found,
                          _why(top, claim_a, partners[0], found)))
    only_a = [c for i, c in enumerate(a_claims) if i not in edges]
    only_b = [c for j, c in enumerate(b_claims) if j not in used_b]
    return pairs, only_a, only_b


def _similar_size(a: Claim, b: Claim) -> bool:
    la, lb = len(set(a.stems)), len(set(b.stems))
    return min(la, lb) >= 0.6 * max(la, lb)


def _why(s: _Scored, a: Claim, b: Claim, found: list[Conflict]) -> str:
    bits = [f"words {s.lexical:.2f}"]
    shared_names = sorted(a.entities & b.entities)
    if shared_names:
        bits.append("names " + ", ".join(shared_names[:5]))
    if s.numbers:
        bits.append(f"numbers/dates {s.numbers:.2f}")
    if s.quote:
        bits.append(f"quote {s.quote:.2f}")
    for conflict in found:
        bits.append(f"{conflict.kind}: {conflict.a!r} vs {conflict.b!r}")
    return "; ".join(bits)


def compare(a: Article, b: Article, idf: IDF | None = None,
            min_score: float = MIN_SCORE) -> Comparison:
    """Compare two stored articles claim by claim."""
    ca, cb = claims(a.body, a.published), claims(b.body, b.published)
    pairs, only_a, only_b = compare_claims(ca, cb, idf, min_score)
    return Comparison(a, b, pairs, only_a, only_b)
