"""Labelling rules (fast, no model) and the judge on real model outputs."""

from claimdiff.config import Thresholds
from claimdiff.differences import differences
from claimdiff.judge import assertion_of, build_clusters, decide, judge_pairs
from claimdiff.model import CandidatePair, Claim, Evidence, JudgedPair, Label, NLIScores

T = Thresholds()


def claim(cid, text, question=False):
    doc = cid.split("#")[0]
    return Claim(id=cid, doc_id=doc, index=int(cid.split("#")[1]), text=text, start=0, end=len(text), sentence_start=0, sentence_end=len(text), question=question)


def pair(cosine=0.8, lexical=0.5):
    return CandidatePair(a="x#0", b="y#0", cosine=cosine, lexical=lexical, reasons=("embedding",))


def test_why_questions_are_judged_by_what_they_presuppose():
    q = claim("a#0", "Why then is Beijing aiding Moscow so ardently even when imminent US sanctions are going to aggravate its already weak economy?", question=True)
    assert assertion_of(q).startswith("Beijing is aiding Moscow so ardently")
    assert assertion_of(claim("a#1", "Why does China fear North Korea?", question=True)) == "China fear North Korea."
    assert assertion_of(claim("a#2", "So, was Zhao simply making a courtesy call?", question=True)).endswith("?")  # no presupposition to take


def test_rules_in_order():
    neutral = (0.1, 0.8, 0.1)
    assert decide(pair(lexical=0.95), neutral, neutral, (), T)[0] is Label.PARAPHRASE
    date = differences("The ship was hit on 3 March.", "The ship was hit on 5 March.")
    assert decide(pair(lexical=0.95), neutral, neutral, date, T)[0] is Label.CONTRADICTION
    assert decide(pair(cosine=0.3), neutral, neutral, date, T)[0] is Label.UNRELATED  # differing dates in unrelated claims mean nothing
    assert decide(pair(), (0.05, 0.15, 0.8), (0.05, 0.15, 0.8), (), T)[0] is Label.CONTRADICTION
    assert decide(pair(), (0.05, 0.15, 0.8), neutral, (), T)[0] is Label.UNRELATED  # one direction only: unsure
    assert decide(pair(cosine=0.2), (0.05, 0.15, 0.8), (0.05, 0.15, 0.8), (), T)[0] is Label.UNRELATED
    assert decide(pair(), (0.9, 0.05, 0.05), (0.85, 0.1, 0.05), (), T)[0] is Label.PARAPHRASE
    assert decide(pair(), (0.9, 0.05, 0.05), (0.2, 0.7, 0.1), (), T)[0] is Label.AGREEMENT
    assert decide(pair(), neutral, neutral, (), T)[0] is Label.UNRELATED


def test_judge_on_real_model(nli):
    claims = [
        claim("x#0", "China supplies semiconductors and drones to Russia."),
        claim("y#0", "Beijing provides Russia with chips and drones."),
        claim("x#1", "Putin visited Pyongyang in June 2024."),
        claim("y#1", "Putin never visited North Korea."),
        claim("x#2", "China is aiding Moscow ardently."),
        claim("y#2", "China shuns the Russia-North Korea alliance."),
    ]
    candidates = [
        CandidatePair(a="x#0", b="y#0", cosine=0.8, lexical=0.5, reasons=("embedding",)),
        CandidatePair(a="x#1", b="y#1", cosine=0.75, lexical=0.6, reasons=("embedding",)),
        CandidatePair(a="x#2", b="y#2", cosine=0.55, lexical=0.3, reasons=("embedding",)),
    ]
    judged = {(j.a, j.b): j for j in judge_pairs(candidates, claims, nli, T)}
    assert judged[("x#0", "y#0")].label is Label.PARAPHRASE
    contradiction = judged[("x#1", "y#1")]
    assert contradiction.label is Label.CONTRADICTION
    assert any(e.kind == "negation" and e.b_text == "never" for e in contradiction.evidence)
    assert contradiction.explanation
    stance = judged[("x#2", "y#2")]  # the model alone says neutral; the stance check decides
    assert stance.label is Label.CONTRADICTION and stance.evidence[0].kind == "stance"


def test_clusters_join_paraphrase_and_agreement_only():
    claims = [claim("a#0", "x"), claim("b#0", "x"), claim("c#0", "x"), claim("c#1", "y"), claim("d#0", "y")]
    scores = NLIScores((0.9, 0.05, 0.05), (0.9, 0.05, 0.05))

    def judged(a, b, label):
        return JudgedPair(a=a, b=b, label=label, confidence=0.9, nli=scores, cosine=0.9, lexical=0.9, evidence=(), explanation="")

    clusters = build_clusters(claims, [judged("a#0", "b#0", Label.PARAPHRASE), judged("b#0", "c#0", Label.AGREEMENT), judged("c#1", "d#0", Label.CONTRADICTION)])
    assert [(c.id, c.claim_ids, c.doc_ids) for c in clusters] == [("c1", ("a#0", "b#0", "c#0"), ("a", "b", "c"))]


def test_a_chain_of_links_is_not_one_cluster():
    """Every member is one judged link from its cluster's centre: a chain a-b-c-d-e splits, it does not merge."""
    claims = [claim(f"{doc}#0", "x") for doc in "abcde"]
    scores = NLIScores((0.9, 0.05, 0.05), (0.2, 0.7, 0.1))
    chain = [
        JudgedPair(a=f"{x}#0", b=f"{y}#0", label=Label.AGREEMENT, confidence=0.9, nli=scores, cosine=0.8, lexical=0.5, evidence=(), explanation="")
        for x, y in zip("abcd", "bcde")
    ]
    clusters = build_clusters(claims, chain)
    assert [c.claim_ids for c in clusters] == [("a#0", "b#0", "c#0"), ("d#0", "e#0")]


def test_seed_clusters_stay_small(seeds_comparison):
    largest = max(len(c.claim_ids) for c in seeds_comparison.clusters)
    assert largest <= 12, f"a cluster of {largest} claims chains unrelated claims together"


def test_self_contradictory_nli_is_not_a_finding():
    """Entailment one way and contradiction the other: the model is unsure, so no contradiction."""
    assert decide(pair(), (0.54, 0.44, 0.02), (0.03, 0.09, 0.88), (), T)[0] is Label.AGREEMENT
    assert decide(pair(), (0.30, 0.05, 0.65), (0.03, 0.09, 0.88), (), T)[0] is Label.CONTRADICTION


def test_negation_is_no_contradiction_when_nli_also_reads_entailment():
    """'have never been easy' vs 'is complicated': one side negates, NLI says contradiction one way and entailment (0.50) the other."""
    assert decide(pair(lexical=0.6, cosine=0.71), (0.50, 0.29, 0.22), (0.04, 0.06, 0.91), (Evidence("negation", "never", "", (0, 5), (0, 0)),), T)[0] is not Label.CONTRADICTION
    assert decide(pair(lexical=0.6, cosine=0.71), (0.10, 0.70, 0.20), (0.04, 0.06, 0.91), (Evidence("negation", "never", "", (0, 5), (0, 0)),), T)[0] is Label.CONTRADICTION
