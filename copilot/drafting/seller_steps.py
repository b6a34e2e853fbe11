"""Steps for sellers (`next_step.step_for` tries them with the others): «Почему штраф?» about a cancellation fine in a
case the fine does not apply to; changes to the offer (the date they take effect, worked out from the letter, and what
to do when the seller disagrees); returns (how long they travel, a return marked «брак» or spoiled by the buyer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from copilot.checks import SUM
from copilot.domain import Ask, Message
from copilot.drafting.figures import dated_clause, notice_dates, plural, say_date, thousands
from copilot.drafting.step import ANSWER_LATER, TERM_ASK, WHAT_TO_DO, Step


# «Почему штраф, если ошибка ваша?» / "Why was I fined?" about a seller's cancellation fine when the seller names a case
# the fine does not apply to: the fine is charged automatically on the seller's cancellation, and this case is an exception
_WHY_FINED = re.compile(r"почему|за что|с какой стати|why|what for", re.IGNORECASE)
_CANCEL_FINE = re.compile(r"штраф\w*[^!?]{0,40}отмен|отмен\w*[^!?]{0,60}штраф|cancellation fine|fined?[^.!?]{0,40}cancel", re.IGNORECASE)
_GROUNDS = {
    "buyer": re.compile(r"покупател\w* (?:сам\w* )?(?:попросил|просил|написал)[^.!?]{0,60}отмен|просьб\w* покупател|"
                        r"buyer (?:asked|wrote|requested)[^.!?]{0,60}cancel|at the buyer's request", re.IGNORECASE),
    "system": re.compile(r"сбо\w* синхрониз|ошибк\w* (?:системы|сайта|маркетплейса)|системн\w* ошибк|sync\w* (?:failure|error)|system error", re.IGNORECASE),
    "thirty": re.compile(r"(?:через|спустя|в течение) (?:\d{1,2}|пару|несколько) минут|within (?:\d{1,2}|a few) minutes", re.IGNORECASE),
}
_NOT_CHARGED = {
    "ru": {"text": "Штраф за отмену начисляется автоматически, когда заказ отменяет продавец, но {ground} — один из случаев, когда он не применяется. "
                   "Поэтому его можно оспорить: если основание подтвердится при проверке, штраф отменят.",
           "buyer": "отмена по просьбе покупателя", "system": "системная ошибка маркетплейса, например неверный остаток из-за сбоя синхронизации",
           "thirty": "отмена в течение 30 минут после оформления",
           "sections": (("seller/cancellation-fines", "Когда штраф за отмену не начисляется"),
                        ("seller/cancellation-fines", "«Штраф несправедливый»: что отвечает оператор"))},
    "en": {"text": "A cancellation fine is charged automatically when the seller cancels an order, but {ground} is one of the cases in which it "
                   "does not apply. So you can dispute it: if the ground is confirmed on review, the fine is cancelled.",
           "buyer": "a cancellation the buyer asked for", "system": "a marketplace system error, such as a wrong stock level after a sync failure",
           "thirty": "a cancellation within 30 minutes of the order being placed",
           "sections": (("seller/en/cancellation-fines", "When no cancellation fine is charged"),
                        ("seller/en/cancellation-fines", "\"The fine is unfair\": what the operator replies"))},
}


def exemption_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A seller's «Почему штраф?» about a cancellation fine, when what the seller tells is one of the exceptions (the
    buyer asked, a system error, within 30 minutes): charged automatically, but this case is an exception, so dispute it."""
    if audience != "seller" or lang not in _NOT_CHARGED or not _WHY_FINED.search(ask.text) or not _CANCEL_FINE.search(customer_text):
        return None
    if not re.search(r"штраф|fine", ask.text, re.IGNORECASE):
        return None
    ground = next((g for g, pattern in _GROUNDS.items() if pattern.search(customer_text)), None)
    if ground is None:
        return None
    t = _NOT_CHARGED[lang]
    return Step(key="exemption", text=t["text"].format(ground=t[ground]), sections=t["sections"])


# "How do I dispute it?", «Какие документы нужны и куда их загрузить?» about a cancellation fine, when the seller names the ground
# (the buyer asked, a power cut, a system error): where and by when, what the request says, and the proof for that ground
_HOW_DISPUTE = re.compile(r"how (?:do|can) i (?:dispute|contest|appeal)|how to (?:dispute|contest)|как (?:его |её |мне )?(?:оспорить|обжаловать|снять)|"
                          r"какие (?:\w+ )?документ|что (?:нужно )?(?:приложить|прикрепить)|куда (?:\w+ )?(?:загрузить|подать|отправить|прислать)", re.IGNORECASE)
_BACK = re.compile(r"(?:его|её|ее|их|деньги|сумму)\s+(?:мне\s+)?верн(?:ут|ёте|ете)\b|вернут ли\b|(?:will|do) i get (?:it|the money|that) back|will (?:it|the amount) (?:be )?(?:refunded|returned|come back)",
                   re.IGNORECASE)
_POWER_CUT = re.compile(r"отключ\w* (?:электричеств|свет)|без (?:электричества|света)|обесточ\w*|пожар\w*|наводнени\w*|форс-мажор\w*|"
                        r"power (?:cut|outage)|blackout|fire at|flood|force majeure", re.IGNORECASE)
_ELECTRICITY = re.compile(r"электричеств|свет\b|обесточ|power|blackout", re.IGNORECASE)
_FINE_DISPUTE = {
    "ru": {"text": "Подайте заявку в «Кабинете продавца» в течение 14 дней с даты начисления штрафа: укажите номер заказа и причину, по которой "
                   "штраф не должен применяться, и приложите {proof}. Если основание подтвердится, штраф отменят, а удержанную сумму вернут "
                   "с ближайшей выплатой.",
           "buyer": "переписку, где покупатель просит отменить заказ, — ваш скриншот подойдёт",
           "force": "официальный документ о форс-мажоре — например, справку о пожаре или решение органов власти",
           "power": "официальный документ о форс-мажоре — справку об отключении электричества в вашем районе",
           "system": "скриншоты ошибки системы",
           "section": ("seller/cancellation-fines", "Как оспорить штраф за отмену"),
           "shown": " — в отчёте по выплате это будет видно отдельной строкой.",
           "payouts": ("seller/payouts", "Компенсации и возвраты в выплате")},
    "en": {"text": "File a request in the Seller Account within 14 days of the date the fine was charged: give the order number and the reason "
                   "the fine should not apply, and attach {proof}. If the ground is confirmed, the fine is cancelled and the amount deducted "
                   "comes back with the next payout.",
           "buyer": "the chat in which the buyer asks to cancel the order — your screenshot will do",
           "force": "an official document of the force majeure — for example, a certificate of a fire or a decision by the authorities",
           "power": "an official document of the force majeure — a certificate of the power cut in your area",
           "system": "screenshots of the system error",
           "section": ("seller/en/cancellation-fines", "How to dispute a cancellation fine"),
           "shown": ", as a separate line in the payout report.",
           "payouts": ("seller/en/payouts", "Compensation and returns in the payout")},
}


def fine_dispute_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """How to dispute a seller's cancellation fine, with the proof for the ground the seller names (the buyer's request, a
    power cut or other force majeure, a system error): where, the 14 days, what the request says, the amount back."""
    # «До какого числа?» next to the question on how to dispute is answered by the same paragraph and its 14 days, and
    # «Штраф уже удержали из выплаты, его вернут?» by its «удержанную сумму вернут с ближайшей выплатой»
    if audience != "seller" or lang not in _FINE_DISPUTE or not (_HOW_DISPUTE.search(ask.text) or TERM_ASK.search(ask.text) or _BACK.search(ask.text)) \
            or not _CANCEL_FINE.search(customer_text):
        return None
    ground = ("power" if _ELECTRICITY.search(customer_text) else "force") if _POWER_CUT.search(customer_text) else next((g for g in ("buyer", "system") if _GROUNDS[g].search(customer_text)), None)
    if ground is None:
        return None
    t = _FINE_DISPUTE[lang]
    if _BACK.search(customer_text):
        # the seller asks whether the amount already deducted comes back: where it will show, from the payouts policy
        return Step(key="fine_dispute", text=t["text"].format(proof=t[ground])[:-1] + t["shown"], sections=(t["section"], t["payouts"]))
    return Step(key="fine_dispute", text=t["text"].format(proof=t[ground]), sections=(t["section"],))


# a seller about changes to the offer: from what day they apply, and what to do when the seller disagrees
_OFFER_THREAD = re.compile(r"оферт\w*|комисси\w*|тариф\w*|нов\w+ услови\w*", re.IGNORECASE)
_FROM_WHEN = re.compile(r"с какого (?:числа|дня)|когда (?:\w+ )?вступа\w*|когда (?:\w+ )?начн\w* действовать|дата вступлени", re.IGNORECASE)
_DISAGREE = re.compile(r"не соглас\w*|не хочу работать|не устраива\w*|отказаться от (?:новой|новых)", re.IGNORECASE)
_COMMISSION = re.compile(r"комисси\w*|тариф\w*|стоимост\w* (?:логистики|хранения)", re.IGNORECASE)
_CHANGES = "seller/contract-changes"
_OFFER_TEXT = {
    "from": "Дата вступления изменений в силу указана в самом уведомлении в «Кабинете продавца» и в письме. По правилам изменения оферты "
            "публикуются не позднее чем за 15 календарных дней до вступления в силу, а изменения комиссий и тарифов — не позднее чем за 30{dates}.",
    "from_dates": ": при письме от {noticed} это не раньше {in15}, а для комиссий и тарифов — не раньше {in30}",
    "from_note": "[Оператору: до отправки откройте уведомление об изменениях в «Кабинете продавца» этого продавца и впишите в ответ дату, "
                 "с которой они вступают в силу.]",
    "until": "до даты вступления изменений в силу",
    "until_day": "до {effective} — даты, с которой по письму вступают изменения,",
    "leave": "Если вы не согласны, вы вправе расторгнуть договор до даты вступления изменений в силу — заявление подаётся в «Кабинете продавца». "
             "До расторжения нужно выполнить уже принятые заказы или отменить их по правилам, вывезти остатки со склада Ярмарки и дождаться "
             "итоговой выплаты; заказы, оформленные до этой даты, рассчитываются по прежним условиям. Продолжение работы после неё означает "
             "согласие с новыми условиями.",
    "short": " Изменения комиссий должны публиковаться не позднее чем за 30 календарных дней до вступления в силу, а от письма {noticed} "
             "до {effective} этого срока нет; это проверит выделенная группа, которой мы передаём ваше обращение.",
}


def offer_step(ask: Ask, customer_text: str, lang: str, audience: str, messages: Sequence[Message] = (), escalated: bool = False) -> Step | None:
    """A seller about changes to the offer: «С какого числа они вступают?» (the date in the notice; not before 15 days
    after it, 30 for commissions — the dates worked out from the letter's day); «Что делать, если не согласен?» (terminate
    before the date, what to settle first, that working on means consent — and, handed over, a commission change
    announced less than 30 days ahead)."""
    if audience != "seller" or lang != "ru" or not _OFFER_THREAD.search(customer_text):
        return None
    t = _OFFER_TEXT
    dates = notice_dates(messages, lang)
    if _FROM_WHEN.search(ask.text):
        said = t["from_dates"].format(noticed=say_date(dates[0], lang), in15=say_date(dates[0] + timedelta(days=15), lang),
                                      in30=say_date(dates[0] + timedelta(days=30), lang)) if dates else ""
        return Step(key="offer_from", text=t["from"].format(dates=said),
                    sections=((_CHANGES, "Как продавец узнаёт об изменениях оферты"), (_CHANGES, "Изменения комиссий и тарифов — за 30 дней")),
                    note=t["from_note"])
    if (_DISAGREE.search(ask.text) or (WHAT_TO_DO.search(ask.text) and _DISAGREE.search(customer_text))):
        text = t["leave"]
        if dates and dates[1] is not None:
            # «с 25 апреля комиссия растёт»: the last day to terminate is the day before the one the letter names
            text = text.replace(t["until"], t["until_day"].format(effective=say_date(dates[1], lang)), 1)
        sections = [(_CHANGES, "Как расторгнуть договор до вступления изменений"), (_CHANGES, "Что означает продолжение работы")]
        if escalated and dates and dates[1] is not None and _COMMISSION.search(customer_text) and (dates[1] - dates[0]).days < 30:
            text += t["short"].format(noticed=say_date(dates[0], lang), effective=say_date(dates[1], lang))
            sections.append((_CHANGES, "Изменения комиссий и тарифов — за 30 дней"))
        return Step(key="offer_leave", text=text, sections=tuple(sections))
    return None


# a seller's returns: how long a return travels, and what to do with one marked «брак» or spoiled by the buyer
_RETURNS = "seller/returns-to-seller"
_RETURN_THREAD = re.compile(r"возврат\w*", re.IGNORECASE)
_TRAVEL_ASK = re.compile(r"когда (?:\w+ ){0,3}(?:доедет|дойдёт|дойдет|придёт|придет|приедет)|как долго (?:\w+ )?(?:возвраты )?(?:едут|идут|везут)|"
                         r"сколько (?:\w+ )?(?:едут|идут|везут|едет|идёт)", re.IGNORECASE)
_SPOILED = re.compile(r"вскрыт\w*|без бирок|бирк\w* (?:нет|оторван)|пятн\w*|испорч\w*|грязн\w*|б/у|ношен\w*|поношен\w*|повреждён\w* упаковк", re.IGNORECASE)
_MARKED_FAULTY = re.compile(r"«брак»|пометк\w* «?брак|как брак", re.IGNORECASE)
# «Что мне с этим делать?», «Могу я это оспорить?»
_WHAT_DO = re.compile(WHAT_TO_DO.pattern + r"|что (?:мне |нам )?с этим делать|(?:могу (?:ли )?я|можно (?:ли )?|как) (?:это )?оспорить", re.IGNORECASE)
# how long the seller says a return has travelled: «висит в пути уже 10 дней» (still on its way), «этот шёл почти две недели» (arrived)
_ON_THE_WAY = re.compile(r"(?:в пути|едет|идёт|идет|везут)\s+(?:уже\s+)?(\d{1,2})\s*(?:дн|день|дня)|(\d{1,2})\s*(?:дн\w*|день|дня)\s+(?:уже\s+)?(?:в пути|едет|идёт|идет)",
                         re.IGNORECASE)
_TRAVELLED = re.compile(r"(?:шёл|шел|ехал|добирался|вёз\w*|вез\w*)\s+((?:почти |больше |более |около )?(?:\d{1,2}\s*(?:дн\w*|день|дня)|(?:две|три) недели|неделю))",
                        re.IGNORECASE)
_WEEKS = {"неделю": 7, "две недели": 14, "три недели": 21}
_RETURN_DAYS = 14


def _travel_text(customer_text: str) -> str:
    """The 14 days of a return's way, applied to the days the seller names: still on its way («в пути уже 10 дней») — the
    days left, or the check that is due once they have run out; arrived after «почти две недели» — within the term."""
    t = _RETURN_TEXT
    if (m := _ON_THE_WAY.search(customer_text)) is not None:
        n = int(m.group(1) or m.group(2))
        if n < _RETURN_DAYS:
            left = _RETURN_DAYS - n
            soon = "в ближайший день" if left == 1 else f"в ближайшие {left} {plural(left, 'день', 'дня', 'дней')}"
            return t["travel_left"].format(n=n, days=plural(n, "день", "дня", "дней"), soon=soon)
        return t["travel_over"].format(n=n, days=plural(n, "день", "дня", "дней"))
    if (m := _TRAVELLED.search(customer_text)) is not None:
        said = m.group(1)
        bare = re.sub(r"^(?:почти|больше|более|около)\s+", "", said.lower())
        n = _WEEKS.get(bare) or int(re.match(r"\d+", bare).group(0)) if re.match(r"\d+|неделю|две недели|три недели", bare) else None
        if n is not None and (n < _RETURN_DAYS or (n == _RETURN_DAYS and not said.lower().startswith(("больше", "более")))):
            return t["travel_within"].format(said=said)
    return t["travel"]


_RETURN_TEXT = {
    "travel_left": "Возврат доставляется на ваш склад в течение 14 дней; ваш в пути {n} {days}, так что он должен дойти {soon}. "
                   "Его статус — принят в пункте выдачи, в пути, доставлен — виден в «Кабинете продавца». Если за это время возврат не дойдёт, "
                   "напишите нам: мы проверим путь посылки, а при утере можно подать претензию о компенсации в течение 14 дней.",
    "travel_over": "Возврат доставляется на ваш склад в течение 14 дней, а ваш в пути уже {n} {days} — этот срок прошёл. Мы проверим путь посылки "
                   "и сообщим, где она; если возврат утерян, можно подать претензию о компенсации в течение 14 дней.",
    "travel_within": "Возврат доставляется на склад продавца в течение 14 дней, так что {said} в пути — в пределах этого срока. Статус каждого "
                     "возврата — принят в пункте выдачи, в пути, доставлен — виден в «Кабинете продавца».",
    "travel": "Возврат доставляется на ваш склад в течение 14 дней, а его статус — принят в пункте выдачи, в пути, доставлен — виден в «Кабинете "
              "продавца». Если за 14 дней возврат не дошёл, напишите нам: мы проверим путь посылки, а при утере можно подать претензию "
              "о компенсации в течение 14 дней.",
    "marked": "Да: если вы считаете, что товар исправен или недостаток появился по вине покупателя, пометку «брак» можно оспорить в течение "
              "5 дней с даты получения возврата — в «Кабинете продавца» откройте спор по возврату и приложите фото товара, маркировки и упаковки, "
              "при необходимости — заключение сервиса. После 5 дней статус «брак» оспорить нельзя.",
    "spoiled": "При получении возврата проверьте количество мест и состояние упаковки и зафиксируйте повреждения в акте с фото. Если вы считаете, "
               "что товар исправен или недостаток появился по вине покупателя, это можно оспорить в течение 5 дней с даты получения: в «Кабинете "
               "продавца» откройте спор по возврату и приложите фото товара, маркировки и упаковки, при необходимости — заключение сервиса.",
}


def seller_return_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A seller about returns: «Когда он доедет до моего склада?» (14 days, the status in the account, what if it does
    not arrive); «Могу я это оспорить?» / «Что мне с этим делать?» about a return marked «брак» or spoiled (the act with
    photos, the dispute within 5 days and what to attach)."""
    if audience != "seller" or lang != "ru" or not _RETURN_THREAD.search(customer_text):
        return None
    if _TRAVEL_ASK.search(ask.text):
        return Step(key="return_travel", text=_travel_text(customer_text), sections=((_RETURNS, "Срок доставки возврата продавцу — 14 дней"),))
    # «Могу я это оспорить? Сколько у меня времени?»: the term asked apart is the same answer
    if (_WHAT_DO.search(ask.text) or (TERM_ASK.search(ask.text) and _WHAT_DO.search(customer_text))) and _MARKED_FAULTY.search(customer_text):
        return Step(key="return_marked", text=_RETURN_TEXT["marked"], sections=((_RETURNS, "Оспаривание «бракованного» возврата — 5 дней"),))
    if _WHAT_DO.search(ask.text) and _SPOILED.search(customer_text):
        return Step(key="return_spoiled", text=_RETURN_TEXT["spoiled"],
                    sections=((_RETURNS, "Срок доставки возврата продавцу — 14 дней"), (_RETURNS, "Оспаривание «бракованного» возврата — 5 дней")))
    return None


# a seller's goods the warehouse search did not find («не нашли 12 единиц… Поиск завершили 3 апреля, статус «не найдено».
# Когда и сколько мне компенсируют? Закупочная 2 300, на сайте 4 990. Нужно ли подавать заявку?»): the sum by the documents,
# capped by the site price, worked out when the seller names the figures; automatic within 30 days of the search, with its
# last day; paid with the next payout; nothing to file
_WAREHOUSE = "seller/warehouse-loss-compensation"
_NOT_FOUND = re.compile(r"не нашли|не найден\w*|«не найдено»|утерял\w*|потерял\w*", re.IGNORECASE)
_AT_WAREHOUSE = re.compile(r"склад\w*|инвентаризац\w*", re.IGNORECASE)
_SEARCH = re.compile(r"поиск\w*|инвентаризац\w*", re.IGNORECASE)
_HOW_MUCH_WHEN = re.compile(r"сколько|когда|в какие сроки|какую сумму", re.IGNORECASE)
_FILE_OR_AUTO = re.compile(r"(?:нужно|надо) ли (?:\w+ )?(?:подавать|подать|писать)|вс[её] само|автоматически\?", re.IGNORECASE)
_PURCHASE = re.compile(r"закупочн\w*[^\d.!?]{0,20}" + SUM, re.IGNORECASE)
_SITE_PRICE = re.compile(r"на сайте[^\d.!?]{0,25}" + SUM, re.IGNORECASE)
_COUNT = re.compile(r"(\d{1,4})\s*(?:единиц\w*|шт\.?|штук\w*)", re.IGNORECASE)
_WAREHOUSE_TEXT = {
    "base": "Компенсация за товар, утерянный на складе Ярмарки, равна его стоимости по вашим документам — накладной, счёт-фактуре или УПД, — "
            "но не выше цены на сайте на момент утери.",
    "calc": " По вашим данным это {price} ₽ за единицу, то есть {total} ₽ за {count} {units}, если закупочная цена подтверждается документами; "
            "цена на сайте ({site} ₽) здесь только верхняя граница.",
    "auto": " После безуспешного поиска компенсация начисляется автоматически в течение 30 дней{due}, подавать заявку не нужно; деньги приходят "
            "со следующей еженедельной выплатой, а начисление видно в отчёте отдельной строкой.",
    "due": " (по вашему случаю — не позднее {date})",
}


def warehouse_loss_step(ask: Ask, customer_text: str, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """A seller's goods not found by the warehouse search: how much (by the documents, capped by the site price — worked out
    from the seller's own figures) and when (automatically within 30 days of the search, by its last day, with the next
    payout); «Нужно ли подавать заявку?» is the same paragraph."""
    if audience != "seller" or lang != "ru" or not (_NOT_FOUND.search(customer_text) and _AT_WAREHOUSE.search(customer_text)):
        return None
    if not ((_HOW_MUCH_WHEN.search(ask.text) and re.search(r"компенс", ask.text, re.IGNORECASE)) or _FILE_OR_AUTO.search(ask.text)):
        return None
    t = _WAREHOUSE_TEXT
    text = t["base"]
    price, site, count = _PURCHASE.search(customer_text), _SITE_PRICE.search(customer_text), _COUNT.search(customer_text)
    if price and site and count:
        p, s, n = (int(re.sub(r"\D", "", m.group(1))) for m in (price, site, count))
        if p <= s:
            units = plural(n, "единицу", "единицы", "единиц")
            text += t["calc"].format(price=thousands(p), total=thousands(p * n), count=n, units=units, site=thousands(s))
    searched = dated_clause(messages, lang, _SEARCH)
    due = t["due"].format(date=say_date(searched[0] + timedelta(days=30), lang)) if searched else ""
    text += t["auto"].format(due=due)
    return Step(key="warehouse_loss", text=text,
                sections=((_WAREHOUSE, "Сколько компенсирует Ярмарка за товар на складе"), (_WAREHOUSE, "Автоматическая компенсация после поиска на складе")))


# «Компенсацию начислили по 2 990 ₽ — это цена со скидкой в акции… Почему считаете по акционной цене?»: the rule (the documents, capped
# by the site price at the moment of the loss), with a note for the operator to check that price
_WHY_PRICE = re.compile(r"(?:почему|зачем|на каком основании)[^?.!]{0,30}(?:по (?:\w+ )?цен\w*|по акци\w*|акционн\w*)|по какой цене (?:\w+ )?(?:счита|посчита|начисл|рассчит)", re.IGNORECASE)
_WHY_PRICE_TEXT = ("Компенсация за товар, утерянный на складе Ярмарки, равна его стоимости по вашим документам — накладной, счёт-фактуре или УПД, — "
                   "но не выше цены товара на сайте на момент утери. Если в этот момент товар продавался по акционной цене, верхней границей "
                   "становится она, даже когда по документам стоимость выше.")
_WHY_PRICE_NOTE = ("[Оператору: до отправки проверьте по истории цен, какой была цена товара на сайте на дату утери, и впишите её; если она выше "
                   "начисленной, замените последнее предложение тем, что компенсацию пересчитают, и передайте расчёт в выделенную группу.]")


def warehouse_price_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """Why a warehouse loss was compensated at a (promotional) price: the rule and its cap, with a note to check the site price on the
    day of the loss."""
    if audience != "seller" or lang != "ru" or not _AT_WAREHOUSE.search(customer_text) or not re.search(r"компенс", customer_text, re.IGNORECASE) \
            or not _WHY_PRICE.search(ask.text):
        return None
    return Step(key="warehouse_price", text=_WHY_PRICE_TEXT, sections=((_WAREHOUSE, "Сколько компенсирует Ярмарка за товар на складе"),),
                note=_WHY_PRICE_NOTE)


# «По той же поставке 2 единицы на складе повредили, упаковка порвана — это тоже компенсируется?»: yes, on the same terms; only
# the packaging torn and the goods still sellable is decided by a check; the seller's own claim within 60 days, with what it holds
_DAMAGED_AT_WAREHOUSE = re.compile(r"повредил\w*|поврежд\w*|порван\w*|разбил\w*|damaged", re.IGNORECASE)
_ALSO_COMPENSATED = re.compile(r"(?:тоже|также|это) (?:\w+ )?компенсир\w*|компенсир\w*[^?.!]{0,15}\?|положена ли компенсац", re.IGNORECASE)
_PACKAGING = re.compile(r"упаковк\w*", re.IGNORECASE)
_DAMAGE_TEXT = {
    "yes": "Да, повреждение товара на складе Ярмарки тоже компенсируется — по стоимости по вашим документам, но не выше цены на сайте.",
    "packaging": " Если повреждена только упаковка, а товар можно продать, решение о компенсации принимают по итогам проверки.",
    "claim": " По этим единицам подайте претензию в «Кабинете продавца» в течение 60 дней с момента, когда расхождение появилось в отчёте: "
             "укажите артикулы, количество и номер поставки и приложите документы о стоимости товара и фото повреждений.",
}


def warehouse_damage_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A seller's goods damaged at the warehouse, «это тоже компенсируется?»: yes (documents, capped by the site price), the
    check when only the packaging is torn, and the claim within 60 days with what it holds."""
    if audience != "seller" or lang != "ru" or not (_DAMAGED_AT_WAREHOUSE.search(ask.text) and _AT_WAREHOUSE.search(ask.text)) \
            or not _ALSO_COMPENSATED.search(ask.text):
        return None
    t = _DAMAGE_TEXT
    text = t["yes"] + (t["packaging"] if _PACKAGING.search(ask.text) else "") + t["claim"]
    return Step(key="warehouse_damage", text=text,
                sections=((_WAREHOUSE, "Сколько компенсирует Ярмарка за товар на складе"), (_WAREHOUSE, "Претензия продавца в течение 60 дней")))


# «Покупатель получил люстру с разбитым плафоном, курьер составил акт. Как мне получить компенсацию, в какие сроки подавать?»:
# goods damaged or lost in delivery — the seller's claim within 14 days, what it holds, the 10 business days, the amount
_IN_DELIVERY = re.compile(r"покупател\w*[^.!?]{0,40}(?:получил\w*|пришл\w*)[^.!?]{0,40}(?:разбит|поврежд|слома|треснут|порван|помят)|"
                          r"(?:разбит|поврежд|слома|утерян|потерян|потерял)\w*[^.!?]{0,30}(?:при доставке|в доставке|в пути|курьер\w*)|"
                          r"(?:при доставке|в доставке|в пути|курьер\w*)[^.!?]{0,30}(?:разбит|поврежд|слома|утерял|потерял)\w*|статус\w* «утерян»|"
                          r"(?:damaged|broken|lost) (?:in|during) (?:delivery|transit)|buyer (?:got|received)[^.!?]{0,40}(?:broken|damaged|smashed|cracked)", re.IGNORECASE)
_CLAIM_HOW = re.compile(r"как (?:мне |нам )?(?:получить|оформить|подать|запросить)[^?.!]{0,20}(?:компенсац|претензи)|(?:в какие|какие) сроки[^?.!]{0,15}(?:подава|пода)|"
                        r"куда (?:\w+ )?(?:подава|пода|писать)|how (?:do|can) (?:we|i) (?:get|claim|file)[^?.!]{0,25}(?:compensat|claim)", re.IGNORECASE)
_DELIVERY_CLAIM = {
    "ru": ("Компенсацию за товар, утерянный или повреждённый при доставке, вы получаете по претензии в «Кабинете продавца»: подайте её в течение "
           "14 дней с даты события и приложите фото товара и упаковки со всех сторон, фото маркировки и акты{act}. Рассматривают претензию "
           "в течение 10 рабочих дней с даты подачи; компенсация — стоимость товара по вашим документам, но не выше цены на сайте, — приходит "
           "со следующей еженедельной выплатой после решения.",
           " — в том числе акт, который составил курьер",
           (("seller/delivery-damage-compensation", "Как подать претензию в течение 14 дней"), ("seller/delivery-damage-compensation", "Сроки рассмотрения претензии"),
            ("seller/delivery-damage-compensation", "Размер и сроки выплаты компенсации"))),
    "en": ("You get compensation for goods lost or damaged in delivery by a claim in the Seller Account: file it within 14 days of the event, with "
           "photos of the item and its packaging from all sides, photos of the labels and the handover certificates{act}. The claim is reviewed "
           "within 10 business days of filing; the compensation — the value of the goods by your documents, but not above the site price — comes "
           "with the next weekly payout after the decision.",
           ", including the report the courier drew up",
           (("seller/en/delivery-damage-compensation", "How to file a claim within 14 days"), ("seller/en/delivery-damage-compensation", "Claim review time"),
            ("seller/en/delivery-damage-compensation", "Amount and timing of the compensation payment"))),
}
_COURIER_ACT = re.compile(r"курьер\w* (?:составил|оформил|подписал)\w* акт|акт\w*[^.!?]{0,20}курьер|courier (?:drew up|made|signed) (?:a |the )?(?:report|certificate)", re.IGNORECASE)
_DELIVERY_CLAIM_NOTE = {
    "ru": "[Оператору: 14 дней считаются с даты события по заказу — статуса «утерян» или акта о повреждении; до отправки впишите эту дату и "
          "последний день подачи претензии.]",
    "en": "[To the operator: the 14 days run from the event in the order — the \"lost\" status or the damage report; before sending, add that date "
          "and the last day to file the claim.]",
}


def delivery_claim_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A seller's goods lost or damaged in delivery, «как получить компенсацию, в какие сроки подавать?»: the claim in 14 days with what
    it holds (the courier's report, when there is one), its 10 business days and the amount; a note for the operator to name the day
    the 14 days run from, which the order shows and the thread does not."""
    if audience != "seller" or lang not in _DELIVERY_CLAIM or not _IN_DELIVERY.search(customer_text) or _AT_WAREHOUSE.search(customer_text) \
            or not _CLAIM_HOW.search(ask.text):
        return None
    text, act, sections = _DELIVERY_CLAIM[lang]
    return Step(key="delivery_claim", text=text.format(act=act if _COURIER_ACT.search(customer_text) else ""), sections=sections,
                note=_DELIVERY_CLAIM_NOTE[lang])


# "The payout is tomorrow — will the 49,900 be in it or not? If not, then in which one?" with the claim still undecided: compensation comes
# with the next weekly payout after the decision, so no payout can be named before it
_IN_WHICH_PAYOUT = re.compile(r"(?:будет|придёт|придет|попад\w*|войд\w*)[^?.!]{0,40}(?:в (?:эту|ближайшую|следующую|завтрашнюю) )?выплат|в как(?:ую|ой) (?:\w+ )?выплат|"
                              r"(?:be|come|included) in (?:it|the|this|tomorrow's|the next) ?(?:payout)?|in which (?:one|payout)", re.IGNORECASE)
_UNDECIDED = re.compile(r"решени\w* (?:ещё |еще |пока )?нет|на рассмотрении|не рассмотр\w*|no decision|under review|still (?:pending|being reviewed)", re.IGNORECASE)
_IN_WHICH_PAYOUT_TEXT = {
    "ru": ("Компенсация по претензии выплачивается со следующей еженедельной выплатой после решения. Пока решения нет, назвать выплату, в которую "
           "она попадёт, мы не можем: это станет ясно, когда решение будет принято.",
           ("seller/delivery-damage-compensation", "Размер и сроки выплаты компенсации")),
    "en": ("Compensation on a claim is paid with the next weekly payout after the decision. While there is no decision, we cannot name the payout it "
           "will be in: that becomes clear once the decision is made.",
           ("seller/en/delivery-damage-compensation", "Amount and timing of the compensation payment")),
}


def in_which_payout_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """Which payout a claim's compensation comes with, asked while the claim is undecided: the one after the decision, none nameable yet."""
    if audience != "seller" or lang not in _IN_WHICH_PAYOUT_TEXT or not _IN_WHICH_PAYOUT.search(ask.text) or not _UNDECIDED.search(customer_text) \
            or not re.search(r"претензи|claim", customer_text, re.IGNORECASE):
        return None
    text, section = _IN_WHICH_PAYOUT_TEXT[lang]
    return Step(key="in_which_payout", text=text, sections=(section,))


# «Кто мне компенсирует пени поставщику за просрочку — это ваша задержка»: losses from a late payout are not promised in chat; the claim
_LATE_PAYOUT_LOSS = re.compile(r"(?:компенсир\w*|возмест\w*|оплат\w*|заплат\w*)[^?.!]{0,40}(?:пен[иья]\w*|неустойк\w*|убытк\w*|процент\w*|штраф\w* поставщик)|"
                               r"(?:пен[иья]\w*|неустойк\w*|убытк\w*)[^?.!]{0,40}(?:компенсир\w*|возмест\w*)", re.IGNORECASE)
_LATE_PAYOUT_LOSS_TEXT = ("Компенсацию потерь из-за задержки выплаты — пеней поставщику, процентов — мы в чате пообещать не можем. Такое требование "
                          "подаётся письменной претензией через «Кабинет продавца» (раздел обращений, тип «Претензия») с расчётом и документами; "
                          "ответ на неё даётся в течение 10 рабочих дней.")


def late_payout_loss_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A seller's losses from a late payout (a supplier's penalty): not promised by support; the written claim, with its 10 business days."""
    if audience != "seller" or lang != "ru" or not _LATE_PAYOUT_LOSS.search(ask.text) or not re.search(r"выплат", customer_text, re.IGNORECASE):
        return None
    return Step(key="late_payout_loss", text=_LATE_PAYOUT_LOSS_TEXT,
                sections=(("seller/payouts", "Что оператор может обещать по выплатам"), ("seller/disputes", "Как подать претензию через «Кабинет продавца»")))


# «Выплата 1 апреля пришла, а компенсации 11 500 в ней нет. Мне обещали. Где деньги?»: a compensation promised with a payout
# that did not come with it — why, and seeing it paid, is the dedicated group's (or ours within 24 hours)
_PROMISED_WITH_PAYOUT = re.compile(r"компенсаци\w*[^.!?]{0,40}(?:будет выплачен\w*|придёт|придет|поступит|перечисл\w*)", re.IGNORECASE)
_NOT_IN_PAYOUT = re.compile(r"компенсаци\w*[^.!?]{0,30}(?:нет|не пришл\w*|не поступил\w*)|(?:нет|не пришл\w*|не поступил\w*)[^.!?]{0,20}компенсаци", re.IGNORECASE)
_WHERE_MONEY = re.compile(r"где (?:\w+ )?(?:деньги|компенсаци\w*|выплат\w*)|когда (?:\w+ )?(?:придёт|придет|будет|перечисл\w*)", re.IGNORECASE)
_MISSED_COMPENSATION = {
    # (the apology above says the promise was broken: this says who finds out why, and that the money is seen through)
    "handed": "Почему деньги по компенсации не пришли с обещанной выплатой, выяснит выделенная группа, которой мы передаём обращение, — "
              "она же проследит, чтобы компенсация пришла.",
    "ours": "Почему деньги по компенсации не пришли с обещанной выплатой, мы выясним и в течение 24 часов сообщим вам в этом чате, когда она придёт.",
}


def missed_compensation_step(ask: Ask, customer_text: str, lang: str, audience: str, messages: Sequence[Message] = (),
                             escalated: bool = False) -> Step | None:
    """«Где деньги?» about a seller's compensation promised with a payout that came without it: not paid, and who finds out."""
    promised = any(m.role != "customer" and _PROMISED_WITH_PAYOUT.search(m.text) for m in messages)
    if audience != "seller" or lang != "ru" or not promised or not _NOT_IN_PAYOUT.search(customer_text) or not _WHERE_MONEY.search(ask.text):
        return None
    sections: tuple[tuple[str, str], ...] = (("seller/payouts", "Компенсации и возвраты в выплате"),)
    if not escalated:
        sections += (ANSWER_LATER[lang],)
    return Step(key="missed_compensation", text=_MISSED_COMPENSATION["handed" if escalated else "ours"], sections=sections)
