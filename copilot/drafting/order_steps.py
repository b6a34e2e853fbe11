"""Steps about where the order is and when it comes (`next_step.step_for` tries them with the others): how long it
waits at the pickup point, with its dates; what happens to a parcel lost in transit; a pickup point that can no
longer be changed; a delivery date moved without notice, or that may move again; an order the seller has not
handed over, with the day it is cancelled automatically; a return collected on the delivery of another order;
an order sent back because nobody collected it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from copilot.analysis.topics import topics_of
from copilot.domain import Ask, Message
from copilot.drafting.figures import AUTO_CANCEL_DAYS, promised_date, say_date, storage_figures
from copilot.drafting.situations import situations
from copilot.drafting.step import ANSWER_LATER, WHERE_TO, Step
from copilot.text.entities import ORDER_ID, RU_DAY_MONTH

# «Сколько он там будет лежать? Можно продлить хотя бы до 21?» from a customer who is away: the storage
# period, the one extension and, for one who cannot come in time, the pickup by someone with the code
_STORAGE_ASK = re.compile(r"сколько[^?]{0,30}(?:лежать|хранит|хранят|пролежит|будет храниться)|продл\w* (?:срок )?хранени\w*|продлит[ье]|"
                          r"до какого (?:числа|дня) (?:он |заказ )?(?:будет )?(?:лежать|храниться)|"
                          r"how long[^?]{0,30}(?:keep|kept|store|stored|hold|held|stay)|extend(?:ed)? (?:the )?storage|(?:it|storage|this) be extended|"
                          r"keep it (?:longer|until)|(?:will|would) (?:it|the order|the parcel) still be there|успе(?:ю|ет|ем|ете) ли (?:\w+ )?забрать|"
                          r"до какого (?:числа|дня) (?:он |заказ )?(?:будет )?хранится", re.IGNORECASE)
_AWAY = re.compile(r"командировк|уехал\w*|уезжаю|в отъезде|в отпуске|не в городе|не смогу (?:забрать|прийти)|не успеваю|не успею|в больниц|"
                   r"\babroad\b|away (?:until|till|on)|out of (?:town|the country)|on (?:a )?(?:business trip|holiday|vacation)|travell?ing|in hospital|can't (?:come|make it|get there)|won't be able to (?:come|collect|pick)", re.IGNORECASE)
_STORAGE = {
    "ru": ("Заказ хранится в пункте выдачи 7 дней со дня поступления; продлить хранение можно один раз на 3 дня в приложении: "
           "«Заказы» → заказ → «Продлить хранение». Итого максимальный срок хранения — 10 дней с момента поступления, повторно продлить нельзя.",
           "Если вы не успеваете, заказ может забрать человек, которому вы передадите код получения из приложения: выдача выполняется по коду."),
    "en": ("An order is stored at the pickup point for 7 days from the day it arrived; you can extend storage once, by 3 days, in the app.",
           "If you cannot come in time, give the pickup code from the app to someone you trust: the pickup point hands the order to whoever shows that code."),
}
_STORAGE_SECTIONS = {"ru": (("buyer/storage-period", "Сколько хранится заказ в пункте выдачи"), ("buyer/storage-period", "Как продлить срок хранения")),
                     "en": (("buyer/en/pickup-point-change", "How long an order is stored at the pickup point"),)}
_STORAGE_AWAY_SECTION = {"ru": ("buyer/storage-period", "Получение заказа другим человеком и отказ в пункте выдачи"),
                         "en": ("buyer/en/pickup-point-change", "Someone else can collect the order")}
_STORAGE_EXPIRED_SECTION = {"ru": ("buyer/storage-period", "Если заказ не забрали в срок"),
                            "en": ("buyer/en/pickup-point-change", "How long an order is stored at the pickup point")}


def storage_step(ask: Ask, customer_text: str, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """How long the order waits and the one extension, for an ask about it, with the dates for this order when
    the customer says when it arrived (drafting/figures.py); for a customer who says they are away, also that
    someone with the pickup code can collect it."""
    if audience != "buyer" or lang not in _STORAGE or not _STORAGE_ASK.search(ask.text):
        return None
    rule, away = _STORAGE[lang]
    parts, sections = [rule], list(_STORAGE_SECTIONS[lang])
    if (dates := storage_figures(messages, lang)) is not None:
        parts.append(dates[0])
        if dates[1] and _STORAGE_EXPIRED_SECTION[lang] not in sections:
            sections.append(_STORAGE_EXPIRED_SECTION[lang])
    if away is not None and _AWAY.search(customer_text):
        parts.append(away)
        sections.append(_STORAGE_AWAY_SECTION[lang])
    return Step(key="storage", text=" ".join(parts), sections=tuple(sections))


# «Может мама забрать вместо меня?», "Can I change the recipient to her name? What exactly does she need to show?": the pickup code
_SOMEONE_ELSE = re.compile(r"(?:change|put) the (?:recipient|name)|recipient|someone else (?:collect|pick)|(?:my )?(?:mom|mother|husband|wife|friend|son|daughter|"
                           r"sister|brother) (?:collect|pick (?:it )?up)|what (?:exactly )?(?:does|do) (?:she|he|they) need to (?:show|bring)|"
                           r"получател\w*|(?:забрать|получить) (?:его |её |ее |заказ )?(?:за меня|вместо меня)|(?:мама|муж|жена|сын|дочь|подруга|друг|родственник\w*|сестра|брат)"
                           r"[^?.!]{0,20}(?:забрать|забрал|получить)|что (?:ей|ему|им) (?:нужно|надо) (?:показать|предъявить|взять)|доверенност|(?:забрать|получить|забер[её]т|получит)\s+(?:его |её |ее |заказ )?(?:за меня )?(?:мо[йяи] )?(?:мама|муж|жена|сын|дочь|подруга|друг|родственник\w*|сестра|брат|коллега)\b", re.IGNORECASE)
_SOMEONE_ELSE_TEXT = {
    "ru": ("Менять получателя для этого не нужно: передайте код получения из приложения тому, кто заберёт заказ, — пункт выдачи выдаёт "
           "заказ по этому коду. Передавайте только код получения, но не пароль от аккаунта и не коды из SMS.",
           ("buyer/storage-period", "Получение заказа другим человеком и отказ в пункте выдачи")),
    "en": ("The recipient does not need to change: give the pickup code from the app to the person collecting the order — the pickup point "
           "hands the order to whoever shows that code. Share only the pickup code, never your account password or codes from SMS.",
           ("buyer/en/pickup-point-change", "Someone else can collect the order")),
}


def someone_else_step(ask: Ask, lang: str, audience: str) -> Step | None:
    """Someone else collecting the order: the pickup code is all they need; the recipient is not changed."""
    if audience != "buyer" or lang not in _SOMEONE_ELSE_TEXT or not _SOMEONE_ELSE.search(ask.text):
        return None
    text, section = _SOMEONE_ELSE_TEXT[lang]
    return Step(key="someone_else", text=text, sections=(section,))


# «Отлично, и что дальше?», "What happens now?" once the parcel is confirmed lost: what the policy says happens
_WHAT_NOW = re.compile(r"^\W*(?:(?:отлично|хорошо|ладно|понятно|ок|ok|ясно)\W+)?(?:и\s+|а\s+)?(?:что|чё|че)\s+(?:дальше|теперь|мне (?:теперь )?делать)\W*$|"
                       r"^\W*(?:(?:ok|okay|fine|great)\W+)?(?:so\s+|and\s+)?what (?:now|next|happens now|happens next|do i do now)\W*$", re.IGNORECASE)
_LOST = {
    "ru": ("Заказ, потерянный при доставке, Ярмарка отменяет сама, и вам возвращается полная сумма, включая стоимость доставки: "
           "возврат запускается в течение 24 часов после отмены, а дальше срок зависит от способа оплаты.",
           (("buyer/order-cancelled-lost", "Что происходит, если посылка потерялась в пути"), ("buyer/order-cancelled-lost", "Возврат денег за потерянный заказ"))),
    "en": ("When a parcel is lost in transit, Yarmarka cancels the order itself and you get the full amount back, delivery included: "
           "the refund is initiated within 24 hours of the cancellation, and then the time depends on how you paid.",
           (("buyer/en/order-cancelled-lost", "Parcel lost in transit: refund and compensation"),
            ("buyer/en/order-cancelled-lost", "Refund after an order is cancelled"))),
}


def lost_step(ask: Ask, thread_text: str, lang: str, audience: str) -> Step | None:
    """What happens to a parcel lost in transit, for a bare «и что дальше?» once the thread (the operator's
    «посылка утеряна» too) says it is lost."""
    if audience != "buyer" or lang not in _LOST or not _WHAT_NOW.search(ask.text) or "fate:lost" not in situations(thread_text):
        return None
    text, sections = _LOST[lang]
    return Step(key="lost", text=text, sections=sections)


# "What's the result of your investigation? When do I get either my order or my money?" about an order marked delivered that
# never came, after an operator opened a check with the delivery service: the result is not in, who chases it, and both outcomes
_INVESTIGATED = re.compile(r"investigation|расследовани\w*|(?:запрос|проверк)\w* (?:в|со) служб\w* доставки|(?:asked|contacted) the delivery service to (?:trace|check)",
                           re.IGNORECASE)
_RESULT_ASK = re.compile(r"\bresult|результат|что (?:там )?с (?:проверкой|расследованием)|what did (?:they|you) find", re.IGNORECASE)
_ORDER_OR_MONEY = re.compile(r"(?:order|parcel|заказ\w*|посылк\w*)[^?.!]{0,25}\b(?:or|или|либо)\b[^?.!]{0,15}(?:money|refund|деньг\w*)|"
                             r"(?:money|refund|деньг\w*)[^?.!]{0,25}\b(?:or|или|либо)\b[^?.!]{0,15}(?:order|parcel|заказ\w*|посылк\w*)", re.IGNORECASE)
_INVESTIGATION = {
    "en": {"result": "The delivery service has not reported the result of its check yet, so there is no result we can give you today, and we will "
                     "not guess. {who}",
           "handed": "The dedicated group we are handing your case to will chase the delivery service for it.",
           "later": "We will ask the delivery service for it and reply in this chat within 24 hours.",
           "outcome": "If the parcel is confirmed lost, Yarmarka cancels the order and you get a full refund, including the delivery cost, plus "
                      "compensation of 10% of the order value in points (up to 1 000), credited automatically within 24 hours of the cancellation; "
                      "if it is found, it is delivered to you.",
           "sections": (("buyer/en/order-cancelled-lost", "Parcel lost in transit: refund and compensation"),)},
    "ru": {"result": "Служба доставки ещё не сообщила результат проверки, поэтому назвать его сегодня мы не можем и гадать не будем. {who}",
           "handed": "Запросить его у службы доставки поручено выделенной группе, которой мы передаём обращение.",
           "later": "Мы запросим его у службы доставки и ответим вам в этом чате в течение 24 часов.",
           "outcome": "Если посылку признают утерянной, Ярмарка сама отменит заказ и вернёт полную сумму, включая стоимость доставки, а ещё "
                      "автоматически начислит 10% от стоимости заказа баллами (не больше 1 000) в течение 24 часов после отмены; если посылка "
                      "найдётся, её доставят вам.",
           "sections": (("buyer/order-cancelled-lost", "Что происходит, если посылка потерялась в пути"),
                        ("buyer/order-cancelled-lost", "Компенсация баллами за потерянную посылку"))},
}


def investigation_step(ask: Ask, thread_text: str, lang: str, audience: str, escalated: bool = False) -> Step | None:
    """After an operator opened a check with the delivery service: «what's the result?» — not in yet, and who chases it (the
    dedicated group when the ticket goes there, else we, within 24 hours); «my order or my money?» — both outcomes."""
    if audience != "buyer" or lang not in _INVESTIGATION or not _INVESTIGATED.search(thread_text):
        return None
    t = _INVESTIGATION[lang]
    if _RESULT_ASK.search(ask.text):
        who = t["handed"] if escalated else t["later"]
        return Step(key="investigation_result", text=t["result"].format(who=who),
                    sections=t["sections"][:1] + (() if escalated else (ANSWER_LATER[lang],)))
    if _ORDER_OR_MONEY.search(ask.text):
        return Step(key="investigation_outcome", text=t["outcome"], sections=t["sections"])
    return None


# «Можно поменять пункт выдачи? … статус «Передан в доставку». Что мне делать?»: no, and the two ways out
_CHANGE_POINT = re.compile(r"(?:поменять|сменить|изменить|перенаправить|переназначить|перевезти|перекинуть|перенести|переместить)[^?.!]{0,30}(?:пункт|пвз|постамат)|"
                           r"\b(?:change|switch|redirect)[^?.!]{0,30}(?:pickup|pick-up) point", re.IGNORECASE)
_WHAT_NOW_OPTIONS = re.compile(r"что (?:мне )?(?:теперь )?делать|как (?:мне )?быть|какие (?:есть )?варианты|what are my options|what can i do|what should i do|"
                               r"what do i do|my options", re.IGNORECASE)
_SHIPPED = re.compile(r"передан\w* в доставку|в пути|уже отправлен|handed over for delivery|in transit|already shipped|on its way", re.IGNORECASE)
# the order already waits at the point («лежит в пвз … хранится до 15 июня») — unless another order of the thread is still being assembled
_AT_POINT = re.compile(r"лежит в (?:пвз|пункте)|уже в (?:пвз|пункте)|(?:пришёл|пришел|поступил|прибыл) в (?:пвз|пункт)|хранится до|(?:arrived|is) at the pickup point", re.IGNORECASE)
_ORDER_ID = re.compile(r"\b\d{10}-\d{4}\b")  # two orders named: the one at the point may not be the one asked about
_STILL_OPEN = re.compile(r"собирается|«оформлен»|being assembled|still (?:being )?(?:assembled|placed)", re.IGNORECASE)
_POINT_THREAD = re.compile(r"пункт\w* выдачи|пвз|постамат|pickup point|pick-up point", re.IGNORECASE)
_POINT_FIXED = {
    "ru": ("Сменить пункт выдачи в этом заказе, к сожалению, уже нельзя: это возможно, только пока заказ в статусе «Оформлен» или «Собирается», "
           "а после статуса «Передан в доставку» посылка уже едет в выбранный пункт, и поменять его нельзя ни в приложении, ни через оператора. "
           "Можно забрать заказ в выбранном пункте, а можно отказаться от него там — это бесплатно — или просто не забирать: по окончании "
           "срока хранения он вернётся, а деньги вернутся. Затем оформите заказ заново с нужным пунктом; цена и наличие товара при этом могут измениться.",
           (("buyer/pickup-point-change", "Почему нельзя сменить пункт выдачи после передачи в доставку"),
            ("buyer/pickup-point-change", "Отказ от заказа в пункте выдачи и повторный заказ"))),
    "en": ("Unfortunately, the pickup point of this order can no longer be changed: that is possible only while the order is \"Placed\" or "
           "\"Being assembled\", and once it is \"Handed over for delivery\" the parcel is already travelling to the chosen point, so neither you "
           "nor an operator can change it. You have two options: collect the order at the point you chose, or refuse it there, which is free, "
           "and then place a new order to the point you want; a refused order is refunded like any cancellation, initiated within 24 hours. "
           "On the new order, the price and stock of the item may be different.",
           (("buyer/en/pickup-point-change", "When the pickup point can be changed"),
            ("buyer/en/pickup-point-change", "\"I chose the wrong pickup point\" after the order was shipped"))),
}


def point_fixed_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A pickup point that can no longer be changed (the customer says the order is «Передан в доставку»): no,
    and the two ways out — for the ask to change it and for «что мне делать?» in the same thread (which
    then points at it)."""
    if audience != "buyer" or lang not in _POINT_FIXED or not _POINT_THREAD.search(customer_text) \
            or not (_SHIPPED.search(customer_text) or (_AT_POINT.search(customer_text) and not _STILL_OPEN.search(customer_text)
                                                       and len(set(_ORDER_ID.findall(customer_text))) <= 1)):
        return None
    if not (_CHANGE_POINT.search(ask.text) or (_WHAT_NOW_OPTIONS.search(ask.text) and _CHANGE_POINT.search(customer_text))):
        return None
    text, sections = _POINT_FIXED[lang]
    return Step(key="point_fixed", text=text, sections=sections)


# «Как поменять пункт выдачи? Он ещё собирается»: the path in the app, while the status allows it
_HOW_OR_CAN = re.compile(r"\bкак\b|можно ли|\bможно\b|how|can i|could i|is it possible", re.IGNORECASE)
_POINT_HOW = {
    "ru": ("Пока заказ в статусе «Оформлен» или «Собирается», пункт выдачи можно поменять самостоятельно и бесплатно: «Заказы» → заказ → "
           "«Изменить пункт выдачи» → выберите новый пункт на карте; новая ожидаемая дата доставки покажется до подтверждения. Если кнопка "
           "не сработает, напишите нам адрес нужного пункта — мы сменим его сами и подтвердим новый адрес. После статуса «Передан в доставку» "
           "сменить пункт уже нельзя.",
           (("buyer/pickup-point-change", "Когда можно сменить пункт выдачи"),)),
    "en": ("While the order is \"Placed\" or \"Being assembled\", you can change the pickup point yourself on the order card in the app; "
           "if that does not work, send us the address of the point you want and we will change it for you. Once it is \"Handed over for "
           "delivery\", the pickup point can no longer be changed.",
           (("buyer/en/pickup-point-change", "When the pickup point can be changed"),)),
}


def point_how_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """«Как поменять пункт выдачи?» for an order not yet handed over for delivery: the path in the app (and the
    operator's help when the button does not work)."""
    if audience != "buyer" or lang not in _POINT_HOW or _SHIPPED.search(customer_text):
        return None
    if not (_CHANGE_POINT.search(ask.text) and _HOW_OR_CAN.search(ask.text)):
        return None
    text, sections = _POINT_HOW[lang]
    return Step(key="point_how", text=text, sections=sections)


# «Почему меня не предупредили?» about a delivery date moved without notice: what we do — check the order's
# notification history — and what follows from it; «Не перенесут ли ещё раз?»: the date of the order card, and
# a new change is notified at once
_NO_NOTICE_ASK = re.compile(r"не (?:предупредил\w*|уведомил\w*|сообщил\w*|написал\w*)|уведомлени\w* не (?:было|пришл\w*)|никаких уведомлений|"
                            r"(?:wasn't|was not|weren't|never) (?:notified|told|warned)|(?:no|never got a|didn't get a|did not get a) notification|why (?:didn't|did) no(?:one|body) tell|"
                            r"no(?:body| one) told|no push", re.IGNORECASE)
# «Проверьте, пожалуйста», "Can you check that?" right after saying no notice came: the same check
_CHECK_ASK = re.compile(r"провер\w*|can you (?:check|look)|please check|could you check", re.IGNORECASE)
_AGAIN_ASK = re.compile(r"(?:перенесут|перенесёте|сдвинут|поменяют|изменится|сдвинется)[^?.!]{0,15}(?:ещё|еще|снова|опять)|(?:ещё|еще|снова|опять) (?:раз )?(?:перенесут|сдвинут)|"
                        r"(?:move|change|postpone|reschedule)\w*[^?.!]{0,15}again|(?:won't|will) (?:it|the date) (?:move|change) again", re.IGNORECASE)
_NEW_DATE = re.compile(r"(?:дата доставки|перенес\w* на|новая дата)[\s:—–-]+(" + RU_DAY_MONTH + ")", re.IGNORECASE)
_WHY_MOVED = re.compile(r"почему (?:\w+ )?(?:перенесли|перенесена|перенесён|перенесен|сдвинули|поменяли дату|изменили дату)|с чем связан\w* перенос", re.IGNORECASE)
_NEEDED_SOONER = re.compile(r"(?:мне|нам)? ?(?:сегодня|срочно|завтра) (?:надо|нужно|нужен|нужна)|(?:надо|нужно|нужен|нужна) (?:сегодня|срочно)", re.IGNORECASE)
_DATE_MOVED = re.compile(r"перенес\w*|сдвинул\w*|дата доставки|перенос|moved|changed|postponed|rescheduled|new date|delivery date", re.IGNORECASE)
_DATES = {
    "ru": {"notice": "О переносе даты мы должны сообщать сразу — push, SMS или письмом, обычно не позже чем за 24 часа до прежней даты. "
                     "Мы проверим историю уведомлений по вашему заказу: если в ней действительно нет ни push, ни SMS, ни письма о переносе, значит, "
                     "вас не предупредили по нашей ошибке; если уведомление было, мы скажем, когда и куда оно отправлено.",
           "again": "Актуальная дата доставки — та, что указана в карточке заказа{now}. Гарантировать, что она больше не сдвинется, мы не можем, "
                    "но если она изменится снова, мы сообщим об этом сразу, как только изменение станет известно.",
           "now": ": сейчас это {date}",
           "why": "Каждый перенос даты записан в истории заказа — мы посмотрим её по вашему заказу и скажем в этом чате, что произошло.",
           "not_sooner": "Доставить раньше новой даты, к сожалению, не получится: обещать это мы не можем. Актуальная дата — та, что в карточке "
                         "заказа, и если она изменится, мы сообщим сразу.",
           "why_sections": (("buyer/delivery-dates", "Где посмотреть новую дату и историю уведомлений"),
                            ("buyer/delivery-dates", "Что оператор может обещать и чего не может")),
           "notice_sections": (("buyer/delivery-dates", "Если уведомление о переносе даты не пришло"),
                               ("buyer/delivery-dates", "Как покупатель узнаёт о переносе даты доставки")),
           "again_sections": (("buyer/delivery-dates", "Как покупатель узнаёт о переносе даты доставки"),
                              ("buyer/delivery-dates", "Где посмотреть новую дату и историю уведомлений"))},
    "en": {"notice": "We must tell you about a new delivery date as soon as it is known — by push, SMS or e-mail, normally at least 24 hours before "
                     "the old date. We will check the notification history of your order: if there really was no push, SMS or e-mail about the "
                     "change, you were not told because of our mistake; if a notification was sent, we will tell you when and where it went.",
           "again": "The current delivery date is the one on the order card. If it changes again, we will notify you as soon as the change is "
                    "known, normally at least 24 hours before the old date.",
           "notice_sections": (("buyer/en/delivery-dates", "\"I never got a notification\": checking the order history"),
                               ("buyer/en/delivery-dates", "How a buyer is notified of a changed delivery date")),
           "again_sections": (("buyer/en/delivery-dates", "How a buyer is notified of a changed delivery date"),)},
}


def dates_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A delivery date moved: «Почему меня не предупредили?» gets the check of the notification history and what
    follows; «Не перенесут ли ещё раз?» gets the date on the order card and that a new change is notified at once."""
    if audience != "buyer" or lang not in _DATES or not _DATE_MOVED.search(customer_text):
        return None
    t = _DATES[lang]
    if _NO_NOTICE_ASK.search(ask.text) or (_CHECK_ASK.search(ask.text) and _NO_NOTICE_ASK.search(customer_text)):
        return Step(key="no_notice", text=t["notice"], sections=t["notice_sections"])
    if _AGAIN_ASK.search(ask.text):
        # the new date the customer names («Захожу в приложение — дата доставки 17 апреля»)
        named = _NEW_DATE.search(customer_text) if lang == "ru" else None
        now = t["now"].format(date=named.group(1)) if named and "now" in t else ""
        return Step(key="date_again", text=t["again"].format(now=now) if "{now}" in t["again"] else t["again"], sections=t["again_sections"])
    if _WHY_MOVED.search(ask.text) and "why" in t:
        # «Почему перенесли? Мне сегодня надо!!»: we look up the change in the order history; not sooner than the new date
        text = f"{t['why']} {t['not_sooner']}" if _NEEDED_SOONER.search(customer_text) else t["why"]
        return Step(key="date_why", text=text, sections=t["why_sections"], note=_WHY_NOTE.get(lang, ""))
    return None


# the reason of a moved date is in the order history: the operator reads it before sending
_WHY_NOTE = {"ru": "[Оператору: до отправки откройте историю заказа и впишите в ответ, почему и когда перенесли дату и было ли уведомление; "
                   "если причины там нет, оставьте абзац как есть.]",
             "en": "[To the operator: before sending, open the order history and add why and when the date was moved and whether a "
                   "notification went out; if the history does not say, keep the paragraph as it is.]"}


# «Продавец вообще отправлять собирается? Если не отправит, деньги вернут сами?» about an order still not handed
# over: the seller's 48 hours, and the automatic cancellation 5 days after the promised date (the date worked out)
_NOT_SHIPPED = re.compile(r"«?собирается»?|«?оформлен»?|не (?:отправ\w*|передан\w*)|до сих пор не|still (?:being assembled|not shipped|placed)|"
                          r"(?:hasn't|has not|wasn't|was not|not been) (?:shipped|sent|handed over)|being assembled", re.IGNORECASE)
_WILL_SHIP = re.compile(r"(?:продавец|он|она)\b[^?.!]{0,25}(?:отправ\w*|передаст|отгруз\w*)|когда (?:\w+ )?(?:отправ|отгруз)|отправят ли|"
                        r"(?:will|is) (?:the seller|they|he|she|it)\b[^?.!]{0,20}(?:ship|send|going to ship)|when will (?:it|the order|they) (?:ship|be shipped|be sent)", re.IGNORECASE)
_SELF_ACTING = re.compile(r"вернут сами|(?:надо|нужно|должен|должна) (?:ли )?(?:мне )?что-(?:то|нибудь) (?:делать|сделать)|отмен\w* (?:ли )?(?:сам|автоматически)|"
                          r"(?:do|should) i (?:need to )?do anything|(?:refund|cancel)\w* automatically|will i get (?:my|the) money back", re.IGNORECASE)
_SHIPPING = {
    "ru": {"ship": "Продавец обязан передать заказ в доставку в течение 48 часов после оформления. Поторопить продавца с гарантией результата мы "
                   "не можем; если ждать не хотите, заказ можно отменить самому, пока он не передан в доставку: «Заказы» → заказ → «Отменить заказ».",
           "auto": "Делать ничего не нужно: если продавец не передаст заказ в доставку в течение 5 дней после обещанной даты{until}, заказ "
                   "отменится автоматически с полным возвратом денег, а возврат запустится в течение 24 часов после отмены.",
           "until": " (то есть до {date} включительно)",
           "ship_sections": (("buyer/seller-not-shipped", "Срок передачи заказа в доставку продавцом"),),
           "auto_sections": (("buyer/seller-not-shipped", "Автоматическая отмена, если заказ так и не отправлен"),)},
    "en": {"ship": "A seller must hand an order over to delivery within 48 hours of it being placed; we can check its status in the order "
                   "history and tell you the current promised date.",
           "auto": "You do not need to do anything: if the order is still not handed over 5 days after the promised delivery date{until}, it is "
                   "cancelled automatically and you get a full refund.",
           "until": " (that is, by {date})",
           "ship_sections": (("buyer/en/order-cancelled-lost", "When the seller has not shipped the order"),),
           "auto_sections": (("buyer/en/order-cancelled-lost", "When the seller has not shipped the order"),)},
}


def shipping_step(ask: Ask, customer_text: str, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """An order the seller has not handed over: «Продавец вообще отправлять собирается?» gets the seller's 48 hours
    and the buyer's own cancellation; «Деньги вернут сами?» gets the automatic cancellation 5 days after the
    promised date — the day worked out when the customer names the promised date."""
    if audience != "buyer" or lang not in _SHIPPING or not _NOT_SHIPPED.search(customer_text):
        return None
    t = _SHIPPING[lang]
    if _SELF_ACTING.search(ask.text):
        promised = promised_date(messages, lang)
        until = t["until"].format(date=say_date(promised + timedelta(days=AUTO_CANCEL_DAYS), lang)) if promised else ""
        return Step(key="not_shipped_auto", text=t["auto"].format(until=until), sections=t["auto_sections"])
    if _WILL_SHIP.search(ask.text):
        return Step(key="not_shipped", text=t["ship"], sections=t["ship_sections"])
    return None


# «Можно ли сделать так, чтобы его забрали при доставке моего нового заказа?», «может курьер сразу и заберёт пылесос?»:
# yes — a return can be collected by the courier who brings another order, in the same visit
_COMBINED = re.compile(r"(?:забрал\w*|заберёт|забрать|забер[её]т)[^?.!]{0,40}(?:при доставке|вместе с|заодно|сразу)|(?:при доставке|вместе с доставкой|заодно|сразу)[^?.!]{0,40}(?:забрал\w*|заберёт|забрать|забер[её]т)|"
                       r"(?:collect|take|pick up)[^?.!]{0,40}(?:same visit|when (?:he|she|they|the courier) (?:brings|delivers|comes)|on delivery|at the same time)", re.IGNORECASE)
_COMBINED_TEXT = {
    "ru": ("Да, так можно: при оформлении вывоза возврата в приложении выберите «Забрать возврат при доставке» — курьер привезёт новый заказ и "
           "в тот же визит заберёт возвращаемый товар. Товар нужно подготовить заранее: упаковать, сохранить ярлыки и товарный вид; курьер, как "
           "и при доставке, позвонит за 30–60 минут и подождёт на адресе до 15 минут.", ("buyer/courier-return-pickup", "Как оформить вывоз возврата курьером")),
    "en": ("Yes: when you book the return in the app, choose \"collect a return on delivery\", and the courier who brings your other order takes the "
           "return during the same visit. Please have it packed and ready; the courier waits no longer than 15 minutes at the address.",
           ("buyer/en/courier-return-pickup", "Combining a return pickup with a delivery")),
}


def combined_pickup_step(ask: Ask, lang: str, audience: str, customer_text: str = "", moves_pickup: bool = False) -> Step | None:
    """A return collected by the courier who brings another order, for an ask whether that can be done: how to choose
    it when booking the return; for a return whose pickup is booked already (or was missed), that we move the pickup to
    that delivery ourselves — the other order and its day in the customer's words. `moves_pickup`: the ask wants the
    pickup moved («Когда заберут монитор?») in a thread that proposes the combined visit — the same answer."""
    if audience != "buyer" or lang not in _COMBINED_TEXT:
        return None
    asked = ask.text if _COMBINED.search(ask.text) else \
        next((c for c in re.split(r"(?<=[.!?])\s+", customer_text) if _COMBINED.search(c)), None) if moves_pickup else None
    if asked is None:
        return None
    if lang == "ru" and _PICKUP_BOOKED.search(customer_text):
        order = ORDER_ID.search(asked)
        day = _DAY_OF_MONTH.search(asked)
        delivery = f"заказа {order.group(0)}" if order else "вашего нового заказа"
        when = f" ({day.group(0)})" if day else ""
        return Step(key="combined_pickup", text=_COMBINED_BOOKED.format(delivery=delivery, when=when),
                    sections=(("buyer/courier-return-pickup", "Как оформить вывоз возврата курьером"),
                              ("buyer/courier-return-pickup", "Как перенести забор возврата")))
    text, section = _COMBINED_TEXT[lang]
    return Step(key="combined_pickup", text=text, sections=(section,))


# a return pickup booked already («курьер должен был забрать возврат 10 апреля», «завтра курьер должен забрать возврат»)
_PICKUP_BOOKED = re.compile(r"(?:должен был|должен|должна была|должны были|должны) (?:\w+ ){0,2}забрать|забор (?:возврата )?(?:назначен|был)|"
                            r"вывоз (?:возврата )?(?:назначен|оформлен)", re.IGNORECASE)
_DAY_OF_MONTH = re.compile(r"\b" + RU_DAY_MONTH + r"\b|\b\d{1,2}-(?:го|е)\b")
_COMBINED_BOOKED = ("Да, так можно: мы перенесём забор возврата на доставку {delivery}{when} и отметим «Забрать возврат при доставке»: курьер "
                    "привезёт новый заказ и в тот же визит заберёт возвращаемый товар. Перенос забора возврата бесплатный, и мы подтвердим его в этом чате. "
                    "Товар нужно подготовить заранее: упаковать, сохранить ярлыки и товарный вид.")


# «Заказ уехал обратно из пвз… Деньги мне теперь вернут или всё пропало? Как мне снова заказать по той же цене?»:
# an order nobody collected in time is cancelled and refunded, and is ordered again at today's price
_MONEY_BACK = re.compile(r"деньг|вернут|пропал|refund|money", re.IGNORECASE)
_REORDER = re.compile(r"(?:снова|заново|опять|ещё раз|еще раз)\s+(?:\w+\s+)?(?:заказать|оформить)|(?:заказать|оформить)\s+(?:\w+\s+)?(?:снова|заново|опять)|той же цене|прежней цене|"
                      r"order (?:it )?again|reorder|same price", re.IGNORECASE)
_UNCLAIMED = {
    "ru": {"money": "Деньги не пропали: заказ, который не забрали в срок, отменяется, и деньги за него возвращаются — возврат запускается в течение "
                    "24 часов после отмены; на карту банк зачисляет их до 10 рабочих дней (обычно за 3–5), по СБП — до 3 рабочих дней, "
                    "потраченные баллы возвращаются сразу.",
           "reorder": "Вернуть отменённый заказ в пункт выдачи нельзя — его нужно оформить заново; цена и наличие товара при этом могут измениться.",
           "why": "Заказ хранится в пункте выдачи 7 дней со дня поступления, и один раз хранение можно продлить на 3 дня; о поступлении приходит "
                  "уведомление в приложении, а когда срок хранения заканчивается, заказ отменяется и возвращается автоматически.",
           "section": ("buyer/storage-period", "Если заказ не забрали в срок"),
           "why_sections": (("buyer/storage-period", "Сколько хранится заказ в пункте выдачи"), ("buyer/storage-period", "Если заказ не забрали в срок"))},
}


def unclaimed_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """An order sent back because nobody collected it in time: the refund, for «деньги вернут?»; ordering it again
    at today's price, for «как снова заказать по той же цене?»; how long it waited and why it went back, for the
    complaint that it did."""
    if audience != "buyer" or lang not in _UNCLAIMED or "fate:unclaimed" not in situations(customer_text):
        return None
    t = _UNCLAIMED[lang]
    if _REORDER.search(ask.text):
        return Step(key="unclaimed_reorder", text=t["reorder"], sections=(t["section"],))
    if _MONEY_BACK.search(ask.text) and ask.kind != "complaint":
        return Step(key="unclaimed_money", text=t["money"], sections=(t["section"],))
    if ask.kind == "complaint" and "fate:unclaimed" in situations(ask.text):
        # «Заказ уехал обратно, а мне никто не позвонил!»: how long it waited and why it went back
        return Step(key="unclaimed_why", text=t["why"], sections=t["why_sections"])
    return None


# «When will the card money come back? When will the SBP money come back?» for orders paid different ways: each ask gets
# the timeline of the way it names, with the order paid that way when the customer says which
_METHOD_WHEN = re.compile(r"когда|сколько (?:\w+ )?(?:ждать|дней|идут|идти)|как долго|\bwhen\b|how long", re.IGNORECASE)
_METHOD_NAMED = {"card": re.compile(r"карт|\bcard\b", re.IGNORECASE), "sbp": re.compile(r"\bсбп\b|\bsbp\b", re.IGNORECASE)}
_METHOD_TEXT = {
    ("ru", "card"): "Деньги{order}, оплаченные картой, Ярмарка отправляет в течение 24 часов после приёмки возврата или отмены заказа, "
                    "а банк зачисляет их на карту в срок до 10 рабочих дней, обычно за 3–5.",
    ("ru", "sbp"): "Деньги{order}, оплаченные по СБП, Ярмарка отправляет в течение 24 часов после приёмки возврата или отмены заказа, "
                   "и приходят они в срок до 3 рабочих дней.",
    ("en", "card"): "The card payment{order}: Yarmarka sends the refund within 24 hours of accepting the return or cancelling the order, "
                    "and the bank credits the card in up to 10 business days, usually 3–5.",
    ("en", "sbp"): "The SBP payment{order}: Yarmarka sends the refund within 24 hours of accepting the return or cancelling the order, "
                   "and it arrives in up to 3 business days.",
}
_METHOD_SHORT = {
    ("ru", "card"): "Деньги{order}, оплаченные картой, банк зачисляет на карту в срок до 10 рабочих дней после отправки возврата, обычно за 3–5.",
    ("ru", "sbp"): "Деньги{order}, оплаченные по СБП, приходят в срок до 3 рабочих дней после отправки возврата.",
    ("en", "card"): "The card payment{order}: once the refund is sent, the bank credits the card in up to 10 business days, usually 3–5.",
    ("en", "sbp"): "The SBP payment{order}: once the refund is sent, it arrives in up to 3 business days.",
}
_METHOD_ORDER = {"ru": " за заказ {order}", "en": " for order {order}"}
_METHOD_SECTIONS = {
    "ru": (("buyer/refund-timelines", "Когда Ярмарка отправляет деньги обратно"), ("buyer/refund-timelines", "Сроки зачисления по способу оплаты")),
    "en": (("buyer/en/refund-timelines", "When Yarmarka starts a refund"), ("buyer/en/refund-timelines", "Refund timelines by payment method")),
}


def method_refund_step(ask: Ask, customer_text: str, lang: str, audience: str, before: str = "") -> Step | None:
    """When the money paid one way comes back, for an ask that names the way (card or SBP) where the customer paid
    more than one way: that way's timeline alone, with the order paid that way when the message ties them; the
    24 hours in which Yarmarka sends a refund are said once, for the first of such asks (`before` is the text
    before the ask in its message)."""
    if audience != "buyer" or not _METHOD_WHEN.search(ask.text):
        return None
    named = [m for m, p in _METHOD_NAMED.items() if p.search(ask.text)]
    paid_ways = [m for m, p in _METHOD_NAMED.items() if p.search(customer_text)]
    if len(named) != 1 or len(paid_ways) < 2 or (lang, named[0]) not in _METHOD_TEXT:
        return None
    method = named[0]
    found = list(ORDER_ID.finditer(customer_text))
    order = ""
    for k, m in enumerate(found):
        # the words after an order number, up to the next one: «order …-0001 that I paid by card, and order …-0002 paid with SBP»
        after = re.split(r"[.!?]", customer_text[m.end():found[k + 1].start() if k + 1 < len(found) else m.end() + 60][:60], maxsplit=1)[0]
        if _METHOD_NAMED[method].search(after) and not any(_METHOD_NAMED[o].search(after) for o in _METHOD_NAMED if o != method):
            order = _METHOD_ORDER[lang].format(order=m.group(0))
            break
    asked_before = any(re.search(rf"(?:когда|when|how long)[^?.!]*(?:{_METHOD_NAMED[o].pattern})", before, re.IGNORECASE) for o in _METHOD_NAMED if o != method)
    text = (_METHOD_SHORT if asked_before else _METHOD_TEXT)[(lang, method)].format(order=order)
    return Step(key=f"refund_{method}", text=text, sections=_METHOD_SECTIONS[lang])


# «Оплачивала «Частями», отменила заказ. Первый платёж вернут и когда? А остальные платежи не спишут?»: a cancelled order paid
# in instalments — the refund starts within 24 hours of the cancellation, the schedule is recalculated within 3 business
# days, payments made come back and the rest are not charged (the refund timelines policy)
_INSTALMENTS = re.compile(r"частями|рассрочк\w*|instal+ments?|chastyami", re.IGNORECASE)
_CANCELLED_ORDER = re.compile(r"отменил\w*|отменён\w*|отменен\w*|отмена заказа|\bcancel+ed\b|cancel+ation", re.IGNORECASE)
_REST = re.compile(r"остальн\w*|следующ\w*|будущ\w*|по графику|спишут|списывать|the rest|remaining|next (?:payment|instal)|future|schedule", re.IGNORECASE)
_INSTALMENT_TEXT = {
    "ru": {"paid": "Да, уже списанный платёж вернётся: после отмены заказа Ярмарка запускает возврат в течение 24 часов, а график рассрочки «Частями» "
                   "пересчитывается в течение 3 рабочих дней — внесённые платежи при этом возвращаются.",
           "rest": "Остальные платежи по отменённому заказу списываться не будут: при пересчёте графика будущие платежи отменяются."},
    "en": {"paid": "Yes, the payment already charged comes back: Yarmarka initiates the refund within 24 hours of the cancellation, and the "
                   "instalment schedule is recalculated within 3 business days, with the payments already made returned.",
           "rest": "The remaining payments for the cancelled order will not be charged: the recalculated schedule drops them."},
}
_INSTALMENT_SECTIONS = {"ru": (("buyer/refund-timelines", "Когда Ярмарка отправляет деньги обратно"), ("buyer/refund-timelines", "Сроки зачисления по способу оплаты")),
                        "en": (("buyer/en/refund-timelines", "When Yarmarka starts a refund"), ("buyer/en/refund-timelines", "Refund timelines by payment method"))}


def instalments_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A cancelled order paid in instalments: «Первый платёж вернут и когда?» — yes, 24 hours, the schedule in 3 business days;
    «А остальные платежи не спишут?» — no, the recalculated schedule drops them."""
    if audience != "buyer" or lang not in _INSTALMENT_TEXT or not _INSTALMENTS.search(customer_text) or not _CANCELLED_ORDER.search(customer_text):
        return None
    t = _INSTALMENT_TEXT[lang]
    if _REST.search(ask.text):
        return Step(key="instalments_rest", text=t["rest"], sections=(_INSTALMENT_SECTIONS[lang][1],))
    if "refund" in topics_of(ask.text) or re.search(r"верн\w*|когда|refund|back|when", ask.text, re.IGNORECASE):
        return Step(key="instalments_paid", text=t["paid"], sections=_INSTALMENT_SECTIONS[lang])
    return None


# «На ту же карту вернут?», "The refund goes to the card I paid with?": yes, the way the customer paid, and the bank's time
_SAME_CARD_TEXT = {
    "ru": "Да: деньги возвращаются тем же способом, которым вы платили, — на ту же карту. Банк зачисляет их в срок до 10 рабочих дней "
          "после отправки возврата, обычно за 3–5.",
    "en": "Yes: the refund goes back the way you paid — to the card you paid with. Once the refund is sent, the bank credits it in up to "
          "10 business days, usually 3–5.",
}


def same_card_step(ask: Ask, lang: str, audience: str) -> Step | None:
    """«Деньги вернут на ту же карту?»: yes — a refund goes back the way the order was paid — and the card's time."""
    if audience != "buyer" or lang not in _SAME_CARD_TEXT or not WHERE_TO.search(ask.text) or not _METHOD_NAMED["card"].search(ask.text) \
            or _METHOD_NAMED["sbp"].search(ask.text):
        return None
    return Step(key="refund_card", text=_SAME_CARD_TEXT[lang], sections=(_METHOD_SECTIONS[lang][1],))


# «Кешбэк мне теперь вернут или нет, с кем это решать?», "Why is Yarmarka taking my cashback?" after a return: the bank's
# programme and its rules, that Yarmarka neither takes nor makes up for it, who to ask, and the refund details for the bank
_CASHBACK_TEXT = {
    "ru": ("Кэшбэк за покупку начисляет ваш банк по своей программе, Ярмарка в ней не участвует; когда товар возвращают, банк, как правило, "
           "списывает кэшбэк за эту покупку по своим правилам. Вернуть или компенсировать банковский кэшбэк Ярмарка не может — ни деньгами, ни "
           "баллами. Как программа банка обрабатывает возвраты, уточните в приложении банка или на его горячей линии; если банк попросит, мы "
           "вышлем подтверждение операции возврата — дату и сумму.",
           (("buyer/bank-cashback", "Кэшбэк банка — программа банка, а не Ярмарки"),
            ("buyer/bank-cashback", "Может ли Ярмарка вернуть или компенсировать кэшбэк банка"))),
    "en": ("Bank cashback belongs to your bank's own programme, not to Yarmarka: when a purchase is refunded, the bank usually reverses the "
           "cashback it paid, by its own rules. Yarmarka does not take it and cannot influence it or make up for it. Your bank (its app or "
           "hotline) can tell you how its programme treats refunds; we can send you the refund details from the order (date and amount) to "
           "show the bank.",
           (("buyer/en/refund-timelines", "Bank cashback and Yarmarka points after a refund"),
            ("buyer/en/refund-timelines", "What the operator may and may not promise about a refund"))),
}


# «Это ваша ошибка?» right after «банк списал у меня кешбэк»
_WHOSE_FAULT = re.compile(r"ваша ошибк|ваша вина|вы виноват|ваших рук|your (?:fault|mistake|error)|did you do", re.IGNORECASE)


def cashback_step(ask: Ask, lang: str, audience: str, before: str = "") -> Step | None:
    """What happened to the bank's cashback after a return, for an ask that names it, or asks whose fault it is right
    after words that do (`before`: the text before the ask in its message)."""
    if audience != "buyer" or lang not in _CASHBACK_TEXT:
        return None
    if not ("cashback" in topics_of(ask.text) or (_WHOSE_FAULT.search(ask.text) and "cashback" in topics_of(before[-200:]))):
        return None
    text, sections = _CASHBACK_TEXT[lang]
    return Step(key="cashback", text=text, sections=sections)
