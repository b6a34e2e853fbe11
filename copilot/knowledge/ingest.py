"""Ingest: knowledge base (+ stored feedback) -> points -> embeddings (cached) -> index.

Point ids are content hashes: an unchanged chunk is neither re-embedded nor re-written, a changed
one replaces the old point, a removed one is deleted. Nothing is ever duplicated.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import structlog

from copilot.config import Settings
from copilot.knowledge.chunker import KBPoint, policy_points, ticket_points
from copilot.knowledge.feedback import FeedbackStore
from copilot.knowledge.loader import PastTicket, load_policies, load_tickets
from copilot.retrieval.embedders import Embedder, EmbeddingCache
from copilot.retrieval.index import Index, IndexPoint
from copilot.retrieval.sparse import encode_document

log = structlog.get_logger()
BATCH = 32


@dataclass
class IngestReport:
    total: int
    added: int
    deleted: int
    unchanged: int
    embedded: int
    cache_hits: int
    seconds: float

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def build_points(settings: Settings, feedback: Sequence[PastTicket] = ()) -> list[KBPoint]:
    points: list[KBPoint] = []
    for policy in load_policies(settings.kb_dir):
        points.extend(policy_points(policy))
    for ticket in load_tickets(settings.kb_dir):
        points.extend(ticket_points(ticket))
    for ticket in feedback:
        points.extend(ticket_points(ticket, source="feedback"))
    unique: dict[str, KBPoint] = {}
    for p in points:
        unique.setdefault(p.point_id, p)
    return list(unique.values())


def fingerprint(points: Sequence[KBPoint], model_id: str) -> str:
    h = hashlib.sha256(model_id.encode())
    for pid in sorted(p.point_id for p in points):
        h.update(pid.encode())
    return h.hexdigest()


def manifest_path(settings: Settings):
    return settings.data_dir / "index_manifest.json"


def read_manifest(settings: Settings) -> dict | None:
    try:
        return json.loads(manifest_path(settings).read_text())
    except (OSError, ValueError):
        return None


def embed_points(points: Sequence[KBPoint], embedder: Embedder, cache: EmbeddingCache | None, progress: bool = False,
                 desc: str = "embedding") -> tuple[list[np.ndarray], int]:
    """Dense vectors for points, from the cache where possible. Returns (vectors, cache hits)."""
    hashes = [p.embed_hash for p in points]
    cached = cache.get_many(embedder.model_id, hashes) if cache else {}
    todo = [i for i, h in enumerate(hashes) if h not in cached]
    vectors: dict[str, np.ndarray] = dict(cached)
    bar = _progress(len(todo), desc) if progress and todo else None
    for start in range(0, len(todo), BATCH):
        idx = todo[start:start + BATCH]
        arr = embedder.embed_passages([points[i].embed_text for i in idx])
        fresh = {hashes[i]: arr[k] for k, i in enumerate(idx)}
        vectors.update(fresh)
        if cache:
            cache.put_many(embedder.model_id, fresh)
        if bar:
            bar.update(len(idx))
    if bar:
        bar.close()
    return [vectors[h] for h in hashes], len(points) - len(todo)


def to_index_points(points: Sequence[KBPoint], vectors: Sequence[np.ndarray]) -> list[IndexPoint]:
    """Index points of knowledge-base points and their dense vectors (sparse vectors computed here)."""
    return [IndexPoint(id=p.point_id, dense=vectors[k], sparse=encode_document(p.sparse_text),
                       payload={**p.payload, "content_hash": p.content_hash}) for k, p in enumerate(points)]


def _progress(total: int, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="chunk", disable=not sys.stderr.isatty(), file=sys.stderr)


def ingest(settings: Settings, embedder: Embedder, index: Index, *, progress: bool = True,
           feedback: FeedbackStore | None = None) -> IngestReport:
    started = time.perf_counter()
    points = build_points(settings, feedback.as_past_tickets() if feedback else ())
    wanted = {p.point_id: p for p in points}
    existing = index.existing()
    to_add = [p for pid, p in wanted.items() if pid not in existing]
    to_delete = [pid for pid in existing if pid not in wanted]
    cache = EmbeddingCache(settings.cache_path)
    try:
        vectors, hits = embed_points(to_add, embedder, cache, progress=progress)
    finally:
        cache.close()
    for start in range(0, len(to_add), 256):
        index.upsert(to_index_points(to_add[start:start + 256], vectors[start:start + 256]))
    index.delete(to_delete)
    if to_add or to_delete:
        index.optimize()  # type: ignore[attr-defined]
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    manifest_path(settings).write_text(json.dumps({
        "fingerprint": fingerprint(points, embedder.model_id), "model": embedder.model_id, "backend": settings.index_backend,
        "points": len(points), "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }, indent=2))
    report = IngestReport(total=len(points), added=len(to_add), deleted=len(to_delete), unchanged=len(points) - len(to_add),
                          embedded=len(to_add) - hits, cache_hits=hits, seconds=round(time.perf_counter() - started, 2))
    log.info("ingest_done", **report.as_dict())
    return report


def index_is_stale(settings: Settings, embedder: Embedder, feedback: FeedbackStore | None = None) -> bool:
    manifest = read_manifest(settings)
    if not manifest or manifest.get("backend") != settings.index_backend:
        return True
    points = build_points(settings, feedback.as_past_tickets() if feedback else ())
    return manifest.get("fingerprint") != fingerprint(points, embedder.model_id)
