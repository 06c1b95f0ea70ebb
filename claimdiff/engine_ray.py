"""The Ray engine: embedding and NLI run as Ray Data batch jobs on a pool of actors.

`pipeline.compare` stays one function; this module only supplies an embedder and an NLI model
with the local interfaces (`Embedder.encode`, `NLIModel.predict`) whose work runs on Ray. The
results are byte-identical to the local engine because nothing about the arithmetic changes:
every text or pair is computed alone (the local engine's form too, so a result never depends on
its neighbours), the driver ships the uncached work to actors as rows, and every actor runs the
same model code on it. Planning and the caches stay on the driver.

Use `ray_session` to connect (an address such as "ray://head:10001" or "auto") or to start a
local instance; docs/ray.md explains how to point it at a cluster.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from claimdiff.config import DEFAULT_EMBEDDING_MODEL, DEFAULT_NLI_MODEL, Settings
from claimdiff.embed import Embedder, load_encoder
from claimdiff.errors import ClaimdiffError
from claimdiff.nli import CachedNLI, load_nli_model


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401 - Ray Data is a separate extra of ray
    except ImportError:
        raise ClaimdiffError('the Ray engine needs Ray Data: pip install "claimdiff[ray]"') from None
    return ray


@contextmanager
def ray_session(address: str | None = None, num_cpus: int | None = None) -> Iterator[None]:
    """Connect to `address`, or start a local Ray with `num_cpus`; reuse one already running.

    Shuts down only what it started."""
    ray = _import_ray()
    if ray.is_initialized():
        yield
        return
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")  # Ray's C++ notices would otherwise reach the user's terminal
    try:
        if address:
            ray.init(address=address, log_to_driver=False, logging_level="ERROR")
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    except Exception as error:  # noqa: BLE001 - connection, version and start-up errors all mean "no Ray"
        where = f"at {address}" if address else "locally"
        raise ClaimdiffError(f"cannot start Ray {where}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}") from None
    try:
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # claimdiff reports progress itself
        ray.data.DataContext.get_current().enable_progress_bars = False
        yield
    finally:
        ray.shutdown()


def default_actors() -> int:
    """One single-threaded actor per CPU of the cluster: small models scale best across processes."""
    ray = _import_ray()
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def _run_batches(worker: type, options: dict, rows: list[dict], actors: int | None) -> list[dict]:
    """One row per planned batch in, the worker's rows out; Ray decides which actor runs which batch."""
    ray = _import_ray()
    if not rows:
        return []
    actors = max(1, min(actors or default_actors(), len(rows)))
    dataset = ray.data.from_items(rows)
    results = dataset.map_batches(
        worker,
        fn_constructor_kwargs=options,
        batch_size=1,  # exactly one planned batch per call: the batch is the unit of the arithmetic
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
    )
    return list(results.iter_rows())


class EmbeddingWorker:
    """A Ray actor: loads the encoder once, then encodes planned batches as they arrive."""

    def __init__(self, model_name: str, backend: str) -> None:
        self.encoder = load_encoder(model_name, backend, threads=1)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        texts = [str(text) for text in batch["texts"][0]]
        return {"batch": np.asarray(batch["batch"]), "vectors": self.encoder.encode_batch(texts)[np.newaxis]}


class RayEmbedder(Embedder):
    """An Embedder whose uncached batches run on Ray actors; planning and cache stay on the driver."""

    def __init__(
        self,
        model_name: str = DEFAULT_EMBEDDING_MODEL,
        cache_dir: Path | None = None,
        threads: int = 2,
        batch_size: int = 64,
        backend: str = "auto",
        actors: int | None = None,
    ) -> None:
        super().__init__(model_name, cache_dir=cache_dir, threads=threads, batch_size=batch_size, backend=backend)
        self.actors = actors

    def encode_batches(self, batches: list[list[str]]) -> list[np.ndarray]:
        rows = [{"batch": index, "texts": batch} for index, batch in enumerate(batches)]
        out: list[np.ndarray | None] = [None] * len(batches)
        for row in _run_batches(EmbeddingWorker, {"model_name": self.name, "backend": self.backend}, rows, self.actors):
            out[int(row["batch"])] = np.asarray(row["vectors"], dtype=np.float32)
        return out


class NLIWorker:
    """A Ray actor: loads the NLI model once, then scores planned batches of pairs."""

    def __init__(self, spec: str, batch_size: int) -> None:
        self.model = load_nli_model(spec, threads=1, batch_size=batch_size)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        pairs = [(str(a), str(b)) for a, b in zip(batch["premises"][0], batch["hypotheses"][0])]
        return {"batch": np.asarray(batch["batch"]), "scores": self.model.score_batch(pairs)[np.newaxis]}


class RayNLIModel(CachedNLI):
    """CachedNLI whose uncached batches are scored on Ray actors; planning and cache stay on the driver."""

    def __init__(self, spec: str = DEFAULT_NLI_MODEL, threads: int = 2, batch_size: int = 32, actors: int | None = None, cache_dir: Path | None = None) -> None:
        super().__init__(load_nli_model(spec, threads=threads, batch_size=batch_size), cache_dir=cache_dir)
        self.spec = spec
        self.batch_size = batch_size
        self.actors = actors

    def score_batches(self, batches: list[list[tuple[str, str]]]) -> list[np.ndarray]:
        rows = [
            {"batch": index, "premises": [a for a, _ in batch], "hypotheses": [b for _, b in batch]}
            for index, batch in enumerate(batches)
        ]
        out: list[np.ndarray | None] = [None] * len(batches)
        for row in _run_batches(NLIWorker, {"spec": self.spec, "batch_size": self.batch_size}, rows, self.actors):
            out[int(row["batch"])] = np.asarray(row["scores"], dtype=np.float32)
        return out


def ray_models(settings: Settings, actors: int | None = None) -> tuple[RayEmbedder, RayNLIModel]:
    """The embedder and NLI model that make pipeline.compare run on Ray (inside a ray_session)."""
    _import_ray()
    embedder = RayEmbedder(settings.embedding_model, cache_dir=settings.cache_dir, threads=settings.threads, actors=actors)
    nli = RayNLIModel(settings.nli_model, threads=settings.threads, batch_size=settings.batch_size, actors=actors, cache_dir=settings.cache_dir)
    return embedder, nli
