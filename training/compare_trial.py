"""The trial's table: v1, control and treatment on the same public files, plus the issue's reversal pair.

Reads the runs/eval-<tag>-<set>.json files that training/run_news_trial.sh writes.

    python training/compare_trial.py --json docs/results/news-trial.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from claimdiff.nli import LABELS, load_nli_model

MODELS = {"v1": "shipped", "control": "runs/trial-control/onnx", "treatment": "runs/trial-treatment/onnx", "treatment-b": "runs/trial-treatment-b/onnx"}
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
    for tag, spec in MODELS.items():
        model = load_nli_model(spec)
        scores = model.predict([REVERSAL, REVERSAL[::-1]])
        table[tag] = {**figures(tag if tag == "v1" else f"trial-{tag}"),
                      "reversal_pair": {"p_contradiction_both_ways": [round(float(s[LABELS.index("contradiction")]), 3) for s in scores],
                                        "labels": [LABELS[int(s.argmax())] for s in scores]}}
        print(tag, json.dumps(table[tag]))
    if args.json:
        args.json.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
