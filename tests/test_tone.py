"""The tone scorer trained on the shipped tone corpus (train split) with the real embedder."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from fastapi.testclient import TestClient

from assistant.tone import SERIOUS_CAP, ToneInput
from assistant.tone_corpus import load_tone_items
from server import create_app

CLI = [str(Path(sys.executable).with_name("calmdesk"))]
COMPLAINT = "买的羽绒服下单五天了还没发货，客服也不回，到底还卖不卖？"
GOOD = "让您白等五天还没人回，换谁都急。我现在就去催仓库，今天18点前把单号发您；不想等了也可以直接给您退款，您选。"


def test_dev_agreement_and_beats_length(tone_scorer, trained_settings):
    dev = load_tone_items(trained_settings.corpus_dir, "dev")
    gold = np.array([i.score for i in dev])
    pred = np.array([r.score for r in tone_scorer.score([ToneInput(i.reply, i.complaint) for i in dev])])
    rho = spearmanr(gold, pred)[0]
    length_rho = spearmanr(gold, [len(i.reply) for i in dev])[0]
    assert rho >= 0.85 and rho - length_rho >= 0.3  # measured 0.90 vs 0.50 (eval/tone.py)
    assert np.abs(gold - pred).mean() <= 0.6


def test_good_reply_scores_high_and_clean(tone_scorer):
    r = tone_scorer.score_one(GOOD, COMPLAINT)
    assert r.score >= 4.0 and r.violations == []


def test_warm_but_offplatform_is_capped_with_reason(tone_scorer):
    warm = "特别理解您的心情，让您久等真的很抱歉！您加我微信 kf_20251，我私下给您转50元补偿，今天就处理。"
    r = tone_scorer.score_one(warm, COMPLAINT)
    assert r.score <= SERIOUS_CAP and "pushes_offplatform" in r.violations
    assert any("平台" in reason for reason in r.reasons)


def test_reasons_never_repeat_personal_data(tone_scorer):
    r = tone_scorer.score_one("您的手机号13812345678和地址我们已经登记，请耐心等待。", COMPLAINT)
    assert "leaks_pii" in r.violations and "delays_vaguely" in r.violations
    assert "13812345678" not in json.dumps(r.model_dump(), ensure_ascii=False)


def test_hostile_reply_scores_low(tone_scorer):
    r = tone_scorer.score_one("自己不看详情还好意思来问？再闹就把你拉黑。", COMPLAINT)
    assert r.score <= 2.0 and {"threatens_customer"} <= set(r.violations)


def test_without_complaint_no_cold_template_judgement(tone_scorer):
    r = tone_scorer.score_one("您好，您的问题已收到，请耐心等待处理。")
    assert "cold_template" not in r.violations and r.score <= 3.5


def test_tone_cli_batch_bad_rows_and_report(trained_settings, tmp_path):
    rows = [
        {"id": "a", "reply": GOOD, "complaint": COMPLAINT, "agent": "小美"},
        {"id": "b", "reply": "", "agent": "小美"},
        {"id": "c"},
        {"id": "d", "reply": "啊" * 1_000_000},
        {"id": "e", "reply": "<script>alert(1)</script>再闹就拉黑你", "complaint": "<b>差评</b>", "agent": "阿杰"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(json.dumps(r, ensure_ascii=False).encode() for r in rows) + b'\n{"id": "f", "reply": "\xff"}\n')
    out, report = tmp_path / "out.jsonl", tmp_path / "report.html"
    env = {**os.environ, "CALMDESK_INDEX_DIR": str(trained_settings.index_dir), "CALMDESK_STORE_PATH": str(trained_settings.store_path)}
    r = subprocess.run(CLI + ["tone", "--in", str(src), "--out", str(out), "--report", str(report)],
                       capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
    assert r.returncode == 1 and "Traceback" not in r.stderr and "2 scored, 4 failed" in r.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["a", "b", "c", "d", "e", "f"]
    assert [x.get("error", {}).get("code") for x in lines] == [None, "E101", "E105", "E103", None, "E106"]
    assert lines[0]["agent"] == "小美" and lines[4]["score"] < lines[0]["score"]
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;" in page and "http" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "<svg" in page and "阿杰" in page and "threatens_customer" in page


def test_tone_csv_header_without_reply_column(trained_settings, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,text\n1,你好\n", encoding="utf-8")
    env = {**os.environ, "CALMDESK_INDEX_DIR": str(trained_settings.index_dir)}
    r = subprocess.run(CLI + ["tone", "--in", str(src), "--out", str(tmp_path / "o.jsonl")],
                       capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
    assert r.returncode == 1 and "[E105]" in r.stderr and "Traceback" not in r.stderr


def test_http_tone_single_and_batch(trained_settings):
    with TestClient(create_app(trained_settings)) as client:
        assert client.get("/healthz").json()["models"]["tone"] == "loaded"
        one = client.post("/v1/tone", json={"reply": GOOD, "complaint": COMPLAINT}).json()
        assert 1 <= one["score"] <= 5 and one["violations"] == []
        batch = client.post("/v1/tone", json={"items": [{"id": 1, "reply": GOOD}, {"id": 2, "reply": "  "}, "x"]}).json()
        assert batch["results"][0]["id"] == "1" and "score" in batch["results"][0]
        assert batch["results"][1]["error"]["code"] == "E101" and batch["results"][2]["error"]["code"] == "E104"
        r = client.post("/v1/tone", json={})
        assert r.status_code == 400 and r.json()["error"]["code"] == "E105"
        r = client.post("/v1/tone", json={"reply": "x" * 6000})
        assert r.status_code == 413
