"""Deterministic differences between two aligned claims: numbers, dates, negation, names.

NLI models are weakest exactly where fact-checkers care most ("3 March" vs "5 March", "90%" vs
"less than 2 percent", "have begun diverting" vs "no vessels have been diverted"), so these checks
run beside the model. They only report; the judge decides whether the claims are close enough for
a difference to mean a contradiction. Name variants ("Kim Jung Un" / "Kim Jong Un") are matched
fuzzily and never reported.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from claimdiff.model import Evidence

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_MONTH_DAY = re.compile(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\b|({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b)", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PERCENT = re.compile(r"(?:(less|more|fewer|under|over|below|above)\s+than\s+|(almost|nearly|about|around|roughly|over|under)\s+)?(\d+(?:[.,]\d+)?)\s*(%|per\s?cent|percent)", re.IGNORECASE)
_QUANTITY = re.compile(r"(?:(less|more|fewer)\s+than\s+|(almost|nearly|about|around|roughly|over|under|some)\s+)?\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(?:million|billion|thousand|trillion|m|bn|k)\b)?(?![\d.,]\d)(?!\s*(?:%|per\s?cent|percent))", re.IGNORECASE)
_NEGATION = re.compile(r"\b(not|no|never|none|nobody|nothing|neither|nor|without|cannot|n't|refused|denied|denies|deny|failed to|has yet to|have yet to)\b|n't\b", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b")
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_MONTH_INDEX = {name: i for i, name in enumerate(MONTHS.split("|"))}
_COMMON_CAPITALISED = {"The", "A", "An", "In", "On", "At", "But", "And", "This", "That", "It", "As", "For", "If", "So", "When", "While", "What", "Why", "How", "Its", "Their", "His", "Her", "Such", "Both", "Last", "First", "Second", "Third", "Early", "Late", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}


@dataclass(frozen=True)
class _Mention:
    value: object
    text: str
    span: tuple[int, int]


def _months(text: str) -> list[_Mention]:
    found = []
    for m in _MONTH_DAY.finditer(text):
        day = m.group(1) or m.group(4)
        month = (m.group(2) or m.group(3)).lower().rstrip(".")
        month_key = _MONTH_INDEX[month] % 12 if month not in ("sept",) else 8
        found.append(_Mention((month_key, int(day)), m.group(0), m.span()))
    return found


def _percents(text: str) -> list[_Mention]:
    found = []
    for m in _PERCENT.finditer(text):
        bound = (m.group(1) or m.group(2) or "").lower()
        value = float(m.group(3).replace(",", "."))
        found.append(_Mention((bound, value), m.group(0), m.span()))
    return found


def _quantities(text: str, skip: list[tuple[int, int]]) -> list[_Mention]:
    found = []
    for m in _QUANTITY.finditer(text):
        if any(s <= m.start() < e for s, e in skip):
            continue
        raw = m.group(3)
        if _YEAR.fullmatch(raw) and not m.group(4):
            continue  # years are compared as dates
        number = float(raw.replace(",", ""))
        unit = (m.group(4) or "").strip().lower()
        number *= _SCALE.get(unit, 1)
        bound = (m.group(1) or m.group(2) or "").lower()
        found.append(_Mention((bound, number), m.group(0).strip(), m.span()))
    return found


def _compatible(a: tuple[str, float], b: tuple[str, float]) -> bool:
    """Two quantities can both be true: equal, or one a bound that admits the other."""
    (bound_a, x), (bound_b, y) = a, b
    if x == y:
        return True
    if x.is_integer() != y.is_integer() and round(x) == round(y):
        return True  # a figure and its rounding ("46 per cent" / "46.2 percent")
    approximate = {"almost", "nearly", "about", "around", "roughly", "some"}
    if bound_a in approximate or bound_b in approximate:
        return abs(x - y) <= 0.1 * max(abs(x), abs(y))
    lower = {"more", "over", "above"}
    upper = {"less", "fewer", "under", "below"}
    if bound_a in lower:
        return y > x if not bound_b else bound_b in lower
    if bound_a in upper:
        return y < x if not bound_b else bound_b in upper
    if bound_b in lower:
        return x > y
    if bound_b in upper:
        return x < y
    return False


def _disjoint(a_items: list[_Mention], b_items: list[_Mention], kind: str, compatible=lambda x, y: x == y) -> list[Evidence]:
    """Report when both claims state a value of this kind and no pair of values can both hold."""
    if not a_items or not b_items:
        return []
    if any(compatible(x.value, y.value) for x in a_items for y in b_items):
        return []
    x, y = a_items[0], b_items[0]
    return [Evidence(kind=kind, a_text=x.text, b_text=y.text, a_span=x.span, b_span=y.span)]


def _negation(a: str, b: str) -> list[Evidence]:
    a_neg, b_neg = list(_NEGATION.finditer(a)), list(_NEGATION.finditer(b))
    if bool(a_neg) == bool(b_neg):
        return []
    m = (a_neg or b_neg)[0]
    if a_neg:
        return [Evidence(kind="negation", a_text=m.group(0), b_text="", a_span=m.span(), b_span=(0, 0))]
    return [Evidence(kind="negation", a_text="", b_text=m.group(0), a_span=(0, 0), b_span=m.span())]


def _names(text: str) -> list[_Mention]:
    found = []
    for m in _NAME.finditer(text):
        words = [w for w in re.split(r"[ -]", m.group(0)) if w not in _COMMON_CAPITALISED]
        if words and m.start() > 0:  # the first word of a sentence is capitalised anyway
            found.append(_Mention(" ".join(words), m.group(0), m.span()))
    return found


def same_name(a: str, b: str) -> bool:
    """'Kim Jung Un' and 'Kim Jong Un', 'Kim Jong-un' are one person; 'Xi' and 'Putin' are not."""
    a_norm, b_norm = a.lower().replace("-", " "), b.lower().replace("-", " ")
    return a_norm == b_norm or a_norm in b_norm or b_norm in a_norm or fuzz.ratio(a_norm, b_norm) >= 85


def rule_rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a packaged rule list, comments and blank lines skipped."""
    text = importlib.resources.files("claimdiff").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def any_phrase(patterns) -> re.Pattern:
    """One case-insensitive pattern for any of a rule list's phrases, each matched at word boundaries."""
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _stance_rules() -> tuple[dict[str, str], re.Pattern, re.Pattern, re.Pattern]:
    """Actor aliases, the actor pattern, and the backing and keeping-away verb patterns (claimdiff/data)."""
    aliases = {alias: actor for alias, actor in rule_rows("actor_aliases.tsv")}
    actor = re.compile(r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True)) + r")(?![\w])")
    verbs = {"support": [], "distance": []}
    for kind, pattern in rule_rows("stance_verbs.tsv"):
        verbs[kind].append(pattern)
    support, distance = (re.compile(r"\b(" + "|".join(verbs[k]) + r")\b", re.IGNORECASE) for k in ("support", "distance"))
    return aliases, actor, support, distance


COUNTERPART_WORDS = 6  # the words after a stance verb, within its clause, in which its counterpart (object) is looked for
_CLAUSE_END = re.compile(r"[,;:()\u2013\u2014]|\s-\s")


@dataclass(frozen=True)
class Stance:
    actor: str
    verb: re.Match
    counterparts: frozenset[str]  # actors named as the verb's object ("aiding Moscow" -> {"russia"}); empty when none is named


def _acting(text: str, verbs: re.Pattern) -> Stance | None:
    """The first stance verb whose subject is a known actor: the actor stands just before it
    ("Beijing aiding", "China has conspicuously kept", "China's support")."""
    aliases, actor_pattern, _, _ = _stance_rules()
    for verb in verbs.finditer(text):
        window = text[max(0, verb.start() - 45) : verb.start()]
        actors = list(actor_pattern.finditer(window))
        if actors and len(window[actors[-1].end() :].split()) <= 3 and not _NEGATION.search(window[actors[-1].end() :]):
            clause = _CLAUSE_END.split(text[verb.end() :], maxsplit=1)[0]  # "keeping its distance, Russia is..." names no counterpart
            after = " ".join(clause.split()[:COUNTERPART_WORDS])
            counterparts = frozenset(aliases[m.group(0)] for m in actor_pattern.finditer(after))
            return Stance(aliases[actors[-1].group(0)], verb, counterparts)
    return None


DIRECT, PARTIAL, WEAK = 0.8, 0.6, 0.4  # how directly two opposite stances address the same actor, action and counterpart


def stance_divergence(a: str, b: str) -> tuple[Evidence, float, str] | None:
    """The same actor backing something in one claim and keeping away in the other ("Beijing is
    aiding Moscow" / "China has kept its distance"), with how directly the two address the same
    counterpart: a clash of portrayal that NLI models trained on image captions rarely see, and
    never a checkable contradiction. Both actors must be the subjects of their verbs."""
    _, _, support, distance = _stance_rules()
    for supporter_text, distancer_text, flipped in ((a, b, False), (b, a, True)):
        backing = _acting(supporter_text, support)
        keeping_away = _acting(distancer_text, distance)
        if not (backing and keeping_away and backing.actor == keeping_away.actor):
            continue
        x, y = backing.verb, keeping_away.verb
        if backing.counterparts and backing.counterparts == keeping_away.counterparts:
            directness, why = DIRECT, f"the same counterpart ({', '.join(sorted(backing.counterparts))})"
        elif backing.counterparts and keeping_away.counterparts:
            directness, why = WEAK, (
                f"different counterparts ({', '.join(sorted(backing.counterparts))} vs {', '.join(sorted(keeping_away.counterparts))})"
            )
        else:
            directness, why = PARTIAL, "a counterpart named on one side only"
        if flipped:
            evidence = Evidence(kind="stance", a_text=y.group(0), b_text=x.group(0), a_span=y.span(), b_span=x.span())
        else:
            evidence = Evidence(kind="stance", a_text=x.group(0), b_text=y.group(0), a_span=x.span(), b_span=y.span())
        return evidence, directness, f"{backing.actor}: {why}"
    return None


@lru_cache(maxsize=65536)
def _facts(text: str) -> tuple[list[_Mention], list[_Mention], list[_Mention], list[_Mention]]:
    """Dates, years, percentages and quantities of one text, read once however many pairs it is in (never mutated)."""
    dates, percents = _months(text), _percents(text)
    years = [_Mention(int(m.group(0)), m.group(0), m.span()) for m in _YEAR.finditer(text)]
    return dates, years, percents, _quantities(text, [m.span for m in percents + dates])


def differences(a: str, b: str) -> tuple[Evidence, ...]:
    """Every deterministic clash between claim texts a and b, spans relative to each text."""
    found: list[Evidence] = []
    a_dates, a_years, a_pct, a_qty = _facts(a)
    b_dates, b_years, b_pct, b_qty = _facts(b)
    found += _disjoint(a_dates, b_dates, "date")
    found += _disjoint(a_years, b_years, "date")
    found += _disjoint(a_pct, b_pct, "number", _compatible)
    found += _disjoint(a_qty, b_qty, "number", _compatible)
    found += _negation(a, b)
    stance = stance_divergence(a, b)
    if stance:
        found.append(stance[0])
    return tuple(found)


def differing_names(a: str, b: str) -> tuple[Evidence, ...]:
    """Names in one claim with no variant in the other: a weaker signal, used only for near-copies."""
    a_names, b_names = _names(a), _names(b)
    only_a = [x for x in a_names if not any(same_name(x.value, y.value) for y in b_names)]
    only_b = [y for y in b_names if not any(same_name(x.value, y.value) for x in a_names)]
    if only_a and only_b:
        return (Evidence(kind="entity", a_text=only_a[0].text, b_text=only_b[0].text, a_span=only_a[0].span, b_span=only_b[0].span),)
    return ()


_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,})[\"“”]")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def facts_differ(a: str, b: str, a_source: str = "", b_source: str = "") -> str | None:
    """Why two claims cannot be a paraphrase, or None: a number or date differs or is stated on one
    side only, each side names someone or something the other does not, or one side adds a
    checkable detail (`added_detail`)."""
    kind = _unequal_values(a, b)
    if kind:
        return f"a {kind} differs or is stated on one side only"
    only_a, only_b = _unmatched_names(a, b)
    if only_a and only_b:
        return "each side names what the other does not"
    added = added_detail(a, b, a_source, b_source)
    return added.why if added else None


@dataclass(frozen=True)
class AddedDetail:
    """What one claim adds to the other, and the reason the judge gives for calling it an agreement."""

    kind: str  # "date", "number", "quote" or "name"
    why: str


def added_detail(a: str, b: str, a_source: str = "", b_source: str = "") -> AddedDetail | None:
    """The checkable detail by which one claim elaborates the other, or None: a number or date
    stated on one side only or more exactly ("nearly half" / "48%"), quoted words that differ, a
    quotation the other side puts in its own words, or a name only one side gives.

    Values that cannot both hold are a clash, not an elaboration. `a_source` and `b_source` are the
    rest of each claim's document: a name that the other claim's source states elsewhere ("Corran
    Water" for "the company", "Kesland" for the host country) is no news to a reader of both
    sources. Names on both sides that the other lacks are two claims about different people or
    things, not one elaborating the other.
    """
    if any(e.kind in ("date", "number") for e in differences(a, b)):
        return None
    kind = _unequal_values(a, b)
    if kind:
        return AddedDetail(kind, f"a {kind} stated on one side only or more exactly")
    only_a, only_b = _unmatched_names(a, b)
    if only_a and only_b:
        return None
    a_quotes, b_quotes = {_words(q) for q in _QUOTED.findall(a)}, {_words(q) for q in _QUOTED.findall(b)}
    if a_quotes and b_quotes and a_quotes != b_quotes:
        return AddedDetail("quote", "the quoted words differ")
    # A quotation the other side summarises in its own words is "a quote and a summary of it": support,
    # not the same statement. The same words as reported speech, marks dropped, add nothing.
    if any(not _reported(q, b) for q in a_quotes - b_quotes) or any(not _reported(q, a) for q in b_quotes - a_quotes):
        return AddedDetail("quote", "one side quotes what the other puts in its own words")
    if (only_a and not only_b and not all(_named_in(x, b_source, ()) for x in only_a)) or (
        only_b and not only_a and not all(_named_in(y, a_source, ()) for y in only_b)
    ):
        return AddedDetail("name", "a name is given on one side only")
    return None


def _unequal_values(a: str, b: str) -> str | None:
    """"date" or "number" when the two claims do not state the same set of values of that kind."""
    a_dates, a_years, a_pct, a_qty = _facts(a)
    b_dates, b_years, b_pct, b_qty = _facts(b)
    for kind, x, y in (("date", a_dates + a_years, b_dates + b_years), ("number", a_pct + a_qty, b_pct + b_qty)):
        if {m.value[-1] if isinstance(m.value, tuple) else m.value for m in x} != {m.value[-1] if isinstance(m.value, tuple) else m.value for m in y}:
            return kind
    return None


def _unmatched_names(a: str, b: str) -> tuple[list[_Mention], list[_Mention]]:
    """The names of each claim that the other claim does not give in any form."""
    a_names, b_names = _names(a), _names(b)
    return [x for x in a_names if not _named_in(x, b, b_names)], [y for y in b_names if not _named_in(y, a, a_names)]


REPORTED_SPEECH_SHARE = 0.5  # share of a quotation's words the other claim must repeat for it to be the same remark as reported speech


def _reported(quote: str, text: str) -> bool:
    """Whether `text` repeats most of the quoted words ("said the early order had given people time to leave calmly")."""
    words, others = quote.split(), set(_words(text).split())
    return sum(word in others for word in words) >= REPORTED_SPEECH_SHARE * len(words)


def _named_in(name: _Mention, text: str, names: Sequence[_Mention]) -> bool:
    """Named in `text` too: as written, as a variant ("Kim Jung Un"), or as an alias ("America" / "the US")."""
    aliases, actor_pattern, _, _ = _stance_rules()
    actor = aliases.get(name.text) or aliases.get(name.value)
    return (
        name.value.lower() in text.lower()
        or any(same_name(name.value, other.value) for other in names)
        or (actor is not None and any(aliases[m.group(0)] == actor for m in actor_pattern.finditer(text)))
    )


@lru_cache(maxsize=1)
def _withholding_pattern() -> re.Pattern:
    return any_phrase(row[0] for row in rule_rows("withholding.tsv"))


@lru_cache(maxsize=1)
def disclosure_verbs() -> frozenset[str]:
    """Lemmas by which someone states a fact as settled or announced (claimdiff/data/disclosure_verbs.txt)."""
    return frozenset(row[0].strip() for row in rule_rows("disclosure_verbs.txt"))


def withholding(text: str) -> re.Match | None:
    """Where a claim withholds or leaves open a fact ("declined to say", "too early to say"), if it
    does. Words inside quotation marks are the speaker's, not the source's stance on the fact."""
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    return next((m for m in _withholding_pattern().finditer(text) if not any(s <= m.start() < e for s, e in quoted)), None)


_DIGITS = re.compile(r"\d[\d,.]*")


def masked_similarity(a: str, b: str) -> float:
    """Order-sensitive similarity of two texts with every number masked, 0..1: "Bary, 24, is the son
    of..." and "Bary, 23, is the son of..." are one sentence; "who is now 58, rose..." and "He spent
    29 years with the RCMP and rose..." are not."""
    return fuzz.ratio(_DIGITS.sub("#", a.lower()), _DIGITS.sub("#", b.lower())) / 100
