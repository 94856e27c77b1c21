"""Fold the writers' tone batches into corpus/tone.jsonl with ids and a fixed split.

Replies to the same complaint stay in the same split (otherwise dev would share complaints with
train and flatter the complaint-aware features). A reply that nearly repeats one already taken
(rapidfuzz ratio >= 85) is dropped and reported. Every fourth complaint group in hash order goes
to dev.

    python scripts/merge_tone.py corpus/tone_raw/batch*.jsonl
"""

import hashlib
import json
import sys
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from assistant.tone_corpus import ToneItem  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "corpus" / "tone.jsonl"
NEAR_DUPLICATE = 85


def main(paths: list[str]) -> None:
    groups: dict[str, list[dict]] = {}
    seen: list[str] = []
    dropped = 0
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            ToneItem.model_validate({**row, "id": "t0", "split": "train"})
            match = process.extractOne(row["reply"], seen, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE) if seen else None
            if match:
                print(f"near-duplicate reply dropped ({match[1]:.0f}): {path}:{n}", file=sys.stderr)
                dropped += 1
                continue
            seen.append(row["reply"])
            row["batch"] = Path(path).stem
            groups.setdefault(row["complaint"], []).append(row)
    order = sorted(groups, key=lambda c: hashlib.sha256(c.encode()).hexdigest())
    out, n = [], 0
    for g, complaint in enumerate(order):
        split = "dev" if g % 4 == 3 else "train"
        for row in groups[complaint]:
            n += 1
            out.append({"id": f"t{n:04d}", **row, "split": split})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    dev = sum(r["split"] == "dev" for r in out)
    print(f"{len(out)} replies ({dev} dev) from {len(groups)} complaints; {dropped} near-duplicates dropped")


if __name__ == "__main__":
    main(sys.argv[1:])
