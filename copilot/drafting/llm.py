"""The LLM drafter: any OpenAI-compatible chat-completions server, with the extractive fallback.

One draft is one or two calls. The prompts (`prompts/*.md`, see `copilot.drafting.prompts`) carry
the thread, the open asks, the promise ledger, the flags and the retrieved passages numbered with
their citation ids; the model answers with JSON (`response_format: json_schema` when the server
takes it, plain JSON in the content otherwise):

    {"answers": [{"ask_id": "a1", "text": "…[c1]", "citations": ["c1"]}], "final_text": "…"}

The JSON is validated — every open ask answered, only ids of the passages shown, the customer's
language, no amount of points, money, percent, days or hours that no cited passage states, no
compensation that no cited policy covers. On errors the model gets them back for ONE repair round;
still invalid, or the server failing, the extractive draft is returned with `degraded=True` and a
`degraded_reason` (`llm_unreachable`, `llm_timeout`, `llm_invalid_json`, `llm_validation_failed: …`).

Customer text is data: it is rendered as JSON strings and the injection flag changes nothing; a draft
that obeys an injected instruction is caught by the same validation (the promised points are backed
by no passage).

Streaming (`stream`, `stream_safe`) yields the `final_text` content while the model writes it, parsed
out of the streamed JSON. Text is released as it arrives, except that a sentence carrying a number,
a compensation word or a citation marker is held until it is complete and passes the same checks;
once anything fails, nothing more is released and the draft is repaired or falls back (the service
then resets the streamed text).
"""

from __future__ import annotations

import json
import random
import re
import time
from dataclasses import dataclass
from typing import Any, Generator, Iterable, Iterator

import openai
import structlog

from copilot.checks import _COMP, _numbers
from copilot.config import LLMSettings, Settings
from copilot.domain import Citation
from copilot.drafting.base import AskAnswerUnit, DraftContext, DraftOutput
from copilot.drafting.prompts import DraftInput, PromptSet, render_draft_input, render_repair
from copilot.errors import LLMError
from copilot.text.lang import detect_language

log = structlog.get_logger()

MAX_BACKOFF_S = 8.0
_MARKER = re.compile(r"\[\s*(c\d+(?:\s*[,;]\s*c\d+)*)\s*\]")
_SEGMENT_END = re.compile(r"[.!?…]+[»\"')\]]*\s+|\n+")
_FENCE = re.compile(r"^\s*```[A-Za-z]*\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)
_NOTE = re.compile(r"^\s*\[(?:Оператору|To the operator)", re.IGNORECASE)
_RISKY = re.compile(r"\d|\[")
LANG_NAMES = {"ru": "Russian", "en": "English"}


class LLMCallError(LLMError):
    """A failed call to the LLM server; `reason` is the draft's `degraded_reason`."""

    def __init__(self, reason: str, message: str, *, retryable: bool = False) -> None:
        super().__init__(message, retryable=retryable)
        self.reason = reason


class DraftRejected(LLMError):
    """The model's draft is not valid JSON or failed validation, after the repair round."""

    def __init__(self, reason: str, errors: list[str]) -> None:
        super().__init__(f"{reason}: {'; '.join(errors)}")
        self.reason, self.errors = reason, errors


# ---- schema, parsing, validation ---------------------------------------------------------------

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
        missing = sorted(f"{n} ({unit})" for n, unit in nums if (n, unit) not in backing.numbers)
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


# ---- streaming: final_text out of a streamed JSON object --------------------------------------

class FinalTextGate:
    """Decodes the `final_text` string of a JSON object as it streams and releases the safe part.

    Kept across the repair round: text already released (`sent`) must stay a prefix of what the
    repaired draft says, or nothing more is released.
    """

    _KEY = re.compile(r'"final_text"\s*:\s*"')
    _ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}

    def __init__(self, ctx: DraftContext, allowed: dict[str, Citation]) -> None:
        self.ctx, self.allowed = ctx, allowed
        self.sent = ""
        self.new_attempt()

    def new_attempt(self) -> None:
        self.buf, self.pos, self.text = "", -1, ""
        self.complete = self.blocked = False
        self.safe_upto = 0
        self.cited: list[str] = []

    def feed(self, piece: str) -> str:
        self.buf += piece
        if self.pos < 0:
            m = self._KEY.search(self.buf)
            if not m:
                return ""
            self.pos = m.end()
            self._check_answers(self.buf[:m.start()])
        self._decode()
        return self._release()

    def _check_answers(self, head: str) -> None:
        """When "answers" precede "final_text", validate them before releasing any text."""
        head = head[max(head.find("{"), 0):].rstrip().rstrip(",")  # past a ```json fence, if any
        try:
            data = json.loads(head + "}")
        except ValueError:
            return
        if isinstance(data, dict) and "answers" in data:
            self.cited = _cited_ids(data)
            errors = validate_answers(data, self.ctx, self.allowed)
            if errors:
                self.blocked = True
                log.info("llm_stream_held", reason="answers_invalid", n_errors=len(errors))

    def _decode(self) -> None:
        buf, i, out = self.buf, self.pos, []
        while i < len(buf) and not self.complete:
            ch = buf[i]
            if ch == '"':
                self.complete = True
                i += 1
            elif ch == "\\":
                if i + 1 >= len(buf):
                    break
                if buf[i + 1] != "u":
                    out.append(self._ESCAPES.get(buf[i + 1], buf[i + 1]))
                    i += 2
                    continue
                if i + 6 > len(buf):
                    break
                n = 6
                if 0xD800 <= _hex(buf[i + 2:i + 6]) < 0xDC00:  # a high surrogate: take its pair with it
                    if i + 12 > len(buf):
                        break
                    n = 12 if buf[i + 6:i + 8] == "\\u" else 6
                try:
                    out.append(json.loads('"' + buf[i:i + n] + '"'))
                except ValueError:
                    out.append("\ufffd")
                i += n
            else:
                j = i
                while j < len(buf) and buf[j] not in '"\\':
                    j += 1
                out.append(buf[i:j])
                i = j
        self.pos = i
        self.text += "".join(out)

    def _release(self) -> str:
        if self.blocked:
            return ""
        text = self.text.lstrip()
        release = text[:self._safe_length(text)]
        if not release.strip():
            return ""
        lang = self.ctx.analysis.language
        if not self.sent and lang in LANG_NAMES:
            plain = _strip_markers(release)
            if sum(ch.isalpha() for ch in plain) < 40 and not self.complete:
                return ""
            if detect_language(plain, default=lang) != lang:
                self.blocked = True
                log.info("llm_stream_held", reason="language")
                return ""
        if not (release.startswith(self.sent) or self.sent.startswith(release)):
            self.blocked = True  # the repaired draft says something else than what was already sent
            log.info("llm_stream_held", reason="diverged")
            return ""
        if len(release) <= len(self.sent):
            return ""
        delta, self.sent = release[len(self.sent):], release
        return delta

    def _safe_length(self, text: str) -> int:
        """Length of the prefix of `text` that can be shown; risky sentences wait until complete and checked."""
        pos = self.safe_upto
        for m in _SEGMENT_END.finditer(text, pos):
            if not self._segment_ok(text[pos:m.end()], text):
                return pos
            pos = self.safe_upto = m.end()
        tail = text[pos:]
        if self.complete:
            return len(text.rstrip()) if not tail.strip() or self._segment_ok(tail, text) else pos
        if _RISKY.search(tail) or _COMP.search(tail):
            return pos
        return pos + len(tail.rstrip())

    def _segment_ok(self, segment: str, text: str) -> bool:
        if not (_RISKY.search(segment) or _COMP.search(segment)):
            return True
        if any(c not in self.allowed for c in markers(segment)):
            return False
        ids = dict.fromkeys(self.cited + markers(text))
        return not claim_errors(segment, Backing.of(self.allowed[c] for c in ids if c in self.allowed))


def _hex(s: str) -> int:
    try:
        return int(s, 16)
    except ValueError:
        return -1


# ---- the drafter --------------------------------------------------------------------------------

@dataclass
class _Round:
    content: str
    data: dict | None
    errors: list[str]
    invalid_json: bool


class LLMDrafter:
    """Drafts with an OpenAI-compatible chat model; `draft_safe` / `stream_safe` never raise."""

    name = "openai"

    def __init__(self, settings: LLMSettings, prompts: PromptSet, *, client: openai.OpenAI | None = None,
                 backoff_s: float = 0.5, sleep: Any = time.sleep) -> None:
        self.settings = settings
        self.prompts = prompts
        self.client = client or openai.OpenAI(base_url=settings.base_url, api_key=settings.api_key or "not-needed",
                                              timeout=settings.timeout_s, max_retries=0)
        self.backoff_s = backoff_s
        self.sleep = sleep
        self.structured = True  # response_format json_schema; off once the server rejects it

    # -- public API --
    def draft(self, ctx: DraftContext) -> DraftOutput:
        """The validated LLM draft; raises LLMError (LLMCallError, DraftRejected) on failure."""
        run = self._run(ctx, stream=False)
        while True:
            try:
                next(run)
            except StopIteration as done:
                return done.value

    def stream(self, ctx: DraftContext) -> Iterator[str | DraftOutput]:
        """final_text deltas as they are validated, then the DraftOutput; raises LLMError on failure."""
        output = yield from self._run(ctx, stream=True)
        yield output

    def draft_safe(self, ctx: DraftContext, fallback: Any) -> DraftOutput:
        try:
            return self.draft(ctx)
        except LLMError as exc:
            return self._fallback(ctx, fallback, exc)
        except Exception as exc:  # never let a drafter bug cost the operator the draft
            log.exception("llm_draft_crashed")
            return self._fallback(ctx, fallback, exc)

    def stream_safe(self, ctx: DraftContext, fallback: Any) -> Iterator[str | DraftOutput]:
        try:
            output = yield from self._run(ctx, stream=True)
        except LLMError as exc:
            yield self._fallback(ctx, fallback, exc)
            return
        except Exception as exc:
            log.exception("llm_draft_crashed")
            yield self._fallback(ctx, fallback, exc)
            return
        yield output

    # -- one draft: a call, validation, at most one repair --
    def _run(self, ctx: DraftContext, stream: bool) -> Generator[str, None, DraftOutput]:
        started = time.perf_counter()
        open_ids = [a.id for a in ctx.analysis.open_asks]
        inp = render_draft_input(ctx, self.prompts, draft_schema([], []), self.settings.max_prompt_tokens)
        allowed = {cid: ctx.citations[cid] for cid in inp.passage_ids}
        schema = draft_schema(open_ids, inp.passage_ids)
        messages = [{"role": "system", "content": inp.system}, {"role": "user", "content": inp.user}]
        usage: dict[str, int] = {}
        gate = FinalTextGate(ctx, allowed) if stream else None
        first = yield from self._round(messages, schema, ctx, allowed, usage, gate)
        final, repaired = first, False
        if first.errors:
            log.info("llm_draft_repair", n_errors=len(first.errors), invalid_json=first.invalid_json)
            repaired = True
            messages += [{"role": "assistant", "content": first.content[:8000]},
                         {"role": "user", "content": render_repair(self.prompts, first.errors, open_ids)}]
            if gate:
                gate.new_attempt()
            final = yield from self._round(messages, schema, ctx, allowed, usage, gate)
        if final.errors:
            reason = "llm_invalid_json" if final.invalid_json else "llm_validation_failed: " + "; ".join(final.errors)[:300]
            raise DraftRejected(reason, final.errors)
        data = final.data or {}
        text = data["final_text"].strip()
        if gate is not None:
            if not text.startswith(gate.sent):
                raise DraftRejected("llm_validation_failed: the repaired draft contradicts the streamed text", ["stream diverged"])
            rest = text[len(gate.sent):]
            if rest:
                gate.sent = text
                yield rest
        output = self._output(ctx, data, text, allowed, inp, usage, repaired)
        log.info("llm_draft_done", model=self.settings.model, repaired=repaired, n_units=len(output.units),
                 n_citations=len(output.citations), latency_ms=round((time.perf_counter() - started) * 1000, 1), **usage)
        return output

    def _round(self, messages: list[dict], schema: dict, ctx: DraftContext, allowed: dict[str, Citation],
               usage: dict[str, int], gate: FinalTextGate | None) -> Generator[str, None, _Round]:
        if gate is None:
            content = self._complete(messages, schema, usage)
        else:
            parts = []
            for piece in self._complete_stream(messages, schema, usage):
                parts.append(piece)
                delta = gate.feed(piece)
                if delta:
                    yield delta
            content = "".join(parts)
        try:
            data = parse_draft_json(content)
        except ValueError as exc:
            return _Round(content, None, [f"the reply is not a valid JSON object ({exc}); return only the JSON object"], True)
        return _Round(content, data, validate_draft(data, ctx, allowed), False)

    # -- calls --
    def _request(self, messages: list[dict], schema: dict, stream: bool) -> Any:
        kwargs: dict[str, Any] = {"model": self.settings.model, "messages": messages, "temperature": self.settings.temperature,
                                  "timeout": self.settings.timeout_s}
        if self.structured:
            kwargs["response_format"] = {"type": "json_schema", "json_schema": {"name": "reply_draft", "strict": True, "schema": schema}}
        if stream:
            kwargs["stream"] = True
            if self.structured:
                kwargs["stream_options"] = {"include_usage": True}
        attempt = 0
        while True:
            try:
                response = self.client.chat.completions.create(**kwargs)
                if "response_format" not in kwargs and self.structured:
                    self.structured = False
                    log.warning("llm_structured_output_unsupported", model=self.settings.model)
                return response
            except openai.BadRequestError as exc:
                if "response_format" in kwargs:  # an older server: ask for plain JSON in the content instead
                    kwargs.pop("response_format")
                    kwargs.pop("stream_options", None)
                    continue
                raise _wrap(exc, self.settings) from exc
            except openai.OpenAIError as exc:
                err = _wrap(exc, self.settings)
                if not err.retryable or attempt >= self.settings.max_retries:
                    log.warning("llm_call_failed", reason=err.reason, attempts=attempt + 1)
                    raise err from exc
                delay = _retry_after(exc) or min(self.backoff_s * 2 ** attempt, MAX_BACKOFF_S) * random.uniform(0.8, 1.2)
                log.info("llm_call_retry", reason=err.reason, attempt=attempt + 1, delay_s=round(delay, 3))
                self.sleep(delay)
                attempt += 1

    def _complete(self, messages: list[dict], schema: dict, usage: dict[str, int]) -> str:
        response = self._request(messages, schema, stream=False)
        _add_usage(usage, getattr(response, "usage", None))
        choices = getattr(response, "choices", None) or []
        content = choices[0].message.content if choices and choices[0].message else None
        return content or ""

    def _complete_stream(self, messages: list[dict], schema: dict, usage: dict[str, int]) -> Iterator[str]:
        deadline = time.monotonic() + self.settings.timeout_s
        stream = self._request(messages, schema, stream=True)
        try:
            for chunk in stream:
                _add_usage(usage, getattr(chunk, "usage", None))
                for choice in chunk.choices or []:
                    piece = choice.delta.content if choice.delta else None
                    if piece:
                        yield piece
                if time.monotonic() > deadline:
                    raise LLMCallError("llm_timeout", f"the LLM stream took longer than {self.settings.timeout_s}s")
        except openai.OpenAIError as exc:
            raise _wrap(exc, self.settings) from exc
        finally:
            stream.close()

    # -- results --
    def _output(self, ctx: DraftContext, data: dict, text: str, allowed: dict[str, Citation], inp: DraftInput,
                usage: dict[str, int], repaired: bool) -> DraftOutput:
        by_id = {item["ask_id"]: item for item in data["answers"]}
        units, cited = [], list(dict.fromkeys(c for c in markers(text) if c in allowed))
        for ask in ctx.analysis.open_asks:
            item = by_id[ask.id]
            body = item["text"].strip()
            listed = [c for c in item.get("citations") or [] if isinstance(c, str)]
            cites = list(dict.fromkeys(c for c in listed + markers(body) if c in allowed))
            note = body if _NOTE.match(body) else None
            units.append(AskAnswerUnit(ask_id=ask.id, text=body, citations=cites, addressed=note is None, note=note))
            cited += [c for c in cites if c not in cited]
        metadata: dict[str, Any] = {**self._meta(), "repaired": repaired, "prompt_tokens_estimate": inp.tokens,
                                    "omitted_messages": inp.omitted_messages, "omitted_passages": inp.omitted_passages,
                                    "structured_output": self.structured}
        if usage:
            metadata["usage"] = usage
        return DraftOutput(text=text, units=units, citations=cited, backend=self.name, metadata=metadata)

    def _meta(self) -> dict[str, Any]:
        return {"model": self.settings.model, "prompt_hashes": self.prompts.hashes}

    def _fallback(self, ctx: DraftContext, fallback: Any, exc: Exception) -> DraftOutput:
        reason = getattr(exc, "reason", None) or f"llm_error: {type(exc).__name__}"
        log.warning("llm_draft_degraded", reason=reason.split(":")[0], model=self.settings.model)
        out = fallback.draft(ctx)
        out.degraded, out.degraded_reason = True, reason
        out.metadata = {**out.metadata, **self._meta(), "llm_errors": list(getattr(exc, "errors", [])) or [str(exc)[:300]]}
        return out


def _wrap(exc: Exception, settings: LLMSettings) -> LLMCallError:
    if isinstance(exc, openai.APITimeoutError):  # before APIConnectionError: it is a subclass
        return LLMCallError("llm_timeout", f"the LLM server did not answer within {settings.timeout_s}s")
    if isinstance(exc, openai.APIConnectionError):
        return LLMCallError("llm_unreachable", f"cannot reach the LLM server at {settings.base_url}: {exc}", retryable=True)
    if isinstance(exc, openai.RateLimitError):
        return LLMCallError("llm_rate_limited", "the LLM server is rate limiting (429)", retryable=True)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status >= 500:
            return LLMCallError("llm_server_error", f"the LLM server answered {status}", retryable=True)
        return LLMCallError(f"llm_http_{status}", f"the LLM server answered {status}: {_short(str(exc), 200)}")
    return LLMCallError("llm_error", f"LLM call failed: {_short(str(exc), 200)}")


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return min(float(value), MAX_BACKOFF_S) if value else None
    except ValueError:
        return None


def _add_usage(total: dict[str, int], usage: Any) -> None:
    if usage is None:
        return
    for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
        value = getattr(usage, key, None)
        if isinstance(value, int):
            total[key] = total.get(key, 0) + value


def make_llm_drafter(settings: Settings) -> LLMDrafter | None:
    """The LLM drafter when `settings.llm.base_url` is set, else None; loads and validates the prompts."""
    if not settings.llm.base_url:
        return None
    return LLMDrafter(settings.llm, PromptSet.load(settings.prompts_dir))
