"""Topic labels for asks and reply sentences, and the one judgement of "does this text address that ask".

The same `addresses()` decides whether an operator message in the thread closed an ask, whether an
operator's reply (POST /v1/checks) answers it, and whether a draft covers it (eval scorer).
Topics are matched on lower-cased word prefixes, so inflected Russian forms match one entry.
"""

from __future__ import annotations

import re
from functools import lru_cache

from copilot.analysis.focus import focus_of, gives
from copilot.text.stem import stem_set, tokens

# topic -> groups of prefixes; a text has the topic when every group has a matching token
# (a group is an alternation; most topics need one group, some need two, e.g. "return" AND "courier").
TOPICS: dict[str, list[list[str]]] = {
    "return_pickup": [["возврат", "вернуть ", "return"], ["курьер", "забер", "забра", "забор", "вывоз", "pick", "collect", "courier"]],
    # «доставка была назначена на сегодня, никто не приехал»: nobody came is a courier who did not
    "courier_time": [["курьер", "доставщик", "courier", "driver", "никто не приех", "nobody came", "no one came"], ["раньш", "поздн", "опозд", "интервал", "окн", "утр", "вечер", "ночь", "час", "врем", "ждал", "ожида", "приех", "приезд", "приезжа", "приед", "заранее", "пришел", "early", "late", "window", "slot", "time", "wait", "arriv", "show",
                      # the courier's call: «курьер не позвонил», "the courier just called at 16:30"
                      "позвонил", "called"]],
    "delivery_date": [["дат", "срок доставк", "сроки доставк", "перенес", "перенос", "уведомл", "пуш", "push", "оповещ", "date", "notif", "resched", "postpon", "когда привез", "задерж", "delay",
                       # «Когда мне теперь его привезут?»: a delivery still to come
                       "привезут", "привезет", "привезете", "доставят", "доставите"]],
    "refund": [["деньг", "средств", "возврат денег", "refund", "money", "списал", "оплатил", "оплачен", "оплата", "оплату", "оплаты", "карт", "сбп", "рассроч", "частями", "charged", "card", "paid"]],
    "return": [["вернуть ", "верну ", "вернуть,", "возврат", "return", "не подош", "по размеру", "размер не", "другой размер", "не тот размер", "обмен", "exchange", "сдать обратно", "сдам обратно", "сдать назад", "send back", "send it back"]],
    "defect": [["брак", "дефект", "слома", "не работ", "перестал", "не включа", "замен", "неисправн", "экспертиз", "качеств", "трещин", "defect", "broken", "faulty", "not work", "doesn't work", "quality"]],
    "warranty": [["гаранти", "ремонт", "отремонт", "сервисн", "warrant", "repair"]],
    "tech_complex": [["технически сложн", "смартфон", "телефон", "ноутбук", "телевизор", "холодильник", "стиральн", "laptop", "phone", "smartphone", " tv", "fridge"]],
    "wrong_item": [["не тот", "не то", "другой товар", "чужой товар", "пересорт", "перепута", "не та ", "не такой", "wrong", "different item", "not what i ordered", "instead of", "кирпич", "муляж", "пустая коробка", "пустую коробку", "brick", "empty box"]],
    "not_shipped": [["не отгруз", "не переда", "не отправ", "продавец", "seller", "not shipped", "hasn't shipped"], ["отгруз", "переда", "отправ", "ship", "собира"]],
    "lost_order": [["потерял", "потеря", "утер", "пропал", "lost", "missing parcel", "отменил", "отмена", "cancel"]],
    "cashback": [["кешбэк", "кэшбэк", "кешбек", "кэшбек", "cashback", "cash back"]],
    # points that came back or vanished after a return or a cancellation (spent ones return, earned ones are cancelled)
    "points_after_return": [["балл", "points"], ["возврат", "вернул", "вернут", "отмен", "пропал", "исчез", "делись", "списал", "аннулир", "return", "refund", "cancel", "disappear", "removed", "taken", "gone"]],
    "compensation": [["что-то будет", "что-нибудь будет", "что то будет", "do i get anything", "get anything for", "компенс", "положен", "полага", "неустойк", "балл", "промокод", "бонус", "compensat", "points", "promo", "voucher", "coupon"]],
    # a seller's product card or shop blocked (for suspected counterfeits): not a buyer's payment restriction
    "listing_block": [["заблокир", "разблокир", "блокировк", "блокир", "blocked", "unblock", "block"],
                      ["карточк", "магазин", "подделк", "поддельн", "контрафакт", "store", "shop", "listing", "counterfeit", "product card"]],
    "payment_restriction": [["ограничен", "заблокир", "блокир", "не могу оплат", "не проходит оплат", "антифрод", "restrict", "blocked", "can't pay", "cannot pay", "payment"]],
    "pickup_point_change": [["пункт", "пвз", "pickup point", "pick-up point", "пункт выдачи"], ["смен", "помен", "друг", "измен", "перенаправ", "change", "switch", "another", "different"]],
    "storage": [["хранен", "хранит", "хранят", "хранил", "продл", "срок хранения", "storage", "extend", "they keep", "keep it", "kept at", "kept for", "be kept"]],
    "account_security": [["взлом", "пароль", "код из", "коды из", "смс-код", "с кодом", "код подтвержд", "аккаунт", "учетн", "личный кабинет", "чужие заказ", "hack", "password", "account", "sms code", "with a code", "the code", "one-time code", "logged into", "номер телефона"]],
    "damaged": [["поврежд", "разбит", "помят", "порван", "треснул", "вмятин", "осколк", "вдребезги", "damaged", "smashed", "crushed", "dented", "shattered"]],
    "partial": [["не все товар", "часть заказа", "не хватает", "не положили", "некомплект", "недовлож", "недостающ", "одного товара", "missing item", "part of my order", "only one", "не было в заказе", "rest of my order", "other items",
                 # «Лопатки нет! В накладной она есть», «пришло 2 товара из 4, где остальные два?»
                 "в накладной", "остальные два", "остальные товары", "остальных товаров", "остальные позиции", "которых нет",
                 # an empty box: the item is missing from it
                 "внутри пусто", "в коробке пусто", "в посылке пусто", "пустая коробка", "пустую коробку", "пустая посылка", "коробка пустая",
                 "empty box", "box was empty", "empty parcel", "parcel was empty"]],
    # how to pay (crypto, a card of another country): not a refund; the knowledge base has no policy on it
    "payment_method": [["оплатить крипт", "криптовалют", "криптой", "биткоин", "usdt", "способ оплаты", "способы оплаты", "чем можно оплатить", "pay with crypto", "crypto", "bitcoin", "payment method"]],
    "escalation": [["руководител", "старш", "начальств", "выделенн", "manager", "supervisor", "senior"]],
    # a written claim the customer sends or wants confirmed («Прошу подтвердить получение претензии»)
    "claim": [["претензи", "written claim", "formal claim"]],
    # partners
    "inspection": [["проверк", "инспекц", "аудит", "тайный покупат", "нарушени", "inspection", "audit"]],
    "rebranding": [["ребрендинг", "вывеск", "брендбук", "брендинг", "наклейк", "баннер", "материал", "форменн", "форму для", "форма для", "униформ", "rebrand", "signage"]],
    "fine": [["штраф", "fine", "penalt", "удержан", "с меня сняли", "с нас сняли"]],
    "manager": [["менеджер", "manager"]],
    "support_channel": [["горячая линия", "горячую линию", "связат", "дозвон", "телефон поддержк", "почт", "канал связи", "каналы связи", "канал поддержки", "какой канал", "каком канале", "основной канал", "чат поддержки", "круглосуточн", "24/7", "hotline", "contact support", "email"]],
    "payout": [["выплат", "перечисл", "вознагражден", "отчет", "payout", "payment report", "деньги за", "оплата за"]],
    "parcel_acceptance": [["приемк", "недостач", "не хватает", "акт", "пересорт", "shortage"]],
    "warehouse_loss": [["склад", "warehouse", "инвентаризац"], ["потер", "утер", "поврежд", "пропал", "компенс", "lost", "damag"]],
    "contract": [["оферт", "договор", "услови", "тариф", "комисси", "contract", "offer", "terms", "fee"]],
    "shipment": [["отгруз", "fbs", "поставк", "48 час", "в доставку", "shipment", "hand over"]],
    # who handles what for a partner («к кому идти, если опаздывает машина?», «кто поможет с расширением?»),
    # and the handbook's answer («территориальный менеджер отвечает за…», «к нему обращаются, если…»)
    "responsibility": [["кто отвечает", "кто занимается", "к кому", "кто поможет", "кто мне поможет", "с кем обсудить", "с кем это обсудить", "кто решает", "отвечает за", "занимается", "обращаются", "зона ответственности", "зона территориальн",
                        "who handles", "who is responsible", "responsible for", "who do i", "who can help", "handles", "goes to"]],
}

# topics that a drafter may treat as interchangeable when judging coverage
RELATED = {
    "refund": {"return", "lost_order", "cashback", "defect", "wrong_item", "not_shipped"},
    "return": {"refund", "return_pickup", "defect", "wrong_item"},
    "return_pickup": {"return", "courier_time"},
    "courier_time": {"return_pickup", "delivery_date"},
    "delivery_date": {"courier_time", "not_shipped", "lost_order"},
    "defect": {"warranty", "return", "refund", "tech_complex", "damaged"},
    "warranty": {"defect", "tech_complex"},
    "tech_complex": {"defect", "warranty", "return"},
    "damaged": {"defect", "return", "refund"},
    "compensation": {"lost_order", "delivery_date", "courier_time"},
    "fine": {"inspection", "manager"},
}


def _norm(text: str) -> str:
    return " " + " ".join(tokens(text)) + " "


# every word of a normalised text has a space before it, so " " + prefix finds word prefixes and
# phrases alike with one substring test
_NEEDLES = {topic: [tuple(p if (" " in p.strip() or p.startswith(" ")) else " " + p for p in group) for group in groups]
            for topic, groups in TOPICS.items()}


# a telephone as a means of contact is no telephone bought: «номер телефона», "will couriers be able to call me on my phone
# number" are not about a technically complex item
_CONTACT_PHONE = re.compile(r"\b(?:номер\w* (?:моего |мобильного |своего )?телефон\w*|телефон\w* для связи|по телефону|"
                            r"(?:phone|mobile) (?:number|call)s?|by phone|over the phone|on the phone)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def topics_of(text: str) -> tuple[str, ...]:
    norm = _norm(text)
    found = tuple(topic for topic, groups in _NEEDLES.items() if all(any(n in norm for n in g) for g in groups))
    if "tech_complex" in found and _CONTACT_PHONE.search(text):
        bare = _norm(_CONTACT_PHONE.sub(" ", text))
        if not all(any(n in bare for n in g) for g in _NEEDLES["tech_complex"]):
            found = tuple(t for t in found if t != "tech_complex")
    return found


# topics defined by two conditions at once («склад» AND «утеря») are more specific than one-word ones
_COMPOUND = {topic for topic, groups in TOPICS.items() if len(groups) > 1}


def primary_topic(text: str) -> str:
    """The topic a text is about: the most specific one it matches (a two-condition topic before a
    one-word one), in the order of TOPICS among equals."""
    found = topics_of(text)
    if not found:
        return "other"
    return next((t for t in found if t in _COMPOUND), found[0])


_GENERIC = {"ярмарк", "yarmark", "маркетплейс", "marketplac", "заказ", "товар", "order", "item", "ваш", "мо", "нам", "вам", "котор", "так", "ест", "нужн", "буд", "можн", "ответ", "вопрос",
            "подскаж", "скаж", "почем", "когд", "где", "как", "сколько", "скольк", "why", "when", "where", "how", "what", "pleas", "сделат", "хоч", "прош",
            # time and repetition words, fillers: not what an ask is about
            "сегодн", "вчер", "снов", "тож", "ещ", "today", "yesterday", "again", "twice", "still", "alreadi", "also", "just", "about", "fact", "now",
            "ну", "вообщ", "прост", "наконец", "actual", "realli", "pleas",
            # pronouns of nobody and anybody: «никто не позвонил» is about the call
            "никт", "ничег", "nobodi", "anyon", "someon"}


# one verb under its prefixes, for judging (not for the index): «звонил» and «позвонить» are the same call, "unblocked" and
# "blocked" the same block
_PREFIXED = re.compile(r"^(?:(?:по|пере|до|со)(?=звон)|(?:раз|за|un)(?=блок|block))")


@lru_cache(maxsize=65536)
def content_stems(text: str) -> frozenset[str]:
    return frozenset(_PREFIXED.sub("", s) for s in stem_set(text) if s not in _GENERIC and not s.isdigit())


# topics named by the form of a question («к кому…») or by the kind of goods («телевизор») rather than by
# what is asked: they count only with a shared word
BY_FORM_ONLY = {"responsibility", "tech_complex"}


def address_score(ask_text: str, ask_topic: str, reply_text: str) -> float:
    """0..1: how well `reply_text` addresses the ask (topic agreement plus content-word overlap)."""
    ask_stems = content_stems(ask_text)
    reply_stems = content_stems(reply_text)
    overlap = len(ask_stems & reply_stems) / max(1, min(len(ask_stems), 6))
    reply_topics = set(topics_of(reply_text))
    if ask_topic in BY_FORM_ONLY and not overlap:
        topic = 0.0  # «к кому идти, если опаздывает машина?» is not answered by who handles training
    elif ask_topic != "other" and ask_topic in reply_topics:
        topic = 1.0
    elif ask_topic != "other" and reply_topics & RELATED.get(ask_topic, set()):
        topic = 0.5
    else:
        topic = 0.0
    return min(1.0, 0.55 * topic + 0.6 * min(1.0, overlap))


def windows(text: str, size: int = 2) -> list[str]:
    """Sentence windows of a reply: an answer may span two sentences."""
    from copilot.text.sentences import split_sentences

    sents = [s for _, _, s in split_sentences(text)]
    if len(sents) <= size:
        return [" ".join(sents)] if sents else []
    return [" ".join(sents[i:i + size]) for i in range(len(sents) - size + 1)]


ADDRESS_THRESHOLD = 0.5


def addresses(ask_text: str, ask_topic: str, reply_text: str, threshold: float = ADDRESS_THRESHOLD) -> bool:
    """True when some 1–2 sentence window of the reply addresses the ask: it is on the ask's matter
    and, when the ask wants a time, an amount or someone (focus.py), it gives one."""
    if not reply_text.strip():
        return False
    return best_window(ask_text, ask_topic, reply_text)[0] >= threshold


def best_window(ask_text: str, ask_topic: str, reply_text: str) -> tuple[float, str]:
    """The best-addressing window of the reply among those that give what the ask's question word wants."""
    best = (0.0, "")
    focus = focus_of(ask_text)
    for w in windows(reply_text) or [reply_text]:
        if not gives(focus, w):
            continue
        score = address_score(ask_text, ask_topic, w)
        if score > best[0]:
            best = (score, w)
    return best


