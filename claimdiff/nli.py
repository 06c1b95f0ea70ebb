"""Natural-language inference: P(entailment), P(neutral), P(contradiction) for claim pairs.

Two backends behind one interface. The default is the ONNX model that ships inside the package
(claimdiff/models/nli, trained by training/train_nli.py); it needs only onnxruntime and
tokenizers, which is what makes it fast on a CPU. Any Hugging Face cross-encoder can be named
instead, by hub name or local path, through sentence-transformers' CrossEncoder. Label order is
always read from the model's config, never assumed.

The shipped ONNX model scores each pair alone (no padding, no batch neighbour), so a pair's
probabilities are a function of the pair and the model file: adding an article to a comparison
or a corpus never changes a verdict about another (the int8 model's dynamic quantisation made
them move by up to 0.27 in mixed batches). Batches remain as units of work and of progress.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from claimdiff.cache import ItemCache, file_digest, length_sorted_batches, run_cached
from claimdiff.config import DEFAULT_NLI_MODEL
from claimdiff.errors import ClaimdiffError
from claimdiff.onnx_runner import OnnxRunner

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


class PairScorer(NLIModel, Protocol):
    """A model whose scores for a pair do not depend on the other pairs, so they can be cached by the pair."""

    fingerprint: str  # changes whenever the scores could change (model file, form); the cache key
    batch_size: int

    def plan(self, pairs: Sequence[tuple[str, str]]) -> list[list[int]]: ...

    def score_batch(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray: ...


def predict_planned(model: PairScorer, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """Each distinct pair scored once; repeats share its row."""
    return _predict_through(ItemCache(None, "", ""), model, lambda batches: [model.score_batch(b) for b in batches], pairs)[0]


def _predict_through(cache: ItemCache, model: PairScorer, run_batches, pairs: Sequence[tuple[str, str]]) -> tuple[np.ndarray, int]:
    """Scores for `pairs` and how many distinct pairs went through the model (the rest came from `cache`)."""
    if not pairs:
        return np.zeros((0, 3), dtype=np.float32), 0
    row_of, scored = run_cached(cache, sorted(set(pairs)), _pair_text, model.plan, run_batches)
    return np.stack([row_of[pair] for pair in pairs]).astype(np.float32), scored


def _pair_text(pair: tuple[str, str]) -> str:
    return f"{pair[0]}\x1e{pair[1]}"


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
    """A folder with model.onnx, tokenizer.json and config.json (id2label, max_length).

    The tokenizer loads at once (planning needs it); the onnxruntime session only when a batch is
    scored, so a run answered entirely from the cache never loads the model.
    """

    def __init__(self, folder: Path, threads: int = 2, batch_size: int = 32, max_length: int = 256) -> None:
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        self.name = str(folder)
        self.threads = threads
        try:
            config = json.loads((self.folder / "config.json").read_text(encoding="utf-8"))
            self.tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
            id2label = config["id2label"]
        except Exception as error:  # noqa: BLE001 - OSError, JSON, KeyError and tokenizers errors all mean 'cannot load'
            raise ClaimdiffError(f"cannot load the NLI model in {self.folder}: {type(error).__name__}: {error}") from None
        self.columns = label_columns(id2label)
        self.batch_size = batch_size
        self.tokenizer.enable_truncation(max_length=min(max_length, int(config.get("max_length", max_length))))
        self.tokenizer.no_padding()
        self.fingerprint = f"onnx:{file_digest(self.folder / 'model.onnx')[:16]}|each|max_length={self.tokenizer.truncation['max_length']}"
        self.runner = OnnxRunner(self.folder / "model.onnx", threads, "NLI model")

    def plan(self, pairs: Sequence[tuple[str, str]]) -> list[list[int]]:
        lengths = [len(encoding.ids) for encoding in self.tokenizer.encode_batch([(a, b) for a, b in pairs])]
        return length_sorted_batches(lengths, pairs, self.batch_size)

    def score_batch(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        logits = self.runner.run_each(self.tokenizer.encode_batch([(a, b) for a, b in pairs]))
        return _softmax(logits.astype(np.float64))[:, self.columns].astype(np.float32)

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return predict_planned(self, pairs)


class CrossEncoderNLIModel:
    """Any sentence-transformers CrossEncoder with three NLI labels (hub name or local path).

    Run in padded fp32 batches: padding moves fp32 scores by float rounding only (below 1e-6),
    unlike the int8 model's dynamic activation scales."""

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
        weights = sorted(p for p in Path(name_or_path).expanduser().glob("*.safetensors")) if Path(name_or_path).expanduser().is_dir() else []
        self.fingerprint = f"cross-encoder:{name_or_path}|{'|'.join(file_digest(p)[:16] for p in weights)}|fp32"

    def plan(self, pairs: Sequence[tuple[str, str]]) -> list[list[int]]:
        return length_sorted_batches([len(a) + len(b) for a, b in pairs], pairs, self.batch_size)

    def score_batch(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        logits = self.model.predict([list(p) for p in pairs], batch_size=len(pairs), convert_to_numpy=True, show_progress_bar=False)
        return _softmax(np.asarray(logits, dtype=np.float64))[:, self.columns].astype(np.float32)

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return predict_planned(self, pairs)


class CachedNLI:
    """An NLIModel that scores each distinct pair once and keeps its scores on disk, keyed by the pair.

    A pair's scores depend on the pair alone, so any pair scored before, in any call, is answered
    from the cache (an identical rerun without loading the model), and any cache state gives
    byte-identical results. `score_batches` is the one step an engine replaces
    (claimdiff.engine_ray runs it on Ray).
    """

    def __init__(self, model: PairScorer, cache_dir: Path | None = None) -> None:
        self.model = model
        self.name = model.name
        self.cache = ItemCache(cache_dir, "nli.sqlite", model.fingerprint)
        self.scored = 0  # pairs that actually went through the model

    def score_batches(self, batches: list[list[tuple[str, str]]]) -> list[np.ndarray]:
        return [self.model.score_batch(batch) for batch in batches]

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        scores, scored = _predict_through(self.cache, self.model, self.score_batches, pairs)
        self.scored += scored
        return scores


def load_nli_model(spec: str = DEFAULT_NLI_MODEL, threads: int = 2, batch_size: int = 32) -> PairScorer:
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
