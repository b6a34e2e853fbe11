"""Hand-made cases, events and run directories for the drafting-eval tests (no index, no drafter)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilot.evaluation.scorers import ScoringContext, aggregate, gate_failures, score_case


def eval_case(cid: str = "EV-T1", **over) -> dict:
    case = {
        "id": cid, "ci": True, "audience": "buyer", "lang": "ru", "tags": ["courier"],
        "ticket": {"id": "T-1", "audience": "buyer", "messages": [
            {"role": "customer", "text": "Курьер приехал на два часа раньше интервала. Когда мне теперь привезут заказ?"}]},
        "gold_asks": [{"message": 0, "quote": "Курьер приехал на два часа раньше интервала", "text": "почему курьер приехал раньше интервала"},
                      {"message": 0, "quote": "Когда мне теперь привезут заказ?", "text": "когда доставят заказ"}],
        "gold_answer": "Здравствуйте! Курьер должен приезжать в выбранный интервал. Перенесу доставку на удобный вам интервал бесплатно.",
        "gold_doc_ids": ["buyer/courier-time-windows"],
        "expected_flags": [],
        "answerable": True,
    }
    case.update(over)
    return case


def eval_event(case: dict, draft: str, **over) -> dict:
    event = {
        "type": "draft", "run_id": "r", "seq": 0, "case_id": case["id"], "draft": draft, "error": None, "degraded": False,
        "asks": [{"id": "a1", "text": "Курьер приехал на два часа раньше интервала.", "kind": "complaint", "source_message": 0},
                 {"id": "a2", "text": "Когда мне теперь привезут заказ?", "kind": "question", "source_message": 0}],
        "flags": [], "timings_ms": {"total": 100.0},
        "citations": [{"id": "c1", "source": "policy", "doc_id": "buyer/courier-time-windows", "title": "Интервалы",
                       "snippet": "Курьер обязан приехать в выбранный двухчасовой интервал и позвонить за 30–60 минут.", "score": 0.9}],
    }
    event.update(over)
    return event


GOOD_DRAFT = ("Здравствуйте! Курьер должен был приехать в выбранный интервал и позвонить за 30–60 минут, приезд раньше интервала — нарушение. [c1]\n\n"
              "Заказ привезут в новый интервал бесплатно: доставят, когда вам удобно, напишите время. [c1]")


def write_run(runs_dir: Path, run_id: str, cases: list[dict], events: list[dict]) -> Path:
    """A run directory as `run_eval` writes it, from hand-made events."""
    d = runs_dir / run_id
    d.mkdir(parents=True)
    ctx = ScoringContext()
    scores = [score_case(e, c, ctx) for e, c in zip(events, cases)]
    metrics = aggregate(scores)
    failures = gate_failures(metrics)
    for name, rows in (("cases", cases), ("events", events), ("scores", scores)):
        (d / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    summary = {"run_id": run_id, "suite": "test", "n_cases": len(cases), "backend": "extractive", "seed": 13, "cases_hash": "c0ffee",
               "kb_hash": "kb", "settings_hash": "s", "created_at": "2026-01-01T00:00:00+00:00", "metrics": metrics,
               "gate": {"passed": not failures, "failures": failures}}
    (d / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    return d


@pytest.fixture()
def make_case():
    return eval_case


@pytest.fixture()
def make_event():
    return eval_event


@pytest.fixture()
def make_run(tmp_path: Path):
    def make(run_id: str, cases: list[dict], events: list[dict]) -> Path:
        return write_run(tmp_path / "runs", run_id, cases, events)

    return make


@pytest.fixture()
def good_draft() -> str:
    return GOOD_DRAFT
