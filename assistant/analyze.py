"""Complaint analysis: intent, emotion, risk flags, order facts.

Features are a USE sentence embedding, character 1-3-gram TF-IDF and a few heat cues; linear heads
sit on top (setfit-style: a sentence embedding and a simple head learn well from a few hundred
examples a label). Risk flags are the union of lexicon cues and a per-flag model, because missing a
12315 threat or a safety risk costs more than a false alarm.
"""

import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

import joblib
import numpy as np
from scipy import sparse

from . import labels
from .embed import Embedder, load_embedder
from .errors import CalmdeskError, Code
from .facts import extract_facts
from .lexicon import emotion_cues, flag_cues
from .normalize import normalize
from .pii import mask_pii
from .schema import Analysis
from .settings import Settings

log = logging.getLogger(__name__)

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"
_REPEATS = re.compile(r"(.{2,40}?)\1{3,}")


@dataclass
class Prepared:
    """A complaint made safe and canonical: what every later stage sees instead of the raw text."""

    text: str  # normalized, PII masked
    model_text: str  # what the models read (head + tail of a long text)
    pii: list[str]
    long_input: bool
    cues: dict[str, list[str]]


def prepare(raw: Any, settings: Settings) -> Prepared:
    if not isinstance(raw, str):
        raise CalmdeskError(Code.NOT_TEXT, f"got {type(raw).__name__}")
    if len(raw) > settings.max_input_chars:
        raise CalmdeskError(Code.TEXT_TOO_LONG, f"{len(raw)} > {settings.max_input_chars} characters")
    masked = mask_pii(normalize(raw))
    text = masked.text
    if not text:
        raise CalmdeskError(Code.EMPTY_TEXT)
    # a phrase pasted over and over says no more than three times; it must not drown the rest
    model_text = _REPEATS.sub(r"\1\1\1", text)
    keep = settings.head_tail_chars
    long_input = len(model_text) > 2 * keep
    if long_input:
        model_text = f"{model_text[:keep]} … {model_text[-keep:]}"
    return Prepared(text, model_text, masked.kinds, long_input, flag_cues(text))


def featurize(embedder: Embedder, vectorizer, items: list[Prepared], embedding_weight: float) -> tuple:
    """(text features for the intent heads, the same plus heat cues for emotion and flags).

    The embedding is down-weighted against the character n-grams: on the dev split the n-grams carry
    most of the intent signal and the embedding adds a smaller, complementary part.
    """
    texts = [p.model_text for p in items]
    dense = sparse.csr_matrix(embedder.embed(texts) * embedding_weight)
    X = sparse.hstack([dense, vectorizer.transform(texts)]).tocsr()
    cues = np.array([emotion_cues(p.model_text, p.cues) for p in items], dtype=np.float32)
    return X, sparse.hstack([X, sparse.csr_matrix(cues)]).tocsr()


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class Analyzer:
    """Loaded once per process; `analyze_prepared` is the fast path for batches."""

    def __init__(self, bundle: dict, embedder: Embedder, settings: Settings, manifest: dict):
        self.bundle = bundle
        self.embedder = embedder
        self.settings = settings
        self.manifest = manifest
        self.intents: list[str] = bundle["intents"]
        self.flags: list[str] = bundle["flags"]

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> "Analyzer":
        folder = settings.analyzer_dir
        model_path, manifest_path = folder / MODEL_FILE, folder / MANIFEST_FILE
        if not model_path.exists() or not manifest_path.exists():
            raise CalmdeskError(Code.MODEL_MISSING, f"{folder} has no trained analyzer; run `calmdesk train`")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("embedder") != settings.embedder:
            raise CalmdeskError(
                Code.MODEL_MISMATCH,
                f"analyzer was trained with embedder {manifest.get('embedder')!r}, settings say "
                f"{settings.embedder!r}; run `calmdesk train` again",
            )
        started = time.perf_counter()
        bundle = joblib.load(model_path)
        embedder = embedder or load_embedder(settings.embedder, settings.threads)
        log.info("analyzer loaded in %.2fs", time.perf_counter() - started)
        return cls(bundle, embedder, settings, manifest)

    def analyze(self, text: Any, id: str | None = None) -> Analysis:
        return self.analyze_prepared([prepare(text, self.settings)], [id])[0]

    def analyze_prepared(self, items: list[Prepared], ids: list[str | None]) -> list[Analysis]:
        if not items:
            return []
        b = self.bundle
        X, Xc = featurize(self.embedder, b["vectorizer"], items, b["embedding_weight"])
        # scatter into one column per intent: an intent absent from training has probability 0
        p_primary = np.zeros((X.shape[0], len(self.intents)))
        p_primary[:, b["primary"].classes_] = _softmax(b["primary"].decision_function(X) / b["primary_temperature"])
        p_presence = np.column_stack([est.predict_proba(X)[:, 1] for est in b["presence"]])
        p_emotion = b["emotion"].predict_proba(Xc)
        p_flags = np.column_stack([est.predict_proba(Xc)[:, 1] for est in b["flag_models"]])
        out = []
        for i, item in enumerate(items):
            out.append(self._one(item, ids[i], p_primary[i], p_presence[i], p_emotion[i], p_flags[i]))
        return out

    def _one(self, item: Prepared, id, p_primary, p_presence, p_emotion, p_flags) -> Analysis:
        best = int(np.argmax(p_primary))
        primary = self.intents[best]
        secondary = [
            self.intents[j]
            for j in np.argsort(-p_presence)
            if j != best and p_presence[j] >= self.bundle["secondary_threshold"]
        ][:2]
        emotion_classes = self.bundle["emotion_classes"]
        emotion = int(emotion_classes[int(np.argmax(p_emotion))])
        sources: dict[str, list[str]] = {}
        for flag, cues in item.cues.items():
            sources.setdefault(flag, []).extend(f"lexicon:{c}" for c in dict.fromkeys(cues))
        for j, flag in enumerate(self.flags):
            if p_flags[j] >= self.bundle["flag_thresholds"][flag]:
                sources.setdefault(flag, []).append("model")
        return Analysis(
            id=id,
            primary=primary,
            secondary=secondary,
            emotion=emotion,
            flags=[f for f in labels.flags() if f in sources],
            facts=extract_facts(item.text),
            confidence=round(float(p_primary[best]), 4),
            scores={k: round(float(v), 4) for k, v in zip(self.intents, p_primary)},
            emotion_scores={labels.emotions()[int(c)]: round(float(v), 4) for c, v in zip(emotion_classes, p_emotion)},
            flag_sources=sources,
            text=item.text,
            pii=item.pii,
            long_input=item.long_input,
        )


def analyze_lines(analyzer: Analyzer, lines: list) -> list[dict | None]:
    """Batch path for `batch.run_batch`: a line whose text is unusable gets its error set."""
    prepared, kept = [], []
    for ln in lines:
        try:
            prepared.append(prepare(ln.record["text"], analyzer.settings))
            kept.append(ln)
        except CalmdeskError as e:
            ln.error = e
    results = analyzer.analyze_prepared(prepared, [ln.id for ln in kept])
    by_number = {ln.number: a.to_json() for ln, a in zip(kept, results)}
    return [by_number.get(ln.number) for ln in lines]
