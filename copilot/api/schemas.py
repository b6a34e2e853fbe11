"""Request and response structs of the HTTP API (msgspec), and ticket validation with clear messages."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from copilot.domain import AUDIENCES, ROLES, Citation, Flag, Message, Promise, Ticket
from copilot.errors import InvalidTicketError, PayloadTooLargeError


class DraftOptions(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    backend: Literal["extractive", "openai"] | None = None
    stream: bool = False


class DraftRequest(msgspec.Struct, kw_only=True):
    ticket: Ticket
    options: DraftOptions | None = None


class BriefRequest(msgspec.Struct, kw_only=True):
    ticket: Ticket


class CheckRequest(msgspec.Struct, kw_only=True):
    ticket: Ticket
    reply: str


class SearchRequest(msgspec.Struct, kw_only=True):
    query: str
    audience: Literal["buyer", "seller", "pickup_point"] | None = None
    limit: int = 5
    lang: Literal["ru", "en"] | None = None
    kind: Literal["policy", "ticket", "all"] = "policy"


class FeedbackRequest(msgspec.Struct, kw_only=True):
    ticket: Ticket
    final_reply: str
    draft_id: str | None = None
    resolved: bool = True


class ErrorDetail(msgspec.Struct):
    code: str
    message: str


class ErrorBody(msgspec.Struct):
    error: ErrorDetail


class AskOut(msgspec.Struct, kw_only=True):
    id: str
    text: str
    kind: str
    source_message: int
    addressed: bool
    citations: list[str]
    topic: str | None = None
    note: str | None = None


class BriefOut(msgspec.Struct, kw_only=True):
    summary: str
    promises: list[Promise]
    lines: list[str] = []


class DraftText(msgspec.Struct, kw_only=True):
    text: str
    id: str | None = None


class DraftResponse(msgspec.Struct, kw_only=True):
    ticket_id: str | None
    language: str
    draft: DraftText
    asks: list[AskOut]
    citations: list[Citation]
    flags: list[Flag]
    brief: BriefOut
    backend: str
    degraded: bool
    timings_ms: dict[str, float]
    answered_asks: list[dict[str, Any]] = []
    entities: dict[str, Any] = {}
    degraded_reason: str | None = None
    metadata: dict[str, Any] = {}


class BriefResponse(msgspec.Struct, kw_only=True):
    ticket_id: str | None
    language: str
    brief: BriefOut
    asks: list[AskOut]
    flags: list[Flag]
    answered_asks: list[dict[str, Any]] = []
    entities: dict[str, Any] = {}


class OffTopicOut(msgspec.Struct, kw_only=True):
    text: str
    reason: str


class PromiseCheckOut(msgspec.Struct, kw_only=True):
    text: str
    allowed: bool
    reason: str


class CheckResponse(msgspec.Struct, kw_only=True):
    asks: list[AskOut]
    unaddressed: list[str]
    off_topic: list[OffTopicOut]
    promises: list[PromiseCheckOut]
    ok: bool
    sentences: list[dict[str, Any]] = []


class SearchResponse(msgspec.Struct, kw_only=True):
    results: list[Citation]


class FeedbackResponse(msgspec.Struct, kw_only=True):
    id: str
    stored: bool
    indexed: bool
    ticket_id: str | None = None


def validate_ticket(ticket: Ticket, *, max_messages: int = 200, max_text_chars: int = 20_000) -> Ticket:
    if not ticket.messages:
        raise InvalidTicketError("ticket.messages is empty: send the whole thread, oldest first", code="empty_thread")
    if len(ticket.messages) > max_messages:
        raise PayloadTooLargeError(f"ticket has {len(ticket.messages)} messages; the limit is {max_messages}", code="too_many_messages")
    for i, m in enumerate(ticket.messages):
        if len(m.text) > max_text_chars:
            raise PayloadTooLargeError(f"message {i} is {len(m.text)} characters; the limit is {max_text_chars}", code="text_too_long")
    if not any(m.role == "customer" and m.text.strip() for m in ticket.messages):
        raise InvalidTicketError("the thread has no customer message with text", code="no_customer_message")
    return ticket


def parse_ticket_json(raw: bytes) -> Ticket:
    """A ticket from JSON: either {"ticket": {...}} or the ticket object itself (CLI convenience)."""
    try:
        data = msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise InvalidTicketError(f"invalid JSON: {exc}", code="invalid_json") from exc
    if isinstance(data, dict) and "ticket" in data and isinstance(data["ticket"], dict):
        data = data["ticket"]
    try:
        ticket = msgspec.convert(data, Ticket)
    except msgspec.ValidationError as exc:
        raise InvalidTicketError(f"invalid ticket: {exc}", code="invalid_ticket") from exc
    return validate_ticket(ticket)


__all__ = ["AUDIENCES", "ROLES", "Message", "Ticket", "parse_ticket_json", "validate_ticket"]
