"""`copilot eval retrieval`: recall@5 and MRR of sparse-only, dense-only and hybrid retrieval."""

from __future__ import annotations

import json
from pathlib import Path

from copilot.evaluation.scorers import policy_of
from copilot.retrieval.search import Retriever, dedupe_docs

MODES = ("sparse", "dense", "hybrid")


def load_queries(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if line.strip():
                row = json.loads(line)
                if not row.get("query") or not row.get("relevant"):
                    raise ValueError(f"{path}:{n}: a query needs 'query' and 'relevant'")
                rows.append(row)
    return rows


def evaluate_retrieval(retriever: Retriever, queries: list[dict], k: int = 5) -> dict[str, dict[str, float]]:
    vectors = retriever.embed_queries([q["query"] for q in queries])
    scores = {m: {"recall@5": 0.0, "mrr": 0.0} for m in MODES}
    for i, q in enumerate(queries):
        # a policy and its translation are one policy: found in two languages it takes one place, not two
        relevant = {policy_of(d) for d in q["relevant"]}
        for mode in MODES:
            results = retriever.search(q["query"], audience=q.get("audience"), kinds=["policy"], limit=50,
                                       vector=vectors[i], mode=mode)
            ranked = list(dict.fromkeys(policy_of(r.doc_id) for r in dedupe_docs(results, 40)))[:20]
            top = ranked[:k]
            scores[mode]["recall@5"] += len(relevant & set(top)) / len(relevant)
            rr = next((1.0 / (pos + 1) for pos, d in enumerate(ranked) if d in relevant), 0.0)
            scores[mode]["mrr"] += rr
    n = max(1, len(queries))
    return {m: {k2: round(v / n, 3) for k2, v in s.items()} for m, s in scores.items()}


def markdown_table(scores: dict[str, dict[str, float]], n: int) -> str:
    lines = [f"| Retrieval ({n} queries) | recall@5 | MRR |", "|---|---|---|"]
    for mode in MODES:
        lines.append(f"| {mode} | {scores[mode]['recall@5']:.3f} | {scores[mode]['mrr']:.3f} |")
    return "\n".join(lines)
