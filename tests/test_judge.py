"""Labelling rules (fast, no model) and the judge on real model outputs."""

from claimdiff.config import Thresholds
from claimdiff.differences import WEAK, AddedDetail
from claimdiff.judge import CHECKED_FACT_CONFIDENCE, OPPOSED_FACT_CONFIDENCE, PairContext, assertion_of, build_clusters, decide, judge_pairs
from claimdiff.model import CandidatePair, Claim, Conflict, Document, Evidence, JudgedPair, Label, NLIScores

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


def conflict(kind="date", a_value="3 March", b_value="5 March"):
    return Conflict(kind=kind, a="x#0", b="y#0", a_value=a_value, b_value=b_value, a_span=(0, 7), b_span=(0, 7), subject="ship: hit", explanation=f"{a_value} vs {b_value}")


def test_rules_in_order():
    neutral = (0.1, 0.8, 0.1)
    plain = PairContext()
    assert decide(pair(lexical=0.95), neutral, neutral, plain, T).label is Label.PARAPHRASE
    clash = PairContext(conflicts=(conflict(),), facts_differ="a date differs")
    verdict = decide(pair(lexical=0.95), neutral, neutral, clash, T)
    assert verdict.label is Label.CONTRADICTION and verdict.confidence == CHECKED_FACT_CONFIDENCE
    assert verdict.evidence[0].kind == "date" and "3 March vs 5 March" in verdict.explanation
    # a near-identical pair whose numbers, dates, names or quotes differ is never a paraphrase
    assert decide(pair(lexical=0.95), neutral, neutral, PairContext(facts_differ="a date differs"), T).label is not Label.PARAPHRASE
    # NLI alone never makes a contradiction, however sure it is, between however close claims
    assert decide(pair(cosine=0.95), (0.01, 0.01, 0.98), (0.01, 0.01, 0.98), plain, T).label is Label.RELATED
    assert decide(pair(cosine=0.3), (0.01, 0.01, 0.98), (0.01, 0.01, 0.98), plain, T).label is Label.UNRELATED
    assert decide(pair(), (0.9, 0.05, 0.05), (0.85, 0.1, 0.05), plain, T).label is Label.PARAPHRASE
    assert decide(pair(), (0.9, 0.05, 0.05), (0.85, 0.1, 0.05), PairContext(facts_differ="a number differs", added_detail=AddedDetail("number", "a number differs")), T).label is Label.AGREEMENT
    detail = PairContext(facts_differ="a number differs or is stated on one side only", added_detail=AddedDetail("number", "a number stated on one side only"))
    assert decide(pair(), (0.9, 0.05, 0.05), (0.2, 0.7, 0.1), detail, T).label is Label.AGREEMENT  # one side adds a figure
    two_subjects = PairContext(facts_differ="each side names what the other does not")
    assert decide(pair(), (0.9, 0.05, 0.05), (0.2, 0.7, 0.1), two_subjects, T).label is Label.RELATED  # neither elaborates the other
    assert decide(pair(), (0.9, 0.05, 0.05), (0.2, 0.7, 0.1), plain, T).label is Label.PARAPHRASE  # support that adds nothing checkable
    assert decide(pair(), neutral, neutral, plain, T).label is Label.RELATED  # close, but neither supports the other
    assert decide(pair(cosine=0.3), neutral, neutral, plain, T).label is Label.UNRELATED


def test_a_fact_conflict_in_a_noun_phrase_heading_is_no_contradiction():
    verdict = decide(pair(), (0.1, 0.8, 0.1), (0.1, 0.8, 0.1), PairContext(conflicts=(conflict(),), words=3, headline=True), T)
    assert verdict.label is not Label.CONTRADICTION


def test_opposed_facts_decide_without_nli_but_never_in_a_headline():
    """On newsdev the model reads these clashes as entailment as often as contradiction, so the parse decides."""
    negated = (Evidence("negation", "visit", "visit (not)", (0, 5), (0, 5)),)
    neutral = (0.1, 0.8, 0.1)
    verdict = decide(pair(), (0.7, 0.2, 0.1), neutral, PairContext(opposed=negated), T)
    assert verdict.label is Label.CONTRADICTION and verdict.confidence == OPPOSED_FACT_CONFIDENCE
    assert decide(pair(), neutral, neutral, PairContext(opposed=negated, headline=True), T).label is not Label.CONTRADICTION


def test_masked_similarity_tells_one_sentence_from_two():
    from claimdiff.differences import masked_similarity

    assert masked_similarity("Bary, 24, is the son of an Egyptian-born militant.", "Bary, 23, is the son of an Egyptian-born militant.") > 0.95
    assert masked_similarity(
        "During his nearly three decades with the RCMP Vickers, who is now 58, rose to the rank of chief superintendent.",
        "He spent 29 years with the RCMP and rose to the rank of chief superintendent.",
    ) < T.same_sentence_lexical  # an age against years of service (FNC-1 train bodies)


def test_the_same_sentence_with_another_date_is_a_contradiction_without_the_fact_stage():
    clash = (Evidence("date", "2019", "2023", (9, 13), (13, 17)),)
    verdict = decide(pair(lexical=0.93), (0.5, 0.4, 0.1), (0.5, 0.4, 0.1), PairContext(value_clash=clash, facts_differ="a date differs", same_sentence=0.95), T)
    assert verdict.label is Label.CONTRADICTION and "different date" in verdict.explanation
    # loosely related claims with different years are not
    assert decide(pair(lexical=0.5), (0.5, 0.4, 0.1), (0.5, 0.4, 0.1), PairContext(value_clash=clash, facts_differ="a date differs", same_sentence=0.65), T).label is not Label.CONTRADICTION


def test_agreement_needs_no_contradiction_signal():
    """Hard negatives (same story, different facts): the model reads entailment one way and contradiction the other."""
    detail = PairContext(facts_differ="a name is given on one side only", added_detail=AddedDetail("name", "a name is given on one side only"))
    assert decide(pair(), (0.54, 0.44, 0.02), (0.03, 0.09, 0.88), detail, T).label is Label.RELATED
    assert decide(pair(), (0.54, 0.44, 0.02), (0.03, 0.67, 0.30), detail, T).label is Label.AGREEMENT


def test_judge_on_real_model(nli):
    from claimdiff import facts

    claims = [
        claim("x#0", "China supplies semiconductors and drones to Russia."),
        claim("y#0", "Beijing provides Russia with chips and drones."),
        claim("x#1", "Putin visited Pyongyang in June 2024."),
        claim("y#1", "Putin never visited North Korea."),
        claim("x#2", "China is aiding Moscow ardently."),
        claim("y#2", "China shuns the Russia-North Korea alliance."),
    ]
    documents = [Document(id=c.doc_id, text=" ".join(x.text for x in claims if x.doc_id == c.doc_id), source=c.doc_id) for c in claims[:2]]
    candidates = [
        CandidatePair(a="x#0", b="y#0", cosine=0.8, lexical=0.5, reasons=("embedding",)),
        CandidatePair(a="x#1", b="y#1", cosine=0.75, lexical=0.6, reasons=("embedding",)),
        CandidatePair(a="x#2", b="y#2", cosine=0.55, lexical=0.3, reasons=("embedding",)),
    ]
    claim_facts = facts.extract_facts(documents, claims)
    judged = {(j.a, j.b): j for j in judge_pairs(candidates, claims, nli, T, conflicts=facts.find_conflicts(claim_facts, claims), facts=claim_facts)}
    assert judged[("x#0", "y#0")].label in (Label.PARAPHRASE, Label.AGREEMENT)
    contradiction = judged[("x#1", "y#1")]
    assert contradiction.label is Label.CONTRADICTION, contradiction
    assert contradiction.evidence and contradiction.explanation
    stance = judged[("x#2", "y#2")]  # the model alone says neutral; the stance check reports a weak divergence
    assert stance.label is Label.DIVERGENCE and stance.evidence[0].kind == "stance"
    assert stance.confidence == WEAK and "different counterparts" in stance.explanation
    # 0.55 is below every rule that reads NLI, so it was not run for that pair; asked for anyway, the label is the same
    assert stance.nli is None and judged[("x#0", "y#0")].nli is not None
    every = {(j.a, j.b): j for j in judge_pairs(candidates, claims, nli, T, conflicts=facts.find_conflicts(claim_facts, claims), facts=claim_facts, scores_for_all=True)}
    assert every[("x#2", "y#2")].nli is not None and [j.label for j in every.values()] == [j.label for j in judged.values()]


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


def test_agreement_needs_a_detail_the_other_source_lacks(nli):
    """newsdev 09_sports_transfer: the fan blog's "Kingsmere shirt" is no news to a reader of the club's
    own announcement (gold paraphrase d247), the club's 31 appearances are (gold agreement d254);
    seeds: two opinions that share Beijing, Moscow and Pyongyang are neither one statement nor one
    elaborating the other."""
    from claimdiff import facts

    announcement = claim("club#0", "Kingsmere United is delighted to announce the signing of striker Sander Ekvall from FK Norrvik.")
    debut = claim("club#1", "Ekvall could make his debut against Harwell Athletic on Saturday.")
    record = claim("club#2", "Ekvall scored 19 goals in 31 league appearances for Norrvik last season.")
    first_game = claim("blog#0", "Ekvall's first appearance in a Kingsmere shirt could come against Harwell Athletic on Saturday.")
    goals = claim("rocket#0", "Ekvall netted 19 league goals for Norrvik last season.")
    aid = claim("ecfr#0", "Pyongyang provides Moscow with military aid in the form of equipment and personnel which Beijing cannot provide without risking an open confrontation with the West.")
    threats = claim("cfr#0", "What Beijing does not need is Pyongyang making threats and fueling a regional arms race and U.S. military buildup.")
    must_aid = claim("eurasia#0", "Therefore, Beijing must aid Moscow.")
    west = claim("eurasia#1", "But if Russia falls, Beijing realises that the west could consolidate its resources to deal with the “Chinese threat”.")
    candidates = [  # cosines as the embedder gives them
        CandidatePair(a="club#1", b="blog#0", cosine=0.8427, lexical=0.80, reasons=("embedding",)),
        CandidatePair(a="club#2", b="rocket#0", cosine=0.9500, lexical=0.93, reasons=("embedding",)),
        CandidatePair(a="ecfr#0", b="cfr#0", cosine=0.7550, lexical=0.55, reasons=("embedding",)),
        CandidatePair(a="eurasia#0", b="ecfr#0", cosine=0.7162, lexical=0.4783, reasons=("embedding",)),
    ]

    def judged(claims):
        documents = [Document(id=d, text=" ".join(c.text for c in claims if c.doc_id == d), source=d) for d in dict.fromkeys(c.doc_id for c in claims)]
        claim_facts = facts.extract_facts(documents, claims)
        ids = {c.id for c in claims}
        return {(j.a, j.b): j for j in judge_pairs([p for p in candidates if p.a in ids and p.b in ids], claims, nli, T, facts=claim_facts)}

    everything = judged([announcement, debut, record, first_game, goals, aid, threats, must_aid, west])
    assert everything[("club#1", "blog#0")].label is Label.PARAPHRASE
    assert everything[("club#2", "rocket#0")].label is Label.AGREEMENT and "number" in everything[("club#2", "rocket#0")].explanation
    assert everything[("ecfr#0", "cfr#0")].label is Label.RELATED
    # the model reads entailment both ways; "the West", named elsewhere in the other article, is no
    # added detail, but between claims worded this loosely it still bars a paraphrase
    assert everything[("eurasia#0", "ecfr#0")].label is Label.RELATED
    # without the announcement, the club's article never names Kingsmere: the blog's name is then a detail it adds
    assert judged([debut, first_game])[("club#1", "blog#0")].label is Label.AGREEMENT
