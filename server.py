"""The HTTP service: `uvicorn server:app` or `calmdesk serve`.

The analyzer loads once in the lifespan; every error is `{"error": {"code", "message"}}` with a 4xx,
never a 500 for bad input. Later routers (drafts, tone, cases) hang off the same app.
"""

import logging
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from assistant import __version__
from assistant.analyze import Analyzer
from assistant.errors import CalmdeskError, Code
from assistant.settings import Settings, get_settings
from assistant.tone import ToneScorer, tone_input

log = logging.getLogger(__name__)

_STATUS = {Code.TEXT_TOO_LONG: 413, Code.MODEL_MISSING: 503, Code.MODEL_MISMATCH: 503, Code.INTERNAL: 500}


class AnalyzeRequest(BaseModel):
    text: Any = None


class ToneRequest(BaseModel):
    reply: Any = None
    complaint: Any = None
    items: list[Any] | None = None


MAX_TONE_ITEMS = 1000


router = APIRouter()


@router.get("/healthz")
def healthz(request: Request) -> dict:
    state = request.app.state
    return {
        "status": "ok" if state.analyzer and state.tone else "degraded",
        "version": __version__,
        "models": {"analyzer": state.analyzer_status, "tone": state.tone_status},
    }


@router.post("/v1/analyze")
def analyze(body: AnalyzeRequest, request: Request) -> dict:
    analyzer: Analyzer | None = request.app.state.analyzer
    if analyzer is None:
        raise CalmdeskError(Code.MODEL_MISSING, request.app.state.analyzer_status)
    if body.text is None:
        raise CalmdeskError(Code.MISSING_FIELD, "'text'")
    return analyzer.analyze(body.text).to_json()


def _id(value) -> str | None:
    return None if value is None else str(value)


@router.post("/v1/tone")
def tone(body: ToneRequest, request: Request) -> dict:
    """One reply, or {"items": [...]} where a bad item gets its own error and the rest are scored."""
    scorer: ToneScorer | None = request.app.state.tone
    if scorer is None:
        raise CalmdeskError(Code.MODEL_MISSING, request.app.state.tone_status)
    limit = request.app.state.settings.max_reply_chars
    if body.items is None:
        if body.reply is None:
            raise CalmdeskError(Code.MISSING_FIELD, "'reply' or 'items'")
        return scorer.score([tone_input(body.model_dump(), limit)])[0].model_dump()
    if len(body.items) > MAX_TONE_ITEMS:
        raise CalmdeskError(Code.TEXT_TOO_LONG, f"{len(body.items)} items > {MAX_TONE_ITEMS}")
    inputs, slots, results = [], [], []
    for item in body.items:
        try:
            if not isinstance(item, dict):
                raise CalmdeskError(Code.BAD_JSON_LINE, "an item is not an object")
            inputs.append(tone_input(item, limit))
            slots.append(len(results))
            results.append(None)
        except CalmdeskError as exc:
            results.append({"id": _id(item.get("id")) if isinstance(item, dict) else None, "error": exc.to_dict()})
    ids = [_id(body.items[k].get("id")) for k in range(len(body.items)) if results[k] is None]
    for slot, result in zip(slots, scorer.score(inputs, ids)):
        results[slot] = result.model_dump()
    return {"results": results}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            app.state.analyzer = Analyzer.load(settings)
            app.state.analyzer_status = "loaded"
        except CalmdeskError as e:
            log.error("analyzer not loaded: %s", e.message)
            app.state.analyzer, app.state.analyzer_status = None, e.message
        try:
            embedder = app.state.analyzer.embedder if app.state.analyzer else None
            app.state.tone = ToneScorer.load(settings, embedder)
            app.state.tone_status = "loaded"
        except CalmdeskError as e:
            log.error("tone scorer not loaded: %s", e.message)
            app.state.tone, app.state.tone_status = None, e.message
        yield

    app = FastAPI(title="calmdesk", version=__version__, lifespan=lifespan)
    app.state.settings = settings
    app.state.analyzer, app.state.analyzer_status = None, "not loaded"
    app.state.tone, app.state.tone_status = None, "not loaded"
    app.include_router(router)

    @app.exception_handler(CalmdeskError)
    async def _calmdesk_error(request: Request, exc: CalmdeskError) -> JSONResponse:
        return JSONResponse({"error": exc.to_dict()}, status_code=_STATUS.get(exc.code, 400))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        err = CalmdeskError(Code.BAD_JSON_LINE, "; ".join(str(e.get("msg")) for e in exc.errors())[:300])
        return JSONResponse({"error": err.to_dict()}, status_code=422)

    return app


def __getattr__(name: str):
    # `uvicorn server:app` builds the app on first access, not at import (tests build their own)
    if name == "app":
        return create_app()
    raise AttributeError(name)
