"""`copilot eval analysis`: ask recall/precision and per-flag precision/recall on labelled threads.

A predicted open ask matches a gold open ask when both come from the same message and the
predicted ask's span overlaps the gold quote. The matching is the drafting eval's
(`scorers.ask_match`, one-to-one and greedy by overlap), given the text of each predicted span, so
"ask recall" means the same in both reports.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from copilot.analysis import analyze
from copilot.domain import FLAG_KINDS
from copilot.evaluation.scorers import ScoringContext, ask_match


def load_cases(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def match_asks(pred: list, gold: list[dict], ticket: dict) -> tuple[int, int]:
    """(matched predicted, matched gold) with one-to-one greedy matching by span overlap."""
    messages = ticket["messages"]
    event = {"asks": [{"source_message": a.source_message, "text": messages[a.source_message]["text"][a.span[0]:a.span[1]]}
                      for a in pred]}
    scores = ask_match(event, {"gold_asks": gold, "ticket": ticket}, ScoringContext())
    return scores["ask_tp"], sum(scores["ask_matched"])


def evaluate_analysis(cases: list[dict], locale: str = "ru") -> tuple[dict, list[str]]:
    tp_p = n_pred = tp_g = n_gold = 0
    flag_counts = {k: defaultdict(int) for k in FLAG_KINDS}
    legal_negatives = legal_fp = 0
    misses: list[str] = []
    for case in cases:
        analysis = analyze(case["ticket"], locale=locale)
        pred = analysis.open_asks
        gold = [g for g in case.get("asks", []) if g.get("open", True)]
        mp, mg = match_asks(pred, gold, case["ticket"])
        tp_p += mp
        n_pred += len(pred)
        tp_g += mg
        n_gold += len(gold)
        if mg < len(gold) or mp < len(pred):
            misses.append(f"{case['id']}: asks gold={[g['quote'] for g in gold]} pred={[(a.source_message, a.text) for a in pred]}")
        got = {f.kind for f in analysis.flags}
        want = set(case.get("flags", []))
        for kind in FLAG_KINDS:
            c = flag_counts[kind]
            c["tp"] += kind in got and kind in want
            c["fp"] += kind in got and kind not in want
            c["fn"] += kind not in got and kind in want
        if got != want:
            misses.append(f"{case['id']}: flags want={sorted(want)} got={sorted(got)}")
        if "legal_threat" not in want:
            legal_negatives += 1
            legal_fp += "legal_threat" in got
    flags = {}
    for kind, c in flag_counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        flags[kind] = {"precision": round(p, 3), "recall": round(r, 3), "support": c["tp"] + c["fn"]}
    tp = sum(c["tp"] for c in flag_counts.values())
    fn = sum(c["fn"] for c in flag_counts.values())
    fp = sum(c["fp"] for c in flag_counts.values())
    scores = {
        "ask_recall": round(tp_g / n_gold, 3) if n_gold else 1.0,
        "ask_precision": round(tp_p / n_pred, 3) if n_pred else 1.0,
        "flag_recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
        "flag_precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
        "legal_threat_fp_rate": round(legal_fp / legal_negatives, 3) if legal_negatives else 0.0,
        "flags": flags,
    }
    return scores, misses


def markdown_table(scores: dict, n: int) -> str:
    lines = [f"| Analysis ({n} threads) | value |", "|---|---|"]
    for key in ("ask_recall", "ask_precision", "flag_recall", "flag_precision", "legal_threat_fp_rate"):
        lines.append(f"| {key} | {scores[key]:.3f} |")
    lines += ["", "| Flag | precision | recall | support |", "|---|---|---|---|"]
    for kind, s in scores["flags"].items():
        lines.append(f"| {kind} | {s['precision']:.3f} | {s['recall']:.3f} | {s['support']} |")
    return "\n".join(lines)
