"""Claim quality on newsdev (dev) and the seeds: rerun with
`PYTHONPATH=$PWD .venv/bin/python benchmarks/claims_quality.py [--json out.json] [--quiet]`.

Four measurements, all deterministic, all dev figures (the rules were tuned on newsdev and the seeds):

(a) boilerplate: newsdev's gold non-claim lines (boilerplate.jsonl) that still overlap a claim;
(b) gold sentences lost or split: a pairs.jsonl sentence (a or b) that is missing from the cleaned
    text, or that no single claim covers at its main clause (the sentence's root word and the head
    of its subject, from spaCy's parse of the sentence alone);
(c) fragments: non-headline claims that, parsed alone by spaCy, have no finite VERB/AUX, or whose
    root has no subject (nsubj, nsubjpass, csubj, csubjpass, expl); "strict" is exactly that,
    "lenient" forgives two tagger confusions and asks for the same verdict from a second reading
    of the claim inside its paragraph (see is_fragment, fragments), and "cut by the stage" counts
    the lenient fragments among claims that are only part of their sentence (a split made them);
(d) splits at abbreviations: claim boundaries inside a line right after a title abbreviation
    ("Mr.", "Sens.", "Lt."), which never ends a sentence, or after another abbreviation, acronym
    or initial ("U.S.", "a.m.", "Inc.", "Nov.", "D.") where the next claim starts with a number
    ("Nov." | "26 ...") or one of the two sides is a fragment by (c, lenient, without rereadings);
(e) non-claims: sentences the claims stage sets aside because they state nothing (imperatives,
    greetings, list labels, captions without a name or figure; claimdiff.claims.segment_all):
    they are not claims, so (c) does not count them; every one is printed so it can be read.

(c, lenient) also rereads three constructions the small parser gets wrong, each only where the
parse shows a finite verb and a subject placed elsewhere: a clause head with its own subject and
finite auxiliary hung under a noun ("Tallis, 58, was first elected mayor ..."), a subject read as
a modifier of the finite root (a noun compound, "Severe asthma accounts ...", or a capitalised
non-function word tagged as an adverb, "Orvelimab is ..."), and locative/presentative inversion
("But beneath the veneer of friendship lies deep rooted resentment ...", "Here is what we know").
A sentence without a finite verb, or whose root has no candidate subject at all, stays a fragment.

The claims come from the claims stage exactly as the pipeline calls it (one call per document
set: a newsdev story, the seeds folder). (c) and (d) are also measured on real news without gold:
the first --real-news FNC-1 *train* bodies (boilerplate stripped by the ingest rules). Every fragment and failure is printed so it can be read.
Exit code 0 whatever the figures: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from claimdiff import claims as claim_stage  # noqa: E402
from claimdiff.ingest import load_documents  # noqa: E402
from claimdiff.nlp import english  # noqa: E402

NEWSDEV = ROOT.parent / "shared" / "data" / "newsdev"
SEEDS = ROOT / "seeds"
FNC1_TRAIN_BODIES = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"
MAX_BYTES = 10_000_000
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
NO_SUBJECT_RELATIONS = {"amod", "compound", "appos", "nmod", "npadvmod", "acomp", "attr", "dobj", "pobj"}  # (c) rereadings
MODIFIER_RELATIONS = {"advmod", "compound", "amod", "nmod", "dep"}
INVERSION_ADVERBS = claim_stage.word_lists()["inversion-adverb"]  # claimdiff/data/segmentation.tsv
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
# abbreviations that never end a sentence, and ones that may (a claim boundary after these is
# counted only when it leaves a fragment behind)
TITLE_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "maj", "adm", "sen", "sens", "rep",
    "reps", "gov", "rev", "st", "hon", "messrs",
}
OTHER_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z]\.|(?:inc|ltd|co|corp|jr|sr|vs|etc|approx|dept|no|art|fig|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.", re.I)


def extract(documents) -> tuple[list, list]:
    """The claims stage as the pipeline runs it (the whole document set at once when it can): claims, non-claims."""
    if hasattr(claim_stage, "segment_all"):
        segmented = claim_stage.segment_all(documents)
        return list(segmented.claims), list(segmented.non_claims)
    if hasattr(claim_stage, "extract_all"):
        return claim_stage.extract_all(documents), []
    return [claim for document in documents for claim in claim_stage.extract_claims(document)], []


def load_real_news(count: int) -> list[tuple[str, list]]:
    """The first `count` FNC-1 *train* article bodies (real news; never the competition test file), one set."""
    import csv

    from claimdiff.ingest import normalise_text, strip_boilerplate
    from claimdiff.model import Document

    documents = []
    with open(FNC1_TRAIN_BODIES, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if len(documents) >= count:
                break
            cleaned = strip_boilerplate(normalise_text(row["articleBody"]))
            if cleaned.text.strip():
                documents.append(Document(id=f"fnc{row['Body ID']}", text=cleaned.text, source="fnc1", title=cleaned.title))
    return [("fnc1-train", documents)]


def load_newsdev() -> list[tuple[str, list]]:
    """(story, documents) per story, each story one document set as `claimdiff compare story/` sees it."""
    return [(story.name, load_documents([str(story)], max_bytes=MAX_BYTES)) for story in sorted(NEWSDEV.iterdir()) if story.is_dir() and story.name[:2].isdigit()]


def is_fragment(tokens, *, lenient: bool = False, rereadings: bool = False) -> str | None:
    """Why a parsed claim is a fragment ('no finite verb', 'no subject'), or None.

    tokens: a claim parsed alone (a Doc), or the claim's tokens inside its parsed paragraph; its
    roots are the tokens whose head lies outside it (the ROOT, for a claim parsed alone).
    Strict is the definition of the task. Lenient forgives two confusions of en_core_web_sm that
    are not fragments: a past tense with a subject tagged as a participle ("Sprinklers ...
    activated/VBN within minutes"), and a subject attached to the root's auxiliary ("Highway 9
    is closed": nsubj -> is). rereadings (column c only) adds three readings of English grammar
    the small parser misses; each needs a finite verb and a subject the parse shows, only placed
    elsewhere (see misplaced_clause_head, subject_read_as_modifier, inverted_subject).
    """
    tokens = list(tokens)
    indices = {token.i for token in tokens}
    roots = [token for token in tokens if token.head.i == token.i or token.head.i not in indices]

    def finite(token) -> bool:
        return token.pos_ in ("VERB", "AUX") and (token.tag_ in FINITE_TAGS or "Fin" in token.morph.get("VerbForm"))

    def subjects(token):
        found = [child for child in token.children if child.dep_ in SUBJECTS]
        if lenient:
            found += [grand for child in token.children if child.dep_ in ("aux", "auxpass") for grand in child.children if grand.dep_ in SUBJECTS]
        return found

    has_finite = any(finite(token) for token in tokens)
    if not has_finite and lenient:
        has_finite = any(token.tag_ == "VBN" and subjects(token) and not any(c.dep_ in ("aux", "auxpass") for c in token.children) for token in tokens)
    if not has_finite:
        return "no finite verb"
    if not any(subjects(root) for root in roots):
        if rereadings and (
            any(misplaced_clause_head(token) for token in tokens)
            or any(subject_read_as_modifier(root) or inverted_subject(root) for root in roots)
        ):
            return None
        return "no subject"
    return None


def _finite(token) -> bool:
    return token.pos_ in ("VERB", "AUX") and (token.tag_ in FINITE_TAGS or "Fin" in token.morph.get("VerbForm"))


def misplaced_clause_head(token) -> bool:
    """A verb with its own subject and a finite auxiliary that the parse hung under a noun by a
    relation that never carries a subject ("Tallis, 58, was first elected mayor ...": elected is an
    amod of mayor yet has nsubjpass Tallis and auxpass was): the sentence's main clause, misplaced."""
    return (
        token.dep_ in NO_SUBJECT_RELATIONS
        and any(child.dep_ in SUBJECTS for child in token.children)
        and any(child.dep_ in ("aux", "auxpass") and _finite(child) for child in token.children)
    )


def subject_read_as_modifier(root) -> bool:
    """A finite root with no subject, preceded by a word attached to it that can only be its
    subject: a noun or proper noun hung as a compound ("Severe asthma accounts for ..."), or a
    capitalised word that is no function word, taken for an adverb ("Orvelimab is a monoclonal
    antibody ...": Orvelimab/RB advmod). An English finite clause needs a subject before its verb
    unless inverted, and inversion adverbs ("Here is ...", "So do ...") are excluded."""
    if not _finite(root):
        return False
    for child in root.children:
        if child.i >= root.i or child.dep_ not in MODIFIER_RELATIONS or child.lower_ in INVERSION_ADVERBS:
            continue
        if child.pos_ in ("NOUN", "PROPN") or (child.is_title and not child.is_stop):
            return True
    return False


def inverted_subject(root) -> bool:
    """Locative or presentative inversion: a fronted place phrase or "here"/"there" before a finite
    verb, the subject after it ("But beneath the veneer of friendship lies deep rooted
    resentment ...", "Here is what we know so far."); the parser reads that subject as an object."""
    if not _finite(root):
        return False
    fronted = any(child.i < root.i and (child.dep_ == "prep" or child.lower_ in INVERSION_ADVERBS) for child in root.children)
    after = any(child.i > root.i and child.dep_ in ("dobj", "attr", "ccomp") for child in root.children)
    return fronted and after


def fragments(claims, documents, nlp) -> list[dict]:
    """Every non-headline claim that is a fragment by the strict test, or by the lenient one.

    Lenient also asks for a second reading: a claim counts only if it is a fragment both parsed
    alone and parsed inside its paragraph (the small model misreads a sentence-initial unknown
    name such as "Orvelimab was generally well tolerated." alone, not in context).
    """
    texts = {document.id: document.text for document in documents}
    body = [claim for claim in claims if not claim.headline]
    found = []
    for claim, parsed in zip(body, nlp.pipe((claim.text for claim in body), disable=["ner", "lemmatizer"])):
        strict, lenient = is_fragment(parsed), is_fragment(parsed, lenient=True, rereadings=True)
        if strict or lenient:
            found.append({"claim": claim, "why": strict or lenient, "lenient": lenient})
    candidates = [item for item in found if item["lenient"]]
    paragraphs = [_paragraph(texts[item["claim"].doc_id], item["claim"]) for item in candidates]
    for item, (offset, parsed) in zip(candidates, zip((p[0] for p in paragraphs), nlp.pipe((p[1] for p in paragraphs), disable=["ner", "lemmatizer"]))):
        claim = item["claim"]
        span = [token for token in parsed if claim.start <= offset + token.idx < claim.end and not token.is_space]
        item["lenient"] = bool(is_fragment(span, lenient=True, rereadings=True))
    return [
        {
            "claim": item["claim"].id,
            "why": item["why"],
            "lenient": item["lenient"],
            "part_of_sentence": (item["claim"].start, item["claim"].end) != (item["claim"].sentence_start, item["claim"].sentence_end),
            "text": item["claim"].text,
        }
        for item in found
    ]


def _paragraph(text: str, claim) -> tuple[int, str]:
    start = text.rfind("\n", 0, claim.start) + 1
    end = text.find("\n", claim.end)
    end = len(text) if end < 0 else end
    return start, text[start:end]


def boilerplate_as_claims(story_documents, claims_by_doc) -> tuple[int, list[tuple[str, str]]]:
    gold = [json.loads(line) for line in (NEWSDEV / "boilerplate.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    found = []
    for item in gold:
        document = story_documents[item["story"]][item["doc"]]
        lines = document.text.split("\n")
        if item["line"] not in lines:
            continue
        start = document.text.find(item["line"])
        while start >= 0:
            end = start + len(item["line"])
            if (start == 0 or document.text[start - 1] == "\n") and (end == len(document.text) or document.text[end] == "\n"):
                if any(claim.start < end and start < claim.end for claim in claims_by_doc[(item["story"], item["doc"])]):
                    found.append((f"{item['story']}/{item['doc']}", item["line"]))
                    break
            start = document.text.find(item["line"], start + 1)
    return len(gold), found


def gold_sentences_missed(story_documents, claims_by_doc, nlp) -> tuple[int, list[tuple[str, str, str]]]:
    """Gold sentences not covered at their main clause by one claim: (where, why, sentence)."""
    sentences = set()
    for line in (NEWSDEV / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            pair = json.loads(line)
            sentences.add((pair["story"], pair["a_doc"], pair["a"]))
            sentences.add((pair["story"], pair["b_doc"], pair["b"]))
    ordered = sorted(sentences)
    missed = []
    for (story, doc, sentence), parsed in zip(ordered, nlp.pipe((s for _, _, s in ordered), disable=["ner", "lemmatizer"])):
        text = story_documents[story][doc].text
        offset = text.find(sentence)
        if offset < 0:
            missed.append((f"{story}/{doc}", "lost from the cleaned text", sentence))
            continue
        roots = [token for token in parsed if token.dep_ == "ROOT"]
        needed = [token for root in roots for token in (root, *(c for c in root.children if c.dep_ in SUBJECTS))]
        spans = [(offset + token.idx, offset + token.idx + len(token.text)) for token in needed]
        doc_claims = claims_by_doc[(story, doc)]
        if not any(all(claim.start <= a and b <= claim.end for a, b in spans) for claim in doc_claims):
            overlapping = [claim for claim in doc_claims if claim.start < offset + len(sentence) and offset < claim.end]
            why = "split: no claim holds its root and subject" if overlapping else "lost: no claim overlaps it"
            missed.append((f"{story}/{doc}", why, sentence))
    return len(ordered), missed


def abbreviation_splits(documents, claims, nlp) -> list[tuple[str, str, str]]:
    """Adjacent claims of one line where the first ends in an abbreviation and the cut looks wrong."""
    texts = {document.id: document.text for document in documents}
    candidates = []
    for previous, claim in zip(claims, claims[1:]):
        if previous.doc_id != claim.doc_id or previous.headline or claim.headline:
            continue
        gap = texts[claim.doc_id][previous.end : claim.start]
        if "\n" in gap:
            continue
        last_word = previous.text.rsplit(None, 1)[-1].lstrip("(\"“'‘")
        if not last_word.endswith("."):
            continue
        stem = last_word[:-1].lower()
        if stem in TITLE_ABBREVIATIONS:
            candidates.append((previous, claim, True))
        elif OTHER_ABBREVIATION.fullmatch(last_word):
            candidates.append((previous, claim, False))
    found = []
    parsed = list(nlp.pipe((text for p, c, _ in candidates for text in (p.text, c.text)), disable=["ner", "lemmatizer"]))
    for index, (previous, claim, always_wrong) in enumerate(candidates):
        before_number = claim.text[:1].isdigit()  # "on Nov." | "26 ...": a date cut in two
        if always_wrong or before_number or is_fragment(parsed[2 * index], lenient=True) or is_fragment(parsed[2 * index + 1], lenient=True):
            found.append((previous.id, previous.text, claim.text))
    return found


def measure(name: str, document_sets, nlp, *, gold: bool) -> dict:
    all_claims, all_documents = [], []
    story_documents: dict[str, dict] = {}
    claims_by_doc: dict[tuple[str, str], list] = defaultdict(list)
    abbreviation = []
    non_claims = []
    seconds = 0.0
    for set_name, documents in document_sets:
        started = time.process_time()
        found, set_aside = extract(documents)
        seconds += time.process_time() - started
        non_claims.extend(set_aside)
        all_claims.extend(found)
        all_documents.extend(documents)
        story_documents[set_name] = {document.id: document for document in documents}
        for claim in found:
            claims_by_doc[(set_name, claim.doc_id)].append(claim)
        abbreviation.extend(abbreviation_splits(documents, found, nlp))
    body = [claim for claim in all_claims if not claim.headline]
    fragment_list = fragments(all_claims, all_documents, nlp)
    lenient = [item for item in fragment_list if item["lenient"]]
    result = {
        "corpus": name,
        "documents": len(all_documents),
        "claims": len(all_claims),
        "non_headline_claims": len(body),
        "sentence_parts": sum(1 for claim in body if (claim.start, claim.end) != (claim.sentence_start, claim.sentence_end)),
        "fragments": len(fragment_list),
        "fragment_share": round(len(fragment_list) / max(1, len(body)), 4),
        "fragments_lenient": len(lenient),
        "fragment_share_lenient": round(len(lenient) / max(1, len(body)), 4),
        "fragments_cut_by_stage": sum(1 for item in lenient if item["part_of_sentence"]),
        "abbreviation_splits": len(abbreviation),
        "words": sum(len(document.text.split()) for document in all_documents),
        "claims_stage_cpu_s": round(seconds, 2),
        "fragment_list": fragment_list,
        "abbreviation_split_list": [{"claim": c, "left": left, "right": right} for c, left, right in abbreviation],
        "non_claims": len(non_claims),
        "non_claim_list": [{"claim": sentence.id, "text": sentence.text} for sentence in non_claims],
    }
    if gold:
        total_boilerplate, boilerplate = boilerplate_as_claims(story_documents, claims_by_doc)
        total_gold, missed = gold_sentences_missed(story_documents, claims_by_doc, nlp)
        result.update(
            boilerplate_lines=total_boilerplate,
            boilerplate_as_claims=len(boilerplate),
            gold_sentences=total_gold,
            gold_sentences_missed=len(missed),
            boilerplate_list=[{"doc": d, "line": line} for d, line in boilerplate],
            gold_missed_list=[{"doc": d, "why": why, "sentence": s} for d, why, s in missed],
        )
    return result


def print_details(result: dict) -> None:
    corpus = result["corpus"]
    for item in result.get("boilerplate_list", []):
        print(f"[{corpus}] boilerplate claim  {item['doc']}: {item['line']}")
    for item in result.get("gold_missed_list", []):
        print(f"[{corpus}] gold missed ({item['why']})  {item['doc']}: {item['sentence']}")
    for item in result["fragment_list"]:
        kind = "fragment" if item["lenient"] else "fragment (strict only: a tagger confusion, or a misreading out of context)"
        part = ", part of a sentence" if item["part_of_sentence"] else ""
        print(f"[{corpus}] {kind} ({item['why']}{part})  {item['claim']}: {item['text']}")
    for item in result["abbreviation_split_list"]:
        print(f"[{corpus}] abbreviation split  {item['claim']}: {item['left']!r} | {item['right']!r}")
    for item in result.get("non_claim_list", []):
        print(f"[{corpus}] non-claim (set aside, states nothing)  {item['claim']}: {item['text']}")


def print_table(results: list[dict]) -> None:
    print()
    print(
        "| corpus | docs | claims | (a) boilerplate as claims | (b) gold sentences lost/split "
        "| (c) fragments, strict | (c) fragments, lenient | of which cut by the stage | (d) abbreviation splits | (e) non-claims set aside |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        a = f"{r['boilerplate_as_claims']} of {r['boilerplate_lines']}" if "boilerplate_lines" in r else "n/a"
        b = f"{r['gold_sentences_missed']} of {r['gold_sentences']}" if "gold_sentences" in r else "n/a"
        c = f"{r['fragments']} of {r['non_headline_claims']} ({100 * r['fragment_share']:.1f}%)"
        lenient = f"{r['fragments_lenient']} ({100 * r['fragment_share_lenient']:.1f}%)"
        cut = f"{r['fragments_cut_by_stage']} of {r['sentence_parts']} sentence parts"
        print(f"| {r['corpus']} | {r['documents']} | {r['claims']} | {a} | {b} | {c} | {lenient} | {cut} | {r['abbreviation_splits']} | {r.get('non_claims', 0)} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures and every listed item here")
    parser.add_argument("--quiet", action="store_true", help="print the table only, not the items")
    parser.add_argument("--real-news", type=int, default=100, metavar="N", help="also measure the first N FNC-1 train bodies (0: skip)")
    args = parser.parse_args(argv)
    started = time.process_time()
    nlp = english()
    load_seconds = time.process_time() - started
    results = [
        measure("newsdev (dev)", load_newsdev(), nlp, gold=True),
        measure("seeds", [("seeds", load_documents([str(SEEDS)], max_bytes=MAX_BYTES))], nlp, gold=False),
    ]
    if args.real_news:
        results.append(measure(f"FNC-1 train, first {args.real_news} bodies", load_real_news(args.real_news), nlp, gold=False))
    if not args.quiet:
        for result in results:
            print_details(result)
    print_table(results)
    print()
    print(f"spaCy load: {load_seconds:.2f} CPU-s. Claims stage (after the load), CPU-s: " + "; ".join(f"{r['corpus']} {r['claims_stage_cpu_s']:.2f} ({r['words']} words)" for r in results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
