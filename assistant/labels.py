"""The label contract (a copy of shared/spec/labels.yaml shipped inside the package)."""

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator

_PATH = Path(__file__).with_name("labels.yaml")


@lru_cache(maxsize=1)
def _load() -> dict:
    return yaml.safe_load(_PATH.read_text(encoding="utf-8"))


def intents() -> list[str]:
    return list(_load()["intents"])


def intent_descriptions() -> dict[str, str]:
    return dict(_load()["intents"])


def flags() -> list[str]:
    return list(_load()["risk_flags"])


def emotions() -> dict[int, str]:
    return {int(k): v for k, v in _load()["emotion"].items()}


def tone_violations() -> list[str]:
    return list(_load()["tone_violations"])


def tone_violation_descriptions() -> dict[str, str]:
    return dict(_load()["tone_violations"])


def _known(kind: str, ids: Callable[[], list[str]]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in ids():
            raise ValueError(f"unknown {kind} id {value!r}")
        return value

    return AfterValidator(check)


# Field types for pydantic models that hold label ids: an unknown id fails validation, naming it.
IntentId = Annotated[str, _known("intent", intents)]
FlagId = Annotated[str, _known("flag", flags)]
ToneViolationId = Annotated[str, _known("tone violation", tone_violations)]
