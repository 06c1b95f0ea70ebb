"""The CI gate: check new articles against an indexed corpus and fail the build on contradictions.

`claimdiff check NEW... --against STORE_OR_DIR` runs the same stages as `compare` (ingest,
claims, embed, judge) but finds candidate pairs through the store's ANN index instead of
comparing every document with every other, so a check costs the same for a corpus of a hundred
articles or of ten thousand. Findings are one per judged pair (contradiction, agreement) or per
new claim that nothing in the corpus supports ("unique"); each has a fingerprint made of the
normalised claim texts, so a baseline of reviewed findings survives edits that move a sentence
or re-number documents.

Severity, lowest to highest: agreement (note) < unique (warning) < contradiction (error).
`--fail-on` names the lowest kind that fails the run (exit 1); errors in the input exit 2.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from urllib.parse import quote

import numpy as np

import claimdiff
from claimdiff.config import CheckSettings, Settings, Thresholds, raw_table
from claimdiff.errors import ClaimdiffError
from claimdiff.model import CandidatePair, Claim, Document, Label
from claimdiff.store import IndexStats, Span, Store, StoredClaim, embed_texts, embedding_build, is_store, locate_claims, read_raw

CHECK_SCHEMA = "claimdiff/check"
CHECK_SCHEMA_VERSION = 1
BASELINE_SCHEMA = "claimdiff/baseline"
BASELINE_VERSION = 1
FINGERPRINT_VERSION = "v1"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

KINDS = ("contradiction", "unique", "agreement")  # most to least severe
RANK = {"agreement": 1, "unique": 2, "contradiction": 3}
LEVEL = {"agreement": "note", "unique": "warning", "contradiction": "error"}
FAIL_ON = {"agreement": 1, "note": 1, "unique": 2, "warning": 2, "contradiction": 3, "error": 3, "never": 99}
FORMATS = ("text", "json", "markdown", "sarif", "github")
RULES = {
    "contradiction": ("claimdiff/contradiction", "A claim in the new document contradicts a claim in the corpus."),
    "unique": ("claimdiff/unique-claim", "A claim in the new document that no corpus claim supports or contradicts."),
    "agreement": ("claimdiff/agreement", "A claim in the new document that a corpus claim states or supports."),
}

Progress = Callable[[str], None]


# ---------------------------------------------------------------- options


def check_options(config: Path | None = None, **flags) -> CheckSettings:
    """Defaults, then the [check] table (claimdiff.toml or [tool.claimdiff.check]), then CLI flags (None = not given)."""
    table = raw_table(config).get("check", {})
    if not isinstance(table, dict):
        raise ClaimdiffError("[check] in the claimdiff config must be a table")
    known = {f.name for f in fields(CheckSettings)}
    values = {key.replace("-", "_"): value for key, value in table.items()}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ClaimdiffError(f"unknown setting(s) in [check]: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    values.update({key: value for key, value in flags.items() if value is not None})
    return _validated(values)


def _validated(values: dict) -> CheckSettings:
    options = {}
    for key, value in values.items():
        if key == "show":
            items = value.split(",") if isinstance(value, str) else list(value)
            show = tuple(sorted({str(item).strip().lower() for item in items if str(item).strip()}))
            bad = [item for item in show if item not in KINDS]
            if bad:
                raise ClaimdiffError(f"--show takes a comma-separated list of {', '.join(KINDS)}; got {', '.join(bad)}")
            options[key] = show
        elif key == "fail_on":
            if str(value).lower() not in FAIL_ON:
                raise ClaimdiffError(f"--fail-on must be one of {', '.join(FAIL_ON)}; got {value!r}")
            options[key] = str(value).lower()
        elif key == "format":
            if str(value).lower() not in FORMATS:
                raise ClaimdiffError(f"--format must be one of {', '.join(FORMATS)}; got {value!r}")
            options[key] = str(value).lower()
        elif key == "min_confidence":
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ClaimdiffError(f"--min-confidence must be a number between 0 and 1; got {value!r}") from None
            if not 0.0 <= number <= 1.0:
                raise ClaimdiffError(f"--min-confidence must be between 0 and 1; got {number}")
            options[key] = number
        elif key == "store":
            options[key] = str(value)
        else:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ClaimdiffError(f"[check] {key} must be a positive integer; got {value!r}")
            options[key] = value
    return replace(CheckSettings(), **options)


# ---------------------------------------------------------------- models (one place, so tests can hand in loaded ones)


def load_embedder(settings: Settings):
    from claimdiff.embed import Embedder

    return Embedder(settings.embedding_model, cache_dir=settings.cache_dir, threads=settings.threads)


def load_nli(settings: Settings):
    from claimdiff.nli import CachedNLI, load_nli_model

    return CachedNLI(load_nli_model(settings.nli_model, threads=settings.threads, batch_size=settings.batch_size), settings.cache_dir)


# ---------------------------------------------------------------- index


def open_store(path: Path, embedder, options: CheckSettings, *, create: bool = False) -> Store:
    return Store.open(path, embedder.name, build=embedding_build(embedder), create=create, options=options)


def index_corpus(corpus: Path, store_path: Path, settings: Settings, options: CheckSettings, *, embedder=None, progress: Progress = lambda m: None) -> IndexStats:
    """Create or update the store so that it mirrors the corpus folder."""
    if not Path(corpus).is_dir():
        raise ClaimdiffError(f"corpus folder not found: {corpus}")
    embedder = embedder or load_embedder(settings)
    with open_store(store_path, embedder, options, create=True) as store:
        return store.sync(Path(corpus), embedder, max_bytes=settings.max_input_bytes, progress=progress)


@contextmanager
def corpus_store(against: str | None, settings: Settings, options: CheckSettings, embedder, progress: Progress = lambda m: None):
    """The store to check against: the one named, or a temporary one indexed from a folder of articles."""
    if not against:
        raise ClaimdiffError("check needs a corpus: give --against STORE_OR_DIR (or set store in the [check] table of claimdiff.toml)")
    path = Path(against)
    if is_store(path):
        with open_store(path, embedder, options) as store:
            yield store
        return
    if not path.exists():
        raise ClaimdiffError(f"--against: no such store or folder: {against}")
    if not path.is_dir():
        raise ClaimdiffError(f"--against must be a store or a folder of articles, not a file: {against}")
    with tempfile.TemporaryDirectory(prefix="claimdiff-store-") as folder:
        with open_store(Path(folder) / "store", embedder, options, create=True) as store:
            progress(f"indexing {against} into a temporary store")
            store.sync(path, embedder, max_bytes=settings.max_input_bytes, progress=progress)
            yield store


# ---------------------------------------------------------------- findings


def normalise(text: str) -> str:
    """Case, Unicode form, quotes, punctuation and spacing do not change what a claim says."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def fingerprint(kind: str, claim: str, other: str | None) -> str:
    """Stable across runs, ids and positions: only the kind and the two normalised claim texts."""
    payload = "\x00".join((FINGERPRINT_VERSION, kind, normalise(claim), normalise(other or "")))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Place:
    """A claim and where it is: file as the user should see it, and its span there."""

    file: str
    span: Span
    claim: str
    claim_id: str


@dataclass(frozen=True)
class Finding:
    kind: str  # contradiction | unique | agreement
    label: str  # the judge's label: contradiction, agreement, paraphrase; "unique" for unique claims
    confidence: float
    new: Place
    other: Place | None  # the corpus claim; None for a unique claim
    explanation: str
    evidence: tuple[tuple[str, str, str], ...]  # (kind, new side, corpus side)
    cosine: float
    fingerprint: str
    suppressed: bool = False

    @property
    def level(self) -> str:
        return LEVEL[self.kind]

    @property
    def rank(self) -> int:
        return RANK[self.kind]


@dataclass(frozen=True)
class Suppression:
    fingerprint: str
    kind: str
    file: str
    claim: str
    other: str | None


@dataclass(frozen=True)
class CheckResult:
    files: tuple[str, ...]
    documents: int
    claims: int
    restated: int  # new claims that paraphrase a corpus claim (their contradictions are not reported)
    corpus: dict
    findings: tuple[Finding, ...]  # shown, not suppressed
    suppressed: tuple[Finding, ...]
    stale: tuple[Suppression, ...]  # baseline entries that matched nothing in the files checked
    options: CheckSettings
    settings: dict

    @property
    def failing(self) -> tuple[Finding, ...]:
        threshold = FAIL_ON[self.options.fail_on]
        return tuple(f for f in self.findings if f.rank >= threshold)

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0


def display_path(path: str) -> str:
    """Relative to the working directory when inside it, '/'-separated: what CI annotations expect."""
    if path == "-":
        return path
    given = Path(path)
    try:
        return given.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return given.as_posix()


_SIDES = (("(a→b)", "(new→corpus)"), ("(b→a)", "(corpus→new)"), ("a entails b", "the new claim entails the corpus claim"), ("b entails a", "the corpus claim entails the new claim"))


def _explain(text: str) -> str:
    for old, new in _SIDES:
        text = text.replace(old, new)
    return text


def _own_version(checked: Path, corpus_path: str, store: Store) -> bool:
    """Whether a corpus document is the checked file itself, or the corpus's earlier copy of it.

    The same file, or a corpus path (relative to the corpus folder) that ends the checked path:
    in CI the corpus is often the base branch checked out elsewhere, where `articles/x.txt` is
    indexed as `x.txt`.
    """
    parts = Path(corpus_path).parts
    if checked.parts[-len(parts):] == parts:
        return True
    original = store.corpus_file(corpus_path)
    try:
        return original is not None and checked.resolve() == original.resolve()
    except OSError:
        return False


def check_files(
    sources: Sequence[str],
    store: Store,
    settings: Settings,
    options: CheckSettings,
    *,
    embedder,
    nli,
    baseline: Sequence[Suppression] = (),
    corpus_label: str | None = None,
    progress: Progress = lambda m: None,
) -> CheckResult:
    """Judge each new claim against its nearest corpus claims and turn the verdicts into findings."""
    from claimdiff import claims as claim_stage
    from claimdiff import ingest, judge

    if not sources:
        raise ClaimdiffError("check needs at least one file to check")
    progress("ingest")
    documents = ingest.load_documents(list(sources), max_bytes=settings.max_input_bytes)
    if not documents:
        raise ClaimdiffError("none of the files given holds any text to check")
    taken = store.doc_ids()
    documents = [_renamed(d, taken) for d in documents]
    progress("claims")
    per_document = [(d, claim_stage.extract_claims(d)) for d in documents]
    new_claims = [c for _, doc_claims in per_document for c in doc_claims]
    new_place = {}
    for document, doc_claims in per_document:
        for claim, span in zip(doc_claims, locate_claims(read_raw(document.source), document, doc_claims)):
            new_place[claim.id] = Place(display_path(document.source), span, claim.text, claim.id)
    progress("embed")
    vectors = embed_texts(embedder, [c.text for c in new_claims])
    progress("retrieve")
    # A changed article is checked against the rest of the corpus, not against its own earlier version.
    own_files = {Path(os.path.abspath(d.source)) for d in documents if d.source != "-"}
    nearest = store.nearest(vectors, options.neighbours * 2 if own_files else options.neighbours) if new_claims else []
    stored = store.claims({key for found in nearest for key, _ in found})
    own_paths = {path for path in {s.path for s in stored.values()} if any(_own_version(f, path, store) for f in own_files)}
    excluded = {key for key, s in stored.items() if s.path in own_paths}
    nearest = [[(key, cosine) for key, cosine in found if key not in excluded][: options.neighbours] for found in nearest]
    thesis = thesis_links(new_claims, vectors, store, excluded, settings.thresholds)
    stored.update(store.claims({key for keys in thesis.values() for key in keys} - set(stored)))
    thesis = {cid: {k for k in keys if stored[k].path not in own_paths} for cid, keys in thesis.items()}
    extra = sorted({k for keys in thesis.values() for k in keys})
    extra_vectors = dict(zip(extra, store.vectors(extra))) if extra else {}
    for i, claim in enumerate(new_claims):
        have = {key for key, _ in nearest[i]}
        nearest[i] = nearest[i] + [(k, round(float(extra_vectors[k] @ vectors[i]), 6)) for k in sorted(thesis.get(claim.id, ())) if k not in have]
    candidates = candidate_pairs(new_claims, nearest, stored, settings.thresholds, thesis)
    progress("judge")
    by_corpus_id = {s.claim.id: s for s in stored.values()}
    involved = new_claims + [by_corpus_id[i].claim for i in sorted({p.b for p in candidates})]
    # One NLI call per new document, so a file's findings do not depend on what was checked with it.
    doc_of = {c.id: c.doc_id for c in new_claims}
    judged = []
    for document in documents:
        own = [p for p in candidates if doc_of[p.a] == document.id]
        judged += judge.judge_pairs(own, involved, nli, settings.thresholds) if own else []
    best_cosine = {claim.id: (found[0][1] if found else 0.0) for claim, found in zip(new_claims, nearest)}
    findings, restated = _findings(judged, new_claims, new_place, by_corpus_id, best_cosine)

    shown_kinds = {"contradiction", *options.show} | {k for k in KINDS if RANK[k] >= FAIL_ON[options.fail_on]}
    findings = [f for f in findings if f.kind in shown_kinds and f.confidence >= options.min_confidence]
    accepted = {s.fingerprint for s in baseline}
    findings = sorted((replace(f, suppressed=f.fingerprint in accepted) for f in findings), key=_finding_order)
    matched = {f.fingerprint for f in findings}
    # A suppression is stale only if its file was checked this time (by path or, after a move, by name):
    # a pre-commit run that checks two files must not call every other file's suppressions stale.
    checked = {display_path(d.source) for d in documents}
    checked_names = {Path(c).name for c in checked}
    stale = tuple(
        s for s in baseline
        if s.fingerprint not in matched and s.kind in shown_kinds and (not s.file or s.file in checked or Path(s.file).name in checked_names)
    )
    corpus_documents, corpus_claims = store.counts()
    return CheckResult(
        files=tuple(display_path(d.source) for d in documents),
        documents=len(documents),
        claims=len(new_claims),
        restated=len(restated),
        corpus={"store": display_path(corpus_label or str(store.path)), "documents": corpus_documents, "claims": corpus_claims, "embedding_model": store.meta.get("embedding_model")},
        findings=tuple(f for f in findings if not f.suppressed),
        suppressed=tuple(f for f in findings if f.suppressed),
        stale=stale,
        options=options,
        settings=settings.describe(),
    )


THESIS_SEARCH = 200  # corpus claims the ANN index returns for each new headline/question, before keeping ledes


def thesis_links(new_claims: Sequence[Claim], vectors: np.ndarray, store: Store, excluded: set[int], t: Thresholds) -> dict[str, set[int]]:
    """align's thesis rule across the store: new headlines/questions vs corpus ledes, new ledes vs corpus theses.

    A stance clash between one article's thesis and another's lede embeds far apart (the seeds'
    "Why is Beijing aiding Moscow so ardently?" vs "China has kept its distance", cosine 0.46), so
    plain nearest-neighbour retrieval misses it; `compare` pairs theses with ledes explicitly and
    the gate does the same against the whole corpus.
    """
    links: dict[str, set[int]] = {}
    thesis_rows = [i for i, c in enumerate(new_claims) if c.headline or c.question]
    if thesis_rows:
        found = store.nearest(vectors[thesis_rows], THESIS_SEARCH)
        ledes = store.claims({key for hits in found for key, cosine in hits if cosine >= t.thesis_cosine_floor and key not in excluded})
        for row, hits in zip(thesis_rows, found):
            keep = [key for key, cosine in hits if key in ledes and ledes[key].claim.index < t.lede_claims and cosine >= t.thesis_cosine_floor]
            links.setdefault(new_claims[row].id, set()).update(keep[: t.thesis_neighbours])
    lede_rows = [i for i, c in enumerate(new_claims) if c.index < t.lede_claims]
    keys, thesis_vectors = store.thesis_vectors()
    if lede_rows and keys:
        scores = vectors[lede_rows] @ thesis_vectors.T
        for row, line in zip(lede_rows, scores):
            best = [keys[j] for j in np.argsort(-line, kind="stable") if line[j] >= t.thesis_cosine_floor and keys[j] not in excluded][: t.thesis_neighbours]
            links.setdefault(new_claims[row].id, set()).update(best)
    return {cid: keys for cid, keys in links.items() if keys}


def candidate_pairs(
    new_claims: Sequence[Claim],
    nearest: Sequence[Sequence[tuple[int, float]]],
    stored: dict[int, StoredClaim],
    t: Thresholds,
    thesis: dict[str, set[int]] | None = None,
) -> list[CandidatePair]:
    """The retrieved neighbours worth an NLI call, scored and explained the way `align` does it.

    Pairs are (new claim, corpus claim); the reasons are align's: close embeddings, near-identical
    wording, a shared number or name between claims that are still topically close, or a thesis
    facing a lede (`thesis_links`).
    """
    thesis = thesis or {}
    from claimdiff.align import lexical_similarity, salient_facts

    candidates = []
    for claim, found in zip(new_claims, nearest):
        facts = salient_facts(claim.text)
        for key, cosine in found:
            other = stored[key].claim
            why = {"thesis"} if key in thesis.get(claim.id, ()) else set()
            if cosine >= t.cosine_floor:
                why.add("embedding")
            if cosine >= t.shared_fact_cosine_floor:
                why.update("shared-number" if fact[0].isdigit() else "shared-entity" for fact in facts & salient_facts(other.text))
            lexical = lexical_similarity(claim.text, other.text)
            if lexical >= t.lexical_floor:
                why.add("lexical")
            if why:
                candidates.append(CandidatePair(a=claim.id, b=other.id, cosine=cosine, lexical=round(lexical, 6), reasons=tuple(sorted(why))))
    return candidates


def _findings(judged, new_claims, new_place, by_corpus_id, best_cosine) -> tuple[list[Finding], set[str]]:
    """One finding per judged pair that means something, plus one per new claim nothing matched."""
    findings: list[Finding] = []
    matched: set[str] = set()
    # A new claim that restates a corpus claim is already published: its clashes with other corpus
    # claims are the corpus's own inconsistencies, not something this file introduces.
    restated = {pair.a for pair in judged if pair.label is Label.PARAPHRASE}
    for pair in judged:
        if pair.label is Label.UNRELATED or (pair.label is Label.CONTRADICTION and pair.a in restated):
            continue
        matched.add(pair.a)
        kind = "contradiction" if pair.label is Label.CONTRADICTION else "agreement"
        other = by_corpus_id[pair.b]
        other_place = Place(display_path(other.source), other.span, other.claim.text, other.claim.id)
        new = new_place[pair.a]
        findings.append(
            Finding(
                kind=kind,
                label=pair.label.value,
                confidence=round(float(pair.confidence), 4),
                new=new,
                other=other_place,
                explanation=_explain(pair.explanation),
                evidence=tuple((e.kind, e.a_text, e.b_text) for e in pair.evidence),
                cosine=round(float(pair.cosine), 4),
                fingerprint=fingerprint(kind, new.claim, other_place.claim),
            )
        )
    for claim in new_claims:
        if claim.id in matched or claim.question:  # a question asserts nothing to be unique about
            continue
        place, nearest = new_place[claim.id], best_cosine.get(claim.id, 0.0)
        findings.append(
            Finding(
                kind="unique",
                label="unique",
                confidence=round(1.0 - max(0.0, nearest), 4),
                new=place,
                other=None,
                explanation=f"no corpus claim supports or contradicts it (nearest cosine {nearest:.2f})",
                evidence=(),
                cosine=round(nearest, 4),
                fingerprint=fingerprint("unique", place.claim, None),
            )
        )
    return findings, restated


def _renamed(document: Document, taken: set[str]) -> Document:
    """A new document whose id a corpus document already has gets another, so claim ids stay unique."""
    if document.id not in taken:
        return document
    return replace(document, id=f"{document.id}~new")


def _finding_order(f: Finding):
    other = f.other
    return (f.new.file, f.new.span.line, f.new.span.column, -f.rank, other.file if other else "", other.span.line if other else 0, f.fingerprint)


# ---------------------------------------------------------------- baseline


def baseline_from(result: CheckResult) -> str:
    """Every failing-level finding of this run, suppressed and not, as a reviewed baseline."""
    threshold = min(FAIL_ON[result.options.fail_on], RANK["contradiction"])
    entries = {}
    for f in (*result.findings, *result.suppressed):
        if f.rank >= threshold:
            entries[f.fingerprint] = {"fingerprint": f.fingerprint, "kind": f.kind, "file": f.new.file, "claim": f.new.claim, "other": f.other.claim if f.other else None, "other_file": f.other.file if f.other else None}
    document = {"schema": BASELINE_SCHEMA, "version": BASELINE_VERSION, "suppressions": [entries[k] for k in sorted(entries)]}
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def load_baseline(path: Path) -> list[Suppression]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClaimdiffError(f"baseline file not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ClaimdiffError(f"cannot read baseline {path}: {error}") from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA or not isinstance(data.get("suppressions"), list):
        raise ClaimdiffError(f"not a claimdiff baseline: {path} (write one with `claimdiff baseline NEW... --against STORE -o FILE`)")
    if data.get("version") != BASELINE_VERSION:
        raise ClaimdiffError(f"baseline {path} has version {data.get('version')}, this claimdiff reads version {BASELINE_VERSION}")
    entries = []
    for n, item in enumerate(data["suppressions"], 1):
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str) or item.get("kind") not in KINDS:
            raise ClaimdiffError(f"baseline {path}: suppression {n} needs a 'fingerprint' and a 'kind' ({', '.join(KINDS)})")
        entries.append(Suppression(item["fingerprint"], item["kind"], str(item.get("file") or ""), str(item.get("claim") or ""), item.get("other")))
    return entries


# ---------------------------------------------------------------- output formats


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    return {kind: sum(1 for f in findings if f.kind == kind) for kind in KINDS}


def summary_line(result: CheckResult) -> str:
    scope = (
        f"{_plural(len(result.files), 'file')}, {_plural(result.claims, 'claim')} checked against "
        f"{_plural(result.corpus['documents'], 'document')} ({_plural(result.corpus['claims'], 'claim')})"
    )
    counts = _counts(result.findings)
    names = {"contradiction": "contradiction", "unique": "unique claim", "agreement": "agreement"}
    found = ", ".join(_plural(counts[k], names[k]) for k in KINDS if counts[k])
    extra = f"; {len(result.suppressed)} suppressed by the baseline" if result.suppressed else ""
    if not result.failing:
        verdict = f"clean (nothing at or above --fail-on {result.options.fail_on})" if result.options.fail_on != "never" else "clean (--fail-on never)"
        return f"claimdiff check: {verdict}: {scope}{'; ' + found if found else ''}{extra}"
    return f"claimdiff check: {_plural(len(result.failing), 'finding')} at or above --fail-on {result.options.fail_on} ({found}): {scope}{extra}"


def _where(place: Place) -> str:
    return f"{place.file}:{place.span.line}:{place.span.column}"


def render_text(result: CheckResult) -> str:
    """Compiler-style lines; just the summary when there is nothing to show."""
    lines = []
    for f in result.findings:
        head = f"{_where(f.new)}: {f.level}: {f.kind if f.kind != 'agreement' else f.label} ({f.confidence:.2f})"
        if f.other:
            head += f" with {_where(f.other)}"
        lines.append(head)
        lines.append(f"    new:    {_one_line(f.new.claim)}")
        if f.other:
            lines.append(f"    corpus: {_one_line(f.other.claim)}")
        lines.append(f"    why:    {f.explanation}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def stale_notes(result: CheckResult) -> list[str]:
    return [f"note: baseline suppression {s.fingerprint[:12]} ({s.kind}: {_one_line(s.claim)[:80]}) no longer matches; remove it from the baseline" for s in result.stale]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _finding_json(f: Finding) -> dict:
    def place(p: Place | None):
        if p is None:
            return None
        return {"file": p.file, "line": p.span.line, "column": p.span.column, "end_line": p.span.end_line, "end_column": p.span.end_column, "claim": p.claim, "claim_id": p.claim_id}

    return {
        "kind": f.kind,
        "level": f.level,
        "label": f.label,
        "confidence": f.confidence,
        "cosine": f.cosine,
        "new": place(f.new),
        "corpus": place(f.other),
        "explanation": f.explanation,
        "evidence": [{"kind": k, "new": a, "corpus": b} for k, a, b in f.evidence],
        "fingerprint": f.fingerprint,
        "suppressed": f.suppressed,
    }


def render_json(result: CheckResult) -> str:
    """Versioned and byte-identical for the same input, store and models (sorted keys, no times)."""
    document = {
        "schema": CHECK_SCHEMA,
        "schema_version": CHECK_SCHEMA_VERSION,
        "claimdiff_version": claimdiff.__version__,
        "files": list(result.files),
        "claims": result.claims,
        "restated_claims": result.restated,
        "corpus": result.corpus,
        "options": {"fail_on": result.options.fail_on, "min_confidence": result.options.min_confidence, "show": list(result.options.show), "neighbours": result.options.neighbours},
        "settings": result.settings,
        "summary": {**_counts(result.findings), "suppressed": len(result.suppressed), "failing": len(result.failing), "exit_code": result.exit_code},
        "findings": [_finding_json(f) for f in result.findings],
        "suppressed": [_finding_json(f) for f in result.suppressed],
        "stale_suppressions": [{"fingerprint": s.fingerprint, "kind": s.kind, "file": s.file, "claim": s.claim, "other": s.other} for s in result.stale],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def markdown_escape(text: str) -> str:
    """Article text is untrusted: no markup, links, HTML or table breaks may come through."""
    text = _one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_markdown(result: CheckResult) -> str:
    """For a pull-request comment: one line when clean, else a table and the reasons."""
    if not result.findings and not result.stale:
        return f"**claimdiff check**: {markdown_escape(summary_line(result).removeprefix('claimdiff check: '))}\n"
    lines = ["### claimdiff check", "", markdown_escape(summary_line(result).removeprefix("claimdiff check: ")), ""]
    if result.findings:
        lines += ["| | New claim | Corpus claim | Confidence | Why |", "|---|---|---|---|---|"]
        icon = {"error": "❌", "warning": "⚠️", "note": "ℹ️"}
        for f in result.findings:
            new = f"{markdown_escape(f.new.claim)}<br>`{_where(f.new).replace('`', '')}`"
            other = f"{markdown_escape(f.other.claim)}<br>`{_where(f.other).replace('`', '')}`" if f.other else "—"
            kind = f.kind if f.kind != "agreement" else f.label
            lines.append(f"| {icon[f.level]} {kind} | {new} | {other} | {f.confidence:.2f} | {markdown_escape(f.explanation)} |")
        lines.append("")
    for note in stale_notes(result):
        lines.append(f"- {markdown_escape(note)}")
    return "\n".join(lines).rstrip("\n") + "\n"


def _uri(path: str) -> str:
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/")


def _region(span: Span, snippet: str) -> dict:
    return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column, "snippet": {"text": snippet}}


def render_sarif(result: CheckResult) -> str:
    """SARIF 2.1.0: one result per finding, located at the new claim; the corpus claim is a related location."""
    rule_ids = [RULES[k][0] for k in KINDS]
    rules = [{"id": RULES[k][0], "name": k, "shortDescription": {"text": RULES[k][1]}, "defaultConfiguration": {"level": LEVEL[k]}} for k in KINDS]
    results = []
    for f in (*result.findings, *result.suppressed):
        message = f"{f.kind if f.kind != 'agreement' else f.label} ({f.confidence:.2f}): {_one_line(f.new.claim)}"
        if f.other:
            message += f" — corpus {f.other.file}:{f.other.span.line}: {_one_line(f.other.claim)}"
        message += f" [{f.explanation}]"
        item = {
            "ruleId": RULES[f.kind][0],
            "ruleIndex": rule_ids.index(RULES[f.kind][0]),
            "level": f.level,
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.new.file)}, "region": _region(f.new.span, f.new.claim)}}],
            "partialFingerprints": {"claimdiff/v1": f.fingerprint},
            "properties": {"confidence": f.confidence, "cosine": f.cosine, "label": f.label},
        }
        if f.other:
            item["relatedLocations"] = [
                {"id": 1, "message": {"text": _one_line(f.other.claim)}, "physicalLocation": {"artifactLocation": {"uri": _uri(f.other.file)}, "region": _region(f.other.span, f.other.claim)}}
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


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the new file's line."""
    command = {"error": "error", "warning": "warning", "note": "notice"}
    lines = []
    for f in result.findings:
        props = {"file": f.new.file, "line": f.new.span.line, "col": f.new.span.column, "endLine": f.new.span.end_line, "endColumn": f.new.span.end_column, "title": f"claimdiff {f.kind if f.kind != 'agreement' else f.label}"}
        message = f"{_one_line(f.new.claim)}"
        if f.other:
            message += f" — contradicts {_where(f.other)}: {_one_line(f.other.claim)}" if f.kind == "contradiction" else f" — corpus {_where(f.other)}: {_one_line(f.other.claim)}"
        message += f" ({f.explanation}; confidence {f.confidence:.2f})"
        encoded = ",".join(f"{key}={_github_property(str(value))}" for key, value in props.items())
        lines.append(f"::{command[f.level]} {encoded}::{_github_data(message)}")
    for note in stale_notes(result):
        lines.append(f"::notice title=claimdiff baseline::{_github_data(note)}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown, "sarif": render_sarif, "github": render_github}


def render(result: CheckResult, fmt: str) -> str:
    return RENDERERS[fmt](result)


# ---------------------------------------------------------------- files


def refuse_overwriting(outputs: Sequence[Path | None], sources: Sequence[str]) -> None:
    """A report written over an article would destroy the input it describes."""
    inputs = {Path(s).resolve() for s in sources if s != "-"}
    for output in outputs:
        if output is not None and Path(output).resolve() in inputs:
            raise ClaimdiffError(f"refusing to overwrite an input file with the output: {output}")


def write_atomic(path: Path, text: str) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        raise ClaimdiffError(f"cannot write {path}: {error.strerror or error}") from None


# ---------------------------------------------------------------- what the CLI calls


def run_check(
    sources: Sequence[str],
    against: str | None,
    settings: Settings,
    options: CheckSettings,
    *,
    baseline_path: Path | None = None,
    embedder=None,
    nli=None,
    progress: Progress = lambda m: None,
) -> CheckResult:
    missing = [s for s in sources if s != "-" and not Path(s).exists()]
    if missing:
        raise ClaimdiffError(f"file not found: {missing[0]}")
    baseline = load_baseline(baseline_path) if baseline_path is not None else []
    embedder = embedder or load_embedder(settings)
    with corpus_store(against or options.store, settings, options, embedder, progress) as store:
        nli = nli or load_nli(settings)
        return check_files(sources, store, settings, options, embedder=embedder, nli=nli, baseline=baseline, corpus_label=against or options.store, progress=progress)
