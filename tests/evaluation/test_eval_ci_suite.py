"""The CI gate of the drafting eval, in-process: the fixed 20-case `ci` suite drafted with the
session services.

Gated at the evaluation issue's thresholds, the same `gate_failures` the CLI gate
(`copilot eval run --suite ci --gate`) applies: ask coverage ≥ 0.90, flag recall ≥ 0.90, no unbacked
promise. Never lower a threshold to make a change pass.
"""

from __future__ import annotations

from pathlib import Path

from copilot.evaluation.runner import RunConfig, run_eval
from copilot.evaluation.scorers import gate_failures

CASES = Path(__file__).resolve().parents[2] / "eval" / "cases.jsonl"
COVERAGE_TARGET = 0.90


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
    assert m["flag_recall"] >= 0.90, f"flag recall {m['flag_recall']:.3f} < 0.90\n{detail}"
    assert m["unbacked_promises"] == 0, f"{m['unbacked_promises']} unbacked promise(s)\n{detail}"
    assert m["ask_coverage"] >= COVERAGE_TARGET, f"ask coverage {m['ask_coverage']:.3f} < {COVERAGE_TARGET}\n{detail}"
    assert gate_failures(m) == []
