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
    UNKNOWN_LABEL = "E108"
    BAD_ROW = "E109"
    # E2xx: models and built artifacts
    MODEL_MISSING = "E201"
    MODEL_MISMATCH = "E202"
    UNKNOWN_EMBEDDER = "E203"
    INDEX_MISSING = "E204"
    INDEX_EMBEDDER_MISMATCH = "E205"
    # E3xx: authored data
    CORPUS_INVALID = "E301"
    DUPLICATE_CASE = "E302"
    PII_IN_CASE = "E303"
    TONE_RULES_BROKEN = "E304"
    INJECTION_IN_CASE = "E305"
    CASE_NOT_FOUND = "E306"
    BAD_REVIEW_STATE = "E307"
    IMPORT_REJECTED = "E308"
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
    Code.UNKNOWN_LABEL: ("未知的标签 id（见 labels.yaml）", "unknown label id (see labels.yaml)"),
    Code.BAD_ROW: ("这一行数据有误", "the row is invalid"),
    Code.MODEL_MISSING: ("模型文件不存在", "a model artifact is missing"),
    Code.MODEL_MISMATCH: ("模型文件与当前配置不一致", "a model artifact does not match the settings"),
    Code.UNKNOWN_EMBEDDER: ("未知的向量模型", "unknown embedder"),
    Code.INDEX_MISSING: (
        "检索索引不存在，请先运行 calmdesk index build",
        "the retrieval index is missing; run `calmdesk index build`",
    ),
    Code.INDEX_EMBEDDER_MISMATCH: (
        "索引是用另一个向量模型建的，请用当前模型重建（calmdesk index build）",
        "the index was built with another embedder; rebuild it with `calmdesk index build`",
    ),
    Code.CORPUS_INVALID: ("语料数据有误", "the corpus is invalid"),
    Code.DUPLICATE_CASE: ("与已有案例重复", "duplicates an existing case"),
    Code.PII_IN_CASE: ("回复里含有个人信息", "the reply contains personal data"),
    Code.TONE_RULES_BROKEN: ("回复违反话术规则", "the reply breaks the tone rules"),
    Code.INJECTION_IN_CASE: ("案例里含有指令注入内容", "the case carries an instruction injection"),
    Code.CASE_NOT_FOUND: ("找不到这个案例", "no such case"),
    Code.BAD_REVIEW_STATE: ("案例当前状态不允许这个操作", "the case's review state does not allow this"),
    Code.IMPORT_REJECTED: ("导入被拒绝，文件中有错误行，未写入任何数据", "import rejected, nothing was written"),
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
