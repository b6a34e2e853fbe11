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

The schema, parsing and validation live in `copilot.drafting.llm_validate`, the streaming gate in
`copilot.drafting.llm_stream`; their public names are importable from here too.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any, Generator, Iterator

import openai
import structlog

from copilot.config import LLMSettings, Settings
from copilot.domain import Citation
from copilot.drafting.base import AskAnswerUnit, DraftContext, DraftOutput
from copilot.drafting.llm_stream import FinalTextGate
from copilot.drafting.llm_validate import (
    _NOTE, LANG_NAMES, Backing, _short, claim_errors, draft_schema, markers, parse_draft_json, validate_answers, validate_draft,
)
from copilot.drafting.prompts import DraftInput, PromptSet, render_draft_input, render_repair
from copilot.errors import LLMError

__all__ = [
    "LANG_NAMES", "MAX_BACKOFF_S", "Backing", "DraftRejected", "FinalTextGate", "LLMCallError", "LLMDrafter",
    "claim_errors", "draft_schema", "make_llm_drafter", "markers", "parse_draft_json", "validate_answers", "validate_draft",
]

log = structlog.get_logger()

MAX_BACKOFF_S = 8.0


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
