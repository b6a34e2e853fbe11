"""Steps about the goods themselves (`next_step.step_for` tries them with the others): goods the law does not
take back without a defect, a technically complex item after 15 days, an ask with two outcomes («довезут
или вернут деньги?») for a missing, wrong or damaged item, how to return goods without a defect, what
becomes of the order's points after a return or a cancellation, and a warranty repair (its 45 days, a substitute
item), resending a wrong item by a named day, goods damaged in delivery, and handing a return in at a pickup point
(goods with a defect: defect_steps.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from copilot.analysis.topics import topics_of
from copilot.domain import Ask, Message
from copilot.drafting.defect_steps import REPLACEMENT
from copilot.drafting.figures import REPAIR_DAYS, handed_in_date, last_customer_day, plural, points_dates, say_date, when_said
from copilot.drafting.situations import days_held, situations, thread_situations
from copilot.drafting.step import ANSWER_LATER, Step

# goods the law does not take back when they have no defect (perfume, underwear…): the rule the customer
# runs into («приложение пишет, что товар не подлежит возврату»), not the 7-day rule for other goods
_NONRETURNABLE = {
    "ru": "Парфюмерия и косметика, нательное бельё и предметы личной гигиены надлежащего качества по закону не подлежат возврату "
          "(перечень, утверждённый Постановлением Правительства РФ № 2463 от 31.12.2020), поэтому оформить такой возврат нельзя. "
          "Это ограничение касается только товаров без недостатков: если у товара есть брак, его можно вернуть по правилам для некачественных товаров.",
    "en": "Perfume and cosmetics, underwear and personal hygiene items of proper quality cannot be returned under the law (Government Decree "
          "No. 2463 of 31 December 2020), so such a return cannot be placed. This applies only to goods without a defect: a faulty item can "
          "be returned under the rules for defective goods.",
}
_NONRETURNABLE_SECTIONS = {"ru": ("buyer/return-proper-quality", "Какие товары надлежащего качества не возвращаются"),
                           "en": ("buyer/en/return-proper-quality", "Goods that cannot be returned if there is no defect")}
_RETURN_MATTERS = {"return", "refund", "other"}


def nonreturnable_step(ask: Ask, happened: frozenset[str], lang: str, audience: str) -> Step | None:
    """The rule on non-returnable goods for an ask about returning perfume or underwear that has no defect
    (`happened`: situations.py reads «духи», «бельё» and a defect); None otherwise."""
    if audience != "buyer" or lang not in _NONRETURNABLE or not happened & {"returnability:nonreturnable", "tech:complex"}:
        return None
    if happened & {"goods:faulty", "goods:damaged", "goods:wrong", "part:missing"} or ask.topic not in _RETURN_MATTERS:
        return None
    if "returnability:nonreturnable" not in happened:
        # «It works fine, I just don't like it — I want to return it»: a working smartphone is not returned for a change of mind
        if "goods:proper" not in happened:
            return None
        return Step(key="nonreturnable", text=_TECHNICAL[lang], sections=(_TECHNICAL_SECTIONS[lang],))
    return Step(key="nonreturnable", text=_NONRETURNABLE[lang], sections=(_NONRETURNABLE_SECTIONS[lang],))


_TECHNICAL = {
    "ru": "Технически сложный товар надлежащего качества — исправный смартфон, ноутбук, планшет, телевизор, крупную бытовую технику — вернуть "
          "только потому, что он не подошёл, по закону нельзя: такие товары входят в перечень невозвратных (Постановление Правительства РФ "
          "№ 2463 от 31.12.2020). Если в товаре обнаружится недостаток, его можно будет вернуть по правилам для товаров с браком.",
    "en": "A technically complex item of proper quality — a working smartphone, laptop, tablet or TV — cannot be returned under the law just "
          "because it did not suit you: such goods are on the government list of non-returnable goods (Government Decree No. 2463 of 31 "
          "December 2020). If a defect turns up, the item can be returned under the rules for defective goods.",
}
_TECHNICAL_SECTIONS = {"ru": ("buyer/technically-complex-goods", "Можно ли вернуть исправный смартфон, ноутбук или телевизор"),
                       "en": ("buyer/en/return-proper-quality", "Goods that cannot be returned if there is no defect")}


# a technically complex item (a phone, a laptop, a TV) with a defect found more than 15 days after receipt:
# a refund or a replacement only on the law's three grounds, else warranty repair — never «деньги вернутся»
_TECH_AFTER_15 = {
    "ru": "С момента получения прошло больше 15 дней, поэтому вернуть деньги или заменить технически сложный товар можно только в трёх случаях "
          "(п. 1 ст. 18 ЗоЗПП): существенный недостаток; ремонт дольше 45 дней; более 30 дней за год гарантии, когда товаром нельзя было "
          "пользоваться из-за устранения недостатков. Существенный ли недостаток, устанавливает проверка качества, а при споре — экспертиза; "
          "в остальных случаях у вас есть право на бесплатный гарантийный ремонт.",
    "en": "More than 15 days have passed since you received it, so a technically complex item can be refunded or replaced only in three cases "
          "(Article 18, paragraph 1): the defect is significant; the repair deadlines were broken; or it could not be used for more than 30 days "
          "in total during a warranty year because of repairs. Whether the defect is significant is shown by the quality check, and in a "
          "dispute by an independent expertise; otherwise you have the right to free warranty repair.",
}
_TECH_SECTIONS = {"ru": ("buyer/technically-complex-goods", "Брак в технически сложном товаре после 15 дней"),
                  "en": ("buyer/en/defective-goods", "Technically complex goods with a defect")}
# after 15 days the claim may still be made (the quality check decides), by the same path as within them
_TECH_CLAIM = {"ru": ("Заявить о недостатке можно и сейчас: «Заказы» → заказ → «Вернуть товар» → «Брак»; опишите, что происходит с товаром, — "
                      "с этого обращения и начинается проверка качества.",
                      ("buyer/technically-complex-goods", "Брак в технически сложном товаре в первые 15 дней")),
              "en": ("You can still claim the defect now: open the order in the app, choose \"Return item\" with the reason \"Defect or damage\", describe what is wrong and "
                     "attach photos or a video — that claim is what starts the quality check.",
                     ("buyer/en/defective-goods", "Quality check and independent expertise for defective goods"))}
_WANTS_MONEY_OR_SWAP = re.compile(r"вернуть|верните|возврат|деньг|замен|обменя|refund|return|replace|money back", re.IGNORECASE)


# within 15 days: any defect, no proof of how serious it is («нужно ли доказывать, что это существенный недостаток?»)
_TECH_WITHIN_15 = {
    "ru": "Технически сложный товар с любым недостатком, обнаруженным в течение 15 дней с момента получения, можно вернуть с возвратом денег "
          "или заменить на такой же без дополнительных условий (ст. 18 ЗоЗПП): насколько серьёзен дефект, значения не имеет, доказывать "
          "существенность недостатка не нужно.",
}
_TECH_WITHIN_SECTIONS = {"ru": ("buyer/technically-complex-goods", "Брак в технически сложном товаре в первые 15 дней")}


def tech_after_15_step(ask: Ask, happened: frozenset[str], thread_text: str, lang: str, audience: str) -> Step | None:
    """For an ask for money back or a replacement of a technically complex item with a defect: after 15 days,
    the three grounds; within 15 days (the customer says how long they have had it), any defect will do and
    nothing needs proving. None when the thread does not say when the item came."""
    if audience != "buyer" or lang not in _TECH_AFTER_15 or "goods:faulty" not in happened:
        return None
    if "tech_complex" not in topics_of(thread_text) or not _WANTS_MONEY_OR_SWAP.search(ask.text):
        return None
    if "age15:after" in happened:
        if _REGISTERED.search(thread_text) or lang not in _TECH_CLAIM:
            return Step(key="tech_after_15", text=_TECH_AFTER_15[lang], sections=(_TECH_SECTIONS[lang],))
        # the claim that starts the quality check, which decides whether the defect is substantial
        how, section = _TECH_CLAIM[lang]
        return Step(key="tech_after_15", text=f"{_TECH_AFTER_15[lang]} {how}", sections=(_TECH_SECTIONS[lang], section))
    if "age15:within" in happened and lang in _TECH_WITHIN_15:
        return Step(key="tech_within_15", text=_TECH_WITHIN_15[lang], sections=(_TECH_WITHIN_SECTIONS[lang],))
    return None


# «Её довезут или вернут деньги?», «Мне нужен мой блендер или деньги», «Хочу либо замену, либо деньги»: an ask
# with two outcomes gets both, as the policy gives the choice to the customer, not half of it
_EITHER = re.compile(r"\b(?:или|либо)\b[^?.!]{0,30}(?:деньг|возврат\w* (?:денег|средств))|(?:деньг\w*|возврат\w*)\s*,?\s+(?:или|либо)\b|"
                     r"\bor (?:a |my |the )?(?:refund|money)|(?:refund|money back),? or\b", re.IGNORECASE)
_WHAT_WILL_YOU_DO = re.compile(r"что вы (?:собираетесь|будете|планируете|намерены) (?:с этим )?делать|что будете делать|"
                               r"^(?:(?:и|а|ну|так)\s+)?что (?:(?:мне|нам)\s+)?(?:(?:теперь|же|тогда|дальше)\s+)?(?:мне\s+|нам\s+)?делать\W*$|"
                               r"what (?:are|will) you (?:going to )?do(?: about it)?|^(?:so |and )?what (?:do|should) (?:i|we) do(?: now)?\W*$|^(?:so |and )?what now\W*$", re.IGNORECASE)
# «Вернут ли мне 7 490 ₽?», "Will I get my money back?": the refund the choice offers answers it
_MONEY_BACK_Q = re.compile(r"вернут ли (?:мне |нам )?(?:мои |свои )?(?:деньги|средства|\d)|(?:will|do|can) i get (?:my |the )?(?:money|refund)(?: back)?\b", re.IGNORECASE)
_REGISTERED = re.compile(r"(?:оформил\w*|создал\w*|зарегистрировал\w*) (?:обращение|заявк\w*)|(?:opened|filed|registered|created) (?:a |the )?(?:case|claim|request)",
                         re.IGNORECASE)
_CHOICE = {
    ("ru", "part:missing"): (
        "Недостающий товар — ошибка в заказе, и исправляет её Ярмарка, к продавцу обращаться не нужно.",
        "Оформите обращение: «Заказы» → заказ → «Проблема с заказом» → «Не хватает товара», с фото содержимого посылки и этикетки.",
        "Выбор за вами: мы дошлём недостающий товар, если он есть в наличии, или вернём за него деньги — возврат запускается в течение 24 часов "
        "после подтверждения недовложения.",
        (("buyer/partial-delivery", "Если товара нет в посылке: недовложение"), ("buyer/partial-delivery", "Возврат денег за недостающий товар"))),
    ("ru", "goods:wrong"): (
        "",
        "Оформите обращение: «Заказы» → заказ → «Проблема с заказом» → «Пришёл не тот товар», с фото товара, этикетки со штрихкодом и упаковки.",
        "Выбор за вами: мы отправим правильный товар, если он есть в наличии, или вернём деньги. Неверный товар Ярмарка заберёт бесплатно — "
        "через пункт выдачи или курьером; деньги отправляются в течение 24 часов после его приёмки.",
        (("buyer/wrong-item", "Как оформить обращение о неверном товаре"), ("buyer/wrong-item", "Возврат денег или досыл правильного товара"))),
    ("ru", "goods:damaged"): (
        "",
        "Оформите обращение: «Заказы» → заказ → «Вернуть товар» → «Брак или повреждение», с фото товара, упаковки и транспортной коробки.",
        "Выбор за вами: замена, если товар есть в наличии, или возврат денег. Повреждённый товар Ярмарка заберёт бесплатно — через пункт выдачи "
        "или курьером; деньги по такому требованию возвращаются в течение 10 дней, замена — в течение 7 дней (20 дней, если нужна дополнительная проверка).",
        (("buyer/damaged-in-delivery", "Если повреждение обнаружено уже дома"), ("buyer/damaged-in-delivery", "Кто отвечает за повреждение при доставке"))),
    ("en", "goods:wrong"): (
        "",
        "Please report it in the app: open the order, choose \"Problem with the order\" and add photos of the item, its label and the package.",
        "The choice is yours: we send the correct item if it is in stock, or refund you in full. The wrong item is collected "
        "free of charge by courier or handed in at a pickup point, and the refund is initiated within 24 hours of the return being accepted.",
        (("buyer/en/wrong-item", "What the buyer needs to report a wrong or incomplete item"), ("buyer/en/wrong-item", "Options for the buyer: refund or resend"))),
    ("en", "part:missing"): (
        "",
        "Please report it in the app: open the order, choose \"Problem with the order\" and add photos of what came in the parcel and its label.",
        "The choice is yours: we send the missing part if it is in stock, or refund you for it.",
        (("buyer/en/wrong-item", "What the buyer needs to report a wrong or incomplete item"), ("buyer/en/wrong-item", "Options for the buyer: refund or resend"))),
}
_LANGS_WITH_CHOICE = {lang for lang, _ in _CHOICE}
# «Мне нужны деньги назад, новую у вас брать не буду»: the customer has chosen the refund — the choice is not offered again
_WANTS_MONEY = re.compile(r"(?:нужны|верните|хочу|требую)\s+(?:мне\s+|свои\s+)?деньги|деньги назад|возврат денег|(?:нов\w*|замен\w*|друг\w*)[^.!?]{0,25}не (?:буду|надо|нужн\w*|хочу)|"
                          r"money back|(?:a )?refund instead|(?:don't|do not) want (?:a )?(?:new one|replacement|resend)", re.IGNORECASE)
_CHOSEN_REFUND = {
    ("ru", "part:missing"): "Раз вам нужны деньги, выберите в обращении возврат за недостающий товар — он запускается в течение 24 часов после "
                            "подтверждения недовложения.",
    ("ru", "goods:wrong"): "Раз вам нужны деньги, а не повторная отправка, выберите в обращении возврат денег. Неверный товар Ярмарка заберёт "
                           "бесплатно — через пункт выдачи или курьером; деньги отправляются в течение 24 часов после его приёмки.",
    ("ru", "goods:damaged"): "Раз вам нужны деньги, выберите в обращении возврат денег. Повреждённый товар Ярмарка заберёт бесплатно — через пункт "
                             "выдачи или курьером; деньги по такому требованию возвращаются в течение 10 дней.",
    ("en", "goods:wrong"): "Since you want your money back rather than a resend, choose a refund in the claim. The wrong item is collected free of "
                           "charge by courier or handed in at a pickup point, and the refund is initiated within 24 hours of the return being accepted.",
}
_CHOSEN_REFUND[("en", "part:missing")] = "Since you want your money back rather than a resend, choose a refund for the missing part in the claim."


def choice_step(ask: Ask, happened: frozenset[str], thread_text: str, customer_text: str, lang: str, audience: str) -> Step | None:
    """Both outcomes the policy offers, for an ask that names two («довезут или вернут деньги?») about an item
    missing from the parcel, a wrong item or one damaged in delivery, and for the complaint that reports it
    when the customer asks that elsewhere (the ask then points at this paragraph); how to report it unless an
    operator already registered the case. A customer who has chosen the money («новую брать не буду») is told
    how to take the refund, not offered the choice again."""
    if audience != "buyer" or lang not in _LANGS_WITH_CHOICE:
        return None
    if _EITHER.search(ask.text) or _WHAT_WILL_YOU_DO.search(ask.text) or _WANTS_MONEY.search(ask.text) or _MONEY_BACK_Q.search(ask.text):
        # «Так её довезут?» after «лопатки нет в посылке» two messages earlier; «Что вы собираетесь делать?» after
        # «в коробке кирпич»: what the policy does about it
        seen = happened | situations(thread_text)
    elif ask.kind == "complaint" and (_EITHER.search(customer_text) or situations(ask.text) & {"goods:wrong", "part:missing"}):
        seen = situations(ask.text)  # the complaint itself reports the item («got a pink kids' T-shirt»): how to report it, the choice
    else:
        return None
    key = next(((lang, name) for name in ("part:missing", "goods:wrong", "goods:damaged") if name in seen and (lang, name) in _CHOICE), None)
    if key is None:
        return None
    whose, how, choice, sections = _CHOICE[key]
    if _WANTS_MONEY.search(customer_text) and key in _CHOSEN_REFUND:
        choice = _CHOSEN_REFUND[key]
    if how and lang in _HELD:
        # «Фото прикладываю», «Всё снял на видео при распаковке»: what the customer already has goes with the claim, not asked for again
        held = [k for k, pattern in (("photos", _PHOTOS_SENT), ("video", _VIDEO_HELD)) if pattern.search(customer_text)]
        if held:
            how = how.rstrip(".") + "".join(_HELD[lang][k] for k in held) + "."
    parts = [whose, "" if _REGISTERED.search(thread_text) else how, choice]
    return Step(key="choice", text=" ".join(p for p in parts if p), sections=sections)


_VIDEO_HELD = re.compile(r"(?:снял\w*|записал\w*|есть)\s+(?:\w+\s+){0,2}(?:на\s+)?видео|видео\w*\s+(?:распаковк|есть)|(?:recorded|filmed|have)\s+(?:\w+\s+){0,2}(?:on\s+)?video|unboxing video",
                         re.IGNORECASE)
_HELD = {"ru": {"photos": "; фото, которые вы прислали, приложите к нему или мы приложим их сами",
                "video": "; приложите и видео распаковки, которое вы сняли, — это важное подтверждение"},
         "en": {"photos": "; the photos you sent can go with it, or we will attach them ourselves",
                "video": "; attach the unboxing video you recorded too — it is important evidence"}}


# «Хочу вернуть крышку, не подошла — можно так?», "How do I even do this?" while returning jeans: whether and how
# to return goods without a defect, with the 7 days counted from what the customer says
_RETURN_ASK = re.compile(r"хочу (?:её |его |их )?вернуть(?!\s+(?:деньг|средств|оплат))|как (?:мне )?(?:её |его |их )?(?:вернуть|оформить возврат|сдать)(?!\s+(?:деньг|средств))|можно (?:ли )?(?:её |его |их )?(?:вернуть|сдать)(?!\s+(?:деньг|средств))|"
                         r"можно так\b|want to return|how (?:do|can) i (?:return|send (?:it|them) back)|can i return|"
                         r"how do i (?:even )?do (?:this|that|it)", re.IGNORECASE)
_RETURN_THREAD = re.compile(r"вернуть|возврат|\breturn", re.IGNORECASE)
_NOT_PLAIN = ("goods:faulty", "goods:damaged", "goods:wrong", "part:missing", "returnability:nonreturnable", "age15:after", "age7:after")
_RETURN = {
    "ru": ("Вернуть товар без брака можно, если сохранены его товарный вид и ярлыки: оформите возврат в приложении — «Заказы» → заказ → "
           "«Вернуть товар», выберите товар и причину, — и сдайте его в любой пункт выдачи Ярмарки (это бесплатно) или закажите вывоз курьером.",
           "Вы получили товар {ago}, так что 7 дней на возврат ещё не прошли.",
           (("buyer/return-proper-quality", "Как оформить возврат товара без брака"), ("buyer/return-proper-quality", "Условия возврата: товарный вид и ярлыки"))),
    "en": ("You can return an item without a defect if it is unused and keeps its tags: open the order in the app, choose \"Return\", pick the item "
           "and the reason, and hand it in at any Yarmarka pickup point (free of charge) or to a courier.",
           "You received it {ago}, so you are within the 7 days.",
           (("buyer/en/return-proper-quality", "How to return an item and when the refund comes"),
            ("buyer/en/return-proper-quality", "Conditions for returning an item that has no defect"))),
}


_RETURN_WINDOW_SECTION = {"ru": ("buyer/return-proper-quality", "Срок возврата товара надлежащего качества"),
                          "en": ("buyer/en/return-proper-quality", "Deadline for returning goods of proper quality")}


def _ago(days: int, lang: str) -> str:
    if lang == "en":
        return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    if days == 0:
        return "сегодня"
    if days == 1:
        return "вчера"
    return f"{days} {plural(days, 'день', 'дня', 'дней')} назад"


_GOT_YESTERDAY = re.compile(r"получил\w* (?:её |его |их )?вчера|вчера получил\w*|got (?:it|them) yesterday|received (?:it|them) yesterday", re.IGNORECASE)


_LAST_DAY = {"ru": " Последний день для возврата — {date}.", "en": " The last day to return it is {date}."}


def return_step(ask: Ask, happened: frozenset[str], customer_text: str, lang: str, audience: str,
                messages: Sequence[Message] = ()) -> Step | None:
    """How to return goods without a defect (the app's path, a pickup point free of charge), for a customer
    who wants to or asks how; within the 7 days when they say when they got it, with the last day when the messages'
    times date it («получила 3 дня назад» in a message of 6 September: the 10th). None for a defect, a wrong or
    missing item, non-returnable goods or goods held too long: those have their own answers."""
    if audience != "buyer" or lang not in _RETURN or not _RETURN_ASK.search(ask.text) or not _RETURN_THREAD.search(customer_text):
        return None
    # what this ask and the thread report about the goods: a missing spatula does not make the lid returned
    # in the next sentence a missing item
    seen = situations(ask.text) | thread_situations(customer_text) | (happened - {"part:missing", "part:refused"})
    if any(x in seen for x in _NOT_PLAIN):
        return None
    how, within, sections = _RETURN[lang]
    days = 1 if _GOT_YESTERDAY.search(customer_text) else days_held(customer_text)
    if days is None or days > 7:
        return Step(key="return", text=how, sections=sections)
    today = last_customer_day(messages)
    last = _LAST_DAY[lang].format(date=say_date(today - timedelta(days=days) + timedelta(days=7), lang)) if today is not None else ""
    return Step(key="return", text=f"{how} {within.format(ago=_ago(days, lang))}{last}", sections=(*sections, _RETURN_WINDOW_SECTION[lang]))


# «Хочу вернуть куртку, получила 12 дней назад, в приложении пишет срок возврата истёк»: the 7 days have passed, the
# 3 months when the written return information was not given (then the return is made by hand), and a defect is another case
_EXPIRED = {
    "ru": ("Товар без брака можно вернуть в течение 7 дней после получения, а вы получили его {ago}, поэтому приложение и пишет, что срок "
           "возврата истёк. Исключение одно: если при доставке вам не дали в письменной форме информацию о порядке и сроках возврата, срок — "
           "3 месяца с получения, и тогда мы оформим возврат вручную; напишите нам, если так и было. Если же у товара обнаружился недостаток "
           "(брак), это другой случай — требования по браку (ст. 18 ЗоЗПП): оформите в приложении обращение с причиной «Брак или повреждение».",
           (("buyer/return-proper-quality", "Срок возврата товара надлежащего качества"), ("buyer/return-proper-quality", "Как оформить возврат товара без брака"),
            ("buyer/defective-goods", "Права покупателя при обнаружении брака"))),
    "en": ("An item without a defect can be returned within 7 days of receipt, and you received it {ago}, which is why the app says the "
           "return period is over. There is one exception: if you were not given written information on how and when goods can be returned "
           "at delivery, the period is 3 months from receipt — tell us if that was so. If the item turns out to have a defect, that is a "
           "different case — the remedies for a defect (Article 18): open the order in the app, choose \"Return item\" and the reason \"Defect or damage\".",
           (("buyer/en/return-proper-quality", "Deadline for returning goods of proper quality"),
            ("buyer/en/defective-goods", "What a buyer can demand for a defective item"))),
}


def expired_return_step(ask: Ask, happened: frozenset[str], customer_text: str, lang: str, audience: str) -> Step | None:
    """A return of goods without a defect asked after the 7 days (the days the customer says): why the app refuses, the
    3 months when the written return information was missing, and that a defect is another case."""
    if audience != "buyer" or lang not in _EXPIRED or "age7:after" not in happened or not _RETURN_ASK.search(ask.text) \
            or any(x in happened for x in ("goods:faulty", "goods:damaged", "goods:wrong", "part:missing", "returnability:nonreturnable")):
        return None
    days = days_held(customer_text)
    if days is None or days <= 7:
        return None
    text, sections = _EXPIRED[lang]
    return Step(key="return", text=text.format(ago=_ago(days, lang)), sections=sections)


# "Approve a full refund", «Когда вернут деньги?» for goods without a defect not yet handed back: the refund follows the
# return — sent within 24 hours of its acceptance, due by law within 10 days of the request — and the bank's time
_REFUND_ASK = re.compile(r"\brefund|money back|вернут\w* деньги|деньги вернут|возврат денег|верн\w* (?:мне )?(?:деньги|сумму|стоимость)", re.IGNORECASE)
_REFUND_SENT = re.compile(r"возврат (?:денег )?(?:оформлен|одобрен|инициирован)|деньги (?:отправ|вернул)|refund (?:has been |was )?(?:initiated|sent|approved)", re.IGNORECASE)
_RETURN_REFUND = {
    "ru": ("Деньги по возврату Ярмарка отправит в течение 24 часов после приёмки товара — до этого одобрить возврат денег нельзя; по закону они "
           "должны вернуться в течение 10 дней со дня вашей заявки на возврат. При оплате картой банк затем зачисляет их в течение до 10 рабочих "
           "дней, обычно за 3–5.",
           (("buyer/return-proper-quality", "Когда вернутся деньги за возврат"),)),
    "en": ("The refund follows the return: Yarmarka sends it within 24 hours of accepting the item — it cannot be approved before that — and by "
           "law it is due within 10 days of your return request. For a card payment, the bank then credits it in up to 10 business days, "
           "usually 3–5.",
           (("buyer/en/return-proper-quality", "How to return an item and when the refund comes"),)),
}


def return_refund_step(ask: Ask, happened: frozenset[str], customer_text: str, thread_text: str, lang: str, audience: str) -> Step | None:
    """The refund for goods without a defect the customer is about to return, for an ask about the money (not one
    already sent: `refund_step` says where that is)."""
    if audience != "buyer" or lang not in _RETURN_REFUND or "goods:proper" not in happened or not _REFUND_ASK.search(ask.text) \
            or _REFUND_SENT.search(thread_text) or any(x in happened for x in _NOT_PLAIN):
        return None
    text, sections = _RETURN_REFUND[lang]
    return Step(key="return_refund", text=text, sections=sections)


# «Баллы, которые я потратила на этот заказ, тоже не вижу», «Полторы тысячи баллов, куда они делись?», "what about
# the points" after a return or a cancellation: points spent come back at once; points earned for the order go
_POINTS = re.compile(r"балл|\bpoints\b", re.IGNORECASE)  # ("pickup point" is no points)
_ENTITLED = re.compile(r"положен|полага|компенс|compensat|entitled|owed|за (?:задержк|ожидани|неудобств)", re.IGNORECASE)
_SPENT = re.compile(r"(?:потратил\w*|потрачен\w*|списал\w*|оплатил\w*|оплачен\w*|spent|paid|used)[^.!?]{0,40}(?:балл|points?)|"
                    r"балл\w*[^.!?]{0,25}(?:потратил|потрачен|списал)|(?:plus|\+|плюс)\s*\d[\d\s]*\s*(?:балл|points?)", re.IGNORECASE)
_EARNED = re.compile(r"(?:балл\w*|points?)[^.!?]{0,25}(?:за (?:покупку|заказ|этот заказ)|начисленн\w*|earned|got for|for (?:this|the) (?:order|purchase))|"
                     r"(?:начисленн\w*|earned)[^.!?]{0,15}(?:балл|points?)|за (?:покупку|заказ|этот заказ)[^.!?]{0,30}(?:начисля|начисли|дава|дали)\w*[^.!?]{0,15}балл|"
                     r"(?:начисля|начисли)\w*\s+(?:мне\s+)?балл\w*\s+за (?:покупку|заказ)", re.IGNORECASE)
_UNDONE = re.compile(r"возврат|вернул\w*|сдал\w*|отмен\w*|\breturn\w*|cancel\w*|refund\w*", re.IGNORECASE)
_NOT_SEEN = re.compile(r"не вижу|нет на сч|не верну|не пришл|куда (?:они )?делись|пропал\w*|исчезл\w*|don't see|do not see|not there|haven't (?:come|got)|disappeared|gone|where are", re.IGNORECASE)
_POINTS_TEXT = {
    "ru": {"spent": "Баллы, потраченные на оплату заказа, возвращаются на счёт сразу при приёмке возврата или отмене заказа — ждать их, в отличие "
                    "от денег, не нужно; баланс и история видны в приложении: «Профиль» → «Баллы».",
           "missing": "Значит, они уже должны быть на вашем счёте. Раз вы их там не видите, что-то пошло не так: мы сегодня же "
                      "передаём это на проверку профильной команде и ответим вам в этом чате в течение 24 часов.",
           "missing_handed": "Значит, они уже должны быть на вашем счёте. Раз вы их там не видите, что-то пошло не так: это проверит "
                             "выделенная группа, которой мы передаём обращение.",
           "earned": "Баллы, начисленные за заказ, при возврате или отмене аннулируются — полностью или за возвращённую часть; это не штраф. "
                     "Возвращаются только баллы, которые были потрачены на оплату заказа.",
           "spent_sections": (("buyer/points-and-promo-codes", "Что происходит с баллами при возврате и отмене"),
                              ("buyer/points-and-promo-codes", "Как работают баллы Ярмарки")),
           "earned_sections": (("buyer/points-and-promo-codes", "Что происходит с баллами при возврате и отмене"),)},
    "en": {"spent": "Points spent on the order come back to your account at once when the return is accepted or the order is cancelled — "
                    "unlike the money, there is nothing to wait for.",
           "missing": "So they should already be in your account. Since you do not see them there, something went wrong: we are "
                      "passing it to the team in charge for a check today and will reply in this chat within 24 hours.",
           "missing_handed": "So they should already be in your account. Since you do not see them there, something went wrong: the "
                             "dedicated group we are handing your case to will check it.",
           "earned": "Points earned for an order are cancelled when the order is returned or cancelled; this is not a penalty. Only points "
                     "spent on paying for the order come back.",
           "spent_sections": (("buyer/en/return-proper-quality", "How to return an item and when the refund comes"),),
           "earned_sections": (("buyer/en/order-cancelled-lost", "Refund after an order is cancelled"),)},
}


_PRONOUN = re.compile(r"\b(?:они|их|them|they)\b", re.IGNORECASE)


def _about_points(ask: Ask, before: str, window: int, fallback: str = "") -> bool:
    """The ask names points, or says «они» within `window` characters after words that do («потрачено 1 500 баллов.
    Когда они вернутся?»); with no words before it in its message, `fallback` says what «они» are."""
    return bool(_POINTS.search(ask.text) or (_PRONOUN.search(ask.text) and _POINTS.search(before[-window:] or fallback)))


def points_step(ask: Ask, customer_text: str, thread_text: str, lang: str, audience: str, before: str = "", escalated: bool = False) -> Step | None:
    """What becomes of the order's points after a return or a cancellation, for an ask about them («Когда они
    вернутся?» right after «потрачено 1 500 баллов» too — `before` is the text just before the ask): points the
    customer spent come back at once (and we check if they are not there); points earned for the order are
    cancelled. Not for a compensation ask."""
    if audience != "buyer" or lang not in _POINTS_TEXT or not _about_points(ask, before, 120) or _ENTITLED.search(ask.text) or not _UNDONE.search(thread_text):
        return None
    t = _POINTS_TEXT[lang]
    if _EARNED.search(ask.text) and not _SPENT.search(ask.text):  # «Списали баллы 500 за заказ»: spent on it, not earned
        return Step(key="points", text=t["earned"], sections=t["earned_sections"])
    if not (_SPENT.search(ask.text) or _SPENT.search(customer_text)):
        return None
    if not (_NOT_SEEN.search(ask.text) or _NOT_SEEN.search(customer_text)):
        return Step(key="points", text=t["spent"], sections=t["spent_sections"])
    # «баллы которые я потратила, 500 штук, тоже не вижу»: those points, due at once, are missing — a check by the team
    # in charge, with the support standards' 24 hours (the customer's figure is not said back: the reply check reads an
    # amount of points no policy states as a promise)
    # The operator can open the points history before sending: the note says so, and what to write when they are there.
    if escalated:  # the dedicated group the ticket goes to checks them: one handover, its 24 hours said by the escalation line
        return Step(key="points", text=f"{t['spent']} {t['missing_handed']}", sections=t["spent_sections"], note=_POINTS_NOTE[lang])
    return Step(key="points", text=f"{t['spent']} {t['missing']}", sections=(*t["spent_sections"], ANSWER_LATER[lang]), note=_POINTS_NOTE[lang])


_POINTS_NOTE = {
    "ru": "[Оператору: до отправки откройте историю баллов клиента. Если потраченные баллы вернулись, замените последние два предложения "
          "абзаца датой, когда они вернулись, и тем, где их видно; если их нет — оставьте абзац как есть.]",
    "en": "[To the operator: before sending, open the customer's points history. If the spent points are back, replace the last two "
          "sentences of the paragraph with the date they came back and where to see them; if they are not, keep the paragraph as it is.]",
}


# «Мне положен подменный?», «дадут ли мне на время ремонта другую кофемашину?»: the right to a substitute item and
# that it has to be claimed; «Что с ремонтом?», «Сколько будет длиться ремонт?»: the 45 days, worked out from the
# day the customer handed the item in
_REPAIR_THREAD = re.compile(r"ремонт|repair", re.IGNORECASE)
# the item is in repair already («сдала в ремонт», «ремонт идёт», "it's been in repair")
_IN_REPAIR = re.compile(r"(?:сдал\w*|отдал\w*|отнес\w*|передал\w*|отправил\w*)[^.!?]{0,40}ремонт|в ремонте|ремонт (?:идёт|идет|длится|затянул)|"
                        r"(?:handed|sent|dropped)[^.!?]{0,30}(?:for |in )?repair|in repair|under repair", re.IGNORECASE)
_SUBSTITUTE = re.compile(r"подменн\w*|на время ремонта[^?.!]{0,50}(?:друг\w*|замен\w*|что-(?:то|нибудь))|(?:друг\w*|замен\w*)[^?.!]{0,30}на время ремонта|"
                         r"substitute|loaner|(?:another|a replacement)[^?.!]{0,30}(?:while|during) (?:the )?repair", re.IGNORECASE)
_REPAIR_STATUS = re.compile(r"что с ремонтом|где (?:мой|моя|моё|мои)\b|сколько (?:он |она |оно |они )?(?:будет |ещё |еще )?(?:длиться|идти|чинить|ремонтировать)|как долго (?:будет )?(?:длиться )?ремонт|"
                            r"когда (?:\w+ )?(?:отремонтируют|починят|закончат ремонт)|how long (?:will )?(?:the )?repair|status of (?:the |my )?repair|when will (?:the )?repair", re.IGNORECASE)
# «мне без телефона никак»: the policy reads this as a request for a substitute item during the repair
_NEEDS_IT = re.compile(r"без (?:\w+ )?(?:никак|не могу|не обойтись|как без рук)|can't (?:do|manage|live) without|cannot (?:do|manage) without", re.IGNORECASE)
# «Что будет, если ремонт затянут больше 45 дней?»
_REPAIR_LATE = re.compile(r"(?:затян\w*|дольше|больше|более|не уложат\w*|не успе\w*|просроч\w*)[^?.!]{0,25}45 дн|45 дн\w*[^?.!]{0,25}(?:пройд|истеку|закончат|не (?:отремонтир|почин|сделают|вернут))|"
                          r"(?:not|isn't|is not|aren't) (?:repaired|fixed|done) (?:with)?in 45 days|"
                          r"(?:takes?|go(?:es)?|runs?) (?:longer|over|past|beyond) (?:than )?45 days", re.IGNORECASE)
_WHERE_IS_MY = re.compile(r"где (мой|моя|моё|мои) ([а-яё]{3,})", re.IGNORECASE)
# the repair's status is in the claim's card: the operator reads it before sending
_REPAIR_NOTE = {"ru": "[Оператору: до отправки откройте карточку обращения о ремонте и впишите его текущий статус; обещание сообщить статус "
                      "в течение 24 часов оставьте, только если в карточке его нет.]",
                "en": "[To the operator: before sending, open the repair claim's card and add its current status; keep the promise to report it "
                      "within 24 hours only if the card does not show one.]"}
_YOUR = {"мой": ("Ваш", "сдан"), "моя": ("Ваша", "сдана"), "моё": ("Ваше", "сдано"), "мои": ("Ваши", "сданы")}
_REPAIR = {
    "ru": {"substitute": "На время гарантийного ремонта товара длительного пользования вы вправе потребовать подменный товар с такими же основными "
                         "свойствами (п. 2 ст. 20 ЗоЗПП), если товар не входит в перечень исключений, установленный Правительством РФ. Автоматически "
                         "он не выдаётся — требование нужно заявить: мы зафиксируем его в обращении и передадим продавцу.",
           "term": "Срок гарантийного ремонта — не больше 45 дней со дня, когда вы передали товар в ремонт{dates}. Статус ремонта, оформленного "
                   "через пункт выдачи, виден в карточке обращения в приложении; мы запросим текущий статус и сообщим его в этом чате в течение 24 часов.",
           "dates": ": вы сдали его {handed}, значит, ремонт должен быть завершён не позднее {due}",
           "ahead": "Срок гарантийного ремонта согласуется с вами письменно и по закону не может превышать 45 дней (ст. 20 ЗоЗПП) — "
                    "они считаются со дня, когда вы передадите товар в ремонт.",
           "late": "Если ремонт не закончат за 45 дней{by}, вы вправе отказаться от ремонта и потребовать возврат денег или замену товара "
                   "(ст. 18 ЗоЗПП); деньги по такому требованию возвращаются в течение 10 дней (ст. 22). Кроме того, за каждый день просрочки "
                   "положена неустойка 1% от цены товара (ст. 23) — её рассчитывает и выплачивает выделенная группа.",
           "late_by": ", то есть к {due}",
           "late_sections": (("buyer/warranty-repair", "Если ремонт затянулся дольше 45 дней"),),
           "substitute_sections": (("buyer/warranty-repair", "Подменный товар на время ремонта"),),
           "term_sections": (("buyer/warranty-repair", "Сроки гарантийного ремонта"),)},
    "en": {"substitute": "For durable goods you may ask for a substitute item with the same basic properties for the duration of the warranty repair "
                         "(Article 20, paragraph 2, of the Consumer Protection Law), unless the item is on the government exceptions list; it has to "
                         "be asked for, and we will record your request.",
           "term": "A warranty repair must take no longer than 45 days from the day the item was handed in{dates}. We will ask for the current "
                   "status of the repair and tell you in this chat within 24 hours.",
           "dates": ": you handed it in {handed}, so the repair must be finished by {due}",
           "ahead": "A warranty repair must take no longer than 45 days (Article 20 of the Consumer Protection Law), counted from the day you hand "
                    "the item in.",
           "substitute_sections": (("buyer/en/defective-goods", "Warranty repair and a substitute item"),),
           "term_sections": (("buyer/en/defective-goods", "Warranty repair and a substitute item"),)},
}


def repair_step(ask: Ask, thread_text: str, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """A warranty repair: the substitute item for «мне положен подменный?», the 45 days — with the date they end,
    when the customer says when they handed the item in — for «Что с ремонтом?» or «Сколько будет длиться?»."""
    if audience != "buyer" or lang not in _REPAIR or not _REPAIR_THREAD.search(thread_text):
        return None
    t = _REPAIR[lang]
    handed = handed_in_date(messages, lang)
    if _SUBSTITUTE.search(ask.text):
        return Step(key="substitute", text=t["substitute"], sections=t["substitute_sections"])
    if _REPAIR_LATE.search(ask.text) and "late" in t:
        by = t["late_by"].format(due=say_date(handed[0] + timedelta(days=REPAIR_DAYS), lang)) if handed else ""
        return Step(key="repair_late", text=t["late"].format(by=by), sections=t["late_sections"])
    if _REPAIR_STATUS.search(ask.text) and handed is None and not _IN_REPAIR.search(thread_text):
        # «если только ремонт, то сколько он будет длиться, мне без телефона никак»: the term ahead, and the
        # substitute item the customer's need for it asks for
        if _NEEDS_IT.search(ask.text):
            return Step(key="repair_ahead", text=f"{t['ahead']} {t['substitute']}", sections=(*t["term_sections"], *t["substitute_sections"]))
        return Step(key="repair_ahead", text=t["ahead"], sections=t["term_sections"])
    if _REPAIR_STATUS.search(ask.text):
        dates = t["dates"].format(handed=when_said(handed[0], handed[1], lang), due=say_date(handed[0] + timedelta(days=REPAIR_DAYS), lang)) if handed else ""
        text = t["term"].format(dates=dates)
        if lang == "ru" and (m := _WHERE_IS_MY.search(ask.text) or _WHERE_IS_MY.search(thread_text)):
            # «Где мой ноутбук?»: where it went, in the customer's own word for it (its status is for the check), then the term
            your, handed_over = _YOUR[m.group(1).lower()]
            text = f"{your} {m.group(2).lower()} {handed_over} в гарантийный ремонт. {text}"
        return Step(key="repair_term", text=text, sections=(*t["term_sections"], ANSWER_LATER[lang]), note=_REPAIR_NOTE.get(lang, ""))
    return None



# «Мне начислили 200 баллов, я их не вижу. Когда они появятся и до какого числа их можно потратить?»: when
# compensation points arrive and how long they last
_WHEN_POINTS = re.compile(r"когда|до какого (?:числа|дня)|сколько (?:дней )?(?:они )?действу|срок действия|сгорят|when|until when|expire|how long[^?.!]{0,20}valid",
                          re.IGNORECASE)
_POINTS_ARRIVAL = {
    "ru": ("Баллы компенсации поступают на счёт в течение 24 часов после начисления и действуют 90 дней; 1 балл = 1 ₽ при оплате заказов. "
           "Баланс и срок действия видны в приложении: «Профиль» → «Баллы»; если через сутки баллов там нет, мы проверим начисление.",
           (("buyer/points-and-promo-codes", "Баллы компенсации: срок поступления и действия"),
            ("buyer/points-and-promo-codes", "Как работают баллы Ярмарки"))),
}


def points_arrival_step(ask: Ask, customer_text: str, lang: str, audience: str, before: str = "",
                        messages: Sequence[Message] = ()) -> Step | None:
    """When compensation points arrive and how long they last, for «когда они появятся?» and «до какого числа их
    можно потратить?» about points credited (not points spent on an order that was returned: `points_step`)."""
    if audience != "buyer" or lang not in _POINTS_ARRIVAL or not _about_points(ask, before, 160, customer_text) or not _WHEN_POINTS.search(ask.text) or _ENTITLED.search(ask.text):
        return None
    if not re.search(r"начисл|компенс|credited|compensat", customer_text, re.IGNORECASE):
        return None
    text, sections = _POINTS_ARRIVAL[lang]
    if (dates := points_dates(messages, lang)) is not None:
        rule, _, rest = text.partition(" Баланс")
        text = f"{rule} {dates} Баланс{rest}" if rest else f"{text} {dates}"
    return Step(key="points_arrival", text=text, sections=sections)


# «Мне нужна правильная до пятницы, гарантируете?» about a wrong item: a resend date is not promised before the system
# shows it, and a refund is the way out when it cannot come in time
_DAYS = r"(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)\w*"
_GUARANTEE = re.compile(rf"гарантир\w*|успе(?:ет|ете|ют)\w*|(?:к|до) {_DAYS}|"
                        r"guarantee|make it (?:by|before)|(?:before|by) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)", re.IGNORECASE)
_DAY_NAMED = re.compile(rf"(?:к|до) {_DAYS}|(?:before|by) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)", re.IGNORECASE)
_RESEND_DATE = {
    "ru": ("Гарантировать доставку правильного товара {when} мы, к сожалению, не можем: он отправляется, если есть в наличии, а дату "
           "досыла мы назовём, когда её покажет система. Если к нужному вам сроку он не успевает, можно выбрать возврат денег.",
           (("buyer/wrong-item", "Что оператор может обещать при пересорте"), ("buyer/wrong-item", "Возврат денег или досыл правильного товара"))),
    "en": ("Unfortunately we cannot guarantee delivery of the correct item {when}: it is sent if it is in stock, and we can give the "
           "resend date once the system shows it. If it cannot arrive in time for you, you can choose a full refund instead.",
           (("buyer/en/wrong-item", "What the operator may and may not promise about a wrong item"),
            ("buyer/en/wrong-item", "Options for the buyer: refund or resend"))),
}


# «Когда я получу автокресло?» after a wrong item: the correct one goes as a new shipment if in stock, its date is the
# system's; out of stock, the money comes back
_WHEN_RIGHT_ONE = re.compile(r"когда (?:же )?(?:я )?(?:получу|придёт|придет|привезут|пришлёте|пришлете|отправите|доставите|будет)|"
                             r"when (?:will|do|can) (?:i|you) (?:get|receive|send)|when will (?:the|my) (?:right|correct)", re.IGNORECASE)
_RESEND_WHEN = {
    "ru": ("Правильный товар Ярмарка отправляет новой отправкой, если он есть в наличии; дата досыла появится в карточке заказа, и раньше "
           "системы назвать её мы не можем. Если нужного товара нет в наличии, досыл невозможен, и деньги за него вернутся.",
           (("buyer/wrong-item", "Возврат денег или досыл правильного товара"), ("buyer/wrong-item", "Что оператор может обещать при пересорте"))),
    "en": ("The correct item is sent as a new shipment if it is in stock; the resend date appears in the order card, and we cannot name it "
           "before the system does. If the item is out of stock, it cannot be resent, and you get your money back.",
           (("buyer/en/wrong-item", "Options for the buyer: refund or resend"),
            ("buyer/en/wrong-item", "What the operator may and may not promise about a wrong item"))),
}


# «Коляску я сдала ещё 4-го»: the wrong item the customer has already handed back, said back with its day
_HANDED_BACK = {"ru": "{what} вы сдали {when}, так что возвращать больше ничего не нужно.",
                "en": "You handed the wrong item back {when}, so there is nothing more to return."}
_WHAT_HANDED = re.compile(r"\b([а-яё]{4,})\s+(?:я\s+)?(?:уже\s+|ещё\s+|еще\s+)?(?:сдал|отнесл|отнёс|отнес|вернул)", re.IGNORECASE)
_NOT_WHAT = {"уже", "ещё", "еще", "вчера", "сегодня", "давно", "позавчера", "тоже", "также", "ведь"}


def _handed_back(messages: Sequence[Message], lang: str) -> str:
    """«Коляску вы сдали 4 апреля, …» when the customer says, with its day, that the wrong item went back."""
    found = handed_in_date(messages, lang)
    if found is None:
        return ""
    said = when_said(*found, lang)
    if lang == "en":
        return _HANDED_BACK["en"].format(when=said)
    named = next((m.group(1) for msg in messages if msg.role == "customer" for m in _WHAT_HANDED.finditer(msg.text)
                  if m.group(1).lower() not in _NOT_WHAT), "")
    what = named[:1].upper() + named[1:].lower() if named else "Неверный товар"
    return _HANDED_BACK["ru"].format(what=what, when=said)


def resend_when_step(ask: Ask, happened: frozenset[str], lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """«Когда я получу автокресло?» after a wrong item came: a new shipment if in stock, the date from the system, the
    money back if it is out of stock — after the customer's «коляску сдала 4-го» said back, where they said it. A deadline
    the customer needs («до пятницы успеете?») is `resend_date_step`'s."""
    if audience != "buyer" or lang not in _RESEND_WHEN or "goods:wrong" not in happened or not _WHEN_RIGHT_ONE.search(ask.text) \
            or _GUARANTEE.search(ask.text):
        return None
    text, sections = _RESEND_WHEN[lang]
    back = _handed_back(messages, lang)
    return Step(key="resend_when", text=f"{back} {text}" if back else text, sections=sections)


def resend_date_step(ask: Ask, happened: frozenset[str], lang: str, audience: str) -> Step | None:
    """«I need the hoodie before Friday, can you guarantee that?» after a wrong item: no date before the system shows
    it (the item may be out of stock), and a refund if it cannot come in time."""
    if audience != "buyer" or lang not in _RESEND_DATE or "goods:wrong" not in happened or not _GUARANTEE.search(ask.text):
        return None
    text, sections = _RESEND_DATE[lang]
    named = _DAY_NAMED.search(ask.text)  # «до пятницы», "before Friday": the customer's own day
    when = named.group(0) if named else {"ru": "к определённому дню", "en": "by a particular day"}[lang]
    return Step(key="resend_date", text=text.format(when=when), sections=sections)


# goods damaged in delivery («приехала в осколках», «дверца треснутая, видимо при доставке») and the customer wants the
# money back, a replacement, or asks who takes it away: Yarmarka answers for it, the claim and its photos, the free
# collection, the terms — and the 15-day limits of technically complex goods do not apply
_TAKE_AWAY = re.compile(r"кто (?:\w+ )?(?:заберёт|заберет|забирает|вывезет)|куда (?:\w+ )?(?:деть|девать|сдать)|who (?:will )?(?:collect|take|pick)", re.IGNORECASE)
_PHOTOS_SENT = re.compile(r"фото\w*[^.!?]{0,20}(?:прикладыва|приложил|прикрепил|отправил|присылаю|прислал)|(?:прикладываю|прикрепляю|прилагаю|отправляю)[^.!?]{0,20}фото", re.IGNORECASE)
_DAMAGED = {
    "claim": "За повреждение при доставке отвечает Ярмарка, к продавцу обращаться не нужно. Оформите обращение: «Заказы» → заказ → «Вернуть товар» → "
             "«Брак или повреждение»{photos}. Повреждённый товар Ярмарка забирает бесплатно — через пункт выдачи или курьером — и {remedy}.",
    "either": "возвращает деньги (в течение 10 дней, ст. 22 ЗоЗПП) или отправляет замену, если товар есть в наличии (7 дней, или 20 при дополнительной проверке)",
    # the remedy the customer demanded («деньги верните», «требую замену»), said alone: the choice is made
    "refund": "возвращает деньги: по закону — в течение 10 дней с вашего требования (ст. 22 ЗоЗПП); в обращении выберите возврат денег",
    "replacement": "отправляет замену, если такой товар есть в наличии: по закону — в течение 7 дней с вашего требования, или 20, если нужна "
                   "дополнительная проверка (ст. 21 ЗоЗПП); в обращении выберите замену",
    "attach": " и приложите фото товара, упаковки и транспортной коробки",
    "attached": "; фото, которые вы прислали, приложите к нему или мы приложим их сами",
    "tech": " Ограничения для технически сложных товаров после 15 дней здесь не действуют.",
    "sections": (("buyer/damaged-in-delivery", "Если повреждение обнаружено уже дома"),
                 ("buyer/damaged-in-delivery", "Кто отвечает за повреждение при доставке")),
}


_DAMAGED_DEMAND = re.compile(r"(?:деньги|деньгами)\s+верните|верните\s+(?:мне\s+)?деньги|(?:хочу|требую|прошу)\s+(?:вернуть\s+)?(?:деньги|возврат\w*(?:\s+денег)?|"
                             r"замен\w*|обменять)", re.IGNORECASE)


# «Деньги за них вернут или придётся отменять весь заказ?» about items missing from a delivery: no need to cancel the order —
# only the missing items' cost comes back when they are not sent, within 24 hours of the shortfall being confirmed
_WHOLE_ORDER = re.compile(r"отменять (?:весь|целый|всё|все) заказ|отменить (?:весь|целый) заказ|cancel the (?:whole|entire) order", re.IGNORECASE)
_MISSING_ONLY = {
    "ru": ("Отменять весь заказ не нужно: полученные товары остаются у вас, а если недостающие не будут досылать (их нет в наличии или вы "
           "выберете возврат денег), вернут только их стоимость — возврат начнётся в течение 24 часов после подтверждения недовложения, "
           "дальше — срок по способу оплаты.",
           (("buyer/partial-delivery", "Возврат денег за недостающий товар"),)),
}


# «Где остальные два?» about items missing from what came: first whether they travel as a separate shipment (an order splits
# into several, each with its own date), else a shortfall Yarmarka puts right itself — with the check for the operator to make
_WHERE_MISSING = re.compile(r"где (?:\w+ )?(?:остальн\w*|недостающ\w*|втор\w*|друг\w*|ещё|еще)|куда (?:\w+ )?(?:делись|пропал\w*)", re.IGNORECASE)
_WHERE_MISSING_TEXT = {
    "ru": ("Сначала мы проверяем, не едут ли они отдельной посылкой: заказ из товаров разных продавцов или складов делится на несколько "
           "отправлений, и у каждого своя дата — в карточке заказа они показаны отдельно («Отправление 2 из 2»). Если по данным заказа эти "
           "товары должны были быть в полученной посылке, это недовложение: Ярмарка сама досылает их или возвращает за них деньги — "
           "разбираться с продавцом вам не нужно.",
           (("buyer/partial-delivery", "Почему заказ приходит несколькими посылками"), ("buyer/partial-delivery", "Если товара нет в посылке: недовложение")),
           "[Оператору: до отправки проверьте в карточке заказа, не едут ли недостающие товары отдельным отправлением. Если едут — замените "
           "первое предложение абзаца их датой; если нет — оформите недовложение (досыл или возврат денег) и напишите, что оно оформлено.]"),
}


def where_missing_step(ask: Ask, happened: frozenset[str], customer_text: str, lang: str, audience: str) -> Step | None:
    """«Где остальные два?» after part of an order came: a separate shipment first, else a shortfall put right by Yarmarka,
    and the operator's check of the order card before sending."""
    if audience != "buyer" or lang not in _WHERE_MISSING_TEXT or not _WHERE_MISSING.search(ask.text) \
            or not ("part:missing" in happened or "partial" in topics_of(customer_text)):
        return None
    text, sections, note = _WHERE_MISSING_TEXT[lang]
    return Step(key="where_missing", text=text, sections=sections, note=note)


def missing_only_step(ask: Ask, happened: frozenset[str], customer_text: str, lang: str, audience: str) -> Step | None:
    """«Вернут деньги за недостающие или придётся отменять весь заказ?»: no need to cancel; only the missing items' cost."""
    if audience != "buyer" or lang not in _MISSING_ONLY or not _WHOLE_ORDER.search(ask.text) \
            or not ("part:missing" in happened or "partial" in topics_of(customer_text)):
        return None
    text, sections = _MISSING_ONLY[lang]
    return Step(key="missing_only", text=text, sections=sections)


# «Можно вернуть только разбитые тарелки, а остальное оставить?»: keeping the whole ones is the price reduction of art. 18
_KEEP_PART = re.compile(r"(?:только|лишь)\s+(?:\w+\s+){0,3}(?:разбит|поврежд|сломан|треснут|бит)\w*[^?]{0,60}(?:остальн|оставить)|"
                        r"оставить (?:себе )?(?:остальн|цел)\w*|остальное (?:себе )?оставить|"
                        r"keep the (?:rest|others|whole ones|intact)|only the (?:broken|damaged)\b[^?]{0,40}(?:keep|rest)", re.IGNORECASE)
_KEEP_PART_TEXT = {
    "ru": ("Да, целые предметы можно оставить: для этого в обращении выберите не возврат всего товара, а уменьшение цены — это одно из "
           "требований, которые закон даёт вам наравне с заменой, ремонтом и возвратом денег (ст. 18 ЗоЗПП).",
           (("buyer/damaged-in-delivery", "Если повреждение обнаружено уже дома"),)),
    "en": ("Yes, you can keep the intact pieces: in the claim, choose a price reduction instead of returning the whole item — the law gives "
           "you that remedy alongside a replacement, repair and a refund (Article 18).",
           (("buyer/en/defective-goods", "What a buyer can demand for a defective item"),)),
}


def keep_part_step(ask: Ask, happened: frozenset[str], lang: str, audience: str) -> Step | None:
    """«Можно вернуть только разбитые тарелки, а остальное оставить?» about goods damaged or faulty: yes — a price reduction."""
    if audience != "buyer" or lang not in _KEEP_PART_TEXT or not happened & {"goods:damaged", "goods:faulty"} or not _KEEP_PART.search(ask.text):
        return None
    text, sections = _KEEP_PART_TEXT[lang]
    return Step(key="keep_part", text=text, sections=sections)


# «Можно обменять на 46 размер?», "Can I just exchange them at the pickup point, or do I have to return and order again?", "I'd like
# size 34 instead.": there is no exchange — the item goes back as a return, the size wanted is ordered again
_EXCHANGE = re.compile(r"обменя\w*|обмен\b|обмена\b|поменять на (?:\w+ )?(?:размер|цвет)|(?:другой|нужный|больший|меньший) размер|размер\w* (?:побольше|поменьше)|"
                       r"\bexchange\b|swap (?:it|them) for|(?:another|a bigger|a smaller|the right) size|size \d+ instead", re.IGNORECASE)
_EXCHANGE_TEXT = {
    "ru": ("Обмена в пункте выдачи на Ярмарке нет: товар, который не подошёл, оформите как возврат — «Заказы» → заказ → «Вернуть товар» — "
           "и сдайте в любой пункт выдачи (это бесплатно), а нужный размер закажите заново отдельным заказом. Деньги за возвращённый товар "
           "придут по обычным срокам возврата.",
           (("buyer/return-proper-quality", "Обмен на другой размер или цвет"), ("buyer/return-proper-quality", "Как оформить возврат товара без брака"))),
    "en": ("There is no exchange at the pickup point on Yarmarka: return the item that did not fit — open the order in the app and choose "
           "\"Return\" — hand it in at any pickup point (free of charge), and order the size you need again as a separate order. The money for "
           "the returned item comes back on the usual refund timelines.",
           (("buyer/en/return-proper-quality", "Exchanging for another size or colour"), ("buyer/en/return-proper-quality", "How to return an item and when the refund comes"))),
}


def exchange_step(ask: Ask, happened: frozenset[str], lang: str, audience: str) -> Step | None:
    """An exchange for another size asked about goods that did not fit: a return and a new order (there is no exchange at the point).
    Not for faulty, damaged or wrong goods, which their own remedies answer."""
    if audience != "buyer" or lang not in _EXCHANGE_TEXT or not _EXCHANGE.search(ask.text) \
            or any(x in happened for x in ("goods:faulty", "goods:damaged", "goods:wrong", "part:missing")):
        return None
    text, sections = _EXCHANGE_TEXT[lang]
    return Step(key="exchange", text=text, sections=sections)


# «в пвз вскрыть не дали … Почему в пвз не дают проверить заказ, это нормально вообще?»: no — the buyer may inspect the order on receipt
_NOT_LET_CHECK = re.compile(r"(?:не (?:дали|дают|разрешили|разрешают|позволили)|запретили|запрещают)\s+(?:\w+\s+)?(?:проверить|вскрыть|осмотреть|открыть|посмотреть)|"
                            r"(?:проверить|вскрыть|осмотреть|открыть)\s+(?:\w+\s+)?(?:не (?:дали|дают|разрешили|разрешают|позволили)|нельзя)", re.IGNORECASE)
_INSPECT = {
    "ru": ("Нет, так быть не должно: вы вправе осмотреть заказ при получении — в пункте выдачи у стойки или в примерочной, а при курьерской "
           "доставке в присутствии курьера. Осмотр не обязывает сразу принять заказ: если повреждение видно, от заказа или от повреждённого "
           "товара можно отказаться на месте бесплатно.", ("buyer/damaged-in-delivery", "Проверка заказа при получении")),
}


def inspect_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A pickup point that would not let the buyer check the order, «это нормально?» / «почему не дают проверить?»: no — the right
    to inspect it on receipt, and to refuse it there."""
    if audience != "buyer" or lang not in _INSPECT or not _NOT_LET_CHECK.search(ask.text + " " + customer_text) \
            or not (_NOT_LET_CHECK.search(ask.text) or re.search(r"нормально|имеют право|можно ли так", ask.text, re.IGNORECASE)):
        return None
    text, section = _INSPECT[lang]
    return Step(key="inspect", text=text, sections=(section,))


def damaged_step(ask: Ask, happened: frozenset[str], customer_text: str, thread_text: str, lang: str, audience: str) -> Step | None:
    """Goods damaged in delivery, for «деньги верните», «требую замену», «кто заберёт сломанную?»: the claim in the app
    (with the photos, or those already sent), the free collection, the money in 10 days or a replacement in 7 — not
    the rules for a technically complex item after 15 days."""
    in_transit = "goods:damaged" in happened or {"goods:faulty", "where:in_delivery"} <= happened  # «треснутая, видимо при доставке»
    if audience != "buyer" or lang != "ru" or not in_transit or "goods:wrong" in happened:
        return None
    # «Хочу либо замену, либо деньги»: the choice step answers it, with the same claim; a second paragraph would repeat it
    if not (_WANTS_MONEY_OR_SWAP.search(ask.text) or _TAKE_AWAY.search(ask.text)) or _EITHER.search(customer_text):
        return None
    t = _DAMAGED
    demand = _DAMAGED_DEMAND.search(customer_text)
    remedy = "either" if demand is None else "replacement" if REPLACEMENT.search(demand.group(0)) else "refund"
    text = t["claim"].format(photos=t["attached"] if _PHOTOS_SENT.search(customer_text) else t["attach"], remedy=t[remedy])
    if "tech_complex" in topics_of(thread_text):
        text += t["tech"]
    return Step(key="damaged", text=text, sections=t["sections"])


# «Можно я просто сдам его в пункт выдачи?», "Can I just drop it at a pickup point instead?": yes, and it is free
_DROP_AT_POINT = re.compile(r"(?:сдать|сдам|отнести|отнесу|отвезти|отвезу)[^?.!]{0,30}(?:пвз|пункт\w* выдачи)|(?:пвз|пункт\w* выдачи)[^?.!]{0,20}(?:сдать|сдам)|"
                            r"(?:drop|hand|take|bring)[^?.!]{0,25}(?:at|to) (?:a |the |any )?(?:pickup|pick-up) point", re.IGNORECASE)
_DROP_TEXT = {
    "ru": ("Да, возврат можно сдать в любой пункт выдачи Ярмарки — для вас это бесплатно: оформите его в приложении («Заказы» → заказ → "
           "«Вернуть товар») и выберите сдачу в пункте выдачи.", ("buyer/return-proper-quality", "Как оформить возврат товара без брака")),
    "en": ("Yes, you can hand the return in at any Yarmarka pickup point instead — a return through a pickup point is free: choose it for the "
           "return in the app.", ("buyer/en/return-proper-quality", "How to return an item and when the refund comes")),
}


def drop_at_point_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """Handing a return in at a pickup point instead of waiting for a courier: yes, free of charge; and "Is returning stuff
    through a pickup point free?" asked on its own: yes, and how it is arranged."""
    if audience != "buyer" or lang not in _DROP_TEXT:
        return None
    if _RETURN_FREE.search(ask.text):
        text, section = _RETURN_FREE_TEXT[lang]
        return Step(key="drop_at_point", text=text, sections=(section,))
    if _PAY_FOR_RETURN.search(ask.text) and _RETURN_THREAD.search(customer_text):
        # "Do I pay anything for sending them back?": no — the same fact, answered the way it was asked
        text, section = _RETURN_FREE_TEXT[lang]
        how = text.split(":", 1)[1].strip()
        return Step(key="drop_at_point", text=f"{_NO_CHARGE[lang]} {how[:1].upper()}{how[1:]}", sections=(section,))
    if not _DROP_AT_POINT.search(ask.text) or not _RETURN_THREAD.search(customer_text):
        return None
    text, section = _DROP_TEXT[lang]
    if _MONEY_THE_SAME.search(ask.text):
        # «…сдам в ПВЗ сам, деньги тогда вернут так же?»: the same refund, started once the point has accepted it
        money, money_section = _DROP_MONEY[lang]
        return Step(key="drop_at_point", text=f"{text} {money}", sections=(section, money_section))
    return Step(key="drop_at_point", text=text, sections=(section,))


# the drop-off asked about with the money: «деньги тогда вернут так же?», "will I still get my refund?"
_MONEY_THE_SAME = re.compile(r"деньг\w*|средств\w*|refund|money", re.IGNORECASE)
_DROP_MONEY = {
    "ru": ("Деньги при этом возвращаются так же: Ярмарка отправляет их в течение 24 часов после того, как пункт выдачи примет возврат, "
           "дальше — срок вашего банка или способа оплаты.", ("buyer/refund-timelines", "Когда Ярмарка отправляет деньги обратно")),
    "en": ("The refund works the same way: Yarmarka starts it within 24 hours of the pickup point accepting the return, then it takes "
           "your bank's or payment method's time.", ("buyer/en/refund-timelines", "When Yarmarka starts a refund")),
}


# «Возврат через пункт выдачи бесплатный?», "Is returning stuff through a pickup point free?"
_RETURN_FREE = re.compile(r"(?:return\w*|возврат\w*|вернуть|сдать)[^?.!]{0,40}(?:pickup point|pick-up point|пвз|пункт\w* выдачи)[^?.!]{0,25}(?:free|бесплатн\w*|платн\w*|стоит|cost)|"
                          r"(?:бесплатн\w*|платн\w*|free)[^?.!]{0,10}(?:ли )?[^?.!]{0,30}(?:return\w*|возврат\w*)[^?.!]{0,30}(?:pickup point|пвз|пункт\w* выдачи)", re.IGNORECASE)
# «Надо ли платить за возврат?», "Do I pay anything for sending them back?"
_PAY_FOR_RETURN = re.compile(r"(?:платить|заплатить|оплачивать|платн\w*)[^?.!]{0,20}(?:за |)(?:возврат|отправк\w* обратно|пересылк)|сколько стоит (?:сделать |оформить )?возврат|"
                             r"(?:pay|charged?)[^?.!]{0,20}(?:for )?(?:sending (?:it|them) back|the return|returning)|(?:cost|costs) (?:anything |money )?to (?:send (?:it|them) back|return)",
                             re.IGNORECASE)
_NO_CHARGE = {"ru": "Нет, возврат через пункт выдачи для вас бесплатный.", "en": "No, a return through a pickup point costs you nothing."}
_RETURN_FREE_TEXT = {
    "ru": ("Да, возврат через пункт выдачи для вас бесплатный: оформите его в приложении («Заказы» → заказ → «Вернуть товар»), выберите товар "
           "и причину и сдайте товар в любой пункт выдачи Ярмарки.", ("buyer/return-proper-quality", "Как оформить возврат товара без брака")),
    "en": ("Yes, a return through a pickup point is free: open the order in the app, choose \"Return\", pick the item and the reason, and hand "
           "it in at a pickup point.", ("buyer/en/return-proper-quality", "How to return an item and when the refund comes")),
}
