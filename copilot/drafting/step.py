"""One step of a draft: an action or a definite answer the policy gives for what happened (next_step.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str  # one offer per draft: a second ask it answers points at the first
    text: str
    sections: tuple[tuple[str, str], ...]  # (document, heading) cited for it
