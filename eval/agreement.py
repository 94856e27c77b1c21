"""How consistent are the corpus labels? Agreement between the writer's primary intent and a blind
second annotator, before adjudication, from the `annotation` record of each complaint.

    .venv/bin/python eval/agreement.py       # prints, writes eval/results/agreement.json

This is the ceiling worth comparing the analyzer against: two careful people reading the same
text agree on the primary intent this often.
"""

import json
import sys
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score, f1_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import labels  # noqa: E402
from assistant.corpus import load_complaints  # noqa: E402
from assistant.settings import get_settings  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "agreement.json"


def main() -> dict:
    rows = [r for r in load_complaints(get_settings().corpus_dir) if r.annotation.get("second_annotator")]
    writer = [r.annotation.get("writer", r.primary) for r in rows]
    second = [r.annotation["second_annotator"] for r in rows]
    disagreements = [r for r in rows if not r.annotation.get("agreed")]
    out = {
        "n_annotated": len(rows),
        "raw_agreement": round(sum(a == b for a, b in zip(writer, second)) / len(rows), 4),
        "cohen_kappa": round(cohen_kappa_score(writer, second), 4),
        "macro_f1_second_vs_writer": round(f1_score(writer, second, labels=labels.intents(), average="macro"), 4),
        "adjudicated": len(disagreements),
        "adjudicated_for_second_annotator": sum(r.primary == r.annotation["second_annotator"] for r in disagreements),
        "by_round": {
            str(k): round(sum(a == b for a, b, r in zip(writer, second, rows) if r.round == k)
                          / max(sum(r.round == k for r in rows), 1), 4)
            for k in sorted({r.round for r in rows})
        },
        "top_disagreements": [
            {"writer": a, "second": b, "count": c}
            for (a, b), c in Counter((a, b) for a, b in zip(writer, second) if a != b).most_common(10)
        ],
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"annotated {out['n_annotated']}: writer vs blind second annotator agree on the primary intent "
          f"{out['raw_agreement']:.1%} (kappa {out['cohen_kappa']:.3f}, macro-F1 {out['macro_f1_second_vs_writer']:.3f})")
    print(f"{out['adjudicated']} disagreements adjudicated by a third reader; "
          f"{out['adjudicated_for_second_annotator']} went to the second annotator")
    print("agreement by writing round (round 3 writers were given the primary-intent rules): "
          + ", ".join(f"{k}: {v:.1%}" for k, v in out["by_round"].items()))
    for d in out["top_disagreements"]:
        print(f"  {d['writer']} vs {d['second']}: {d['count']}")
    return out


if __name__ == "__main__":
    main()
