"""The labelled complaint corpus: loading, validation, the fixed train/dev split, its hash."""

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, field_validator

from . import labels
from .errors import CalmdeskError, Code

COMPLAINTS_FILE = "complaints.jsonl"


class LabelledComplaint(BaseModel):
    id: str
    text: str = Field(min_length=1)
    primary: str
    secondary: list[str] = Field(default_factory=list)
    emotion: int = Field(ge=0, le=3)
    flags: list[str] = Field(default_factory=list)
    category: str = "无"
    split: str
    round: int = Field(1, description="the writing round the complaint came from (see corpus/briefs)")
    annotation: dict = Field(default_factory=dict, description="second annotator and adjudication record")

    @field_validator("primary")
    @classmethod
    def _known_intent(cls, v: str) -> str:
        if v not in labels.intents():
            raise ValueError(f"unknown intent {v!r}")
        return v

    @field_validator("secondary")
    @classmethod
    def _known_intents(cls, v: list[str]) -> list[str]:
        bad = [i for i in v if i not in labels.intents()]
        if bad:
            raise ValueError(f"unknown intents {bad}")
        return v

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, v: list[str]) -> list[str]:
        bad = [f for f in v if f not in labels.flags()]
        if bad:
            raise ValueError(f"unknown flags {bad}")
        return v

    @field_validator("split")
    @classmethod
    def _known_split(cls, v: str) -> str:
        if v not in ("train", "dev"):
            raise ValueError("split must be train or dev")
        return v


def complaints_path(corpus_dir: Path) -> Path:
    return corpus_dir / COMPLAINTS_FILE


def load_complaints(corpus_dir: Path, split: str | None = None) -> list[LabelledComplaint]:
    path = complaints_path(corpus_dir)
    if not path.exists():
        raise CalmdeskError(Code.FILE_NOT_FOUND, str(path))
    rows: list[LabelledComplaint] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(LabelledComplaint.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as e:
            raise CalmdeskError(Code.CORPUS_INVALID, f"{path.name} line {n}: {e}") from None
    return [r for r in rows if split is None or r.split == split]


def file_hash(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]
