"""The extractive drafter: the embedded default, no LLM, no network.

For each open ask, in the customer's order, it picks the best-supported answer unit among the
retrieved passages — a past operator's answer to the same kind of ask, or the most relevant
sentences of a policy chunk — adapts it to this ticket (the customer's order number; sentences
tied to another ticket's dates, times or compensation are dropped, nothing is invented), and
composes one reply: greeting, acknowledgement, apology only where the thread shows a fault, one
paragraph per ask with its citations, escalation line, closing. An ask with no support gets a
clearly marked note for the operator instead of a guess.
"""

from __future__ import annotations

import re

import msgspec
from dataclasses import dataclass
from typing import Sequence

from copilot.analysis.context import EVALUATIVE, PENALTY, context_text, handed_over
from copilot.analysis.analyzer import said as substance
from copilot.analysis.flags import REPEAT
from copilot.analysis.focus import gives, parts
from copilot.analysis.topics import RELATED, address_score, addresses, content_stems, topics_of
from copilot.domain import Ask
from copilot.drafting.base import AskAnswerUnit, DraftContext, DraftOutput
from copilot.drafting.claim_steps import CLAIM_KEY, SELLER_CLAIM_KEY
from copilot.drafting.compensation import asks_for_compensation, compensation_answer, event_note
from copilot.drafting.apology import SELLER_REFUSED, STOREFRONT, apology, not_the_seller
from copilot.drafting.next_step import DEADLINE_KEPT, FREE_RESCHEDULE, OFFER_KEYS, complaint_due, early_step, step_for, told_above
from copilot.drafting.phrases import LEADS, TEXT
from copilot.drafting.router import preferred_docs
from copilot.drafting.situations import AGAIN, EARLY, for_payment, other_situation, situations, thread_situations
from copilot.drafting.step import ANSWER_LATER, TERM_ASK, WHERE_TO
from copilot.drafting.wording import INTERNAL, WINDOW, POLICY_GRANT, adapt_ticket_answer, dash, operator_to_we, standalone_sentences, tidy, to_second_person, without_internal_tail, without_lead_back
from copilot.retrieval.search import Result
from copilot.text.sentences import split_sentences

TICKET_MIN_SIM = 0.86  # dense cosine (e5, query vs stored ask) for reusing a past answer
POLICY_MIN_SIM = 0.80  # dense cosine for a policy chunk to count as support
# below this `fit`, a paragraph agrees with the ask only by a topic (often one read off the ask's context) and shares at
# most a word with it: a section of the owning document is not said at all, and a ranked policy passage only when a word
# of the ask is in it. On 30 new tickets written for a held-out read, the paragraphs below it were all on a neighbouring
# matter or situation; on the 105 eval drafts two were below it.
WEAK_FIT = 0.7
_STAFF_DOCS = ("support/answer-standards", "support/en/answer-standards", "support/promises-and-handoff", "support/en/promises-and-handoff")
def answer_fit(ask_text: str, topics: Sequence[str], happened: frozenset[str], body: str) -> float:
    """How well a paragraph answers an ask: the best `address_score` over the ask's topics under which
    `addresses()` holds; 0 when it holds under none, or when the paragraph describes another situation
    than the customer's (`happened`)."""
    told = situations(body)
    if other_situation(happened, told):
        return 0.0
    fit = max((address_score(ask_text, t, body) for t in topics if addresses(ask_text, t, body)), default=0.0)
    if not fit:
        return 0.0
    # a paragraph about more of the ask's matters (a fine AND a late shipment) before one about fewer, and
    # one about the customer's own situation (the courier who never came) before a general one
    both = len(set(topics) & set(topics_of(body))) - 1
    # (a rarer case — a foreign bank's card — only gates: "Can you just remove it?" from a customer with a Kazakh card is not
    # answered by the paragraph on refunds to foreign cards)
    own = {x for x in happened & told if not x.startswith("case:")}
    return fit + 0.05 * max(0, both) + (0.1 if own else 0.0)


_OPERATOR_SECTION = re.compile(r"оператор|operator|выделенн|dedicated group|эскалац|escalat|передавать|hand over|обещать|promise", re.IGNORECASE)


# a handbook's worked example («Пример: заказ на 5 000 ₽ … максимум — 500 ₽») has another order's numbers
_EXAMPLE = re.compile(r"(?:пример|например|examples?|for example|e\.g\.)\b\s*[:,—–-]", re.IGNORECASE)


@dataclass
class Candidate:
    cid: str
    result: Result
    sentences: list[str]
    score: float
    kind: str  # ticket | policy


# a sentence that opens with a label: «Банковская карта: …», "Card: …", «СБП: …»
_LABEL = re.compile(r"^[^\s:.,]+(?:\s+[^\s:.,]+){0,2}:\s")
# an ask about which windows there are or choosing one
_ABOUT_WINDOWS = re.compile(r"интервал|окн|врем|час|window|slot|time", re.IGNORECASE)


# a «when» with nothing of its own: «Когда?», "And when?", «А когда их начислят?»
_BARE_WHEN = re.compile(r"^(?:(?:а|и|and|but)\s+)?(?:когда|when)(?:\s+(?:же|их|они|это|will (?:it|they|that)(?: be)?|do i get (?:it|them)))?(?:\s+\w+)?\W*$", re.IGNORECASE)


def _quotes_someone(sentence: str) -> bool:
    """A handbook sentence that quotes what people say («дату сдвинули, а мне никто ничего не сказал» или
    «перенесли без предупреждения»): several quotes, one of them a phrase. Names and statuses in quotes
    («Кабинет продавца», «утерян») are not."""
    quoted = re.findall(r"«([^»]*)»", sentence)
    return len(quoted) > 1 and any(len(q.split()) >= 3 for q in quoted)


# where a handbook sentence goes on from what is due to the compensation the operator may not promise
_COMPENSATION = re.compile(r"compensat|компенсац", re.IGNORECASE)
_GRANT_TAIL = re.compile(r",?\s+(?:plus|плюс|а также|and also)\s+(?=\S*\s*(?:compensat|компенсац|\d))", re.IGNORECASE)


# «Деньги возвращаются тем же способом, которым оплачен заказ…»: where the money goes, for an ask about where it goes
_SAME_WAY = re.compile(r"тем же способом, которым оплачен|goes back the way the buyer paid", re.IGNORECASE)


def policy_sentences(ask: Ask, text: str, limit: int = 3, audience: str = "buyer") -> list[str]:
    sents = standalone_sentences(text)
    scored = []
    grant_cut = False
    for i, raw in enumerate(sents):
        raw = without_internal_tail(operator_to_we(raw))
        if POLICY_GRANT.search(raw) and (head := _GRANT_TAIL.split(raw, 1)[0]) != raw and not POLICY_GRANT.search(head):
            raw = head.rstrip(",; ") + "."  # «The buyer gets a full refund, including the delivery cost, plus compensation of 10%…»
            grant_cut = True
        elif grant_cut and _COMPENSATION.search(raw):
            continue  # «The compensation is credited automatically…» speaks of the part cut off
        if len(raw.split()) < 5 or INTERNAL.search(raw) or POLICY_GRANT.search(raw) or "?" in raw or _quotes_someone(raw) or _EXAMPLE.match(raw):
            continue
        if _SAME_WAY.search(raw) and not WHERE_TO.search(ask.text):
            continue  # where the money goes answers where it goes, not when it comes
        s = to_second_person(raw, audience)
        if s is None:
            continue
        if len(WINDOW.findall(s)) >= 3 and not _ABOUT_WINDOWS.search(ask.text):
            continue  # the list of delivery windows answers which windows there are, not a courier who broke one
        score = address_score(ask.text, ask.topic, s) + (0.08 if i == 0 else 0.0)
        scored.append((score, i, s))
    scored.sort(reverse=True)
    top = [x for x in scored[:limit] if x[0] > 0.15]
    if not top and scored:
        top = scored[:1]
    chosen = sorted(top, key=lambda x: x[1])
    out, size = [], 0
    for _, _, s in chosen:
        if size + len(s) > 520 and out:
            break
        out.append(s)
        size += len(s)
    return out


def _topic_agrees(ask: Ask, text: str, topic: str | None = None) -> bool:
    topic = topic or ask.topic
    found = set(topics_of(text))
    return topic in found or bool(found & RELATED.get(topic, set()))


def candidates_for(ask: Ask, results: list[tuple[str, Result]], order_ids: list[str], own_dates: set[str], lang: str,
                   grounded: set[str] | None = None, preferred: set[str] | None = None, topic: str | None = None,
                   query: str | None = None, thread_text: str = "", audience: str = "buyer") -> list[Candidate]:
    """Answer units for one ask, best first. `topic` is the ask's topic read with its context;
    `preferred` are the documents that own that topic (see router.py)."""
    out: list[Candidate] = []
    preferred = preferred or set()
    topic = topic or ask.topic
    ask_stems = content_stems(ask.text)
    anchor = content_stems(query) if query else ask_stems
    for cid, r in results:
        p = r.payload
        if p.get("lang") != lang:
            continue
        docs = {p.get("doc_id", "")} | set(p.get("policy_ids") or [])
        routed = 0.04 if docs & preferred else 0.0
        if len(anchor) >= 2 and not anchor & content_stems(" ".join(str(p.get(k, "")) for k in ("ask", "text", "title", "heading"))):
            continue  # no word of the ask anywhere in the passage: similar in tone, not in substance
        if p.get("kind") == "ticket_ask":
            if r.similarity < TICKET_MIN_SIM - 0.03:
                continue
            sents = adapt_ticket_answer(p.get("text", ""), order_ids, own_dates, grounded, thread_text)
            if not sents:
                continue
            agree = _topic_agrees(ask, p.get("ask", "") + " " + p.get("text", ""), topic) or bool(routed)
            if not agree and (topic != "other" or r.similarity < TICKET_MIN_SIM + 0.02):
                continue
            lex = address_score(ask.text, topic, p.get("ask", ""))
            fit = address_score(ask.text, topic, " ".join(sents))
            out.append(Candidate(cid, r, sents, r.similarity + 0.04 * agree + 0.05 * lex + 0.06 * fit + routed + 0.01, "ticket"))
        elif p.get("kind") == "policy":
            if r.similarity < POLICY_MIN_SIM or p.get("heading") == p.get("title") or _OPERATOR_SECTION.search(p.get("heading", "")) \
                    or any(h in str(p.get("doc_id", "")) for h in _STAFF_DOCS):
                continue  # a document's intro describes the document; an operator-facing section, or a support
                # handbook on how to write answers and hand tickets over, instructs staff: never customer text
            sents = policy_sentences(ask, p.get("text", ""), audience=audience)
            if not sents:
                continue
            agree = _topic_agrees(ask, p.get("title", "") + " " + p.get("heading", "") + " " + p.get("text", ""), topic) or bool(routed)
            if not agree and (topic != "other" or r.similarity < POLICY_MIN_SIM + 0.06):
                continue
            lex = max(address_score(ask.text, ask.topic, s) for s in sents)
            intro_penalty = 0.03 if p.get("heading") == p.get("title") else 0.0
            out.append(Candidate(cid, r, sents, r.similarity + 0.04 * agree + 0.11 * lex + routed - intro_penalty, "policy"))
    out.sort(key=lambda c: -c.score)
    return out


def _marks(cids: Sequence[str]) -> str:
    """The citation marks of a paragraph: «[c2] [c5]»."""
    return " ".join(f"[{c}]" for c in cids)


def said_of(sentence: str) -> frozenset[str]:
    """What a sentence says, for `_is_repeat`: its content words and its figures («#14», «#10»)."""
    return content_stems(sentence) | {f"#{n}" for n in re.findall(r"\d+", sentence)}


def _is_repeat(sentence: str, used: list[frozenset[str]]) -> bool:
    """Said already: most words shared with a sentence above, or a shorter sentence whose words are
    mostly in one above («Если курьер приехал раньше интервала, вы не обязаны принимать заказ досрочно»
    after «Вы не обязаны принимать заказ раньше интервала: …»); never a sentence with a figure the one
    above lacks («рассматривается в течение 10 рабочих дней» after «подаётся в течение 14 дней»)."""
    said = said_of(sentence)
    figures = {x for x in said if x.startswith("#")}
    stems = said - figures
    if not stems:
        return False
    for u in used:
        words = {x for x in u if not x.startswith("#")}
        if figures - u:
            continue
        if len(stems & words) / len(stems | words) >= 0.55 or (min(len(stems), len(words)) >= 4 and len(stems & words) / min(len(stems), len(words)) >= 0.6):
            return True
    return False


def _restates(sentence: str, rejected: list[frozenset[str]]) -> bool:
    """Says again what an operator said and the customer called no answer: most of the words of the two
    sentences are the same (not merely a few of a short one: «Штраф — 5%» is no reason to drop what
    documents the dispute needs)."""
    said = said_of(sentence)
    return any(len(said & r) / len(said | r) >= 0.5 for r in rejected if said | r)


# a step's own apology clause («Срок зачисления уже прошёл, простите за это ожидание»), dropped when the opening has one
_SORRY_CLAUSE = re.compile(r",\s*простите за это ожидание|,\s*and we are sorry for the wait", re.IGNORECASE)


# the customer's fear that the return deadline runs out while the pickup is missed
_DEADLINE_WORRY = re.compile(r"срок\w* (?:на )?возврат\w*[^?!]{0,60}(?:кончит|законч|истеч|пройд|пропад|сгор|выйд)|(?:не )?смогу (?:\w+ )?вернуть|"
                             r"return (?:window|period|deadline)[^?!]{0,40}(?:run|expire|over|miss)|running out of time", re.IGNORECASE)


# «Где деньги?», «Когда будут деньги?», "Where is my refund?": where or when the thing is
_WHERE_WHEN = re.compile(r"^(?:(?:ну|и|а|так|so|and)\s+)?(?:где|когда|where|when)\b", re.IGNORECASE)
_WHO_HANDLES = re.compile(r"кто (?:\w+ )?(?:занимается (?:моей|нашей|этой) (?:претензией|заявкой|жалобой|обращением)|рассматривает (?:мою|нашу|эту) (?:претензию|заявку|жалобу))|who (?:is )?(?:actually )?(?:handling|dealing with|reviewing) (?:this|my|our|the) (?:claim|case|request|complaint|ticket)", re.IGNORECASE)
_THINGS = (r"деньг|денег|средств|выплат|refund|money|payout", r"балл|points", r"компенсац|compensat")


def _promised_thing(text: str, promises) -> bool:
    """Whether an ask names what a broken promise was about: the money of a refund or a payout, the points, the compensation."""
    return any(re.search(thing, text, re.IGNORECASE) and re.search(thing, p.text, re.IGNORECASE)
               for p in promises if p.status == "broken" for thing in _THINGS)


# an ask about doing what the ask before it said: «Это можно сделать прямо в пвз?», "Can I do that online?"
_DO_IT = re.compile(r"^(?:(?:а|и|но|and|but|so)\s+)?(?:это|так|it|that|this)\s+(?:можно|получится|реально|can (?:i|we|be))\s+(?:\w+\s+)?(?:сделать|оформить|done|do)\b"
                    r"|^(?:(?:а|и|но|and|but|so)\s+)?(?:можно ли|можно|could i|can i)\s+(?:это|так|it|that|this)\s+(?:сделать|оформить|do)\b", re.IGNORECASE)
def _unit_before(ask: Ask, open_asks: Sequence[Ask], units: Sequence[AskAnswerUnit]) -> AskAnswerUnit | None:
    """The answered unit of the ask just before this one in its message, if it has citations to point at."""
    prev = next((a for a in reversed(open_asks[:open_asks.index(ask)]) if a.source_message == ask.source_message), None)
    return next((u for u in units if prev is not None and u.ask_id == prev.id and u.addressed and u.citations), None)


# a short ask whose matter is only a pronoun: «Его восстановят?», "Will they refund it?"
_PRONOUN_ASK = re.compile(r"\b(?:он|она|оно|они|его|её|ее|их|ему|ей|им|нему|ней|ним|it|they|them)\b", re.IGNORECASE)


def _names_referent(ask: Ask, ticket, body: str) -> bool:
    """Whether a paragraph speaks of what a pronoun ask points back at. «Ещё и промокод на скидку, который я применила, сгорел.
    Его восстановят?»: a paragraph must share a word with the sentence before the ask (the promo code), not only with the
    rest of the message (the points). Asks with words of their own, or with nothing before them, are not judged here."""
    if len(ask.text.split()) > 4 or not _PRONOUN_ASK.search(ask.text) or len(content_stems(ask.text)) > 1:
        return True
    text = ticket.messages[ask.source_message].text[:ask.span[0]]
    sentences = [x for _, _, x in split_sentences(text) if x.strip()]
    if not sentences:
        return True
    return bool(content_stems(sentences[-1]) & content_stems(body))


def unsupported_note(ask: Ask, lang: str) -> str:
    """The operator's note in place of an ask nothing supports: a question goes to the dedicated group, never a guess;
    a statement («Я не всегда могу выйти раньше.») is context for the other answers, not a question for anyone."""
    t = TEXT[lang if lang in TEXT else "ru"]
    return t["note_statement" if ask.kind == "complaint" and "?" not in ask.text else "note"].format(ask=ask.text)


# "Is there a deadline?", «До какого числа?»: a bare ask for the term of what the ask before it is about
_TERM_ASK_EN = re.compile(r"^(?:and\s+|but\s+)?(?:is there a (?:deadline|time limit)|what(?:'s| is) the deadline|how (?:long|much time) do (?:i|we) have|by when)\W*$",
                          re.IGNORECASE)
# a paragraph that states a term in days
_TERM_STATED = re.compile(r"(?:в течение|within) \d{1,3} (?:календарных |рабочих |calendar |business |working )?(?:дн|day|час|hour)", re.IGNORECASE)
# a bare «Сколько ждать?», "How long will it take?": the term the paragraph above states answers it
_WAIT_ASK = re.compile(r"^(?:(?:и|а|ну|so|and)\s+)?(?:сколько (?:мне |нам )?(?:это )?(?:ждать|ожидать|времени (?:ждать|займёт|займет))|как долго (?:мне |нам )?(?:ждать|ожидать)|"
                       r"how long (?:will (?:it|this|that) take|do (?:i|we) (?:have to )?wait|will (?:i|we) (?:have to )?wait))\W*$", re.IGNORECASE)
# the state bodies a customer says they will turn to, as said back: «в прокуратуру или ЦБ»
_BODIES = {"ru": (("прокуратур", "прокуратуру"), ("роспотребнадзор", "Роспотребнадзор"), ("цб", "ЦБ"), ("центробанк", "ЦБ"),
                  ("центральный банк", "ЦБ"), ("банк россии", "ЦБ")),
           "en": (("prosecutor", "the prosecutor"), ("central bank", "the Central Bank"), ("consumer protection (?:agency|authority|service|watchdog)", "the consumer protection authority"), ("rospotrebnadzor", "Rospotrebnadzor"))}


def _bodies_named(customer_text: str, lang: str) -> str:
    """«в прокуратуру или ЦБ»: the bodies the customer names, joined as said back; "" when none."""
    low = customer_text.lower()
    named = list(dict.fromkeys(said for stem, said in _BODIES.get(lang, ()) if re.search(rf"\b{stem}", low)))
    return (" или " if lang == "ru" else " or ").join(named)


# a matter that is a narrower case of an ask's topic: «Можно перенести на 30-е?» is a date, and a return's pickup
_NARROWER = {"delivery_date": {"return_pickup"}}


# an ask that names the courier («Уже третий раз курьер приезжает раньше»), not only an early time («не могу выйти раньше»)
_COURIER_NAMED = re.compile(r"курьер|courier", re.IGNORECASE)


# a paragraph's own handover to the dedicated group
_HANDED_ABOVE = re.compile(r"передаём (?:его |её |ее |их |обращение )?в выделенную группу|которой мы передаём|we are handing your case to|passing (?:it|your (?:case|request)) to the dedicated group", re.IGNORECASE)


class ExtractiveDrafter:
    name = "extractive"

    def draft(self, ctx: DraftContext) -> DraftOutput:
        analysis = ctx.analysis
        lang = analysis.language if analysis.language in TEXT else "ru"
        t = TEXT[lang]
        order_ids = analysis.entities.order_ids
        own_dates = set(analysis.entities.dates)
        results: dict[str, list[tuple[str, Result]]] = ctx.extra.get("results", {})
        open_asks = analysis.open_asks

        # what an operator already said that the customer then called no answer («Про размер штрафа я знаю»,
        # "That's not what I asked"): not said again
        rejected = [said_of(x) for k, m in enumerate(ctx.ticket.messages) if m.role != "customer"
                    and any(c.role == "customer" and REPEAT.search(c.text) for c in ctx.ticket.messages[k + 1:k + 3])
                    for _, _, x in split_sentences(substance(m.text))]
        used_sentences: list[frozenset[str]] = []
        comp_asks: set[str] = set()
        offered: set[str] = set()
        offers: list[tuple[str, tuple[str, ...]]] = []  # (next_step offer, its citation)
        used_leads: set[str] = set()
        units: list[AskAnswerUnit] = []
        paragraphs: list[str] = []
        cited: list[str] = []
        broken_in = {p.evidence for p in analysis.promises if p.status == "broken"}
        broken_at = {p.message for p in analysis.promises if p.status == "broken"}  # the messages with the promises broken
        thread_text = dash(" ".join(m.text for m in ctx.ticket.messages))
        customer_text = " ".join(m.text for m in ctx.ticket.messages if m.role == "customer")
        reported = thread_situations(customer_text)
        sorry = apology(ctx, lang)
        seller = not_the_seller(ctx, lang)
        seller_cid = ctx.extra["cite_section"](*seller[1]) if seller is not None and "cite_section" in ctx.extra else None
        for ask in open_asks:
            # «Я не всегда могу выйти раньше.» before «Это нормально?» after a courier who came early: the «нет» with the window
            # that binds the courier, given to the question, answers the statement too (said once)
            # (not the report itself of early arrivals that keep happening, «Уже третий раз курьер приезжает раньше»: that one gets
            # the complaint to the courier service)
            if ask.kind == "complaint" and "?" not in ask.text and EARLY.search(ask.text) and "cite_section" in ctx.extra \
                    and not (AGAIN.search(ask.text) and _COURIER_NAMED.search(ask.text) and complaint_due(reported | situations(ask.text), customer_text)) \
                    and (later_early := next(
                    (st for a in open_asks if a.source_message == ask.source_message and a.span[0] > ask.span[0]
                     and (st := early_step(a, reported, customer_text, lang, ctx.ticket.audience)) is not None), None)) is not None:
                units.append(AskAnswerUnit(ask_id=ask.id, text="", addressed=True,
                                           citations=list(dict.fromkeys(ctx.extra["cite_section"](d, h) for d, h in later_early.sections))))
                continue
            kept = next((u for u in units if u.text and DEADLINE_KEPT.search(u.text)), None)
            if kept is not None and _DEADLINE_WORRY.search(ask.text):
                # «срок возврата 7 дней, он же кончится из-за вас?» when the rescheduling paragraph above says the deadline runs
                # from the request: answered there, not by the general 7-day rule
                units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=list(kept.citations), addressed=True))
                continue
            if sorry and EVALUATIVE.search(ask.text) and early_step(ask, reported, customer_text, lang, ctx.ticket.audience) is None:
                # «Это нормально?», «Это вообще как?»: answered by the apology that names the failure, not by a rule
                # (after a courier who came early, «нет» and the window that binds him answer it)
                units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=[], addressed=True))
                continue
            if seller_cid is not None and ((ask.kind == "complaint" and "?" not in ask.text and SELLER_REFUSED.search(ask.text)) or STOREFRONT.search(ask.text)):
                # «…подала заявку на возврат по браку, продавец игнорирует меня.»: the opening's «Разбираться с продавцом вам не
                # нужно» answers the statement; a retrieved rule on another matter would not
                units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=[seller_cid], addressed=True))
                continue
            # what happened, read from the ask and the words around it even when the ask was searched alone, and the
            # step of the policy that answers it, if any
            happened = situations(f"{ctx.extra.get('queries', {}).get(ask.id, ask.text)} {context_text(ask, ctx.ticket)}") | reported
            rule_said = any(FREE_RESCHEDULE.search(p) for p in paragraphs)
            step = step_for(ask, happened, thread_text, customer_text, lang, ctx.ticket.audience, rule_said, analysis.has_flag("escalate"),
                            ctx.ticket.messages)
            # «Спасибо, а про подменную так и не ответили»: a repeat that names what a step answers gets the answer too
            if (REPEAT.search(ask.text) and step is None) \
                    or (ask.kind == "complaint" and ask.source_message in broken_in) or handed_over(ask.text, analysis.has_flag("escalate")) \
                    or (step is None and ask.open and ask.answered_by in broken_at and analysis.has_flag("escalate")) \
                    or (step is None and analysis.has_flag("escalate") and _WHERE_WHEN.match(ask.text) and _promised_thing(ask.text, analysis.promises)) \
                    or (step is None and analysis.has_flag("escalate") and _WHO_HANDLES.search(ask.text)):
                # ("who is actually handling this claim?" in a ticket handed over: the escalation line names who, and when they answer)
                # («Где деньги?» about a payout promised by the 12th and not paid: the apology names the promise, the handover answers it)
                # («Что с ней?» about a claim whose answer — «компенсация будет выплачена 1 апреля» — was then broken: the
                # apology for that promise and the handover answer it, not a rule on the claim)
                # «Я уже третий раз пишу», «10 мая никто не приехал»: answered by the apology for the broken
                # promise or the repeat contact in the opening (and the escalation line), not by a paragraph;
                # «пойду в Роспотребнадзор», «когда мне ответят?»: answered by the escalation line (24 hours,
                # a written claim in 10 days)
                units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=list(ctx.extra.get("escalation_cids", [])), addressed=True))
                continue
            if _DO_IT.match(ask.text) and (prev_unit := _unit_before(ask, open_asks, units)) is not None:
                # «Хочу обменять на 50 размер. Это можно сделать прямо в пвз?»: «это» is the ask before it, and its answer answers this one
                units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=list(prev_unit.citations), addressed=True))
                continue
            comp_when = next((u for u in units if u.ask_id in comp_asks and gives("when", u.text)), None)
            if comp_when is not None and _BARE_WHEN.search(ask.text) \
                    and any(a.id == comp_when.ask_id and a.source_message == ask.source_message for a in open_asks):
                # «How much compensation do I get and when?»: the compensation paragraph says when, and answers the «when?»
                units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=list(comp_when.citations), addressed=True))
                continue
            term_said = next((u for u in units if u.text and _TERM_STATED.search(u.text)
                              and any(a.id == u.ask_id and a.source_message == ask.source_message for a in open_asks)), None) \
                if step is None and (TERM_ASK.search(ask.text) or _TERM_ASK_EN.search(ask.text) or _WAIT_ASK.search(ask.text) or _BARE_WHEN.search(ask.text)) else None
            if term_said is not None:
                # "Why was I fined, and how do I dispute it? Is there a deadline?": the dispute paragraph above gives its 14 days,
                # and answers the deadline too — not the list of exceptions retrieved for it
                units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=list(term_said.citations), addressed=True))
                continue
            if asks_for_compensation(ask) and (comp := compensation_answer(ask, ctx, lang)) is not None:
                comp_asks.add(ask.id)
                # whether it is due is the operator's decision under the rules: a paragraph on how it is
                # decided and paid, and a note with the rule that fits (drafting/compensation.py)
                unit = AskAnswerUnit(ask_id=ask.id, text=comp.text, citations=comp.citations, addressed=True, note=comp.note)
                units.append(unit)
                paragraphs.append(f"{comp.text} {_marks(comp.citations)}\n\n{comp.note}")
                cited.extend(c for c in comp.citations if c not in cited)
                continue
            if step is not None and "cite_section" in ctx.extra:
                # «Когда теперь привезут?» after a courier who never came: the rescheduling offer the
                # policy gives the operator; «Где деньги?» six days after the return was accepted: the
                # bank's period, not yet passed. Once (a second ask it answers points at it)
                cids = list(dict.fromkeys(ctx.extra["cite_section"](doc, heading) for doc, heading in step.sections))
                if step.key in offered:
                    units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=cids, addressed=True))
                    continue
                text = _SORRY_CLAUSE.sub("", step.text) if sorry else step.text  # the opening apologised already: once is enough
                first, *rest = [x for _, _, x in split_sentences(text)]
                if not rest and told_above(first, paragraphs):
                    # «Сколько по времени будет замена?» when a paragraph above gives the terms already: it answers
                    units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=cids, addressed=True))
                    continue
                offered.add(step.key)
                said = " ".join([first, *(x for x in rest if not _is_repeat(x, used_sentences) and not told_above(x, paragraphs))])
                units.append(AskAnswerUnit(ask_id=ask.id, text=said, citations=cids, addressed=True, note=step.note or None))
                paragraphs.append(f"{said} {_marks(cids)}" + (f"\n\n{step.note}" if step.note else ""))
                if step.key in OFFER_KEYS:
                    offers.append((said, tuple(cids)))  # an offer answers what it offers; a rule is said once and asks keep their own answers
                used_sentences.extend(said_of(x) for _, _, x in split_sentences(said))
                cited.extend(c for c in cids if c not in cited)
                continue
            # the ask's own topic gates the retrieved answers; a vague ask ("other") is judged by similarity
            # alone there, because a keyword topic read off its context is too often wrong («менеджер пропал»
            # ≠ lost order); the topics of its context count when judging whether a paragraph answers it
            topic = ask.topic
            cands = candidates_for(ask, results.get(ask.id, []), order_ids, own_dates, lang, ctx.extra.get("grounded"),
                                   preferred_docs(ctx.ticket.audience, topic, lang), topic, ctx.extra.get("queries", {}).get(ask.id),
                                   thread_text, ctx.ticket.audience)
            unit = None
            already_said = None
            options: list[tuple[list[str], list[str]]] = []  # (sentences not said yet, citations), best first
            kinds: list[str] = []  # each option's kind: a past operator's answer ("ticket") or a policy passage
            for cand in cands[:8]:
                if cand.sentences and _restates(cand.sentences[0], rejected):
                    continue  # what the operator said and the customer called no answer; the rest of it leans on it
                sents = [s for s in cand.sentences if not _is_repeat(s, used_sentences) and not _restates(s, rejected)]
                if not sents:
                    already_said = already_said or cand
                    continue
                cites = [cand.cid]
                if cand.kind == "ticket":
                    cites += ctx.extra.get("policy_cids", {}).get(cand.cid, [])
                options.append((sents, cites))
                kinds.append(cand.kind)
            # the paragraph must answer this ask (the same judgement /v1/checks applies to an operator's
            # reply) and be about what happened (a courier who came early is not one who never came): the
            # best-fitting ranked option; else a section of the document that owns the ask's topic
            judged = ctx.extra.get("ask_topics", {}).get(ask.id, (topic,))

            query_stems = content_stems(ctx.extra.get("queries", {}).get(ask.id, ask.text))

            def fit(body: str) -> float:
                # among paragraphs that answer, the one sharing most words with the ask and its context
                # («их» = the points the sentence before names, not the courier it also names)
                score = answer_fit(ask.text, judged, happened, body)
                return score + 0.1 * len(query_stems & content_stems(body)) / max(1, len(query_stems)) if score else 0.0

            # the best-fitting among the ranked options (ties and near-ties keep the retrieval order)
            fits = [fit(" ".join(o[0])) - 0.02 * k for k, o in enumerate(options)]
            best = max(range(len(options)), key=lambda k: fits[k], default=None)
            chosen = options[best] if best is not None and fits[best] + 0.02 * best > 0 else None
            if chosen is not None and fits[best] + 0.02 * best < WEAK_FIT \
                    and not content_stems(ask.text) & content_stems(" ".join(chosen[0])) \
                    and (kinds[best] == "policy" or (topic != "other" and not answer_fit(ask.text, (topic,), happened, " ".join(chosen[0])))):
                # a policy passage that fits only by the topic read off the ask's context, with no word of the ask in it
                # («Можно заплатить наличными курьеру?» → a paragraph on rescheduling a delivery): a note, not a neighbour.
                # A past answer too, when it does not answer the ask's own topic at all («…баллами (500), их вернут или сгорят?»
                # → «Денежные компенсации рассматривает…», by "compensation" off the context); one that does keeps its place
                # (a past answer's ask was close to this one: dropping every such one lost three good eval paragraphs)
                chosen = None
            if chosen is not None and not _names_referent(ask, ctx.ticket, " ".join(chosen[0])):
                chosen = None  # «Ещё и промокод … сгорел. Его восстановят?» answered about points: not about «его»
            if chosen is None and (routed := self._routed(ask, ctx, used_sentences, fit)) is not None and routed[0] >= WEAK_FIT and "cite_section" in ctx.extra:
                # no ranked option answers: a section of the document that owns the ask's topic. (Letting a
                # section replace an option that answers, when it fits better by 0.05 or 0.09, changed 20
                # drafts on the full suite, most for the worse, and cost 0.005 coverage: not done.)
                chosen = (routed[1], [ctx.extra["cite_section"](routed[2], routed[3])]) if _names_referent(ask, ctx.ticket, " ".join(routed[1])) else None
            if chosen is not None and len(asked := parts(ask.text)) > 1:
                chosen = self._complete(ask, asked, chosen, options, ctx, used_sentences, judged, happened)
            above = max(offers, key=lambda w: fit(w[0]), default=None)
            if above is not None and fit(above[0]) > 0 and (fit(above[0]) >= fit(" ".join(chosen[0])) if chosen is not None else fit(above[0]) >= WEAK_FIT):
                # the offer above answers it as well as anything new would («Срок возврата не пострадает» after
                # «…мне же срок возврата сгорит?»): say it once, not a neighbouring passage after it. (Pointing at
                # any paragraph above that fits as well cost 0.018 coverage: fit judges the matter, and a
                # general paragraph on it fits as well as the one the ask needs. Pointing at one only when nothing
                # new answers marked «I need the hoodie before Friday, can you guarantee that?» answered by the
                # wrong-item paragraph, and an ads question by the payout one, in place of honest notes: not done. With nothing
                # new that answers, the offer must fit at least WEAK_FIT: «Надо ли мне писать заявление в полицию?» pointed
                # at the missing-item paragraph by a topic alone.)
                units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=list(above[1]), addressed=True))
                continue
            # no option answers the ask: a marked note for the operator below, never the top-ranked passage
            # on a neighbouring matter (the canned reply this product exists to stop)
            if chosen is not None:
                sents, cites = without_lead_back(for_payment([tidy(x) for x in chosen[0]], customer_text)), chosen[1]
                body = " ".join(sents)
                labelled = _LABEL.match(body) is not None  # «Банковская карта: банк зачисляет…» takes no «О возврате денег: » before it
                lead = self._lead(ask, lang, used_leads, topics_of(body)) if ask.topic in topics_of(body) and not labelled \
                    and (ctx.ticket.audience != "buyer" or ask.topic not in PARTNER_TOPICS) else ""
                if lead and content_stems(lead) <= content_stems(sents[0]):
                    # «О вывозе возврата: перенести вывоз возврата можно…»: the first sentence names its matter itself (and
                    # has introduced it: the lead stays used)
                    lead = ""
                keep_case = len(body) > 1 and body[0].isupper() and (body[1].isupper() or body.startswith(("Ярмарк", "Yarmarka")))  # «ЗоЗПП», "SBP", a name
                text = f"{lead}{body[:1].lower() + body[1:] if lead.endswith(': ') and not keep_case else body}"
                unit = AskAnswerUnit(ask_id=ask.id, text=text, citations=cites, addressed=True)
                used_sentences.extend(said_of(s) for s in sents)
            if unit is None and already_said is not None and already_said.cid in cited and fit(" ".join(already_said.sentences)) > 0:
                # its best answer is already a paragraph above (the same situation asked twice): say it once
                units.append(AskAnswerUnit(ask_id=ask.id, text="", citations=[already_said.cid], addressed=True))
                continue
            if unit is None:
                other_lang = [cid for cid, r in results.get(ask.id, []) if r.payload.get("lang") != lang and r.similarity >= POLICY_MIN_SIM]
                if other_lang:
                    note = t["note_lang"].format(ask=ask.text, docs=", ".join(other_lang[:2]))
                    unit = AskAnswerUnit(ask_id=ask.id, text=note, citations=other_lang[:2], addressed=False, note=note)
                else:
                    note = unsupported_note(ask, lang)
                    unit = AskAnswerUnit(ask_id=ask.id, text=note, citations=[], addressed=False, note=note)
            units.append(unit)
            paragraphs.append(unit.text + (" " + _marks(unit.citations) if unit.citations and unit.addressed else ""))
            cited.extend(c for c in unit.citations if c not in cited)

        opening = [t["greeting"]]
        orders = (t["orders"] if len(order_ids) == 1 else t["orders_many"]).format(ids=", ".join(order_ids[:2])) if order_ids else ""
        thread = len(ctx.ticket.messages) > 1
        answered = [u for u in units if u.addressed]
        if open_asks and not answered:
            # nothing confirmed to say: no promise to answer every question, a holding line instead
            hold = t["ack_hold"].format(what=t["what_thread"] if thread else t["what_message"], orders=orders)
            if "cite_section" in ctx.extra:
                # its 24 hours are the support standards' time for an answer that cannot be given at once
                hold_cid = ctx.extra["cite_section"](*ANSWER_LATER[lang])
                hold += " " + _marks([hold_cid])
                cited.extend(c for c in [hold_cid] if c not in cited)
            opening.append(hold)
        else:
            ack = t["ack"] if len(open_asks) > 1 else t["ack_one"]
            opening.append(ack.format(what=t["what_thread"] if thread else t["what_message"], orders=orders))
        if sorry:
            opening.append(sorry)
        if seller is not None and seller_cid is not None:
            opening.append(f"{seller[0]} {_marks([seller_cid])}")
            cited.extend(c for c in [seller_cid] if c not in cited)
        tail: list[str] = []
        if not any(u.note and u.ask_id in comp_asks for u in units) and (event := event_note(ctx, lang)) is not None:
            # nobody asked, but a compensation rule covers what happened: the credit the thread shows a ground
            # for, or a note with the rule for the operator's decision — consistent either way
            if event.text:
                tail.append(f"{event.text} {_marks(event.citations)}\n\n{event.note}")
            else:
                tail.append(event.note + " " + _marks(event.citations))
            cited.extend(c for c in event.citations if c not in cited)
        if analysis.has_flag("escalate"):
            # a paragraph above already hands something on to the group («…мы передаём в выделенную группу»): the line
            # says only who answers and when, not the handover a second time
            esc = t["escalate_again" if any(_HANDED_ABOVE.search(p) for p in paragraphs) else "escalate"]
            esc_cids = ctx.extra.get("escalation_cids", [])
            if analysis.has_flag("legal_threat") and ctx.ticket.audience != "pickup_point" and not offered & {CLAIM_KEY, SELLER_CLAIM_KEY}:
                # (a claim confirmed above says its 10 days already)
                bodies = _bodies_named(customer_text, lang) if ctx.ticket.audience == "buyer" else ""
                # «пишу жалобу в прокуратуру и в ЦБ»: the customer's right named back, then the claim our side answers
                esc += " " + (t["legal_bodies"].format(bodies=bodies) if bodies else t["legal_seller" if ctx.ticket.audience == "seller" else "legal"])
            if any(PENALTY.search(a.text) for a in open_asks):
                esc += " " + t["penalty"]
            tail.append(esc + (" " + _marks(esc_cids) if esc_cids else ""))
            cited.extend(c for c in esc_cids if c not in cited)
        if not open_asks:
            tail.insert(0, {"ru": "Новых вопросов в переписке мы не нашли; если что-то осталось нерешённым, напишите, пожалуйста, что именно.",
                            "en": "We found no open questions in the conversation; if something is still unresolved, please tell us what exactly."}[lang])
        tail.append(t["closing"])
        text = "\n\n".join([" ".join(opening), *paragraphs, *tail])
        return DraftOutput(text=text, units=units, citations=cited, backend=self.name)

    @staticmethod
    def _routed(ask: Ask, ctx: DraftContext, used: list[set[str]], fit) -> tuple[float, list[str], str, str] | None:
        """The best section, among those of the documents that own the ask's topic, whose sentences
        answer the ask (by `fit`), as (fit, sentences, doc_id, heading); the caller cites it if used."""
        best: tuple[float, list[str], str, str] | None = None
        for doc_id, heading, text in ctx.extra.get("routed", {}).get(ask.id, []):
            if _OPERATOR_SECTION.search(heading):
                continue
            sents = [s for s in policy_sentences(ask, text, audience=ctx.ticket.audience) if not _is_repeat(s, used)]
            score = fit(" ".join(sents)) if sents else 0.0
            if score > 0 and (best is None or score > best[0]):
                best = (score, sents, doc_id, heading)
        return best

    def _complete(self, ask: Ask, asked: Sequence[str], chosen: tuple[list[str], list[str]], options: list[tuple[list[str], list[str]]],
                  ctx: DraftContext, used: list[set[str]], judged: Sequence[str], happened: frozenset[str]) -> tuple[list[str], list[str]]:
        """«Когда и сколько мне компенсируют?»: a paragraph that answers one question word gets the passage
        that answers the other (the best ranked option, else a section of the owning policy), when one does."""
        sents, cites = list(chosen[0]), list(chosen[1])
        for part in asked:
            if answer_fit(part, judged, happened, " ".join(sents)) > 0:
                continue
            said = used + [said_of(x) for x in sents]

            def fit(body: str, part: str = part) -> float:
                return answer_fit(part, judged, happened, body)
            extra = next(((o_sents, o_cites) for o_sents, o_cites in sorted(options, key=lambda o: -fit(" ".join(o[0])))
                          if fit(" ".join(o_sents)) > 0 and not any(_is_repeat(x, said) for x in o_sents)), None)
            if extra is None and (routed := self._routed(msgspec.structs.replace(ask, text=part), ctx, said, fit)) is not None and "cite_section" in ctx.extra:
                extra = routed[1], [ctx.extra["cite_section"](routed[2], routed[3])]
            if extra is not None:
                sents += [x for x in extra[0] if not _is_repeat(x, said)]
                cites += [c for c in extra[1] if c not in cites]
        return sents, cites

    @staticmethod
    def _lead(ask: Ask, lang: str, used: set[str], body_topics: Sequence[str] = ()) -> str:
        """A topic lead («О вывозе возврата: …») the first time a topic comes up; otherwise none. The paragraph's own
        first matter names it when it has a lead of its own: «Можно перенести на 30-е?» reads as a delivery date, and is
        answered about a return's pickup. The customer's words are not echoed back: a paragraph must answer, not quote.
        (Letting any paragraph's first matter name the lead changed ten eval drafts, most for the worse — «О сроке доставки»
        over rebranding materials: only a narrower matter of the ask's own topic does.)"""
        main = body_topics[0] if body_topics and body_topics[0] in _NARROWER.get(ask.topic, ()) else ask.topic
        lead = LEADS[lang].get(main)
        if lead and lead not in used and ask.kind != "complaint":
            used.add(lead)
            return lead + ": "
        return ""


# topics of partners' work: a buyer's «проверка качества» is not «О проверке пункта»
PARTNER_TOPICS = {"inspection", "rebranding", "fine", "manager", "support_channel", "payout", "parcel_acceptance", "warehouse_loss", "contract", "shipment"}
