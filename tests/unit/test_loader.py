"""Knowledge-base loading: a malformed document fails with its file name and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.errors import KnowledgeBaseError
from copilot.knowledge.chunker import policy_points, ticket_points
from copilot.knowledge.loader import load_policies, load_tickets, parse_policy

GOOD = """---
id: buyer/x
title: Заголовок
audience: [buyer, seller]
lang: ru
tags: [a, b]
---
# Заголовок
Вступление.

## Раздел один
Текст раздела один.

## Раздел два
Текст раздела два.
"""


def test_parse_policy_sections() -> None:
    p = parse_policy(GOOD, "x.md", expected_id="buyer/x")
    assert p.audience == ["buyer", "seller"] and p.tags == ["a", "b"]
    assert [s.heading for s in p.sections] == ["Раздел один", "Раздел два"]
    points = policy_points(p)
    assert [pt.payload["heading"] for pt in points] == ["Заголовок", "Раздел один", "Раздел два"]
    assert len({pt.point_id for pt in points}) == 3


def test_bad_front_matter_names_file_and_line(tmp_path: Path) -> None:
    bad = GOOD.replace("lang: ru", "lang ru")
    with pytest.raises(KnowledgeBaseError) as e:
        parse_policy(bad, "kb/policies/buyer/x.md")
    assert "kb/policies/buyer/x.md:5" in str(e.value)


def test_wrong_audience_and_id_mismatch() -> None:
    with pytest.raises(KnowledgeBaseError, match="audience"):
        parse_policy(GOOD.replace("[buyer, seller]", "courier"), "x.md")
    with pytest.raises(KnowledgeBaseError, match="does not match its path"):
        parse_policy(GOOD, "x.md", expected_id="buyer/y")


def test_bad_ticket_json_names_line(tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "tickets").mkdir()
    good = '{"id": "KB-T-0001", "audience": "buyer", "lang": "ru", "messages": [{"role": "customer", "text": "Где заказ?"}], "resolution": {"final_reply": "Едет.", "pairs": [{"ask": "Где заказ?", "answer": "Едет к вам.", "policy_ids": []}]}}'
    (tmp_path / "tickets" / "t.jsonl").write_text(good + "\n" + '{"id": "KB-T-0002", "audience": ' + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as e:
        load_tickets(tmp_path)
    assert "t.jsonl:2" in str(e.value) and "invalid JSON" in str(e.value)


def test_ticket_points_one_per_pair_plus_whole(tmp_path: Path) -> None:
    (tmp_path / "tickets").mkdir()
    line = '{"id": "KB-T-0001", "audience": "buyer", "lang": "ru", "messages": [{"role": "customer", "text": "Где заказ? И когда вернут деньги?"}], "resolution": {"final_reply": "Ответ.", "pairs": [{"ask": "Где заказ?", "answer": "Едет.", "policy_ids": ["a"]}, {"ask": "Когда деньги?", "answer": "За 10 дней.", "policy_ids": ["b"]}]}}'
    (tmp_path / "tickets" / "t.jsonl").write_text(line, encoding="utf-8")
    [t] = load_tickets(tmp_path)
    points = ticket_points(t)
    assert [p.kind for p in points] == ["ticket_ask", "ticket_ask", "ticket"]
    assert points[1].embed_text == "Когда деньги?" and points[1].payload["policy_ids"] == ["b"]


def test_missing_policies_dir_is_empty_not_crash(tmp_path: Path) -> None:
    assert load_policies(tmp_path) == []
