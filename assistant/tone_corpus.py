"""The tone-labelled replies: each with the complaint it answers, a gold score and violations."""

from pathlib import Path

from pydantic import BaseModel, Field

from .corpus import Split
from .errors import CalmdeskError, Code
from .labels import ToneViolationId

TONE_FILE = "tone.jsonl"


class ToneItem(BaseModel):
    id: str
    complaint: str = Field(min_length=1)
    reply: str = Field(min_length=1)
    score: int = Field(ge=1, le=5)
    violations: list[ToneViolationId] = Field(default_factory=list)
    why: str = ""
    split: Split
    batch: str = ""
    annotation: dict = Field(default_factory=dict, description="the writer's list and the second reader's note")


def load_tone_items(corpus_dir: Path, split: str | None = None) -> list[ToneItem]:
    path = corpus_dir / TONE_FILE
    if not path.exists():
        raise CalmdeskError(Code.FILE_NOT_FOUND, str(path))
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            items.append(ToneItem.model_validate_json(line))
        except ValueError as exc:
            raise CalmdeskError(Code.CORPUS_INVALID, f"{path.name} line {n}: {exc}") from None
    return [i for i in items if split is None or i.split == split]
