"""Steps for goods with a defect (`next_step.step_for` tries them with the others): the claim and how to hand the item
over (a courier for one too big to carry), a demand with its legal term, the legal deadlines, who pays for the
expertise and attending the check, and when a defect claim's refund is due.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from copilot.analysis.topics import topics_of
from copilot.domain import Ask, Message
from copilot.drafting.figures import dated_clause, last_customer_day, say_date, when_said
from copilot.drafting.step import Step

# «Как его сдать, он 55 дюймов, в пвз я его не дотащу», "do I need to send the headphones somewhere?" about goods
# with a defect: the defect claim in the app and the two ways to hand it over, a courier among them
_HAND_OVER_ASK = re.compile(r"как (?:\w+ )?(?:сдать|вернуть|отправить|передать)|куда (?:\w+ )?(?:сдать|нести|везти|отправить|отдать|сдавать)|не дотащу|не донесу|"
                            r"how (?:do|can) i (?:return|send|hand)|where (?:do|should) i (?:take|send|bring)|send (?:it|them|the \w+) somewhere", re.IGNORECASE)
_CLAIM_RU = ("Оформите обращение в приложении: «Заказы» → заказ → «Вернуть товар» → причина «Брак или повреждение», опишите недостаток и "
             "приложите фото или видео.")
_DEFECT_RETURN = {
    "ru": (_CLAIM_RU + " Там же выберите требование и способ передачи товара — пункт выдачи или курьер: везти товар самому не обязательно, "
           "а сдать его в пункт выдачи можно бесплатно.", ("buyer/defective-goods", "Как оформить возврат или замену товара с браком")),
    "en": ("Open the order in the app, choose \"Return item\" with the reason \"Defect or damage\", describe the problem and attach photos or a video; the item is handed over "
           "at a pickup point, free of charge, or to a courier — you do not have to bring it in yourself.",
           ("buyer/en/defective-goods", "What a buyer can demand for a defective item")),
}


_HOW_LONG = re.compile(r"how long|сколько (?:по времени|ждать|займ[её]т|это займ)|как долго|когда вернут", re.IGNORECASE)
# «в пвз я его не дотащу», «он 55 дюймов», "it's too heavy": the courier collects it from home
_CANNOT_CARRY = re.compile(r"не дотащу|не донесу|не довезу|тяжёл\w*|тяжел\w*|\d{2,3} дюйм|габарит|too (?:heavy|big|bulky)|can't carry|cannot carry", re.IGNORECASE)
_BY_COURIER = {
    "ru": (_CLAIM_RU + " Способ передачи выберите «Курьер заберёт» — так товар можно сдать, не вынося из дома и не везя в пункт выдачи: курьер "
           "приедет в выбранный день и двухчасовой интервал и позвонит за 30–60 минут до приезда.",
           ("buyer/courier-return-pickup", "Как оформить вывоз возврата курьером")),
}
_DEFECT_DEADLINES = {
    "ru": ("Сроки считаются со дня требования: возврат денег — 10 дней (ст. 22 ЗоЗПП), замена — 7 дней, а если нужна дополнительная "
           "проверка качества — 20 дней (ст. 21).", ("buyer/defective-goods", "Сроки исполнения требований по браку")),
    "en": ("The deadlines run from the day of your demand: a refund within 10 days (Article 22), a replacement within 7 days, or 20 days if an "
           "additional quality check is needed (Article 21).", ("buyer/en/defective-goods", "Legal deadlines for a defective item")),
}


# «Хочу вернуть деньги», «Хочу замену на новую», "I want my money back" for a faulty item: the claim with that demand,
# and that demand's legal term once the defect is confirmed
_DEMAND = re.compile(r"^(?:\w+\s+){0,2}?(?:хочу|требую|прошу)\s+(?:(?:вернуть\s+)?деньги|возврат\w*(?:\s+денег)?|замен\w*|обменять)|^верните (?:мне )?деньги|"
                     r"^(?:\w+\s+){0,2}?i (?:want|demand|would like)\s+(?:my money back|a refund|a replacement|to (?:get a refund|return it|exchange))", re.IGNORECASE)
REPLACEMENT = re.compile(r"замен|обмен|replace|exchange", re.IGNORECASE)  # a demand for a replacement, not the money
_DEMAND_TEXT = {
    "ru": {"claim": "Оформите требование в приложении: «Заказы» → заказ → «Вернуть товар» → причина «Брак или повреждение», опишите недостаток, "
                    "приложите фото или видео и выберите требование «{remedy}». Сдать товар можно в пункт выдачи — это бесплатно — или передать курьеру.",
           "refund": "возврат денег", "replacement": "замена",
           "refund_term": "Если недостаток подтвердится, деньги возвращаются в течение 10 дней со дня требования (ст. 22 ЗоЗПП).",
           "replacement_term": "Если недостаток подтвердится, замену делают в течение 7 дней со дня требования, а если нужна дополнительная "
                               "проверка качества — в течение 20 дней (ст. 21 ЗоЗПП)."},
    "en": {"claim": "File the claim in the app: open the order, choose \"Return item\" with the reason \"Defect or damage\", describe the problem, attach photos or a video and "
                    "choose {remedy} as your demand; the item is handed over at a pickup point, free of charge, or to a courier.",
           "refund": "a refund", "replacement": "a replacement",
           "refund_term": "If the defect is confirmed, the refund is due within 10 days of your demand (Article 22).",
           "replacement_term": "If the defect is confirmed, the replacement is due within 7 days of your demand, or 20 days if an additional "
                               "quality check is needed (Article 21)."},
}


_FOR_REPAIR = re.compile(r"ремонт|repair", re.IGNORECASE)
_TO_REPAIR = {
    "ru": ("В гарантийный ремонт товар можно сдать в любой пункт выдачи бесплатно — оформив в приложении «Заказы» → заказ → «Вернуть товар» → "
           "«Брак» → требование «Ремонт», — или отнести в авторизованный сервисный центр бренда; ремонт должен занять не больше 45 дней "
           "(ст. 20 ЗоЗПП).", (("buyer/warranty-repair", "Как сдать товар в гарантийный ремонт"), ("buyer/warranty-repair", "Сроки гарантийного ремонта"))),
    "en": ("For warranty repair, hand the item in at a pickup point (after filing the defect claim in the app) or take it to the brand's "
           "authorised service centre; the repair must take no longer than 45 days (Article 20 of the Consumer Protection Law).",
           (("buyer/en/defective-goods", "Warranty repair and a substitute item"),)),
}


def defect_return_step(ask: Ask, happened: frozenset[str], lang: str, audience: str) -> Step | None:
    """How to hand over goods with a defect (the claim in the app, a pickup point or a courier), for «как его
    сдать?» about a faulty or damaged item; the legal deadlines when that ask, or a short one of its own («How
    long will it take?»), asks how long; for a demand («Хочу замену») on a faulty item, the claim with that demand
    and its term."""
    if audience != "buyer" or lang not in _DEFECT_RETURN or not happened & {"goods:faulty", "goods:damaged"}:
        return None
    if "goods:faulty" in happened and lang in _DEMAND_TEXT and _DEMAND.search(ask.text) and not _HAND_OVER_ASK.search(ask.text):
        t, remedy = _DEMAND_TEXT[lang], "replacement" if REPLACEMENT.search(ask.text) else "refund"
        _, section = _DEFECT_RETURN[lang]
        return Step(key="defect_return", text=f"{t['claim'].format(remedy=t[remedy])} {t[remedy + '_term']}",
                    sections=(section, _DEFECT_DEADLINES[lang][1]))
    if not _HAND_OVER_ASK.search(ask.text):
        if _HOW_LONG.search(ask.text) and len(ask.text.split()) <= 8:
            # «How long will it take?» after «I want my money back» for a defect: the legal deadlines
            deadlines, deadline_section = _DEFECT_DEADLINES[lang]
            return Step(key="defect_deadlines", text=deadlines, sections=(deadline_section,))
        return None
    text, section = _DEFECT_RETURN[lang]
    if _FOR_REPAIR.search(ask.text):
        # «If it's repair, where do I take it?»: where warranty repair is handed in, and its 45 days
        repair, repair_sections = _TO_REPAIR[lang]
        return Step(key="defect_return", text=repair, sections=repair_sections)
    if _CANNOT_CARRY.search(ask.text) and lang in _BY_COURIER:
        courier, courier_section = _BY_COURIER[lang]
        return Step(key="defect_return", text=courier, sections=(section, courier_section))
    if _HOW_LONG.search(ask.text):
        deadlines, deadline_section = _DEFECT_DEADLINES[lang]
        return Step(key="defect_return", text=f"{deadlines} {text}", sections=(deadline_section, section))
    return Step(key="defect_return", text=text, sections=(section,))


# «Продавец пишет, что экспертизу буду оплачивать я. Это правда?»: who pays for the expertise
_EXPERTISE = re.compile(r"экспертиз|expertise|expert (?:examination|check)", re.IGNORECASE)
_WHO_PAYS = re.compile(r"оплачива|плат(?:ить|ит)|за (?:чей|мой|свой) сч[её]т|правда|стоимост|pay|cost|true", re.IGNORECASE)
_EXPERTISE_TEXT = {
    "ru": ("Нет, заранее экспертизу вы не оплачиваете: если вы не согласны с результатом проверки качества, экспертиза проводится за счёт "
           "продавца (п. 5 ст. 18 ЗоЗПП). Возместить её стоимость придётся, только если экспертиза установит, что недостаток возник по вашей "
           "вине.", ("buyer/defective-goods", "Проверка качества и экспертиза")),
    "en": ("No, you do not pay for it upfront: if you disagree with the result of the quality check, an independent expertise is carried out at the "
           "seller's expense (Article 18, paragraph 5). You would reimburse its cost only if it showed the defect was caused by you.",
           ("buyer/en/defective-goods", "Quality check and independent expertise for defective goods")),
}
# «Можно ли мне самой присутствовать при проверке?»
_ATTEND = re.compile(r"присутствова|прийти на проверк|быть на проверк|attend|be present", re.IGNORECASE)
_ATTEND_TEXT = {
    "ru": "Да, вы вправе присутствовать при проверке качества — скажите об этом при оформлении обращения, — а если понадобится экспертиза, то и на ней.",
    "en": "Yes, you have the right to attend the quality check, and the expertise too if one is needed.",
}


def expertise_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """Who pays for the expertise of a defect, for «экспертизу буду оплачивать я. Это правда?» (the ask itself or
    the sentence before it names the expertise); the right to attend, for «можно ли присутствовать при проверке?»."""
    if audience != "buyer" or lang not in _EXPERTISE_TEXT:
        return None
    text, section = _EXPERTISE_TEXT[lang]
    if _ATTEND.search(ask.text) and re.search(r"проверк|экспертиз|check|expertise", ask.text, re.IGNORECASE):
        return Step(key="attend_check", text=_ATTEND_TEXT[lang], sections=(section,))
    if not _WHO_PAYS.search(ask.text) or not (_EXPERTISE.search(ask.text) or (len(ask.text.split()) <= 4 and _EXPERTISE.search(customer_text))):
        return None
    return Step(key="expertise", text=text, sections=(section,))


# «I filed a defect claim on April 2 and asked for a refund … When will I get my refund?»: a refund for a defect is due
# within 10 days of the demand (Article 22) — the day worked out, and whether it has passed by the customer's message
_DEFECT_CLAIMED = {"ru": re.compile(r"(?:подал\w*|оформил\w*|написал\w*|отправил\w*|направил\w*|заявил\w*)[^.!?]{0,25}(?:претензи|заявк|заявлени|требовани|о брак|возврат)[^.!?]{0,40}(?:брак|дефект|неисправн)|"
                                     r"(?:брак|дефект)[^.!?]{0,40}(?:подал\w*|оформил\w*|заявил\w*)", re.IGNORECASE),
                   "en": re.compile(r"(?:filed|submitted|made|sent|lodged|opened)[^.!?]{0,15}(?:defect|faulty|quality)[^.!?]{0,10}(?:claim|request|return)|"
                                     r"(?:filed|submitted|made|sent|lodged)[^.!?]{0,15}(?:claim|request)[^.!?]{0,30}(?:defect|faulty|doesn't work|broken)", re.IGNORECASE)}
_REFUND_WHEN = re.compile(r"когда (?:\w+ )?(?:верн|получ|придут|будут)\w*|where (?:is|are) (?:my|the) (?:refund|money)|when (?:will|do|can) (?:i|you)[^?]{0,25}(?:refund|money)", re.IGNORECASE)
_DEFECT_REFUND = {
    "ru": {"term": "Деньги за товар с недостатком возвращаются в течение 10 дней со дня требования (ст. 22 ЗоЗПП): вы заявили требование {filed}, ",
           "due": "значит, срок — до {due}.", "was_due": "значит, срок был до {due}.",
           "late": "Этот срок уже прошёл.",
           "handed": "Этот срок уже прошёл; что с вашим возвратом, выяснит выделенная группа.",
           "sections": (("buyer/defective-goods", "Сроки исполнения требований по браку"),)},
    "en": {"term": "A refund for a defective item must be made within 10 days of the demand (Article 22 of the Consumer Protection Law): you made "
                   "your claim {filed}, ",
           "due": "so the refund is due by {due}.", "was_due": "so the refund was due by {due}.",
           "late": "That date has passed.",
           "handed": "That date has passed; the dedicated group will find out what has happened to your refund.",
           "sections": (("buyer/en/defective-goods", "Legal deadlines for a defective item"),)},
}


def defect_refund_step(ask: Ask, lang: str, audience: str, messages: Sequence[Message] = (), escalated: bool = False) -> Step | None:
    """When the money comes for a defect claim the customer made on a day they name: the 10 days of Article 22 from
    that day, and whether they have run out by the customer's last message (in a ticket handed over, the dedicated
    group finds out what happened)."""
    if audience != "buyer" or lang not in _DEFECT_REFUND or not _REFUND_WHEN.search(ask.text) or "refund" not in topics_of(ask.text):
        return None
    claimed = dated_clause(messages, lang, _DEFECT_CLAIMED[lang])
    if claimed is None:
        return None
    t = _DEFECT_REFUND[lang]
    due = claimed[0] + timedelta(days=10)
    today = last_customer_day(messages)
    passed = today is not None and today > due
    text = t["term"].format(filed=when_said(claimed[0], claimed[1], lang)) + t["was_due" if passed else "due"].format(due=say_date(due, lang))
    if passed:
        text = f"{text} {t['handed' if escalated else 'late']}"
    return Step(key="defect_refund", text=text, sections=t["sections"])
