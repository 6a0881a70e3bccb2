"""The claim-pair judge: how likely two claims state the same fact, and report the same event.

Two logistic models over the same signals of a pair of claims: word overlap (weighted by the
library's document frequencies, with and without the values, unweighted, and how much of the
shorter claim the longer one covers), names, numbers, dates, quotes, negation, attribution,
length, position, how the pair ranks among the other pairs of the two articles, and how alike the
two articles are overall. The weights come from `bench/train_judge.py`, fit on the ECB+ dev
corpus (CC BY 3.0) and stored in `judge.json` beside this module, with the thresholds chosen on
that corpus and the cross-validated figures they gave. Each verdict can name the signals that
decided it.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from briefs.index.claims.split import Claim

# Every signal the judge can use; judge.json names the ones each model kept.
SIGNALS = ("words", "slot", "plain", "cover", "names", "names_apart", "numbers",
           "numbers_apart", "quote", "negation", "attribution", "length", "size", "lead",
           "rank", "mutual", "articles")

# What each signal is called in a pair's `why`; a yes/no signal has a name for each state.
LABELS: dict[str, str | tuple[str, str]] = {
    "words": "words", "slot": "words apart from the values", "plain": "shared words",
    "cover": "one says all of the other", "names": "names",
    "names_apart": ("no name in common", "names in common"),
    "numbers": "numbers/dates",
    "numbers_apart": ("no number/date in common", "numbers/dates in common"),
    "quote": "quote", "negation": ("one denies", "both affirm or both deny"),
    "attribution": ("one attributes", "both or neither attribute"),
    "length": "lengths differ", "size": "length", "lead": "near the top",
    "rank": "best match", "mutual": ("each other's best match", "not each other's best"),
    "articles": "articles alike"}

_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|denied|"
                       r"denies|deny)\b|n't\b", re.IGNORECASE)
_JUDGE_FILE = Path(__file__).with_name("judge.json")


@functools.lru_cache(maxsize=8192)
def negated(text: str) -> bool:
    """Does the claim deny something ("did not", "never", "denied")?"""
    return bool(_NEGATION.search(text))


@dataclass(frozen=True)
class Model:
    """A logistic model over standardised signals (the ones that earned a place in it)."""

    signals: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def _pulls(self, x: dict[str, float]) -> list[tuple[str, float]]:
        return [(name, w * (x[name] - m) / s) for name, w, m, s in
                zip(self.signals, self.weights, self.mean, self.scale, strict=True)]

    def probability(self, x: dict[str, float]) -> float:
        z = self.bias + sum(pull for _, pull in self._pulls(x))
        z = max(min(z, 30.0), -30.0)
        return 1.0 / (1.0 + math.exp(-z))

    def reasons(self, x: dict[str, float], n: int = 3) -> list[tuple[str, float]]:
        """The signals that moved this verdict most from an average pair's, with their pull."""
        pulls = sorted(self._pulls(x), key=lambda p: -abs(p[1]))
        return [p for p in pulls[:n] if abs(p[1]) >= 0.1]

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        unknown = set(data["signals"]) - set(SIGNALS)
        if unknown:
            raise ValueError(f"judge weights name unknown signals: {sorted(unknown)}")
        return cls(tuple(data["signals"]), tuple(data["weights"]), data["bias"],
                   tuple(data["mean"]), tuple(data["scale"]))


@dataclass(frozen=True)
class Judge:
    """Probabilities of "same claim" and "same event", and the thresholds that use them."""

    same: Model
    event: Model
    pair: float  # a pair of claims is aligned at or above this probability of "same claim"
    same_at: float  # ... and called "same" (not "related") at or above this one

    @classmethod
    def from_dict(cls, data: dict) -> Judge:
        return cls(Model.from_dict(data["same"]), Model.from_dict(data["event"]),
                   data["thresholds"]["pair"], data["thresholds"]["same"])


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Judge:
    return Judge.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def default_judge() -> Judge:
    """The shipped judge (`BRIEFS_JUDGE` names another weights file, for benchmarks)."""
    return _load(os.environ.get("BRIEFS_JUDGE") or str(_JUDGE_FILE))


def signals(a: Claim, b: Claim, scored, row_best: float, col_best: float,
            articles: float, plain: float, cover: float) -> dict[str, float]:
    """The signals of one pair of claims, by name (SIGNALS).

    `scored` is compare's _Scored for the pair; `row_best` and `col_best` the best word score of
    a against all of B and of b against all of A; `articles` how alike the two articles are.
    """
    ea, eb = a.entities, b.entities
    names = len(ea & eb) / len(ea | eb) if ea and eb else 0.0
    names_apart = float(bool(ea and eb and not ea & eb))
    has_a = bool(a.found.quantities or a.found.dates)
    has_b = bool(b.found.quantities or b.found.dates)
    numbers_apart = float(has_a and has_b and scored.numbers == 0.0)
    negation = float(negated(a.text) != negated(b.text))
    attribution = float(bool(a.found.attribution) != bool(b.found.attribution))
    la, lb = max(len(set(a.stems)), 1), max(len(set(b.stems)), 1)
    length = abs(math.log(la / lb))
    size = math.log(min(la, lb))
    lead = 1.0 / (1.0 + min(a.index, b.index))
    s = scored.score
    rank = 0.5 * (s / row_best if row_best else 0.0) + 0.5 * (s / col_best if col_best else 0.0)
    mutual = float(s > 0 and s >= row_best and s >= col_best)
    values = (s, scored.slot, plain, cover, names, names_apart, scored.numbers, numbers_apart,
              scored.quote, negation, attribution, length, size, lead, rank, mutual, articles)
    return dict(zip(SIGNALS, values, strict=True))


def why(judge: Judge, x: dict[str, float], p_same: float, p_event: float) -> str:
    """The verdict's probabilities and the signals that decided it, for a pair's `why`."""
    bits = [f"same claim {p_same:.2f}, same event {p_event:.2f}"]
    for name, pull in judge.same.reasons(x):
        label = LABELS[name]
        if isinstance(label, tuple):
            label = label[0] if x[name] else label[1]
        bits.append(f"{label} {'+' if pull > 0 else '-'}")
    return ", ".join(bits)
