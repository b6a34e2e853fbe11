"""The knowledge base itself: every file validates against knowledge_base/schema/, counts are met,
every policy_ids reference resolves, and no two past tickets are near-duplicates."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from copilot.knowledge.loader import load_policies, load_tickets, parse_front_matter

KB = Path(__file__).resolve().parents[2] / "knowledge_base"
POLICY_SCHEMA = json.loads((KB / "schema" / "policy.schema.json").read_text())
TICKET_SCHEMA = json.loads((KB / "schema" / "ticket.schema.json").read_text())


def _policy_files() -> list[Path]:
    return sorted((KB / "policies").rglob("*.md"))


def _ticket_lines() -> list[tuple[Path, int, dict]]:
    out = []
    for path in sorted((KB / "tickets").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                out.append((path, n, json.loads(line)))
    return out


@pytest.mark.parametrize("path", _policy_files(), ids=lambda p: str(p.relative_to(KB)))
def test_policy_front_matter_validates(path: Path) -> None:
    meta, body, _ = parse_front_matter(path.read_text(encoding="utf-8"), str(path))
    jsonschema.validate(meta, POLICY_SCHEMA)
    assert meta["id"] == path.relative_to(KB / "policies").with_suffix("").as_posix()
    assert len(re.findall(r"^## ", body, re.MULTILINE)) >= 4, "a policy needs at least 4 sections"


def test_every_ticket_validates() -> None:
    validator = jsonschema.Draft202012Validator(TICKET_SCHEMA, format_checker=jsonschema.FormatChecker())
    problems = [f"{p.name}:{n}: {e.message}" for p, n, obj in _ticket_lines() for e in validator.iter_errors(obj)]
    assert not problems, "\n".join(problems[:20])


def test_counts() -> None:
    policies = load_policies(KB)
    tickets = load_tickets(KB)
    assert len(policies) >= 45
    assert {a for p in policies for a in p.audience} == {"buyer", "seller", "pickup_point"}
    assert sum(p.lang == "en" for p in policies) >= 8
    assert len(tickets) >= 300
    assert sum(len(t.pairs) >= 2 for t in tickets) >= len(tickets) / 3
    assert sum(t.lang == "en" for t in tickets) >= 30
    assert set(Counter(t.audience for t in tickets)) == {"buyer", "seller", "pickup_point"}


def test_policy_ids_resolve() -> None:
    ids = {p.id for p in load_policies(KB)}
    dangling = [(t.id, pid) for t in load_tickets(KB) for pair in t.pairs for pid in pair.policy_ids if pid not in ids]
    assert not dangling, dangling[:10]


def _shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def test_no_near_duplicate_tickets() -> None:
    tickets = load_tickets(KB)
    sh = {t.id: _shingles(" ".join(m["text"] for m in t.messages if m["role"] == "customer")) for t in tickets}
    dupes = []
    for a, b in itertools.combinations(sh, 2):
        if sh[a] and sh[b]:
            jac = len(sh[a] & sh[b]) / len(sh[a] | sh[b])
            if jac >= 0.5:
                dupes.append((a, b, round(jac, 2)))
    assert not dupes, dupes[:10]
