"""An on-disk cache of model outputs, one row per distinct input, shared by embeddings and NLI.

The shipped models run every text (or pair) alone, so an output is a function of its input
and the model file only: it can be reused whatever else was computed with it, a rerun computes
nothing, and no state of the cache can change a number. The cache key therefore names the model
file and the form it runs in (model fingerprint), never a batch. A broken or unwritable cache
only costs speed.
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
    """Index batches of similar length (least padding where a backend pads); ties broken by content."""
    order = sorted(range(len(items)), key=lambda i: (lengths[i], items[i], i))
    return [order[start : start + batch_size] for start in range(0, len(order), max(1, batch_size))]


def file_digest(path: Path) -> str:
    """sha256 of a model file: a retrained model in the same folder must not reuse old results."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class ItemCache:
    """float32 rows under sha256 keys in `cache_dir/filename`, one table per model key (fingerprint included)."""

    def __init__(self, cache_dir: Path | None, filename: str, model_key: str) -> None:
        self.table = "r_" + hashlib.sha256(model_key.encode()).hexdigest()[:16]
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


def run_cached(
    cache: ItemCache,
    distinct: Sequence,
    text_of: Callable[[object], str],
    plan: Callable[[Sequence], list[list[int]]],
    run_batches: Callable[[list[list]], list[np.ndarray]],
) -> tuple[dict, int]:
    """Each distinct item's output row, from the cache where it has one; and how many items the model ran on.

    Only the missing items are planned into batches (work units for the local or Ray engine)
    and run; a fully cached call neither tokenises nor loads a model.
    """
    keys = {item: content_key(text_of(item)) for item in distinct} if cache.enabled else {}
    found = cache.get(sorted(set(keys.values())))
    row_of = {item: found[keys[item]] for item in distinct if keys.get(item) in found}
    missing = [item for item in distinct if item not in row_of]
    if not missing:
        return row_of, 0
    batches = [[missing[i] for i in batch] for batch in plan(missing)]
    fresh: dict = {}
    for batch, out in zip(batches, run_batches(batches)):
        fresh.update(zip(batch, np.asarray(out, dtype=np.float32).reshape(len(batch), -1)))
    cache.put({keys[item]: row for item, row in fresh.items()} if cache.enabled else {})
    row_of.update(fresh)
    return row_of, len(missing)
