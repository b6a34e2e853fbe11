"""The operator's note in place of an ask nothing in the knowledge base supports."""

from __future__ import annotations

from copilot.checks import OPERATOR_NOTE
from copilot.domain import Ask
from copilot.drafting.extractive import unsupported_note


def _ask(text: str, kind: str) -> Ask:
    return Ask(id="a1", text=text, kind=kind, source_message=0, span=(0, len(text)), topic="other")


def test_a_question_goes_to_the_dedicated_group_and_a_statement_is_context() -> None:
    question = unsupported_note(_ask("Можно у вас оплатить заказ криптой?", "question"), "ru")
    assert "Уточните у выделенной группы" in question and "«Можно у вас оплатить заказ криптой?»" in question
    statement = unsupported_note(_ask("Я не всегда могу выйти раньше.", "complaint"), "ru")
    assert "клиент пишет «Я не всегда могу выйти раньше.»" in statement and "выделенной группы" not in statement
    english = unsupported_note(_ask("Nobody handed anything to me.", "complaint"), "en")
    assert "the customer writes “Nobody handed anything to me.”" in english and "dedicated group" not in english
    # a complaint that asks («Это вообще как?») is still a question
    assert "Уточните у выделенной группы" in unsupported_note(_ask("Почему никто не звонит?", "complaint"), "ru")
    # every note is one the reply check recognises and strips before it judges the reply
    assert all(OPERATOR_NOTE.fullmatch(n) for n in (question, statement, english))
