"""`claimdiff check --format github`: GitHub Actions workflow commands, one annotation per finding.

The annotation's command is the finding's level (error, warning, notice), so the run page shows
warnings as warnings; the job fails by the exit code, i.e. --fail-on.
"""

from __future__ import annotations

from claimdiff.gate import CheckResult
from claimdiff.report.check_text import also, stale_notes, summary_line, where
from claimdiff.report.wording import finding_title, github_data, github_property, one_line

COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}
_CLASHES = {"conflict", "misquote", "contradiction"}


def render(result: CheckResult) -> str:
    """Each finding becomes an annotation on the new file's line; the summary line closes the log."""
    lines = []
    for f in result.findings:
        props = {"file": f.new.file, "line": f.new.span.line, "col": f.new.span.column, "endLine": f.new.span.end_line, "endColumn": f.new.span.end_column, "title": f"claimdiff {finding_title(f.kind, f.label, f.rule)}"}
        message = one_line(f.new.claim)
        if f.other:
            clash = f.kind in _CLASHES and f.rule != "misquote_wording"  # other words for the same meaning contradict nothing
            message += f" — contradicts {where(f.other)}: {one_line(f.other.claim)}" if clash else f" — corpus {where(f.other)}: {one_line(f.other.claim)}"
        if f.also:
            message += f" ({also(f)})"
        message += f" ({f.explanation}; confidence {f.confidence:.2f})"
        encoded = ",".join(f"{key}={github_property(str(value))}" for key, value in props.items())
        lines.append(f"::{COMMANDS[f.level]} {encoded}::{github_data(message)}")
    for note in stale_notes(result):
        lines.append(f"::notice title=claimdiff baseline::{github_data(note)}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
