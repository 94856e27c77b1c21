"""Analyzer quality and speed on the dev split of corpus/complaints.jsonl.

    .venv/bin/python eval/intent.py          # prints a table, writes eval/results/intent.json

Uses the trained analyzer in index/analyzer (from `calmdesk train`); refuses one that saw dev.
"""

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_recall_fscore_support

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import labels  # noqa: E402
from assistant.analyze import Analyzer, prepare  # noqa: E402
from assistant.corpus import load_complaints  # noqa: E402
from assistant.settings import get_settings  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "intent.json"


def main() -> dict:
    settings = get_settings()
    started = time.perf_counter()
    analyzer = Analyzer.load(settings)
    load_seconds = time.perf_counter() - started
    if analyzer.manifest.get("trained_on") != "train":
        sys.exit("the analyzer in index/ was trained with the dev split; run `calmdesk train` first")

    dev = load_complaints(settings.corpus_dir, split="dev")
    prepared = [prepare(r.text, settings) for r in dev]
    t0 = time.perf_counter()
    results = analyzer.analyze_prepared(prepared, [r.id for r in dev])
    batch_seconds = time.perf_counter() - t0

    singles = []
    for r in dev[:200]:
        t = time.perf_counter()
        analyzer.analyze(r.text)
        singles.append(time.perf_counter() - t)

    intents = labels.intents()
    gold = [r.primary for r in dev]
    pred = [a.primary for a in results]
    macro = f1_score(gold, pred, labels=intents, average="macro", zero_division=0)
    p, r, f, support = precision_recall_fscore_support(gold, pred, labels=intents, zero_division=0)
    per_intent = {i: {"precision": round(p[k], 3), "recall": round(r[k], 3), "f1": round(f[k], 3), "n": int(support[k])}
                  for k, i in enumerate(intents)}
    confusions = Counter((g, q) for g, q in zip(gold, pred) if g != q).most_common(12)

    confidence = np.array([a.confidence for a in results])
    correct = np.array([g == q for g, q in zip(gold, pred)])
    bins = np.minimum((confidence * 10).astype(int), 9)
    ece = sum(abs(correct[bins == b].mean() - confidence[bins == b].mean()) * (bins == b).mean()
              for b in range(10) if (bins == b).any())
    emo_gold = np.array([r.emotion for r in dev])
    emo_pred = np.array([a.emotion for a in results])
    flags = {}
    for flag in labels.flags():
        g = np.array([flag in r.flags for r in dev])
        q = np.array([flag in a.flags for a in results])
        tp = int((g & q).sum())
        flags[flag] = {
            "precision": round(tp / max(q.sum(), 1), 3),
            "recall": round(tp / max(g.sum(), 1), 3),
            "n_gold": int(g.sum()),
            "n_pred": int(q.sum()),
        }
    sec_gold = {(r.id, s) for r in dev for s in r.secondary}
    sec_pred = {(a.id, s) for a in results for s in a.secondary}
    out = {
        "n_dev": len(dev),
        "primary_macro_f1": round(macro, 4),
        "primary_accuracy": round(float(np.mean([g == q for g, q in zip(gold, pred)])), 4),
        "confidence_ece": round(float(ece), 4),
        "per_intent": per_intent,
        "top_confusions": [{"gold": g, "pred": q, "count": c} for (g, q), c in confusions],
        "emotion_exact": round(float(np.mean(emo_gold == emo_pred)), 4),
        "emotion_within_1": round(float(np.mean(np.abs(emo_gold - emo_pred) <= 1)), 4),
        "flags": flags,
        "secondary_precision": round(len(sec_gold & sec_pred) / max(len(sec_pred), 1), 3),
        "secondary_recall": round(len(sec_gold & sec_pred) / max(len(sec_gold), 1), 3),
        "speed": {
            "load_seconds": round(load_seconds, 3),
            "batch_per_second": round(len(dev) / batch_seconds, 1),
            "single_p50_ms": round(statistics.median(singles) * 1000, 2),
            "single_p95_ms": round(float(np.percentile(singles, 95)) * 1000, 2),
        },
        "manifest": analyzer.manifest,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    _print(out)
    return out


def _print(out: dict) -> None:
    print(f"dev complaints: {out['n_dev']}")
    print(f"primary macro-F1 {out['primary_macro_f1']:.3f}   accuracy {out['primary_accuracy']:.3f}")
    print(f"confidence calibration error (ECE, 10 bins) {out['confidence_ece']:.3f}")
    print(f"{'intent':<18}{'P':>7}{'R':>7}{'F1':>7}{'n':>5}")
    for intent, m in out["per_intent"].items():
        print(f"{intent:<18}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}{m['n']:>5}")
    print("top confusions (gold -> predicted):")
    for c in out["top_confusions"]:
        print(f"  {c['gold']} -> {c['pred']}: {c['count']}")
    print(f"emotion exact {out['emotion_exact']:.3f}   within ±1 {out['emotion_within_1']:.3f}")
    print(f"secondary intents: precision {out['secondary_precision']:.3f} recall {out['secondary_recall']:.3f}")
    print(f"{'flag':<22}{'P':>7}{'R':>7}{'gold':>6}{'pred':>6}")
    for flag, m in out["flags"].items():
        print(f"{flag:<22}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['n_gold']:>6}{m['n_pred']:>6}")
    s = out["speed"]
    print(f"load {s['load_seconds']:.2f}s   batch {s['batch_per_second']:.0f}/s   "
          f"single p50 {s['single_p50_ms']:.1f} ms, p95 {s['single_p95_ms']:.1f} ms")


if __name__ == "__main__":
    main()
