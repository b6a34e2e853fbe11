"""Scorers of a drafting eval run: small named functions over one recorded event and its case.

Events are recorded first (`runner.py` writes `events.jsonl`), metrics are computed after, here.
Every scorer has the signature `scorer(event, case, ctx) -> dict[str, value]`; `score_case` runs all
of them and merges their outputs into one flat per-case record, `aggregate` turns the per-case
records of a run into the run's metrics (micro averages over asks / citations / flags, p50/p95 of
latency). A case whose draft failed (`event["error"]`) scores as an empty draft.

How the matching works (the decisions a reader of the numbers needs):

* **Asks** (`ask_match`): a predicted open ask (response `asks[*]`: `source_message`, `text`)
  matches a gold ask (`message`, verbatim `quote`) when both come from the same message and the
  predicted text overlaps the quote. Overlap = the character spans overlap, where the predicted
  text is located in the message verbatim (whitespace- and case-insensitively); when it cannot be
  located (a trimmed or rewritten ask), when one text contains the other, or ≥ 50 % of the quote's
  word stems occur in the predicted text. Matching is one-to-one and greedy by overlap size.
* **Coverage of the draft** (`ask_coverage`): a gold ask is covered when
  `topics.addresses(t, topic, draft)` holds for its paraphrase `text` or for its `quote`, where
  `topic` is the ask's topic read from its own words or, when they name none («Когда мне теперь его
  привезут?»), from the words around the quote in its message. For a case marked
  `answerable: false` a gold ask is covered when the draft carries an operator note instead of a guess. The draft is judged on its own words: citation markers (`[c1]`) and quotations of
  the thread (`«…»`, `"…"` whose content comes from a message of the ticket) are removed first,
  so echoing the question back does not count as answering it (`ask_coverage_raw` keeps the score
  on the unmodified draft for comparison).
* **Citations** (`citation_match`): a policy and its translation count as one policy
  (`seller/en/payouts` = `seller/payouts`). The predicted set is the `doc_id` of every policy citation of
  the draft plus, for a past-ticket citation (`ticket/<id>#<n>`), the policy ids that ticket's
  answer <n> was labelled with in the knowledge base (ticket citations without policy ids are left
  out); compared with `gold_doc_ids` as sets.
* **Unbacked promises** (`unbacked_promises`): every sentence of the draft (own words, as above)
  that states an amount, a deadline or compensation is checked (quoting an earlier message of the
  thread, e.g. the operator promise that was broken, is not a new promise) with `checks.promise_backing`
  against the snippets of the draft's citations; a sentence they do not back counts one.
* **Similarity** (`similarity`): chrF (character n-grams 1..6, β = 2, whitespace removed, case
  kept; 0..100) and the cosine of the embedder's passage vectors of draft and gold answer, both on
  the draft without citation markers.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from copilot.analysis.topics import addresses, primary_topic
from copilot.analysis import as_ticket
from copilot.checks import customer_amounts, operator_amounts, promise_backing
from copilot.domain import FLAG_KINDS
from copilot.text.sentences import split_sentences
from copilot.text.stem import stem_set

# ---- chrF ---------------------------------------------------------------------------------------


def _char_ngrams(text: str, n: int) -> Counter:
    return Counter(text[i:i + n] for i in range(len(text) - n + 1))


def chrf(hypothesis: str, reference: str, max_n: int = 6, beta: float = 2.0) -> float:
    """Sentence chrF (Popović 2015), 0..100: character n-gram precision and recall for n = 1..max_n
    (whitespace removed), each averaged over the orders both texts have, combined as F-beta."""
    hyp = "".join(hypothesis.split())
    ref = "".join(reference.split())
    if not hyp and not ref:
        return 100.0
    if not hyp or not ref:
        return 0.0
    precisions, recalls = [], []
    for n in range(1, max_n + 1):
        h, r = _char_ngrams(hyp, n), _char_ngrams(ref, n)
        if not h or not r:
            break  # both texts are shorter than n: higher orders carry no information
        common = sum((h & r).values())
        precisions.append(common / sum(h.values()))
        recalls.append(common / sum(r.values()))
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if p == 0 and r == 0:
        return 0.0
    b2 = beta * beta
    return 100.0 * (1 + b2) * p * r / (b2 * p + r)


# ---- shared text helpers --------------------------------------------------------------------------

_MARKER = re.compile(r"\s*\[c\d+\](?:\s*\[c\d+\])*")
_QUOTED = re.compile(r"«([^«»]{3,})»|“([^“”]{3,})”|\"([^\"]{3,})\"")
_WS = re.compile(r"\s+")


def strip_markers(text: str) -> str:
    """The draft without citation markers `[c1] [c2]` (UI annotations, not words of the reply)."""
    return _MARKER.sub("", text)


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def own_words(draft: str, ticket: dict) -> str:
    """The draft without citation markers and without quotations of the thread (the customer's
    question echoed back, an earlier operator promise cited as broken)."""
    thread = [_norm(m.get("text", "")) for m in ticket.get("messages", [])]
    thread_words = [set(_words(t)) for t in thread]

    def replace(m: re.Match) -> str:
        inner = next(g for g in m.groups() if g is not None)
        core = _norm(inner).rstrip(".…?! ")
        words = _words(core)
        for text, vocab in zip(thread, thread_words):
            if core and (core in text or (words and sum(w in vocab for w in words) / len(words) >= 0.8)):
                return "«…»"
        return m.group(0)

    return _QUOTED.sub(replace, strip_markers(draft))


def _sentences(text: str) -> list[str]:
    return [s for _, _, s in split_sentences(text)]


# ---- the context scorers share ----------------------------------------------------------------------


@dataclass
class ScoringContext:
    """What scorers need beyond the event and the case; every part is optional."""

    embed: Callable[[Sequence[str]], np.ndarray] | None = None  # passage embedder (services.embedder.embed_passages)
    ticket_policy_ids: dict[str, list[str]] = field(default_factory=dict)  # "ticket/KB-B-0009#1" -> policy ids
    judge: Any = None  # an LLMJudge, or None: no judge configured
    _vectors: dict[str, np.ndarray] = field(default_factory=dict)

    def prefetch(self, texts: Sequence[str], batch: int = 16) -> None:
        """Embed many texts in batches up front (scorers then read the cache)."""
        if self.embed is None:
            return
        todo = sorted(dict.fromkeys(t for t in texts if t not in self._vectors), key=len)  # similar lengths batch with less padding
        for i in range(0, len(todo), batch):
            chunk = todo[i:i + batch]
            for text, vec in zip(chunk, np.asarray(self.embed(chunk), dtype=np.float32)):
                self._vectors[text] = vec

    def vector(self, text: str) -> np.ndarray | None:
        if self.embed is None:
            return None
        if text not in self._vectors:
            self.prefetch([text])
        return self._vectors[text]


def ticket_policy_map(tickets: Sequence[Any]) -> dict[str, list[str]]:
    """Citation doc ids of past tickets (`ticket/<id>#<n>` per answer, `ticket/<id>` for the whole
    ticket) -> policy ids they were labelled with (from `knowledge.loader.load_tickets`)."""
    out: dict[str, list[str]] = {}
    for t in tickets:
        union: list[str] = []
        for n, pair in enumerate(t.pairs, start=1):
            out[f"ticket/{t.id}#{n}"] = list(pair.policy_ids)
            union.extend(p for p in pair.policy_ids if p not in union)
        out[f"ticket/{t.id}"] = sorted(union)
    return out


# ---- scorers ------------------------------------------------------------------------------------------


def _draft(event: dict) -> str:
    return "" if event.get("error") else (event.get("draft") or "")


def _span(message_text: str, fragment: str) -> tuple[int, int] | None:
    """Span of `fragment` in the message, whitespace- and case-insensitively (offsets into the normalized text)."""
    text, frag = _norm(message_text), _norm(fragment).rstrip("?!.… ")
    if not frag:
        return None
    pos = text.find(frag)
    return (pos, pos + len(frag)) if pos >= 0 else None


def ask_overlap(pred_text: str, quote: str, message_text: str) -> float:
    """How much a predicted ask overlaps a gold quote of the same message (0 = no match)."""
    q_span = _span(message_text, quote)
    p_span = _span(message_text, pred_text)
    if q_span and p_span:
        inter = min(q_span[1], p_span[1]) - max(q_span[0], p_span[0])
        return inter / (q_span[1] - q_span[0]) if inter > 0 else 0.0
    p, q = _norm(pred_text).rstrip("?!.… "), _norm(quote).rstrip("?!.… ")
    if q and p and (q in p or p in q):
        return 1.0
    q_stems = stem_set(quote)
    if not q_stems:
        return 0.0
    share = len(q_stems & stem_set(pred_text)) / len(q_stems)
    return share if share >= 0.5 else 0.0


def ask_match(event: dict, case: dict, ctx: ScoringContext) -> dict:
    gold = case.get("gold_asks", [])
    pred = [] if event.get("error") else event.get("asks", [])
    messages = case["ticket"]["messages"]
    used: set[int] = set()
    matched_gold: list[bool] = []
    for g in gold:
        best, best_overlap = None, 0.0
        for k, a in enumerate(pred):
            if k in used or a.get("source_message") != g["message"]:
                continue
            overlap = ask_overlap(a.get("text", ""), g["quote"], messages[g["message"]]["text"])
            if overlap > best_overlap:
                best, best_overlap = k, overlap
        if best is not None:
            used.add(best)
        matched_gold.append(best is not None)
    return {"ask_tp": len(used), "ask_pred": len(pred), "ask_gold": len(gold),
            "ask_recall": len(used) / len(gold) if gold else 1.0,
            "ask_precision": len(used) / len(pred) if pred else (1.0 if not gold else 0.0),
            "ask_matched": matched_gold}


_NOTE = re.compile(r"\[(?:Оператору|To the operator):", re.IGNORECASE)


def _context_topic(gold_ask: dict, ticket: dict | None) -> str:
    """The topic of a gold ask read the way a person reads it: from its own words, or, when they name
    no topic («Когда мне теперь его привезут?»), from the words around it in its message."""
    topic = primary_topic(gold_ask.get("quote", "") + " " + gold_ask.get("text", ""))
    if topic != "other" or not ticket:
        return topic
    try:
        msg = ticket["messages"][gold_ask["message"]]["text"]
    except (KeyError, IndexError, TypeError):
        return topic
    pos = max(0, msg.find(gold_ask.get("quote", "")))
    return primary_topic(msg[max(0, pos - 200):pos + len(gold_ask.get("quote", "")) + 80])


def _covered(gold_ask: dict, text: str, ticket: dict | None = None, answerable: bool = True) -> bool:
    if not answerable:
        # the right draft for a question the knowledge base cannot answer says so: an operator note
        return bool(_NOTE.search(text))
    topic = _context_topic(gold_ask, ticket)
    return any(addresses(t, topic if topic != "other" else primary_topic(t), text) for t in (gold_ask.get("text", ""), gold_ask["quote"]) if t)


def ask_coverage(event: dict, case: dict, ctx: ScoringContext) -> dict:
    gold = case.get("gold_asks", [])
    draft = _draft(event)
    own = own_words(draft, case["ticket"])
    answerable = case.get("answerable", True) is not False
    covered = [_covered(g, own, case["ticket"], answerable) for g in gold]
    raw = [_covered(g, strip_markers(draft), case["ticket"], answerable) for g in gold]
    return {"coverage_hits": sum(covered), "coverage_gold": len(gold),
            "ask_coverage": sum(covered) / len(gold) if gold else 1.0,
            "ask_coverage_raw": sum(raw) / len(gold) if gold else 1.0,
            "ask_covered": covered}


def policy_of(doc_id: str) -> str:
    """The policy a document id names, whatever its language: `seller/en/payouts` -> `seller/payouts`."""
    return doc_id.replace("/en/", "/", 1)


def cited_policy_ids(citations: Sequence[dict], ticket_policy_ids: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    for c in citations:
        ids = [c["doc_id"]] if c.get("source") == "policy" else ticket_policy_ids.get(c.get("doc_id", ""), [])
        out.extend(i for i in ids if i and i not in out)
    return out


def citation_match(event: dict, case: dict, ctx: ScoringContext) -> dict:
    # a policy and its translation are one policy (`seller/en/payouts` is `seller/payouts` in English)
    pred = {policy_of(d) for d in cited_policy_ids([] if event.get("error") else event.get("citations", []), ctx.ticket_policy_ids)}
    gold = {policy_of(d) for d in case.get("gold_doc_ids", [])}
    tp = len(pred & gold)
    return {"cit_tp": tp, "cit_pred": len(pred), "cit_gold": len(gold),
            "citation_precision": tp / len(pred) if pred else (1.0 if not gold else 0.0),
            "citation_recall": tp / len(gold) if gold else 1.0,
            "cited_policies": sorted(pred)}


def flag_match(event: dict, case: dict, ctx: ScoringContext) -> dict:
    got = set() if event.get("error") else {f["kind"] for f in event.get("flags", [])}
    want = set(case.get("expected_flags", []))
    out: dict[str, Any] = {"flags_got": sorted(got), "flags_want": sorted(want)}
    for kind in FLAG_KINDS:
        out[f"flag_{kind}"] = {"tp": int(kind in got and kind in want), "fp": int(kind in got and kind not in want),
                               "fn": int(kind not in got and kind in want)}
    tp = len(got & want)
    out["flag_recall"] = tp / len(want) if want else 1.0
    out["flag_precision"] = tp / len(got) if got else 1.0
    return out


def unbacked_promises(event: dict, case: dict, ctx: ScoringContext) -> dict:
    snippets = [c.get("snippet", "") for c in event.get("citations", [])]
    checked, unbacked = 0, []
    messages = as_ticket(case["ticket"]).messages
    said = customer_amounts(messages)  # sums the customer states, said back as theirs
    promised = operator_amounts(messages)  # amounts the operators promised, kept by «обещанные 640 баллов»
    for sentence in _sentences(own_words(_draft(event), case["ticket"])):
        ok, reason = promise_backing(sentence, snippets, said, promised)
        if reason == "no amount or deadline stated":
            continue
        checked += 1
        if not ok:
            unbacked.append({"sentence": sentence, "reason": reason})
    return {"promise_sentences": checked, "unbacked_promises": len(unbacked), "unbacked": unbacked}


def similarity(event: dict, case: dict, ctx: ScoringContext) -> dict:
    draft = strip_markers(_draft(event)).strip()
    gold = case.get("gold_answer", "")
    out: dict[str, Any] = {"chrf": round(chrf(draft, gold), 2), "embed_cos": None}
    if draft and ctx.embed is not None:
        a, b = ctx.vector(draft), ctx.vector(gold)
        denom = float(np.linalg.norm(a) * np.linalg.norm(b))
        out["embed_cos"] = round(float(np.dot(a, b)) / denom, 4) if denom else 0.0
    elif ctx.embed is not None:
        out["embed_cos"] = 0.0
    return out


def latency(event: dict, case: dict, ctx: ScoringContext) -> dict:
    return {"latency_ms": (event.get("timings_ms") or {}).get("total")}


def judge(event: dict, case: dict, ctx: ScoringContext) -> dict:
    """Optional LLM judge with a per-ask rubric; `None` when no LLM is configured."""
    if ctx.judge is None or event.get("error"):
        return {"judge": None, "judge_score": None}
    verdict = ctx.judge.judge(case, strip_markers(_draft(event)))
    return {"judge": verdict, "judge_score": verdict.get("score") if verdict else None}


SCORERS: list[Callable[[dict, dict, ScoringContext], dict]] = [
    ask_match, ask_coverage, citation_match, flag_match, unbacked_promises, similarity, latency, judge,
]

# per-case metrics in 0..1 that make up `case_score` and that `compare` diffs (higher is better)
CASE_METRICS = ("ask_coverage", "ask_recall", "ask_precision", "citation_recall", "citation_precision",
                "flag_recall", "flag_precision", "chrf01", "embed_cos", "judge_score", "no_unbacked")


def score_case(event: dict, case: dict, ctx: ScoringContext) -> dict:
    out: dict[str, Any] = {"case_id": case["id"], "tags": case.get("tags", []), "answerable": case.get("answerable", True),
                           "error": event.get("error"), "degraded": event.get("degraded", False)}
    for scorer in SCORERS:
        out.update(scorer(event, case, ctx))
    out["chrf01"] = out["chrf"] / 100.0
    out["no_unbacked"] = 1.0 if out["unbacked_promises"] == 0 else 0.0
    parts = [out[m] for m in CASE_METRICS if out.get(m) is not None]
    out["case_score"] = round(sum(parts) / len(parts), 4) if parts else 0.0
    return out


# ---- aggregation ------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), q in 0..100."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return None
    pos = (len(vals) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)


def _ratio(num: float, den: float, empty: float = 1.0) -> float:
    return num / den if den else empty


def _mean(values: Sequence[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def aggregate(scores: Sequence[dict]) -> dict:
    """Run-level metrics from per-case records: micro averages over asks, citations and flags."""
    s = lambda key: sum(r[key] for r in scores)  # noqa: E731
    per_kind = {}
    for kind in FLAG_KINDS:
        tp, fp, fn = (sum(r[f"flag_{kind}"][k] for r in scores) for k in ("tp", "fp", "fn"))
        per_kind[kind] = {"precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn), "tp": tp, "fp": fp, "fn": fn,
                          "support": tp + fn}
    ftp = sum(v["tp"] for v in per_kind.values())
    ffp = sum(v["fp"] for v in per_kind.values())
    ffn = sum(v["fn"] for v in per_kind.values())
    lat = [r["latency_ms"] for r in scores if r.get("latency_ms") is not None]
    judged = [r["judge_score"] for r in scores if r.get("judge_score") is not None]
    metrics = {
        "cases": len(scores),
        "errors": sum(1 for r in scores if r.get("error")),
        "degraded": sum(1 for r in scores if r.get("degraded")),
        "ask_recall": _ratio(s("ask_tp"), s("ask_gold")),
        "ask_precision": _ratio(s("ask_tp"), s("ask_pred")),
        "ask_coverage": _ratio(s("coverage_hits"), s("coverage_gold")),
        "ask_coverage_raw": _ratio(sum(r["ask_coverage_raw"] * r["coverage_gold"] for r in scores), s("coverage_gold")),
        "citation_precision": _ratio(s("cit_tp"), s("cit_pred")),
        "citation_recall": _ratio(s("cit_tp"), s("cit_gold")),
        "flag_precision": _ratio(ftp, ftp + ffp),
        "flag_recall": _ratio(ftp, ftp + ffn),
        "flags": per_kind,
        "unbacked_promises": s("unbacked_promises"),
        "cases_with_unbacked": sum(1 for r in scores if r["unbacked_promises"]),
        "chrf": _mean([r["chrf"] for r in scores]),
        "embed_cos": _mean([r["embed_cos"] for r in scores]),
        "judge": _mean(judged) if judged else None,
        "latency_ms": {"p50": percentile(lat, 50), "p95": percentile(lat, 95), "max": max(lat) if lat else None},
        "case_score": _mean([r["case_score"] for r in scores]),
    }
    return metrics


# ---- the CI gate ---------------------------------------------------------------------------------------

GATE = {"ask_coverage": (">=", 0.90), "flag_recall": (">=", 0.90), "unbacked_promises": ("==", 0)}


def gate_failures(metrics: dict) -> list[str]:
    """Human-readable failures of the CI gate (empty when it passes)."""
    failures = []
    for name, (op, bound) in GATE.items():
        value = metrics.get(name)
        ok = value is not None and (value >= bound if op == ">=" else value == bound)
        if not ok:
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            failures.append(f"{name} = {shown}, required {op} {bound}")
    return failures


# ---- the optional LLM judge ------------------------------------------------------------------------------

JUDGE_RUBRIC = """You grade a draft reply of a marketplace support operator against what the customer asked.
For EACH numbered customer ask below, give a score:
  2 = the reply answers this ask specifically and correctly (consistent with the reference answer; no invented facts),
  1 = the reply touches the ask but only generically, partially, or with a template,
  0 = the reply does not deal with this ask, or answers it wrongly.
Judge only the draft reply. The reference answer shows what a correct answer contains; wording may differ.
Answer with JSON only: {"asks": [{"n": 1, "score": 0|1|2, "reason": "one short sentence"}, ...]}

Customer asks:
$asks

Reference answer:
$gold

Draft reply:
$draft
"""

RUBRIC_HASH = hashlib.sha256(JUDGE_RUBRIC.encode()).hexdigest()[:12]


class LLMJudge:
    """Per-ask rubric through any OpenAI-compatible chat-completions server (temperature 0, seeded)."""

    def __init__(self, client: Any, model: str, seed: int = 13) -> None:
        self.client, self.model, self.seed = client, model, seed

    @classmethod
    def from_settings(cls, llm_settings: Any, seed: int = 13) -> "LLMJudge | None":
        if not llm_settings.base_url:
            return None
        import openai

        client = openai.OpenAI(base_url=llm_settings.base_url, api_key=llm_settings.api_key or "not-needed",
                               timeout=llm_settings.timeout_s, max_retries=llm_settings.max_retries)
        return cls(client, llm_settings.model, seed)

    def prompt(self, case: dict, draft: str) -> str:
        asks = "\n".join(f"{n}. {g.get('text') or g['quote']} (customer's words: \"{g['quote']}\")"
                         for n, g in enumerate(case.get("gold_asks", []), start=1))
        return (JUDGE_RUBRIC.replace("$asks", asks).replace("$gold", case.get("gold_answer", ""))
                .replace("$draft", draft or "(empty)"))

    def judge(self, case: dict, draft: str) -> dict | None:
        gold = case.get("gold_asks", [])
        if not gold:
            return None
        try:
            resp = self.client.chat.completions.create(model=self.model, temperature=0, seed=self.seed,
                                                       messages=[{"role": "user", "content": self.prompt(case, draft)}])
            content = resp.choices[0].message.content or ""
            parsed = parse_judge_reply(content, len(gold))
        except Exception as exc:  # a judge failure must not lose the run; it is recorded
            return {"model": self.model, "rubric_hash": RUBRIC_HASH, "error": f"{type(exc).__name__}: {exc}"[:300], "score": None}
        score = sum(a["score"] for a in parsed) / (2 * len(parsed))
        return {"model": self.model, "rubric_hash": RUBRIC_HASH, "asks": parsed, "score": round(score, 4)}


def parse_judge_reply(content: str, n_asks: int) -> list[dict]:
    """The judge's JSON (possibly inside a code fence or prose) -> one {n, score, reason} per ask."""
    m = re.search(r"\{.*\}", content, re.DOTALL)
    if not m:
        raise ValueError("no JSON object in the judge reply")
    data = json.loads(m.group(0))
    by_n = {int(a["n"]): a for a in data.get("asks", []) if "n" in a}
    out = []
    for n in range(1, n_asks + 1):
        a = by_n.get(n)
        if a is None:
            raise ValueError(f"the judge gave no score for ask {n}")
        score = int(a["score"])
        if score not in (0, 1, 2):
            raise ValueError(f"score {score} out of range for ask {n}")
        out.append({"n": n, "score": score, "reason": str(a.get("reason", ""))[:300]})
    return out
