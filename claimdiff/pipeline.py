"""The whole comparison, top to bottom: ingest -> claims -> facts -> embed -> align -> judge -> provenance.

Reporting is left to claimdiff.report so that `compare`, `check` and the benchmarks share this
one function and differ only in what they print.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from claimdiff import align, claims, embed, facts, ingest, judge, provenance
from claimdiff.config import Settings
from claimdiff.errors import ClaimdiffError
from claimdiff.model import Comparison, Label
from claimdiff.nli import CachedNLI, NLIModel, load_nli_model

Progress = Callable[[str], None]


def compare(
    sources: Sequence[str],
    settings: Settings,
    *,
    embedder: embed.Embedder | None = None,
    nli: NLIModel | None = None,
    progress: Progress = lambda stage: None,
    min_documents: int = 2,
) -> Comparison:
    progress("ingest")
    ingested = ingest.load_corpus(sources, max_bytes=settings.max_input_bytes)
    documents = ingested.documents
    if len(documents) < min_documents:
        left_out = f" ({len(ingested.skipped)} more held no article text: {ingested.skipped[0].source})" if ingested.skipped else ""
        raise ClaimdiffError(
            f"compare needs at least {min_documents} documents, got {len(documents)}{left_out}: give two or more files or a folder"
        )
    progress("claims")
    segmented = claims.segment_all(documents)
    all_claims = segmented.claims
    progress("facts")
    claim_facts = facts.extract_facts(documents, all_claims)
    conflicts = facts.find_conflicts(claim_facts, all_claims)
    progress("embed")
    embedder = embedder or embed.Embedder(settings.embedding_model, cache_dir=settings.cache_dir, threads=settings.threads)
    embeddings = embed.embed_claims(all_claims, embedder)
    progress("align")
    required = [(c.a, c.b) for c in conflicts] + align.same_fact_pairs(claim_facts, all_claims, settings.thresholds.rare_fact_max_claims)
    candidates = align.candidate_pairs(all_claims, embeddings, settings.thresholds, required=required)
    progress("judge")
    nli = nli or CachedNLI(load_nli_model(settings.nli_model, threads=settings.threads, batch_size=settings.batch_size), settings.cache_dir)
    pairs = judge.judge_pairs(candidates, all_claims, nli, settings.thresholds, conflicts=conflicts, facts=claim_facts)
    # The report lists the conflicts the judge accepted: a conflict between two stories, or one
    # the judge set aside, is no finding.
    decided = {(p.a, p.b) for p in pairs if p.label is Label.CONTRADICTION} | {(p.b, p.a) for p in pairs if p.label is Label.CONTRADICTION}
    conflicts = tuple(c for c in conflicts if (c.a, c.b) in decided)
    clusters = judge.build_clusters(all_claims, pairs, settings.thresholds.cluster_agreement_min_cosine)
    progress("provenance")
    source_map = provenance.analyse(documents, all_claims, pairs, clusters, settings.thresholds, provenance.word_statistics(settings.cache_dir))
    return Comparison(
        documents=tuple(documents),
        claims=all_claims,
        pairs=tuple(pairs),
        clusters=tuple(clusters),
        provenance=source_map,
        settings=settings.describe(),
        facts=claim_facts,
        conflicts=conflicts,
        skipped=ingested.skipped,
        non_claims=segmented.non_claims,
    )
