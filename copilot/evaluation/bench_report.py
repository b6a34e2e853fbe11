"""eval/bench/latest.md and latest.json of `copilot bench`."""

from __future__ import annotations

import json
from pathlib import Path


def _f(v, nd: int = 1) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.{nd}f}"
    return str(v)


def markdown(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"# copilot bench{' --quick' if r['quick'] else ''}",
        "",
        f"{r['date']} · {r['cores']} cores · {m['platform']} · Python {m['python']} · load average {m['loadavg_start'][0]:.1f} at start, "
        f"{m['loadavg_end'][0]:.1f} at end · {r['kb_chunks']} real KB chunks · {r['tickets']} tickets (eval/cases.jsonl with open asks) · "
        f"{r['duration_s']:.0f} s · environment: {', '.join(f'{k}={v}' for k, v in m.get('env', {}).items()) or 'defaults'}",
        "",
        "Shared, noisy machine: compare the ratios (measured in the same run) before the milliseconds. "
        "Floor = embedding the retrieval queries of a ticket's open asks (as the drafter forms them: the ask, plus the words before it "
        "when it names no matter of its own; order numbers and greetings left out of the embedded text) + one filtered hybrid index query; "
        "draft = full extractive draft. "
        "The floor on bare ask texts shows what the query context costs.",
        "",
        "## Latency by scale",
        "",
        "| points | floor p50 / p95 ms | draft p50 / p95 / p99 ms (in-process) | draft/floor p50 (p95) | HTTP p50 / p95 / p99 ms | HTTP/floor p50 | floor on bare ask texts p50 ms | server peak RSS MB | shard build s (upsert + HNSW) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, s in r["scales"].items():
        b = s.get("build", {})
        lines.append(
            f"| {int(n):,} | {_f(s['floor_p50_ms'])} / {_f(s['floor_p95_ms'])} | {_f(s['draft_p50_ms'])} / {_f(s['draft_p95_ms'])} / {_f(s['draft_p99_ms'])} "
            f"| {_f(s['draft_over_floor'], 2)} ({_f(s['draft_over_floor_p95'], 2)}) | {_f(s.get('http_p50_ms'))} / {_f(s.get('http_p95_ms'))} / {_f(s.get('http_p99_ms'))} "
            f"| {_f(s.get('http_over_floor'), 2)} | {_f(s.get('floor_bare_asks_p50_ms'))} | {_f(s.get('server_peak_rss_mb'))} | {_f(b.get('upsert_s'))} + {_f(b.get('optimize_s'))} |")
    lines += ["", "Draft parts (p50 ms, from `timings_ms`): " + "; ".join(
        f"{int(n):,}: " + ", ".join(f"{k} {_f(v)}" for k, v in s["draft_parts_p50_ms"].items()) for n, s in r["scales"].items()),
        f"Asks per ticket: {next(iter(r['scales'].values()))['asks_per_ticket'] if r['scales'] else '–'} "
        f"(query {next(iter(r['scales'].values())).get('query_chars_per_ask', '–') if r['scales'] else '–'} chars per ask, "
        f"bare ask {next(iter(r['scales'].values())).get('ask_chars_per_ask', '–') if r['scales'] else '–'}); "
        f"in-process samples per scale: {next(iter(r['scales'].values()))['samples'] if r['scales'] else '–'}; "
        f"HTTP: sequential requests on one keep-alive connection.",
        "CPU per operation in-process (ms, all threads; least skewed by neighbours): " + "; ".join(
            f"{int(n):,}: floor {_f(s.get('floor_cpu_ms'))} (on bare ask texts {_f(s.get('floor_bare_asks_cpu_ms'))}), draft {_f(s.get('draft_cpu_ms'))}, "
            f"draft/floor {_f(s.get('draft_over_floor_cpu'), 2)}"
            for n, s in r["scales"].items()), ""]
    if r["concurrency"]:
        lines += ["## Throughput over HTTP", "",
                  "| clients | points | seconds | drafts/s | errors | p50 ms | p95 ms | server CPU cores used | server CPU ms/draft | drafts/s if it had all cores |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for c, x in r["concurrency"].items():
            per = x.get("server_cpu_ms_per_draft")
            ceiling = r["cores"] * 1000 / per if per else None
            lines.append(f"| {c} | {int(x['scale']):,} | {_f(x['seconds'])} | {_f(x['drafts_per_s'])} | {x['errors']} | {_f(x['p50_ms'])} | {_f(x['p95_ms'])} "
                         f"| {_f(x.get('server_cpu_cores'), 2)} | {_f(per)} | {_f(ceiling)} |")
        lines += ["", "The last column is the CPU-bound ceiling: cores × 1000 / server CPU ms per draft.", ""]
    i = r["ingest"]
    lines += ["## Ingest (real knowledge base)", "",
              "| chunks | cold s | cold chunks/s | warm re-ingest s | warm: added / deleted / embedded | staleness check s | bench peak RSS MB |",
              "|---|---|---|---|---|---|---|",
              f"| {i['chunks']} | {_f(i['cold_s'])} | {_f(i['cold_chunks_per_s'], 2)} | {_f(i['warm_s'], 2)} | {i['warm_added']} / {i['warm_deleted']} / {i['warm_embedded']} "
              f"| {_f(i['stale_check_s'], 2)} | {_f(r['bench_peak_rss_mb'])} |", ""]
    lines += ["## Index backends (same points)", "",
              "| points | Edge hybrid p50 / p95 ms (HNSW) | Edge hybrid exact p50 ms | Edge dense recall@10 filtered / unfiltered | Edge hybrid recall@10 | "
              "qdrant-client local hybrid p50 ms (n) | local load s | Edge dense top-10 vs local brute force |",
              "|---|---|---|---|---|---|---|---|"]
    for n, b in r["backends"].items():
        lines.append(
            f"| {int(n):,} | {_f(b['edge_hybrid_hnsw_p50_ms'], 2)} / {_f(b['edge_hybrid_hnsw_p95_ms'], 2)} | {_f(b['edge_hybrid_exact_p50_ms'], 2)} "
            f"| {_f(b['edge_dense_recall_at_10'], 3)} / {_f(b['edge_dense_unfiltered_recall_at_10'], 3)} | {_f(b['edge_hybrid_recall_at_10'], 3)} "
            f"| {_f(b.get('local_hybrid_p50_ms'))} ({b.get('local_queries', 0)}) | {_f(b.get('local_load_s'))} | {_f(b.get('edge_dense_recall_vs_local'), 3)} |")
    lines += ["", f"Recall over {next(iter(r['backends'].values()))['queries'] if r['backends'] else 0} ask queries with the drafter's filter "
              "(audience, language, kind); exact = `SearchParams(exact=True)` on the same shard.", ""]
    lines += ["## Fault runs", "", "| fault | outcome | evidence |", "|---|---|---|"]
    for name, d in r["fault_details"].items():
        ev = {k: v for k, v in d.items() if k != "status"}
        lines.append(f"| {name} | {d['status'].upper()} | `{json.dumps(ev, ensure_ascii=False)[:300]}` |")
    lines += ["", "## Targets", "", "| target | value | wanted | met |", "|---|---|---|---|"]
    for t in r["targets"]:
        lines.append(f"| {t['name']} | {_f(t['value'], 2)} | {t['target']} | {'yes' if t['met'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def write_report(result: dict, out_dir: Path) -> str:
    out_dir.mkdir(parents=True, exist_ok=True)
    text = markdown(result)
    (out_dir / "latest.md").write_text(text, encoding="utf-8")
    (out_dir / "latest.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return text
