"""`claimdiff check --format json`: versioned, and byte-identical for the same input, store and models.

Version 2 (this one): findings of kinds conflict, misquote and divergence; each finding's level
comes from its level `rule` ([check.levels]) and a conflict carries its `subject`; the summary
counts every kind and each level; options record `levels` and `fail_on` as a level (the
backed_min_* settings went with the judge's NLI-only contradictions, so options no longer hold them).
Added within version 2: the rule `misquote_wording` (a misquote that changes no meaning) and each
finding's `diff`, a misquote's word diff new -> corpus ("=" both, "-" new only, "+" corpus only; empty
for other kinds), and `also`, further corpus places of the corpus claim's very words (copies folded
into the finding).
"""

from __future__ import annotations

import json

import claimdiff
from claimdiff.gate import LEVELS, CheckResult, Finding, Place
from claimdiff.report.check_text import counts

CHECK_SCHEMA = "claimdiff/check"
CHECK_SCHEMA_VERSION = 2


def _place(p: Place | None) -> dict | None:
    if p is None:
        return None
    return {"file": p.file, "line": p.span.line, "column": p.span.column, "end_line": p.span.end_line, "end_column": p.span.end_column, "claim": p.claim, "claim_id": p.claim_id}


def finding_json(f: Finding) -> dict:
    return {
        "kind": f.kind,
        "level": f.level,
        "rule": f.rule,
        "label": f.label,
        "subject": f.subject,
        "confidence": f.confidence,
        "cosine": f.cosine,
        "new": _place(f.new),
        "corpus": _place(f.other),
        "explanation": f.explanation,
        "evidence": [{"kind": k, "new": a, "corpus": b} for k, a, b in f.evidence],
        "diff": [{"op": op, "words": words} for op, words in f.diff],
        "also": [_place(p) for p in f.also],
        "fingerprint": f.fingerprint,
        "suppressed": f.suppressed,
    }


def render(result: CheckResult) -> str:
    """Sorted keys, no times or machine-dependent values."""
    options = result.options
    document = {
        "schema": CHECK_SCHEMA,
        "schema_version": CHECK_SCHEMA_VERSION,
        "claimdiff_version": claimdiff.__version__,
        "files": list(result.files),
        "claims": result.claims,
        "restated_claims": result.restated,
        "corpus": result.corpus,
        "options": {
            "fail_on": options.fail_on,
            "min_confidence": options.min_confidence,
            "show": list(options.show),
            "neighbours": options.neighbours,
            "levels": dict(options.levels),
        },
        "settings": result.settings,
        "summary": {
            **counts(result.findings),
            "levels": {level: sum(1 for f in result.findings if f.level == level) for level in LEVELS},
            "suppressed": len(result.suppressed),
            "failing": len(result.failing),
            "exit_code": result.exit_code,
        },
        "findings": [finding_json(f) for f in result.findings],
        "suppressed": [finding_json(f) for f in result.suppressed],
        "stale_suppressions": [{"fingerprint": s.fingerprint, "kind": s.kind, "file": s.file, "claim": s.claim, "other": s.other} for s in result.stale],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
