"""How often the judge's contradictions are real on news claim pairs (ClaimDiff).

ClaimDiff (Ko et al., 2022) pairs claims from different outlets' articles on one contentious
topic and marks whether claim B *weakens* claim A (ClaimDiff-W) and whether it *strengthens* it
(ClaimDiff-S). A weakening claim is what a reader of a claimdiff report wants flagged as a
contradiction, so this scores the whole judge (embeddings, NLI, deterministic checks, guards)
exactly as `claimdiff pairs` labels a pair:

- contradiction vs weakens: precision, recall, F1, and the share of non-weakening pairs flagged;
- paraphrase/agreement vs strengthens: precision and recall.

The judge no longer contradicts on NLI alone (the NLI-contradiction guards this file used to
sweep on the train split are gone with that rule); the test split is only ever reported.

    .venv/bin/python benchmarks/news_contradictions.py --split train
    .venv/bin/python benchmarks/news_contradictions.py --split test --json docs/results/news-contradictions.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimdiff.config import Settings, load_settings  # noqa: E402
from claimdiff.embed import Embedder  # noqa: E402
from claimdiff.nli import CachedNLI, load_nli_model  # noqa: E402
from claimdiff.pairs import label_pairs  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "claimdiff"


def read_split(split: str, data: Path = DATA) -> list[dict]:
    """One record per pair with both gold marks; the W and S files hold the same pairs."""
    weak = {r["pair_id"]: r for r in json.loads((data / f"ClaimDiff-weak-{split}.json").read_text(encoding="utf-8"))["data"]}
    strong = {r["pair_id"]: r for r in json.loads((data / f"ClaimDiff-strength-{split}.json").read_text(encoding="utf-8"))["data"]}
    records = []
    for pair_id in sorted(weak):
        if pair_id in strong:
            r = weak[pair_id]
            records.append({"a": r["claim_a"], "b": r["claim_b"], "weakens": bool(r["relation"]), "strengthens": bool(strong[pair_id]["relation"])})
    return records


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def score(labelled: list[dict]) -> dict:
    flagged = [r["label"] == "contradiction" for r in labelled]
    gold = [r["weakens"] for r in labelled]
    tp = sum(f and g for f, g in zip(flagged, gold))
    precision, recall = _ratio(tp, sum(flagged)), _ratio(tp, sum(gold))
    support = [r["label"] in ("paraphrase", "agreement") for r in labelled]
    strong = [r["strengthens"] for r in labelled]
    support_tp = sum(s and g for s, g in zip(support, strong))
    return {
        "pairs": len(labelled),
        "weakening_pairs": sum(gold),
        "contradictions": sum(flagged),
        "contradiction_precision": precision,
        "contradiction_recall": recall,
        "contradiction_f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "false_flag_rate": _ratio(sum(f and not g for f, g in zip(flagged, gold)), len(gold) - sum(gold)),
        "support_precision": _ratio(support_tp, sum(support)),
        "support_recall": _ratio(support_tp, sum(strong)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("train", "test"), default="test")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    settings: Settings = load_settings()
    records = read_split(args.split)
    embedder = Embedder(settings.embedding_model, cache_dir=settings.cache_dir, threads=settings.threads)
    nli = CachedNLI(load_nli_model(settings.nli_model, threads=settings.threads, batch_size=settings.batch_size), settings.cache_dir)
    result = {"split": args.split, "thresholds": "defaults (claimdiff/config.py)", **score(label_pairs(records, settings, embedder, nli))}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
