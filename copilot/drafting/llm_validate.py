"""Checks of the LLM drafter's structured output: the JSON schema of a draft, parsing the model's
reply, and the validation that decides whether a draft can go to the operator or gets one repair round.

Every open ask answered, only ids of the passages shown, the customer's language, no amount of
points, money, percent, days or hours that no cited passage states, no compensation that no cited
policy covers. Shared by the drafter (`copilot.drafting.llm`) and the streaming gate
(`copilot.drafting.llm_stream`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterable

from copilot.checks import _COMP, _numbers, derived_numbers
from copilot.domain import Citation
from copilot.drafting.base import DraftContext
from copilot.text.lang import detect_language

_MARKER = re.compile(r"\[\s*(c\d+(?:\s*[,;]\s*c\d+)*)\s*\]")
_SEGMENT_END = re.compile(r"[.!?…]+[»\"')\]]*\s+|\n+")
_FENCE = re.compile(r"^\s*```[A-Za-z]*\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)
_NOTE = re.compile(r"^\s*\[(?:Оператору|To the operator)", re.IGNORECASE)
_RISKY = re.compile(r"\d|\[")
LANG_NAMES = {"ru": "Russian", "en": "English"}


def draft_schema(ask_ids: list[str], citation_ids: list[str]) -> dict:
    """The JSON schema of a draft; the enums are this ticket's open asks and shown passages."""
    ask_id: dict[str, Any] = {"type": "string", "description": "id of the open ask"}
    cite: dict[str, Any] = {"type": "string", "description": "id of a passage, e.g. c1"}
    if ask_ids:
        ask_id["enum"] = list(ask_ids)
    if citation_ids:
        cite["enum"] = list(citation_ids)
    answer = {"type": "object", "additionalProperties": False, "required": ["ask_id", "text", "citations"],
              "properties": {"ask_id": ask_id, "text": {"type": "string"}, "citations": {"type": "array", "items": cite}}}
    return {"type": "object", "additionalProperties": False, "required": ["answers", "final_text"],
            "properties": {"answers": {"type": "array", "items": answer}, "final_text": {"type": "string"}}}


def parse_draft_json(content: str) -> dict:
    """The JSON object in a model reply: bare, in a ```json fence, or embedded in prose. ValueError otherwise."""
    text = content.strip()
    fence = _FENCE.match(text)
    if fence:
        text = fence.group(1).strip()
    try:
        data = json.loads(text)
    except ValueError:
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start:
            raise ValueError("no JSON object in the reply") from None
        data = json.loads(text[start:end + 1])
    if not isinstance(data, dict):
        raise ValueError("the reply is JSON but not an object")
    return data


def markers(text: str) -> list[str]:
    """Citation ids in `[c1]` / `[c1, c2]` markers, in order of appearance."""
    return [cid.strip() for m in _MARKER.finditer(text) for cid in re.split(r"[,;]", m.group(1))]


def _strip_markers(text: str) -> str:
    return _MARKER.sub(" ", text)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


@dataclass
class Backing:
    """What the cited passages state: amounts with units, and whether a policy covers compensation."""

    numbers: set[tuple[str, str]]
    compensation: bool

    @classmethod
    def of(cls, citations: Iterable[Citation]) -> "Backing":
        numbers: set[tuple[str, str]] = set()
        compensation = False
        for c in citations:
            found = _numbers(c.snippet)
            if c.source == "policy":
                numbers |= found
                compensation = compensation or bool(_COMP.search(c.snippet))
            else:  # a past ticket's points or money were granted to someone else; its deadlines may carry over
                numbers |= {(n, unit) for n, unit in found if unit in ("days", "hours")}
        return cls(numbers, compensation)


def claim_errors(text: str, backing: Backing) -> list[str]:
    """Amounts and compensation in `text` that the cited passages do not back."""
    errors = []
    for sentence in _segments(text):
        nums = _numbers(sentence)
        known = backing.numbers | derived_numbers(nums, backing.numbers)  # «на 4 800 ₽ это 480 баллов» by a cited 10 % rule
        missing = sorted(f"{n} ({unit})" for n, unit in nums if (n, unit) not in known)
        if missing:
            errors.append(f"«{_short(sentence)}» states {', '.join(missing)}, which no cited passage states; remove it or cite the passage that states it")
        elif _COMP.search(sentence) and not nums and not backing.compensation:
            errors.append(f"«{_short(sentence)}» mentions compensation, points or promo codes, which no cited policy covers; remove it")
    return errors


def _segments(text: str) -> list[str]:
    out, pos = [], 0
    for m in _SEGMENT_END.finditer(text):
        out.append(text[pos:m.end()])
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return [s for s in out if s.strip()]


def _cited_ids(data: dict) -> list[str]:
    ids: list[str] = []
    for item in data.get("answers") or []:
        if isinstance(item, dict):
            cites = item.get("citations") or []
            ids += [c for c in cites if isinstance(c, str)] if isinstance(cites, list) else []
            ids += markers(item.get("text") or "") if isinstance(item.get("text"), str) else []
    if isinstance(data.get("final_text"), str):
        ids += markers(data["final_text"])
    return list(dict.fromkeys(ids))


def validate_answers(data: dict, ctx: DraftContext, allowed: dict[str, Citation]) -> list[str]:
    """Errors of the `answers` part: coverage of the open asks, citation ids, unbacked amounts."""
    errors: list[str] = []
    open_asks = ctx.analysis.open_asks
    answers = data.get("answers")
    if not isinstance(answers, list):
        return ['"answers" must be a list with one object per open ask']
    by_id: dict[str, dict] = {}
    for item in answers:
        if not isinstance(item, dict) or not isinstance(item.get("ask_id"), str):
            errors.append('every answer must be an object with "ask_id", "text" and "citations"')
            continue
        aid = item["ask_id"]
        if aid not in {a.id for a in open_asks}:
            errors.append(f"answer for {aid!r}, which is not an open ask (open asks: {', '.join(a.id for a in open_asks) or 'none'})")
        elif aid in by_id:
            errors.append(f"ask {aid} is answered twice; give one answer per ask")
        else:
            by_id[aid] = item
        if not isinstance(item.get("citations", []), list):
            errors.append(f'"citations" of the answer to {aid} must be a list of passage ids')
    for ask in open_asks:
        text = (by_id.get(ask.id) or {}).get("text")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"ask {ask.id} («{_short(ask.text, 70)}») has no answer; answer it in its own paragraph")
    unknown = [c for c in _cited_ids({"answers": answers}) if c not in allowed]
    if unknown:
        errors.append(f"unknown citation id(s) {', '.join(unknown)}; cite only {', '.join(allowed) or 'nothing (no passages were given)'}")
    backing = Backing.of(allowed[c] for c in _cited_ids({"answers": answers}) if c in allowed)
    for item in by_id.values():
        if isinstance(item.get("text"), str) and not _NOTE.match(item["text"]):
            errors += claim_errors(item["text"], backing)
    return errors


def validate_draft(data: dict, ctx: DraftContext, allowed: dict[str, Citation]) -> list[str]:
    """Every error of a parsed draft; empty when it can go to the operator."""
    errors = validate_answers(data, ctx, allowed)
    final = data.get("final_text")
    if not isinstance(final, str) or not final.strip():
        return errors + ['"final_text" is missing or empty']
    unknown = [c for c in markers(final) if c not in allowed]
    if unknown:
        errors.append(f"final_text cites unknown id(s) {', '.join(unknown)}; cite only {', '.join(allowed) or 'nothing'}")
    lang = ctx.analysis.language
    if lang in LANG_NAMES and detect_language(_strip_markers(final), default=lang) != lang:
        errors.append(f"final_text must be written in {LANG_NAMES[lang]} ({lang}), the customer's language")
    cited = [allowed[c] for c in _cited_ids(data) if c in allowed]
    errors += [e for e in claim_errors(final, Backing.of(cited)) if e not in errors]
    return errors
