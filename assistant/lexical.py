"""BM25 over character bigrams and jieba words, as a sparse matrix so a query is a column sum.

Dense embeddings find "the same kind of problem"; this finds the same product, courier or odd word
("驿站", "开线", "榴莲"), which is what makes a retrieved case feel like this customer's case.
"""

import re

import jieba
import numpy as np
from scipy import sparse

jieba.setLogLevel(60)  # its dictionary-loading chatter goes to stderr otherwise
_WORD_CHARS = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]+")
_NOISE_WORDS = frozenset("的 了 我 你 是 在 吗 啊 呢 吧 都 也 就 还 这 那 有 和 么 呀 哦".split())


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for run in _WORD_CHARS.findall(text.lower()):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
        out.extend("w:" + w for w in jieba.lcut(run) if len(w) > 1 or w not in _NOISE_WORDS)
    return out


class Bm25:
    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.vocab: dict[str, int] = {}
        self._docs: list[list[str]] = []
        self.weights = sparse.csc_matrix((0, 0), dtype=np.float32)
        self.extend(docs)

    def __len__(self) -> int:
        return len(self._docs)

    def extend(self, docs: list[list[str]]) -> None:
        """Add documents; weights are recomputed (idf and average length change with every doc)."""
        for doc in docs:
            for tok in doc:
                self.vocab.setdefault(tok, len(self.vocab))
        self._docs.extend(docs)
        self._reweight()

    def keep(self, rows: np.ndarray) -> None:
        self._docs = [self._docs[i] for i in rows]
        self._reweight()

    def _reweight(self) -> None:
        n = len(self._docs)
        rows, cols = [], []
        for i, doc in enumerate(self._docs):
            rows.extend([i] * len(doc))
            cols.extend(self.vocab[t] for t in doc)
        tf = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, len(self.vocab))
        )
        tf.sum_duplicates()
        lengths = np.asarray(tf.sum(axis=1)).ravel()
        avg = lengths.mean() if n else 1.0
        df = np.bincount(tf.indices, minlength=len(self.vocab))
        idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = self.k1 * (1 - self.b + self.b * lengths / max(avg, 1e-9))
        data = tf.data.copy()
        row_of = np.repeat(np.arange(n), np.diff(tf.indptr))
        data = data * (self.k1 + 1) / (data + norm[row_of]) * idf[tf.indices]
        self.weights = sparse.csr_matrix((data, tf.indices, tf.indptr), shape=tf.shape).tocsc()

    def scores(self, query: list[str]) -> np.ndarray:
        ids = [self.vocab[t] for t in query if t in self.vocab]
        if not ids or not len(self):
            return np.zeros(len(self), dtype=np.float32)
        return np.asarray(self.weights[:, ids].sum(axis=1)).ravel()
