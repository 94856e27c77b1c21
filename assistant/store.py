"""The case store: one SQLite file holding every case with its review state and history.

SQLite through the standard driver; every change is one transaction, so a killed import leaves the
store as it was. The JSON of each case sits in one column (the record evolves; the few columns we
filter on are real columns with indexes). An `events` table keeps who did what, for trainers.
"""

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rapidfuzz import fuzz, process

from .cases import CaseRecord, ReviewState, curate
from .corpus import utc_now
from .errors import CalmdeskError, Code

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    case_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    review TEXT NOT NULL,
    primary_intent TEXT NOT NULL,
    provenance TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_review ON cases (review, primary_intent);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""

# Complaints this similar (rapidfuzz ratio, 0-100) are the same case told twice.
DUPLICATE_RATIO = 90.0
# review action -> (states it may start from, state it ends in)
_TRANSITIONS: dict[str, tuple[tuple[str, ...], ReviewState]] = {
    "approve": (("pending", "retired"), "approved"),
    "reject": (("pending",), "rejected"),
    "retire": (("approved",), "retired"),
}


class CaseStore:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self):
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- reading

    def get(self, case_id: str) -> CaseRecord:
        row = self._db.execute("SELECT data FROM cases WHERE case_id = ?", (case_id,)).fetchone()
        if row is None:
            raise CalmdeskError(Code.CASE_NOT_FOUND, case_id)
        return CaseRecord.model_validate_json(row[0])

    def find(
        self, review: str | None = None, intent: str | None = None, query: str | None = None,
        limit: int = 50, offset: int = 0,
    ) -> list[CaseRecord]:  # fmt: skip
        sql, args = "SELECT data FROM cases WHERE 1=1", []
        if review:
            sql, args = sql + " AND review = ?", [*args, review]
        if intent:
            sql, args = sql + " AND primary_intent = ?", [*args, intent]
        if query:
            sql, args = sql + " AND instr(data, ?) > 0", [*args, json.dumps(query, ensure_ascii=False)[1:-1]]
        sql += " ORDER BY updated_at DESC, case_id LIMIT ? OFFSET ?"
        return [CaseRecord.model_validate_json(r[0]) for r in self._db.execute(sql, [*args, limit, offset])]

    def iter_cases(self, review: str | None = "approved") -> Iterator[CaseRecord]:
        sql = "SELECT data FROM cases" + (" WHERE review = ?" if review else "") + " ORDER BY case_id"
        for (data,) in self._db.execute(sql, (review,) if review else ()):
            yield CaseRecord.model_validate_json(data)

    def counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT review, count(*) FROM cases GROUP BY review").fetchall())

    def events(self, case_id: str) -> list[dict]:
        rows = self._db.execute(
            "SELECT at, actor, action, detail FROM events WHERE case_id = ? ORDER BY id", (case_id,)
        )
        return [dict(zip(("at", "actor", "action", "detail"), r)) for r in rows]

    # -- curation against what is stored

    def _check_duplicate(self, record: CaseRecord, others: dict[str, str]) -> None:
        row = self._db.execute(
            "SELECT case_id, review FROM cases WHERE content_hash = ?", (record.content_hash,)
        ).fetchone()
        if row:
            raise CalmdeskError(Code.DUPLICATE_CASE, f"same text as {row[0]} ({row[1]})")
        if others:
            match = process.extractOne(
                record.complaint, others, scorer=fuzz.ratio, score_cutoff=DUPLICATE_RATIO
            )
            if match:
                raise CalmdeskError(
                    Code.DUPLICATE_CASE, f"complaint {match[1]:.0f}% like case {match[2]}"
                )

    def _live_complaints(self) -> dict[str, str]:
        """case_id -> complaint for every case a new one could duplicate (not rejected ones)."""
        rows = self._db.execute("SELECT case_id, data FROM cases WHERE review != 'rejected'")
        return {cid: json.loads(data)["complaint"] for cid, data in rows}

    # -- writing

    def _insert(self, db: sqlite3.Connection, record: CaseRecord, actor: str) -> None:
        db.execute(
            "INSERT INTO cases (case_id, content_hash, review, primary_intent, provenance, updated_at, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record.case_id, record.content_hash, record.review, record.primary, record.provenance,
             record.updated_at, record.model_dump_json()),
        )  # fmt: skip
        db.execute(
            "INSERT INTO events (case_id, at, actor, action, detail) VALUES (?, ?, ?, 'add', ?)",
            (record.case_id, record.updated_at, actor, record.review),
        )

    def prepare(self, record: CaseRecord, others: dict[str, str] | None = None) -> CaseRecord:
        """Curate a new case against the rules and the store; it gets an id but is not written."""
        record = curate(record)
        if not record.case_id:
            record = record.model_copy(update={"case_id": "c" + record.content_hash[:10]})
        elif self._db.execute("SELECT 1 FROM cases WHERE case_id = ?", (record.case_id,)).fetchone():
            raise CalmdeskError(Code.DUPLICATE_CASE, f"case id {record.case_id} exists")
        self._check_duplicate(record, self._live_complaints() if others is None else others)
        return record

    def add(self, record: CaseRecord, actor: str = "") -> CaseRecord:
        record = self.prepare(record)
        with self._transaction() as db:
            self._insert(db, record, actor or record.author or "unknown")
        log.info("case %s added (%s, %s)", record.case_id, record.review, record.provenance)
        return record

    def prepare_many(self, records: Iterable[tuple[int, CaseRecord]]) -> tuple[list[CaseRecord], list[str]]:
        """Curate (line, record) pairs against the store and against each other; nothing is written."""
        others = self._live_complaints()
        ready, problems = [], []
        for line, record in records:
            try:
                record = self.prepare(record, others)
            except CalmdeskError as exc:
                problems.append(f"line {line}: {exc.message}")
                continue
            others[record.case_id] = record.complaint
            ready.append(record)
        return ready, problems

    def write_many(self, records: list[CaseRecord], actor: str) -> list[CaseRecord]:
        with self._transaction() as db:
            for record in records:
                self._insert(db, record, actor or record.author or "import")
        log.info("added %d cases", len(records))
        return records

    def add_many(self, records: Iterable[tuple[int, CaseRecord]], actor: str = "") -> list[CaseRecord]:
        """All or nothing: raises E308 listing every bad line, else writes all in one transaction."""
        ready, problems = self.prepare_many(records)
        if problems:
            raise CalmdeskError(Code.IMPORT_REJECTED, f"{len(problems)} bad rows\n" + "\n".join(problems))
        return self.write_many(ready, actor)

    def review(self, case_id: str, action: str, actor: str, reply: str | None = None) -> CaseRecord:
        """approve / reject / retire one case; an edited reply is curated again before approval."""
        if action not in _TRANSITIONS:
            raise CalmdeskError(Code.BAD_REVIEW_STATE, f"unknown action {action!r}; use {', '.join(_TRANSITIONS)}")
        allowed, target = _TRANSITIONS[action]
        record = self.get(case_id)
        if record.review not in allowed:
            raise CalmdeskError(Code.BAD_REVIEW_STATE, f"{case_id} is {record.review}; cannot {action}")
        update: dict = {"review": target, "updated_at": utc_now()}
        if reply is not None:
            update["reply"] = reply
        record = CaseRecord.model_validate({**record.model_dump(), **update})
        if target == "approved":
            record = curate(record)
            clash = self._db.execute(
                "SELECT case_id FROM cases WHERE content_hash = ? AND case_id != ?",
                (record.content_hash, case_id),
            ).fetchone()
            if clash:
                raise CalmdeskError(Code.DUPLICATE_CASE, f"same text as {clash[0]}")
        with self._transaction() as db:
            db.execute(
                "UPDATE cases SET review = ?, content_hash = ?, updated_at = ?, data = ? WHERE case_id = ?",
                (record.review, record.content_hash, record.updated_at, record.model_dump_json(), case_id),
            )
            db.execute(
                "INSERT INTO events (case_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
                (case_id, record.updated_at, actor, action, "reply edited" if reply is not None else ""),
            )
        log.info("case %s %s by %s", case_id, target, actor)
        return record

    def sync_corpus(self, records: list[CaseRecord]) -> int:
        """Add shipped corpus cases not in the store yet (by id); returns how many were added."""
        known = {r[0] for r in self._db.execute("SELECT case_id FROM cases")}
        new = [(i, r) for i, r in enumerate(records, 1) if r.case_id not in known]
        return len(self.add_many(new, actor="corpus")) if new else 0
