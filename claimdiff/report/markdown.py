"""A compact Markdown summary, sized for a pull-request comment.

Article text is escaped so that it cannot open a table cell, a link, an HTML tag or a heading
in the comment it is pasted into, and long claims are shortened so the comment stays readable.
"""

from __future__ import annotations

from claimdiff.model import Comparison, Label
from claimdiff.report.view import ReportView
from claimdiff.report.wording import MAX_CLAIM_CHARS, markdown_escape, shorten

MAX_CONTRADICTIONS = 20

__all__ = ["md_escape", "render_markdown", "shorten"]


def md_escape(text: str, limit: int | None = MAX_CLAIM_CHARS) -> str:
    """One line of literal text, shortened to `limit` (the escaping is check's too: report.wording)."""
    return markdown_escape(text, limit)


def render_markdown(comparison: Comparison) -> str:
    view = ReportView(comparison)
    counts = view.label_counts
    tag = view.tags

    def source(doc_id: str) -> str:
        return f"**{tag.get(doc_id, '?')}** {md_escape(view.doc_label(doc_id), 80)}"

    lines = [
        f"## claimdiff: {len(view.documents)} sources, {len(view.claims)} claims",
        "",
        "| | pairs |",
        "|---|---:|",
        f"| contradiction | {counts[Label.CONTRADICTION]} |",
        f"| agreement | {counts[Label.AGREEMENT]} |",
        f"| paraphrase | {counts[Label.PARAPHRASE]} |",
        f"| unrelated (dropped) | {counts[Label.UNRELATED]} |",
        "",
        f"Unique claims: {len(view.unique_claims)} · corroborated claims (2+ independent groups): "
        f"{sum(1 for c in view.clusters if view.support(c) >= 2)}",
        "",
        "**Sources:** " + " · ".join(source(doc.id) for doc in view.documents),
        "",
        "### Contradictions",
        "",
    ]
    if not view.contradictions:
        lines.append("None found.")
    for number, pair in enumerate(view.contradictions[:MAX_CONTRADICTIONS], start=1):
        a, b = view.claim(pair.a), view.claim(pair.b)
        independent = view.independent(pair)
        note = "" if independent is None else (" · independent sources" if independent else " · same source group")
        lines += [
            f"{number}. confidence {float(pair.confidence):.2f}{note}",
            f"   - **{tag[a.doc_id]}**: {md_escape(a.text)}",
            f"   - **{tag[b.doc_id]}**: {md_escape(b.text)}",
        ]
        if pair.explanation:
            lines.append(f"   - _{md_escape(pair.explanation, 200)}_")
    hidden = len(view.contradictions) - MAX_CONTRADICTIONS
    if hidden > 0:
        lines.append(f"\n…and {hidden} more in the HTML report.")

    lines += ["", "### Derived sources", ""]
    if not view.derived_relations:
        lines.append("None: every source counts on its own.")
    for relation in view.derived_relations:
        share = f"{100 * float(relation.shared_share):.0f}% of claims shared"
        if relation.original in (relation.a, relation.b):
            copy = relation.b if relation.original == relation.a else relation.a
            lines.append(f"- {source(copy)} is a {md_escape(relation.verdict)} of {source(relation.original)} ({share})")
        else:
            lines.append(f"- {source(relation.a)} and {source(relation.b)}: {md_escape(relation.verdict)} ({share})")

    lines += ["", "### Spin warnings", ""]
    if not view.spin:
        lines.append("None.")
    for finding in view.spin:
        lines.append(
            f"- **{tag.get(finding.doc_id, '?')}**: “{md_escape(finding.phrase, 80)}” "
            f"(likely “{md_escape(finding.likely_original, 80)}”)"
        )
    return "\n".join(lines).rstrip() + "\n"
