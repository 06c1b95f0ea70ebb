"""The versioned JSON result: the machine-readable twin of the HTML report.

Byte-identical for identical input and models, so a CI gate can diff it and a cache can hash it:
keys sorted, floats rounded to 4 decimals, no timestamps, nothing from the environment except
the source paths exactly as the user gave them. claimdiff/schema/claimdiff-result.schema.json
describes it; bump SCHEMA_VERSION whenever a consumer would need to change.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from enum import Enum
from pathlib import Path, PurePath

import numpy as np

import claimdiff
from claimdiff.model import Comparison, Conflict, Fact, JudgedPair, Label, Slot
from claimdiff.report.view import LABEL_ORDER, ReportView

SCHEMA_NAME = "claimdiff/result"
SCHEMA_VERSION = 2  # 2: claims[].facts, conflicts, divergence/related labels, provenance.derived, summary figures
SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema" / "claimdiff-result.schema.json"
DECIMALS = 4
NLI_COLUMNS = ("entailment", "neutral", "contradiction")


MAX_MATRIX_DOCUMENTS = 100


def _number(value) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot write a non-finite number ({number}) into the result")
    rounded = round(number, DECIMALS)
    return 0.0 if rounded == 0 else rounded  # no "-0.0" that would differ from "0.0"


def canonical(value):
    """Plain JSON types with rounded floats, whatever numpy or enum types an earlier stage used."""
    if isinstance(value, Enum):
        return canonical(value.value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _number(value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [canonical(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(canonical(item) for item in value)
    return value


def _scores(triple) -> dict[str, float]:
    values = [float(v) for v in triple]
    if len(values) != 3:
        raise ValueError(f"NLI scores need 3 columns {NLI_COLUMNS}, got {len(values)}")
    return dict(zip(NLI_COLUMNS, values))


def _pair(view: ReportView, pair: JudgedPair) -> dict:
    return {
        "a": pair.a,
        "b": pair.b,
        "doc_a": view.claim(pair.a).doc_id,
        "doc_b": view.claim(pair.b).doc_id,
        "label": Label(pair.label).value,
        "confidence": pair.confidence,
        "scores": {"forward": _scores(pair.nli.forward), "backward": _scores(pair.nli.backward)} if pair.nli else None,
        "cosine": pair.cosine,
        "lexical": pair.lexical,
        "evidence": [
            {"kind": e.kind, "a_text": e.a_text, "b_text": e.b_text, "a_span": list(e.a_span), "b_span": list(e.b_span)}
            for e in pair.evidence
        ],
        "explanation": pair.explanation,
        "independent": view.independent(pair) if Label(pair.label) is Label.CONTRADICTION else None,
    }


def _span(span) -> list[int] | None:
    return None if span is None else [int(span[0]), int(span[1])]


def _slot(slot: Slot) -> dict:
    return {
        "kind": slot.kind,
        "text": slot.text,
        "span": _span(slot.span),
        "value": slot.value,
        "low": None if slot.low is None or not math.isfinite(slot.low) else slot.low,
        "high": None if slot.high is None or not math.isfinite(slot.high) else slot.high,
        "unit": slot.unit,
    }


def _fact(fact: Fact) -> dict:
    return {
        "actor": fact.actor,
        "predicate": fact.predicate,
        "polarity": fact.polarity,
        "modality": fact.modality,
        "speaker": fact.speaker,
        "actor_span": _span(fact.actor_span),
        "predicate_span": _span(fact.predicate_span),
        "slots": [_slot(slot) for slot in fact.slots],
        "quotes": [{"text": q.text, "span": _span(q.span), "speaker": q.speaker} for q in fact.quotes],
    }


def _conflict(view: ReportView, conflict: Conflict) -> dict:
    return {
        "kind": conflict.kind,
        "a": conflict.a,
        "b": conflict.b,
        "doc_a": view.claim(conflict.a).doc_id,
        "doc_b": view.claim(conflict.b).doc_id,
        "a_value": conflict.a_value,
        "b_value": conflict.b_value,
        "a_span": _span(conflict.a_span),
        "b_span": _span(conflict.b_span),
        "subject": conflict.subject,
        "explanation": conflict.explanation,
        "diff": [[op, words] for op, words in conflict.diff],
    }


def result_dict(comparison: Comparison) -> dict:
    """The result as plain data, before rounding and serialisation (also handy for tests)."""
    view = ReportView(comparison)
    figures = view.figures
    provenance = comparison.provenance
    non_claim_counts = Counter(sentence.doc_id for sentence in comparison.non_claims)
    return {
        "schema": SCHEMA_NAME,
        "version": SCHEMA_VERSION,
        "generator": {"name": "claimdiff", "version": claimdiff.__version__},
        "summary": {
            "documents": figures.documents,
            "claims": figures.claims,
            "unique_claims": figures.unique_claims,
            "pairs": {label.value: view.label_counts[label] for label in LABEL_ORDER},
            "aligned_pairs": figures.aligned_pairs,
            "independent_contradictions": figures.independent_contradictions,
            "clusters": figures.shared_claims,
            "corroborated_claims": figures.corroborated_claims,
            "conflicts": figures.conflicts,
            "derived_relations": len(view.derived_relations),
            "derived_documents": figures.derived_documents,
            "spun_documents": figures.spun_documents,
        },
        "documents": [
            {
                "id": doc.id,
                "source": doc.source,
                "title": doc.title,
                "date": doc.date,
                "length": len(doc.text),
                "claims": len(view.claims_of(doc.id)),
                "non_claims": non_claim_counts[doc.id],
            }
            for doc in view.documents
        ],
        "non_claims": [
            {"id": sentence.id, "doc_id": sentence.doc_id, "index": sentence.index, "text": sentence.text, "span": [sentence.start, sentence.end]}
            for sentence in comparison.non_claims
        ],
        "claims": [
            {
                "id": claim.id,
                "doc_id": claim.doc_id,
                "index": claim.index,
                "text": claim.text,
                "span": [claim.start, claim.end],
                "sentence_span": [claim.sentence_start, claim.sentence_end],
                "headline": claim.headline,
                "question": claim.question,
                "unique": claim.id in view.unique_claims,
                "cluster": view.cluster_of.get(claim.id),
                "facts": [_fact(fact) for fact in view.facts_by_claim.get(claim.id, ())],
            }
            for claim in view.claims
        ],
        "skipped": [{"source": skipped.source, "reason": skipped.reason} for skipped in comparison.skipped],
        "pairs": [_pair(view, pair) for pair in view.pairs],
        "conflicts": [_conflict(view, conflict) for conflict in view.conflicts],
        "clusters": [
            {"id": c.id, "claim_ids": list(c.claim_ids), "doc_ids": list(c.doc_ids), "support": view.support(c)}
            for c in view.clusters
        ],
        "provenance": {
            "relations": [
                {
                    "a": r.a,
                    "b": r.b,
                    "verdict": r.verdict,
                    "original": r.original,
                    "direction_reason": r.direction_reason,
                    "shared_share": r.shared_share,
                    "monotonicity": r.monotonicity,
                    "matched_claims": r.matched_claims,
                    "evidence": [list(example) for example in r.evidence],
                }
                for r in view.relations
            ],
            "spin": [
                {
                    "doc_id": s.doc_id,
                    "phrase": s.phrase,
                    "likely_original": s.likely_original,
                    "span": [s.start, s.end],
                    "method": s.method,
                }
                for s in view.spin
            ],
            "spun_documents": view.spun_documents,
            "source_groups": view.source_groups,
            "contradiction_independence": dict(provenance.contradiction_independent),
            "spin_density": dict(provenance.spin_density),
            "derived": view.derived_from,
        },
        "sources": [
            {
                "doc_id": s.doc_id,
                "claims": s.claims,
                "unique_claims": s.unique_claims,
                "paraphrases": s.paraphrases,
                "agreements": s.agreements,
                "contradictions": s.contradictions,
                "divergences": s.divergences,
            }
            for s in view.source_stats
        ],
        # A dense documents x documents grid for up to MAX_MATRIX_DOCUMENTS; past that it would be
        # most of the file (a million cells at 1,000 documents) and `pairs` holds the same facts.
        "matrix": {
            "documents": [doc.id for doc in view.documents],
            "aligned_share": view.aligned_share if len(view.documents) <= MAX_MATRIX_DOCUMENTS else None,
            "contradictions": view.contradiction_counts if len(view.documents) <= MAX_MATRIX_DOCUMENTS else None,
        },
        "settings": comparison.settings,
    }


def to_json(comparison: Comparison) -> str:
    return json.dumps(canonical(result_dict(comparison)), sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
