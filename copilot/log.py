"""Logging: the only `structlog.configure` call, and the processor that masks personal data.

JSON lines when stdout is not a terminal (or `COPILOT_LOG_JSON=true`), coloured console otherwise.
Phones, e-mails and card numbers are masked in every string value before rendering.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

import structlog

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
_ORDER = re.compile(r"\d{8,12}-\d{3,5}")  # an order number, not a card
_PHONE = re.compile(r"(?<![\w-])(?:\+7|8|\+\d{1,3})[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b")


def mask_pii(text: str) -> str:
    """Replace e-mails, card numbers and phone numbers with placeholders."""
    text = _EMAIL.sub("[email]", text)
    text = _CARD.sub(lambda m: m.group() if _ORDER.fullmatch(m.group()) or len(re.sub(r"\D", "", m.group())) < 13 else "[card]", text)
    text = _PHONE.sub("[phone]", text)
    return text


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_pii(value)
    if isinstance(value, dict):
        return {k: _mask_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_mask_value(v) for v in value)
    return value


def mask_processor(_logger: Any, _name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    return {k: _mask_value(v) for k, v in event_dict.items()}


def configure_logging(level: str = "info", json: str = "auto", stream: Any = None) -> None:
    stream = stream or sys.stderr
    use_json = json == "true" or (json == "auto" and not stream.isatty())
    renderer: Any = structlog.processors.JSONRenderer(ensure_ascii=False) if use_json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            mask_processor,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper(), logging.INFO)),
        logger_factory=structlog.PrintLoggerFactory(file=stream),
        cache_logger_on_first_use=False,
    )
