"""`copilot eval ...` subcommands."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from copilot.config import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="eval_command", required=True)
    s = sub.add_parser("retrieval", help="recall@5 and MRR for sparse-only, dense-only and hybrid")
    s.add_argument("--file", default="eval/retrieval.jsonl")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("analysis", help="ask recall/precision and per-flag precision/recall on labelled threads")
    s.add_argument("--file", default="eval/analysis.jsonl")
    s.add_argument("--json", action="store_true")
    s.add_argument("--verbose", action="store_true", help="print the misses")
    s = sub.add_parser("run", help="draft every case and record events (eval/runs/<run_id>/)")
    s.add_argument("--file", default="eval/cases.jsonl")
    s.add_argument("--suite", default="full", help="full, ci (the fixed 20-case suite) or tag:<tag> (cases with that tag)")
    s.add_argument("--backend", choices=["extractive", "openai"], default="extractive")
    s.add_argument("--limit", type=int, default=0)
    s.add_argument("--workers", type=int, default=1)
    s.add_argument("--seed", type=int, default=13)
    s.add_argument("--runs-dir", default="eval/runs")
    s.add_argument("--gate", action="store_true", help="exit 1 when the CI thresholds are not met")
    s = sub.add_parser("report", help="render Markdown and HTML reports of a run")
    s.add_argument("run", help="run id or path")
    s.add_argument("--runs-dir", default="eval/runs")
    s = sub.add_parser("compare", help="per-case regressions and improvements between two runs")
    s.add_argument("run_a")
    s.add_argument("run_b")
    s.add_argument("--runs-dir", default="eval/runs")
    s.add_argument("--threshold", type=float, default=0.05)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.eval_command == "retrieval":
        from copilot.evaluation.retrieval_eval import evaluate_retrieval, load_queries, markdown_table
        from copilot.services import open_services

        queries = load_queries(Path(args.file))
        services = open_services(settings)
        try:
            scores = evaluate_retrieval(services.retriever, queries)
        finally:
            services.close()
        print(json.dumps(scores, indent=2) if args.json else markdown_table(scores, len(queries)))
        return 0
    if args.eval_command == "analysis":
        from copilot.evaluation.analysis_eval import evaluate_analysis, load_cases, markdown_table

        cases = load_cases(Path(args.file))
        scores, misses = evaluate_analysis(cases, locale=settings.operator_locale)
        print(json.dumps(scores, indent=2) if args.json else markdown_table(scores, len(cases)))
        if args.verbose:
            for m in misses:
                print(m)
        return 0
    if args.eval_command == "run":
        from copilot.evaluation.runner import run_cli

        return run_cli(args, settings)
    if args.eval_command == "report":
        from copilot.evaluation.report import report_cli

        return report_cli(args)
    if args.eval_command == "compare":
        from copilot.evaluation.report import compare_cli

        return compare_cli(args)
    return 2
