"""The CI gate of the drafting eval, in-process: the fixed 20-case `ci` suite drafted with the
session services.

Gated at the product's bar: flag recall ≥ 0.90 and no unbacked promise. Ask coverage is gated at a
REGRESSION FLOOR (0.62), not at the 0.90 target of the evaluation issue: the extractive drafter
measures about 0.69 on this suite today (see the README's eval table), so the target is open work,
and this test stops any change that makes coverage worse. Raise COVERAGE_FLOOR as the drafter improves;
never lower it to make a change pass.
"""

from __future__ import annotations

from pathlib import Path

from copilot.evaluation.runner import RunConfig, run_eval
from copilot.evaluation.scorers import gate_failures

CASES = Path(__file__).resolve().parents[2] / "eval" / "cases.jsonl"
COVERAGE_FLOOR = 0.62
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
    assert m["ask_coverage"] >= COVERAGE_FLOOR, f"ask coverage {m['ask_coverage']:.3f} fell below the floor {COVERAGE_FLOOR}\n{detail}"
    # the CLI gate (`copilot eval run --suite ci --gate`) holds the product target; coverage is its only known gap
    assert [f for f in gate_failures(m) if not f.startswith("ask_coverage")] == []
