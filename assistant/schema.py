"""The objects of INTERFACE.md. Fields may be added; the named ones are a contract."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Emotion = Literal[0, 1, 2, 3]


class Facts(BaseModel):
    """Order facts named in the complaint; absent ones are left out of the JSON."""

    order_id: str | None = None
    amount: float | None = None
    courier: str | None = None
    days_waited: int | None = None
    product: str | None = None
    amounts: list[float] = Field(default_factory=list, description="every money amount, in order")
    tracking_no: str | None = None


class PiiSpan(BaseModel):
    """Where personal data was found: the kind and the position, never the value."""

    kind: str
    start: int
    end: int


class Analysis(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = None
    primary: str
    secondary: list[str] = Field(default_factory=list)
    emotion: Emotion
    flags: list[str] = Field(default_factory=list)
    facts: Facts = Field(default_factory=Facts)
    confidence: float = Field(ge=0, le=1)
    scores: dict[str, float] = Field(default_factory=dict)
    emotion_scores: dict[str, float] = Field(default_factory=dict)
    flag_sources: dict[str, list[str]] = Field(
        default_factory=dict, description="why each flag was raised: 'lexicon:<cue>' and/or 'model'"
    )
    text: str = Field("", description="the normalized complaint with personal data masked")
    pii: list[str] = Field(default_factory=list, description="kinds of personal data that were masked")
    long_input: bool = Field(False, description="analysed on head and tail because it was long")

    def to_json(self) -> dict[str, Any]:
        """The wire form: facts the complaint does not name are left out, not sent as null."""
        out = self.model_dump(mode="json")
        out["facts"] = {k: v for k, v in out["facts"].items() if v not in (None, [])}
        return out


class Case(BaseModel):
    model_config = ConfigDict(extra="allow")

    case_id: str
    complaint: str
    reply: str
    intent: str
    score: float = 0.0


class ToneResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = None
    score: float = Field(ge=1.0, le=5.0)
    violations: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)


class Draft(BaseModel):
    model_config = ConfigDict(extra="allow")

    text: str
    score: float = Field(ge=0, le=1)
    tone: ToneResult | None = None
    source: str
    checks: dict[str, Any] = Field(default_factory=dict)


class DraftResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = None
    analysis: Analysis
    cases: list[Case] = Field(default_factory=list)
    phrases: list[dict[str, Any]] = Field(default_factory=list)
    drafts: list[Draft] = Field(default_factory=list)


class ErrorBody(BaseModel):
    code: str
    name: str
    message: str


class ErrorLine(BaseModel):
    """A batch line that could not be processed; the run goes on."""

    id: str | None = None
    error: ErrorBody
