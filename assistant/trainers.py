"""What trainers do with the case bank: import files, review cases, export them.

A review that approves or retires a case also updates the retrieval index in place (a new index
version), so the case is searchable — or gone — for every running process without a restart.
"""

import csv
import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

from .cases import CaseRecord, parse_case
from .embed import Embedder, load_embedder
from .errors import CalmdeskError, Code
from .retrieve import Retriever
from .settings import Settings
from .store import CaseStore

log = logging.getLogger(__name__)


def read_rows(path: Path) -> Iterator[tuple[int, dict | CalmdeskError]]:
    """(line number, row) from JSONL or CSV (by suffix); an unreadable row comes as its error."""
    if not path.exists():
        raise CalmdeskError(Code.FILE_NOT_FOUND, str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CalmdeskError(Code.BAD_ENCODING, f"{path}: byte {exc.start}") from None
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        for row in reader:
            yield reader.line_num, {k: v for k, v in row.items() if k is not None}
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, CalmdeskError(Code.BAD_JSON_LINE, exc.msg)
            continue
        yield n, row if isinstance(row, dict) else CalmdeskError(Code.BAD_JSON_LINE, "not an object")


def import_file(store: CaseStore, path: Path, author: str, review: str = "pending") -> list[CaseRecord]:
    """All or nothing: every row is checked, every bad one reported by line, nothing written on error."""
    records, problems = [], []
    for line, row in read_rows(path):
        try:
            if isinstance(row, CalmdeskError):
                raise row
            row = {k: v for k, v in row.items() if k not in ("review", "provenance", "content_hash")}
            records.append((line, parse_case(row, provenance="import", author=author, review=review)))
        except CalmdeskError as exc:
            problems.append(f"line {line}: {exc.message}")
    if not records and not problems:
        raise CalmdeskError(Code.EMPTY_TEXT, f"{path} has no rows")
    ready, curation_problems = store.prepare_many(records)
    problems = sorted(problems + curation_problems, key=lambda p: int(p.split()[1].rstrip(":")))
    if problems:
        raise CalmdeskError(Code.IMPORT_REJECTED, f"{len(problems)} bad rows\n" + "\n".join(problems))
    return store.write_many(ready, actor=author)


def sync_index(settings: Settings, records: list[CaseRecord], embedder: Embedder | None = None,
               retriever: Retriever | None = None) -> str:  # fmt: skip
    """Bring the index in line with reviewed cases; returns a note for the trainer."""
    try:
        retriever = retriever or Retriever.load(settings, embedder or load_embedder(settings.embedder, settings.threads))
    except CalmdeskError as exc:
        if exc.code is Code.INDEX_MISSING:
            return "no index yet: run `calmdesk index build`"
        raise
    retriever.add_cases([r for r in records if r.review == "approved"])
    retired = {r.case_id for r in records if r.review == "retired"}
    if retired:
        retriever.remove_cases(retired)
    return f"index {retriever.version}: {retriever.manifest['counts']['cases']} cases searchable"


def review(settings: Settings, store: CaseStore, case_id: str, action: str, actor: str,
           reply: str | None = None, retriever: Retriever | None = None) -> tuple[CaseRecord, str]:  # fmt: skip
    record = store.review(case_id, action, actor, reply)
    note = sync_index(settings, [record], retriever=retriever) if record.review in ("approved", "retired") else ""
    return record, note


def export(store: CaseStore, out: Path, review: str | None) -> int:
    tmp = out.with_name(out.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as f:
        for record in store.iter_cases(review):
            f.write(record.model_dump_json() + "\n")
            n += 1
    tmp.replace(out)
    return n
