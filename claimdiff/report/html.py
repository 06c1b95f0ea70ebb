"""The self-contained HTML report: one file a fact-checker can open offline, and that article
text cannot attack.

Article text is hostile input. It reaches the page only through Jinja2 with autoescaping on and
is highlighted by splitting it into segments here, never by inserting markup into it. The page
loads nothing (no fonts, images, styles or scripts from anywhere), and a Content-Security-Policy
allows only the one inline script whose sha256 is in the policy, so even markup that slipped
through escaping could not run.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

import claimdiff
from claimdiff.model import Claim, Comparison, Conflict, Evidence, JudgedPair, Label, SourceRelation
from claimdiff.report.view import DERIVED_VERDICTS, LABEL_ORDER, FactRow, ReportView
from claimdiff.report.wording import located

TEMPLATE = "report.html.j2"
SCRIPT = "report.js"
TAG_COLOURS = 10  # .tag-0 ... .tag-9 in report.css; sources beyond that reuse colours, never tags
SPIN_CONTEXT_CHARS = 90
MAX_LISTED_PAIRS_PER_LABEL = 500  # "All aligned pairs" lists the strongest of each label; the JSON has every pair
# The page leads with what a reviewer acts on and keeps long lists one click away: this many
# cards or rows are open, the rest sit behind a "show all" under the same count.
OPEN_CARDS = 5
OPEN_CLUSTERS = 5
OPEN_FACT_ROWS = 12
MAX_FACT_ROWS = 300
MAX_FACT_COLUMNS = 8  # past this many sources a fact row lists "A: value" lines instead of a column per source
# A comparison of a thousand articles must still give a page a browser opens: past these sizes the
# page shows the strongest or most connected part and says so; the JSON keeps everything.
MAX_LISTED_CONTRADICTIONS = 300
MAX_HEATMAP_SOURCES = 40
MAX_LISTED_CLUSTERS = 300
MAX_CLAIMS_PER_CLUSTER = 250
MAX_LISTED_CLAIMS = 5000  # "Claims by document": documents are listed in full until this many claims
MAX_LISTED_RELATIONS = 300
LABEL_FIGURES = {  # the Figures field that counts each label's pairs
    Label.CONTRADICTION: "contradictions",
    Label.DIVERGENCE: "divergences",
    Label.AGREEMENT: "agreements",
    Label.PARAPHRASE: "paraphrases",
    Label.RELATED: "related",
    Label.UNRELATED: "unrelated",
}


def template_dir() -> Path:
    """Inside the package in a wheel (pyproject force-includes templates/), the repo root when editable."""
    packaged = Path(claimdiff.__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(claimdiff.__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        autoescape=True,  # every template, whatever its file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def _script() -> tuple[str, str]:
    """The inline script and its CSP source expression; the hash covers its exact bytes."""
    text = (template_dir() / SCRIPT).read_text(encoding="utf-8")
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError(f"{SCRIPT} must not contain '</script' or '<!--': it is inlined into a <script> element")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"'sha256-{digest}'"


def content_security_policy(script_source: str) -> str:
    return "; ".join(
        (
            "default-src 'none'",
            "style-src 'unsafe-inline'",
            f"script-src {script_source}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


@dataclass(frozen=True)
class Segment:
    """A run of text, marked (with a tooltip and a kind for styling) or plain."""

    text: str
    mark: str | None = None  # tooltip; None means not highlighted
    kind: str = ""


def highlight(text: str, spans) -> list[Segment]:
    """Split text at the given (start, end, tooltip, kind) spans; overlapping or touching spans are merged.

    Spans come from other stages and may be out of range or overlap; they are clamped rather than
    trusted, so a bad span can shift a highlight but never break the page.
    """
    cleaned = []
    for start, end, tip, kind in spans:
        start, end = max(0, min(int(start), len(text))), max(0, min(int(end), len(text)))
        if end > start:
            cleaned.append([start, end, [tip], kind])
    cleaned.sort(key=lambda s: (s[0], s[1]))
    merged: list[list] = []
    for span in cleaned:
        if merged and span[0] <= merged[-1][1]:  # touching spans merge too: one mark, not two side by side
            last = merged[-1]
            last[1] = max(last[1], span[1])
            last[2] += [t for t in span[2] if t not in last[2]]
        else:
            merged.append(span)
    segments: list[Segment] = []
    position = 0
    for start, end, tips, kind in merged:
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], "; ".join(tips), kind))
        position = end
    if position < len(text) or not segments:
        segments.append(Segment(text[position:]))
    return segments


def _context_window(text: str, start: int, end: int, chars: int) -> tuple[int, int]:
    """About `chars` characters either side of a span, widened to whole words."""
    left, right = max(0, start - chars), min(len(text), end + chars)
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    while right < len(text) and not text[right].isspace():
        right += 1
    return left, right


def _evidence_tip(evidence: Evidence) -> str:
    """A highlight's tooltip; a one-sided difference (a negation only one claim has) names one side only."""
    if evidence.a_text and evidence.b_text:
        return f"{evidence.kind}: {evidence.a_text} ↔ {evidence.b_text}"
    return f"{evidence.kind}: “{evidence.a_text or evidence.b_text}” in one claim only"


def _percent(value: float) -> str:
    return f"{100 * float(value):.0f}%"


def _heat(share: float) -> tuple[str, str]:
    """Background and text colour for a heatmap cell: pale to deep blue as the share grows."""
    low, high = (239, 244, 250), (23, 62, 120)
    share = max(0.0, min(1.0, float(share)))
    rgb = tuple(round(lo + (hi - lo) * share) for lo, hi in zip(low, high))
    return f"rgb({rgb[0]},{rgb[1]},{rgb[2]})", ("#ffffff" if share > 0.45 else "#14213d")


class _Context:
    """Turns the view into the plain values the template loops over."""

    def __init__(self, view: ReportView) -> None:
        self.view = view

    def source(self, doc_id: str) -> dict:
        position = self.view.doc_position.get(doc_id)
        return {
            "id": doc_id,
            "tag": self.view.tags.get(doc_id, "?"),
            "colour": (position if position is not None else 0) % TAG_COLOURS,
            "label": self.view.doc_label(doc_id),
        }

    def claim_anchor(self, claim_id: str) -> str:
        """The id of a claim's line in "Claims by document" (claim ids hold '#', which a fragment cannot)."""
        claim = self.view.claim(claim_id)
        return f"claim-{self.view.tags.get(claim.doc_id, '?')}-{claim.index}"

    def side(self, pair: JudgedPair, which: str) -> dict:
        claim = self.view.claim(pair.a if which == "a" else pair.b)
        spans = [
            (*located(claim.text, e.a_span if which == "a" else e.b_span, e.a_text if which == "a" else e.b_text), _evidence_tip(e), "evidence")
            for e in pair.evidence
        ]
        for conflict in self.view.conflicts_of(pair):
            span = conflict.a_span if claim.id == conflict.a else conflict.b_span
            spans.append((*span, f"{conflict.kind}: {conflict.a_value} ↔ {conflict.b_value}", "evidence"))
        return {
            "source": self.source(claim.doc_id),
            "claim_id": claim.id,
            "anchor": self.claim_anchor(claim.id),
            "segments": highlight(claim.text, spans),
            "context": self.view.context_of(claim),
        }

    def scores(self, pair: JudgedPair) -> list[dict]:
        rows = []
        if pair.nli is None:  # too far apart for NLI to matter: not run, nothing to show
            return rows
        tag_a, tag_b = (self.view.tags.get(self.view.claim(c).doc_id, "?") for c in (pair.a, pair.b))
        for name, triple in ((f"{tag_a} → {tag_b}", pair.nli.forward), (f"{tag_b} → {tag_a}", pair.nli.backward)):
            entail, neutral, contradict = (max(0.0, float(v)) for v in triple)
            rows.append(
                {
                    "direction": name,
                    "entailment": _percent(entail),
                    "neutral": _percent(neutral),
                    "contradiction": _percent(contradict),
                    "detail": f"entailment {entail:.2f} · neutral {neutral:.2f} · contradiction {contradict:.2f}",
                }
            )
        return rows

    def pair(self, pair: JudgedPair, number: int) -> dict:
        conflicts = self.view.conflicts_of(pair)
        stated = {(c.kind, c.a_value, c.b_value) for c in conflicts}  # the judge's evidence for a conflict says it again
        return {
            "number": number,
            "label": Label(pair.label).value,
            "confidence": f"{float(pair.confidence):.2f}",
            "cosine": f"{float(pair.cosine):.2f}",
            "lexical": f"{float(pair.lexical):.2f}",
            "a": self.side(pair, "a"),
            "b": self.side(pair, "b"),
            "scores": self.scores(pair),
            "explanation": pair.explanation,
            "evidence": [{"kind": e.kind, "a": e.a_text, "b": e.b_text} for e in pair.evidence if (e.kind, e.a_text, e.b_text) not in stated],
            "conflicts": [self.conflict(c) for c in conflicts],
            "independent": self.view.independent(pair),
            # a finding repeated by a copy or rewrite is one finding, not two: say so on the card
            "derived": [
                {"source": self.source(doc_id), "original": self.source(self.view.derived_from[doc_id])}
                for doc_id in dict.fromkeys(self.view.claim(c).doc_id for c in (pair.a, pair.b))
                if doc_id in self.view.derived_from
            ],
        }

    def conflict(self, conflict: Conflict) -> dict:
        return {
            "kind": conflict.kind,
            "subject": conflict.subject,
            "a": conflict.a_value,
            "b": conflict.b_value,
            "explanation": conflict.explanation,
            "diff": [{"op": op, "words": words} for op, words in conflict.diff],
        }

    def fact_row(self, row: FactRow, columns: list[str]) -> dict:
        view = self.view
        cells = []
        for doc_id in columns if columns else list(row.cells):
            values = row.cells.get(doc_id, ())
            cells.append(
                {
                    "source": self.source(doc_id),
                    "conflicting": any(v.conflicting for v in values),
                    "entries": [
                        {"text": v.text, "anchor": self.claim_anchor(v.claim_id), "claim": view.claim(v.claim_id).text, "conflicting": v.conflicting}
                        for v in values
                    ],
                }
            )
        return {
            "subject": row.subject,
            "kinds": list(row.kinds),
            "conflicting": bool(row.conflicts),
            "conflicts": [self.conflict(c) for c in row.conflicts],
            "cells": cells,
        }

    def facts(self) -> dict:
        """Rows for "facts at a glance"; a column per source while that fits, else one list per row."""
        view = self.view
        rows = view.fact_rows[:MAX_FACT_ROWS]
        used = {doc_id for row in rows for doc_id in row.cells}
        columns = [doc.id for doc in view.documents if doc.id in used]
        grid = len(columns) <= MAX_FACT_COLUMNS
        shown = [self.fact_row(row, columns if grid else []) for row in rows]
        return {
            "grid": grid,
            "columns": [self.source(d) for d in columns] if grid else [],
            "open": shown[:OPEN_FACT_ROWS],
            "more": shown[OPEN_FACT_ROWS:],
            "total": len(view.fact_rows),
            "conflict_rows": sum(1 for row in view.fact_rows if row.conflicts),
            "left_out": max(0, len(view.fact_rows) - MAX_FACT_ROWS),
        }

    def listed_pairs(self) -> tuple[list[JudgedPair], dict[str, int]]:
        """The strongest pairs of each label, and how many of each were left out to keep the page light."""
        ordered = sorted(
            self.view.aligned_pairs,
            key=lambda p: (LABEL_ORDER.index(Label(p.label)), -round(float(p.confidence), 4), self.view.claim_position[p.a], self.view.claim_position[p.b]),
        )
        listed, seen = [], Counter()
        for pair in ordered:
            label = Label(pair.label).value
            seen[label] += 1
            if seen[label] <= MAX_LISTED_PAIRS_PER_LABEL:
                listed.append(pair)
        return listed, {label: max(0, count - MAX_LISTED_PAIRS_PER_LABEL) for label, count in seen.items()}

    def claim_segments(self, claim: Claim) -> list[Segment]:
        spans = [
            (s.start - claim.start, s.end - claim.start, f"possible spin; likely original: {s.likely_original}", "spin")
            for s in self.view.spin_in_claim(claim)
        ]
        return highlight(claim.text, spans)

    def sources(self) -> list[dict]:
        view = self.view
        stats = {s.doc_id: s for s in view.source_stats}
        return [
            {
                **self.source(doc.id),
                "title": doc.title,
                "path": doc.source,
                "date": doc.date,
                "claims": stats[doc.id].claims,
                "unique": stats[doc.id].unique_claims,
                "paraphrases": stats[doc.id].paraphrases,
                "agreements": stats[doc.id].agreements,
                "contradictions": stats[doc.id].contradictions,
                "divergences": stats[doc.id].divergences,
                "spun": doc.id in view.spun_documents,
                "derived_from": self.source(view.derived_from[doc.id]) if doc.id in view.derived_from else None,
                "original_of": [self.source(d) for d in view.derivatives.get(doc.id, ())],
            }
            for doc in view.documents
        ]

    def relation(self, r: SourceRelation) -> dict:
        view = self.view
        copy = r.b if r.original == r.a else r.a if r.original == r.b else None
        return {
            "a": self.source(r.a),
            "b": self.source(r.b),
            "verdict": r.verdict,
            "original": self.source(r.original) if r.original else None,
            "derived_doc": self.source(copy) if copy else None,
            "reason": r.direction_reason,
            "shared": _percent(r.shared_share),
            "matched": r.matched_claims,
            "monotonicity": f"{float(r.monotonicity):.2f}",
            "evidence": [
                {"a": view.claim(x).text if x in view.claim_by_id else x, "b": view.claim(y).text if y in view.claim_by_id else y}
                for x, y in r.evidence
            ],
        }

    def spin_groups(self) -> list[dict]:
        """Findings per document, each with a little of the text around it."""
        view = self.view
        density = view.comparison.provenance.spin_density
        groups = []
        for doc in view.documents:
            rows = []
            for finding in (f for f in view.spin if f.doc_id == doc.id):
                left, right = _context_window(doc.text, finding.start, finding.end, SPIN_CONTEXT_CHARS)
                rows.append(
                    {
                        "phrase": finding.phrase,
                        "original": finding.likely_original,
                        "method": finding.method,
                        "context": highlight(doc.text[left:right], [(finding.start - left, finding.end - left, finding.phrase, "spin")]),
                        "cut_before": left > 0,
                        "cut_after": right < len(doc.text),
                    }
                )
            if rows:
                groups.append(
                    {
                        "source": self.source(doc.id),
                        "spun": doc.id in view.spun_documents,
                        "density": f"{float(density[doc.id]):.1f}" if doc.id in density else None,
                        "findings": rows,
                    }
                )
        return groups

    def heatmap_documents(self) -> list[int]:
        """Positions of the sources on the map: all of them, or the most connected ones in document order."""
        view = self.view
        size = len(view.documents)
        if size <= MAX_HEATMAP_SOURCES:
            return list(range(size))
        weight = [
            sum(share or 0.0 for share in view.aligned_share[i]) + sum(view.aligned_share[j][i] or 0.0 for j in range(size)) + sum(view.contradiction_counts[i])
            for i in range(size)
        ]
        return sorted(sorted(range(size), key=lambda i: (-weight[i], i))[:MAX_HEATMAP_SOURCES])

    def heatmap(self) -> dict:
        view = self.view
        shown = self.heatmap_documents()
        rows = []
        for i in shown:
            doc = view.documents[i]
            cells = []
            for j in shown:
                share = view.aligned_share[i][j]
                if share is None:
                    cells.append({"diagonal": True})
                    continue
                background, colour = _heat(share)
                contradictions = view.contradiction_counts[i][j]
                cells.append(
                    {
                        "diagonal": False,
                        "share": _percent(share),
                        "contradictions": contradictions,
                        "style": f"background:{background};color:{colour}",
                        "title": f"{_percent(share)} of {view.tags[doc.id]}'s claims are aligned with "
                        f"{view.tags[view.documents[j].id]}; {contradictions} contradiction(s)",
                    }
                )
            rows.append({"source": self.source(doc.id), "cells": cells})
        return {"columns": [self.source(view.documents[j].id) for j in shown], "rows": rows, "left_out": len(view.documents) - len(shown)}

    def clusters(self) -> list[dict]:
        view = self.view
        shown = []
        for cluster in view.clusters_by_support[:MAX_LISTED_CLUSTERS]:
            members = [view.claim(c) for c in cluster.claim_ids if c in view.claim_by_id][:MAX_CLAIMS_PER_CLUSTER]
            if members:
                shown.append(
                    {
                        "id": cluster.id,
                        "lead": view.claim(view.cluster_centres.get(cluster.id, members[0].id)).text,
                        "support": view.support(cluster),
                        "sources": [self.source(d) for d in cluster.doc_ids],
                        "claims": [{"source": self.source(c.doc_id), "text": c.text} for c in members],
                        "claims_left_out": max(0, len(cluster.claim_ids) - len(members)),
                    }
                )
        return shown

    def documents(self) -> list[dict]:
        view = self.view
        rows, listed = [], 0
        non_claims: dict[str, list[Claim]] = {}
        for sentence in view.comparison.non_claims:
            non_claims.setdefault(sentence.doc_id, []).append(sentence)
        for doc in view.documents:
            own = view.claims_of(doc.id)
            aside = non_claims.get(doc.id, [])
            show = listed + len(own) <= MAX_LISTED_CLAIMS
            listed += len(own) if show else 0
            lines = [
                {
                    "index": claim.index,
                    "anchor": self.claim_anchor(claim.id),
                    "segments": self.claim_segments(claim),
                    "unique": claim.id in view.unique_claims,
                    "headline": claim.headline,
                    "question": claim.question,
                    "cluster": view.cluster_of.get(claim.id),
                    "non_claim": False,
                }
                for claim in (own if show else ())
            ]
            # Sentences that state nothing stay visible where they stand, so nothing silently disappears.
            lines += [
                {
                    "index": sentence.index,
                    "anchor": f"claim-{view.tags.get(doc.id, '?')}-{sentence.index}",
                    "segments": highlight(sentence.text, []),
                    "unique": False,
                    "headline": False,
                    "question": False,
                    "cluster": None,
                    "non_claim": True,
                }
                for sentence in (aside if show else ())
            ]
            rows.append(
                {
                    "source": self.source(doc.id),
                    "count": len(own),
                    "non_claims": len(aside),
                    "unique": sum(1 for claim in own if claim.id in view.unique_claims),
                    "listed": show,
                    "claims": sorted(lines, key=lambda line: line["index"]),
                }
            )
        return rows

    def build(self) -> dict:
        view = self.view
        kept = [r for r in view.relations if r.verdict in DERIVED_VERDICTS] + [r for r in view.relations if r.verdict not in DERIVED_VERDICTS][:MAX_LISTED_RELATIONS]
        relations = [self.relation(r) for r in kept]
        derived = [row for row, r in zip(relations, kept) if r.verdict in DERIVED_VERDICTS]
        listed, left_out = self.listed_pairs()
        settings = view.comparison.settings if isinstance(view.comparison.settings, dict) else {}
        thresholds = settings.get("thresholds") if isinstance(settings.get("thresholds"), dict) else {}
        contradictions = [self.pair(p, i + 1) for i, p in enumerate(view.contradictions[:MAX_LISTED_CONTRADICTIONS])]
        divergences = [self.pair(p, i + 1) for i, p in enumerate(view.divergences[:MAX_LISTED_CONTRADICTIONS])]
        clusters = self.clusters()
        listed_counts = Counter(Label(p.label).value for p in listed)
        return {
            "version": claimdiff.__version__,
            "figures": asdict(view.figures),
            "sources": self.sources(),
            "skipped": [{"source": k.source, "why": k.reason.removeprefix(k.source).strip()} for k in view.comparison.skipped],
            "derived": derived,
            "derived_sources": [{"source": self.source(d), "original": self.source(o)} for d, o in view.derived_from.items()],
            "spun": [{"source": self.source(d), "count": sum(1 for f in view.spin if f.doc_id == d)} for d in view.spun_documents],
            "facts": self.facts(),
            "contradictions": contradictions[:OPEN_CARDS],
            "contradictions_more": contradictions[OPEN_CARDS:],
            "contradictions_left_out": max(0, len(view.contradictions) - MAX_LISTED_CONTRADICTIONS),
            "divergences": divergences[:OPEN_CARDS],
            "divergences_more": divergences[OPEN_CARDS:],
            "divergences_left_out": max(0, len(view.divergences) - MAX_LISTED_CONTRADICTIONS),
            "heatmap": self.heatmap(),
            "clusters": clusters[:OPEN_CLUSTERS],
            "clusters_more": clusters[OPEN_CLUSTERS:],
            "clusters_left_out": max(0, len(view.clusters) - MAX_LISTED_CLUSTERS),
            "relations": derived,
            "independent_relations": [row for row, r in zip(relations, kept) if r.verdict not in DERIVED_VERDICTS],
            "groups": [[self.source(d) for d in group] for group in view.source_groups],
            "spin_groups": self.spin_groups(),
            "pairs": [self.pair(p, i + 1) for i, p in enumerate(listed)],
            "filter_labels": [
                {"label": label.value, "figure": LABEL_FIGURES[label], "total": view.label_counts[label], "listed": listed_counts[label.value]}
                for label in LABEL_ORDER
                if label is not Label.UNRELATED and view.label_counts[label]
            ],
            "max_listed": MAX_LISTED_PAIRS_PER_LABEL,
            "max_relations": MAX_LISTED_RELATIONS,
            "pairs_left_out": {label: count for label, count in left_out.items() if count},
            "documents": self.documents(),
            "settings": {
                "embedding_model": settings.get("embedding_model") or "unknown",
                "nli_model": settings.get("nli_model") or "unknown",
                "thresholds": sorted((str(k), v) for k, v in thresholds.items()),
            },
        }


def render_html(comparison: Comparison) -> str:
    script, script_source = _script()
    context = _Context(ReportView(comparison)).build()
    template = _environment().get_template(TEMPLATE)
    # The script is our own file, checked in _script(); it is the only thing not escaped.
    return template.render(**context, csp=content_security_policy(script_source), script=Markup(script))
