"""`copilot eval run`: case selection, run ids, the recorded events and the gate's exit code.
The end-to-end run drafts 3 real cases with the session `services` (real index, real drafter)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from copilot.config import Settings
from copilot.evaluation.runner import RunConfig, finish, load_cases, make_run_id, run_eval, select_cases, settings_snapshot

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "eval" / "cases.jsonl"


def _cases(n: int = 10) -> list[dict]:
    return [{"id": f"EV-{i:03d}", "ci": i % 3 == 0, "tags": ["legal"] if i % 2 else []} for i in range(n, 0, -1)]


def test_select_cases_sorts_filters_and_samples_with_the_seed():
    cases = _cases()
    assert [c["id"] for c in select_cases(cases, "full")] == [f"EV-{i:03d}" for i in range(1, 11)]
    assert [c["id"] for c in select_cases(cases, "ci")] == ["EV-003", "EV-006", "EV-009"]
    assert all(c["id"] in {"EV-001", "EV-003", "EV-005", "EV-007", "EV-009"} for c in select_cases(cases, "tag:legal"))
    a, b = select_cases(cases, "full", limit=4, seed=1), select_cases(list(reversed(cases)), "full", limit=4, seed=1)
    assert a == b and len(a) == 4 and [c["id"] for c in a] == sorted(c["id"] for c in a)
    with pytest.raises(ValueError):
        select_cases(cases, "nightly")


@pytest.mark.skipif(not CASES.exists(), reason="eval/cases.jsonl not written yet")
def test_the_ci_suite_of_the_dataset_has_20_cases():
    assert len(select_cases(load_cases(CASES), "ci")) == 20


def test_run_id_is_timestamp_plus_hash_of_inputs():
    now = datetime(2026, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
    a = make_run_id({"cases": "x", "settings": {"k": 1}}, now)
    assert re.fullmatch(r"20260501T120000Z-[0-9a-f]{8}", a)
    assert a == make_run_id({"settings": {"k": 1}, "cases": "x"}, now)
    assert a != make_run_id({"cases": "y", "settings": {"k": 1}}, now)


def test_settings_snapshot_has_no_secrets():
    s = Settings(api_keys="secret-1")
    s.llm.api_key = "secret-2"
    snap = json.dumps(settings_snapshot(s))
    assert "secret" not in snap and '"model"' in snap


def test_gate_exit_codes(make_run, make_case, make_event, good_draft, capsys):
    case = make_case()
    passing = json.loads((make_run("P", [case], [make_event(case, good_draft)]) / "summary.json").read_text())
    assert finish(passing, Path("x"), gate=True) == 0 and "gate passed" in capsys.readouterr().out
    failing = json.loads((make_run("F", [case], [make_event(case, "Здравствуйте!")]) / "summary.json").read_text())
    assert finish(failing, Path("x"), gate=False) == 0
    assert finish(failing, Path("x"), gate=True) == 1
    assert "GATE FAILED: ask_coverage = 0.000" in capsys.readouterr().err


@pytest.mark.skipif(not CASES.exists(), reason="eval/cases.jsonl not written yet")
def test_run_records_events_then_scores(services, draft_service, tmp_path):
    config = RunConfig(cases_path=CASES, suite="full", limit=3, seed=7, workers=2, runs_dir=tmp_path, progress=False)
    first = run_eval(config, services, draft_service=draft_service, judge=None)
    d = first.run_dir
    assert {p.name for p in d.iterdir()} == {"cases.jsonl", "events.jsonl", "scores.jsonl", "summary.json"}
    events = [json.loads(line) for line in (d / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    cases = [json.loads(line) for line in (d / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["case_id"] for e in events] == [c["id"] for c in cases] == first.summary["case_ids"] and len(events) == 3
    for e in events:
        assert e["error"] is None and e["draft"] and e["timings_ms"]["total"] > 0
        assert {"asks", "flags", "citations", "prompt_hashes", "settings", "settings_hash"} <= e.keys()
        assert "api_key" not in json.dumps(e["settings"])
    s = first.summary
    assert s["metrics"]["cases"] == 3 and s["metrics"]["latency_ms"]["p95"] is not None
    assert all(r["judge"] is None for r in first.scores) and all(r["embed_cos"] is not None for r in first.scores)
    # repeatable: the same inputs give the same run-id hash and the same drafts
    second = run_eval(config, services, draft_service=draft_service, judge=None)
    assert second.run_id.split("-")[1].split(".")[0] == first.run_id.split("-")[1].split(".")[0]
    again = [json.loads(line) for line in (second.run_dir / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["draft"] for e in again] == [e["draft"] for e in events]
    assert [r["case_score"] for r in second.scores] == [r["case_score"] for r in first.scores]
