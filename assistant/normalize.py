"""Text normalization: one canonical form for everything downstream (models, lexicons, facts).

NFKC folds full-width digits, letters and punctuation to ASCII; zero-width and control characters
are dropped (they hide words from lexicons and split numbers); whitespace collapses to one space;
Traditional characters become Simplified so one lexicon serves both. Emoji are kept, including the
zero-width joiners that hold multi-part emoji together, because they carry emotion.
"""

import re
import unicodedata
from functools import lru_cache

import opencc

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", "\u180e"}
_ZWJ = "\u200d"
_WS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _is_pictographic(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or cp in (0xFE0F, 0x2640, 0x2642, 0x2695, 0x2764)
    )


def _drop_invisible(text: str) -> str:
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch in _ZERO_WIDTH:
            continue
        if ch == _ZWJ:
            # keep a joiner only inside an emoji sequence (👩‍👧); elsewhere it hides text
            if out and _is_pictographic(out[-1]) and i + 1 < n and _is_pictographic(text[i + 1]):
                out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat == "Cc":
            out.append(" " if ch in "\t\n\r\x0b\x0c" else "")
        elif cat in ("Cf", "Cs", "Co", "Cn") and not _is_pictographic(ch):
            continue
        else:
            out.append(ch)
    return "".join(out)


def normalize(text: str) -> str:
    """Return the canonical form of a complaint or reply (idempotent)."""
    text = unicodedata.normalize("NFKC", text)
    text = _drop_invisible(text)
    text = _WS.sub(" ", text).strip()
    return _t2s().convert(text)


def tidy(text: str) -> str:
    """Light cleaning for text a customer will read (replies): invisible characters and extra
    whitespace go, but full-width Chinese punctuation stays — NFKC would turn "，" into ","."""
    return _WS.sub(" ", _drop_invisible(text)).strip()
