"""`claimdiff check --format sarif`: SARIF 2.1.0 for code scanning, one result per finding at the new claim.

Each level rule is a SARIF rule whose defaultConfiguration is its configured level; a result
carries its own level, so a warning shows as a warning and only errors block.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import claimdiff
from claimdiff.gate import LEVEL_RULES, CheckResult
from claimdiff.report.check_text import stale_notes
from claimdiff.report.wording import finding_title, one_line
from claimdiff.store import Span

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
RULES = {  # level rule -> (SARIF rule id, short description)
    "conflict": ("claimdiff/fact-conflict", "A fact in the new document (a date, number, role, status...) conflicts with the same fact in the corpus."),
    "loose_conflict": ("claimdiff/loose-fact-conflict", "A fact conflict between loosely related sentences, which in one story are often two events."),
    "misquote": ("claimdiff/misquote", "The new document quotes a speaker with other words than the corpus does, and the words that differ change what was said."),
    "misquote_wording": ("claimdiff/misquote-wording", "The new document quotes a speaker with other words than the corpus does, but only in word order, a function word, a filler, a contraction or a one-letter slip."),
    "contradiction": ("claimdiff/contradiction", "A claim in the new document contradicts a claim in the corpus, with checkable evidence: a differing date, number or fact."),
    "unbacked_contradiction": ("claimdiff/unbacked-contradiction", "The judge reads a contradiction with a corpus claim, without checkable evidence."),
    "divergence": ("claimdiff/divergence", "The new document portrays an actor the opposite way to the corpus, without a checkable clash."),
    "unique": ("claimdiff/unique-claim", "A claim in the new document that no corpus claim supports or contradicts."),
    "agreement": ("claimdiff/agreement", "A claim in the new document that a corpus claim states or supports."),
}
_SARIF_LEVEL = {"error": "error", "warning": "warning", "note": "note", "off": "none"}


def _uri(path: str) -> str:
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/")


def _region(span: Span, snippet: str) -> dict:
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column, "snippet": {"text": snippet}}


def render(result: CheckResult) -> str:
    """The corpus claim is a related location; the fingerprint a partial fingerprint; baseline entries are suppressions."""
    level_of = result.options.level_of
    order = list(LEVEL_RULES)
    rules = [{"id": RULES[r][0], "name": r, "shortDescription": {"text": RULES[r][1]}, "defaultConfiguration": {"level": _SARIF_LEVEL[level_of[r]]}} for r in order]
    results = []
    for f in (*result.findings, *result.suppressed):
        message = f"{finding_title(f.kind, f.label, f.rule)} ({f.confidence:.2f}): {one_line(f.new.claim)}"
        if f.other:
            message += f" — corpus {f.other.file}:{f.other.span.line}: {one_line(f.other.claim)}"
        message += f" [{f.explanation}]"
        item = {
            "ruleId": RULES[f.rule][0],
            "ruleIndex": order.index(f.rule),
            "level": f.level,
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.new.file)}, "region": _region(f.new.span, f.new.claim)}}],
            "partialFingerprints": {"claimdiff/v1": f.fingerprint},
            "properties": {"confidence": f.confidence, "cosine": f.cosine, "label": f.label, "kind": f.kind},
        }
        if f.other:
            item["relatedLocations"] = [
                {"id": number, "message": {"text": one_line(place.claim)}, "physicalLocation": {"artifactLocation": {"uri": _uri(place.file)}, "region": _region(place.span, place.claim)}}
                for number, place in enumerate((f.other, *f.also), 1)
            ]
        if f.suppressed:
            item["suppressions"] = [{"kind": "external", "justification": "accepted in the claimdiff baseline"}]
        results.append(item)
    notifications = [{"level": "note", "message": {"text": note}} for note in stale_notes(result)]
    run = {
        "tool": {"driver": {"name": "claimdiff", "version": claimdiff.__version__, "semanticVersion": claimdiff.__version__, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True, "exitCode": result.exit_code, "toolExecutionNotifications": notifications}],
        "results": results,
    }
    return json.dumps({"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
