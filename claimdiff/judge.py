"""Give each candidate pair one label, with the evidence that decided it and a sentence saying why.

Precision first: a report that cries wolf is worse than none. The SNLI-trained NLI model reads
contradiction into merely related news sentences (and misses real ones), so it never decides a
contradiction alone. Rules, first match wins (thresholds in config.Thresholds):
1. a fact conflict from the fact stage (a date, number, quantity, role, status, outcome, entity,
   attribution or quotation that cannot be the same in both) -> contradiction, with the conflict
   as the evidence a reader can check;
2. near-identical wording and no checkable value differs -> paraphrase; the same sentence (word
   order similarity with numbers masked ≥ `same_sentence_lexical`) with another date or figure ->
   contradiction;
3. the same actor's event asserted by one source and negated, refused or counted as zero by the
   other, promised without conditions by one and refused until a condition by the other, or the
   very answer one source gives (a date, an amount, a cause) left open by the other ("declined to
   say when"): opposed facts (claimdiff/opposed.py) -> contradiction;
4. the same actor backing something in one claim and keeping away in the other -> divergence,
   ranked by how directly the two address the same counterpart (never a contradiction); the same
   predicate affirmed and negated where the actors may differ ("it would appeal" / "the company
   would not be appealing"), or one actor's opposite stances ("supports" / "opposes" the bill)
   -> divergence, and never a paraphrase (rule 2 included);
5. NLI entailment both ways between close claims with no checkable value differing -> paraphrase;
6. NLI entailment one way between close claims about the same thing (the same actor and predicate,
   or two content words besides names) with no contradiction signal -> agreement when one side
   elaborates the other: it adds a checkable detail the other source lacks (a figure, date,
   quotation, or a name the other article never states; differences.added_detail) and holds most
   of what the other says (`shared_topic`); paraphrase when neither adds anything; else related;
7. close claims with no entailment -> related (same event, neither supports the other);
8. anything else -> unrelated (kept in JSON for auditing, dropped from the report).
Questions are judged through their presupposition ("Why is Beijing aiding Moscow?" asserts that
Beijing is aiding Moscow); headlines contradict only through a fact conflict.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from claimdiff.config import Thresholds
from claimdiff.differences import DIRECT, PARTIAL, WEAK, AddedDetail, added_detail, differences, facts_differ, masked_similarity, same_name, stance_divergence
from claimdiff.facts import PRONOUN_ACTORS
from claimdiff.model import CandidatePair, Claim, Cluster, Conflict, Evidence, Fact, JudgedPair, Label, NLIScores
from claimdiff.nli import NLIModel
from claimdiff.opposed import opposed_facts, weakly_opposed

_WHY = re.compile(r"^\s*(?:so,?\s+|but\s+|and\s+)?why\s+(?:then\s+|now\s+|else\s+)?(is|are|was|were|does|do|did|has|have|had|would|will|can|could|should)\s+(.+?)\??\s*$", re.IGNORECASE | re.DOTALL)
_SUBJECT = re.compile(r"^((?:the\s+|a\s+|an\s+)?(?:[A-Z][\w’'-]*\s*)+|(?:the|a|an|this|that|its|their)\s+\w+|\w+)\s+(.*)$", re.DOTALL)
_DO_FORMS = {"does", "do", "did"}


def assertion_of(claim: Claim) -> str:
    """The statement a claim commits to: a why-question's presupposition, else the claim itself."""
    if not claim.question:
        return claim.text
    match = _WHY.match(claim.text)
    if not match:
        return claim.text
    auxiliary, rest = match.group(1), match.group(2).strip()
    subject = _SUBJECT.match(rest)
    if not subject:
        return claim.text
    head, tail = subject.group(1).strip(), subject.group(2).strip()
    if auxiliary.lower() in _DO_FORMS:
        return f"{head[0].upper()}{head[1:]} {tail}."
    return f"{head[0].upper()}{head[1:]} {auxiliary.lower()} {tail}."


def _scores(row) -> tuple[float, float, float]:
    return tuple(round(float(x), 4) for x in row)


CHECKED_FACT_CONFIDENCE = 0.95  # a clash of checkable values; what stays uncertain is whether both facts are of one event
OPPOSED_FACT_CONFIDENCE = 0.80  # one actor's fact asserted and negated or withheld: rests on two parses, so below a checked value
DIRECTNESS_WORDS = {DIRECT: "direct", PARTIAL: "partial", WEAK: "weak"}
OPPOSITION_WORDS = {  # opposed.opposed_facts' evidence kinds
    "negation": "one side negates what the other states about the same actor",
    "condition": "one side sets a condition the other rules out",
    "modality": "one side leaves open what the other states",
}


@dataclass(frozen=True)
class PairContext:
    """What the judge knows of a pair beside NLI: the fact stage's findings and the claims' shapes."""

    conflicts: tuple[Conflict, ...] = ()  # fact conflicts and misquotes between the two claims
    opposed: tuple[Evidence, ...] = ()  # same actor and event, asserted by one side and negated, refused, ruled out or withheld by the other (opposed.opposed_facts)
    weakly_opposed: tuple[Evidence, bool] | None = None  # the same predicate affirmed and negated where the actors may differ, and whether of one thing (opposed.weakly_opposed)
    stance: tuple[Evidence, float, str] | None = None  # opposite stances of one actor, with directness and why
    facts_differ: str | None = None  # why the pair cannot be a paraphrase (a number, date, name or quote differs)
    added_detail: AddedDetail | None = None  # the checkable detail one side adds to the other: agreement's evidence
    shared_topic: float = 1.0  # share of the sparser claim's topic keys (names included) that the other claim has too
    value_clash: tuple[Evidence, ...] = ()  # a date or figure on both sides that cannot both hold (differences.differences)
    same_sentence: float = 0.0  # word-order similarity with every number masked (differences.masked_similarity)
    same_thing: bool = True  # the claims' facts share an actor and predicate, or two content words besides names
    words: int = 99  # length of the shorter claim
    headline: bool = False  # either claim is a headline


@dataclass(frozen=True)
class Verdict:
    label: Label
    confidence: float
    explanation: str
    evidence: tuple[Evidence, ...] = ()


def _conflict_evidence(conflict: Conflict) -> Evidence:
    return Evidence(kind=conflict.kind, a_text=conflict.a_value, b_text=conflict.b_value, a_span=conflict.a_span, b_span=conflict.b_span)


def nli_floor(t: Thresholds) -> float:
    """Below this cosine no rule reads NLI: paraphrase, agreement and provenance's restatements all need
    claims at least this close, and a contradiction never rests on NLI. Such pairs are not run through it."""
    return min(t.paraphrase_min_cosine, t.agreement_min_cosine, t.derivation_min_cosine)


NOT_RUN = (0.0, 1.0, 0.0)  # what decide reads for a pair NLI was not run on: no entailment, no contradiction


def decide(pair: CandidatePair, forward, backward, context: PairContext, t: Thresholds) -> Verdict:
    """The labelling rules, separated from model calls so they can be tested and tuned alone.

    forward/backward are None when NLI was not run (pair.cosine below nli_floor)."""
    nli_run = forward is not None and backward is not None
    f_entail, _, f_contra = forward if nli_run else NOT_RUN
    b_entail, _, b_contra = backward if nli_run else NOT_RUN
    contradiction = max(f_contra, b_contra)
    both_entail = min(f_entail, b_entail)
    one_entail = max(f_entail, b_entail)
    asserts = context.words >= t.min_words_to_contradict
    if context.conflicts and asserts:
        first = context.conflicts[0]
        evidence = tuple(_conflict_evidence(c) for c in context.conflicts)
        return Verdict(Label.CONTRADICTION, CHECKED_FACT_CONFIDENCE, f"{first.kind} conflict: {first.explanation}", evidence)
    negated = bool(context.opposed or context.weakly_opposed)  # near-identical wording, one "not" apart
    if pair.lexical >= t.near_identical_lexical and not context.facts_differ and not negated:
        return Verdict(Label.PARAPHRASE, pair.lexical, f"near-identical wording (lexical similarity {pair.lexical:.2f})")
    # The same sentence with another date or figure needs no parse to be checked: the reader sees
    # every other word agree ("In March 2019, Kim Jong Un visited Russia..." / "In September 2023, ...").
    if context.value_clash and asserts and context.same_sentence >= t.same_sentence_lexical:
        e = context.value_clash[0]
        return Verdict(Label.CONTRADICTION, CHECKED_FACT_CONFIDENCE, f"the same statement with a different {e.kind}: “{e.a_text}” vs “{e.b_text}”", context.value_clash)
    # The parse, not NLI, decides here: on newsdev the model reads these clashes as entailment as
    # often as contradiction ("would refuse to resume talks" / "ready to resume talks": 0.65 entailment).
    if context.opposed and asserts and not context.headline:
        e = context.opposed[0]
        return Verdict(Label.CONTRADICTION, OPPOSED_FACT_CONFIDENCE, f"{e.kind}: {OPPOSITION_WORDS[e.kind]} (“{e.a_text}” vs “{e.b_text}”)", context.opposed)
    if context.stance and pair.cosine >= t.stance_min_cosine:
        evidence, directness, why = context.stance
        strength = DIRECTNESS_WORDS[directness]
        return Verdict(Label.DIVERGENCE, directness, f"{strength} divergence: “{evidence.a_text}” vs “{evidence.b_text}” ({why})", (evidence,))
    # One side negates the other's main predicate, but the actors may not be one ("it would
    # appeal" / "the company would not be appealing"): never a paraphrase, and too weak to contradict.
    if context.weakly_opposed:
        e, one_thing = context.weakly_opposed
        if one_thing and pair.cosine >= t.stance_min_cosine and not context.headline:
            why = "the same actor takes opposite stances" if e.kind == "stance" else "one side negates what the other states, perhaps of another actor"
            return Verdict(Label.DIVERGENCE, PARTIAL, f"{why} (“{e.a_text}” vs “{e.b_text}”)", (e,))
        if pair.cosine >= t.related_min_cosine:
            return Verdict(Label.RELATED, pair.cosine, f"about the same thing (cosine {pair.cosine:.2f}), but one side negates “{e.a_text}” / “{e.b_text}”: neither supports the other")
        return Verdict(Label.UNRELATED, round(1.0 - max(one_entail, contradiction), 4), f"one side negates “{e.a_text}” / “{e.b_text}”; not close enough to be related")
    # The NLI model over-reads entailment between merely related news claims, so meaning must
    # also be close in embedding space, and no checkable value may differ, before a pair counts
    # as saying the same thing.
    # A headline names a topic ("Why China Shuns the Russia-North Korea Alliance" / "Acceptance regardless
    # of the costs: China's stance on the Russia–North Korea alliance"): the model reads entailment into
    # two titles on one subject, so a headline paraphrases only a claim it plainly restates.
    if context.headline and both_entail < t.headline_paraphrase_entailment:
        if pair.cosine >= t.related_min_cosine:
            return Verdict(Label.RELATED, pair.cosine, f"a headline on the same subject (cosine {pair.cosine:.2f}); a headline paraphrases only with entailment ≥ {t.headline_paraphrase_entailment:.2f} both ways")
        return Verdict(Label.UNRELATED, round(1.0 - max(one_entail, contradiction), 4), "a headline, not close enough to be related")
    # Opinion pieces on one subject read as 0.4-0.6 entailment both ways with 0.2-0.3 contradiction:
    # some contradiction signal means they are not the same statement.
    restates = contradiction < t.paraphrase_max_contradiction and not context.facts_differ
    if both_entail >= t.paraphrase_entailment and pair.cosine >= t.paraphrase_min_cosine and restates:
        return Verdict(Label.PARAPHRASE, both_entail, f"NLI entailment both ways (≥ {both_entail:.2f})")
    consistent = contradiction < t.agreement_max_contradiction
    if one_entail >= t.agreement_entailment and pair.cosine >= t.agreement_min_cosine and consistent and context.same_thing:
        direction = "a entails b" if f_entail >= b_entail else "b entails a"
        # What one side adds when it elaborates the other is, in news, a checkable detail: a
        # figure, a date, a name, a quotation. Support that adds none is the same statement.
        if not context.facts_differ:
            # Below paraphrase-close embeddings, a rewrite that wraps the same words in more context
            # ("They include semiconductors, drones..." / "...items China continues to provide, such as
            # semiconductors, drones...") still says the same thing when nearly all its content is shared.
            if restates and (pair.cosine >= t.paraphrase_min_cosine or context.shared_topic >= t.weak_paraphrase_min_shared_topic):
                return Verdict(Label.PARAPHRASE, one_entail, f"{direction} (NLI entailment {one_entail:.2f}) and neither adds a number, date, name or quote the other source lacks")
            return Verdict(Label.RELATED, pair.cosine, f"{direction} weakly (NLI entailment {one_entail:.2f}, cosine {pair.cosine:.2f}) and neither adds a checkable detail")
        # Elaboration: the detailed version holds most of what the plain one says. A name alone is
        # the weakest detail (every claim of a story names its actors), so it needs paraphrase-close claims.
        added = context.added_detail
        if added and context.shared_topic >= t.agreement_min_shared_topic and (added.kind != "name" or pair.cosine >= t.paraphrase_min_cosine):
            return Verdict(Label.AGREEMENT, one_entail, f"{direction} (NLI entailment {one_entail:.2f}); {added.why}")
        if added:
            return Verdict(Label.RELATED, pair.cosine, f"{direction} (NLI entailment {one_entail:.2f}) and {added.why}, but not one elaborating the other ({context.shared_topic:.0%} of content shared, cosine {pair.cosine:.2f})")
        return Verdict(Label.RELATED, pair.cosine, f"{direction} (NLI entailment {one_entail:.2f}) but {context.facts_differ}: not one elaborating the other")
    if pair.cosine >= t.related_min_cosine:
        if not nli_run:
            return Verdict(Label.RELATED, pair.cosine, f"about the same thing (cosine {pair.cosine:.2f}), but too far apart for one to restate the other (NLI not run)")
        return Verdict(Label.RELATED, pair.cosine, f"about the same thing (cosine {pair.cosine:.2f}); neither supports nor contradicts the other")
    if not nli_run:
        return Verdict(Label.UNRELATED, round(1.0 - pair.cosine, 4), f"no fact signal, and too far apart (cosine {pair.cosine:.2f}) to restate one another (NLI not run)")
    return Verdict(Label.UNRELATED, round(1.0 - max(one_entail, contradiction), 4), "no entailment, contradiction or fact signal")


def _facts_by_claim(facts: Sequence[Fact]) -> dict[str, list[Fact]]:
    found: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        found[fact.claim_id].append(fact)
    return found


def _same_actor(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a not in PRONOUN_ACTORS and (a == b or same_name(a, b))


SHARED_TOPIC_KEYS = 2  # content keys besides the actor that two facts must share to be about the same thing


def about_the_same_thing(a_facts: Sequence[Fact], b_facts: Sequence[Fact]) -> bool:
    """Support needs the same event, not merely the same story: one actor doing the same thing, or
    two content words in common besides the names every claim of a story shares."""
    if any(_same_actor(x.actor, y.actor) and x.predicate == y.predicate for x in a_facts for y in b_facts):
        return True
    names = {w for f in (*a_facts, *b_facts) for w in _name_words(f)}
    return len({k for f in a_facts for k in f.topic} & {k for f in b_facts for k in f.topic} - names) >= SHARED_TOPIC_KEYS


def shared_topic(a_facts: Sequence[Fact], b_facts: Sequence[Fact]) -> float:
    """Share of the sparser claim's topic keys (lemmas and names) that the other claim has too. A
    detailed version holds most of what the plain one says ("Ekvall netted 19 league goals for
    Norrvik" / "Ekvall scored 19 goals in 31 league appearances for Norrvik"); two opinions about
    one country share its name and little else."""
    a_keys, b_keys = {k for f in a_facts for k in f.topic}, {k for f in b_facts for k in f.topic}
    if not a_keys or not b_keys:
        return 0.0
    return len(a_keys & b_keys) / min(len(a_keys), len(b_keys))


def _name_words(fact: Fact) -> set[str]:
    """Words of the fact's actor and named participants: in a story about North Korea every claim
    shares "north" and "korea", so names say nothing about whether two facts are about one thing."""
    keys = [fact.actor or ""] + [slot.value for slot in fact.slots if slot.value.startswith(NAMED)]
    return {word for key in keys for word in key.split(":")[-1].split()} | {fact.actor}


NAMED = ("person:", "org:", "place:")  # entity keys of the fact stage


def judge_pairs(
    candidates: Sequence[CandidatePair],
    claims: Sequence[Claim],
    nli: NLIModel,
    thresholds: Thresholds,
    conflicts: Sequence[Conflict] = (),
    facts: Sequence[Fact] = (),
    scores_for_all: bool = False,
) -> list[JudgedPair]:
    """NLI both ways for every candidate close enough for it to matter (one call), then `decide` on each pair alone.

    scores_for_all runs NLI on every pair anyway (`claimdiff pairs`: the user asked about each pair,
    and its scores are part of the answer); the labels are the same either way."""
    by_id = {c.id: c for c in claims}
    floor = -1.0 if scores_for_all else nli_floor(thresholds)
    run = [i for i, p in enumerate(candidates) if p.cosine >= floor]  # each pair's own cosine: no pair depends on another
    statements = [(assertion_of(by_id[candidates[i].a]), assertion_of(by_id[candidates[i].b])) for i in run]
    probabilities = nli.predict([(a, b) for a, b in statements] + [(b, a) for a, b in statements]) if run else []
    row_of = {i: k for k, i in enumerate(run)}
    conflicts_of: dict[tuple[str, str], list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        conflicts_of[(conflict.a, conflict.b)].append(conflict)
    facts_of = _facts_by_claim(facts)
    # What a reader of both sources already knows: a name one claim adds is news only if the other source never states it.
    source_text: dict[str, str] = defaultdict(str)
    for claim in claims:
        source_text[claim.doc_id] += claim.text + "\n"
    judged = []
    n = len(run)
    for i, pair in enumerate(candidates):
        k = row_of.get(i)
        forward, backward = (_scores(probabilities[k]), _scores(probabilities[n + k])) if k is not None else (None, None)
        a, b = by_id[pair.a], by_id[pair.b]
        flipped = [dataclasses.replace(c, a=c.b, b=c.a, a_value=c.b_value, b_value=c.a_value, a_span=c.b_span, b_span=c.a_span) for c in conflicts_of.get((pair.b, pair.a), ())]
        a_facts, b_facts = facts_of.get(pair.a, ()), facts_of.get(pair.b, ())
        # A name the other article states elsewhere is no added detail (no agreement on it), but only
        # a close rewrite of one sentence ("the company" / "Corran Water") may be a paraphrase despite
        # it: between loosely worded claims the missing name is what keeps the NLI model's over-read
        # entailment from passing two opinions about one country as one statement.
        sources = (source_text[a.doc_id], source_text[b.doc_id])
        # A mixed corpus holds many stories: two attacks' death tolls, two phone models' prices
        # differ because they are two things, not because one source is wrong.
        context = PairContext(
            conflicts=(*conflicts_of.get((pair.a, pair.b), ()), *flipped) if pair.same_story else (),
            opposed=opposed_facts(a_facts, b_facts, a.text, b.text) if pair.same_story else (),
            weakly_opposed=weakly_opposed(a_facts, b_facts, a.text, b.text) if pair.same_story else None,
            stance=stance_divergence(assertion_of(a), assertion_of(b)),
            facts_differ=facts_differ(a.text, b.text, *(sources if pair.lexical >= thresholds.name_elsewhere_min_lexical else ("", ""))),
            added_detail=added_detail(a.text, b.text, *sources),
            value_clash=tuple(e for e in differences(a.text, b.text) if e.kind in ("date", "number")),
            same_sentence=masked_similarity(a.text, b.text),
            same_thing=not facts or about_the_same_thing(a_facts, b_facts),
            shared_topic=shared_topic(a_facts, b_facts) if facts else 1.0,
            words=min(len(a.text.split()), len(b.text.split())),
            headline=a.headline or b.headline,
        )
        verdict = decide(pair, forward, backward, context, thresholds)
        judged.append(
            JudgedPair(
                a=pair.a,
                b=pair.b,
                label=verdict.label,
                confidence=round(float(verdict.confidence), 4),
                nli=NLIScores(forward=forward, backward=backward) if forward is not None else None,
                cosine=pair.cosine,
                lexical=pair.lexical,
                evidence=verdict.evidence,
                explanation=verdict.explanation,
            )
        )
    return judged


def build_clusters(claims: Sequence[Claim], pairs: Sequence[JudgedPair], min_agreement_cosine: float = Thresholds.cluster_agreement_min_cosine) -> list[Cluster]:
    """Star clusters over paraphrase links and close agreement links; a cluster spans at least two documents.

    Each cluster is a centre claim and the claims linked to it directly, centres taken by number
    of links (ties by claim order). Joining every linked pair transitively instead chains loosely
    related news claims through one-way entailments into one cluster holding most of an article
    set (155 of the seeds' 267 claims); a star keeps each member one judged link from its centre.
    An agreement (one-way entailment, which the NLI model over-reads between related news claims)
    links only claims at least `min_agreement_cosine` apart.
    """
    order = {c.id: i for i, c in enumerate(claims)}
    links: dict[str, set[str]] = {c.id: set() for c in claims}
    for pair in pairs:
        close_agreement = pair.label is Label.AGREEMENT and pair.cosine >= min_agreement_cosine
        if (pair.label is Label.PARAPHRASE or close_agreement) and pair.a in links and pair.b in links:
            links[pair.a].add(pair.b)
            links[pair.b].add(pair.a)
    assigned: set[str] = set()
    clusters = []
    for centre in sorted((c for c in links if links[c]), key=lambda c: (-len(links[c]), order[c])):
        if centre in assigned:
            continue
        members = [centre] + [m for m in links[centre] if m not in assigned]
        assigned.update(members)
        members.sort(key=order.__getitem__)
        docs = sorted({claims[order[m]].doc_id for m in members})
        if len(docs) >= 2:
            clusters.append(Cluster(id="", claim_ids=tuple(members), doc_ids=tuple(docs)))
    clusters.sort(key=lambda c: order[c.claim_ids[0]])
    return [Cluster(id=f"c{i + 1}", claim_ids=c.claim_ids, doc_ids=c.doc_ids) for i, c in enumerate(clusters)]
