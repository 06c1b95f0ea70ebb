"""An on-disk cache of model outputs kept per planned batch, shared by embeddings and NLI.

int8 models (dynamic quantisation scales activations per batch) give a text slightly different
numbers in a different batch, so an output is only reusable together with the batch it was
computed in. Callers therefore plan their batches from the content alone, key each batch by its
content and store the batch's whole output array: a rerun hits every batch, and a result never
depends on what an earlier run left behind. A broken or unwritable cache only costs speed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np


def content_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def length_sorted_batches(lengths: Sequence[int], items: Sequence, batch_size: int) -> list[list[int]]:
    """Index batches of similar length (least padding); ties broken by content so input order never matters."""
    order = sorted(range(len(items)), key=lambda i: (lengths[i], items[i], i))
    return [order[start : start + batch_size] for start in range(0, len(order), max(1, batch_size))]


def file_digest(path: Path) -> str:
    """sha256 of a model file: a retrained model in the same folder must not reuse old results."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def batch_key(parts: Sequence[str]) -> str:
    """One key for a whole batch, in its planned order."""
    return content_key("\x1f".join(parts))


class BatchCache:
    """float32 arrays under sha256 keys in `cache_dir/filename`, one table per model (fingerprint included)."""

    def __init__(self, cache_dir: Path | None, filename: str, model_key: str) -> None:
        self.table = "v_" + hashlib.sha256(model_key.encode()).hexdigest()[:16]
        self.connection = None
        if cache_dir is None:
            return
        try:
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(Path(cache_dir) / filename, timeout=30)
            self.connection.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (key TEXT PRIMARY KEY, vector BLOB)")
        except (OSError, sqlite3.Error):
            self.connection = None

    @property
    def enabled(self) -> bool:
        return self.connection is not None

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        if self.connection is None or not keys:
            return {}
        found = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                for key, blob in self.connection.execute(f"SELECT key, vector FROM {self.table} WHERE key IN ({marks})", chunk):
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error:
            return {}
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


def run_planned(
    cache: BatchCache,
    distinct: Sequence,
    text_of: Callable[[object], str],
    plan: Callable[[Sequence], list[list[int]]],
    run_batches: Callable[[list[list]], list[np.ndarray]],
) -> tuple[dict, int]:
    """Each of the distinct items' output row, through the cache; and how many items the model ran on.

    The whole call has a key of its own, so an identical rerun needs neither planning (which
    tokenises everything) nor batch lookups; otherwise every planned batch is looked up, and only
    the missing ones run.
    """
    call_key = "call:" + batch_key([text_of(item) for item in distinct]) if cache.enabled else None
    whole = cache.get([call_key]).get(call_key) if call_key else None
    if whole is not None:
        return dict(zip(distinct, whole.reshape(len(distinct), -1))), 0
    batches = [[distinct[i] for i in batch] for batch in plan(distinct)]
    keys = [batch_key([text_of(item) for item in batch]) for batch in batches] if cache.enabled else [str(i) for i in range(len(batches))]
    found = cache.get(sorted(set(keys)))
    missing = [i for i, key in enumerate(keys) if key not in found]
    fresh = {keys[i]: np.asarray(out, dtype=np.float32) for i, out in zip(missing, run_batches([batches[i] for i in missing]))} if missing else {}
    found.update(fresh)
    row_of: dict = {}
    for batch, key in zip(batches, keys):
        row_of.update(zip(batch, np.asarray(found[key], dtype=np.float32).reshape(len(batch), -1)))
    if call_key:
        fresh[call_key] = np.stack([row_of[item] for item in distinct])
        cache.put(fresh)
    return row_of, sum(len(batches[i]) for i in missing)
