"""Tone scorer quality on the dev split of corpus/tone.jsonl, and batch speed.

    .venv/bin/python eval/tone.py      # prints a table, writes eval/results/tone.json

Spearman and MAE of the score against gold, per-violation precision/recall/F1 and micro-F1, and
a length-only baseline (isotonic fit of score on reply length, trained on train) to show the
scorer is not counting characters. Uses index/tone/ from `calmdesk train`; refuses one that saw dev.
"""

import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.isotonic import IsotonicRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import labels  # noqa: E402
from assistant.settings import get_settings  # noqa: E402
from assistant.tone import ToneInput, ToneScorer  # noqa: E402
from assistant.tone_corpus import load_tone_items  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "tone.json"


def main() -> dict:
    settings = get_settings()
    scorer = ToneScorer.load(settings)
    if scorer.manifest.get("trained_on") != "train":
        sys.exit("the tone model in index/ was trained with dev; run `calmdesk train` first")
    train = load_tone_items(settings.corpus_dir, "train")
    dev = load_tone_items(settings.corpus_dir, "dev")
    results = scorer.score([ToneInput(i.reply, i.complaint) for i in dev])
    gold = np.array([i.score for i in dev], dtype=float)
    pred = np.array([r.score for r in results])

    length = IsotonicRegression(out_of_bounds="clip").fit([len(i.reply) for i in train], [i.score for i in train])
    by_length = length.predict([len(i.reply) for i in dev])

    per, tp_all, fp_all, fn_all = {}, 0, 0, 0
    for v in labels.tone_violations():
        g = np.array([v in i.violations for i in dev])
        p = np.array([v in r.violations for r in results])
        tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        per[v] = {"n": int(g.sum()), "precision": round(prec, 3), "recall": round(rec, 3),
                  "f1": round(2 * prec * rec / max(prec + rec, 1e-9), 3)}  # fmt: skip
    micro = 2 * tp_all / max(2 * tp_all + fp_all + fn_all, 1)

    no_complaint = scorer.score([ToneInput(i.reply) for i in dev])
    batch = [ToneInput(i.reply, i.complaint) for i in (train + dev)] * 10
    started = time.perf_counter()
    scorer.score(batch)
    per_second = len(batch) / (time.perf_counter() - started)

    result = {
        "dev_replies": len(dev),
        "spearman": round(float(spearmanr(gold, pred)[0]), 4),
        "mae": round(float(np.abs(gold - pred).mean()), 4),
        "spearman_without_complaint": round(float(spearmanr(gold, [r.score for r in no_complaint])[0]), 4),
        "length_only_spearman": round(float(spearmanr(gold, by_length)[0]), 4),
        "length_only_mae": round(float(np.abs(gold - by_length).mean()), 4),
        "violation_micro_f1": round(micro, 4),
        "violations": per,
        "batch_replies_per_second": round(per_second, 1),
    }
    print(f"dev {len(dev)} replies: Spearman {result['spearman']:.3f} (length only {result['length_only_spearman']:.3f}, "
          f"no complaint {result['spearman_without_complaint']:.3f}), MAE {result['mae']:.3f}, "
          f"violation micro-F1 {micro:.3f}, {per_second:.0f} replies/s")
    print(f"{'violation':<20}{'n':>4}{'P':>7}{'R':>7}{'F1':>7}")
    for v, r in per.items():
        print(f"{v:<20}{r['n']:>4}{r['precision']:>7.2f}{r['recall']:>7.2f}{r['f1']:>7.2f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
