"""LLM drafter (placeholder until implemented): returns None when no LLM is configured."""

from __future__ import annotations

from copilot.config import Settings


def make_llm_drafter(settings: Settings):
    return None
