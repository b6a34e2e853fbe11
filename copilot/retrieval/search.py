"""Hybrid retrieval: embed the query (e5 `query:`), sparse-encode it, one RRF query, rescore.

The index fuses dense and sparse results with RRF; each hit also gets its dense cosine to the
query (`similarity`), which the drafter uses to decide whether a passage really supports an ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from copilot.domain import Citation
from copilot.retrieval.embedders import Embedder
from copilot.retrieval.index import Hit, Index, QueryFilter
from copilot.retrieval.sparse import encode_query


@dataclass
class Result:
    hit: Hit
    rank: int
    similarity: float

    @property
    def payload(self) -> dict:
        return self.hit.payload

    @property
    def doc_id(self) -> str:
        return self.hit.payload.get("doc_id", "")

    @property
    def kind(self) -> str:
        return self.hit.payload.get("kind", "")

    def to_citation(self, cid: str, snippet_chars: int = 1600) -> Citation:
        p = self.hit.payload
        is_policy = p.get("kind") == "policy"
        text = p.get("text", "")
        snippet = text if len(text) <= snippet_chars else text[:snippet_chars].rsplit(" ", 1)[0] + "…"
        title = p.get("title", "")
        if is_policy and p.get("heading") and p.get("heading") != title:
            title = f"{title} — {p['heading']}"
        elif not is_policy:
            title = p.get("ask") or title
        return Citation(id=cid, source="policy" if is_policy else "ticket", doc_id=p.get("doc_id", ""), title=title,
                        snippet=snippet, score=round(self.similarity, 4), lang=p.get("lang", "ru"), heading=p.get("heading"))


class Retriever:
    def __init__(self, embedder: Embedder, index: Index) -> None:
        self.embedder = embedder
        self.index = index

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embedder.embed_queries(list(texts))

    def search(self, query: str, *, audience: str | None = None, lang: str | None = None, kinds: Sequence[str] = (),
               limit: int = 5, vector: np.ndarray | None = None, mode: str = "hybrid") -> list[Result]:
        dense = vector if vector is not None else self.embed_queries([query])[0]
        # rank fusion gives exact ties (1st in one list only = 1st in the other only), which the index
        # returns in any order: fetch past the cut, break ties by dense similarity, then id, so the same
        # query always gives the same results in the same order
        hits = self.index.query(dense, encode_query(query), QueryFilter(audience=audience, lang=lang, kinds=kinds), limit + 10, mode=mode)
        scored = [(h, float(np.dot(dense, h.dense)) if h.dense is not None and h.dense.size else 0.0) for h in hits]
        scored.sort(key=lambda hs: (-round(hs[0].score, 9), -hs[1], hs[0].id))
        return [Result(hit=h, rank=rank, similarity=sim) for rank, (h, sim) in enumerate(scored[:limit])]

    def search_many(self, queries: Sequence[str], **kw) -> list[list[Result]]:
        if not queries:
            return []
        vectors = self.embed_queries(queries)
        return [self.search(q, vector=vectors[i], **kw) for i, q in enumerate(queries)]


def dedupe_docs(results: Sequence[Result], limit: int) -> list[Result]:
    """Best hit per document id, in rank order."""
    seen: set[str] = set()
    out = []
    for r in results:
        key = r.doc_id.split("#")[0]
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
        if len(out) >= limit:
            break
    return out
