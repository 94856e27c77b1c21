"""The `calmdesk` command: parses arguments and calls library functions, nothing more."""

import json
import logging
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .errors import CalmdeskError, Code
from .settings import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="calmdesk: 售后客服回复助手 / reply assistant")
log = logging.getLogger("assistant")


@app.callback()
def _setup(verbose: bool = typer.Option(False, "--verbose", "-v", help="log progress to stderr")) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


@app.command()
def analyze(
    text: Optional[str] = typer.Argument(None, help="one complaint"),
    in_file: Optional[Path] = typer.Option(None, "--in", help="JSONL of {id, text}"),
    out_file: Optional[Path] = typer.Option(None, "--out", help="JSONL of Analysis, same order"),
) -> None:
    """Intent, emotion, risk flags and order facts of a complaint (or a JSONL file of them)."""
    from .analyze import Analyzer, analyze_lines
    from .batch import run_batch

    if (text is None) == (in_file is None) or (in_file is None) != (out_file is None):
        raise typer.BadParameter("give either TEXT, or both --in and --out")
    analyzer = Analyzer.load(get_settings())
    if text is not None:
        _emit(analyzer.analyze(text).to_json())
        return
    ok, failed = run_batch(in_file, out_file, "text", lambda lines: analyze_lines(analyzer, lines), desc="analyze")
    typer.echo(f"{ok} analysed, {failed} failed -> {out_file}", err=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def train(include_dev: bool = typer.Option(False, help="also learn from the dev split (production build)")) -> None:
    """Train the analyzer and the tone scorer from corpus/ into index/."""
    from .embed import load_embedder
    from .tone import train_tone
    from .train import train_analyzer

    settings = get_settings()
    embedder = load_embedder(settings.embedder, settings.threads)
    analyzer = train_analyzer(settings, include_dev=include_dev, embedder=embedder)
    tone = train_tone(settings, include_dev=include_dev, embedder=embedder)
    typer.echo(json.dumps({"analyzer": analyzer, "tone": tone}, ensure_ascii=False, indent=2))


@app.command()
def tone(
    in_file: Path = typer.Option(..., "--in", help="JSONL or CSV: id, reply, complaint?, agent?, time?"),
    out_file: Path = typer.Option(..., "--out", help="JSONL of ToneResult, same order"),
    report: Optional[Path] = typer.Option(None, "--report", help="write a self-contained HTML report here"),
) -> None:
    """Score the tone of agent replies in bulk (1-5, violations, reasons), optionally with a report."""
    from .batch import run_batch
    from .embed import load_embedder
    from .report import render, write_report
    from .tone import ToneScorer, tone_lines

    settings = get_settings()
    embedder = load_embedder(settings.embedder, settings.threads)
    scorer = ToneScorer.load(settings, embedder)
    scored: list = []
    ok, failed = run_batch(
        in_file, out_file, "reply", lambda lines: tone_lines(scorer, lines, settings.max_reply_chars, scored),
        chunk=512, desc="tone",
    )  # fmt: skip
    typer.echo(f"{ok} scored, {failed} failed -> {out_file}", err=True)
    if report is not None:
        write_report(report, render(scored, failed, better=_better_reply(settings, embedder)))
        typer.echo(f"report -> {report}", err=True)
    if failed:
        raise typer.Exit(1)


def _better_reply(settings, embedder):
    """The approved reply of the closest case, if an index exists (else the report shows none)."""
    from .retrieve import Retriever

    try:
        retriever = Retriever.load(settings, embedder)
    except CalmdeskError as exc:
        log.warning("no better replies in the report: %s", exc.message)
        return None
    return lambda row: next((c.reply for c in retriever.search_cases(row["complaint"], k=1)), None)


index_app = typer.Typer(no_args_is_help=True, help="the retrieval index (FAISS + BM25) over approved cases and phrases")
cases_app = typer.Typer(no_args_is_help=True, help="the trainers' case bank: add, import, list, review, export")
app.add_typer(index_app, name="index")
app.add_typer(cases_app, name="cases")


def _store():
    from .store import CaseStore

    return CaseStore(get_settings().store_path)


@index_app.command("build")
def index_build() -> None:
    """Sync corpus/cases.jsonl into the case store, then embed every approved case and phrase."""
    from .embed import load_embedder
    from .retrieve import build_index

    settings = get_settings()
    retriever = build_index(settings, load_embedder(settings.embedder, settings.threads), _store())
    m = retriever.manifest
    typer.echo(
        f"index {retriever.version}: {m['counts']['cases']} cases, {m['counts']['phrases']} phrases, "
        f"{m['embedder']} {m['dim']}-d {m['kind']}, {m['build_seconds']}s -> {settings.retrieval_dir}"
    )


@app.command()
def search(
    text: str = typer.Argument(..., help="a complaint"),
    k: int = typer.Option(3, "-k", min=1, max=50),
    intent: Optional[str] = typer.Option(None, help="only cases with this intent"),
    mode: str = typer.Option("hybrid", help="hybrid | dense | lexical"),
) -> None:
    """The most similar approved cases for a complaint (JSON lines)."""
    from .embed import load_embedder
    from .retrieve import Retriever

    if mode not in ("hybrid", "dense", "lexical"):
        raise typer.BadParameter("mode must be hybrid, dense or lexical")
    settings = get_settings()
    retriever = Retriever.load(settings, load_embedder(settings.embedder, settings.threads))
    for case in retriever.search_cases(text, k=k, intent=intent, mode=mode):
        _emit(case.model_dump())


@cases_app.command("add")
def cases_add(
    complaint: str = typer.Option(..., help="the customer's message"),
    reply: str = typer.Option(..., help="the reply that resolved it"),
    intent: str = typer.Option(..., help="primary intent id (labels.yaml)"),
    secondary: list[str] = typer.Option([], help="secondary intent ids"),
    emotion: int = typer.Option(1, min=0, max=3),
    action: str = typer.Option("explain", help="resend, refund, return_refund, exchange, ..."),
    outcome: str = typer.Option(""),
    category: str = typer.Option("无"),
    author: str = typer.Option(os.environ.get("USER", "trainer"), help="who adds it"),
) -> None:
    """Add one case as pending; curation runs first and refuses a bad one with the reason."""
    from .cases import parse_case

    row = {"complaint": complaint, "reply": reply, "primary": intent, "secondary": secondary,
           "emotion": emotion, "action": action, "outcome": outcome, "category": category}  # fmt: skip
    record = _store().add(parse_case(row, provenance="manual", author=author, review="pending"), actor=author)
    _emit({"case_id": record.case_id, "review": record.review, "curation": record.curation})


@cases_app.command("import")
def cases_import(
    file: Path = typer.Argument(..., help="JSONL or CSV with complaint, reply, primary (and optional fields)"),
    author: str = typer.Option(os.environ.get("USER", "trainer")),
    approve: bool = typer.Option(False, help="import as approved (and index them) instead of pending"),
) -> None:
    """Import a file of cases: all or nothing, every bad row reported by line number."""
    from .trainers import import_file, sync_index

    records = import_file(_store(), file, author, review="approved" if approve else "pending")
    typer.echo(f"imported {len(records)} cases as {'approved' if approve else 'pending'}", err=True)
    if approve:
        typer.echo(sync_index(get_settings(), records), err=True)


@cases_app.command("list")
def cases_list(
    review: Optional[str] = typer.Option(None, help="pending | approved | rejected | retired"),
    intent: Optional[str] = typer.Option(None),
    query: Optional[str] = typer.Option(None, help="text the case contains"),
    limit: int = typer.Option(20, min=1, max=10_000),
) -> None:
    """Cases as JSON lines, newest first."""
    for record in _store().find(review=review, intent=intent, query=query, limit=limit):
        _emit(record.model_dump())


@cases_app.command("review")
def cases_review(
    case_id: str = typer.Argument(...),
    action: str = typer.Argument(..., help="approve | reject | retire"),
    reply: Optional[str] = typer.Option(None, help="an edited reply to approve instead"),
    actor: str = typer.Option(os.environ.get("USER", "trainer")),
) -> None:
    """Approve, reject or retire a case; approved and retired cases update the index at once."""
    from .trainers import review as review_case

    record, note = review_case(get_settings(), _store(), case_id, action, actor, reply)
    _emit({"case_id": record.case_id, "review": record.review, "index": note})


@cases_app.command("export")
def cases_export(
    out: Path = typer.Option(..., "--out"),
    review: Optional[str] = typer.Option("approved", help="a review state, or 'all'"),
) -> None:
    """Write cases as JSONL (atomically)."""
    from .trainers import export

    n = export(_store(), out, None if review == "all" else review)
    typer.echo(f"{n} cases -> {out}", err=True)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the HTTP server."""
    import uvicorn

    from server import create_app

    uvicorn.run(create_app(get_settings()), host=host, port=port)


def main() -> None:
    """Entry point: every failure is one clean line on stderr and exit 1, never a traceback."""
    try:
        code = app(standalone_mode=False)
    except CalmdeskError as e:
        typer.echo(e.message, err=True)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("aborted", err=True)
        sys.exit(1)
    except typer.TyperException as e:  # usage errors, with click's own message
        e.show() if hasattr(e, "show") else typer.echo(str(e), err=True)
        sys.exit(1)
    except Exception as e:
        if os.environ.get("CALMDESK_DEBUG"):
            raise
        log.debug("internal error", exc_info=True)
        typer.echo(CalmdeskError(Code.INTERNAL, type(e).__name__).message, err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
