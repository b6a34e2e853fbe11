"""Feedback: the operator's final reply is stored durably first, then indexed as a past ticket."""

from __future__ import annotations

import threading
from typing import Any

import msgspec
import structlog

from copilot.analysis import analyze
from copilot.analysis.topics import best_window
from copilot.domain import Ticket
from copilot.knowledge.chunker import ticket_points
from copilot.knowledge.feedback import feedback_to_ticket
from copilot.knowledge.ingest import embed_points, to_index_points
from copilot.retrieval.embedders import EmbeddingCache

log = structlog.get_logger()


def pairs_for(ticket: Ticket, final_reply: str) -> tuple[list[dict], str]:
    analysis = analyze(ticket)
    pairs = []
    for a in analysis.open_asks:
        score, window = best_window(a.text, a.topic, final_reply)
        pairs.append({"ask": a.text, "answer": window if score >= 0.3 and window else final_reply, "policy_ids": []})
    return pairs, analysis.language


def record_feedback(services: Any, lock: threading.Lock, ticket: Ticket, final_reply: str, draft_id: str | None, resolved: bool) -> tuple[str, bool]:
    pairs, lang = pairs_for(ticket, final_reply)
    fid = services.feedback.add(ticket=msgspec.to_builtins(ticket), final_reply=final_reply, draft_id=draft_id, resolved=resolved,
                                audience=ticket.audience, lang=lang, pairs=pairs)
    if not resolved:
        return fid, False
    row = {"id": fid, "ticket": msgspec.to_builtins(ticket), "final_reply": final_reply, "pairs": pairs, "audience": ticket.audience, "lang": lang}
    points = ticket_points(feedback_to_ticket(row), source="feedback")
    try:
        cache = EmbeddingCache(services.settings.cache_path)
        try:
            vectors, _ = embed_points(points, services.embedder, cache, progress=False)
        finally:
            cache.close()
        with lock:
            services.index.upsert(to_index_points(points, vectors))
            services.index.flush()
        return fid, True
    except Exception as exc:  # stored durably already; the next ingest indexes it
        log.error("feedback_index_failed", feedback_id=fid, error=str(exc))
        return fid, False
