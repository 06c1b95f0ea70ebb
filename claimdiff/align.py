"""Which claim pairs across documents are worth judging.

NLI is the expensive step, so it runs only on candidates proposed here: for every claim, its
top-k nearest claims in each *other* document by cosine (above a floor), plus pairs whose wording
is nearly the same (rapidfuzz) or which share a number or a named entity while still being
topically close. Nearest neighbours are found block by block, so memory stays linear in the
number of claims and no all-pairs matrix is ever held.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz

from claimdiff.config import Thresholds
from claimdiff.model import CandidatePair, Claim, ClaimEmbeddings

BLOCK = 1024  # query rows per matrix product; bounds memory at BLOCK x (claims in one document)
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_ENTITY = re.compile(r"\b(?:[A-Z][a-z]+(?:[-\s][A-Z][a-z]+)*|[A-Z]{2,})\b")
_SENTENCE_START_WORDS = {"The", "A", "An", "In", "On", "At", "But", "And", "This", "That", "It", "As", "For", "If", "So", "When", "While", "What", "Why", "How"}


def lexical_similarity(a: str, b: str) -> float:
    """Token-set similarity in 0..1: robust to reordering, high for near-copies."""
    return fuzz.token_set_ratio(a.lower(), b.lower()) / 100.0


def salient_facts(text: str) -> set[str]:
    """Numbers and capitalised names: two claims sharing one are probably about the same fact."""
    numbers = {n.strip(".,") for n in _NUMBER.findall(text) if len(n.strip(".,")) >= 2}
    entities = {e for e in _ENTITY.findall(text) if e not in _SENTENCE_START_WORDS}
    return numbers | entities


def _neighbours(embeddings: ClaimEmbeddings, doc_of: list[str], top_k: int, floor: float) -> dict[tuple[int, int], float]:
    """Top-k cosine neighbours of each claim inside each other document, computed block-wise."""
    vectors = embeddings.vectors
    rows_by_doc: dict[str, np.ndarray] = defaultdict(list)
    for row, doc in enumerate(doc_of):
        rows_by_doc[doc].append(row)
    rows_by_doc = {doc: np.asarray(rows) for doc, rows in rows_by_doc.items()}
    found: dict[tuple[int, int], float] = {}
    for query_doc, query_rows in rows_by_doc.items():
        for target_doc, target_rows in rows_by_doc.items():
            if target_doc == query_doc:
                continue
            k = min(top_k, len(target_rows))
            for start in range(0, len(query_rows), BLOCK):
                block = query_rows[start : start + BLOCK]
                scores = vectors[block] @ vectors[target_rows].T
                best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
                for i, row in enumerate(block):
                    for j in best[i]:
                        score = float(scores[i, j])
                        if score >= floor:
                            key = (min(row, int(target_rows[j])), max(row, int(target_rows[j])))
                            found[key] = score
    return found


def _is_thesis(claim: Claim) -> bool:
    """Headlines and questions state what an article argues; a clash between them matters most."""
    return claim.headline or claim.question


def _thesis_pairs(claims: Sequence[Claim], vectors: np.ndarray, thresholds: Thresholds) -> set[tuple[int, int]]:
    """Each thesis claim against the lede (first claims) of every other document, at a lower floor.

    Embeddings rank a stance clash between an article's thesis and another's lede low ("Why is
    Beijing aiding Moscow so ardently?" vs "China has kept its distance from a trilateral
    partnership"), yet that is the contradiction a reader notices first. Thesis claims are few, so
    this adds at most (thesis claims) x (documents) x lede_claims pairs.
    """
    found = set()
    thesis = [i for i, c in enumerate(claims) if _is_thesis(c)]
    lede = [i for i, c in enumerate(claims) if c.index < thresholds.lede_claims]
    for i in thesis:
        for j in lede:
            if claims[i].doc_id != claims[j].doc_id and float(vectors[i] @ vectors[j]) >= thresholds.thesis_cosine_floor:
                found.add((min(i, j), max(i, j)))
    return found


def candidate_pairs(claims: Sequence[Claim], embeddings: ClaimEmbeddings, thresholds: Thresholds) -> list[CandidatePair]:
    """Each unordered cross-document pair at most once, in claim order."""
    if not claims:
        return []
    assert embeddings.claim_ids == tuple(c.id for c in claims), "embeddings must be in claim order"
    doc_of = [c.doc_id for c in claims]
    vectors = embeddings.vectors
    reasons: dict[tuple[int, int], set[str]] = defaultdict(set)
    for key in _neighbours(embeddings, doc_of, thresholds.top_k, thresholds.cosine_floor):
        reasons[key].add("embedding")

    for key in _thesis_pairs(claims, vectors, thresholds):
        reasons[key].add("thesis")

    # Shared facts: an inverted index keeps this near-linear. Only rare facts count: a name that
    # many claims repeat ("China" in a China story) says nothing about which claims match.
    by_fact: dict[str, list[int]] = defaultdict(list)
    facts = [salient_facts(c.text) for c in claims]
    for row, claim_facts in enumerate(facts):
        for fact in claim_facts:
            by_fact[fact].append(row)
    rare = max(2, int(thresholds.rare_fact_share * len(claims)))
    for fact, rows in by_fact.items():
        if len(rows) > rare:
            continue
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if doc_of[a] == doc_of[b]:
                    continue
                cosine = float(vectors[a] @ vectors[b])
                if cosine >= thresholds.shared_fact_cosine_floor:
                    reasons[(a, b)].add("shared-number" if fact[0].isdigit() else "shared-entity")

    pairs = []
    for (a, b), why in sorted(reasons.items()):
        lexical = lexical_similarity(claims[a].text, claims[b].text)
        if lexical >= thresholds.lexical_floor:
            why.add("lexical")
        pairs.append(
            CandidatePair(
                a=claims[a].id,
                b=claims[b].id,
                cosine=round(float(vectors[a] @ vectors[b]), 6),
                lexical=round(lexical, 6),
                reasons=tuple(sorted(why)),
            )
        )
    return pairs
