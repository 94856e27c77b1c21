"""Resolved cases and the curation rules every case passes before drafts may learn from it.

A case is shown to the model as an example turn, so a bad one teaches bad replies to every later
customer with a similar problem. Curation runs on every add, import and approval: required fields
and label ids, personal data in the reply, the explicit tone rules, instruction injection, and
near-duplicates of cases already in the store.
"""

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from . import tone_rules
from .corpus import utc_now
from .errors import CalmdeskError, Code
from .injection import find_injection
from .labels import FlagId, IntentId
from .normalize import normalize, tidy
from .pii import mask_pii

CASES_FILE = "cases.jsonl"
ACTIONS = (
    "resend", "refund", "return_refund", "exchange", "partial_refund",
    "coupon", "compensation", "evidence_request", "explain", "escalate",
)  # fmt: skip
ReviewState = Literal["pending", "approved", "rejected", "retired"]
Provenance = Literal["corpus", "feedback", "import", "manual"]


class CaseRecord(BaseModel):
    """One resolved case as stored; texts are normalized and the complaint is PII-masked."""

    case_id: str = ""
    complaint: str = Field(min_length=1)
    reply: str = Field(min_length=1)
    primary: IntentId
    secondary: list[IntentId] = Field(default_factory=list)
    emotion: int = Field(1, ge=0, le=3)
    flags: list[FlagId] = Field(default_factory=list)
    category: str = "无"
    action: str = "explain"
    outcome: str = ""
    review: ReviewState = "pending"
    provenance: Provenance = "manual"
    author: str = ""
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)
    content_hash: str = ""
    curation: list[str] = Field(default_factory=list, description="notes of the last curation run")

    @field_validator("complaint", mode="before")
    @classmethod
    def _normalized(cls, v):
        return normalize(v) if isinstance(v, str) else v

    @field_validator("reply", mode="before")
    @classmethod
    def _tidied(cls, v):
        return tidy(v) if isinstance(v, str) else v

    @field_validator("action")
    @classmethod
    def _known_action(cls, v: str) -> str:
        if v not in ACTIONS:
            raise ValueError(f"unknown action {v!r}; known: {', '.join(ACTIONS)}")
        return v


def content_hash(complaint: str, reply: str) -> str:
    return hashlib.sha256(f"{complaint}\x00{reply}".encode()).hexdigest()


def parse_case(row: dict, **defaults) -> CaseRecord:
    """A CaseRecord from a trainer's row; label problems become one coded error naming the field."""
    if not isinstance(row, dict):
        raise CalmdeskError(Code.BAD_ROW, "expected an object with complaint, reply, primary")
    data = {**defaults, **{k: v for k, v in row.items() if v not in (None, "")}}
    if "primary" not in data and "intent" in data:
        data["primary"] = data.pop("intent")
    for key in ("secondary", "flags"):
        if isinstance(data.get(key), str):  # CSV cells: "a,b" or a JSON list
            text = data[key].strip()
            data[key] = json.loads(text) if text.startswith("[") else [s for s in text.replace("，", ",").split(",") if s]
    missing = [k for k in ("complaint", "reply", "primary") if not data.get(k)]
    if missing:
        raise CalmdeskError(Code.MISSING_FIELD, ", ".join(missing))
    try:
        record = CaseRecord.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        code = Code.UNKNOWN_LABEL if "unknown" in first["msg"] else Code.BAD_ROW
        raise CalmdeskError(code, f"{field}: {first['msg']}") from None
    return record


def curate(record: CaseRecord) -> CaseRecord:
    """Check one case on its own and return it masked and hashed, or raise the first problem.

    Near-duplicates need the store and are checked there.
    """
    injected = find_injection(record.complaint) or find_injection(record.reply)
    if injected:
        raise CalmdeskError(Code.INJECTION_IN_CASE, f"“{injected}”")
    reply_pii = mask_pii(record.reply)
    if reply_pii.spans:
        raise CalmdeskError(Code.PII_IN_CASE, "、".join(sorted(set(reply_pii.kinds))))
    hits = tone_rules.check(record.reply)
    if hits:
        raise CalmdeskError(
            Code.TONE_RULES_BROKEN, "; ".join(f"{h.violation}（“{h.evidence}”）：{h.reason}" for h in hits)
        )
    complaint = mask_pii(record.complaint).text
    notes = ["complaint personal data masked"] if complaint != record.complaint else []
    return record.model_copy(
        update={
            "complaint": complaint,
            "content_hash": content_hash(complaint, record.reply),
            "curation": notes + ["passed: fields, injection, reply personal data, tone rules"],
        }
    )


def load_corpus_cases(corpus_dir: Path) -> list[CaseRecord]:
    """The shipped cases; any invalid line is a corpus error naming the line."""
    path = corpus_dir / CASES_FILE
    if not path.exists():
        raise CalmdeskError(Code.FILE_NOT_FOUND, str(path))
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(parse_case(row, provenance="corpus", review="approved", author="calmdesk"))
        except (json.JSONDecodeError, CalmdeskError) as exc:
            raise CalmdeskError(Code.CORPUS_INVALID, f"{path.name} line {n}: {exc}") from None
    return out
