"""One model.onnx run on the CPU by onnxruntime, shared by the embedding and NLI models.

The session opens on the first batch, so a run answered from the cache never pays for it, and a
broken file is a one-line error at that point.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from claimdiff.errors import ClaimdiffError

FEEDS = ("input_ids", "attention_mask", "token_type_ids")


class OnnxRunner:
    def __init__(self, path: Path, threads: int, what: str) -> None:
        self.path, self.threads, self.what = Path(path), threads, what
        self._session = None
        self._inputs: set[str] = set()

    @property
    def loaded(self) -> bool:
        return self._session is not None

    @property
    def session(self):
        if self._session is None:
            import onnxruntime

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
            try:
                self._session = onnxruntime.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
            except Exception as error:  # noqa: BLE001 - onnxruntime raises its own exception types
                raise ClaimdiffError(f"cannot load the {self.what} {self.path}: {str(error).splitlines()[0]}") from None
            self._inputs = {i.name for i in self._session.get_inputs()}
        return self._session

    def run(self, encodings) -> np.ndarray:
        """The first output for a batch of tokenizers Encodings, right-padded to the longest."""
        session = self.session
        width = max(len(e.ids) for e in encodings)
        feeds = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in FEEDS}
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            feeds["input_ids"][row, :n] = encoding.ids
            feeds["attention_mask"][row, :n] = 1
            feeds["token_type_ids"][row, :n] = encoding.type_ids
        return session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
