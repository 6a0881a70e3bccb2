"""Find what makes claims comparable: quantities, dates, times, quotes, names, attribution.

Each finder returns mentions with character offsets into the text it was given, normalised so
that two outlets writing the same fact differently ("$14 million", "USD 14m") compare equal.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
              "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
             r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
          "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "crore": 1e7, "lakh": 1e5}
_CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
               "€": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR", "£": "GBP", "gbp": "GBP",
               "pounds": "GBP", "¥": "JPY", "jpy": "JPY", "yen": "JPY", "₹": "INR", "inr": "INR",
               "rs": "INR", "rs.": "INR", "rupees": "INR", "yuan": "CNY", "cny": "CNY"}
# Spellings of one unit that must compare equal (British and American, "persons").
_SPELLINGS = {"metre": "meter", "metres": "meters", "kilometre": "kilometer",
              "kilometres": "kilometers", "centimetre": "centimeter", "centimetres": "centimeters",
              "litre": "liter", "litres": "liters", "tonne": "ton", "tonnes": "tons",
              "ft": "feet", "foot": "feet", "km": "kilometers", "kg": "kilograms",
              "persons": "people", "person": "people"}
# Units written onto the number ("2,000ft", "5km"), as the words they abbreviate.
_GLUED = {"ft": "feet", "km": "kilometers", "kg": "kilograms", "cm": "centimeters",
          "mm": "millimeters", "mi": "miles", "mph": "mph", "lb": "lbs", "lbs": "lbs",
          "kmh": "kmh", "sq": "square"}
_GLUED_WORD = re.compile(r"[A-Za-z]+(?![\w])")
_LONGER = {"longer", "shorter", "later", "earlier", "more", "less", "fewer", "sooner", "faster",
           "slower", "late", "early", "behind", "ahead"}
_DURATION_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
                   "month": 2629800, "year": 31557600}
# Words that say nothing about what a number counts.
_FILLER = {"a", "an", "the", "of", "about", "around", "some", "nearly", "almost", "over",
           "more", "than", "less", "at", "least", "up", "to", "and", "or", "in", "on", "by",
           "for", "with", "per", "new", "key", "other", "major", "total", "all", "only", "just",
           "its", "their", "his", "her", "was", "were", "is", "are", "be", "been", "had", "has",
           "have", "that", "which", "who", "as", "from", "into", "after", "before", "s",
           # "every 10 minutes": says that something recurs, not what.
           "every", "each"}

_PHRASE_END = re.compile(r"[,;:()]|\s(?:and|or|but)\s", re.IGNORECASE)
_RANK = re.compile(r"(?:\bNo\.?|#)\s?$")
# "Week 15", "Route 94", "Flight 370": a number after one of these names a thing, not an amount.
_LABEL = re.compile(r"\b(?:week|route|highway|interstate|flight|chapter|article|section|room|"
                    r"game|round|level|page|version|episode|season|channel|gate|terminal|"
                    r"platform|exit|bus|apartment|suite|ward|district|precinct)\s$",
                    re.IGNORECASE)
# Words of time: a number they follow is not counting them.
_WHEN = {*WEEKDAYS, *MONTHS, "yesterday", "today", "tonight", "tomorrow"}

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# "Twenty-four" is one number, not twenty of something called "four".
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_QUANTITY = re.compile(
    rf"(?P<cur>US\$|[$€£¥₹]|\b(?:USD|JPY|EUR|GBP|INR|CNY|Rs\.?)\s?)?"
    rf"(?<![\w.,])(?P<num>{_NUMBER}|{_TENS}-{_ONES}\b|(?:{'|'.join(WORD_NUMBERS)})\b)"
    rf"(?:(?:\s?|-)(?P<scale>thousand|million|billion|trillion|crore|lakh|bn|mn|tn|[kmb])\b)?"
    rf"(?P<pct>\s?%|\s(?:per\s?cent|percent)\b)?"
    rf"(?:(?P<hyphen>-)(?P<hunit>[A-Za-z]+))?",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s?(?P<ap>[ap]\.?m\.?|AM|PM)(?![\w])"
                   r"|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b", re.IGNORECASE)
_DATE_MD = re.compile(rf"\b(?P<mon>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
                      rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")
_DATE_DM = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?P<to>\s+(?:to|-|–)\s+\d{{1,2}})?\s+"
                      rf"(?:of\s+)?(?P<mon>{_MONTH_RE})(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")
# "May" alone is too often the verb: a month-year mention needs another month name.
_MONTH_NOT_MAY = _MONTH_RE.replace("|May|", "|")
_DATE_MY = re.compile(rf"\b(?P<mon>{_MONTH_NOT_MAY})(?:\s+(?P<year>(?:19|20)\d\d))?\b")
_ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_WEEKDAY = re.compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_RELATIVE = re.compile(r"\b(?P<rel>today|yesterday|tomorrow|tonight|last (?:week|month|year)|"
                       r"next (?:week|month|year)|this (?:week|month|year))\b", re.IGNORECASE)
_COUNTDOWN = re.compile(r"\s+(?:left|to go|remaining|to play)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d,.$-])\b(?P<y>(?:19|20)\d\d)\b(?![\d,.%-]|\s?(?:people|percent|%))")
_QUOTE = re.compile(r"[“\"](?P<q>[^“”\"]{12,}?)[”\"]"
                    r"|``\s?(?P<q2>.{12,}?)\s?''"
                    r"|‘(?P<q3>[^‘’]{20,}?)’")
_ATTRIBUTION = re.compile(
    r"\b(said|says|told|tells|stated|states|added|adds|announced|announces|posted|wrote|"
    r"reported|reports|confirmed|confirms|claimed|claims|according to|quoted|noted|"
    r"described|insisted|warned|declared)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Quantity:
    """A number with what it counts: value normalised (scale applied), unit words, kind."""

    text: str
    start: int
    end: int
    value: float
    kind: str  # "quantity", "count", "duration", "money", "percent", "age", "tally", "label"
    unit: str = ""  # currency code, "%", duration unit, or the counted noun
    context: tuple[str, ...] = ()  # words around the number that say what it counts
    # "dead" or "hurt" when the number counts casualties ("kills 3", "2 injured"); "part" when
    # it is one part of a count broken down ("a man and two women").
    toll: str = ""

    def key(self) -> tuple[str, float]:
        return (self.unit or self.kind, round(self.value, 6))


@dataclass(frozen=True)
class When:
    """A date or time mention, resolved against the publication date where possible."""

    text: str
    start: int
    end: int
    kind: str  # "date", "time", "clock" (a game clock), "weekday", "month", "year", ...
    value: str  # "2025-11-23", "13:40", "sunday", "2025-11", "2026"


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int


@dataclass
class Mentions:
    """Everything found in one claim's text."""

    quantities: list[Quantity] = field(default_factory=list)
    dates: list[When] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    attribution: str = ""


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBR.get(key[:4] if key.startswith("sept") else key[:3], 0)


def _number(text: str) -> float | None:
    lower = text.lower()
    if lower in WORD_NUMBERS:
        return float(WORD_NUMBERS[lower])
    tens, _, ones = lower.partition("-")
    if tens in WORD_NUMBERS and ones in WORD_NUMBERS:  # "sixty-five"
        return float(WORD_NUMBERS[tens] + WORD_NUMBERS[ones])
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


# A claim about what is to come: its dates without a year lie ahead of the publication.
_FUTURE = re.compile(r"\b(?:will|shall|scheduled|planned|due to|set to|to be held|is to|are to|"
                     r"upcoming)\b", re.IGNORECASE)


def find_dates(text: str, published: dt.date | None) -> list[When]:
    """Dates, times, weekdays and relative days, resolved against `published` when known."""
    found: list[When] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match, kind: str, value: str) -> None:
        if not _overlaps(match.start(), match.end(), taken):
            taken.append((match.start(), match.end()))
            found.append(When(match.group(0), match.start(), match.end(), kind, value))

    future = bool(_FUTURE.search(text))

    def year_for(month: int) -> int | None:
        if published is None:
            return None
        if future:  # "elections scheduled for December 15": this year's, or next year's
            return published.year + 1 if month < published.month - 1 else published.year
        # A month after the publication month, with no year given, is usually last year's.
        return published.year - 1 if month > published.month + 1 else published.year

    for m in _ISO_DATE.finditer(text):
        add(m, "date", m.group(0))
    for pattern in (_DATE_MD, _DATE_DM):
        for m in pattern.finditer(text):
            month, day = _month(m.group("mon")), int(m.group("day"))
            if not month or not 1 <= day <= 31:
                continue
            year = int(m.group("year")) if m.group("year") else year_for(month)
            value = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
            # "22 to 23 November" spans days: it agrees with any day inside it.
            add(m, "range" if m.groupdict().get("to") else "date", value)
    for m in _TIME.finditer(text):
        if m.group("h24"):
            # "7:41 left in the first half" is a game clock, not a time of day.
            kind = "clock" if _COUNTDOWN.match(text, m.end()) else "time"
            add(m, kind, f"{int(m.group('h24')):02d}:{m.group('m24')}")
            continue
        hour = int(m.group("h"))
        if not 1 <= hour <= 12:
            continue
        pm = m.group("ap").lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
        add(m, "time", f"{hour:02d}:{m.group('m') or '00'}")
    for m in _WEEKDAY.finditer(text):
        weekday = WEEKDAYS.index(m.group("wd").lower())
        if published is not None:
            # News reports a weekday of the week it was published: the latest one on or before.
            back = (published.weekday() - weekday) % 7
            add(m, "date", (published - dt.timedelta(days=back)).isoformat())
        else:
            add(m, "weekday", m.group("wd").lower())
    for m in _RELATIVE.finditer(text):
        rel = m.group("rel").lower()
        if published is None:
            add(m, "relative", rel)
            continue
        if rel in ("today", "tonight"):
            add(m, "date", published.isoformat())
        elif rel == "yesterday":
            add(m, "date", (published - dt.timedelta(days=1)).isoformat())
        elif rel == "tomorrow":
            add(m, "date", (published + dt.timedelta(days=1)).isoformat())
        elif rel.endswith("month"):
            shift = {"last": -1, "next": 1, "this": 0}[rel.split()[0]]
            month = published.month + shift
            year = published.year + (month - 1) // 12
            add(m, "month", f"{year:04d}-{(month - 1) % 12 + 1:02d}")
        elif rel.endswith("year"):
            shift = {"last": -1, "next": 1, "this": 0}[rel.split()[0]]
            add(m, "year", str(published.year + shift))
        else:
            add(m, "relative", rel)
    for m in _DATE_MY.finditer(text):
        month = _month(m.group("mon"))
        if not month or (m.group("mon").lower().rstrip(".") in MONTH_ABBR and not m.group("year")):
            continue  # "Mar" or "Jan" alone is too often something else
        year = int(m.group("year")) if m.group("year") else year_for(month)
        add(m, "month", f"{year:04d}-{month:02d}" if year else f"--{month:02d}")
    for m in _YEAR.finditer(text):
        add(m, "year", m.group("y"))
    found.sort(key=lambda w: w.start)
    return found


_AGE = re.compile(rf"\b(?P<n>\d{{1,3}}|(?:{'|'.join(WORD_NUMBERS)})(?:-(?:one|two|three|four|"
                  rf"five|six|seven|eight|nine))?)[- ]years?[- ]old\b"
                  r"|(?<=, )(?P<n2>\d{1,3})(?=,|\.?$|\s+and\b)"
                  r"|\b(?:aged?(?:\s+of)?|(?:dies|died|dead) at)\s+(?P<n3>\d{1,3})\b"
                  r"(?![.,]\d|\s?%)",
                  re.IGNORECASE)
_OWNER = re.compile(r"\b([A-Z][\w'’-]*[a-z](?: [A-Z][\w'’-]*[a-z])+), $")
_TALLY = re.compile(r"(?<![\w.,-])(?P<x>\d{1,3})\s?[-–]\s?(?P<y>\d{1,3})"
                    r"(?![\w%-]|[.,]\d)")


def _special(text: str, skip: list[tuple[int, int]]) -> list[Quantity]:
    """Ages ("36-year-old", "Reid, 33,") and tallies ("20-13", a score or a vote)."""
    found = []
    for m in _AGE.finditer(text):
        if not _overlaps(m.start(), m.end(), skip):
            n = _number(m.group("n") or m.group("n2") or m.group("n3"))
            # "John Jenkin, 23, and his sister Katie Jenkin, 20": whose age it is.
            owner = _OWNER.search(text[:m.start()]) if m.group("n2") else None
            unit = f"age of {owner.group(1).lower()}" if owner else "age"
            found.append(Quantity(m.group(0), m.start(), m.end(), n or 0.0, "age", unit))
    for m in _TALLY.finditer(text):
        if not _overlaps(m.start(), m.end(), skip):
            x, y = int(m.group("x")), int(m.group("y"))
            found.append(Quantity(m.group(0), m.start(), m.end(), x * 1000.0 + y, "tally",
                                  "tally"))
    return found


def find_quantities(text: str, skip: list[tuple[int, int]], stem) -> list[Quantity]:
    """Numbers with their unit or counted noun; spans in `skip` (dates, times) are ignored."""
    found: list[Quantity] = _special(text, skip)
    skip = skip + [(q.start, q.end) for q in found]
    for m in _QUANTITY.finditer(text):
        if _overlaps(m.start(), m.end(), skip):
            continue
        value = _number(m.group("num"))
        if value is None:
            continue
        glued = ""
        if m.end() < len(text) and text[m.end()].isalnum() and not m.group("hyphen"):
            word = _GLUED_WORD.match(text, m.end())
            # With a currency, letters on the number are its scale ("$200MM"), not a unit.
            glued = _GLUED.get(word.group(0).lower(), "") if word and not m.group("cur") else ""
            if not glued:
                continue  # "15th", "G20", "3D": an ordinal or a name, not a quantity
        if (not m.group("cur") and not m.group("scale") and not m.group("pct")
                and m.group("num").isdigit() and 1900 <= value <= 2100):
            continue  # a year
        if _RANK.search(text, max(0, m.start() - 5), m.start()):
            continue  # "the No. 1 Tar Heels", "#3 seed": a rank, not an amount
        label = _LABEL.search(text, max(0, m.start() - 12), m.start())
        if label and not glued and not m.group("scale") and not m.group("pct"):
            # "Week 15", "Route 94": it names one of its kind; only the same kind compares.
            found.append(Quantity(m.group(0), m.start(), m.end(), value, "label",
                                  stem(label.group(0).strip())))
            continue
        word_number = m.group("num")[0].isalpha()
        scale = (m.group("scale") or "").lower()
        metres = False
        if scale in ("m", "b", "k") and not m.group("cur"):
            # "5 m" is more often metres than millions without a currency sign.
            if scale == "m":
                scale, metres = "", True
        value *= SCALES.get(scale, 1.0)
        before = [w.lower() for w in _WORD.findall(text[max(0, m.start() - 40):m.start()])]
        # What a number counts follows it in the same phrase: "kills 1, injures 2" and
        # "killed 1 and injured 2" count no injuries with the 1.
        after_text = _PHRASE_END.split(text[m.end():m.end() + 50], maxsplit=1)[0]
        after = [_SPELLINGS.get(w.lower(), w.lower()) for w in _WORD.findall(after_text)]
        # "scored 20 Thursday night": a day after a number says when, not what it counts.
        when = next((i for i, w in enumerate(after) if w in _WHEN), len(after))
        after = after[:when]
        if metres:
            after = ["meters", *after]
        elif glued:  # "2,000ft": the unit is the word glued on
            after = [glued, *after[1:]]
        cur = (m.group("cur") or "").strip().lower()
        kind, unit = "count", ""
        hunit = (m.group("hunit") or "").lower()
        next_word = hunit or (after[0] if after else "")
        if cur or next_word in _CURRENCIES and next_word not in ("m", "b"):
            kind, unit = "money", _CURRENCIES.get(cur or next_word, cur.upper() or "USD")
        elif m.group("pct"):
            kind, unit = "percent", "%"
        elif next_word.rstrip("s") in _DURATION_UNITS:
            unit_name = next_word.rstrip("s")
            # "every 20 minutes" says how often, "25 minutes longer" by how much, "in 18
            # minutes" how long: three kinds of slot.
            kind, unit = "duration", "second"
            if before[-1:] == ["every"]:
                unit = "interval"
            elif after[1:2] and after[1] in _LONGER:
                unit = "difference"
            value *= _DURATION_UNITS[unit_name]
        elif "." in m.group("num") and not word_number:
            kind = "quantity"
        if word_number and kind == "count" and not after:
            continue
        context_words = [w for w in ([hunit] if hunit else []) + after[:3] if w not in _FILLER]
        context_words = context_words[:2]
        previous = [w for w in before[-2:] if w not in _FILLER][-1:]
        context = tuple(stem(w) for w in context_words + previous if w)
        if kind == "count" and not context_words:
            kind = "number"
        if kind == "count":
            unit = stem(context_words[0])
        end = m.end() + (len(word.group(0)) if glued else 0)
        toll = ""
        if kind in ("count", "number"):
            part = _PART.match(text, m.end()) or \
                _PART_BEFORE.search(text, max(0, m.start() - 30), m.start())
            toll = "part" if part else _toll(before[-3:], after[:3])
        found.append(Quantity(text[m.start():end].strip(), m.start(), end, value, kind, unit,
                              context, toll))
    return found


# Words of a casualty count, by what they count: "kills 3", "killing at least 10 people",
# "3 dead", "2 hurt", "80 injured". What a number counts follows it; failing that, the verb
# just before it says.
_TOLLS = {"dead": {"kill", "kills", "killed", "killing", "dead", "die", "died", "dies", "death",
                   "deaths", "fatalities", "slain", "lives"},
          "hurt": {"injure", "injures", "injured", "injuring", "injuries", "wound", "wounds",
                   "wounded", "wounding", "hurt", "hurts", "hurting"}}


# "two women and a man", "a man and two women": a part of a count, not the count.
_PART = re.compile(r"\s+[a-z]+\s+and\s+(?:a|an|one)\s", re.IGNORECASE)
_PART_BEFORE = re.compile(r"\b(?:a|an|one)\s+[a-z]+\s+and\s+$", re.IGNORECASE)


def _toll(before: list[str], after: list[str]) -> str:
    for words in (after, before[::-1]):
        for word in words:
            for toll, names in _TOLLS.items():
                if word in names:
                    return toll
    return ""


def find_quotes(text: str) -> list[Quote]:
    quotes = []
    for m in _QUOTE.finditer(text):
        inner = m.group("q") or m.group("q2") or m.group("q3") or ""
        if len(inner.split()) >= 3:
            quotes.append(Quote(inner.strip(), m.start(), m.end()))
    return quotes


def find_attribution(text: str) -> str:
    m = _ATTRIBUTION.search(text)
    return m.group(1).lower() if m else ""


def mentions(text: str, published: dt.date | None, stem) -> Mentions:
    """All mentions of one claim's text."""
    dates = find_dates(text, published)
    skip = [(d.start, d.end) for d in dates]
    return Mentions(
        quantities=find_quantities(text, skip, stem),
        dates=dates,
        quotes=find_quotes(text),
        attribution=find_attribution(text),
    )
