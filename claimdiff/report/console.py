"""The one-screen summary `claimdiff compare` prints on stderr (stdout stays free for pipes).

Article text goes into rich as Text objects, never as markup, so a "[bold]" or "[/]" in an
article is printed as written instead of restyling the terminal or crashing the markup parser.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimdiff.model import Comparison, Label
from claimdiff.report.view import LABEL_ORDER, ReportView
from claimdiff.report.wording import excerpt, located, shorten

TOP_CONTRADICTIONS = 3  # and as many divergences
EXCERPT_CHARS = 110
TOP_CONFLICTS = 3
LABEL_STYLES = {
    Label.CONTRADICTION: "bold red",
    Label.DIVERGENCE: "yellow",
    Label.AGREEMENT: "green",
    Label.PARAPHRASE: "blue",
    Label.RELATED: "dim",
    Label.UNRELATED: "dim",
}


def print_summary(comparison: Comparison, outputs: Sequence[str | os.PathLike], *, console: Console | None = None) -> None:
    console = console or Console(stderr=True, highlight=False)
    view = ReportView(comparison)
    tag = view.tags

    figures = view.figures
    console.print(
        Text.assemble(
            ("claimdiff ", "bold"),
            f"{figures.documents} sources, {figures.claims} claims, {figures.unique_claims} unique, "
            f"{figures.corroborated_claims} of {figures.shared_claims} shared claims corroborated",
        )
    )
    legend = "  ".join(f"[{tag[doc.id]}] {shorten(view.doc_label(doc.id), 40)}" for doc in view.documents)
    console.print(Text(legend, style="dim"))  # the letters are explained before anything uses them
    for skipped in comparison.skipped:
        console.print(Text(f"skipped: {skipped.reason}", style="yellow"))
    counts = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    labels = list(LABEL_ORDER)
    for left, right in zip(labels[0::2], labels[1::2]):  # two labels a row: the summary stays one screen
        counts.add_row(*(cell for label in (left, right) for cell in (Text(label.value, style=LABEL_STYLES[label]), Text(str(view.label_counts[label]), justify="right"))))
    counts.add_row(Text("fact conflicts", style="bold red" if figures.conflicts else ""), Text(str(figures.conflicts), justify="right"))
    console.print(counts)

    if view.conflicts:
        console.print(Text("Fact conflicts", style="bold"))
        for conflict in view.conflicts[:TOP_CONFLICTS]:
            a, b = view.claim(conflict.a), view.claim(conflict.b)
            console.print(
                Text.assemble(
                    f" {conflict.kind}: ",
                    shorten(conflict.subject, 50),
                    " — ",
                    (f"[{tag[a.doc_id]}] ", "bold"),
                    shorten(conflict.a_value, 40),
                    " vs ",
                    (f"[{tag[b.doc_id]}] ", "bold"),
                    shorten(conflict.b_value, 40),
                )
            )
        more = len(view.conflicts) - TOP_CONFLICTS
        if more > 0:
            console.print(Text(f"    …and {more} more", style="dim"))

    for title, found in (("Top contradictions", view.contradictions), ("Top divergences", view.divergences)):
        if not found:
            continue
        console.print(Text(title, style="bold"))
        for number, pair in enumerate(found[:TOP_CONTRADICTIONS], start=1):
            a, b = view.claim(pair.a), view.claim(pair.b)
            first = pair.evidence[0] if pair.evidence else None
            a_span = located(a.text, first.a_span, first.a_text) if first else None
            b_span = located(b.text, first.b_span, first.b_text) if first else None
            width = max(40, min(EXCERPT_CHARS, console.width - 20))  # one line each, even in an 80-column terminal
            console.print(Text.assemble(f" {number}. ", (f"[{tag[a.doc_id]}] ", "bold"), excerpt(a.text, a_span, width)))
            console.print(Text.assemble("    vs ", (f"[{tag[b.doc_id]}] ", "bold"), excerpt(b.text, b_span, width), (f"  ({float(pair.confidence):.2f})", "dim")))
        more = len(found) - TOP_CONTRADICTIONS
        if more > 0:
            console.print(Text(f"    …and {more} more", style="dim"))

    shares = {}
    for relation in view.derived_relations:
        shares[(relation.a, relation.b)] = shares[(relation.b, relation.a)] = relation
    for copy, original in view.derived_from.items():
        relation = shares.get((copy, original))
        detail = f" ({relation.verdict}, {100 * float(relation.shared_share):.0f}% shared)" if relation else ""
        console.print(Text.assemble(("derived: ", "yellow"), f"[{tag.get(copy, '?')}] is derived from [{tag.get(original, '?')}]", detail))
    for relation in view.derived_relations:
        if relation.a not in view.derived_from and relation.b not in view.derived_from:
            line = f"[{tag.get(relation.a, '?')}] and [{tag.get(relation.b, '?')}] share material ({relation.verdict})"
            console.print(Text.assemble(("derived: ", "yellow"), line, f" ({100 * float(relation.shared_share):.0f}% shared)"))
    for doc_id in view.spun_documents:
        found = sum(1 for finding in view.spin if finding.doc_id == doc_id)
        console.print(Text.assemble(("spin: ", "yellow"), f"[{tag.get(doc_id, '?')}] {shorten(view.doc_label(doc_id), 60)}: {found} suspect phrase(s)"))

    if outputs:
        console.print(Text.assemble(("wrote ", "bold"), ", ".join(str(path) for path in outputs)))
