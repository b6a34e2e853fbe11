"""Compensation asks: the rules are read from the knowledge base's compensation policy, and the rule
that fits the thread goes to the operator, never a promise to the customer."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.domain import Ask
from copilot.drafting.compensation import asks_for_compensation, best_rule, rule_clauses

KB = Path(__file__).resolve().parents[2] / "knowledge_base" / "policies" / "buyer"


def section(path: Path, heading_start: str) -> str:
    text = path.read_text(encoding="utf-8")
    part = next(p for p in text.split("\n## ")[1:] if p.startswith(heading_start))
    return part.split("\n", 1)[1]


def ask(text: str, topic: str = "compensation") -> Ask:
    return Ask(id="a1", text=text, kind="question", source_message=0, span=(0, len(text)), topic=topic)


def test_rule_clauses_of_the_russian_and_english_policies():
    ru = rule_clauses(section(KB / "compensation-rules.md", "Компенсации, которые"))
    assert [r.split(" — ")[-1] for r in ru] == ["200 баллов", "до 200 баллов", "300 баллов"]
    auto = rule_clauses(section(KB / "compensation-rules.md", "Автоматические"))
    assert len(auto) == 2 and auto[1].endswith(": 200 баллов")
    en = rule_clauses(section(KB / "en" / "compensation-rules.md", "What a first-line"))
    assert en[0].startswith("a changed delivery date") and en[2] == "a broken promise by support — 300 points"


@pytest.mark.parametrize("thread, expected", [
    ("Заказ перенесли с 5 мая на 7 мая, я узнала случайно, никакого уведомления. Хочу компенсацию", "Перенос даты доставки"),
    ("Курьер опять приехал на два часа раньше интервала, третий раз. Мне что-то положено?", "Неявка курьера"),
])
def test_the_rule_that_fits_the_thread(thread, expected):
    rules = rule_clauses(section(KB / "compensation-rules.md", "Компенсации, которые"))
    assert best_rule(rules, thread).startswith(expected)


def test_no_rule_when_nothing_fits():
    rules = rule_clauses(section(KB / "compensation-rules.md", "Компенсации, которые"))
    assert best_rule(rules, "Я десять дней жду возврат денег на карту, мне что-то положено?") is None


@pytest.mark.parametrize("text, yes", [
    ("Мне за это что-то полагается?", True),
    ("Хочу компенсацию за сорванную доставку", True),
    ("Do I get any compensation?", True),
    ("Когда появятся баллы компенсации?", False),  # about points already credited: answered from the policy
    ("Почему отменили заказ?", False),
])
def test_which_asks_are_about_compensation_itself(text, yes):
    assert asks_for_compensation(ask(text)) is yes


@pytest.mark.parametrize("text", ["Мне за эту задержку что-то будет?", "Do I get anything for the delay?"])
def test_something_for_the_delay_is_a_compensation_ask(text: str) -> None:
    from copilot.analysis.topics import primary_topic

    assert asks_for_compensation(ask(text, topic=primary_topic(text)))


def test_the_english_rules_name_the_automatic_lost_parcel_compensation():
    text = section(KB / "en" / "compensation-rules.md", "Automatic compensation")
    clauses = rule_clauses(text)
    assert any("lost in transit" in c and "10%" in c for c in clauses), clauses
    assert best_rule(clauses, "My order was marked as lost and cancelled. How much compensation do I get?") == clauses[0]
