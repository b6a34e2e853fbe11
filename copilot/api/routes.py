"""Route handlers. CPU-bound work (embedding, index queries, analysis) runs in the thread pool
(`sync_to_thread=True`), so the event loop is never blocked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import msgspec
import structlog
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody
from litestar.response import ServerSentEvent, ServerSentEventMessage

from copilot.analysis import analyze
from copilot.api.schemas import (
    ErrorBody,
    BriefRequest, BriefResponse, CheckRequest, CheckResponse, DraftRequest, DraftResponse, FeedbackRequest, FeedbackResponse,
    SearchRequest, SearchResponse, validate_ticket,
)
from copilot.api.state import AppState
from copilot.errors import InvalidTicketError, PayloadTooLargeError

log = structlog.get_logger()


def _errors(*codes: int) -> dict[int, ResponseSpec]:
    text = {400: "Malformed JSON or a body that does not match the schema", 401: "Missing or wrong bearer key",
            413: "Body, message count or text over the configured limits", 415: "Content-Type is not application/json",
            422: "Well-formed but invalid ticket (no messages, no customer message)", 503: "Index not loaded (index_unavailable)"}
    return {c: ResponseSpec(data_container=ErrorBody, description=text[c], generate_examples=False) for c in codes}


V1_ERRORS = _errors(400, 401, 413, 415, 422, 503)
CONSOLE_DIR = Path(__file__).resolve().parent.parent / "console"


def _canonical(request: Request) -> dict:
    return request.scope.setdefault("state", {}).setdefault("canonical", {})


def _limits(app_state: AppState, ticket: Any) -> None:
    lim = app_state.settings.limits
    validate_ticket(ticket, max_messages=lim.max_messages, max_text_chars=lim.max_text_chars)


@get("/healthz", sync_to_thread=False, tags=["ops"])
def healthz() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@get("/readyz", sync_to_thread=False, tags=["ops"], responses=_errors(503))
def readyz(app_state: NamedDependency[AppState]) -> Response[dict[str, Any]]:
    """Readiness: 200 once the index is loaded, 503 `index_unavailable` until then."""
    if app_state.ready:
        return Response({"status": "ready", "points": app_state.services.index.count(), "backend": app_state.settings.index_backend})
    message = app_state.error or "the index is still loading"
    return Response({"error": {"code": "index_unavailable", "message": message}}, status_code=503)


@post("/drafts", sync_to_thread=True, responses=V1_ERRORS, tags=["drafts"], status_code=200)
def create_draft(data: JSONBody[DraftRequest], app_state: NamedDependency[AppState], request: Request) -> Response[DraftResponse]:
    """Draft a reply that answers every open ask, with citations. `options.stream: true` answers
    `text/event-stream`: `delta` events with draft text, then one `result` event with the full object."""
    _limits(app_state, data.ticket)
    app_state.require()
    options = data.options
    backend = options.backend if options else None
    canonical = _canonical(request)
    if options and options.stream:
        return ServerSentEvent(_sse(app_state, data, backend, canonical))  # type: ignore[return-value]
    result = app_state.drafts.draft(data.ticket, backend=backend)
    _record(canonical, result)
    return Response(result)


def _record(canonical: dict, result: dict) -> None:
    canonical.update(backend=result["backend"], degraded=result["degraded"], n_asks=len(result["asks"]),
                     n_citations=len(result["citations"]))


def _sse(app_state: AppState, data: DraftRequest, backend: str | None, canonical: dict) -> Iterator[ServerSentEventMessage]:
    try:
        for event, payload in app_state.drafts.stream(data.ticket, backend=backend):
            if event == "result":
                _record(canonical, payload)
                yield ServerSentEventMessage(data=json.dumps(payload, ensure_ascii=False), event="result")
            else:
                yield ServerSentEventMessage(data=json.dumps({"text": payload}, ensure_ascii=False), event=event)
    except Exception as exc:  # the stream has started: report in-band, never a broken connection
        log.error("stream_failed", error=str(exc))
        body = {"error": {"code": getattr(exc, "code", "internal_error"), "message": getattr(exc, "message", "draft failed")}}
        yield ServerSentEventMessage(data=json.dumps(body), event="error")


@post("/briefs", sync_to_thread=True, responses=V1_ERRORS, tags=["drafts"], status_code=200)
def create_brief(data: JSONBody[BriefRequest], app_state: NamedDependency[AppState], request: Request) -> BriefResponse:
    """Brief, asks and flags of a ticket, without drafting: what a newly joined operator must know."""
    _limits(app_state, data.ticket)
    a = analyze(data.ticket, locale=app_state.settings.operator_locale)
    _canonical(request).update(n_asks=len(a.open_asks))
    return msgspec.convert({
        "ticket_id": data.ticket.id, "language": a.language, "brief": msgspec.to_builtins(a.brief),
        "asks": [{"id": x.id, "text": x.text, "kind": x.kind, "source_message": x.source_message, "topic": x.topic,
                  "addressed": False, "citations": []} for x in a.open_asks],
        "answered_asks": [{"id": x.id, "text": x.text, "kind": x.kind, "source_message": x.source_message, "topic": x.topic} for x in a.asks if not x.open],
        "flags": msgspec.to_builtins(a.flags), "entities": msgspec.to_builtins(a.entities),
    }, BriefResponse)


@post("/checks", sync_to_thread=True, responses=V1_ERRORS, tags=["checks"], status_code=200)
def create_check(data: JSONBody[CheckRequest], app_state: NamedDependency[AppState], request: Request) -> CheckResponse:
    """Check an operator's reply before it is sent: unaddressed asks, off-topic sentences, unbacked promises."""
    from copilot.checks import check_reply

    _limits(app_state, data.ticket)
    if len(data.reply) > app_state.settings.limits.max_text_chars:
        raise PayloadTooLargeError(f"reply is {len(data.reply)} characters; the limit is {app_state.settings.limits.max_text_chars}", code="text_too_long")
    services = app_state.require()
    result = check_reply(data.ticket, data.reply, services.retriever)
    _canonical(request).update(n_asks=len(result["asks"]), ok=result["ok"])
    return msgspec.convert(result, CheckResponse)


@post("/search", sync_to_thread=True, responses=V1_ERRORS, tags=["search"], status_code=200)
def search(data: JSONBody[SearchRequest], app_state: NamedDependency[AppState]) -> SearchResponse:
    """Hybrid search over policies and past tickets."""
    from copilot.retrieval.search import dedupe_docs

    query = data.query.strip()
    if not query:
        raise InvalidTicketError("query is empty", code="empty_query")
    if len(query) > app_state.settings.limits.max_text_chars:
        raise PayloadTooLargeError("query is too long", code="text_too_long")
    if not 1 <= data.limit <= 50:
        raise InvalidTicketError("limit must be between 1 and 50", code="invalid_limit")
    services = app_state.require()
    kinds = {"policy": ["policy"], "ticket": ["ticket_ask", "ticket"], "all": []}[data.kind]
    results = dedupe_docs(services.retriever.search(query, audience=data.audience, lang=data.lang, kinds=kinds, limit=data.limit * 3), data.limit)
    return msgspec.convert({"results": [msgspec.to_builtins(r.to_citation(f"c{i + 1}")) for i, r in enumerate(results)]}, SearchResponse)


@post("/feedback", sync_to_thread=True, responses=V1_ERRORS, tags=["feedback"], status_code=201)
def create_feedback(data: JSONBody[FeedbackRequest], app_state: NamedDependency[AppState]) -> FeedbackResponse:
    """Store the operator's final reply durably (before the 201), then index it as a past resolved ticket."""
    from copilot.feedback_flow import record_feedback

    _limits(app_state, data.ticket)
    if not data.final_reply.strip():
        raise InvalidTicketError("final_reply is empty", code="empty_reply")
    if len(data.final_reply) > app_state.settings.limits.max_text_chars:
        raise PayloadTooLargeError("final_reply is too long", code="text_too_long")
    services = app_state.require()
    fid, indexed = record_feedback(services, app_state.write_lock, data.ticket, data.final_reply, data.draft_id, data.resolved)
    return FeedbackResponse(id=fid, stored=True, indexed=indexed, ticket_id=data.ticket.id)


@get("/console", sync_to_thread=False, include_in_schema=False, media_type="text/html")
def console_page(app_state: NamedDependency[AppState]) -> Response[bytes]:
    """The operator console sidebar (all assets local)."""
    html = (CONSOLE_DIR / "index.html").read_text(encoding="utf-8")
    origins = json.dumps(app_state.settings.split(app_state.settings.console_origins))
    html = html.replace("__CONSOLE_ORIGINS__", origins.replace("<", "\\u003c"))
    ancestors = " ".join(["'self'", *app_state.settings.split(app_state.settings.console_origins)])
    return Response(html.encode(), media_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": f"frame-ancestors {ancestors}", "X-Content-Type-Options": "nosniff"})


@get("/console/demo/{ticket_id:str}", sync_to_thread=False, tags=["console"], responses={404: ResponseSpec(data_container=ErrorBody, description="No such demo ticket", generate_examples=False)})
def demo_tickets(ticket_id: FromPath[str]) -> dict[str, Any]:
    """One of the demo tickets shipped with the project (`?ticket=<id>` in the console); `all` lists them."""
    demos = json.loads((CONSOLE_DIR / "demo_tickets.json").read_text(encoding="utf-8"))
    if ticket_id == "all":
        return {"tickets": [{"id": d["id"], "title": d.get("title", d["id"])} for d in demos]}
    for d in demos:
        if d["id"] == ticket_id:
            return {"ticket": d["ticket"], "title": d.get("title", d["id"])}
    raise NotFoundException(f"no demo ticket {ticket_id!r}")
