"""Ingest and hybrid retrieval against real stores: a Qdrant Edge shard on disk, and qdrant-client's
in-process local mode (the code path used against a Qdrant server; no server can run here)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from copilot.config import QdrantSettings, Settings
from copilot.errors import IndexUnavailableError
from copilot.knowledge.ingest import index_is_stale, ingest
from copilot.retrieval.embedders import E5Embedder
from copilot.retrieval.index import EdgeIndex, QdrantServerIndex, make_index
from copilot.retrieval.search import Retriever

FIXTURE_KB = Path(__file__).resolve().parents[1] / "fixtures" / "kb"


@pytest.fixture(scope="module")
def embedder() -> E5Embedder:
    return E5Embedder()


def _copy_kb(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    return kb


@pytest.mark.parametrize("backend", ["edge", "qdrant"])
def test_ingest_is_incremental_and_never_duplicates(tmp_path: Path, embedder: E5Embedder, backend: str) -> None:
    kb = _copy_kb(tmp_path)
    settings = Settings(data_dir=tmp_path / "data", kb_dir=kb, qdrant=QdrantSettings(backend=backend))
    index = EdgeIndex(settings.index_dir, embedder.dim) if backend == "edge" else QdrantServerIndex(":memory:", embedder.dim)
    first = ingest(settings, embedder, index, progress=False)
    assert first.added == first.total == index.count() > 0
    assert first.embedded == first.total

    again = ingest(settings, embedder, index, progress=False)
    assert (again.added, again.deleted, again.unchanged) == (0, 0, first.total)
    assert index.count() == first.total
    assert not index_is_stale(settings, embedder)

    # change one section, delete one document: only the changed chunk is embedded, the removed ones deleted
    doc = kb / "policies" / "buyer" / "courier.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("бесплатно перенести", "бесплатно перенести на любой день"), encoding="utf-8")
    (kb / "policies" / "buyer" / "en" / "refunds.md").unlink()
    assert index_is_stale(settings, embedder)
    third = ingest(settings, embedder, index, progress=False)
    assert third.added == 1 and third.embedded == 1
    assert third.deleted == 2  # the old version of the changed chunk + the removed document's one chunk
    assert index.count() == third.total == first.total - 1

    # a fresh index over the same data dir re-uses the embedding cache: nothing is embedded again
    fresh = QdrantServerIndex(":memory:", embedder.dim)
    warm = ingest(settings, embedder, fresh, progress=False)
    assert warm.embedded == 0 and warm.cache_hits == warm.total
    index.close()


@pytest.mark.parametrize("backend", ["edge", "qdrant"])
def test_hybrid_query_filters_by_audience_lang_kind(tmp_path: Path, embedder: E5Embedder, backend: str) -> None:
    settings = Settings(data_dir=tmp_path / "data", kb_dir=FIXTURE_KB)
    index = EdgeIndex(settings.index_dir, embedder.dim) if backend == "edge" else QdrantServerIndex(":memory:", embedder.dim)
    ingest(settings, embedder, index, progress=False)
    r = Retriever(embedder, index)
    hits = r.search("курьер приехал на несколько часов раньше", audience="buyer", kinds=["policy"], limit=3)
    assert hits[0].doc_id == "buyer/courier" and hits[0].similarity > 0.8
    seller = r.search("когда вернутся деньги на карту", audience="seller", limit=10)
    assert seller and {h.doc_id for h in seller} == {"buyer/refunds"}  # the only document shared with sellers
    en = r.search("refund to my card", lang="en", limit=10)
    assert en and all(h.payload["lang"] == "en" for h in en)
    asks = r.search("почему курьер приехал раньше", kinds=["ticket_ask"], limit=5)
    assert asks and asks[0].payload["ticket_id"] == "FX-1" and asks[0].payload["policy_ids"] == ["buyer/courier"]
    for mode in ("dense", "sparse"):
        assert r.search("курьер раньше интервала", kinds=["policy"], limit=3, mode=mode)[0].doc_id == "buyer/courier"
    index.close()


def test_missing_index_is_an_error_not_empty(tmp_path: Path, embedder: E5Embedder) -> None:
    settings = Settings(data_dir=tmp_path / "data", kb_dir=FIXTURE_KB)
    with pytest.raises(IndexUnavailableError, match="copilot ingest"):
        make_index(settings, embedder.dim, create=False)
    with pytest.raises(IndexUnavailableError, match="does not exist"):
        QdrantServerIndex(":memory:", embedder.dim, create=False)


def test_second_process_on_same_shard_is_a_clear_error(tmp_path: Path, embedder: E5Embedder) -> None:
    settings = Settings(data_dir=tmp_path / "data", kb_dir=FIXTURE_KB)
    first = EdgeIndex(settings.index_dir, embedder.dim)
    ingest(settings, embedder, first, progress=False)
    with pytest.raises(IndexUnavailableError, match="cannot open"):
        EdgeIndex(settings.index_dir, embedder.dim)
    first.close()
    reopened = EdgeIndex(settings.index_dir, embedder.dim, create=False)
    assert reopened.count() > 0
    reopened.close()
