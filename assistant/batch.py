"""JSONL (or CSV) batch runs shared by every command that takes --in/--out.

A bad line becomes `{"id", "line", "error": {...}}` on its own output line and the run goes on; the
output file appears only when complete (written beside it, then renamed), so a crash never leaves
half a file that looks finished.
"""

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from .errors import CalmdeskError, Code


@dataclass
class Line:
    number: int
    id: str | None
    record: dict | None
    error: CalmdeskError | None = None


def read_jsonl(path: Path, required: str) -> Iterator[Line]:
    """Yield each non-blank line parsed, or with the error that makes it unusable."""
    if not path.exists():
        raise CalmdeskError(Code.FILE_NOT_FOUND, str(path))
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                error = CalmdeskError(Code.BAD_ENCODING, f"line {number}: byte {e.start}")
                yield Line(number, _id_despite_bad_bytes(raw), None, error)
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as e:
                yield Line(number, None, None, CalmdeskError(Code.BAD_JSON_LINE, f"line {number}: {e.msg}"))
                continue
            if not isinstance(record, dict):
                yield Line(number, None, None, CalmdeskError(Code.BAD_JSON_LINE, f"line {number}: not an object"))
                continue
            rid = record.get("id")
            rid = None if rid is None else str(rid)
            if required not in record:
                yield Line(number, rid, None, CalmdeskError(Code.MISSING_FIELD, f"line {number}: {required!r}"))
                continue
            yield Line(number, rid, record)


def _id_despite_bad_bytes(raw: bytes) -> str | None:
    """The line's id if the rest of it is readable, so the error line can still be matched up."""
    try:
        record = json.loads(raw.decode("utf-8", errors="replace"))
    except json.JSONDecodeError:
        return None
    rid = record.get("id") if isinstance(record, dict) else None
    return None if rid is None else str(rid)


def read_csv(path: Path, required: str) -> Iterator[Line]:
    """CSV with a header row; a row with bytes that are not UTF-8 fails alone, the rest go on."""
    if not path.exists():
        raise CalmdeskError(Code.FILE_NOT_FOUND, str(path))
    text = path.read_bytes().decode("utf-8", errors="surrogateescape").lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if required not in (reader.fieldnames or []):
        raise CalmdeskError(Code.MISSING_FIELD, f"{path.name}: no column {required!r} in the header")
    for record in reader:
        number = reader.line_num
        record = {k: v for k, v in record.items() if k is not None}
        rid = record.get("id") or None
        if any("\udc80" <= ch <= "\udcff" for v in record.values() if isinstance(v, str) for ch in v):
            yield Line(number, rid, None, CalmdeskError(Code.BAD_ENCODING, f"line {number}"))
        elif not record.get(required):
            yield Line(number, rid, None, CalmdeskError(Code.MISSING_FIELD, f"line {number}: {required!r}"))
        else:
            yield Line(number, rid, {k: v for k, v in record.items() if v != ""})


def read_lines(path: Path, required: str) -> Iterator[Line]:
    return read_csv(path, required) if path.suffix.lower() == ".csv" else read_jsonl(path, required)


def error_record(line: Line) -> dict:
    return {"id": line.id, "line": line.number, "error": line.error.to_dict()}


def run_batch(
    in_path: Path,
    out_path: Path,
    required: str,
    process: Callable[[list[Line]], list[dict]],
    chunk: int = 256,
    desc: str = "calmdesk",
) -> tuple[int, int]:
    """Process the file in chunks; `process` returns one output per line it is given (None for a
    line whose `error` it set). Returns (ok, failed)."""
    lines = list(read_lines(in_path, required))
    ok = failed = 0
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out, tqdm(
            total=len(lines), desc=desc, unit="line", file=sys.stderr, mininterval=0.5
        ) as bar:
            for start in range(0, len(lines), chunk):
                part = lines[start : start + chunk]
                good = [ln for ln in part if ln.error is None]
                results = process(good) if good else []
                by_number: dict[int, dict[str, Any] | None] = {ln.number: r for ln, r in zip(good, results)}
                for ln in part:
                    result = by_number.get(ln.number)
                    if ln.error is not None or result is None:
                        out.write(json.dumps(error_record(ln), ensure_ascii=False) + "\n")
                        failed += 1
                    else:
                        out.write(json.dumps(result, ensure_ascii=False) + "\n")
                        ok += 1
                bar.update(len(part))
        os.replace(tmp, out_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return ok, failed
