"""Stage 3: the checkable facts each claim states, and the conflicts between sources' facts.

Why a fact stage next to NLI: the conflicts a careful reader finds first in real news are checkable
values (a date, a sum, a count, a weekday, who won, who did it) inside sentences that also say other
things; a sentence-level NLI model reads those as "related". Here spaCy (``claimdiff.nlp.english``)
parses every claim once, values are normalised into comparable slots (intervals for numbers, day
and minute intervals for dates and times, name keys for entities), and two claims of *different*
documents are compared only when they are about the same thing: they share content keys (lemmas
mapped through synonym groups, entity keys, the counted noun), found through an inverted index of
key pairs, so the work stays near-linear in the number of claims. Compatible values ("about 1,200"
/ "1,180", "February" / "Feb. 28", "a dozen" / "twelve") are never conflicts.

Word lists (number words, approximators, increment markers, synonym groups, outcome and status classes, role
words, exclusive-attribution markers, membership, exclusion and participation verbs, statement words, topic
stop-words) are data files in ``claimdiff/data/facts/``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import importlib.resources
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from claimdiff import quotes as quote_stage
from claimdiff.model import Claim, Conflict, Document, Fact, Slot

INFINITY = math.inf
PARSE_BATCH = 256
MAX_INDEX_KEYS = 24  # a claim's key-pair index entries grow with the square of its keys; long claims index their first 24
SMALL_TOPIC = 3  # a claim with this few keys may be matched on one shared key

# ---------------------------------------------------------------- word lists


@dataclass(frozen=True)
class Lexicon:
    number_words: dict[str, tuple[float, str]]  # word -> (value, count|scale|fraction|approx)
    approximators: dict[str, str]  # lower-case phrase -> meaning
    groups: dict[str, str]  # lemma -> synonym group name
    outcomes: dict[tuple[str, str], list[tuple[str, str, frozenset[str]]]]  # (lemma, POS) -> [(class, side, objects)]
    status: dict[str, tuple[str, str]]  # lemma -> (class, value)
    roles: dict[str, tuple[str, str]]  # word -> (dimension, value)
    exclusive: frozenset[str]
    stopwords: frozenset[str]
    position_verbs: frozenset[str]
    increments: dict[str, str]  # word -> "before" / "after" the number: "a further 20", "20 more"; "each": "$5 apiece"
    scope_verbs: frozenset[str]  # verbs that make their subject members of a whole: "took part in the trial"
    exclusion_verbs: frozenset[str]  # "left out of", "excluded from": the person had no part in the event
    participation_verbs: frozenset[str]  # "led", "attended": the person had a part in the event that is the object
    statement_words: frozenset[str]  # a header line with one names the body that speaks as "we": "Kestrel Mutual | Customer notice"
    naming_verbs: frozenset[str]  # "known as", "dubbed": another name for the same one, never a rival holder of a role


def _rows(name: str) -> Iterable[list[str]]:
    text = importlib.resources.files("claimdiff").joinpath("data", "facts", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged word lists, read once."""
    groups: dict[str, str] = {}
    for group, words in _rows("synonyms.tsv"):
        for word in words.split():  # "name/VERB": only that part of speech
            groups.setdefault(word, group)
    outcomes: dict[tuple[str, str], list[tuple[str, str, frozenset[str]]]] = defaultdict(list)
    for lemma, pos, klass, side, objects in _rows("outcomes.tsv"):
        outcomes[(lemma, pos)].append((klass, side, frozenset(objects.split(",")) - {"any"}))
    return Lexicon(
        number_words={word: (float(value), kind) for word, value, kind in _rows("number_words.tsv")},
        approximators={phrase: meaning for phrase, meaning in _rows("approximators.tsv")},
        groups=groups,
        outcomes=dict(outcomes),
        status={lemma: (klass, value) for lemma, klass, value in _rows("status.tsv")},
        roles={word: (dimension, value) for word, dimension, value in _rows("roles.tsv")},
        exclusive=frozenset(row[0] for row in _rows("exclusive_markers.tsv")),
        stopwords=frozenset(row[0] for row in _rows("topic_stopwords.txt")),
        position_verbs=frozenset(row[0] for row in _rows("position_verbs.txt")),
        increments={word: where for word, where in _rows("increment_markers.tsv")},
        scope_verbs=frozenset(row[0] for row in _rows("scope_verbs.txt")),
        exclusion_verbs=frozenset(row[0] for row in _rows("exclusion_verbs.txt")),
        participation_verbs=frozenset(row[0] for row in _rows("participation_verbs.txt")),
        statement_words=frozenset(row[0] for row in _rows("statement_words.txt")),
        naming_verbs=frozenset(row[0] for row in _rows("naming_verbs.txt")),
    )


def group_of(lemma: str, pos: str | None = None) -> str:
    """The synonym group a lemma belongs to (for that part of speech when the list says so), or the lemma itself."""
    groups = lexicon().groups
    if pos is not None and f"{lemma}/{pos}" in groups:
        return groups[f"{lemma}/{pos}"]
    return groups.get(lemma, lemma)


# ---------------------------------------------------------------- extraction

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
            ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
            ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CURRENCY_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY"}
CURRENCY_WORDS = {"pound": "GBP", "dollar": "USD", "euro": "EUR", "yen": "JPY", "yuan": "CNY", "rouble": "RUB", "ruble": "RUB"}
DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade"}
ENTITY_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "org"}
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "judge", "justice", "president", "minister", "mr.", "mrs.", "ms.", "dr."}

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?((?:\s*(?:,|and|&|-|–|to)\s*\d{1,2}(?:st|nd|rd|th)?)*)\s+(?:of\s+)?([A-Za-z]{3,9})\.?\b"
)
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:[,:]\s*)?\d{3})")
_CLOCK = re.compile(
    r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)|\b([01]?\d|2[0-3]):([0-5]\d)\b|\b(midnight|noon|midday)\b",
    re.IGNORECASE,
)
_DAY_PARTS = (  # phrase -> minutes after the start of the day it names (may run past 24:00 into the next)
    ("early hours of", (0, 360)),
    ("early hours", (0, 360)),
    ("late on", None),  # narrows the part that follows
    ("overnight", (-180, 420)),
    ("morning", (300, 720)),
    ("afternoon", (720, 1080)),
    ("evening", (1020, 1440)),
    ("night", (1140, 1800)),
    ("tonight", (1140, 1800)),
)


PRONOUN_ACTORS = frozenset({"it", "he", "she", "they", "we", "i", "you", "this", "that", "there"})  # actors that say nothing of who without context


def extract_facts(documents: Sequence[Document], claims: Sequence[Claim]) -> tuple[Fact, ...]:
    """Every claim's facts, in claim order (a claim may state several, or none)."""
    from claimdiff.nlp import english

    if not claims:
        return ()
    nlp = english()
    by_id = {document.id: document for document in documents}
    quotes_by_claim: dict[str, tuple] = {}
    claims_by_doc: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        claims_by_doc[claim.doc_id].append(claim)
    for doc_id, doc_claims in claims_by_doc.items():
        if doc_id in by_id:
            quotes_by_claim.update(quote_stage.extract_quotes(by_id[doc_id], doc_claims))
    authors = {document.id: document_author(document) for document in documents}
    names = {document.id: names_mid_sentence(document.text) for document in documents}
    facts: list[Fact] = []
    for claim, parsed in zip(claims, nlp.pipe((claim.text for claim in claims), batch_size=PARSE_BATCH)):
        document = by_id.get(claim.doc_id)
        anchor = _iso_date(document.date) if document is not None else None
        facts.extend(claim_facts(claim, parsed, anchor, quotes_by_claim.get(claim.id, ()), authors.get(claim.doc_id), names.get(claim.doc_id, frozenset())))
    return tuple(facts)


_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")


def names_mid_sentence(text: str) -> frozenset[str]:
    """Words a document capitalises inside a sentence (lower-cased): names, even where they open one ("Apple said")."""
    return frozenset(word.lower() for word in _MID_SENTENCE_CAPITAL.findall(text))


FIRST_PERSON = frozenset({"we", "us", "our", "ours", "ourselves"})
MIN_FIRST_PERSON = 3  # a statement speaks as "we" throughout; a news article does so in quotations only
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')


def document_author(document: Document) -> str | None:
    """Who "we" is in a document that speaks for a company or body: a header line that calls it a statement or notice
    names it ("Kestrel Mutual | Customer notice", "Statement from Hollins & Pryce Plastics on ..."), and the body says
    "we" outside quotation marks. The name's entity key, or None (news articles, columns, blogs)."""
    from claimdiff.nlp import english

    words = lexicon().statement_words
    headers = [line for line in (document.title or "", *document.boilerplate) if words & set(re.findall(r"[a-z]+", line.lower()))]
    if not headers:
        return None
    unquoted = _QUOTED.sub(" ", document.text)
    if sum(1 for word in re.findall(r"[A-Za-z]+", unquoted) if _first_person(word)) < MIN_FIRST_PERSON:
        return None
    for line in headers:
        names = [entity.text for entity in english()(line).ents if entity.label_ in ("ORG", "PERSON", "GPE", "NORP")]
        names += [part.strip() for part in re.split(r"\s[|•–-]\s", line) if _masthead_name(part, words)]  # "Kestrel Mutual | Customer notice"
        if names:
            return entity_key(names[0], "org")
    return None


def _first_person(word: str) -> bool:
    """"we", "We", "our": not "US" (the United States)."""
    return word.lower() in FIRST_PERSON and not (len(word) > 1 and word.isupper())


def _masthead_name(part: str, statement_words: frozenset[str]) -> bool:
    """A masthead's name part: a few capitalised words, none of them a statement word."""
    words = part.split()
    return 0 < len(words) <= 5 and all(word[:1].isupper() and word.lower() not in statement_words for word in words)


def _iso_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


CLAUSE_DEPS = ("ROOT", "advcl", "ccomp", "conj", "relcl", "parataxis", "csubj")  # a verb with one of these heads a clause


def claim_facts(
    claim: Claim, parsed, anchor: dt.date | None, quotes: tuple = (), author: str | None = None, names: frozenset[str] = frozenset()
) -> list[Fact]:
    """The facts of one parsed claim: one per clause (its verb is the predicate), in text order.

    A fact's topic is the keys of its own clause, so that a value is compared with another source's
    only when their clauses are about the same thing, however much else the sentence says. A weekday
    that names another event ("before Wednesday's talks") or a duration that qualifies a noun
    ("a five-year contract") makes a fact of that noun."""
    tokens = list(parsed)
    if not tokens:
        return []
    slots: list[tuple[Slot, int]] = []  # slot and the index of the token it hangs from
    slots += _date_time_slots(parsed, anchor)
    taken = [slot.span for slot, _ in slots]
    slots += [(slot, index) for slot, index in _number_slots(parsed) if not any(slot.span[0] < end and start < slot.span[1] for start, end in taken)]
    slots += _entity_slots(parsed)
    slots += _role_slots(parsed)
    slots += _outcome_slots(parsed)
    slots += _agent_slots(parsed)
    slots += _excluded_slots(parsed)
    slots += _order_slots(parsed)
    if author is not None:  # "one of our suppliers" in a company's own notice: the company's
        slots = [(replace(slot, scope="|".join(name_part(author) if owner == "we" else owner for owner in slot.scope.split("|"))) if slot.scope and slot.kind in ENTITY_KINDS.values() else slot, index) for slot, index in slots]
    heads = _clause_heads(parsed)
    clause = [_clause_head(token, heads) for token in tokens]
    by_head: dict[int, list[Slot]] = {head: [] for head in heads}
    noun_facts: set[int] = set()
    for slot, token_index in slots:
        noun = _event_noun(parsed[token_index], slot)
        if noun is not None:
            noun_facts.add(noun.i)
            by_head.setdefault(noun.i, []).append(slot)
        else:
            by_head[clause[token_index]].append(slot)
    for head, found in by_head.items():  # "the licence was granted" / "granted the licence": one event, its date's scope
        if head not in noun_facts and (dated := _dated_event(parsed[head])) is not None:
            event, (theme_start, theme_end) = dated  # a date inside the thing ("the December 2014 report") is not the act's
            found[:] = [replace(slot, scope=event) if slot.kind == "date" and not theme_start <= slot.span[0] < theme_end else slot for slot in found]
    for head in heads:  # "from 4am on Tuesday, when the strike begins": the strike begins at that time too
        if any(child.lower_ == "when" and child.dep_ == "advmod" for child in parsed[head].children) and parsed[head].dep_ != "ROOT":
            around = clause[parsed[head].head.i]
            by_head[head].extend(slot for slot in by_head.get(around, []) if slot.kind == "time" and slot.low is not None and slot not in by_head[head])
    keys = [token_key(token) for token in tokens]
    local: dict[int, list[str]] = defaultdict(list)
    for token in tokens:
        if keys[token.i]:
            local[clause[token.i]].append(keys[token.i])
            if token.lower_ not in names and (word := _opening_word(token, keys[token.i])) is not None:
                local[clause[token.i]].append(word)
        elif author is not None and _first_person(token.text):  # "we became aware", "one of our suppliers": the author
            local[clause[token.i]].extend(NAME_MARK + word for word in name_part(author).split())
    for head in heads:
        if parsed[head].dep_ == "relcl" and keys[parsed[head].head.i]:
            local[head].append(keys[parsed[head].head.i])  # "inflation, which stood at 6.1%": the clause is about inflation
    for noun in noun_facts:
        local[noun] = [keys[token.i] for token in parsed[noun].subtree if keys[token.i]]
    speaker = _speaker(parsed)
    root = next((token.i for token in tokens if token.dep_ == "ROOT"), 0)
    facts = []
    for index in sorted(by_head):
        predicate = parsed[index]
        subject = _subject_of(predicate) if index not in noun_facts else None
        facts.append(
            Fact(
                claim_id=claim.id,
                actor=(author if author is not None and _first_person(subject.text) else _actor_key(subject)) if subject is not None else None,
                predicate=_event_name(predicate, subject) if index not in noun_facts else group_of(predicate.lemma_.lower()),
                polarity=not _negated(predicate),
                modality=_modality(predicate),
                slots=tuple(sorted(by_head[index], key=lambda slot: (slot.span, slot.kind, slot.value))),
                quotes=tuple(quotes) if index == root else (),
                speaker=speaker,
                actor_span=_span_of(subject) if subject is not None else None,
                predicate_span=(predicate.idx, predicate.idx + len(predicate.text)),
                topic=tuple(sorted(set(local[index]))),
            )
        )
    return facts


CONTROL_VERBS = frozenset({"expect", "plan", "set", "schedule", "intend", "aim", "due"})
EVENT_VERBS = frozenset({"be", "come", "happen", "occur", "take_place", "follow"})  # "the first approach came in November"


def _event_name(predicate, subject) -> str:
    """A clause's predicate; for "X came / happened / was in ..." the event is X."""
    lemma = _predicate_lemma(predicate)
    for child in predicate.children:  # "are due to be presented", "is expected to start": the event is the complement's
        complement = child if child.dep_ == "xcomp" else next((c for c in child.children if c.dep_ == "xcomp"), None) if child.dep_ == "acomp" else None
        if complement is not None and complement.pos_ == "VERB" and (lemma == "be" or lemma in CONTROL_VERBS):
            return _predicate_lemma(complement)
    if lemma in ("become", "be", "get") and (state := next((child for child in predicate.children if child.dep_ == "acomp" and child.lemma_.lower() in ("aware", "conscious")), None)) is not None:
        return group_of(state.lemma_.lower())  # "we became aware" is learning of it
    if lemma in EVENT_VERBS and subject is not None and subject.pos_ == "NOUN" and not any(child.dep_ in ("attr", "acomp") for child in predicate.children):
        return group_of(subject.lemma_.lower())
    return lemma


def _dated_event(verb) -> tuple[str, tuple[int, int]] | None:
    """An act on one definite thing, passive or active alike: "the licence was granted" and "the agency granted the
    licence" are both "grant licence". None for other clauses (a date of "the licence" with another verb, "won a title")."""
    if verb.pos_ != "VERB":
        return None
    theme = next((child for child in verb.children if child.dep_ in ("dobj", "nsubjpass") and child.pos_ == "NOUN" and child.tag_ == "NN"), None)
    if theme is None or not any(child.dep_ in ("det", "poss") and child.lower_ not in ("a", "an", "another", "any", "some") for child in theme.children):
        return None
    return f"{group_of(_predicate_lemma(verb), 'VERB')} {group_of(theme.lemma_.lower())}", _span_of(theme)


def _clause_head(token, heads: set[int]) -> int:
    current = token
    for _ in range(64):
        if current.i in heads or current.head == current:
            return current.i
        current = current.head
    return current.i


def _event_noun(token, slot: Slot):
    """The noun a value belongs to when it names another event than its clause's verb, else None."""
    if slot.kind in ("date", "time") and token.dep_ in ("poss", "compound") and token.head.pos_ == "NOUN" and token.head.lower_ not in _TIME_WORDS:
        return token.head  # "Saturday's evacuation order", "before Wednesday's talks"
    if slot.kind == "date" and token.dep_ == "pobj" and token.head.dep_ == "prep":
        noun = token.head.head  # "the founding of the People's Republic in 1949", "reports in July"
        if noun.pos_ == "NOUN" and noun.text.islower() and noun.lower_ not in _TIME_WORDS and noun.lemma_.lower() not in ("end", "beginning", "start", "middle"):
            return noun
    if slot.kind in ("number", "quantity") and slot.unit in DURATION_UNITS:
        current = token
        for _ in range(4):  # "a five-year contract", "a two-year freeze"
            if current.dep_ in ("compound", "amod", "npadvmod", "nummod") and current.head.pos_ == "NOUN" and current.head.lemma_.lower() not in DURATION_UNITS:
                return current.head
            if current.head == current:
                break
            current = current.head
    return None


def _span_of(token) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


def _predicate_of(token):
    """The verb (or root) a token's value belongs to."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX") and current.dep_ not in ("aux", "auxpass", "amod"):
            return current
        if current.dep_ == "ROOT" or current.head == current:
            return current
        current = current.head
    return current


def _predicate_lemma(token) -> str:
    lemma = token.lemma_.lower()
    particle = next((child for child in token.children if child.dep_ == "prt"), None)
    if particle is not None:
        lemma = f"{lemma}_{particle.lemma_.lower()}"
    return lemma


def _subject_of(token):
    current = token
    for _ in range(6):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return child
        if current.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl") and current.head != current:
            if current.dep_ in ("relcl", "acl") and current.head.pos_ in ("NOUN", "PROPN"):
                return current.head
            current = current.head
        else:
            break
    return None


def _actor_key(token) -> str:
    """A subject as a comparable key: an entity's name key, else the head noun's synonym group."""
    named = next((child for child in token.children if child.dep_ == "appos" and child.ent_type_ in ENTITY_KINDS), None)
    if token.pos_ == "NOUN" and named is not None:  # "the shock winner, Helena Marsh,"
        token = named
    entity = next((ent for ent in token.doc.ents if ent.start <= token.i < ent.end), None)
    if entity is not None and entity.label_ in ENTITY_KINDS:
        return entity_key(entity.text, ENTITY_KINDS[entity.label_])
    if token.pos_ == "PRON":
        return token.lower_
    names = [child.lower_ for child in token.children if child.dep_ == "compound" and child.pos_ == "PROPN"]
    if names:  # "the Whitlow Gap fire": a named one, not any fire
        return " ".join(names + [group_of(token.lemma_.lower())])
    return group_of(token.lemma_.lower())


def _negated(token) -> bool:
    """"did not resign", "would not be appealing" (the parser hangs "not" on "be"), "refused to
    resign", and a subject counted as zero: "No homes have been destroyed", "Not a single train will run"."""
    if any(child.dep_ == "neg" for child in token.children):
        return True
    if any(child.dep_ == "neg" for aux in token.children if aux.dep_ in ("aux", "auxpass") for child in aux.children):
        return True
    subject = next((child for child in token.children if child.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and _counted_as_zero(subject):
        return True
    head = token.head
    if token.dep_ == "xcomp" and head.lemma_.lower() in ("fail", "refuse", "decline"):
        return True
    return False


@lru_cache(maxsize=1)
def _zero_quantifiers() -> tuple[frozenset[str], frozenset[str]]:
    """Determiners and pronouns that count a subject as none (claimdiff/data/facts/zero_quantifiers.txt)."""
    rows = [row[0].strip().lower() for row in _rows("zero_quantifiers.txt")]
    return frozenset(r for r in rows if " " not in r), frozenset(r for r in rows if " " in r)


def _counted_as_zero(subject) -> bool:
    """"No homes", "none of the workers", "nobody", "not a single train", "not one ship"."""
    words, phrases = _zero_quantifiers()
    if subject.lower_ in words and subject.dep_ != "det":
        return True  # "none", "nobody", "nothing"
    if any(child.dep_ == "det" and child.lower_ in words for child in subject.children):
        return True
    left = subject.doc[subject.left_edge.i : subject.i + 1].text.lower()
    return any(left.startswith(phrase) for phrase in phrases)


def _modality(token) -> str:
    lemmas = {child.lemma_.lower() for child in token.children if child.dep_ in ("aux", "auxpass")}
    head = token.head if token.dep_ in ("xcomp", "ccomp") else None
    head_lemma = head.lemma_.lower() if head is not None else ""
    if head_lemma in ("deny",) or token.lemma_.lower() == "deny":
        return "denied"
    if head_lemma in ("refuse", "decline") or token.lemma_.lower() in ("refuse", "decline"):
        return "refused"
    if lemmas & {"may", "might", "could"}:
        return "possible"
    if lemmas & {"will", "shall"} or head_lemma in ("plan", "intend", "set", "due", "expect", "aim", "announce", "propose"):
        return "planned"
    if token.tag_ in ("VBD", "VBN") or lemmas & {"have"}:
        return "done"
    return "unknown"


def _speaker(parsed) -> str | None:
    """Who the claim is attributed to: "X said", "according to X"."""
    for token in parsed:
        if token.lower_ == "according" and token.i + 1 < len(parsed) and parsed[token.i + 1].lower_ == "to":
            objects = [child for child in parsed[token.i + 1].children if child.dep_ == "pobj"]
            if objects:
                return _actor_key(objects[0])
        if token.lemma_.lower() in ("say", "tell", "state", "announce", "confirm") and token.pos_ == "VERB":
            subject = next((child for child in token.children if child.dep_ in ("nsubj",)), None)
            if subject is not None and (token.dep_ in ("ROOT", "parataxis", "ccomp") or token.i > subject.i):
                return _actor_key(subject)
    return None


# ----- topic keys


def token_key(token) -> str | None:
    """What a word says a claim is about: its lemma through the synonym groups, a name's word as written; None for
    function words, stop-words, numbers and time words (values, not topics: claims that differ only there still match).

    Names count word by word, so that variants ("Helena Marsh" / "Marsh", "Kestrel Mutual" / "Kestrel") and NER's
    disagreements on a name's kind do not hide a shared subject."""
    if token.pos_ not in ("NOUN", "PROPN", "VERB", "ADJ"):
        return None
    if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL") and (token.pos_ != "NOUN" or token.lower_ in _TIME_WORDS):
        return None
    lemma = token.lemma_.lower()
    words = lexicon()
    if len(lemma) < 3 or lemma in words.stopwords or lemma in _TIME_WORDS:
        return None
    capitalised = token.text[:1].isupper()
    sentence_start = token.i == 0 or not any(t.is_alpha for t in token.doc[: token.i])
    if sentence_start and token.pos_ == "NOUN" and (_ordinary_word(token.lower_) or _ordinary_word(lemma)):
        pass  # "Turnout was 46%": a capital at the start of a sentence is not a name
    elif token.pos_ == "PROPN" or (capitalised and (token.ent_type_ in ENTITY_KINDS or not (_ordinary_word(token.lower_) or _ordinary_word(lemma)))):
        if token.lower_.strip(".") in TITLES or not token.lower_.replace("-", "").replace(".", "").isalnum():
            return None
        return NAME_MARK + token.lower_  # "BREEZE-3" too
    if not lemma.replace("-", "").isalpha():
        return None
    if token.pos_ == "VERB":
        lemma = _predicate_lemma(token)
    elif token.pos_ == "ADJ":
        lemma = verb_of_participle(lemma)
    if lemma in words.number_words or lemma in ("percent", "cent", "per"):
        return None
    return group_of(lemma, token.pos_)


def _opening_word(token, key: str) -> str | None:
    """The ordinary word a capitalised one-word "name" opening a sentence may be ("Turnout, at 46 per cent,"; NER
    calls it a person): kept as a word key too, so that "turnout" elsewhere still matches. Not for a word its
    document capitalises inside sentences too, nor one NER calls a company or place ("Apple", "Amazon")."""
    if not key.startswith(NAME_MARK) or any(t.is_alpha for t in token.doc[: token.i]):
        return None
    entity = next((ent for ent in token.doc.ents if ent.start <= token.i < ent.end), None)
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if (entity is not None and (len(entity) > 1 or entity.label_ not in ("PERSON", "NORP"))) or (following is not None and following.text[:1].isupper()):
        return None
    word = token.lower_
    return group_of(word, "NOUN") if _ordinary_word(word) and word not in lexicon().stopwords else None


NAME_MARK = "="  # keys of names start with it: a story's names are shared by all its claims, so they are weak evidence


def content_keys(keys) -> set[str]:
    """The keys that are not names."""
    return {key for key in keys if not key.startswith(NAME_MARK)}


@lru_cache(maxsize=4096)
def verb_of_participle(word: str) -> str:
    """"burned" -> "burn", "affected" -> "affect": a participle used as an adjective is matched with its verb."""
    if not word.endswith("ed") or len(word) < 5:
        return word
    from claimdiff.nlp import english

    verbs = english().get_pipe("lemmatizer").lookups.get_table("lemma_index")["verb"]
    stem = word[:-2]
    for candidate in (stem, word[:-1], stem[:-1] + "y" if stem.endswith("i") else None, stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None):
        if candidate and candidate in verbs:
            return candidate
    return word


_TIME_WORDS = frozenset(WEEKDAYS) | frozenset(MONTHS) | {
    "morning", "afternoon", "evening", "night", "midnight", "noon", "midday", "overnight", "hour", "today",
    "yesterday", "tomorrow", "tonight", "week", "weekend", "month", "year", "a.m.", "p.m.", "early", "late",
}


def name_part(key: str) -> str:
    """An entity key without its kind ("person:marsh" -> "marsh"): NER often disagrees on the kind."""
    return key.partition(":")[2]


def entity_key(text: str, kind: str) -> str:
    """A name's comparable key: kind and lower-case words, titles and "the" dropped ("Mr. Mattis" -> person:mattis)."""
    words = [word for word in re.split(r"[\s\u00a0]+", text.strip()) if word]
    while words and words[0].lower().strip(".") in {"the"} | {title.strip(".") for title in TITLES}:
        words = words[1:]
    words = [re.sub(r"(?:'s|’s)$", "", word).replace(".", "").strip(",()").lower() for word in words]
    words = [word for word in words if word]
    if not words:
        return f"{kind}:{text.lower()}"
    return f"{kind}:{' '.join(words)}"


def reworded_name(a: str, b: str) -> bool:
    """Names that differ only in ordinary English words ("National Memorial" / "Countrywide Memorial"):
    a rewording or a spinner's synonym, not another name; invented or proper names are not in the word list."""
    words_a, words_b = set(name_part(a).split()), set(name_part(b).split())
    if not words_a & words_b:
        return False
    differing = (words_a ^ words_b) - {"the"}
    return bool(differing) and all(_ordinary_word(word) for word in differing)


@lru_cache(maxsize=4096)
def _ordinary_word(word: str) -> bool:
    from claimdiff.nlp import english

    index = english().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return any(word in index[pos] for pos in ("adj", "noun", "verb", "adv"))


@lru_cache(maxsize=1)
def _name_aliases() -> dict[str, str]:
    """Each listed name, and the same without spaces: a hashtag runs the words together ("#IslamicState")."""
    rows = list(_rows("name_aliases.tsv"))
    return {name.replace(" ", ""): body for name, body in rows} | {name: body for name, body in rows}


def _canonical_name(name: str) -> str:
    """The body a name stands for ("isis" -> "islamic state", "islamicstate" -> "islamic state"), else the name."""
    aliases = _name_aliases()
    return aliases.get(name) or aliases.get(name.replace(" ", "")) or aliases.get(name.removesuffix(" group")) or name


def names_match(a: str, b: str) -> bool:
    """Name variants: equal keys, one name inside the other ("Kestrel" / "Kestrel Mutual"), a one-letter spelling,
    or two names of one body (data/facts/name_aliases.tsv: "IS" / "ISIS" / "#IslamicState")."""
    if a == b:
        return True
    name_a = _canonical_name(a.partition(":")[2] or a)
    name_b = _canonical_name(b.partition(":")[2] or b)
    if name_a == name_b:
        return True
    words_a, words_b = name_a.split(), name_b.split()
    if not words_a or not words_b:
        return False
    if set(words_a) <= set(words_b) or set(words_b) <= set(words_a):
        return True
    if a.startswith("person:") and b.startswith("person:") and words_a[-1] == words_b[-1]:
        return True  # "Jim Mattis" / "James Mattis"
    if len(name_a) > 4 and len(name_a) == len(name_b) and sum(x != y for x, y in zip(name_a, name_b)) <= 1:
        return True
    return _acronym_of(name_a, words_b) or _acronym_of(name_b, words_a)


def _acronym_of(short: str, words: list[str]) -> bool:
    """"isis" / "islamic state of iraq", "us" / "united states": the short name is the long one's initials (or their start)."""
    if " " in short or not 2 <= len(short) <= 6 or len(words) < 2:
        return False
    initials = "".join(word[0] for word in words if word not in ("of", "and", "the", "for"))
    return len(initials) >= 2 and (short.startswith(initials) or initials.startswith(short))
    return False


# ----- numbers


def _number_slots(parsed) -> list[tuple[Slot, int]]:
    words = lexicon().number_words
    text = parsed.text
    date_like = _date_like_tokens(parsed)
    results: list[tuple[Slot, int]] = []
    previous_unit: str | None = None
    i = 0
    tokens = list(parsed)
    while i < len(tokens):
        token = tokens[i]
        lower = token.lower_
        if i in date_like or not _is_number_word(token, words):
            i += 1
            continue
        start = i
        value, kind, decimals, trailing_zeros = _read_number(tokens, i, words)
        if value is None:
            i += 1
            continue
        end = i + 1
        while end < len(tokens) and _is_number_word(tokens[end], words) and words.get(tokens[end].lower_, (0, ""))[1] in ("scale", "count"):
            extra = words.get(tokens[end].lower_)
            if extra is None or extra[1] != "scale":
                if extra is not None and extra[1] == "count" and value >= 20 and extra[0] < 10:  # "twenty one"
                    value += extra[0]
                    end += 1
                    continue
                break
            value *= extra[0]
            trailing_zeros, decimals = None, 0  # "5.7 billion": the precision of 5.7, in billions
            end += 1
        # hyphenated "twenty-one" / "five-year"
        if _is_score(tokens, start, end) or _is_label_number(tokens, start):
            i = end
            continue
        first = tokens[start]
        if kind == "scale" and start > 0 and tokens[start - 1].lower_ in ("several", "few", "many"):
            kind = "many"
        if first.i > 0 and tokens[start - 1].lower_ in ("a", "an", "several", "few") and kind in ("scale", "fraction", "approx", "many"):
            start -= 1
        if kind == "scale":
            kind = "count"
        unit, unit_end = _unit_after(tokens, end)
        if kind == "fraction" and unit is not None and not unit.startswith("of:") and unit != "%":
            unit = f"of:{unit}"  # "a quarter-point increase": a share of one point
        if unit in ("basis point", "bp", "bps"):
            unit, value, decimals, trailing_zeros = "pp", value / 100, decimals + 2, None
        if unit is not None and unit.startswith("of:"):
            if kind != "fraction":
                unit, unit_end = None, end
            else:  # a share of one unit: "a quarter of a percentage point" is 0.25 points
                unit, kind, value = unit[3:], "count", value / 100
                unit = "pp" if unit in ("point", "percentage") else unit
                decimals, trailing_zeros = 2, None
        currency = None
        if start > 0 and tokens[start - 1].text in CURRENCY_SYMBOLS:
            currency = CURRENCY_SYMBOLS[tokens[start - 1].text]
            start -= 1
        elif start > 1 and tokens[start - 1].text in CURRENCY_SYMBOLS.values():
            currency = tokens[start - 1].text
        if unit in CURRENCY_WORDS:
            currency, unit = CURRENCY_WORDS[unit], None
        percent = kind == "fraction" or unit == "%"
        if percent:
            unit = "%"
        elif currency:
            unit = currency
        elif unit is None:
            unit = _counted_noun(tokens[end - 1])
        if unit is None and previous_unit is not None:
            unit = previous_unit
        approximator, approx_start = _approximator(tokens, start)
        low, high = _interval(value, kind, decimals, trailing_zeros, approximator)
        span_start = tokens[approx_start].idx if approximator else tokens[start].idx
        last = tokens[max(unit_end, end) - 1]
        span = (span_start, last.idx + len(last.text))
        approximate = bool(approximator) or kind in ("fraction", "approx", "many")
        increment = _is_increment(tokens, start, end)
        per_member = _is_per_member(tokens, max(unit_end, end))
        slot_kind = "percent" if percent else "money" if currency else ("quantity" if approximate else "number")
        norm_unit = unit if unit in ("%",) or currency else (group_of(unit) if unit else None)
        results.append(
            (
                Slot(
                    kind=slot_kind,
                    text=text[span[0] : span[1]],
                    span=span,
                    value=f"{norm_unit or 'count'}:{_format_number(low)}..{_format_number(high)}"
                    + (f" of:{share}" if percent and (share := _share_of(tokens[end - 1]) or _share_of(tokens[max(end, unit_end) - 1])) else "")
                    + (INCREMENT if increment else "")
                    + (PER_MEMBER if per_member else ""),
                    low=low,
                    high=high,
                    unit=norm_unit,
                    scope=_count_scope(tokens[end - 1]) if slot_kind in ("number", "quantity") and norm_unit not in DURATION_UNITS else None,
                ),
                end - 1,
            )
        )
        previous_unit = unit
        i = max(end, unit_end)
    results = [item for item in results if not _is_position(parsed[item[1]])]
    results = _join_ranges(parsed.text, results)
    starts = [index for index, (slot, token_index) in enumerate(results) if _is_start_value(parsed[token_index])]
    if len(results) > len(starts):  # "eased to 5.8% from 6.3%": the earlier figure is not the claim
        results = [item for index, item in enumerate(results) if index not in starts]
    return results


INCREMENT = " +more"  # a Slot.value suffix: the figure is added to an earlier one, so it never conflicts with a total
PER_MEMBER = " /each"  # a Slot.value suffix: the figure is each member's ("$346 million apiece"), never the total


def _is_increment(tokens, start: int, end: int) -> bool:
    """"a further 20", "another 20", "an additional 20", "20 more": an increment, not a total."""
    words = lexicon().increments
    before = tokens[start - 1].lower_ if start > 0 else ""
    after = tokens[end].lower_ if end < len(tokens) else ""
    return words.get(before) == "before" or words.get(after) == "after"


def _figure_kind(slot: Slot) -> tuple[bool, bool]:
    """Increments and per-member figures are compared only with their own kind, never with a total."""
    return INCREMENT in slot.value, slot.value.endswith(PER_MEMBER)


def _is_per_member(tokens, end: int) -> bool:
    """"$346 million apiece", "3 votes each", "£5 each": each member's figure, not the total of them all."""
    words = lexicon().increments
    return end < len(tokens) and words.get(tokens[end].lower_) == "each"


_RANGE_GLUE = re.compile(r"\s*(?:and|to|-|–|or)\s*$")


def _join_ranges(text: str, results: list[tuple[Slot, int]]) -> list[tuple[Slot, int]]:
    """"between $4,000 and $5,000", "$4,000 to $5,000", "4,000-5,000": one figure, the interval between the two."""
    joined: list[tuple[Slot, int]] = []
    for slot, index in results:
        if joined:
            first, first_index = joined[-1]
            glue = text[first.span[1] : slot.span[0]]
            before = text[max(0, first.span[0] - 9) : first.span[0]].lower()
            if first.unit == slot.unit and _RANGE_GLUE.fullmatch(glue) and ("between" in before or glue.strip() in ("to", "-", "–")):
                low, high = min(first.low, slot.low), max(first.high, slot.high)
                span = (first.span[0], slot.span[1])
                kind = "quantity" if first.kind in ("number", "quantity") else first.kind
                value = f"{slot.unit or 'count'}:{_format_number(low)}..{_format_number(high)}"
                joined[-1] = (Slot(kind=kind, text=text[span[0] : span[1]], span=span, value=value, low=low, high=high, unit=slot.unit), first_index)
                continue
        joined.append((slot, index))
    return joined


def _count_scope(number) -> str | None:
    """What a count of people or things is the whole of, as keys: the trial "1,100 patients took part in", the order
    "4,800 residents are affected by", the areas "1,000 people live in" (and the order covering them), the study
    "with fewer than 500 patients". None when the claim does not say: two counts are then compared as before."""
    if number.dep_ != "nummod" or number.head.pos_ != "NOUN":
        return None
    noun, head = number.head, number.head.head
    wholes = []
    if noun.dep_ == "pobj" and head.lower_ == "with" and head.dep_ == "prep":  # "a small study, with fewer than 500 patients"
        holder = head.head
        wholes += [holder] if holder.pos_ == "NOUN" else [child for child in holder.children if child.dep_ in ("attr", "nsubj") and child.pos_ == "NOUN"]
    verbs = lexicon().scope_verbs
    if noun.dep_ in ("nsubj", "nsubjpass") and head.pos_ == "VERB" and _membership_verb(head) in verbs:
        wholes += [obj for prep in head.children if prep.dep_ in ("prep", "agent") and prep.lower_ in ("in", "at", "by") for obj in prep.children if obj.dep_ == "pobj"]
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and _membership_verb(head) in verbs:  # "the trial enrolled 1,100 patients"
        wholes += [child for child in head.children if child.dep_ == "nsubj" and child.pos_ in ("NOUN", "PROPN")]
    for whole in list(wholes):  # "the two areas covered by the evacuation order": the order too
        wholes += [obj for acl in whole.children if acl.dep_ == "acl" for agent in acl.children if agent.dep_ == "agent" for obj in agent.children if obj.dep_ == "pobj"]
    keys = {key for key in map(token_key, wholes) if key}
    return ",".join(sorted(keys)) or None


def _membership_verb(verb) -> str:
    """A verb with the object that completes it: "took part" is take_part."""
    lemma = _predicate_lemma(verb)
    objects = [child.lemma_.lower() for child in verb.children if child.dep_ == "dobj"]
    return f"{lemma}_{objects[0]}" if objects and f"{lemma}_{objects[0]}" in lexicon().scope_verbs else lemma


def _same_scope(a: Slot, b: Slot) -> bool:
    """Two counts of the whole of one thing (a study, an order's area): the same total, whatever the verbs."""
    return bool(a.scope and b.scope and set(a.scope.split(",")) & set(b.scope.split(",")))


def _share_of(token) -> str | None:
    """What a share is a share of: "a third of the voters" -> voter, "Turnout was 46%" / "Turnout, at 46%," -> turnout."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj" and grandchild.pos_ == "NOUN"]
            if objects:
                return group_of(objects[0].lemma_.lower())
    current = token
    while current.dep_ in ("nummod", "quantmod", "compound") and current.head != current:
        current = current.head
    if current.dep_ == "pobj" and current.head.dep_ == "prep" and current.head.head.pos_ in ("NOUN", "PROPN") and current.head.lower_ in ("at", "of"):
        return group_of(current.head.head.lemma_.lower())
    if current.dep_ in ("attr", "acomp") and current.head.pos_ == "AUX":
        subject = next((child for child in current.head.children if child.dep_ == "nsubj" and child.pos_ in ("NOUN", "PROPN")), None)
        if subject is not None:
            return group_of(subject.lemma_.lower())
    return None


def _is_position(token) -> bool:
    """A figure someone argued or voted for ("voted to keep the rate at 4.25%"), not one that holds."""
    verbs = lexicon().position_verbs
    current = token
    for _ in range(8):
        if current.dep_ in ("xcomp", "pcomp") or (current.dep_ == "pobj" and current.head.lower_ == "for"):
            governor = current.head.head if current.head.dep_ == "prep" else current.head
            if governor.lemma_.lower() in verbs or current.head.lemma_.lower() in verbs:
                return True
        if current.head == current:
            return False
        current = current.head
    return False


def _is_start_value(token) -> bool:
    current = token
    for _ in range(5):
        if current.dep_ == "prep" and current.lower_ == "from":
            return True
        if current.head == current:
            return False
        current = current.head
    return current.dep_ == "prep" and current.lower_ == "from"


def _is_number_word(token, words) -> bool:
    lower = token.lower_
    if lower in ("quarter", "half") and token.i > 0 and (token.nbor(-1).tag_ in ("JJ", "JJS") or token.nbor(-1).lower_ in ("first", "second", "third", "fourth", "last", "next", "this", "that")):
        return False  # "the first quarter", "the second half": a period, not a share
    if lower in words:
        if lower in ("m", "mn", "bn", "tn") and not (token.i > 0 and token.nbor(-1).like_num):
            return False
        if words[lower][1] == "fraction" and lower in ("second",):
            return False
        if lower == "one" and token.dep_ not in ("nummod", "quantmod", "pobj", "nsubj", "dobj", "attr"):
            return False
        return True
    return bool(re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", token.text))


def _read_number(tokens, i, words) -> tuple[float | None, str, int, int | None]:
    token = tokens[i]
    lower = token.lower_
    if lower in words:
        value, kind = words[lower]
        if kind == "fraction" and i > 0 and tokens[i - 1].lower_ in words and words[tokens[i - 1].lower_][1] == "count":
            return None, kind, 0, None  # "two thirds" is read from "two"
        if kind == "count" and i + 1 < len(tokens) and tokens[i + 1].lower_ in ("thirds", "quarters", "fifths"):
            value = value * words[tokens[i + 1].lower_][0] / 2 if tokens[i + 1].lower_ == "thirds" else value * 25
            return value, "fraction", 0, None
        if kind == "count" and i + 2 < len(tokens) and tokens[i + 1].text == "-" and tokens[i + 2].lower_ in words:
            extra = words[tokens[i + 2].lower_]
            if extra[1] == "count" and extra[0] < 10 and value >= 20:
                return value + extra[0], "count", 0, 0
        return value, kind, 0, None if kind != "count" else 0
    digits = token.text.replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None, "count", 0, None
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    trailing = 0 if decimals else len(digits) - len(digits.rstrip("0"))
    return value, "count", decimals, trailing


def _is_score(tokens, start, end) -> bool:
    """"2-1", "3–0": a score, not a count."""
    after = tokens[end] if end < len(tokens) else None
    before = tokens[start - 1] if start > 0 else None
    if after is not None and after.text in ("-", "–") and end + 1 < len(tokens) and tokens[end + 1].like_num:
        return True
    return before is not None and before.text in ("-", "–") and start > 1 and tokens[start - 2].like_num


def _is_label_number(tokens, start) -> bool:
    """"Highway 9", "BREEZE-3", "FEV1": a name, not a quantity."""
    if start == 0:
        return False
    before = tokens[start - 1]
    if before.text in ("-",) and start > 1 and tokens[start - 2].pos_ == "PROPN":
        return True
    return before.pos_ == "PROPN" and before.text[:1].isupper() and before.text not in CURRENCY_SYMBOLS and before.ent_type_ not in ("MONEY",)


def _date_like_tokens(parsed) -> set[int]:
    """Numbers that are a year, a day of the month or a clock time (read by the date stage)."""
    skip: set[int] = set()
    for token in parsed:
        if not token.like_num:
            continue
        text = token.text
        neighbours = [parsed[j].lower_.strip(".") for j in (token.i - 2, token.i - 1, token.i + 1, token.i + 2) if 0 <= j < len(parsed)]
        if _YEAR.fullmatch(text) and token.ent_type_ in ("DATE", "") and not any(n in CURRENCY_SYMBOLS for n in neighbours[:2]):
            if not (token.i + 1 < len(parsed) and parsed[token.i + 1].lower_ in ("people", "workers", "votes", "patients")):
                skip.add(token.i)
        elif re.fullmatch(r"\d{1,2}", text) and any(n in MONTHS for n in neighbours):
            skip.add(token.i)
        elif ":" in text or (token.i + 1 < len(parsed) and parsed[token.i + 1].lower_ in ("a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock")):
            skip.add(token.i)
        elif text.lower().endswith(("am", "pm")):
            skip.add(token.i)
    return skip


def _unit_after(tokens, end) -> tuple[str | None, int]:
    """A unit written right after the number: "per cent", "%", "-year", "pounds"."""
    if end >= len(tokens):
        return None, end
    nxt = tokens[end]
    if nxt.text == "%" or nxt.lower_ in ("percent", "pct"):
        return "%", end + 1
    if nxt.lower_ == "per" and end + 1 < len(tokens) and tokens[end + 1].lower_ == "cent":
        return "%", end + 2
    if nxt.lower_ == "percentage" and end + 1 < len(tokens):
        return "pp", end + 2
    if nxt.lower_ == "of" and end + 2 < len(tokens) and tokens[end + 1].lower_ in ("a", "an"):  # "a quarter of a percentage point"
        unit, unit_end = _unit_after(tokens, end + 2)
        if unit is not None:
            return f"of:{unit}", unit_end
        if tokens[end + 2].pos_ == "NOUN":
            return f"of:{tokens[end + 2].lemma_.lower()}", end + 3
    if nxt.text == "-" and end + 1 < len(tokens) and tokens[end + 1].pos_ in ("NOUN", "ADJ"):
        return tokens[end + 1].lemma_.lower(), end + 2
    if nxt.lemma_.lower() in CURRENCY_WORDS:
        return nxt.lemma_.lower(), end + 1
    if nxt.lower_ == "basis" and end + 1 < len(tokens) and tokens[end + 1].lemma_.lower() == "point":
        return "basis point", end + 2
    return None, end


def _counted_noun(token) -> str | None:
    """The noun a number counts: its head when it modifies one, the object of "of" ("four of our workers")."""
    head = token.head
    if token.dep_ in ("nummod", "quantmod", "amod", "compound") and head.pos_ in ("NOUN", "PROPN") and head.i > token.i:
        return head.lemma_.lower()
    if token.dep_ == "quantmod" and head.like_num and head.head.pos_ == "NOUN":
        return head.head.lemma_.lower()
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
            if objects and objects[0].pos_ == "NOUN":
                return objects[0].lemma_.lower()
    if token.i + 1 < len(token.doc) and token.doc[token.i + 1].pos_ == "NOUN" and token.doc[token.i + 1].dep_ != "npadvmod":
        return token.doc[token.i + 1].lemma_.lower()
    return None


def _approximator(tokens, start) -> tuple[str | None, int]:
    phrases = lexicon().approximators
    for width in (3, 2, 1):
        if start - width < 0:
            continue
        phrase = " ".join(token.lower_ for token in tokens[start - width : start])
        if phrase in phrases:
            return phrases[phrase], start - width
    return None, start


def _interval(value: float, kind: str, decimals: int, trailing_zeros: int | None, approximator: str | None) -> tuple[float, float]:
    """The values the words admit: a written figure covers its rounding, approximators widen or open it."""
    if kind == "many":  # "hundreds", "several hundred", "thousands of"
        return value * 2, value * 10
    if kind == "fraction":
        tolerance = 2.5
    elif kind == "approx":
        tolerance = value / 6
    elif decimals:
        tolerance = 0.5 * 10**-decimals
    elif trailing_zeros is None and value < 1:
        tolerance = 0.005
    elif trailing_zeros is None:  # "32 million": the precision of the mantissa
        tolerance = _scale_precision(value)
    elif trailing_zeros >= 1 and value >= 100:  # "$350" may be $349 rounded; "400,000" may be 412,000 (15% at most)
        tolerance = min(0.5 * 10**trailing_zeros, 0.15 * value)
    else:
        tolerance = 0.5 if value >= 1 else 0.0
    low, high = value - tolerance, value + tolerance
    if approximator == "around":
        low, high = min(low, value * 0.9), max(high, value * 1.1)
    elif approximator == "nearly":
        low, high = min(low, value * 0.85), value
    elif approximator in ("above",):
        low, high = value, INFINITY
    elif approximator == "at_least":
        low, high = value - tolerance, INFINITY
    elif approximator == "below":
        low, high = -INFINITY, value
    elif approximator == "at_most":
        low, high = -INFINITY, value + tolerance
    elif approximator == "just_above":
        low, high = value, value * 1.15 + tolerance
    elif approximator == "just_below":
        low, high = value * 0.85 - tolerance, value
    return low, high


def _scale_precision(value: float) -> float:
    for scale in (1e12, 1e9, 1e6, 1e3):
        if value >= scale:
            mantissa = value / scale
            text = f"{mantissa:.6f}".rstrip("0").rstrip(".")
            decimals = len(text.split(".")[1]) if "." in text else 0
            return 0.5 * 10**-decimals * scale
    return 0.5


def _format_number(value: float) -> str:
    if value in (INFINITY, -INFINITY):
        return "inf" if value > 0 else "-inf"
    return f"{value:.6g}"


# ----- dates and times


@dataclass(frozen=True)
class When:
    """A calendar date as written: year, month and days, each possibly unknown."""

    year: int | None = None
    month: int | None = None
    days: tuple[int, ...] = ()


def _date_time_slots(parsed, anchor: dt.date | None) -> list[tuple[Slot, int]]:
    text = parsed.text
    found: list[tuple[Slot, int]] = []
    used: list[tuple[int, int]] = []

    def overlaps(span):
        return any(span[0] < end and start < span[1] for start, end in used)

    def token_at(offset: int) -> int:
        for token in parsed:
            if token.idx <= offset < token.idx + len(token.text) + 1:
                return token.i
        return len(parsed) - 1

    # explicit day + month ("9 and 10 October", "3 June"), month + day ("July 19"), month + year, years
    for match in _DAY_MONTH.finditer(text):
        month = MONTHS.get(match.group(3).lower())
        if month is None:
            continue
        days = tuple(int(day) for day in re.findall(r"\d{1,2}", match.group(1) + (match.group(2) or "")))
        if not all(1 <= day <= 31 for day in days):
            continue
        end = match.end()
        year = _year_after(text, end)
        if year:
            end = year[1]
        when = When(year=year[0] if year else None, month=month, days=days)
        span = (match.start(), end)
        found.append((_date_slot(text, span, when), token_at(span[0])))
        used.append(span)
    for match in _MONTH_DAY.finditer(text):
        month = MONTHS.get(match.group(1).lower())
        if month is None or overlaps((match.start(), match.end())) or match.group(1).lower() == "may" and match.group(1) == "may":
            continue
        day = int(match.group(2))
        if not 1 <= day <= 31:
            continue
        year = _year_after(text, match.end())
        span = (match.start(), year[1] if year else match.end())
        found.append((_date_slot(text, span, When(year=year[0] if year else None, month=month, days=(day,))), token_at(span[0])))
        used.append(span)
    for token in parsed:
        lower = token.lower_.strip(".")
        span = (token.idx, token.idx + len(token.text))
        if overlaps(span):
            continue
        if lower in MONTHS and (token.text[0].isupper()) and not (lower == "may" and token.pos_ in ("AUX", "VERB")):
            if lower in ("mar", "jan", "jun", "dec", "oct", "sep", "aug", "apr", "nov", "feb", "jul", "sept") and not token.text.endswith("."):
                if token.ent_type_ != "DATE":
                    continue
            year = _year_after(text, span[1])
            end = year[1] if year else span[1]
            days: tuple[int, ...] = ()
            start = span[0]
            before = text[max(0, start - 20) : start].lower()
            if re.search(r"\b(end|late)\s+of\s+$|\blate\s+$", before):
                days = tuple(range(20, calendar.monthrange(2024, MONTHS[lower])[1] + 1))  # 2024: a leap year admits 29 February
                start -= len(re.search(r"(?:the\s+)?(?:end|late)\s+(?:of\s+)?$", text[max(0, start - 20) : start], re.I).group(0)) if re.search(r"(?:the\s+)?(?:end|late)\s+(?:of\s+)?$", text[max(0, start - 20) : start], re.I) else 0
            elif re.search(r"\b(beginning|start|early)\s+(of\s+)?$", before):
                days = tuple(range(1, 11))
            when = When(year=year[0] if year else None, month=MONTHS[lower], days=days)
            found.append((_date_slot(text, (start, end), when), token.i))
            used.append((start, end))
        elif _YEAR.fullmatch(token.text) and token.ent_type_ == "DATE":
            found.append((_date_slot(text, span, When(year=int(token.text))), token.i))
            used.append(span)
    # weekdays and clock times, joined when they describe one moment ("shortly before 2 a.m. on Wednesday")
    moments = _moments(parsed, anchor)
    for slot, index in moments:
        if not overlaps(slot.span):
            found.append((slot, index))
    return found


def _year_after(text: str, end: int) -> tuple[int, int] | None:
    match = re.match(r",?\s+(1[89]\d\d|20\d\d)\b", text[end:])
    return (int(match.group(1)), end + match.end()) if match else None


def _date_slot(text: str, span: tuple[int, int], when: When) -> Slot:
    year = f"{when.year:04d}" if when.year else "XXXX"
    if when.month is None:
        value = year
    elif not when.days:
        value = f"{year}-{when.month:02d}"
    elif len(when.days) > 2 and when.days == tuple(range(when.days[0], when.days[-1] + 1)):
        value = f"{year}-{when.month:02d}-{when.days[0]:02d}/{year}-{when.month:02d}-{when.days[-1]:02d}"
    else:
        value = ",".join(f"{year}-{when.month:02d}-{day:02d}" for day in when.days)
    return Slot(kind="date", text=text[span[0] : span[1]], span=span, value=value)


def _moments(parsed, anchor: dt.date | None) -> list[tuple[Slot, int]]:
    """Weekdays, parts of days and clock times, each weekday joined with the time or part of day next to it."""
    text = parsed.text
    lower_text = text.lower()
    weekday_hits = [(m.start(), m.end(), WEEKDAYS.index(m.group(1).lower())) for m in re.finditer(r"\b(" + "|".join(WEEKDAYS) + r")\b", text, re.I)]
    clock_hits = []
    for match in _CLOCK.finditer(text):
        if match.group(6):
            word = match.group(6).lower()
            minutes = 1440 if word == "midnight" else 720
            past = re.search(r"(?:\b(\w+)\s+minutes?\s+)?\b(past|after)\s+$", text[max(0, match.start() - 30) : match.start()], re.I)
            if word == "midnight" and past:  # "one minute past midnight on Monday" starts Monday
                count = past.group(1)
                minutes = int(lexicon().number_words.get(count.lower(), (0, ""))[0]) if count and not count.isdigit() else int(count or 0)
                clock_hits.append((match.start() - len(past.group(0)), match.end(), (minutes, minutes)))
                continue
            clock_hits.append((match.start(), match.end(), (minutes, minutes)))
            continue
        if match.group(4) is not None:
            hour, minute = int(match.group(4)), int(match.group(5))
        else:
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            suffix = match.group(3).lower()
            if hour > 12:
                continue
            hour = hour % 12 + (12 if suffix.startswith("p") else 0)
        clock_hits.append((match.start(), match.end(), (hour * 60 + minute, hour * 60 + minute)))
    part_hits = []
    for phrase, minutes in _DAY_PARTS:
        if minutes is None:
            continue
        for match in re.finditer(r"\b" + re.escape(phrase) + r"\b", lower_text):
            if any(match.start() < end and start < match.end() for start, end, _ in part_hits):
                continue
            part_hits.append((match.start(), match.end(), minutes))
    results: list[tuple[Slot, int]] = []
    used_parts: set[int] = set()
    used_clocks: set[int] = set()

    def nearest(hits, start, end, used, limit=40):
        best = None
        for index, (hit_start, hit_end, _) in enumerate(hits):
            if index in used:
                continue
            gap = hit_start - end if hit_start >= end else start - hit_end
            between = text[min(end, hit_end) : max(start, hit_start)]
            if 0 <= gap <= limit and not re.search(r"[;.]|\b(?:and|until|to|from|till)\b", between):
                if best is None or gap < best[0]:
                    best = (gap, index)
        return None if best is None else best[1]

    for start, end, weekday in weekday_hits:
        minutes = None
        span_start, span_end = start, end
        clock = nearest(clock_hits, start, end, used_clocks)
        part = nearest(part_hits, start, end, used_parts)
        if clock is not None:
            used_clocks.add(clock)
            clock_start, clock_end, minutes = clock_hits[clock]
            span_start, span_end = min(span_start, clock_start), max(span_end, clock_end)
        elif part is not None:
            used_parts.add(part)
            part_start, part_end, minutes = part_hits[part]
            span_start, span_end = min(span_start, part_start), max(span_end, part_end)
        if part is not None and clock is not None:
            used_parts.add(part)
        results.append(_moment_slot(parsed, text, (span_start, span_end), weekday, minutes, anchor))
    for index, (start, end, minutes) in enumerate(clock_hits):
        if index not in used_clocks:
            results.append(_moment_slot(parsed, text, (start, end), None, minutes, anchor))
    return results


def _moment_slot(parsed, text, span, weekday, minutes, anchor) -> tuple[Slot, int]:
    start, end = span
    low, high = minutes if minutes is not None else (None, None)
    before = text[max(0, start - 30) : start].lower()
    approximator = None
    for phrase, meaning in lexicon().approximators.items():
        if before.rstrip().endswith(phrase) and (approximator is None or len(phrase) > len(approximator[0])):
            approximator = (phrase, meaning)
    if approximator and low is not None and high is not None and low == high:
        meaning = approximator[1]
        start = start - len(before) + before.rstrip().rfind(approximator[0])
        if meaning == "around":
            low, high = low - 45, high + 45
        elif meaning in ("just_below", "nearly", "below"):
            low, high = low - 60, high
        elif meaning in ("just_above", "above"):
            low, high = low, high + 60
    elif low is not None and low == high:
        low, high = low - 10, high + 10
    if re.search(r"\blate\s+(?:on\s+)?$", text[max(0, start - 12) : start].lower()) and low is not None:
        low = (low + high) // 2
    if approximator is None and re.search(r"\b(?:by|until|till|before)\s+$", text[max(0, start - 8) : start].lower()) and high is not None:
        low = -7 * 1440  # "by Sunday afternoon": at any time up to then
    parts = []
    if weekday is not None:
        parts.append(WEEKDAYS[weekday])
    if low is not None:
        parts.append(f"{_clock(low)}-{_clock(high)}")
    if anchor is not None and weekday is not None:
        date = anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
        parts.insert(0, date.isoformat())
    value = " ".join(parts)
    kind = "time"
    span = (start, end)
    index = next((token.i for token in parsed if token.idx >= start), len(parsed) - 1)
    return Slot(kind=kind, text=text[start:end], span=span, value=value, low=None if low is None else float(low), high=None if high is None else float(high)), index


def _clock(minutes: int) -> str:
    day, rest = divmod(int(minutes), 1440)
    return f"{'+' * day if day > 0 else '-' * (-day)}{rest // 60:02d}:{rest % 60:02d}"


# ----- entities, roles, outcomes, agents, order


def _entity_slots(parsed) -> list[tuple[Slot, int]]:
    """Names, each with the role it fills ("how:role", in Slot.unit; "!" when the claim marks the role as held by one)."""
    results = []
    heads = _clause_heads(parsed)
    clause = [_clause_head(token, heads) for token in parsed]
    for entity in parsed.ents:
        kind = ENTITY_KINDS.get(entity.label_)
        if kind is None:
            continue
        unique = _marks_uniqueness(parsed, clause, clause[entity.root.i])
        role = _entity_role(entity)
        span = (entity.start_char, entity.end_char)
        unit = "|".join(f"{part}{'!' if unique else ''}" for part in role.split("|")) if role else None
        owner = _role_owner(entity) if role else None
        results.append((Slot(kind=kind, text=entity.text, span=span, value=entity_key(entity.text, kind), unit=unit, scope=owner), entity.root.i))
    # proper-noun modifiers that NER leaves out ("the Coastway line", "Valley line")
    for token in parsed:
        if token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head.tag_ == "NN" and not token.ent_type_:
            span = (token.idx, token.idx + len(token.text))
            unique = _marks_uniqueness(parsed, clause, clause[token.i])
            unit = f"compound:{group_of(token.head.lemma_.lower())}{'!' if unique else ''}"
            results.append((Slot(kind="org", text=token.text, span=span, value=f"org:{token.lower_}", unit=unit), token.i))
    return results


def _role_owner(entity) -> str | None:
    """Whose role a name fills, by apposition: "one of our suppliers, Datavine" -> "we" (the author), "Kestrel's
    supplier, X" -> "kestrel", "X, the leader of North Korea" -> "north korea"; None when the words do not say."""
    root = entity.root
    nouns = [child for child in root.children if child.dep_ == "appos" and child.pos_ == "NOUN"]
    if root.dep_ in ("appos", "compound") and root.head.pos_ == "NOUN":
        nouns.append(root.head)
    owners = []
    for noun in nouns:
        for child in noun.children:
            if child.dep_ == "poss" and _first_person(child.text):
                owners.append("we")
            elif child.dep_ in ("poss", "compound") and child.pos_ == "PROPN":
                owners.append(" ".join(word.lower_ for word in child.subtree if word.pos_ == "PROPN"))
            elif child.dep_ == "prep" and child.lower_ == "of":
                owners += [" ".join(word.lower_ for word in obj.subtree if word.pos_ == "PROPN") for obj in child.children if obj.dep_ == "pobj" and obj.pos_ == "PROPN"]
    return "|".join(owner for owner in owners if owner) or None


def _marks_uniqueness(parsed, clause: list[int], head: int) -> bool:
    """A superlative or an exclusive word in the name's own clause ("worst affected", "the only other club", "the
    supplier involved"): the claim says one name, and only one, holds the role."""
    words = lexicon().exclusive
    return any(
        clause[token.i] == head and (token.tag_ in ("JJS", "RBS") or token.lower_ in words or (token.lower_ == "involved" and token.dep_ == "acl"))
        for token in parsed
    )


def _clause_heads(parsed) -> set[int]:
    return {token.i for token in parsed if token.dep_ == "ROOT" or (token.dep_ in CLAUSE_DEPS and token.pos_ in ("VERB", "AUX"))}


def _entity_role(entity) -> str | None:
    """How and what roles an entity fills, "|"-joined: "appos:supplier" ("the supplier, Datavine"), "compound:line"
    ("the Coastway line"), "theme:licence" ("granting the licence to Corran Water", "the licence belonged to Selsby
    Spring Water"), "prep:develop_with"; None when it has no role to compare."""
    words = [token for token in entity if token.pos_ not in ("DET", "PUNCT", "PART")]
    if not words:
        return None
    root = next((token for token in words if not (entity.start <= token.head.i < entity.end) or token.head == token), words[-1])
    roles = _roles_of(root)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":  # "went to the domestic builder Norhavn Yards"
        roles += [role for role in _roles_of(root.head) if role not in roles]
    return "|".join(roles) or None


def _roles_of(root) -> list[str]:
    roles = []
    if root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return roles  # "according to X": a source, not a role
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            roles.append(f"appos:{group_of(child.lemma_.lower())}")
    head = root.head
    one_of = head.tag_ == "NNS" and head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ == "one"
    if root.dep_ == "appos" and head.pos_ == "NOUN" and (head.tag_ == "NN" or one_of):  # "one of our suppliers, Datavine"
        roles.append(f"appos:{group_of(head.lemma_.lower())}")
    if root.dep_ == "compound" and head.pos_ == "NOUN" and head.tag_ == "NN":  # "Taliban militants": one of many
        roles.append(f"compound:{group_of(head.lemma_.lower())}")
    if root.dep_ == "pobj" and head.dep_ in ("prep", "dative", "agent"):
        governor = head.head
        while governor.is_punct and governor.head != governor:
            governor = governor.head
        if governor.lower_ == "co" and governor.i + 2 < len(governor.doc):  # "co-developed ... with X"
            governor = governor.doc[governor.i + 2]
        if governor.lemma_.lower() in ("partnership", "collaboration", "conjunction", "cooperation") and governor.head.dep_ == "prep":
            governor = governor.head.head  # "developed in partnership with X"
        if governor.pos_ == "NOUN" and head.lower_ in ("for", "to", "with", "from"):
            roles.append(f"theme:{group_of(governor.lemma_.lower())}")
        elif head.lower_ == "as" and governor.lemma_.lower() in lexicon().naming_verbs:
            pass  # "known as L Jinny": another name for the one person, not a holder of a role
        elif governor.pos_ in ("VERB", "AUX") and head.lower_ in ("to", "with", "from", "as", "by"):
            theme = _theme_of(governor)
            if theme is not None and theme.i != root.i and not theme.ent_type_:
                roles.append(f"theme:{group_of(theme.lemma_.lower())}")
            else:
                roles.append(f"prep:{group_of(governor.lemma_.lower())}_{head.lower_}")
    if root.dep_ in ("nsubj", "nsubjpass") and head.pos_ == "AUX":
        attr = next((child for child in head.children if child.dep_ == "attr" and child.pos_ == "NOUN"), None)
        if attr is not None:  # "Castlebrook Rovers were the only other club"
            roles.append(f"appos:{group_of(attr.lemma_.lower())}")
    return roles


def _theme_of(verb):
    """What a verb is about: its object, else its (passive or intransitive) subject, else the noun it describes."""
    for deps in (("dobj",), ("nsubjpass",), ("nsubj",)):
        found = next((child for child in verb.children if child.dep_ in deps and child.pos_ in ("NOUN", "PROPN")), None)
        if found is not None:
            return found
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ == "NOUN":
        return verb.head
    return None


def _role_slots(parsed) -> list[tuple[Slot, int]]:
    roles = lexicon().roles
    results = []
    for token in parsed:
        entry = roles.get(token.lower_)
        if entry is None or token.dep_ not in ("amod", "compound", "advmod") or token.head.pos_ != "NOUN" or token.head.lower_ in _TIME_WORDS | {"autumn", "spring", "summer", "winter"}:
            continue
        dimension, value = entry
        noun = token.head
        span = (token.idx, noun.idx + len(noun.text)) if noun.i > token.i else (token.idx, token.idx + len(token.text))
        results.append(
            (Slot(kind="role", text=parsed.text[span[0] : span[1]], span=span, value=f"{dimension}:{value}", unit=group_of(noun.lemma_.lower())), token.i)
        )
    return results


def _outcome_slots(parsed) -> list[tuple[Slot, int]]:
    """Results (won/lost, upheld/rejected, met/missed, signed) and departures (resigned/retired/fired), as classes and sides."""
    words = lexicon()
    results = []
    for token in parsed:
        lemma = token.lemma_.lower()
        particle = next((child.lower_ for child in token.children if child.dep_ == "prt"), None)
        if particle is None and any(child.lower_ == "out" and child.dep_ == "prep" for child in token.children):
            particle = "out"  # "pull its troops out of Syria"
        keyed = f"{lemma}_{particle}" if particle else lemma
        if keyed == "vote" and any(child.dep_ == "xcomp" for child in token.children):
            keyed = "vote_to"  # "voted to declare an emergency": carried
        entries = words.outcomes.get((keyed, token.pos_), []) + words.outcomes.get((keyed, "any"), [])
        if not entries and particle:
            entries = words.outcomes.get((lemma, token.pos_), [])
        negated = _negated(token) if token.pos_ in ("VERB", "AUX") else False
        if token.pos_ == "VERB" and token.dep_ == "xcomp" and token.head.lemma_.lower() in ("fail",):
            negated = True
        modal = _modality(token) if token.pos_ == "VERB" else "done"
        status = words.status.get(keyed) or words.status.get(lemma)
        if status and token.pos_ == "VERB" and not (lemma == "fire" and token.tag_ != "VBN"):
            klass, value = status
            span = (token.idx, token.idx + len(token.text))
            state = "done" if modal in ("done", "unknown") else modal
            span = _status_span(token)
            results.append((Slot(kind="status", text=parsed.text[span[0] : span[1]], span=span, value=f"{klass}:{value}:{state}" if not negated else f"{klass}:not {value}:{state}"), token.i))
        if modal in ("planned", "possible") or (token.pos_ == "VERB" and token.dep_ in ("xcomp",) and token.head.lemma_.lower() in ("plan", "hope", "want", "aim", "propose")):
            continue
        for klass, side, required in entries:
            if klass == "goal" and lemma == "fail" and any(child.dep_ == "xcomp" for child in token.children):
                continue  # "failed to improve": read from "improve"
            positive = (side == "+") != negated
            span = _outcome_span(token)
            objects = _object_keys(token)
            if required and not required & set(objects):
                continue  # "held the seat" is a result; "held talks" is not
            span = (_negated_span(token)[0], span[1]) if negated else span
            results.append(
                (Slot(kind="outcome", text=parsed.text[span[0] : span[1]], span=span, value=f"{klass}:{'+' if positive else '-'}", unit=",".join(objects) or None), token.i)
            )
    return results


def _status_span(token) -> tuple[int, int]:
    """"withdrawn", "plans to pull out": the verb with the word that makes it planned and its particle."""
    start, end = token.idx, token.idx + len(token.text)
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in CONTROL_VERBS | {"plan", "want", "intend"}:
        start = min(start, token.head.idx)
    for child in token.children:
        if child.dep_ == "prt" or (child.lower_ == "out" and child.dep_ == "prep"):
            end = max(end, child.idx + len(child.text))
    return start, end


def _outcome_span(token) -> tuple[int, int]:
    """The verb with its particle or complement: "voted down", "voted on Sunday morning to declare"."""
    end = token.idx + len(token.text)
    for child in token.children:
        if child.dep_ == "prt" or (child.dep_ == "xcomp" and token.lemma_.lower() == "vote"):
            end = max(end, child.idx + len(child.text))
    return token.idx, end


def _negated_span(token) -> tuple[int, int]:
    """"not signed", "did not meet", "failed to improve": the words that say it did not happen."""
    end = token.idx + len(token.text)
    negation = next((child for child in token.children if child.dep_ == "neg"), None)
    if negation is not None:
        return min(negation.idx, token.idx), end
    if token.head.lemma_.lower() == "fail":
        return token.head.idx, end
    return token.idx, end


def _object_keys(token) -> list[str]:
    """What an outcome is about: the keys of its object, subject and prepositional objects (one level down)."""
    keys = []
    stop = lexicon().stopwords
    for child in token.children:
        if child.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj", "prep", "xcomp", "ccomp", "npadvmod", "appos"):
            for descendant in child.subtree:
                if descendant.pos_ in ("NOUN", "PROPN") and descendant.lemma_.lower() not in stop and descendant.lower_ not in _TIME_WORDS:
                    keys.append(group_of(descendant.lemma_.lower()))
    if token.dep_ in ("appos", "attr", "nsubj", "dobj", "pobj") or token.pos_ == "NOUN":
        for descendant in token.head.subtree if token.pos_ == "NOUN" else ():
            if descendant.pos_ in ("NOUN", "PROPN") and descendant.i != token.i and descendant.lemma_.lower() not in stop:
                keys.append(group_of(descendant.lemma_.lower()))
    return sorted(set(keys))


def _agent_slots(parsed) -> list[tuple[Slot, int]]:
    """Who did it: the doer of an action (subject, "by X", "came from X"), marked "only" when the claim says one did
    ("sitting alone", "the lone dissent", "from Y, not from X"), "not" when it denies one ("not by anyone on the
    site", "X, not Kestrel's own staff"); "title" names a person's office ("Judge", "Justice"). The event's keys
    go in Slot.unit."""
    words = lexicon()
    text = parsed.text
    results = []
    for token in parsed:
        if token.pos_ != "VERB" or _exclusion(token) is not None:
            continue
        agents = []
        comes_from = token.lemma_.lower() == "come" and any(child.dep_ == "prep" and child.lower_ == "from" for child in token.children)
        for child in token.children:
            if child.dep_ == "nsubj" and child.pos_ in ("PROPN", "NOUN") and not comes_from:
                agents.append((child, False))
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "from" and comes_from):
                for preposition in [child] + [conj for conj in child.children if conj.dep_ == "conj" and conj.pos_ == "ADP"]:
                    for pobj in preposition.children:
                        if pobj.dep_ == "pobj":
                            agents.append((pobj, _denied(preposition, text)))
        if not agents:
            continue
        agent_words = {group_of(word.lemma_.lower()) for agent, _ in agents for word in _phrase(agent)}
        event = set([group_of(_predicate_lemma(token))] + _object_keys(token))
        if comes_from:  # "the idea ... came from X": the idea is the event
            event |= {key for child in token.children if child.dep_ == "nsubj" for key in map(token_key, child.subtree) if key}
        event = sorted(event - agent_words)
        any_denied = any(denied for _, denied in agents)
        comparative = any(word.tag_ in ("JJR", "RBR") for word in token.subtree)  # "only one team has scored fewer goals"
        near = [word for agent, _ in agents for word in _phrase(agent)]  # "the lone dissent came from", "sitting alone"
        near += [word for child in token.children if child.dep_ in ("nsubj", "advcl", "acl") or (child.dep_ == "nsubj" and comes_from) for word in _phrase(child)]
        exclusive = any_denied or (
            not comparative and any(word.lower_ in words.exclusive and (word.i == 0 or word.nbor(-1).lower_ != "not") for word in near)
        )
        for agent, denied in agents:
            mark = "not" if denied else ("only" if exclusive else "than" if comparative else "by")
            span = _phrase_span(agent)
            results.append((Slot(kind="agent", text=text[span[0] : span[1]], span=span, value=f"{mark}:{_agent_key(agent)}", unit=",".join(event)), token.i))
    # "It was X, not Y, who ...": Y is denied, X is the only one, and the event is the whole claim's
    for token in parsed:
        if token.lower_ != "not" or token.dep_ != "neg" or token.head.pos_ not in ("NOUN", "PROPN"):
            continue
        if token.head.dep_ in ("appos", "conj"):
            denied_agent, named = token.head, token.head.head
        else:
            denied_agent = next((child for child in token.head.children if child.dep_ in ("appos", "conj") and child.i > token.i), None)
            named = token.head
            if denied_agent is None:
                continue
        words_used = {group_of(word.lemma_.lower()) for word in _phrase(denied_agent) + _phrase(named)}
        event = sorted({key for key in map(token_key, parsed) if key} - words_used)
        for agent, mark in ((denied_agent, "not"), (named, "only")):
            span = _phrase_span(agent)
            results.append((Slot(kind="agent", text=text[span[0] : span[1]], span=span, value=f"{mark}:{_agent_key(agent)}", unit=",".join(event)), agent.i))
    return results


def _exclusion(verb):
    """The event a verb says someone had no part in ("left out of the talks", "excluded from the negotiations"), else None."""
    particle = next((child for child in verb.children if child.dep_ in ("prt", "prep") and child.lower_ in ("out", "off")), None)
    keyed = f"{verb.lemma_.lower()}_{particle.lower_}" if particle is not None else verb.lemma_.lower()
    if keyed not in lexicon().exclusion_verbs:
        return None
    holder = particle if particle is not None else verb
    for preposition in holder.children:
        if preposition.dep_ == "prep" and preposition.lower_ in ("of", "from"):
            return next((child for child in preposition.children if child.dep_ == "pobj" and child.pos_ == "NOUN"), None)
    return None


def _excluded_slots(parsed) -> list[tuple[Slot, int]]:
    """Who had no part in an event: "with Hannah Fell left out of the talks", "Fell was excluded from the negotiations"
    (value "out:<who>", the event's keys in Slot.unit); a source that names that person as a doer of it conflicts."""
    results = []
    for token in parsed:
        if token.pos_ != "VERB" or (event := _exclusion(token)) is None:
            continue
        people = [child for child in token.children if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.pos_ in ("PROPN", "NOUN")]
        keys = sorted({group_of(word.lemma_.lower()) for word in _phrase(event) if word.pos_ in ("NOUN", "PROPN")} - lexicon().stopwords)
        for person in people:
            span = _phrase_span(person)
            results.append((Slot(kind="agent", text=parsed.text[span[0] : span[1]], span=span, value=f"out:{_agent_key(person)}", unit=",".join(keys)), token.i))
    return results


def _phrase(token) -> list:
    """A noun's own phrase: its subtree without clauses, appositions or conjuncts hanging from it."""
    skip = set()
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "appos", "conj", "cc", "punct", "advcl"):
            skip.update(word.i for word in child.subtree)
    return [word for word in token.subtree if word.i not in skip and not (word.dep_ == "neg" and word.head == token)]


def _phrase_span(token) -> tuple[int, int]:
    words = _phrase(token)
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _denied(preposition, text: str) -> bool:
    return any(child.dep_ == "neg" for child in preposition.children) or text[max(0, preposition.idx - 5) : preposition.idx].strip().lower().endswith("not")


def _agent_key(token) -> str:
    """An agent's key, with a person's office when the name carries one ("Judge Harold Penhale" -> person:harold penhale@judge)."""
    key = _actor_key(token)
    titles = [word.lower_.strip(".") for word in token.subtree if word.lower_.strip(".") in ("judge", "justice")]
    return f"{key}@judge" if titles else key


def _order_slots(parsed) -> list[tuple[Slot, int]]:
    """Temporal or causal order between two events: "A after B", "A before B", "A sparked B", "A, then B days later"."""
    results = []
    text = parsed.text
    for token in parsed:
        lower = token.lower_
        if lower in ("after", "before") and token.dep_ in ("prep", "mark", "advmod"):
            governor = token.head if token.dep_ != "mark" else token.head.head
            inner = [child for child in token.children if child.dep_ in ("pobj", "pcomp")] or ([token.head] if token.dep_ == "mark" else [])
            if not inner or governor is None or _is_time_expression(inner[0]):
                continue
            main_keys = _event_keys(governor, exclude=inner[0])
            other_keys = _event_keys(inner[0])
            if not main_keys or not other_keys:
                continue
            early, late = (other_keys, main_keys) if lower == "after" else (main_keys, other_keys)
            span = (min(governor.idx, token.idx), token.right_edge.idx + len(token.right_edge.text))
            span = (token.idx, token.right_edge.idx + len(token.right_edge.text))
            results.append((Slot(kind="order", text=text[span[0] : span[1]], span=span, value=f"{'+'.join(early)}<{'+'.join(late)}"), governor.i))
        elif token.lemma_.lower() in ("spark", "cause", "trigger", "set_off", "lead") and token.pos_ == "VERB":
            subject = next((child for child in token.children if child.dep_ == "nsubj"), None)
            obj = next((child for child in token.children if child.dep_ == "dobj"), None)
            if subject is None or obj is None:
                continue
            early, late = _noun_keys(subject), _noun_keys(obj)
            if early and late:
                span = _span_of(token)
                results.append((Slot(kind="order", text=text[span[0] : span[1]], span=span, value=f"{'+'.join(early)}<{'+'.join(late)}"), token.i))
        elif lower in ("later",) or (lower == "following" and token.i + 1 < len(parsed) and parsed[token.i + 1].lower_ in ("day", "week", "morning")):
            verb = _predicate_of(token)
            while verb.dep_ == "xcomp" and verb.head != verb:  # "began emailing customers two days later"
                verb = verb.head
            first = verb.head if verb.dep_ == "conj" else None
            if first is None:
                first = next((child for child in verb.children if child.dep_ == "conj"), None)
                if first is None:
                    continue
                early, late = _event_keys(verb, exclude=first), _event_keys(first)
            else:
                early, late = _event_keys(first, exclude=verb), _event_keys(verb)
            if early and late:
                span = (token.idx, token.idx + len(token.text))
                results.append((Slot(kind="order", text=text[span[0] : span[1]], span=span, value=f"{'+'.join(early)}<{'+'.join(late)}"), verb.i))
    return results


def _is_time_expression(token) -> bool:
    words = [t for t in token.subtree if not t.is_punct and t.pos_ not in ("DET", "ADP")]
    return bool(words) and all(t.ent_type_ in ("DATE", "TIME") or t.lower_ in _TIME_WORDS or t.like_num for t in words)


def _noun_keys(token) -> list[str]:
    stop = lexicon().stopwords
    return sorted({group_of(t.lemma_.lower()) for t in token.subtree if t.pos_ in ("NOUN", "PROPN", "VERB") and t.lemma_.lower() not in stop})


def _event_keys(token, exclude=None) -> list[str]:
    """An event as keys: its verb or noun and the nouns it governs, leaving out a nested event."""
    stop = lexicon().stopwords
    skip = set(t.i for t in exclude.subtree) if exclude is not None else set()
    keys = set()
    for t in token.subtree:
        if t.i in skip or t.lower_ in ("after", "before"):
            continue
        if t.i != token.i and t.dep_ in ("advcl", "relcl", "conj") and t.pos_ == "VERB":
            skip.update(x.i for x in t.subtree)
            continue
        if t.pos_ in ("NOUN", "PROPN", "VERB") and t.lemma_.lower() not in stop and len(t.lemma_) > 2:
            keys.add(group_of(t.lemma_.lower()))
    return sorted(keys)


# ---------------------------------------------------------------- conflicts


def find_conflicts(facts: Sequence[Fact], claims: Sequence[Claim]) -> tuple[Conflict, ...]:
    """Cross-document pairs of facts about the same actor and predicate whose values cannot both be true."""
    order = {claim.id: position for position, claim in enumerate(claims)}
    claim_by_id = {claim.id: claim for claim in claims}
    facts_by_claim: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.claim_id in claim_by_id:
            facts_by_claim[fact.claim_id].append(fact)
    topics = {claim_id: frozenset(key for fact in group for key in fact.topic) for claim_id, group in facts_by_claim.items()}
    buckets = {claim_id: slot_buckets(group) for claim_id, group in facts_by_claim.items()}
    comparable = [claim_id for claim_id in facts_by_claim if buckets[claim_id]]
    comparable.sort(key=order.__getitem__)
    conflicts: list[Conflict] = []
    for a, b in candidate_pairs(comparable, topics, claim_by_id, order, buckets):
        found = compare_claims(facts_by_claim[a], facts_by_claim[b], topics[a], topics[b], claim_by_id[a], claim_by_id[b], buckets[a] & buckets[b])
        if found is not None:
            conflicts.append(found)
    quotes = {fact.claim_id: fact.quotes for fact in facts if fact.quotes}
    conflicts.extend(quote_stage.find_misquotes(quotes, claims))
    conflicts.sort(key=lambda conflict: (order.get(conflict.a, 0), order.get(conflict.b, 0), conflict.kind))
    return tuple(conflicts)


def slot_buckets(facts: Sequence[Fact]) -> frozenset[str]:
    """What a claim's values can be compared with: two claims conflict only through slots of one bucket."""
    buckets = set()
    for fact in facts:
        for slot in fact.slots:
            if slot.kind in ("number", "quantity", "money", "percent") and slot.unit:
                buckets.add(f"n:{slot.unit}")
            elif slot.kind in ("date", "time"):
                buckets.update(("d", "t"))
            elif slot.kind in ("person", "org", "place") and slot.unit:
                buckets.update(f"e:{part.partition(':')[2].rstrip('!')}" for part in slot.unit.split("|"))
            elif slot.kind in ("outcome", "status", "role"):
                buckets.add(f"{slot.kind}:{slot.value.split(':')[0]}")
            elif slot.kind == "agent":  # doers are compared within one act: its verb, or (denied, exclusive) a word of it
                if fact.predicate not in LIGHT_PREDICATES | REPORTING_VERBS:
                    buckets.add(f"agent:{group_of(fact.predicate, 'VERB')}")
                elif fact.predicate in LIGHT_PREDICATES:  # "made an offer": the act is its object
                    buckets.update(f"agent:{key}" for key in (slot.unit or "").split(",") if key and key != fact.predicate)
                if fact.predicate in lexicon().participation_verbs and slot.value.startswith(("by:", "only:")):  # "led the talks": the
                    buckets.update(f"agent:{key}" for key in (slot.unit or "").split(",") if key)  # talks, which one may be left out of
                if slot.value.endswith("@judge"):
                    buckets.add("agent:@judge")
                if not slot.value.startswith(("by:", "than:")):
                    buckets.update(f"agent:{key}" for key in (slot.unit or "").split(",") if key)
            elif slot.kind == "order":
                buckets.add("order")
    return frozenset(buckets)


def candidate_pairs(
    claim_ids: Sequence[str], topics: dict[str, frozenset[str]], claims: dict[str, Claim], order: dict[str, int], buckets: dict[str, frozenset[str]]
) -> list[tuple[str, str]]:
    """Claim pairs of different documents with values of one bucket that share two topic keys, not both names (one
    word, for a claim with few keys).

    An index of (bucket, key pair) keeps this near-linear; whether a pair is returned depends only on the two claims."""
    by_pair: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for claim_id in claim_ids:
        keys = sorted(topics[claim_id])[:MAX_INDEX_KEYS]
        all_pairs = list(combinations(keys, 2))
        key_pairs = [(first, second) for first, second in all_pairs if not (first.startswith(NAME_MARK) and second.startswith(NAME_MARK))]
        for bucket in buckets[claim_id]:
            for key in keys:
                if not key.startswith(NAME_MARK):
                    by_key[(bucket, key)].append(claim_id)
            for first, second in all_pairs if bucket in PARTY_BUCKETS else key_pairs:
                by_pair[(bucket, first, second)].append(claim_id)
    seen: set[tuple[str, str]] = set()
    for posting in by_pair.values():
        _add_pairs(posting, posting, claims, order, seen)
    for claim_id in claim_ids:
        if len(topics[claim_id]) <= SMALL_TOPIC:
            for bucket in buckets[claim_id]:
                for key in content_keys(topics[claim_id]):
                    _add_pairs([claim_id], by_key[(bucket, key)], claims, order, seen)
    return sorted(seen, key=lambda pair: (order[pair[0]], order[pair[1]]))


def _add_pairs(left, right, claims, order, seen) -> None:
    for x in left:
        for y in right:
            if claims[x].doc_id == claims[y].doc_id:
                continue
            pair = (x, y) if order[x] < order[y] else (y, x)
            seen.add(pair)


class SharedKeys(frozenset):
    """The topic keys two claims share; `small` when one claim has so few keys that one shared key is enough."""

    small: bool = False
    names_apart: bool = False


CHECK_BUCKETS = {  # which bucket prefix a check needs both claims to have
    "_number_conflict": "n:", "_time_conflict": "t", "_date_conflict": "d", "_outcome_conflict": "outcome:", "_status_conflict": "status:",
    "_role_conflict": "role:", "_entity_conflict": "e:", "_agent_conflict": "agent:", "_order_conflict": "order",
}


def compare_claims(
    facts_a: list[Fact], facts_b: list[Fact], topic_a, topic_b, claim_a: Claim, claim_b: Claim, buckets: frozenset[str] | None = None
) -> Conflict | None:
    """The first conflict between two claims' facts, checked kind by kind (or None); `buckets`, when given, the
    slot buckets both claims have: checks for other kinds are skipped."""
    shared = SharedKeys(topic_a & topic_b)
    small = shared.small = min(len(topic_a), len(topic_b)) <= SMALL_TOPIC
    slots_a = [(fact, slot) for fact in facts_a for slot in fact.slots]
    slots_b = [(fact, slot) for fact in facts_b for slot in fact.slots]
    if (len(shared) < 2 and not small) or not (content_keys(shared) or (buckets is not None and buckets & PARTY_BUCKETS)):
        return None  # about different things: two shared keys (one for a short claim), a word among them, not only names
    names_a = {key for key in topic_a if key.startswith(NAME_MARK)}
    names_b = {key for key in topic_b if key.startswith(NAME_MARK)}
    shared.names_apart = bool(names_a and names_b and not names_a & names_b)  # each names others: other events
    for check in (_number_conflict, _time_conflict, _date_conflict, _outcome_conflict, _status_conflict, _role_conflict, _entity_conflict, _agent_conflict, _order_conflict):
        if shared.names_apart and check not in (_entity_conflict, _agent_conflict):
            continue
        if buckets is not None and not any(bucket.startswith(CHECK_BUCKETS[check.__name__]) for bucket in buckets):
            continue
        found = check(slots_a, slots_b, shared, claim_a, claim_b)
        if found is not None:
            return found
    return None


def _conflict(kind, claim_a, claim_b, slot_a: Slot, slot_b: Slot, subject: str, explanation: str) -> Conflict:
    return Conflict(
        kind=kind,
        a=claim_a.id,
        b=claim_b.id,
        a_value=slot_a.text,
        b_value=slot_b.text,
        a_span=slot_a.span,
        b_span=slot_b.span,
        subject=subject,
        explanation=explanation,
    )


def _overlap(a: Slot, b: Slot) -> bool:
    return a.low < b.high and b.low < a.high or a.low == b.low or a.high == b.high


def different_actors(fact_a: Fact, fact_b: Fact) -> bool:
    """Both subjects are named, and by different names ("the Whitlow Gap fire" / "the Tamsin Ridge Fire"), or one is
    "the rest" of something."""
    if not fact_a.actor or not fact_b.actor:
        return False
    if fact_a.actor != fact_b.actor and {fact_a.actor, fact_b.actor} & {"rest", "remainder", "other"}:
        return True
    words_a = set(name_part(fact_a.actor).split() if ":" in fact_a.actor else fact_a.actor.split()[:-1])
    words_b = set(name_part(fact_b.actor).split() if ":" in fact_b.actor else fact_b.actor.split()[:-1])
    common_head = words_a & words_b
    words_a, words_b = words_a - common_head, words_b - common_head
    return bool(words_a) and bool(words_b) and not (common_head and len(words_a | words_b) == 0)


def names_agree(fact_a: Fact, fact_b: Fact, values: tuple[str, ...] = ()) -> bool:
    """Two clauses that both name people, places or bodies are about one event only if they share a name; the
    compared values themselves (the doers in an attribution) do not count."""
    ignore = {word for value in values for word in re.findall(r"[a-z0-9]+", value.lower())}
    names_a = {key[1:] for key in fact_a.topic if key.startswith(NAME_MARK)} - ignore
    names_b = {key[1:] for key in fact_b.topic if key.startswith(NAME_MARK)} - ignore
    return not names_a or not names_b or bool(names_a & names_b)


def _same_predicate(fact_a: Fact, fact_b: Fact) -> bool:
    return group_of(fact_a.predicate, "VERB") == group_of(fact_b.predicate, "VERB")


PARTY_OUTCOMES = frozenset({"contest", "seat", "ruling"})
PARTY_BUCKETS = frozenset({"outcome:contest", "outcome:seat"})  # a match or an election is known by its parties' names alone
REPORTING_VERBS = frozenset({"say", "tell", "report", "claim", "state", "add", "announce", "confirm", "deny", "suggest", "believe", "think"})
LIGHT_PREDICATES = frozenset({"be", "have", "make", "get", "put", "do", "say", "become", "remain", "stand", "come", "go"})


def _same_quantity(fact_a: Fact, fact_b: Fact, unit: str) -> bool:
    """Two figures of one unit measure the same thing: same (non-light) predicate, or their clauses share a key
    besides the unit (two, for durations and shares, which any two clauses of a story have in common)."""
    if different_actors(fact_a, fact_b) or not names_agree(fact_a, fact_b):
        return False
    shared = content_keys(set(fact_a.topic) & set(fact_b.topic)) - {unit}
    shared |= {slot.value for slot in fact_a.slots if slot.kind == "date"} & {slot.value for slot in fact_b.slots if slot.kind == "date"}
    light = fact_a.predicate in LIGHT_PREDICATES or fact_b.predicate in LIGHT_PREDICATES
    if _same_predicate(fact_a, fact_b) and not light:
        return True
    if unit in DURATION_UNITS:
        return light and len(shared) >= 2
    if not light and fact_a.actor and fact_b.actor and ":" in fact_a.actor + fact_b.actor and names_match(_as_name(fact_a.actor), _as_name(fact_b.actor)):
        return True  # "Marsh received ..." / "Marsh squeaked home by ...": one named actor's figures
    shared_names = {key for key in set(fact_a.topic) & set(fact_b.topic) if key.startswith(NAME_MARK)}
    return len(shared) >= 2 or (len(shared) >= 1 and bool(shared_names))


def _as_name(actor: str) -> str:
    return actor if ":" in actor else f"name:{actor}"


def _number_conflict(slots_a, slots_b, shared, claim_a, claim_b) -> Conflict | None:
    numeric = ("number", "quantity", "money", "percent")
    units = {}
    for side, slots in (("a", slots_a), ("b", slots_b)):
        for fact, slot in slots:
            if slot.kind in numeric and slot.unit:
                units.setdefault(slot.unit, {"a": [], "b": []})[side].append((fact, slot))
    if _qualifiers_differ(slots_a, slots_b):
        return None
    for unit in sorted(units):
        left, right = units[unit]["a"], units[unit]["b"]
        if not left or not right:
            continue
        unmatched_a = [(fact, slot) for fact, slot in left if not any(_overlap(slot, other) for _, other in right)]
        unmatched_b = [(fact, slot) for fact, slot in right if not any(_overlap(slot, other) for _, other in left)]
        clashing = [
            (x, y)
            for x in unmatched_a
            for y in unmatched_b
            if _figure_kind(x[1]) == _figure_kind(y[1])
            and ((_same_quantity(x[0], y[0], unit) and _same_measure(x, y)) or _same_share(x, y) or _same_whole(x, y))
        ]
        if not clashing:
            continue
        (fa, sa), (fb, sb) = min(
            clashing,
            key=lambda pair: (not _same_predicate(pair[0][0], pair[1][0]), _log_distance(pair[0][1], pair[1][1]), pair[0][1].span, pair[1][1].span),
        )
        approximate = "quantity" in (sa.kind, sb.kind) or math.isinf(sa.high) or math.isinf(sb.high) or math.isinf(sa.low) or math.isinf(sb.low)
        kind = "quantity" if approximate else "number"
        subject = _subject_label(unit, fa, fb)
        share = sa.value.partition(" of:")[2] or sb.value.partition(" of:")[2]
        if unit == "%" and share:
            subject = f"share of {share}"
        explanation = f"{subject}: {sa.text!r} vs {sb.text!r} - the figures cannot both hold ({_interval_words(sa)} vs {_interval_words(sb)})"
        return _conflict(kind, claim_a, claim_b, sa, sb, subject, explanation)
    return None


def _same_measure(x: tuple[Fact, Slot], y: tuple[Fact, Slot]) -> bool:
    """What the figures count agrees: a count of a whole ("With around 240 staff, the factory ...") is no rival of
    a count of some of them ("four workers in hospital") unless one predicate says both; a share of one thing
    ("an offer of a 4 percent pay rise") is no rival of a figure whose clause is not about it ("the union's claim ...
    matches inflation, 6.2 per cent")."""
    (fact_a, slot_a), (fact_b, slot_b) = x, y
    if bool(slot_a.scope) != bool(slot_b.scope) and not _same_predicate(fact_a, fact_b):
        # unless the other clause counts members of that very whole ("the trial ... involved about 1,200 adults"
        # / "a small study, with fewer than 500 patients": the parse did not tie the count to the trial)
        whole, other = (slot_a.scope, fact_b) if slot_a.scope else (slot_b.scope, fact_a)
        if not (set(whole.split(",")) & set(other.topic) and set(other.topic) & lexicon().scope_verbs):
            return False
    of_a, of_b = slot_a.value.partition(" of:")[2], slot_b.value.partition(" of:")[2]
    if of_a and of_b:
        return of_a == of_b
    if of_a or of_b:
        return (of_a or of_b) in (fact_b.topic if of_a else fact_a.topic)
    return True


def _same_whole(x: tuple[Fact, Slot], y: tuple[Fact, Slot]) -> bool:
    """Two counts of all members of one whole ("1,100 patients took part in the trial" / "a study with fewer than 500
    patients"), in clauses about the same named things."""
    (fact_a, slot_a), (fact_b, slot_b) = x, y
    return _same_scope(slot_a, slot_b) and names_agree(fact_a, fact_b) and not different_actors(fact_a, fact_b)


def _same_share(x: tuple[Fact, Slot], y: tuple[Fact, Slot]) -> bool:
    """Two shares of one thing: what one is a share of is what the other's clause is about ("Turnout was 46%" /
    "a third of voters cast a ballot": a ballot is turnout)."""
    (fact_a, slot_a), (fact_b, slot_b) = x, y
    of_a = slot_a.value.partition(" of:")[2]
    of_b = slot_b.value.partition(" of:")[2]
    if not (of_a or of_b) or not names_agree(fact_a, fact_b) or different_actors(fact_a, fact_b):
        return False
    return of_a == of_b or of_a in fact_b.topic or of_b in fact_a.topic


def _qualifiers_differ(slots_a, slots_b) -> bool:
    """"the main goal" / "its secondary endpoint", "former" / "current" chief: different things, nothing to compare."""
    roles_a = {(slot.value.split(":")[0], slot.unit): slot.value for _, slot in slots_a if slot.kind == "role"}
    roles_b = {(slot.value.split(":")[0], slot.unit): slot.value for _, slot in slots_b if slot.kind == "role"}
    dimensions_a = {dimension for dimension, _ in roles_a}
    dimensions_b = {dimension for dimension, _ in roles_b}
    for key, value in roles_a.items():
        if key in roles_b and roles_b[key] != value:
            return True
    return any(
        dimension in ("rank",) and {v for (d, _), v in roles_a.items() if d == dimension} != {v for (d, _), v in roles_b.items() if d == dimension}
        for dimension in dimensions_a & dimensions_b
    )


def _log_distance(a: Slot, b: Slot) -> float:
    def centre(slot):
        if math.isinf(slot.high):
            return max(slot.low, 1e-9)
        if math.isinf(slot.low):
            return max(slot.high, 1e-9)
        return max((slot.low + slot.high) / 2, 1e-9)

    return abs(math.log(centre(a)) - math.log(centre(b)))


def _interval_words(slot: Slot) -> str:
    if math.isinf(slot.high):
        return f"above {_format_number(slot.low)}"
    if math.isinf(slot.low):
        return f"below {_format_number(slot.high)}"
    if slot.high - slot.low < 1e-9 * max(1, abs(slot.low)):
        return _format_number(slot.low)
    return f"{_format_number(slot.low)}-{_format_number(slot.high)}"


def _subject_label(unit: str | None, fact_a: Fact, fact_b: Fact) -> str:
    predicate = group_of(fact_a.predicate) if _same_predicate(fact_a, fact_b) else None
    noun = {"%": "share", "GBP": "sum", "USD": "sum", "EUR": "sum"}.get(unit or "", unit or "figure")
    return f"{noun} ({predicate})" if predicate and predicate not in ("be", "have") else noun


def _time_conflict(slots_a, slots_b, shared, claim_a, claim_b) -> Conflict | None:
    left = [(f, s) for f, s in slots_a if s.kind == "time"]
    right = [(f, s) for f, s in slots_b if s.kind == "time"]
    if not left or not right:
        return None
    same_event = [(x, y) for x in left for y in right if _same_predicate(x[0], y[0]) and names_agree(x[0], y[0])]
    if not same_event and len(content_keys(shared)) < 3:
        return None
    pairs = same_event or [(x, y) for x in left for y in right if names_agree(x[0], y[0])]
    unmatched = [(x, y) for x, y in pairs if not _moments_compatible(x[1], y[1])]
    matched_a = {id(x[1]) for x, y in pairs if _moments_compatible(x[1], y[1])}
    matched_b = {id(y[1]) for x, y in pairs if _moments_compatible(x[1], y[1])}
    unmatched = [(x, y) for x, y in unmatched if id(x[1]) not in matched_a and id(y[1]) not in matched_b]
    if not unmatched:
        return None
    (fa, sa), (fb, sb) = unmatched[0]
    subject = f"{group_of(fa.actor) if fa.actor else group_of(fa.predicate)}: {group_of(fa.predicate)} time"
    return _conflict("time", claim_a, claim_b, sa, sb, subject, f"{subject}: {sa.text!r} vs {sb.text!r} - not the same moment")


def _moment_parts(slot: Slot) -> tuple[int | None, float | None, float | None, str | None]:
    weekday = next((WEEKDAYS.index(part) for part in slot.value.split() if part in WEEKDAYS), None)
    date = next((part for part in slot.value.split() if re.fullmatch(r"\d{4}-\d\d-\d\d", part)), None)
    return weekday, slot.low, slot.high, date


def _moments_compatible(a: Slot, b: Slot) -> bool:
    """Whether two moments can be one. Weekdays without a document date to anchor them are compared only when both
    give a time of day too: outlets writing on different days say "Monday" of different Mondays."""
    weekday_a, low_a, high_a, date_a = _moment_parts(a)
    weekday_b, low_b, high_b, date_b = _moment_parts(b)
    if (low_a is None or low_b is None) and not (date_a and date_b):
        return True
    if weekday_a is not None and weekday_b is not None:
        if low_a is None:
            low_a, high_a = 0.0, 1440.0
        if low_b is None:
            low_b, high_b = 0.0, 1440.0
        shift = ((weekday_b - weekday_a + 3) % 7 - 3) * 1440
        return low_a < high_b + shift and low_b + shift < high_a
    if low_a is None or low_b is None:
        return True
    for shift in (-1440, 0, 1440):  # a time of day without a day: compare on the clock
        if low_a < high_b + shift and low_b + shift < high_a:
            return True
    return False


def _resolved_day(slot: Slot) -> bool:
    """A weekday that the document's date turned into a calendar day ("Thursday" -> "2026-01-01 thursday")."""
    return slot.kind == "time" and re.match(r"\d{4}-\d\d-\d\d ", slot.value) is not None


def _parse_dates(value: str) -> list[tuple[int | None, int | None, int | None]]:
    value = value.split(" ")[0]
    if "/" in value:
        first, last = value.split("/")
        start, end = _parse_dates(first)[0], _parse_dates(last)[0]
        return [(start[0], start[1], day) for day in range(start[2] or 1, (end[2] or 28) + 1)]
    result = []
    for part in value.split(","):
        pieces = part.split("-")
        year = None if pieces[0] == "XXXX" else int(pieces[0])
        month = int(pieces[1]) if len(pieces) > 1 else None
        day = int(pieces[2]) if len(pieces) > 2 else None
        result.append((year, month, day))
    return result


def _dates_compatible(a: Slot, b: Slot) -> bool:
    for year_a, month_a, day_a in _parse_dates(a.value):
        for year_b, month_b, day_b in _parse_dates(b.value):
            if year_a and year_b and year_a != year_b:
                continue
            if month_a and month_b and month_a != month_b:
                continue
            if day_a and day_b and day_a != day_b:
                continue
            if (month_a is None) != (month_b is None) and not (year_a and year_b):
                continue  # "2013" vs "July": nothing to compare
            return True
    return False


def _one_dated_event(a: Slot, b: Slot) -> bool:
    """Two months of one year-and-month act on one definite thing ("The licence was granted in April 2021" / "The
    agency granted the licence in September 2022"): a bare year is left out, it often dates a series ("since 2008")."""
    return a.scope is not None and a.scope == b.scope and all(year and month for slot in (a, b) for year, month, _ in _parse_dates(slot.value)[:1])


def _has_day(slot: Slot) -> bool:
    return all(day is not None for _, _, day in _parse_dates(slot.value))


def _dates_comparable(a: Slot, b: Slot) -> bool:
    """Both name a year, or both a month: a bare year is never compared with a bare month."""
    first_a, first_b = _parse_dates(a.value)[0], _parse_dates(b.value)[0]
    return bool(first_a[0] and first_b[0]) or bool(first_a[1] and first_b[1])


def _date_conflict(slots_a, slots_b, shared, claim_a, claim_b) -> Conflict | None:
    left = [(f, s) for f, s in slots_a if s.kind == "date" or _resolved_day(s)]
    right = [(f, s) for f, s in slots_b if s.kind == "date" or _resolved_day(s)]
    if not left or not right:
        return None
    pairs = [(x, y) for x in left for y in right if _dates_comparable(x[1], y[1])]
    if not pairs:
        return None
    pairs = [(x, y) for x, y in pairs if names_agree(x[0], y[0])]
    if not any(key.startswith(NAME_MARK) for key in shared):  # a bare year or month is common to many events, unless
        pairs = [(x, y) for x, y in pairs if (_has_day(x[1]) and _has_day(y[1])) or _one_dated_event(x[1], y[1])]  # both date one act
    same_event = [(x, y) for x, y in pairs if _same_predicate(x[0], y[0]) and (x[0].predicate not in LIGHT_PREDICATES or content_keys(x[0].topic) & content_keys(y[0].topic) - {x[0].predicate})]
    same_event = [(x, y) for x, y in same_event if len(set(shared) - {group_of(x[0].predicate, "VERB")}) >= 1]  # and one more word or name
    if not same_event:  # other predicates: their clauses share two words (one, in a short claim), or one clause is elliptic
        needed = 1 if shared.small else 2
        pairs = [
            (x, y)
            for x, y in pairs
            if len(content_keys(set(x[0].topic) & set(y[0].topic))) >= needed
            or ((not content_keys(x[0].topic) or not content_keys(y[0].topic)) and len(shared) >= 2)
        ]
        if not pairs:
            return None
    pairs = same_event or pairs
    compatible_a = {id(x[1]) for x, y in pairs if _dates_compatible(x[1], y[1])}
    compatible_b = {id(y[1]) for x, y in pairs if _dates_compatible(x[1], y[1])}
    clashing = [(x, y) for x, y in pairs if id(x[1]) not in compatible_a and id(y[1]) not in compatible_b]
    if not clashing:
        return None
    (fa, sa), (fb, sb) = clashing[0]
    subject = f"{group_of(fa.predicate)} date"
    return _conflict("date", claim_a, claim_b, sa, sb, subject, f"{subject}: {sa.text!r} vs {sb.text!r} - different dates ({_readable_date(sa.value)} vs {_readable_date(sb.value)})")


def _readable_date(value: str) -> str:
    """"XXXX-05-29" reads as "29 May (no year)": a reader checks the day, not the placeholder."""
    if "," in value:  # an interval of days: "XXXX-10-09,XXXX-10-10"
        return " to ".join(_readable_date(part) for part in value.split(","))
    match = re.fullmatch(r"XXXX-(\d\d)(?:-(\d\d))?", value)
    if not match:
        return value
    month = calendar.month_name[int(match.group(1))]
    return f"{int(match.group(2))} {month} (no year)" if match.group(2) else f"{month} (no year)"


def _outcome_conflict(slots_a, slots_b, shared, claim_a, claim_b) -> Conflict | None:
    """Opposite results of one contest, vote, ruling, goal or signing: won / lost, upheld / rejected, met / missed."""
    if _qualifiers_differ(slots_a, slots_b):
        return None
    for fa, sa in slots_a:
        if sa.kind != "outcome":
            continue
        klass_a, side_a = sa.value.split(":")
        for fb, sb in slots_b:
            if sb.kind != "outcome":
                continue
            klass_b, side_b = sb.value.split(":")
            if klass_a != klass_b or side_a == side_b:
                continue
            about_a = set((sa.unit or "").split(",")) - {""}
            about_b = set((sb.unit or "").split(",")) - {""}
            needed = 1 if klass_a in PARTY_OUTCOMES else 2  # a contest or a vote is known by its parties; a signing by its object
            if len(about_a & about_b) < needed and not (about_a & about_b and len(content_keys(shared)) >= 3):
                continue
            subject = f"{klass_a}: " + ", ".join(key.lstrip(NAME_MARK) for key in sorted(about_a & about_b or shared)[:3])
            return _conflict("outcome", claim_a, claim_b, sa, sb, subject, f"{subject}: {sa.text!r} vs {sb.text!r} - opposite results")
    return None


def _status_conflict(slots_a, slots_b, shared, claim_a, claim_b) -> Conflict | None:
    """One actor's status two ways: resigned / was dismissed, withdrawn / only planned to withdraw."""
    for fa, sa in slots_a:
        if sa.kind != "status":
            continue
        klass_a, value_a, state_a = sa.value.split(":")
        for fb, sb in slots_b:
            if sb.kind != "status":
                continue
            klass_b, value_b, state_b = sb.value.split(":")
            if klass_a != klass_b or (value_a == value_b and state_a == state_b):
                continue
            if not (fa.actor and fb.actor and (fa.actor == fb.actor or names_match(_as_name(fa.actor), _as_name(fb.actor)))):
                continue
            if value_a == value_b and "possible" in (state_a, state_b):
                continue  # "may withdraw" does not deny "has withdrawn"
            subject = f"{fa.actor.partition(':')[2] or fa.actor}: {klass_a}"
            how_a = value_a if state_a == "done" else f"{value_a} ({state_a})"
            how_b = value_b if state_b == "done" else f"{value_b} ({state_b})"
            return _conflict("status", claim_a, claim_b, sa, sb, subject, f"{subject}: {sa.text!r} ({how_a}) vs {sb.text!r} ({how_b})")
    return None


def _role_conflict(slots_a, slots_b, shared, claim_a, claim_b) -> Conflict | None:
    """One person given opposite roles: "her older sister" / "the younger sister of"."""
    for fa, sa in slots_a:
        if sa.kind != "role":
            continue
        for fb, sb in slots_b:
            if sb.kind != "role" or sa.unit != sb.unit:
                continue
            dimension_a, value_a = sa.value.split(":")
            dimension_b, value_b = sb.value.split(":")
            if dimension_a != dimension_b or value_a == value_b or not _share_a_name(slots_a, slots_b, None, None):
                continue
            person = next(
                (x.text for _, x in slots_a for _, y in slots_b if x.kind == "person" and y.kind in ("person", "org") and names_match(x.value, y.value)),
                "person",
            )
            subject = f"{person}: {sa.unit}"
            return _conflict("role", claim_a, claim_b, sa, sb, subject, f"{subject}: {sa.text!r} vs {sb.text!r}")
    return None


def _entity_conflict(slots_a, slots_b, shared, claim_a, claim_b) -> Conflict | None:
    """One role, two names. A role by apposition or compound ("the supplier, X"; "the X line") can be held by many,
    so one of the claims must say it is held by one (a superlative, "only"); a role by relation ("the licence ...
    to X") is the same event. Either way the claims share two more keys, and neither name is in the other claim."""
    kinds = ("org", "place", "person")
    pairs = []
    facts_of = {id(slot): fact for fact, slot in list(slots_a) + list(slots_b)}
    for fa, sa in slots_a:
        for fb, sb in slots_b:
            if sa.kind not in kinds or sb.kind not in kinds or not sa.unit or not sb.unit:  # NER's kinds are unreliable
                continue  # on invented names: the role decides
            for part_a in sa.unit.split("|"):
                for part_b in sb.unit.split("|"):
                    if part_a.partition(":")[2].rstrip("!") == part_b.partition(":")[2].rstrip("!"):
                        pairs.append((sa, sb, part_a, part_b))
    for sa, sb, part_a, part_b in pairs:
        how_a, _, role_a = part_a.partition(":")
        how_b, _, role_b = part_b.partition(":")
        role = role_a.rstrip("!")
        if names_match(sa.value, sb.value) or reworded_name(sa.value, sb.value):
            continue
        if _mentions(claim_b.text, name_part(sa.value)) or _mentions(claim_a.text, name_part(sb.value)):
            continue
        if "compound" in (how_a, how_b) and how_a != how_b:
            # "an ISIS video" (whose) / "recording video for AFP" (for whom); "the first Civic Alliance mayor"
            # (a party) / "mayor Tallis" (the holder): a name modifying the role noun is another relation to it
            continue
        if not {how_a, how_b} <= {"theme", "prep"} and (sa.kind == "person") != (sb.kind == "person"):
            continue  # "Civic Alliance mayor" / "mayor Tallis": a party and a person are not rival holders of one title
        related = {how_a, how_b} <= {"theme", "prep"} or _same_named_actor(facts_of[id(sa)], facts_of[id(sb)])
        if not related and not (role_a.endswith("!") or role_b.endswith("!")):
            continue
        both_unique = role_a.endswith("!") and role_b.endswith("!")
        one_owner = (role_a.endswith("!") or role_b.endswith("!")) and _same_owner(facts_of[id(sa)], facts_of[id(sb)], sa, sb)
        if len(shared - {role}) < (1 if both_unique or one_owner else 2):
            continue
        subject = role.replace("_", " ")
        return _conflict("entity", claim_a, claim_b, sa, sb, subject, f"{subject}: {sa.text!r} vs {sb.text!r} - two different names for one role")
    return None


def _same_owner(fact_a: Fact, fact_b: Fact, slot_a: Slot, slot_b: Slot) -> bool:
    """The role is one party's in both claims ("one of our suppliers" in Kestrel's own notice / "Kestrel named the
    supplier involved"): its owner by apposition, or the named actor of the clause, is one party, not a holder."""

    def owners(fact: Fact, slot: Slot) -> list[tuple[str, bool]]:
        found = [(f"org:{owner}", True) for owner in (slot.scope or "").split("|") if owner]
        named = fact.actor and (":" in fact.actor or NAME_MARK + fact.actor in fact.topic)  # "Kestrel named the supplier"
        return found + ([(_as_name(fact.actor), False)] if named else [])

    holders = (slot_a.value, slot_b.value)
    return any(
        (by_apposition_a or by_apposition_b)  # two clause actors alone ("In an interview with NBC, Obama said") are not enough
        and names_match(x, y)
        and not any(names_match(x, holder) or names_match(y, holder) for holder in holders)
        for x, by_apposition_a in owners(fact_a, slot_a)
        for y, by_apposition_b in owners(fact_b, slot_b)
    )


def _share_a_name(slots_a, slots_b, skip_a: Slot, skip_b: Slot) -> bool:
    """Both claims name the same person: a role next to it is that person's ("Civic Alliance candidate Helena Marsh" /
    "Helena Marsh stood for the Green Coast party")."""
    kinds = ("person", "org", "place")
    names_a = [slot.value for _, slot in slots_a if slot.kind in kinds and slot is not skip_a]
    names_b = [slot.value for _, slot in slots_b if slot.kind in kinds and slot is not skip_b]
    return any(
        (a.startswith("person:") or b.startswith("person:")) and names_match(a, b) for a in names_a for b in names_b
    )


def _same_named_actor(fact_a: Fact, fact_b: Fact) -> bool:
    """Both clauses are about one named person or body ("Civic Alliance candidate Helena Marsh was elected" /
    "The shock winner, Helena Marsh, stood for the Green Coast party")."""
    if not fact_a.actor or not fact_b.actor or ":" not in fact_a.actor + fact_b.actor:
        return False
    return names_match(_as_name(fact_a.actor), _as_name(fact_b.actor))


def _mentions(text: str, name: str) -> bool:
    return re.search(r"\b" + re.escape(name) + r"\b", text.lower()) is not None


def _indefinite(phrase: str) -> bool:
    """A doer named only by kind ("an actor", "a man", "someone"): compatible with any named doer."""
    words = phrase.lower().split()
    return bool(words) and (words[0] in ("a", "an", "some", "someone", "somebody", "another") or phrase.lower() in ("one", "they"))


def _agent_conflict(slots_a, slots_b, shared, claim_a, claim_b) -> Conflict | None:
    """Who did it, where only one can have: a denied doer that the other source names as the doer, a doer that one
    source says acted alone and the other says someone else did, or two judges for a case one says one judge heard."""
    for fa, sa in slots_a:
        if sa.kind != "agent":
            continue
        mark_a, _, who_a = sa.value.partition(":")
        for fb, sb in slots_b:
            if sb.kind != "agent":
                continue
            mark_b, _, who_b = sb.value.partition(":")
            marks = {mark_a, mark_b}
            if marks == {"not"} or "than" in marks:  # "than": a comparison ("scored fewer goals than"), not a doer
                continue
            if "out" in marks:
                found = _excluded_doer(fa, sa, fb, sb, claim_a, claim_b)
                if found is not None:
                    return found
                continue
            if marks == {"by"}:  # two doers of one specific act: same verb, three more words of its object in common
                event = (set((sa.unit or "").split(",")) & set((sb.unit or "").split(","))) - {""}
                if (
                    not _indefinite(sa.text)
                    and not _indefinite(sb.text)  # "an actor" may well be Seth Rogen
                    and _same_predicate(fa, fb)
                    and fa.predicate not in LIGHT_PREDICATES | REPORTING_VERBS
                    and len(content_keys(event) - {group_of(fa.predicate, "VERB")}) >= 3
                    and not _same_agent(who_a, who_b)
                    and not _phrases_overlap(sa.text, sb.text)
                    and not _mentions(claim_b.text, sa.text.lower())
                    and not _mentions(claim_a.text, sb.text.lower())
                    and fa.polarity == fb.polarity
                ):
                    subject = "who: " + ", ".join(key.lstrip(NAME_MARK) for key in sorted(content_keys(event))[:3])
                    return _conflict("attribution", claim_a, claim_b, sa, sb, subject, f"{subject}: {sa.text!r} vs {sb.text!r} - the same act by two different doers")
                continue
            same = _same_agent(who_a, who_b)
            event = (set((sa.unit or "").split(",")) & set((sb.unit or "").split(","))) - {"", "come", "be"}
            judges = who_a.endswith("@judge") and who_b.endswith("@judge") and ":" in who_a and ":" in who_b and "only" in marks
            if "not" in marks:
                clash = same and len(event) >= 1
            else:  # one says only X did it; the other names another doer of the same act
                light = {fa.predicate, fb.predicate} & (LIGHT_PREDICATES | REPORTING_VERBS)
                same_act = not light and (_same_predicate(fa, fb) or bool(event & {group_of(fa.predicate, "VERB"), group_of(fb.predicate, "VERB")}))
                clash = not same and (judges or (same_act and len(event) >= 2))
            if clash:
                subject = "who: " + (", ".join(key.lstrip(NAME_MARK) for key in sorted(event)[:3]) if event else "the judge")
                wording = {"not": "not", "only": "only", "by": "by"}
                return _conflict("attribution", claim_a, claim_b, sa, sb, subject, f"{subject}: {wording[mark_a]} {sa.text!r} vs {wording[mark_b]} {sb.text!r} - only one can have")
    return None


def _excluded_doer(fa: Fact, sa: Slot, fb: Fact, sb: Slot, claim_a: Claim, claim_b: Claim) -> Conflict | None:
    """One source leaves a person out of an event ("Fell left out of the talks"), the other has that person take part in
    it: lead, attend, chair it ("Fell led the negotiations"), or do it ("Fell negotiated")."""
    (_, out_slot), (doer_fact, doer_slot) = sorted(((fa, sa), (fb, sb)), key=lambda side: not side[1].value.startswith("out:"))
    if not doer_slot.value.startswith(("by:", "only:")) or not _same_agent(out_slot.value.partition(":")[2], doer_slot.value.partition(":")[2]):
        return None
    event = set((out_slot.unit or "").split(",")) - {""}
    act = group_of(doer_fact.predicate, "VERB")
    took_part = act in event or (doer_fact.predicate in lexicon().participation_verbs and event & set((doer_slot.unit or "").split(",")))
    if not took_part or not doer_fact.polarity:
        return None
    subject = "who: " + ", ".join(sorted(event)[:3])
    person = name_part(doer_slot.value.partition(":")[2].removesuffix("@judge")) or doer_slot.text
    explanation = f"{subject}: {person} left out of it ({out_slot.text!r}) vs {doer_fact.predicate} it ({doer_slot.text!r}) - not both"
    return _conflict("attribution", claim_a, claim_b, sa, sb, subject, explanation)


def _phrases_overlap(a: str, b: str) -> bool:
    """Two descriptions sharing a content word ("several shipping lines" / "various shipping traces") may be one doer."""
    stop = lexicon().stopwords | {"the", "a", "an", "of", "his", "her", "its", "their", "our", "several", "various", "some"}
    words_a = {word for word in re.findall(r"[a-z]+", a.lower()) if word not in stop and len(word) > 2}
    words_b = {word for word in re.findall(r"[a-z]+", b.lower()) if word not in stop and len(word) > 2}
    return bool(words_a & words_b)


def _same_agent(a: str, b: str) -> bool:
    a, b = a.removesuffix("@judge"), b.removesuffix("@judge")
    if ":" in a or ":" in b:
        return names_match(a if ":" in a else f"x:{a}", b if ":" in b else f"x:{b}")
    return group_of(a) == group_of(b)


def _order_conflict(slots_a, slots_b, shared, claim_a, claim_b) -> Conflict | None:
    for fa, sa in slots_a:
        if sa.kind != "order":
            continue
        early_a, late_a = (set(part.split("+")) for part in sa.value.split("<"))
        for fb, sb in slots_b:
            if sb.kind != "order":
                continue
            early_b, late_b = (set(part.split("+")) for part in sb.value.split("<"))
            reversed_order = (early_a & late_b) and (late_a & early_b)
            straight = (early_a & early_b) and (late_a & late_b)
            if reversed_order and not straight:
                subject = f"order: {'/'.join(sorted(early_a & late_b)[:2])} vs {'/'.join(sorted(late_a & early_b)[:2])}"
                return _conflict("order", claim_a, claim_b, sa, sb, subject, f"{subject}: {sa.text!r} vs {sb.text!r} - the events come in opposite order")
    return None
