"""Line up the claims of two articles: same, related, conflict, only in one of them.

Two claims align when the judge (judge.py) gives them a high enough probability of stating the
same claim, from their word overlap (a Jaccard of stems weighted by the library's document
frequencies; a quote carried word for word counts as overlap) and the other signals it learned.
A conflict needs evidence that both claims speak of the same thing: the same slot (the same
counted noun, unit, age, score or date) with a different value, in claims alike enough for that
kind of evidence.
Every pair says why it was made and every conflict names the two values.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from briefs.index.article import Article
from briefs.index.claims import judge as judging
from briefs.index.claims.mentions import WEEKDAYS
from briefs.index.claims.split import Claim, claims
from briefs.index.text import stem

IDF = Callable[[str], float]

# Two claims are aligned when the judge gives them at least this probability of stating the
# same claim (chosen on the ECB+ dev corpus by bench/train_judge.py, stored in judge.json).
MIN_SCORE = judging.default_judge().pair
# Calibrated on the ECB+ dev corpus (bench/calibrate_claims.py); see the README.
# The word score (weighted Jaccard) a conflict needs, by how sure we are that the two values
# fill one slot.
NEED_STRONG = 0.08  # the same unit, currency or counted noun; one age or score on each side
NEED_WEAK = 0.20  # a shared word next to the numbers
NEED_DATE = 0.08  # one date on each side, with a shared word next to it
NEED_DATE_LOOSE = 0.18  # one date on each side, nothing else in common around it
NEED_LEFTOVER = 0.20  # the only number each claim has that the other lacks
CONFLICT_SCORE = min(NEED_STRONG, NEED_WEAK, NEED_DATE, NEED_DATE_LOOSE, NEED_LEFTOVER)
# Two articles this unlike (story vectors; 99% of same-story pairs on ECB+ dev are above) are
# about different things: their claims conflict only when aligned as well as any other pair.
UNRELATED = 0.08


@dataclass
class Conflict:
    kind: str  # what the values measure (value_kind), or date, time, quote
    a: str
    b: str
    # How alike the two claims must be for this evidence to count: a shared unit or counted
    # noun is strong evidence of one slot; a lone leftover number on each side is weak.
    need: float = field(default=0.0, compare=False, repr=False)
    toll: str = field(default="", compare=False, repr=False)  # both count the dead, the hurt
    values: tuple[float, float] | None = field(default=None, compare=False, repr=False)
    # A toll that grew between an early and a later report is an update, not a contradiction.
    update: bool = field(default=False, compare=False)
    a_published: str | None = field(default=None, compare=False, repr=False)
    b_published: str | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "a": self.a, "b": self.b, "update": self.update,
                "a_published": self.a_published, "b_published": self.b_published}


@dataclass
class Pair:
    """Claims of A aligned with claims of B, the relation, and why."""

    a: list[Claim]
    b: list[Claim]
    relation: str
    score: float  # the judge's probability that the two state the same claim
    conflicts: list[Conflict] = field(default_factory=list)
    why: str = ""
    same_event: float = 0.0  # ... and that they report the same event

    def to_dict(self) -> dict:
        return {"a": [c.to_dict() for c in self.a], "b": [c.to_dict() for c in self.b],
                "relation": self.relation, "score": round(self.score, 3),
                "same_claim": round(self.score, 3), "same_event": round(self.same_event, 3),
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
    """Each distinct term of the claim with its weight (damped IDF: rare words count more)."""
    return {t: math.sqrt(idf(t)) for t in set(claim.stems)}


def _weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    """Share of the two claims' weighted terms that both contain.

    Jaccard rather than cosine because the same claim means the same set of things on both
    sides: a long sentence that also says much else is a different claim.
    """
    return _overlaps(a, b)[0]


def _overlaps(a: dict[str, float], b: dict[str, float]) -> tuple[float, float, float]:
    """Weighted Jaccard, plain (unweighted) Jaccard, and the share of the shorter claim's
    weight that the longer one holds too."""
    if len(a) > len(b):
        a, b = b, a
    shared_terms = [w for t, w in a.items() if t in b]
    shared = sum(shared_terms)
    size_a, size_b = sum(a.values()), sum(b.values())
    total = size_a + size_b - shared
    plain = len(shared_terms) / (len(a) + len(b) - len(shared_terms)) if a or b else 0.0
    cover = shared / min(size_a, size_b) if size_a and size_b else 0.0
    return (shared / total if total else 0.0), plain, cover


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
    return {w for q in claim.found.quotes for w in _spelt_words(q.text)}


@dataclass
class _Scored:
    score: float
    lexical: float
    names: float
    numbers: float
    quote: float
    slot: float  # the score a conflict is judged by: the words apart from the values
    plain: float = 0.0  # unweighted Jaccard of the stems
    cover: float = 0.0  # the share of the shorter claim's words the longer one has too


@functools.lru_cache(maxsize=1)
def _value_terms() -> frozenset[str]:
    """Stems that are values themselves (weekdays, months, number and scale words), like digits."""
    from briefs.index.claims import mentions

    words = [*mentions.WEEKDAYS, *mentions.MONTHS, *mentions.WORD_NUMBERS,
             *(w for w in mentions.SCALES if len(w) > 2)]
    return frozenset(stem(w) for w in words)


def _without_values(vec: dict[str, float]) -> dict[str, float]:
    values = _value_terms()
    return {t: w for t, w in vec.items() if not t[0].isdigit() and t not in values}


def score(a: Claim, b: Claim, va: dict[str, float], vb: dict[str, float]) -> _Scored:
    """The word overlap of two claims, 0..1, with the parts that explain it.

    The judge's main signal; names and numbers explain a match, and the score apart from the
    values decides conflicts. A quote carried word for word is the same claim.
    """
    lexical, plain, cover = _overlaps(va, vb)
    qa, qb = _quote_words(a), _quote_words(b)
    quote = len(qa & qb) / len(qa | qb) if qa and qb else 0.0
    total = min(max(lexical, 0.9 * quote) if quote > 0.8 else lexical, 1.0)
    slot = total
    if _has_values(a) and _has_values(b):
        # Two claims that disagree on a value differ in its words ("7.1" / "6.4", "Tuesday" /
        # "Thursday"): that difference is the conflict, not a sign of two different claims.
        slot = max(total, _weighted_jaccard(_without_values(va), _without_values(vb)))
    return _Scored(total, lexical, _jaccard(a.entities, b.entities),
                   _overlap(_values(a), _values(b)), quote, slot, plain, cover)


def _has_values(claim: Claim) -> bool:
    return bool(claim.found.quantities or claim.found.dates)


def _slot_match(qa, qb) -> bool:
    """Do two numbers of one kind count the same thing (by unit, currency or nearby words)?"""
    if qa.kind != qb.kind:
        return False
    if qa.kind == "number":
        return _words_meet(qa.context, qb.context)
    if qa.kind in ("money", "percent", "duration"):
        if qa.kind == "money" and qa.unit != qb.unit:
            return False
        # A duration's first context word is its unit ("35-minute meeting"): every duration
        # shares that, so the slot is what follows ("meeting" vs "call").
        skip = 1 if qa.kind == "duration" else 0
        ca, cb = set(qa.context[skip:]), set(qb.context[skip:])
        return bool(ca & cb) or not (ca or cb) or qa.kind == "duration"
    if qa.kind in ("count", "quantity"):
        if qa.unit in _MEASURES and qb.unit in _MEASURES:
            return _MEASURES[qa.unit][0] == _MEASURES[qb.unit][0]  # a length is a length
        return bool(qa.unit and qa.unit == qb.unit) or _words_meet(qa.context[:2], qb.context[:2])
    return False


def _words_meet(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """A word in common, or one that ends the other ("quake" / "earthquake")."""
    return any(x == y or (min(len(x), len(y)) >= 4 and (x.endswith(y) or y.endswith(x)))
               for x in a for y in b)


def _counts_same_noun(qa, qb) -> bool:
    """The noun one number counts follows the other number too ("23 Somali pirates"); not
    past a unit joined on ("five-boat pirate attack" counts boats)."""
    def follows(noun: str, q) -> bool:
        return bool(noun) and "-" not in q.text and noun in q.context[:2]

    return qa.kind == "count" and (follows(qa.unit, qb) or follows(qb.unit, qa))


_MAGNITUDE = re.compile(r"magnitude|richter", re.IGNORECASE)


def value_kind(q, claim: Claim) -> str:
    """What a value measures: magnitude, killed, injured, money, rate, distance, weight,
    duration, age, score, name, count (of a noun) or number (nothing says what it counts).

    Values of different kinds never conflict: a quake's magnitude is no death toll.
    """
    if q.kind == "money":
        return "rate" if _is_rate(q, claim) else "money"
    if q.kind == "percent" or (q.kind == "duration" and q.unit == "interval"):
        return "rate"
    simple = {"duration": "duration", "age": "age", "tally": "score", "label": "name"}
    if q.kind in simple:
        return simple[q.kind]
    if q.toll in ("dead", "hurt"):
        return "killed" if q.toll == "dead" else "injured"
    if q.unit in _MEASURES:
        return "distance" if _MEASURES[q.unit][0] == "length" else "weight"
    near = claim.text[max(0, q.start - 14):q.end + 14]
    if _MAGNITUDE.search(near) or _is_rate(q, claim):
        return "magnitude" if _MAGNITUDE.search(near) else "rate"
    return "count" if q.kind == "count" else "number"


def _kinds_meet(kind_a: str, kind_b: str) -> bool:
    """The same kind, or a bare number against a count or magnitude (nothing says they
    differ; a toll, a sum, an age or a length says what it is)."""
    return kind_a == kind_b or ("number" in (kind_a, kind_b) and
                                {kind_a, kind_b} <= {"number", "count", "magnitude"})


def conflicts(a: Claim, b: Claim) -> list[Conflict]:
    """Values in the same slot that differ, where neither claim also states the other's value."""
    found: list[Conflict] = []
    values_a = {q.key() for q in a.found.quantities}
    values_b = {q.key() for q in b.found.quantities}
    left_a = [q for q in a.found.quantities if q.key() not in values_b]
    left_b = [q for q in b.found.quantities if q.key() not in values_a]
    paired: set[int] = set()
    for qa in left_a:
        for qb in left_b:
            if _also_stated(qa, b) or _also_stated(qb, a):
                continue  # "kills 1, injures 2" and "1 dead, 2 injured"
            kind_a, kind_b = value_kind(qa, a), value_kind(qb, b)
            if not _kinds_meet(kind_a, kind_b):
                continue
            need = _slot_need(qa, qb, a, b)
            if need is None or id(qb) in paired or _far_apart(qa, qb):
                continue
            exact = qa.kind in ("tally", "age", "label")  # an age is never rounded
            if qa.value == qb.value if exact else _agree(qa, qb):
                continue  # rounding ("68 billion" vs "68.2 billion"), not disagreement
            toll = qa.toll if qa.toll == qb.toll and qa.toll in GROWING_TOLLS else ""
            found.append(Conflict(kind_a if kind_a != "number" else kind_b, qa.text, qb.text,
                                  need, toll, (qa.value, qb.value)))
            paired.add(id(qb))
            break
    if not found and len(left_a) == 1 and len(left_b) == 1:
        # Each claim has one number the other lacks: if the claims are otherwise alike, that
        # number is what they disagree on.
        qa, qb = left_a[0], left_b[0]
        kind_a, kind_b = value_kind(qa, a), value_kind(qb, b)
        if _kinds_meet(kind_a, kind_b) and qa.kind in _PLAIN and qb.kind in _PLAIN and \
                not _agree(qa, qb) and not _far_apart(qa, qb) and not _tolls_differ(qa, qb) and \
                (qa.unit in _MEASURES) == (qb.unit in _MEASURES):  # not "three" vs "600m"
            found.append(Conflict(kind_a if kind_a != "number" else kind_b, qa.text, qb.text,
                                  NEED_LEFTOVER))
    found.extend(_date_conflicts(a, b))
    found.extend(_quote_conflicts(a, b))
    return found


def _also_stated(q, other: Claim) -> bool:
    """Does the other claim state this plain number too, counting the same thing or nothing?"""
    return q.kind in _PLAIN and any(
        o.kind in _PLAIN and o.value == q.value and (o.unit == q.unit or not o.unit or not q.unit)
        for o in other.found.quantities)


_PLAIN = ("count", "number", "quantity")
GROWING_TOLLS = ("dead", "hurt")  # counts that only grow as a story unfolds
# Units of length and weight (stemmed) in metres and kilograms: "200ft" and "60m" agree.
_MEASURES = {"meter": ("length", 1.0), "feet": ("length", 0.3048), "kilomet": ("length", 1000.0),
             "mile": ("length", 1609.344), "yard": ("length", 0.9144), "inch": ("length", 0.0254),
             "centimet": ("length", 0.01), "millimet": ("length", 0.001),
             "kilogram": ("weight", 1.0), "lb": ("weight", 0.4536), "pound": ("weight", 0.4536),
             "ton": ("weight", 1000.0)}


def _far_apart(qa, qb) -> bool:
    """"9 points" and "2,290 points" are two different counts: outlets that disagree on one
    amount are rarely ten times apart."""
    if qa.kind not in (*_PLAIN, "money") or qa.unit in _MEASURES or qb.unit in _MEASURES:
        return False
    low, high = sorted((abs(qa.value), abs(qb.value)))
    return low > 0 and high >= 10 * low


def _tolls_differ(qa, qb) -> bool:
    """The dead and the injured (or a part of a count) are never one amount."""
    return bool(qa.toll and qb.toll and qa.toll != qb.toll)


def _agree(qa, qb) -> bool:
    """The same amount, allowing for rounding, and for conversion between units of a measure."""
    if qa.unit != qb.unit and qa.unit in _MEASURES and qb.unit in _MEASURES:
        (dim_a, to_a), (dim_b, to_b) = _MEASURES[qa.unit], _MEASURES[qb.unit]
        x, y = qa.value * to_a, qb.value * to_b
        return dim_a != dim_b or abs(x - y) <= 0.05 * max(abs(x), abs(y))  # rounded conversions
    return _close(qa.value, qb.value)


_RATE = re.compile(r"\W{0,3}(?:(?:per|a|an|each)\s+(?:year|season|month|week|day|hour|annum)"
                   r"|annually|yearly)\b", re.IGNORECASE)


def _is_rate(q, claim: Claim) -> bool:
    """"$22 million per season" is a rate, not a total like "$200 million"."""
    return bool(_RATE.match(claim.text, q.end))


def _one_left_each(qa, a: Claim, b: Claim) -> bool:
    """Each claim has exactly one amount of qa's kind and unit that the other does not state."""
    def left(x: Claim, y: Claim) -> int:
        theirs = {q.key() for q in y.found.quantities}
        return sum(q.kind == qa.kind and q.unit == qa.unit and q.key() not in theirs
                   for q in x.found.quantities)

    return left(a, b) == 1 and left(b, a) == 1


def _slot_need(qa, qb, a: Claim, b: Claim) -> float | None:
    """The alignment score needed to call qa and qb one slot, or None if they are not."""
    if qa.toll and qb.toll and qa.kind in _PLAIN and qb.kind in _PLAIN:
        return None if _tolls_differ(qa, qb) else NEED_STRONG  # "kills 3" / "1 dead"
    if qa.kind != qb.kind:
        return None
    if qa.kind == "age" and qa.unit != "age" and qb.unit != "age":
        # Both ages name whose they are ("John Jenkin, 23"): the same person is the same slot.
        return NEED_STRONG if _same_person(qa.unit, qb.unit) else None
    if qa.kind == "label":
        return NEED_STRONG if qa.unit == qb.unit else None  # "Route 94" / "Route 91"
    if qa.kind in ("age", "tally"):
        # One age or score on each side, once the ones both state are set aside; with
        # several left, there is no telling which is which.
        shared = {q.value for q in a.found.quantities if q.kind == qa.kind} & \
            {q.value for q in b.found.quantities if q.kind == qa.kind}
        one_each = (sum(q.kind == qa.kind and q.value not in shared
                        for q in a.found.quantities) == 1
                    and sum(q.kind == qb.kind and q.value not in shared
                            for q in b.found.quantities) == 1)
        return NEED_STRONG if one_each else None
    if not _slot_match(qa, qb):
        if qa.kind == "money" and qa.unit == qb.unit and _one_left_each(qa, a, b) and \
                _is_rate(qa, a) == _is_rate(qb, b):
            return NEED_WEAK  # the one sum in this currency each claim has on its own
        if qa.kind == "quantity" and not qa.unit and not qb.unit and _one_left_each(qa, a, b):
            return NEED_WEAK  # the one decimal each claim has on its own (a magnitude, a rate)
        return None
    if qa.kind == "duration":
        if qa.unit != qb.unit:
            return None  # how often is not how long
        if max(qa.value, qb.value) > 5 * max(min(qa.value, qb.value), 1):
            return None  # "18 minutes" and "31 years" measure different things
        # Every duration shares its unit; the slot is what it measures ("meeting" vs "call").
        return NEED_STRONG if set(qa.context[1:]) & set(qb.context[1:]) else NEED_WEAK
    if qa.kind in ("money", "percent") or (qa.unit and qa.unit == qb.unit) or \
            _counts_same_noun(qa, qb):
        return NEED_STRONG
    return NEED_WEAK


def _same_person(owner_a: str, owner_b: str) -> bool:
    """"Katie Jenkin" and "Kathryn Jenkin" are one person; "John Jenkin" is another."""
    a, b = owner_a.split(), owner_b.split()
    return a == b or (a[-1] == b[-1] and a[-2][0] == b[-2][0])


def _close(x: float, y: float) -> bool:
    """Rounding, not disagreement: 68 billion vs 68.2 billion."""
    if x == y:
        return True
    big = max(abs(x), abs(y))
    return big > 0 and abs(x - y) / big < 0.015


def _date_conflicts(a: Claim, b: Claim) -> list[Conflict]:
    """One resolved date (or time) on each side, and they differ."""
    out: list[Conflict] = []
    for kind in ("date", "time", "clock"):
        # An unresolved weekday (its article has no date) compares with another claim's day
        # only when that one names a weekday in words too; "today" or "yesterday" needs a
        # publication date on both sides (see _same_day and _day_unknown).
        kinds = ("date", "weekday") if kind == "date" else (kind,)
        # "Saturday, July 21, 2004" (a Wednesday) names two days: either may be the one the
        # other claim disagrees with.
        for in_words in (True, False):
            found = _day_conflict(a, b, kind,
                                  _spelled_out(a, [d for d in a.found.dates if d.kind in kinds],
                                               in_words),
                                  _spelled_out(b, [d for d in b.found.dates if d.kind in kinds],
                                               in_words))
            if found:
                out.append(found)
                break
    return out


def _day_conflict(a: Claim, b: Claim, kind: str, da: list, db: list) -> Conflict | None:
    """The conflict between the days (or times) da of claim a and db of claim b, if any."""
    da, db = _one_per_value(da), _one_per_value(db)
    # A day both claims state is agreed on; what is left on each side may disagree.
    da, db = ([x for x in da if not any(_same_day(x, y) for y in db)],
              [y for y in db if not any(_same_day(x, y) for x in da)])
    if not da or not db:
        return None
    if kind == "date" and (_day_unknown(a) or _day_unknown(b)):
        return None  # "[Tuesday] ... today issued": which day is the claim's own is unclear
    if len(da) > 1 or len(db) > 1:
        # Several dates: a pair is one slot only if a word beside both says so
        # ("sentenced Saturday morning" / "sentenced ... Wednesday morning"), and only one
        # pair is so joined.
        joined = [(x, y) for x in da for y in db
                  if set.union(*_around(a, x)) & set.union(*_around(b, y))]
        if len(joined) != 1:
            return None
        da, db = [joined[0][0]], [joined[0][1]]
    if _ahead(a, da[0]) != _ahead(b, db[0]):
        return None  # "will play in Sunday's game" is not the day the arrest happened
    ctx_a, ctx_b = _around(a, da[0]), _around(b, db[0])
    if bool(_REPORTING & ctx_a[0]) != bool(_REPORTING & ctx_b[0]):
        return None  # the day one outlet said something is not the day the thing happened
    if _other_events(a, da[0], b, db[0]):
        return None
    need = NEED_DATE if (ctx_a[0] | ctx_a[1]) & (ctx_b[0] | ctx_b[1]) else NEED_DATE_LOOSE
    return Conflict("date" if kind == "date" else "time", da[0].text, db[0].text, need)


# "announced" is left out: an announcement is often the news itself ("placed on injured
# reserve, the team announced Tuesday").
_REPORTING = {"said", "says", "told", "confirmed", "reported", "stated", "added",
              "according", "revealed", "disclosed", "claimed"}
_CONTEXT_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_FILLER = {"on", "at", "in", "the", "a", "an", "of", "late", "early", "last", "this", "and",
           "was", "were", "is", "has", "had", "been", "by", "from", "to", "for", "its", "their",
           "he", "she", "it", "they", "we", "i", "you", "his", "her"}


# Where one clause (and so one event) ends and the next begins.
_CLAUSE_EDGE = re.compile(r"[,;:()\u2014]|\b(?:after|before|when|while|since|until|because|"
                          r"following|as|which|who|but|and then)\b", re.IGNORECASE)


def _event_words(claim: Claim, mention) -> set[str]:
    """Stems of the words in a date's own clause, up to six each side: what it dates."""
    before = _CLAUSE_EDGE.split(claim.text[:mention.start])
    after = _CLAUSE_EDGE.split(claim.text[mention.end:])
    found = _content(_CONTEXT_WORD.findall(before[-1])[-6:] +
                     _CONTEXT_WORD.findall(after[0])[:6])
    if not found:
        # "On Tuesday, police arrested ...": a date standing alone dates the clause beside it.
        beside = after[1] if len(after) > 1 else (before[-2] if len(before) > 1 else "")
        found = _content(_CONTEXT_WORD.findall(beside)[:6])
    return found


def _content(words: list[str]) -> set[str]:
    """Stems of the words that say what happened: not names, fillers, reporting or values."""
    return {stem(w.lower()) for w in words if w[0].islower()
            and w.lower() not in _FILLER and w.lower() not in _REPORTING} - _value_terms()


_SUBORDINATE = re.compile(r"\b(?:after|before|when|since|until|following)\b([^,;:.]*)",
                          re.IGNORECASE)


def _other_events(a: Claim, date_a, b: Claim, date_b) -> bool:
    """Do the two dates belong to different events of the claims?

    A date belongs to the event of its own clause: "villages were evacuated on Thursday after
    the dam burst" does not date the burst, so it cannot dispute "the dam burst on Wednesday".
    They differ when one claim tells the other date's event in a clause of its own ("after
    the dam burst") that its date is not in, and its date's clause shares nothing with it.
    Only that clear form counts: paraphrases ("checked in on Tuesday" / "headed to a clinic
    on Friday") often share no word and still date one event.
    """
    events_a, events_b = _event_words(a, date_a), _event_words(b, date_b)
    if events_a & events_b:
        return False
    return _tells_apart(a, date_a, events_b) or _tells_apart(b, date_b, events_a)


def _tells_apart(claim: Claim, date, events: set[str]) -> bool:
    """Does the claim tell `events` in a subordinate clause ("after ...") its date is not in?"""
    for m in _SUBORDINATE.finditer(claim.text):
        if m.start() <= date.start < m.end():
            continue
        if events & _content(_CONTEXT_WORD.findall(m.group(1))):
            return True
    return False


def _around(claim: Claim, mention) -> tuple[set[str], set[str]]:
    """Words just before a date mention (raw, lowercased) and the stems of the ones after."""
    before = _CONTEXT_WORD.findall(claim.text[max(0, mention.start - 30):mention.start])
    after = _CONTEXT_WORD.findall(claim.text[mention.end:mention.end + 30])
    before_words = {w.lower() for w in before[-3:]} - _FILLER
    after_words = {w.lower() for w in after[:2]} - _FILLER
    return before_words, after_words


def _day_unknown(claim: Claim) -> bool:
    """Does the claim say "today" or "yesterday" with no publication date to tell which day?"""
    return any(d.kind == "relative" and d.value in ("today", "yesterday", "tonight", "tomorrow")
               for d in claim.found.dates)


# Narrower than mentions.FUTURE: "arson is to blame for Friday's fire" is about the past.
_WILL = re.compile(r"\b(?:will|'ll|shall|should|scheduled|planned|due to|set to|expected to|"
                   r"upcoming)\b", re.IGNORECASE)


def _ahead(claim: Claim, mention) -> bool:
    """Is the date that of something still to come ("will play on Sunday")?"""
    clause = re.split(r"[,;:]", claim.text[max(0, mention.start - 60):mention.start])[-1]
    return bool(_WILL.search(clause))


def _same_day(x, y) -> bool:
    if x.text.lower() == y.text.lower():
        return True  # "Thursday" and "Thursday", resolved against different publication days
    if x.kind == y.kind:
        return x.value == y.value
    dated, weekday = (x, y) if x.kind == "date" else (y, x)
    if dated.text.strip().lower() not in WEEKDAYS:
        # "today" or "March 5" against a weekday of an undated article: which day that
        # weekday was is unknown, so they cannot be told apart.
        return True
    try:
        day = dt.date.fromisoformat(dated.value)
    except ValueError:
        return True  # nothing to tell them apart
    return day.strftime("%A").lower() == weekday.value


_JOINED = re.compile(r"\s*[,(]?\s*")


def _spelled_out(claim: Claim, dates: list, in_words: bool = True) -> list:
    """"Sunday, February 1, 2009" names one day: the weekday goes when a full date follows.

    A weekday its date contradicts ("Wednesday, July 24, 2004", a Saturday) stays instead when
    `in_words`, and the date goes: the claim is read by the day it names in words.
    """
    kept: list = []
    for d in sorted(dates, key=lambda d: d.start):
        before = kept[-1] if kept else None
        if before is not None and before.kind in ("weekday", "date") and d.kind == "date" \
                and not d.value.startswith("--") \
                and _JOINED.fullmatch(claim.text[before.end:d.start]):
            if not (in_words and _other_weekday(before, d)):
                kept[-1] = d
            continue
        kept.append(d)
    return kept


def _other_weekday(weekday, date) -> bool:
    """Is `weekday` a day of the week in words that `date` does not fall on?"""
    name = weekday.text.strip().lower()
    try:
        return name in WEEKDAYS and \
            dt.date.fromisoformat(date.value).strftime("%A").lower() != name
    except ValueError:
        return False


def _one_per_value(dates) -> list:
    """Resolved dates, one per value: "arrested Tuesday ... said Tuesday" names one day."""
    seen: dict[str, object] = {}
    for d in dates:
        if not d.value.startswith("--"):
            seen.setdefault(d.value, d)
    return list(seen.values())


_CONTRACTIONS = [(re.compile(p, re.IGNORECASE), r) for p, r in (
    (r"\bwon['’]t\b", "will not"), (r"\bcan['’]t\b", "can not"), (r"n['’]t\b", " not"),
    (r"\b(it|that|he|she|there|what)['’]s\b", r"\1 is"), (r"['’]re\b", " are"),
    (r"['’]ll\b", " will"), (r"['’]ve\b", " have"), (r"\bi['’]m\b", "i am"),
    (r"\bcannot\b", "can not"))]


def _spelt_words(text: str) -> list[str]:
    """A quote's words, contractions spelt out: "don't" and "do not" say the same."""
    for pattern, spelt in _CONTRACTIONS:
        text = pattern.sub(spelt, text)
    return re.findall(r"\w+", text.lower())


def _quote_conflicts(a: Claim, b: Claim) -> list[Conflict]:
    """Two quotes of one statement whose words differ: each side has a word the other lacks.

    A quote trimmed or padded by a word ("makes good sense" / "makes sense") is the same
    quote cut differently, not a misquote.
    """
    out: list[Conflict] = []
    for qa in a.found.quotes:
        wa = _spelt_words(qa.text)
        for qb in b.found.quotes:
            wb = _spelt_words(qb.text)
            if not wa or not wb or " ".join(wa) in " ".join(wb) or " ".join(wb) in " ".join(wa):
                continue
            sa, sb = set(wa), set(wb)
            if not (sa - sb and sb - sa):
                continue
            jaccard = len(sa & sb) / len(sa | sb)
            if 0.6 <= jaccard < 0.95 and abs(len(wa) - len(wb)) <= max(3, len(wa) // 4):
                out.append(Conflict("quote", qa.text, qb.text, NEED_STRONG))
    return out


def pair_signals(a_claims: list[Claim], b_claims: list[Claim], va: list[dict[str, float]],
                 vb: list[dict[str, float]]
                 ) -> dict[tuple[int, int], tuple[_Scored, dict[str, float]]]:
    """The word scores and judge signals of every pair of claims that shares anything.

    Pairs with no word, quote or name in common are left out: the judge never aligns them.
    """
    scored: dict[tuple[int, int], _Scored] = {}
    for i, claim_a in enumerate(a_claims):
        for j, claim_b in enumerate(b_claims):
            s = score(claim_a, claim_b, va[i], vb[j])
            if s.score > 0 or s.slot > 0 or s.quote > 0 or s.names > 0:
                scored[(i, j)] = s
    row_best = [0.0] * len(a_claims)
    col_best = [0.0] * len(b_claims)
    for (i, j), s in scored.items():
        row_best[i] = max(row_best[i], s.score)
        col_best[j] = max(col_best[j], s.score)
    # How alike the two articles are: the mean best word score of the shorter one's claims.
    shorter = row_best if len(a_claims) <= len(b_claims) else col_best
    articles = sum(shorter) / len(shorter) if shorter else 0.0
    return {(i, j): (s, judging.signals(a_claims[i], b_claims[j], s, row_best[i], col_best[j],
                                        articles, s.plain, s.cover))
            for (i, j), s in scored.items()}


def compare_claims(a_claims: list[Claim], b_claims: list[Claim], idf: IDF | None = None,
                   min_score: float = MIN_SCORE, related: bool = True,
                   judge: judging.Judge | None = None
                   ) -> tuple[list[Pair], list[Claim], list[Claim]]:
    """Align two claim lists; returns pairs and the claims left on each side.

    Every claim of A is paired with each claim of B that the judge gives at least `min_score`
    probability of stating the same claim. A partner that puts a different value in the same
    slot becomes a pair of its own, labelled conflict; a conflict may pair claims less alike
    (CONFLICT_SCORE of words apart from the values) when the slot is shared, unless the
    articles are not `related`, where it needs the judge's `min_score` too.
    """
    judge = judge or judging.default_judge()
    idf = idf or local_idf(a_claims, b_claims)
    va = [_vector(c, idf) for c in a_claims]
    vb = [_vector(c, idf) for c in b_claims]
    candidates = pair_signals(a_claims, b_claims, va, vb)
    pairs: list[Pair] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for i, claim_a in enumerate(a_claims):
        agreeing: list[tuple[float, float, dict[str, float], _Scored, int]] = []
        disagreeing: dict[tuple, Pair] = {}
        for j, claim_b in enumerate(b_claims):
            if (i, j) not in candidates:
                continue
            scored, x = candidates[(i, j)]
            p_same = judge.same.probability(x)
            # Claims of unrelated articles conflict only when they align as they are.
            judged = scored.slot if related else scored.score
            may_conflict = judged >= CONFLICT_SCORE and (related or p_same >= min_score)
            found = [c for c in conflicts(claim_a, claim_b) if judged >= c.need] \
                if may_conflict else []
            if found:
                # Two claims of B that state the same other value are one disagreement.
                key = tuple((c.kind, c.a, c.b) for c in found)
                if key in disagreeing:
                    disagreeing[key].b.append(claim_b)
                else:
                    p_event = judge.event.probability(x)
                    disagreeing[key] = Pair([claim_a], [claim_b], "conflict", p_same, found,
                                            _why(scored, claim_a, claim_b, found,
                                                 judging.why(judge, x, p_same, p_event)),
                                            p_event)
            elif p_same >= min_score:
                agreeing.append((p_same, scored.score, x, scored, j))
            else:
                continue
            used_a.add(i)
            used_b.add(j)
        pairs.extend(disagreeing.values())
        if agreeing:
            agreeing.sort(key=lambda entry: (-entry[0], -entry[1]))
            p_same, _, x, top, _ = agreeing[0]
            partners = [b_claims[entry[4]] for entry in agreeing]
            relation = "same" if p_same >= judge.same_at else "related"
            p_event = judge.event.probability(x)
            pairs.append(Pair([claim_a], partners, relation, p_same, [],
                              _why(top, claim_a, partners[0], [],
                                   judging.why(judge, x, p_same, p_event)), p_event))
    pairs.sort(key=lambda p: (p.a[0].index, p.b[0].index))
    only_a = [c for i, c in enumerate(a_claims) if i not in used_a]
    only_b = [c for j, c in enumerate(b_claims) if j not in used_b]
    return pairs, only_a, only_b


def _why(s: _Scored, a: Claim, b: Claim, found: list[Conflict], verdict: str) -> str:
    bits = [verdict, f"words {s.lexical:.2f}"]
    if found and s.slot > s.score:
        bits.append(f"apart from the values {s.slot:.2f}")
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
            min_score: float = MIN_SCORE, related: bool = True) -> Comparison:
    """Compare two stored articles claim by claim (`related`: see compare_claims)."""
    ca, cb = claims(a.body, a.published), claims(b.body, b.published)
    pairs, only_a, only_b = compare_claims(ca, cb, idf, min_score, related)
    mark_updates(pairs, a.published, b.published)
    return Comparison(a, b, pairs, only_a, only_b)


def mark_updates(pairs: list[Pair], a_published: str | None, b_published: str | None) -> None:
    """Give each conflict the two reports' times, and mark as an update a toll that the
    later report puts higher ("3 killed" at 08:10, "24 dead" at 14:30): tolls grow as news
    comes in, so the early figure is out of date rather than contradicted."""
    for pair in pairs:
        for conflict in pair.conflicts:
            conflict.a_published, conflict.b_published = a_published, b_published
            if conflict.toll and conflict.values and a_published and b_published and \
                    a_published != b_published:
                early, late = conflict.values if a_published < b_published else \
                    conflict.values[::-1]
                conflict.update = late > early
