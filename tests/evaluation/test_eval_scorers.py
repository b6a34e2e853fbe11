"""Scorers of the drafting eval on hand-made events: each metric's edge cases and the decisions
documented in `copilot.evaluation.scorers` (matching, echo removal, ticket-citation mapping)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest

from copilot.evaluation.scorers import (
    LLMJudge, ScoringContext, aggregate, ask_coverage, ask_match, chrf, citation_match, flag_match, gate_failures,
    own_words, parse_judge_reply, percentile, score_case, similarity, unbacked_promises,
)

CTX = ScoringContext()


# ---- chrF ----------------------------------------------------------------------------------------

def test_chrf_identical_is_100():
    text = "Здравствуйте! Курьер приедет завтра с 14 до 16."
    assert chrf(text, text) == pytest.approx(100.0)


def test_chrf_disjoint_is_about_zero():
    assert chrf("abcdef ghij", "xyz uvw qrst") == pytest.approx(0.0)
    assert chrf("курьер приедет", "refund in ten days") < 1.0


def test_chrf_partial_overlap_and_recall_weighting():
    ref = "the courier will come tomorrow between two and four"
    partial = chrf("the courier will come tomorrow", ref)
    assert 20.0 < partial < 100.0
    # beta = 2 weighs recall: a hypothesis containing the whole reference plus noise beats a short exact prefix
    assert chrf(ref + " and also some unrelated words here", ref) > partial


def test_chrf_ignores_whitespace_and_handles_empty():
    assert chrf("a b c d e f g", "abcdefg") == pytest.approx(100.0)
    assert chrf("", "") == 100.0
    assert chrf("", "something") == 0.0
    assert chrf("ab", "ab") == pytest.approx(100.0)  # shorter than 6 chars: only the orders both texts have


# ---- asks --------------------------------------------------------------------------------------------

def test_ask_match_by_message_and_quote_overlap(make_case, make_event):
    case = make_case()
    r = ask_match(make_event(case, "x"), case, CTX)
    assert (r["ask_tp"], r["ask_recall"], r["ask_precision"]) == (2, 1.0, 1.0)


def test_ask_match_needs_the_same_message_and_counts_extra_asks(make_case, make_event):
    case = make_case()
    asks = [{"id": "a1", "text": "Курьер приехал на два часа раньше интервала.", "source_message": 1},  # wrong message
            {"id": "a2", "text": "Когда мне теперь привезут заказ?", "source_message": 0},
            {"id": "a3", "text": "Что-то ещё?", "source_message": 0}]
    r = ask_match(make_event(case, "x", asks=asks), case, CTX)
    assert r["ask_tp"] == 1 and r["ask_recall"] == 0.5 and r["ask_precision"] == pytest.approx(1 / 3)
    assert r["ask_matched"] == [False, True]


def test_ask_match_falls_back_to_word_overlap_for_rewritten_asks(make_case, make_event):
    case = make_case()
    asks = [{"id": "a1", "text": "курьер приехал раньше интервала", "source_message": 0}]  # not verbatim
    r = ask_match(make_event(case, "x", asks=asks), case, CTX)
    assert r["ask_matched"] == [True, False]


def test_ask_match_is_one_to_one(make_case, make_event):
    case = make_case()
    asks = [{"id": "a1", "text": "Курьер приехал на два часа раньше интервала. Когда мне теперь привезут заказ?", "source_message": 0}]
    r = ask_match(make_event(case, "x", asks=asks), case, CTX)
    assert r["ask_tp"] == 1 and r["ask_recall"] == 0.5


# ---- coverage -------------------------------------------------------------------------------------------

def test_coverage_of_a_draft_that_answers_both_asks(make_case, make_event, good_draft):
    case = make_case()
    r = ask_coverage(make_event(case, good_draft), case, CTX)
    assert r["ask_covered"] == [True, True] and r["ask_coverage"] == 1.0


def test_coverage_of_an_off_topic_draft_is_zero(make_case, make_event):
    case = make_case()
    r = ask_coverage(make_event(case, "Здравствуйте! Деньги за отменённый заказ вернутся на карту в течение 10 дней."), case, CTX)
    assert r["ask_coverage"] == 0.0


def test_echoing_the_question_does_not_count_as_answering_it(make_case, make_event):
    case = make_case()
    echo = "Здравствуйте! Вы спрашиваете: «Курьер приехал на два часа раньше интервала.» Мы разберёмся. Вы спрашиваете: «Когда мне теперь привезут заказ?»"
    r = ask_coverage(make_event(case, echo), case, CTX)
    assert r["ask_coverage"] == 0.0
    assert r["ask_coverage_raw"] > 0.0  # the unmodified draft would have passed on the echo alone


def test_own_words_keeps_quotes_that_are_not_the_customers():
    ticket = {"messages": [{"role": "customer", "text": "Где мой заказ?"}]}
    text = "Откройте раздел «Мои заказы» и нажмите «Изменить время доставки». Вы писали: «Где мой заказ?» [c1]"
    assert own_words(text, ticket) == "Откройте раздел «Мои заказы» и нажмите «Изменить время доставки». Вы писали: «…»"


def test_failed_case_scores_as_empty_draft(make_case, make_event, good_draft):
    case = make_case()
    r = score_case(make_event(case, good_draft, error={"type": "RuntimeError", "message": "boom"}), case, CTX)
    assert r["ask_coverage"] == 0.0 and r["ask_recall"] == 0.0 and r["error"]


# ---- citations ----------------------------------------------------------------------------------------------

def test_citations_policy_ids_and_ticket_mapping(make_case, make_event):
    case = make_case(gold_doc_ids=["buyer/courier-time-windows", "buyer/compensation-rules"])
    citations = [
        {"id": "c1", "source": "ticket", "doc_id": "ticket/KB-B-0009#1", "snippet": ""},
        {"id": "c2", "source": "policy", "doc_id": "support/escalation", "snippet": ""},
        {"id": "c3", "source": "ticket", "doc_id": "ticket/FB-1#1", "snippet": ""},  # no policy ids: left out
    ]
    ctx = ScoringContext(ticket_policy_ids={"ticket/KB-B-0009#1": ["buyer/courier-time-windows"]})
    r = citation_match(make_event(case, "x", citations=citations), case, ctx)
    assert r["cited_policies"] == ["buyer/courier-time-windows", "support/escalation"]
    assert (r["citation_precision"], r["citation_recall"]) == (0.5, 0.5)


def test_a_policy_and_its_translation_are_one_policy(make_case, make_event):
    case = make_case()
    case["gold_doc_ids"] = ["seller/payouts"]
    event = make_event(case, "Payouts are made every Wednesday. [c1]",
                       citations=[{"id": "c1", "source": "policy", "doc_id": "seller/en/payouts", "snippet": "Payouts every Wednesday."}])
    r = citation_match(event, case, CTX)
    assert r["citation_precision"] == 1.0 and r["citation_recall"] == 1.0


def test_citations_of_an_unanswerable_case(make_case, make_event):
    case = make_case(gold_doc_ids=[], answerable=False)
    assert citation_match(make_event(case, "x", citations=[]), case, CTX)["citation_precision"] == 1.0
    assert citation_match(make_event(case, "x"), case, CTX)["citation_precision"] == 0.0  # cited something with nothing to cite


# ---- flags -----------------------------------------------------------------------------------------------------

def test_flags_per_kind(make_case, make_event):
    case = make_case(expected_flags=["legal_threat", "escalate"])
    r = flag_match(make_event(case, "x", flags=[{"kind": "legal_threat", "detail": "", "message": 0},
                                                {"kind": "injection", "detail": "", "message": 0}]), case, CTX)
    assert r["flag_legal_threat"] == {"tp": 1, "fp": 0, "fn": 0}
    assert r["flag_escalate"] == {"tp": 0, "fp": 0, "fn": 1}
    assert r["flag_injection"] == {"tp": 0, "fp": 1, "fn": 0}
    assert r["flag_recall"] == 0.5 and r["flag_precision"] == 0.5


# ---- promises -----------------------------------------------------------------------------------------------------

def test_unbacked_promises_against_citation_snippets(make_case, make_event):
    case = make_case()
    draft = ("Курьер позвонит за 30–60 минут. [c1] Начислим вам 500 баллов в течение 3 дней. "
             "В качестве компенсации дадим промокод.")
    r = unbacked_promises(make_event(case, draft), case, CTX)
    assert r["unbacked_promises"] == 2 and r["promise_sentences"] == 2  # minutes are not a deadline unit of checks._numbers
    assert "500 points" in r["unbacked"][0]["reason"] and "3 days" in r["unbacked"][0]["reason"]
    assert r["unbacked"][1]["reason"] == "compensation is not backed by any retrieved policy"


def test_backed_amounts_are_not_counted(make_case, make_event):
    case = make_case()
    event = make_event(case, "Начислим 200 баллов в течение 24 часов. [c1]",
                       citations=[{"id": "c1", "source": "policy", "doc_id": "buyer/compensation-rules",
                                   "snippet": "За сорванный интервал начисляется 200 баллов в течение 24 часов."}])
    assert unbacked_promises(event, case, CTX)["unbacked_promises"] == 0


def test_a_policy_sentence_quoted_verbatim_is_backed_even_when_it_also_forbids(make_case, make_event):
    """«…после 15 дней действуют ограничения, а без брака вернуть нельзя»: the sentence forbids something,
    so it backs no *other* sentence, but repeating it word for word promises nothing beyond it."""
    case = make_case()
    policy = "Для технически сложного товара с браком после 15 дней действуют ограничения, а исправный вернуть нельзя."
    cites = [{"id": "c1", "source": "policy", "doc_id": "buyer/technically-complex-goods", "snippet": "Перечень. " + policy}]
    assert unbacked_promises(make_event(case, policy + " [c1]", citations=cites), case, CTX)["unbacked_promises"] == 0
    other = "Вернуть деньги можно в течение 15 дней. [c1]"
    assert unbacked_promises(make_event(case, other, citations=cites), case, CTX)["unbacked_promises"] == 1


def test_an_apology_for_a_broken_promise_is_not_a_new_promise(make_case, make_event):
    case = make_case()
    draft = "Приносим извинения: мы обещали начислить баллы к 02.04, и этого не произошло."
    assert unbacked_promises(make_event(case, draft), case, CTX)["unbacked_promises"] == 0


def test_quoted_customer_demand_is_not_a_promise(make_case, make_event):
    case = make_case(ticket={"messages": [{"role": "customer", "text": "Хочу компенсацию 5000 рублей!"}]})
    event = make_event(case, "Вы пишете: «Хочу компенсацию 5000 рублей!» Мы разберёмся.", citations=[])
    assert unbacked_promises(event, case, CTX)["unbacked_promises"] == 0


def test_quoting_the_broken_operator_promise_is_not_a_new_promise(make_case, make_event):
    ticket = {"messages": [{"role": "customer", "text": "Где баллы?"},
                           {"role": "operator", "text": "Начислю вам 200 баллов, они поступят в течение 24 часов."},
                           {"role": "customer", "text": "Баллов нет!"}]}
    case = make_case(ticket=ticket)
    event = make_event(case, "Ранее мы обещали: «Начислю вам 200 баллов, они поступят в течение 24 часов», но не выполнили.", citations=[])
    assert unbacked_promises(event, case, CTX)["unbacked_promises"] == 0


# ---- similarity ----------------------------------------------------------------------------------------------------

def test_similarity_strips_markers_and_uses_the_embedder(make_case, make_event):
    case = make_case()

    def fake_embed(texts):
        return np.array([[1.0, 0.0] if "Курьер" in t else [0.0, 1.0] for t in texts], dtype=np.float32)

    event = make_event(case, case["gold_answer"] + " [c1]")
    r = similarity(event, case, ScoringContext(embed=fake_embed))
    assert r["chrf"] == pytest.approx(100.0) and r["embed_cos"] == pytest.approx(1.0)
    assert similarity(event, case, CTX)["embed_cos"] is None


# ---- aggregation and gate -------------------------------------------------------------------------------------------

def test_aggregate_is_micro_over_asks_and_flags(make_case, make_event, good_draft):
    c1 = make_case("EV-1")
    c2 = make_case("EV-2", expected_flags=["escalate"], gold_asks=make_case()["gold_asks"][:1])
    scores = [score_case(make_event(c1, good_draft), c1, CTX), score_case(make_event(c2, "Здравствуйте!", timings_ms={"total": 300.0}), c2, CTX)]
    m = aggregate(scores)
    assert m["ask_coverage"] == pytest.approx(2 / 3)  # 2 of 3 gold asks, not the mean of 1.0 and 0.0
    assert m["flag_recall"] == 0.0 and m["flags"]["escalate"]["fn"] == 1
    assert m["latency_ms"]["p50"] == pytest.approx(200.0)
    assert gate_failures(m) == ["ask_coverage = 0.667, required >= 0.9", "flag_recall = 0.000, required >= 0.9"]


def test_gate_passes_and_fails_on_unbacked():
    ok = {"ask_coverage": 0.95, "flag_recall": 0.9, "unbacked_promises": 0}
    assert gate_failures(ok) == []
    assert gate_failures({**ok, "unbacked_promises": 1}) == ["unbacked_promises = 1, required == 0"]


def test_percentile():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert percentile([], 50) is None


# ---- the LLM judge -----------------------------------------------------------------------------------------------------

class FakeClient:
    def __init__(self, content: str):
        self.content, self.calls = content, []
        self.chat = SimpleNamespace(completions=SimpleNamespace(create=self.create))

    def create(self, **kwargs):
        self.calls.append(kwargs)
        return SimpleNamespace(choices=[SimpleNamespace(message=SimpleNamespace(content=self.content))])


def test_judge_is_null_without_an_llm(make_case, make_event, good_draft):
    case = make_case()
    r = score_case(make_event(case, good_draft), case, CTX)
    assert r["judge"] is None and r["judge_score"] is None
    assert LLMJudge.from_settings(SimpleNamespace(base_url="")) is None


def test_judge_per_ask_rubric(make_case, make_event, good_draft):
    case = make_case()
    client = FakeClient('```json\n{"asks": [{"n": 1, "score": 2, "reason": "ok"}, {"n": 2, "score": 1, "reason": "generic"}]}\n```')
    r = score_case(make_event(case, good_draft + " [c1]"), case, ScoringContext(judge=LLMJudge(client, "m")))
    assert r["judge_score"] == 0.75 and [a["score"] for a in r["judge"]["asks"]] == [2, 1]
    prompt = client.calls[0]["messages"][0]["content"]
    assert "когда доставят заказ" in prompt and "[c1]" not in prompt and client.calls[0]["temperature"] == 0


def test_judge_failure_is_recorded_not_raised(make_case, make_event, good_draft):
    case = make_case()
    r = score_case(make_event(case, good_draft), case, ScoringContext(judge=LLMJudge(FakeClient("I think it is fine"), "m")))
    assert r["judge_score"] is None and "no JSON" in r["judge"]["error"]
    with pytest.raises(ValueError):
        parse_judge_reply(json.dumps({"asks": [{"n": 1, "score": 5}]}), 1)
