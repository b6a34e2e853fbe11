"""The scaled-KB generator of `copilot bench` on the small fixture knowledge base (no timing here:
benchmarks are a command, `copilot bench`, never timed tests)."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

from copilot.config import Settings
from copilot.evaluation.bench_scale import index_points, recombine, scale_points
from copilot.knowledge.ingest import build_points
from copilot.text.stem import stems

FIXTURE_KB = Path(__file__).resolve().parents[1] / "fixtures" / "kb"
DIM = 32


def _pseudo_embedding(text: str) -> np.ndarray:
    """A deterministic bag-of-stems vector, so that texts sharing words are neighbours (no model load)."""
    v = np.zeros(DIM, dtype=np.float32)
    for s in stems(text):
        v += np.random.default_rng(zlib.crc32(s.encode())).normal(size=DIM).astype(np.float32)
    return v / max(float(np.linalg.norm(v)), 1e-12)


def _base():
    points = build_points(Settings(kb_dir=FIXTURE_KB))
    return points, np.stack([_pseudo_embedding(p.embed_text) for p in points])


def test_scaled_kb_keeps_the_real_points_and_adds_unique_synthetic_ones():
    base, vectors = _base()
    points, out = scale_points(base, vectors, 60, seed=5)
    assert len(points) == 60 and out.shape == (60, DIM)
    assert [p.point_id for p in points[: len(base)]] == [p.point_id for p in base]
    assert np.allclose(out[: len(base)], vectors)
    assert len({p.point_id for p in points}) == 60
    assert len({p.payload["doc_id"] for p in points[len(base):]}) == 60 - len(base)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)


def test_synthetic_points_derive_from_two_real_neighbours():
    base, vectors = _base()
    by_id = {p.point_id: (p, vectors[i]) for i, p in enumerate(base)}
    points, out = scale_points(base, vectors, 40, seed=7)
    for p, v in zip(points[len(base):], out[len(base):]):
        assert p.payload["source"] == "synthetic"
        (a, va), (b, vb) = (by_id[pid] for pid in p.payload["parents"])
        assert p.kind == a.kind == b.kind
        assert p.payload["lang"] == a.payload["lang"] == b.payload["lang"]
        assert p.payload["audience"] == a.payload["audience"]
        w = p.payload["mix_weight"]
        mix = w * va + (1 - w) * vb
        assert float(v @ mix) / float(np.linalg.norm(mix)) > 0.95  # the mixture plus small noise
        parent_words = {t for t in (a.embed_text + " " + b.embed_text).split()}
        words = [t for t in p.embed_text.split() if not any(c.isdigit() for c in t)]
        assert words and sum(t in parent_words for t in words) >= 0.8 * len(words)


def test_generator_is_deterministic_and_smaller_scales_are_prefixes():
    base, vectors = _base()
    small, vs = scale_points(base, vectors, 25, seed=3)
    large, vl = scale_points(base, vectors, 50, seed=3)
    assert [p.point_id for p in small] == [p.point_id for p in large[:25]]
    assert np.allclose(vs, vl[:25])
    other, _ = scale_points(base, vectors, 25, seed=4)
    assert [p.point_id for p in other] != [p.point_id for p in small]


def test_index_points_carry_sparse_vectors_from_their_own_text():
    base, vectors = _base()
    points, out = scale_points(base, vectors, 30, seed=1)
    batches = list(index_points(points, out, batch=8))
    flat = [ip for b in batches for ip in b]
    assert len(flat) == 30 and max(len(b) for b in batches) == 8
    assert all(ip.sparse[0] and len(ip.sparse[0]) == len(ip.sparse[1]) for ip in flat)
    assert all(ip.payload["content_hash"] for ip in flat)


def test_recombine_mixes_sentences_of_both_texts():
    rng = np.random.default_rng(0)
    a = "Первое предложение про возврат. Второе предложение про деньги. Третье про сроки."
    b = "Алый курьер приехал рано. Бежевый склад потерял коробку. Синий пункт закрыт."
    text = recombine(a, b, 0.67, rng)
    assert "Первое" in text and "Синий" in text
