"""Personal data detection and masking.

Runs on normalized text (full-width digits already folded). Each detector finds spans; spans are
taken in priority order so a number is masked once, as its most specific kind, and then replaced by
a typed placeholder. The caller gets the masked text and the kinds/positions found, never the values:
nothing downstream (models, index, prompts, logs) sees the original.
"""

import re
from dataclasses import dataclass, field

PLACEHOLDERS = {
    "email": "[邮箱]",
    "id_card": "[身份证号]",
    "mobile": "[手机号]",
    "bank_card": "[银行卡号]",
    "landline": "[固话]",
    "wechat": "[微信号]",
    "qq": "[QQ号]",
    "address": "[地址]",
}

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ID18 = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9])")
_DIGIT_RUN = re.compile(r"(?<![0-9])\d(?:[- ]?\d){11,22}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(?:\(0\d{2,3}\)|0\d{2,3})[- ]?[2-9]\d{6,7}(?:-\d{1,4})?(?![0-9])")
_WECHAT = re.compile(
    r"(?:微信号?|威信|薇信|[vVwW][xX]|[vV]信|weixin|wechat|WeChat)\s*(?:号|id|ID)?\s*[:：是为]?\s*"
    r"(?P<v>[A-Za-z][-_A-Za-z0-9]{5,19}|\d{6,11})(?![-_A-Za-z0-9])"
)
_QQ = re.compile(r"(?:[qQ]{2}|扣扣|企鹅)\s*(?:号)?\s*[:：是为]?\s*(?P<v>[1-9]\d{4,10})(?![0-9])")

_CJK = "\u4e00-\u9fff"
_NUM = "0-9A-Za-z一二三四五六七八九十百零〇两"
_ADDRESS = re.compile(
    rf"(?:[{_CJK}]{{2,6}}(?:省|自治区))?"
    rf"(?:[{_CJK}]{{1,6}}(?:市|州|盟))?"
    rf"(?:[{_CJK}]{{1,6}}(?:区|县|旗))?"
    rf"(?:[{_CJK}]{{1,8}}(?:镇|乡|街道))?"
    rf"[{_CJK}A-Za-z0-9]{{1,12}}?(?:路|街|大道|巷|弄|胡同|村|小区|花园|公寓|大厦|广场|苑|新村)"
    rf"(?:[- ]?[{_NUM}]{{1,6}}(?:号院|号楼|号|栋|幢|座|单元|楼|层|室|户|组)){{1,6}}"
    rf"(?:[0-9]{{2,5}}(?![0-9]))?"
)
# words that introduce an address but are not part of it: trimmed off the front of a match
_ADDRESS_LEAD = re.compile(r"^.{0,8}?(?:收货地址|地址|寄到|送到|发到|退到|住在|住|在|到|是|为|:|：)\s*")

_ORDER_CONTEXT = re.compile(r"(?:订单|单号|订单号|编号|order|运单|快递单)[^0-9]{0,6}$", re.I)
_CARD_CONTEXT = re.compile(r"(?:卡号|银行卡|信用卡|储蓄卡|借记卡|卡)[^0-9]{0,6}$")


@dataclass
class Span:
    kind: str
    start: int
    end: int


@dataclass
class Masked:
    text: str
    spans: list[Span] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        return sorted({s.kind for s in self.spans})


def id_check_digit_ok(num: str) -> bool:
    """GB 11643 (ISO 7064 MOD 11-2) check digit of an 18-digit resident ID."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(num[:17], weights))
    return "10X98765432"[total % 11] == num[17].upper()


def _plausible_birth_date(num: str) -> bool:
    year, month, day = int(num[6:10]), int(num[10:12]), int(num[12:14])
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _find_all(text: str) -> list[Span]:
    found: list[Span] = [Span("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    for m in _ID18.finditer(text):
        if id_check_digit_ok(m.group()) and _plausible_birth_date(m.group()):
            if not _ORDER_CONTEXT.search(text[max(0, m.start() - 12) : m.start()]):
                found.append(Span("id_card", m.start(), m.end()))
    found += [Span("mobile", m.start(), m.end()) for m in _MOBILE.finditer(text)]
    for m in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        before = text[max(0, m.start() - 12) : m.start()]
        if _CARD_CONTEXT.search(before):
            found.append(Span("bank_card", m.start(), m.end()))
        elif 16 <= len(digits) <= 19 and luhn_ok(digits) and not _ORDER_CONTEXT.search(before):
            found.append(Span("bank_card", m.start(), m.end()))
    found += [Span("landline", m.start(), m.end()) for m in _LANDLINE.finditer(text)]
    found += [Span("wechat", m.start("v"), m.end("v")) for m in _WECHAT.finditer(text)]
    found += [Span("qq", m.start("v"), m.end("v")) for m in _QQ.finditer(text)]
    for m in _ADDRESS.finditer(text):
        lead = _ADDRESS_LEAD.match(m.group())
        start = m.start() + (lead.end() if lead and lead.end() < len(m.group()) - 2 else 0)
        found.append(Span("address", start, m.end()))
    return found


def find_pii(text: str) -> list[Span]:
    """Non-overlapping spans, earlier detectors winning (email before id before mobile ...)."""
    taken: list[Span] = []
    for span in _find_all(text):
        if span.start == span.end or text[span.start : span.end] in PLACEHOLDERS.values():
            continue
        if all(span.end <= t.start or span.start >= t.end for t in taken):
            taken.append(span)
    return sorted(taken, key=lambda s: s.start)


def mask_pii(text: str) -> Masked:
    spans = find_pii(text)
    parts: list[str] = []
    pos = 0
    out_spans: list[Span] = []
    length = 0
    for s in spans:
        parts.append(text[pos : s.start])
        length += s.start - pos
        ph = PLACEHOLDERS[s.kind]
        out_spans.append(Span(s.kind, length, length + len(ph)))
        parts.append(ph)
        length += len(ph)
        pos = s.end
    parts.append(text[pos:])
    return Masked("".join(parts), out_spans)
