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
    assert [row.get("id") for row in rows] == ["a", "b", None, "d", "e", "7", "g"]  # id read despite bad bytes
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


def _trainer_env(tmp_path):
    return {**os.environ, "CALMDESK_INDEX_DIR": str(tmp_path / "index"), "CALMDESK_STORE_PATH": str(tmp_path / "c.db")}


def test_trainer_commands_end_to_end(tmp_path):
    env = _trainer_env(tmp_path)

    def cli(*args):
        return subprocess.run(CLI + list(args), capture_output=True, text=True, env=env, timeout=300)

    r = cli("search", "快递没到")
    assert r.returncode == 1 and "[E204]" in r.stderr and "Traceback" not in r.stderr
    r = cli("index", "build")
    assert r.returncode == 0 and "905 cases" in r.stdout, r.stderr
    complaint = "蓝牙音箱充满电只能响二十分钟，说好的十小时呢"
    reply = "说好十小时却只响二十分钟，换谁都觉得被糊弄了。我现在给您登记换新，今天17点前安排取件；不想换也可以退货退款，您来选。"
    r = cli("cases", "add", "--complaint", complaint, "--reply", reply, "--intent", "quality_defect", "--action", "exchange")
    assert r.returncode == 0, r.stderr
    case_id = json.loads(r.stdout)["case_id"]
    r = cli("cases", "add", "--complaint", complaint, "--reply", reply, "--intent", "quality_defect")
    assert r.returncode == 1 and "[E302]" in r.stderr
    r = cli("cases", "review", case_id, "approve")
    assert r.returncode == 0 and "906 cases searchable" in r.stdout, r.stderr
    r = cli("search", complaint, "-k", "1")
    assert json.loads(r.stdout)["case_id"] == case_id
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"complaint": "a", "reply": "b", "primary": "zzz"}\nnot json\n', encoding="utf-8")
    r = cli("cases", "import", str(bad))
    assert r.returncode == 1 and "line 1:" in r.stderr and "line 2:" in r.stderr and "[E308]" in r.stderr
    out = tmp_path / "approved.jsonl"
    r = cli("cases", "export", "--out", str(out))
    assert r.returncode == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 906
