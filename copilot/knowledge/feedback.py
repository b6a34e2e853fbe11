"""Durable store of operators' final replies (`POST /v1/feedback`): SQLite in WAL mode.

A row is committed (fsync'd by SQLite with synchronous=FULL) before the API answers 201; the
exchange is then indexed as a past resolved ticket and survives re-ingest and restarts, because
ingest always adds the stored feedback to the knowledge-base points.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path

from copilot.knowledge.loader import AskAnswer, PastTicket


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS feedback (id TEXT PRIMARY KEY, created REAL, ticket_id TEXT, draft_id TEXT,"
            " resolved INTEGER, audience TEXT, lang TEXT, body TEXT)"
        )
        self._lock = threading.Lock()

    def add(self, *, ticket: dict, final_reply: str, draft_id: str | None, resolved: bool, audience: str, lang: str,
            pairs: list[dict]) -> str:
        fid = "FB-" + uuid.uuid4().hex[:12]
        body = json.dumps({"ticket": ticket, "final_reply": final_reply, "pairs": pairs}, ensure_ascii=False)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (fid, time.time(), ticket.get("id"), draft_id, int(resolved), audience, lang, body),
            )
            self._db.execute("COMMIT")
        return fid

    def all(self) -> list[dict]:
        with self._lock:
            rows = self._db.execute("SELECT id, created, ticket_id, draft_id, resolved, audience, lang, body FROM feedback ORDER BY created").fetchall()
        out = []
        for fid, created, ticket_id, draft_id, resolved, audience, lang, body in rows:
            data = json.loads(body)
            out.append({"id": fid, "created": created, "ticket_id": ticket_id, "draft_id": draft_id, "resolved": bool(resolved),
                        "audience": audience, "lang": lang, **data})
        return out

    def as_past_tickets(self) -> list[PastTicket]:
        return [feedback_to_ticket(row) for row in self.all() if row["resolved"]]

    def close(self) -> None:
        self._db.close()


def feedback_to_ticket(row: dict) -> PastTicket:
    ticket = row["ticket"]
    pairs = [AskAnswer(ask=p["ask"], answer=p["answer"], policy_ids=list(p.get("policy_ids") or [])) for p in row["pairs"]]
    if not pairs:
        last_customer = next((m["text"] for m in reversed(ticket["messages"]) if m["role"] == "customer"), "")
        pairs = [AskAnswer(ask=last_customer[:300], answer=row["final_reply"], policy_ids=[])]
    return PastTicket(
        id=row["id"], audience=row["audience"], lang=row["lang"], channel=str(ticket.get("channel") or "chat"),
        topic="feedback", messages=ticket["messages"], final_reply=row["final_reply"], pairs=pairs,
        path="feedback", line=0, extra={"source_ticket_id": ticket.get("id")},
    )
