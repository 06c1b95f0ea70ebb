"""Give each candidate pair one label, with the scores that decided it and a sentence saying why.

Order of the rules (first match wins), each threshold from config.Thresholds:
1. near-identical wording and no factual difference -> paraphrase
2. a deterministic clash (date, number, negation) between claims that are otherwise close -> contradiction
3. NLI contradiction in either direction between related claims -> contradiction
4. NLI entailment both ways -> paraphrase; one way -> agreement
5. anything else -> unrelated (kept in JSON for auditing, dropped from the report)
Questions are judged through their presupposition ("Why is Beijing aiding Moscow?" asserts that
Beijing is aiding Moscow), which is what a reader takes from them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimdiff.config import Thresholds
from claimdiff.differences import differences
from claimdiff.model import CandidatePair, Claim, Cluster, Conflict, Evidence, JudgedPair, Label, NLIScores
from claimdiff.nli import NLIModel

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


def decide(pair: CandidatePair, forward, backward, evidence: tuple[Evidence, ...], t: Thresholds, words: int = 99) -> tuple[Label, float, str]:
    """The labelling rules, separated from model calls so they can be tested and tuned alone.

    `words` is the length of the shorter claim: a noun-phrase heading ("North Korean threats")
    asserts nothing, so it can agree with a claim but never contradict one.
    """
    f_entail, _, f_contra = forward
    b_entail, _, b_contra = backward
    contradiction = max(f_contra, b_contra)
    both_entail = min(f_entail, b_entail)
    one_entail = max(f_entail, b_entail)
    hard = [e for e in evidence if e.kind in ("date", "number")]
    negation = [e for e in evidence if e.kind == "negation"]
    stance = [e for e in evidence if e.kind == "stance"]
    can_contradict = words >= t.min_words_to_contradict
    if pair.lexical >= t.near_identical_lexical and not hard and not negation:
        return Label.PARAPHRASE, pair.lexical, f"near-identical wording (lexical similarity {pair.lexical:.2f})"
    if can_contradict and both_entail < t.paraphrase_entailment:
        if hard and pair.cosine >= t.fact_check_min_cosine:
            e = hard[0]
            return Label.CONTRADICTION, max(contradiction, pair.cosine), f"same statement with a different {e.kind}: “{e.a_text}” vs “{e.b_text}”"
        if negation and pair.lexical >= t.negation_lexical and contradiction >= t.negation_support and one_entail < t.agreement_entailment:
            e = negation[0]
            word = e.a_text or e.b_text
            return Label.CONTRADICTION, max(contradiction, pair.cosine), f"one side negates the other (“{word}”); NLI contradiction {contradiction:.2f}"
        if stance and pair.cosine >= t.stance_min_cosine and one_entail < t.agreement_entailment + 0.2:
            e = stance[0]
            return Label.CONTRADICTION, max(contradiction, pair.cosine), f"opposite stances of the same actor: “{e.a_text}” vs “{e.b_text}”"
    # Contradiction is symmetric: a model that sees it one way only, or reads entailment the
    # other way, is unsure, not certain.
    both_contra = min(f_contra, b_contra)
    if can_contradict and both_contra >= t.contradiction and pair.cosine >= t.contradiction_min_cosine and one_entail < t.agreement_entailment:
        return Label.CONTRADICTION, both_contra, f"NLI contradiction both ways (≥ {both_contra:.2f})"
    # The NLI model over-reads entailment between merely related news claims, so meaning must
    # also be close in embedding space before a pair counts as saying the same thing.
    if both_entail >= t.paraphrase_entailment and pair.cosine >= t.paraphrase_min_cosine:
        return Label.PARAPHRASE, both_entail, f"NLI entailment both ways (≥ {both_entail:.2f})"
    if one_entail >= t.agreement_entailment and pair.cosine >= t.agreement_min_cosine:
        direction = "a entails b" if f_entail >= b_entail else "b entails a"
        return Label.AGREEMENT, one_entail, f"{direction} (NLI entailment {one_entail:.2f})"
    return Label.UNRELATED, 1.0 - max(one_entail, contradiction), "no entailment or contradiction signal"


def judge_pairs(
    candidates: Sequence[CandidatePair], claims: Sequence[Claim], nli: NLIModel, thresholds: Thresholds, conflicts: Sequence[Conflict] = ()
) -> list[JudgedPair]:
    """NLI both ways for every candidate (one batched call), then `decide`."""
    by_id = {c.id: c for c in claims}
    statements = [(assertion_of(by_id[p.a]), assertion_of(by_id[p.b])) for p in candidates]
    probabilities = nli.predict([(a, b) for a, b in statements] + [(b, a) for a, b in statements])
    judged = []
    n = len(candidates)
    for i, pair in enumerate(candidates):
        forward, backward = _scores(probabilities[i]), _scores(probabilities[n + i])
        evidence = differences(by_id[pair.a].text, by_id[pair.b].text)
        words = min(len(by_id[pair.a].text.split()), len(by_id[pair.b].text.split()))
        label, confidence, why = decide(pair, forward, backward, evidence, thresholds, words)
        judged.append(
            JudgedPair(
                a=pair.a,
                b=pair.b,
                label=label,
                confidence=round(float(confidence), 4),
                nli=NLIScores(forward=forward, backward=backward),
                cosine=pair.cosine,
                lexical=pair.lexical,
                evidence=evidence if label is Label.CONTRADICTION else (),
                explanation=why,
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
