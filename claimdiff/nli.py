"""Natural-language inference: P(entailment), P(neutral), P(contradiction) for claim pairs.

Two backends behind one interface. The default is the ONNX model that ships inside the package
(claimdiff/models/nli, trained by training/train_nli.py); it needs only onnxruntime and
tokenizers, which is what makes it fast on a CPU. Any Hugging Face cross-encoder can be named
instead, by hub name or local path, through sentence-transformers' CrossEncoder. Label order is
always read from the model's config, never assumed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from claimdiff.config import DEFAULT_NLI_MODEL
from claimdiff.errors import ClaimdiffError

LABELS = ("entailment", "neutral", "contradiction")  # column order of every predict() result
SHIPPED_MODEL_DIR = Path(__file__).resolve().parent / "models" / "nli"
_ALIASES = {
    "entailment": "entailment", "entail": "entailment", "entails": "entailment", "supports": "entailment",
    "neutral": "neutral", "not enough info": "neutral", "not_enough_info": "neutral",
    "contradiction": "contradiction", "contradict": "contradiction", "contradicts": "contradiction", "refutes": "contradiction",
}


class NLIModel(Protocol):
    name: str

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """(n, 3) probabilities in LABELS order; row i is premise pairs[i][0], hypothesis pairs[i][1]."""
        ...


def label_columns(id2label: dict) -> list[int]:
    """For each of LABELS, the model output column that holds it."""
    names = {_ALIASES.get(str(name).strip().lower()): int(index) for index, name in id2label.items()}
    if any(label not in names for label in LABELS):
        raise ClaimdiffError(f"the NLI model's labels {sorted(map(str, id2label.values()))} do not name entailment, neutral and contradiction")
    return [names[label] for label in LABELS]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


class OnnxNLIModel:
    """A folder with model.onnx, tokenizer.json and config.json (id2label, max_length)."""

    def __init__(self, folder: Path, threads: int = 2, batch_size: int = 32, max_length: int = 256) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.name = str(folder)
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.columns = label_columns(config["id2label"])
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=min(max_length, int(config.get("max_length", max_length))))
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        encodings = self.tokenizer.encode_batch([(a, b) for a, b in pairs])
        order = sorted(range(len(pairs)), key=lambda i: (len(encodings[i].ids), i))  # length-sorted batches pad least
        result = np.zeros((len(pairs), 3), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            feeds = {name: np.zeros((len(batch), width), dtype=np.int64) for name in ("input_ids", "attention_mask", "token_type_ids")}
            for row, index in enumerate(batch):
                encoding = encodings[index]
                n = len(encoding.ids)
                feeds["input_ids"][row, :n] = encoding.ids
                feeds["attention_mask"][row, :n] = 1
                feeds["token_type_ids"][row, :n] = encoding.type_ids
            logits = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
            result[batch] = _softmax(logits.astype(np.float64))[:, self.columns]
        return result


class CrossEncoderNLIModel:
    """Any sentence-transformers CrossEncoder with three NLI labels (hub name or local path)."""

    def __init__(self, name_or_path: str, threads: int = 2, batch_size: int = 32) -> None:
        import torch
        from sentence_transformers import CrossEncoder

        torch.set_num_threads(threads)
        self.name = name_or_path
        self.batch_size = batch_size
        try:
            self.model = CrossEncoder(name_or_path, device="cpu")
        except Exception as error:  # noqa: BLE001 - hub, file and format errors all mean "cannot load"
            first_line = str(error).splitlines()[0] if str(error) else ""
            raise ClaimdiffError(f"cannot load NLI model {name_or_path!r}: {type(error).__name__}: {first_line}") from None
        self.columns = label_columns(self.model.config.id2label)

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        logits = self.model.predict([list(p) for p in pairs], batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False)
        return _softmax(np.asarray(logits, dtype=np.float64))[:, self.columns].astype(np.float32)


def load_nli_model(spec: str = DEFAULT_NLI_MODEL, threads: int = 2, batch_size: int = 32) -> NLIModel:
    """'shipped', a folder with model.onnx, or a cross-encoder (local folder or hub name)."""
    if spec == DEFAULT_NLI_MODEL:
        if not (SHIPPED_MODEL_DIR / "model.onnx").is_file():
            raise ClaimdiffError(f"the shipped NLI model is missing from {SHIPPED_MODEL_DIR}; reinstall claimdiff")
        return OnnxNLIModel(SHIPPED_MODEL_DIR, threads=threads, batch_size=batch_size)
    path = Path(spec).expanduser()
    if path.is_dir() and (path / "model.onnx").is_file():
        return OnnxNLIModel(path, threads=threads, batch_size=batch_size)
    looks_like_path = path.is_absolute() or spec.startswith((".", "~")) or path.exists() or spec.count("/") > 1
    if looks_like_path and not path.is_dir():
        raise ClaimdiffError(f"NLI model path not found: {spec}")
    return CrossEncoderNLIModel(spec, threads=threads, batch_size=batch_size)
