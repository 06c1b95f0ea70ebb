"""Candidate pairs: cross-document only, each pair once, and the right neighbours found."""

import numpy as np

from claimdiff.align import candidate_pairs, lexical_similarity, salient_facts
from claimdiff.config import Thresholds
from claimdiff.embed import embed_claims
from claimdiff.model import Claim


def _claims(doc_texts: dict[str, list[str]]) -> list[Claim]:
    claims = []
    for doc, texts in doc_texts.items():
        for i, text in enumerate(texts):
            claims.append(Claim(id=f"{doc}#{i}", doc_id=doc, index=i, text=text, start=0, end=len(text), sentence_start=0, sentence_end=len(text)))
    return claims


def test_aligns_paraphrases_across_documents_and_never_within(embedder):
    claims = _claims({
        "x": ["China supplies semiconductors and drones to Russia.", "The weather in Paris was mild in April.", "Putin visited Pyongyang in June 2024."],
        "y": ["Beijing provides Russia with chips and drones.", "Vladimir Putin travelled to North Korea in June 2024.", "A new bakery opened in Lyon."],
        "z": ["Russia gets drones and semiconductors from China."],
    })
    pairs = candidate_pairs(claims, embed_claims(claims, embedder), Thresholds(top_k=1))
    keys = {(p.a, p.b) for p in pairs}
    assert ("x#0", "y#0") in keys and ("x#0", "z#0") in keys and ("y#0", "z#0") in keys
    assert ("x#2", "y#1") in keys
    assert all(p.a.split("#")[0] != p.b.split("#")[0] for p in pairs)
    assert len(keys) == len(pairs)  # each unordered pair once
    assert ("x#1", "y#2") not in keys  # unrelated claims fall under the cosine floor
    strongest = max(pairs, key=lambda p: p.cosine)
    assert strongest.cosine > 0.6 and "embedding" in strongest.reasons


def test_memory_is_blockwise_not_all_pairs(embedder, monkeypatch):
    """With a tiny block size the result is the same: the aligner never needs the full matrix."""
    import claimdiff.align as align

    claims = _claims({"a": [f"Report number {i} says exports rose." for i in range(12)], "b": [f"Exports grew in quarter {i}." for i in range(9)]})
    embeddings = embed_claims(claims, embedder)
    reference = candidate_pairs(claims, embeddings, Thresholds())
    monkeypatch.setattr(align, "BLOCK_CELLS", 20)  # one query row at a time
    assert candidate_pairs(claims, embeddings, Thresholds()) == reference


def _seed_claims(seeds_dir):
    from claimdiff import claims as claim_stage
    from claimdiff import ingest

    documents = ingest.load_documents([str(seeds_dir)], max_bytes=10_000_000)
    return [claim for document in documents for claim in claim_stage.extract_claims(document)]


def test_a_few_articles_are_compared_in_full_and_a_large_corpus_within_budget(seeds_dir, embedder):
    claims = _seed_claims(seeds_dir)
    embeddings = embed_claims(claims, embedder)
    full = candidate_pairs(claims, embeddings, Thresholds())
    embedding_pairs = [p for p in full if "embedding" in p.reasons]
    # the default budget does not bind on five articles: every claim's top-2 per other document is there
    unbounded = candidate_pairs(claims, embeddings, Thresholds(min_pair_budget=10**9))
    assert full == unbounded
    # a budget of one pair per claim: fewer pairs, but every claim's closest neighbour is still judged
    tight = Thresholds(min_pair_budget=0, pairs_per_claim=1.0)
    trimmed = candidate_pairs(claims, embeddings, tight)
    similarity = [p for p in trimmed if {"embedding", "thesis"} & set(p.reasons)]
    assert len(similarity) <= len(claims) < len(embedding_pairs)
    kept = {(p.a, p.b) for p in trimmed}
    vectors = {cid: v for cid, v in zip(embeddings.claim_ids, embeddings.vectors)}
    for claim in claims[::7]:
        others = [c for c in claims if c.doc_id != claim.doc_id]
        best = max(others, key=lambda c: (float(vectors[claim.id] @ vectors[c.id]), -claims.index(c)))
        if float(vectors[claim.id] @ vectors[best.id]) >= tight.cosine_floor:
            assert tuple(sorted((claim.id, best.id), key=lambda i: [c.id for c in claims].index(i))) in kept


def test_ann_index_proposes_the_exact_neighbours(seeds_dir, embedder):
    """Above `ann_above_claims` an HNSW graph proposes neighbours; on the seeds it finds what the exact search finds."""
    claims = _seed_claims(seeds_dir)
    embeddings = embed_claims(claims, embedder)
    exact = {(p.a, p.b) for p in candidate_pairs(claims, embeddings, Thresholds())}
    by_ann = candidate_pairs(claims, embeddings, Thresholds(ann_above_claims=0))
    assert by_ann == candidate_pairs(claims, embeddings, Thresholds(ann_above_claims=0))  # deterministic
    found = {(p.a, p.b) for p in by_ann}
    assert len(found & exact) >= 0.98 * len(exact)


def test_lexical_and_facts():
    assert lexical_similarity("Putin visited Pyongyang.", "Putin visited Pyongyang") > 0.95
    assert lexical_similarity("Putin visited Pyongyang.", "Bread prices rose.") < 0.5
    assert {"7,000", "Pyongyang"} <= salient_facts("In April, Pyongyang shipped 7,000 containers.")
    assert "The" not in salient_facts("The ship sank.")


def test_ann_search_with_a_single_query(embedder):
    import numpy as np

    from claimdiff.align import nearest_in_other_documents

    claims = _claims({"a": ["China supplies drones to Russia."], "b": ["Beijing provides Russia with drones.", "Bread prices rose in Lyon."]})
    vectors = embed_claims(claims, embedder).vectors
    docs = np.asarray([0, 1, 1])
    exact = nearest_in_other_documents(vectors, docs, [0], [0, 1, 2], top_k=2, limit=8, floor=0.3, ann_above=10**9)
    by_ann = nearest_in_other_documents(vectors, docs, [0], [0, 1, 2], top_k=2, limit=8, floor=0.3, ann_above=0)
    assert [(q, t) for q, t, _, _ in by_ann] == [(q, t) for q, t, _, _ in exact] == [(0, 1)]
