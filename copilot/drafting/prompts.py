"""Prompt files: loaded and validated once, filled from a DraftContext within a token budget.

A prompt is a UTF-8 Markdown file under `Settings.prompts_dir` with `string.Template`
placeholders (`$name`, `${name}`; `$$` is a literal dollar). `PromptSet.load` fails fast with a
`PromptError` naming the file when a file is missing or unreadable, or when it uses a placeholder
the code does not fill, or lacks one the code fills. Each prompt's sha256 goes into the draft's
metadata, so an evaluation run records exactly which wording produced a draft.

`render_draft_input` turns a DraftContext into the values of the draft prompts: the thread,
the open asks, the promise ledger, the flags and the retrieved passages numbered with their
citation ids. Over the token budget it drops the oldest thread messages first, then the
lowest-ranked passages; the open asks, the newest message (cut to fit if need be) and each ask's
best passage are never dropped. Customer text is rendered as JSON
string data, so it cannot close a section or pose as an instruction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import structlog

from copilot.domain import Citation
from copilot.drafting.base import DraftContext
from copilot.errors import PromptError
from copilot.text.tokens import count_tokens, truncate_tokens

log = structlog.get_logger()

# file name -> the placeholders the code fills in it (each must appear, no other may)
DRAFT_PROMPTS: dict[str, frozenset[str]] = {
    "draft_system.md": frozenset({"language", "schema"}),
    "draft_user.md": frozenset({"audience", "language", "thread", "omitted", "asks", "promises", "flags", "passages", "orders"}),
    "repair.md": frozenset({"errors", "ask_ids"}),
}
MESSAGE_OVERHEAD_TOKENS = 4  # chat framing per message (role, separators)
LANGUAGE_NAMES = {"ru": "русский (ru)", "en": "английский (en)"}
AUDIENCE_NAMES = {"buyer": "покупатель", "seller": "продавец", "pickup_point": "пункт выдачи заказов"}
ROLE_NAMES = {"customer": "клиент", "operator": "оператор", "bot": "бот"}


@dataclass(frozen=True)
class Prompt:
    name: str
    template: Template
    sha256: str

    def render(self, **values: str) -> str:
        return self.template.substitute(values)


class PromptSet:
    """The prompt files of one drafter, validated at construction."""

    def __init__(self, prompts: dict[str, Prompt]) -> None:
        self.prompts = prompts

    @classmethod
    def load(cls, prompts_dir: Path, specs: dict[str, frozenset[str]] = DRAFT_PROMPTS) -> "PromptSet":
        prompts = {}
        for name, expected in specs.items():
            path = Path(prompts_dir) / name
            try:
                raw = path.read_bytes()
                text = raw.decode("utf-8")
            except FileNotFoundError as exc:
                raise PromptError(f"{path}: prompt file is missing") from exc
            except (OSError, UnicodeDecodeError) as exc:
                raise PromptError(f"{path}: cannot read the prompt file: {exc}") from exc
            template = Template(text)
            if not template.is_valid():
                raise PromptError(f"{path}: invalid placeholder syntax (write $$ for a literal dollar sign)")
            found = set(template.get_identifiers())
            unknown, missing = sorted(found - expected), sorted(expected - found)
            if unknown:
                raise PromptError(f"{path}: unknown placeholder(s) {', '.join('$' + u for u in unknown)}; allowed: "
                                  f"{', '.join('$' + e for e in sorted(expected))}")
            if missing:
                raise PromptError(f"{path}: missing placeholder(s) {', '.join('$' + m for m in missing)}")
            prompts[name] = Prompt(name, template, hashlib.sha256(raw).hexdigest())
        return cls(prompts)

    def render(self, name: str, **values: str) -> str:
        return self.prompts[name].render(**values)

    @property
    def hashes(self) -> dict[str, str]:
        return {name: p.sha256 for name, p in self.prompts.items()}


# ---- filling the draft prompts -------------------------------------------------------------

@dataclass
class RankedPassage:
    citation: Citation
    ask_ids: list[str]
    rank: int  # best position among the asks' ranked lists (0 = top); escalation passages rank 0


@dataclass
class DraftInput:
    """The rendered draft prompts and what was trimmed to fit the budget."""

    system: str
    user: str
    tokens: int
    passage_ids: list[str]
    omitted_messages: int = 0
    omitted_passages: list[str] = field(default_factory=list)
    over_budget: bool = False


def ranked_passages(ctx: DraftContext) -> list[RankedPassage]:
    """Unique passages, best first: by rank within their asks, then by score."""
    by_id: dict[str, RankedPassage] = {}
    open_ids = [a.id for a in ctx.analysis.open_asks]
    for ask_id in open_ids:
        for rank, c in enumerate(ctx.passages.get(ask_id, [])):
            if c.id not in ctx.citations:
                continue
            rp = by_id.setdefault(c.id, RankedPassage(c, [], rank))
            rp.rank = min(rp.rank, rank)
            if ask_id not in rp.ask_ids:
                rp.ask_ids.append(ask_id)
            # policies a past answer relied on travel with it, one rank lower
            for pid in ctx.extra.get("policy_cids", {}).get(c.id, []):
                if pid in ctx.citations:
                    linked = by_id.setdefault(pid, RankedPassage(ctx.citations[pid], [], rank + 1))
                    linked.rank = min(linked.rank, rank + 1)
                    if ask_id not in linked.ask_ids:
                        linked.ask_ids.append(ask_id)
    for cid in ctx.extra.get("escalation_cids", []):
        if cid in ctx.citations and cid not in by_id:
            by_id[cid] = RankedPassage(ctx.citations[cid], [], 0)
    return sorted(by_id.values(), key=lambda p: (p.rank, -p.citation.score, _cid_number(p.citation.id)))


def _cid_number(cid: str) -> int:
    digits = "".join(ch for ch in cid if ch.isdigit())
    return int(digits) if digits else 0


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _render_message(i: int, m, text: str | None = None) -> str:
    item = {"i": i, "role": ROLE_NAMES.get(m.role, m.role), "text": m.text if text is None else text}
    if m.at:
        item["at"] = m.at
    return _json(item)


def _render_passage(p: RankedPassage) -> str:
    c = p.citation
    where = ("к вопросам " + ", ".join(p.ask_ids)) if p.ask_ids else "передача обращения / эскалация"
    kind = "правило" if c.source == "policy" else "прошлое обращение (образец формулировки, не факты этого клиента)"
    return f"[{c.id}] {kind} · {c.doc_id} · «{c.title}» · {where}\n{c.snippet}"


def render_draft_input(ctx: DraftContext, prompts: PromptSet, schema: dict, max_tokens: int) -> DraftInput:
    """Both draft prompts, trimmed to `max_tokens`: oldest messages first, then lowest-ranked passages."""
    a = ctx.analysis
    lang = a.language if a.language in LANGUAGE_NAMES else "ru"
    messages = list(enumerate(ctx.ticket.messages))
    passages = ranked_passages(ctx)
    asks = "\n".join(_json({"id": x.id, "kind": x.kind, "text": x.text, "message": x.source_message}) for x in a.open_asks) or "(нет открытых вопросов)"
    promises = "\n".join(_json({"message": p.message, "text": p.text, "status": p.status, **({"due": p.due} if p.due else {})})
                         for p in a.promises) or "(нет)"
    flags = "\n".join(_json({"kind": f.kind, "detail": f.detail, "message": f.message}) for f in a.flags) or "(нет)"
    orders = ", ".join(a.entities.order_ids) or "(не указаны)"
    system = prompts.render("draft_system.md", language=LANGUAGE_NAMES[lang], schema=json.dumps(schema, ensure_ascii=False, indent=2))
    fixed = {"audience": AUDIENCE_NAMES.get(ctx.ticket.audience, ctx.ticket.audience), "language": LANGUAGE_NAMES[lang],
             "asks": asks, "promises": promises, "flags": flags, "orders": orders}

    msg_lines = [_render_message(i, m) for i, m in messages]
    msg_tokens = [count_tokens(s) + 1 for s in msg_lines]
    pas_blocks = [_render_passage(p) for p in passages]
    pas_tokens = [count_tokens(s) + 2 for s in pas_blocks]

    def render(first_msg: int, n_passages: int, last_msg_text: str | None = None) -> str:
        lines = msg_lines[first_msg:]
        if last_msg_text is not None and lines:
            lines = lines[:-1] + [last_msg_text]
        omitted = f"(ранние сообщения 0–{first_msg - 1} опущены из-за длины)" if first_msg else "(переписка приведена полностью)"
        return prompts.render("draft_user.md", thread="\n".join(lines) or "(пусто)", omitted=omitted,
                              passages="\n\n".join(pas_blocks[:n_passages]) or "(подходящих материалов не найдено)", **fixed)

    def total(user: str) -> int:
        return count_tokens(system) + count_tokens(user) + 2 * MESSAGE_OVERHEAD_TOKENS

    base = total(render(len(msg_lines), 0))  # what is never trimmed: instructions, asks, promises, flags
    budget_left = max_tokens - base
    keep = _top_passage_count(passages)  # each ask's best passage stays, like the asks and the newest message

    def fits(first: int, n_pas: int) -> bool:  # per-part estimate; confirmed below with a real count
        return sum(msg_tokens[first:]) + sum(pas_tokens[:n_pas]) <= budget_left

    first, n_pas = 0, len(pas_blocks)
    while first < len(msg_lines) - 1 and not fits(first, n_pas):
        first += 1
    while n_pas > keep and not fits(first, n_pas):
        n_pas -= 1
    # the estimate is off by a few tokens per part: settle it with real counts, in the same order
    while first < len(msg_lines) - 1 and total(render(first, n_pas)) > max_tokens:
        first += 1
    while n_pas > keep and total(render(first, n_pas)) > max_tokens:
        n_pas -= 1
    while n_pas < len(pas_blocks) and total(render(first, n_pas + 1)) <= max_tokens:
        n_pas += 1
    while n_pas == len(pas_blocks) and first > 0 and total(render(first - 1, n_pas)) <= max_tokens:
        first -= 1
    last_text = None
    user = render(first, n_pas)
    if total(user) > max_tokens and msg_lines:  # the newest message alone is too long: cut its text
        room = max(budget_left - sum(pas_tokens[:n_pas]) - 24, 32)
        i, m = messages[-1]
        last_text = _render_message(i, m, truncate_tokens(m.text, room) + " …(сообщение обрезано)")
        user = render(first, n_pas, last_text)
    while total(user) > max_tokens and n_pas > keep:
        n_pas -= 1
        user = render(first, n_pas, last_text)
    tokens = total(user)
    over = tokens > max_tokens
    if over:
        log.warning("llm_prompt_over_budget", tokens=tokens, budget=max_tokens, n_asks=len(a.open_asks))
    return DraftInput(system=system, user=user, tokens=tokens, passage_ids=[p.citation.id for p in passages[:n_pas]],
                      omitted_messages=first, omitted_passages=[p.citation.id for p in passages[n_pas:]], over_budget=over)


def _top_passage_count(passages: list[RankedPassage]) -> int:
    """How many passages from the top are some ask's best one (never dropped)."""
    return sum(1 for p in passages if p.rank == 0)


def render_repair(prompts: PromptSet, errors: list[str], ask_ids: list[str]) -> str:
    return prompts.render("repair.md", errors="\n".join(f"- {e}" for e in errors), ask_ids=", ".join(ask_ids) or "(нет)")
