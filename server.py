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

log = logging.getLogger(__name__)

_STATUS = {Code.TEXT_TOO_LONG: 413, Code.MODEL_MISSING: 503, Code.MODEL_MISMATCH: 503, Code.INTERNAL: 500}


class AnalyzeRequest(BaseModel):
    text: Any = None


router = APIRouter()


@router.get("/healthz")
def healthz(request: Request) -> dict:
    state = request.app.state
    return {
        "status": "ok" if state.analyzer else "degraded",
        "version": __version__,
        "models": {"analyzer": state.analyzer_status},
    }


@router.post("/v1/analyze")
def analyze(body: AnalyzeRequest, request: Request) -> dict:
    analyzer: Analyzer | None = request.app.state.analyzer
    if analyzer is None:
        raise CalmdeskError(Code.MODEL_MISSING, request.app.state.analyzer_status)
    if body.text is None:
        raise CalmdeskError(Code.MISSING_FIELD, "'text'")
    return analyzer.analyze(body.text).to_json()


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
        yield

    app = FastAPI(title="calmdesk", version=__version__, lifespan=lifespan)
    app.state.analyzer, app.state.analyzer_status = None, "not loaded"
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
