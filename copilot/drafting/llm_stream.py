"""Streaming of the LLM drafter: the `final_text` of a streamed JSON object, released as it is
validated.

Text is released as it arrives, except that a sentence carrying a number, a compensation word or a
citation marker is held until it is complete and passes the checks of `copilot.drafting.llm_validate`;
once anything fails, nothing more is released.
"""

from __future__ import annotations

import json
import re

import structlog

from copilot.checks import _COMP
from copilot.domain import Citation
from copilot.drafting.base import DraftContext
from copilot.drafting.llm_validate import (
    _RISKY, _SEGMENT_END, LANG_NAMES, Backing, _cited_ids, _strip_markers, claim_errors, markers, validate_answers,
)
from copilot.text.lang import detect_language

log = structlog.get_logger()


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
