"""Provenance: derivation verdicts, spin detection, source groups and corroboration.

The fast tests build JudgedPairs by hand and read raw text; the slow ones run the real pipeline
(real embedder and NLI model) over the seeds and over tests/data/provenance_corpus, a small
corpus written for these tests: an original report on an invented fire, a verbatim repost, a
sentence-by-sentence paraphrase, and two independent reports of the same fire.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from claimdiff import provenance
from claimdiff.config import Thresholds
from claimdiff.model import Claim, Cluster, Document, JudgedPair, Label, NLIScores, SourceRelation

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "provenance_corpus"
T = Thresholds()


# ---------------------------------------------------------------------------------------------
# helpers for hand-made inputs


def make_doc(doc_id: str, sentences: list[str], date: str | None = None) -> tuple[Document, list[Claim]]:
    text, claims = "", []
    for index, sentence in enumerate(sentences):
        if text:
            text += " "
        start = len(text)
        text += sentence
        claims.append(Claim(f"{doc_id}#{index}", doc_id, index, sentence, start, len(text), start, len(text)))
    return Document(doc_id, text, f"{doc_id}.txt", date=date), claims


def pair(a: Claim, b: Claim, label: Label = Label.PARAPHRASE, cosine: float = 0.85, lexical: float = 0.6) -> JudgedPair:
    scores = NLIScores((0.9, 0.05, 0.05), (0.9, 0.05, 0.05))
    return JudgedPair(a.id, b.id, label, 0.9, scores, cosine, lexical, (), "hand-made")


ORIGINAL = [
    "A fire destroyed the Harwick mill in Elbridge on Sunday, officials said.",
    "The blaze was reported at 2:40 a.m. by a night watchman.",
    "Forty-two firefighters from four stations fought the flames for six hours.",
    "Nobody was hurt when the roof collapsed.",
    "The mill was built in 1887 and closed in 1994.",
    "The council approved a plan last year to turn it into 60 apartments.",
    "Developer Ruth Castellano said work was due to start in June.",
    "Mayor Tom Brandt called the loss a blow to the town.",
]
REWORDED = [
    "Officials say Sunday's blaze wrecked the Harwick mill in Elbridge.",
    "A night watchman raised the alarm at 2:40 a.m.",
    "Crews from four stations battled the fire for six hours.",
    "No one was injured as the roof fell in.",
    "Built in 1887, the mill shut down in 1994.",
    "Last year the council backed turning it into flats.",
    "Work had been due to begin in June.",
    "The mayor described the loss as a blow.",
]
UNRELATED = [
    "The city budget for 2025 includes a new bus line.",
    "Schools will reopen after the holiday on Tuesday.",
    "A new bakery opened on Canal Street.",
    "The football club signed a new goalkeeper.",
    "Rain is expected for most of the week.",
    "The library extends its opening hours in summer.",
]


# ---------------------------------------------------------------------------------------------
# derivation logic on hand-made pairs


def test_longest_non_decreasing_run():
    assert provenance.longest_non_decreasing([0, 1, 2, 3]) == 4
    assert provenance.longest_non_decreasing([3, 2, 1, 0]) == 1
    assert provenance.longest_non_decreasing([0, 5, 1, 2, 2, 9, 3]) == 5
    assert provenance.longest_non_decreasing([]) == 0


def test_verbatim_copy_is_copy_and_earlier_date_is_original():
    a, claims_a = make_doc("a", ORIGINAL, date="2025-03-03")
    b, claims_b = make_doc("b", ORIGINAL + ["This story first appeared in the Courier."], date="2025-03-04")
    pairs = [pair(x, y, lexical=1.0, cosine=1.0) for x, y in zip(claims_a, claims_b)]
    relation = provenance.relate(a, b, claims_a, claims_b, pairs, T)
    assert relation.verdict == "copy"
    assert relation.original == "a" and "dated earlier" in relation.direction_reason
    assert relation.shared_share == 1.0 and relation.monotonicity == 1.0
    assert relation.matched_claims == len(ORIGINAL)
    assert all(x.startswith("a#") and y.startswith("b#") for x, y in relation.evidence)


def test_undated_copy_direction_from_republication_note():
    a, claims_a = make_doc("a", ORIGINAL + ["This story first appeared in the Courier."])
    b, claims_b = make_doc("b", ORIGINAL)
    pairs = [pair(x, y, lexical=1.0, cosine=1.0) for x, y in zip(claims_a, claims_b)]
    relation = provenance.relate(a, b, claims_a, claims_b, pairs, T)
    assert relation.verdict == "copy"
    assert relation.original == "b" and relation.direction_reason.startswith("guess:")


def test_in_order_paraphrase_is_rewrite_and_the_more_specific_text_is_the_original():
    a, claims_a = make_doc("a", REWORDED)
    b, claims_b = make_doc("b", ORIGINAL + UNRELATED)
    pairs = [pair(x, y) for x, y in zip(claims_a, claims_b)]
    relation = provenance.relate(a, b, claims_a, claims_b, pairs, T)
    assert relation.verdict == "rewrite"
    assert relation.original == "b"
    assert relation.direction_reason.startswith("guess:") and "specific" in relation.direction_reason
    assert relation.monotonicity == 1.0 and relation.shared_share == 1.0


def test_same_facts_in_another_order_and_words_are_independent():
    a, claims_a = make_doc("a", REWORDED[:5])
    b, claims_b = make_doc("b", ORIGINAL)
    order = [5, 2, 7, 0, 3]  # a's claims 0..4 restate b's claims in this order
    pairs = [pair(claims_a[i], claims_b[j], lexical=0.5) for i, j in enumerate(order)]
    relation = provenance.relate(a, b, claims_a, claims_b, pairs, T)
    assert relation.verdict == "independent"
    assert relation.original is None
    assert relation.monotonicity < T.rewrite_monotonicity
    # the same five matches in order would have been a rewrite: order is what decided
    in_order = [pair(claims_a[i], claims_b[j], lexical=0.5) for i, j in enumerate(sorted(order))]
    assert provenance.relate(a, b, claims_a, claims_b, in_order, T).verdict == "rewrite"


def test_reused_sentences_make_shared_source_and_too_few_matches_say_nothing():
    a, claims_a = make_doc("a", ORIGINAL[:3] + UNRELATED)
    b, claims_b = make_doc("b", UNRELATED[:1] + ORIGINAL + UNRELATED[1:])
    reused = [pair(claims_a[i], claims_b[i + 1], lexical=1.0, cosine=1.0) for i in range(3)]
    shared = provenance.relate(a, b, claims_a, claims_b, reused, T)
    assert shared.verdict == "shared-source", shared
    assert provenance.relate(a, b, claims_a, claims_b, reused[:1], T).verdict == "independent"


def test_loose_agreements_and_contradictions_are_not_reuse():
    a, claims_a = make_doc("a", REWORDED)
    b, claims_b = make_doc("b", ORIGINAL)
    loose = [pair(x, y, Label.AGREEMENT, cosine=T.derivation_min_cosine - 0.05) for x, y in zip(claims_a, claims_b)]
    assert provenance.relate(a, b, claims_a, claims_b, loose, T).verdict == "independent"
    close = [pair(x, y, Label.AGREEMENT, cosine=T.derivation_min_cosine + 0.05) for x, y in zip(claims_a, claims_b)]
    assert provenance.relate(a, b, claims_a, claims_b, close, T).verdict == "rewrite"
    clashing = [pair(x, y, Label.CONTRADICTION, cosine=0.9) for x, y in zip(claims_a, claims_b)]
    assert provenance.relate(a, b, claims_a, claims_b, clashing, T).verdict == "independent"


def test_close_entailed_pairs_restate_whether_judged_agreement_or_related():
    """Whether the judge calls a close one-way-entailed pair agreement or related turns on an added
    detail, which says nothing about derivation: both count, a related pair without entailment does not."""
    a, claims_a = make_doc("a", REWORDED)
    b, claims_b = make_doc("b", ORIGINAL)
    cosine = T.derivation_min_cosine + 0.05
    one_way = NLIScores((0.9, 0.05, 0.05), (0.2, 0.7, 0.1))
    entailed = [JudgedPair(x.id, y.id, Label.RELATED, 0.6, one_way, cosine, 0.5, (), "hand-made") for x, y in zip(claims_a, claims_b)]
    assert provenance.relate(a, b, claims_a, claims_b, entailed, T).verdict == "rewrite"
    neutral = NLIScores((0.2, 0.7, 0.1), (0.2, 0.7, 0.1))
    unsupported = [JudgedPair(x.id, y.id, Label.RELATED, 0.6, neutral, cosine, 0.5, (), "hand-made") for x, y in zip(claims_a, claims_b)]
    assert provenance.relate(a, b, claims_a, claims_b, unsupported, T).verdict == "independent"


def test_very_close_claims_restate_even_when_nli_is_unsure():
    a, claims_a = make_doc("a", REWORDED)
    b, claims_b = make_doc("b", ORIGINAL)
    unsure = [pair(x, y, Label.UNRELATED, cosine=T.restatement_cosine + 0.02) for x, y in zip(claims_a, claims_b)]
    assert provenance.relate(a, b, claims_a, claims_b, unsure, T).verdict == "rewrite"
    farther = [pair(x, y, Label.UNRELATED, cosine=T.restatement_cosine - 0.02) for x, y in zip(claims_a, claims_b)]
    assert provenance.relate(a, b, claims_a, claims_b, farther, T).verdict == "independent"


def test_analyse_groups_sources_and_counts_independent_support():
    a, claims_a = make_doc("a", ORIGINAL, date="2025-03-03")
    b, claims_b = make_doc("b", ORIGINAL + ["Reposted with permission."], date="2025-03-04")
    c, claims_c = make_doc("c", UNRELATED + ["Nobody was hurt when the roof collapsed."])
    pairs = [pair(x, y, lexical=1.0, cosine=1.0) for x, y in zip(claims_a, claims_b)]
    same_fact = pair(claims_a[3], claims_c[-1], lexical=1.0, cosine=1.0)
    clash_copy = pair(claims_a[1], claims_b[2], Label.CONTRADICTION, cosine=0.7)
    clash_indep = pair(claims_b[0], claims_c[0], Label.CONTRADICTION, cosine=0.7)
    pairs += [same_fact, clash_copy, clash_indep]
    clusters = [
        Cluster("c1", (claims_a[3].id, claims_b[3].id, claims_c[-1].id), ("a", "b", "c")),
        Cluster("c2", (claims_a[0].id, claims_b[0].id), ("a", "b")),
    ]
    result = provenance.analyse([a, b, c], claims_a + claims_b + claims_c, pairs, clusters, T)
    verdicts = {(r.a, r.b): r.verdict for r in result.relations}
    assert verdicts == {("a", "b"): "copy", ("a", "c"): "independent", ("b", "c"): "independent"}
    assert result.source_groups == (("a", "b"), ("c",))
    assert result.cluster_support == {"c1": 2, "c2": 1}
    assert result.contradiction_independent == {f"{claims_a[1].id}|{claims_b[2].id}": False, f"{claims_b[0].id}|{claims_c[0].id}": True}
    assert result.spun_documents == () and result.spin == ()
    assert set(result.spin_density) == {"a", "b", "c"}


def test_spun_document_sharing_material_joins_the_source_group():
    spun_text = ORIGINAL[:3] + [
        "The Chinese language president paid a go to to the brand spanking new plant.",
        "It is one in every of the largest commerce companion deals since the Nineteen Thirties.",
    ]
    a, claims_a = make_doc("a", ORIGINAL + UNRELATED)
    s, claims_s = make_doc("s", spun_text + UNRELATED[:4])
    reused = [pair(claims_a[i], claims_s[i], lexical=1.0, cosine=1.0) for i in range(3)]
    result = provenance.analyse([a, s], claims_a + claims_s, reused, [], T)
    assert result.relations[0].verdict == "shared-source"
    assert result.spun_documents == ("s",)
    assert result.source_groups == (("a", "s"),)
    # without the spin, shared material alone keeps them apart
    plain, claims_p = make_doc("s", ORIGINAL[:3] + UNRELATED)
    reused = [pair(claims_a[i], claims_p[i], lexical=1.0, cosine=1.0) for i in range(3)]
    result = provenance.analyse([a, plain], claims_a + claims_p, reused, [], T)
    assert result.spun_documents == ()
    assert result.source_groups == (("a",), ("s",))


# ---------------------------------------------------------------------------------------------
# spin detection on raw text


SPUN = (
    "The Russian president paid a go to to Pyongyang as he appears for brand spanking new allies. "
    "Reports recommend the Chinese language president known as Putin. It is one in every of Beijing's biggest fears "
    "{that a} renegade North Korea will flip the tide, and america and the Center Kingdom are not shut allies."
)


def test_listed_artefacts_are_found_with_spans_and_originals():
    findings = provenance.find_tortured_phrases("d", SPUN)
    found = {f.phrase: f.likely_original for f in findings}
    assert found == {
        "paid a go to": "paid a visit",
        "brand spanking new": "new",
        "Chinese language president": "Chinese president",
        "one in every of": "one of",
        "{that a}": "that a",
        "flip the tide": "turn the tide",
        "america": "America",
        "Center Kingdom": "Middle Kingdom",
        "shut allies": "close allies",
    }
    for finding in findings:
        assert SPUN[finding.start : finding.end] == finding.phrase
        assert finding.method == "tortured-phrase-list" and finding.doc_id == "d"


@pytest.mark.parametrize(
    "clean",
    [
        "She bought a brand new car and paid a visit to her mother in America.",
        "The Chinese language is taught in 40 schools; Chinese president Xi Jinping visited one.",
        "He is not solely responsible, but in addition to that he lied.",
        "As an illustration of the problem, consider the Middle Kingdom in the 1930s.",
        "The company was found wanting; its influence over the market and the supply of chips fell short.",
        "The battle advanced slowly while the party held a social gathering for close allies.",
        "One of every three voters backs the ruling party, and the military-industrial complex grew.",
        "The American Civil War and World War II shaped the White House and Wall Street.",
        "Her blood pressure and breast cancer screening showed nothing; deep learning helped.",
        "Visit www.america.gov or bankofamerica.com, or email me at america@example.org.",
    ],
)
def test_normal_prose_near_the_listed_phrases_is_not_flagged(clean):
    assert provenance.find_tortured_phrases("d", clean) == []


def test_every_data_row_compiles_and_a_malformed_row_fails():
    entries = provenance.tortured_phrases()
    assert len(entries) >= 80
    assert {e.origin for e in entries} == {"pps", "news"}
    with pytest.raises(ValueError, match="line 2"):
        provenance.parse_tortured_phrases("# header\nphrase\tonly two columns\n")


def test_substitutions_against_another_wording_are_found():
    spun = "The Kremlin is aware that one in every of Beijing's biggest fears is a renegade North Korea."
    plain = "The Kremlin knows that one of Beijing's greatest fears is a renegade North Korea."
    hits = provenance.substitution_oddities(spun, plain)
    assert [(h.phrase, h.original) for h in hits] == [("one in every of", "one of")]
    assert spun[hits[0].start : hits[0].end] == "one in every of"
    assert provenance.substitution_oddities(plain, spun) == []  # the natural side is never blamed

    spun = "The pact boosts Russia's provide of munitions, and Pyongyang stays a renegade."
    plain = "The pact boosts Russia's supply of munitions, and Pyongyang remains a renegade."
    found = [(h.phrase, h.original) for h in provenance.substitution_oddities(spun, plain)]
    assert found == [("Russia's provide of", "Russia's supply of")]  # "stays a" is ordinary English


@pytest.mark.parametrize(
    "a, b",
    [
        ("The minister said on Monday that talks would resume.", "The minister added on Monday that the talks would resume."),
        ("Police killed two gunmen in the raid.", "Police shot dead two gunmen during the raid."),
        ("The defence ministry denied the report.", "The defense ministry denied the report."),
        ("She was born in Chicago in 1960.", "She was born in Boston in 1961."),
        ("The company is despitenever profitable.", "The company is despite never profitable."),
        ("Officials said the fire was under control.", "Officials say the blaze is now under control."),
    ],
)
def test_ordinary_edits_are_not_substitution_artefacts(a, b):
    assert provenance.substitution_oddities(a, b) == []
    assert provenance.substitution_oddities(b, a) == []


def test_aligned_wording_findings_point_into_the_document():
    spun_doc, spun_claims = make_doc("s", ["Officials confirmed it.", "It is one in every of the worst fires in years."])
    plain_doc, plain_claims = make_doc("p", ["It is one of the worst fires in years.", "Officials confirmed it."])
    pairs = [pair(spun_claims[1], plain_claims[0], Label.PARAPHRASE)]
    findings, density, spun = provenance.detect_spin([spun_doc, plain_doc], spun_claims + plain_claims, pairs, T)
    # the list finds "one in every of" too; the overlap keeps a single, listed finding
    assert [(f.doc_id, f.phrase, f.method) for f in findings] == [("s", "one in every of", "tortured-phrase-list")]
    aligned = provenance._aligned_findings([spun_doc, plain_doc], spun_claims + plain_claims, pairs, T)
    assert [(f.doc_id, f.method) for f in aligned] == [("s", "aligned-wording")]
    assert spun_doc.text[aligned[0].start : aligned[0].end] == aligned[0].phrase == "one in every of"
    assert spun == [] and density["s"] > 0 and density["p"] == 0  # one finding is not enough to call a text spun


def test_spin_threshold_needs_both_count_and_density():
    assert provenance.is_spun(T.spin_min_findings, 100, T)
    assert not provenance.is_spun(T.spin_min_findings - 1, 100, T)
    words = int(1000 * T.spin_min_findings / T.spin_per_1000_words) + 500
    assert not provenance.is_spun(T.spin_min_findings, words, T)


def test_seed_texts_only_the_spun_one_is_flagged_by_the_list(seeds_dir):
    flagged = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        findings = provenance._without_overlaps(provenance.find_tortured_phrases(path.stem, text), {path.stem: 0})
        flagged[path.name[:3]] = provenance.is_spun(len(findings), provenance.word_count(text), T)
    assert flagged == {"000": False, "001": False, "002": False, "003": True, "004": False}


def test_news_bodies_from_fnc1_raise_no_listed_artefacts(shared_data):
    """Real, unspun news (the first 200 FNC-1 test bodies): the list must stay silent."""
    with open(shared_data / "fnc1" / "competition_test_bodies.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:200]
    hits = [(row["Body ID"], f.phrase) for row in rows for f in provenance.find_tortured_phrases(row["Body ID"], row["articleBody"])]
    assert hits == []


# ---------------------------------------------------------------------------------------------
# through the real pipeline (embedder + NLI model)


def _relations(comparison) -> dict[tuple[str, str], object]:
    prefix = re.compile(r"^(\d+)_")
    short = {d.id: prefix.match(d.id).group(1) if prefix.match(d.id) else d.id for d in comparison.documents}
    return {tuple(sorted((short[r.a], short[r.b]))): r for r in comparison.provenance.relations}, short


@pytest.fixture(scope="module")
def corpus_comparison(settings, embedder, nli):
    from claimdiff.pipeline import compare

    return compare([str(CORPUS)], settings, embedder=embedder, nli=nli)


@pytest.mark.slow
def test_seeds_rewrite_spin_and_independence(seeds_comparison):
    relations, short = _relations(seeds_comparison)
    rewrite = relations[("000", "001")]
    assert rewrite.verdict == "rewrite", rewrite
    assert short[rewrite.original] == "000"
    for key in [("000", "002"), ("000", "004"), ("002", "004")]:
        assert relations[key].verdict == "independent", relations[key]
    assert relations[("000", "003")].verdict in ("independent", "shared-source")
    spun = {short[d] for d in seeds_comparison.provenance.spun_documents}
    assert spun == {"003"}
    findings_003 = [f for f in seeds_comparison.provenance.spin if short[f.doc_id] == "003"]
    text_003 = next(d.text for d in seeds_comparison.documents if short[d.id] == "003")
    assert len(findings_003) >= 10
    assert all(text_003[f.start : f.end] == f.phrase for f in findings_003)
    groups = seeds_comparison.provenance.source_groups
    group_of = {short[d]: i for i, g in enumerate(groups) for d in g}
    assert group_of["000"] == group_of["001"]
    assert len({group_of["000"], group_of["002"], group_of["004"]}) == 3


@pytest.mark.slow
def test_seeds_corroboration_counts_groups_not_documents(seeds_comparison):
    provenance_ = seeds_comparison.provenance
    group_of = {d: i for i, g in enumerate(provenance_.source_groups) for d in g}
    assert set(provenance_.cluster_support) == {c.id for c in seeds_comparison.clusters}
    for cluster in seeds_comparison.clusters:
        assert provenance_.cluster_support[cluster.id] == len({group_of[d] for d in cluster.doc_ids})
    # a claim restated only by 000 and its rewrite 001 has one source, not two
    only_000_001 = [c for c in seeds_comparison.clusters if {d[:3] for d in c.doc_ids} == {"000", "001"}]
    assert only_000_001, "expected clusters shared only by the original and its rewrite"
    assert all(provenance_.cluster_support[c.id] == 1 for c in only_000_001)


@pytest.mark.slow
def test_corpus_copy_rewrite_and_independent_reports(corpus_comparison):
    relations, short = _relations(corpus_comparison)
    copy = relations[("1", "2")]
    assert copy.verdict == "copy", copy
    assert short[copy.original] == "1" and "dated earlier" in copy.direction_reason
    rewrite = relations[("1", "3")]
    assert rewrite.verdict == "rewrite", rewrite
    assert short[rewrite.original] == "1" and "dated earlier" in rewrite.direction_reason
    assert relations[("2", "3")].verdict == "rewrite"
    for key in [("1", "4"), ("1", "5"), ("4", "5"), ("2", "4"), ("3", "5")]:
        assert relations[key].verdict == "independent", relations[key]
    assert corpus_comparison.provenance.spun_documents == ()
    groups = [sorted(short[d] for d in g) for g in corpus_comparison.provenance.source_groups]
    assert groups == [["1", "2", "3"], ["4"], ["5"]]


@pytest.mark.slow
def test_corpus_contradiction_between_independent_reports_is_independent(corpus_comparison):
    """Report 4 says two firefighters were treated; the original says no injuries were reported (a fact conflict now)."""
    provenance_ = corpus_comparison.provenance
    _, short = _relations(corpus_comparison)
    doc_of = {c.id: short[c.doc_id] for c in corpus_comparison.claims}
    assert provenance_.contradiction_independent, "the model found no contradiction at all in the corpus"
    for key, independent in provenance_.contradiction_independent.items():
        a, b = key.split("|")
        same_group = {doc_of[a], doc_of[b]} <= {"1", "2", "3"} or doc_of[a] == doc_of[b]
        assert independent is not same_group


def _relation(a: str, b: str, verdict: str, original: str | None, share: float) -> SourceRelation:
    return SourceRelation(a=a, b=b, verdict=verdict, original=original, direction_reason="guess: test", shared_share=share, monotonicity=1.0, evidence=())


def test_a_copy_has_one_original_and_does_not_merge_the_reports_it_resembles():
    """C copies A; C also resembles B, an independent report of the same event (the issue's held-out case)."""
    documents = [make_doc(d, ORIGINAL)[0] for d in ("a", "b", "c")]
    relations = [
        _relation("a", "b", "independent", None, 0.3),
        _relation("a", "c", "copy", "a", 0.95),
        _relation("b", "c", "rewrite", "b", 0.7),  # inherited likeness: c carries a's facts
    ]
    derived = provenance.attribute_originals(documents, relations, spun=())
    assert derived == {"c": "a"}
    assert provenance.source_groups(documents, derived) == [("a", "c"), ("b",)]
    # the weaker link is never turned round to make the original, or the other report, derived
    relations[2] = _relation("b", "c", "rewrite", "c", 0.7)
    assert provenance.attribute_originals(documents, relations, spun=()) == {"c": "a"}


def test_spinner_artefacts_mark_the_copy_whatever_the_detail_count():
    original, _ = make_doc("a", ORIGINAL)
    spun, _ = make_doc("s", ORIGINAL + ["The Primary Minister paid a go to to the Harwick mill."])
    assert provenance.guess_original(original, spun, "rewrite", spin_marked={"s"})[0] == "a"
    assert provenance.guess_original(spun, original, "rewrite", spin_marked={"s"})[0] == "a"
    assert provenance.guess_original(original, spun, "rewrite")[0] == "s"  # without the artefacts, more detail looks original


NEWSDEV_DERIVED_STORIES = ("06_transport_strike", "07_data_breach", "10_diplomatic_visit")


@pytest.mark.slow
@pytest.mark.parametrize("story", NEWSDEV_DERIVED_STORIES)
def test_newsdev_derived_copies_have_the_right_original_and_independent_reports_stay_apart(story, shared_data, settings, embedder, nli):
    from claimdiff.pipeline import compare

    gold = next(json.loads(line) for line in (shared_data / "newsdev" / "provenance.jsonl").read_text().splitlines() if json.loads(line)["story"] == story)
    comparison = compare(sorted(str(p) for p in (shared_data / "newsdev" / story).glob("*.txt")), settings, embedder=embedder, nli=nli)
    derived = comparison.provenance.derived
    assert derived == {d["copy"]: d["original"] for d in gold["derived"]}
    assert not set(derived.values()) & set(derived), "an original is never itself derived"
    group_of = {d: i for i, group in enumerate(comparison.provenance.source_groups) for d in group}
    for a, b in gold["independent"]:
        assert group_of[a] != group_of[b], (a, b)
