"""One model.onnx run on the CPU by onnxruntime, shared by the embedding and NLI models.

Every text (or pair) runs alone: no padding and no batch neighbour. The shipped models are int8
with dynamic quantisation, which scales activations per tensor, so in a padded batch a pair's
scores moved with the other pairs (by up to 0.11, flipping labels); alone, a text's output is a
function of the text and the model file only. Throughput comes from running `threads` texts at
once on single-threaded kernels, which on short news sentences costs about as much CPU per text
as padded batches did (docs/BENCHMARKS.md).

The session opens on the first run, so a run answered from the cache never pays for it, and a
broken file is a one-line error at that point.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from claimdiff.errors import ClaimdiffError

FEEDS = ("input_ids", "attention_mask", "token_type_ids")


class OnnxRunner:
    def __init__(self, path: Path, threads: int, what: str) -> None:
        self.path, self.threads, self.what = Path(path), max(1, int(threads)), what
        self._session = None
        self._inputs: set[str] = set()
        self._pool: ThreadPoolExecutor | None = None

    @property
    def loaded(self) -> bool:
        return self._session is not None

    @property
    def session(self):
        if self._session is None:
            import onnxruntime

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = 1  # parallel across texts instead (run_each)
            options.inter_op_num_threads = 1
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
            try:
                self._session = onnxruntime.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
            except Exception as error:  # noqa: BLE001 - onnxruntime raises its own exception types
                raise ClaimdiffError(f"cannot load the {self.what} {self.path}: {str(error).splitlines()[0]}") from None
            self._inputs = {i.name for i in self._session.get_inputs()}
        return self._session

    def _run_one(self, encoding) -> np.ndarray:
        ids = np.asarray(encoding.ids, dtype=np.int64)[np.newaxis]
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.asarray(encoding.type_ids, dtype=np.int64)[np.newaxis]}
        return self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0][0]

    def run_each(self, encodings) -> np.ndarray:
        """The first output's row for each tokenizers Encoding, each computed alone, in input order."""
        if not encodings:
            raise ValueError("run_each needs at least one encoding")
        self.session  # noqa: B018 - open it here, once, not racing in the worker threads
        if self.threads == 1 or len(encodings) == 1:
            return np.stack([self._run_one(e) for e in encodings])
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="claimdiff-onnx")
        return np.stack(list(self._pool.map(self._run_one, encodings)))
