"""The retrieval index: approved cases and phrasing moves in FAISS, plus BM25, fused by rank.

On disk, index/retrieval/ holds one folder per version and a `current` file naming the live one.
A build or an incremental add writes a new folder completely, then swaps `current` with one
atomic rename: a crash leaves the previous index untouched, and a running server notices the new
version on its next search (so an approved case is searchable without a restart).
"""

import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import faiss
import numpy as np

from . import lexical
from .cases import CaseRecord, load_corpus_cases
from .corpus import file_hash, utc_now
from .embed import Embedder
from .errors import CalmdeskError, Code
from .normalize import normalize
from .pii import mask_pii
from .schema import Case
from .settings import Settings
from .store import CaseStore

log = logging.getLogger(__name__)

PHRASES_FILE = "phrases.jsonl"
RRF_K = 60  # the usual reciprocal-rank-fusion constant: rank 1 and rank 10 differ, 40 and 50 hardly
POOL = 100  # candidates taken from each of the dense and the lexical ranking
CASE_FIELDS = ("case_id", "complaint", "reply", "primary", "secondary", "emotion", "category", "action", "outcome")


class Part:
    """One searchable collection (cases or phrases): documents, vectors, FAISS and BM25 over them."""

    def __init__(self, docs: list[dict], vectors: np.ndarray, kind: str, index: faiss.Index | None = None):
        self.docs, self.vectors, self.kind = docs, np.asarray(vectors, dtype=np.float32), kind
        self.index = index if index is not None else _faiss_index(self.vectors, kind)
        self.bm25 = lexical.Bm25([lexical.tokens(_lexical_text(d)) for d in docs])

    def add(self, docs: list[dict], vectors: np.ndarray) -> None:
        self.docs.extend(docs)
        self.vectors = np.vstack([self.vectors, vectors]).astype(np.float32)
        self.index.add(vectors)  # flat and HNSW take new vectors as they are; IVF keeps its centroids
        self.bm25.extend([lexical.tokens(_lexical_text(d)) for d in docs])

    def drop(self, keep: np.ndarray) -> None:
        self.docs = [self.docs[i] for i in keep]
        self.vectors = self.vectors[keep]
        self.index = _faiss_index(self.vectors, self.kind)
        self.bm25.keep(keep)


def _lexical_text(doc: dict) -> str:
    return doc.get("complaint") or doc.get("text", "")


def _faiss_index(vectors: np.ndarray, kind: str) -> faiss.Index:
    n, dim = vectors.shape
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 64
    elif kind == "ivf" and n >= 1000:
        nlist = int(min(4 * np.sqrt(n), n // 39))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(vectors)
        index.nprobe = max(8, nlist // 16)
    else:  # flat, or too few vectors to train IVF centroids on
        index = faiss.IndexFlatIP(dim)
    if n:
        index.add(vectors)
    return index


def _case_doc(record: CaseRecord) -> dict:
    return {k: getattr(record, k) for k in CASE_FIELDS}


def query_text(text: str) -> str:
    return mask_pii(normalize(text)).text


class Retriever:
    """Search over one version of the index; reloads itself when a newer version is written."""

    def __init__(self, root: Path, embedder: Embedder, version: str, manifest: dict, cases: Part, phrases: Part):
        self.root, self.embedder = root, embedder
        self.version, self.manifest = version, manifest
        self.cases, self.phrases = cases, phrases

    # -- loading

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder) -> "Retriever":
        root = settings.retrieval_dir
        version = _current_version(root)
        return cls._load_version(root, version, embedder)

    @classmethod
    def _load_version(cls, root: Path, version: str, embedder: Embedder) -> "Retriever":
        folder = root / version
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest["embedder"] != embedder.id or manifest["dim"] != embedder.dim:
            raise CalmdeskError(
                Code.INDEX_EMBEDDER_MISMATCH,
                f"index built with {manifest['embedder']} ({manifest['dim']}-d), "
                f"settings use {embedder.id} ({embedder.dim}-d)",
            )
        parts = {}
        for name in ("cases", "phrases"):
            docs = [json.loads(line) for line in (folder / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
            vectors = np.load(folder / f"{name}.npy")
            index = faiss.read_index(str(folder / f"{name}.faiss"))
            parts[name] = Part(docs, vectors, manifest["kind"], index)
        log.info("retrieval index %s loaded: %s", version, manifest["counts"])
        return cls(root, embedder, version, manifest, parts["cases"], parts["phrases"])

    def refresh(self) -> bool:
        """Pick up a version written by another process (a trainer's approval); True if reloaded."""
        try:
            latest = _current_version(self.root)
        except CalmdeskError:
            return False
        if latest == self.version:
            return False
        fresh = self._load_version(self.root, latest, self.embedder)
        self.__dict__.update(fresh.__dict__)
        return True

    # -- searching

    def _rank(
        self, part: Part, text: str, vector: np.ndarray | None, mode: str, allowed: np.ndarray | None
    ) -> dict[int, dict]:
        """Candidates with their dense cosine, ranks and fused score."""
        found: dict[int, dict] = {}
        n = len(part.docs)
        if not n:
            return found
        pool = min(POOL, n)
        if mode in ("hybrid", "dense"):
            if vector is None:
                vector = self.embedder.embed([text])[0]
            q = np.asarray(vector, dtype=np.float32).reshape(1, -1)
            sims, ids = part.index.search(q, n if allowed is not None and n <= 5 * POOL else pool)
            rank = 0
            for sim, i in zip(sims[0], ids[0]):
                if i < 0 or (allowed is not None and not allowed[i]):
                    continue
                rank += 1
                found.setdefault(int(i), {})["dense_rank"] = rank
                found[int(i)]["cosine"] = float(sim)
                if rank >= pool:
                    break
        if mode in ("hybrid", "lexical"):
            scores = part.bm25.scores(lexical.tokens(text))
            if allowed is not None:
                scores = np.where(allowed, scores, 0.0)
            top = np.argpartition(-scores, pool - 1)[:pool] if pool < n else np.arange(n)
            top = top[np.argsort(-scores[top], kind="stable")]
            for rank, i in enumerate(t for t in top if scores[t] > 0):
                found.setdefault(int(i), {})["lexical_rank"] = rank + 1
                found[int(i)]["bm25"] = float(scores[i])
        for info in found.values():
            info["rrf"] = sum(1.0 / (RRF_K + info[r]) for r in ("dense_rank", "lexical_rank") if r in info)
        return found

    def search_cases(
        self,
        text: str,
        k: int = 3,
        intent: str | None = None,
        intent_scores: dict[str, float] | None = None,
        mode: str = "hybrid",
        vector: np.ndarray | None = None,
        boost: float = 2.0,
    ) -> list[Case]:
        """Most similar approved cases, best first.

        `intent` keeps only cases with that primary or secondary intent; `intent_scores` (the
        analyzer's probabilities) add `boost` × p(case intent) × the rank-1 RRF weight, so a case of
        the predicted kind wins a close call without hiding a clearly closer case of another kind.
        """
        self.refresh()
        text = query_text(text)
        docs = self.cases.docs
        allowed = None
        if intent:
            allowed = np.array([d["primary"] == intent or intent in d["secondary"] for d in docs], dtype=bool)
        found = self._rank(self.cases, text, vector, mode, allowed)
        if intent_scores:
            for i, info in found.items():
                info["rrf"] += boost * intent_scores.get(docs[i]["primary"], 0.0) / (RRF_K + 1)
        best = sorted(found.items(), key=lambda kv: -kv[1]["rrf"])[:k]
        if best and any("cosine" not in info for _, info in best) and mode != "lexical":
            q = vector if vector is not None else self.embedder.embed([text])[0]
            for i, info in best:
                info.setdefault("cosine", float(self.cases.vectors[i] @ q))
        out = []
        for i, info in best:
            d = docs[i]
            out.append(
                Case(
                    case_id=d["case_id"], complaint=d["complaint"], reply=d["reply"], intent=d["primary"],
                    score=round(min(1.0, max(0.0, info.get("cosine", 0.0))), 4),
                    secondary=d["secondary"], emotion=d["emotion"], category=d["category"],
                    action=d["action"], outcome=d["outcome"], rrf=round(info["rrf"], 5),
                    dense_rank=info.get("dense_rank"), lexical_rank=info.get("lexical_rank"),
                )
            )  # fmt: skip
        return out

    def search_phrases(
        self, text: str, intent: str, emotion: int, per_move: int = 2, vector: np.ndarray | None = None
    ) -> list[dict]:
        """Phrasing examples tagged for this intent and emotion, the closest to the complaint per move."""
        self.refresh()
        docs = self.phrases.docs
        if not docs:
            return []
        q = vector if vector is not None else self.embedder.embed([query_text(text)])[0]
        sims = self.phrases.vectors @ np.asarray(q, dtype=np.float32)
        fit = np.array(
            [(intent in d["intents"] or "any" in d["intents"]) + 0.5 * (emotion in d["emotions"]) for d in docs]
        )
        order = np.argsort(-(fit * 10 + sims), kind="stable")
        taken: dict[str, int] = {}
        out = []
        for i in order:
            d = docs[i]
            if fit[i] < 1 or taken.get(d["move"], 0) >= per_move:
                continue
            taken[d["move"]] = taken.get(d["move"], 0) + 1
            out.append({**d, "score": round(float(sims[i]), 4)})
        return out

    # -- changing

    def add_cases(self, records: list[CaseRecord]) -> None:
        """Embed only the new cases and write a new version; other processes see it on their next search."""
        records = [r for r in records if r.review == "approved"]
        if not records:
            return
        with _locked(self.root):
            self.refresh()
            known = {d["case_id"] for d in self.cases.docs}
            new = [r for r in records if r.case_id not in known]
            if not new:
                return
            vectors = self.embedder.embed([r.complaint for r in new])
            self.cases.add([_case_doc(r) for r in new], vectors)
            self._save(note=f"added {len(new)} cases")

    def remove_cases(self, case_ids: set[str]) -> None:
        with _locked(self.root):
            self.refresh()
            keep = np.array([i for i, d in enumerate(self.cases.docs) if d["case_id"] not in case_ids], dtype=int)
            if len(keep) == len(self.cases.docs):
                return
            self.cases.drop(keep)
            self._save(note=f"removed {len(case_ids)} cases")

    def _save(self, note: str) -> None:
        manifest = {
            **self.manifest,
            "counts": {"cases": len(self.cases.docs), "phrases": len(self.phrases.docs)},
            "updated_at": utc_now(),
            "last_change": note,
        }
        self.version = _write_version(self.root, manifest, self.cases, self.phrases)
        self.manifest = manifest


def build_index(settings: Settings, embedder: Embedder, store: CaseStore) -> Retriever:
    """Sync the shipped cases into the store, then embed every approved case and phrase afresh."""
    started = time.perf_counter()
    added = store.sync_corpus(load_corpus_cases(settings.corpus_dir))
    records = list(store.iter_cases("approved"))
    phrases = _load_phrases(settings.corpus_dir)
    case_vectors = embedder.embed([r.complaint for r in records])
    phrase_vectors = embedder.embed([p["text"] for p in phrases])
    cases = Part([_case_doc(r) for r in records], case_vectors, settings.index_kind)
    phrase_part = Part(phrases, phrase_vectors, settings.index_kind)
    manifest = {
        "embedder": embedder.id,
        "dim": embedder.dim,
        "kind": settings.index_kind,
        "corpus_hash": file_hash(settings.corpus_dir / "cases.jsonl", settings.corpus_dir / PHRASES_FILE),
        "store_hash": _store_hash(records),
        "counts": {"cases": len(records), "phrases": len(phrases)},
        "corpus_cases_synced": added,
        "built_at": utc_now(),
        "build_seconds": round(time.perf_counter() - started, 2),
    }
    with _locked(settings.retrieval_dir):
        version = _write_version(settings.retrieval_dir, manifest, cases, phrase_part)
    log.info("index %s built: %s in %.1fs", version, manifest["counts"], manifest["build_seconds"])
    return Retriever(settings.retrieval_dir, embedder, version, manifest, cases, phrase_part)


def _load_phrases(corpus_dir: Path) -> list[dict]:
    path = corpus_dir / PHRASES_FILE
    if not path.exists():
        raise CalmdeskError(Code.FILE_NOT_FOUND, str(path))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _store_hash(records: list[CaseRecord]) -> str:
    return hashlib.sha256("".join(sorted(r.content_hash for r in records)).encode()).hexdigest()[:16]


def _current_version(root: Path) -> str:
    try:
        version = (root / "current").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise CalmdeskError(Code.INDEX_MISSING, str(root)) from None
    if not (root / version / "manifest.json").exists():
        raise CalmdeskError(Code.INDEX_MISSING, f"{root / version} is incomplete")
    return version


def _write_version(root: Path, manifest: dict, cases: Part, phrases: Part) -> str:
    """Write a complete new version folder, then point `current` at it with one rename."""
    root.mkdir(parents=True, exist_ok=True)
    version = datetime.now(timezone.utc).strftime("v%Y%m%dT%H%M%S%f")
    tmp = root / f".{version}.tmp"
    tmp.mkdir()
    for name, part in (("cases", cases), ("phrases", phrases)):
        with open(tmp / f"{name}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in part.docs)
        np.save(tmp / f"{name}.npy", part.vectors)
        faiss.write_index(part.index, str(tmp / f"{name}.faiss"))
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, root / version)
    pointer = root / ".current.tmp"
    pointer.write_text(version, encoding="utf-8")
    os.replace(pointer, root / "current")
    _prune(root, keep={version})
    return version


def _prune(root: Path, keep: set[str]) -> None:
    """Remove all but the newest two versions (a reader may still be loading the previous one)."""
    versions = sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("v"))
    for old in versions[:-2]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    for stale in root.glob(".v*.tmp"):
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def _locked(root: Path):
    """One writer at a time across processes (the CLI and a running server may both add cases)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
