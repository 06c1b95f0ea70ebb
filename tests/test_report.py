"""Stage 6: JSON, HTML, Markdown and terminal output, and the safety of the files written.

The Comparison is built by hand from sentences of the seed articles (plus one hostile
document), so these tests pin the report's contract without waiting for the models.
tests/test_browser.py imports `build_comparison` from here to open the same report in Chromium.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import io
import json
import os
import re
from pathlib import Path

import jsonschema
import markupsafe
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rich.console import Console

from claimdiff import report
from claimdiff.config import Settings
from claimdiff.errors import ClaimdiffError
from claimdiff.model import (
    Claim,
    Cluster,
    Comparison,
    Conflict,
    Document,
    Evidence,
    Fact,
    JudgedPair,
    Label,
    NLIScores,
    Provenance,
    Slot,
    SourceRelation,
    SpinFinding,
)
from claimdiff.report.html import highlight
from claimdiff.report.markdown import md_escape
from claimdiff.report.result_json import SCHEMA_NAME, SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "claimdiff" / "schema" / "claimdiff-result.schema.json"

HOSTILE_SCRIPT = "<script>window.__pwned = 1; document.title = 'pwned'; alert(1)</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
HOSTILE_TITLE = "<script>window.__pwned=1</script> Evil & Co"
HOSTILE_JINJA = "score {{ 7*7 }} end {% raw %} {# c #}"
HOSTILE_REST = '<a href="javascript:alert(1)">javascript:alert(1)</a> </textarea></title> [bold]x[/] | pipe'
HOSTILE_CLAIMS = (
    f"{HOSTILE_SCRIPT} China's pact with North Korea was inked in 1962, not 1961.",
    f"{HOSTILE_IMG} Blinken never visited Beijing this week.",
    f"Read the full story: {HOSTILE_REST} {HOSTILE_JINJA}",
)


def _document(doc_id: str, source: str, title: str | None, sentences: list[str], flags: dict[int, str] | None = None):
    """A Document whose text is the sentences joined, and one Claim per sentence with true spans."""
    text = " ".join(sentences)
    claims, position = [], 0
    for index, sentence in enumerate(sentences):
        start = text.index(sentence, position)
        end = start + len(sentence)
        position = end
        flag = (flags or {}).get(index)
        claims.append(
            Claim(
                id=f"{doc_id}#{index}",
                doc_id=doc_id,
                index=index,
                text=sentence,
                start=start,
                end=end,
                sentence_start=start,
                sentence_end=end,
                headline=flag == "headline",
                question=flag == "question",
            )
        )
    return Document(id=doc_id, text=text, source=source, title=title), claims


def _pair(a, b, label, confidence, forward, backward, cosine, lexical, explanation, evidence=()):
    return JudgedPair(
        a=a, b=b, label=label, confidence=confidence, nli=NLIScores(forward, backward),
        cosine=cosine, lexical=lexical, evidence=tuple(evidence), explanation=explanation,
    )


def _evidence(kind, claims_by_id, a, a_text, b, b_text):
    a_start, b_start = claims_by_id[a].text.index(a_text), claims_by_id[b].text.index(b_text)
    return Evidence(kind, a_text, b_text, (a_start, a_start + len(a_text)), (b_start, b_start + len(b_text)))


def build_comparison(hostile: bool = True) -> Comparison:
    """Five sources from the seed corpus (A rewrites... B rewrites A; C is spun) and a hostile one."""
    A = "000_2acc9f27728101c0"
    B = "001_40030c20fa9a20db"
    C = "003_19b9736576807a13"
    D = "004_5b83c3a975a3c4f5"
    E = "hostile"
    docs, claims = [], []
    for doc, doc_claims in (
        _document(A, f"seeds/{A}.txt", None, [
            "US secretary of state Antony Blinken fired a warning salvo towards China during a G7 foreign ministers’ meeting on the Italian island of Capri on April 20.",
            "The US’s top diplomat said that China is a “prime contributor” of weapons-related technology to Russia.",
            "They include semiconductors, drones, helmets, vests, machine tools and radios.",
            "Chinese support of the Kremlin’s war effort is likely to earn Chinese firms sanctions from the US government.",
            "Why then is Beijing aiding Moscow so ardently even when imminent US sanctions are going to aggravate its already weak economy?",
            "As Blinken detailed further when he landed in Beijing this week, China has complied with America’s requests not to sell arms to Russia.",
        ], {4: "question"}),
        _document(B, f"seeds/{B}.txt", "What Motivates China to Supply Arms to Russia Despite Risk of US Sanctions?", [
            "What Motivates China to Supply Arms to Russia Despite Risk of US Sanctions?",
            "Antony Blinken's recent address at the G7 foreign ministers’ meeting, resembling a warning shot aimed at China, highlighted the concerning issue of China's significant contribution of weapons-related technology to Russia.",
            "He pointed out the extensive list of items China continues to provide, possessing potential military applications such as semiconductors, drones, helmets, vests, machine tools, and radios.",
            "China's support for the Russian industrial complex places Chinese firms at risk of facing sanctions from the US government.",
        ], {0: "headline"}),
        _document(C, f"seeds/{C}.txt", "China’s silence on the Russia–North Korea pact", [
            "The Russian president, Vladimir Putin, paid a go to to Pyongyang this week and signed a defence pact with reclusive North Korean chief, Kim Jong-un.",
            "China has its personal defensive pact with North Korea, which was inked in 1961 and renewed in 2021.",
            "Beijing additionally has a “no limits” partnership with Russia.",
        ]),
        _document(D, f"seeds/{D}.txt", "Why China Shuns the Russia-North Korea Alliance", [
            "Trade with China is the lifeblood of the North Korean economy.",
            "China signed its mutual defence treaty with North Korea in 1961.",
            "Russia signed a defence pact with North Korea this week.",
        ]),
    ):
        docs.append(doc)
        claims += doc_claims
    if hostile:
        doc, doc_claims = _document(E, "untrusted/<script>alert(1)</script>.html", HOSTILE_TITLE, list(HOSTILE_CLAIMS))
        docs.append(doc)
        claims += doc_claims
    by_id = {claim.id: claim for claim in claims}

    pairs = [
        _pair(f"{A}#0", f"{B}#1", Label.PARAPHRASE, 0.9123456, (0.93, 0.05, 0.02), (0.89, 0.08, 0.03), 0.83, 0.41, "entailment both ways (0.93 / 0.89)"),
        _pair(f"{A}#1", f"{B}#1", Label.AGREEMENT, 0.78, (0.12, 0.80, 0.08), (0.78, 0.19, 0.03), 0.74, 0.38, "B entails A (0.78)"),
        _pair(f"{A}#2", f"{B}#2", Label.PARAPHRASE, 0.95, (0.51, 0.45, 0.04), (0.95, 0.04, 0.01), 0.79, 0.93, "near-identical wording (lexical 0.93)"),
        _pair(f"{A}#3", f"{B}#3", Label.PARAPHRASE, 0.88, (0.88, 0.10, 0.02), (0.86, 0.12, 0.02), 0.81, 0.52, "entailment both ways (0.88 / 0.86)"),
        _pair(f"{A}#4", f"{B}#0", Label.UNRELATED, 0.61, (0.05, 0.90, 0.05), (0.07, 0.88, 0.05), 0.58, 0.33, "a question asserts nothing"),
        _pair(f"{C}#1", f"{D}#1", Label.AGREEMENT, 0.74, (0.74, 0.22, 0.04), (0.31, 0.60, 0.09), 0.77, 0.45, "C entails D (0.74)"),
        _pair(f"{C}#0", f"{D}#2", Label.AGREEMENT, 0.69, (0.69, 0.27, 0.04), (0.35, 0.55, 0.10), 0.72, 0.47, "C entails D (0.69)"),
        _pair(f"{C}#2", f"{D}#0", Label.UNRELATED, 0.70, (0.02, 0.95, 0.03), (0.03, 0.94, 0.03), 0.47, 0.21, "no NLI signal"),
    ]
    clusters = [
        Cluster("k1", (f"{A}#0", f"{A}#1", f"{B}#1"), (A, B)),
        Cluster("k2", (f"{A}#2", f"{B}#2"), (A, B)),
        Cluster("k3", (f"{A}#3", f"{B}#3"), (A, B)),
        Cluster("k4", (f"{C}#1", f"{D}#1"), (C, D)),
        Cluster("k5", (f"{C}#0", f"{D}#2"), (C, D)),
    ]
    cluster_support = {"k1": 1, "k2": 1, "k3": 1, "k4": 2, "k5": 2}
    independence = {}
    if hostile:
        pairs += [
            _pair(f"{C}#1", f"{E}#0", Label.CONTRADICTION, 0.93, (0.02, 0.05, 0.93), (0.03, 0.10, 0.87), 0.81, 0.44,
                  "the year differs: 1961 vs 1962", [_evidence("date", by_id, f"{C}#1", "1961", f"{E}#0", "1962")]),
            _pair(f"{A}#5", f"{E}#1", Label.CONTRADICTION, 0.81, (0.04, 0.15, 0.81), (0.05, 0.30, 0.65), 0.66, 0.29,
                  "one side negates the visit <b>not bold</b>", [_evidence("negation", by_id, f"{A}#5", "landed in Beijing", f"{E}#1", "never visited Beijing")]),
        ]
        independence = {f"{C}#1|{E}#0": True, f"{A}#5|{E}#1": False}
    relations = [
        SourceRelation(A, B, "rewrite", A, "guess: B keeps A's claim order and is longer", 0.8, 0.95,
                       ((f"{A}#0", f"{B}#1"), (f"{A}#2", f"{B}#2"), (f"{A}#3", f"{B}#3")), matched_claims=3),
        SourceRelation(A, C, "independent", None, "", 0.0, 0.0, ()),
        SourceRelation(C, D, "independent", None, "", 0.33, 1.0, ((f"{C}#1", f"{D}#1"),), matched_claims=1),
    ]
    c_text = docs[2].text
    spin = [
        SpinFinding(C, phrase, original, c_text.index(phrase), c_text.index(phrase) + len(phrase), "tortured-phrase-list")
        for phrase, original in (("paid a go to", "paid a visit"), ("personal defensive pact", "own defence pact"))
    ]
    groups = [(A, B), (C,), (D,)] + ([(E,)] if hostile else [])
    provenance = Provenance(
        relations=tuple(relations),
        spin=tuple(spin),
        spun_documents=(C,),
        source_groups=tuple(groups),
        cluster_support=cluster_support,
        contradiction_independent=independence,
        spin_density={C: 38.4615, A: 0.0},
    )
    conflicts = ()
    if hostile:
        def span(claim_id, text):
            start = by_id[claim_id].text.index(text)
            return (start, start + len(text))

        conflicts = (
            Conflict("date", f"{C}#1", f"{E}#0", "1961", "1962", span(f"{C}#1", "1961"), span(f"{E}#0", "1962"),
                     "China–North Korea pact: signed", "the pact's year differs: 1961 vs 1962"),
            Conflict("quote", f"{A}#5", f"{E}#1", "landed in Beijing", "never visited Beijing", span(f"{A}#5", "landed in Beijing"),
                     span(f"{E}#1", "never visited Beijing"), "Blinken <b>quote</b>", "the quoted words differ <i>here</i>",
                     (("-", "landed in"), ("+", f"never visited {HOSTILE_IMG}"), ("=", "Beijing"))),
        )
    return Comparison(
        documents=tuple(docs),
        claims=tuple(claims),
        pairs=tuple(pairs),
        clusters=tuple(clusters),
        provenance=provenance,
        settings=Settings().describe(),
        conflicts=conflicts,
    )


def _reordered(comparison: Comparison) -> Comparison:
    """The same comparison with every tuple and dict in another order (documents keep theirs)."""
    provenance = comparison.provenance
    return dataclasses.replace(
        comparison,
        claims=tuple(reversed(comparison.claims)),
        pairs=tuple(reversed(comparison.pairs)),
        clusters=tuple(
            Cluster(c.id, tuple(reversed(c.claim_ids)), tuple(reversed(c.doc_ids))) for c in reversed(comparison.clusters)
        ),
        provenance=Provenance(
            relations=tuple(reversed(provenance.relations)),
            spin=tuple(reversed(provenance.spin)),
            spun_documents=tuple(reversed(provenance.spun_documents)),
            source_groups=tuple(tuple(reversed(g)) for g in reversed(provenance.source_groups)),
            cluster_support=dict(reversed(list(provenance.cluster_support.items()))),
            contradiction_independent=dict(reversed(list(provenance.contradiction_independent.items()))),
            spin_density=dict(reversed(list(provenance.spin_density.items()))),
        ),
        settings=dict(reversed(list(comparison.settings.items()))),
    )


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return build_comparison()


@pytest.fixture(scope="module")
def result(comparison) -> dict:
    return json.loads(report.to_json(comparison))


@pytest.fixture(scope="module")
def page(comparison) -> str:
    return report.render_html(comparison)


# --- JSON ----------------------------------------------------------------------------------------


def test_json_validates_against_the_versioned_schema(result):
    assert report.SCHEMA_FILE == SCHEMA and SCHEMA.is_file()
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(result)
    assert (result["schema"], result["version"]) == (SCHEMA_NAME, SCHEMA_VERSION) == ("claimdiff/result", 2)


def test_schema_rejects_a_result_with_a_missing_or_unknown_field(result):
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    broken = json.loads(json.dumps(result))
    del broken["pairs"][0]["scores"]["backward"]
    broken["claims"][0]["surprise"] = 1
    messages = {error.message for error in validator.iter_errors(broken)}
    assert any("backward" in m for m in messages) and any("surprise" in m for m in messages)


def test_json_is_byte_identical_and_independent_of_input_order(comparison):
    first = report.to_json(comparison)
    assert first == report.to_json(comparison)
    assert report.to_json(_reordered(comparison)) == first
    assert report.to_json(build_comparison()) == first
    assert first.endswith("}\n") and not first.endswith("\n\n")


def test_json_rounds_floats_and_keeps_text_unescaped(comparison, result):
    raw = report.to_json(comparison)
    paraphrase = next(p for p in result["pairs"] if p["a"].endswith("#0") and p["label"] == "paraphrase")
    assert paraphrase["confidence"] == 0.9123  # 0.9123456 rounded to 4 decimals
    assert not re.search(r"\d\.\d{5,}", raw)
    assert "“prime contributor”" in raw and "\\u201c" not in raw  # ensure_ascii=False
    assert str(ROOT) not in raw and "timestamp" not in raw
    assert json.loads(raw)["documents"][0]["source"] == "seeds/000_2acc9f27728101c0.txt"  # as given, not resolved


def test_json_content_matches_the_comparison(result):
    A, B, C, D, E = "000_2acc9f27728101c0", "001_40030c20fa9a20db", "003_19b9736576807a13", "004_5b83c3a975a3c4f5", "hostile"
    assert result["summary"]["pairs"] == {"paraphrase": 3, "agreement": 3, "contradiction": 2, "divergence": 0, "related": 0, "unrelated": 2}
    claims = {c["id"]: c for c in result["claims"]}
    # unique = in no cluster and in no non-unrelated pair: the question was only paired as "unrelated"
    assert claims[f"{A}#4"]["unique"] and claims[f"{A}#4"]["question"] and claims[f"{A}#4"]["cluster"] is None
    assert claims[f"{E}#2"]["unique"]
    assert not claims[f"{A}#5"]["unique"]  # in a contradiction, so another source disputes it
    assert not claims[f"{A}#1"]["unique"] and claims[f"{A}#1"]["cluster"] == "k1"
    assert claims[f"{B}#0"]["headline"]
    assert claims[f"{C}#1"]["span"] == [claims[f"{C}#0"]["span"][1] + 1, claims[f"{C}#1"]["span"][1]]
    assert {c["id"]: c["support"] for c in result["clusters"]} == {"k1": 1, "k2": 1, "k3": 1, "k4": 2, "k5": 2}
    contradiction = next(p for p in result["pairs"] if p["b"] == f"{E}#0")
    assert contradiction["scores"]["forward"] == {"entailment": 0.02, "neutral": 0.05, "contradiction": 0.93}
    assert contradiction["evidence"][0]["a_text"] == "1961" and contradiction["independent"] is True
    assert next(p for p in result["pairs"] if p["b"] == f"{E}#1")["independent"] is False
    assert next(p for p in result["pairs"] if p["label"] == "paraphrase")["independent"] is None
    sources = {s["doc_id"]: s for s in result["sources"]}
    assert sources[A] == {"doc_id": A, "claims": 6, "unique_claims": 1, "paraphrases": 3, "agreements": 1, "contradictions": 1, "divergences": 0}
    assert sources[E]["contradictions"] == 2 and sources[E]["unique_claims"] == 1
    matrix = result["matrix"]
    assert matrix["documents"] == [A, B, C, D, E]
    assert matrix["aligned_share"][0][0] is None
    assert matrix["aligned_share"][0][1] == round(4 / 6, 4)  # A#0..A#3 are aligned with B
    assert matrix["aligned_share"][1][0] == 0.75  # B#1..B#3 of B's four claims
    assert matrix["aligned_share"][4][2] == round(1 / 3, 4)  # E#0 contradicts C#1: disputed counts as aligned
    assert matrix["contradictions"][2][4] == matrix["contradictions"][4][2] == 1
    assert sum(map(sum, matrix["contradictions"])) == 4  # two contradictions, each counted both ways
    relation = result["provenance"]["relations"][0]
    assert (relation["verdict"], relation["original"], relation["shared_share"]) == ("rewrite", A, 0.8)
    assert relation["matched_claims"] == 3 and relation["evidence"][0] == [f"{A}#0", f"{B}#1"]
    assert result["provenance"]["derived"] == {B: A}  # from the rewrite relation while Provenance.derived is empty
    assert result["provenance"]["spun_documents"] == [C] and result["provenance"]["spin_density"][C] == 38.4615
    assert [s["phrase"] for s in result["provenance"]["spin"]] == ["paid a go to", "personal defensive pact"]
    assert result["settings"]["thresholds"]["top_k"] == Settings().thresholds.top_k


def test_json_refuses_non_finite_numbers(comparison):
    broken = dataclasses.replace(comparison, pairs=(dataclasses.replace(comparison.pairs[0], cosine=float("nan")),) + comparison.pairs[1:])
    with pytest.raises(ValueError, match="non-finite"):
        report.to_json(broken)


# --- HTML: safety ----------------------------------------------------------------------------------


def test_html_escapes_hostile_text_and_keeps_it_inert(page):
    assert page.count("<script") == 1  # ours only
    assert "<script>window" not in page and "<script>alert" not in page
    assert "&lt;script&gt;window.__pwned = 1;" in page
    assert "<img" not in page and "&lt;img src=x onerror=" in page
    assert 'href="javascript:' not in page.lower() and "&lt;a href=&#34;javascript:alert(1)&#34;&gt;" in page
    assert "</textarea>" not in page and "&lt;/textarea&gt;&lt;/title&gt;" in page
    assert page.count("<title>") == 1 and page.count("</title>") == 1
    assert "score {{ 7*7 }} end {% raw %} {# c #}" in page  # data, never evaluated as a template
    assert "score 49 end" not in page
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page  # explanations are escaped too
    assert "[bold]x[/] | pipe" in page


def test_html_is_self_contained_with_a_strict_content_security_policy(page):
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy, "CSP meta tag missing"
    directives = dict(part.strip().split(" ", 1) for part in html.unescape(policy.group(1)).split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert "unsafe-inline" not in directives["script-src"]
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert directives["script-src"] == f"'sha256-{digest}'"
    assert page.index("Content-Security-Policy") < page.index("<style>") < page.index("<script>")
    assert "http://" not in page and "https://" not in page
    unquoted = re.sub(r'"[^"]*"', '""', page)  # attribute values are escaped text, not attributes
    assert re.findall(r"<[a-z][^>]*\s(?:src|srcset|action|formaction)\s*=", unquoted) == []
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', page))
    assert "@import" not in page and "url(" not in page


def test_html_rendering_is_deterministic(comparison, page):
    assert report.render_html(comparison) == page
    assert report.render_html(_reordered(comparison)) == page


# --- HTML: content ---------------------------------------------------------------------------------


def _section(page: str, section_id: str) -> str:
    start = page.index(f'<section id="{section_id}"')
    return page[start: page.index("</section>", start)]


def test_html_lists_every_contradiction_with_both_sentences_and_marked_spans(page):
    section = _section(page, "contradictions")
    cards = re.findall(r'<article class="finding contradiction".*?</article>', section, re.S)
    assert len(cards) == 2
    first, second = cards  # strongest first
    assert "confidence 0.93" in first and "confidence 0.81" in second
    assert "China has its personal defensive pact with North Korea, which was inked in <mark class=\"evidence\"" in first
    assert re.search(r"<mark class=\"evidence\" title=\"date: 1961 ↔ 1962\">1961</mark> and renewed in 2021", first)
    assert re.search(r"<mark class=\"evidence\" title=\"date: 1961 ↔ 1962\">1962</mark>, not 1961\.", first)
    assert "the year differs: 1961 vs 1962" in first
    assert "entailment 0.02 · neutral 0.05 · contradiction 0.93" in first
    assert "independent sources" in first and "same source group" in second
    assert ">landed in Beijing</mark>" in second and ">never visited Beijing</mark>" in second


def test_html_summary_heatmap_clusters_provenance_and_documents(page):
    summary = _section(page, "summary")
    assert re.search(r'<div class="value"><span data-figure="contradictions">2</span></div><div class="label">Contradictions</div>', summary)
    assert re.search(r'<div class="value"><span data-figure="derived_documents">1</span></div><div class="label">Derived sources</div>', summary)
    assert re.search(r"is derived from .*>A</span>", summary) and "spin" in summary
    heatmap = _section(page, "heatmap")
    assert heatmap.count('<td class="cell"') == 5 * 4 and heatmap.count('class="diag"') == 5
    assert heatmap.count('<span class="contra some">1</span>') == 4
    assert '<span class="share">67%</span>' in heatmap  # A -> B
    clusters = _section(page, "corroboration")
    assert clusters.count('<li class="cluster"') == 5 and clusters.count("2 independent groups") == 2
    assert clusters.index("cluster-k4") < clusters.index("cluster-k1")  # best supported first
    provenance = _section(page, "provenance")
    assert 'verdict-rewrite">rewrite' in provenance and "3 sentence pairs" in provenance
    assert re.search(r'<q class="from">paid a go to</q>.*?</td>\s*<td data-label="Likely original"><q class="to">paid a visit</q>', provenance, re.S)
    assert "2 suspect phrases · 38.5 per 1,000 words" in provenance
    assert '>personal defensive pact</mark> with North Korea, which was inked in 1961 and renewed in 2021. Beijing additionally has a…' in provenance
    pairs = _section(page, "pairs")
    assert [m for m in re.findall(r'data-filter-label="(\w+)"', pairs)] == ["contradiction", "agreement", "paraphrase"]  # labels with pairs only
    labels = re.findall(r'<li class="pair" data-label="(\w+)"', pairs)
    assert sorted(labels) == sorted(["contradiction"] * 2 + ["agreement"] * 3 + ["paraphrase"] * 3)
    assert "<span data-figure=\"unrelated\">2</span> candidate pairs were judged unrelated" in pairs
    documents = _section(page, "documents")
    assert documents.count('<details class="document"') == 5
    unique = re.findall(r'<li class="claim is-unique[^>]*>(.{12})', documents)
    assert len(unique) == 5 == documents.count('<span class="pill pill-unique">unique</span></li>')
    assert {text[:12] for text in unique} == {"Why then is ", "What Motivat", "Beijing addi", "Trade with C", "Read the ful"}
    assert '<mark class="spin" title="possible spin; likely original: own defence pact">personal defensive pact</mark>' in documents


def test_non_claims_are_shown_with_their_document_escaped_and_never_counted(comparison, result):
    """A sentence the claims stage set aside stays visible in the JSON and in "Claims by document"."""
    hostile = next(doc for doc in comparison.documents if doc.id == "hostile")
    aside = f"Click {HOSTILE_IMG} for more!"
    text = f"{hostile.text} {aside}"
    sentence = Claim(id="hostile#3", doc_id="hostile", index=3, text=aside, start=len(hostile.text) + 1, end=len(text),
                     sentence_start=len(hostile.text) + 1, sentence_end=len(text))
    with_aside = dataclasses.replace(
        comparison,
        documents=tuple(dataclasses.replace(doc, text=text) if doc.id == "hostile" else doc for doc in comparison.documents),
        non_claims=(sentence,),
    )
    shown = json.loads(report.to_json(with_aside))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(shown)
    assert shown["non_claims"] == [{"id": "hostile#3", "doc_id": "hostile", "index": 3, "text": aside, "span": [sentence.start, sentence.end]}]
    assert [doc["non_claims"] for doc in shown["documents"]] == [0, 0, 0, 0, 1]
    assert shown["summary"] == result["summary"] and shown["claims"] == result["claims"]
    assert result["non_claims"] == []
    documents = _section(report.render_html(with_aside), "documents")
    [line] = re.findall(r'<li class="claim is-non-claim"[^>]*>.*?</li>', documents)
    assert "Click &lt;img src=x onerror=" in line and "<img" not in documents and ">not a claim</span>" in line
    assert 'value="4"' in line and "3 claims · 1 unique · 1 non-claim</span>" in documents


def test_highlight_splits_text_without_losing_or_inventing_characters():
    text = "inked in 1961 and renewed in 2021"
    segments = highlight(text, [(9, 13, "year", "evidence"), (29, 99, "clamped", "evidence"), (5, 2, "empty", "x"), (10, 12, "inside", "x")])
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.mark) for s in segments if s.mark] == [("1961", "year; inside"), ("2021", "clamped")]
    assert highlight("", []) and "".join(s.text for s in highlight("", [(0, 3, "t", "k")])) == ""


@given(
    text=st.text(max_size=60),
    spans=st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=6),
)
@hypothesis_settings(max_examples=200, deadline=None)
def test_highlight_keeps_every_character_whatever_the_spans(text, spans):
    segments = highlight(text, [(start, end, "tip", "kind") for start, end in spans])
    assert "".join(s.text for s in segments) == text
    marked = [s for s in segments if s.mark is not None]
    assert all(s.text for s in marked)
    assert all(not (a.mark and b.mark) for a, b in zip(segments, segments[1:]))  # overlaps were merged


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_summary_has_counts_contradictions_derived_and_spin(comparison):
    text = report.render_markdown(comparison)
    assert text == report.render_markdown(_reordered(comparison))
    assert "| contradiction | 2 |" in text and "| paraphrase | 3 |" in text
    assert "China has its personal defensive pact with North Korea, which was inked in 1961 and renewed in 2021." in text
    assert "1962, not 1961." in text
    assert re.search(r"\*\*B\*\* What Motivates .* is derived from \*\*A\*\* seeds/000\\_2acc9f27728101c0\.txt \(rewrite, 80% of claims shared\)", text)
    assert "- **C** (spun), 2 suspect phrases:\n  - “paid a go to” (likely “paid a visit”)" in text
    # hostile text is inert: no raw tag, link, table cell or template syntax survives unescaped
    assert re.search(r"(?<!\\)[<>]", text) is None and "\\<script\\>window" in text
    assert "\\<img src=x" in text and "](" not in text
    for line in text.splitlines():
        if line.startswith("|"):
            assert line.count("|") - line.count("\\|") == 3, line


def test_markdown_escape_is_one_line_and_reversible_by_a_markdown_reader():
    escaped = md_escape("a | b\n# not a heading <b>*x*</b> [link](javascript:alert(1))")
    assert "\n" not in escaped and "\\|" in escaped and "\\<b\\>" in escaped and "\\[link\\]\\(javascript\\:" in escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == "a | b # not a heading <b>*x*</b> [link](javascript:alert(1))"


# --- Terminal summary ------------------------------------------------------------------------------


def test_print_summary_shows_counts_top_contradictions_and_outputs(comparison, tmp_path):
    buffer = io.StringIO()
    console = Console(file=buffer, width=140, color_system=None, highlight=False)
    report.print_summary(comparison, [tmp_path / "out.html"], console=console)
    text = buffer.getvalue()
    assert re.search(r"contradiction\s+2", text) and re.search(r"paraphrase\s+3", text)
    assert "China has its personal defensive pact" in text and "1962, not 1961" in text
    assert "[B] is derived from [A] (rewrite, 80% shared)" in text and "spin: [C]" in text
    assert text.index("[A] seeds/000") < text.index("contradiction")  # the letters are explained before they are used
    assert str(tmp_path / "out.html") in text
    assert len(text.splitlines()) <= 24  # one screen


def test_print_summary_prints_markup_in_articles_literally(comparison):
    markup = "[/] [bold red]loud[/bold red]"
    hostile = dataclasses.replace(
        comparison,
        documents=tuple(dataclasses.replace(d, title=markup) for d in comparison.documents),
        claims=tuple(dataclasses.replace(c, text=markup) for c in comparison.claims),
    )
    buffer = io.StringIO()
    report.print_summary(hostile, [], console=Console(file=buffer, width=200, color_system=None))
    assert buffer.getvalue().count(markup) >= 4 + 5  # two contradictions, both sides; five sources


def test_print_summary_writes_to_stderr(comparison, capsys):
    report.print_summary(comparison, ["r.html"])
    captured = capsys.readouterr()
    assert captured.out == "" and "r.html" in captured.err


# --- Files -----------------------------------------------------------------------------------------


def test_write_atomic_creates_folders_replaces_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "new" / "folder" / "report.json"
    report.write_atomic(target, "first\n")
    report.write_atomic(target, "sécond\r\n")
    assert target.read_bytes() == "sécond\r\n".encode("utf-8")  # no newline translation
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.json"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_write_atomic_failure_keeps_the_old_file_and_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ClaimdiffError, match="cannot write .*No space left"):
        report.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_write_atomic_into_a_folder_path_is_a_one_line_error(tmp_path):
    with pytest.raises(ClaimdiffError, match="is a folder"):
        report.write_atomic(tmp_path, "x")


def test_refuse_overwriting_inputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text("A claim.", encoding="utf-8")
    (tmp_path / "linked.txt").symlink_to(article)
    os.link(article, tmp_path / "hard.txt")
    refusals = [
        (["articles/a.txt"], ["articles/a.txt"], "overwrite input file"),
        (["articles/../articles/a.txt"], [str(article)], "overwrite input file"),
        (["linked.txt"], ["articles/a.txt"], "overwrite input file"),
        (["hard.txt"], ["articles/a.txt"], "overwrite input file"),
        (["articles/report.html"], ["articles"], "inside input folder"),
        (["articles/sub/report.MD"], ["articles"], "inside input folder"),
        (["out.html", "./out.html"], ["articles"], "same file"),
        (["articles"], ["other.txt"], "is a folder"),
    ]
    for outputs, sources, message in refusals:
        with pytest.raises(ClaimdiffError, match=message):
            report.refuse_overwriting_inputs(outputs, sources)
    report.refuse_overwriting_inputs(["articles/result.json", "report.html", "summary.md"], ["articles", "-"])
    report.refuse_overwriting_inputs([], ["articles/a.txt"])
    assert article.read_text(encoding="utf-8") == "A claim."


def test_report_knows_every_suffix_ingest_reads_from_a_folder():
    from claimdiff.ingest import SUPPORTED_SUFFIXES
    from claimdiff.report.files import READABLE_SUFFIXES

    assert READABLE_SUFFIXES == set(SUPPORTED_SUFFIXES)


def test_a_comparison_with_nothing_in_common_still_renders_and_validates():
    documents = (Document("one", "Nothing here.", "one.txt"), Document("two", "", "two.txt", title="Empty"))
    claim = Claim("one#0", "one", 0, "Nothing here.", 0, 13, 0, 13)
    empty = Comparison(documents, (claim,), (), (), Provenance((), (), (), (("one",), ("two",)), {}, {}), Settings().describe())
    result = json.loads(report.to_json(empty))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(result)
    assert result["matrix"]["aligned_share"] == [[None, 0.0], [0.0, None]]
    assert result["claims"][0]["unique"] and result["sources"][1]["claims"] == 0
    page = report.render_html(empty)
    for message in ("No contradictions between aligned claims.", "No claim is made by more than one source.", "No aligned pairs.",
                    "No tortured phrases", "No copied, rewritten or spun sources were detected"):
        assert message in page
    assert "None found." in report.render_markdown(empty)


def test_a_thousand_source_comparison_gives_a_bounded_page_and_a_valid_result():
    """Past the listing limits the page shows the most connected part and says so; the JSON keeps every pair."""
    from claimdiff.report import html as html_report

    documents, claims, pairs = [], [], []
    for i in range(120):
        document, own = _document(f"d{i:03d}", f"d{i:03d}.txt", None, [f"Claim {i} about topic {i % 7} here.", f"Another {i} statement stands."] * 25)
        documents.append(document)
        claims += own
    for i in range(0, 118):  # a chain of contradictions between neighbouring documents
        pairs.append(_pair(f"d{i:03d}#0", f"d{i + 1:03d}#0", Label.CONTRADICTION, 0.9, (0.0, 0.1, 0.9), (0.0, 0.1, 0.9), 0.8, 0.6, "clash"))
    provenance = Provenance((), (), (), tuple((d.id,) for d in documents), {}, {})
    conflicts = tuple(  # the same clash in every neighbouring pair: too many sources for a column each
        Conflict("number", f"d{i:03d}#0", f"d{i + 1:03d}#0", str(i), str(i + 1), (6, 6 + len(str(i))), (6, 6 + len(str(i + 1))), f"topic {i % 3}", "numbers differ")
        for i in range(0, 30)
    )
    big = Comparison(tuple(documents), tuple(claims), tuple(pairs), (), provenance, Settings().describe(), conflicts=conflicts)
    result = json.loads(report.to_json(big))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(result)
    assert result["matrix"]["aligned_share"] is None and len(result["matrix"]["documents"]) == 120
    assert len(result["pairs"]) == 118
    page = report.render_html(big)
    heatmap = _section(page, "heatmap")
    assert heatmap.count('<th scope="row">') == html_report.MAX_HEATMAP_SOURCES
    assert f"The {html_report.MAX_HEATMAP_SOURCES} most connected of 120 sources" in heatmap
    facts = _section(page, "facts")
    assert facts.count('<tr class="fact-row is-conflict">') == 3 and "<thead>" not in facts  # a list per row, not 31 columns
    assert facts.count('<div class="fact-cell conflict">') == 3 * 20  # each subject: 10 clashes between 20 sources
    documents_section = _section(page, "documents")
    assert documents_section.count('<li class="claim') == html_report.MAX_LISTED_CLAIMS // 50 * 50
    assert "Not listed here to keep the page light" in documents_section


# --- The report on the real seeds comparison, with hand-made facts and the new labels -------------
#
# The fact stage and the judge's divergence/related labels are being written concurrently, so these
# tests put hand-made Facts, Conflicts and labels on top of the real seeds comparison (claims found
# by their words, not by index); they keep working once the real stages fill the same fields.


def _claim_with(comparison: Comparison, words: str) -> Claim:
    found = [claim for claim in comparison.claims if words in claim.text]
    assert len(found) == 1, (words, [c.id for c in found])
    return found[0]


def _span_of(claim: Claim, words: str) -> tuple[int, int]:
    start = claim.text.index(words)
    return (start, start + len(words))


def seeds_with_facts_and_new_labels(comparison: Comparison) -> Comparison:
    """Two fact conflicts and one fact two sources state alike, on top of the real judge's labels
    (its divergences and related pairs; the seeds have no fact conflict of their own)."""
    visit = _claim_with(comparison, "Vladimir Putin visited the North Korean capital")  # C
    this_week = _claim_with(comparison, "paid a go to to Pyongyang this week")  # D
    containers = _claim_with(comparison, "7,000 containers")  # D
    shells = _claim_with(comparison, "5 million artillery shells")  # E
    treaty_a = _claim_with(comparison, "signed a treaty of mutual defence and cooperation in 1961")  # A
    treaty_d = _claim_with(comparison, "which was inked in 1961 and renewed in 2021")  # D
    conflicts = (
        Conflict("date", visit.id, this_week.id, "18–19 June 2024", "this week", _span_of(visit, "18–19 June 2024"), _span_of(this_week, "this week"),
                 "Putin’s visit to Pyongyang: date", "18–19 June 2024 is not the week of D’s report"),
        Conflict("number", containers.id, shells.id, "7,000 containers", "5 million artillery shells", _span_of(containers, "7,000 containers"),
                 _span_of(shells, "5 million artillery shells"), "munitions North Korea sent to Russia", "7,000 containers vs 5 million shells"),
    )
    facts = tuple(
        Fact(claim.id, "china & north korea", "sign", True, "done", (Slot("date", "1961", _span_of(claim, "1961"), "1961"),))
        for claim in (treaty_a, treaty_d)
    )
    return dataclasses.replace(comparison, facts=facts, conflicts=conflicts)


@pytest.fixture(scope="module")
def seeds_plus(seeds_comparison) -> Comparison:
    return seeds_with_facts_and_new_labels(seeds_comparison)


@pytest.fixture(scope="module")
def seeds_page(seeds_plus) -> str:
    return report.render_html(seeds_plus)


def test_every_output_prints_the_same_number_for_each_concept(seeds_plus, seeds_page):
    """Issue 2: 'the header says 12 shared claims where the card says 9 corroborated claims'."""
    from claimdiff.report.view import ReportView

    figures = dataclasses.asdict(ReportView(seeds_plus).figures)
    shown = re.findall(r'<span data-figure="(\w+)">([^<]*)</span>', seeds_page)
    assert {name for name, _ in shown} == set(figures)  # every concept is on the page
    for name, value in shown:
        assert value == str(figures[name]), (name, value, figures[name])
    assert figures["shared_claims"] > figures["corroborated_claims"] > 0  # two concepts, two names
    summary = json.loads(report.to_json(seeds_plus))["summary"]
    assert summary["clusters"] == figures["shared_claims"] and summary["corroborated_claims"] == figures["corroborated_claims"]
    assert summary["aligned_pairs"] == figures["aligned_pairs"] == sum(v for k, v in summary["pairs"].items() if k != "unrelated")
    assert (summary["conflicts"], summary["derived_documents"], summary["unique_claims"]) == (2, figures["derived_documents"], figures["unique_claims"])
    markdown = report.render_markdown(seeds_plus)
    assert f"| divergence | {figures['divergences']} |" in markdown and f"| agreement | {figures['agreements']} |" in markdown
    assert f"corroborated claims: {figures['corroborated_claims']} of {figures['shared_claims']} shared" in markdown
    buffer = io.StringIO()
    report.print_summary(seeds_plus, [], console=Console(file=buffer, width=140, color_system=None))
    assert f"{figures['corroborated_claims']} of {figures['shared_claims']} shared claims corroborated" in buffer.getvalue()


def test_pair_filter_counts_add_up_to_the_aligned_total_and_say_what_is_not_listed(seeds_plus, seeds_page, monkeypatch):
    """Issue 2: 'All aligned pairs: 353 of 353 shown' while the agreement filter said 381."""
    from claimdiff.report import html as html_report

    pairs = _section(seeds_page, "pairs")
    aligned = int(re.search(r'<span data-figure="aligned_pairs">(\d+)</span>', pairs).group(1))
    buttons = re.findall(r'data-filter-label="(\w+)" aria-pressed="true">\w+ <span class="n">(?:(\d+) of )?<span data-figure="\w+">(\d+)</span></span>', pairs)
    totals = {label: int(total) for label, _, total in buttons}
    listed = {label: int(shown or total) for label, shown, total in buttons}
    assert sum(totals.values()) == aligned and sum(listed.values()) == pairs.count('<li class="pair"')
    counts = json.loads(report.to_json(seeds_plus))["summary"]["pairs"]
    assert set(totals) == {label for label, n in counts.items() if n and label != "unrelated"} >= {"divergence", "agreement", "related"}  # a label with pairs has a button
    assert totals["related"] > html_report.MAX_LISTED_PAIRS_PER_LABEL  # the seeds' related pairs fill more than the cap...
    assert listed["related"] == html_report.MAX_LISTED_PAIRS_PER_LABEL and all(listed[k] == totals[k] for k in totals if k != "related")
    assert f"{totals['related'] - listed['related']} related not listed here are in the JSON result" in pairs  # ...and the page says so

    monkeypatch.setattr(html_report, "MAX_LISTED_PAIRS_PER_LABEL", 10)
    pairs = _section(report.render_html(seeds_plus), "pairs")
    paraphrases = json.loads(report.to_json(seeds_plus))["summary"]["pairs"]["paraphrase"]
    assert paraphrases > 10  # a second capped label
    assert f'paraphrase <span class="n">10 of <span data-figure="paraphrases">{paraphrases}</span></span>' in pairs
    toolbar_end = pairs.index('<ol class="pair-list">')
    note = pairs.index("not listed here are in the JSON result")
    assert pairs.index('id="pair-filter"') < note < toolbar_end  # said next to the counts, not 50,000 px lower
    assert f"{paraphrases - 10} paraphrase" in pairs[:toolbar_end]


def test_one_sided_evidence_never_renders_an_empty_highlight(seeds_comparison):
    """Issue 2: 'NEGATION never vs ▯' came from evidence with text on one side only.

    The new judge's negation evidence names both predicates, so one side's lone "not" is made by hand."""
    by_id = {c.id: c for c in seeds_comparison.claims}
    chosen = next(p for p in seeds_comparison.pairs if re.search(r"\bnot\b", by_id[p.a].text) and not re.search(r"\bnot\b", by_id[p.b].text))
    negated = by_id[chosen.a]
    one_sided = Evidence("negation", "not", "", _span_of(negated, "not"), (0, 0))
    pairs = tuple(dataclasses.replace(p, label=Label.CONTRADICTION, evidence=(one_sided,)) if p is chosen else p for p in seeds_comparison.pairs)
    page = report.render_html(dataclasses.replace(seeds_comparison, pairs=pairs))
    assert "<q></q>" not in page and not re.search(r"<mark[^>]*></mark>", page)
    assert "↔ &#34;" not in page and not re.search(r"↔ ?\"", page)
    card = _section(page, "contradictions")
    assert re.search(r'<q>not</q> in <span class="tag[^>]*>[A-E]</span> only', card)
    assert card.count('“not” in one claim only">not</mark>') == 1  # marked on the negating side, nothing on the other
def test_the_original_is_never_badged_as_derived(seeds_comparison):
    """Issue 2: 'source A, the original, carries a derived badge'."""
    sources = _section(report.render_html(seeds_comparison), "sources")
    items = dict(re.findall(r'<li class="source" id="source-(\w+)">(.*?)</li>', sources, re.S))
    derived = {tag for tag, item in items.items() if "derived from" in item}
    originals = {tag for tag, item in items.items() if "original of" in item}
    assert derived and originals and not derived & originals
    assert "derived from A" in items["B"] and "original of B" in items["A"]  # the seeds' rewrite, from its relation
    # Provenance.derived, once provenance fills it, is the only answer: relations are not consulted then.
    C, D = seeds_comparison.documents[2].id, seeds_comparison.documents[3].id
    explicit = dataclasses.replace(seeds_comparison, provenance=dataclasses.replace(seeds_comparison.provenance, derived={D: C}))
    items = dict(re.findall(r'<li class="source" id="source-(\w+)">(.*?)</li>', _section(report.render_html(explicit), "sources"), re.S))
    assert [tag for tag, item in items.items() if "derived from" in item] == ["D"] and "original of D" in items["C"]
    assert json.loads(report.to_json(explicit))["provenance"]["derived"] == {D: C}


def test_page_leads_with_what_a_reviewer_acts_on_and_collapses_long_lists(seeds_plus, seeds_page):
    """Issues 2 and 3: the letter legend before anything uses letters; findings first; long lists behind counts."""
    from claimdiff.report import html as html_report

    order = ["sources", "summary", "facts", "contradictions", "divergences", "provenance", "corroboration", "heatmap", "pairs", "documents"]
    positions = [seeds_page.index(f'<section id="{name}"') for name in order]
    assert positions == sorted(positions)
    first_tag = seeds_page.index('<span class="tag ')
    assert positions[0] < first_tag < seeds_page.index("</section>", positions[0])
    result = json.loads(report.to_json(seeds_plus))["summary"]
    assert result["pairs"]["divergence"] > html_report.OPEN_CARDS and result["clusters"] > html_report.OPEN_CLUSTERS
    for section_id, more_id, total in (("divergences", "divergences-more", result["pairs"]["divergence"]), ("corroboration", "clusters-more", result["clusters"])):
        section = _section(seeds_page, section_id)
        cut = section.index(f'<details class="more" id="{more_id}">')  # collapsed, not open
        items = r'<article class="finding|<li class="cluster"'
        assert len(re.findall(items, section[:cut])) == (html_report.OPEN_CLUSTERS if section_id == "corroboration" else html_report.OPEN_CARDS)
        assert len(re.findall(items, section)) == total  # every one still reachable behind "show all"
        assert f"Show all <span data-figure=" in section[cut:]
    assert '<details class="more" id="all-pairs">' in _section(seeds_page, "pairs")
    assert all('<details class="document"' in line for line in _section(seeds_page, "documents").splitlines() if "document-" in line and "<details" in line)


def test_facts_at_a_glance_has_a_row_per_fact_a_column_per_source_and_links_conflicts_to_claims(seeds_plus, seeds_page):
    facts = _section(seeds_page, "facts")
    header = re.search(r"<thead>(.*?)</thead>", facts, re.S).group(1)
    assert re.findall(r'<span class="tag[^>]*>(\w+)</span>', header) == ["A", "C", "D", "E"]  # sources that state a listed fact
    rows = re.findall(r'<tr class="fact-row( is-conflict)?">(.*?)</tr>', facts, re.S)
    assert [bool(flag) for flag, _ in rows] == [True, True, False]  # conflicts first
    subjects = [re.search(r'<span class="subject">(.*?)</span>', row).group(1) for _, row in rows]
    assert subjects == ["Putin’s visit to Pyongyang: date", "munitions North Korea sent to Russia", "china &amp; north korea: sign"]
    visit = rows[0][1]
    assert "18–19 June 2024 is not the week of D’s report" in visit
    cells = re.findall(r'<td class="fact-cell([^"]*)" data-label="(\w+) ·[^"]*">(.*?)</td>', visit, re.S)
    assert [(tag, "conflict" in cls) for cls, tag, _ in cells] == [("A", False), ("C", True), ("D", True), ("E", False)]
    anchors = re.findall(r'<a href="#(claim-\w+-\d+)"[^>]*class="conflicting">([^<]*)</a>', visit)
    assert [text for _, text in anchors] == ["18–19 June 2024", "this week"]
    documents = _section(seeds_page, "documents")
    for anchor, _ in anchors:  # each value links to its claim, which is on the page
        line = re.search(rf'<li class="claim[^"]*" id="{anchor}"[^>]*>(.*?)</li>', documents, re.S)
        assert line is not None
    assert "Putin visited the North Korean capital" in re.search(rf'id="{anchors[0][0]}"[^>]*>(.*?)</li>', documents, re.S).group(1)
    agreeing = rows[2][1]
    assert agreeing.count(">1961</a>") == 2 and "conflict" not in agreeing


def test_divergence_and_related_pairs_are_reported_and_related_is_never_agreement(seeds_plus, seeds_page):
    result = json.loads(report.to_json(seeds_plus))
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(result)
    counts = result["summary"]["pairs"]
    assert counts["divergence"] == sum(1 for p in seeds_plus.pairs if p.label is Label.DIVERGENCE) > 0
    assert counts["related"] == sum(1 for p in seeds_plus.pairs if p.label is Label.RELATED) > 0
    divergences = _section(seeds_page, "divergences")
    assert divergences.count('<article class="finding divergence"') == counts["divergence"]
    assert "The same actor's conduct or position portrayed in opposite ways" in divergences  # the section says what a divergence is
    assert len(re.findall(r'<p class="explanation">(?:direct|partial|weak) divergence: ', divergences)) == counts["divergence"]  # each card says how direct
    cards = re.findall(r'<article class="finding divergence".*?</article>', divergences, re.S)
    assert any(re.search(r'<span class="tag[^>]*>B</span>', card) for card in cards)  # the seeds' rewrite repeats its original's divergences...
    for card in cards:  # ...and each card with the rewrite says so, so a reader does not count it twice
        assert bool(re.search(r'<span class="tag[^>]*>B</span>', card)) == (">B derived from A</span>" in card)
    assert _section(seeds_page, "contradictions").count('<article class="finding contradiction"') == counts["contradiction"]
    # a claim whose only partner is a related pair is still unique: nobody else makes, supports or disputes it
    claims = {c["id"]: c for c in result["claims"]}
    engaged = {i for p in result["pairs"] if p["label"] in ("contradiction", "divergence", "agreement", "paraphrase") for i in (p["a"], p["b"])}
    related_only = [i for p in result["pairs"] if p["label"] == "related" for i in (p["a"], p["b"]) if i not in engaged and claims[i]["cluster"] is None]
    assert related_only and all(claims[i]["unique"] for i in related_only)
    markdown = report.render_markdown(seeds_plus)
    assert "### Divergences" in markdown and f"| related | {counts['related']} |" in markdown
    assert re.search(r"\d\. confidence \d\.\d\d · B derived from A\n", markdown)  # a rewrite's repeat of its original's divergence says so here too


def test_a_shared_claim_is_headed_by_the_claim_every_member_was_linked_to(seeds_comparison):
    """Clusters are stars: a member may share nothing with another member, only with the centre."""
    from claimdiff.report.view import ReportView

    view = ReportView(seeds_comparison)
    linked = {frozenset((p.a, p.b)) for p in seeds_comparison.pairs if p.label in (Label.PARAPHRASE, Label.AGREEMENT)}
    corroboration = _section(report.render_html(seeds_comparison), "corroboration")
    for cluster in view.clusters:
        centre = view.cluster_centres[cluster.id]
        assert all(frozenset((centre, m)) in linked for m in cluster.claim_ids if m != centre), cluster
        item = re.search(rf'<li class="cluster" id="cluster-{cluster.id}">(.*?)</li>\s*</ul>', corroboration, re.S).group(1)
        assert f'<p class="quote">{markupsafe.escape(view.claim(centre).text)}</p>' in item
    assert any(view.cluster_centres[c.id] != c.claim_ids[0] for c in view.clusters)  # the first claim read is not always the centre


def test_a_claim_opening_with_a_pronoun_shows_the_sentence_before_it(seeds_comparison):
    from claimdiff.report.view import ReportView, needs_context

    assert needs_context("They include semiconductors, drones, helmets.") and needs_context("“This fear is not unfounded.”")
    assert needs_context("It’s because it fears additional antagonising the west.")
    assert not needs_context("There is a famous Chinese idiom.") and not needs_context("Thisbe said so.") and not needs_context("China said it would.")
    view = ReportView(seeds_comparison)
    include = _claim_with(seeds_comparison, "They include semiconductors, drones")
    assert view.context_of(include).startswith("As Blinken detailed further when he landed in Beijing this week")
    pair = next(p for p in seeds_comparison.pairs if include.id in (p.a, p.b) and p.label is not Label.UNRELATED)
    assert pair, "the seeds no longer align 'They include semiconductors...'"
    page = report.render_html(seeds_comparison)
    assert re.search(r'<span class="context">As Blinken detailed further when he landed in Beijing this week[^<]*</span> They include semiconductors', page)


def test_json_carries_each_claims_facts_and_the_conflicts_and_stays_byte_identical(seeds_plus):
    text = report.to_json(seeds_plus)
    result = json.loads(text)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(result)
    assert [(c["kind"], c["a_value"], c["b_value"]) for c in result["conflicts"]] == [
        ("date", "18–19 June 2024", "this week"), ("number", "7,000 containers", "5 million artillery shells")]
    with_facts = [c for c in result["claims"] if c["facts"]]
    assert len(with_facts) == 2 and with_facts[0]["facts"][0]["slots"][0] == {"kind": "date", "text": "1961", "span": with_facts[0]["facts"][0]["slots"][0]["span"], "value": "1961", "low": None, "high": None, "unit": None}
    shuffled = dataclasses.replace(seeds_plus, facts=tuple(reversed(seeds_plus.facts)), conflicts=tuple(reversed(seeds_plus.conflicts)), pairs=tuple(reversed(seeds_plus.pairs)))
    assert report.to_json(shuffled) == text
    assert report.render_html(shuffled) == report.render_html(seeds_plus)


def test_markdown_lists_conflicts_and_misquotes_as_findings_with_their_kind(seeds_plus, comparison):
    markdown = report.render_markdown(seeds_plus)
    section = markdown[markdown.index("### Fact conflicts and misquotes"): markdown.index("### Contradictions")]
    assert "1. **date** · Putin’s visit to Pyongyang\\: date: **C** “18–19 June 2024” vs **D** “this week”" in section
    assert "2. **number** · munitions North Korea sent to Russia" in section
    hostile = report.render_markdown(comparison)  # the hand-built comparison has a misquote with hostile words
    assert "**quote** · Blinken \\<b\\>quote\\</b\\>" in hostile and "quote diff: ~~landed in~~ **never visited \\<img src=x" in hostile
    assert re.search(r"(?<!\\)[<>]", hostile) is None
