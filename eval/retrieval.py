"""Retrieval quality and speed: do the dev complaints find resolved cases of their own kind?

    .venv/bin/python eval/retrieval.py     # prints a table, writes eval/results/retrieval.json

For every dev complaint of corpus/complaints.jsonl (never seen by the case writers' index), the
three best cases are retrieved with dense only, lexical (BM25) only, the fusion of both, and the
fusion boosted by the analyzer's intent probabilities (what `calmdesk draft` uses). Reported:
share of top-3 cases with the complaint's primary intent, MRR of the first same-intent case in
the top 10, and single-query latency (p50, one thread, query embedding included and excluded).
Needs `calmdesk train` and `calmdesk index build` first.
"""

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.analyze import Analyzer, prepare  # noqa: E402
from assistant.corpus import load_complaints  # noqa: E402
from assistant.retrieve import Retriever, query_text  # noqa: E402
from assistant.settings import get_settings  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "retrieval.json"


def score(retriever, dev, vectors, mode, intent_scores=None) -> dict:
    top3, rr, seconds = [], [], []
    for i, item in enumerate(dev):
        started = time.perf_counter()
        hits = retriever.search_cases(
            item.text, k=10, mode=mode, vector=vectors[i], intent_scores=intent_scores[i] if intent_scores else None
        )
        seconds.append(time.perf_counter() - started)
        same = [h.intent == item.primary for h in hits]
        top3.append(np.mean(same[:3]) if hits else 0.0)
        rr.append(next((1.0 / (k + 1) for k, s in enumerate(same) if s), 0.0))
    return {
        "top3_same_intent": round(float(np.mean(top3)), 4),
        "mrr@10": round(float(np.mean(rr)), 4),
        "p50_ms_given_vector": round(statistics.median(seconds) * 1000, 2),
    }


def main() -> dict:
    settings = get_settings()
    analyzer = Analyzer.load(settings)
    retriever = Retriever.load(settings, analyzer.embedder)
    dev = load_complaints(settings.corpus_dir, split="dev")
    vectors = analyzer.embedder.embed([query_text(r.text) for r in dev])
    analyses = analyzer.analyze_prepared([prepare(r.text, settings) for r in dev], [r.id for r in dev])
    probabilities = [a.scores for a in analyses]

    with threadpool_limits(1):
        rows = {
            "dense": score(retriever, dev, vectors, "dense"),
            "lexical": score(retriever, dev, vectors, "lexical"),
            "hybrid": score(retriever, dev, vectors, "hybrid"),
            "hybrid+intent": score(retriever, dev, vectors, "hybrid", probabilities),
        }
        full = []
        for item in dev[:300]:
            started = time.perf_counter()
            retriever.search_cases(item.text, k=3)
            full.append(time.perf_counter() - started)
    result = {
        "dev_complaints": len(dev),
        "cases": retriever.manifest["counts"]["cases"],
        "embedder": retriever.manifest["embedder"],
        "index_kind": retriever.manifest["kind"],
        "modes": rows,
        "search_p50_ms_with_embedding": round(statistics.median(full) * 1000, 2),
        "build_seconds": retriever.manifest.get("build_seconds"),
    }
    print(f"{'mode':<15}{'top-3 same intent':>19}{'MRR@10':>9}{'p50 ms':>9}")
    for mode, r in rows.items():
        print(f"{mode:<15}{r['top3_same_intent']:>19.3f}{r['mrr@10']:>9.3f}{r['p50_ms_given_vector']:>9.2f}")
    print(f"search p50 incl. query embedding: {result['search_p50_ms_with_embedding']} ms "
          f"({result['cases']} cases, {len(dev)} dev complaints)")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
