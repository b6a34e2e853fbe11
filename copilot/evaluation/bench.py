"""`copilot bench [--quick]`: benchmarks and fault runs, reported as ratios measured in the same run.

Machines here are shared and noisy, so absolute milliseconds are reported next to ratios taken in
the same run (a draft against the floor: embedding the retrieval queries of a ticket's open asks
plus one hybrid index query) and CPU time per operation next to wall time. Steps:

1. ingest the real knowledge base into a fresh data dir (cold, chunks/s), re-ingest it unchanged
   (warm, seconds);
2. per scale (10k, and 50k without --quick), a scaled-up knowledge base generated from the real one
   (`bench_scale`), in its own Qdrant Edge shard; floor and extractive draft in-process on it;
   Edge HNSW against exact search and against qdrant-client's local mode (`bench_index`); then a
   real `copilot serve` on it: draft latency over loopback, and at 10k throughput at 1/4/16 clients;
3. fault runs (`bench_faults`), each asserted;
4. eval/bench/latest.md and latest.json; the table is printed. Exit 1 when a fault run fails.

Benchmarks are this command, never timed unit tests.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import resource
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from copilot.config import Settings

PERF_ENV = ("OMP_WAIT_POLICY", "OMP_NUM_THREADS", "GOMP_SPINCOUNT", "COPILOT_EMBED__THREADS", "COPILOT_QDRANT__EXACT", "COPILOT_QDRANT__HNSW_EF")
TARGETS = {"draft_p95_ms_10k": 150.0, "draft_over_floor_10k": 1.5, "drafts_per_s_16": 20.0, "warm_ingest_s": 10.0}


@dataclasses.dataclass
class Plan:
    scales: tuple[int, ...]
    rounds: int  # passes over the tickets, in-process (fewer when the time budget runs out)
    inprocess_budget_s: float
    http_requests: int
    http_budget_s: float
    concurrency: tuple[int, ...]
    concurrency_s: float
    local_queries: dict[int, int]  # scale -> queries sent to qdrant-client's local mode

    @classmethod
    def make(cls, quick: bool) -> "Plan":
        if quick:
            return cls((10_000,), 2, 60.0, 120, 30.0, (1, 4, 16), 5.0, {10_000: 5})
        return cls((10_000, 50_000), 3, 240.0, 300, 90.0, (1, 4, 16), 10.0, {10_000: 5, 50_000: 3})


def _say(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def load_bench_tickets(settings: Settings) -> list[dict]:
    """Tickets of the evaluation cases (eval/cases.jsonl) that have at least one open ask, with
    the asks' texts and the retrieval queries the drafter forms from them (`query_for`)."""
    from copilot.analysis import analyze, as_ticket

    from copilot.drafting.service import dense_text, query_for

    candidates = [Path("eval/cases.jsonl"), Path(__file__).resolve().parents[2] / "eval" / "cases.jsonl"]
    path = next((p for p in candidates if p.exists()), None)
    if path is None:
        demo = json.loads((Path(__file__).resolve().parents[1] / "console" / "demo_tickets.json").read_text(encoding="utf-8"))
        raw = [d["ticket"] for d in demo]
    else:
        raw = [json.loads(line)["ticket"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for t in raw:
        ticket = as_ticket(t)
        a = analyze(ticket, locale=settings.operator_locale)
        if a.open_asks:
            asks = [x.text for x in a.open_asks]
            queries = [query_for(x, ticket, a) for x in a.open_asks]
            dense = [dense_text(q, x.text) for q, x in zip(queries, a.open_asks)]
            out.append({"ticket": t, "asks": asks, "queries": queries, "dense": dense, "lang": a.language, "audience": t.get("audience", "buyer")})
    return out


def open_bench_services(settings: Settings, embedder, *, create: bool):
    """Services like `open_services`, on a shared, already loaded embedder and without auto-ingest."""
    from copilot.knowledge.feedback import FeedbackStore
    from copilot.retrieval.index import make_index
    from copilot.retrieval.search import Retriever
    from copilot.services import Services

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    index = make_index(settings, embedder.dim, create=create)
    return Services(settings, embedder, index, Retriever(embedder, index), FeedbackStore(settings.feedback_path))


def measure_ingest(settings: Settings, embedder) -> dict:
    from copilot.knowledge.ingest import index_is_stale
    from copilot.services import run_ingest

    services = open_bench_services(settings, embedder, create=True)
    try:
        t0 = time.perf_counter()
        cold = run_ingest(services, progress=False)
        cold_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        warm = run_ingest(services, progress=False)
        warm_s = time.perf_counter() - t1
        t2 = time.perf_counter()
        stale = index_is_stale(settings, embedder, services.feedback)
        check_s = time.perf_counter() - t2
    finally:
        services.close()
    return {"chunks": cold.total, "cold_s": round(cold_s, 1), "cold_chunks_per_s": round(cold.total / cold_s, 2),
            "warm_s": round(warm_s, 2), "warm_added": warm.added, "warm_deleted": warm.deleted, "warm_embedded": warm.embedded,
            "stale_check_s": round(check_s, 2), "stale_after_warm": stale, "rss_mb_after": _rss_mb()}


def measure_inprocess(drafts, retriever, tickets: Sequence[dict], rounds: int, budget_s: float) -> dict:
    """Floor (embed the retrieval queries of the open asks + one hybrid query), the same floor on the
    bare ask texts, and a full extractive draft, back to back per ticket (order alternating per
    round), for `rounds` passes over the tickets or until `budget_s` runs out (at least 30 tickets)."""
    from copilot.evaluation.bench_index import DRAFT_KINDS, pct

    def floor(t: dict, key: str = "queries") -> None:
        # the texts the drafter embeds: its queries without order numbers and greetings (`dense_text`)
        vectors = retriever.embed_queries(t["dense"] if key == "queries" else t[key])
        retriever.search(t[key][0], audience=t["audience"], lang=t["lang"], kinds=DRAFT_KINDS, limit=10, vector=vectors[0])

    for t in tickets[:8]:  # warm-up: caches, lazy imports, first-query costs
        floor(t)
        drafts.draft(t["ticket"], backend="extractive")
    floor_ms, bare_ms, draft_ms, parts = [], [], [], {"analyze": [], "retrieve": [], "compose": []}
    cpu = {"floor": 0.0, "draft": 0.0, "bare": 0.0}
    deadline = time.perf_counter() + budget_s
    for r in range(rounds):
        for t in tickets:
            if time.perf_counter() > deadline and len(draft_ms) >= 30:
                break
            runs = [("floor", floor_ms), ("draft", draft_ms), ("bare", bare_ms)]
            for name, sink in (runs if r % 2 == 0 else runs[::-1]):
                t0, c0 = time.perf_counter(), time.process_time()
                if name == "floor":
                    floor(t)
                elif name == "bare":
                    floor(t, "asks")
                else:
                    res = drafts.draft(t["ticket"], backend="extractive")
                sink.append((time.perf_counter() - t0) * 1000)
                cpu[name] += time.process_time() - c0
            for k in parts:
                parts[k].append(float(res["timings_ms"].get(k, 0.0)))
    n_asks = [len(t["asks"]) for t in tickets]
    return {
        "samples": len(draft_ms), "asks_per_ticket": round(sum(n_asks) / len(n_asks), 2),
        "floor_p50_ms": pct(floor_ms, 50), "floor_p95_ms": pct(floor_ms, 95),
        "floor_bare_asks_p50_ms": pct(bare_ms, 50), "floor_bare_asks_p95_ms": pct(bare_ms, 95),
        "query_chars_per_ask": round(sum(len(q) for t in tickets for q in t["queries"]) / sum(n_asks), 1),
        "ask_chars_per_ask": round(sum(len(q) for t in tickets for q in t["asks"]) / sum(n_asks), 1),
        "draft_p50_ms": pct(draft_ms, 50), "draft_p95_ms": pct(draft_ms, 95), "draft_p99_ms": pct(draft_ms, 99),
        "draft_over_floor": round(pct(draft_ms, 50) / pct(floor_ms, 50), 2),
        "draft_over_floor_p95": round(pct(draft_ms, 95) / pct(floor_ms, 95), 2),
        "draft_parts_p50_ms": {k: pct(v, 50) for k, v in parts.items()},
        # CPU time of this process (all threads) per operation: what noisy neighbours skew least
        "floor_cpu_ms": round(cpu["floor"] * 1000 / len(floor_ms), 1), "draft_cpu_ms": round(cpu["draft"] * 1000 / len(draft_ms), 1),
        "floor_bare_asks_cpu_ms": round(cpu["bare"] * 1000 / len(bare_ms), 1),
        "draft_over_floor_cpu": round(cpu["draft"] / cpu["floor"], 2) if cpu["floor"] else None,
    }


def run_scale(settings: Settings, embedder, work: Path, n: int, points, vectors, tickets: Sequence[dict], plan: Plan) -> tuple[dict, dict, dict]:
    from copilot.drafting.service import DraftService
    from copilot.evaluation import bench_http as bh
    from copilot.evaluation.bench_index import BenchQuery, compare_backends, pct
    from copilot.evaluation.bench_scale import build_edge_index

    data = work / f"scale-{n}"
    _say(f"{n} points: building the Qdrant Edge shard")
    build = build_edge_index(data / "index", points[:n], vectors[:n])
    s = dataclasses.replace(settings, data_dir=data, qdrant=dataclasses.replace(settings.qdrant, backend="edge", url=""))
    services = open_bench_services(s, embedder, create=False)
    try:
        _say(f"{n} points: floor and drafts in-process ({plan.rounds} x {len(tickets)} tickets)")
        row = {"build": build, **measure_inprocess(DraftService(services), services.retriever, tickets, plan.rounds, plan.inprocess_budget_s)}
        _say(f"{n} points: Edge HNSW vs exact vs qdrant-client local ({plan.local_queries.get(n, 0)} local queries)")
        queries = [BenchQuery(q, t["audience"], t["lang"]) for t in tickets for q in t["queries"]]
        backends = compare_backends(services.index, embedder, points[:n], vectors[:n], queries, n_local=plan.local_queries.get(n, 0),
                                    hnsw_ef=s.qdrant.hnsw_ef, exact_default=s.qdrant.exact)
    finally:
        services.close()
    row["bench_rss_mb"] = _rss_mb()
    _say(f"{n} points: `copilot serve` on loopback")
    server = bh.start_server(s, data, work / f"serve-{n}.log", {"COPILOT_AUTO_INGEST": "false"})
    concurrency: dict = {}
    try:
        bodies = bh.draft_bodies([t["ticket"] for t in tickets])
        bh.sequential_drafts(server.base_url, bodies, 8)  # warm-up
        seq = bh.sequential_drafts(server.base_url, bodies, plan.http_requests, plan.http_budget_s)
        lat = seq["latencies_ms"]
        row.update({"http_requests": len(lat), "http_statuses": seq["statuses"], "http_p50_ms": pct(lat, 50), "http_p95_ms": pct(lat, 95),
                    "http_p99_ms": pct(lat, 99), "http_server_total_p50_ms": pct(seq["server_total_ms"], 50)})
        row["http_over_floor"] = round(row["http_p50_ms"] / row["floor_p50_ms"], 2)
        if n == plan.scales[0]:
            for c in plan.concurrency:
                _say(f"{n} points: {c} concurrent clients for {plan.concurrency_s:.0f} s")
                res = bh.concurrent_drafts(server, bodies, c, plan.concurrency_s)
                lat_c = res.pop("latencies_ms")
                concurrency[str(c)] = {**res, "p50_ms": pct(lat_c, 50), "p95_ms": pct(lat_c, 95), "scale": n}
        row["server_peak_rss_mb"] = server.peak_rss_mb()
    finally:
        bh.stop_server(server)
    return row, backends, concurrency


def run_faults(settings: Settings, real_dir: Path, work: Path, tickets: Sequence[dict]) -> dict:
    from copilot.evaluation import bench_faults as bf

    faults: dict[str, dict] = {}
    steps = [
        ("llm", lambda: bf.llm_faults(settings, _copy_data(real_dir, work / "fault-llm"), work, [t["ticket"] for t in tickets])),
        ("index_missing", lambda: {"index_missing": bf.index_missing(settings, work, tickets[0]["ticket"])}),
        ("kill_feedback", lambda: {"kill_feedback": bf.kill_feedback(settings, _copy_data(real_dir, work / "fault-kill"), work)}),
    ]
    for name, step in steps:
        _say(f"fault run: {name}")
        try:
            faults.update(step())
        except Exception as exc:  # a crashed fault run is a failed one, with the reason
            faults[name] = {"status": "fail", "error": f"{type(exc).__name__}: {exc}"[:2000]}
    for name, res in faults.items():
        _say(f"fault {name}: {res['status'].upper()} {json.dumps({k: v for k, v in res.items() if k != 'status'}, ensure_ascii=False)[:400]}")
    return faults


def _copy_data(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def run_bench(settings: Settings, quick: bool = False, out_dir: Path = Path("eval/bench")) -> int:
    from copilot.evaluation.bench_report import write_report
    from copilot.evaluation.bench_scale import scale_points
    from copilot.knowledge.ingest import build_points, embed_points
    from copilot.log import configure_logging
    from copilot.evaluation.bench_http import stop_all
    from copilot.retrieval.embedders import EmbeddingCache, make_embedder

    plan = Plan.make(quick)
    started = time.time()
    previous = signal.signal(signal.SIGTERM, _terminate)
    load_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="copilot-bench-"))
    log_file = (work / "bench-process.log").open("w")
    configure_logging(settings.log_level, "true", stream=log_file)  # in-process drafts log as in production, to a file
    settings = dataclasses.replace(settings, kb_dir=settings.kb_dir.resolve(), prompts_dir=settings.prompts_dir.resolve())
    try:
        _say(f"work dir {work}; loading the embedder")
        embedder = make_embedder(settings)
        tickets = load_bench_tickets(settings)
        real = dataclasses.replace(settings, data_dir=work / "real", qdrant=dataclasses.replace(settings.qdrant, backend="edge", url=""))
        _say("ingest: cold (fresh data dir, real knowledge base), then warm (unchanged)")
        ingest = measure_ingest(real, embedder)
        base = build_points(real)
        cache = EmbeddingCache(real.cache_path)
        try:
            base_vectors, _ = embed_points(base, embedder, cache)
        finally:
            cache.close()
        points, vectors = scale_points(base, np.stack(base_vectors), max(plan.scales))
        scales, backends, concurrency = {}, {}, {}
        for n in plan.scales:
            scales[str(n)], backends[str(n)], conc = run_scale(settings, embedder, work, n, points, vectors, tickets, plan)
            concurrency.update(conc)
        del points, vectors
        faults = run_faults(settings, work / "real", work, tickets)
        result = {
            "cores": os.cpu_count(), "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "quick": quick,
            "machine": {"platform": platform.platform(), "python": platform.python_version(), "loadavg_start": [round(x, 2) for x in load_start],
                        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
                        "env": {k: os.environ[k] for k in PERF_ENV if k in os.environ}},
            "kb_chunks": len(base), "tickets": len(tickets), "scales": scales, "concurrency": concurrency, "ingest": ingest,
            "backends": backends, "faults": {k: v["status"] for k, v in faults.items()}, "fault_details": faults,
            "bench_peak_rss_mb": _rss_mb(), "duration_s": round(time.time() - started, 1),
        }
        result["targets"] = targets(result)
        table = write_report(result, out_dir)
        print(table)
        return 0 if all(v == "pass" for v in result["faults"].values()) else 1
    finally:
        stop_all()
        signal.signal(signal.SIGTERM, previous)
        configure_logging(settings.log_level, settings.log_json)
        log_file.close()
        shutil.rmtree(work, ignore_errors=True)


def _terminate(signum, frame) -> None:
    raise SystemExit(143)  # run the cleanup: stop the servers, remove the work dir


def targets(result: dict) -> list[dict[str, Any]]:
    s10 = result["scales"].get("10000", {})
    c16 = result["concurrency"].get("16", {})
    rows = [
        ("extractive draft p95 in-process at 10k (ms)", s10.get("draft_p95_ms"), "<=", TARGETS["draft_p95_ms_10k"]),
        ("draft / floor at 10k (p50)", s10.get("draft_over_floor"), "<=", TARGETS["draft_over_floor_10k"]),
        ("drafts/s at 16 clients", c16.get("drafts_per_s"), ">=", TARGETS["drafts_per_s_16"]),
        ("errors at 16 clients", c16.get("errors"), "<=", 0),
        ("warm re-ingest of an unchanged KB (s)", result["ingest"].get("warm_s"), "<=", TARGETS["warm_ingest_s"]),
    ]
    out = []
    for name, value, op, target in rows:
        met = value is not None and (value <= target if op == "<=" else value >= target)
        out.append({"name": name, "value": value, "target": f"{op} {target:g}", "met": met})
    return out
