"""Compare export forms of an NLI checkpoint: accuracy, speed, size and batch drift.

Why: int8 dynamic quantisation scales activations per tensor, so a pair's scores move slightly
with the other pairs in its batch ("drift"); weight-only 8-bit blocks (MatMulNBits) do not, but
keep the 47 MB embedding table in fp32. This prints the trade-off that chose the shipped form.

    python training/compare_nli_exports.py runs/nli/best --dev-pairs 1500
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import export_nli_onnx  # noqa: E402

from claimdiff.evaluation import DEFAULT_DATA_DIR, _mrpc, _snli  # noqa: E402
from claimdiff.nli import LABELS, OnnxNLIModel  # noqa: E402

DRIFT_PAIRS = [("A man is playing a guitar on stage.", "A man is performing music."), ("A dog sleeps.", "A dog is running through a field.")] * 20


def measure(folder: Path, dev, news, threads: int) -> dict:
    model = OnnxNLIModel(folder, threads=threads, batch_size=32)
    predicted = model.predict([(a, b) for a, b, _ in dev]).argmax(axis=1)
    accuracy = float(np.mean([LABELS[i] == g for i, (_, _, g) in zip(predicted, dev)]))
    pairs = [(a, b) for a, b, _ in news]
    model.predict(pairs[:32])
    started = time.perf_counter()
    model.predict(pairs)
    speed = len(pairs) / (time.perf_counter() - started)
    drift = float(np.abs(model.predict(DRIFT_PAIRS)[1] - model.predict(DRIFT_PAIRS[1:2])[0]).max())
    return {"accuracy": accuracy, "pairs_per_second": speed, "drift": drift, "mb": (folder / "model.onnx").stat().st_size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint", type=Path)
    parser.add_argument("--dev-pairs", type=int, default=1500, help="SNLI dev pairs for accuracy")
    parser.add_argument("--news-pairs", type=int, default=512, help="MRPC pairs for speed")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    checkpoint = args.checkpoint.resolve()
    dev = _snli("dev")(DEFAULT_DATA_DIR)[: args.dev_pairs]
    news = _mrpc(DEFAULT_DATA_DIR)[: args.news_pairs]
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        os.chdir(scratch)  # the n-bit quantiser leaves scratch files in the working directory
        export_nli_onnx.export(checkpoint, scratch / "fp32", "fp32", 256)
        export_nli_onnx.export(checkpoint, scratch / "int8", "int8", 256)
        import onnx
        from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

        shutil.copytree(scratch / "fp32", scratch / "nbits8", dirs_exist_ok=True)
        quantizer = MatMulNBitsQuantizer(onnx.load(str(scratch / "fp32" / "model.onnx")), bits=8, block_size=32, is_symmetric=True, accuracy_level=4, op_types_to_quantize=("MatMul",))
        quantizer.process()
        quantizer.model.save_model_to_file(str(scratch / "nbits8" / "model.onnx"), False)
        print(f"{'form':<28}{'SNLI dev acc':>13}{'pairs/s':>9}{'drift':>9}{'MB':>7}")
        for name, label in (("fp32", "fp32"), ("int8", "int8 dynamic (shipped)"), ("nbits8", "8-bit weight-only blocks")):
            r = measure(scratch / name, dev, news, args.threads)
            print(f"{label:<28}{100 * r['accuracy']:>12.2f}%{r['pairs_per_second']:>9.1f}{r['drift']:>9.4f}{r['mb']:>7.1f}")


if __name__ == "__main__":
    main()
