"""Opposed facts: one claim asserts what another negates, refuses, rules out or leaves open.

The NLI model reads these clashes as entailment as often as contradiction ("would refuse to resume
talks" / "ready to resume talks": 0.65 entailment), so the fact stage's parse decides. Each finding
needs the same actor and the same event; the judge adds that both claims report one story and that
neither is a heading. A false contradiction costs more than a missed one, so every rule asks for two
independent signs that the claims speak of one thing:

- negation: one actor, one predicate (or two predicates of one group in
  claimdiff/data/opposed_predicates.tsv, with a content word in common), affirmed in one claim and
  negated, refused or counted as zero ("No homes have been destroyed") in the other;
- condition: a refusal "until" something is done against a promise "without preconditions"
  (claimdiff/data/conditions.tsv); a conditional refusal and a plain promise are compatible;
- modality: one claim leaves a fact open ("declined to say when", "the fee has not been
  disclosed", claimdiff/data/withholding.tsv) and the other states exactly the kind of answer left
  open (a date, a sum of money, a count, a cause, a place, a name: withheld_answers.tsv), about the
  same thing;
  an open "whether" is settled only by a disclosure verb (disclosure_verbs.txt); a cause or a
  time the fact stage has no slot for is read with stated_answers.tsv.

`weakly_opposed` finds the same negated main predicate where the actors cannot be told to be one
("it would appeal" / "the company would not be appealing", "did not expect the board to raise
rates" / "the board expected to raise rates"), and one actor's opposite stances on
one thing ("supports the bill" / "opposes the bill", opposed_predicates.tsv): too weak for a
contradiction, too strong for a paraphrase.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from claimdiff.differences import any_phrase, disclosure_verbs, rule_rows, same_name, withholding
from claimdiff.facts import PRONOUN_ACTORS, group_of
from claimdiff.model import Evidence, Fact

LIGHT_VERBS = frozenset({"be", "have", "do", "say", "make", "get", "take", "go", "come", "give", "put", "keep"})  # say little alone
NO_COMMENT = frozenset({"comment", "elaborate", "respond", "speak"})  # "declined to comment" withholds; it states nothing a comment elsewhere contradicts
REFUSING = frozenset({"refuse", "decline"})  # "refused to accept defeat": the event is the complement
REPORTING = frozenset({"say", "tell", "note", "add", "insist", "report", "explain", "claim", "state", "decline", "refuse"})
STEM = 6  # two content keys sharing this many first letters are one word ("regulator" / "regulatory")
EVENT_REACH = 40  # characters after a parse's head word in which its event's own verb is looked for
_NEXT_WORD = re.compile(r"^\s+([a-z]+)")
_COMPLEMENT = re.compile(r"^\s+to\s+([a-z]+)(?:\s+([a-z]+))?")


@dataclass(frozen=True)
class PredicateRules:
    same: dict[str, int]  # member -> group number
    opposite: dict[str, tuple[int, int]]  # member -> (pair number, side)


@lru_cache(maxsize=1)
def predicate_rules() -> PredicateRules:
    """claimdiff/data/opposed_predicates.tsv, read once."""
    same: dict[str, int] = {}
    opposite: dict[str, tuple[int, int]] = {}
    for number, row in enumerate(rule_rows("opposed_predicates.tsv")):
        if row[0] == "same":
            same.update({member: number for member in row[1].split()})
        elif row[0] == "opposite":
            for side, members in enumerate(row[1:3]):
                opposite.update({member: (number, side) for member in members.split()})
    return PredicateRules(same, opposite)


@lru_cache(maxsize=1)
def _condition_patterns() -> tuple[re.Pattern, re.Pattern]:
    kinds: dict[str, list[str]] = {"condition": [], "unconditional": []}
    for kind, pattern in rule_rows("conditions.tsv"):
        kinds[kind].append(pattern)
    return tuple(any_phrase(kinds[k]) for k in ("condition", "unconditional"))


@lru_cache(maxsize=1)
def _answer_cues() -> dict[tuple[str, str], re.Pattern]:
    cues: dict[tuple[str, str], list[str]] = {}
    for kind, position, pattern in rule_rows("withheld_answers.tsv"):
        cues.setdefault((kind, position), []).append(pattern)
    return {key: any_phrase(patterns) for key, patterns in cues.items()}


@lru_cache(maxsize=1)
def _stated_answers() -> dict[str, re.Pattern]:
    kinds: dict[str, list[str]] = {}
    for kind, pattern in rule_rows("stated_answers.tsv"):
        kinds.setdefault(kind, []).append(pattern)
    return {kind: any_phrase(patterns) for kind, patterns in kinds.items()}


# ------------------------------------------------------------------ reading one fact


@dataclass(frozen=True)
class Reading:
    """A fact as the opposed-facts rule reads it."""

    fact: Fact
    members: frozenset[str]  # how opposed_predicates.tsv may name its predicate: "go", "go_off", "accept+defeat"
    predicate: str  # the event: the complement of a refusal ("refused to accept" -> "accept")
    affirmed: bool  # not negated, refused, denied or counted as zero
    hedged: bool  # "may", "might", "could": neither asserts nor denies
    span: tuple[int, int]
    words: str  # the predicate as written


NEG_RAISING = frozenset({"expect", "think", "believe", "anticipate", "foresee"})  # "did not expect the board to raise rates" ~ expected it not to
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\b(?:but|and|although|though|while|because)\b")


def expected_not(facts: Sequence[Fact], text: str) -> dict[int, int]:
    """The facts a negated belief governs, each with where the belief starts: "he did not expect
    the board to raise rates" says the raise is not expected, though the parse affirms "raise".
    The governed fact is the next one, in the same clause, a few words on."""
    governed: dict[int, int] = {}
    spans = [f.predicate_span for f in facts]
    for fact in facts:
        if fact.polarity or fact.predicate not in NEG_RAISING or not fact.predicate_span:
            continue
        after = [j for j, span in enumerate(spans) if span and span[0] >= fact.predicate_span[1]]
        if after:
            j = min(after, key=lambda k: spans[k][0])
            between = text[fact.predicate_span[1] : spans[j][0]]
            if len(between.split()) <= 6 and not _CLAUSE_BREAK.search(between) and facts[j].polarity:
                governed[j] = fact.predicate_span[0]
    return governed


def read(fact: Fact, text: str) -> Reading:
    """The fact with the words around its predicate that the parse leaves out: a refusal's
    complement ("refused to accept"), a particle ("went off")."""
    start, end = fact.predicate_span or (0, 0)
    predicate, after = fact.predicate, text[end:]
    complement = _COMPLEMENT.match(after) if fact.predicate in REFUSING else None
    if complement:
        predicate, following = complement.group(1), complement.group(2)
        end += complement.end(1)
    else:
        particle = _NEXT_WORD.match(after)
        following = particle.group(1) if particle else None
        if particle and f"{predicate}_{following}" in predicate_rules().same:
            end += particle.end()  # "went off"
    members = {predicate} | ({f"{predicate}_{following}"} if following else set())
    members |= {f"{predicate}+{key}" for key in fact.topic}
    affirmed = fact.polarity and fact.modality not in ("refused", "denied")
    if complement:
        affirmed = False  # "declined to resume", whatever the parse made of the complement
    if fact.predicate_span and not text[start:end].lower().startswith(predicate[:3]):
        # "was ready to resume talks": the parse points at "was"; the reader should see "resume"
        event = re.search(rf"\b{re.escape(predicate[: max(3, len(predicate) - 1)])}\w*", text[end : end + EVENT_REACH], re.IGNORECASE)
        if event:
            end += event.end()
    if not affirmed and fact.predicate_span:  # show the negation with its verb: "has not been killed", not "killed"
        lead = _NEGATING_LEAD.search(text[max(0, start - 40) : start])
        if lead and re.search(r"\b(?:not|never)\b|n't", lead.group(0), re.IGNORECASE):
            start -= len(lead.group(0))
    return Reading(fact, frozenset(members), predicate, affirmed, fact.modality == "possible", (start, end), text[start:end] if fact.predicate_span else predicate)


_NEGATING_LEAD = re.compile(r"(?:\b(?:has|have|had|was|were|is|are|been|be|will|would|did|do|does|could|can|should|may|might|not|never)\b\s*|n't\s+)+$", re.IGNORECASE)


def event_key(fact: Fact, text: str) -> str:
    """What the fact is an event of, as opposed_predicates.tsv groups it: "conceded defeat" and
    "refused to accept defeat" share one key, so the aligner can pair claims the judge may oppose."""
    reading = read(fact, text)
    same = predicate_rules().same
    groups = sorted(same[m] for m in reading.members if m in same)
    return f"group:{groups[0]}" if groups else reading.predicate


@lru_cache(maxsize=1)
def _generic_actors() -> frozenset[str]:
    return frozenset(row[0].strip() for row in rule_rows("generic_actors.txt"))


ORG_PRONOUNS, PERSON_PRONOUNS = frozenset({"it", "they"}), frozenset({"he", "she"})


def actors(facts: Sequence[Fact]) -> list[str | None]:
    """Each fact's actor, resolved where a claim says who it is: "Corran Water said it would appeal"
    (it: the speaker), "a spokesperson for Corran Water said the company..." (the company: the one
    organisation the claim names)."""
    orgs = {slot.value for fact in facts for slot in fact.slots if slot.kind == "org"}
    resolved = []
    for fact in facts:
        actor, speaker = fact.actor, fact.speaker or ""
        if actor in ORG_PRONOUNS and speaker.startswith(("org:", "place:")) or actor in PERSON_PRONOUNS and speaker.startswith("person:"):
            actor = speaker
        elif actor in _generic_actors() and len(orgs) == 1:
            actor = next(iter(orgs))
        resolved.append(actor)
    return resolved


def _content(fact: Fact) -> set[str]:
    """The fact's content keys besides names: what two facts must share to be about one thing."""
    return {key for key in fact.topic if not key.startswith("=") and ":" not in key}


def _stems_meet(x: set[str], y: set[str]) -> bool:
    return bool(x & y) or any(len(a) >= STEM and len(b) >= STEM and a[:STEM] == b[:STEM] for a in x for b in y)


def same_actor(a: str | None, b: str | None) -> bool:
    """One named or described actor: "org:tallis" and "person:owen tallis" (the words of one within
    the other's), "Kim Jung Un" and "Kim Jong Un" (a name's spelling); never a pronoun, and never
    "man" and "woman"."""
    if not (a and b) or a in PRONOUN_ACTORS or b in PRONOUN_ACTORS:
        return False
    x, y = set(a.split(":")[-1].split()), set(b.split(":")[-1].split())
    return a == b or x <= y or y <= x or (":" in a and ":" in b and same_name(a.split(":")[-1], b.split(":")[-1]))


def _same_event(x: Reading, y: Reading) -> bool:
    """One predicate, or two members of one group of opposed_predicates.tsv over a shared content word."""
    if x.predicate == y.predicate:
        return x.predicate not in LIGHT_VERBS | NO_COMMENT
    same = predicate_rules().same
    x_groups = {same[m] for m in x.members if m in same}
    y_groups = {same[m] for m in y.members if m in same}
    shared = (_content(x.fact) & _content(y.fact)) - {x.predicate, y.predicate}
    return bool(x_groups & y_groups) and bool(shared)


def _opposite_events(x: Reading, y: Reading) -> bool:
    """Opposite stances of opposed_predicates.tsv ("supports" / "opposes") over a shared content word."""
    opposite = predicate_rules().opposite
    x_sides = {opposite[m] for m in x.members if m in opposite}
    y_sides = {opposite[m] for m in y.members if m in opposite}
    crossed = any(n == m and s != t for n, s in x_sides for m, t in y_sides)
    shared = (_content(x.fact) & _content(y.fact)) - {x.predicate, y.predicate}
    return crossed and bool(shared)


def _evidence(kind: str, x: Reading, y: Reading) -> Evidence:
    return Evidence(kind=kind, a_text=x.words, b_text=y.words, a_span=x.span, b_span=y.span)


def _conditions(text: str) -> tuple[bool, bool]:
    condition, unconditional = _condition_patterns()
    return bool(condition.search(text)), bool(unconditional.search(text))


# ------------------------------------------------------------------ negation and condition


def _negations(a_facts: Sequence[Fact], b_facts: Sequence[Fact], a_text: str, b_text: str) -> list[Evidence]:
    found = []
    if _reversal().search(a_text) or _reversal().search(b_text):
        return found  # "initially refused to pay ... changed his mind" / "paid £300": a stance that did not last
    a_conditional, a_unconditional = _conditions(a_text)
    b_conditional, b_unconditional = _conditions(b_text)
    for fx, a_actor in zip(a_facts, actors(a_facts)):
        for fy, b_actor in zip(b_facts, actors(b_facts)):
            if not same_actor(a_actor, b_actor):
                continue
            x, y = read(fx, a_text), read(fy, b_text)
            if x.hedged or y.hedged:
                continue  # "may appeal" neither asserts nor denies "will not appeal"
            if x.affirmed != y.affirmed and _same_event(x, y):
                if a_conditional or b_conditional:
                    # "will not return until X" and "ready to return once X" can both hold; not
                    # "ready to resume talks without preconditions".
                    ruled_out = (b_unconditional and not b_conditional) if a_conditional else (a_unconditional and not a_conditional)
                    if ruled_out:
                        found.append(_evidence("condition", x, y))
                    continue
                found.append(_evidence("negation", x, y))
    return found


def weakly_opposed(a_facts: Sequence[Fact], b_facts: Sequence[Fact], a_text: str, b_text: str) -> tuple[Evidence, bool] | None:
    """The same contentful predicate affirmed in one claim and negated in the other, where the
    actors are not known to differ (one is a pronoun, or one claim is attributed to the other's
    actor): "Corran Water said it would appeal" / "the company would not be appealing". Never a
    contradiction, never a paraphrase. The flag says whether the two facts are about one thing (a
    content word in common, or none besides the predicate on both sides): "it needs to contain
    influence" / "what Beijing does not need is threats" are not."""
    a_unexpected, b_unexpected = expected_not(a_facts, a_text), expected_not(b_facts, b_text)
    for i, fx in enumerate(a_facts):
        for j, fy in enumerate(b_facts):
            if not (fx.actor and fy.actor):
                continue
            pronoun = fx.actor in PRONOUN_ACTORS or fy.actor in PRONOUN_ACTORS
            if not (pronoun or same_actor(fx.actor, fy.actor) or _attributed_to(fx, fy) or _attributed_to(fy, fx)):
                continue
            x, y = read(fx, a_text), read(fy, b_text)
            if i in a_unexpected:  # not expected: a belief's negation, the other side's plain statement
                x = _not_expected(x, a_unexpected[i], a_text)
            if j in b_unexpected:
                y = _not_expected(y, b_unexpected[j], b_text)
            if same_actor(fx.actor, fy.actor) and x.affirmed == y.affirmed and not (x.hedged or y.hedged) and _opposite_events(x, y):
                return _evidence("stance", x, y), True  # "supports the bill" / "opposes the bill"
            if x.hedged or y.hedged or x.affirmed == y.affirmed or x.predicate != y.predicate or x.predicate in LIGHT_VERBS | NO_COMMENT:
                continue
            if any(_conditions(text)[0] for text in (a_text, b_text)):
                continue
            x_more, y_more = _content(fx) - {x.predicate}, _content(fy) - {y.predicate}
            return _evidence("negation", x, y), not (x_more or y_more) or _stems_meet(x_more, y_more)
    return None


def _not_expected(reading: Reading, belief_start: int, text: str) -> Reading:
    """The reading of a fact a negated belief governs: not affirmed, its words from the belief on ("expect the board to raise")."""
    span = (belief_start, reading.span[1])
    return dataclasses.replace(reading, affirmed=False, span=span, words=text[slice(*span)])


def _attributed_to(x: Fact, y: Fact) -> bool:
    """Whether x's actor is y's speaker ("Corran Water said the company..." - the company)."""
    return bool(y.speaker and x.actor) and (same_actor(x.actor, y.speaker) or any(key == f"={x.actor}" for key in y.topic))


# ------------------------------------------------------------------ modality: withheld and stated


WH_ACTORS = ("what", "who", "which", "whatever")  # "what had caused the fire": the actor is what is asked
QUESTION_WORDS = ("wh", "how", "if")  # a cue that opens a question ("when it would apply"), not a noun ("the fee")


def _answer_kinds(text: str, marker: re.Match) -> dict[str, set[str]]:
    """What a withholding phrase leaves open, read from the words after it (and just before it):
    each kind of answer with the cue words that ask for it."""
    after = text[marker.end() : marker.end() + 80]
    around = text[max(0, marker.start() - 40) : marker.end() + 80]
    kinds: dict[str, set[str]] = {}
    for (kind, position), pattern in _answer_cues().items():
        for cue in pattern.finditer(after if position == "after" else around):
            kinds.setdefault(kind, set()).add(cue.group(0).lower())
    return kinds


@lru_cache(maxsize=1)
def _hearsay() -> re.Pattern:
    return any_phrase(row[0] for row in rule_rows("hearsay.txt"))


@lru_cache(maxsize=1)
def _reversal() -> re.Pattern:
    return any_phrase(row[0] for row in rule_rows("reversals.txt"))


_LOCATION = re.compile(r"^\s+(?:[a-z]+\s+){0,2}?(?:in|at|inside|near|behind|beneath|under|on)\s+(?:an?|the)\s+(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*")


_NEXT_CLAUSE = re.compile(r"[;:\u2014]|,\s+(?:but|while|although|though|whereas|which|who)\b")


def _clause_from(fact: Fact, text: str) -> str:
    """The text from the fact's predicate to the end of its clause: where its own answer stands
    ("plans to submit applications in the first half of next year", not "founded in 2010, ...")."""
    start = (fact.predicate_span or (0, 0))[0]
    rest = text[start:]
    end = _NEXT_CLAUSE.search(rest)
    return rest[: end.start()] if end else rest


def _answers(kind: str, fact: Fact, text: str) -> bool:
    """Whether a stated fact gives the kind of answer a withholding claim left open."""
    slots = {slot.kind for slot in fact.slots}
    if kind == "time":
        return bool(slots & {"date", "time"}) or bool(_stated_answers()["time"].search(_clause_from(fact, text)))
    if kind == "money":  # "the fee has not been disclosed" is not answered by "a bid for the 24-year-old"
        return "money" in slots
    if kind == "count":
        return bool(slots & {"number", "quantity"})
    if kind == "amount":
        return bool(slots & {"money", "number", "quantity", "percent"})
    if kind == "person":
        return bool(slots & {"person"})
    if kind == "cause":
        return bool(_stated_answers()["cause"].search(_clause_from(fact, text)))
    if kind == "place":  # "began in an electrical cabinet"; "broke out at our Tannery Road site" names the place everyone knows
        end = (fact.predicate_span or (0, 0))[1]
        return bool(fact.predicate_span and _LOCATION.match(text[end:]))
    return False


def _withheld(open_facts: Sequence[Fact], open_text: str, marker: re.Match, stated_facts: Sequence[Fact], stated_text: str) -> tuple[Fact, str] | None:
    """The stated fact that answers what the open claim leaves open, and the kind of answer.

    The answer must be about the thing left open: the noun asked about ("the fee" -> a fact about
    a fee), else the clause the question opens ("when it would apply for regulatory approval" -> a
    fact sharing a content word with it)."""
    kinds = _answer_kinds(open_text, marker)
    if not kinds or _hearsay().search(stated_text):
        return None  # "declined to comment" leaves nothing in particular open; "is understood to be" is not on record
    asked = [f for f in open_facts if f.predicate not in REPORTING and f.predicate_span and f.predicate_span[1] > marker.start()]
    open_main, stated_main = _main_actor(open_facts), _main_actor(stated_facts)
    stated = [f for f in stated_facts if f.polarity and f.modality not in ("refused", "denied", "possible")]

    def about_it(y: Fact, nouns: set[str], asked_nouns: set[str]) -> bool:
        if nouns:  # "the fee has not been disclosed": any fact about a fee
            return _stems_meet(_content(y), nouns)
        # "declined to say when it would apply": a fact sharing a word with that clause, of its actor
        # when it names one ("when he would appeal" is not answered by the prosecution's plans)
        return any(
            _stems_meet(_content(y), _content(q) - REPORTING - disclosure_verbs())
            and (q.actor in (None, *WH_ACTORS, *asked_nouns) or y.actor is None or same_actor(_or_main(q.actor, open_main), _or_main(y.actor, stated_main)))
            for q in asked
        )

    for kind in sorted(set(kinds) - {"whether"}):
        asked_nouns = {group_of(cue) for cue in kinds[kind] if not cue.startswith(QUESTION_WORDS)}
        nouns = asked_nouns - {"cause", "origin"}  # "the cause of the fire": the fire is what the answer is about
        for y in stated:
            if about_it(y, nouns, asked_nouns) and _answers(kind, y, stated_text):
                return y, kind
    if "whether" in kinds and any(f.predicate in disclosure_verbs() for f in stated):
        # "has yet to say whether it will challenge the decision" / "confirmed it would not contest
        # the ruling": the stated fact (either polarity) must be the same event, not just the same noun.
        # The same actor too: "has yet to say whether it will challenge" is not settled by someone
        # else confirming that they will. A pronoun is the claim's first named subject.
        questioned = [(read(f, open_text), _or_main(f.actor, open_main)) for f in open_facts if f.predicate_span and f.predicate_span[0] >= marker.end()]
        for fy in stated_facts:
            if fy.modality == "possible" or fy.predicate in disclosure_verbs():
                continue
            y, y_actor = read(fy, stated_text), _or_main(fy.actor, stated_main)
            if any(same_actor(x_actor, y_actor) and (_same_event(x, y) or _same_event(x, _with_topic_members(y))) for x, x_actor in questioned):
                return fy, "whether"
    return None


def _main_actor(facts: Sequence[Fact]) -> str | None:
    return next((f.actor for f in facts if f.actor and f.actor not in PRONOUN_ACTORS), None)


def _or_main(actor: str | None, main: str | None) -> str | None:
    return main if actor in PRONOUN_ACTORS else actor


def _with_topic_members(reading: Reading) -> Reading:
    """A reading whose members include its clause's other verbs ("will not seek to overturn")."""
    return dataclasses.replace(reading, members=reading.members | set(reading.fact.topic))


def _modality(a_facts: Sequence[Fact], b_facts: Sequence[Fact], a_text: str, b_text: str) -> list[Evidence]:
    a_open, b_open = withholding(a_text), withholding(b_text)
    if bool(a_open) == bool(b_open):
        return []
    if a_open:
        found = _withheld(a_facts, a_text, a_open, b_facts, b_text)
        if found:
            y = read(found[0], b_text)
            return [Evidence(kind="modality", a_text=a_open.group(0), b_text=y.words, a_span=a_open.span(), b_span=y.span)]
    else:
        found = _withheld(b_facts, b_text, b_open, a_facts, a_text)
        if found:
            y = read(found[0], a_text)
            return [Evidence(kind="modality", a_text=y.words, b_text=b_open.group(0), a_span=y.span, b_span=b_open.span())]
    return []


def opposed_facts(a_facts: Sequence[Fact], b_facts: Sequence[Fact], a_text: str, b_text: str) -> tuple[Evidence, ...]:
    """Every opposition between the facts of claim a and claim b, spans relative to each claim."""
    return tuple(_negations(a_facts, b_facts, a_text, b_text) + _modality(a_facts, b_facts, a_text, b_text))
