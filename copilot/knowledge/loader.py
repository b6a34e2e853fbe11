"""Load the knowledge base: policies (Markdown with front matter) and past resolved tickets (JSONL).

A malformed document fails with `KnowledgeBaseError` naming its file and line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from copilot.domain import AUDIENCES, ROLES
from copilot.errors import KnowledgeBaseError

REQUIRED_POLICY_KEYS = ("id", "title", "audience", "lang", "tags")
LANGS = ("ru", "en")


@dataclass
class Section:
    heading: str
    text: str
    line: int


@dataclass
class Policy:
    id: str
    title: str
    audience: list[str]
    lang: str
    tags: list[str]
    intro: str
    sections: list[Section]
    path: str


@dataclass
class AskAnswer:
    ask: str
    answer: str
    policy_ids: list[str]


@dataclass
class PastTicket:
    id: str
    audience: str
    lang: str
    channel: str
    topic: str
    messages: list[dict]
    final_reply: str
    pairs: list[AskAnswer]
    path: str
    line: int
    extra: dict = field(default_factory=dict)


def _parse_scalar(raw: str) -> object:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        inner = raw[1:-1].strip()
        return [v.strip().strip("'\"") for v in inner.split(",") if v.strip()] if inner else []
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        return raw[1:-1]
    return raw


def parse_front_matter(text: str, path: str) -> tuple[dict, str, int]:
    """Returns (meta, body, line number where the body starts). A small YAML subset: `key: value`,
    `key: [a, b]`, and `key:` followed by `- item` lines."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise KnowledgeBaseError(path, 1, "missing front matter: the file must start with a '---' line")
    meta: dict[str, object] = {}
    current_list: str | None = None
    for i, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return meta, "\n".join(lines[i:]), i + 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if current_list and re.match(r"^\s*-\s+", line):
            meta[current_list].append(str(_parse_scalar(line.split("-", 1)[1])))  # type: ignore[union-attr]
            continue
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*(?:#.*)?$", line)
        if not m:
            raise KnowledgeBaseError(path, i, f"cannot parse front matter line {line.strip()!r} (expected 'key: value')")
        key, value = m.group(1), m.group(2)
        if value == "":
            meta[key] = []
            current_list = key
        else:
            meta[key] = _parse_scalar(value)
            current_list = None
    raise KnowledgeBaseError(path, 1, "front matter is not closed by a '---' line")


def parse_policy(text: str, path: str, expected_id: str | None = None) -> Policy:
    meta, body, body_line = parse_front_matter(text, path)
    for key in REQUIRED_POLICY_KEYS:
        if key not in meta or meta[key] in ("", None):
            raise KnowledgeBaseError(path, 1, f"front matter lacks '{key}'")
    audience = meta["audience"] if isinstance(meta["audience"], list) else [meta["audience"]]
    bad = [a for a in audience if a not in AUDIENCES]
    if bad or not audience:
        raise KnowledgeBaseError(path, 1, f"audience must be one or more of {', '.join(AUDIENCES)}, got {bad or audience}")
    if meta["lang"] not in LANGS:
        raise KnowledgeBaseError(path, 1, f"lang must be one of {', '.join(LANGS)}, got {meta['lang']!r}")
    tags = meta["tags"] if isinstance(meta["tags"], list) else [str(meta["tags"])]
    doc_id = str(meta["id"])
    if expected_id and doc_id != expected_id:
        raise KnowledgeBaseError(path, 1, f"id {doc_id!r} does not match its path (expected {expected_id!r})")
    intro_lines: list[str] = []
    sections: list[Section] = []
    for offset, line in enumerate(body.splitlines()):
        lineno = body_line + offset
        if line.startswith("## "):
            sections.append(Section(heading=line[3:].strip(), text="", line=lineno))
        elif line.startswith("# ") and not sections:
            continue
        elif sections:
            sections[-1].text += line + "\n"
        else:
            intro_lines.append(line)
    for s in sections:
        s.text = s.text.strip()
        if not s.text:
            raise KnowledgeBaseError(path, s.line, f"section {s.heading!r} is empty")
    if not sections and not "".join(intro_lines).strip():
        raise KnowledgeBaseError(path, body_line, "document has no text")
    return Policy(
        id=doc_id, title=str(meta["title"]), audience=[str(a) for a in audience], lang=str(meta["lang"]),
        tags=[str(t) for t in tags], intro="\n".join(intro_lines).strip(), sections=sections, path=path,
    )


def load_policies(kb_dir: Path) -> list[Policy]:
    root = kb_dir / "policies"
    policies: list[Policy] = []
    seen: dict[str, str] = {}
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root).with_suffix("").as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise KnowledgeBaseError(str(path), None, f"not UTF-8 text ({exc.reason})") from exc
        policy = parse_policy(text, str(path), expected_id=rel)
        if policy.id in seen:
            raise KnowledgeBaseError(str(path), 1, f"duplicate id {policy.id!r} (also in {seen[policy.id]})")
        seen[policy.id] = str(path)
        policies.append(policy)
    return policies


def parse_ticket(obj: object, path: str, line: int) -> PastTicket:
    def fail(problem: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(path, line, problem)

    if not isinstance(obj, dict):
        raise fail("a ticket must be a JSON object")
    for key in ("id", "audience", "lang", "messages", "resolution"):
        if key not in obj:
            raise fail(f"ticket lacks '{key}'")
    if obj["audience"] not in AUDIENCES:
        raise fail(f"unknown audience {obj['audience']!r}")
    if obj["lang"] not in LANGS:
        raise fail(f"unknown lang {obj['lang']!r}")
    messages = obj["messages"]
    if not isinstance(messages, list) or not messages:
        raise fail("messages must be a non-empty list")
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("text"), str) or not m["text"].strip():
            raise fail(f"message {i} needs a role in {ROLES} and a non-empty text")
    if not any(m["role"] == "customer" for m in messages):
        raise fail("a ticket needs at least one customer message")
    res = obj["resolution"]
    if not isinstance(res, dict) or not isinstance(res.get("final_reply"), str) or not isinstance(res.get("pairs"), list):
        raise fail("resolution needs 'final_reply' (string) and 'pairs' (list)")
    pairs = []
    for j, p in enumerate(res["pairs"]):
        if not isinstance(p, dict) or not str(p.get("ask", "")).strip() or not str(p.get("answer", "")).strip():
            raise fail(f"resolution pair {j} needs non-empty 'ask' and 'answer'")
        pairs.append(AskAnswer(ask=p["ask"].strip(), answer=p["answer"].strip(), policy_ids=list(p.get("policy_ids") or [])))
    if not pairs:
        raise fail("resolution has no ask/answer pairs")
    known = {"id", "audience", "lang", "channel", "topic", "messages", "resolution"}
    return PastTicket(
        id=str(obj["id"]), audience=obj["audience"], lang=obj["lang"], channel=str(obj.get("channel") or "chat"),
        topic=str(obj.get("topic") or ""), messages=messages, final_reply=res["final_reply"], pairs=pairs,
        path=path, line=line, extra={k: v for k, v in obj.items() if k not in known},
    )


def load_tickets(kb_dir: Path) -> list[PastTicket]:
    tickets: list[PastTicket] = []
    seen: dict[str, str] = {}
    for path in sorted((kb_dir / "tickets").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise KnowledgeBaseError(str(path), lineno, f"invalid JSON: {exc.msg} at column {exc.colno}") from exc
                ticket = parse_ticket(obj, str(path), lineno)
                if ticket.id in seen:
                    raise KnowledgeBaseError(str(path), lineno, f"duplicate ticket id {ticket.id!r} (also at {seen[ticket.id]})")
                seen[ticket.id] = f"{path}:{lineno}"
                tickets.append(ticket)
    return tickets
