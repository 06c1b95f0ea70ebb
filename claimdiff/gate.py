"""The CI gate: check new articles against an indexed corpus and fail the build on checkable clashes.

`claimdiff check NEW... --against STORE_OR_DIR` runs the same stages as `compare` (ingest,
claims, facts, embed, judge) but finds candidate pairs through the store's ANN index instead of
comparing every document with every other, so a check costs the same for a corpus of a hundred
articles or of ten thousand. Findings are one per judged pair (conflict, misquote,
contradiction, divergence, agreement) or per new claim that nothing in the corpus supports
("unique"); each has a fingerprint made of the normalised claim texts, so a baseline of reviewed
findings survives edits that move a sentence or re-number documents.

Each finding falls under one level rule (`LEVEL_RULES`) whose level (error, warning, note or
off) comes from the [check.levels] table. A gate that fails ordinary articles gets switched off,
so by default only checkable evidence is an error: fact conflicts, misquotes whose differing words
change what was said (`conflict_rule`) and contradictions the judge backs with a differing fact
(`level_rule`); the judge never contradicts on NLI alone.
`--fail-on` names the lowest level that fails the run (exit 1); errors in the input exit 2.
The output formats live in claimdiff.report (one module per format, claimdiff.report.check).
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

import numpy as np

from claimdiff.align import centroid
from claimdiff.config import DEFAULT_CHECK_LEVELS, CheckSettings, Settings, Thresholds, raw_table
from claimdiff.errors import ClaimdiffError
from claimdiff.model import CandidatePair, Claim, Conflict, Document, Evidence, Fact, JudgedPair, Label
from claimdiff.store import IndexStats, Span, Store, StoredClaim, embed_texts, embedding_build, is_store, locate_claims, read_raw

BASELINE_SCHEMA = "claimdiff/baseline"
BASELINE_VERSION = 1
FINGERPRINT_VERSION = "v1"

KINDS = ("conflict", "misquote", "contradiction", "divergence", "unique", "agreement")  # most to least severe
LEVELS = ("error", "warning", "note")  # most to least severe; "off" drops a finding
LEVEL_RANK = {"note": 1, "warning": 2, "error": 3}
# Level rule -> finding kind: a contradiction is "contradiction" (backed) or "unbacked_contradiction".
LEVEL_RULES = {
    rule: {"unbacked_contradiction": "contradiction", "loose_conflict": "conflict", "misquote_wording": "misquote"}.get(rule, rule)
    for rule, _ in DEFAULT_CHECK_LEVELS
}
FAIL_ON_LEVELS = ("error", "warning", "note", "never")
# Evidence a reader can check in the two sentences: the fact stage's conflict kinds (which the judge
# puts in Evidence.kind when a fact conflict decided the pair) and differences.py's numbers and dates.
CHECKABLE_EVIDENCE = frozenset({"date", "time", "number", "quantity", "money", "percent", "role", "status", "outcome", "entity", "attribution", "quote", "order"})

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
    from claimdiff.report.check import FORMATS

    options = {}
    values = dict(values)
    if "levels" in values:
        options["levels"] = _levels(values.pop("levels"))
    level_of = dict(options.get("levels", DEFAULT_CHECK_LEVELS))
    for key, value in values.items():
        if key == "show":
            items = value.split(",") if isinstance(value, str) else list(value)
            show = tuple(sorted({str(item).strip().lower() for item in items if str(item).strip()}))
            bad = [item for item in show if item not in KINDS]
            if bad:
                raise ClaimdiffError(f"--show takes a comma-separated list of {', '.join(KINDS)}; got {', '.join(bad)}")
            options[key] = show
        elif key == "fail_on":
            options[key] = _fail_on(str(value).lower(), level_of)
        elif key == "format":
            if str(value).lower() not in FORMATS:
                raise ClaimdiffError(f"--format must be one of {', '.join(FORMATS)}; got {value!r}")
            options[key] = str(value).lower()
        elif key in ("min_confidence", "conflict_min_cosine"):
            name = "--min-confidence" if key == "min_confidence" else f"[check] {key}"
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ClaimdiffError(f"{name} must be a number between 0 and 1; got {value!r}") from None
            if not 0.0 <= number <= 1.0:
                raise ClaimdiffError(f"{name} must be between 0 and 1; got {number}")
            options[key] = number
        elif key == "store":
            options[key] = str(value)
        else:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ClaimdiffError(f"[check] {key} must be a positive integer; got {value!r}")
            options[key] = value
    return replace(CheckSettings(), **options)


def _levels(table) -> tuple[tuple[str, str], ...]:
    """[check.levels]: the defaults with the rules the table names set to another level."""
    if not isinstance(table, dict):
        raise ClaimdiffError("[check] levels must be a table of rule = level, e.g. [check.levels] divergence = \"error\"")
    chosen = dict(DEFAULT_CHECK_LEVELS)
    for rule, level in table.items():
        key = str(rule).replace("-", "_").lower()
        if key not in chosen:
            raise ClaimdiffError(f"unknown rule in [check.levels]: {rule} (known: {', '.join(chosen)})")
        if str(level).lower() not in (*LEVELS, "off"):
            raise ClaimdiffError(f"[check.levels] {rule} must be error, warning, note or off; got {level!r}")
        chosen[key] = str(level).lower()
    return tuple(chosen.items())


def _fail_on(value: str, level_of: dict[str, str]) -> str:
    """A level, or a finding kind standing for the (highest) level that kind gets."""
    if value in FAIL_ON_LEVELS:
        return value
    if value in KINDS:
        levels = [level_of[rule] for rule, kind in LEVEL_RULES.items() if kind == value and level_of[rule] != "off"]
        return max(levels, key=LEVEL_RANK.__getitem__) if levels else "never"
    raise ClaimdiffError(f"--fail-on must be one of {', '.join(FAIL_ON_LEVELS)} or a finding kind ({', '.join(KINDS)}); got {value!r}")


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
    kind: str  # conflict | misquote | contradiction | divergence | unique | agreement
    label: str  # the judge's label (contradiction, divergence, agreement, paraphrase); the Conflict kind
    #             for a conflict or misquote ("date", "quote"); "unique" for a unique claim
    confidence: float
    new: Place
    other: Place | None  # the corpus claim; None for a unique claim
    explanation: str
    evidence: tuple[tuple[str, str, str], ...]  # (kind, new side, corpus side)
    cosine: float
    fingerprint: str
    level: str  # error | warning | note, from the [check.levels] entry of `rule`
    rule: str  # the level rule it falls under (a key of LEVEL_RULES)
    suppressed: bool = False
    subject: str = ""  # for a conflict or misquote: what both claims are about ("fire: start time")
    diff: tuple[tuple[str, str], ...] = ()  # a misquote's word diff, new -> corpus: ("=", words), ("-", new only), ("+", corpus only)
    also: tuple[Place, ...] = ()  # further corpus claims in the very same words (syndicated copies), folded into this finding

    @property
    def rank(self) -> int:
        return LEVEL_RANK[self.level]


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
        return tuple(f for f in self.findings if fails(f.level, self.options.fail_on))

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0


def fails(level: str, fail_on: str) -> bool:
    return fail_on != "never" and LEVEL_RANK.get(level, 0) >= LEVEL_RANK[fail_on]


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
    by_corpus_id = {s.claim.id: s for s in stored.values()}
    judged: list[JudgedPair] = []
    conflicts: list[Conflict] = []
    # Facts and NLI per new document, so a file's findings do not depend on what was checked with it.
    for (document, doc_claims), rows in zip(per_document, _rows_per_document(per_document)):
        own_ids = {c.id for c in doc_claims}
        own = [p for p in candidates if p.a in own_ids]
        partners = sorted({by_corpus_id[p.b] for p in own}, key=lambda s: (s.path, s.claim.index))
        progress("facts")
        doc_facts, doc_conflicts = fact_conflicts(document, doc_claims, partners, store)
        own += _conflict_pairs(doc_conflicts, own, doc_claims, vectors[rows], by_corpus_id, store)
        # One story or two? A corpus holds many: facts of two stories never conflict (align.same_story).
        mine = centroid(vectors[rows])
        theirs = store.document_centroids({s.claim.doc_id for s in partners})
        same_story = {d: float(mine @ c) >= settings.thresholds.same_story_cosine for d, c in theirs.items()}
        own = [replace(p, same_story=same_story.get(by_corpus_id[p.b].claim.doc_id, False)) for p in own]
        progress("judge")
        involved = list(doc_claims) + [s.claim for s in partners]
        doc_judged = judge.judge_pairs(own, involved, nli, settings.thresholds, conflicts=doc_conflicts, facts=doc_facts) if own else []
        judged += doc_judged
        decided = {(p.a, p.b) for p in doc_judged if p.label is Label.CONTRADICTION}
        conflicts += [c for c in doc_conflicts if (c.a, c.b) in decided]  # the conflicts the judge accepted, as compare lists them
    best_cosine = {claim.id: (found[0][1] if found else 0.0) for claim, found in zip(new_claims, nearest)}
    findings, restated = _findings(judged, conflicts, new_claims, new_place, by_corpus_id, best_cosine, options)
    findings = [f for f in findings if _shown(f, options) and f.confidence >= options.min_confidence]
    accepted = {s.fingerprint for s in baseline}
    findings = _fold_copies(sorted((replace(f, suppressed=f.fingerprint in accepted) for f in findings), key=_finding_order))
    matched = {f.fingerprint for f in findings}
    # A suppression is stale only if its file was checked this time (by path or, after a move, by name):
    # a pre-commit run that checks two files must not call every other file's suppressions stale.
    checked = {display_path(d.source) for d in documents}
    checked_names = {Path(c).name for c in checked}
    stale = tuple(
        s for s in baseline
        if s.fingerprint not in matched and s.kind in _reportable_kinds(options) and (not s.file or s.file in checked or Path(s.file).name in checked_names)
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


def _rows_per_document(per_document) -> list[list[int]]:
    """Each new document's rows in the new claims' vector matrix."""
    rows, start = [], 0
    for _, doc_claims in per_document:
        rows.append(list(range(start, start + len(doc_claims))))
        start += len(doc_claims)
    return rows


def fact_conflicts(document: Document, doc_claims: Sequence[Claim], partners: Sequence[StoredClaim], store: Store) -> tuple[list[Fact], list[Conflict]]:
    """The fact stage over one new document and the corpus claims it was paired with.

    Linear in what the check already retrieved: the partners' documents are read from the store
    for their dates, and only conflicts between a new claim and a corpus claim are kept (new
    claim as side a), since the corpus's own inconsistencies are not this file's.
    """
    from claimdiff import facts

    if not partners:
        return [], []
    corpus_documents = store.documents_by_id({s.claim.doc_id for s in partners})
    documents = [document, *(corpus_documents[d] for d in sorted(corpus_documents))]
    claims = [*doc_claims, *(s.claim for s in partners)]
    found_facts = list(facts.extract_facts(documents, claims))
    new_ids = {c.id for c in doc_claims}
    corpus_ids = {s.claim.id for s in partners}
    kept = []
    for conflict in facts.find_conflicts(found_facts, claims):
        if conflict.a in corpus_ids and conflict.b in new_ids:
            conflict = _swapped(conflict)
        if conflict.a in new_ids and conflict.b in corpus_ids:
            kept.append(conflict)
    return found_facts, kept


def _swapped(c: Conflict) -> Conflict:
    flipped = {"-": "+", "+": "-"}
    return replace(c, a=c.b, b=c.a, a_value=c.b_value, b_value=c.a_value, a_span=c.b_span, b_span=c.a_span, diff=tuple((flipped.get(op, op), words) for op, words in c.diff))


def _conflict_pairs(conflicts, own, doc_claims, doc_vectors, by_corpus_id, store) -> list[CandidatePair]:
    """A conflict's two claims are always judged (align's `required`), even when retrieval did not pair them."""
    from claimdiff.align import lexical_similarity

    have = {(p.a, p.b) for p in own}
    missing = sorted({(c.a, c.b) for c in conflicts} - have)
    if not missing:
        return []
    row_of = {c.id: i for i, c in enumerate(doc_claims)}
    text_of = {c.id: c.text for c in doc_claims}
    corpus_vectors = dict(zip(sorted({by_corpus_id[b].key for _, b in missing}), store.vectors(sorted({by_corpus_id[b].key for _, b in missing}))))
    pairs = []
    for a, b in missing:
        other = by_corpus_id[b]
        cosine = round(float(corpus_vectors[other.key] @ doc_vectors[row_of[a]]), 6)
        pairs.append(CandidatePair(a=a, b=b, cosine=cosine, lexical=round(lexical_similarity(text_of[a], other.claim.text), 6), reasons=("fact",)))
    return pairs


def level_rule(kind: str, pair: JudgedPair | None, texts: tuple[str, str], options: CheckSettings) -> str:
    """Which [check.levels] entry a finding falls under; only a contradiction has two.

    A contradiction is backed when a reader can check it in the two sentences: the judge's
    evidence is a differing fact (a date, a number, a conflict kind), with amounts in the same
    currency. The judge's other contradictions (one actor's fact negated or withheld on one side)
    rest on two parses and stay warnings, as divergences do.
    """
    if kind != "contradiction" or pair is None:
        return kind
    if any(e.kind in CHECKABLE_EVIDENCE and _same_currency(e, *texts) for e in pair.evidence):
        return "contradiction"
    return "unbacked_contradiction"


def conflict_rule(conflict: Conflict, cosine: float, options: CheckSettings) -> str:
    """"conflict", or "loose_conflict" for a fact conflict between sentences less than [check]
    conflict_min_cosine close: two sentences that say nearly the same thing with another value are
    a reviewer's job; loosely related sentences of one story (two airstrikes, a total and a share)
    are often two events. A misquote is "misquote" when the words that differ change what the
    speaker said, "misquote_wording" when they do not (word order, an added pronoun, "really", "can't"
    for "cannot", "my lost" for "my loss": quotes.wording_only): a reviewer must fix the first."""
    if conflict.kind == "quote":
        from claimdiff.quotes import wording_only

        return "misquote_wording" if wording_only(conflict.a_value, conflict.b_value) else "misquote"
    return "conflict" if cosine >= options.conflict_min_cosine else "loose_conflict"


def _same_currency(evidence: Evidence, a_text: str, b_text: str) -> bool:
    """False for "£300" vs "$460": amounts in two currencies are not a differing number."""

    def symbols(text: str, span: tuple[int, int]) -> set[str]:
        around = text[max(0, span[0] - 4) : span[0]] + text[span[1] : span[1] + 4]
        return {ch for ch in around if unicodedata.category(ch) == "Sc"}

    a, b = symbols(a_text, evidence.a_span), symbols(b_text, evidence.b_span)
    return not (a and b and a != b)


def _shown(finding: Finding, options: CheckSettings) -> bool:
    """Errors and warnings always; notes when --show names their kind or --fail-on reaches them."""
    if finding.level == "off":
        return False
    return finding.rank >= LEVEL_RANK["warning"] or finding.kind in options.show or fails(finding.level, options.fail_on)


def _reportable_kinds(options: CheckSettings) -> set[str]:
    """Kinds a finding of which could be shown with these options (a stale suppression of another kind is not news)."""
    return {
        LEVEL_RULES[rule]
        for rule, level in options.levels
        if level != "off" and (LEVEL_RANK[level] >= LEVEL_RANK["warning"] or LEVEL_RULES[rule] in options.show or fails(level, options.fail_on))
    }


def _findings(judged, conflicts, new_claims, new_place, by_corpus_id, best_cosine, options) -> tuple[list[Finding], set[str]]:
    """One finding per fact conflict and per judged pair that means something, plus one per new claim nothing matched."""
    findings: list[Finding] = []
    matched: set[str] = set()
    level_of = options.level_of
    # A new claim that restates a corpus claim is already published: its clashes with other corpus
    # claims are the corpus's own inconsistencies, not something this file introduces.
    restated: dict[str, set[str]] = {}
    for pair in judged:
        if pair.label is Label.PARAPHRASE:
            restated.setdefault(pair.a, set()).add(pair.b)
    pair_of = {(p.a, p.b): p for p in judged}

    def finding(kind, label, confidence, a, b, explanation, evidence, cosine, rule, subject="", diff=()):
        other = by_corpus_id[b]
        other_place = Place(display_path(other.source), other.span, other.claim.text, other.claim.id)
        new = new_place[a]
        return Finding(
            kind=kind, label=label, confidence=round(float(confidence), 4), new=new, other=other_place,
            explanation=explanation, evidence=evidence, cosine=round(float(cosine), 4),
            fingerprint=fingerprint(kind, new.claim, other_place.claim), level=level_of[rule], rule=rule, subject=subject, diff=tuple(diff),
        )

    # A fact conflict says more than the judge's label for the same pair, so it replaces it; and a
    # paraphrase of that very corpus claim does not hide it (the fact stage reads the differing value).
    conflict_pairs = set()
    for conflict in conflicts:
        if restated.get(conflict.a, set()) - {conflict.b} or (conflict.a, conflict.b) in conflict_pairs:
            continue
        conflict_pairs.add((conflict.a, conflict.b))
        matched.add(conflict.a)
        kind = "misquote" if conflict.kind == "quote" else "conflict"
        pair = pair_of.get((conflict.a, conflict.b))
        cosine = pair.cosine if pair else 0.0
        rule = conflict_rule(conflict, cosine, options)
        evidence = ((conflict.kind, conflict.a_value, conflict.b_value),)
        findings.append(finding(kind, conflict.kind, 1.0, conflict.a, conflict.b, conflict.explanation, evidence, cosine, rule, conflict.subject, conflict.diff))
    for pair in judged:
        if pair.label in (Label.UNRELATED, Label.RELATED) or (pair.a, pair.b) in conflict_pairs:
            continue
        if pair.label in (Label.CONTRADICTION, Label.DIVERGENCE) and pair.a in restated:
            continue
        matched.add(pair.a)
        kind = {Label.CONTRADICTION: "contradiction", Label.DIVERGENCE: "divergence"}.get(pair.label, "agreement")
        texts = (new_place[pair.a].claim, by_corpus_id[pair.b].claim.text)
        rule = level_rule(kind, pair, texts, options)
        evidence = tuple((e.kind, e.a_text, e.b_text) for e in pair.evidence)
        findings.append(finding(kind, pair.label.value, pair.confidence, pair.a, pair.b, _explain(pair.explanation), evidence, pair.cosine, rule))
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
                level=level_of["unique"],
                rule="unique",
            )
        )
    return findings, set(restated)


def _renamed(document: Document, taken: set[str]) -> Document:
    """A new document whose id a corpus document already has gets another, so claim ids stay unique."""
    if document.id not in taken:
        return document
    return replace(document, id=f"{document.id}~new")


def _fold_copies(findings: Sequence[Finding]) -> list[Finding]:
    """One finding per new claim and fingerprint: a wire story that several corpus outlets carry word
    for word is one clash to review, not one per copy; the copies' places go to `also`."""
    first: dict[tuple[str, str, str], int] = {}
    folded: list[Finding] = []
    for f in findings:
        key = (f.new.file, f.new.claim_id, f.fingerprint)
        if key in first and f.other is not None:
            kept = folded[first[key]]
            folded[first[key]] = replace(kept, also=(*kept.also, f.other))
            continue
        first[key] = len(folded)
        folded.append(f)
    return folded


def _finding_order(f: Finding):
    other = f.other
    return (f.new.file, f.new.span.line, f.new.span.column, -f.rank, KINDS.index(f.kind), other.file if other else "", other.span.line if other else 0, f.fingerprint)


# ---------------------------------------------------------------- baseline


def baseline_from(result: CheckResult) -> str:
    """Every error, warning and failing finding of this run, suppressed and not, as a reviewed baseline."""
    entries = {}
    for f in (*result.findings, *result.suppressed):
        if f.rank >= LEVEL_RANK["warning"] or fails(f.level, result.options.fail_on):
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
