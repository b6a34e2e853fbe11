"""The drafter protocol and what a drafter returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Protocol

from copilot.domain import Analysis, Citation, Ticket


@dataclass
class AskAnswerUnit:
    """What a drafter says for one open ask."""

    ask_id: str
    text: str
    citations: list[str]
    addressed: bool
    note: str | None = None  # a note for the operator where nothing supports the ask


@dataclass
class DraftContext:
    ticket: Ticket
    analysis: Analysis
    passages: dict[str, list[Citation]]  # ask id -> ranked passages (ids are citation ids)
    citations: dict[str, Citation]  # citation id -> citation
    extra: dict = field(default_factory=dict)


@dataclass
class DraftOutput:
    text: str
    units: list[AskAnswerUnit]
    citations: list[str]  # ids used in the text, in order of first use
    backend: str
    degraded: bool = False
    degraded_reason: str | None = None
    metadata: dict = field(default_factory=dict)


class Drafter(Protocol):
    name: str

    def draft(self, ctx: DraftContext) -> DraftOutput: ...


class StreamingDrafter(Drafter, Protocol):
    def stream(self, ctx: DraftContext) -> Iterator[str | DraftOutput]: ...
