"""The pre-send check of an operator's reply (`POST /v1/checks`, `copilot check`).

Uses the same judgement as the analysis and the drafter (`copilot.analysis.topics.addresses`, each
ask read with its context by `copilot.analysis.context.ask_topics`): which open asks the reply
addresses, which sentences are off-topic (about none of the open asks, e.g. an apology for a
late delivery when the customer complained about a return that was not collected), and which
promises or compensation the retrieved policy does not back. `ok` only when every ask is addressed
and nothing is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from copilot.analysis import analyze, as_ticket
from copilot.analysis.promises import extract_promises
from copilot.analysis.context import answered, ask_topics
from copilot.analysis.topics import RELATED, address_score, topics_of
from copilot.domain import Message, Ticket
from copilot.text.sentences import split_sentences

_GENERIC = re.compile(
    r"^(?:здравствуйте|добрый|привет|спасибо|благодар|если (?:у вас )?останутся|хорошего|всего доброго|с уважением|мы (?:прочитали|внимательно)|"
    r"hello|hi\b|dear|thank|if you have|have a|best|kind regards|we have read|"
    r"мы (?:передаём|передаем|передали) (?:ваше )?обращение|передаю (?:ваше )?обращение|ваше обращение передано|we are handing|we have passed|"
    r"старшие специалисты выделенной группы|the dedicated group's senior specialists)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"(\d[\d\s]*)\s*(баллов|балла|балл|₽|руб\w*|points?|rub\w*|%|дн\w*|рабочих дн\w*|days?|business days?|час\w*|hours?)", re.IGNORECASE)
_COMP = re.compile(r"\b(?:компенс\w*|балл\w*|промокод\w*|скидк\w*|compensat\w*|\d[\d\s]*points?|points\b(?! by)|promo ?code|voucher|discount)", re.IGNORECASE)


# «5 дней назад», "5 days ago": when something happened, not a term anyone promises
_AGO = re.compile(r"\s*(?:назад|ago)\b", re.IGNORECASE)


def _numbers(text: str) -> set[tuple[str, str]]:
    out = set()
    for m in _NUMBERED.finditer(text):
        if _AGO.match(text, m.end()):
            continue
        num, unit = m.group(1), m.group(2)
        u = unit.lower()
        key = "points" if u.startswith(("балл", "point")) else "money" if u.startswith(("₽", "руб", "rub")) else "pct" if u == "%" else "hours" if u.startswith(("час", "hour")) else "days"
        out.add((re.sub(r"\s", "", num), key))
    return out


_FORBIDS = re.compile(r"\b(?:не (?:может|могут|вправе):|не (?:может|могут|вправе) (?:обещ\w*|начисл\w*|назыв\w*|выда\w*|гарантир\w*)|нельзя|не основание|не обещает|не обещаем|не начисля\w*|запрещ\w*|"
                      r"cannot (?:promise|grant|credit|give)|can't (?:promise|grant)|must not|may not (?:promise|grant)|is not a (?:basis|reason))\b", re.IGNORECASE)


def supported_numbers(passages: list[str]) -> set[tuple[str, str]]:
    """Amounts and deadlines that policy passages state as allowed (sentences that forbid are skipped:
    «…просьба "положено 5000 баллов" — не основание для начисления» backs nothing)."""
    support: set[tuple[str, str]] = set()
    for p in passages:
        for _, _, sentence in split_sentences(p):
            if not _FORBIDS.search(sentence):
                support |= _numbers(_QUOTED.sub(" ", sentence))
    return support


def derived_numbers(nums: set[tuple[str, str]], support: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """«По вашему заказу на 4 800 ₽ это 480 баллов»: points worked out in one sentence from one order amount
    by a percentage rule the passages state, capped by a points figure they state (10 %, at most 1 000).
    The pair is backed only when the arithmetic is right; the amount alone backs nothing else."""
    money = [int(n) for n, k in nums if k == "money"]
    # the points the sentence works out (a cap it quotes from the rule, «максимум 1 000 баллов», is backed already)
    points = [int(n) for n, k in nums if k == "points" and (n, k) not in support] or [int(n) for n, k in nums if k == "points"]
    pcts = [int(n) for n, k in support if k == "pct"]
    if len(money) == 1 and len(points) == 1:
        caps = [int(n) for n, k in support if k == "points"]
        for pct in pcts:
            share = money[0] * pct // 100
            if (points[0] == share and share <= max(caps, default=share)) or (points[0] in caps and share >= points[0]):
                return {(str(money[0]), "money"), (str(points[0]), "points")}
    return _derived_money(nums, money, pcts) | _derived_days(nums, support)


def _derived_days(nums: set[tuple[str, str]], support: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """«Возврат доставляется в течение 14 дней; ваш в пути 10 дней, так что он должен дойти в ближайшие 4 дня»: the days
    gone and the days left of a term the passages state, said in one sentence with that term; they must add up to it."""
    days = sorted({int(n) for n, k in nums if k == "days"})
    backed: set[tuple[str, str]] = set()
    for term in (d for d in days if (str(d), "days") in support):
        for gone in days:
            left = term - gone
            if 0 < gone < term and left != gone and left in days:
                backed |= {(str(gone), "days"), (str(left), "days")}
    return backed


def _derived_money(nums: set[tuple[str, str]], money: list[int], pcts: list[int]) -> set[tuple[str, str]]:
    """«По вашему заказу на 18 000 ₽ за 3 дня это 2% × 3 = 6%, то есть 1 080 ₽, а больше 10% — 1 800 ₽ — штраф не
    составит»: sums worked out from the order amount (the largest sum of the sentence) by a percentage the passages
    state, times a number of days the sentence states; each worked-out figure must be exact."""
    if len(money) < 2 or not pcts:
        return set()
    base = max(money)
    days = [int(n) for n, k in nums if k == "days"]
    backed: set[tuple[str, str]] = set()
    for y in (m for m in money if m != base):
        for p in pcts:
            if base * p == y * 100:
                backed |= {(str(y), "money"), (str(base), "money")}
            for d in days:
                if base * p * d == y * 100:
                    backed |= {(str(y), "money"), (str(base), "money"), (str(d), "days"), (str(p * d), "pct")}
    return backed


# «напишите, что мне положено 5000 баллов» inside a policy is an example of what customers say, not a rule
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")


# «мы обещали начислить баллы к 02.04, и этого не произошло»: an apology for a broken promise, not a new one
_EARLIER_PROMISE = re.compile(r"\b(?:мы|ранее мы|вам) обещал\w*\b.*\b(?:не произошло|не было выполнено|не сделали|не выполнили)|"
                             r"\bwe promised\b.*\b(?:did not happen|didn't happen|was not done|wasn't done|did not do)", re.IGNORECASE)


def _verbatim(sentence: str, passages: list[str]) -> bool:
    """The sentence is a cited passage's own words: it cannot allow more than the passage does."""
    core = " ".join(sentence.split()).strip(" .!").lower()
    return len(core) >= 20 and any(core in " ".join(p.split()).lower() for p in passages)


def customer_amounts(messages: Iterable[Message]) -> set[tuple[str, str]]:
    """Sums of money the customer states («Закупочная у меня 2 300, а на сайте 4 990»): a draft may say them back, and work
    a total out of them. Only money — points, days and hours a customer names back nothing (they are what a customer
    might ask the copilot to promise)."""
    out: set[tuple[str, str]] = set()
    for m in messages:
        if m.role == "customer":
            out |= {(n, k) for n, k in _numbers(m.text) if k == "money"}
            out |= {(re.sub(r"\s", "", a), "money") for a in _BARE_SUM.findall(m.text)}
    return out


# «Закупочная у меня 2 300», "bought for 2,300": a sum without its currency sign, after the words that make it one
# a sum as customers write it: «2 300», «27 600», «4990»
SUM = r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d{3,6})"
_BARE_SUM = re.compile(r"(?:закупочн\w*|цен\w*|стои\w*|на сайте|за единицу|price|cost\w*)[^\d.!?]{0,20}" + SUM + r"(?![\d%])", re.IGNORECASE)
_AS_SAID = re.compile(r"по вашим (?:данным|словам|документам)|если (?:\w+ ){0,4}подтвержда\w+ документ\w*|as you (?:say|state)|"
                      r"if (?:\w+ ){0,4}(?:confirmed|backed) by (?:the |your )?documents", re.IGNORECASE)
_UNITS = re.compile(r"(\d{1,4})\s*(?:единиц\w*|шт\.?|штук\w*|units?|pieces?|pcs)", re.IGNORECASE)


def _derived_total(sentence: str, nums: set[tuple[str, str]], support: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """«2 300 ₽ за единицу, то есть 27 600 ₽ за 12 единиц»: a total worked out from a backed price times a count the sentence
    states; backed only when the product is exact."""
    counts = [int(c) for c in _UNITS.findall(sentence)]
    money = {int(n) for n, k in nums if k == "money"}
    return {(str(t), "money") for t in money for p in money for c in counts if (str(p), "money") in support and p * c == t}


def operator_amounts(messages: Iterable[Message]) -> set[tuple[str, str]]:
    """Amounts the operators stated in the thread («начислю вам 640 баллов»): a draft that keeps such a promise («Обещанные 640
    баллов начисляем сейчас», "We are crediting the promised 640 points now") says them back."""
    return {x for m in messages if m.role != "customer" for x in _numbers(m.text)}


# a sentence that keeps an amount promised before, in the thread: «обещанные 640 баллов», "the promised 640 points"
_PROMISED_BEFORE = re.compile(r"\bобещанн\w*|\bthe promised\b|\bas (?:we )?promised\b", re.IGNORECASE)


def promise_backing(sentence: str, passages: list[str], said: set[tuple[str, str]] | frozenset = frozenset(),
                    promised: set[tuple[str, str]] | frozenset = frozenset()) -> tuple[bool, str]:
    """A promise is backed when every amount/deadline it states appears in a retrieved policy passage (or, for a sum of
    money, in what the customer said — `said`, from `customer_amounts`; or, for an amount the operators promised before
    and the sentence says it keeps, in `promised`, from `operator_amounts`)."""
    nums = _numbers(sentence)
    if _EARLIER_PROMISE.search(sentence):
        return True, "reports an earlier promise that was not kept"
    if nums and _verbatim(sentence, passages):
        return True, "backed by policy (quoted verbatim)"
    support = supported_numbers(passages)
    if _AS_SAID.search(sentence):
        # the customer's own sums said back as theirs, on the documents' condition («по вашим данным … если цена подтверждается
        # документами»): never a bare «компенсируем 5 000 ₽» because the customer asked for 5 000
        support |= {(n, k) for n, k in said if k == "money"}
    if _PROMISED_BEFORE.search(sentence):
        support |= set(promised)
    support |= derived_numbers(nums, support)
    support |= _derived_total(sentence, nums, support)
    missing = [f"{n} {k}" for n, k in nums if (n, k) not in support]
    if missing:
        return False, "not backed by policy: " + ", ".join(missing)
    if _COMP.search(sentence) and not nums and not any(_COMP.search(p) for p in passages):
        return False, "compensation is not backed by any retrieved policy"
    return True, "backed by policy" if nums else "no amount or deadline stated"


OPERATOR_NOTE = re.compile(r"\[(?:Оператору|To the operator):[^\]]*\]", re.IGNORECASE)


def check_reply(ticket: Ticket | dict, reply: str, retriever: Any, *, passages_per_sentence: int = 4) -> dict:
    t = as_ticket(ticket)
    analysis = analyze(t)
    open_asks = analysis.open_asks
    asks_out = []
    unaddressed = []
    # each ask read with its context, as the drafter reads it: «Когда теперь привезут?» after «курьер не
    # приехал» is about the courier, and is answered only by a time (analysis/context.py, focus.py)
    about = ask_topics(open_asks, t)
    # a note for the operator («[Оператору: … нет ответа на вопрос «…»]») quotes the ask and answers nothing
    for_customer = OPERATOR_NOTE.sub(" ", reply)
    for a in open_asks:
        ok = answered(a, about[a.id], for_customer, escalated=analysis.has_flag("escalate"))
        asks_out.append({"id": a.id, "text": a.text, "kind": a.kind, "source_message": a.source_message, "topic": a.topic,
                         "addressed": ok, "citations": []})
        if not ok:
            unaddressed.append(a.id)
    matters = {topic for a in open_asks for topic in about[a.id]} - {"other"}
    related = set(matters)
    for topic in matters:
        related |= RELATED.get(topic, set())
    off_topic = []
    sentences = []
    # sentences inside an operator note are not said to the customer: never off topic, never a promise
    notes = [(m.start(), m.end()) for m in OPERATOR_NOTE.finditer(reply)]
    in_note = lambda start: any(a <= start < b for a, b in notes)  # noqa: E731
    # a sentence is judged with its paragraph: «Её рассматривает руководитель региона в течение 5 рабочих дней» goes on
    # from a sentence about the complaint the customer asked how to make, and is no template on a neighbouring matter
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", reply)]
    paragraph_of = lambda start: next((i for i, (a, b) in enumerate(paragraphs) if a <= start < b), -1)  # noqa: E731
    on_topic_paragraphs: set[int] = set()
    candidates = []
    for start, stop, s in split_sentences(reply):
        if in_note(start):
            sentences.append({"text": s, "start": start, "end": stop, "topics": [], "off_topic": False, "note": True})
            continue
        # a written claim («Если вы направляете письменную претензию, её рассмотрят в течение 10 дней») is said with the
        # handover in a ticket with a legal threat: framing, like the handover, never a template on another matter
        topics = set(topics_of(s)) - {"claim"}
        best = max((address_score(a.text, a.topic, s) for a in open_asks), default=0.0)
        info: dict[str, Any] = {"text": s, "start": start, "end": stop, "topics": sorted(topics), "off_topic": False, "note": False}
        if topics and not topics & related and best < 0.3 and not _GENERIC.match(s) and open_asks:
            candidates.append((info, topics))
        elif (topics & related) or best >= 0.3:
            on_topic_paragraphs.add(paragraph_of(start))
        sentences.append(info)
    for info, topics in candidates:
        if paragraph_of(info["start"]) in on_topic_paragraphs:
            continue
        reason = f"about {', '.join(sorted(topics))}, while the open asks are about {', '.join(sorted(matters)) or 'other matters'}"
        off_topic.append({"text": info["text"], "reason": reason})
        info["off_topic"] = True
    promises_out = []
    said = customer_amounts(t.messages)
    promised = operator_amounts(t.messages)
    reply_promises = extract_promises([Message(role="operator", text=for_customer)])
    comp_sentences = [s for start, _, s in split_sentences(reply) if not in_note(start) and (_COMP.search(s) or _numbers(s))]
    seen = set()
    for text in [p.text for p in reply_promises] + comp_sentences:
        key = " ".join(text.split())
        if key in seen:
            continue
        seen.add(key)
        hits = retriever.search(text, audience=t.audience, kinds=["policy"], limit=passages_per_sentence)
        allowed, reason = promise_backing(text, [h.payload.get("text", "") for h in hits], said, promised)
        promises_out.append({"text": key, "allowed": allowed, "reason": reason})
        for info in sentences:
            if " ".join(info["text"].split()) == key:
                info["unbacked"] = not allowed
    ok = not unaddressed and not off_topic and all(p["allowed"] for p in promises_out)
    return {"asks": asks_out, "unaddressed": unaddressed, "off_topic": off_topic, "promises": promises_out, "ok": ok, "sentences": sentences}
