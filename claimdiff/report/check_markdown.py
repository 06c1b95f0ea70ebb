"""`claimdiff check --format markdown`: a pull-request comment or a job summary; one line when clean.

Article text is escaped by the same rule as compare's Markdown (report.wording.markdown_escape), and
a misquote shows its word diff as compare's does (~~new only~~ **corpus only**).
"""

from __future__ import annotations

from claimdiff.gate import CheckResult
from claimdiff.report.check_text import also, stale_notes, summary_line, where
from claimdiff.report.wording import finding_title, markdown_escape, markdown_word_diff

ICONS = {"error": "❌", "warning": "⚠️", "note": "ℹ️"}


def render(result: CheckResult) -> str:
    """One line when clean, else a table and the reasons."""
    summary = markdown_escape(summary_line(result).removeprefix("claimdiff check: "))
    if not result.findings and not result.stale:
        return f"**claimdiff check**: {summary}\n"
    lines = ["### claimdiff check", "", summary, ""]
    if result.findings:
        lines += ["| | New claim | Corpus claim | Confidence | Why |", "|---|---|---|---|---|"]
        for f in result.findings:
            new = f"{markdown_escape(f.new.claim)}<br>`{where(f.new).replace('`', '')}`"
            other = f"{markdown_escape(f.other.claim)}<br>`{where(f.other).replace('`', '')}`" if f.other else "—"
            if f.also:
                other += f"<br>{markdown_escape(also(f))}"
            why = markdown_escape(f.explanation) + (f"<br>quote diff (~~new~~ **corpus**): {markdown_word_diff(f.diff)}" if f.diff else "")
            lines.append(f"| {ICONS[f.level]} {markdown_escape(finding_title(f.kind, f.label, f.rule))} | {new} | {other} | {f.confidence:.2f} | {why} |")
        lines.append("")
    for note in stale_notes(result):
        lines.append(f"- {markdown_escape(note)}")
    return "\n".join(lines).rstrip("\n") + "\n"
