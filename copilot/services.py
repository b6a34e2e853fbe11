"""Factories that turn Settings into ready objects; code below them receives these objects."""

from __future__ import annotations

from dataclasses import dataclass, field

import structlog

from copilot.config import Settings
from copilot.errors import IndexUnavailableError
from copilot.knowledge.feedback import FeedbackStore
from copilot.knowledge.ingest import IngestReport, index_is_stale, ingest
from copilot.retrieval.embedders import Embedder, make_embedder
from copilot.retrieval.index import Index, make_index
from copilot.retrieval.search import Retriever

log = structlog.get_logger()


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    index: Index
    retriever: Retriever
    feedback: FeedbackStore
    extras: dict = field(default_factory=dict)

    def close(self) -> None:
        for closer in (self.index.close, self.feedback.close):
            try:
                closer()
            except Exception:  # pragma: no cover - best effort on shutdown
                log.warning("close_failed", exc_info=True)


def open_services(settings: Settings, *, ingest_if_needed: bool = True, create: bool = True, progress: bool = True) -> Services:
    """Embedder + index (+ ingest when missing or stale) + feedback store."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    embedder = make_embedder(settings)
    feedback = FeedbackStore(settings.feedback_path)
    try:
        index = make_index(settings, embedder.dim, create=create)
    except IndexUnavailableError:
        feedback.close()
        raise
    services = Services(settings, embedder, index, Retriever(embedder, index), feedback)
    if ingest_if_needed and index_is_stale(settings, embedder, feedback):
        log.info("index_stale_ingesting", kb_dir=str(settings.kb_dir))
        run_ingest(services, progress=progress)
    return services


def run_ingest(services: Services, progress: bool = True) -> IngestReport:
    return ingest(services.settings, services.embedder, services.index, progress=progress, feedback=services.feedback)
