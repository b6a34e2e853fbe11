"""DraftService: ticket -> analysis -> retrieval per open ask -> drafter -> the contract's response.

Shared by the CLI (`copilot draft`), the API (`POST /v1/drafts`) and the evaluation runner.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from typing import Any, Iterator

import msgspec
import structlog

from copilot.analysis import analyze, as_ticket
from copilot.analysis.context import ask_topics as about, context_text
from copilot.analysis.topics import content_stems
from copilot.domain import Analysis, Citation, Ticket
from copilot.drafting.base import DraftContext, DraftOutput
from copilot.drafting.extractive import POLICY_MIN_SIM, ExtractiveDrafter
from copilot.drafting.router import GOODS_TOPICS, preferred_docs
from copilot.knowledge.loader import load_policies
from copilot.retrieval.search import Result
from copilot.text.stem import STOPWORDS

log = structlog.get_logger()


@dataclass
class CatalogEntry:
    doc_id: str
    title: str
    lang: str
    snippet: str
    heading: str
    sections: list[tuple[str, str]]

    def section_with(self, pattern: str) -> "CatalogEntry":
        """The same document cited at the section that states `pattern` (e.g. the 24-hour deadline)."""
        for heading, text in self.sections:
            if re.search(pattern, text, re.IGNORECASE):
                return CatalogEntry(self.doc_id, self.title, self.lang, text, heading, self.sections)
        return self

    def section(self, heading: str) -> "CatalogEntry":
        """The same document cited at the section with this heading."""
        text = next((t for h, t in self.sections if h == heading), self.snippet)
        return CatalogEntry(self.doc_id, self.title, self.lang, text, heading, self.sections)


def load_catalog(kb_dir) -> dict[str, CatalogEntry]:
    catalog = {}
    for p in load_policies(kb_dir):
        first = p.sections[0] if p.sections else None
        catalog[p.id] = CatalogEntry(p.id, p.title, p.lang, first.text if first else p.intro, first.heading if first else p.title,
                                     [(s.heading, s.text) for s in p.sections])
    return catalog


def policy_vocabulary(kb_dir) -> set[str]:
    """Content stems of every policy: the words a reply may use without coming from the ticket."""
    vocab: set[str] = set()
    for p in load_policies(kb_dir):
        text = p.title + " " + p.intro + " " + " ".join(s.heading + " " + s.text for s in p.sections)
        vocab |= content_stems(text) | set(re.findall(r"\d+", text))
    return vocab


class CitationBook:
    """Numbers citations c1, c2, … in order of registration, one id per passage."""

    def __init__(self) -> None:
        self.by_key: dict[str, Citation] = {}
        self.by_id: dict[str, Citation] = {}

    def add_result(self, r: Result) -> str:
        key = r.hit.id
        if key not in self.by_key:
            cid = f"c{len(self.by_key) + 1}"
            c = r.to_citation(cid)
            self.by_key[key] = c
            self.by_id[cid] = c
        return self.by_key[key].id

    def add_policy(self, entry: CatalogEntry, score: float = 0.0) -> str:
        key = "policy:" + entry.doc_id + "#" + entry.heading
        if key not in self.by_key:
            cid = f"c{len(self.by_key) + 1}"
            c = Citation(id=cid, source="policy", doc_id=entry.doc_id, title=entry.title, snippet=entry.snippet, score=round(score, 4),
                         lang=entry.lang, heading=entry.heading)
            self.by_key[key] = c
            self.by_id[cid] = c
        return self.by_key[key].id


class DraftService:
    def __init__(self, services: Any, llm_drafter: Any = None) -> None:
        self.services = services
        self.settings = services.settings
        self.catalog = services.extras.get("catalog") or load_catalog(self.settings.kb_dir)
        services.extras["catalog"] = self.catalog
        self.vocabulary = services.extras.get("vocabulary") or policy_vocabulary(self.settings.kb_dir)
        services.extras["vocabulary"] = self.vocabulary
        self.extractive = ExtractiveDrafter()
        self.llm = llm_drafter if llm_drafter is not None else services.extras.get("llm_drafter")

    # ---- steps ------------------------------------------------------------------------------
    def prepare(self, ticket: Ticket | dict) -> tuple[Ticket, Analysis, DraftContext, dict[str, float]]:
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        t = as_ticket(ticket)
        analysis = analyze(t, locale=self.settings.operator_locale)
        timings["analyze"] = _ms(t0)
        t1 = time.perf_counter()
        ctx = self.retrieve(t, analysis)
        timings["retrieve"] = _ms(t1)
        return t, analysis, ctx, timings

    def retrieve(self, t: Ticket, analysis: Analysis) -> DraftContext:
        retriever = self.services.retriever
        book = CitationBook()
        results: dict[str, list[tuple[str, Result]]] = {}
        passages: dict[str, list[Citation]] = {}
        policy_cids: dict[str, list[str]] = {}
        open_asks = analysis.open_asks
        if open_asks:
            queries = [query_for(a, t, analysis) for a in open_asks]
            vectors = retriever.embed_queries([dense_text(q, a.text) for q, a in zip(queries, open_asks)])
            for k, ask in enumerate(open_asks):
                hits = retriever.search(queries[k], audience=t.audience, lang=analysis.language, kinds=["ticket_ask", "policy"], limit=10, vector=vectors[k])
                if not hits or max(h.similarity for h in hits) < POLICY_MIN_SIM:
                    hits = hits + retriever.search(queries[k], audience=t.audience, kinds=["policy"], limit=4, vector=vectors[k])
                pairs = []
                for r in hits:
                    cid = book.add_result(r)
                    pairs.append((cid, r))
                    if r.payload.get("kind") == "ticket_ask":
                        policy_cids[cid] = [book.add_policy(self.catalog[pid], r.similarity) for pid in r.payload.get("policy_ids", []) if pid in self.catalog][:2]
                results[ask.id] = pairs
                passages[ask.id] = [book.by_id[cid] for cid, _ in pairs]
        escalation_cids: list[str] = []
        if analysis.has_flag("escalate"):
            suffix = "/en/" if analysis.language == "en" else "/"
            wanted = [(f"support{suffix}escalation", r"24\s*(?:час|hour)")]
            if analysis.has_flag("legal_threat"):
                # the written claim: a buyer's is answered in 10 days, a seller's in 10 business days through the Seller
                # Account; a pickup point disputes fines in its own way (the escalation line alone)
                if t.audience == "seller":
                    wanted.append(("seller/en/disputes" if analysis.language == "en" else "seller/disputes", r"10\s*(?:рабочих дн|business day)"))
                elif t.audience == "buyer":
                    wanted.append(("support/legal-claims", r"10\s*(?:дн|day)"))
            for doc, pattern in wanted:
                if doc in self.catalog:
                    escalation_cids.append(book.add_policy(self.catalog[doc].section_with(pattern)))
        # every topic an ask is about, read with its context (analysis/context.py; a vague ask such as «Что
        # делать?» takes the topics of the words around it): the drafter judges answers on all of them, as
        # /v1/checks does, and falls back on the sections of the documents that own them (router.py) when
        # no retrieved passage answers the ask; a section is cited only when it is used
        routed: dict[str, list[tuple[str, str, str]]] = {}
        ask_topics = about(open_asks, t)
        for a in open_asks:
            docs = sorted({d for topic in set(ask_topics[a.id]) - GOODS_TOPICS for d in preferred_docs(t.audience, topic, analysis.language)})
            routed[a.id] = [(d, h, txt) for d in docs if d in self.catalog and self.catalog[d].lang == analysis.language
                            for h, txt in self.catalog[d].sections]
        comp_doc = "buyer/en/compensation-rules" if analysis.language == "en" else "buyer/compensation-rules"
        compensation_sections = [(comp_doc, h, txt) for h, txt in self.catalog[comp_doc].sections] \
            if t.audience == "buyer" and comp_doc in self.catalog else []
        grounded = self.vocabulary | {w for m in t.messages for w in content_stems(m.text) | set(re.findall(r"\d+", m.text))}
        return DraftContext(ticket=t, analysis=analysis, passages=passages, citations=book.by_id,
                            extra={"results": results, "policy_cids": policy_cids, "escalation_cids": escalation_cids, "grounded": grounded,
                                   "routed": routed, "ask_topics": ask_topics, "compensation_sections": compensation_sections,
                                   "cite_section": lambda doc_id, heading: book.add_policy(self.catalog[doc_id].section(heading)),
                                   "queries": {a.id: queries[k] for k, a in enumerate(open_asks)} if open_asks else {}})

    # ---- the whole draft ----------------------------------------------------------------------
    def draft(self, ticket: Ticket | dict, backend: str | None = None) -> dict:
        started = time.perf_counter()
        t, analysis, ctx, timings = self.prepare(ticket)
        t2 = time.perf_counter()
        output = self._run_backend(ctx, backend or self.settings.drafter)
        timings["compose"] = _ms(t2)
        timings["total"] = _ms(started)
        return self.response(t, analysis, ctx, output, timings)

    def stream(self, ticket: Ticket | dict, backend: str | None = None) -> Iterator[tuple[str, Any]]:
        """Yields ("delta", text) events, then ("result", response)."""
        started = time.perf_counter()
        t, analysis, ctx, timings = self.prepare(ticket)
        t2 = time.perf_counter()
        name = backend or self.settings.drafter
        output: DraftOutput | None = None
        if name == "openai" and self.llm is not None:
            streamed = False
            for item in self.llm.stream_safe(ctx, self.extractive):
                if isinstance(item, str):
                    streamed = True
                    yield "delta", item
                else:
                    output = item
            if output is not None and output.degraded:
                if streamed:
                    yield "reset", ""
                for chunk in _chunks(output.text):
                    yield "delta", chunk
        else:
            output = self._run_backend(ctx, name)
            for chunk in _chunks(output.text):
                yield "delta", chunk
        if output is None:  # the LLM stream ended without a result: never leave the client without a draft
            output = self.extractive.draft(ctx)
            output.degraded, output.degraded_reason = True, "llm_stream_ended_without_result"
            for chunk in _chunks(output.text):
                yield "delta", chunk
        timings["compose"] = _ms(t2)
        timings["total"] = _ms(started)
        yield "result", self.response(t, analysis, ctx, output, timings)

    def _run_backend(self, ctx: DraftContext, name: str) -> DraftOutput:
        if name == "openai":
            if self.llm is None:
                out = self.extractive.draft(ctx)
                out.degraded, out.degraded_reason = True, "llm_not_configured: set COPILOT_LLM__BASE_URL"
                return out
            return self.llm.draft_safe(ctx, self.extractive)
        return self.extractive.draft(ctx)

    def response(self, t: Ticket, analysis: Analysis, ctx: DraftContext, output: DraftOutput, timings: dict[str, float]) -> dict:
        units = {u.ask_id: u for u in output.units}
        asks = []
        for a in analysis.open_asks:
            u = units.get(a.id)
            asks.append({"id": a.id, "text": a.text, "kind": a.kind, "source_message": a.source_message, "topic": a.topic,
                         "addressed": bool(u and u.addressed), "citations": list(u.citations) if u else [],
                         **({"note": u.note} if u and u.note else {})})
        used = [cid for cid in output.citations if cid in ctx.citations]
        response = {
            "ticket_id": t.id,
            "language": analysis.language,
            "draft": {"id": "d-" + uuid.uuid4().hex[:16], "text": output.text},
            "asks": asks,
            "answered_asks": [{"id": a.id, "text": a.text, "kind": a.kind, "source_message": a.source_message, "topic": a.topic}
                              for a in analysis.asks if not a.open],
            "citations": [msgspec.to_builtins(ctx.citations[cid]) for cid in used],
            "flags": msgspec.to_builtins(analysis.flags),
            "brief": msgspec.to_builtins(analysis.brief),
            "entities": msgspec.to_builtins(analysis.entities),
            "backend": output.backend,
            "degraded": output.degraded,
            "timings_ms": timings,
        }
        if output.degraded_reason:
            response["degraded_reason"] = output.degraded_reason
        if output.metadata:
            response["metadata"] = output.metadata
        log.info("draft_created", backend=output.backend, degraded=output.degraded, n_asks=len(asks),
                 n_citations=len(used), latency_ms=timings.get("total"))
        return response


def query_for(ask: Any, t: Ticket, analysis: Analysis | None = None) -> str:
    """The retrieval query of an ask: its text, plus the words just before it when the ask is short
    or vague («Ну и где?», «Когда вы его заберёте?» need the sentence that says what "it" is), plus a
    broken promise the same message reports («обещали забрать 12 марта — ну и где?»)."""
    if ask.topic != "other" and content_stems(ask.text):
        # an ask that names its matter (a topic of its own words) needs no context. Each query token
        # costs about 1 ms of CPU to embed; measured side by side on the full eval suite against
        # requiring five content words: ask coverage equal (0.858), 28 % fewer query tokens,
        # citation precision 0.683 -> 0.680
        return ask.text
    context = context_text(ask, t)
    if analysis is not None and (ask.topic == "other" or ask.kind == "complaint"):
        # the customer reports that a promise was broken: what was promised says what the ask is about
        broken = [p.text for p in analysis.promises if p.status == "broken" and p.evidence == ask.source_message]
        if broken:
            return f"{ask.text} {broken[0]}"
    return f"{ask.text} {context}".strip() if context else ask.text


_ORDER_ID = re.compile(r"\b\d{10}-\d{4}\b")
_GREETING = re.compile(r"(?:^|(?<=[.!?]\s))(?:здравствуйте|добрый (?:день|вечер)|доброе утро|hello|hi|good (?:morning|afternoon|evening))[!.,]?\s*", re.IGNORECASE)


def dense_text(query: str, ask_text: str = "") -> str:
    """The text whose dense vector is searched: the query without order numbers and greetings, and its
    context (the words after the ask itself) without stop words. None of these say what the ask is
    about, and each token costs embedding time (an order number is 5 tokens). The sparse side keeps the
    whole query. Measured side by side on the full eval suite: 19 % fewer tokens than the raw query,
    ask coverage equal, citation precision 0.686 -> 0.671."""
    text = " ".join(_GREETING.sub("", _ORDER_ID.sub("", query)).split()) or query
    head, tail = (text[:len(ask_text)], text[len(ask_text):]) if ask_text and text.startswith(ask_text) else ("", text)
    context = " ".join(w for w in tail.split() if w.lower().strip(",.!?;:«»()\"'") not in STOPWORDS)
    return " ".join(f"{head} {context}".split()) or text


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def _chunks(text: str, size: int = 48) -> Iterator[str]:
    for i in range(0, len(text), size):
        yield text[i:i + size]
