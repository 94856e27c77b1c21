"""The label contract (a copy of shared/spec/labels.yaml shipped inside the package)."""

from functools import lru_cache
from pathlib import Path

import yaml

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
