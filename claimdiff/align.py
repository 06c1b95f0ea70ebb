"""Which claim pairs across documents are worth judging.

NLI is the expensive step, so it runs only on candidates proposed here:
- embedding neighbours: each claim's closest claims in other documents by cosine (above a
  floor), at most `top_k` from any one document and `max_neighbours` in all;
- thesis pairs: headlines and questions against the ledes of other documents, at a lower floor;
- shared facts: pairs that share a rare number or name while still being topically close.

The pairs proposed by similarity (embedding and thesis) are capped at `pairs_per_claim` x claims
(never below `min_pair_budget`, so a handful of articles is compared in full). The cap is filled rank by
rank: every claim's closest neighbour is judged before any claim's second, so a large corpus
loses the weakest matches of its best-covered claims, never a claim's only match. This keeps
the NLI work linear in the number of claims.

Neighbours are found block by block (memory stays linear; no all-pairs matrix is held); above
`ann_above_claims` an HNSW index (usearch) proposes them, so time grows near-linearly too.
Every cosine that decides anything is computed exactly from the vectors, ties broken by claim
order, so the result is the same on every run.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz

from claimdiff.config import Thresholds
from claimdiff.differences import withholding
from claimdiff.facts import PRONOUN_ACTORS
from claimdiff.model import CandidatePair, Claim, ClaimEmbeddings, Fact
from claimdiff.opposed import event_key

BLOCK_CELLS = 1 << 24  # scores held at once (64 MB of float32), whatever the corpus size
ANN_SLACK = 256  # extra ANN results per query, since a claim's own document is skipped
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_ENTITY = re.compile(r"\b(?:[A-Z][a-z]+(?:[-\s][A-Z][a-z]+)*|[A-Z]{2,})\b")
_SENTENCE_START_WORDS = {"The", "A", "An", "In", "On", "At", "But", "And", "This", "That", "It", "As", "For", "If", "So", "When", "While", "What", "Why", "How"}

Neighbour = tuple[int, int, float, int]  # (query row, target row, cosine, rank among the query's neighbours)


def lexical_similarity(a: str, b: str) -> float:
    """Token-set similarity in 0..1: robust to reordering, high for near-copies."""
    return fuzz.token_set_ratio(a.lower(), b.lower()) / 100.0


def salient_facts(text: str) -> set[str]:
    """Numbers and capitalised names: two claims sharing one are probably about the same fact."""
    numbers = {n.strip(".,") for n in _NUMBER.findall(text) if len(n.strip(".,")) >= 2}
    entities = {e for e in _ENTITY.findall(text) if e not in _SENTENCE_START_WORDS}
    return numbers | entities


def _walk(query: int, columns: np.ndarray, scores: np.ndarray, targets: np.ndarray, target_docs: np.ndarray, top_k: int, limit: int, floor: float) -> tuple[list[Neighbour], bool]:
    """Take columns best first (already sorted) until `limit`, at most `top_k` per document.

    Returns the neighbours and whether the walk ended for a reason other than running out of columns."""
    taken: list[Neighbour] = []
    per_doc: dict[int, int] = defaultdict(int)
    for column in columns:
        score = float(scores[column])
        if score < floor:
            return taken, True
        doc = int(target_docs[column])
        if per_doc[doc] >= top_k:
            continue
        per_doc[doc] += 1
        taken.append((query, int(targets[column]), score, len(taken)))
        if len(taken) == limit:
            return taken, True
    return taken, False


def _best_first(scores: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Columns ordered by descending score, ties by column (= claim order)."""
    return columns[np.lexsort((columns, -scores[columns]))]


def nearest_in_other_documents(
    vectors: np.ndarray,
    docs: np.ndarray,
    queries: Sequence[int],
    targets: Sequence[int],
    *,
    top_k: int,
    limit: int,
    floor: float,
    ann_above: int,
) -> list[Neighbour]:
    """For each query row, its closest target rows from other documents (see `_walk`)."""
    queries, targets = np.asarray(queries, dtype=np.int64), np.asarray(targets, dtype=np.int64)
    if len(queries) == 0 or len(targets) == 0 or limit <= 0:
        return []
    if len(targets) > ann_above:
        return _nearest_by_ann(vectors, docs, queries, targets, top_k=top_k, limit=limit, floor=floor)
    target_docs = docs[targets]
    target_vectors = vectors[targets]
    shortlist = min(len(targets), limit * top_k)
    block = max(1, BLOCK_CELLS // len(targets))
    found: list[Neighbour] = []
    for start in range(0, len(queries), block):
        rows = queries[start : start + block]
        scores = vectors[rows] @ target_vectors.T
        scores[docs[rows][:, None] == target_docs[None, :]] = -np.inf
        if shortlist < len(targets):
            top = np.argpartition(-scores, shortlist - 1, axis=1)[:, :shortlist]
        else:
            top = np.broadcast_to(np.arange(len(targets)), scores.shape)
        for i, query in enumerate(rows):
            taken, finished = _walk(int(query), _best_first(scores[i], top[i]), scores[i], targets, target_docs, top_k, limit, floor)
            if not finished and shortlist < len(targets):  # one document hogged the shortlist: walk the whole row
                above = np.flatnonzero(scores[i] >= floor)
                taken, _ = _walk(int(query), _best_first(scores[i], above), scores[i], targets, target_docs, top_k, limit, floor)
            found += taken
    return found


def _nearest_by_ann(vectors, docs, queries, targets, *, top_k, limit, floor) -> list[Neighbour]:
    """The same walk over what an HNSW index proposes; cosines recomputed exactly from the vectors."""
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32", connectivity=16, expansion_add=128, expansion_search=128)
    index.add(np.arange(len(targets), dtype=np.uint64), np.ascontiguousarray(vectors[targets]), threads=1)
    count = min(len(targets), limit * top_k + ANN_SLACK)
    target_docs = docs[targets]
    found: list[Neighbour] = []
    for start in range(0, len(queries), 4096):
        rows = queries[start : start + 4096]
        matches = index.search(np.ascontiguousarray(vectors[rows]), count, threads=1)
        keys = [matches.keys[i][: matches.counts[i]] for i in range(len(rows))] if hasattr(matches, "counts") else [matches.keys]  # one query: one Matches
        for i, query in enumerate(rows):
            columns = np.asarray(keys[i], dtype=np.int64)
            columns = columns[target_docs[columns] != docs[query]]
            scores = np.full(len(targets), -np.inf, dtype=np.float32)
            scores[columns] = vectors[targets[columns]] @ vectors[query]
            found += _walk(int(query), _best_first(scores, columns), scores, targets, target_docs, top_k, limit, floor)[0]
    return found


def within_budget(neighbours: Sequence[Neighbour], budget: int) -> dict[tuple[int, int], float]:
    """Unordered pairs, filled rank by rank (then by cosine) up to `budget` pairs."""
    best: dict[tuple[int, int], tuple[int, float]] = {}
    for query, target, score, rank in neighbours:
        key = (min(query, target), max(query, target))
        if key not in best or rank < best[key][0]:
            best[key] = (rank, score)
    chosen = sorted(best, key=lambda key: (best[key][0], -best[key][1], key))[: max(0, budget)]
    return {key: best[key][1] for key in chosen}


def _is_thesis(claim: Claim) -> bool:
    """Headlines and questions state what an article argues; a clash between them matters most."""
    return claim.headline or claim.question


def same_fact_pairs(facts: Sequence[Fact], claims: Sequence[Claim], max_claims: int) -> list[tuple[str, str]]:
    """Cross-document claim pairs whose facts share an actor, or an actor and a predicate ("Putin
    visited" / "Putin never visited"): the judge compares their polarity and modality, and such
    claims embed far apart when one negates or withholds what the other asserts. A key that more
    than `max_claims` claims share (a story's main actor, or its main actor doing its main thing)
    says nothing and is skipped."""
    doc_of = {c.id: c.doc_id for c in claims}
    text_of = {c.id: c.text for c in claims}
    order = {c.id: i for i, c in enumerate(claims)}
    by_key: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for fact in facts:
        if fact.actor and fact.claim_id in doc_of and fact.actor not in PRONOUN_ACTORS:
            by_key[(fact.actor,)].add(fact.claim_id)  # a rare actor: every claim about it ("sprinklers activated" / "never went off")
            if fact.predicate:
                by_key[(fact.actor, fact.predicate)].add(fact.claim_id)
                # "Tallis conceded defeat" / "Owen Tallis has refused to accept defeat": a name's last
                # word and the event as the opposed-facts rule reads it
                by_key[("event", fact.actor.split(":")[-1].split()[-1], event_key(fact, text_of[fact.claim_id]))].add(fact.claim_id)
    found = set()
    for members in by_key.values():
        if len(members) > max_claims:
            continue
        ordered = sorted(members, key=order.__getitem__)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if doc_of[a] != doc_of[b]:
                    found.add((a, b))
    return sorted(found, key=lambda p: (order[p[0]], order[p[1]]))


def candidate_pairs(
    claims: Sequence[Claim], embeddings: ClaimEmbeddings, thresholds: Thresholds, required: Iterable[tuple[str, str]] = ()
) -> list[CandidatePair]:
    """Each unordered cross-document pair at most once, in claim order.

    `required` pairs (claim ids: the fact stage's conflicts, and `same_fact_pairs`) are always
    judged, whatever their cosine: a sentence that also says other things still gets compared on
    the fact it shares.
    """
    if not claims:
        return []
    assert embeddings.claim_ids == tuple(c.id for c in claims), "embeddings must be in claim order"
    t = thresholds
    number = {name: i for i, name in enumerate(sorted({c.doc_id for c in claims}))}
    docs = np.asarray([number[c.doc_id] for c in claims])
    vectors = embeddings.vectors
    every = range(len(claims))
    reasons: dict[tuple[int, int], set[str]] = defaultdict(set)

    # Embeddings rank a stance clash between one article's thesis and another's lede low ("Why is
    # Beijing aiding Moscow so ardently?" vs "China has kept its distance from a trilateral
    # partnership"), yet that is the contradiction a reader notices first: theses get their own
    # neighbours among ledes, at a lower floor, under the same budget.
    thesis = [i for i, c in enumerate(claims) if _is_thesis(c)]
    lede = [i for i, c in enumerate(claims) if c.index < t.lede_claims]
    # A claim that withholds a fact ("declined to say when it would apply") embeds far from the
    # claim that states it ("plans to submit applications in the first half"): its neighbours are
    # looked for at a lower floor.
    withholding_rows = [i for i, c in enumerate(claims) if withholding(c.text)]
    proposals = {
        "embedding": nearest_in_other_documents(vectors, docs, every, every, top_k=t.top_k, limit=t.max_neighbours, floor=t.cosine_floor, ann_above=t.ann_above_claims),
        "thesis": nearest_in_other_documents(vectors, docs, thesis, lede, top_k=t.lede_claims, limit=t.thesis_neighbours, floor=t.thesis_cosine_floor, ann_above=t.ann_above_claims),
        "withholding": nearest_in_other_documents(vectors, docs, withholding_rows, every, top_k=t.top_k, limit=t.max_neighbours, floor=t.withholding_cosine_floor, ann_above=t.ann_above_claims),
    }
    reason_of: dict[tuple[int, int], set[str]] = defaultdict(set)
    for reason, found in proposals.items():
        for query, target, _, _ in found:
            reason_of[(min(query, target), max(query, target))].add(reason)
    budget = max(t.min_pair_budget, int(t.pairs_per_claim * len(claims)))
    for key in within_budget(proposals["embedding"] + proposals["thesis"] + proposals["withholding"], budget):
        reasons[key] |= reason_of[key]

    # Shared facts: only rare ones count. A name that many claims repeat ("China" in a China
    # story) says nothing about which claims match, and a cap keeps this linear.
    by_fact: dict[str, list[int]] = defaultdict(list)
    for row, claim in enumerate(claims):
        for fact in salient_facts(claim.text):
            by_fact[fact].append(row)
    rare = min(t.rare_fact_max_claims, max(2, int(t.rare_fact_share * len(claims))))
    for fact, rows in by_fact.items():
        if len(rows) > rare:
            continue
        cosines = vectors[rows] @ vectors[rows].T
        for i, a in enumerate(rows):
            for j in range(i + 1, len(rows)):
                b = rows[j]
                if docs[a] != docs[b] and cosines[i, j] >= t.shared_fact_cosine_floor:
                    reasons[(a, b)].add("shared-number" if fact[0].isdigit() else "shared-entity")

    row_of = {c.id: row for row, c in enumerate(claims)}
    for a_id, b_id in required:
        a, b = sorted((row_of[a_id], row_of[b_id]))
        if docs[a] != docs[b]:
            reasons[(a, b)].add("fact")

    centroids = document_centroids(vectors, docs, len(number))
    pairs = []
    for (a, b), why in sorted(reasons.items()):
        lexical = lexical_similarity(claims[a].text, claims[b].text)
        if lexical >= t.lexical_floor:
            why.add("lexical")
        pairs.append(
            CandidatePair(
                a=claims[a].id,
                b=claims[b].id,
                cosine=round(float(vectors[a] @ vectors[b]), 6),
                lexical=round(lexical, 6),
                reasons=tuple(sorted(why)),
                same_story=bool(centroids[docs[a]] @ centroids[docs[b]] >= t.same_story_cosine),
            )
        )
    return pairs


def document_centroids(vectors: np.ndarray, docs: np.ndarray, n_documents: int) -> np.ndarray:
    """Each document's mean claim vector, unit length: what the whole article is about."""
    sums = np.zeros((n_documents, vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, docs, vectors.astype(np.float64))  # one pass over the claims, not one per document
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return sums / np.where(norms == 0, 1.0, norms)


def centroid(vectors: np.ndarray) -> np.ndarray:
    """The unit-length mean of some claim vectors (zero for none)."""
    mean = vectors.astype(np.float64).sum(axis=0) if len(vectors) else np.zeros(vectors.shape[1])
    norm = np.linalg.norm(mean)
    return mean / norm if norm else mean

