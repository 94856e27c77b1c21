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
    """Train the analyzer from corpus/ into index/analyzer/."""
    from .train import train_analyzer

    manifest = train_analyzer(get_settings(), include_dev=include_dev)
    typer.echo(json.dumps(manifest, ensure_ascii=False, indent=2))


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
