"""`claimdiff check` for a terminal or a log: compiler-style lines, one summary line when clean.

The summary line and the stale-baseline notes are shared by the other check formats.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimdiff.gate import KINDS, CheckResult, Finding, Place
from claimdiff.report.wording import KIND_NOUNS, finding_title, one_line, plural


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    return {kind: sum(1 for f in findings if f.kind == kind) for kind in KINDS}


def summary_line(result: CheckResult) -> str:
    scope = (
        f"{plural(len(result.files), 'file')}, {plural(result.claims, 'claim')} checked against "
        f"{plural(result.corpus['documents'], 'document')} ({plural(result.corpus['claims'], 'claim')})"
    )
    found_counts = counts(result.findings)
    found = ", ".join(plural(found_counts[k], KIND_NOUNS[k]) for k in KINDS if found_counts[k])
    extra = f"; {len(result.suppressed)} suppressed by the baseline" if result.suppressed else ""
    if not result.failing:
        verdict = f"clean (nothing at or above --fail-on {result.options.fail_on})" if result.options.fail_on != "never" else "clean (--fail-on never)"
        return f"claimdiff check: {verdict}: {scope}{'; ' + found if found else ''}{extra}"
    return f"claimdiff check: {plural(len(result.failing), 'finding')} at or above --fail-on {result.options.fail_on} ({found}): {scope}{extra}"


def where(place: Place) -> str:
    return f"{place.file}:{place.span.line}:{place.span.column}"


def also(f: Finding) -> str:
    """Where else the corpus says the corpus claim word for word."""
    return "the same words also at " + ", ".join(where(place) for place in f.also)


def stale_notes(result: CheckResult) -> list[str]:
    return [f"note: baseline suppression {s.fingerprint[:12]} ({s.kind}: {one_line(s.claim)[:80]}) no longer matches; remove it from the baseline" for s in result.stale]


def render(result: CheckResult) -> str:
    """Compiler-style lines; just the summary when there is nothing to show."""
    lines = []
    for f in result.findings:
        head = f"{where(f.new)}: {f.level}: {finding_title(f.kind, f.label, f.rule)} ({f.confidence:.2f})"
        if f.other:
            head += f" with {where(f.other)}"
        lines.append(head)
        lines.append(f"    new:    {one_line(f.new.claim)}")
        if f.other:
            lines.append(f"    corpus: {one_line(f.other.claim)}")
        if f.also:
            lines.append(f"    copies: {also(f)}")
        lines.append(f"    why:    {f.explanation}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
