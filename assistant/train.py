"""Training the analyzer from the labelled corpus; artifacts and a manifest go under index/analyzer/.

The shipped model learns from the train split only, so eval/intent.py's dev figures stay honest;
`include_dev=True` is for a production build and is written into the manifest.
"""

import datetime as dt
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

import joblib
import numpy as np
import sklearn
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from . import __version__, labels
from .analyze import MANIFEST_FILE, MODEL_FILE, featurize, prepare
from .corpus import LabelledComplaint, complaints_path, file_hash, load_complaints
from .embed import Embedder, load_embedder
from .errors import CalmdeskError, Code
from .settings import Settings

log = logging.getLogger(__name__)

EMBEDDING_WEIGHT = 0.3
_THRESHOLDS = [round(float(t), 2) for t in np.arange(0.3, 0.96, 0.05)]  # swept out of fold


def _lr(C: float, balanced: bool = False) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced" if balanced else None)


def fit_bundle(rows: list[LabelledComplaint], settings: Settings, embedder: Embedder) -> dict:
    intents, flags = labels.intents(), labels.flags()
    if missing := [i for i in intents if sum(r.primary == i for r in rows) < 5]:
        raise CalmdeskError(Code.CORPUS_INVALID, f"fewer than 5 training complaints for {missing}")
    if missing := [f for f in flags if not any(f in r.flags for r in rows)]:
        raise CalmdeskError(Code.CORPUS_INVALID, f"no training complaint carries the flags {missing}")
    items = [prepare(r.text, settings) for r in rows]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True, max_features=80000)
    vectorizer.fit([p.model_text for p in items])
    X, Xc = featurize(embedder, vectorizer, items, EMBEDDING_WEIGHT)

    y_primary = np.array([intents.index(r.primary) for r in rows])
    primary = _lr(C=10.0)
    out_of_fold = cross_val_predict(primary, X, y_primary, cv=5, method="decision_function")
    temperature = _temperature(y_primary, out_of_fold)
    primary.fit(X, y_primary)
    # one head per intent answers "is this intent present at all" (primary or secondary)
    presence, presence_oof = [], []
    for intent in intents:
        y = np.array([int(r.primary == intent or intent in r.secondary) for r in rows])
        head = _lr(C=4.0, balanced=True)
        presence_oof.append(cross_val_predict(head, X, y, cv=3, method="predict_proba")[:, 1])
        presence.append(head.fit(X, y))
    secondary_threshold = _secondary_threshold(rows, intents, np.column_stack(presence_oof))
    y_emotion = np.array([r.emotion for r in rows])
    emotion = _lr(C=4.0).fit(Xc, y_emotion)
    flag_models, thresholds = [], {}
    for flag in flags:
        y = np.array([int(flag in r.flags) for r in rows])
        head = _lr(C=4.0, balanced=True)
        out_of_fold = cross_val_predict(head, Xc, y, cv=3, method="predict_proba")[:, 1]
        lexicon = np.array([flag in p.cues for p in items])
        thresholds[flag] = _flag_threshold(y, lexicon, out_of_fold)
        flag_models.append(head.fit(Xc, y))
    return {
        "intents": intents,
        "flags": flags,
        "embedding_weight": EMBEDDING_WEIGHT,
        "vectorizer": vectorizer,
        "primary": primary,
        "primary_temperature": temperature,
        "presence": presence,
        "secondary_threshold": secondary_threshold,
        "emotion": emotion,
        "emotion_classes": [int(c) for c in emotion.classes_],
        "flag_models": flag_models,
        "flag_thresholds": thresholds,
    }


def _secondary_threshold(rows: list[LabelledComplaint], intents: list[str], presence: np.ndarray) -> float:
    """The presence probability above which a non-primary intent is reported, best F1 out of fold."""
    gold = {(i, s) for i, r in enumerate(rows) for s in r.secondary}
    best, best_f1 = 0.5, -1.0
    for t in _THRESHOLDS:
        pred = {(i, intents[j]) for i, j in zip(*np.nonzero(presence >= t)) if intents[j] != rows[i].primary}
        tp = len(gold & pred)
        f1 = 2 * tp / max(len(gold) + len(pred), 1)
        if f1 > best_f1:
            best, best_f1 = t, f1
    return best


def _temperature(y: np.ndarray, logits: np.ndarray) -> float:
    """Temperature scaling on out-of-fold logits, so `confidence` means what it says.

    A regularised 16-way model is under-confident; one scalar fixes that without moving the argmax.
    """
    def nll(log_t: float) -> float:
        z = logits / np.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        return float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(axis=1))).mean())

    return round(float(np.exp(minimize_scalar(nll, bounds=(-4, 3), method="bounded").x)), 4)


def _flag_threshold(y: np.ndarray, lexicon: np.ndarray, proba: np.ndarray, min_precision: float = 0.75) -> float:
    """The lowest model threshold at which (lexicon cue OR model) keeps out-of-fold precision at
    `min_precision`: a missed 12315 threat costs more than a false alarm, but a head that fires on
    every angry message is no use either. If no threshold keeps that precision, the best F2 wins."""
    candidates = []
    for t in _THRESHOLDS:
        pred = lexicon | (proba >= t)
        tp = float((pred & (y == 1)).sum())
        precision, recall = tp / max(pred.sum(), 1), tp / max(y.sum(), 1)
        f2 = 5 * precision * recall / max(4 * precision + recall, 1e-9)
        candidates.append((t, precision, f2))
    good = [t for t, precision, _ in candidates if precision >= min_precision]
    return good[0] if good else max(candidates, key=lambda c: c[2])[0]


def train_analyzer(settings: Settings, include_dev: bool = False, embedder: Embedder | None = None) -> dict:
    """Train and write the analyzer atomically: a crash never leaves a half-written model."""
    started = time.perf_counter()
    rows = load_complaints(settings.corpus_dir)
    train_rows = [r for r in rows if include_dev or r.split == "train"]
    embedder = embedder or load_embedder(settings.embedder, settings.threads)
    bundle = fit_bundle(train_rows, settings, embedder)
    manifest = {
        "kind": "calmdesk-analyzer",
        "calmdesk_version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "corpus_hash": file_hash(complaints_path(settings.corpus_dir)),
        "labels_hash": file_hash(Path(labels.__file__).with_name("labels.yaml")),
        "embedder": embedder.id,
        "embedding_dim": embedder.dim,
        "features": [f"{embedder.id} sentence embedding x{EMBEDDING_WEIGHT}", "char 1-3-gram tf-idf",
                     "heat cues (emotion and flag heads)"],
        "flag_thresholds": bundle["flag_thresholds"],
        "trained_on": "train+dev" if include_dev else "train",
        "n_train": len(train_rows),
        "sklearn_version": sklearn.__version__,
        "train_seconds": None,
    }
    target = settings.analyzer_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".analyzer-", dir=target.parent))
    try:
        joblib.dump(bundle, tmp / MODEL_FILE, compress=3)
        manifest["train_seconds"] = round(time.perf_counter() - started, 2)
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        old = None
        if target.exists():
            old = target.with_name(f".analyzer-old-{os.getpid()}")
            target.rename(old)
        tmp.rename(target)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    log.info("analyzer trained on %d complaints in %.1fs", len(train_rows), manifest["train_seconds"])
    return manifest
