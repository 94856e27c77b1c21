"""Fold newly written complaint batches into corpus/complaints.jsonl.

Existing rows keep their id and split; a new row that nearly repeats any row already taken is
dropped and reported (the writers' batches are checked here, not trusted). New rows get the next
ids and a dev/train split stratified by primary intent (every fourth new row of an intent, in a
hash order, goes to dev), so the split is fixed once written.

    python scripts/merge_complaints.py corpus/complaints/raw/*.jsonl
"""

import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from assistant.corpus import LabelledComplaint  # noqa: E402
from assistant.normalize import normalize  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "complaints.jsonl"
NEAR_DUPLICATE = 85  # rapidfuzz ratio on normalized text


def main(paths: list[str]) -> None:
    rows = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines()] if CORPUS.exists() else []
    seen = [normalize(r["text"]) for r in rows]
    next_id = 1 + max((int(r["id"][1:]) for r in rows), default=0)
    round_no = 1 + max((r.get("round", 1) for r in rows), default=0)
    fresh: dict[str, list[dict]] = defaultdict(list)
    dropped = 0
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            row.pop("id", None)  # ids are ours to give
            row.pop("split", None)
            row["secondary"] = [s for s in row.get("secondary", []) if s != row["primary"]]
            LabelledComplaint.model_validate({**row, "id": "c0", "split": "train"})
            norm = normalize(row["text"])
            match = process.extractOne(norm, seen, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE) if seen else None
            if match:
                print(f"near-duplicate dropped ({match[1]:.0f}): {path}:{n} {row['text'][:40]}", file=sys.stderr)
                dropped += 1
                continue
            seen.append(norm)
            fresh[row["primary"]].append(row)
    for items in fresh.values():
        items.sort(key=lambda r: hashlib.sha1(r["text"].encode()).hexdigest())
        for i, row in enumerate(items):
            rows.append({"id": f"c{next_id:04d}", **row, "split": "dev" if i % 4 == 1 else "train", "round": round_no})
            next_id += 1
    CORPUS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{sum(map(len, fresh.values()))} added, {dropped} near-duplicates dropped, {len(rows)} in total")


if __name__ == "__main__":
    main(sys.argv[1:])
