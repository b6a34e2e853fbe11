"""`copilot eval report RUN` and `copilot eval compare RUN_A RUN_B`.

The report is rendered from a run directory alone (`summary.json`, `scores.jsonl`, `events.jsonl`,
`cases.jsonl`): `report.md` and a self-contained `report.html` whose plots are inline SVG drawn
here (per-metric bars, per-flag bars, a latency histogram); no scripts, fonts or stylesheets are
fetched. The per-case table lists the worst cases first (lowest `case_score`), each with the draft
next to the gold answer.

`compare` diffs the per-case metrics of two runs: a case regressed when one of its metrics fell by
more than `--threshold` (or it gained an unbacked promise); the exit code is 1 when any case did.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from copilot.evaluation.scorers import CASE_METRICS

BAR_METRICS = [  # (label, key in metrics, scale to 0..1, gate threshold)
    ("ask coverage", "ask_coverage", 1.0, 0.90), ("ask recall", "ask_recall", 1.0, None), ("ask precision", "ask_precision", 1.0, None),
    ("citation recall", "citation_recall", 1.0, None), ("citation precision", "citation_precision", 1.0, None),
    ("flag recall", "flag_recall", 1.0, 0.90), ("flag precision", "flag_precision", 1.0, None),
    ("chrF / 100", "chrf", 0.01, None), ("embedding cosine", "embed_cos", 1.0, None), ("LLM judge", "judge", 1.0, None),
]
WORST_DETAILED = 15


# ---- loading -------------------------------------------------------------------------------------


def resolve_run(run: str, runs_dir: str | Path) -> Path:
    """A run directory from an id, a path, or `latest` (the newest run in runs_dir)."""
    runs_dir = Path(runs_dir)
    if run == "latest":
        done = sorted(p for p in runs_dir.glob("*") if (p / "summary.json").exists())
        if not done:
            raise FileNotFoundError(f"no runs in {runs_dir}")
        return done[-1]
    for cand in (Path(run), runs_dir / run):
        if (cand / "summary.json").exists():
            return cand
    raise FileNotFoundError(f"no run {run!r} (looked for {run}/summary.json and {runs_dir / run}/summary.json)")


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_run(run_dir: Path) -> dict:
    return {"dir": run_dir, "summary": json.loads((run_dir / "summary.json").read_text(encoding="utf-8")),
            "scores": _jsonl(run_dir / "scores.jsonl"), "events": {e["case_id"]: e for e in _jsonl(run_dir / "events.jsonl")},
            "cases": {c["id"]: c for c in _jsonl(run_dir / "cases.jsonl")}}


def worst_first(scores: Sequence[dict]) -> list[dict]:
    return sorted(scores, key=lambda r: (r["case_score"], r["case_id"]))


def _f(v: Any, digits: int = 2) -> str:
    if v is None:
        return "—"
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


# ---- SVG ----------------------------------------------------------------------------------------------


def svg_hbars(rows: Sequence[tuple[str, float | None, float | None]], width: int = 560, title: str = "", label_w: int = 150) -> str:
    """Horizontal bars for values in 0..1; an optional dashed line per row marks its threshold."""
    row_h, pad = 22, 24
    bar_w = width - label_w - 60
    height = pad + row_h * len(rows) + 24
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{html.escape(title)}"><title>{html.escape(title)}</title>']
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + bar_w * tick
        out.append(f'<line x1="{x:.1f}" y1="{pad - 6}" x2="{x:.1f}" y2="{height - 20}" stroke="#e3e3e3"/>'
                   f'<text x="{x:.1f}" y="{height - 6}" font-size="10" text-anchor="middle" fill="#666">{tick:g}</text>')
    for i, (label, value, threshold) in enumerate(rows):
        y = pad + i * row_h
        out.append(f'<text x="{label_w - 8}" y="{y + 14}" font-size="12" text-anchor="end">{html.escape(label)}</text>')
        if value is None:
            out.append(f'<text x="{label_w + 4}" y="{y + 14}" font-size="11" fill="#888">n/a</text>')
            continue
        v = max(0.0, min(1.0, value))
        failing = threshold is not None and value < threshold
        color = "#c0392b" if failing else "#2e86c1"
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w * v:.1f}" height="{row_h - 8}" fill="{color}"/>'
                   f'<text x="{label_w + bar_w * v + 4:.1f}" y="{y + 14}" font-size="11">{value:.3f}</text>')
        if threshold is not None:
            x = label_w + bar_w * threshold
            out.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + row_h - 2}" stroke="#333" stroke-dasharray="3,2"/>')
    out.append("</svg>")
    return "".join(out)


def svg_histogram(values: Sequence[float], bins: int = 12, width: int = 560, height: int = 200, title: str = "latency, ms") -> str:
    vals = [v for v in values if v is not None]
    left, bottom, top = 40, 30, 14
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{html.escape(title)}"><title>{html.escape(title)}</title>']
    if not vals:
        out.append(f'<text x="{left}" y="{height / 2}" font-size="12" fill="#888">no latencies recorded</text></svg>')
        return "".join(out)
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or 1.0
    counts = [0] * bins
    for v in vals:
        counts[min(bins - 1, int((v - lo) / span * bins))] += 1
    peak = max(counts)
    plot_w, plot_h = width - left - 10, height - bottom - top
    bw = plot_w / bins
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#666"/>')
    for i, c in enumerate(counts):
        h = plot_h * c / peak
        x = left + i * bw
        out.append(f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" fill="#27ae60">'
                   f'<title>{lo + span * i / bins:.0f}–{lo + span * (i + 1) / bins:.0f} ms: {c}</title></rect>')
        if c:
            out.append(f'<text x="{x + bw / 2:.1f}" y="{top + plot_h - h - 3:.1f}" font-size="10" text-anchor="middle">{c}</text>')
    for i in range(0, bins + 1, max(1, bins // 4)):
        x = left + i * bw
        out.append(f'<text x="{x:.1f}" y="{height - 12}" font-size="10" text-anchor="middle" fill="#555">{lo + span * i / bins:.0f}</text>')
    out.append(f'<text x="{left + plot_w}" y="{height - 1}" font-size="10" text-anchor="end" fill="#555">{html.escape(title)}</text></svg>')
    return "".join(out)


# ---- Markdown ------------------------------------------------------------------------------------------


def _metric_rows(m: dict) -> list[tuple[str, str]]:
    return [
        ("ask coverage of the draft", _f(m["ask_coverage"], 3)), ("ask coverage (raw draft)", _f(m.get("ask_coverage_raw"), 3)),
        ("ask recall", _f(m["ask_recall"], 3)), ("ask precision", _f(m["ask_precision"], 3)),
        ("citation recall", _f(m["citation_recall"], 3)), ("citation precision", _f(m["citation_precision"], 3)),
        ("flag recall", _f(m["flag_recall"], 3)), ("flag precision", _f(m["flag_precision"], 3)),
        ("unbacked promises", f"{m['unbacked_promises']} (in {m['cases_with_unbacked']} cases)"),
        ("chrF", _f(m["chrf"], 1)), ("embedding cosine", _f(m["embed_cos"], 3)), ("LLM judge", _f(m["judge"], 3)),
        ("latency p50 / p95 ms", f"{_f(m['latency_ms']['p50'], 0)} / {_f(m['latency_ms']['p95'], 0)}"),
        ("errors / degraded", f"{m['errors']} / {m['degraded']}"),
    ]


def _md_quote(text: str) -> str:
    return "\n".join("> " + line for line in (text or "(empty)").splitlines()) or "> (empty)"


def render_markdown(run: dict) -> str:
    s, m = run["summary"], run["summary"]["metrics"]
    gate = s["gate"]
    lines = [f"# Eval run {s['run_id']}", "",
             f"suite `{s['suite']}` · {s['n_cases']} cases · backend `{s['backend']}` · seed {s['seed']} · "
             f"cases `{s['cases_hash']}` · kb `{s['kb_hash']}` · settings `{s['settings_hash']}`", "",
             f"**CI gate: {'passed' if gate['passed'] else 'FAILED'}**" + ("" if gate["passed"] else " — " + "; ".join(gate["failures"])), "",
             "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in _metric_rows(m)]
    lines += ["", "## Flags", "", "| kind | recall | precision | support | fp |", "|---|---|---|---|---|"]
    lines += [f"| {k} | {_f(v['recall'])} | {_f(v['precision'])} | {v['support']} | {v['fp']} |" for k, v in m["flags"].items()]
    ordered = worst_first(run["scores"])
    lines += ["", "## Cases, worst first", "", "| case | score | coverage | ask R/P | cit R/P | flags want → got | unbacked | chrF | cos | ms |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for r in ordered:
        lines.append(f"| {r['case_id']} | {_f(r['case_score'])} | {_f(r['ask_coverage'])} | {_f(r['ask_recall'])}/{_f(r['ask_precision'])} | "
                     f"{_f(r['citation_recall'])}/{_f(r['citation_precision'])} | {', '.join(r['flags_want']) or '–'} → "
                     f"{', '.join(r['flags_got']) or '–'} | {r['unbacked_promises']} | {_f(r['chrf'], 1)} | {_f(r['embed_cos'])} | "
                     f"{_f(r['latency_ms'], 0)} |")
    lines += ["", f"## The {min(WORST_DETAILED, len(ordered))} worst cases", ""]
    for r in ordered[:WORST_DETAILED]:
        case, event = run["cases"].get(r["case_id"], {}), run["events"].get(r["case_id"], {})
        lines += [f"### {r['case_id']} (score {_f(r['case_score'])})", ""]
        for g, hit in zip(case.get("gold_asks", []), r["ask_covered"]):
            lines.append(f"- {'✓' if hit else '✗'} {g.get('text') or g['quote']} — «{g['quote']}»")
        for u in r["unbacked"]:
            lines.append(f"- ⚠ unbacked: {u['sentence']} ({u['reason']})")
        lines += ["", f"gold docs: {', '.join(case.get('gold_doc_ids', [])) or '–'}; cited: {', '.join(r['cited_policies']) or '–'}", "",
                  "**Draft**", "", _md_quote(event.get("draft", "")), "", "**Gold answer**", "", _md_quote(case.get("gold_answer", "")), ""]
    return "\n".join(lines) + "\n"


# ---- HTML ------------------------------------------------------------------------------------------------

_CSS = """body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:20px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #ddd;padding:4px 7px;vertical-align:top;text-align:left}th{background:#f4f6f8}
.fail{color:#c0392b;font-weight:600}.pass{color:#1e8449;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}.pair pre{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:8px;margin:0;font:13px/1.4 system-ui,sans-serif}
.plots{display:flex;flex-wrap:wrap;gap:24px}.case td.detail{background:#fcfcfc}.muted{color:#777}ul{margin:4px 0 4px 18px;padding:0}"""


def render_html(run: dict) -> str:
    s, m = run["summary"], run["summary"]["metrics"]
    e = html.escape
    gate = s["gate"]
    bars = svg_hbars([(label, None if m.get(key) is None else m[key] * scale, thr) for label, key, scale, thr in BAR_METRICS],
                     title="metrics (dashed: CI gate)")
    flag_rows = []
    for kind, v in m["flags"].items():
        flag_rows += [(f"{kind} R (n={v['support']})", v["recall"], None), (f"{kind} P", v["precision"], None)]
    flag_svg = svg_hbars(flag_rows, width=680, title="flags: recall and precision per kind", label_w=230)
    hist = svg_histogram([r["latency_ms"] for r in run["scores"]], title="latency per case, ms")
    parts = ["<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
             f"<title>eval {e(s['run_id'])}</title><style>{_CSS}</style></head><body>",
             f"<h1>Eval run {e(s['run_id'])}</h1>",
             f"<p>suite <b>{e(s['suite'])}</b> · {s['n_cases']} cases · backend <b>{e(s['backend'])}</b> · seed {s['seed']} · "
             f"cases {e(s['cases_hash'])} · kb {e(s['kb_hash'])} · settings {e(s['settings_hash'])} · {e(s.get('created_at', ''))}</p>",
             f"<p>CI gate: <span class=\"{'pass' if gate['passed'] else 'fail'}\">{'passed' if gate['passed'] else 'FAILED'}</span> "
             + e("; ".join(gate["failures"])) + "</p>",
             "<table>" + "".join(f"<tr><th>{e(k)}</th><td class=\"num\">{e(v)}</td></tr>" for k, v in _metric_rows(m)) + "</table>",
             f"<div class=\"plots\"><div>{bars}</div><div>{hist}</div><div>{flag_svg}</div></div>",
             "<h2>Cases, worst first</h2><table class=\"cases\"><thead><tr><th>case</th><th>score</th><th>coverage</th><th>ask R/P</th>"
             "<th>cit R/P</th><th>flags want → got</th><th>unbacked</th><th>chrF</th><th>cos</th><th>judge</th><th>ms</th></tr></thead><tbody>"]
    for n, r in enumerate(worst_first(run["scores"])):
        case, event = run["cases"].get(r["case_id"], {}), run["events"].get(r["case_id"], {})
        flags_ok = set(r["flags_want"]) <= set(r["flags_got"])
        parts.append(
            f"<tr class=\"case\" id=\"{e(r['case_id'])}\"><td><b>{e(r['case_id'])}</b><br><span class=\"muted\">{e(', '.join(r['tags']))}</span></td>"
            f"<td class=\"num\">{_f(r['case_score'])}</td><td class=\"num\">{_f(r['ask_coverage'])}</td>"
            f"<td class=\"num\">{_f(r['ask_recall'])}/{_f(r['ask_precision'])}</td><td class=\"num\">{_f(r['citation_recall'])}/{_f(r['citation_precision'])}</td>"
            f"<td class=\"{'' if flags_ok else 'fail'}\">{e(', '.join(r['flags_want']) or '–')} → {e(', '.join(r['flags_got']) or '–')}</td>"
            f"<td class=\"num {'fail' if r['unbacked_promises'] else ''}\">{r['unbacked_promises']}</td><td class=\"num\">{_f(r['chrf'], 1)}</td>"
            f"<td class=\"num\">{_f(r['embed_cos'])}</td><td class=\"num\">{_f(r.get('judge_score'))}</td><td class=\"num\">{_f(r['latency_ms'], 0)}</td></tr>")
        asks = "".join(f"<li>{'✓' if hit else '✗'} {e(g.get('text') or g['quote'])} <span class=\"muted\">«{e(g['quote'])}»</span></li>"
                       for g, hit in zip(case.get("gold_asks", []), r["ask_covered"]))
        unbacked = "".join(f"<li class=\"fail\">unbacked: {e(u['sentence'])} <span class=\"muted\">({e(u['reason'])})</span></li>" for u in r["unbacked"])
        error = f"<p class=\"fail\">error: {e(json.dumps(r['error'], ensure_ascii=False))}</p>" if r.get("error") else ""
        docs = (f"<p class=\"muted\">gold docs: {e(', '.join(case.get('gold_doc_ids', [])) or '–')} · cited: "
                f"{e(', '.join(r['cited_policies']) or '–')}</p>")
        parts.append(
            f"<tr><td class=\"detail\" colspan=\"11\"><details{' open' if n < WORST_DETAILED else ''}><summary>draft vs gold answer</summary>"
            f"{error}<ul>{asks}{unbacked}</ul>{docs}<div class=\"pair\"><div><b>Draft</b><pre>{e(event.get('draft', ''))}</pre></div>"
            f"<div><b>Gold answer</b><pre>{e(case.get('gold_answer', ''))}</pre></div></div></details></td></tr>")
    parts.append("</tbody></table></body></html>")
    return "\n".join(parts)


def write_report(run_dir: Path) -> tuple[Path, Path]:
    run = load_run(run_dir)
    md, page = run_dir / "report.md", run_dir / "report.html"
    md.write_text(render_markdown(run), encoding="utf-8")
    page.write_text(render_html(run), encoding="utf-8")
    return md, page


def report_cli(args: Any) -> int:
    try:
        run_dir = resolve_run(args.run, args.runs_dir)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    md, page = write_report(run_dir)
    print(f"wrote {md}\nwrote {page}")
    return 0


# ---- compare ----------------------------------------------------------------------------------------------


def compare_runs(a: dict, b: dict, threshold: float) -> dict:
    """Per-case deltas (b − a) of the per-case metrics; regressions/improvements beyond `threshold`."""
    sa, sb = {r["case_id"]: r for r in a["scores"]}, {r["case_id"]: r for r in b["scores"]}
    regressions, improvements = [], []
    for cid in sorted(sa.keys() & sb.keys()):
        ra, rb = sa[cid], sb[cid]
        deltas = {k: rb[k] - ra[k] for k in ("case_score", *CASE_METRICS) if ra.get(k) is not None and rb.get(k) is not None}
        worse = {k: d for k, d in deltas.items() if d < -threshold}
        better = {k: d for k, d in deltas.items() if d > threshold}
        if rb["unbacked_promises"] > ra["unbacked_promises"]:
            worse["unbacked_promises"] = rb["unbacked_promises"] - ra["unbacked_promises"]  # a count: up is worse
        row = {"case_id": cid, "a": ra["case_score"], "b": rb["case_score"], "worse": worse, "better": better}
        if worse:
            regressions.append(row)
        elif better:
            improvements.append(row)
    ma, mb = a["summary"]["metrics"], b["summary"]["metrics"]
    overall = {k: (ma.get(k), mb.get(k)) for k in ("ask_coverage", "ask_recall", "ask_precision", "citation_recall", "citation_precision",
                                                  "flag_recall", "flag_precision", "unbacked_promises", "chrf", "embed_cos", "judge", "case_score")}
    return {"regressions": sorted(regressions, key=lambda r: r["b"] - r["a"]), "improvements": sorted(improvements, key=lambda r: r["a"] - r["b"]),
            "only_a": sorted(sa.keys() - sb.keys()), "only_b": sorted(sb.keys() - sa.keys()), "overall": overall,
            "same_cases": a["summary"].get("cases_hash") == b["summary"].get("cases_hash")}


def _deltas(d: dict) -> str:
    return ", ".join(f"{k} {v:+.2f}" if isinstance(v, float) else f"{k} {v:+d}" for k, v in sorted(d.items(), key=lambda kv: abs(kv[1]), reverse=True))


def compare_cli(args: Any) -> int:
    try:
        a, b = (load_run(resolve_run(r, args.runs_dir)) for r in (args.run_a, args.run_b))
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    res = compare_runs(a, b, args.threshold)
    print(f"A = {a['summary']['run_id']}\nB = {b['summary']['run_id']}\nthreshold = {args.threshold}")
    if not res["same_cases"]:
        print("note: the runs used different case data (cases_hash differs)")
    print("\n  metric                       A          B")
    for k, (va, vb) in res["overall"].items():
        print(f"  {k:<22} {_f(va, 3):>10} {_f(vb, 3):>10}")
    print(f"\nregressions: {len(res['regressions'])}")
    for r in res["regressions"]:
        print(f"  {r['case_id']}  score {r['a']:.2f} → {r['b']:.2f}   {_deltas(r['worse'])}")
    print(f"improvements: {len(res['improvements'])}")
    for r in res["improvements"]:
        print(f"  {r['case_id']}  score {r['a']:.2f} → {r['b']:.2f}   {_deltas(r['better'])}")
    if res["only_a"] or res["only_b"]:
        print(f"only in A: {', '.join(res['only_a']) or '–'}; only in B: {', '.join(res['only_b']) or '–'}")
    return 1 if res["regressions"] else 0
