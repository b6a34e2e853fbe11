"""`copilot` command line: serve | ingest | search | brief | draft | check | eval | bench | config."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from copilot.config import Settings, env_table_markdown
from copilot.errors import CopilotError


def _settings() -> Settings:
    return Settings.from_env()


def _print_json(obj: Any) -> None:
    import msgspec

    sys.stdout.write(msgspec.json.encode(obj).decode() if not isinstance(obj, (dict, list)) else json.dumps(obj, ensure_ascii=False, indent=2, default=_default))
    sys.stdout.write("\n")


def _default(o: Any) -> Any:
    import msgspec

    return msgspec.to_builtins(o)


def cmd_config(args: argparse.Namespace) -> int:
    print(env_table_markdown())
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from copilot.services import open_services, run_ingest

    settings = _settings()
    services = open_services(settings, ingest_if_needed=args.only_if_stale, progress=True)
    try:
        if args.only_if_stale:
            print(f"index is up to date ({services.index.count()} points)")
            return 0
        report = run_ingest(services, progress=True)
        print(f"ingested {report.total} points: {report.added} added, {report.deleted} deleted, {report.unchanged} unchanged; "
              f"{report.embedded} embedded, {report.cache_hits} from cache; {report.seconds:.1f} s")
    finally:
        services.close()
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from copilot.retrieval.search import dedupe_docs
    from copilot.services import open_services

    services = open_services(_settings(), ingest_if_needed=True)
    try:
        kinds = {"policy": ["policy"], "ticket": ["ticket_ask", "ticket"], "all": []}[args.kind]
        results = services.retriever.search(args.query, audience=args.audience, lang=args.lang, kinds=kinds, limit=args.limit * 3)
        results = dedupe_docs(results, args.limit)
        citations = [r.to_citation(f"c{i + 1}") for i, r in enumerate(results)]
        if args.json:
            _print_json({"results": [_default(c) for c in citations]})
        else:
            for i, (c, r) in enumerate(zip(citations, results), start=1):
                snippet = " ".join(c.snippet.split())[:160]
                print(f"{i}. {c.doc_id}  [{r.kind}]  score={c.score:.3f}\n   {c.title}\n   {snippet}")
    finally:
        services.close()
    return 0


def _read_ticket(path: str) -> dict:
    from copilot.api.schemas import parse_ticket_json

    raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    return parse_ticket_json(raw)


def cmd_brief(args: argparse.Namespace) -> int:
    from copilot.analysis import analyze

    settings = _settings()
    ticket = _read_ticket(args.ticket)
    analysis = analyze(ticket, locale=settings.operator_locale)
    _print_json({"language": analysis.language, "brief": _default(analysis.brief), "asks": _default(analysis.asks),
                 "flags": _default(analysis.flags), "entities": _default(analysis.entities)})
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    from copilot.drafting.service import DraftService
    from copilot.services import open_services

    settings = _settings()
    ticket = _read_ticket(args.ticket)
    services = open_services(settings)
    try:
        result = DraftService(services).draft(ticket, backend=args.backend)
    finally:
        services.close()
    if args.json:
        _print_json(result)
        return 0
    print(result["draft"]["text"])
    print("\n--- asks")
    for a in result["asks"]:
        mark = "x" if a["addressed"] else " "
        print(f"[{mark}] {a['id']} ({a['kind']}, msg {a['source_message']}): {a['text']}  {' '.join(a['citations'])}")
    print("--- citations")
    for c in result["citations"]:
        print(f"{c['id']}: {c['doc_id']} — {c['title']} ({c['score']:.2f})")
    print("--- flags")
    for f in result["flags"] or []:
        print(f"{f['kind']} (msg {f['message']}): {f['detail']}")
    if not result["flags"]:
        print("none")
    print(f"--- backend={result['backend']} degraded={result['degraded']} total={result['timings_ms']['total']} ms")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from copilot.checks import check_reply
    from copilot.services import open_services

    ticket = _read_ticket(args.ticket)
    reply = Path(args.reply).read_text(encoding="utf-8") if args.reply != "-" else sys.stdin.read()
    services = open_services(_settings())
    try:
        result = check_reply(ticket, reply, services.retriever)
    finally:
        services.close()
    _print_json(result)
    return 0 if result["ok"] else 1


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from copilot.api.app import create_app
    from copilot.errors import ConfigError

    settings = _settings()
    if args.workers > 1:
        if settings.index_backend == "edge":
            raise ConfigError("the embedded Qdrant Edge index has one writer per process: use --workers 1, "
                              "or point COPILOT_QDRANT__URL at a Qdrant server for several workers (README: Scaling out)")
        uvicorn.run("copilot.api.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                    log_level="warning", access_log=False)
        return 0
    app = create_app(settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from copilot.evaluation import cli as eval_cli

    return eval_cli.run(args, _settings())


def cmd_bench(args: argparse.Namespace) -> int:
    from copilot.evaluation.bench import run_bench

    return run_bench(_settings(), quick=args.quick, out_dir=Path(args.out))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="copilot", description="Reply copilot for marketplace support operators.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the HTTP API and the console (ingests first when the index is missing or stale)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=1, help="worker processes (needs a Qdrant server: COPILOT_QDRANT__URL)")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("ingest", help="build or update the index from the knowledge base")
    s.add_argument("--only-if-stale", action="store_true", help="do nothing when the index matches the knowledge base")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("search", help="hybrid search over policies and past tickets")
    s.add_argument("query")
    s.add_argument("--audience", choices=["buyer", "seller", "pickup_point"], default=None)
    s.add_argument("--lang", choices=["ru", "en"], default=None)
    s.add_argument("--kind", choices=["policy", "ticket", "all"], default="policy", help="policy documents (default), past tickets, or both")
    s.add_argument("--limit", type=int, default=5)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("brief", help="analyse a ticket (JSON file or - for stdin): asks, flags, promises, brief")
    s.add_argument("ticket")
    s.set_defaults(func=cmd_brief)

    s = sub.add_parser("draft", help="draft a reply for a ticket (JSON file or -)")
    s.add_argument("ticket")
    s.add_argument("--backend", choices=["extractive", "openai"], default=None)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_draft)

    s = sub.add_parser("check", help="check an operator's reply against a ticket; exit 1 when not ok")
    s.add_argument("ticket")
    s.add_argument("reply", help="file with the reply text, or - for stdin")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("eval", help="evaluation: retrieval | analysis | run | report | compare")
    from copilot.evaluation.cli import add_arguments

    add_arguments(s)
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("bench", help="benchmarks and fault runs (writes eval/bench/latest.{md,json})")
    s.add_argument("--quick", action="store_true", help="short run (10k points only, fewer requests)")
    s.add_argument("--out", default="eval/bench")
    s.set_defaults(func=cmd_bench)

    s = sub.add_parser("config", help="print the COPILOT_* environment variables as a Markdown table")
    s.set_defaults(func=cmd_config)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from copilot.log import configure_logging

    try:
        settings_for_log = Settings.from_env()
        configure_logging(settings_for_log.log_level, settings_for_log.log_json)
        return int(args.func(args) or 0)
    except CopilotError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
