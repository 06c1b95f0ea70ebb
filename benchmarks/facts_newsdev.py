"""The fact stage on newsdev (dev figures): pair-level recall per contradiction kind and false conflicts.

For every gold pair in newsdev/pairs.jsonl the two sentences become the only claims of their two
documents (Document.date from the article when it states one); extract_facts + find_conflicts run
on that pair alone. Reported: per contradiction kind, the share of pairs with a conflict of any
kind (recall); over paraphrase/agreement/unrelated pairs, the pairs with a conflict (false
conflicts); and the precision of conflict findings over all gold pairs. `--stories` also runs the
stage on whole stories (every claim of every article, claimdiff.claims.extract_claims) and prints
each conflict for reading; `--seeds` does the same on the repository's seeds. `--misses` lists the
contradictions without a conflict, `--false` the false conflicts.

    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/facts_newsdev.py [--misses] [--false] [--stories] [--seeds]
    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/facts_newsdev.py --fnc1 1000   # time on 1,000 FNC-1 bodies
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimdiff import claims as claim_stage  # noqa: E402
from claimdiff import facts, ingest  # noqa: E402
from claimdiff.model import Claim, Document  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NEWSDEV = ROOT.parent / "shared" / "data" / "newsdev"
MAX_BYTES = 10_000_000
TARGET_KINDS = ("date", "time", "number", "quantity", "entity", "attribution", "outcome", "order")


def load_article(story: str, stem: str) -> Document:
    return ingest.load_documents([str(NEWSDEV / story / f"{stem}.txt")], max_bytes=MAX_BYTES)[0]


def sentence_claim(document: Document, doc_id: str, sentence: str) -> Claim:
    start = document.text.index(sentence)
    return Claim(id=f"{doc_id}#0", doc_id=doc_id, index=0, text=sentence, start=start, end=start + len(sentence), sentence_start=start, sentence_end=start + len(sentence))


def pair_conflicts(pairs: list[dict]) -> dict[str, tuple]:
    """Gold pair id -> the conflicts the stage finds between its two sentences, run on that pair alone."""
    results = {}
    articles: dict[tuple[str, str], Document] = {}
    for pair in pairs:
        documents, claims = [], []
        for side in ("a", "b"):
            key = (pair["story"], pair[f"{side}_doc"])
            if key not in articles:
                articles[key] = load_article(*key)
            article = articles[key]
            doc_id = f"{side}:{key[1]}"
            documents.append(Document(id=doc_id, text=article.text, source=article.source, title=article.title, date=article.date, boilerplate=article.boilerplate))
            claims.append(sentence_claim(article, doc_id, pair[side]))
        fact_list = facts.extract_facts(documents, claims)
        results[pair["id"]] = facts.find_conflicts(fact_list, claims)
    return results


def score(pairs: list[dict], found: dict[str, tuple]) -> dict:
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_by_label: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pair in pairs:
        hit = bool(found[pair["id"]])
        if pair["label"] == "contradiction":
            by_kind[pair["kind"]][0] += hit
            by_kind[pair["kind"]][1] += 1
        else:
            false_by_label[pair["label"]][0] += hit
            false_by_label[pair["label"]][1] += 1
    true_findings = sum(hits for hits, _ in by_kind.values())
    false_findings = sum(hits for hits, _ in false_by_label.values())
    return {
        "recall_by_kind": {kind: {"found": hits, "pairs": total, "recall": round(hits / total, 3)} for kind, (hits, total) in sorted(by_kind.items())},
        "false_conflicts_by_label": {label: {"flagged": hits, "pairs": total} for label, (hits, total) in sorted(false_by_label.items())},
        "recall_all": round(true_findings / sum(total for _, total in by_kind.values()), 3),
        "recall_target_kinds": round(sum(by_kind[k][0] for k in TARGET_KINDS) / sum(by_kind[k][1] for k in TARGET_KINDS), 3),
        "precision": round(true_findings / (true_findings + false_findings), 3) if true_findings + false_findings else None,
        "false_conflicts": false_findings,
    }


def run_corpus(folders: list[Path], label: str) -> None:
    """Every conflict the stage finds among all claims of the folders' articles, for reading."""
    for folder in folders:
        documents = ingest.load_documents([str(folder)], max_bytes=MAX_BYTES)
        all_claims = tuple(claim for document in documents for claim in claim_stage.extract_claims(document))
        started = time.perf_counter()
        fact_list = facts.extract_facts(documents, all_claims)
        conflicts = facts.find_conflicts(fact_list, all_claims)
        elapsed = time.perf_counter() - started
        text = {claim.id: claim.text for claim in all_claims}
        print(f"\n## {label} {folder.name}: {len(documents)} documents, {len(all_claims)} claims, {len(conflicts)} conflicts, {elapsed:.2f} s")
        for conflict in conflicts:
            print(f"- [{conflict.kind}] {conflict.explanation}\n    a {conflict.a}: {text[conflict.a]}\n    b {conflict.b}: {text[conflict.b]}")


def run_fnc1(limit: int) -> None:
    """The stage's time on the first `limit` FNC-1 train bodies (claims from claimdiff.claims), split into parse and compare."""
    import csv

    from claimdiff.ingest import normalise_text

    path = ROOT.parent / "shared" / "data" / "fnc1" / "train_bodies.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(limit), csv.DictReader(handle))]
    documents = [Document(id=f"fnc{row['Body ID']}", text=normalise_text(row["articleBody"]), source=str(path)) for row in rows]
    all_claims = tuple(claim for document in documents for claim in claim_stage.extract_claims(document))
    facts.extract_facts(documents[:1], all_claims[:1])  # load spaCy outside the timing
    started, started_cpu = time.perf_counter(), time.process_time()
    fact_list = facts.extract_facts(documents, all_claims)
    extracted, extracted_cpu = time.perf_counter(), time.process_time()
    conflicts = facts.find_conflicts(fact_list, all_claims)
    finished, finished_cpu = time.perf_counter(), time.process_time()
    print(
        f"FNC-1 train bodies: {len(documents)} documents, {len(all_claims)} claims, {len(fact_list)} facts, {len(conflicts)} conflicts; "
        f"extract_facts {extracted - started:.1f} s wall / {extracted_cpu - started_cpu:.1f} s CPU, "
        f"find_conflicts {finished - extracted:.1f} s wall / {finished_cpu - extracted_cpu:.1f} s CPU"
    )
    print("by kind:", dict(sorted(Counter(conflict.kind for conflict in conflicts).items())))
    text = {claim.id: claim.text for claim in all_claims}
    for conflict in conflicts[:: max(1, len(conflicts) // 40)]:  # an even sample to read
        print(f"- [{conflict.kind}] {conflict.explanation}\n    a {conflict.a}: {text[conflict.a][:200]}\n    b {conflict.b}: {text[conflict.b][:200]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list contradictions without a conflict")
    parser.add_argument("--false", action="store_true", help="list conflicts on non-contradiction pairs")
    parser.add_argument("--hits", action="store_true", help="list every conflict found on contradiction pairs")
    parser.add_argument("--stories", action="store_true", help="run on whole stories and print every conflict")
    parser.add_argument("--seeds", action="store_true", help="run on the seeds and print every conflict")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--fnc1", type=int, metavar="N", help="only time the stage on the first N FNC-1 train bodies")
    args = parser.parse_args(argv)
    if args.fnc1:
        run_fnc1(args.fnc1)
        return 0
    pairs = [json.loads(line) for line in (NEWSDEV / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    found = pair_conflicts(pairs)
    elapsed = time.perf_counter() - started
    figures = score(pairs, found)
    figures["seconds"] = round(elapsed, 1)
    print(f"newsdev (dev): {len(pairs)} gold pairs, fact stage run on each pair alone in {elapsed:.1f} s")
    print(f"{'kind':<12} found/pairs  recall")
    for kind, row in figures["recall_by_kind"].items():
        mark = " *" if kind in TARGET_KINDS else ""
        print(f"{kind:<12} {row['found']:>3}/{row['pairs']:<3}     {row['recall']:.0%}{mark}")
    print(f"all contradictions: recall {figures['recall_all']:.0%}; target kinds (*): {figures['recall_target_kinds']:.0%}")
    for label, row in figures["false_conflicts_by_label"].items():
        print(f"false conflicts on {label}: {row['flagged']}/{row['pairs']}")
    print(f"precision of conflict findings: {figures['precision']}")
    kinds = Counter(conflict.kind for conflicts in found.values() for conflict in conflicts)
    print("conflict kinds found:", dict(sorted(kinds.items())))
    for pair in pairs:
        conflicts = found[pair["id"]]
        contradiction = pair["label"] == "contradiction"
        if (args.misses and contradiction and not conflicts) or (args.false and not contradiction and conflicts) or (args.hits and contradiction and conflicts):
            print(f"\n{pair['id']} {pair['label']}/{pair['kind']}: {pair['note']}\n  a: {pair['a']}\n  b: {pair['b']}")
            for conflict in conflicts:
                print(f"  -> [{conflict.kind}] {conflict.explanation}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if args.stories:
        run_corpus(sorted(path for path in NEWSDEV.iterdir() if path.is_dir() and path.name[:2].isdigit()), "story")
    if args.seeds:
        run_corpus([ROOT / "seeds"], "seeds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
