"""What happened to the customer, where one topic covers several situations.

A courier who came early is not one who came late or never came; goods returned because they did not
suit are not faulty goods, and a faulty item is not a wrong one; a delivery is not a return pickup. A
paragraph that speaks only of another situation than the customer's does not answer the customer
(`other_situation`), and one about the customer's own situation is preferred (extractive.answer_fit).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from copilot.analysis.asks import WRONG_ITEM

# what happened, where one topic covers several situations: a courier who came early is not one who came
# late or never came; goods returned because they did not suit are not faulty goods, and a faulty item is
# not a wrong one; a delivery is not a return pickup. An answer about one does not answer the other.
_SITUATIONS: dict[str, dict[str, re.Pattern]] = {
    "courier": {
        "early": re.compile(r"раньш|\bранн|\bрано\b|досрочн|\bearly\b|before (?:the|my|your) (?:window|slot|time)", re.IGNORECASE),
        "late": re.compile(r"опозд|поздн|позже|\blate\b|after (?:the|my|your) (?:window|slot)", re.IGNORECASE),
        "no_show": re.compile(r"неявк|не приех|не пришел|не пришёл|не прие(?:дет|зжает)|никто не (?:приех|пришел|пришёл|позвонил)|никого|не было курьер|курьера (?:всё |все |до сих пор |так и )?нет|"
                              r"не забрал|не доставил|didn't (?:come|show)|did not (?:come|show)|never (?:came|showed)|nobody came|no one came|no-show|no courier|"
                              r"courier (?:hasn't|has not|still hasn't) (?:come|arrived|shown)|still (?:no|not) (?:here|arrived)", re.IGNORECASE),
        # the customer did not come out to a courier who came on time: not what a customer reports of a courier
        "customer_absent": re.compile(r"(?:покупатель|клиент|вы)\s+не\s+(?:вышел|вышли|выходит|выходите)|do(?:es)? not come out|don't come out|didn't come out", re.IGNORECASE),
    },
    "goods": {
        "proper": re.compile(r"надлежащего качества|без брака|не подош|не подходит|не по размеру|не тот размер|wrong size|передумал|не понравил|не нравится|работает (?:нормально|отлично|исправно)|"
                            r"proper quality|not faulty|didn't fit|doesn't fit|changed my mind|didn't like|(?:don't|do not) like it|works fine|nothing wrong with it", re.IGNORECASE),
        "faulty": re.compile(r"(?<!без )брак|дефект|недостат(?:ок|ка|ком|ки)\b|слома|не работа|не включа|перестал\w* (?:работать|включаться|заряжаться)|трещин|неисправн|defect|faulty|broken|stopped working|doesn't work|does not work|cracked|"
                             r"отклеил\w*|отвалил\w*|разошл\w* по шву|протека\w*|came off|fell off|is leaking|leaks\b|перезагружа|зависа|глючит|не заряжа|перестал\w* заряжа|греется|бит\w+ пиксел|restarts|reboots|freezes|won't charge|stopped charging|overheat|dead pixel|(?:started|starts|begun|began) to fail|(?:keys?|buttons?) (?:don't|do not|doesn't) work|(?:don't|do not) work\b", re.IGNORECASE),
        "wrong": re.compile(r"не тот товар|не та |не то,|другой товар|чужой товар|пересорт|подменил\w*|подмена товара|wrong item|a swap|instead of|not what i ordered|"
                            # «в коробке пришёл чайник» (a blender was ordered), «в коробке кирпич»
                            r"в коробке (?:пришёл|пришел|пришла|пришло|лежал\w*|оказал\w*)\s+(?!цел|разбит|поврежд|слома|пуст|не\b)[а-яё]+|"
                            r"\bкирпич|\bмуляж|\bbrick\b|"
                            # «заказывала X, а пришла Y», "Ordered a black hoodie, got a pink T-shirt" (the analyzer's reading)
                            + WRONG_ITEM.pattern, re.IGNORECASE),
        "damaged": re.compile(r"поврежд|разбит|помят|порван|осколк|вдребезги|damaged|smashed|crushed|dented|shattered|in pieces", re.IGNORECASE),
    },
    # rarer cases a policy section is written for alone: a paragraph on a refund to a foreign bank's card answers only a
    # customer who paid with one, not «Can I just get it as money instead?» (_REPORTED_ONLY)
    "case": {
        "foreign_card": re.compile(r"иностранн\w* банк|карт\w* иностранн|зарубежн\w* (?:банк|карт)|foreign (?:bank|card)|(?:card|bank) (?:issued )?abroad|"
                                   r"kazakh\w* (?:visa|card|bank)|казахстанск\w* (?:карт|банк)|exchange rate|курсов\w* разниц|конвертац|conversion", re.IGNORECASE),
        "counterfeit": re.compile(r"подделк|поддельн|контрафакт|counterfeit|fake (?:goods|brand)", re.IGNORECASE),
        "serial_returns": re.compile(r"злоупотребл\w* возврат|часто возвраща|постоянно возвраща|(?:\d|четыр|пят|несколько)\w* (?:раз|возврат)\w*[^.!?]{0,30}(?:подряд|уже)|"
                                     r"abus\w* (?:of )?(?:the )?returns|returns? (?:goods |items )?(?:often|all the time|again and again)|serial return", re.IGNORECASE),
        "police": re.compile(r"полици|police", re.IGNORECASE),
        "point_closed": re.compile(r"(?:пункт\w*(?: выдачи)?|пвз)[^.!?]{0,20}\bзакрыт|закрыт\w*[^.!?]{0,30}(?:пункт|пвз)|point[^.!?]{0,20}\bclosed|closed[^.!?]{0,20}point", re.IGNORECASE),
        "cash_on_delivery": re.compile(r"плат\w*[^.!?]{0,20}при получении|наличн\w*(?! товар)(?! в )|cash on delivery|\bin cash\b|\bcash\b|pay (?:the courier|on receipt|on delivery)", re.IGNORECASE),
    },
    # what became of an order: lost on the way, or sent back when nobody collected it
    "fate": {
        "lost": re.compile(r"потерян|утерян|утеря(?:н|ли)|потеряли|\b(?:потеря|утеря)\b|lost in transit|(?:parcel|order) (?:is|was|got) lost|посылк\w* не найден", re.IGNORECASE),
        # an order the seller never handed over for delivery: cancelled for it, never lost in transit
        "not_shipped": re.compile(r"не (?:передал\w*|отгрузил\w*)[^.!?]{0,12}в доставку|не отправил\w* (?:заказ|его)|"
                                  r"did not hand (?:it |the order )?over for delivery|didn't hand (?:it |the order )?over|not handed over for delivery|"
                                  r"(?:never|didn't|did not) ship(?:ped)?\b", re.IGNORECASE),
        "unclaimed": re.compile(r"уехал\w* обратно|(?:вернул\w*|отправ\w*) обратно|срок хранения (?:истёк|истек|закончил\w*|вышел)|не забрал\w* (?:вовремя|в срок)|"
                                r"storage (?:period )?(?:expired|ran out|ended)|sent back (?:after|because)", re.IGNORECASE),
    },
    # whether the customer has the goods: an order cancelled while it was being assembled is not goods
    # received and returned (the 7- and 15-day rules and the warranty are about goods the customer has)
    "stage": {
        "before_receipt": re.compile(r"отменил\w*(?: заказ| его)?,? пока (?:он |заказ )?(?:собирал|ещё собирал|не отправ|был в пути)|ещё не (?:получил|пришёл|пришел|доставили|отправили)|"
                                    r"cancell?ed (?:it |the order )?(?:before|while) (?:it )?(?:shipped|was shipped|was being|arrived)", re.IGNORECASE),
        "after_receipt": re.compile(r"(?:с|после) (?:момента |дня )?получения|с покупки|гарантийн\w* (?:год|срок|ремонт)|после 15 дней|within \d+ days of receiv|after receiv|warranty", re.IGNORECASE),
    },
    # which of a seller's fines: for cancelling orders, or for handing them to delivery late
    "fine": {
        "cancel": re.compile(r"отменить \d+ заказ|отмен\w*(?: [\wё]+){0,2} заказ\w*[^.]{0,40}штраф|штраф\w* за отмен|за отмену заказ|cancellation fine|fine for cancell", re.IGNORECASE),
        "late_shipment": re.compile(r"поздн\w* передач|сверх 48 час|позже 48 час|2% в день|опоздал\w* с (?:отгрузк|передач)|просрочк\w* (?:отгрузк|передач)|передан\w* в доставку позже|"
                                   r"late (?:shipment|hand-?over)|after 48 hours|shipped late|late with (?:the )?shipment", re.IGNORECASE),
    },
    # part of an order: items missing from the parcel, or items the customer refused at the pickup point
    "part": {
        "missing": re.compile(r"недовлож|нет в посылке|не хватает|не положили|недостающ|которых нет|остальн\w* (?:два|две|три|товар|позици)|в накладной (?:он|она|оно|они) есть|"
                              r"missing (?:item|from)|not in the (?:parcel|box)|"
                              # an empty box: the ordered item is missing from it — nothing to send back, it is sent again or refunded
                              r"пуст(?:ая|ую|ой) (?:коробк|посылк|упаковк)|(?:внутри|в коробке|в посылке|в упаковке) (?:было |оказалось )?пусто|"
                              r"(?:коробк|посылк|упаковк)\w* (?:была |оказалась |пришла )?пуст(?:ая|ой)\b|empty (?:box|parcel|package)|(?:box|parcel|package) (?:was|is|came) empty", re.IGNORECASE),
        "refused": re.compile(r"отказаться на месте|отказ\w* от (?:части|остальных|одного)|отказал\w* от|refuse[ds]? (?:part|some|the rest|it) at", re.IGNORECASE),
    },
    # where a seller's goods were lost or damaged
    "where": {
        "warehouse": re.compile(r"на склад\w* ярмарк|инвентаризац|warehouse|inventory count|поиск\w* (?:на складе|заверш)|после поиска|(?:не найден\w*|не нашли)[^.]{0,30}склад", re.IGNORECASE),
        "in_delivery": re.compile(r"при доставке|в пути|in transit|during delivery|курьер составил акт|получил\w* [^.]{0,30}(?:разбит|поврежд)", re.IGNORECASE),
    },
    # goods the law does not take back when they are of proper quality (perfume, underwear…)
    "returnability": {
        "nonreturnable": re.compile(r"невозвратн|не подлеж\w+ возврату|cannot be returned|non-returnable|духи|парфюм|туалетн\w+ вод|косметик|нательн\w* бель|нижнее бель|нижнего белья|комплект\w* (?:нижнего )?белья|"
                                    r"трусы|бюстгальтер|купальник|личной гигиены|perfume|cosmetics|underwear|lingerie|personal hygiene", re.IGNORECASE),
        "returnable": re.compile(r"можно вернуть в течение 7 дней|вернуть товар (?:без брака|надлежащего качества)|return (?:it|them|goods of proper quality|an item of proper quality) within 7 days|"
                                 r"can return goods of proper quality", re.IGNORECASE),
    },
    # a technically complex item (Decree No. 924): of proper quality it is on the non-returnable list too. A dimension of its own:
    # the item is named, not a rule, so no paragraph is judged to be about another situation by it
    "tech": {
        "complex": re.compile(r"смартфон|ноутбук|планшет|телевизор|холодильник|стиральн\w* машин|посудомоечн\w* машин|\bайфон|\biphone|"
                                r"smartphone|laptop|\btablet\b|\bTV\b|television|fridge|refrigerator|washing machine|dishwasher", re.IGNORECASE),
    },
    # the first that matches only: a text on a return pickup often mentions a delivery too
    "errand": {
        "return_pickup": re.compile(r"возврат\w*[^.?!]{0,80}(?:забра|забер|забор|вывоз|курьер)|(?:забра|забер|забор|вывоз)[^.?!]{0,80}возврат|return[^.?!]{0,60}(?:pick|collect|courier)|(?:pick|collect)[^.?!]{0,40}return|вывоз\w* возврат|забор\w* (?:возврат|товар)|заб(?:рать|ерут|ерёт|ерет|рал\w*|ирать) (?:возврат|товар|посылк)|курьер\w* (?:за|для) возврат|"
                                    r"return pickup|pick(?:s|ed)? up (?:the|my|your|a) return|collect(?:s|ed)? (?:the|my|your|a) (?:planned )?return|return collection", re.IGNORECASE),
        "delivery": re.compile(r"доставк|привез|deliver", re.IGNORECASE),
    },
}
_EXCLUSIVE = {"errand"}
# a dimension read only from a text that names what it is about
# «никто не приехал»: a no-show in words, whether or not the text names the courier
NO_SHOW = _SITUATIONS["courier"]["no_show"]
EARLY = _SITUATIONS["courier"]["early"]
# a failure that happened again: «Второй раз за неделю», «Уже третий раз курьер приезжает раньше», "again", "keeps coming early"
AGAIN = re.compile(r"второй (?:раз|день)|трет\w* (?:раз|день)|опять|снова|постоянно|всегда|каждый раз|в который раз|подряд|"
                   r"again|second time|third time|every time|always|keeps?\b|repeatedly|in a row", re.IGNORECASE)
_ABOUT = {"courier": re.compile(r"курьер|доставщик|courier|driver|\bинтервал\w*|\b(?:time )?window\b|\bslot\b|\bокн[оае]\b", re.IGNORECASE)}


# how long the customer has had the goods, against the rules' 7 and 15 days: «телевизор пришёл 8 дней
# назад» is within 15 days, and the rules for a technically complex item after 15 days do not apply
_RULE_WINDOWS = {
    "age15": {"within": re.compile(r"в течение 15 дней|within 15 days", re.IGNORECASE),
              "after": re.compile(r"(?:после|по истечении|спустя) 15 дней|after 15 days|more than 15 days", re.IGNORECASE)},
    "age7": {"within": re.compile(r"в течение 7 дней (?:после|с момента|со дня) получения|within 7 days of receiv", re.IGNORECASE),
             "after": re.compile(r"7 дней прошли|(?:после|по истечении) 7 дней|after 7 days|7 days have passed", re.IGNORECASE)},
}
_AGO = re.compile(r"\b(\d{1,3})\s*(дн\w*|день|days?|недел\w*|weeks?)\s*(?:назад|ago)\b|\b(месяц|a month) (?:назад|ago)\b", re.IGNORECASE)


_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
_MONTHS_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_MONTH = r"(\d{1,2})\s+([а-яё]+|[A-Za-z]+)|([A-Za-z]+)\s+(\d{1,2})"
_GOT_ON = re.compile(r"(?:получил\w*|пришл?\w*|доставили|привезли|купил\w*|received|delivered|got it|bought)\s+(?:его |её |их |заказ |it |on )?(?:" + _DAY_MONTH + ")", re.IGNORECASE)
_NOW_ON = re.compile(r"(?:сейчас|сегодня|today is|today it's|it's now|now it's)\s+(?:уже\s+)?(?:" + _DAY_MONTH + ")", re.IGNORECASE)


def _day_of_year(m: re.Match) -> int | None:
    day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    low = month.lower()
    month_no = next((k + 1 for k, stem in enumerate(_MONTHS) if low.startswith(stem) and (stem != "ма" or low in ("мая", "май"))), None) \
        or next((k + 1 for k, stem in enumerate(_MONTHS_EN) if low.startswith(stem)), None)
    try:
        return date(2025, month_no, int(day)).toordinal() if month_no else None  # the year does not matter for a span
    except ValueError:
        return None


def days_held(text: str) -> int | None:
    """Days since the customer got the goods, when the text says so («пришёл 8 дней назад», "5 days ago",
    «получил 2 марта. Сейчас 22 марта»)."""
    got, now = _GOT_ON.search(text), _NOW_ON.search(text)
    if got and now and (a := _day_of_year(got)) is not None and (b := _day_of_year(now)) is not None and b >= a:
        return b - a
    m = _AGO.search(text)
    if m is None:
        return None
    if m.group(3):
        return 30
    n = int(m.group(1))
    return n * 7 if m.group(2).lower().startswith(("недел", "week")) else n


_ARRIVED_AT = re.compile(r"(?:приехал\w*|пришёл|пришел|пришла|позвонил\w*|came|arrived|showed up|turned up|called)\s+(?:в|к|около|at|around)\s+(\d{1,2})(?:[:.](\d{2}))?", re.IGNORECASE)
_WINDOW_OF = re.compile(r"(?:интервал\w*|окн\w*|slot|window|(?:доставк|deliver|привез|приехать|supposed to come|due to come|to arrive)\w*[^.\d]{0,30}?)(?:\s+(?:был\w*|was|is|с|from|between))*\s*(\d{1,2})(?::\d{2})?\s*(?:[–-]|до|to|and)\s*(\d{1,2})(?::\d{2})?", re.IGNORECASE)


def booked_window(text: str) -> tuple[int, int] | None:
    """The delivery window the text names, as (start hour, end hour): «интервал 14–16», «доставка сегодня с 14 до 16»,
    "supposed to come today between 18 and 20"; None when it names none."""
    window = _WINDOW_OF.search(text)
    return (int(window.group(1)), int(window.group(2))) if window else None


def _timing(text: str) -> str | None:
    """«Курьер приехал в 9 утра, а интервал 14–16» is early; «приехал в 17:40, интервал 14–16» late;
    «доставка курьером сегодня с 14 до 16. Курьер приехал в 12:10» early."""
    arrived, window = _ARRIVED_AT.search(text), booked_window(text)
    if not arrived or not window:
        return None
    hour = int(arrived.group(1)) + (12 if re.match(r"\s*(?:вечера|pm)", text[arrived.end():arrived.end() + 8], re.IGNORECASE) else 0)
    start, end = window
    return "early" if hour < start else "late" if hour >= end else None


@lru_cache(maxsize=16384)
def situations(text: str) -> frozenset[str]:
    """The situations a text speaks of, as "dimension:name" («goods:faulty», «courier:late», «age15:after»)."""
    found: list[str] = []
    days = days_held(text)
    for dim, names in _RULE_WINDOWS.items():
        found += [f"{dim}:{name}" for name, pattern in names.items() if pattern.search(text)]
        if days is not None:
            found.append(f"{dim}:{'within' if days <= int(dim[3:]) else 'after'}")
    for dim, names in _SITUATIONS.items():
        if dim in _ABOUT and not _ABOUT[dim].search(text):
            continue  # «не позднее чем за 30 дней» is no late courier
        hits = [f"{dim}:{name}" for name, pattern in names.items() if pattern.search(text)]
        if dim == "courier" and (timing := _timing(text)) and f"courier:{timing}" not in hits:
            hits.append(f"courier:{timing}")
        found += hits[:1] if dim in _EXCLUSIVE else hits
    return frozenset(found)


def other_situation(happened: frozenset[str], told: frozenset[str]) -> bool:
    """The text speaks only of another situation than the customer's in some dimension, or of what a
    courier did wrong to a customer who reports nothing a courier did («позвонит ли курьер заранее?»
    is not answered by what to do when a courier comes early)."""
    for dim in (*_SITUATIONS, *_RULE_WINDOWS):
        h = {x for x in happened if x.startswith(dim + ":")}
        if "courier:no_show" in h:
            h.add("courier:late")  # a courier who has not come by the end of the window is late, too
        t = {x for x in told if x.startswith(dim + ":")}
        if t and not h & t and (h or dim in _REPORTED_ONLY or t <= _REPORTED_ONLY_NAMES):
            return True
    return False


# situations a paragraph may speak of only when the customer reports one of them. (All goods situations —
# damaged and faulty too — were tried: «если кнопка не работает» reads as faulty goods, and coverage fell
# 0.960 -> 0.929; only the wrong item below is.)
_REPORTED_ONLY = {"courier", "case"}
# a paragraph only about a wrong or swapped item («when the wrong item… is confirmed, you choose…») answers
# only a customer who got one, not one who asks how refunds go
_REPORTED_ONLY_NAMES = {"goods:wrong"}


def thread_situations(customer_text: str) -> frozenset[str]:
    """What the customer reports anywhere in the thread about the courier and the goods, and whether the goods
    are returnable at all (perfume, underwear) (the errand
    differs from ask to ask: a delivery and a return pickup can share a thread)."""
    return frozenset(x for x in situations(customer_text) if x.startswith(("courier:", "goods:", "age", "returnability:", "case:")))


# how the customer paid, and what a handbook sentence is about: «Банковская карта: банк зачисляет…», «СБП: до 3
# рабочих дней», «Оплата «Частями»: …», «Если заказ оплачен комбинированно…»
_PAYMENT = {
    "card": re.compile(r"картой|на карту|по карте|банковск\w* карт|\bby card\b|\bcard\b|to (?:my|the) card", re.IGNORECASE),
    "sbp": re.compile(r"\bсбп\b|\bsbp\b|faster payments", re.IGNORECASE),
    "instalments": re.compile(r"частями|рассрочк|instal|chastyami", re.IGNORECASE),
    "combined": re.compile(r"комбинированн|partly with points and partly|paid partly|баллами и карт|points and (?:a )?card|(?:плюс|\+)\s*\d+\s*балл|plus \d+ points", re.IGNORECASE),
}


def payment_of(text: str, sentence: bool = False) -> frozenset[str]:
    """The ways of paying a text names; a handbook sentence on combined payment is about that alone («Если
    заказ оплачен комбинированно…» names no card of its own), a customer who paid «картой плюс 300 баллов» both."""
    found = frozenset(name for name, pattern in _PAYMENT.items() if pattern.search(text))
    return frozenset({"combined"}) if sentence and "combined" in found else found


def for_payment(sentences: list[str], customer_text: str) -> list[str]:
    """The sentences of a paragraph on refund timing that concern the way the customer paid, when they name
    it («я платила картой»: not the lines on «Частями» and SBP); when they do not, the card and SBP lines;
    all of them when none would be left."""
    paid = payment_of(customer_text)
    if not paid:
        # the customer does not say: the card and SBP lines, not the rarer instalments and combined payment
        kept = [s for s in sentences if not payment_of(s, sentence=True) & {"instalments", "combined"}]
        return kept or sentences
    kept = [s for s in sentences if not (told := payment_of(s, sentence=True)) or told & paid]
    return kept or sentences

