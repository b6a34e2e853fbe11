"""Index backends in `copilot bench`: the embedded Qdrant Edge shard (HNSW) against exact search on
the same shard (`SearchParams(exact=True)`) and against qdrant-client's local mode on the same points.

qdrant-client's local mode is brute-force Python (about 0.8 s per filtered hybrid query at 10k
points, 5 s at 50k), so only a few queries go there; Edge answers all of them.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from copilot.knowledge.chunker import KBPoint
from copilot.retrieval.index import EdgeIndex, QdrantServerIndex, QueryFilter
from copilot.retrieval.sparse import encode_query

DRAFT_KINDS = ("ticket_ask", "policy")


@dataclass
class BenchQuery:
    text: str
    audience: str | None
    lang: str | None


def pct(values: Sequence[float], q: float) -> float:
    return round(float(np.percentile(np.asarray(values, dtype=np.float64), q)), 2) if len(values) else float("nan")


def _overlap(a: list[str], b: list[str]) -> float:
    return len(set(a) & set(b)) / len(b) if b else 1.0


def _with_params(index: EdgeIndex, exact: bool, hnsw_ef: int):
    """Query-time search params of the shard (the same open shard: a second handle cannot be opened)."""
    index._params = index._qe.SearchParams(exact=exact, hnsw_ef=hnsw_ef)  # noqa: SLF001 - bench-only switch


def compare_backends(index: EdgeIndex, embedder, points: Sequence[KBPoint], vectors: np.ndarray,
                     queries: Sequence[BenchQuery], *, n_local: int, hnsw_ef: int, exact_default: bool) -> dict:
    from copilot.evaluation.bench_scale import index_points

    qv = embedder.embed_queries([q.text for q in queries])
    flts = [QueryFilter(audience=q.audience, lang=q.lang, kinds=DRAFT_KINDS) for q in queries]
    sparse = [encode_query(q.text) for q in queries]
    out: dict = {"queries": len(queries)}
    runs: dict[str, list[list[str]]] = {}
    lat: dict[str, list[float]] = {}
    try:
        for exact in (False, True):
            _with_params(index, exact, hnsw_ef)
            for mode in ("dense", "hybrid"):
                key = f"{mode}_{'exact' if exact else 'hnsw'}"
                runs[key], lat[key] = [], []
                for v, s, f in zip(qv, sparse, flts):
                    t0 = time.perf_counter()
                    hits = index.query(v, s, f, 10, mode=mode)
                    lat[key].append((time.perf_counter() - t0) * 1000)
                    runs[key].append([h.id for h in hits])
    finally:
        _with_params(index, exact_default, hnsw_ef)
    for mode in ("dense", "hybrid"):
        out[f"edge_{mode}_recall_at_10"] = round(float(np.mean([_overlap(h, e) for h, e in zip(runs[f"{mode}_hnsw"], runs[f"{mode}_exact"])])), 4)
        out[f"edge_{mode}_hnsw_p50_ms"] = pct(lat[f"{mode}_hnsw"], 50)
        out[f"edge_{mode}_hnsw_p95_ms"] = pct(lat[f"{mode}_hnsw"], 95)
        out[f"edge_{mode}_exact_p50_ms"] = pct(lat[f"{mode}_exact"], 50)
    # unfiltered dense recall: HNSW alone decides there (filtered queries may fall back to exact)
    try:
        hn, ex = [], []
        for exact, sink in ((False, hn), (True, ex)):
            _with_params(index, exact, hnsw_ef)
            for v in qv:
                sink.append([h.id for h in index.query(v, ([], []), QueryFilter(), 10, mode="dense")])
    finally:
        _with_params(index, exact_default, hnsw_ef)
    out["edge_dense_unfiltered_recall_at_10"] = round(float(np.mean([_overlap(h, e) for h, e in zip(hn, ex)])), 4)

    if n_local > 0:
        t0 = time.perf_counter()
        with warnings.catch_warnings():  # "payload indexes have no effect in the local Qdrant": known, that is the point
            warnings.simplefilter("ignore")
            local = QdrantServerIndex(":memory:", int(vectors.shape[1]), collection="bench")
        try:
            for batch in index_points(points, vectors, batch=1000):
                local.upsert(batch)
            out["local_load_s"] = round(time.perf_counter() - t0, 1)
            step = max(1, len(queries) // n_local)
            picks = list(range(0, len(queries), step))[:n_local]
            lat_local, agree_dense, agree_hybrid = [], [], []
            for i in picks:
                t1 = time.perf_counter()
                hyb = local.query(qv[i], sparse[i], flts[i], 10, mode="hybrid")
                lat_local.append((time.perf_counter() - t1) * 1000)
                dense = local.query(qv[i], sparse[i], flts[i], 10, mode="dense")
                agree_dense.append(_overlap(runs["dense_hnsw"][i], [h.id for h in dense]))
                agree_hybrid.append(_overlap(runs["hybrid_hnsw"][i], [h.id for h in hyb]))
            out.update({
                "local_queries": len(picks), "local_hybrid_p50_ms": pct(lat_local, 50), "local_hybrid_max_ms": round(max(lat_local), 1),
                # Edge HNSW top-10 against qdrant-client's brute force on the same points
                "edge_dense_recall_vs_local": round(float(np.mean(agree_dense)), 4),
                "edge_hybrid_agreement_vs_local": round(float(np.mean(agree_hybrid)), 4),
            })
        finally:
            local.close()
    return out
