"""The HTTP API per shared/CONTRACT.md, over real HTTP: a `copilot serve` process on loopback with the
real knowledge base (`live_server`), and Litestar's test client for configurations that need their
own app (auth, missing index)."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from litestar.testing import TestClient

from copilot.api.app import create_app
from copilot.config import LimitsSettings, Settings

from ..conftest import REAL_KB, REPO, start_server, stop_server, warm_data_dir

TWO_ASKS = {
    "id": "T-000000001",
    "audience": "buyer",
    "channel": "chat",
    "messages": [{"role": "customer", "at": "2026-05-10T09:12:00Z",
                  "text": "Здравствуйте! Почему курьер приехал в 9 утра, если я выбрала интервал 14–16? "
                          "И когда заберут возврат по заказу 0117411440-0002, его должны были забрать вместе с доставкой?"}],
}


def post(server, path: str, body: object, **kw) -> httpx.Response:
    return httpx.post(server.url(path), json=body, timeout=60, **kw)


def test_health_and_ready(live_server) -> None:
    assert httpx.get(live_server.url("/healthz")).json() == {"status": "ok"}
    ready = httpx.get(live_server.url("/readyz")).json()
    assert ready["status"] == "ready" and ready["points"] > 1000


def test_draft_answers_both_asks_with_citations(live_server) -> None:
    r = post(live_server, "/v1/drafts", {"ticket": TWO_ASKS})
    assert r.status_code == 200, r.text
    body = r.json()
    for key in ("ticket_id", "language", "draft", "asks", "citations", "flags", "brief", "backend", "degraded", "timings_ms"):
        assert key in body
    assert body["ticket_id"] == "T-000000001" and body["language"] == "ru" and body["backend"] == "extractive" and body["degraded"] is False
    assert len(body["asks"]) == 2 and all(a["addressed"] for a in body["asks"])
    cids = {c["id"] for c in body["citations"]}
    assert all(set(a["citations"]) <= cids and a["citations"] for a in body["asks"])
    assert {"buyer/courier-time-windows"} <= {c["doc_id"] for c in body["citations"]} | {c["doc_id"] for c in body["citations"]}
    assert body["draft"]["text"].startswith("Здравствуйте") and "0117411440-0002" in body["draft"]["text"]
    assert set(body["timings_ms"]) >= {"analyze", "retrieve", "compose", "total"}
    assert r.headers.get("x-request-id")


def test_draft_streams_sse(live_server) -> None:
    events = []
    with httpx.stream("POST", live_server.url("/v1/drafts"), json={"ticket": TWO_ASKS, "options": {"stream": True}}, timeout=60) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        event = None
        for line in r.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((event, json.loads(line.split(":", 1)[1])))
    kinds = [e for e, _ in events]
    assert kinds[-1] == "result" and kinds.count("delta") >= 2
    streamed = "".join(d["text"] for e, d in events if e == "delta")
    assert streamed == events[-1][1]["draft"]["text"]


def test_brief_and_search(live_server) -> None:
    thread = {"audience": "buyer", "messages": [
        {"role": "customer", "text": "Когда заберут возврат по заказу 0117411440-0002?"},
        {"role": "operator", "author": "Анна", "text": "Перенесём забор возврата на завтра, курьер заберёт его с 10 до 12."},
        {"role": "customer", "text": "Возврат так и не забрали, никто не приехал. Это не ответ на мой вопрос, пожалуюсь в Роспотребнадзор."}]}
    r = post(live_server, "/v1/briefs", {"ticket": thread})
    assert r.status_code == 200, r.text
    b = r.json()
    kinds = {f["kind"] for f in b["flags"]}
    assert {"legal_threat", "broken_promise", "repeat_contact", "escalate"} <= kinds
    assert b["brief"]["promises"][0]["status"] == "broken" and 3 <= len(b["brief"]["summary"].splitlines()) <= 6
    s = post(live_server, "/v1/search", {"query": "курьер приехал на несколько часов раньше", "audience": "buyer", "limit": 3})
    assert s.status_code == 200
    assert s.json()["results"][0]["doc_id"] == "buyer/courier-time-windows"


def test_check_flags_unaddressed_and_off_topic(live_server) -> None:
    ticket = {"audience": "buyer", "messages": [{"role": "customer",
              "text": "Курьер не забрал возврат, хотя обещали перенести забор на сегодня. Когда заберут возврат?"}]}
    bad = "Здравствуйте! Приносим извинения за задержку доставки вашего заказа, дата доставки изменилась."
    r = post(live_server, "/v1/checks", {"ticket": ticket, "reply": bad})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] is False and body["unaddressed"]
    assert any("задержку доставки" in o["text"] for o in body["off_topic"])
    good = ("Здравствуйте! Курьер не забрал возврат — переносим забор возврата на ближайший свободный интервал бесплатно, "
            "курьер заберёт возврат и позвонит за 30–60 минут до приезда.")
    ok = post(live_server, "/v1/checks", {"ticket": ticket, "reply": good}).json()
    assert ok["unaddressed"] == [] and ok["off_topic"] == []
    promise = post(live_server, "/v1/checks", {"ticket": ticket, "reply": good + " Начислим вам 5000 баллов за ожидание."}).json()
    assert any(not p["allowed"] for p in promise["promises"]) and promise["ok"] is False


@pytest.mark.parametrize("body,status,code", [
    ({"ticket": {"messages": []}}, 422, "empty_thread"),
    ({"ticket": {"messages": [{"role": "operator", "text": "Здравствуйте"}]}}, 422, "no_customer_message"),
    ({"ticket": {"messages": [{"role": "robot", "text": "x"}]}}, 400, "invalid_request"),
    ({"ticket": {"audience": "courier", "messages": [{"role": "customer", "text": "x"}]}}, 400, "invalid_request"),
    ({"tickets": []}, 400, "invalid_request"),
    ({"ticket": {"messages": [{"role": "customer", "text": "я" * 20001}]}}, 413, "text_too_long"),
    ({"ticket": {"messages": [{"role": "customer", "text": "a"}] * 201}}, 413, "too_many_messages"),
])
def test_bad_input_gets_a_clear_4xx(live_server, body, status, code) -> None:
    r = post(live_server, "/v1/drafts", body)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] == code and err["message"]


def test_bad_json_content_type_and_size(live_server) -> None:
    r = httpx.post(live_server.url("/v1/drafts"), content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] in ("invalid_request", "invalid_json")
    r = httpx.post(live_server.url("/v1/drafts"), content=json.dumps({"ticket": TWO_ASKS}), headers={"content-type": "text/plain"})
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_media_type"
    r = httpx.post(live_server.url("/v1/drafts"), content=b"x" * 1_000_001, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
    r = httpx.get(live_server.url("/v1/nothing"))
    assert r.status_code in (404, 405) and "error" in r.json()


def test_feedback_is_durable_searchable_and_survives_restart(kb_data_dir: Path, tmp_path: Path) -> None:
    data = warm_data_dir(kb_data_dir, tmp_path / "data")
    marker = "маркер" + uuid.uuid4().hex[:8]
    ticket = {"id": "T-555000111", "audience": "buyer", "messages": [{"role": "customer", "text": f"Можно ли сдать {marker} в другой пункт выдачи?"}]}
    reply = f"Да, {marker} можно сдать в любой пункт выдачи Ярмарки в течение срока возврата."
    server = start_server(data, tmp_path / "s1.log")
    try:
        r = post(server, "/v1/feedback", {"ticket": ticket, "draft_id": "d-1", "final_reply": reply, "resolved": True})
        assert r.status_code == 201, r.text
        assert r.json()["stored"] and r.json()["indexed"]
        hits = post(server, "/v1/search", {"query": f"сдать {marker}", "audience": "buyer", "limit": 3, "kind": "ticket"}).json()["results"]
        assert any(marker in h["snippet"] for h in hits)
    finally:
        stop_server(server)
    server = start_server(data, tmp_path / "s2.log")
    try:
        hits = post(server, "/v1/search", {"query": f"сдать {marker}", "audience": "buyer", "limit": 3, "kind": "ticket"}).json()["results"]
        assert any(marker in h["snippet"] for h in hits)
    finally:
        stop_server(server)
    # re-ingest (as `copilot ingest` would) keeps the feedback too
    env = {"COPILOT_DATA_DIR": str(data), "COPILOT_KB_DIR": str(REAL_KB), "PATH": ""}
    out = subprocess.run([sys.executable, "-m", "copilot", "ingest"], env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert " 0 deleted" in out.stdout


def _client(settings: Settings) -> TestClient:
    return TestClient(app=create_app(settings, background_load=False))


def test_auth_with_bearer_keys(kb_data_dir: Path, tmp_path: Path) -> None:
    data = warm_data_dir(kb_data_dir, tmp_path / "data")
    settings = Settings(data_dir=data, kb_dir=REAL_KB, prompts_dir=REPO / "prompts", api_keys="k-one, k-two")
    with _client(settings) as client:
        r = client.post("/v1/briefs", json={"ticket": TWO_ASKS})
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
        r = client.post("/v1/briefs", json={"ticket": TWO_ASKS}, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401
        r = client.post("/v1/briefs", json={"ticket": TWO_ASKS}, headers={"Authorization": "Bearer k-two"})
        assert r.status_code == 200
        assert client.get("/healthz").status_code == 200  # only /v1/* is protected


def test_missing_index_answers_503_index_unavailable(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "empty", kb_dir=REAL_KB, prompts_dir=REPO / "prompts", auto_ingest=False)
    with _client(settings) as client:
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["error"]["code"] == "index_unavailable"
        r = client.post("/v1/drafts", json={"ticket": TWO_ASKS})
        assert r.status_code == 503 and r.json()["error"]["code"] == "index_unavailable"


def test_limits_are_configurable(kb_data_dir: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "empty", kb_dir=REAL_KB, auto_ingest=False, limits=LimitsSettings(max_messages=2))
    with _client(settings) as client:
        r = client.post("/v1/briefs", json={"ticket": {"messages": [{"role": "customer", "text": "a"}] * 3}})
        assert r.status_code == 413 and r.json()["error"]["code"] == "too_many_messages"


def test_openapi_and_offline_docs(live_server) -> None:
    spec = httpx.get(live_server.url("/schema/openapi.json")).json()
    assert {"/v1/drafts", "/v1/checks", "/v1/briefs", "/v1/search", "/v1/feedback"} <= set(spec["paths"])
    page = httpx.get(live_server.url("/schema/swagger")).text
    assert "/static/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert httpx.get(live_server.url("/static/swagger-ui-bundle.js")).status_code == 200


def test_schemathesis_finds_no_5xx_or_schema_violation(live_server, tmp_path: Path) -> None:
    """Property-based requests generated from the live OpenAPI schema: no 5xx, responses match the schema."""
    cmd = [str(Path(sys.executable).with_name("schemathesis")), "run", live_server.url("/schema/openapi.json"),
           "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance",
           "--max-examples", "25", "--generation-deterministic", "--suppress-health-check", "all",
           "--report-dir", str(tmp_path)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=1200)
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-2000:]
