"""The vector index behind one small protocol, two backends chosen by config only.

- `EdgeIndex`: Qdrant Edge (`qdrant-edge-py`), in-process, data on disk under the data dir. One
  process per shard directory (a second opener gets `IndexUnavailableError`).
- `QdrantServerIndex`: qdrant-client against a Qdrant server or cluster by URL (or its local mode,
  `:memory:` / a path, which the tests use since no server runs here).

Both store a named dense vector and a named sparse vector (IDF modifier) and answer one hybrid
query: dense + sparse prefetch fused with RRF, filtered by audience, lang and kind.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Sequence

import numpy as np

from copilot.config import Settings
from copilot.errors import IndexUnavailableError

DENSE, SPARSE = "dense", "sparse"
KEYWORD_FIELDS = ("kind", "audience", "lang", "doc_id", "source", "ticket_id")


@dataclass
class IndexPoint:
    id: str
    dense: Sequence[float]
    sparse: tuple[list[int], list[float]]
    payload: dict


@dataclass
class QueryFilter:
    audience: str | None = None
    lang: str | None = None
    kinds: Sequence[str] = ()
    exclude_doc_ids: Sequence[str] = ()


@dataclass
class Hit:
    id: str
    score: float
    payload: dict
    dense: np.ndarray | None = field(default=None, repr=False)


class Index(Protocol):
    def upsert(self, points: Sequence[IndexPoint]) -> None: ...
    def delete(self, ids: Sequence[str]) -> None: ...
    def existing(self) -> dict[str, str]: ...
    def query(self, dense: Sequence[float], sparse: tuple[list[int], list[float]], flt: QueryFilter, limit: int,
              mode: str = "hybrid") -> list[Hit]: ...
    def count(self) -> int: ...
    def close(self) -> None: ...


class EdgeIndex:
    """Qdrant Edge shard under `path` (the embedded default)."""

    def __init__(self, path: Path, dim: int, *, create: bool = True, exact: bool = False, hnsw_ef: int = 128) -> None:
        import qdrant_edge as qe

        self._qe = qe
        self._lock = threading.RLock()
        self.path = path
        self._params = qe.SearchParams(exact=exact, hnsw_ef=hnsw_ef)
        try:
            if (path / "edge_config.json").exists() or (path.exists() and any(path.iterdir())):
                self._shard = qe.EdgeShard.load(str(path))
            elif create:
                path.mkdir(parents=True, exist_ok=True)
                cfg = qe.EdgeConfig(
                    vectors={DENSE: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine)},
                    sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
                )
                self._shard = qe.EdgeShard.create(str(path), cfg)
                for name in KEYWORD_FIELDS:
                    self._shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Keyword))
            else:
                raise IndexUnavailableError(f"no index at {path}: run `copilot ingest` first")
        except IndexUnavailableError:
            raise
        except Exception as exc:  # the engine raises plain exceptions with the OS error inside
            raise IndexUnavailableError(f"cannot open the Qdrant Edge index at {path}: {exc}") from exc

    def upsert(self, points: Sequence[IndexPoint]) -> None:
        qe = self._qe
        batch = [
            qe.Point(id=p.id, vector={DENSE: [float(x) for x in p.dense], SPARSE: qe.SparseVector(indices=list(p.sparse[0]), values=list(p.sparse[1]))}, payload=p.payload)
            for p in points
        ]
        with self._lock:
            self._shard.update(qe.UpdateOperation.upsert_points(batch))

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            with self._lock:
                self._shard.update(self._qe.UpdateOperation.delete_points(list(ids)))

    def existing(self) -> dict[str, str]:
        out: dict[str, str] = {}
        offset = None
        with self._lock:
            while True:
                records, offset = self._shard.scroll(self._qe.ScrollRequest(offset=offset, limit=1000, with_payload=True))
                for r in records:
                    out[str(r.id)] = (r.payload or {}).get("content_hash", "")
                if offset is None:
                    return out

    def _filter(self, flt: QueryFilter) -> Any:
        qe = self._qe
        must = []
        if flt.audience:
            must.append(qe.FieldCondition(key="audience", match=qe.MatchValue(value=flt.audience)))
        if flt.lang:
            must.append(qe.FieldCondition(key="lang", match=qe.MatchValue(value=flt.lang)))
        if flt.kinds:
            must.append(qe.FieldCondition(key="kind", match=qe.MatchAny(any=list(flt.kinds))))
        must_not = [qe.FieldCondition(key="doc_id", match=qe.MatchAny(any=list(flt.exclude_doc_ids)))] if flt.exclude_doc_ids else None
        return qe.Filter(must=must, must_not=must_not) if (must or must_not) else None

    def query(self, dense: Sequence[float], sparse: tuple[list[int], list[float]], flt: QueryFilter, limit: int,
              mode: str = "hybrid") -> list[Hit]:
        qe = self._qe
        f = self._filter(flt)
        prefetch_limit = max(50, limit * 5)
        dense_q = qe.Query.Nearest([float(x) for x in dense], using=DENSE)
        sparse_q = qe.Query.Nearest(qe.SparseVector(indices=list(sparse[0]), values=list(sparse[1])), using=SPARSE)
        if mode == "dense":
            request = qe.QueryRequest(limit=limit, with_payload=True, with_vector=[DENSE], query=dense_q, filter=f, params=self._params)
        elif mode == "sparse":
            if not sparse[0]:
                return []
            request = qe.QueryRequest(limit=limit, with_payload=True, with_vector=[DENSE], query=sparse_q, filter=f)
        else:
            prefetches = [qe.Prefetch(limit=prefetch_limit, query=dense_q, filter=f, params=self._params)]
            if sparse[0]:
                prefetches.append(qe.Prefetch(limit=prefetch_limit, query=sparse_q, filter=f))
            request = qe.QueryRequest(limit=limit, with_payload=True, with_vector=[DENSE], query=qe.Fusion.Rrf(k=60), prefetches=prefetches)
        try:
            with self._lock:
                hits = self._shard.query(request)
        except Exception as exc:
            raise IndexUnavailableError(f"Qdrant Edge query failed: {exc}") from exc
        return [Hit(id=str(h.id), score=float(h.score), payload=h.payload or {}, dense=np.asarray((h.vector or {}).get(DENSE), dtype=np.float32) if h.vector else None) for h in hits]

    def count(self) -> int:
        with self._lock:
            return int(self._shard.count(self._qe.CountRequest(exact=True)))

    def optimize(self) -> None:
        with self._lock:
            self._shard.flush()
            self._shard.optimize()

    def flush(self) -> None:
        with self._lock:
            self._shard.flush()

    def close(self) -> None:
        with self._lock:
            if getattr(self, "_shard", None) is not None:
                try:
                    self._shard.flush()
                finally:
                    self._shard.close()
                    self._shard = None


class QdrantServerIndex:
    """qdrant-client against a Qdrant server/cluster (`url`), or its local mode (`:memory:` or a path)."""

    def __init__(self, location: str, dim: int, *, collection: str = "copilot", api_key: str = "", create: bool = True,
                 replication_factor: int = 1) -> None:
        from qdrant_client import QdrantClient, models

        self._m = models
        self.collection = collection
        try:
            if location.startswith(("http://", "https://")):
                self._client = QdrantClient(url=location, api_key=api_key or None, timeout=10)
            elif location == ":memory:":
                self._client = QdrantClient(location=":memory:")
            else:
                self._client = QdrantClient(path=location)
            exists = self._client.collection_exists(collection)
        except Exception as exc:
            raise IndexUnavailableError(f"cannot reach Qdrant at {location}: {exc}") from exc
        if not exists:
            if not create:
                raise IndexUnavailableError(f"collection {collection!r} does not exist at {location}: run `copilot ingest` first")
            self._client.create_collection(
                collection,
                vectors_config={DENSE: models.VectorParams(size=dim, distance=models.Distance.COSINE)},
                sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
                **({"replication_factor": replication_factor} if replication_factor > 1 else {}),
            )
            for name in KEYWORD_FIELDS:
                self._client.create_payload_index(collection, name, models.PayloadSchemaType.KEYWORD)

    def upsert(self, points: Sequence[IndexPoint]) -> None:
        m = self._m
        self._client.upsert(self.collection, points=[
            m.PointStruct(id=p.id, vector={DENSE: [float(x) for x in p.dense], SPARSE: m.SparseVector(indices=list(p.sparse[0]), values=list(p.sparse[1]))}, payload=p.payload)
            for p in points
        ])

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self._client.delete(self.collection, points_selector=self._m.PointIdsList(points=list(ids)))

    def existing(self) -> dict[str, str]:
        out: dict[str, str] = {}
        offset = None
        while True:
            records, offset = self._client.scroll(self.collection, limit=1000, offset=offset, with_payload=["content_hash"])
            for r in records:
                out[str(r.id)] = (r.payload or {}).get("content_hash", "")
            if offset is None:
                return out

    def _filter(self, flt: QueryFilter) -> Any:
        m = self._m
        must = []
        if flt.audience:
            must.append(m.FieldCondition(key="audience", match=m.MatchValue(value=flt.audience)))
        if flt.lang:
            must.append(m.FieldCondition(key="lang", match=m.MatchValue(value=flt.lang)))
        if flt.kinds:
            must.append(m.FieldCondition(key="kind", match=m.MatchAny(any=list(flt.kinds))))
        must_not = [m.FieldCondition(key="doc_id", match=m.MatchAny(any=list(flt.exclude_doc_ids)))] if flt.exclude_doc_ids else None
        return m.Filter(must=must or None, must_not=must_not) if (must or must_not) else None

    def query(self, dense: Sequence[float], sparse: tuple[list[int], list[float]], flt: QueryFilter, limit: int,
              mode: str = "hybrid") -> list[Hit]:
        m = self._m
        f = self._filter(flt)
        prefetch_limit = max(50, limit * 5)
        dense_q = [float(x) for x in dense]
        sparse_q = m.SparseVector(indices=list(sparse[0]), values=list(sparse[1]))
        try:
            if mode == "dense":
                res = self._client.query_points(self.collection, query=dense_q, using=DENSE, query_filter=f, limit=limit,
                                                with_payload=True, with_vectors=[DENSE])
            elif mode == "sparse":
                if not sparse[0]:
                    return []
                res = self._client.query_points(self.collection, query=sparse_q, using=SPARSE, query_filter=f, limit=limit,
                                                with_payload=True, with_vectors=[DENSE])
            else:
                prefetch = [m.Prefetch(query=dense_q, using=DENSE, filter=f, limit=prefetch_limit)]
                if sparse[0]:
                    prefetch.append(m.Prefetch(query=sparse_q, using=SPARSE, filter=f, limit=prefetch_limit))
                res = self._client.query_points(self.collection, prefetch=prefetch, query=m.FusionQuery(fusion=m.Fusion.RRF),
                                                limit=limit, with_payload=True, with_vectors=[DENSE])
        except Exception as exc:
            raise IndexUnavailableError(f"Qdrant query failed: {exc}") from exc
        hits = []
        for p in res.points:
            vec = p.vector.get(DENSE) if isinstance(p.vector, dict) else None
            hits.append(Hit(id=str(p.id), score=float(p.score), payload=p.payload or {}, dense=np.asarray(vec, dtype=np.float32) if vec is not None else None))
        return hits

    def count(self) -> int:
        return int(self._client.count(self.collection, exact=True).count)

    def optimize(self) -> None:
        return None

    def flush(self) -> None:
        return None

    def close(self) -> None:
        self._client.close()


def make_index(settings: Settings, dim: int, *, create: bool = True) -> Index:
    if settings.index_backend == "qdrant":
        location = settings.qdrant.url or str(settings.data_dir / "qdrant-local")
        return QdrantServerIndex(location, dim, collection=settings.qdrant.collection, api_key=settings.qdrant.api_key, create=create,
                                 replication_factor=settings.qdrant.replication_factor)
    return EdgeIndex(settings.index_dir, dim, create=create, exact=settings.qdrant.exact, hnsw_ef=settings.qdrant.hnsw_ef)
