"""How far a pair's NLI scores and a sentence's embedding move with the other inputs they run with.

Why: the shipped models are int8 with dynamic quantisation, which scales activations per tensor,
so in a padded batch an input's output depended on its neighbours. This measures that drift for
the old form (padded batches, reproduced here with the same model files) and for claimdiff's
form (every input alone), on newsdev's real pairs in both directions, in random batches; and
the speed of both forms on the 1,024 MRPC pairs `claimdiff eval speed` uses, measured turn
about, with CPU time per pair (on a shared machine wall time depends on the others' load).

    python benchmarks/batch_independence.py --json docs/results/batch-independence.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import onnxruntime

from claimdiff.embed import Embedder
from claimdiff.evaluation import DEFAULT_DATA_DIR, _mrpc
from claimdiff.nli import load_nli_model


def old_session(path: Path):
    """The old runner's session: 2 intra-op threads over padded batches."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = 2, 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def padded_batch(session, encodings) -> np.ndarray:
    """The old form: right-padded to the longest, all rows in one onnxruntime run."""
    width = max(len(e.ids) for e in encodings)
    feeds = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in ("input_ids", "attention_mask", "token_type_ids")}
    for row, encoding in enumerate(encodings):
        n = len(encoding.ids)
        feeds["input_ids"][row, :n], feeds["attention_mask"][row, :n], feeds["token_type_ids"][row, :n] = encoding.ids, 1, encoding.type_ids
    inputs = {i.name for i in session.get_inputs()}
    return session.run(None, {k: v for k, v in feeds.items() if k in inputs})[0]


def softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def drift(alone: np.ndarray, run_batch, batch_size: int, trials: int, seed: int) -> tuple[float, set[int]]:
    """Largest change of any output against its alone value, and the inputs whose argmax changed."""
    rng = np.random.default_rng(seed)
    worst, flipped = 0.0, set()
    for _ in range(trials):
        order = rng.permutation(len(alone))
        for start in range(0, len(order), batch_size):
            index = order[start : start + batch_size]
            out = run_batch(index)
            worst = max(worst, float(np.abs(out - alone[index]).max()))
            flipped |= {int(i) for i, a, b in zip(index, out.argmax(axis=1), alone[index].argmax(axis=1)) if a != b}
    return worst, flipped


def speeds(nli, pairs: list[tuple[str, str]], rounds: int) -> dict:
    """Best wall pairs/s and median CPU ms per pair of each form, measured turn about."""
    encodings = nli.tokenizer.encode_batch(pairs)
    order = sorted(range(len(pairs)), key=lambda i: len(encodings[i].ids))
    session = old_session(nli.runner.path)
    forms = {
        "old_padded_batches_of_32": lambda: [padded_batch(session, [encodings[i] for i in order[s : s + 32]]) for s in range(0, len(order), 32)],
        "claimdiff_each_alone": lambda: nli.score_batch(pairs),
    }
    measured: dict = {name: [] for name in forms}
    for name, run in forms.items():
        run()  # warm-up
    for _ in range(rounds):
        for name, run in forms.items():
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            measured[name].append((len(pairs) / (time.perf_counter() - wall), 1000 * (time.process_time() - cpu) / len(pairs)))
    return {name: {"best_pairs_per_s": round(max(w for w, _ in runs), 1), "median_cpu_ms_per_pair": round(float(np.median([c for _, c in runs])), 3)} for name, runs in measured.items()}


def embedding_speeds(embedder, texts: list[str], rounds: int) -> dict:
    """Sentences/s and CPU ms per sentence: padded batches of 64 (old) vs each sentence alone (now)."""
    encodings = embedder.encoder.tokenizer.encode_batch(texts)
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    session = old_session(embedder.encoder.runner.path)
    forms = {
        "old_padded_batches_of_64": lambda: [padded_batch(session, [encodings[i] for i in order[s : s + 64]]) for s in range(0, len(order), 64)],
        "claimdiff_each_alone": lambda: embedder.encoder.encode_batch(texts),
    }
    measured: dict = {name: [] for name in forms}
    for run in forms.values():
        run()
    for _ in range(rounds):
        for name, run in forms.items():
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            measured[name].append((len(texts) / (time.perf_counter() - wall), 1000 * (time.process_time() - cpu) / len(texts)))
    return {name: {"best_sentences_per_s": round(max(w for w, _ in runs), 1), "median_cpu_ms_per_sentence": round(float(np.median([c for _, c in runs])), 3)} for name, runs in measured.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=3, help="random batchings per form")
    parser.add_argument("--speed-rounds", type=int, default=3, help="0 skips the speed comparison")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = [json.loads(line) for line in (DEFAULT_DATA_DIR / "newsdev" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = [(r["a"], r["b"]) for r in rows] + [(r["b"], r["a"]) for r in rows]
    texts = sorted({t for pair in pairs for t in pair})
    results: dict = {"directed_pairs": len(pairs), "texts": len(texts), "trials": args.trials}

    nli = load_nli_model(threads=2)
    session = old_session(nli.runner.path)
    encodings = nli.tokenizer.encode_batch(pairs)
    old_alone = np.concatenate([softmax(padded_batch(session, [e]).astype(np.float64)) for e in encodings])
    worst, flipped = drift(old_alone, lambda ix: softmax(padded_batch(session, [encodings[i] for i in ix]).astype(np.float64)), 32, args.trials, 1)
    results["nli_old_padded_batches_of_32"] = {"max_probability_change": worst, "pairs_whose_label_changed": len(flipped)}
    alone = nli.predict(pairs)
    worst, flipped = drift(alone, lambda ix: nli.predict([pairs[i] for i in ix]), 32, args.trials, 1)
    results["nli_claimdiff"] = {"max_probability_change": worst, "pairs_whose_label_changed": len(flipped)}

    embedder = Embedder(cache_dir=None, threads=2)
    text_session, tokenizer = old_session(embedder.encoder.runner.path), embedder.encoder.tokenizer
    text_encodings = tokenizer.encode_batch(texts)
    old_vectors = np.concatenate([padded_batch(text_session, [e]) for e in text_encodings])
    results["embedding_old_padded_batches_of_64"] = {"max_component_change": drift(old_vectors, lambda ix: padded_batch(text_session, [text_encodings[i] for i in ix]), 64, args.trials, 2)[0]}
    vectors = embedder.encode(texts)
    results["embedding_claimdiff"] = {"max_component_change": drift(vectors, lambda ix: embedder.encode([texts[i] for i in ix]), 64, args.trials, 2)[0]}
    if args.speed_rounds:
        results["speed_mrpc_1024_pairs"] = speeds(nli, [(a, b) for a, b, _ in _mrpc(DEFAULT_DATA_DIR)[:1024]], args.speed_rounds)
        stsb = [line.split("\t") for line in (DEFAULT_DATA_DIR / "stsb" / "sts-dev.csv").read_text(encoding="utf-8").splitlines()]
        sentences = sorted({f for fields in stsb if len(fields) >= 7 for f in fields[5:7]})
        results["speed_stsb_dev_sentences"] = {"sentences": len(sentences), **embedding_speeds(embedder, sentences, args.speed_rounds)}
        results["load_average_1min_at_end"] = float(Path("/proc/loadavg").read_text().split()[0]) if Path("/proc/loadavg").exists() else None
    for key, value in results.items():
        print(f"{key}: {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
