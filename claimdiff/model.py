"""The typed data model that flows one way through the pipeline.

ingest -> Document; claims -> Claim; facts -> Fact and Conflict; embed -> ClaimEmbeddings;
align -> CandidatePair; judge -> JudgedPair and Cluster; provenance -> SourceRelation, SpinFinding,
corroboration; report reads a Comparison. Every record is frozen so a later stage cannot edit an earlier one's output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np


class Label(str, Enum):
    """What an aligned pair of claims says about each other."""

    PARAPHRASE = "paraphrase"  # same meaning: entailment both ways, or near-identical wording
    AGREEMENT = "agreement"  # consistent: one supports or elaborates the other
    CONTRADICTION = "contradiction"  # both cannot be true of the same actor and event (a checkable clash)
    DIVERGENCE = "divergence"  # the same actor's conduct or position portrayed in opposite ways, no checkable clash
    RELATED = "related"  # same event or actor, neither supports nor contradicts; never counted as agreement
    UNRELATED = "unrelated"  # aligned by the retriever but not about the same thing; dropped from reports


@dataclass(frozen=True)
class Document:
    id: str
    text: str  # Unicode NFC, spaces normalised; character offsets of claims index into this
    source: str  # path as given, or "-" for stdin
    title: str | None = None
    date: str | None = None  # ISO date when the document states one
    boilerplate: tuple[str, ...] = ()  # lines ingest removed (bylines, footers...), kept for provenance: "Originally published by..."


@dataclass(frozen=True)
class SkippedInput:
    """A file of a folder that held no article text, so it was left out of the comparison."""

    source: str  # the path, as found under the folder given
    reason: str  # one line, the same words the error would have used


@dataclass(frozen=True)
class Claim:
    id: str  # "<doc id>#<index>", stable for the same input
    doc_id: str
    index: int  # position in the document, 0-based
    text: str
    start: int  # character span of the claim inside Document.text
    end: int
    sentence_start: int  # span of the whole source sentence, for highlighting context
    sentence_end: int
    headline: bool = False
    question: bool = False


@dataclass(frozen=True)
class Slot:
    """One checkable value a claim states, normalised so that two sources can be compared as facts."""

    kind: str  # date | time | number | quantity | money | percent | person | org | place | role | ordinal | status | outcome
    text: str  # as written
    span: tuple[int, int]  # character span inside Claim.text
    value: str  # normalised and comparable: "2026-01-01", "tuesday 21:00", "workers:4", "person:mattis", "role:younger"
    low: float | None = None  # numeric interval the words admit ("about 30" -> 27..33; "more than 150" -> 150..inf)
    high: float | None = None
    unit: str | None = None  # what is counted or measured ("worker", "USD", "%"), a lemma
    scope: str | None = None  # what the value belongs to: for a count, the whole it counts, as topic keys ("study": "500 patients
    #                           took part in the trial"); for a name in a role, whose role ("kestrel mutual": "one of our suppliers, X")


@dataclass(frozen=True)
class Quote:
    """Words a source puts in quotation marks, and who it says spoke them."""

    text: str  # the quoted words, marks removed
    span: tuple[int, int]  # character span inside Claim.text (the words, without the marks)
    speaker: str | None  # normalised speaker key ("pryce"), when the source attributes the quote


@dataclass(frozen=True)
class Fact:
    """What one claim states about one actor: the unit that facts.find_conflicts compares across sources."""

    claim_id: str
    actor: str | None  # normalised subject ("hollins & pryce", "mattis"); None when the parse has none
    predicate: str  # lemma of the main verb, or of the predicate noun/adjective ("take", "resign")
    polarity: bool  # False when the predicate is negated
    modality: str  # "done" | "planned" | "possible" | "denied" | "refused" | "unknown"
    slots: tuple[Slot, ...]
    quotes: tuple[Quote, ...] = ()
    speaker: str | None = None  # who the claim is attributed to ("the fire service said" -> "fire service")
    actor_span: tuple[int, int] | None = None  # inside Claim.text
    predicate_span: tuple[int, int] | None = None
    topic: tuple[str, ...] = ()  # the claim's content keys (lemmas, synonym groups, entity keys), sorted: what
    #                              find_conflicts matches two sources' facts on, so it needs no parser of its own


@dataclass(frozen=True)
class Conflict:
    """Two sources' facts about the same actor and event whose values cannot both be true."""

    kind: str  # date | time | number | quantity | role | status | outcome | entity | attribution | quote | order
    a: str  # claim id, a before b in claim order
    b: str
    a_value: str  # the value as written in a
    b_value: str
    a_span: tuple[int, int]  # inside claim a's text
    b_span: tuple[int, int]
    subject: str  # the actor/event both facts are about, for "facts at a glance" ("fire: start time")
    explanation: str  # one line a reader can check
    diff: tuple[tuple[str, str], ...] = ()  # misquotes: word diff as ("=", words) / ("-", words only in a) / ("+", words only in b)


@dataclass(frozen=True)
class ClaimEmbeddings:
    """Unit-normalised vectors, row i belongs to claim_ids[i]."""

    model: str
    claim_ids: tuple[str, ...]
    vectors: np.ndarray = field(repr=False, compare=False)


@dataclass(frozen=True)
class CandidatePair:
    """Two claims from different documents that the aligner thinks may be about the same thing."""

    a: str  # claim id; a < b in document order so every pair exists once
    b: str
    cosine: float
    lexical: float  # rapidfuzz token-set ratio, 0..1
    reasons: tuple[str, ...]  # why it was proposed: "embedding", "lexical", "shared-number", "shared-entity"
    same_story: bool = True  # the two documents report one story (align.same_story); facts of two stories never conflict


@dataclass(frozen=True)
class NLIScores:
    """Probabilities for a -> b and b -> a, each (entailment, neutral, contradiction)."""

    forward: tuple[float, float, float]
    backward: tuple[float, float, float]


@dataclass(frozen=True)
class Evidence:
    """A deterministic difference between two aligned claims, with the spans that differ."""

    kind: str  # "number", "date", "negation", "stance", or a Conflict kind when a fact conflict decided the pair
    a_text: str
    b_text: str
    a_span: tuple[int, int]  # character span inside claim a's text
    b_span: tuple[int, int]


@dataclass(frozen=True)
class JudgedPair:
    a: str
    b: str
    label: Label
    confidence: float
    nli: NLIScores | None  # None: the claims are too far apart for NLI to change the label, so it was not run
    cosine: float
    lexical: float
    evidence: tuple[Evidence, ...]
    explanation: str


@dataclass(frozen=True)
class Cluster:
    """Claims from several documents that state the same proposition."""

    id: str
    claim_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]


@dataclass(frozen=True)
class SourceRelation:
    """How one document derives from another, if it does; one per document pair (a before b in input order).

    Matches are counted on the document with fewer claims: each of its claims is matched to the
    claim of the other document that restates it with the highest cosine. A pair restates when
    judged a paraphrase, an agreement at least Thresholds.derivation_min_cosine close, or any
    non-contradiction at least Thresholds.restatement_cosine close.
    """

    a: str
    b: str
    verdict: str  # "copy" (most claims verbatim), "rewrite" (most restated, in the same order),
    #               "shared-source" (some sentences reused or a run restated in order), "independent"
    original: str | None  # doc id believed to be the original; None when independent or it cannot be told
    direction_reason: str  # why `original` was chosen; starts with "guess:" unless it rests on dates
    shared_share: float  # share of the shorter document's claims matched in the other, 0..1
    monotonicity: float  # 0..1, longest run of matches in non-decreasing position / matches (0 with < 2 matches)
    evidence: tuple[tuple[str, str], ...]  # up to 5 matched (claim id in a, claim id in b), closest first by cosine, in order
    matched_claims: int = 0  # how many of the shorter document's claims were matched


@dataclass(frozen=True)
class SpinFinding:
    """A phrase that looks like the output of a synonym-substituting "spinner"."""

    doc_id: str
    phrase: str  # the text as it stands in the document (aligned-wording findings include one word of context)
    likely_original: str  # what a writer would have written: from the list, or the other document's wording
    start: int  # character span of `phrase` inside Document.text
    end: int
    method: str  # "tortured-phrase-list" (packaged list of known artefacts) or "aligned-wording"
    #              (a word-for-word substitution against another document's wording of the same claim)


@dataclass(frozen=True)
class Provenance:
    """Derivation between documents, spun text, and how many independent sources stand behind claims."""

    relations: tuple[SourceRelation, ...]  # every document pair, in input order
    spin: tuple[SpinFinding, ...]  # all findings, by document then position; overlapping hits merged
    spun_documents: tuple[str, ...]  # doc ids whose findings pass Thresholds.spin_min_findings and spin_per_1000_words
    source_groups: tuple[tuple[str, ...], ...]  # each original with the documents derived from it (Provenance.derived);
    #                                             every other document alone
    cluster_support: dict[str, int]  # cluster id -> number of distinct source groups among its documents
    contradiction_independent: dict[str, bool]  # "<claim a>|<claim b>" for each contradiction -> sides in different groups
    spin_density: dict[str, float] = field(default_factory=dict)  # doc id -> spin findings per 1,000 words
    derived: dict[str, str] = field(default_factory=dict)  # derived doc id -> its single best original (copy, rewrite, spun)


@dataclass(frozen=True)
class Comparison:
    """Everything the report needs, produced by claimdiff.pipeline.compare."""

    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    pairs: tuple[JudgedPair, ...]
    clusters: tuple[Cluster, ...]
    provenance: Provenance
    settings: dict  # models and thresholds used, for the report header and reproducibility
    facts: tuple[Fact, ...] = ()  # every claim's facts, in claim order
    conflicts: tuple[Conflict, ...] = ()  # fact conflicts and misquotes across sources, in claim order
    skipped: tuple[SkippedInput, ...] = ()  # folder files without article text, left out and reported
    non_claims: tuple[Claim, ...] = ()  # sentences that state nothing to check (imperatives, greetings, list labels):
    #                                     numbered with the claims and shown with their document, never aligned or judged
