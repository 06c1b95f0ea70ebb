#!/usr/bin/env bash
# The controlled news-domain trial recorded in docs/BENCHMARKS.md ("News-domain training trial"):
# v1 rebuilt from the shipped int8 file, then a control (SNLI only) and treatments (the same SNLI
# draw, 25 % of it replaced by FNC-1-train contrast pairs) of equal steps, exported the shipped way
# and scored by `claimdiff eval` on the same public files. Run from the repository root;
# STEPS=300 is what fitted the 2 shared cores in one session (≈ 15 min a run, 1 thread each).
set -euo pipefail
STEPS=${STEPS:-300}
PY=${PY:-.venv/bin/python}
$PY training/onnx_to_torch.py claimdiff/models/nli --out runs/nli-v1-dequantised
$PY training/news_pairs.py --out runs/news_pairs.jsonl --sentences 2500 --seed 13                          # treatment A: 1 contradiction per entailment
$PY training/news_pairs.py --out runs/news_pairs_b.jsonl --sentences 2500 --seed 13 --contradiction-ratio 0.5  # treatment B: 1 per 2
$PY training/news_pairs.py --out runs/news_pairs_c.jsonl --sentences 2500 --seed 13 --skip-kinds negation      # treatment C: no negation edits
for run in control:0:news_pairs treatment:0.25:news_pairs treatment-b:0.25:news_pairs_b treatment-c:0.25:news_pairs_c; do
  IFS=: read -r name share pairs <<<"$run"
  $PY training/train_nli.py --out runs/trial-$name --base runs/nli-v1-dequantised --sampled \
    --news-pairs runs/$pairs.jsonl --news-share "$share" --max-steps "$STEPS" --epochs 1 --batch-size 32 \
    --lr 2e-5 --seed 13 --threads 1 --eval-every "$STEPS" --dev-limit 1000 > runs/trial-$name.log 2>&1 &
done
wait
for name in control treatment treatment-b treatment-c; do
  $PY training/export_nli_onnx.py runs/trial-$name/best --out runs/trial-$name/onnx --precision int8
done
for model in shipped runs/trial-control/onnx runs/trial-treatment/onnx runs/trial-treatment-b/onnx runs/trial-treatment-c/onnx; do
  tag=$(basename "$(dirname "$model")"); [ "$model" = shipped ] && tag=v1
  for set in fever_symmetric mrpc; do $PY -m claimdiff eval $set --nli-model "$model" --json runs/eval-$tag-$set.json; done
  for set in snli vitaminc; do $PY -m claimdiff eval $set --limit 3000 --nli-model "$model" --json runs/eval-$tag-$set.json; done
done
$PY training/compare_trial.py --json docs/results/news-trial.json
