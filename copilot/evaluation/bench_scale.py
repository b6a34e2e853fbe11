"""A scaled-up knowledge base for `copilot bench`, generated from the real one.

Every synthetic point is made from a real point A and one of its nearest real neighbours B (same
kind, language and audience): its texts recombine A's and B's sentences (or words, for one-sentence
texts) and are perturbed (numbers changed, a word dropped, two sentences swapped). Embedding 50k
texts on a 2-core CPU would take over an hour, so its dense vector is derived from the real
embeddings instead: ``normalise(w * vA + (1 - w) * vB + noise)`` with the same weight ``w`` that
decided how much of the text comes from A. Its sparse vector is computed from its own text.
The real points keep their real embeddings; a scaled set of N points is the real points plus
N - len(real) synthetic ones, and a smaller scale is a prefix of a larger one (same seed).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from copilot.knowledge.chunker import KBPoint
from copilot.retrieval.index import EdgeIndex, IndexPoint
from copilot.retrieval.sparse import encode_document
from copilot.text.sentences import split_sentences

_NUMBER = re.compile(r"\d+")


def _sentences(text: str) -> list[str]:
    return [s for _, _, s in split_sentences(text)] or ([text] if text.strip() else [])


def _new_number(match: re.Match, rng: np.random.Generator) -> str:
    """Half of the numbers change: small ones (days, hours, amounts) by a little, long ones (order
    ids) to another number of the same length."""
    digits = match.group()
    if rng.random() < 0.5:
        return digits
    if len(digits) <= 2:
        return str(max(1, int(digits) + int(rng.integers(-3, 4))))
    return str(int(rng.integers(10 ** (len(digits) - 1), 10 ** len(digits))))


def perturb(text: str, rng: np.random.Generator) -> str:
    """Change some numbers, maybe swap two adjacent sentences, maybe drop one word."""
    text = _NUMBER.sub(lambda m: _new_number(m, rng), text)
    sents = _sentences(text)
    if len(sents) > 2 and rng.random() < 0.3:
        i = int(rng.integers(1, len(sents) - 1))
        sents[i], sents[i + 1] = sents[i + 1], sents[i]
    words = " ".join(sents).split()
    if len(words) > 6 and rng.random() < 0.3:
        del words[int(rng.integers(1, len(words)))]
    return " ".join(words)


def recombine(a: str, b: str, w: float, rng: np.random.Generator) -> str:
    """The first ~w of A's sentences followed by the last ~(1 - w) of B's, then perturbed.
    One-sentence texts (asks) are crossed over at a word boundary instead."""
    sa, sb = _sentences(a), _sentences(b)
    if len(sa) <= 1 and len(sb) <= 1:
        wa, wb = a.split(), b.split()
        cut_a = max(1, round(len(wa) * w))
        cut_b = min(len(wb), round(len(wb) * w))
        return perturb(" ".join(wa[:cut_a] + wb[cut_b:]), rng)
    ka = max(1, round(len(sa) * w))
    kb = min(round(len(sb) * w), max(len(sb) - 1, 0))
    return perturb(" ".join(sa[:ka] + sb[kb:]), rng)


def _group_key(p: KBPoint) -> tuple:
    aud = p.payload.get("audience")
    return p.kind, p.payload.get("lang"), tuple(aud) if isinstance(aud, list) else aud


def neighbours(points: Sequence[KBPoint], vectors: np.ndarray, k: int = 8) -> list[list[int]]:
    """For each point, up to k nearest other points (cosine) of the same kind, language and audience."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, p in enumerate(points):
        groups[_group_key(p)].append(i)
    out: list[list[int]] = [[] for _ in points]
    for members in groups.values():
        idx = np.asarray(members)
        sims = vectors[idx] @ vectors[idx].T
        np.fill_diagonal(sims, -np.inf)
        order = np.argsort(-sims, axis=1)[:, :k]
        for row, i in enumerate(members):
            out[i] = [int(idx[j]) for j in order[row] if j != row][: max(0, len(members) - 1)]
    return out


def synth_point(a: KBPoint, b: KBPoint, w: float, serial: int, rng: np.random.Generator) -> KBPoint:
    pa, pb = a.payload, b.payload
    base = {**pa, "source": "synthetic", "parents": [a.point_id, b.point_id], "mix_weight": round(w, 3)}
    if a.kind == "policy":
        text = recombine(pa.get("text", ""), pb.get("text", ""), w, rng)
        heading = pa.get("heading", "") if rng.random() < w else pb.get("heading", "")
        title = pa.get("title", "")
        head = title if heading == title else f"{title}. {heading}"
        payload = {**base, "doc_id": f"{pa.get('doc_id', 'policy')}~s{serial}", "heading": heading, "text": text}
        return KBPoint("policy", f"{head}\n{text}", f"{head} {' '.join(pa.get('tags') or [])} {text}", payload)
    tid = f"SYN-{serial:06d}"
    if a.kind == "ticket_ask":
        ask = recombine(pa.get("ask", a.embed_text), pb.get("ask", b.embed_text), w, rng)
        answer = recombine(pa.get("text", ""), pb.get("text", ""), w, rng)
        payload = {**base, "ticket_id": tid, "doc_id": f"ticket/{tid}#1", "ask": ask, "text": answer, "pair": 0}
        return KBPoint("ticket_ask", ask, f"{ask} {answer}", payload)
    embed = recombine(a.embed_text, b.embed_text, w, rng)
    payload = {**base, "ticket_id": tid, "doc_id": f"ticket/{tid}", "text": recombine(pa.get("text", ""), pb.get("text", ""), w, rng)}
    return KBPoint(a.kind, embed, recombine(a.sparse_text, b.sparse_text, w, rng), payload)


def scale_points(base: Sequence[KBPoint], vectors: np.ndarray, total: int, *, seed: int = 13, k: int = 8,
                 noise: float = 0.003) -> tuple[list[KBPoint], np.ndarray]:
    """The real points (with their real vectors) plus synthetic ones up to `total` points.
    Deterministic for a seed; the first n points of a larger scale equal a scale of n."""
    base = list(base)
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(base) != len(vectors):
        raise ValueError("one vector per base point")
    if not base:
        raise ValueError("empty knowledge base")
    near = neighbours(base, vectors, k)
    rng = np.random.default_rng(seed)
    points: list[KBPoint] = list(base)
    out = np.empty((max(total, len(base)), vectors.shape[1]), dtype=np.float32)
    out[: len(base)] = vectors
    seen = {p.point_id for p in base}
    serial = 0
    while len(points) < total:
        serial += 1
        ia = int(rng.integers(len(base)))
        ib = int(near[ia][int(rng.integers(len(near[ia])))]) if near[ia] else ia
        w = float(rng.uniform(0.55, 0.85))
        p = synth_point(base[ia], base[ib], w, serial, rng)
        if p.point_id in seen:  # practically impossible: the serial is in the payload
            continue
        seen.add(p.point_id)
        v = w * vectors[ia] + (1 - w) * vectors[ib] + rng.normal(0.0, noise, vectors.shape[1]).astype(np.float32)
        out[len(points)] = v / max(float(np.linalg.norm(v)), 1e-12)
        points.append(p)
    return points, out[: len(points)]


def index_points(points: Sequence[KBPoint], vectors: np.ndarray, batch: int = 512) -> Iterator[list[IndexPoint]]:
    """Index points in batches (sparse vectors computed from each point's own text)."""
    for start in range(0, len(points), batch):
        yield [IndexPoint(id=p.point_id, dense=vectors[start + k].tolist(), sparse=encode_document(p.sparse_text),
                          payload={**p.payload, "content_hash": p.content_hash})
               for k, p in enumerate(points[start:start + batch])]


def build_edge_index(path: Path, points: Sequence[KBPoint], vectors: np.ndarray) -> dict:
    """A fresh Qdrant Edge shard at `path` holding the points; HNSW built. Returns timings."""
    t0 = time.perf_counter()
    index = EdgeIndex(path, int(vectors.shape[1]), create=True)
    try:
        for batch in index_points(points, vectors):
            index.upsert(batch)
        t1 = time.perf_counter()
        index.optimize()
        t2 = time.perf_counter()
        count = index.count()
    finally:
        index.close()
    return {"points": count, "upsert_s": round(t1 - t0, 1), "optimize_s": round(t2 - t1, 1)}
