"""Compensation («Мне что-то положено за это?», "Do I get anything for this?"), asked or not.

The written rules decide, so that two operators decide the same case the same way:
- where the thread itself shows the ground of a first-line rule (a support promise with its date or
  action that was not kept; a courier who did not come, or came early or late again), the draft credits
  the rule's amount, says how the points arrive (the policy's own terms, cited) and tells the operator
  to credit it before sending — the operator's check of the order data can still remove it;
- where the ground is a fact only the operator's tools show (no notification in the order history), the
  customer is told the rule as a condition and the operator is told to check it before sending;
- where the rule is an automatic credit (a parcel lost in transit), the customer is told that rule and
  the operator is asked to check that it arrived;
- otherwise the request is checked against the rules, with the rule that fits in an operator note.
Points already credited or promised in the thread are never credited again; a promise of points that
was broken is carried out. A ticket flagged as an injection gets no credit (customer text is data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.analysis.asks import COMPLAINT_MARK
from copilot.analysis.context import PENALTY
from copilot.analysis.topics import content_stems, topics_of
from copilot.domain import Ask
from copilot.drafting.base import DraftContext
from copilot.drafting.figures import day_after_cancellation, percent_points
from copilot.drafting.situations import AGAIN, other_situation, situations

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
# the customer was not told: a notice that did not come («ни одного уведомления», «смс не было», "no notification") — not any SMS named
# («мне пришёл код в смс»)
_NOTICE_MISSING = re.compile(r"\b(?:не|ни|нет|без|никаких|ни одного)\b[^.!?]{0,30}(?:уведомлен|смс|sms|push|пуш|сообщени)|(?:уведомлен|смс|sms|push|пуш)\w*[^.!?]{0,25}\b(?:не|нет|ни)\b|"
                             r"предупред|не сообщ|не написал|случайно|no (?:notification|message|sms|push|e-?mail)|(?:didn't|did not|never) (?:get|receive)[^.!?]{0,30}(?:notif|sms|message|e-?mail)|"
                             r"wasn't told|was not told|nobody told|without (?:any )?(?:notice|warning|notification)", re.IGNORECASE)
_PROMISE = re.compile(r"обещани[ея]\b|broken promise|promise by support", re.IGNORECASE)  # the ground «нарушенное обещание», not «обещанная дата»
# the amount of a rule: «… — 200 баллов», «… — до 200 баллов», «…: 10% от стоимости заказа баллами», "… — 200 points"
_RULE = re.compile(r"(?:\s[—–-]\s|:\s)(?:до\s|up to\s)?\d[\d\s]*(?:%[^.;]{0,40}(?:балл\w*|points?)|балл\w*|points?)", re.IGNORECASE)
_AUTOMATIC = re.compile(r"автоматическ|automatic", re.IGNORECASE)
_WITHIN_DAY_OF_CANCELLING = re.compile(r"24 час\w* после отмены|24 hours of the cancellation", re.IGNORECASE)

TEXT = {
    "ru": {
        "paragraph": "О компенсации: мы проверим, положена ли она по правилам Ярмарки, и сообщим решение в этом чате. {arrival}.",
        "ruled": "О компенсации: в правилах Ярмарки для такого случая есть основание «{rule}». Мы проверим, подходит ли под него "
                 "ваш случай, и сообщим решение в этом чате. {arrival}.",
        "automatic": "О компенсации: в таких случаях она начисляется автоматически, оформлять ничего не нужно. Правило такое: {rule}.",
        "self_cancel": "Если же отменить заказ самому до автоматической отмены, эти баллы не начисляются.",
        "not_shipped_done": "О компенсации: заказ, который продавец не передал в доставку, система отменяет сама, и если отмена произошла "
                            "после обещанной даты доставки, вам автоматически начисляется {amount} баллов — оформлять ничего не нужно.",
        "not_shipped_ahead": "О компенсации: если продавец так и не передаст заказ в доставку и система отменит его после обещанной даты "
                             "доставки, вам автоматически начислят {amount} баллов — оформлять ничего не нужно.",
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
        "grant": "{reason} начисляем вам {amount} баллов. {arrival}.",
        "promise": "За невыполненное обещание",
        "no_show": "За то, что курьер не приехал в ваш интервал,",
        "early": "За повторные ранние приезды курьера",
        "late": "За повторные опоздания курьера",
        "promised": "Обещанные {amount} баллов начисляем сейчас. {arrival}.",
        "grant_rule": "[Оператору: основание по правилам компенсаций — «{rule}». Начислите {amount} баллов до отправки ответа и запишите "
                      "начисление в тикет; если данные заказа этого не подтверждают, уберите абзац о начислении.]",
        "promised_rule": "[Оператору: клиенту уже обещали {amount} баллов — начислите их до отправки ответа и запишите в тикет. Компенсация "
                         "за само нарушенное обещание вместе с ними превысит лимит первой линии (300 баллов на обращение): её решает выделенная группа.]",
        "notice": "О компенсации: если о переносе даты доставки вам не пришло ни push-уведомления, ни SMS, ни письма, за это начисляется "
                  "{amount} баллов. {arrival}.",
        "notice_rule": "[Оператору: проверьте историю уведомлений по заказу до отправки ответа. Не было ни push, ни SMS, ни письма — начислите "
                       "{amount} баллов и напишите клиенту, что начисляете; было — напишите, когда и каким способом ушло уведомление, "
                       "и что компенсация за перенос не положена.]",
    },
    "en": {
        "paragraph": "About compensation: we will check whether it is due under Yarmarka's rules and tell you the decision in this chat. {arrival}.",
        "ruled": "About compensation: Yarmarka's rules have a ground for such a case: “{rule}”. We will check whether your case "
                 "meets it and tell you the decision in this chat. {arrival}.",
        "automatic": "About compensation: in such cases it is credited automatically, you do not need to apply for it. The rule: {rule}.",
        "self_cancel": "If you cancel the order yourself before the automatic cancellation, these points are not credited.",
        "not_shipped_done": "About compensation: an order the seller did not hand over for delivery is cancelled by the system, and if "
                            "that happened after the promised delivery date, {amount} points are credited to you automatically — you do not "
                            "need to apply.",
        "not_shipped_ahead": "About compensation: if the seller never hands the order over for delivery and the system cancels it after "
                             "the promised delivery date, {amount} points are credited to you automatically — you do not need to apply.",
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
        "grant": "{reason} we are crediting {amount} points to you. {arrival}.",
        "promise": "For the broken promise",
        "no_show": "For the courier not coming in your slot,",
        "early": "For the courier's repeated early arrivals",
        "late": "For the courier's repeated late arrivals",
        "promised": "We are crediting the promised {amount} points now. {arrival}.",
        "grant_rule": "[To the operator: the ground under the compensation rules is “{rule}”. Credit {amount} points before sending "
                      "the reply and record it in the ticket; if the order data does not confirm it, remove the paragraph on the credit.]",
        "promised_rule": "[To the operator: the customer was already promised {amount} points — credit them before sending the reply and "
                         "record it in the ticket. Compensation for the broken promise on top would exceed the first-line limit "
                         "(300 points per ticket): the dedicated group decides it.]",
        "notice": "About compensation: if you got no push notification, SMS or e-mail about the new delivery date, {amount} points are "
                  "credited for it. {arrival}.",
        "notice_rule": "[To the operator: check the order's notification history before sending the reply. No push, SMS or e-mail — "
                       "credit {amount} points and tell the customer so; one was sent — say when and how, and that no compensation "
                       "is due for the change.]",
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


_COURIER_GROUND = re.compile(r"курьер|courier", re.IGNORECASE)
# an operator's credit already made («начислили 200 баллов», "I've credited 200 points") — never credited twice
CREDITED = re.compile(r"(?:начислил\w*|начислен\w*|зачислил\w*|\bcredited\b|have added|'ve added)[^.!?]{0,40}?(?:балл\w*|points?\b)", re.IGNORECASE)
_POINTS = re.compile(r"(\d[\d\s]{0,6})\s*(?:балл\w*|points?)\b", re.IGNORECASE)
# a broken promise is a ground when it was concrete: a date, a call, a rescheduled visit — not «средства вернутся на карту»
_CONCRETE_ACTIONS = {"reschedule", "contact"}


@dataclass
class Grant:
    amount: int
    reason: str  # "promise" | "no_show" | "early" | "late" | "promised" (the points a broken promise named)
    rule: str
    doc: str
    heading: str


def _amount(text: str) -> int | None:
    m = _POINTS.search(text)
    return int(re.sub(r"\s", "", m.group(1))) if m else None


def grant_of(ctx: DraftContext, fitting: tuple[str, str, str] | None) -> Grant | None:
    """The credit the thread itself shows a ground for (see the module docstring), or None; `fitting` is
    `_fitting_rule(ctx)`, worked out once by the caller."""
    a = ctx.analysis
    if ctx.ticket.audience != "buyer" or a.has_flag("injection"):
        return None
    if any(m.role == "operator" and CREDITED.search(m.text) for m in ctx.ticket.messages):
        return None  # credited already in this ticket: recorded, never twice
    broken = [p for p in a.promises if p.status == "broken"]
    promised = next((p for p in broken if p.action == "points" and _amount(p.text)), None)
    if promised is not None:
        doc, heading, rule = fitting if fitting is not None else ("", "", "")
        return Grant(amount=_amount(promised.text) or 0, reason="promised", rule=rule, doc=doc, heading=heading)
    if fitting is None or _AUTOMATIC.search(fitting[1]):
        return None
    doc, heading, rule = fitting
    situation = _RULE.split(rule)[0]
    amount = _amount(rule)
    if amount is None:
        return None
    if _PROMISE.search(situation):
        concrete = any(p.due is not None or p.action in _CONCRETE_ACTIONS for p in broken)
        return Grant(amount, "promise", rule, doc, heading) if concrete else None
    if _COURIER_GROUND.search(situation) and not _NOTICE_GROUND.search(situation):
        # what the customer says happened that the courier rule covers: a courier who never came, or came early or late again
        said = _customer_text(ctx)
        seen = situations(said)
        if "courier:no_show" in seen:
            reason = "no_show"
        elif AGAIN.search(said) and "courier:early" in seen:
            reason = "early"
        elif AGAIN.search(said) and "courier:late" in seen:
            reason = "late"
        else:
            return None
        return Grant(amount, reason, rule, doc, heading)
    return None


def _notice_amount(ctx: DraftContext, fitting: tuple[str, str, str] | None) -> tuple[int, str, str, str] | None:
    """(amount, document, heading, rule) when the rule that fits (`fitting`) is the unannounced reschedule: a fact
    only the order's notification history shows."""
    if ctx.ticket.audience != "buyer" or fitting is None or not _NOTICE_GROUND.search(_RULE.split(fitting[2])[0]):
        return None
    amount = _amount(fitting[2])
    return (amount, *fitting) if amount is not None else None


def _granted(grant: Grant, ctx: DraftContext, t: dict[str, str], arrival: tuple[str, str, str]) -> CompensationAnswer:
    """The paragraph, note and citations of a credit: the rule's section and how points arrive."""
    cite = ctx.extra["cite_section"]
    sentence = arrival[2][:1].upper() + arrival[2][1:]
    citations = [cite(arrival[0], arrival[1])]
    if grant.doc:
        cid = cite(grant.doc, grant.heading)
        citations = [cid, *(c for c in citations if c != cid)]
    if grant.reason == "promised":
        return CompensationAnswer(text=t["promised"].format(amount=grant.amount, arrival=sentence),
                                  note=t["promised_rule"].format(amount=grant.amount), citations=citations)
    return CompensationAnswer(text=t["grant"].format(reason=t[grant.reason], amount=grant.amount, arrival=sentence),
                              note=t["grant_rule"].format(rule=grant.rule, amount=grant.amount), citations=citations)


def _arrival(ctx: DraftContext) -> tuple[str, str, str] | None:
    """(document, heading, sentence) of how compensation points arrive and how long they last."""
    return next(((doc, h, m.group(0).strip()) for doc, h, t in ctx.extra.get("compensation_sections", []) if _ARRIVAL_HEADING.search(h)
                 for m in [_ARRIVAL.search(t)] if m), None)


def compensation_answer(ask: Ask, ctx: DraftContext, lang: str) -> CompensationAnswer | None:
    """The paragraph and the operator note for a compensation ask, from the sections of the buyers'
    compensation policy; None when that policy is not at hand (e.g. a partner's ticket, whose
    compensation rules are a different matter)."""
    sections = ctx.extra.get("compensation_sections", [])
    cite = ctx.extra.get("cite_section")
    arrival = _arrival(ctx)
    if not sections or arrival is None or cite is None:
        return None
    t = TEXT[lang if lang in TEXT else "ru"]
    sentence = arrival[2][:1].upper() + arrival[2][1:]
    citations = [cite(arrival[0], arrival[1])]
    money = _money_line(ask, ctx, t)
    fitting = _fitting_rule(ctx)
    if (grant := grant_of(ctx, fitting)) is not None:
        # the thread shows the ground: the rule's amount is credited (the operator confirms it before sending)
        answer = _granted(grant, ctx, t, arrival)
        if money is not None:
            answer.text = f"{answer.text} {money[0]}"
            answer.citations.append(money[1])
        return answer
    if (notice := _notice_amount(ctx, fitting)) is not None:
        # «никаких уведомлений не было»: the rule as a condition; the operator checks the notification history first
        amount, doc, heading, rule = notice
        cid = cite(doc, heading)
        text = t["notice"].format(amount=amount, arrival=sentence)
        return CompensationAnswer(text=f"{text} {money[0]}" if money else text, note=t["notice_rule"].format(amount=amount),
                                  citations=[cid, *(c for c in citations if c != cid), *([money[1]] if money else [])])
    if fitting is not None and _AUTOMATIC.search(fitting[1]):
        return _automatic_answer(ctx, fitting, t, lang)
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


def _automatic_answer(ctx: DraftContext, fitting: tuple[str, str, str], t: dict, lang: str) -> CompensationAnswer:
    """An automatic credit (a parcel lost in transit, an order the seller never shipped): the customer is told the rule in
    their own case, with the figure and the day it follows from the thread, not «мы проверим»; the operator checks that it
    arrived."""
    cite = ctx.extra["cite_section"]
    doc, heading, rule = fitting
    thread = " ".join(m.text for m in ctx.ticket.messages)
    cancelled = bool(_CANCELLED_ALREADY.search(thread))
    if _NOT_HANDED_OVER.search(rule) and (n := _amount(rule)) is not None:
        # the customer's own case, not the rule's wording: «заказ, который продавец не передал в доставку, система отменяет сама…»
        text = t["not_shipped_done" if cancelled else "not_shipped_ahead"].format(amount=n)
    else:
        text = t["automatic"].format(rule=_as_clause(rule))
    if (figure := percent_points(rule, ctx.ticket.messages, lang)) is not None:
        text = f"{text} {figure}"  # the rule applied to the order amount the thread states (drafting/figures.py)
    if _WITHIN_DAY_OF_CANCELLING.search(rule) and (due := day_after_cancellation(ctx.ticket.messages, lang)) is not None:
        text = f"{text} {due}"  # «cancelled on Monday»: the points were due by Tuesday
    citations = [cite(doc, heading)]
    if _NOT_HANDED_OVER.search(rule) and lang in _SELF_CANCEL_SECTION:
        # the order still waits: cancelling it oneself forfeits the automatic points; cancelled: when they come and
        # how long they last (the seller-not-shipped policy says both)
        text = f"{text} {t['auto_arrival' if cancelled else 'self_cancel']}"
        citations.append(cite(*_SELF_CANCEL_SECTION[lang]))
    return CompensationAnswer(text=text, note=t["auto_rule"].format(rule=rule), citations=citations)


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
_EVENTS = {"courier:no_show", "courier:late", "courier:early", "fate:lost", "fate:not_shipped"}
_DATE_MOVED = re.compile(r"перенес\w*|перенос\w*|сдвинул\w*|сдвига\w*|нов\w* дат\w*|дат\w* (?:опять |снова )?(?:поменял|измени)\w*|moved|postponed|rescheduled|"
                         r"pushed back|new (?:delivery )?date|changed the date", re.IGNORECASE)
_EVENT_TOPICS = {"courier_time", "delivery_date", "lost_order", "not_shipped"}


def event_note(ctx: DraftContext, lang: str) -> CompensationAnswer | None:
    """What the draft says when the thread shows an event a compensation rule covers (a broken promise,
    a courier's no-show or repeated lateness, an unannounced reschedule, a lost order) and the
    customer did not ask for compensation: the credit, when the thread shows its ground (`grant_of`),
    with the operator's note; else only a note with the rule, the decision being the operator's.
    The text is empty for a note alone. None when no such event or no rule fits."""
    a = ctx.analysis
    broken = any(p.status == "broken" for p in a.promises)
    customer = _customer_text(ctx)
    complaint = any(ask.kind == "complaint" and ask.topic in _EVENT_TOPICS for ask in a.open_asks) or \
        (bool(COMPLAINT_MARK.search(customer)) and bool(set(topics_of(customer)) & _EVENT_TOPICS))
    # and an event a rule covers is told: a courier who failed, a parcel lost or never shipped, a date moved — «пишу вам уже 2 раз никто
    # не отвечает» beside «можно заплатить курьеру, когда привезёт?» is no complaint about a delivery
    complaint = complaint and bool(situations(customer) & _EVENTS or _DATE_MOVED.search(customer))
    cite = ctx.extra.get("cite_section")
    # «The delivery service has confirmed the parcel is lost, so the order has been cancelled»: the automatic credit is due
    # whether or not the customer complains
    lost = ctx.ticket.audience == "buyer" and "fate:lost" in situations(" ".join(m.text for m in ctx.ticket.messages))
    if not (broken or complaint or lost) or cite is None:
        return None
    if "fate:unclaimed" in situations(customer) and not broken:
        return None  # an order sent back because nobody collected it is no failure a compensation rule covers
    t = TEXT[lang if lang in TEXT else "ru"]
    fitting = _fitting_rule(ctx)
    if not (broken or complaint):
        # a lost parcel alone: the customer is told the automatic credit in their case (320 points for a 3 200 ₽ order),
        # and nothing when the rule that fits is not an automatic one
        return _automatic_answer(ctx, fitting, t, lang) if fitting is not None and _AUTOMATIC.search(fitting[1]) else None
    if (grant := grant_of(ctx, fitting)) is not None and (arrival := _arrival(ctx)) is not None:
        return _granted(grant, ctx, t, arrival)
    if fitting is None:
        return None
    doc, heading, rule = fitting
    # a customer who asks about points or a statutory penalty did ask for something: the note does not say otherwise
    asked = any(ask.topic == "compensation" or PENALTY.search(ask.text) for ask in a.open_asks)
    key = ("auto_rule" if asked else "event_auto") if _AUTOMATIC.search(heading) else ("rule" if asked else "event_rule")
    return CompensationAnswer(text="", note=t[key].format(rule=rule), citations=[cite(doc, heading)])
