"""The typed data model that flows one way through the pipeline.

ingest -> Document; claims -> Claim; embed -> ClaimEmbeddings; align -> CandidatePair;
judge -> JudgedPair and Cluster; provenance -> SourceRelation, SpinFinding, corroboration;
report reads a Comparison. Every record is frozen so a later stage cannot edit an earlier one's output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np


class Label(str, Enum):
    """What an aligned pair of claims says about each other."""

    PARAPHRASE = "paraphrase"  # same meaning: entailment both ways, or near-identical wording
    AGREEMENT = "agreement"  # consistent: one supports or elaborates the other
    CONTRADICTION = "contradiction"  # both cannot be true
    UNRELATED = "unrelated"  # aligned by the retriever but not about the same thing; dropped from reports


@dataclass(frozen=True)
class Document:
    id: str
    text: str  # Unicode NFC, spaces normalised; character offsets of claims index into this
    source: str  # path as given, or "-" for stdin
    title: str | None = None
    date: str | None = None  # ISO date when the document states one


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


@dataclass(frozen=True)
class NLIScores:
    """Probabilities for a -> b and b -> a, each (entailment, neutral, contradiction)."""

    forward: tuple[float, float, float]
    backward: tuple[float, float, float]


@dataclass(frozen=True)
class Evidence:
    """A deterministic difference between two aligned claims, with the spans that differ."""

    kind: str  # "number", "date", "negation", "entity"
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
    nli: NLIScores
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
    """How one document derives from another, if it does."""

    a: str
    b: str
    verdict: str  # "copy", "rewrite", "shared-source", "independent"
    original: str | None  # doc id believed to be the original, when it can be told
    direction_reason: str
    shared_share: float  # share of the shorter document's claims matched in the other
    monotonicity: float  # 0..1, how well matches keep document order
    evidence: tuple[tuple[str, str], ...]  # (claim id, claim id) examples


@dataclass(frozen=True)
class SpinFinding:
    doc_id: str
    phrase: str
    likely_original: str
    start: int
    end: int
    method: str  # "tortured-phrase-list" or "aligned-wording"


@dataclass(frozen=True)
class Provenance:
    relations: tuple[SourceRelation, ...]
    spin: tuple[SpinFinding, ...]
    spun_documents: tuple[str, ...]
    source_groups: tuple[tuple[str, ...], ...]  # documents collapsed by derivation
    cluster_support: dict[str, int]  # cluster id -> number of independent source groups
    contradiction_independent: dict[str, bool]  # "a|b" claim pair key -> sides are independent


@dataclass(frozen=True)
class Comparison:
    """Everything the report needs, produced by claimdiff.pipeline.compare."""

    documents: tuple[Document, ...]
    claims: tuple[Claim, ...]
    pairs: tuple[JudgedPair, ...]
    clusters: tuple[Cluster, ...]
    provenance: Provenance
    settings: dict  # models and thresholds used, for the report header and reproducibility
