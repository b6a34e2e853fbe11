"""HTTP side of `copilot bench`: a real `copilot serve` process on loopback, latency and concurrency
runs against it, and a tiny OpenAI-compatible server that misbehaves on purpose (fault runs)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Sequence

import httpx

from copilot.config import Settings

JSON = {"content-type": "application/json"}
_LIVE: list["Server"] = []  # servers started and not yet stopped (stopped on the way out of a bench)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def closed_port() -> int:
    """A loopback port nothing listens on (bound and released: nothing else picks it up that fast)."""
    return free_port()


@dataclass
class Server:
    proc: subprocess.Popen
    base_url: str
    data_dir: Path
    log_path: Path

    def url(self, path: str) -> str:
        return self.base_url + path

    def peak_rss_mb(self) -> float | None:
        """Peak resident set of the server process (VmHWM), while it is alive."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            return None
        return None

    def cpu_s(self) -> float:
        """CPU seconds (user + system, all threads) the server process has used so far."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def server_env(settings: Settings, data_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a bench server: the caller's COPILOT_* replaced by the bench's own choices
    (so keys, a configured LLM or another backend of the operator do not leak into the numbers)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env.update({
        "COPILOT_DATA_DIR": str(data_dir), "COPILOT_KB_DIR": str(settings.kb_dir.resolve()),
        "COPILOT_PROMPTS_DIR": str(settings.prompts_dir.resolve()), "COPILOT_LOG_JSON": "true",
        "COPILOT_LOG_LEVEL": settings.log_level, "COPILOT_DRAFTER": "extractive", "COPILOT_QDRANT__BACKEND": "edge",
        "COPILOT_QDRANT__EXACT": str(settings.qdrant.exact).lower(), "COPILOT_QDRANT__HNSW_EF": str(settings.qdrant.hnsw_ef),
        "COPILOT_EMBED__BACKEND": settings.embed.backend, "COPILOT_EMBED__BASE_URL": settings.embed.base_url,
        "COPILOT_EMBED__API_KEY": settings.embed.api_key, "COPILOT_EMBED__THREADS": str(settings.embed.threads),
    })
    env.update(extra or {})
    return env


def start_server(settings: Settings, data_dir: Path, log_path: Path, extra_env: dict[str, str] | None = None, *,
                 wait: str = "ready", timeout: float = 600) -> Server:
    """`copilot serve` as its own process. wait="ready": until /readyz is 200; "alive": until /healthz is 200."""
    port = free_port()
    log = log_path.open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "copilot", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=server_env(settings, data_dir, extra_env), stdout=log, stderr=subprocess.STDOUT)
    log.close()
    server = Server(proc, f"http://127.0.0.1:{port}", data_dir, log_path)
    _LIVE.append(server)
    path = "/readyz" if wait == "ready" else "/healthz"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early (code {proc.returncode}):\n{server.log_tail()}")
        try:
            if httpx.get(server.url(path), timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"server not {wait} after {timeout:.0f} s:\n{server.log_tail()}")


def stop_server(server: Server) -> None:
    if server in _LIVE:
        _LIVE.remove(server)
    if server.proc.poll() is None:
        server.proc.terminate()
        try:
            server.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait()


def stop_all() -> None:
    for server in list(_LIVE):
        stop_server(server)


def draft_bodies(tickets: Sequence[dict], **options: Any) -> list[bytes]:
    body: dict[str, Any] = {}
    if options:
        body["options"] = options
    return [json.dumps({"ticket": t, **body}, ensure_ascii=False).encode() for t in tickets]


def sequential_drafts(base_url: str, bodies: Sequence[bytes], n: int, budget_s: float = float("inf")) -> dict:
    """n drafts one after another on one keep-alive connection (fewer when `budget_s` runs out, at
    least 30): latencies (ms) and status counts."""
    lat: list[float] = []
    statuses: dict[str, int] = {}
    server_ms: list[float] = []
    deadline = time.perf_counter() + budget_s
    with httpx.Client(timeout=60) as client:
        for i in range(n):
            if i >= 30 and time.perf_counter() > deadline:
                break
            t0 = time.perf_counter()
            try:
                r = client.post(base_url + "/v1/drafts", content=bodies[i % len(bodies)], headers=JSON)
                code = str(r.status_code)
                if r.status_code == 200:
                    server_ms.append(float(r.json()["timings_ms"]["total"]))
            except httpx.HTTPError as exc:
                code = type(exc).__name__
            lat.append((time.perf_counter() - t0) * 1000)
            statuses[code] = statuses.get(code, 0) + 1
    return {"latencies_ms": lat, "statuses": statuses, "server_total_ms": server_ms}


def concurrent_drafts(server: Server, bodies: Sequence[bytes], clients: int, seconds: float) -> dict:
    """`clients` threads, each posting drafts back to back for `seconds`: throughput, errors, and the
    server's CPU use (cores it got, CPU ms per draft: what neighbours on a shared machine cannot skew)."""
    base_url = server.base_url
    lock = threading.Lock()
    ok, errors, lat = [0], {}, []
    deadline = time.perf_counter() + seconds

    def worker(k: int) -> None:
        i = k
        with httpx.Client(timeout=120) as client:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    r = client.post(base_url + "/v1/drafts", content=bodies[i % len(bodies)], headers=JSON)
                    code = None if r.status_code == 200 else str(r.status_code)
                except httpx.HTTPError as exc:
                    code = type(exc).__name__
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    if code is None:
                        ok[0] += 1
                        lat.append(ms)
                    else:
                        errors[code] = errors.get(code, 0) + 1
                i += clients

    started, cpu0 = time.perf_counter(), server.cpu_s()
    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed, cpu = time.perf_counter() - started, server.cpu_s() - cpu0
    return {"clients": clients, "seconds": round(elapsed, 2), "drafts": ok[0], "drafts_per_s": round(ok[0] / elapsed, 2),
            "errors": sum(errors.values()), "error_kinds": errors, "latencies_ms": lat,
            "server_cpu_cores": round(cpu / elapsed, 2), "server_cpu_ms_per_draft": round(cpu * 1000 / ok[0], 1) if ok[0] else None}


class FakeLLM:
    """An OpenAI-compatible chat-completions server on loopback that is slow or returns garbage.

    mode "slow": answers correctly, but only after `delay` seconds (past the client's timeout).
    mode "garbage": `variant` is an invalid JSON body, a JSON body of the wrong shape, or a
    well-formed completion whose content is nonsense (None: cycle through them per request);
    streaming requests get a broken event stream.
    """

    GARBAGE = ("invalid_json", "wrong_shape", "nonsense_content")

    def __init__(self, mode: str = "slow", delay: float = 3.0) -> None:
        self.mode, self.delay = mode, delay
        self.variant: str | None = None
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return None

            def do_GET(self) -> None:  # e.g. /v1/models
                self._send(200, b'{"object": "list", "data": [{"id": "fake", "object": "model"}]}')

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    req = json.loads(raw or b"{}")
                except ValueError:
                    req = {}
                stream = bool(req.get("stream"))
                with fake._lock:
                    n = len(fake.requests)
                    variant = (fake.variant or fake.GARBAGE[n % len(fake.GARBAGE)]) if fake.mode == "garbage" else fake.mode
                    fake.requests.append({"path": self.path, "stream": stream, "variant": variant})
                try:
                    if fake.mode == "slow":
                        time.sleep(fake.delay)
                        self._send(200, json.dumps(_completion("Здравствуйте! Ответ пришёл слишком поздно.")).encode())
                    elif stream:
                        body = b"data: {not json at all\n\ndata: \x00\xff garbage\n\n"
                        self._send(200, body, ctype="text/event-stream")
                    elif variant == "invalid_json":
                        self._send(200, b"<html>502 upstream garbage {{{")
                    elif variant == "wrong_shape":
                        self._send(200, b'{"result": "ok", "choices": "none"}')
                    else:
                        self._send(200, json.dumps(_completion("}}{{ asdf ::: \u2603\u2603 lorem ipsum NaN undefined [object Object]")).encode())
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("content-type", ctype)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeLLM":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()


def _completion(text: str) -> dict:
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": "fake",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
