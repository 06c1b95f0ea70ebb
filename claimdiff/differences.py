"""Deterministic differences between two aligned claims: numbers, dates, negation, names.

NLI models are weakest exactly where fact-checkers care most ("3 March" vs "5 March", "90%" vs
"less than 2 percent", "have begun diverting" vs "no vessels have been diverted"), so these checks
run beside the model. They only report; the judge decides whether the claims are close enough for
a difference to mean a contradiction. Name variants ("Kim Jung Un" / "Kim Jong Un") are matched
fuzzily and never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from claimdiff.model import Evidence

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_MONTH_DAY = re.compile(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\b|({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b)", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PERCENT = re.compile(r"(?:(less|more|fewer|under|over|below|above)\s+than\s+|(almost|nearly|about|around|roughly|over|under)\s+)?(\d+(?:[.,]\d+)?)\s*(%|per\s?cent|percent)", re.IGNORECASE)
_QUANTITY = re.compile(r"(?:(less|more|fewer)\s+than\s+|(almost|nearly|about|around|roughly|over|under|some)\s+)?\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(?:million|billion|thousand|trillion|m|bn|k))?\b(?!\s*(?:%|per\s?cent|percent))", re.IGNORECASE)
_NEGATION = re.compile(r"\b(not|no|never|none|nobody|nothing|neither|nor|without|cannot|n't|refused|denied|denies|deny|failed to|has yet to|have yet to)\b|n't\b", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b")
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_MONTH_INDEX = {name: i for i, name in enumerate(MONTHS.split("|"))}
_COMMON_CAPITALISED = {"The", "A", "An", "In", "On", "At", "But", "And", "This", "That", "It", "As", "For", "If", "So", "When", "While", "What", "Why", "How", "Its", "Their", "His", "Her", "Such", "Both", "Last", "First", "Second", "Third", "Early", "Late"}


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


# Who is meant by a capital or seat of government in news copy ("Beijing" = China).
ACTOR_ALIASES = {
    "beijing": "china", "chinese": "china", "prc": "china", "moscow": "russia", "kremlin": "russia", "russian": "russia",
    "pyongyang": "north korea", "dprk": "north korea", "washington": "united states", "us": "united states", "u.s.": "united states",
    "america": "united states", "american": "united states", "seoul": "south korea", "tokyo": "japan", "kyiv": "ukraine", "kiev": "ukraine",
}
_ACTOR = re.compile(r"\b(Beijing|China|Chinese|PRC|Moscow|Kremlin|Russia|Russian|Pyongyang|North Korea|DPRK|Washington|United States|U\.S\.|US|America|American|Seoul|South Korea|Tokyo|Japan|Kyiv|Kiev|Ukraine)\b")
# Verbs of backing and of keeping away: an actor doing one in a claim and the other in an aligned claim.
_SUPPORT = re.compile(r"\b(aid(?:s|ed|ing)?|support(?:s|ed|ing)?|back(?:s|ed|ing)|help(?:s|ed|ing)?|suppl(?:y|ies|ied|ying)|arm(?:s|ed|ing)|embrac(?:e|es|ed|ing)|ally|allied|resuppl(?:y|ies|ied|ying)|prop(?:s|ped|ping) up)\b", re.IGNORECASE)
_DISTANCE = re.compile(r"\b(shun(?:s|ned|ning)?|(?:kept|keeps|keep|keeping) (?:its|their|his|her) distance|distanc(?:e|es|ed|ing) (?:itself|themselves|himself|herself)|refus(?:e|es|ed|ing) to (?:help|aid|support|back)|reject(?:s|ed|ing)?|abandon(?:s|ed|ing)?|snub(?:s|bed|bing)?|stay(?:s|ed)? out of|steer(?:s|ed)? clear)\b", re.IGNORECASE)


def _acting(text: str, verbs: re.Pattern) -> tuple[str, re.Match] | None:
    """The first stance verb whose subject is a known actor: the actor stands just before it
    ("Beijing aiding", "China has conspicuously kept", "China's support")."""
    for verb in verbs.finditer(text):
        window = text[max(0, verb.start() - 45) : verb.start()]
        actors = list(_ACTOR.finditer(window))
        if actors and len(window[actors[-1].end() :].split()) <= 3 and not _NEGATION.search(window[actors[-1].end() :]):
            return ACTOR_ALIASES.get(actors[-1].group(0).lower(), actors[-1].group(0).lower()), verb
    return None


def _stance(a: str, b: str) -> list[Evidence]:
    """The same actor backing something in one claim and keeping away in the other ("Beijing is
    aiding Moscow" / "China has kept its distance"): a clash of stance that NLI models trained on
    image captions rarely see. Both actors must be the subjects of their verbs."""
    for supporter_text, distancer_text, flipped in ((a, b, False), (b, a, True)):
        backing = _acting(supporter_text, _SUPPORT)
        keeping_away = _acting(distancer_text, _DISTANCE)
        if backing and keeping_away and backing[0] == keeping_away[0]:
            x, y = backing[1], keeping_away[1]
            if flipped:
                return [Evidence(kind="stance", a_text=y.group(0), b_text=x.group(0), a_span=y.span(), b_span=x.span())]
            return [Evidence(kind="stance", a_text=x.group(0), b_text=y.group(0), a_span=x.span(), b_span=y.span())]
    return []


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
    found += _stance(a, b)
    return tuple(found)


def differing_names(a: str, b: str) -> tuple[Evidence, ...]:
    """Names in one claim with no variant in the other: a weaker signal, used only for near-copies."""
    a_names, b_names = _names(a), _names(b)
    only_a = [x for x in a_names if not any(same_name(x.value, y.value) for y in b_names)]
    only_b = [y for y in b_names if not any(same_name(x.value, y.value) for x in a_names)]
    if only_a and only_b:
        return (Evidence(kind="entity", a_text=only_a[0].text, b_text=only_b[0].text, a_span=only_a[0].span, b_span=only_b[0].span),)
    return ()
