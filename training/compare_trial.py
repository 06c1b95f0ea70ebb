"""The trial's table: v1, control and treatments on the same public files, the issue's reversal pair,
and where MRPC's true paraphrases put their probability (near-copies read as contradiction?).

Reads the runs/eval-<tag>-<set>.json files that training/run_news_trial.sh writes.

    python training/compare_trial.py --json docs/results/news-trial.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from claimdiff.evaluation import DEFAULT_DATA_DIR, _mrpc
from claimdiff.nli import LABELS, load_nli_model

MODELS = {"v1": "shipped", "control": "runs/trial-control/onnx", "treatment": "runs/trial-treatment/onnx", "treatment-b": "runs/trial-treatment-b/onnx", "treatment-c": "runs/trial-treatment-c/onnx"}
REVERSAL = ("The council approved the new stadium plan by seven votes to two.", "Councillors rejected the stadium plan.")


def figures(tag: str) -> dict:
    row = {}
    for name in ("snli", "vitaminc", "fever_symmetric", "mrpc"):
        result = json.loads(Path(f"runs/eval-{tag}-{name}.json").read_text())["results"][0]
        row[name] = {"pairs": result["pairs"], "accuracy": round(100 * result["accuracy"], 2)}
        if "per_class_f1" in result:
            row[name]["contradiction_f1"] = round(100 * result["per_class_f1"]["contradiction"], 2)
        if "f1" in result:
            row[name]["f1"] = round(100 * result["f1"], 2)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    table = {}
    paraphrases = [(a, b) for a, b, gold in _mrpc(DEFAULT_DATA_DIR)[:400] if gold is True or str(gold) in ("1", "True")]
    paraphrases += [(b, a) for a, b in paraphrases]
    for tag, spec in MODELS.items():
        model = load_nli_model(spec)
        scores = model.predict([REVERSAL, REVERSAL[::-1]])
        mean = np.asarray(model.predict(paraphrases)).mean(axis=0)
        table[tag] = {**figures(tag if tag == "v1" else f"trial-{tag}"),
                      "reversal_pair": {"p_contradiction_both_ways": [round(float(s[LABELS.index("contradiction")]), 3) for s in scores],
                                        "labels": [LABELS[int(s.argmax())] for s in scores]},
                      "mrpc_paraphrases_first_400_rows_both_ways": {"pairs": len(paraphrases), **{f"mean_p_{label}": round(float(v), 3) for label, v in zip(LABELS, mean)}}}
        print(tag, json.dumps(table[tag]))
    if args.json:
        args.json.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
