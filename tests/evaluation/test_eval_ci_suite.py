"""The CI gate of the drafting eval, in-process: the 20-case `ci` suite drafted with the session
services must reach ask coverage ≥ 0.90, flag recall ≥ 0.90 and no unbacked promise.

The thresholds and scorers are the product's bar; when this fails, improve the drafter/analysis,
not this test. The failure message lists the failing metrics and the worst cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.evaluation.runner import RunConfig, run_eval
from copilot.evaluation.scorers import gate_failures

CASES = Path(__file__).resolve().parents[2] / "eval" / "cases.jsonl"


@pytest.mark.skipif(not CASES.exists(), reason="eval/cases.jsonl not written yet")
def test_ci_suite_meets_the_gate(services, draft_service, tmp_path):
    # embed=False: the embedding-cosine scorer is not gated and is the slowest part on CPU
    config = RunConfig(cases_path=CASES, suite="ci", workers=2, runs_dir=tmp_path, progress=False, embed=False)
    result = run_eval(config, services, draft_service=draft_service, judge=None)
    m = result.summary["metrics"]
    assert m["cases"] == 20 and m["errors"] == 0
    worst = sorted(result.scores, key=lambda r: r["case_score"])[:5]
    detail = "\n".join(
        f"  {r['case_id']}: coverage {r['ask_coverage']:.2f} flags want {r['flags_want']} got {r['flags_got']} "
        f"unbacked {[u['sentence'] for u in r['unbacked']]}" for r in worst)
    failures = gate_failures(m)
    assert not failures, "CI gate failed: " + "; ".join(failures) + f"\nworst cases:\n{detail}"
    assert m["ask_coverage"] >= 0.90
    assert m["flag_recall"] >= 0.90
    assert m["unbacked_promises"] == 0
