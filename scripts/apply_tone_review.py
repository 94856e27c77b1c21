"""Apply the second reader's violation lists (corpus/briefs/tone_violation_review_brief.md) to
corpus/tone.jsonl, keeping the writer's original list in `annotation` for the record.

    python scripts/apply_tone_review.py /tmp/tonerev/out*.jsonl
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from assistant import labels  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "tone.jsonl"


def main(paths: list[str]) -> None:
    review = {}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert set(row["violations"]) <= set(labels.tone_violations()), row
            review[row["id"]] = row
    rows = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines()]
    missing = [r["id"] for r in rows if r["id"] not in review]
    if missing:
        sys.exit(f"no review for {len(missing)} rows, e.g. {missing[:5]}")
    changed = 0
    for r in rows:
        second = review[r["id"]]
        writer = r.get("annotation", {}).get("writer", r["violations"])
        order = labels.tone_violations()
        r["violations"] = sorted(set(second["violations"]), key=order.index)
        r["annotation"] = {"writer": writer, "second_reader_note": second.get("note", "")}
        changed += set(writer) != set(r["violations"])
    CORPUS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} rows, {changed} with a changed violation list")


if __name__ == "__main__":
    main(sys.argv[1:])
