"""`claimdiff pairs`: label any file of claim pairs with the same judge `compare` uses.

Each pair becomes two one-claim documents and goes through facts -> embed -> judge, so a pair
labelled here gets exactly the label it would get inside a report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from claimdiff import facts, judge
from claimdiff.align import lexical_similarity
from claimdiff.config import Settings
from claimdiff.embed import Embedder
from claimdiff.errors import ClaimdiffError
from claimdiff.model import CandidatePair, Claim, Document
from claimdiff.nli import CachedNLI, load_nli_model


def _as_claim(doc_id: str, text: str) -> Claim:
    text = text.strip()
    return Claim(id=f"{doc_id}#0", doc_id=doc_id, index=0, text=text, start=0, end=len(text), sentence_start=0, sentence_end=len(text), question=text.endswith("?"))


def read_pairs(source: str) -> list[dict]:
    if source == "-":
        lines = sys.stdin.read().splitlines()
    else:
        path = Path(source)
        if not path.is_file():
            raise ClaimdiffError(f"pair file not found: {source}")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise ClaimdiffError(f"{source} is not UTF-8 text; write the pairs as UTF-8 JSON lines") from None
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ClaimdiffError(f"{source}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("a"), str) or not isinstance(record.get("b"), str) or not record["a"].strip() or not record["b"].strip():
            raise ClaimdiffError(f'{source}:{number}: each line needs non-empty text fields "a" and "b"')
        records.append(record)
    if not records:
        raise ClaimdiffError(f"{source}: no pairs found")
    return records


def label_pairs(records: list[dict], settings: Settings, embedder: Embedder | None = None, nli=None) -> list[dict]:
    embedder = embedder or Embedder(settings.embedding_model, cache_dir=settings.cache_dir, threads=settings.threads)
    nli = nli or CachedNLI(load_nli_model(settings.nli_model, threads=settings.threads, batch_size=settings.batch_size), settings.cache_dir)
    claims, candidates = [], []
    for i, record in enumerate(records):
        a, b = _as_claim(f"a{i}", record["a"]), _as_claim(f"b{i}", record["b"])
        claims += [a, b]
    vectors = embedder.encode([c.text for c in claims])
    for i in range(len(records)):
        a, b = claims[2 * i], claims[2 * i + 1]
        cosine = float(vectors[2 * i] @ vectors[2 * i + 1])
        candidates.append(CandidatePair(a=a.id, b=b.id, cosine=round(cosine, 6), lexical=round(lexical_similarity(a.text, b.text), 6), reasons=("given",)))
    documents = [Document(id=c.doc_id, text=c.text, source=c.doc_id) for c in claims]
    claim_facts = facts.extract_facts(documents, claims)
    conflicts = facts.find_conflicts(claim_facts, claims)
    judged = judge.judge_pairs(candidates, claims, nli, settings.thresholds, conflicts=conflicts, facts=claim_facts, scores_for_all=True)
    labelled = []
    for record, verdict in zip(records, judged):
        forward, backward = (verdict.nli.forward, verdict.nli.backward) if verdict.nli else (None, None)
        labelled.append({
            **record,
            "label": verdict.label.value,
            "scores": {
                "confidence": verdict.confidence,
                "cosine": round(verdict.cosine, 4),
                "lexical": round(verdict.lexical, 4),
                "forward": dict(zip(("entailment", "neutral", "contradiction"), forward)) if forward else None,  # None: NLI not run
                "backward": dict(zip(("entailment", "neutral", "contradiction"), backward)) if backward else None,
            },
            "evidence": [{"kind": e.kind, "a": e.a_text, "b": e.b_text} for e in verdict.evidence],
            "explanation": verdict.explanation,
        })
    return labelled


def label_pair_file(source: str, settings: Settings, out: TextIO) -> None:
    for record in label_pairs(read_pairs(source), settings):
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
