"""Who copied whom, which texts were machine-spun, and how many independent sources back each claim.

Three questions, answered only from what earlier stages produced (documents, claims, judged
pairs, clusters), never by calling a model:

1. Derivation. For each document pair, how many of the shorter document's claims have a
   counterpart in the other, how many of those are verbatim, and whether the counterparts keep
   document order. A rewrite keeps the original's order sentence by sentence; two independent
   reports of one event share facts but in their own order and words. That order signal is the
   longest non-decreasing run of matched positions divided by the number of matches.
2. Spin. Synonym-substitution "spinners" leave phrases no writer would choose ("Chinese language
   president", "paid a go to"). Two language-model-free detectors: a packaged list of known
   artefacts, and a word-pair statistic on claims aligned with another document's wording: a
   substituted word pair that English uses far less often than chance, where the replaced wording
   is a collocation, is a likely artefact. The second is precise but catches little (only pairs of
   very common words are frequent enough in the counts to be judged), so the list does most work. Word and word-pair counts are Google Web 1T
   counts (Norvig's count_1w/count_2w) that ship with the `wordsegment` package, read offline.
3. Corroboration. Each derived document is attributed to its single best original, and an
   original with its derived documents forms one source group;
   a cluster's support is the number of distinct groups behind it, and a contradiction is
   "independent" only when its two sides come from different groups.
"""

from __future__ import annotations

import bisect
import difflib
import importlib.resources
import math
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from pathlib import Path

from claimdiff.config import Thresholds
from claimdiff.errors import ClaimdiffError
from claimdiff.model import Claim, Cluster, Document, JudgedPair, Label, Provenance, SourceRelation, SpinFinding

COPY, REWRITE, SHARED_SOURCE, INDEPENDENT = "copy", "rewrite", "shared-source", "independent"
LIST_METHOD, ALIGNED_METHOD = "tortured-phrase-list", "aligned-wording"
MAX_EVIDENCE = 5  # example claim pairs kept per relation
_MAX_SUBSTITUTION = 3  # longer differing stretches are rewording, not word-for-word substitution

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_REPUBLISHED = re.compile(
    r"\b(?:originally|first)\s+(?:published|appeared|posted)\b|\b(?:re-?published|re-?posted|cross-posted|reprinted)\b",
    re.IGNORECASE,
)
_SALIENT = re.compile(r"\d[\d,.]*\d|\d|(?<=[a-z,;:’'\"”)]\s)[A-Z][\w’'-]+")


# ---------------------------------------------------------------------------------------------
# Spin, method (a): known artefacts


@dataclass(frozen=True)
class TorturedPhrase:
    pattern: re.Pattern
    original: str  # may hold \1-style group references
    origin: str


def _compile_entry(kind: str, pattern: str) -> re.Pattern:
    if kind in ("phrase", "cased"):
        words = [re.escape(w) for w in pattern.split()]
        body = r"(?<![\w’'-])" + r"\s+".join(words) + r"(?![\w-])"
        return re.compile(body, 0 if kind == "cased" else re.IGNORECASE)
    if kind in ("regex", "cased-regex"):
        return re.compile(pattern, 0 if kind == "cased-regex" else re.IGNORECASE)
    raise ValueError(f"unknown kind {kind!r}")


def parse_tortured_phrases(text: str) -> tuple[TorturedPhrase, ...]:
    """The data file's rows, compiled; a malformed row is a packaging bug, so it fails loudly."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"tortured_phrases.tsv line {number}: expected 4 tab-separated columns, got {len(parts)}")
        kind, pattern, original, origin = parts
        entries.append(TorturedPhrase(_compile_entry(kind, pattern), original, origin))
    return tuple(entries)


@lru_cache(maxsize=1)
def tortured_phrases() -> tuple[TorturedPhrase, ...]:
    """The packaged list, claimdiff/data/tortured_phrases.tsv (sources are named in the file)."""
    text = importlib.resources.files("claimdiff").joinpath("data", "tortured_phrases.tsv").read_text(encoding="utf-8")
    return parse_tortured_phrases(text)


def find_tortured_phrases(doc_id: str, text: str, entries: Sequence[TorturedPhrase] | None = None) -> list[SpinFinding]:
    """Every listed artefact in the text, with its span and the phrase it most likely replaced."""
    found = []
    for entry in entries if entries is not None else tortured_phrases():
        for match in entry.pattern.finditer(text):
            if match.end() == match.start():
                continue
            original = match.expand(entry.original) if "\\" in entry.original else entry.original
            found.append(SpinFinding(doc_id, match.group(0), original, match.start(), match.end(), LIST_METHOD))
    return found


# ---------------------------------------------------------------------------------------------
# Spin, method (b): substitutions against another document's wording of the same claim


@dataclass(frozen=True)
class WordStatistics:
    """Word and word-pair counts from Google's Web 1T corpus (lowercase), as shipped by wordsegment."""

    words: Mapping[str, int]
    pairs: Mapping[str, int]
    total: float  # words in the whole corpus, not just in the lists
    pair_cutoff: int  # the pair list holds every pair seen at least this often

    def association(self, first: str, second: str) -> tuple[float, bool]:
        """Observed / expected-by-chance count of a word pair, and whether that is only an upper bound.

        A pair missing from the list occurred fewer than `pair_cutoff` times, so its ratio is
        bounded from above; for two frequent words that bound is low, which is what makes an
        unlisted pair of common words odd.
        """
        expected = self.words.get(first, 0) * self.words.get(second, 0) / self.total
        if expected <= 0:
            return math.inf, True
        observed = self.pairs.get(f"{first} {second}")
        if observed is None:
            return self.pair_cutoff / expected, True
        return observed / expected, False


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in text.splitlines():
        key, _, count = line.rpartition("\t")
        if key:
            counts[key] = int(count)
    return counts


class _StoredCounts(Mapping):
    """One table of the on-disk copy of the count lists: a lookup reads one row, nothing is parsed."""

    def __init__(self, connection: sqlite3.Connection, table: str) -> None:
        self.connection, self.table = connection, table

    def __getitem__(self, key: str) -> int:
        row = self.connection.execute(f"SELECT n FROM {self.table} WHERE k = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return row[0]

    def __iter__(self):
        return (k for (k,) in self.connection.execute(f"SELECT k FROM {self.table}"))

    def __len__(self) -> int:
        return self.connection.execute(f"SELECT COUNT(*) FROM {self.table}").fetchone()[0]


def _stored_statistics(cache_dir: Path, words_text, pairs_text, total: float, version: str) -> WordStatistics | None:
    """Parsing the lists takes ~0.4 s on every run; an sqlite copy built once makes lookups instant."""
    path = Path(cache_dir) / f"wordstats-{version}.sqlite"
    try:
        if not path.is_file():
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            building = path.with_suffix(f".{os.getpid()}.tmp")
            with sqlite3.connect(building) as connection:
                for table, text in (("words", words_text()), ("pairs", pairs_text())):
                    connection.execute(f"CREATE TABLE {table} (k TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID")
                    connection.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", _counts(text).items())
            connection.close()
            os.replace(building, path)  # atomic: a concurrent run sees the whole file or none
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        cutoff = connection.execute("SELECT MIN(n) FROM pairs").fetchone()[0]
        return WordStatistics(_StoredCounts(connection, "words"), _StoredCounts(connection, "pairs"), total, int(cutoff))
    except (OSError, sqlite3.Error):
        return None  # an unwritable or broken cache only costs speed


@lru_cache(maxsize=4)
def word_statistics(cache_dir: Path | None = None) -> WordStatistics:
    """Peter Norvig's count_1w/count_2w lists (Google Web 1T), read from the wordsegment package.

    With a cache folder they are read through an sqlite copy kept there, built on first use.
    """
    try:
        import wordsegment
    except ImportError:
        raise ClaimdiffError("spin detection needs the package wordsegment (English word-pair counts): pip install wordsegment") from None
    package = importlib.resources.files("wordsegment")
    words_text = lambda: package.joinpath("unigrams.txt").read_text(encoding="utf-8")  # noqa: E731
    pairs_text = lambda: package.joinpath("bigrams.txt").read_text(encoding="utf-8")  # noqa: E731
    total = float(wordsegment.Segmenter.TOTAL)
    if cache_dir is not None:
        stored = _stored_statistics(cache_dir, words_text, pairs_text, total, getattr(wordsegment, "__version__", "0"))
        if stored is not None:
            return stored
    pairs = _counts(pairs_text())
    return WordStatistics(words=_counts(words_text()), pairs=pairs, total=total, pair_cutoff=min(pairs.values()))


@dataclass(frozen=True)
class Substitution:
    """A suspect stretch of text_a (with one word of context each side) and text_b's wording there."""

    start: int  # character span inside text_a
    end: int
    phrase: str
    original: str
    reason: str


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


def _plain(word: str) -> bool:
    """Lowercase dictionary-style words only: names, numbers and contractions carry no signal here."""
    return word.isalpha() and word.islower()


def _junction_pairs(length: int, changed: range) -> list[tuple[int, int]]:
    """Adjacent word pairs that touch the changed words; for a pure deletion, the pair it joins."""
    if len(changed) == 0:
        at = changed.start
        return [(at - 1, at)] if 0 < at < length else []
    return [(i, i + 1) for i in range(length - 1) if i in changed or i + 1 in changed]


def _chance_pair(suspect: list[str], changed: range, stats: WordStatistics, max_association: float) -> tuple[str, float] | None:
    """A word pair touching the change that English uses no more often than chance (an upper bound)."""
    for i, j in _junction_pairs(len(suspect), changed):
        first, second = suspect[i], suspect[j]
        if not (_plain(first) and _plain(second)):
            continue
        ratio, bound = stats.association(first, second)
        if bound and ratio <= max_association:
            return f"{first} {second}", ratio
    return None


def _is_collocation(wording: list[str], changed: range, stats: WordStatistics, min_collocation: float) -> bool:
    """Every plain word pair touching the change is a listed English word pair, well above chance."""
    touching = [(i, j) for i, j in _junction_pairs(len(wording), changed) if _plain(wording[i]) and _plain(wording[j])]
    if not touching:
        return False
    for i, j in touching:
        ratio, bound = stats.association(wording[i].lower(), wording[j].lower())
        if bound or ratio < min_collocation:
            return False
    return True


def substitution_oddities(
    text_a: str,
    text_b: str,
    *,
    min_wording: float = Thresholds.spin_aligned_wording,
    max_association: float = Thresholds.spin_max_association,
    min_collocation: float = Thresholds.spin_min_collocation,
    stats: WordStatistics | None = None,
) -> list[Substitution]:
    """Word-for-word substitutions that made text_a odd where text_b reads naturally.

    Only for two wordings of one statement that share most words in order: then each short
    differing stretch is a substitution, and the two sides can be compared in the same context.
    A stretch counts when a word pair it creates in text_a is used no more often than chance
    while text_b's wording there is an established collocation. Only lowercase words are read
    (names and numbers carry no word-choice signal); typos and spelling variants are skipped.
    """
    stats = stats or word_statistics()
    tokens_a, tokens_b = _tokens(text_a), _tokens(text_b)
    words_a = [w.lower() for w, _, _ in tokens_a]
    words_b = [w.lower() for w, _, _ in tokens_b]
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    if not words_a or not words_b or matcher.ratio() < min_wording:
        return []
    found = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or i2 - i1 > _MAX_SUBSTITUTION or j2 - j1 > _MAX_SUBSTITUTION or i1 == i2:  # nothing of a's own to blame
            continue
        changed_a, changed_b = " ".join(words_a[i1:i2]), " ".join(words_b[j1:j2])
        if changed_a.replace(" ", "") == changed_b.replace(" ", "") or difflib.SequenceMatcher(None, changed_a, changed_b).ratio() >= 0.8:
            continue  # spacing, typo or spelling variant, not a synonym swap
        left = 1 if i1 > 0 and j1 > 0 and words_a[i1 - 1] == words_b[j1 - 1] else 0
        right = 1 if i2 < len(words_a) and j2 < len(words_b) and words_a[i2] == words_b[j2] else 0
        if not left and not right:
            continue
        # plain-word checks need the original casing: a capitalised word is a name, not a word choice
        window_a = [w for w, _, _ in tokens_a[i1 - left : i2 + right]]
        window_b = [w for w, _, _ in tokens_b[j1 - left : j2 + right]]
        changed_in_a = range(left, left + i2 - i1)
        changed_in_b = range(left, left + j2 - j1)
        odd = _chance_pair(window_a, changed_in_a, stats, max_association)
        if odd is None or not _is_collocation(window_b, changed_in_b, stats, min_collocation):
            continue
        why = f"“{odd[0]}” occurs at most {odd[1]:.1f}× as often as chance"
        start, end = tokens_a[i1 - left][1], tokens_a[i2 + right - 1][2]
        b_start, b_end = tokens_b[j1 - left][1], tokens_b[j2 + right - 1][2]
        found.append(Substitution(start, end, text_a[start:end], text_b[b_start:b_end], why))
    return found


def _aligned_findings(
    documents: Sequence[Document],
    claims: Sequence[Claim],
    pairs: Sequence[JudgedPair],
    thresholds: Thresholds,
    stats: WordStatistics | None = None,
) -> list[SpinFinding]:
    """Method (b) over every pair of claims that state the same thing in two documents."""
    text_of = {d.id: d.text for d in documents}
    by_id = {c.id: c for c in claims}
    found = []
    for pair in pairs:
        if pair.label not in (Label.PARAPHRASE, Label.AGREEMENT) and pair.cosine < thresholds.spin_aligned_cosine:
            continue
        a, b = by_id.get(pair.a), by_id.get(pair.b)
        if a is None or b is None or a.doc_id == b.doc_id:
            continue
        for suspect, other in ((a, b), (b, a)):
            text = text_of[suspect.doc_id][suspect.start : suspect.end]
            other_text = text_of[other.doc_id][other.start : other.end]
            for hit in substitution_oddities(
                text,
                other_text,
                min_wording=thresholds.spin_aligned_wording,
                max_association=thresholds.spin_max_association,
                min_collocation=thresholds.spin_min_collocation,
                stats=stats,
            ):
                found.append(
                    SpinFinding(suspect.doc_id, hit.phrase, hit.original, suspect.start + hit.start, suspect.start + hit.end, ALIGNED_METHOD)
                )
    return found


def _without_overlaps(findings: Iterable[SpinFinding], doc_order: dict[str, int]) -> list[SpinFinding]:
    """One finding per stretch of text: list hits win over statistical ones, then longer, then earlier."""
    ranked = sorted(findings, key=lambda f: (doc_order[f.doc_id], f.method != LIST_METHOD, -(f.end - f.start), f.start))
    kept: dict[str, list[SpinFinding]] = defaultdict(list)
    for finding in ranked:
        if all(finding.end <= k.start or finding.start >= k.end for k in kept[finding.doc_id]):
            kept[finding.doc_id].append(finding)
    return sorted((f for group in kept.values() for f in group), key=lambda f: (doc_order[f.doc_id], f.start, f.end))


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def spin_density(findings: int, words: int) -> float:
    """Findings per 1,000 words."""
    return 1000.0 * findings / max(words, 1)


def is_spun(findings: int, words: int, thresholds: Thresholds) -> bool:
    return findings >= thresholds.spin_min_findings and spin_density(findings, words) >= thresholds.spin_per_1000_words


def detect_spin(
    documents: Sequence[Document],
    claims: Sequence[Claim],
    pairs: Sequence[JudgedPair],
    thresholds: Thresholds,
    stats: WordStatistics | None = None,
) -> tuple[list[SpinFinding], dict[str, float], list[str]]:
    """All findings, each document's density, and the documents that pass the spin thresholds."""
    doc_order = {d.id: i for i, d in enumerate(documents)}
    raw = [f for d in documents for f in find_tortured_phrases(d.id, d.text)]
    raw += _aligned_findings(documents, claims, pairs, thresholds, stats)
    findings = _without_overlaps(raw, doc_order)
    counts: dict[str, int] = defaultdict(int)
    for finding in findings:
        counts[finding.doc_id] += 1
    density, spun = {}, []
    for document in documents:
        words = word_count(document.text)
        density[document.id] = round(spin_density(counts[document.id], words), 3)
        if is_spun(counts[document.id], words, thresholds):
            spun.append(document.id)
    return findings, density, spun


# ---------------------------------------------------------------------------------------------
# Derivation between documents


def wording_similarity(a: str, b: str) -> float:
    """Word-sequence similarity 0..1 (difflib ratio over lowercase words): order-sensitive, unlike token-set ratios."""
    words_a = [w.lower() for w, _, _ in _tokens(a)]
    words_b = [w.lower() for w, _, _ in _tokens(b)]
    if not words_a or not words_b:
        return 0.0
    return difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def longest_non_decreasing(values: Sequence[int]) -> int:
    """Length of the longest non-decreasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []
    for value in values:
        position = bisect.bisect_right(tails, value)
        if position == len(tails):
            tails.append(value)
        else:
            tails[position] = value
    return len(tails)


@dataclass(frozen=True)
class Match:
    """A claim of the shorter document and its best counterpart in the longer one."""

    short_claim: Claim
    long_claim: Claim
    cosine: float
    wording: float


def _is_restatement(pair: JudgedPair, thresholds: Thresholds) -> bool:
    """Does one claim restate the other? NLI's word, or embeddings close enough to settle it alone.

    A rewriter fuses and splits sentences, so NLI often finds entailment one way only, or not at
    all, between a sentence and its rewrite; a very close embedding is then the better witness.
    Below that, entailment one way decides, whatever the label: whether the judge calls such a
    pair agreement or related turns on whether one side adds a checkable detail, which says
    nothing about whether one text was written from the other.
    """
    if pair.label is Label.CONTRADICTION:
        return False
    if pair.label is Label.PARAPHRASE or pair.cosine >= thresholds.restatement_cosine:
        return True
    if pair.nli is None:  # too far apart for NLI to have been run: no restatement
        return False
    entailed = max(pair.nli.forward[0], pair.nli.backward[0]) >= thresholds.agreement_entailment
    consistent = max(pair.nli.forward[2], pair.nli.backward[2]) < thresholds.agreement_max_contradiction
    return pair.label in (Label.AGREEMENT, Label.RELATED) and pair.cosine >= thresholds.derivation_min_cosine and entailed and consistent


def best_matches(short_claims: Sequence[Claim], long_claims: Sequence[Claim], pairs: Sequence[JudgedPair], thresholds: Thresholds) -> list[Match]:
    """For each claim of the shorter document (in order), its closest restating claim in the other."""
    short_ids = {c.id: c for c in short_claims}
    long_ids = {c.id: c for c in long_claims}
    best: dict[str, Match] = {}
    for pair in pairs:
        if not _is_restatement(pair, thresholds):
            continue
        if pair.a in short_ids and pair.b in long_ids:
            mine, theirs = short_ids[pair.a], long_ids[pair.b]
        elif pair.b in short_ids and pair.a in long_ids:
            mine, theirs = short_ids[pair.b], long_ids[pair.a]
        else:
            continue
        current = best.get(mine.id)
        if current is None or (pair.cosine, -theirs.index) > (current.cosine, -current.long_claim.index):
            best[mine.id] = Match(mine, theirs, pair.cosine, wording_similarity(mine.text, theirs.text))
    return [best[c.id] for c in short_claims if c.id in best]


def classify(n_short: int, matches: Sequence[Match], thresholds: Thresholds) -> tuple[str, float, float]:
    """Verdict, shared share and monotonicity for one document pair, from its matches alone."""
    if n_short == 0 or not matches:
        return INDEPENDENT, 0.0, 0.0
    share = len(matches) / n_short
    copied = sum(1 for m in matches if m.wording >= thresholds.copy_wording) / n_short
    reused = sum(1 for m in matches if m.wording >= thresholds.reuse_wording)
    positions = [m.long_claim.index for m in matches]
    monotonicity = longest_non_decreasing(positions) / len(matches) if len(matches) >= 2 else 0.0
    enough = len(matches) >= thresholds.min_derivation_matches
    if enough and copied >= thresholds.copy_share:
        verdict = COPY
    elif enough and share >= thresholds.rewrite_share and monotonicity >= thresholds.rewrite_monotonicity:
        verdict = REWRITE
    elif reused >= thresholds.min_reused_claims and reused / n_short >= thresholds.shared_source_share:
        verdict = SHARED_SOURCE  # the same sentences, worded alike: text was taken, at least in part
    elif enough and share >= thresholds.shared_source_share and monotonicity >= thresholds.rewrite_monotonicity:
        verdict = SHARED_SOURCE  # a run of restated claims in the same order: a partial rewrite
    else:
        verdict = INDEPENDENT
    return verdict, share, monotonicity


def _salient_count(text: str) -> int:
    return len(set(_SALIENT.findall(text)))


def guess_original(a: Document, b: Document, verdict: str, spin_marked: Iterable[str] = ()) -> tuple[str | None, str]:
    """Which document came first, and why; anything short of a date is stated as a guess.

    Of two derived texts, the one with spinner artefacts ("paid a go to") is the copy: spinning
    re-publishes someone else's words, and its synonym swaps ("Primary Minister") even read as
    extra names to the detail count below.
    """
    if verdict == INDEPENDENT:
        return None, "no derivation found"
    if a.date and b.date and a.date != b.date:
        first = a if a.date < b.date else b
        return first.id, f"{first.id} is dated earlier ({first.date} vs {(b if first is a else a).date})"
    marked = set(spin_marked)
    spun_side = [d for d in (a, b) if d.id in marked]
    if len(spun_side) == 1:
        other = b if spun_side[0] is a else a
        return other.id, f"guess: {spun_side[0].id} has spinner artefacts, the marks of re-published text; no dates to compare"
    if verdict == COPY:
        marked = [d for d in (a, b) if _REPUBLISHED.search(d.text) or any(_REPUBLISHED.search(line) for line in d.boilerplate)]
        if len(marked) == 1:
            other = b if marked[0] is a else a
            return other.id, f"guess: {marked[0].id} says it was published elsewhere first; no dates to compare"
    detail = {a.id: _salient_count(a.text), b.id: _salient_count(b.text)}
    if detail[a.id] != detail[b.id]:
        first = a if detail[a.id] > detail[b.id] else b
        other = b if first is a else a
        return first.id, (
            f"guess: {first.id} is more specific ({detail[first.id]} distinct numbers and names vs {detail[other.id]}); "
            "derivatives usually condense; no dates to compare"
        )
    if len(a.text) != len(b.text):
        first = a if len(a.text) > len(b.text) else b
        other = b if first is a else a
        return first.id, f"guess: {first.id} is longer ({len(first.text)} vs {len(other.text)} characters); no dates to compare"
    return None, "cannot tell: same detail and length, no dates"


def relate(
    a: Document,
    b: Document,
    claims_a: Sequence[Claim],
    claims_b: Sequence[Claim],
    pairs: Sequence[JudgedPair],
    thresholds: Thresholds,
    spin_marked: Iterable[str] = (),
) -> SourceRelation:
    """The derivation verdict for one document pair; a and b keep the input order."""
    a_is_short = len(claims_a) <= len(claims_b)
    short, long = (claims_a, claims_b) if a_is_short else (claims_b, claims_a)
    matches = best_matches(short, long, pairs, thresholds)
    verdict, share, monotonicity = classify(len(short), matches, thresholds)
    original, reason = guess_original(a, b, verdict, spin_marked)
    examples = sorted(matches, key=lambda m: (-m.cosine, m.short_claim.index))[:MAX_EVIDENCE]
    examples.sort(key=lambda m: m.short_claim.index)
    evidence = tuple((m.short_claim.id, m.long_claim.id) if a_is_short else (m.long_claim.id, m.short_claim.id) for m in examples)
    return SourceRelation(
        a=a.id,
        b=b.id,
        verdict=verdict,
        original=original,
        direction_reason=reason,
        shared_share=round(share, 4),
        monotonicity=round(monotonicity, 4),
        evidence=evidence,
        matched_claims=len(matches),
    )


# ---------------------------------------------------------------------------------------------
# Corroboration


_LINK_STRENGTH = {COPY: 2, REWRITE: 1, SHARED_SOURCE: 0}


def attribute_originals(documents: Sequence[Document], relations: Sequence[SourceRelation], spun: Iterable[str]) -> dict[str, str]:
    """Each derived document's single best original, strongest link first.

    Links are copy/rewrite relations, and shared-source relations that involve a spun text (spinning
    re-publishes someone else's text). A document gets one original; an original is never itself
    derived, and a derived document is never another's original: a copy of A shares A's text with
    every report that shares facts with A, and that inherited likeness is not a second derivation.
    """
    spun = set(spun)
    order = {d.id: i for i, d in enumerate(documents)}
    links = [
        r
        for r in relations
        if r.original is not None and (r.verdict in (COPY, REWRITE) or (r.verdict == SHARED_SOURCE and {r.a, r.b} & spun))
    ]
    links.sort(key=lambda r: (-_LINK_STRENGTH[r.verdict], -r.shared_share, -r.monotonicity, order[r.a], order[r.b]))
    derived: dict[str, str] = {}
    for relation in links:
        original = relation.original
        copy = relation.b if original == relation.a else relation.a
        if copy in derived or copy in derived.values() or original in derived:
            continue
        derived[copy] = original
    return {copy: derived[copy] for copy in sorted(derived, key=order.__getitem__)}


def source_groups(documents: Sequence[Document], derived: Mapping[str, str]) -> list[tuple[str, ...]]:
    """Each original with the documents derived from it; every other document alone.

    Built from the single attributed original of each derived document, never from every
    relation: two independent reports are not merged because a third document shares text with both.
    """
    order = {d.id: i for i, d in enumerate(documents)}
    groups: dict[str, list[str]] = defaultdict(list)
    for document in documents:
        groups[derived.get(document.id, document.id)].append(document.id)
    return sorted((tuple(g) for g in groups.values()), key=lambda g: order[g[0]])


def analyse(
    documents: Sequence[Document],
    claims: Sequence[Claim],
    pairs: Sequence[JudgedPair],
    clusters: Sequence[Cluster],
    thresholds: Thresholds,
    stats: WordStatistics | None = None,
) -> Provenance:
    """Derivation for every document pair, spin findings, source groups and corroboration counts."""
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_doc[claim.doc_id].append(claim)
    for doc_claims in by_doc.values():
        doc_claims.sort(key=lambda c: c.index)
    doc_of_claim = {c.id: c.doc_id for c in claims}
    pairs_by_docs: dict[frozenset, list[JudgedPair]] = defaultdict(list)
    for pair in pairs:
        if pair.a in doc_of_claim and pair.b in doc_of_claim:
            pairs_by_docs[frozenset((doc_of_claim[pair.a], doc_of_claim[pair.b]))].append(pair)

    # Two documents without a single judged pair between them are independent; listing all
    # n(n-1)/2 of them would make a thousand-article comparison quadratic in time and size.
    findings, density, spun = detect_spin(documents, claims, pairs, thresholds, stats)
    spin_marked = {finding.doc_id for finding in findings}
    relations = tuple(
        relate(a, b, by_doc[a.id], by_doc[b.id], pairs_by_docs[frozenset((a.id, b.id))], thresholds, spin_marked)
        for a, b in combinations(documents, 2)
        if frozenset((a.id, b.id)) in pairs_by_docs
    )
    derived = attribute_originals(documents, relations, spun)
    groups = source_groups(documents, derived)
    group_of = {doc: i for i, group in enumerate(groups) for doc in group}
    support = {cluster.id: len({group_of[d] for d in cluster.doc_ids if d in group_of}) for cluster in clusters}
    independent = {
        f"{pair.a}|{pair.b}": group_of.get(doc_of_claim.get(pair.a)) != group_of.get(doc_of_claim.get(pair.b))
        for pair in pairs
        if pair.label is Label.CONTRADICTION
    }
    return Provenance(
        relations=relations,
        spin=tuple(findings),
        spun_documents=tuple(spun),
        source_groups=tuple(groups),
        cluster_support=support,
        contradiction_independent=independent,
        spin_density=density,
        derived=derived,
    )
