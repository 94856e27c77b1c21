"""The labelled complaint corpus: loading, validation, the fixed train/dev split, its hash."""

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from .errors import CalmdeskError, Code
from .labels import FlagId, IntentId

COMPLAINTS_FILE = "complaints.jsonl"
Split = Literal["train", "dev"]  # fixed once written; eval reads dev only


class LabelledComplaint(BaseModel):
    id: str
    text: str = Field(min_length=1)
    primary: IntentId
    secondary: list[IntentId] = Field(default_factory=list)
    emotion: int = Field(ge=0, le=3)
    flags: list[FlagId] = Field(default_factory=list)
    category: str = "无"
    split: Split
    round: int = Field(1, description="the writing round the complaint came from (see corpus/briefs)")
    annotation: dict = Field(default_factory=dict, description="second annotator and adjudication record")


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


def utc_now() -> str:
    """The time stamp of manifests and case records."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def file_hash(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]
