from fastapi.testclient import TestClient

from assistant.settings import Settings
from server import create_app


def test_analyze_and_health(trained_settings):
    with TestClient(create_app(trained_settings)) as client:
        health = client.get("/healthz").json()
        assert health["status"] == "ok" and health["models"]["analyzer"] == "loaded"
        r = client.post("/v1/analyze", json={"text": "退款申请了五天了钱还没到，什么情况"})
        assert r.status_code == 200
        assert r.json()["primary"] == "refund_progress"


def test_bad_input_is_a_4xx_with_a_code(trained_settings):
    with TestClient(create_app(trained_settings)) as client:
        cases = [({"text": ""}, 400, "E101"), ({"text": 5}, 400, "E102"), ({}, 400, "E105"),
                 ({"text": "x" * (trained_settings.max_input_chars + 1)}, 413, "E103")]
        for body, status, code in cases:
            r = client.post("/v1/analyze", json=body)
            assert (r.status_code, r.json()["error"]["code"]) == (status, code)
        r = client.post("/v1/analyze", content=b"{broken", headers={"content-type": "application/json"})
        assert r.status_code == 422 and "code" in r.json()["error"]


def test_without_a_model_the_server_stays_up_and_says_so(tmp_path):
    with TestClient(create_app(Settings(index_dir=tmp_path))) as client:
        assert client.get("/healthz").json()["status"] == "degraded"
        r = client.post("/v1/analyze", json={"text": "快递呢"})
        assert r.status_code == 503 and r.json()["error"]["code"] == "E201"
