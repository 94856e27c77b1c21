"""The authored corpus is data reviewed like code: these checks keep it honest."""

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from assistant import labels
from assistant.corpus import load_complaints
from assistant.normalize import normalize
from assistant.settings import Settings

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"


@pytest.fixture(scope="module")
def rows():
    return load_complaints(Settings().corpus_dir)


def test_size_and_per_intent_minimums(rows):
    counts = Counter(r.primary for r in rows)
    assert len(rows) >= 1600
    for intent in labels.intents():
        assert counts[intent] >= (60 if intent == "other" else 80), intent


def test_split_is_stratified_with_at_least_a_fifth_in_dev(rows):
    for intent in labels.intents():
        items = [r for r in rows if r.primary == intent]
        share = sum(r.split == "dev" for r in items) / len(items)
        assert 0.2 <= share <= 0.3, (intent, share)


def test_ids_are_unique(rows):
    assert len({r.id for r in rows}) == len(rows)


def test_variety(rows):
    assert len({r.category for r in rows} - {"无"}) >= 12
    emotions = Counter(r.emotion for r in rows)
    assert all(emotions[e] >= 0.1 * len(rows) for e in range(4))
    with_secondary = sum(bool(r.secondary) for r in rows) / len(rows)
    assert 0.2 <= with_secondary <= 0.45
    lengths = np.array([len(r.text) for r in rows])
    assert (lengths <= 12).sum() >= 20 and (lengths >= 150).sum() >= 50
    for flag in labels.flags():
        assert sum(flag in r.flags for r in rows) >= 20, flag


def test_no_near_duplicates(rows):
    texts = [normalize(r.text) for r in rows]
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=85, workers=2)
    np.fill_diagonal(scores, 0)
    pairs = np.argwhere(np.triu(scores) > 0)
    assert not len(pairs), [(rows[i].id, rows[j].id) for i, j in pairs[:5]]


def test_labels_agree_with_obvious_cues(rows):
    """Every complaint of the safety intent carries the safety flag; a secondary never repeats the primary."""
    for r in rows:
        assert r.primary not in r.secondary, r.id
        if r.primary == "safety_health":
            assert "safety_risk" in r.flags, r.id


@pytest.mark.skipif(not EXTERNAL.exists(), reason="shared/external not beside the repo")
def test_no_evaluation_text_is_in_the_corpus(rows):
    corpus = "\n".join(r.text for r in rows)
    for f in EXTERNAL.glob("*.csv"):
        with f.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                text = row["text"].strip()
                if len(text) >= 14:
                    assert text not in corpus, f.name
