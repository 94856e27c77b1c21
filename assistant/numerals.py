"""Chinese and mixed numerals as buyers type them: 一千二 → 1200, 两百多 → 200, 1万5 → 15000, 99块9 → 99.9."""

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_SMALL_UNITS = ("十", "百", "千")

NUMBER_CHARS = "0-9.零〇一幺二两三四五六七八九十百千万亿"
NUMBER = re.compile(rf"[{NUMBER_CHARS}]+")


def _parse_section(s: str) -> float:
    """A number below 10,000: 三百五, 一千二, 1千2, 十五, 305."""
    if not s:
        return 0
    total = 0.0
    current: float | None = None
    last_unit = 1
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isdigit() or ch == ".":
            j = i
            while j < len(s) and (s[j].isdigit() or s[j] == "."):
                j += 1
            current = float(s[i:j])
            i = j
            continue
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in UNITS:
            unit = UNITS[ch]
            total += (1 if current is None else current) * unit
            current = None
            last_unit = unit
        else:
            raise ValueError(f"not a numeral: {s!r}")
        i += 1
    if current is not None:
        # a trailing digit after a unit is one unit down: 一千二 = 1200, 三百五 = 350
        total += current * (last_unit // 10 if last_unit >= 100 and s[-2:-1] in _SMALL_UNITS else 1)
    return total


def parse_number(s: str) -> float | None:
    """Parse one numeral in digits, Chinese, or both; None when it is not a number."""
    s = s.strip()
    if not s or not NUMBER.fullmatch(s) or s.count(".") > 1 or s == ".":
        return None
    try:
        if "亿" in s:
            hi, lo = s.split("亿", 1)
            return (parse_number(hi) or 1) * 100_000_000 + _wan_tail(lo, 10_000_000)
        if "万" in s:
            hi, lo = s.split("万", 1)
            return (parse_number(hi) or 1) * 10_000 + _wan_tail(lo, 1000)
        return _parse_section(s)
    except ValueError:
        return None


def _wan_tail(lo: str, scale: int) -> float:
    """The part after 万/亿: 一万五 means 15000, 一万零五百 means 10500."""
    if not lo:
        return 0
    if len(lo) == 1 and (lo in DIGITS or lo.isdigit()):
        return (DIGITS.get(lo) if lo in DIGITS else int(lo)) * scale
    return parse_number(lo.lstrip("零〇")) or 0
