"""The blind second-annotation workflow for corpus/complaints.jsonl, in three steps.

    python scripts/annotation.py export DIR [--chunks 8]   # rows without a second label -> DIR/chunkN.jsonl (id, text only)
    python scripts/annotation.py disagreements DIR          # DIR/out*.jsonl (id, primary) -> DIR/adj/adjN.jsonl (text, A/B shuffled)
    python scripts/annotation.py apply DIR                  # DIR/adj/res*.jsonl (id, choice) -> labels and `annotation` records

The second annotator sees only the text; the adjudicator sees the text and the two candidate
intents in random order, never which one the writer chose. When the adjudicator picks the second
annotator's intent, the writer's becomes a secondary intent, so nothing the writer saw is lost.
"""

import argparse
import json
import random
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "complaints.jsonl"


def _read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def export(folder: Path, chunks: int) -> None:
    todo = [r for r in _read(CORPUS) if not r.get("annotation")]
    random.Random(7).shuffle(todo)
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(chunks):
        _write(folder / f"chunk{k + 1}.jsonl", [{"id": r["id"], "text": r["text"]} for r in todo[k::chunks]])
    print(f"{len(todo)} rows in {chunks} chunks")


def disagreements(folder: Path, chunks: int = 4) -> None:
    rows = {r["id"]: r for r in _read(CORPUS)}
    second = {o["id"]: o["primary"] for p in sorted(folder.glob("out*.jsonl")) for o in _read(p)}
    differ = sorted(i for i, p in second.items() if rows[i]["primary"] != p)
    rng = random.Random(11)
    rng.shuffle(differ)
    (folder / "adj").mkdir(exist_ok=True)
    key = {}
    for k in range(chunks):
        part = []
        for i in differ[k::chunks]:
            options = [rows[i]["primary"], second[i]]
            rng.shuffle(options)
            key[i] = options
            part.append({"id": i, "text": rows[i]["text"], "A": options[0], "B": options[1]})
        _write(folder / "adj" / f"adj{k + 1}.jsonl", part)
    (folder / "adj" / "key.json").write_text(json.dumps(key), encoding="utf-8")
    print(f"{len(second)} second labels, {len(differ)} disagreements to adjudicate")


def apply(folder: Path) -> None:
    rows = _read(CORPUS)
    second = {o["id"]: o["primary"] for p in sorted(folder.glob("out*.jsonl")) for o in _read(p)}
    key = json.loads((folder / "adj" / "key.json").read_text(encoding="utf-8"))
    choice = {o["id"]: o["choice"] for p in sorted((folder / "adj").glob("res*.jsonl")) for o in _read(p)}
    missing = set(key) - set(choice)
    if missing:
        raise SystemExit(f"{len(missing)} disagreements have no adjudication yet")
    changed = 0
    for r in rows:
        if r["id"] not in second or r.get("annotation"):
            continue
        if r["id"] not in key:
            r["annotation"] = {"second_annotator": second[r["id"]], "agreed": True}
            continue
        chosen = key[r["id"]][0 if choice[r["id"]] == "A" else 1]
        r["annotation"] = {"writer": r["primary"], "second_annotator": second[r["id"]], "agreed": False,
                           "adjudicated": chosen}
        if chosen != r["primary"]:
            secondary = [s for s in r["secondary"] if s != chosen]
            r["secondary"] = ([r["primary"]] + secondary)[:2]
            r["primary"] = chosen
            changed += 1
        if chosen == "safety_health" and "safety_risk" not in r["flags"]:
            r["flags"].append("safety_risk")
    _write(CORPUS, rows)
    print(f"{len(key)} adjudicated, {changed} primary labels changed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["export", "disagreements", "apply"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--chunks", type=int, default=8)
    args = parser.parse_args()
    if args.step == "export":
        export(args.folder, args.chunks)
    elif args.step == "disagreements":
        disagreements(args.folder)
    else:
        apply(args.folder)


if __name__ == "__main__":
    main()
