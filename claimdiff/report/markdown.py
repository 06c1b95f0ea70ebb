"""A compact Markdown summary, sized for a pull-request comment.

Article text is escaped so that it cannot open a table cell, a link, an HTML tag or a heading
in the comment it is pasted into, and long claims are shortened so the comment stays readable.
"""

from __future__ import annotations

from claimdiff.model import Comparison, Label
from claimdiff.report.view import LABEL_ORDER, ReportView
from claimdiff.report.wording import MAX_CLAIM_CHARS, markdown_escape, markdown_word_diff, shorten

MAX_CONFLICTS = 20
MAX_CONTRADICTIONS = 20
MAX_DIVERGENCES = 10
MAX_SPIN_PER_SOURCE = 5

__all__ = ["md_escape", "render_markdown", "shorten"]


def md_escape(text: str, limit: int | None = MAX_CLAIM_CHARS) -> str:
    """One line of literal text, shortened to `limit` (the escaping is check's too: report.wording)."""
    return markdown_escape(text, limit)


def render_markdown(comparison: Comparison) -> str:
    view = ReportView(comparison)
    figures = view.figures
    counts = view.label_counts
    tag = view.tags

    def source(doc_id: str) -> str:
        return f"**{tag.get(doc_id, '?')}** {md_escape(view.doc_label(doc_id), 80)}"

    lines = [
        f"## claimdiff: {figures.documents} sources, {figures.claims} claims",
        "",
        "**Sources:** " + " · ".join(source(doc.id) for doc in view.documents),
        "",
        *[f"_Skipped:_ {md_escape(skipped.reason, 200)}" for skipped in comparison.skipped],
        *([""] if comparison.skipped else []),
        "| | pairs |",
        "|---|---:|",
        *(f"| {label.value}{' (dropped)' if label is Label.UNRELATED else ''} | {counts[label]} |" for label in LABEL_ORDER),
        "",
        *(["_Related_ pairs are about the same event but neither support nor dispute each other; they never count as agreement.", ""] if counts[Label.RELATED] else []),
        f"Fact conflicts: {figures.conflicts} · derived sources: {figures.derived_documents} · "
        f"corroborated claims: {figures.corroborated_claims} of {figures.shared_claims} shared (2+ independent groups) · "
        f"unique claims: {figures.unique_claims}",
        "",
        "### Fact conflicts and misquotes",
        "",
    ]
    if not view.conflicts:
        lines.append("None found.")
    for number, conflict in enumerate(view.conflicts[:MAX_CONFLICTS], start=1):
        a, b = view.claim(conflict.a), view.claim(conflict.b)
        lines += [
            f"{number}. **{md_escape(conflict.kind, 40)}** · {md_escape(conflict.subject, 120)}: "
            f"**{tag[a.doc_id]}** “{md_escape(conflict.a_value, 120)}” vs **{tag[b.doc_id]}** “{md_escape(conflict.b_value, 120)}”",
            f"   - **{tag[a.doc_id]}**: {md_escape(a.text)}",
            f"   - **{tag[b.doc_id]}**: {md_escape(b.text)}",
        ]
        if conflict.diff:
            lines.append(f"   - quote diff: {markdown_word_diff(conflict.diff)}")
        if conflict.explanation:
            lines.append(f"   - _{md_escape(conflict.explanation, 200)}_")
    hidden = len(view.conflicts) - MAX_CONFLICTS
    if hidden > 0:
        lines.append(f"\n…and {hidden} more in the HTML report.")

    for title, found, limit in (("Contradictions", view.contradictions, MAX_CONTRADICTIONS), ("Divergences", view.divergences, MAX_DIVERGENCES)):
        lines += ["", f"### {title}", ""]
        if not found:
            lines.append("None found.")
        for number, pair in enumerate(found[:limit], start=1):
            a, b = view.claim(pair.a), view.claim(pair.b)
            independent = view.independent(pair) if Label(pair.label) is Label.CONTRADICTION else None
            note = "" if independent is None else (" · independent sources" if independent else " · same source group")
            kinds = sorted({c.kind for c in view.conflicts_of(pair)})
            derived = "".join(f" · {tag[d]} derived from {tag[view.derived_from[d]]}" for d in dict.fromkeys((a.doc_id, b.doc_id)) if d in view.derived_from)
            lines += [
                f"{number}. confidence {float(pair.confidence):.2f}{note}{' · ' + ', '.join(kinds) if kinds else ''}{derived}",
                f"   - **{tag[a.doc_id]}**: {md_escape(a.text)}",
                f"   - **{tag[b.doc_id]}**: {md_escape(b.text)}",
            ]
            if pair.explanation:
                lines.append(f"   - _{md_escape(pair.explanation, 200)}_")
        if len(found) > limit:
            lines.append(f"\n…and {len(found) - limit} more in the HTML report.")

    lines += ["", "### Derived sources", ""]
    if not view.derived_from and not view.derived_relations:
        lines.append("None: every source counts on its own.")
    shares = {}
    for relation in view.derived_relations:
        shares[(relation.a, relation.b)] = shares[(relation.b, relation.a)] = relation
    for copy, original in view.derived_from.items():
        relation = shares.get((copy, original))
        detail = f" ({md_escape(relation.verdict)}, {100 * float(relation.shared_share):.0f}% of claims shared)" if relation else ""
        lines.append(f"- {source(copy)} is derived from {source(original)}{detail}")
    for relation in view.derived_relations:
        if relation.a not in view.derived_from and relation.b not in view.derived_from:
            lines.append(f"- {source(relation.a)} and {source(relation.b)}: {md_escape(relation.verdict)} ({100 * float(relation.shared_share):.0f}% of claims shared)")

    lines += ["", "### Spin warnings", ""]
    if not view.spin:
        lines.append("None.")
    for doc in view.documents:
        found = [finding for finding in view.spin if finding.doc_id == doc.id]
        if not found:
            continue
        spun = " (spun)" if doc.id in view.spun_documents else ""
        lines.append(f"- **{tag[doc.id]}**{spun}, {len(found)} suspect phrase{'' if len(found) == 1 else 's'}:")
        for finding in found[:MAX_SPIN_PER_SOURCE]:
            lines.append(f"  - “{md_escape(finding.phrase, 80)}” (likely “{md_escape(finding.likely_original, 80)}”)")
        if len(found) > MAX_SPIN_PER_SOURCE:
            lines.append(f"  - …and {len(found) - MAX_SPIN_PER_SOURCE} more in the HTML report")
    return "\n".join(lines).rstrip() + "\n"
