"""One error type with stable codes, so the CLI, the server and batch files report the same thing.

A code never changes meaning once released; add new ones at the end of a block.
"""

from enum import Enum


class Code(str, Enum):
    # E1xx: the caller's input
    EMPTY_TEXT = "E101"
    NOT_TEXT = "E102"
    TEXT_TOO_LONG = "E103"
    BAD_JSON_LINE = "E104"
    MISSING_FIELD = "E105"
    BAD_ENCODING = "E106"
    FILE_NOT_FOUND = "E107"
    # E2xx: models and built artifacts
    MODEL_MISSING = "E201"
    MODEL_MISMATCH = "E202"
    UNKNOWN_EMBEDDER = "E203"
    # E3xx: authored data
    CORPUS_INVALID = "E301"
    # E9xx: our fault
    INTERNAL = "E900"


_MESSAGES: dict[Code, tuple[str, str]] = {
    Code.EMPTY_TEXT: ("文本为空", "the text is empty"),
    Code.NOT_TEXT: ("输入不是文本", "the input is not a string"),
    Code.TEXT_TOO_LONG: ("文本太长", "the text is too long"),
    Code.BAD_JSON_LINE: ("这一行不是合法的 JSON 对象", "the line is not a JSON object"),
    Code.MISSING_FIELD: ("缺少必填字段", "a required field is missing"),
    Code.BAD_ENCODING: ("不是 UTF-8 编码", "the input is not valid UTF-8"),
    Code.FILE_NOT_FOUND: ("找不到文件", "file not found"),
    Code.MODEL_MISSING: ("模型文件不存在", "a model artifact is missing"),
    Code.MODEL_MISMATCH: ("模型文件与当前配置不一致", "a model artifact does not match the settings"),
    Code.UNKNOWN_EMBEDDER: ("未知的向量模型", "unknown embedder"),
    Code.CORPUS_INVALID: ("语料数据有误", "the corpus is invalid"),
    Code.INTERNAL: ("内部错误，请联系开发者", "internal error, please report it"),
}


class CalmdeskError(Exception):
    """An error meant for a person: a stable code, a bilingual message and an optional detail."""

    def __init__(self, code: Code, detail: str = ""):
        self.code = code
        self.detail = detail
        zh, en = _MESSAGES[code]
        self.message = f"[{code.value}] {zh} / {en}" + (f": {detail}" if detail else "")
        super().__init__(self.message)

    def to_dict(self) -> dict:
        return {"code": self.code.value, "name": self.code.name.lower(), "message": self.message}
