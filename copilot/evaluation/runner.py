"""`copilot eval run`: draft every case of a suite, record one event per case, then score.

The run directory `eval/runs/<run_id>/` holds:

* `cases.jsonl`   the cases of the run, as drafted (a snapshot: reports and re-scoring need no other file);
* `events.jsonl`  one `draft` event per case, in case order: the draft, asks, flags, citations,
                  timings, prompt hashes and settings, recorded before anything is scored;
* `scores.jsonl`  one record per case from `scorers.score_case`;
* `summary.json`  the run's metadata (suite, seed, settings, hashes) and aggregate metrics.

Runs are repeatable: cases are sorted by id, `--limit` samples with `random.Random(seed)`, and the
run id is `<UTC timestamp>-<hash of settings + cases + knowledge base + prompts>`, so two runs of
the same inputs share the suffix.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import structlog

from copilot.evaluation import scorers
from copilot.evaluation.scorers import LLMJudge, ScoringContext, aggregate, gate_failures, score_case, ticket_policy_map
from copilot.retrieval.embedders import EmbeddingCache

log = structlog.get_logger()

SUITES = ("full", "ci")


@dataclass
class RunConfig:
    cases_path: Path = Path("eval/cases.jsonl")
    suite: str = "full"  # full | ci | tag:<tag>
    backend: str = "extractive"
    limit: int = 0
    workers: int = 1
    seed: int = 13
    runs_dir: Path = Path("eval/runs")
    progress: bool | None = None  # None: a progress bar only on a terminal
    embed: bool = True  # embedding cosine to the gold answer (the slowest scorer on CPU); False records None


@dataclass
class RunResult:
    run_id: str
    run_dir: Path
    summary: dict
    scores: list[dict]


# ---- cases ---------------------------------------------------------------------------------------


def load_cases(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def select_cases(cases: Sequence[dict], suite: str, limit: int = 0, seed: int = 13) -> list[dict]:
    """The suite's cases sorted by id; `limit` > 0 takes a seeded sample (kept in id order)."""
    if suite == "full":
        chosen = list(cases)
    elif suite == "ci":
        chosen = [c for c in cases if c.get("ci")]
    elif suite.startswith("tag:"):
        chosen = [c for c in cases if suite[4:] in c.get("tags", [])]
    else:
        raise ValueError(f"unknown suite {suite!r}: use full, ci or tag:<tag>")
    chosen.sort(key=lambda c: c["id"])
    if 0 < limit < len(chosen):
        chosen = sorted(random.Random(seed).sample(chosen, limit), key=lambda c: c["id"])
    return chosen


# ---- fingerprints ------------------------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def settings_snapshot(settings: Any) -> dict:
    """The settings as JSON, without secrets."""
    def clean(obj: Any) -> Any:
        if dataclasses.is_dataclass(obj):
            return {f.name: clean(getattr(obj, f.name)) for f in dataclasses.fields(obj) if "api_key" not in f.name}
        return str(obj) if isinstance(obj, Path) else obj

    return clean(settings)


# settings that change how a run is logged or served, not what it drafts: left out of the run's hash
NON_FUNCTIONAL = ("data_dir", "api_keys", "cors_origins", "console_origins", "log_level", "log_json", "log_customer_text",
                  "auto_ingest", "limits")


def prompt_hashes(prompts_dir: Path) -> dict[str, str]:
    d = Path(prompts_dir)
    return {p.name: _sha(p.read_bytes())[:12] for p in sorted(d.glob("*.md"))} if d.is_dir() else {}


def tree_hash(root: Path, pattern: str = "*") -> str:
    h = hashlib.sha256()
    root = Path(root)
    for p in sorted(root.rglob(pattern)) if root.is_dir() else []:
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def cases_hash(cases: Sequence[dict]) -> str:
    return _sha(json.dumps(list(cases), ensure_ascii=False, sort_keys=True).encode())[:12]


def make_run_id(fingerprint: dict, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{_sha(json.dumps(fingerprint, sort_keys=True, default=str).encode())[:8]}"


# ---- the run ---------------------------------------------------------------------------------------------


def _event(run_id: str, seq: int, case: dict, response: dict | None, error: BaseException | None, requested: str,
           settings: dict, settings_hash: str, prompts: dict, elapsed_ms: float) -> dict:
    r = response or {}
    return {
        "type": "draft", "run_id": run_id, "seq": seq, "case_id": case["id"], "ticket_id": r.get("ticket_id", case["ticket"].get("id")),
        "backend_requested": requested, "backend": r.get("backend"), "degraded": r.get("degraded", False),
        "degraded_reason": r.get("degraded_reason"), "language": r.get("language"),
        "draft": (r.get("draft") or {}).get("text", ""), "asks": r.get("asks", []), "answered_asks": r.get("answered_asks", []),
        "flags": r.get("flags", []), "citations": r.get("citations", []), "brief": r.get("brief"),
        "timings_ms": {**r.get("timings_ms", {}), "wall": round(elapsed_ms, 1)} if r else {"wall": round(elapsed_ms, 1)},
        "prompt_hashes": {**prompts, **((r.get("metadata") or {}).get("prompt_hashes") or {})},
        "metadata": r.get("metadata", {}), "settings_hash": settings_hash, "settings": settings,
        "error": None if error is None else {"type": type(error).__name__, "message": str(error)[:500]},
    }


def cached_embed(embedder: Any, cache: EmbeddingCache) -> Callable[[Sequence[str]], np.ndarray]:
    """`embedder.embed_passages` through the persistent embedding cache (same keys as ingest:
    model id + sha256 of the text), so gold answers and unchanged drafts are embedded once."""
    def embed(texts: Sequence[str]) -> np.ndarray:
        keys = [_sha(t.encode()) for t in texts]
        found = cache.get_many(embedder.model_id, keys)
        todo = [i for i, k in enumerate(keys) if k not in found]
        if todo:
            fresh = embedder.embed_passages([texts[i] for i in todo])
            new = {keys[i]: fresh[j] for j, i in enumerate(todo)}
            cache.put_many(embedder.model_id, new)
            found.update(new)
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)

    return embed


def _progress(total: int, enabled: bool | None, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="case", disable=not (sys.stderr.isatty() if enabled is None else enabled))


def _write_jsonl(path: Path, rows: Sequence[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def fingerprint_of(config: RunConfig, settings: Any, cases: Sequence[dict]) -> dict:
    """Everything that decides a run's outputs; its hash ends the run id."""
    snapshot = settings_snapshot(settings)
    return {"settings": {k: v for k, v in snapshot.items() if k not in NON_FUNCTIONAL}, "backend": config.backend,
            "suite": config.suite, "limit": config.limit, "seed": config.seed, "cases": cases_hash(cases),
            "kb": tree_hash(settings.kb_dir), "prompts": prompt_hashes(settings.prompts_dir),
            "code": tree_hash(Path(__file__).resolve().parents[1], "*.py")}


def _new_run_dir(runs_dir: Path, run_id: str) -> Path:
    run_dir, n = runs_dir / run_id, 1
    while run_dir.exists():  # the same inputs twice within one second
        n += 1
        run_dir = runs_dir / f"{run_id}.{n}"
    run_dir.mkdir(parents=True)
    return run_dir


def draft_cases(service: Any, cases: Sequence[dict], config: RunConfig, run_id: str, fingerprint: dict, settings_hash: str) -> list[dict]:
    """One `draft` event per case, in case order (a thread pool when workers > 1); a failing case is
    recorded with its error and the run goes on."""
    snapshot = settings_snapshot(service.settings)

    def draft_one(seq: int, case: dict) -> dict:
        t0 = time.perf_counter()
        try:
            response, error = service.draft(case["ticket"], backend=config.backend), None
        except Exception as exc:  # recorded in the event
            log.warning("eval_case_failed", case_id=case["id"], error=type(exc).__name__)
            response, error = None, exc
        return _event(run_id, seq, case, response, error, config.backend, snapshot, settings_hash, fingerprint["prompts"],
                      (time.perf_counter() - t0) * 1000)

    events: list[dict] = [{}] * len(cases)
    with _progress(len(cases), config.progress, f"eval {config.suite}") as bar:
        if config.workers <= 1:
            for seq, case in enumerate(cases):
                events[seq] = draft_one(seq, case)
                bar.update(1)
        else:
            with ThreadPoolExecutor(max_workers=config.workers, thread_name_prefix="eval") as pool:
                futures = {pool.submit(draft_one, seq, case): seq for seq, case in enumerate(cases)}
                for fut in as_completed(futures):
                    events[futures[fut]] = fut.result()
                    bar.update(1)
    return events


def score_events(events: Sequence[dict], cases: Sequence[dict], services: Any, judge: Any, embed: bool = True) -> list[dict]:
    """Run every scorer over every (event, case)."""
    from copilot.knowledge.loader import load_tickets

    settings = services.settings
    cache = EmbeddingCache(settings.cache_path) if embed else None
    try:
        ctx = ScoringContext(embed=cached_embed(services.embedder, cache) if cache else None,
                             ticket_policy_ids=ticket_policy_map(load_tickets(settings.kb_dir)), judge=judge)
        drafts = [scorers.strip_markers(e["draft"]).strip() for e in events if e["draft"].strip()]
        ctx.prefetch(drafts + [c.get("gold_answer", "") for c in cases])
        return [score_case(e, c, ctx) for e, c in zip(events, cases)]
    finally:
        if cache:
            cache.close()


def run_eval(config: RunConfig, services: Any, *, draft_service: Any = None, judge: Any = "auto") -> RunResult:
    """Draft the suite and record the events, then score and aggregate. `judge="auto"` builds the
    LLM judge from `settings.llm` (none when no base URL is set)."""
    from copilot.drafting.service import DraftService

    settings = services.settings
    cases = select_cases(load_cases(config.cases_path), config.suite, config.limit, config.seed)
    if not cases:
        raise ValueError(f"suite {config.suite!r} of {config.cases_path} has no cases")
    fingerprint = fingerprint_of(config, settings, cases)
    settings_hash = _sha(json.dumps(fingerprint, sort_keys=True, default=str).encode())[:12]
    run_dir = _new_run_dir(Path(config.runs_dir), make_run_id(fingerprint))
    run_id = run_dir.name
    _write_jsonl(run_dir / "cases.jsonl", cases)

    started = time.perf_counter()
    events = draft_cases(draft_service or DraftService(services), cases, config, run_id, fingerprint, settings_hash)
    drafted_s = time.perf_counter() - started
    _write_jsonl(run_dir / "events.jsonl", events)  # events first, metrics after

    if judge == "auto":
        judge = LLMJudge.from_settings(settings.llm, seed=config.seed)
    scores = score_events(events, cases, services, judge, embed=config.embed)
    _write_jsonl(run_dir / "scores.jsonl", scores)
    metrics = aggregate(scores)
    failures = gate_failures(metrics)
    summary = {
        "run_id": run_id, "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "suite": config.suite, "cases_file": str(config.cases_path), "limit": config.limit, "seed": config.seed,
        "backend": config.backend, "workers": config.workers, "n_cases": len(cases), "case_ids": [c["id"] for c in cases],
        "cases_hash": fingerprint["cases"], "kb_hash": fingerprint["kb"], "code_hash": fingerprint["code"],
        "prompt_hashes": fingerprint["prompts"], "rubric_hash": scorers.RUBRIC_HASH, "settings_hash": settings_hash,
        "settings": settings_snapshot(settings), "judge": None if judge is None else getattr(judge, "model", "custom"),
        "draft_seconds": round(drafted_s, 2), "score_seconds": round(time.perf_counter() - started - drafted_s, 2), "metrics": metrics,
        "gate": {"thresholds": {k: f"{op} {v}" for k, (op, v) in scorers.GATE.items()}, "passed": not failures, "failures": failures},
    }
    (run_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    log.info("eval_run_done", run_id=run_id, cases=len(cases), draft_seconds=summary["draft_seconds"],
             score_seconds=summary["score_seconds"])
    return RunResult(run_id, run_dir, summary, scores)


# ---- printing and the CLI ---------------------------------------------------------------------------------


def _fmt(v: Any, digits: int = 3) -> str:
    if v is None:
        return "—"
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


def metrics_table(summary: dict) -> str:
    m = summary["metrics"]
    rows = [
        ("ask coverage of the draft", _fmt(m["ask_coverage"]), "gold asks addressed by the draft (own words)"),
        ("ask coverage (raw draft)", _fmt(m["ask_coverage_raw"]), "same, quotations of the customer kept"),
        ("ask recall / precision", f"{_fmt(m['ask_recall'])} / {_fmt(m['ask_precision'])}", "open asks found vs gold asks"),
        ("citation recall / precision", f"{_fmt(m['citation_recall'])} / {_fmt(m['citation_precision'])}", "policy ids vs gold_doc_ids"),
        ("flag recall / precision", f"{_fmt(m['flag_recall'])} / {_fmt(m['flag_precision'])}", "micro over all kinds"),
        ("unbacked promises", str(m["unbacked_promises"]), f"in {m['cases_with_unbacked']} case(s)"),
        ("chrF", _fmt(m["chrf"], 1), "vs gold answer, 0..100"),
        ("embedding cosine", _fmt(m["embed_cos"]), "vs gold answer"),
        ("LLM judge", _fmt(m["judge"]), "per-ask rubric, 0..1" if m["judge"] is not None else "not configured"),
        ("latency p50 / p95 ms", f"{_fmt(m['latency_ms']['p50'], 0)} / {_fmt(m['latency_ms']['p95'], 0)}", "timings_ms.total"),
    ]
    lines = [f"run {summary['run_id']}  suite={summary['suite']}  cases={summary['n_cases']}  backend={summary['backend']}"
             f"  errors={m['errors']}  degraded={m['degraded']}", ""]
    lines += [f"  {name:<30} {value:>15}   {note}" for name, value, note in rows]
    lines.append("")
    lines.append("  flags:" + "".join(f"  {k} {_fmt(v['recall'], 2)}/{_fmt(v['precision'], 2)} (n={v['support']})" for k, v in m["flags"].items()))
    return "\n".join(lines)


def run_cli(args: Any, settings: Any) -> int:
    from copilot.services import open_services

    config = RunConfig(cases_path=Path(args.file), suite=args.suite, backend=args.backend, limit=args.limit,
                       workers=max(1, args.workers), seed=args.seed, runs_dir=Path(args.runs_dir))
    try:
        select_cases(load_cases(config.cases_path), config.suite)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    services = open_services(settings)
    try:
        result = run_eval(config, services)
    finally:
        services.close()
    return finish(result.summary, result.run_dir, gate=args.gate)


def finish(summary: dict, run_dir: Path, gate: bool) -> int:
    """Print the run's metrics; with `gate`, exit code 1 and the failing metrics when the CI gate fails."""
    print(metrics_table(summary))
    print(f"\nwrote {run_dir}/ (events.jsonl, scores.jsonl, summary.json); render with: copilot eval report {summary['run_id']}")
    if not gate:
        return 0
    failures = summary["gate"]["failures"]
    for f in failures:
        print(f"GATE FAILED: {f}", file=sys.stderr)
    if not failures:
        print("gate passed")
    return 1 if failures else 0
