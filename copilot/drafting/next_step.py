"""What happens next, said as the action the policy gives the operator, when the customer asks for it, and
the rules that give a definite answer for what happened (`step_for` tries them in turn).

«Когда мне теперь его привезут?» after a courier who came two hours early, «Перенесите забор на завтра»
after a courier who never came for a return: the knowledge base holds no date for this order, but it
does say what the operator does — reschedule for free, to a window the customer chooses (the return
deadline unaffected). A careful operator says that, as an offer with the one thing the customer has to
tell, instead of quoting the rule on when rescheduling is allowed. The offer is cited to the section
that gives the operator that action, and it states no amount and no date of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copilot.analysis.focus import focus_of
from copilot.analysis.topics import topics_of
from copilot.domain import Ask, Message
from copilot.drafting.figures import add_business_days, asked_day, days_since, last_customer_day, refund_due, say_date, sent_on, when_said
from copilot.drafting.claim_steps import claim_received_step, seller_claim_step
from copilot.drafting.defect_steps import defect_refund_step, defect_return_step, expertise_step
from copilot.drafting.goods_steps import (choice_step, damaged_step, drop_at_point_step, exchange_step, inspect_step, keep_part_step, missing_only_step, nonreturnable_step, points_arrival_step,
                                          expired_return_step, points_step, where_missing_step, repair_step, resend_date_step, resend_when_step, return_refund_step, return_step,
                                          tech_after_15_step)
from copilot.drafting.order_steps import (cashback_step, combined_pickup_step, dates_step, instalments_step, investigation_step, lost_step, method_refund_step, point_fixed_step, point_how_step,
                                          same_card_step, shipping_step, someone_else_step, storage_step, unclaimed_step)
from copilot.drafting.partner_steps import appeal_step, button_broken_step, deductions_step, fine_grounds_step, missed_dispute_step, dispute_pending_step, dispute_step, email_step, inspection_step, late_fine_step, manager_step, payout_step, recording_step
from copilot.drafting.seller_steps import delivery_claim_step, exemption_step, in_which_payout_step, late_payout_loss_step, warehouse_price_step, fine_dispute_step, offer_step, seller_return_step, missed_compensation_step, warehouse_damage_step, warehouse_loss_step
from copilot.drafting.situations import AGAIN, EARLY, NO_SHOW, booked_window, payment_of
from copilot.drafting.step import ANSWER_LATER, Step

__all__ = ["DEADLINE_KEPT", "FREE_RESCHEDULE", "OFFER_KEYS", "Step", "days_waited", "step_for", "told_above", "wants_the_goods_moved"]


# the customer wants the goods brought or collected (again): a request, «когда…?» or «…ли ещё раз?»
_WANTS = re.compile(r"перенес|переназнач|привез|привоз|довез|доставят|доставите|доставьте|заберите|заберут|забер[её]т|забрать|приедет|приедут|придёт|придет|"
                    r"reschedul|rebook|re-book|deliver|bring|collect|pick (?:it |my return |the return )?up|come (?:back|again)", re.IGNORECASE)
_YES_NO = re.compile(r"\bли\b|^(?:will|can|could|would) ", re.IGNORECASE)
# asks about another matter that also name a delivery («Когда вернут деньги за доставку?»)
_OTHER_MATTER = {"refund", "compensation", "points_after_return", "cashback"}

# the offer, per errand and language: the rule and what the customer has to tell us; the time the
# customer asked for («Перенесите на завтра на утро»); or the request alone when a paragraph above has
# stated the rule already
_OFFERS = {
    ("delivery", "ru"): {"full": "Доставку перенесём бесплатно на удобный вам день и интервал: напишите, когда вам удобно принять заказ, и мы назначим курьера на это время.",
                         "asked": "Доставку перенесём бесплатно на время, о котором вы просите, если этот интервал свободен, и подтвердим новый интервал в этом чате.",
                         "short": "Напишите, в какой день и интервал вам удобно принять заказ, и мы назначим курьера на это время."},
    ("delivery", "en"): {"full": "We will reschedule the delivery free of charge to a new day and time window of your choice: reply with the day and window that suit you, "
                                 "and we will book the courier for it.",
                         "asked": "We will reschedule the delivery free of charge to the time you asked for if that window is free, and confirm the new window in this chat.",
                         "short": "Reply with the day and time window that suit you, and we will book the courier for it."},
    ("pickup", "ru"): {"full": "Забор возврата перенесём бесплатно на ближайший удобный вам интервал: напишите, в какой день и в какое время вам удобно, и мы назначим курьера. "
                               "Срок возврата от этого не пострадает: он считается от даты, когда вы оформили возврат.",
                       "asked": "Забор возврата перенесём бесплатно на время, о котором вы просите, если этот интервал свободен, и подтвердим новый интервал в этом чате. "
                                "Срок возврата от этого не пострадает: он считается от даты, когда вы оформили возврат.",
                       "short": "Напишите, в какой день и в какое время вам удобно, и мы назначим курьера за возвратом. "
                                "Срок возврата от этого не пострадает: он считается от даты, когда вы оформили возврат."},
    ("pickup", "en"): {"full": "We will reschedule the return pickup free of charge to the nearest free window that suits you: reply with the day and time you prefer, "
                               "and we will book the courier. Your return deadline is not affected: it is counted from the date you requested the return.",
                       "asked": "We will reschedule the return pickup free of charge to the time you asked for if that window is free, and confirm the new window in this chat. "
                                "Your return deadline is not affected: it is counted from the date you requested the return.",
                       "short": "Reply with the day and time you prefer, and we will book the courier to collect your return. "
                                "Your return deadline is not affected: it is counted from the date you requested the return."},
}
_ASKED_AT = {"ru": "на время, о котором вы просите", "en": "to the time you asked for"}
_ASKED_ON = {"ru": "на {day}, на время, о котором вы просите", "en": "for {day}, at the time you asked for"}
_ASKED_WINDOW_AT = {"ru": "на {window}", "en": "to {window},"}  # the Russian offer goes on «, если…», the English one " if…"
_ASKED_ON_WINDOW = {"ru": "на {day}, {window}", "en": "for {day}, {window},"}
_WINDOW_ASKED = re.compile(r"(?<![\d.:])(\d{1,2})(?::(\d{2}))?\s*(?:[-–—]|до|to)\s*(\d{1,2})(?::(\d{2}))?(?![\d:]|\.\d)", re.IGNORECASE)


def _asked_window(text: str) -> str:
    """«с 20 до 22», "20-22" in the customer's request, as «20:00–22:00»; "" when it names no window of hours."""
    m = _WINDOW_ASKED.search(text)
    if m is None:
        return ""
    start, end = int(m.group(1)), int(m.group(3))
    if not (0 <= start < end <= 24):
        return ""
    return f"{start:02d}:{m.group(2) or '00'}–{end:02d}:{m.group(4) or '00'}"


# the customer names the time they want («на завтра на утро», "tonight 20-22")
_ASKED_TIME = re.compile(r"\d|завтра|сегодня|утр|вечер|обед|выходн|понедельник|вторник|сред[уа]|четверг|пятниц|суббот|воскресен|"
                         r"tomorrow|today|tonight|morning|afternoon|evening|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday", re.IGNORECASE)

# the section that gives the operator the action, per language and what the courier did
_DELIVERY_SECTIONS = {
    "ru": ("buyer/courier-time-windows", {"early": "Если курьер приехал раньше интервала", "late": "Если курьер опоздал или не позвонил заранее",
                                          "no_show": "Курьер не приехал или постоянно приезжает не вовремя"}),
    "en": ("buyer/en/courier-time-windows", {"early": "The courier came early, before the delivery window", "late": "The courier is late or did not come at all",
                                             "no_show": "The courier is late or did not come at all"}),
}
_PICKUP_SECTIONS = {"ru": ("buyer/courier-return-pickup", "Если курьер не забрал возврат"),
                    "en": ("buyer/en/courier-return-pickup", "The courier did not take my return")}


def wants_the_goods_moved(ask: Ask) -> bool:
    """«Когда мне теперь его привезут?», «Перенесите на завтра», "Rebook it", «Заберут ли возврат ещё раз?»."""
    if not _WANTS.search(ask.text) or set(topics_of(ask.text)) & _OTHER_MATTER:
        return False
    return ask.kind == "request" or focus_of(ask.text) == "when" or bool(_YES_NO.search(ask.text))


# a paragraph that already says the operator reschedules for free
FREE_RESCHEDULE = re.compile(r"перен\w*[^.]{0,80}бесплатн|бесплатн\w*[^.]{0,40}перен|перен\w*[^.]{0,60}без (?:доплаты|оплаты)|"
                             r"reschedul\w*[^.]{0,80}(?:free of charge|at no cost|no cost)|free of charge[^.]{0,40}reschedul", re.IGNORECASE)


# a paragraph that already says the return deadline runs from the request, not from the pickup
DEADLINE_KEPT = re.compile(r"срок\w* (?:на )?возврат\w*[^.]{0,80}(?:от даты|с даты|от дня|со дня)|return (?:deadline|period|window)[^.]{0,80}from the (?:date|day)", re.IGNORECASE)


# a paragraph that already gives the legal term of a replacement for a defect («замена — 7 дней (20…)»)
REPLACEMENT_TERM = re.compile(r"замен\w*[^.]{0,20}7 дней|replacement[^.]{0,20}7 days", re.IGNORECASE)
# … and of a refund for it, counted from the demand («деньги возвращаются в течение 10 дней со дня требования»)
DEMAND_REFUND_TERM = re.compile(r"10 (?:дней|days)[^.]{0,30}(?:требовани|demand)|(?:требовани|demand)[^.]{0,40}10 (?:дней|days)", re.IGNORECASE)


def told_above(sentence: str, paragraphs: list[str]) -> bool:
    """A sentence of a step whose fact a paragraph above says already: the return deadline is safe; the legal
    terms for a defect (a replacement's, a refund's from the demand)."""
    return any(pattern.search(sentence) and any(pattern.search(p) for p in paragraphs) for pattern in (DEADLINE_KEPT, REPLACEMENT_TERM, DEMAND_REFUND_TERM))


def next_step(ask: Ask, happened: frozenset[str], lang: str, audience: str, rule_said: bool = False,
              messages: Sequence[Message] = ()) -> Step | None:
    """The rescheduling offer for an ask that wants the goods brought or collected after a courier who
    came early, late or not at all (`happened`, situations.py); None for any other ask. `rule_said`:
    a paragraph above already says that the operator reschedules for free."""
    return _offer(ask, happened, lang, audience, rule_said, messages) if wants_the_goods_moved(ask) else None


def no_show_offer_step(ask: Ask, happened: frozenset[str], lang: str, audience: str, rule_said: bool = False,
                       messages: Sequence[Message] = ()) -> Step | None:
    """The same offer for the report of a no-show («доставка была назначена на сегодня, никто не приехал и не
    позвонил»); step_for tries it after the complaint to the courier service, which answers such a report first."""
    if ask.kind != "complaint" or "courier:no_show" not in happened or not NO_SHOW.search(ask.text):
        return None
    return _offer(ask, happened, lang, audience, rule_said, messages)


def _offer(ask: Ask, happened: frozenset[str], lang: str, audience: str, rule_said: bool, messages: Sequence[Message]) -> Step | None:
    if audience != "buyer" or lang not in ("ru", "en"):
        return None
    courier = next((c for c in ("no_show", "late", "early") if f"courier:{c}" in happened), None)
    if courier is None:
        return None
    errand = "pickup" if "errand:return_pickup" in happened else "delivery"
    if errand == "pickup":
        doc_id, heading = _PICKUP_SECTIONS[lang]
    else:
        doc_id, headings = _DELIVERY_SECTIONS[lang]
        heading = headings[courier]
    variant = "asked" if ask.kind == "request" and _ASKED_TIME.search(ask.text) else "short" if rule_said else "full"
    text = _OFFERS[(errand, lang)][variant]
    if variant == "asked":
        # «Перенесите мне на завтра на утро» on 5 March, "Reschedule it for tonight 20-22": the day it makes and the window, said back
        day = asked_day(ask.text, sent_on(messages[ask.source_message]), lang) if 0 <= ask.source_message < len(messages) else None
        window = _asked_window(ask.text)
        if day is not None:
            said = when_said(day[0], day[1], lang) if day[1] else say_date(day[0], lang)
            on = said.removeprefix("on ")
            at = _ASKED_ON_WINDOW[lang].format(day=on, window=window) if window else _ASKED_ON[lang].format(day=on)
            text = text.replace(_ASKED_AT[lang], at, 1)
        elif window:
            text = text.replace(_ASKED_AT[lang], _ASKED_WINDOW_AT[lang].format(window=window), 1)
    return Step(key=errand, text=text, sections=((doc_id, heading),))


# «С какой стати он приехал на 2 часа раньше??», "Why did the courier come early?": an early arrival is the courier's
# breach, not the customer's no-show, whatever the app's status says
_WHY = re.compile(r"с какой стати|почему|зачем|как так|why|how come", re.IGNORECASE)
# «Это нормально?», "Is he allowed to do that?": the answer is no, and the same breach
_ALLOWED = re.compile(r"\ballowed\b|is (?:this|that|it) (?:ok|okay|normal|legal)|имеет ли (?:он )?право|это нормально|так можно|разве (?:так )?можно|"
                      r"так (?:и )?должно быть", re.IGNORECASE)
_NO = {"ru": "Нет, так быть не должно. В", "en": "No, that should not happen. T"}  # one sentence with the rule that says why, kept whole
_MARKED_ABSENT = re.compile(r"не вышел на связь|не вышла на связь|клиент не вышел|клиент отсутств|buyer did not show|customer (?:was )?absent|did not come out", re.IGNORECASE)
_EARLY_TEXT = {
    "ru": ("Выбранный интервал — это обязательство курьера, и приезд раньше него — нарушение с его стороны: принимать заказ досрочно вы не обязаны. "
           "Ранний приезд не считается вашей неявкой{status}, и платной повторной доставки из-за него не будет."),
    "en": ("The time window you booked binds the courier, and arriving before it is the courier's breach: you do not have to receive the order early. "
           "An early arrival does not count as your no-show{status}, and there is no paid redelivery because of it."),
}
_EARLY_STATUS = {"ru": " — отметка «клиент не вышел на связь» этого не меняет", "en": ", whatever status the app shows"}
_EARLY_SECTIONS = {"ru": (("buyer/courier-time-windows", "Как устроены интервалы курьерской доставки"), ("buyer/courier-time-windows", "Если курьер приехал раньше интервала")),
                   "en": (("buyer/en/courier-time-windows", "How courier delivery time windows work"),
                          ("buyer/en/courier-time-windows", "The courier came early, before the delivery window"))}


def early_step(ask: Ask, happened: frozenset[str], customer_text: str, lang: str, audience: str) -> Step | None:
    """«С какой стати он приехал раньше?», «Это нормально?»: the window binds the courier (a «нет» first to whether it
    is allowed), an early arrival is no no-show of the customer (and the status the app shows does not make it one),
    no paid redelivery."""
    allowed = bool(_ALLOWED.search(ask.text))  # «Это нормально?» names no early arrival: its message does
    if audience != "buyer" or lang not in _EARLY_TEXT or "courier:early" not in happened or not (allowed or EARLY.search(ask.text) and _WHY.search(ask.text)):
        return None
    status = _EARLY_STATUS[lang] if _MARKED_ABSENT.search(customer_text) else ""
    text = _EARLY_TEXT[lang].format(status=status)
    return Step(key="early", text=_NO[lang] + text[1:] if allowed else text, sections=_EARLY_SECTIONS[lang])


# "What happens now, will he come back in my slot?" after a courier who came before the window and wants the customer
# out now: the delivery stays in the window, and what the customer does if he leaves or is late past it
_WHAT_NOW = re.compile(r"what happens now|what now|(?:will|would) (?:he|the courier|they) come back|come back (?:in|within)|"
                       r"что (?:теперь|дальше)|(?:вернётся|вернется|приедет|придёт|придет) ли (?:он )?(?:снова |ещё раз |опять )?(?:в (?:мой|мо[её]|выбранн\w*) )?"
                       r"(?:интервал|время|окно)|привезут ли (?:в )?(?:мой|мо[её]) (?:интервал|время)", re.IGNORECASE)
_STAYS = {
    "ru": ("Доставка остаётся в выбранном вами интервале{slot}: курьер должен вернуться в него или договориться с вами о другом удобном времени. "
           "Если он уедет и отметит доставку несостоявшейся или опоздает больше чем "
           "на 30 минут после конца интервала{late}, напишите в этот чат — мы бесплатно перенесём доставку на удобное вам время."),
    "en": ("Your delivery stays in your{slot} window: the courier must come back within it or agree a different time with you. "
           "If he leaves and marks the delivery as failed, or is more than 30 minutes late "
           "past the end of the window{late}, write in this chat and we will reschedule it free of charge to a time that suits you."),
}
_STAYS_LATE = {"ru": " (позже {h}:30)", "en": " (after {h}:30)"}
_STAYS_SECTIONS = {"ru": (("buyer/courier-time-windows", "Если курьер приехал раньше интервала"),
                          ("buyer/courier-time-windows", "Если курьер опоздал или не позвонил заранее")),
                   "en": (("buyer/en/courier-time-windows", "The courier came early, before the delivery window"),
                          ("buyer/en/courier-time-windows", "The courier is late or did not come at all"))}


def early_what_now_step(ask: Ask, happened: frozenset[str], customer_text: str, lang: str, audience: str) -> Step | None:
    """"What happens now, will he come back in my slot?" after a courier who came before the window (and has neither
    failed to come nor marked the customer absent: those get the rescheduling offer): the delivery stays in the booked window — the courier comes back in it or agrees a time —
    and if he leaves or is more than 30 minutes late past it, the customer writes and it is rescheduled free."""
    if audience != "buyer" or lang not in _STAYS or "courier:early" not in happened or happened & {"courier:no_show", "courier:customer_absent"} \
            or not _WHAT_NOW.search(ask.text):
        return None
    # the two-hour window the customer booked, as situations.py reads it for early and late arrivals
    slot = window if (window := booked_window(customer_text)) and 8 <= window[0] <= 22 and window[1] - window[0] == 2 else None
    said = f" {slot[0]:02d}:00–{slot[1]:02d}:00" if slot else ""
    late = _STAYS_LATE[lang].format(h=f"{slot[1]:02d}") if slot else ""
    return Step(key="early_stays", text=_STAYS[lang].format(slot=said, late=late), sections=_STAYS_SECTIONS[lang])


# «позвонит ли курьер заранее?», "Will the courier call first?"
_CALL_AHEAD = re.compile(r"позвонит ли|позвонят ли|предупредит ли|(?:позвонит|позвонят|предупредит)[^.?]{0,30}заранее|will (?:the courier|he|they|someone) (?:call|phone)", re.IGNORECASE)
_CALL_AHEAD_TEXT = {"ru": "Да: курьер обязан позвонить за 30–60 минут до приезда, так что ждать весь день не придётся — только в выбранный интервал.",
                    "en": "Yes: the courier must phone you 30–60 minutes before arriving, so you only need to be in for the window you chose."}
_CALL_AHEAD_SECTION = {"ru": ("buyer/courier-time-windows", "Как устроены интервалы курьерской доставки"),
                       "en": ("buyer/en/courier-time-windows", "How courier delivery time windows work")}


def call_ahead_step(ask: Ask, lang: str, audience: str, happened: frozenset[str] = frozenset(), customer_text: str = "") -> Step | None:
    """«Позвонит ли курьер заранее в этот раз?»: the courier must call 30–60 minutes before arriving. «Можно как-то сделать,
    чтобы он звонил заранее?»: he has to already; a call from the door breaks the rule — noted, and part of the complaint when
    one is filed for repeated or missed arrivals, else what the customer gets if the missed call made them miss him."""
    if audience != "buyer" or lang not in _CALL_AHEAD_TEXT:
        return None
    if _MAKE_CALL.search(ask.text):
        due = complaint_due(happened, customer_text)
        sections = (_LATE_SECTION[lang],) + ((_COURIER_COMPLAINT[lang][1],) if due else ())
        variant = ("door" if _AT_THE_DOOR.search(customer_text) else "complaint") if due else "alone"
        return Step(key="call_ahead", text=_MAKE_CALL_TEXT[lang][variant], sections=sections)
    if not _CALL_AHEAD.search(ask.text) or "курьер" not in ask.text.lower() and "courier" not in ask.text.lower():
        return None
    return Step(key="call_ahead", text=_CALL_AHEAD_TEXT[lang], sections=(_CALL_AHEAD_SECTION[lang],))


# «Можно как-то сделать, чтобы он звонил заранее?», "Can you make him call ahead?"
_MAKE_CALL = re.compile(r"(?:сделать|добиться|можно)[^?.!]{0,30}(?:чтобы|что бы|чтоб)\s+(?:он|курьер\w*|они)\s+(?:\w+\s+)?звонил\w*\s+(?:заранее|заблаговременно)|"
                        r"make (?:him|the courier|them) (?:call|phone) (?:ahead|first|in advance|before)", re.IGNORECASE)
_MAKE_CALL_TEXT = {
    "ru": {"door": "Курьер и так обязан позвонить за 30–60 минут до приезда, а звонок, когда он уже у подъезда, — нарушение этого правила: "
                   "мы отмечаем его в обращении и указываем в жалобе в курьерскую службу.",
           "complaint": "Курьер и так обязан позвонить за 30–60 минут до приезда; то, что он не звонит заранее, мы отмечаем в обращении и "
                        "указываем в жалобе в курьерскую службу.",
           "alone": "Курьер и так обязан позвонить за 30–60 минут до приезда. Если он не позвонил и вы из-за этого не успели выйти, доставку "
                    "переносят бесплатно, а нарушение отмечают в обращении — напишите нам, и мы это сделаем."},
    "en": {"door": "The courier already has to phone 30–60 minutes before arriving, and a call when he is already at the door breaks that "
                   "rule: we note it in your case and include it in the complaint to the courier service.",
           "complaint": "The courier already has to phone 30–60 minutes before arriving; that he does not call ahead is noted in your case "
                        "and included in the complaint to the courier service.",
           "alone": "The courier already has to phone 30–60 minutes before arriving. If he did not, and you missed him because of it, the "
                    "delivery is rescheduled free of charge and the breach is noted in your case — write to us and we will do it."},
}
# «звонит уже стоя у подъезда», "calls when he is already outside"
_AT_THE_DOOR = re.compile(r"у подъезда|у двери|под дверью|у ворот|я тут|уже (?:здесь|тут|на месте)|at the door|outside|downstairs|already here", re.IGNORECASE)
_LATE_SECTION = {"ru": ("buyer/courier-time-windows", "Если курьер опоздал или не позвонил заранее"),
                 "en": ("buyer/en/courier-time-windows", "The courier is late or did not come at all")}


def complaint_due(happened: frozenset[str], customer_text: str) -> bool:
    """A complaint to the courier service is due: a courier who never came, or early or late arrivals that keep happening."""
    return "courier:no_show" in happened or bool(happened & {"courier:late", "courier:early"} and AGAIN.search(customer_text))


# «Где деньги?», «Когда вернут?», «требую вернуть деньги» once the return was accepted or the order
# cancelled: the money is on its way, and the thread says for how long
_WHERE_MONEY = re.compile(r"\bгде\b|когда|до сих пор|вс[её] ещё|верните|вернуть деньги|денег (?:нет|так и нет|до сих пор нет)|\bwhere\b|\bwhen\b|still|refund me|give me my money", re.IGNORECASE)
# a bare «Когда вернут?», «денег нет» is about the money once the thread says the refund is on its way
_MONEY_BACK = re.compile(r"\bвернут\b|\bденег\b|\bденьги\b|\bmoney\b", re.IGNORECASE)
_INITIATED = re.compile(r"возврат\w* (?:приняли|принят|одобрен|оформлен)|приняли возврат|одобрили возврат|возврат денег одобрен|средства вернутся|деньги вернутся|"
                        r"заказ\w* (?:отменили|отменён|отменен)|(?:отменили|отменён|отменен) заказ|(?:взяли и|просто|его|их) отменили|"
                        r"return (?:was |has been |is )?(?:accepted|approved)|refund (?:was |has been |is )?(?:initiated|issued|approved|sent)|(?:was|been|is) cancelled",
                        re.IGNORECASE)
_NUMBERS = {"две": 2, "два": 2, "три": 3, "четыре": 4, "пять": 5, "two": 2, "three": 3, "four": 4, "five": 5}
_ELAPSED = re.compile(r"(?:прошл\w*|жду|ждала?|уже|почти|больше|более|already|it's been|been|waited|waiting|over|almost|nearly)\s+(?:уже\s+|почти\s+|больше\s+|более\s+|over\s+|almost\s+|nearly\s+|for\s+)?"
                      r"(\d{1,3}|две|два|три|четыре|пять|two|three|four|five)\s*(дн\w*|день|недел\w*|days?|weeks?)"
                      r"|(\d{1,3})\s*(дн\w*|день|недел\w*|days?|weeks?)\s*(?:назад|ago|с (?:моего |момента )?(?:требования|возврата|отмены)|since)", re.IGNORECASE)
# calendar days after which the bank's period has passed: 10 business days for a card, 3 for SBP
_OVERDUE_AFTER = {"card": 14, "sbp": 5}
_REFUND = {
    "ru": {"pending_card": "Деньги за возврат Ярмарка отправляет в течение 24 часов после приёмки возврата или отмены заказа, а банк зачисляет их на карту "
                           "в срок до 10 рабочих дней, обычно за 3–5: этот срок ещё не истёк. Проверьте, пожалуйста, выписку — возврат иногда "
                           "отображается отдельной операцией, а не отменой покупки.",
           "pending_sbp": "Деньги за возврат Ярмарка отправляет в течение 24 часов после приёмки возврата или отмены заказа, а по СБП они приходят "
                          "в срок до 3 рабочих дней: этот срок ещё не истёк. Проверьте, пожалуйста, выписку — возврат иногда отображается "
                          "отдельной операцией, а не отменой покупки.",
           "fresh_card": "Деньги Ярмарка отправляет в течение 24 часов после отмены заказа или приёмки возврата, а банк зачисляет их на карту "
                         "в срок до 10 рабочих дней, обычно за 3–5.",
           "fresh_sbp": "Деньги Ярмарка отправляет в течение 24 часов после отмены заказа или приёмки возврата, а по СБП они приходят "
                        "в срок до 3 рабочих дней.",
           "overdue": "Срок зачисления уже прошёл, простите за это ожидание. Мы вышлем вам подтверждение операции возврата — дату и сумму — "
                      "для обращения в банк; если банк не видит поступления, обращение разберёт выделенная группа, она отвечает в течение 24 часов.",
           "overdue_handed": "Срок зачисления уже прошёл, простите за это ожидание. Мы вышлем вам подтверждение операции возврата — дату и сумму — "
                             "для обращения в банк, а где сейчас платёж, выяснит выделенная группа."},
    "en": {"pending_card": "Yarmarka initiates a refund within 24 hours of the return being accepted or the order cancelled, and the bank credits "
                           "the card in up to 10 business days, usually in 3–5: that period has not passed yet.",
           "pending_sbp": "Yarmarka initiates a refund within 24 hours of the return being accepted or the order cancelled, and SBP refunds "
                          "arrive in up to 3 business days: that period has not passed yet.",
           "fresh_card": "Yarmarka sends the money within 24 hours of the cancellation or the return being accepted, and the bank credits the card "
                         "in up to 10 business days, usually in 3–5.",
           "fresh_sbp": "Yarmarka sends the money within 24 hours of the cancellation or the return being accepted, and SBP refunds arrive in up "
                        "to 3 business days.",
           "overdue": "The refund period has already passed, and we are sorry for the wait. We will send you the refund details from the order "
                      "(date, amount, transaction reference) to show to your bank; if the bank sees nothing, the dedicated group will look "
                      "into it and answer within 24 hours.",
           "overdue_handed": "The refund period has already passed, and we are sorry for the wait. We will send you the refund details from the "
                             "order (date, amount, transaction reference) to show to your bank, and the dedicated group will find where the payment is."},
}
_CANCELLED = re.compile(r"отмен|cancel", re.IGNORECASE)
_REFUND_BY = {("ru", "refund"): "Возврат оформлен {started}, значит, деньги должны прийти не позже {last}.",
              ("ru", "cancelled"): "Заказ отменён {started}, значит, деньги должны прийти не позже {last}.",
              ("en", "refund"): "Your refund started {started}, so the money should arrive by {last}.",
              ("en", "cancelled"): "The order was cancelled {started}, so the money should arrive by {last}."}
_REFUND_WAS_DUE = {("ru", "refund"): "Возврат оформлен {started}, и деньги должны были прийти не позже {last}.",
                   ("ru", "cancelled"): "Заказ отменён {started}, и деньги должны были прийти не позже {last}.",
                   ("en", "refund"): "Your refund started {started}, and the money should have arrived by {last}.",
                   ("en", "cancelled"): "The order was cancelled {started}, and the money should have arrived by {last}."}
_REFUND_SECTIONS = {
    ("ru", "pending"): (("buyer/refund-timelines", "Когда Ярмарка отправляет деньги обратно"), ("buyer/refund-timelines", "Сроки зачисления по способу оплаты"),
                        ("buyer/refund-timelines", "Если деньги не вернулись")),
    ("ru", "overdue"): (("buyer/refund-timelines", "Если деньги не вернулись"), ("buyer/refund-timelines", "Когда передавать вопрос о возврате денег в выделенную группу")),
    ("en", "pending"): (("buyer/en/refund-timelines", "When Yarmarka starts a refund"), ("buyer/en/refund-timelines", "Refund timelines by payment method")),
    ("en", "overdue"): (("buyer/en/refund-timelines", "\"Where is my refund?\": what the operator checks"),
                        ("buyer/en/refund-timelines", "When to hand a refund problem to the dedicated group")),
}


def days_waited(text: str) -> int | None:
    """Calendar days the customer says they have waited («прошло уже 6 дней», «почти 4 недели», "18 days since")."""
    m = _ELAPSED.search(text)
    if m is None:
        return None
    number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    n = _NUMBERS.get(number.lower()) or int(number)
    return n * 7 if unit.lower().startswith(("недел", "week")) else n


# «How long?», «И сколько ждать?» right after a question about the refund («The refund goes to the card I paid with? How long?»)
_BARE_HOW_LONG = re.compile(r"^(?:(?:and|и|а)\s+)?(?:how long|сколько (?:ждать|это займёт|это займет|по времени)|как долго)\W*$", re.IGNORECASE)


def refund_step(ask: Ask, thread_text: str, lang: str, audience: str, messages: Sequence[Message] = (), escalated: bool = False,
                before: str = "") -> Step | None:
    """Where the money is, for an ask about a refund already on its way (the return accepted, the order
    cancelled) when the customer says how long they have waited, or the messages' dates show it (from
    the message that says the refund was initiated to the customer's last one): the bank's period has
    not passed yet (check the statement), or it has (the refund details for the bank, the dedicated
    group). None when the thread does not tell, or for instalments, whose schedule differs."""
    bare = _BARE_HOW_LONG.search(ask.text) is not None and "refund" in topics_of(before[-150:])
    if audience != "buyer" or lang not in _REFUND or not (bare or (_WHERE_MONEY.search(ask.text)
                                                                   and ("refund" in topics_of(ask.text) or _MONEY_BACK.search(ask.text)))):
        return None
    paid = payment_of(thread_text)
    initiated = _INITIATED.search(thread_text)
    if initiated is None or "instalments" in paid:
        return None
    method = "sbp" if "sbp" in paid else "card"
    due, today = refund_due(messages, lang, method, _INITIATED), last_customer_day(messages)
    if due is not None and today is not None:
        state = "overdue" if today > due[2] else "pending"
    elif (days := days_waited(thread_text)) is not None or (days := days_since(messages, _INITIATED)) is not None:
        state = "overdue" if days > _OVERDUE_AFTER[method] else "pending"
    else:
        return None
    # handed over anyway: the dedicated group looks for the money, not only «if the bank sees nothing»
    # started the day the customer writes: nothing to check in the statement yet, the terms and the date are the answer
    fresh = state == "pending" and due is not None and due[0] == today
    text = _REFUND[lang][("overdue_handed" if escalated else "overdue") if state == "overdue" else f"{'fresh' if fresh else 'pending'}_{method}"]
    if due is not None:
        # the date the money should arrive by, which the policy tells the operator to give (or should have, when it passed)
        started, word, last = due
        said = {"started": when_said(started, word, lang), "last": say_date(last, lang)}
        what = "cancelled" if _CANCELLED.search(initiated.group(0)) else "refund"
        if bare and state == "pending":
            # «How long?» after the question on the refund, whose paragraph gives the terms: the day, worked out
            return Step(key="refund", text=_REFUND_BY[(lang, what)].format(**said), sections=_REFUND_SECTIONS[(lang, state)])
        text = f"{text} {_REFUND_BY[(lang, what)].format(**said)}" if state == "pending" else f"{_REFUND_WAS_DUE[(lang, what)].format(**said)} {text}"
    elif bare:
        return None  # no day to work out: the bare «How long?» keeps its own answer
    # overdue: the order card shows whether and when the refund was sent — the operator reads it before sending
    return Step(key="refund", text=text, sections=_REFUND_SECTIONS[(lang, state)], note=_REFUND_NOTE[lang] if state == "overdue" else "")


_REFUND_NOTE = {
    "ru": "[Оператору: до отправки откройте карточку заказа и впишите в ответ, когда и на какой способ оплаты отправлен возврат, с его суммой; "
          "если возврат не отправлен, напишите это вместо подтверждения операции и передайте обращение в выделенную группу.]",
    "en": "[To the operator: before sending, open the order card and add when the refund was sent, to which payment method and for what "
          "amount; if it was not sent, say so instead of the refund details and hand the case to the dedicated group.]",
}


# an account taken over (orders the customer did not place, a phone number or an address changed by someone
# else): what we do about it the same day, as the policy gives it, for what the customer asks about it
_TAKEN_OVER = re.compile(r"взлом|(?:заказ\w*|их),? (?:которые|которых) я не (?:делал|оформлял|заказывал)|не мой (?:номер|телефон)|номер телефона в профиле уже не мой|"
                         r"кто-то (?:зашёл|зашел|вош[её]л|оформил)|hacked|someone (?:logged into|placed orders|changed)|can't log in|orders i didn't (?:make|place)|"
                         r"my phone number was changed", re.IGNORECASE)
_ABOUT_ACCOUNT = {"account_security", "other", "refund", "payment_restriction"}
_TAKEN_OVER_TEXT = {
    "ru": ("По вашему описанию аккаунт, скорее всего, взломан, и мы относимся к этому серьёзно: мы завершаем все активные сеансы аккаунта и блокируем "
           "в нём оплату, чтобы никто не смог оформить новые заказы.",
           "Сегодня же мы передаём обращение в выделенную группу по безопасности — она ответит в течение 24 часов.",
           "Подозрительные заказы разбирает выделенная группа. Смените, пожалуйста, пароль от почты, привязанной к аккаунту, и проверьте, нет ли "
           "на телефоне подозрительных приложений."),
    "en": ("From what you describe, your account has most likely been taken over, and we treat this seriously: we are ending all active sessions "
           "of your account and blocking payments from it so that no new orders can be placed.",
           "We are handing your case to the dedicated security group today — they will answer within 24 hours.",
           "Suspicious orders are decided by the dedicated group. Please change the password of the e-mail linked to your account and check "
           "your phone for suspicious apps."),
}
_ORDER_ID = re.compile(r"\b\d{10}-\d{4}\b")
_TAKEN_MONEY_BACK = re.compile(r"верн\w*[^.!?]{0,15}деньг|деньг\w*[^.!?]{0,15}верн|возврат\w* денег|refund|(?:money|it) back", re.IGNORECASE)
_ADDRESS_CHANGED = re.compile(r"(?:поменял|сменил|изменил)\w*[^.!?]{0,20}адрес|адрес\w*[^.!?]{0,20}(?:поменял|сменил|изменил)|changed the (?:delivery )?address", re.IGNORECASE)
_SUSPICIOUS = {"ru": "Подозрительные заказы разбирает выделенная группа.", "en": "Suspicious orders are decided by the dedicated group."}
_SUSPICIOUS_MONEY = {"ru": "Подозрительные заказы и возврат денег за них разбирает выделенная группа: до её проверки вернуть деньги или назвать срок "
                           "возврата мы не можем.",
                     "en": "Suspicious orders, and the money for them, are decided by the dedicated group: before its check we cannot refund them "
                           "or name a date."}
_SUSPICIOUS_ADDRESS = {"ru": "Подозрительные заказы разбирает выделенная группа — она проверит и заказ {order} с изменённым адресом доставки.",
                       "en": "Suspicious orders are decided by the dedicated group — it will check order {order} with its changed delivery address too."}
_PROMISE_SECTIONS = {"ru": ("buyer/account-security", "Что оператор может обещать при проблемах с безопасностью"),
                     "en": ("buyer/en/account-security", "What the operator may and may not promise about account security")}
# «номер телефона в профиле уже не мой»: without the old number only the dedicated group changes it, after identity is confirmed in the app
_NUMBER_CHANGED = re.compile(r"не мой (?:номер|телефон)|номер телефона в профиле уже не мой|(?:номер|телефон)\w*[^.!?]{0,30}(?:поменял|сменил|изменил)\w*|"
                             r"(?:phone )?number (?:was|has been) changed|changed my (?:phone )?number", re.IGNORECASE)
_NUMBER_TEXT = {
    "ru": ("Номер телефона в профиле без доступа к старому номеру меняет только выделенная группа — после подтверждения вашей личности "
           "в приложении; в чате мы номер не меняем и документы не принимаем.", ("buyer/account-security", "Как сменить номер телефона в аккаунте")),
    "en": ("Without access to the old number, only the dedicated group can change the phone number on the account, after your identity is "
           "confirmed in the app; we do not change it in chat or accept documents here.", ("buyer/en/account-security", "Changing the phone number on the account")),
}
# the customer's own question about codes, passwords or a passport photo has an answer of its own (support never asks for them)
_ABOUT_CODES = re.compile(r"\bкод|парол|паспорт|документ|\bcode|password|passport|document", re.IGNORECASE)
_TAKEN_OVER_SECTIONS = {"ru": ("buyer/account-security", "Что делает оператор при взломе аккаунта"),
                        "en": ("buyer/en/account-security", "My account was hacked: first steps")}


# «пришла смс «Ярмарка дарит 500 ₽ … активируйте на yarmarka-bonus.ru». Я зашла, ввела номер карты и срок, а потом ещё код из смс. Это вообще
# ваша акция? Почему не работает?»: not ours — block the card at the bank now, change the password; the security group today
_ENTERED_CARD = re.compile(r"(?:ввел\w*|ввёл|вводил\w*|указал\w*|привязал\w*)[^.!?]{0,40}(?:номер карты|данные карты|карт\w*|код из смс|cvc|cvv)|"
                           r"(?:entered|typed|gave)[^.!?]{0,30}(?:card (?:number|details)|the code|sms code|cvc|cvv)", re.IGNORECASE)
_FOREIGN_SITE = re.compile(r"\b[\w-]+\.(?:ru|com|net|org|site|online|info|top|shop)\b|ссылк\w*|сайт\w*|link|website|site\b", re.IGNORECASE)
_PHISHING = {
    "ru": ("Это не акция Ярмарки: мы не присылаем SMS со ссылками на сторонние сайты и никогда не просим ввести данные карты или код из SMS "
           "ради подарка, поэтому и промокод оттуда не работает. Раз вы ввели на том сайте данные карты и код, прямо сейчас позвоните в свой банк "
           "по номеру на обороте карты и заблокируйте карту, а также смените пароль от аккаунта Ярмарки. Мы сегодня же передаём обращение в "
           "выделенную группу по безопасности.", ("buyer/account-security", "Мошеннические сайты и SMS «от Ярмарки»")),
    "en": ("This is not a Yarmarka promotion: we do not send SMS with links to other sites and never ask you to enter card details or an SMS "
           "code for a gift, which is also why that promo code does not work. Since you entered your card details and the code on that site, call "
           "your bank right now on the number on the back of the card and block the card, and change your Yarmarka password. We are passing your "
           "case to the security team today.", ("buyer/en/account-security", "Fraudulent sites and SMS \"from Yarmarka\"")),
}


def phishing_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """Card details or an SMS code entered on a site an SMS «from Yarmarka» sent the customer to: not ours; block the card now."""
    if audience != "buyer" or lang not in _PHISHING or not _ENTERED_CARD.search(customer_text) or not _FOREIGN_SITE.search(customer_text):
        return None
    if not re.search(r"акци|промокод|ваш\w*|не работает|не применяется|мошенн|promo|yours|scam|fraud|not work", ask.text, re.IGNORECASE):
        return None
    text, section = _PHISHING[lang]
    return Step(key="phishing", text=text, sections=(section,))


# «У меня 30 июня сгорели 1 200 баллов! … Верните их»: expired points are not restored
_EXPIRED_POINTS = re.compile(r"сгорел\w*[^.!?]{0,20}балл|балл\w*[^.!?]{0,20}сгорел\w*|срок (?:действия )?балл\w* (?:истёк|истек|закончил\w*|прош\w*)|"
                             r"points? (?:have |has )?expired|expired points", re.IGNORECASE)
_GIVE_POINTS_BACK = re.compile(r"верн\w*|восстанов\w*|начисл\w*|продл\w*|give (?:them |it )?back|restore|reinstate|extend", re.IGNORECASE)
_EXPIRED = {
    "ru": ("Сгоревшие баллы, к сожалению, восстановить нельзя: у баллов есть срок действия, он виден в приложении в «Профиль» → «Баллы», и по "
           "его окончании баллы списываются — вернуть или продлить их мы не можем.", ("buyer/points-and-promo-codes", "Как работают баллы Ярмарки")),
    "en": ("Expired points cannot be restored, unfortunately: points have a validity period, shown in the app under Profile → Points, and once it "
           "ends they are written off — we cannot give them back or extend them.", ("buyer/en/compensation-rules", "What the first line may credit")),
}


def expired_points_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """Points that expired, wanted back: they are not restored."""
    if audience != "buyer" or lang != "ru" or not _EXPIRED_POINTS.search(customer_text) or not _GIVE_POINTS_BACK.search(ask.text):
        return None
    text, section = _EXPIRED[lang]
    return Step(key="expired_points", text=text, sections=(section,))


# «Мне сейчас пришол код 4471 в смс может он вам нужен?», "Should I send you the code from the SMS?": no — and never to anyone
_OFFERS_CODE = re.compile(r"код\w*[^?.!]{0,40}(?:нужен|нужно|продиктовать|прислать|сказать|назвать|отправить)|(?:продиктовать|прислать|сказать|назвать|скинуть|отправить)[^?.!]{0,20}код|"
                          r"(?:send|give|tell|read)[^?.!]{0,20}(?:the |my )?(?:sms )?code|(?:do|would) you need (?:the|my) (?:sms )?code|here is (?:the|my) code", re.IGNORECASE)
_NO_CODE = {
    "ru": ("Нет, код нам не нужен, и не сообщайте его никому: сотрудники Ярмарки никогда не просят коды из SMS, пароли или данные карты — ни в "
           "чате, ни по телефону. Если кто-то звонит или пишет «из Ярмарки» и просит назвать код, это мошенники: прервите разговор и сообщите нам. "
           "Всё, что требует подтверждения, делается только в приложении.", ("buyer/account-security", "Поддержка никогда не спрашивает коды и пароли")),
    "en": ("No, we do not need the code, and please do not give it to anyone: Yarmarka staff never ask for SMS codes, passwords or card details — "
           "not in chat and not by phone. If someone calls or writes \"from Yarmarka\" asking for a code, it is a fraud: end the conversation and "
           "tell us. Anything that needs confirming is done only in the app.", ("buyer/en/account-security", "Never ask for SMS codes, passwords or passport photos")),
}


def code_offered_step(ask: Ask, lang: str, audience: str) -> Step | None:
    """A customer offering a code from an SMS: we do not need it, nobody may be given it, and a caller asking for it is a fraud."""
    if audience != "buyer" or lang not in _NO_CODE or not _OFFERS_CODE.search(ask.text) or not re.search(r"смс|sms|код|code", ask.text, re.IGNORECASE):
        return None
    text, section = _NO_CODE[lang]
    return Step(key="no_code", text=text, sections=(section,))


def taken_over_step(ask: Ask, customer_text: str, lang: str, audience: str, escalated: bool = False) -> Step | None:
    """What we do about an account taken over, for an ask about it («Меня взломали? Что мне делать?», a refund
    for orders someone else placed); None when the customer reports no takeover. In an escalated ticket the
    escalation line says the case goes to the dedicated group, so the step does not say it twice."""
    if audience != "buyer" or lang not in _TAKEN_OVER_TEXT or not _TAKEN_OVER.search(customer_text) or ask.topic not in _ABOUT_ACCOUNT:
        return None
    if _ABOUT_CODES.search(ask.text):
        return None
    first, handover, last = _TAKEN_OVER_TEXT[lang]
    sections = [_TAKEN_OVER_SECTIONS[lang]]
    orders = list(dict.fromkeys(_ORDER_ID.findall(customer_text)))
    if _TAKEN_MONEY_BACK.search(customer_text):
        # «И верните деньги за эти заказы!»: the group decides on the money too, and nothing is promised before its check
        last = last.replace(_SUSPICIOUS[lang], _SUSPICIOUS_MONEY[lang])
        sections.append(_PROMISE_SECTIONS[lang])
    elif _ADDRESS_CHANGED.search(customer_text) and orders:
        # "changed the delivery address on my order 3010011223-0001": that order is among what the group checks
        last = last.replace(_SUSPICIOUS[lang], _SUSPICIOUS_ADDRESS[lang].format(order=orders[0]))
    parts = [first, last] if escalated else [first, handover, last]
    if _NUMBER_CHANGED.search(customer_text) and lang in _NUMBER_TEXT:
        parts.append(_NUMBER_TEXT[lang][0])
        sections.append(_NUMBER_TEXT[lang][1])
    return Step(key="taken_over", text=" ".join(parts), sections=tuple(sections))


# «Прислать вам код / фото паспорта?», "Should I send you the code / my passport photo?": no — support never asks
_OFFERS_SECRET = re.compile(r"(?:прислать|присылать|отправить|скинуть|сообщить|назвать|send|give|share|forward)\b[^?.!]{0,40}"
                            r"(?:\bкод|парол|паспорт|документ|\bcode|password|passport|document)", re.IGNORECASE)
_NEVER_ASK = {
    "ru": "Нет, присылать код из SMS, пароль или фото паспорта не нужно: сотрудники поддержки Ярмарки никогда их не просят — ни в чате, "
          "ни по e-mail, ни по телефону. Всё, что требует подтверждения, выполняется только в приложении.",
    "en": "No, please do not send the code, your password or a passport photo: Yarmarka support never asks for them — in chat, by e-mail "
          "or by phone. If your identity needs to be confirmed, it is done only inside the Yarmarka app.",
}
_NEVER_ASK_SECTIONS = {"ru": ("buyer/account-security", "Поддержка никогда не спрашивает коды и пароли"),
                       "en": ("buyer/en/account-security", "Never ask for SMS codes, passwords or passport photos")}


def never_ask_step(ask: Ask, lang: str, audience: str) -> Step | None:
    """The answer to a customer who offers a code, a password or a passport photo: support never asks for them."""
    if audience != "buyer" or lang not in _NEVER_ASK or not _OFFERS_SECRET.search(ask.text):
        return None
    return Step(key="never_ask", text=_NEVER_ASK[lang], sections=(_NEVER_ASK_SECTIONS[lang],))


# «Второй раз за неделю…, вы вообще за своими курьерами следите??», «Второй день подряд курьер не приезжает»: a
# courier who never came, or came early or late again, is a complaint the operator files with the courier service
_COURIER_WORD = re.compile(r"курьер|courier", re.IGNORECASE)
_COMPLAINT_FILED = re.compile(r"(?:подал\w*|оформил\w*|направил\w*|передал\w*|отправил\w*) жалоб|(?:filed|lodged|raised|submitted|sent) (?:a |the )?complaint", re.IGNORECASE)
# «И по жалобе на курьера тоже тишина»: the complaint filed before has had no answer
_SILENCE = re.compile(r"тишин|ни ответа|нет ответа|не ответил|никто не ответил|no (?:answer|reply|response|news)|heard nothing|silence", re.IGNORECASE)
_COMPLAINT_OVERDUE = {
    "ru": "Ответ курьерской службы по жалобе на нарушение интервала курьером приходит в течение 3 рабочих дней, и этот срок уже прошёл — "
          "простите. Мы запросим результат жалобы и сообщим его вам в этом чате в течение 24 часов.",
    "en": "The courier service answers a complaint about a courier outside the delivery window within 3 business days, and that time has "
          "passed — we are sorry. We will ask for the result of the complaint and pass it to you in this chat within 24 hours.",
}
_COMPLAINT_PENDING = {
    "ru": "Ответ курьерской службы по жалобе на нарушение интервала курьером приходит в течение 3 рабочих дней. Мы запросим результат жалобы "
          "и сообщим его вам в этом чате.",
    "en": "The courier service answers a complaint about a courier outside the delivery window within 3 business days. We will ask for the "
          "result of the complaint and pass it to you in this chat.",
}
_A_WEEK = re.compile(r"(?:прошл\w*|уже|больше|более)\s+(?:\w+\s+)?недел|(?:a|over a|more than a) week (?:has passed|ago|later|now)|it's been (?:a|over a) week", re.IGNORECASE)
_COMPLAINS_OF_COURIERS = re.compile(r"следит|следите|смотрит|куда смотр|сколько можно|не приезжа|не приехал|никто не приехал|никто (?:так )?и не приехал|что (?:у вас )?(?:происходит )?с (?:вашими )?курьерами|"
                                    r"never (?:came|comes|shows)|didn't (?:come|show)|no-show|keeps? (?:coming|arriving)|who (?:checks|controls)|what is (?:going on|wrong) with (?:your )?couriers", re.IGNORECASE)
# a return pickup: the operator may file the complaint (its own policy); the 3 days are the courier service's answer time
_PICKUP_COMPLAINT_SECTION = {"ru": ("buyer/courier-return-pickup", "Что оператор может обещать по вывозу возврата"),
                             "en": ("buyer/en/courier-return-pickup", "What the operator may and may not promise about a return pickup")}
_PICKUP_COMPLAINT = {
    "ru": "На курьера, который не забрал возврат, мы оформляем жалобу в курьерскую службу — вам никуда писать не нужно. Ответ курьерской "
          "службы приходит в течение 3 рабочих дней, и мы сообщим вам результат в этом чате.",
    "en": "We are filing a complaint with the courier service about the courier who did not collect your return — you do not need to write "
          "anywhere. The courier service answers within 3 business days, and we will pass its answer to you in this chat.",
}
_COURIER_COMPLAINT = {
    "ru": ("Мы оформляем жалобу в курьерскую службу на {what} — вам никуда писать не нужно. Ответ курьерской службы приходит в течение 3 рабочих дней, "
           "и мы сообщим вам результат в этом чате.", ("buyer/courier-time-windows", "Курьер не приехал или постоянно приезжает не вовремя")),
    "en": ("We are filing a complaint with the courier service about {what} — you do not need to write anywhere. The courier service answers within "
           "3 business days, and we will pass its answer to you in this chat.", ("buyer/en/courier-time-windows", "The courier is late or did not come at all")),
}
# what the complaint is about, in words that say the matter (the reply check reads them as the courier's timing)
_COMPLAINED_OF = {("ru", "no_show"): "то, что курьер не приехал", ("ru", "off_window"): "то, что курьер не соблюдает выбранный интервал",
                  ("en", "no_show"): "the courier who did not show up", ("en", "off_window"): "the courier's arrivals outside your window"}


# a bare «Что происходит?», "What is going on?" next to a courier who never came: answered by the complaint filed
_WHATS_UP = re.compile(r"^(?:(?:so|and|but|а|и|ну)[,\s]+)?(?:what(?:'s| is) going on|what happened|что (?:вообще )?(?:происходит|случилось))\W*$", re.IGNORECASE)
_ASKS_DELIVERY = re.compile(r"когда\s+(?:\w+\s+){0,3}(?:привез\w*|достав\w*)|перенесите|when will\s+(?:\w+\s+){0,2}(?:come|arrive|be delivered|deliver\w*)|"
                            r"reschedule it|rebook it", re.IGNORECASE)


def courier_complaint_step(ask: Ask, happened: frozenset[str], customer_text: str, lang: str, audience: str, thread_text: str = "") -> Step | None:
    """The complaint to the courier service, for a complaint about a courier who never came or keeps coming
    early or late; an ask to bring the goods gets the rescheduling offer instead (`next_step`). None once an
    operator has filed one («Подала жалобу в курьерскую службу»): filing it again is no answer."""
    # «в мой интервал так никто и не приехал» reports the courier's no-show without naming him; the report is answered by
    # the complaint when the customer asks for the delivery apart («Когда мне теперь его привезут?» gets the offer), by
    # the rescheduling offer otherwise
    about_courier = _COURIER_WORD.search(ask.text) or (ask.kind == "complaint" and NO_SHOW.search(ask.text) and _ASKS_DELIVERY.search(customer_text)
                                                       and not _ASKS_DELIVERY.search(ask.text)) \
        or (_WHATS_UP.match(ask.text.strip()) and "courier:no_show" in happened)  # "What is going on?" after nobody came
    if audience != "buyer" or lang not in _COURIER_COMPLAINT or not about_courier or wants_the_goods_moved(ask):
        return None
    if _COMPLAINT_FILED.search(thread_text):
        if not _SILENCE.search(customer_text):
            return None
        days = days_waited(customer_text)
        passed = (days is not None and days >= 5) or bool(_A_WEEK.search(customer_text))  # 3 business days are at most 5 calendar days
        text = _COMPLAINT_OVERDUE[lang] if passed else _COMPLAINT_PENDING[lang]
        return Step(key="courier_complaint", text=text, sections=(_COURIER_COMPLAINT[lang][1],) + ((ANSWER_LATER[lang],) if passed else ()))
    if ask.kind != "complaint" and not _COMPLAINS_OF_COURIERS.search(ask.text) and not AGAIN.search(ask.text) and not _WHATS_UP.match(ask.text.strip()):
        return None  # «позвонит ли курьер заранее?» asks about the call, and has its own answer
    if not complaint_due(happened, customer_text):
        return None
    text, section = _COURIER_COMPLAINT[lang]
    text = text.format(what=_COMPLAINED_OF[(lang, "no_show" if "courier:no_show" in happened else "off_window")])
    if "errand:return_pickup" in happened:
        # the complaint names the errand that failed, so that it answers «курьер не забрал возврат» (the check agrees)
        return Step(key="courier_complaint", text=_PICKUP_COMPLAINT[lang], sections=(_PICKUP_COMPLAINT_SECTION[lang], section))
    return Step(key="courier_complaint", text=text, sections=(section,))


# «Почему меня заблокировали? Снимите ограничение, мне сегодня надо» about a payment restriction: what it is
# (criteria are not disclosed), and what can be done — a review by the security service, 3 business days
_RESTRICTED = re.compile(r"ограничени\w* (?:оплат|безопасност)|оплата недоступна|заблокировал\w* (?:мне )?оплат|разблокир\w* оплат|способ оплаты ограничен", re.IGNORECASE)
_WHY_RESTRICTED = re.compile(r"почему|за что|причин|объясните", re.IGNORECASE)
_LIFT = re.compile(r"сним\w*|снять|разблокир\w*|убер\w*|отмен\w* ограничени|когда (?:\w+ )?(?:снимут|разблокируют|заработает)", re.IGNORECASE)
_URGENT = re.compile(r"сегодня|срочно|немедленно|прямо сейчас", re.IGNORECASE)
_OFFERS_DOCUMENT = re.compile(r"паспорт|документ|фото (?:карты|паспорта)", re.IGNORECASE)
_RESTRICTION = {
    "why": "Ограничения оплаты устанавливает автоматическая антифрод-система, которая защищает покупателей и продавцов от мошенничества: это мера "
           "безопасности, а не наказание. Критерии, по которым она срабатывает, мы не раскрываем, поэтому назвать конкретную причину не можем.",
    "lift": "Снять ограничение вручную мы не можем. Мы оформим запрос на пересмотр в службу безопасности — она отвечает в течение 3 рабочих дней; "
            "запросить проверку можно и самостоятельно в приложении: «Профиль» → «Безопасность» → «Запросить проверку».",
    "urgent": "Поэтому пообещать, что оплата заработает сегодня, мы, к сожалению, не можем.",
    "document": "Фото паспорта присылать не нужно: если понадобится подтвердить личность, это делается только в приложении, по инструкции на экране.",
}
_RESTRICTION_SECTIONS = {"why": (("buyer/payment-restrictions", "Почему не проходит оплата: ограничение от антифрод-системы"),
                                 ("buyer/payment-restrictions", "Что оператор может и чего не может сделать с ограничением")),
                         "lift": (("buyer/payment-restrictions", "Что оператор может и чего не может сделать с ограничением"),
                                  ("buyer/payment-restrictions", "Как запросить пересмотр ограничения")),
                         "document": ("buyer/payment-restrictions", "Подтверждение личности только в приложении")}


def restriction_step(ask: Ask, customer_text: str, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """A payment restriction: «почему?» gets what it is and that its criteria are not disclosed; «снимите» gets the
    review by the security service (3 business days, and the date that makes from the customer's message), not today when the customer needs it today, and that a
    passport photo is not needed when they offer one."""
    if audience != "buyer" or lang != "ru" or not _RESTRICTED.search(customer_text):
        return None
    if _LIFT.search(ask.text):
        lift = _RESTRICTION["lift"]
        if (today := last_customer_day(messages)) is not None:
            lift = lift.replace("в течение 3 рабочих дней;", f"в течение 3 рабочих дней, то есть не позже {say_date(add_business_days(today, 3), lang)};")
        parts = [lift, _RESTRICTION["urgent"] if _URGENT.search(ask.text) else ""]
        sections = list(_RESTRICTION_SECTIONS["lift"])
        if _OFFERS_DOCUMENT.search(customer_text):
            parts.append(_RESTRICTION["document"])
            sections.append(_RESTRICTION_SECTIONS["document"])
        return Step(key="restriction_lift", text=" ".join(p for p in parts if p), sections=tuple(sections))
    if _WHY_RESTRICTED.search(ask.text):
        return Step(key="restriction_why", text=_RESTRICTION["why"], sections=_RESTRICTION_SECTIONS["why"])
    return None


# the steps that offer an action: another ask it answers as well as anything new (the deadline after the
# rescheduling offer) points at it; a rule is said once, and other asks keep their own answers
OFFER_KEYS = {"delivery", "pickup", "storage", "dispute", "reinspection", "choice", "delivery_claim"}


def step_for(ask: Ask, happened: frozenset[str], thread_text: str, customer_text: str, lang: str, audience: str,
             rule_said: bool = False, escalated: bool = False, messages: Sequence[Message] = ()) -> Step | None:
    """The first step that answers the ask, or None, in this order: the customer's offer of a code or a
    passport photo; a return collected on another order's delivery (order_steps.py); both outcomes of «довезут или
    вернут деньги?» and a resend by a day or when it comes after a wrong item (goods_steps.py); a written claim confirmed (claim_steps.py); what happens after an early courier; a rescheduling offer; the complaint to
    the courier service; the offer after a reported no-show, an early courier's breach, the courier's call ahead; where
    the refund is, with the day it is due, and when a defect claim's refund is due (defect_steps.py), a cancelled order paid in instalments, whether the money goes back to the card paid with, and the money paid one way of several, and the bank's cashback (order_steps.py); keeping the whole pieces of damaged goods (a price reduction), the money for missing items without cancelling the order; the rule on non-returnable goods and the three grounds after 15 days for a
    technically complex item (goods_steps.py); what we do about an account taken over; how long an order waits at the
    pickup point, with its dates, a check with the delivery service (its result, both outcomes) and what happens to a lost parcel (order_steps.py); how to return goods without a
    defect, after the 7 days too, and when its refund comes (goods_steps.py), how to hand over goods with one or claim a remedy, who pays for the expertise (defect_steps.py), a
    return handed in at a pickup point (goods_steps.py); a partner's payday, a recording to save, a refused dispute's appeal, a pickup point's managers
    (partner_steps.py), a seller's excepted cancellation fine and how to dispute it with its proof, changes to the offer and returns (seller_steps.py), how
    to dispute a fine; a pickup point that can or can no longer be changed, a delivery date moved, with or without
    notice (order_steps.py); a payment restriction; an order the seller has not handed over and one nobody collected
    (order_steps.py); a warranty repair, its term ahead and a late one (goods_steps.py); where a partner's deductions
    are listed, a seller's late-handover fine, the partners' e-mail, an inspection's report and findings, a dispute
    already filed (partner_steps.py); the order's points after a return or a cancellation, and when compensation
    points arrive and how long they last (goods_steps.py)."""
    before = messages[ask.source_message].text[:ask.span[0]] if messages else ""  # the words before the ask in its message
    return (never_ask_step(ask, lang, audience) or combined_pickup_step(ask, lang, audience, customer_text,
                                                                                       wants_the_goods_moved(ask) and "errand:return_pickup" in happened) or choice_step(ask, happened, thread_text, customer_text, lang, audience)
            or resend_date_step(ask, happened, lang, audience) or resend_when_step(ask, happened, lang, audience, messages)
            or claim_received_step(ask, lang, audience, messages) or seller_claim_step(ask, customer_text, lang, audience)
            or early_what_now_step(ask, happened, customer_text, lang, audience)
            or next_step(ask, happened, lang, audience, rule_said, messages=messages) or courier_complaint_step(ask, happened, customer_text, lang, audience, thread_text)
            or no_show_offer_step(ask, happened, lang, audience, rule_said, messages) or early_step(ask, happened, customer_text, lang, audience)
            or call_ahead_step(ask, lang, audience, happened, customer_text)
            or refund_step(ask, thread_text, lang, audience, messages, escalated, before) or defect_refund_step(ask, lang, audience, messages, escalated)
            or instalments_step(ask, customer_text, lang, audience) or same_card_step(ask, lang, audience) or method_refund_step(ask, customer_text, lang, audience, before) or cashback_step(ask, lang, audience, before)
            or where_missing_step(ask, happened, customer_text, lang, audience) or missing_only_step(ask, happened, customer_text, lang, audience) or keep_part_step(ask, happened, lang, audience) or damaged_step(ask, happened, customer_text, thread_text, lang, audience) or inspect_step(ask, customer_text, lang, audience) or exchange_step(ask, happened, lang, audience) or nonreturnable_step(ask, happened, lang, audience)
            or phishing_step(ask, customer_text, lang, audience) or expired_points_step(ask, customer_text, lang, audience) or code_offered_step(ask, lang, audience) or tech_after_15_step(ask, happened, thread_text, lang, audience) or taken_over_step(ask, customer_text, lang, audience, escalated)
            or storage_step(ask, customer_text, lang, audience, messages) or someone_else_step(ask, lang, audience) or investigation_step(ask, thread_text, lang, audience, escalated)
            or lost_step(ask, thread_text, lang, audience)
            or return_step(ask, happened, customer_text, lang, audience, messages) or expired_return_step(ask, happened, customer_text, lang, audience)
            or return_refund_step(ask, happened, customer_text, thread_text, lang, audience)
            or defect_return_step(ask, happened, lang, audience)
            or expertise_step(ask, customer_text, lang, audience) or drop_at_point_step(ask, customer_text, lang, audience) or payout_step(ask, customer_text, lang, audience, messages)
            or recording_step(ask, lang, audience, messages) or appeal_step(ask, customer_text, lang, audience, messages, escalated) or exemption_step(ask, customer_text, lang, audience) or fine_dispute_step(ask, customer_text, lang, audience) or offer_step(ask, customer_text, lang, audience, messages, escalated) or seller_return_step(ask, customer_text, lang, audience) or warehouse_loss_step(ask, customer_text, lang, audience, messages) or warehouse_damage_step(ask, customer_text, lang, audience) or warehouse_price_step(ask, customer_text, lang, audience) or late_payout_loss_step(ask, customer_text, lang, audience) or in_which_payout_step(ask, customer_text, lang, audience) or delivery_claim_step(ask, customer_text, lang, audience) or missed_compensation_step(ask, customer_text, lang, audience, messages, escalated) or manager_step(ask, customer_text, lang, audience, thread_text) or dispute_step(ask, happened, thread_text, lang, audience) or point_fixed_step(ask, customer_text, lang, audience) or point_how_step(ask, customer_text, lang, audience)
            or dates_step(ask, customer_text, lang, audience) or restriction_step(ask, customer_text, lang, audience, messages)
            or shipping_step(ask, customer_text, lang, audience, messages) or unclaimed_step(ask, customer_text, lang, audience) or repair_step(ask, thread_text, lang, audience, messages)
            or deductions_step(ask, lang, audience, customer_text, before) or fine_grounds_step(ask, thread_text, lang, audience) or missed_dispute_step(ask, customer_text, lang, audience) or button_broken_step(ask, customer_text, lang, audience) or late_fine_step(ask, thread_text, lang, audience, messages) or email_step(ask, lang, audience)
            or inspection_step(ask, customer_text, lang, audience, messages) or dispute_pending_step(ask, customer_text, lang, audience, messages)
            or points_step(ask, customer_text, thread_text, lang, audience, before, escalated)
            or points_arrival_step(ask, customer_text, lang, audience, before, messages))
