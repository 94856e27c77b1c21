"""The console script as a user runs it: a real subprocess, real files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [str(Path(sys.executable).with_name("calmdesk"))]


def run(args, settings, **kw):
    env = {**os.environ, "CALMDESK_INDEX_DIR": str(settings.index_dir)}
    return subprocess.run(CLI + args, capture_output=True, text=True, env=env, timeout=120, **kw)


def test_analyze_one_text_prints_one_analysis(trained_settings):
    r = run(["analyze", "说好的48小时发货，三天了还没发！！"], trained_settings)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["primary"] == "shipping_delay" and "scores" in out and "facts" in out


def test_batch_keeps_order_and_ids_and_marks_bad_lines(trained_settings, tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "快递显示签收了但我没收到"}, ensure_ascii=False),
        json.dumps({"id": "b", "text": "   "}),
        "{not json",
        json.dumps({"id": "d", "text": 42}),
        json.dumps({"id": "e"}),
        json.dumps({"id": 7, "text": "退款什么时候到账"}, ensure_ascii=False),
    ]
    src.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "g", "text": "\xff\xfe"}\n')
    out = tmp_path / "out.jsonl"
    r = run(["analyze", "--in", str(src), "--out", str(out)], trained_settings)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "analyze: 100%" in r.stderr and "7/7" in r.stderr  # the progress bar, on stderr only
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [row.get("id") for row in rows] == ["a", "b", None, "d", "e", "7", None]
    assert rows[0]["primary"] == "not_received"
    assert [row["error"]["code"] for row in rows[1:5]] == ["E101", "E104", "E102", "E105"]
    assert rows[5]["primary"] == "refund_progress"
    assert rows[6]["error"]["code"] == "E106"


def test_batch_of_good_lines_exits_zero(trained_settings, tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "口红色号和直播间不一样"}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = run(["analyze", "--in", str(src), "--out", str(out)], trained_settings)
    assert r.returncode == 0, r.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.parametrize(
    "args, expected",
    [(["analyze", ""], "E101"), (["analyze", "--in", "/nonexistent.jsonl", "--out", "/tmp/x.jsonl"], "E107"),
     (["analyze"], "TEXT")],
)
def test_errors_are_one_clean_message_and_exit_1(trained_settings, args, expected):
    r = run(args, trained_settings)
    assert r.returncode == 1
    assert expected in r.stderr and "Traceback" not in r.stderr


def test_a_missing_model_names_the_fix(tmp_path, trained_settings):
    env = {**os.environ, "CALMDESK_INDEX_DIR": str(tmp_path)}
    r = subprocess.run(CLI + ["analyze", "快递呢"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 1 and "E201" in r.stderr and "calmdesk train" in r.stderr
