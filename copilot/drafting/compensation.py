"""Compensation asks («Мне что-то положено за это?», "Do I get anything for this?").

Whether compensation is due, and how much, is the operator's decision under the written rules, never
the draft's: the customer gets a paragraph that says the request is checked against the rules and how
points arrive (the policy's own terms, cited), and the operator gets a marked note with the rule of
the compensation policy that fits this thread — so two operators decide the same case the same way.
Where the rule that fits is an automatic credit (a parcel lost in transit), there is nothing to decide:
the customer is told that rule, cited, and the operator is asked to check that it arrived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.analysis.asks import COMPLAINT_MARK
from copilot.analysis.context import PENALTY
from copilot.analysis.topics import content_stems, topics_of
from copilot.domain import Ask
from copilot.drafting.base import DraftContext
from copilot.drafting.figures import percent_points
from copilot.drafting.situations import other_situation, situations

# an ask for compensation itself, not a question about points already credited («когда появятся баллы?»)
ENTITLEMENT = re.compile(
    r"положен\w*|полага\w*|компенс\w*|что-(?:то|нибудь) (?:за|дадите|дадут|будет)|что то будет|хочу\s+(?:\w+\s+){0,3}балл\w*|"
    r"compensat\w*|entitled|owed|do i get (?:anything|something)|get anything|what do i get",
    re.IGNORECASE,
)
_ABOUT_CREDITED = re.compile(r"когда (?:они |баллы )?(?:появ|придут|начисл|зачисл)|до какого числа|where are (?:the|my) points|when will (?:the|my) points", re.IGNORECASE)

_RULES_HEADING = re.compile(r"первой линии|автоматическ|first-line operator may credit|automatic compensation", re.IGNORECASE)
_ARRIVAL_HEADING = re.compile(r"как поступают|first-line operator may credit", re.IGNORECASE)
_ARRIVAL = re.compile(r"[^.]*(?:зачисляются в течение 24 часов|arrive within 24 hours)[^.;]*", re.IGNORECASE)
_NOTICE_GROUND = re.compile(r"без уведомлен|not notified|without notice", re.IGNORECASE)
_NOTICE_MISSING = re.compile(r"уведомлен|смс|sms|push|пуш|предупред|не сообщ|не написал|случайно|notif|no message|wasn't told|was not told|nobody told", re.IGNORECASE)
_PROMISE = re.compile(r"обещани[ея]\b|broken promise|promise by support", re.IGNORECASE)  # the ground «нарушенное обещание», not «обещанная дата»
# the amount of a rule: «… — 200 баллов», «… — до 200 баллов», «…: 10% от стоимости заказа баллами», "… — 200 points"
_RULE = re.compile(r"(?:\s[—–-]\s|:\s)(?:до\s|up to\s)?\d[\d\s]*(?:%[^.;]{0,40}(?:балл\w*|points?)|балл\w*|points?)", re.IGNORECASE)
_AUTOMATIC = re.compile(r"автоматическ|automatic", re.IGNORECASE)

TEXT = {
    "ru": {
        "paragraph": "О компенсации: мы проверим, положена ли она по правилам Ярмарки, и сообщим решение в этом чате. {arrival}.",
        "ruled": "О компенсации: в правилах Ярмарки для такого случая есть основание «{rule}». Мы проверим, подходит ли под него "
                 "ваш случай, и сообщим решение в этом чате. {arrival}.",
        "automatic": "О компенсации: в таких случаях она начисляется автоматически, оформлять ничего не нужно. Правило такое: {rule}.",
        "self_cancel": "Если же отменить заказ самому до автоматической отмены, эти баллы не начисляются.",
        "auto_arrival": "Баллы поступают в течение 24 часов и действуют 90 дней.",
        "rule": "[Оператору: к этой ситуации по правилам компенсаций подходит: «{rule}». Начисляйте только по этому основанию, "
                "в пределах лимита первой линии, и впишите сумму в ответ; просьбу сверх правил передайте в выделенную группу.]",
        "auto_rule": "[Оператору: по правилам компенсаций это автоматическое начисление: «{rule}». Вручную не начисляйте — "
                     "проверьте его в истории баллов клиента; если за 24 часа после отмены оно не пришло, передайте обращение в выделенную группу.]",
        "event_rule": "[Оператору: клиент не просил компенсацию, но по правилам к этой ситуации подходит: «{rule}». Решите, начислять ли, "
                      "и впишите это в ответ.]",
        "event_auto": "[Оператору: по правилам к этой ситуации относится автоматическое начисление: «{rule}». Проверьте его в истории баллов клиента.]",
        "no_rule": "[Оператору: подходящего основания в правилах компенсаций не найдено. Если его нет, компенсация не положена: "
                   "объясните это клиенту; просьбу сверх правил передайте в выделенную группу.]",
        "money": "Денежную компенсацию{example} может назначить только выделенная группа — вашу просьбу мы передаём ей вместе с обращением.",
        "penalty": " (например, за пени)",
    },
    "en": {
        "paragraph": "About compensation: we will check whether it is due under Yarmarka's rules and tell you the decision in this chat. {arrival}.",
        "ruled": "About compensation: Yarmarka's rules have a ground for such a case: “{rule}”. We will check whether your case "
                 "meets it and tell you the decision in this chat. {arrival}.",
        "automatic": "About compensation: in such cases it is credited automatically, you do not need to apply for it. The rule: {rule}.",
        "self_cancel": "If you cancel the order yourself before the automatic cancellation, these points are not credited.",
        "rule": "[To the operator: the compensation rule that fits this case: “{rule}”. Credit only on this ground, within the "
                "first-line limit, and write the amount into the reply; hand a request beyond the rules to the dedicated group.]",
        "auto_rule": "[To the operator: under the compensation rules this is credited automatically: “{rule}”. Do not credit it by hand: "
                     "check the customer's points history; if it has not arrived within 24 hours of the cancellation, hand the case to the dedicated group.]",
        "event_rule": "[To the operator: the customer did not ask for compensation, but this rule fits the case: “{rule}”. "
                      "Decide whether to credit it and say so in the reply.]",
        "event_auto": "[To the operator: an automatic credit applies to this case: “{rule}”. Check it in the customer's points history.]",
        "no_rule": "[To the operator: no ground in the compensation rules fits this case. If there is none, no compensation is due: "
                   "explain this to the customer; hand a request beyond the rules to the dedicated group.]",
        "money": "Money compensation{example} is decided only by the dedicated group — we are passing your request to them with the case.",
        "penalty": " (for a late fee, for example)",
    },
}


@dataclass
class CompensationAnswer:
    text: str  # the paragraph for the customer
    note: str  # the note for the operator
    citations: list[str]


# a request for money, not points: a late fee the delay cost, a loss, «моральный ущерб»
_MONEY_REQUEST = re.compile(r"\bпен(?:я|и|ю|ей)\b|деньгами|денежн\w*|убыт\w*|моральн\w*|возмест\w*|"
                            r"late fee|penalty fee|in (?:cash|money)|money compensation|reimburs\w*|my losses", re.IGNORECASE)
_LATE_FEE = re.compile(r"\bпен(?:я|и|ю|ей)\b|late fee|penalty fee", re.IGNORECASE)
_DEDICATED_HEADING = re.compile(r"Полномочия выделенной группы|What only the dedicated group", re.IGNORECASE)


_NOT_HANDED_OVER = re.compile(r"не передал в доставку|did not hand over", re.IGNORECASE)
_CANCELLED_ALREADY = re.compile(r"отменил\w*|отменён\w*|отменен\w*|\bcancelled\b|\bcanceled\b", re.IGNORECASE)
_SELF_CANCEL_SECTION = {"ru": ("buyer/seller-not-shipped", "Автоматические 200 баллов за отмену после обещанной даты")}


# «мне положен подменный?» is owed a substitute item during a repair, not compensation (goods_steps.repair_step)
_SUBSTITUTE = re.compile(r"подменн|substitute|loaner", re.IGNORECASE)


def asks_for_compensation(ask: Ask) -> bool:
    return ("compensation" in topics_of(ask.text) and bool(ENTITLEMENT.search(ask.text)) and not _ABOUT_CREDITED.search(ask.text)
            and not _SUBSTITUTE.search(ask.text))


def rule_clauses(text: str) -> list[str]:
    """The rules of a section, one per clause: «Перенос даты доставки без уведомления (…) — 200 баллов»."""
    out = []
    for part in re.split(r"(?<=[.;])\s+", text):
        m = _RULE.search(part)
        if not m:
            continue
        head = part[:m.start()]
        if ": " in head:  # «…по одной из причин: перенос даты — 200 баллов» keeps the rule, not the preamble
            part = part[head.rindex(": ") + 2:]
        out.append(part.strip().rstrip(".;"))
    return out


def best_rule(clauses: list[str], thread_text: str, broken_promise: bool = False) -> str | None:
    """The rule whose situation (the words before the amount) fits the thread: the same topic
    (a rescheduled delivery, a courier's arrival) counts most, shared words next; a rule about a broken
    promise fits when the analysis found one."""
    thread_topics = set(topics_of(thread_text)) - {"compensation"}
    thread_stems = {s[:5] for s in content_stems(thread_text)}
    scored = []
    for k, clause in enumerate(clauses):
        situation = _RULE.split(clause)[0]
        score = 2 * len(set(topics_of(situation)) & thread_topics) + len({s[:5] for s in content_stems(situation)} & thread_stems)
        if _PROMISE.search(situation):
            if not broken_promise:
                continue  # its ground is a broken promise: without one in the thread it never fits
            score += 100  # and with one, it is the ground
        if _NOTICE_GROUND.search(situation) and not _NOTICE_MISSING.search(thread_text):
            continue  # «без уведомления»: only when the customer says they were not told
        if score >= 2:  # one shared word is chance («вернут деньги» / «вернуть к дате»)
            scored.append((score, -k, clause))
    return max(scored)[2] if scored else None


def _customer_text(ctx: DraftContext) -> str:
    return " ".join(m.text for m in ctx.ticket.messages if m.role == "customer")


def _fitting_rule(ctx: DraftContext) -> tuple[str, str, str] | None:
    """(document, section heading, rule) of the compensation rule that fits the thread, or None."""
    broken = any(p.status == "broken" for p in ctx.analysis.promises)
    rules = [(doc, h, clause) for doc, h, t in ctx.extra.get("compensation_sections", []) if _RULES_HEADING.search(h)
             for clause in rule_clauses(t)]
    # a rule for another situation than the customer's (a lost parcel for an order sent back unclaimed) never fits
    # what happened, as the whole thread tells it: «Служба доставки подтвердила, что посылка утеряна» is
    # the operator's word for the lost parcel the customer asks compensation for
    thread = " ".join(m.text for m in ctx.ticket.messages)
    said = situations(thread)
    rules = [r for r in rules if not other_situation(said, situations(r[2]))]
    rule = best_rule([c for _, _, c in rules], thread, broken)
    return next(r for r in rules if r[2] == rule) if rule is not None else None


def compensation_answer(ask: Ask, ctx: DraftContext, lang: str) -> CompensationAnswer | None:
    """The paragraph and the operator note for a compensation ask, from the sections of the buyers'
    compensation policy; None when that policy is not at hand (e.g. a partner's ticket, whose
    compensation rules are a different matter)."""
    sections = ctx.extra.get("compensation_sections", [])
    cite = ctx.extra.get("cite_section")
    arrival = next(((doc, h, m.group(0).strip()) for doc, h, t in sections if _ARRIVAL_HEADING.search(h)
                    for m in [_ARRIVAL.search(t)] if m), None)
    if not sections or arrival is None or cite is None:
        return None
    t = TEXT[lang if lang in TEXT else "ru"]
    sentence = arrival[2][:1].upper() + arrival[2][1:]
    citations = [cite(arrival[0], arrival[1])]
    fitting = _fitting_rule(ctx)
    if fitting is not None and _AUTOMATIC.search(fitting[1]):
        # an automatic credit (a parcel lost in transit): the customer is told the rule, not «мы проверим»;
        # the operator checks that it arrived
        doc, heading, rule = fitting
        text = t["automatic"].format(rule=_as_clause(rule))
        if (figure := percent_points(rule, ctx.ticket.messages, lang)) is not None:
            text = f"{text} {figure}"  # the rule applied to the order amount the thread states (drafting/figures.py)
        citations = [cite(doc, heading)]
        thread = " ".join(m.text for m in ctx.ticket.messages)
        if _NOT_HANDED_OVER.search(rule) and lang in _SELF_CANCEL_SECTION:
            # the order still waits: cancelling it oneself forfeits the automatic points; cancelled: when they come and
            # how long they last (the seller-not-shipped policy says both)
            text = f"{text} {t['auto_arrival' if _CANCELLED_ALREADY.search(thread) else 'self_cancel']}"
            citations.append(cite(*_SELF_CANCEL_SECTION[lang]))
        return CompensationAnswer(text=text, note=t["auto_rule"].format(rule=rule), citations=citations)
    money = _money_line(ask, ctx, t)
    if money is not None:
        citations.append(money[1])
    if fitting is not None:
        doc, heading, rule = fitting
        cid = cite(doc, heading)
        if cid not in citations:
            citations.append(cid)
        # the customer is told the rule that fits, as a condition the operator checks (the amount is the
        # rule's own, cited; whether the case meets it is the operator's decision, in the note)
        text = t["ruled"].format(rule=_as_clause(rule), arrival=sentence)
        return CompensationAnswer(text=f"{text} {money[0]}" if money else text, note=t["rule"].format(rule=rule), citations=citations)
    text = t["paragraph"].format(arrival=sentence)
    return CompensationAnswer(text=f"{text} {money[0]}" if money else text, note=t["no_rule"], citations=citations)


def _money_line(ask: Ask, ctx: DraftContext, t: dict[str, str]) -> tuple[str, str] | None:
    """In a ticket handed to the dedicated group, the line for a customer who asks for money (a late fee
    the delay cost them): only the dedicated group decides money compensation; (line, citation)."""
    message = ctx.ticket.messages[ask.source_message].text if 0 <= ask.source_message < len(ctx.ticket.messages) else ask.text
    cite = ctx.extra.get("cite_section")
    section = next(((doc, h) for doc, h, _ in ctx.extra.get("compensation_sections", []) if _DEDICATED_HEADING.search(h)), None)
    if not ctx.analysis.has_flag("escalate") or not _MONEY_REQUEST.search(message) or section is None or cite is None:
        return None
    return t["money"].format(example=t["penalty"] if _LATE_FEE.search(message) else ""), cite(*section)


def _as_clause(rule: str) -> str:
    """«Перенос даты доставки без уведомления (…) — 200 баллов» as a clause inside a sentence."""
    situation, sep, amount = rule.partition(": ")
    said = f"{situation} — {amount}" if sep and amount else rule
    return said[:1].lower() + said[1:]


# what happened in the thread that the compensation rules may cover, though nobody asked for it
_EVENT_TOPICS = {"courier_time", "delivery_date", "lost_order", "not_shipped"}


def event_note(ctx: DraftContext, lang: str) -> tuple[str, list[str]] | None:
    """An operator note when the thread shows an event a compensation rule covers (a broken promise,
    a courier's no-show or repeated lateness, an unannounced reschedule, a lost order) and the
    customer did not ask for compensation: the decision is the operator's, the rule keeps it
    consistent. None when no such event or no rule fits."""
    a = ctx.analysis
    broken = any(p.status == "broken" for p in a.promises)
    customer = _customer_text(ctx)
    complaint = any(ask.kind == "complaint" and ask.topic in _EVENT_TOPICS for ask in a.open_asks) or \
        (bool(COMPLAINT_MARK.search(customer)) and bool(set(topics_of(customer)) & _EVENT_TOPICS))
    cite = ctx.extra.get("cite_section")
    if not (broken or complaint) or cite is None:
        return None
    if "fate:unclaimed" in situations(customer) and not broken:
        return None  # an order sent back because nobody collected it is no failure a compensation rule covers
    fitting = _fitting_rule(ctx)
    if fitting is None:
        return None
    doc, heading, rule = fitting
    t = TEXT[lang if lang in TEXT else "ru"]
    # a customer who asks about points or a statutory penalty did ask for something: the note does not say otherwise
    asked = any(ask.topic == "compensation" or PENALTY.search(ask.text) for ask in a.open_asks)
    key = ("auto_rule" if asked else "event_auto") if _AUTOMATIC.search(heading) else ("rule" if asked else "event_rule")
    return t[key].format(rule=rule), [cite(doc, heading)]
