"""Turning retrieved text into the customer's reply, sentence by sentence: which sentences of a past
answer may be reused for another ticket (nothing of another customer's case carries over), which
sentences stand alone, and the handbook's third person («покупатель», «продавец», «оператор») turned
to «вы» and «мы»."""

from __future__ import annotations

import re
from functools import lru_cache

from copilot.analysis.topics import content_stems
from copilot.text import entities
from copilot.text.sentences import split_sentences

_DROP = re.compile(
    r"^(?:здравствуйте|добрый (?:день|вечер)|спасибо за (?:обращение|ожидание|терпение)|хорошего дня|всего доброго|с уважением|"
    r"hello|hi\b|dear|thank you for (?:contacting|your patience|waiting)|have a (?:nice|good) day|best regards|kind regards)",
    re.IGNORECASE,
)
_APOLOGY = re.compile(r"\b(?:извин\w*|прошу прощения|простите|сожалеем|нам жаль|sorry|apolog\w*)\b", re.IGNORECASE)
# compensation granted in a past answer («начислили 200 баллов», «начислить баллы я не могу», "we'll
# credit"), an amount of points, a promo code: never carried into another ticket's draft
# what both grant patterns share: a credited amount, a promo code, points, "we'll credit"
_GRANTED = r"зачисл\w* \d+|промокод\w*|\d+\s*балл\w*|I(?:'ve| have| will|'ll) (?:add|credit)\w*|we(?:'ve| have| will|'ll) (?:add|credit)\w*|credit(?:ed|ing)? \d+|\d+ points|goodwill"
GRANT = re.compile(r"\b(?:начисл\w*|компенсир\w*|" + _GRANTED + ")", re.IGNORECASE)
# in a policy, only a grant by someone is one: rules on how compensation works («баллы, начисленные в
# качестве компенсации, поступают в течение 24 часов», «компенсация начисляется автоматически») are not
POLICY_GRANT = re.compile(r"\b(?:начисл(?:им|ю|ят|ил|ила|или|ено|ены|яем|яю|ить)\b|компенсир(?:уем|ую|овали|овал|овать)\b|" + _GRANTED + ")", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*(?:утра|вечера|дня)\b|\b\d{1,2}\s*(?:am|pm)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:понедельник|вторник|сред[уа]|четверг|пятниц[уа]|суббот[уа]|воскресенье|monday|tuesday|wednesday|thursday|friday|saturday|sunday|вчера|сегодня|yesterday|today)\b", re.IGNORECASE)
_NAME_LEAD = re.compile(r"^[А-ЯЁA-Z][а-яёa-z]+,\s+")
INTERNAL = re.compile(r"\b(?:(?:пиш|спрашива|говор)\w+\s*«|(?:steps|шаги|порядок действий)\s*:\s*1(?=\))|writes? “|asks? “|мы называем (?:это|такие|так)|объясните|предложите клиенту|напомните клиенту|ответ такой|(?:клиенту|покупателю|вам) можно (?:предложить|подсказать|посоветовать)|можно подсказать|мы говорим об этом|говорим спокойно|before replying|use your words|we quote|never ask|we do not apologi[sz]e|не извиняемся|мы объясняем|we explain|"
                       r"оператор\w*|operator\w*|выделенн\w+ групп\w*|dedicated group|эскалац\w*|escalat\w*|обещ\w*|promis\w*|may not|must not|cannot|не может|не вправе|запрещ\w*|не допуска\w*)\b", re.IGNORECASE)


def _we(m: re.Match) -> str:
    lead, stem, end = (m.group(1) or "").replace("сам ", "сами "), m.group(2), m.group(3)
    return f"мы {lead}{stem}{ {'ет': 'ем', 'ит': 'им', 'ёт': 'ём'}[end]}"


# a clause addressed to staff at the end of a sentence that otherwise speaks to the customer
# («…мы переносим забор бесплатно и записываем обещание в тикет: …») is cut off, not the whole sentence
_CLAUSE_CUT = re.compile(r"(?:,\s+|\s+и\s+|\s+—\s+|;\s+|,?\s+and\s+)")


def without_internal_tail(sentence: str) -> str:
    """The sentence up to the clause where staff-only wording starts, when what is left stands alone
    (six words or more); the sentence itself when the staff wording is in its head or absent."""
    m = INTERNAL.search(sentence)
    if m is None:
        return sentence
    cuts = [c.start() for c in _CLAUSE_CUT.finditer(sentence, 0, m.start())]
    if not cuts:
        return sentence
    head, tail = sentence[:cuts[-1]].rstrip(" ,;—"), sentence[cuts[-1]:].lstrip(" ,;—")
    if len(head.split()) < 6 or INTERNAL.search(head) or head.count("(") != head.count(")") or head.count("«") != head.count("»") \
            or re.match(r"(?:и\s+)?ни\b|(?:and\s+)?nor\b", tail, re.IGNORECASE) \
            or not re.search(r"\b(?:мы|вы|вам|вас|we|you)\b", re.sub(r"«[^»]*»", "", head), re.IGNORECASE):
        return sentence  # «нельзя ни в приложении, ни оператором» is one clause; a head that speaks to nobody is staff text
    return head + "."


# «Оператор переносит забор…» -> «Мы переносим забор…»; "The operator reschedules" -> "We reschedule"
_OPERATOR_AS_WE = [
    (re.compile(r"\b[Оо]ператор(?: поддержки| первой линии)? ((?:также |сам |сразу |обязательно )?(?:не )?)([а-яё]+?)(ет|ит|ёт)\b"), _we),
    (re.compile(r"\b[Tt]he (?:support )?operator (can|will|should) "), lambda m: f"we {m.group(1)} "),
    (re.compile(r"\b[Tt]he (?:support )?operator ([a-z]+?(?:e?s))\b"), lambda m: "we " + _plural_verb(m.group(1))),
]
_IRREGULAR = {"does": "do", "has": "have", "is": "are", "goes": "go", "was": "were"}


def _plural_verb(verb: str) -> str:
    """"checks" -> "check", "does" -> "do", "reschedules" -> "reschedule", "fixes" -> "fix"."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("es") and verb[:-2].endswith(("sh", "ch", "ss", "x", "o")):
        return verb[:-2]
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    return verb[:-1] if verb.endswith("s") else verb


_AND_VERB = re.compile(r"(\bмы\b[^.;:!?]*?(?:\sи|,\sа)\s)(не )?([а-яё]+?)(ет|ит|ёт)\b")


@lru_cache(maxsize=16384)
def operator_to_we(sentence: str) -> str:
    out = sentence
    for pattern, repl in _OPERATOR_AS_WE:
        out = pattern.sub(repl, out)
    out = re.sub(r"(\bwe\b[^.;:!?]*?\sand\s)([a-z]+?e?s)\b(?=[\s.,;!?]|$)", lambda m: m.group(1) + _plural_verb(m.group(2)), out)
    out = re.sub(r"(\bмы\b[^.;:!?]*?)\bсам\b", r"\1сами", out)  # «мы можем сменить пункт выдачи сами»
    out = _AND_VERB.sub(lambda m: m.group(1) + (m.group(2) or "") + m.group(3) + {"ет": "ем", "ит": "им", "ёт": "ём"}[m.group(4)], out)
    return out[:1].upper() + out[1:] if out else out
# statements about what was done or seen in ANOTHER ticket: never carried over (nothing invented)
_OTHER_PERSON = re.compile(
    r"\b(?:я (?:проверил\w*|посмотрел\w*|вижу|оформил\w*|создал\w*|передал\w*|отправил\w*|перенес\w*|начислил\w*|зафиксировал\w*|уточнил\w*|связал\w*)|"
    r"вижу, что|видно, что|по вашему заказу видно|в истории заказа|в вашем случае|у вас (?:в заказе|указан\w*)|запущен\w*|оформлен\w*|создан\w*|зафиксирован\w*|"
    r"мы (?:уже )?(?:оформили|создали|передали|отправили|перенесли|проверили|начислили|зафиксировали|связались)|"
    r"\b(?:я|мы)\s+(?:(?:со своей стороны|с нашей стороны|уже|сразу|также|тоже|только что|сегодня|вчера|ещё|еще|всё|все)\s+){0,3}[а-яё]+(?:л|ла|ли|лся|лась|лись)\b|\bуже\s+(?:вернули|передали|оформили|начислили|отправили|перенесли|отменили|связались)\b|подан[аоы]?\b|передан[аоы]?\b|зарегистрир\w*|направлен[аоы]?\b|"
    r"перенесу|проверю|уточню|оформлю|передам|начислю|свяжусь|напишу|отвечу|сделаю|подключу|закажу|i'll|i will|"  # another operator's own promise
    r"i (?:checked|can see|have|'ve|created|booked|filed|passed|sent)|i see that|we(?:'ve| have) (?:created|booked|filed|passed|sent|checked)|has been|have been|was (?:created|booked|filed))",
    re.IGNORECASE,
)


# goods a past answer was written about: a sentence that names goods this thread does not mention is
# another customer's («Стиральная машина — технически сложный товар» in a ticket about a coffee grinder)
_GOODS = re.compile(
    r"\b(?:ваз[аеуы]|кофемолк\w*|кофемашин\w*|стиральн\w*|посудомоечн\w*|холодильник\w*|телевизор\w*|телефон\w*|смартфон\w*|ноутбук\w*|"
    r"планшет\w*|наушник\w*|кроссовк\w*|куртк\w*|плать\w*|пылесос\w*|миксер\w*|блендер\w*|чайник\w*|утюг\w*|микроволнов\w*|мультиварк\w*|"
    r"щётк\w*|щетк\w*|тарелк\w*|сервиз\w*|кресл\w*|автокресл\w*|коляск\w*|велосипед\w*|самокат\w*|монитор\w*|принтер\w*|видеокарт\w*|"
    r"клавиатур\w*|колонк\w*|светильник\w*|ламп[аеуы]|матрас\w*|диван\w*|шкаф\w*|игрушк\w*|футболк\w*|джинс\w*|кофт\w*|обув\w*|сапог\w*|"
    r"духи|крем\w*|шампун\w*|vase|grinder|washing machine|dishwasher|fridge|refrigerator|tv|television|phone|smartphone|laptop|tablet|"
    r"headphones?|earbuds|sneakers?|jacket|dress|vacuum|blender|kettle|iron|microwave|lamp|chair|stroller|bike|bicycle|scooter|monitor|"
    r"printer|keyboard|speaker|mattress|sofa|toy|t-shirt|hoodie|jeans|shoes|boots)\b",
    re.IGNORECASE,
)
# what another ticket's stock or case looked like
_OTHER_FACTS = re.compile(r"\b(?:есть на складе|есть в наличии|нет в наличии|такая же модель|in stock|out of stock|the same model|"
                          # what a courier or a seller did in that ticket («Курьер приехал на 20 минут позже…»)
                          r"(?:курьер|продавец|заказ|посылка|товар)\w* (?:уже )?(?:приехал\w*|опоздал\w*|пришл?\w*|отменил\w*|передал\w*|отправил\w*|доставил\w*|не приехал\w*)|"
                          r"(?:the )?(?:courier|seller|parcel|order) (?:arrived|came|was late|cancelled|shipped|delivered)|"
                          # what was done again in that ticket («Все сеансы снова завершены…»), a sum worked out for it
                          r"снова|again|завершен[аоы]?|заблокирован[аоы]?|ended|blocked|\d+ из \d+|\d+ (?:of|out of) \d+)\b", re.IGNORECASE)
# a sum worked out for that ticket («5% от 60 ₽ = 3 ₽»): reused only when every number in it is this ticket's
# a count in words of another ticket's things: «два оплаченных платежа», "both items"
_COUNT = re.compile(r"\b(два|две|три|четыре|пять|оба|обе|both|two|three|four|five)\s+(?:[а-яёa-z]+\s+)?(?:платеж|товар|заказ|посылк|позици|отправлен|payments?|items?|orders?|parcels?)", re.IGNORECASE)
_CALCULATION = re.compile(r"\d\s*(?:₽|%|руб\w*|points|балл\w*)?\s*[=×]")


def _foreign_goods(sentence: str, thread_text: str) -> bool:
    thread = thread_text.lower()
    return any(m.group(0).lower()[:5] not in thread for m in _GOODS.finditer(sentence))


_FRAGMENT = re.compile(r"^(?:[,;:—–-]|(?:поэтому|также|тогда|при этом|однако|но|и|а|это|так|что|тем более|в этом случае|итого|оба|обе|кроме того|therefore|also|so|but|this|that|then|in that case|both|in total)\b"
                       r"|(?:да|нет|yes|no)\s*[:,—–-])", re.IGNORECASE)  # «Нет: её можно сдать…» answered another question;
# «К нему обращаются, если…» leans on the sentence that names him: the two go together
_LEANS = re.compile(r"^(?:(?:к|у|от|с|для) (?:нему|ней|ним|них|него|неё|нее)|он|она|они|оно|ему|ей|им|его|её|их|he|she|they|him|her|them|it)\b", re.IGNORECASE)


# a sentence that points at a day, deadline or fact named in the sentence before it
_BACK_REFERENCE = re.compile(r"\b(?:к этому (?:дню|сроку|времени|числу)|с этого момента|с того момента|from that moment|from then on|в этот (?:день|срок)|после этого срока|до этой даты|этого числа|by (?:that|this) (?:day|date|time)|after that date)\b", re.IGNORECASE)


@lru_cache(maxsize=16384)
def standalone_sentences(text: str) -> tuple[str, ...]:
    """Sentences that stand alone: a sentence leaning on the one before it («Поэтому …») is skipped, and
    one whose subject is a pronoun («К нему обращаются…») goes with the sentence before it.
    Cached: the same knowledge-base passages come back for many asks."""
    out: list[str] = []
    previous_kept = False
    for _, _, s in split_sentences(text):
        if _LEANS.match(s.strip()):
            if previous_kept:
                out[-1] = f"{out[-1]} {s}"
            continue
        previous_kept = not _FRAGMENT.match(s.strip()) and not _BACK_REFERENCE.search(s)
        if previous_kept:
            out.append(s)
    return tuple(out)


# Handbook sentences speak of «покупатель» / "the buyer"; a reply speaks to «вы» / "you".
_SECOND_PERSON = [
    (r"\bпо (желанию) (?:покупателя|клиента)\b", r"по вашему \1"), (r"\bпо (просьбе|вине|заявке|инициативе) (?:покупателя|клиента)\b", r"по вашей \1"),
    (r"\b(?:покупатель|клиент)(?:у)? не обязан\b", "вы не обязаны"), (r"\b(?:покупатель|клиент) (?:вправе|имеет право)\b", "вы вправе"),
    (r"\b(?:покупатель|клиент) может\b", "вы можете"), (r"\b(?:покупатель|клиент) должен\b", "вы должны"),
    (r"\b(?:покупатель|клиент) получает\b", "вы получаете"), (r"\b(?:покупатель|клиент) выбирает\b", "вы выбираете"),
    (r"\b(?:покупатель|клиент) оформляет\b", "вы оформляете"), (r"\b(?:покупатель|клиент) сдаёт\b", "вы сдаёте"),
    (r"\bчтобы (?:покупатель|клиент) успел\b", "чтобы вы успели"), (r"\b(?:покупатель|клиент) возвращает\b", "вы возвращаете"),
    (r"\b(?:покупатель|клиент) потратил\b", "вы потратили"), (r"\b(?:покупатель|клиент) выбрал\b", "вы выбрали"),
    (r"\b(лишает|уведомляет|предупреждает|оповещает|информирует|просит|обязывает) (?:покупателя|клиента)\b", r"\1 вас"),
    (r"\b(?:покупателю|клиенту)\b", "вам"), (r"\b(у|от|для|с|без|из-за|против|со стороны) (?:покупателя|клиента)\b", r"\1 вас"), (r"\b(?:покупателем|клиентом)\b", "вами"),
    (r"\bthe (?:buyer|customer) is\b", "you are"), (r"\bthe (?:buyer|customer) has\b", "you have"),
    (r"\bthe (?:buyer|customer)'s\b", "your"), (r"\bthe (?:buyer|customer) (can|may|must|will|should|does not|doesn't|gets|chooses|receives|pays|keeps)\b",
                                                     lambda m: "you " + {"gets": "get", "chooses": "choose", "receives": "receive", "pays": "pay", "keeps": "keep",
                                                                         "does not": "do not", "doesn't": "don't"}.get(m.group(1), m.group(1))),
    (r"\b(?:to|for|with|tells?|asks?|gives?|offers?|warns?|reminds?) (?:the|a) (?:buyer|customer)\b", lambda m: m.group(0).rsplit(" ", 2)[0] + " you"),
    (r"\b[Aa] (?:buyer|customer) (can|may|must|will|should)\b", lambda m: "You " + m.group(1)),
    # «вы выбираете интервал…, а до выезда курьера может сменить его»: the second verb is yours too
    (r"(\bвы\b[^.;:!?]*?,\s*а\s+(?:до|после|в|во|на|при|с|со|за)\s+(?:[^,.;:!?\s]+\s+){0,3})может\b", r"\1можете"),
]
_THIRD_PERSON = re.compile(r"\b(?:покупател\w*|клиент\w*|the buyer|the customer|a buyer|a customer|buyers|customers)\b", re.IGNORECASE)
# an instruction to the operator, also after its condition («If a notification was sent, tell the buyer when…»)
_TO_OPERATOR = re.compile(r"^(?:(?:if|when|если|когда)\b[^,.]{0,80},\s*)?(?:reassure|explain|tell|ask|offer|check|remind|suggest|apologi[sz]e|"
                          r"объясните|уточните|предложите|напомните|проверьте|сообщите|успокойте|извинитесь)\b", re.IGNORECASE)


# the partner a seller's or pickup point's handbook speaks of, as the subject of a clause
_PARTNER = {"seller": r"продавец", "pickup_point": r"(?:владелец(?: пункта(?: выдачи)?)?|партн[её]р)"}
_MODAL = {"должен": "должны", "обязан": "обязаны", "вправе": "вправе", "согласен": "согласны", "готов": "готовы"}


def _conjugate(verb: str) -> str:
    """Third person singular, present -> second person plural: «получает» -> «получаете», «видит» -> «видите»."""
    low = verb.lower()
    if low in _MODAL:
        return _MODAL[low]
    for end, to in (("ется", "етесь"), ("ится", "итесь"), ("ётся", "ётесь"), ("ет", "ете"), ("ит", "ите"), ("ёт", "ёте"),
                    # past tense: «обнаружил» -> «обнаружили», «получила» -> «получили»
                    ("лся", "лись"), ("лась", "лись"), ("ла", "ли"), ("л", "ли")):
        if low.endswith(end) and len(low) > len(end) + 2:
            return low[: -len(end)] + to
    return ""


_PARTNER_DATIVE = {"seller": r"\bпродавцу\b", "pickup_point": r"\b(?:владельцу(?: пункта(?: выдачи)?)?|партн[её]ру)\b"}
_PARTNER_EN = {"seller": r"seller", "pickup_point": r"(?:pickup[- ]point |point )?(?:owner|partner)"}
_EN_VERB = {"is": "are", "has": "have", "was": "were", "does": "do", "doesn't": "don't"}


# the partner in another case than the subject: «по документам продавца» -> «по вашим документам»
_PARTNER_OF = [
    (r"\bпо документам (?:продавца|партн[её]ра|владельца)\b", "по вашим документам"),
    (r"\b[Пп]ретензия (?:продавца|партн[её]ра|владельца)\b", "ваша претензия"), (r"\bпретензию (?:продавца|партн[её]ра|владельца)\b", "вашу претензию"),
    (r"\bна складе продавца\b", "на вашем складе"), (r"\bна склад продавца\b", "на ваш склад"),
    (r"\b[Оо]шибка продавца\b", "ваша ошибка"), (r"\bдля (?:партн[её]ра|продавца|владельца)\b", "для вас"),
    (r"\bв пользу (?:партн[её]ра|продавца|владельца)\b", "в вашу пользу"), (r"\bотмену заказа продавцом\b", "отмену заказа по вашей инициативе"),
    (r"\bдругих платежей продавца\b", "других ваших платежей"),
]
# names of portals and channels that carry the partner's name and are no third person
_PORTALS = re.compile(r"[Кк]абинет\w* (?:партн[её]ра|продавца)|поддержк\w* партн[её]ров|чат\w* поддержки партн[её]ров|горяч\w+ лини\w+ для партн[её]ров|"
                      r"Partner Account|Seller Account|partner support|partners' support", re.IGNORECASE)


def _participle_to_if(m: re.Match) -> str:
    """«Продавец, не согласный с X, вправе» -> «Если вы не согласны с X, вы вправе»; «Продавец, работающий по схеме FBS, должен» ->
    «Если вы работаете по схеме FBS, вы должны»."""
    stem, end = m.group(3), m.group(4).lower()
    state = stem + ("ны" if end == "ный" else {"ающий": "аете", "яющий": "яете", "ующий": "уете", "ющий": "ете"}[end])
    modal = {"должен": "должны", "обязан": "обязаны", "вправе": "вправе", "может": "можете"}[m.group(6).lower()]
    lead = "Если" if m.group(1)[:1].isupper() else "если"
    return f"{lead} вы {m.group(2) or ''}{state} {m.group(5)}, вы {modal}"


def _he_to_you(m: re.Match) -> str:
    """«Если владелец не согласен…, он сначала обсуждает…»: once the partner is «вы», the pronoun is too."""
    verb = "можете" if m.group(3) == "может" else _conjugate(m.group(3))
    return f"вы {m.group(1) or ''}{m.group(2) or ''}{verb}" if verb else m.group(0)


def _partner_to_second_person(sentence: str, audience: str) -> str:
    """«Продавец получает выплату по средам» -> «Вы получаете выплату по средам» for a seller (and the owner
    or partner of a pickup point), «продавцу ничего подавать не нужно» -> «вам ничего…», "If the seller
    realises" -> "If you realise"; a sentence that would still speak of the partner in another case
    («на счёт продавца») keeps the third person rather than mix the two."""
    noun = _PARTNER.get(audience)
    out = sentence
    if noun:
        def repl(m: re.Match) -> str:
            verb = _conjugate(m.group(5))
            if not verb:
                return m.group(0)
            you = "Вы" if m.group(1)[:1].isupper() else "вы"
            adverb = (m.group(3) or "").strip().lower()
            himself = {"сам": "сами ", "сама": "сами "}.get(adverb, f"{adverb} " if adverb else "")
            return f"{you} {himself}{m.group(4) or ''}{m.group(2) or ''}{verb}"
        # «продавец успешно оспорил» -> «вы успешно оспорили»: an adverb may stand before the verb
        # «Продавец, не согласный с новой редакцией, вправе…» -> «Если вы не согласны с новой редакцией, вы вправе…»
        sentence = re.sub(rf"\b({noun}),\s+(не\s+)?([а-яё]+?)(ный|ающий|яющий|ующий|ющий)\s+([^,]{{3,80}}),\s+(должен|обязан|вправе|может)\b",
                          _participle_to_if, sentence, flags=re.IGNORECASE)
        out = re.sub(rf"\b({noun})\s+(не\s+)?((?:сам|сама|уже|также|тоже|заранее|сразу|сначала|обязательно|лично|письменно)\s+)?([а-яё]+о\s+)?([а-яё]+)\b",
                     repl, sentence, flags=re.IGNORECASE)
        if out != sentence and not re.search(r"менеджер\w*[^.]*\bон\b", out):  # «…пишете менеджеру (он отвечает…)»: he is the manager
            out = re.sub(r"\bон\s+(не\s+)?((?:сначала|сам|также|тоже)\s+)?([а-яё]+)\b", _he_to_you, out)
            # «вы продолжаете работать — размещает товары, принимает заказы»: the listed verbs are yours too
            out = re.sub(r"(?<=[—,] )([а-яё]+(?:ает|яет|ует))\b", lambda m: _conjugate(m.group(1)) or m.group(1), out)
            # «вы заранее сообщаете бренд-менеджеру и прикладывает подтверждение»: the verb after «и» in the same clause is yours too
            out = re.sub(r"(\bвы\b[^,.;:!?]*?\sи\s)([а-яё]+(?:ает|яет|ует))\b", lambda m: m.group(1) + (_conjugate(m.group(2)) or m.group(2)), out, count=1)
            out = re.sub(r"\bему\b", "вам", out)  # «…, ему начисляется штраф»
        dative = re.sub(_PARTNER_DATIVE[audience], lambda m: "Вам" if m.group(0)[:1].isupper() else "вам", out, flags=re.IGNORECASE)
        if not re.search(r"\b(?:он|она)\b", dative, re.IGNORECASE):
            out = dative  # «Если продавцу непонятен пункт, он пишет…» would mix «вам» and «он»
        for pattern, yours in _PARTNER_OF:
            out = re.sub(pattern, lambda m, yours=yours: yours[:1].upper() + yours[1:] if m.group(0)[:1].isupper() else yours, out)
        if re.search(r"\b(?:продав|владел|партн[её]р)", _PORTALS.sub("", re.sub(r"«[^»]*»", "", out)), re.IGNORECASE):
            out = sentence  # a portal's name («Кабинет партнёра») is a name, not the partner
    en = _PARTNER_EN.get(audience)
    if en and re.search(rf"\b(?:the|a) {en}\b", out, re.IGNORECASE):
        def repl_en(m: re.Match) -> str:
            you = "You" if m.group(0)[:1].isupper() else "you"
            verb = m.group(1)
            return f"{you} {_EN_VERB.get(verb.lower(), _plural_verb(verb) if verb.lower() not in ('can', 'may', 'must', 'will', 'should', 'would', 'could', 'cannot') else verb)}"
        # "A seller who does not agree with X has the right to" -> "If you do not agree with X, you have the right to"
        out = re.sub(rf"\b(?:the|a) {en} who (does not|doesn't|[a-z]+s) ([^,]{{3,80}}?) (has|can|may|must|is|gets) ",
                     lambda m: f"{'If' if m.group(0)[:1].isupper() else 'if'} you {_EN_VERB.get(m.group(1).lower(), 'do not' if m.group(1).lower() == 'does not' else _plural_verb(m.group(1)))} {m.group(2)}, "
                               f"you {_EN_VERB.get(m.group(3).lower(), m.group(3) if m.group(3) in ('can', 'may', 'must') else _plural_verb(m.group(3)))} ",
                     out, flags=re.IGNORECASE)
        translated = re.sub(rf"\b(?:the|a) {en} ((?:first|then|also|always|usually|still|already|immediately|only|just) )?"
                            rf"(?!account|cabinet|dashboard|portal|profile|rating|card|support)([a-z']+)\b",
                            lambda m: (("You" if m.group(0)[:1].isupper() else "you") + " " + (m.group(1) or "")
                                       + repl_en(re.match(r"(.+)", m.group(2))).split(" ", 1)[1]), out, flags=re.IGNORECASE)
        translated = re.sub(rf"\b(?:the|a) {en}'s\b", lambda m: "Your" if m.group(0)[:1].isupper() else "your", translated, flags=re.IGNORECASE)
        out = out if re.search(rf"\b{en}s?\b", _PORTALS.sub("", translated), re.IGNORECASE) else translated
    return out[:1].upper() + out[1:]


@lru_cache(maxsize=16384)
def to_second_person(sentence: str, audience: str = "buyer") -> str | None:
    """The sentence addressed to the customer, or None when it cannot be (operator instructions).
    Only a buyer is «покупатель» in the handbook; to a seller or a pickup-point owner the buyer is a
    third party and stays one («после оформления заказа покупателем», not «…заказа вами»)."""
    if _TO_OPERATOR.match(sentence.strip()):
        return None
    if audience != "buyer":
        return _partner_to_second_person(sentence.strip(), audience)
    # «Клиенту прямо говорят: срок не сгорает» -> «Срок не сгорает»
    out = re.sub(r"^(?:клиенту|покупателю|the (?:buyer|customer) is told)\s*(?:прямо |сразу |честно )?(?:говорят|объясняют|сообщают|напоминают)?\s*:\s*", "", sentence.strip(), flags=re.IGNORECASE)
    for pattern, repl in _SECOND_PERSON:
        out = re.sub(pattern, repl, out, flags=re.IGNORECASE)
    if _THIRD_PERSON.search(out):
        # (conjugating any verb after «покупатель/клиент», as for partners, brought back 34 more sentences with
        # broken agreement — «вы не вышели и не отвечает», "you open…, chooses": the table above names the forms)
        return None
    return out[:1].upper() + out[1:]


# words that point back at a sentence the paragraph does not quote: «Законные сроки при этом соблюдаются»,
# «можем вместо этого вернуть деньги», «вы вправе и раньше потребовать», "the courier then takes"
_POINTS_BACK = re.compile(r"(?<![,;:—])\s+(?:при этом|вместо этого|и раньше)\b(?!\s*[,—])|\s+then(?=\s+[a-z]+s\b)", re.IGNORECASE)


_LEAD_BACK = re.compile(r"(?:дальше|далее|затем|after that|then),?\s+", re.IGNORECASE)
# a handbook's cross-reference to another document: «(seller/delivery-damage-compensation)»
_DOC_REFERENCE = re.compile(r"\s*\((?:buyer|seller|pickup_point|support)(?:/[\w-]+)+\)")


def without_lead_back(sentences: list[str]) -> list[str]:
    """A paragraph does not open with «Дальше» / «Затем» / "Then": the step before it is not quoted."""
    if sentences and (lead := _LEAD_BACK.match(sentences[0])) is not None and len(sentences[0]) > lead.end():
        first = sentences[0]
        return [first[lead.end()].upper() + first[lead.end() + 1:], *sentences[1:]]
    return sentences


# the handbook's «Банковская карта: банк зачисляет…» is a list entry; said to a customer it reads as if we knew
# how they paid — «При оплате картой банк зачисляет…» holds either way
_PAYMENT_LABELS = (
    (re.compile(r"^Банковская карта:\s+"), "При оплате картой "),
    (re.compile(r"^СБП:\s+"), "При оплате по СБП — "),
    (re.compile(r"^Оплата «Частями»:\s+"), "При оплате «Частями» "),
    (re.compile(r"^Card:\s+"), "For a card payment, "),
    (re.compile(r"^SBP(?: \(Faster Payments System\))?:\s+"), "For an SBP payment, "),
    (re.compile(r"^Points spent on the order:\s+returned"), "Points spent on the order are returned"),
    (re.compile(r'^Installments \("Chastyami"\):\s+'), 'For installments ("Chastyami"), '),
)


# the handbook's examples of what customers write, in brackets: («посылка застряла», «статус не меняется»)
_QUOTED_EXAMPLES = re.compile(r'\s*\(\s*(?:[«"“][^»"”]{3,80}[»"”]\s*(?:,|или|or)?\s*)+\)')


def tidy(sentence: str) -> str:
    """A quoted sentence on its own: no word pointing back at a sentence not quoted, no document id of
    the knowledge base, no bracketed examples of what customers write, a full stop where the handbook's list went on after «;», and a payment method's list
    label said as a condition («Банковская карта:» -> «При оплате картой»)."""
    out = _QUOTED_EXAMPLES.sub("", _DOC_REFERENCE.sub("", _POINTS_BACK.sub("", sentence)))
    for label, spoken in _PAYMENT_LABELS:
        out = label.sub(spoken, out, count=1)
    return out[:-1] + "." if out.endswith(";") else out


# a delivery window («14–16», «10:00–12:00»), not a span of days, minutes or money
WINDOW = re.compile(r"\b\d{1,2}(?::\d{2})?\s*[–-]\s*\d{1,2}(?::\d{2})?\b(?!\s*(?:минут|мин|дн|день|дня|час|рабоч|недел|%|₽|руб|балл|min|day|hour|business|week|points))")


def dash(text: str) -> str:
    return re.sub(r"\s*[–—-]\s*", "-", text)


_ELAPSED = re.compile(r"\s+(?:after|спустя)\s+(?:\w+\s+)?(?:weeks?|months?|days?|недел\w*|месяц\w*|дн\w*)\b", re.IGNORECASE)


def adapt_ticket_answer(answer: str, order_ids: list[str], own_dates: set[str], grounded: set[str] | None = None,
                        thread_text: str = "") -> list[str]:
    """Sentences of a past answer that carry over to this ticket, with the order number swapped.

    A sentence is kept only when every content word in it is grounded — it occurs in the policies or
    in this ticket's thread — so another customer's goods, names and circumstances never leak in."""
    kept: list[str] = []
    for sentence in standalone_sentences(answer):
        s = operator_to_we(_NAME_LEAD.sub("", sentence).strip())  # «Оператор не может снять ограничение» -> «Мы не можем…»
        s = _ELAPSED.sub(lambda m: m.group(0) if m.group(0).strip().lower() in thread_text.lower() else "", s)
        # «A charging failure after two weeks is a defect»: the two weeks were another customer's
        if not s or len(s.split()) < 4 or _DROP.match(s) or _APOLOGY.search(s) or GRANT.search(s) or _OTHER_PERSON.search(s):
            continue
        if _OTHER_FACTS.search(s) or (thread_text and _foreign_goods(s, thread_text)):
            continue
        if _CALCULATION.search(s) and any(n not in re.findall(r"\d+", thread_text) for n in re.findall(r"\d+", s)):
            continue
        if (m := _COUNT.search(s)) and m.group(1).lower() not in thread_text.lower():
            continue  # «Два оплаченных платежа вернутся» counts another customer's payments
        if grounded is not None and any(len(w) >= 4 and w not in grounded for w in content_stems(s)):
            continue
        if grounded is not None and any(n not in grounded for n in re.findall(r"\d+", s) if n not in "".join(order_ids)):
            continue
        if _TIME.search(s) or _WEEKDAY.search(s):
            continue
        if any(dash(w) not in thread_text for w in WINDOW.findall(s)):
            continue  # a delivery window («интервал 14–16») belongs to the ticket it was written for
        foreign_dates = [d for d in entities.dates(s) if d not in own_dates]
        if foreign_dates:
            continue
        foreign_orders = entities.order_ids(s)
        if foreign_orders:
            if len(order_ids) == 1:
                for fo in foreign_orders:
                    s = s.replace(fo, order_ids[0])
            else:
                continue
        kept.append(s[:1].upper() + s[1:])
    return kept
