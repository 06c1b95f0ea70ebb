"""`claimdiff eval stories DIR`: score the whole pipeline on labelled stories in newsdev's layout.

DIR holds one folder per story (its articles) and, at the top, the gold files: pairs.jsonl
(exact sentences, label, kind), provenance.jsonl and boilerplate.jsonl, each optional. Every story
is compared on its own with `pipeline.compare`, exactly as a user would compare it, so a story's
figures never depend on which other stories were evaluated. Gold sentences are located in the
ingested text and mapped to the claims that overlap them; a gold pair is then read off the judged
claim pairs (and fact conflicts) between its two sentences.

Only listed pairs are scored: the gold is a sample, and an unlisted pair the tool flags is not
known to be wrong, so it is shown as volume per story, never counted as a false positive.
The JSON is the same for the same input except its "seconds" (run time).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path

from claimdiff import embed, ingest, pipeline
from claimdiff.config import Settings
from claimdiff.errors import ClaimdiffError
from claimdiff.model import Claim, Comparison, Document
from claimdiff.report.files import write_atomic

GOLD_LABELS = ("paraphrase", "agreement", "contradiction", "unrelated")
# strongest first: a gold pair judged through several claim pairs takes the strongest label among them
PRECEDENCE = ("contradiction", "divergence", "paraphrase", "agreement", "related", "unrelated")
UNALIGNED = "unaligned"
FLAGGED = frozenset({"contradiction", "divergence"})
# newsdev's "unrelated" means: same story, neither supports nor contradicts. The tool says that with
# "related" or "unrelated", or by not aligning the pair at all.
NEUTRAL = frozenset({"related", "unrelated", UNALIGNED})
COMPATIBLE_QUOTE_NOTE = "quote compatible:"
SCHEMA = "claimdiff-story-eval/1"

Progress = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Gold files
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldPair:
    id: str
    story: str
    a_doc: str
    a: str
    b_doc: str
    b: str
    label: str
    kind: str | None
    note: str
    where: str  # "pairs.jsonl:12", for error messages and the per-pair output


@dataclass(frozen=True)
class GoldDerivation:
    copy: str
    original: str
    kind: str


@dataclass(frozen=True)
class Story:
    name: str
    folder: Path
    articles: dict[str, Path]  # file stem -> article file
    pairs: tuple[GoldPair, ...]
    derived: tuple[GoldDerivation, ...]
    independent: tuple[tuple[str, str], ...]
    boilerplate: tuple[tuple[str, str], ...]  # (doc stem, exact line)
    has_provenance: bool
    has_boilerplate: bool


def load_stories(root: Path, names: Sequence[str] | None = None) -> list[Story]:
    """Read and check every story folder and gold file before any model loads (bad input fails in a second)."""
    root = Path(root)
    if not root.exists():
        raise ClaimdiffError(f"{root} does not exist: give a folder of story folders")
    if not root.is_dir():
        raise ClaimdiffError(f"{root} is not a folder: give a folder of story folders (newsdev layout)")
    articles = {folder.name: _articles(folder) for folder in sorted(root.iterdir()) if folder.is_dir()}
    articles = {name: files for name, files in articles.items() if files}
    if not articles:
        raise ClaimdiffError(f"{root} has no story folders with articles (.txt .md .html) in them")
    for name in names or ():
        if name not in articles:
            raise ClaimdiffError(f"--story {name!r}: no such story in {root}; stories: {', '.join(articles)}")
    pairs = _read_pairs(root / "pairs.jsonl", articles)
    derived, independent, provenance_stories = _read_provenance(root / "provenance.jsonl", articles)
    boilerplate = _read_boilerplate(root / "boilerplate.jsonl", articles)
    selected = list(names) if names else list(articles)
    return [
        Story(
            name=name,
            folder=root / name,
            articles=articles[name],
            pairs=tuple(p for p in pairs if p.story == name),
            derived=tuple(derived.get(name, ())),
            independent=tuple(independent.get(name, ())),
            boilerplate=tuple(boilerplate.get(name, ())),
            has_provenance=name in provenance_stories,
            has_boilerplate=(root / "boilerplate.jsonl").is_file(),
        )
        for name in sorted(dict.fromkeys(selected))
    ]


def _articles(folder: Path) -> dict[str, Path]:
    return {path.stem: path for path in sorted(folder.iterdir()) if path.is_file() and path.suffix.lower() in ingest.SUPPORTED_SUFFIXES}


def _jsonl_records(path: Path) -> Iterable[tuple[str, dict]]:
    """(file:line, object) for every non-blank line; a line that is not a JSON object is an error naming it."""
    if not path.is_file():
        return
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise ClaimdiffError(f"{path} is not UTF-8 ({error.reason} at byte {error.start})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ClaimdiffError(f"{where}: not valid JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(record, dict):
            raise ClaimdiffError(f"{where}: expected a JSON object, got {type(record).__name__}")
        yield where, record


def _text_field(record: dict, key: str, where: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ClaimdiffError(f"{where}: field {key!r} must be a non-empty string")
    return value


def _story_and_article(record: dict, key: str, where: str, articles: dict[str, dict[str, Path]]) -> tuple[str, Path]:
    story = _text_field(record, "story", where)
    if story not in articles:
        raise ClaimdiffError(f"{where}: no story folder {story!r} with articles next to the gold file")
    doc = _text_field(record, key, where)
    if doc not in articles[story]:
        raise ClaimdiffError(f"{where}: story {story!r} has no article {doc!r} (have: {', '.join(articles[story])})")
    return story, articles[story][doc]


def _normalised_file_text(path: Path, cache: dict[Path, str]) -> str:
    if path not in cache:
        cache[path] = ingest.normalise_text(ingest.decode_bytes(path.read_bytes(), str(path)))
    return cache[path]


def _read_pairs(path: Path, articles: dict[str, dict[str, Path]]) -> list[GoldPair]:
    texts: dict[Path, str] = {}
    pairs = []
    for where, record in _jsonl_records(path):
        sentences = []
        for side in ("a", "b"):
            story, article = _story_and_article(record, f"{side}_doc", where, articles)
            sentence = _text_field(record, side, where)
            occurrences = _normalised_file_text(article, texts).count(ingest.normalise_text(sentence))
            if occurrences != 1:
                problem = "not found" if occurrences == 0 else f"found {occurrences} times (it must be unique)"
                raise ClaimdiffError(f"{where}: sentence {side!r} {problem} in {article}: {sentence[:60]!r}")
            sentences.append(sentence)
        label = _text_field(record, "label", where)
        if label not in GOLD_LABELS:
            raise ClaimdiffError(f"{where}: label {label!r} is not one of {', '.join(GOLD_LABELS)}")
        kind = record.get("kind")
        if kind is not None and not isinstance(kind, str):
            raise ClaimdiffError(f"{where}: field 'kind' must be a string or null")
        pairs.append(
            GoldPair(
                id=str(record.get("id") or where.rsplit("/", 1)[-1]),
                story=story,
                a_doc=record["a_doc"],
                a=sentences[0],
                b_doc=record["b_doc"],
                b=sentences[1],
                label=label,
                kind=kind if label == "contradiction" else None,
                note=str(record.get("note") or ""),
                where=where,
            )
        )
    return pairs


def _read_provenance(path: Path, articles: dict[str, dict[str, Path]]):
    derived: dict[str, list[GoldDerivation]] = {}
    independent: dict[str, list[tuple[str, str]]] = {}
    stories: set[str] = set()
    for where, record in _jsonl_records(path):
        story = _text_field(record, "story", where)
        if story not in articles:
            raise ClaimdiffError(f"{where}: no story folder {story!r} with articles next to the gold file")
        stories.add(story)
        entries, pairs = record.get("derived", []), record.get("independent", [])
        if not isinstance(entries, list) or not isinstance(pairs, list):
            raise ClaimdiffError(f"{where}: 'derived' and 'independent' must be lists")
        for entry in entries:
            if not isinstance(entry, dict):
                raise ClaimdiffError(f"{where}: each 'derived' entry must be an object with copy, original, kind")
            copy, original = (_text_field(entry, key, where) for key in ("copy", "original"))
            for doc in (copy, original):
                if doc not in articles[story]:
                    raise ClaimdiffError(f"{where}: story {story!r} has no article {doc!r}")
            derived.setdefault(story, []).append(GoldDerivation(copy, original, str(entry.get("kind") or "")))
        for pair in pairs:
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(d, str) and d in articles[story] for d in pair)):
                raise ClaimdiffError(f"{where}: each 'independent' entry must be two article names of story {story!r}, got {pair!r}")
            independent.setdefault(story, []).append((pair[0], pair[1]))
    return derived, independent, stories


def _read_boilerplate(path: Path, articles: dict[str, dict[str, Path]]) -> dict[str, list[tuple[str, str]]]:
    lines: dict[str, list[tuple[str, str]]] = {}
    for where, record in _jsonl_records(path):
        story, _ = _story_and_article(record, "doc", where, articles)
        lines.setdefault(story, []).append((record["doc"], _text_field(record, "line", where)))
    return lines


# --------------------------------------------------------------------------------------------
# Gold sentences -> claims -> predicted label
# --------------------------------------------------------------------------------------------


def sentence_span(document: Document, sentence: str) -> tuple[int, int] | None:
    """Where the gold sentence stands in the ingested text; None when ingest dropped or changed it."""
    needle = ingest.normalise_text(sentence)
    start = document.text.find(needle)
    return None if start < 0 else (start, start + len(needle))


def claims_in_span(claims: Iterable[Claim], doc_id: str, span: tuple[int, int] | None) -> tuple[str, ...]:
    """Ids of the document's claims that overlap the span: a sentence split into clauses maps to all of them."""
    if span is None:
        return ()
    start, end = span
    return tuple(c.id for c in claims if c.doc_id == doc_id and c.start < end and c.end > start)


def strongest_label(labels: Iterable[str]) -> str:
    """The strongest of the judged labels between two sentences' claims; 'unaligned' when there are none."""
    present = set(labels)
    return next((label for label in PRECEDENCE if label in present), UNALIGNED)


def pair_index(comparison: Comparison) -> dict[frozenset[str], str]:
    """Judged label by unordered claim pair."""
    return {frozenset((p.a, p.b)): p.label.value for p in comparison.pairs}


def conflict_index(comparison: Comparison) -> dict[frozenset[str], list[str]]:
    index: dict[frozenset[str], list[str]] = {}
    for conflict in comparison.conflicts:
        index.setdefault(frozenset((conflict.a, conflict.b)), []).append(conflict.kind)
    return index


def _document_ids(comparison: Comparison) -> dict[str, str]:
    """Article file stem -> Document.id (ids are stems unless two files share one)."""
    return {Path(d.source).stem: d.id for d in comparison.documents}


# --------------------------------------------------------------------------------------------
# Scoring one story
# --------------------------------------------------------------------------------------------


def score_story(story: Story, comparison: Comparison) -> dict:
    """Everything measurable about one story's comparison against its gold files."""
    doc_ids = _document_ids(comparison)
    documents = {d.id: d for d in comparison.documents}
    judged = pair_index(comparison)
    conflicts = conflict_index(comparison)
    mapped: dict[tuple[str, str], tuple[str, ...]] = {}

    def claims_of(doc: str, sentence: str) -> tuple[str, ...]:
        key = (doc, sentence)
        if key not in mapped:
            doc_id = doc_ids[doc]
            mapped[key] = claims_in_span(comparison.claims, doc_id, sentence_span(documents[doc_id], sentence))
        return mapped[key]

    outcomes = []
    for gold in story.pairs:
        a_claims, b_claims = claims_of(gold.a_doc, gold.a), claims_of(gold.b_doc, gold.b)
        links = [frozenset(pair) for pair in product(a_claims, b_claims) if pair[0] != pair[1]]
        conflict_kinds = sorted({kind for link in links for kind in conflicts.get(link, ())})
        labels = [judged[link] for link in links if link in judged]
        outcomes.append(
            {
                "id": gold.id,
                "story": story.name,
                "gold": gold.label,
                "kind": gold.kind,
                "predicted": strongest_label(labels),
                "judged_claim_pairs": len(labels),
                "judged_labels": sorted(labels, key=PRECEDENCE.index),
                "conflicts": conflict_kinds,
                "compatible_quote": gold.note.startswith(COMPATIBLE_QUOTE_NOTE),
                "a_doc": gold.a_doc,
                "a_claims": list(a_claims),
                "b_doc": gold.b_doc,
                "b_claims": list(b_claims),
                "note": gold.note,
            }
        )
    claim_counts = Counter(claim for claims in mapped.values() for claim in claims)
    return {
        "story": story.name,
        "articles": len(comparison.documents),
        "claims": len(comparison.claims),
        "judged_pairs": len(comparison.pairs),
        "raised": {
            "contradiction": sum(p.label.value == "contradiction" for p in comparison.pairs),
            "divergence": sum(p.label.value == "divergence" for p in comparison.pairs),
            "conflicts": len(comparison.conflicts),
        },
        "sentences": {
            "gold": len(mapped),
            "without_claim": sum(not claims for claims in mapped.values()),
            "split_into_several_claims": sum(len(claims) > 1 for claims in mapped.values()),
            "sharing_a_claim": sum(any(claim_counts[c] > 1 for c in claims) for claims in mapped.values()),
        },
        "pairs": outcomes,
        "boilerplate": _boilerplate_claims(story, comparison, doc_ids) if story.has_boilerplate else None,
        "provenance": _provenance(story, comparison, doc_ids) if story.has_provenance else None,
    }


def _line_spans(text: str, line: str) -> list[tuple[int, int]]:
    """Every place the line stands as a whole line of the text."""
    spans, start = [], text.find(line)
    while start >= 0:
        end = start + len(line)
        if (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n"):
            spans.append((start, end))
        start = text.find(line, start + 1)
    return spans


def _boilerplate_claims(story: Story, comparison: Comparison, doc_ids: dict[str, str]) -> dict:
    documents = {d.id: d for d in comparison.documents}
    leaked = []
    for doc, line in story.boilerplate:
        doc_id = doc_ids[doc]
        spans = _line_spans(documents[doc_id].text, ingest.normalise_text(line).strip())
        if any(claims_in_span(comparison.claims, doc_id, span) for span in spans):
            leaked.append({"doc": doc, "line": line})
    return {"lines": len(story.boilerplate), "became_claims": len(leaked), "leaked": leaked}


def _provenance(story: Story, comparison: Comparison, doc_ids: dict[str, str]) -> dict:
    stems = {doc_id: stem for stem, doc_id in doc_ids.items()}
    relations = {frozenset((r.a, r.b)): r for r in comparison.provenance.relations}
    group_of = {doc: i for i, group in enumerate(comparison.provenance.source_groups) for doc in group}
    derived = comparison.provenance.derived
    copies = []
    for gold in story.derived:
        copy, original = doc_ids[gold.copy], doc_ids[gold.original]
        relation = relations.get(frozenset((copy, original)))
        predicted = derived.get(copy)
        copies.append(
            {
                "copy": gold.copy,
                "original": gold.original,
                "kind": gold.kind,
                "attributed_to": stems.get(predicted, predicted),
                "correct": predicted == original,
                "relation_verdict": relation.verdict if relation else None,
                "relation_original": stems.get(relation.original, relation.original) if relation else None,
                "same_source_group": copy in group_of and group_of.get(copy) == group_of.get(original),
            }
        )
    merged, wrongly_derived = [], []
    for a, b in story.independent:
        a_id, b_id = doc_ids[a], doc_ids[b]
        if a_id in group_of and group_of.get(a_id) == group_of.get(b_id):
            merged.append([a, b])
        if derived.get(a_id) == b_id or derived.get(b_id) == a_id:
            wrongly_derived.append([a, b])
    return {
        "derived": copies,
        "independent_pairs": len(story.independent),
        "independent_merged": merged,
        "independent_derived": wrongly_derived,
    }


# --------------------------------------------------------------------------------------------
# Summary over all stories
# --------------------------------------------------------------------------------------------


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _precision_recall(outcomes: list[dict], gold: Callable[[dict], bool], predicted: Callable[[dict], bool]) -> dict:
    gold_n = sum(map(gold, outcomes))
    predicted_n = sum(map(predicted, outcomes))
    hits = sum(gold(o) and predicted(o) for o in outcomes)
    return {"gold": gold_n, "predicted": predicted_n, "correct": hits, "precision": _ratio(hits, predicted_n), "recall": _ratio(hits, gold_n)}


def _recall_by_kind(outcomes: list[dict], found: Callable[[dict], bool]) -> dict:
    kinds = sorted({o["kind"] for o in outcomes if o["gold"] == "contradiction"}, key=str)
    result = {}
    for kind in kinds:
        of_kind = [o for o in outcomes if o["gold"] == "contradiction" and o["kind"] == kind]
        hits = sum(map(found, of_kind))
        result[str(kind)] = {"gold": len(of_kind), "found": hits, "recall": _ratio(hits, len(of_kind))}
    return result


def summarise(stories: list[dict]) -> dict:
    """The figures a tuner reads: labels, contradiction kinds, conflicts, alignment, volume, boilerplate, provenance."""
    outcomes = [o for story in stories for o in story["pairs"]]
    is_contradiction = lambda o: o["gold"] == "contradiction"  # noqa: E731
    labels = {}
    for label in GOLD_LABELS:
        matches = NEUTRAL if label == "unrelated" else {label}
        labels[label] = _precision_recall(outcomes, lambda o, label=label: o["gold"] == label, lambda o, matches=matches: o["predicted"] in matches)
    confusion = {label: dict(sorted(Counter(o["predicted"] for o in outcomes if o["gold"] == label).items())) for label in GOLD_LABELS}
    has_conflict = lambda o: bool(o["conflicts"])  # noqa: E731
    quote_pairs = [o for o in outcomes if is_contradiction(o) and o["kind"] == "quote"]
    compatible = [o for o in outcomes if o["compatible_quote"]]
    boilerplate = [s["boilerplate"] for s in stories if s["boilerplate"] is not None]
    provenance = [s["provenance"] for s in stories if s["provenance"] is not None]
    copies = [c for p in provenance for c in p["derived"]]
    return {
        "stories": len(stories),
        "articles": sum(s["articles"] for s in stories),
        "claims": sum(s["claims"] for s in stories),
        "listed_pairs": len(outcomes),
        "labels": labels,
        "confusion": confusion,
        "contradiction_recall_by_kind": _recall_by_kind(outcomes, lambda o: o["predicted"] == "contradiction"),
        "flagged": {
            "note": "contradiction or divergence counted as a flag",
            "contradiction": _precision_recall(outcomes, is_contradiction, lambda o: o["predicted"] in FLAGGED),
            "recall_by_kind": _recall_by_kind(outcomes, lambda o: o["predicted"] in FLAGGED),
        },
        "conflicts": {
            "listed_pairs_with_conflict": sum(map(has_conflict, outcomes)),
            "precision": _precision_recall(outcomes, is_contradiction, has_conflict)["precision"],
            "recall": _precision_recall(outcomes, is_contradiction, has_conflict)["recall"],
            "recall_by_kind": _recall_by_kind(outcomes, has_conflict),
            "misquotes_found": sum("quote" in o["conflicts"] for o in quote_pairs),
            "misquote_pairs": len(quote_pairs),
            "compatible_quote_pairs": len(compatible),
            "compatible_quotes_flagged_misquote": sum("quote" in o["conflicts"] for o in compatible),
            "compatible_quotes_judged_contradiction": sum(o["predicted"] == "contradiction" for o in compatible),
        },
        "alignment": {
            "recall": _ratio(sum(o["predicted"] != UNALIGNED for o in outcomes), len(outcomes)),
            "by_label": {label: _ratio(sum(o["predicted"] != UNALIGNED for o in outcomes if o["gold"] == label), sum(o["gold"] == label for o in outcomes)) for label in GOLD_LABELS},
        },
        "false_flags_by_story": {
            s["story"]: {
                "listed_non_contradictions_judged_contradiction": sum(o["gold"] != "contradiction" and o["predicted"] == "contradiction" for o in s["pairs"]),
                "listed_non_contradictions_flagged": sum(o["gold"] != "contradiction" and o["predicted"] in FLAGGED for o in s["pairs"]),
                "listed_non_contradictions_with_conflict": sum(o["gold"] != "contradiction" and bool(o["conflicts"]) for o in s["pairs"]),
                "raised_contradictions": s["raised"]["contradiction"],
                "raised_divergences": s["raised"]["divergence"],
                "raised_conflicts": s["raised"]["conflicts"],
            }
            for s in stories
        },
        "sentences": {key: sum(s["sentences"][key] for s in stories) for key in ("gold", "without_claim", "split_into_several_claims", "sharing_a_claim")},
        "boilerplate": {
            "lines": sum(b["lines"] for b in boilerplate),
            "became_claims": sum(b["became_claims"] for b in boilerplate),
        }
        if boilerplate
        else None,
        "provenance": {
            "derived": len(copies),
            "attributed_correctly": sum(c["correct"] for c in copies),
            "independent_pairs": sum(p["independent_pairs"] for p in provenance),
            "independent_merged": sum(len(p["independent_merged"]) for p in provenance),
            "independent_derived": sum(len(p["independent_derived"]) for p in provenance),
        }
        if provenance
        else None,
    }


# --------------------------------------------------------------------------------------------
# Running and printing
# --------------------------------------------------------------------------------------------


def evaluate_stories(
    stories: Sequence[Story],
    settings: Settings,
    *,
    embedder: embed.Embedder | None = None,
    nli=None,
    progress: Progress = _stderr,
) -> dict:
    """Compare each story with the same loaded models and score it; returns the JSON-ready result."""
    from claimdiff.nli import CachedNLI, load_nli_model

    started = time.perf_counter()
    embedder = embedder or embed.Embedder(settings.embedding_model, cache_dir=settings.cache_dir, threads=settings.threads)
    nli = nli or CachedNLI(load_nli_model(settings.nli_model, threads=settings.threads, batch_size=settings.batch_size), settings.cache_dir)
    results, seconds = [], {}
    for number, story in enumerate(stories, start=1):
        story_started = time.perf_counter()
        try:
            comparison = pipeline.compare([str(path) for path in story.articles.values()], settings, embedder=embedder, nli=nli)
        except ClaimdiffError as error:
            raise ClaimdiffError(f"story {story.name}: {error}") from None
        results.append(score_story(story, comparison))
        seconds[story.name] = round(time.perf_counter() - story_started, 2)
        progress(f"claimdiff eval stories: [{number}/{len(stories)}] {story.name}: {len(comparison.claims)} claims, {len(comparison.pairs)} judged pairs, {seconds[story.name]:.1f} s")
    return {
        "schema": SCHEMA,
        "settings": {"embedding_model": settings.embedding_model, "nli_model": settings.nli_model},
        "summary": summarise(results),
        "stories": results,
        "seconds": {"total": round(time.perf_counter() - started, 2), "by_story": seconds},
    }


def _percent(value: float | None) -> str:
    return "   -" if value is None else f"{100 * value:5.1f}"


def render_table(result: dict) -> str:
    """The summary as plain text for a terminal; the JSON holds the same figures and every pair."""
    s = result["summary"]
    out = [f"{s['stories']} stories, {s['articles']} articles, {s['claims']} claims, {s['listed_pairs']} listed pairs (only listed pairs are scored)", ""]
    out.append(f"{'label':<15}{'gold':>6}{'pred':>6}{'right':>7}{'prec%':>7}{'rec%':>7}")
    for label, m in s["labels"].items():
        out.append(f"{label:<15}{m['gold']:>6}{m['predicted']:>6}{m['correct']:>7}{_percent(m['precision']):>7}{_percent(m['recall']):>7}")
    flagged = s["flagged"]["contradiction"]
    out.append(f"{'contr.|diverg.':<15}{flagged['gold']:>6}{flagged['predicted']:>6}{flagged['correct']:>7}{_percent(flagged['precision']):>7}{_percent(flagged['recall']):>7}   (divergence counted as a flag)")
    out.append("  (unrelated is matched by related, unrelated or unaligned)")
    out.append("")
    out.append("confusion (gold -> predicted): ")
    for label, row in s["confusion"].items():
        out.append(f"  {label:<14}" + ", ".join(f"{p} {n}" for p, n in row.items()))
    out.append("")
    conflicts = s["conflicts"]
    out.append(f"{'contradiction kind':<20}{'gold':>5}{'contr%':>8}{'flag%':>7}{'confl%':>8}")
    strict, loose, by_conflict = s["contradiction_recall_by_kind"], s["flagged"]["recall_by_kind"], conflicts["recall_by_kind"]
    for kind, m in strict.items():
        out.append(f"{kind:<20}{m['gold']:>5}{_percent(m['recall']):>8}{_percent(loose[kind]['recall']):>7}{_percent(by_conflict[kind]['recall']):>8}")
    out.append("")
    out.append(
        f"conflicts: {conflicts['listed_pairs_with_conflict']} listed pairs with one, precision {_percent(conflicts['precision']).strip()}%, "
        f"recall {_percent(conflicts['recall']).strip()}%; misquotes found {conflicts['misquotes_found']}/{conflicts['misquote_pairs']}, "
        f"compatible quotes flagged as misquote {conflicts['compatible_quotes_flagged_misquote']}/{conflicts['compatible_quote_pairs']} "
        f"(judged contradiction {conflicts['compatible_quotes_judged_contradiction']})"
    )
    alignment = s["alignment"]
    out.append(f"alignment recall {_percent(alignment['recall']).strip()}% (" + ", ".join(f"{k} {_percent(v).strip()}%" for k, v in alignment["by_label"].items()) + ")")
    sentences = s["sentences"]
    out.append(f"gold sentences {sentences['gold']}: {sentences['without_claim']} without a claim, {sentences['split_into_several_claims']} split into several claims, {sentences['sharing_a_claim']} sharing a claim with another")
    if s["boilerplate"] is not None:
        out.append(f"boilerplate lines that became claims: {s['boilerplate']['became_claims']}/{s['boilerplate']['lines']}")
    if s["provenance"] is not None:
        p = s["provenance"]
        out.append(f"provenance: derived copies attributed to the right original {p['attributed_correctly']}/{p['derived']}; independent pairs merged into one source group {p['independent_merged']}/{p['independent_pairs']}, called derived {p['independent_derived']}")
        for story in result["stories"]:
            for copy in (story["provenance"] or {}).get("derived", []):
                out.append(f"  {story['story']}: {copy['copy']} ({copy['kind']} of {copy['original']}) -> {copy['attributed_to'] or 'no original'}; relation {copy['relation_verdict']}, original {copy['relation_original']}")
    out.append("")
    out.append(f"{'story':<26}{'false flags':>12}{'w/ conflict':>12}{'raised contr.':>14}{'diverg.':>8}{'conflicts':>10}{'seconds':>9}")
    for name, m in s["false_flags_by_story"].items():
        out.append(f"{name:<26}{m['listed_non_contradictions_judged_contradiction']:>12}{m['listed_non_contradictions_with_conflict']:>12}{m['raised_contradictions']:>14}{m['raised_divergences']:>8}{m['raised_conflicts']:>10}{result['seconds']['by_story'][name]:>9.1f}")
    out.append(f"run time {result['seconds']['total']:.1f} s (models loaded once)")
    return "\n".join(out) + "\n"


def run_story_eval(root: Path, settings: Settings, *, names: Sequence[str] | None = None, output: Path | None = None) -> dict:
    """The `claimdiff eval stories` command: check the gold, compare every story, print and write the figures."""
    stories = load_stories(root, names)
    result = evaluate_stories(stories, settings)
    sys.stdout.write(render_table(result))
    if output is not None:
        write_atomic(output, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return result
