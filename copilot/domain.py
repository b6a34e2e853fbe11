"""Domain objects shared by analysis, retrieval, drafting and the API (msgspec Structs).

Field names follow `shared/CONTRACT.md`; extra fields are additions, never renames.
"""

from __future__ import annotations

from typing import Literal

import msgspec

Role = Literal["customer", "operator", "bot"]
Audience = Literal["buyer", "seller", "pickup_point"]
Channel = Literal["chat", "email", "social"]
AskKind = Literal["question", "request", "complaint"]
FlagKind = Literal[
    "legal_threat", "public_complaint_threat", "repeat_contact", "broken_promise", "escalate", "injection"
]
PromiseStatus = Literal["open", "kept", "broken"]

AUDIENCES = ("buyer", "seller", "pickup_point")
ROLES = ("customer", "operator", "bot")
FLAG_KINDS = ("legal_threat", "public_complaint_threat", "repeat_contact", "broken_promise", "escalate", "injection")


class Message(msgspec.Struct, kw_only=True, omit_defaults=True):
    role: Role
    text: str
    at: str | None = None
    author: str | None = None


class Ticket(msgspec.Struct, kw_only=True, omit_defaults=True):
    messages: list[Message]
    id: str | None = None
    audience: Audience = "buyer"
    channel: Channel | None = None
    customer_id: str | None = None
    order_ids: list[str] = msgspec.field(default_factory=list)


class Ask(msgspec.Struct, kw_only=True):
    id: str
    text: str
    kind: AskKind
    source_message: int
    topic: str = "other"
    open: bool = True
    addressed: bool = False
    citations: list[str] = msgspec.field(default_factory=list)
    span: tuple[int, int] = (0, 0)
    repeated_in: list[int] = msgspec.field(default_factory=list)
    answered_by: int | None = None  # the message that answered it; on an open ask, the one whose promise was then broken


class Flag(msgspec.Struct, kw_only=True):
    kind: FlagKind
    detail: str
    message: int


class Promise(msgspec.Struct, kw_only=True):
    text: str
    message: int
    status: PromiseStatus = "open"
    due: str | None = None
    action: str = "other"
    evidence: int | None = None


class Entities(msgspec.Struct, kw_only=True):
    order_ids: list[str] = msgspec.field(default_factory=list)
    amounts: list[str] = msgspec.field(default_factory=list)
    dates: list[str] = msgspec.field(default_factory=list)


class Brief(msgspec.Struct, kw_only=True):
    summary: str
    promises: list[Promise] = msgspec.field(default_factory=list)
    lines: list[str] = msgspec.field(default_factory=list)


class Analysis(msgspec.Struct, kw_only=True):
    language: str
    asks: list[Ask]
    flags: list[Flag]
    promises: list[Promise]
    brief: Brief
    entities: Entities

    @property
    def open_asks(self) -> list[Ask]:
        return [a for a in self.asks if a.open]

    def has_flag(self, kind: str) -> bool:
        return any(f.kind == kind for f in self.flags)


class Citation(msgspec.Struct, kw_only=True):
    id: str
    source: Literal["policy", "ticket"]
    doc_id: str
    title: str
    snippet: str
    score: float
    lang: str = "ru"
    heading: str | None = None
