"""Fault runs of `copilot bench`; each asserts its outcome and returns it with the evidence.

- llm_down / llm_slow / llm_garbage: drafts with COPILOT_DRAFTER=openai against a closed port, a
  server slower than the timeout, and one answering garbage -> every draft a 200 with
  `degraded: true`, never a 5xx (plain and streaming requests).
- index_missing: an empty data dir with COPILOT_AUTO_INGEST=false -> /readyz, /v1/drafts and
  /v1/search answer 503 `index_unavailable`.
- kill_feedback: SIGKILL in the middle of a stream of POST /v1/feedback -> after a restart every
  feedback that got a 201 is in the feedback store and retrievable by its unique marker.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import string
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Sequence

import httpx

from copilot.config import Settings
from copilot.evaluation.bench_http import JSON, FakeLLM, closed_port, draft_bodies, start_server, stop_server


def _sse_result(text: str) -> dict | None:
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = block.strip().splitlines()
        if any(line.strip() == "event: result" for line in lines):
            data = "\n".join(line[5:].lstrip() for line in lines if line.startswith("data:"))
            return json.loads(data)
    return None


def _llm_env(base_url: str, timeout_s: float) -> dict[str, str]:
    return {"COPILOT_DRAFTER": "openai", "COPILOT_LLM__BASE_URL": base_url, "COPILOT_LLM__API_KEY": "bench",
            "COPILOT_LLM__TIMEOUT_S": str(timeout_s), "COPILOT_LLM__MAX_RETRIES": "1", "COPILOT_LLM__MODEL": "fake"}


def _degraded_drafts(base_url: str, tickets: Sequence[dict], n: int) -> dict:
    """n plain drafts and one streaming draft; each must be a 200 with degraded: true."""
    outcomes, reasons, lat = [], Counter(), []
    bodies = draft_bodies(tickets[:n]) + draft_bodies(tickets[:1], stream=True)
    with httpx.Client(timeout=120) as client:
        for k, body in enumerate(bodies):
            t0 = time.perf_counter()
            try:
                r = client.post(base_url + "/v1/drafts", content=body, headers=JSON)
            except httpx.HTTPError as exc:
                outcomes.append(("error", type(exc).__name__))
                continue
            lat.append(round((time.perf_counter() - t0) * 1000))
            streaming = k == len(bodies) - 1
            try:
                result = _sse_result(r.text) if streaming and r.status_code == 200 else (r.json() if r.status_code == 200 else None)
            except ValueError:
                outcomes.append((str(r.status_code), "unparseable_body"))
                continue
            degraded = bool(result and result.get("degraded"))
            if result:
                reasons[str(result.get("degraded_reason", "")).split(":")[0] or "none"] += 1
            outcomes.append((str(r.status_code), "degraded" if degraded else "not_degraded"))
    n5xx = sum(1 for code, _ in outcomes if code.startswith("5"))
    ok = all(code == "200" and d == "degraded" for code, d in outcomes)
    return {"status": "pass" if ok and n5xx == 0 else "fail", "drafts": len(outcomes), "degraded": sum(d == "degraded" for _, d in outcomes),
            "5xx": n5xx, "statuses": dict(Counter(c for c, _ in outcomes)), "degraded_reasons": dict(reasons), "latency_ms": lat}


def llm_faults(settings: Settings, data_dir: Path, work: Path, tickets: Sequence[dict], n: int = 3, timeout_s: float = 1.0) -> dict:
    """COPILOT_DRAFTER=openai with one retry and a 1 s timeout, against a closed port, then against
    FakeLLM slow (3 s) and FakeLLM garbage."""
    results: dict[str, dict] = {}
    try:
        server = start_server(settings, data_dir, work / "fault-llm-down.log", _llm_env(f"http://127.0.0.1:{closed_port()}/v1", timeout_s))
        try:
            results["llm_down"] = _degraded_drafts(server.base_url, tickets, n)
        finally:
            stop_server(server)
    except Exception as exc:
        results["llm_down"] = _crashed(exc)
    with FakeLLM("slow", delay=timeout_s + 2.0) as fake:
        try:
            server = start_server(settings, data_dir, work / "fault-llm-fake.log", _llm_env(fake.base_url, timeout_s))
        except Exception as exc:
            return {**results, "llm_slow": _crashed(exc), "llm_garbage": _crashed(exc)}
        try:
            fake.mode = "slow"
            results["llm_slow"] = _against_fake(fake, server.base_url, tickets, n)
            fake.mode = "garbage"
            parts = {}
            for variant in FakeLLM.GARBAGE:  # each kind of garbage on its own drafts
                fake.variant = variant
                parts[variant] = _against_fake(fake, server.base_url, tickets, 1)
            results["llm_garbage"] = {
                "status": "pass" if all(p["status"] == "pass" for p in parts.values()) else "fail",
                "drafts": sum(p.get("drafts", 0) for p in parts.values()), "degraded": sum(p.get("degraded", 0) for p in parts.values()),
                "5xx": sum(p.get("5xx", 0) for p in parts.values()),
                "by_variant": {v: {k: p.get(k) for k in ("status", "statuses", "degraded_reasons", "llm_requests")} for v, p in parts.items()},
            }
        finally:
            stop_server(server)
    return results


def _against_fake(fake: FakeLLM, base_url: str, tickets: Sequence[dict], n: int) -> dict:
    fake.requests.clear()
    try:
        res = _degraded_drafts(base_url, tickets, n)
    except Exception as exc:
        res = _crashed(exc)
    res["llm_requests"] = len(fake.requests)
    return res


def _crashed(exc: Exception) -> dict:
    return {"status": "fail", "error": f"{type(exc).__name__}: {exc}"[:2000]}


def index_missing(settings: Settings, work: Path, ticket: dict) -> dict:
    empty = work / "fault-empty"
    empty.mkdir(parents=True, exist_ok=True)
    server = start_server(settings, empty, work / "fault-index-missing.log", {"COPILOT_AUTO_INGEST": "false"}, wait="alive")
    checks: dict[str, object] = {}
    try:
        deadline = time.time() + 120
        ready = None
        while time.time() < deadline:  # wait until the load has failed, not merely "still loading"
            ready = httpx.get(server.url("/readyz"), timeout=10)
            if ready.status_code != 503 or "still loading" not in ready.text:
                break
            time.sleep(0.2)
        draft = httpx.post(server.url("/v1/drafts"), content=draft_bodies([ticket])[0], headers=JSON, timeout=30)
        search = httpx.post(server.url("/v1/search"), json={"query": "возврат", "limit": 3}, timeout=30)
        for name, r in (("readyz", ready), ("drafts", draft), ("search", search)):
            code = (r.json().get("error") or {}).get("code") if r is not None and r.headers.get("content-type", "").startswith("application/json") else None
            checks[name] = f"{r.status_code if r is not None else 'none'} {code}"
        ok = all(v == "503 index_unavailable" for v in checks.values())
        return {"status": "pass" if ok else "fail", **checks}
    finally:
        stop_server(server)


def _marker(rng: random.Random) -> str:
    return "zq" + "".join(rng.choice(string.ascii_lowercase) for _ in range(10))


def kill_feedback(settings: Settings, data_dir: Path, work: Path, *, clients: int = 4, seconds: float = 4.0, most: int = 30) -> dict:
    """SIGKILL the service while feedback posts stream in (after `seconds` or `most` 201s, at least
    5); restart; every feedback that got a 201 must be stored and found by its marker."""
    rng = random.Random(7)
    first = start_server(settings, data_dir, work / "fault-kill-1.log")
    acked: list[tuple[str, str]] = []
    failed: Counter = Counter()
    lock = threading.Lock()
    stop, killed = threading.Event(), threading.Event()

    def poster(k: int) -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                with lock:
                    marker = _marker(rng)
                body = {"ticket": {"id": f"T-KILL-{marker}", "audience": "buyer", "channel": "chat", "messages": [
                            {"role": "customer", "text": f"Заказ так и не пришёл, где он? Код обращения {marker}."}]},
                        "draft_id": f"d-{marker}", "resolved": True,
                        "final_reply": f"Здравствуйте! Код обращения {marker}. Заказ передан в доставку, привезём в течение 2 дней."}
                try:
                    r = client.post(first.url("/v1/feedback"), json=body)
                except httpx.HTTPError as exc:
                    with lock:
                        failed[type(exc).__name__ + (" (after the kill)" if killed.is_set() else "")] += 1
                    if killed.is_set() or first.proc.poll() is not None:
                        return
                    continue
                with lock:
                    if r.status_code == 201:
                        acked.append((r.json()["id"], marker))
                    else:
                        failed[str(r.status_code)] += 1

    threads = [threading.Thread(target=poster, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    deadline = time.time() + 60
    t0 = time.time()
    while time.time() < deadline and (len(acked) < 5 or (time.time() - t0 < seconds and len(acked) < most)):
        time.sleep(0.05)
    killed.set()
    os.kill(first.proc.pid, signal.SIGKILL)
    first.proc.wait()
    stop.set()
    for t in threads:
        t.join(timeout=60)
    with lock:
        acked_now = list(acked)
    restart_t = time.perf_counter()
    server = start_server(settings, data_dir, work / "fault-kill-2.log")
    restart_s = round(time.perf_counter() - restart_t, 1)
    try:
        db = sqlite3.connect(f"file:{data_dir / 'feedback.sqlite'}?mode=ro", uri=True)
        try:
            stored = {row[0] for row in db.execute("SELECT id FROM feedback")}
        finally:
            db.close()
        missing_db = [fid for fid, _ in acked_now if fid not in stored]
        missing_search = []
        with httpx.Client(timeout=30) as client:
            for fid, marker in acked_now:
                r = client.post(server.url("/v1/search"), json={"query": marker, "kind": "ticket", "limit": 5})
                docs = [c["doc_id"] for c in r.json().get("results", [])] if r.status_code == 200 else []
                if not any(d.split("#")[0] == f"ticket/{fid}" for d in docs):
                    missing_search.append(fid)
    finally:
        stop_server(server)
    ok = bool(acked_now) and not missing_db and not missing_search
    return {"status": "pass" if ok else "fail", "acked_201": len(acked_now), "stored_rows": len(stored),
            "missing_in_store": missing_db, "missing_in_search": missing_search, "failed_posts": dict(failed),
            "restart_to_ready_s": restart_s}
