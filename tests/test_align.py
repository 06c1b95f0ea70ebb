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
    monkeypatch.setattr(align, "BLOCK", 2)
    assert candidate_pairs(claims, embeddings, Thresholds()) == reference


def test_lexical_and_facts():
    assert lexical_similarity("Putin visited Pyongyang.", "Putin visited Pyongyang") > 0.95
    assert lexical_similarity("Putin visited Pyongyang.", "Bread prices rose.") < 0.5
    assert {"7,000", "Pyongyang"} <= salient_facts("In April, Pyongyang shipped 7,000 containers.")
    assert "The" not in salient_facts("The ship sank.")
