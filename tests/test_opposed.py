"""Opposed facts (claimdiff/opposed.py) on real newsdev and seed sentences, parsed by the real fact stage."""

import json

import pytest

from claimdiff import facts
from claimdiff.config import Thresholds
from claimdiff.judge import PairContext, decide
from claimdiff.model import CandidatePair, Claim, Document, Label
from claimdiff.opposed import opposed_facts, weakly_opposed


def _facts_of(*texts):
    documents = [Document(id=f"d{i}", text=t, source=f"d{i}") for i, t in enumerate(texts)]
    claims = [Claim(id=f"d{i}#0", doc_id=f"d{i}", index=0, text=t, start=0, end=len(t), sentence_start=0, sentence_end=len(t)) for i, t in enumerate(texts)]
    found = facts.extract_facts(documents, claims)
    return [[f for f in found if f.claim_id == c.id] for c in claims]


def opposition(a, b):
    a_facts, b_facts = _facts_of(a, b)
    return opposed_facts(a_facts, b_facts, a, b)


def weak(a, b):
    a_facts, b_facts = _facts_of(a, b)
    return weakly_opposed(a_facts, b_facts, a, b)


@pytest.mark.parametrize(
    "kind, a, b",
    [
        ("negation", "Sprinklers in the moulding hall activated within minutes, slowing the spread of the flames.",
         "The factory's sprinklers never went off, leaving staff to fight the flames with hand-held extinguishers."),
        ("negation", "Tallis conceded defeat shortly after the declaration and congratulated Marsh.",
         "Port Arlen mayor Owen Tallis has refused to accept defeat, demanding a full recount of every ballot cast in the city."),
        ("condition", "Dana Kowalczyk, the RTWU general secretary, has said the union is prepared to resume talks without preconditions.",
         "The union will not return to talks until Northline withdraws its ticket office closure plan."),
        ("condition", "At a joint press conference, Osterman said Kesland would refuse to resume talks on fishing quotas until Valdoria lifted its inspection regime in the strait.",
         "Osterman told reporters that Kesland was ready to resume talks on fishing quotas “at any time, without preconditions”."),
        # "it" is the speaker, "the company" the one organisation the claim names
        ("negation", "Corran Water said it was disappointed and would appeal.",
         "A spokesperson for Corran Water said the company respected the court's decision and would not be appealing."),
        ("negation", "No homes have been destroyed.",
         "At least three houses on Larch Lane burned to the ground on Saturday night as the Tamsin Ridge fire swept down from the hills."),
        ("modality", "Calyx plans to submit applications to regulators in the first half of next year.",
         "Calyx declined to say when it would apply for regulatory approval."),
        ("modality", "The cause of the fire has not been determined and remains under investigation.",
         "Investigators have confirmed that the fire was started by sparks from a hay baler working on a farm below Tamsin Ridge."),
        ("modality", "Kingsmere confirmed the £32 million fee in a statement on Tuesday night.", "The club are keeping the fee under wraps."),
        ("modality", "The environment agency confirmed it would not contest the ruling.", "The environment agency has yet to say whether it will challenge the decision."),
        ("modality", "The fire service has confirmed that the fire began in an electrical cabinet in the granulating room.",
         "Fire investigators said on Wednesday that it was too early to say where or how the fire had started."),
    ],
)
def test_newsdev_contradictions_from_opposed_facts(kind, a, b):
    assert [e.kind for e in opposition(a, b)][:1] == [kind]


@pytest.mark.parametrize(
    "a, b",
    [
        # the place everyone knows is not the spot investigators are looking for
        ("Fire investigators said on Wednesday that it was too early to say where or how the fire had started.",
         "Hollins & Pryce Plastics can confirm that a fire broke out at our Tannery Road manufacturing site in Brackwell in the early hours of Wednesday morning."),
        # "says" settles nothing, and looking again at its rules is not challenging the decision
        ("The environment agency says it will look again at the way it deals with big applications to extract water.",
         "The environment agency has yet to say whether it will challenge the decision."),
        ("So far there is nothing to suggest that the stolen information has been used by criminals, Kestrel said.",
         "At this stage we have not confirmed whether any financial information was accessed, and our investigation is continuing."),
        # hearsay is not on record: the fee can be undisclosed and "understood to be" a figure
        ("The final fee is understood to be £23 million, including add-ons.", "The fee has not been disclosed."),
        ("Reports of the fee range from £23m to £32m, so take your pick.", "The fee has not been disclosed."),
        # an age is no fee
        ("Castlebrook Rovers were the only other club to make a formal bid for the 24-year-old.", "The club are keeping the fee under wraps."),
        # two promises without conditions
        ("RTWU general secretary Dana Kowalczyk said the union was ready to return to talks at any time and without preconditions.",
         "Dana Kowalczyk, the RTWU general secretary, has said the union is prepared to resume talks without preconditions."),
        # "declined to comment" leaves nothing in particular open
        ("The company declined to comment on the report.", "The company confirmed on Tuesday that it would close the plant in March."),
    ],
)
def test_compatible_claims_are_not_opposed(a, b):
    assert opposition(a, b) == ()


def test_a_negated_predicate_of_perhaps_another_actor_is_weak_and_never_a_paraphrase():
    corran = weak("Corran Water said it was disappointed and would appeal.",
                  "A spokesperson for Corran Water said the company respected the court's decision and would not be appealing.")
    assert corran is not None and corran[1] and corran[0].b_text == "would not be appealing"  # the negation shown with its verb
    # the seeds: two different needs of Beijing, one negated; not one thing, so no divergence either
    needs = weak("If Beijing wishes to maintain a major foothold in North Korea it needs to contain non-Chinese influence surrounding Pyongyang at all costs.",
                 "What Beijing does not need is Pyongyang making threats and fueling a regional arms race and U.S. military buildup.")
    assert needs is not None and not needs[1]
    T = Thresholds()
    near_copy = CandidatePair(a="x#0", b="y#0", cosine=0.9, lexical=0.95, reasons=("embedding",))
    entailed = (0.9, 0.05, 0.05)
    assert decide(near_copy, entailed, entailed, PairContext(weakly_opposed=corran), T).label is Label.DIVERGENCE
    assert decide(near_copy, entailed, entailed, PairContext(weakly_opposed=needs), T).label is Label.RELATED
    assert decide(near_copy, entailed, entailed, PairContext(), T).label is Label.PARAPHRASE


def test_a_negated_expectation_weakly_opposes_the_expected_event():
    """"He did not expect the board to raise rates" denies the raise the other claim expects; a belief, so a divergence."""
    board = weak("Speaking at a news conference, Governor Teodor Vasko said the board expected to raise rates at least once more before the end of the year.",
                 "Teodor Vasko, the governor, said he did not expect the board to raise rates again this year.")
    assert board is not None and board[1] and board[0].b_text == "expect the board to raise"
    # "insists the job is not finished and has all but promised another increase": no raise stated, nothing opposed
    assert weak("Governor Teodor Vasko insists the job is not finished and has all but promised another increase before Christmas.",
                "Teodor Vasko, the governor, said he did not expect the board to raise rates again this year.") is None


def test_the_fact_stage_reads_negation_on_an_auxiliary_and_zero_counts():
    (appeal,), (homes,), (trains,) = ([f for f in fs if f.predicate in ("appeal", "destroy", "turn")] for fs in _facts_of(
        "A spokesperson for Corran Water said the company respected the court's decision and would not be appealing.",
        "No homes have been destroyed.",
        "Not a single Northline train will turn a wheel during the strike.",
    ))
    assert not appeal.polarity and not homes.polarity and not trains.polarity
    (respected,) = [f for f in _facts_of("A spokesperson for Corran Water said the company respected the court's decision.")[0] if f.predicate == "respect"]
    assert respected.polarity


def test_on_every_newsdev_gold_pair_opposed_facts_are_found_only_on_contradictions(shared_data):
    """Sentence against sentence, each pair alone: a finding on a paraphrase, agreement or unrelated pair is a false contradiction."""
    gold = [json.loads(line) for line in (shared_data / "newsdev" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    parsed = _facts_of(*(g[side] for g in gold for side in ("a", "b")))
    found = {g["id"]: opposed_facts(parsed[2 * i], parsed[2 * i + 1], g["a"], g["b"]) for i, g in enumerate(gold)}
    labels = {g["id"]: g["label"] for g in gold}
    assert [i for i, evidence in found.items() if evidence and labels[i] != "contradiction"] == []
    assert sum(bool(evidence) for evidence in found.values()) >= 18


def test_no_two_seed_claims_are_opposed_aligned_or_not(seeds_dir):
    """The seeds (five real articles on China, Russia and North Korea) disagree in emphasis and stance,
    never by one source negating or withholding another's fact: every cross-document claim pair,
    aligned or not, must pass the rule untouched."""
    from claimdiff import claims as claim_stage
    from claimdiff import ingest

    documents = ingest.load_documents([str(seeds_dir)], max_bytes=10_000_000)
    claims = [c for c in claim_stage.extract_all(documents) if not c.headline]
    by_claim: dict[str, list] = {}
    for fact in facts.extract_facts(documents, claims):
        by_claim.setdefault(fact.claim_id, []).append(fact)
    opposed = []
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if a.doc_id != b.doc_id:
                a_facts, b_facts = by_claim.get(a.id, []), by_claim.get(b.id, [])
                weak_one = weakly_opposed(a_facts, b_facts, a.text, b.text)
                if opposed_facts(a_facts, b_facts, a.text, b.text) or (weak_one and weak_one[1]):
                    opposed.append((a.text, b.text))
    assert len(claims) > 200 and opposed == []


def test_evidence_shows_the_words_a_reader_checks():
    """The parse points at "was" in "was ready to resume"; the evidence spans the event and its particle."""
    refuse = "At a joint press conference, Osterman said Kesland would refuse to resume talks on fishing quotas until Valdoria lifted its inspection regime in the strait."
    ready = "Osterman told reporters that Kesland was ready to resume talks on fishing quotas “at any time, without preconditions”."
    (evidence,) = opposition(refuse, ready)
    assert (evidence.a_text, evidence.b_text) == ("refuse to resume", "was ready to resume")
    assert refuse[slice(*evidence.a_span)] == evidence.a_text and ready[slice(*evidence.b_span)] == evidence.b_text
    (sprinklers,) = opposition("Sprinklers in the moulding hall activated within minutes, slowing the spread of the flames.",
                               "The factory's sprinklers never went off, leaving staff to fight the flames with hand-held extinguishers.")
    assert sprinklers.b_text == "never went off"


def test_a_refusal_that_did_not_last_negates_nothing():
    """FNC-1 train, a gate warning read wrong: he refused at first, then changed his mind and paid."""
    paid = "The pet owner, who has not been named, took his goldfish (pictured) to Toll Barn Veterinary Centre in North Walsham, Norfolk, and paid £300 for it to have a special operation after noticing it had become constipated"
    refused_then_paid = "The dedicated pet owner initially refused to pay for the procedure to save the 3-inch fish at Toll Barn Veterinary Center in Norfolk, but quickly changed his mind."
    assert opposition(paid, refused_then_paid) == ()
    # without the reversal the same refusal still negates the payment
    refused = "The dedicated pet owner refused to pay for the procedure to save the 3-inch fish at Toll Barn Veterinary Center in Norfolk."
    assert [e.kind for e in opposition(paid, refused)] == ["negation"]
