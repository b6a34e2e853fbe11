"""A written claim the customer sends in the chat («Направляю вам официальную претензию…», «Прошу подтвердить получение
претензии»): it is confirmed as the legal-claims policy tells the operator to — registered in the ticket the day it came,
answered within 10 days by the dedicated group (`next_step.step_for` tries it with the other steps).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copilot.domain import Ask, Message
from copilot.drafting.figures import say_date, sent_on
from copilot.drafting.step import Step

_SENDS_CLAIM = re.compile(r"(?:подтверд\w*|подтвердите) (?:получение|что (?:вы )?получили)[^.!?]{0,20}претензи|"
                          r"(?:направляю|отправляю|прилагаю|высылаю|предъявляю) (?:вам )?(?:официальную |письменную |досудебную )?претензи|"
                          r"(?:примите|зарегистрируйте) (?:мою )?претензи", re.IGNORECASE)
_CLAIM_RECEIVED = {
    "ru": ("Вашу претензию мы получили{on}: она зарегистрирована в обращении, и ответ на неё будет направлен в течение 10 дней — его готовит "
           "выделенная группа.", ("support/legal-claims", "Письменная претензия и срок ответа 10 дней")),
}
CLAIM_KEY = "claim_received"


def claim_received_step(ask: Ask, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """«Прошу подтвердить получение претензии»: the claim is registered (the day of the customer's message, when known)
    and answered within 10 days by the dedicated group."""
    if audience != "buyer" or lang not in _CLAIM_RECEIVED or not _SENDS_CLAIM.search(ask.text):
        return None
    text, section = _CLAIM_RECEIVED[lang]
    day = sent_on(messages[ask.source_message]) if 0 <= ask.source_message < len(messages) else None
    return Step(key=CLAIM_KEY, text=text.format(on=f" {say_date(day, lang)}" if day else ""), sections=(section,))


# a seller who disagrees with a decision and wants to send a formal claim («Не согласны с отказом в компенсации… Хотим направить
# официальную претензию. Куда и в какой форме её подавать, в какой срок вы обязаны ответить?»): where and in what form, what it
# holds, the 10 business days, and the court under the offer after it (seller/disputes)
SELLER_CLAIM_KEY = "seller_claim"
_CLAIM_HOW = re.compile(r"(?:куда|как|в какой форме|где)[^?.!]{0,30}(?:подава\w*|подать|направ\w*|отправ\w*)|претензи\w*[^?.!]{0,30}(?:куда|как|в какой форме)|"
                        r"в какой срок (?:\w+ )?(?:обязаны )?(?:ответить|отвечаете)", re.IGNORECASE)
_DISPUTE_DECISION = re.compile(r"^(?:(?:а|и|но)\s+)?как (?:\w+ )?(?:это |его |её |ее |их )?(?:оспорить|обжаловать)\W*$", re.IGNORECASE)
_DECIDED = re.compile(r"компенсаци\w*[^.!?]{0,40}(?:начислил\w*|насчитал\w*|посчитал\w*|выплатил\w*|отказал\w*)|(?:начислил\w*|насчитал\w*|выплатил\w*)[^.!?]{0,30}компенсаци|"
                      r"удержал\w*|списал\w*|списывал\w*", re.IGNORECASE)
_FINE = re.compile(r"штраф", re.IGNORECASE)
# «Верните деньги за хранение несуществующего товара»: a fee deducted from the payouts, wanted back — the written claim too
_FEE_BACK = re.compile(r"верн\w* (?:\w+ )?(?:деньги|сумм\w*|плату) за (?:хранение|логистику|приёмку|приемку|размещение|доставку)", re.IGNORECASE)
_DISAGREES = re.compile(r"не соглас\w*[^.!?]{0,30}(?:отказ|решени)", re.IGNORECASE)
_SELLER_CLAIM = ("Письменная претензия подаётся через «Кабинет продавца», в разделе обращений с типом «Претензия». Укажите в ней наименование и ИНН, "
                 "суть разногласия — {what}, — номера поставок, отчётов или заказов, ваше требование и его расчёт, и "
                 "приложите документы: накладные, акты, фото, переписку. Ответ на претензию даётся в течение 10 рабочих дней с даты её регистрации; "
                 "если он вас не устроит, спор может быть передан в арбитражный суд в порядке, установленном офертой.")


def seller_claim_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A seller's formal written claim: where and how it is filed, what it holds, when it is answered, and the court after it —
    for the question on how to file it and for the disagreement it is about («Не согласны с отказом…»)."""
    if audience != "seller" or lang != "ru":
        return None
    if re.search(r"претензи", customer_text, re.IGNORECASE):
        if not (_CLAIM_HOW.search(ask.text) or (ask.kind == "complaint" and _DISAGREES.search(ask.text))):
            return None
    elif not ((_DISPUTE_DECISION.search(ask.text) and _DECIDED.search(customer_text) and not _FINE.search(customer_text)) or _FEE_BACK.search(ask.text)):
        # «Компенсацию начислили по 2 990 ₽ … Как это оспорить?»: a decision on compensation or a deduction is disputed by the written
        # claim (a fine has its own dispute first)
        return None
    sections = (("seller/disputes", "Как подать претензию через «Кабинет продавца»"), ("seller/disputes", "Срок ответа на претензию — 10 рабочих дней"),
                ("seller/disputes", "Если продавец не согласен с ответом"))
    # «Не согласны с отказом в компенсации за утерянный на вашем складе товар на 42 000 ₽»: the decision named back, without its sum
    named = _WITH_WHAT.search(customer_text)
    what = re.sub(r"^отказом", "отказ", re.sub(r"\bна вашем складе\b", "на складе", named.group(1).strip())) if named else ""
    what = f"решение, с которым вы не согласны ({what})" if what else "решение, с которым вы не согласны"
    return Step(key=SELLER_CLAIM_KEY, text=_SELLER_CLAIM.format(what=what), sections=sections)


_WITH_WHAT = re.compile(r"не соглас\w* с (отказом [^.!?,\d]{5,80}?)(?:\s+(?:на|в размере)\s+\d|[.!?,]|$)", re.IGNORECASE)
