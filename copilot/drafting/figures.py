"""Figures for this order: a rule of the policy applied to what the thread says.

The policy says how long an order waits at the pickup point (7 days from arrival, once 3 more) and how much
an automatic compensation is (10 % of the order, at most 1 000 points); a customer asks «до какого числа?»
or «сколько мне положено?». These functions work the answer out from the dates and amounts the customer
gave and the messages' own timestamps, and return None when the thread does not state them plainly —
a figure is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from copilot.domain import Message
from copilot.text import entities
from copilot.text.entities import RU_MONTHS

_MONTHS = RU_MONTHS
_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
_MONTH = "(?:" + "|".join(f"{s}[а-я]*" for s in _MONTH_STEMS) + ")"


def ru_date(d: date) -> str:
    """«10 апреля»."""
    return f"{d.day} {_MONTHS[d.month - 1]}"


def sent_at(message: Message) -> datetime | None:
    """When a message was sent, from its timestamp; None without one (or with one that does not parse)."""
    if not message.at:
        return None
    try:
        return datetime.fromisoformat(message.at.replace("Z", "+00:00"))
    except ValueError:
        return None


def sent_on(message: Message) -> date | None:
    """The day a message was sent, from its timestamp; None without one."""
    at = sent_at(message)
    return at.date() if at else None


def days_since(messages: Sequence[Message], pattern: re.Pattern) -> int | None:
    """Calendar days from the first message the pattern matches to the customer's last message, by the
    messages' timestamps; None when either is missing."""
    start = next((sent_on(m) for m in messages if pattern.search(m.text)), None)
    last = next((sent_on(m) for m in reversed(messages) if m.role == "customer"), None)
    if start is None or last is None or last < start:
        return None
    return (last - start).days


def _day_of_month(day: int, month: int | None, ref: date, forward: bool) -> date | None:
    """The date a bare «21-го» or «9 января» means, seen from `ref`: the nearest such date ahead (`forward`)
    or behind."""
    if not 1 <= day <= 31:
        return None
    year, m = ref.year, month or ref.month
    try:
        d = date(year, m, day)
    except ValueError:
        return None
    if forward and d < ref:
        if month:
            return _safe(year + 1, m, day)
        return _safe(year + (m == 12), m % 12 + 1, day)
    if not forward and d > ref:
        if month:
            return _safe(year - 1, m, day)
        return _safe(year - (m == 1), (m - 2) % 12 + 1, day)
    return d


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_MONTH_INDEX = {s: i + 1 for i, s in enumerate(_MONTH_STEMS)}
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_EN_MONTH = "(?:" + "|".join(m[:3] + f"(?:{m[3:]})?" if len(m) > 3 else m for m in _EN_MONTHS) + r")\.?"


def en_date(d: date) -> str:
    """"May 9"."""
    return f"{_EN_MONTHS[d.month - 1]} {d.day}"


def _month_of(word: str) -> int | None:
    word = word.lower().rstrip(".")
    for k, m in enumerate(_EN_MONTHS):
        if word[:3] == m[:3].lower() and m.lower().startswith(word):
            return k + 1
    for stem in sorted(_MONTH_INDEX, key=len, reverse=True):
        if word.startswith(stem):
            return _MONTH_INDEX[stem]
    return None


# «9 января», «21-го», «до 21», «12.04»; "May 2", "2 May", "the 15th"
_DATE = {
    "ru": re.compile(rf"\b(\d{{1,2}})(?:\s*-?\s*(?:го|ого)\b(?:\s+числа)?|\s+({_MONTH})\b|\.(\d{{1,2}})\b(?!\.\d))?", re.IGNORECASE),
    "en": re.compile(rf"\b(?:({_EN_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b|(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?({_EN_MONTH}))?\b)", re.IGNORECASE),
}
_RELATIVE = {"ru": {"сегодня": 0, "вчера": 1, "позавчера": 2}, "en": {"today": 0, "yesterday": 1}}


_DURATION = re.compile(r"\s*(?:-?\s*(?:х|ти|ми)\s+)?(?:дн|дня|дней|сут|час|недел|месяц|days?|hours?|weeks?|months?|%|₽|р\b|руб|rub)", re.IGNORECASE)


def _dates(fragment: str, lang: str) -> list[tuple[int, int | None, bool]]:
    """(day, month or None, marked as a date) for each day number in the fragment."""
    out = []
    for m in _DATE[lang].finditer(fragment):
        if _DURATION.match(fragment, m.end()):
            continue  # «на 30 дней», "to 30 days": a length, not a day of the month
        if lang == "ru":
            day, month_word, month_num = m.group(1), m.group(2), m.group(3)
            if month_num and not 1 <= int(month_num) <= 12:
                continue
            month = _month_of(month_word) if month_word else int(month_num) if month_num else None
            out.append((int(day), month, bool(month or re.search(r"го\b|числа", m.group(0)))))
        else:
            month_word, day = (m.group(1), m.group(2)) if m.group(2) else (m.group(4), m.group(3))
            month = _month_of(month_word) if month_word else None
            out.append((int(day), month, bool(month or re.search(r"\d(?:st|nd|rd|th)\b", m.group(0)))))
    return out


def _date_in(fragment: str, ref: date, forward: bool, bare_ok: bool, lang: str = "ru") -> date | None:
    """The one date the fragment names, or None (none, or several)."""
    for word, back in _RELATIVE[lang].items():
        if re.search(rf"\b{word}\b", fragment, re.IGNORECASE):
            return ref - timedelta(days=back)
    found = [d for day, month, marked in _dates(fragment, lang) if marked or bare_ok
             for d in [_day_of_month(day, month, ref, forward)] if d]
    return found[0] if len(set(found)) == 1 else None


# «пришёл в пвз вчера», «поступил в пункт выдачи 9 января», «лежит в постамате с 12-го»: the clause that says it
_CLAUSE = {"ru": re.compile(r"\.(?!\d)|[!?\n;,]|\s(?:а|но|и)\s", re.IGNORECASE),
           "en": re.compile(r"\.(?!\d)|[!?\n;,]|\s(?:and|but)\s", re.IGNORECASE)}
_ARRIVED = {
    "ru": re.compile(r"\b(?:пришёл|пришел|пришла|пришло|поступил\w*|прибыл\w*|приехал\w*|доставлен\w*|доставили|лежит|ждёт|ждет)\b"
                     r"(?=.*\b(?:пвз|пункт\w*|постамат\w*))|\b(?:пвз|пункт\w* выдачи|постамат\w*)\b.*\b(?:пришёл|пришел|пришла|пришло|поступил\w*|прибыл\w*)\b",
                     re.IGNORECASE),
    "en": re.compile(r"\b(?:arrived|got to|reached|delivered to|has been (?:at|in))\b(?=.*\b(?:pickup point|pick-up point|parcel locker|locker|pvz)\b)", re.IGNORECASE),
}
# the date the customer needs it to wait until: «продлить хотя бы до 21», «я в командировке до 20-го», «вернусь 3 мая»;
# "extend it until the 21st", "I'm abroad until May 15", "back on May 15"
_UNTIL_EXTEND = {"ru": re.compile(r"продл\w*[^.!?\n]{0,30}?\bдо\s+([^.!?\n,;]{1,25})", re.IGNORECASE),
                 "en": re.compile(r"\b(?:extend|keep|hold)\w*[^.!?\n]{0,30}?\b(?:until|till|to)\s+([^.!?\n,;]{1,25})", re.IGNORECASE)}
_UNTIL_AWAY = {"ru": re.compile(r"(?:командировк\w*|отпуск\w*|в отъезде|не в городе|уезжаю|уехал\w*|в больнице)[^.!?\n]{0,25}?\bдо\s+([^.!?\n,;]{1,25})|"
                                r"\bвернусь\s+([^.!?\n,;]{1,25})", re.IGNORECASE),
               "en": re.compile(r"\b(?:abroad|away|travell?ing|on (?:a )?(?:business trip|holiday|vacation)|out of town|in hospital)\b[^.!?\n]{0,25}?"
                                r"\b(?:until|till)\s+([^.!?\n,;]{1,25})|\b(?:back|return|get back)\s+(?:on\s+)?([^.!?\n,;]{1,25})", re.IGNORECASE)}
_STORAGE_TEXT = {
    "ru": {"dates": "Заказ поступил в пункт выдачи {arrived}, значит, без продления он хранится до {end} включительно, а с продлением — до {longest}.",
           "until": "Заказ{order} хранится до {end} включительно, а с продлением — до {longest}.",
           "no_need": "К {needed} продлевать ничего не нужно: заказ дождётся вас и так.",
           "extend": "Чтобы заказ дождался вас {needed}, продлите хранение, пока срок не истёк.",
           "too_late": "До {needed} хранение, к сожалению, не продлить. Если заказ не заберут в срок, он отменится, деньги за него вернутся, "
                       "а заказ можно будет оформить заново."},
    "en": {"dates": "Your order arrived at the pickup point {arrived}, so without an extension it is kept until {end} inclusive, "
                    "and with the extension until {longest}.",
           "until": "Order{order} is kept until {end} inclusive, and with the extension until {longest}.",
           "no_need": "By {needed} no extension is needed: the order will still be waiting for you.",
           "extend": "For the order to wait for you on {needed}, extend storage before it ends.",
           "too_late": "Unfortunately, storage cannot be extended to {needed}. If the order is not collected in time, it goes back and you get "
                       "a refund; you can place the order again later."},
}
_SAY_DATE = {"ru": ru_date, "en": en_date}

STORAGE_DAYS, EXTENSION_DAYS = 7, 3


def storage_figures(messages: Sequence[Message], lang: str) -> tuple[str, bool] | None:
    """«Заказ поступил 10 апреля: без продления он ждёт вас до 17 апреля включительно, с продлением — до 20 апреля.
    До 21 апреля хранение не продлить …» — from the arrival day the customer names and the date of their message.
    The flag says whether the text also tells what happens to an order nobody collects (its own section)."""
    if lang not in _STORAGE_TEXT:
        return None
    t, say = _STORAGE_TEXT[lang], _SAY_DATE[lang]
    for message in reversed([m for m in messages if m.role == "customer"]):
        ref = sent_on(message)
        if ref is None:
            continue
        arrived = None
        for clause in _CLAUSE[lang].split(message.text):
            if _ARRIVED[lang].search(clause) and (arrived := _date_in(clause, ref, forward=False, bare_ok=False, lang=lang)):
                break
        if arrived is None:
            continue
        end, longest = arrived + timedelta(days=STORAGE_DAYS), arrived + timedelta(days=STORAGE_DAYS + EXTENSION_DAYS)
        # «вчера, 10 апреля»: the customer's own word first, so the date is seen to come from it
        text = t["dates"].format(arrived=when_said(arrived, _relative_word(clause, lang), lang), end=say(end), longest=say(longest))
        needed = None
        for pattern in (_UNTIL_EXTEND[lang], _UNTIL_AWAY[lang]):
            for m in pattern.finditer(message.text):
                fragment = next(g for g in m.groups() if g)
                needed = _date_in(fragment, ref, forward=True, bare_ok=True, lang=lang)
                if needed:
                    break
            if needed:
                break
        if needed is None or needed < arrived:
            return text, False
        if needed <= end:
            return f"{text} {t['no_need'].format(needed=say(needed))}", False
        if needed <= longest:
            return f"{text} {t['extend'].format(needed=say(needed))}", False
        return f"{text} {t['too_late'].format(needed=say(needed))}", True
    return _stored_until(messages, lang)


# «Заказ 1702223344-0001 хранится до 24 апреля включительно» said by an operator: the last day, and with the extension
_STORED_UNTIL = {"ru": re.compile(r"(?:хранится|будет храниться|ждёт вас|ждет вас|пролежит)\s+(?:в пункте выдачи\s+)?до\s+(\d{1,2}\s+[а-яё]+)", re.IGNORECASE),
                 "en": re.compile(r"(?:kept|stored|held|wait)\s+(?:at the pickup point\s+)?until\s+([A-Za-z]+\s+\d{1,2}|\d{1,2}\s+[A-Za-z]+)", re.IGNORECASE)}


def _stored_until(messages: Sequence[Message], lang: str) -> tuple[str, bool] | None:
    """The storage dates from an operator's «хранится до 24 апреля» when no customer names the arrival day: the
    last day without the extension, and with it (3 days more)."""
    for message in reversed([m for m in messages if m.role != "customer"]):
        ref = sent_on(message)
        m = _STORED_UNTIL[lang].search(message.text) if ref is not None else None
        if m is None or (end := _date_in(m.group(1), ref, forward=True, bare_ok=False, lang=lang)) is None:
            continue
        order = entities.order_ids(message.text[max(0, m.start() - 40):m.start()])
        said = f" {order[-1]}" if order else ""
        return _STORAGE_TEXT[lang]["until"].format(order=said, end=_SAY_DATE[lang](end), longest=_SAY_DATE[lang](end + timedelta(days=EXTENSION_DAYS))), False
    return None


# an amount of money the thread states: «пылесос, 4 800 р», «заказ на 12 500 ₽», "an order of 3,200 RUB"
_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[\s\u00a0\u202f,]\d{3})+|\d+)\s*(?:₽|р\.|р\b|руб\w*|rub\w*|roubles?|rubles?)", re.IGNORECASE)
_PERCENT = re.compile(r"(\d+)\s*%\s*(?:от стоимости заказа|of the order(?: value| price)?)", re.IGNORECASE)
_CAP = re.compile(r"(?:максимум|не более|не больше|at most|up to|maximum(?: of)?)\s+(\d[\d\s\u00a0]*)\s*(?:балл\w*|points?)", re.IGNORECASE)


def amounts(text: str) -> set[int]:
    return {int(re.sub(r"[\s\u00a0\u202f,]", "", m.group(1))) for m in _AMOUNT.finditer(text)}


def thousands(n: int) -> str:
    """«4 800», «1 000» (a non-breaking space, as the policy writes them)."""
    return f"{n:,}".replace(",", "\u00a0")


def percent_points(rule: str, messages: Sequence[Message], lang: str) -> str | None:
    """«По вашему заказу на 4 800 ₽ это 480 баллов.»: a rule of «10% от стоимости заказа баллами, максимум
    1 000 баллов» applied to the one order amount the thread states; None when the rule is not a percentage
    or the thread states no amount or several."""
    pct, cap = _PERCENT.search(rule), _CAP.search(rule)
    found = amounts(" ".join(m.text for m in messages))
    if pct is None or len(found) != 1:
        return None
    (amount,) = found
    points = amount * int(pct.group(1)) // 100
    if cap is not None:
        points = min(points, int(re.sub(r"\D", "", cap.group(1))))
    if lang == "en":
        return f"For your order of {thousands(amount)} RUB this is {thousands(points)} points."
    return f"По вашему заказу на {thousands(amount)} ₽ это {thousands(points)} {_points_word(points)}."


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian form of a noun after the number n: «1 балл», «3 балла», «11 баллов»."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _points_word(n: int) -> str:
    return plural(n, "балл", "балла", "баллов")


_WEEKDAYS = {"ru": ("понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"),
             "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
_TODAY_IS = {"ru": re.compile(r"сегодня\s+(понедельник|вторник|сред[аy]|четверг|пятниц[аy]|суббот[аy]|воскресенье)", re.IGNORECASE),
             "en": re.compile(r"today is\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", re.IGNORECASE)}


def on_weekday(d: date | None, weekday: int, lang: str) -> str:
    """«во вторник, 14 апреля», "on Tuesday, April 14"; without a date «во вторник»."""
    name = _WEEKDAYS[lang][weekday]
    if lang == "en":
        return f"on {name}, {en_date(d)}" if d else f"on {name}"
    prep = "во" if name == "вторник" else "в"
    return f"{prep} {name}, {ru_date(d)}" if d else f"{prep} {name}"


# «отменили в понедельник», "cancelled on Monday": the weekday of a cancellation
_CANCELLED_ON = {"ru": re.compile(r"отмен\w*[^.!?]{0,40}?\bв[о]?\s+(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b", re.IGNORECASE),
                 "en": re.compile(r"cancel+ed[^.!?]{0,40}?\bon\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)}
_DAY_AFTER = {
    "ru": {"past": "Заказ отменён {on}, поэтому баллы должны были прийти не позже чем {due}; если их нет на вашем счёте баллов, это ошибка "
                   "с нашей стороны.",
           "ahead": "Заказ отменён {on}, поэтому баллы придут не позже чем {due}."},
    "en": {"past": "Your order was cancelled {on}, so the points should have arrived by {due}; if they are not in your points balance, "
                   "that is an error on our side.",
           "ahead": "Your order was cancelled {on}, so the points are due by {due}."},
}


def day_after_cancellation(messages: Sequence[Message], lang: str) -> str | None:
    """«Заказ отменён в понедельник, 6 апреля, поэтому баллы должны были прийти не позже чем во вторник, 7 апреля»: an
    automatic credit due within 24 hours of a cancellation the customer dates by its weekday, said from the date of their
    message (past or ahead); None when no weekday of a cancellation is named."""
    if lang not in _CANCELLED_ON:
        return None
    for message in reversed([m for m in messages if m.role == "customer"]):
        m = _CANCELLED_ON[lang].search(message.text)
        if m is None:
            continue
        weekday = next(k for k, name in enumerate(_WEEKDAYS[lang]) if name.lower() == m.group(1).lower())
        today = sent_on(message)
        on = today - timedelta(days=(today.weekday() - weekday) % 7) if today else None
        due = on + timedelta(days=1) if on else None
        said_due = on_weekday(due, (weekday + 1) % 7, lang)  # «во вторник, 7 апреля»; "by Tuesday, April 7"
        if lang == "en":
            said_due = said_due.removeprefix("on ")
        passed = today is not None and due is not None and due < today
        return _DAY_AFTER[lang]["past" if passed else "ahead"].format(on=on_weekday(on, weekday, lang), due=said_due)
    return None


def today_of(messages: Sequence[Message], lang: str) -> tuple[date | None, int | None]:
    """The date of the newest customer message and its weekday; or only the weekday the customer names
    («сегодня среда»); (None, None) when neither is known."""
    for message in reversed([m for m in messages if m.role == "customer"]):
        if (d := sent_on(message)) is not None:
            return d, d.weekday()
        if lang in _TODAY_IS and (m := _TODAY_IS[lang].search(message.text)):
            word = m.group(1).lower()[:3]
            return None, next(k for k, name in enumerate(_WEEKDAYS["en" if lang == "en" else "ru"]) if name.lower()[:3] == word)
    return None, None


def last_and_next(today: date | None, weekday_now: int, payday: int) -> tuple[date | None, date | None, int, int]:
    """The latest payday on or before today and the next one after it, with how many days ago / ahead they are."""
    back = (weekday_now - payday) % 7
    ahead = (payday - weekday_now) % 7 or 7
    if today is None:
        return None, None, back, ahead
    return today - timedelta(days=back), today + timedelta(days=ahead), back, ahead


# «обещали доставку 10 апреля», «обещанная дата — 10.04», "the delivery was promised for May 3"
_PROMISED = {"ru": re.compile(r"обещал\w*[^.!?\n]{0,25}?(?:доставк\w*|привез\w*|дат\w*)?[^.!?\n]{0,10}?\b(?:на\s+|к\s+)?(\d{1,2}(?:\.\d{1,2}|\s+[а-я]+))", re.IGNORECASE),
             "en": re.compile(r"promised\b[^.!?\n]{0,30}?\b(?:for|by|on)\s+((?:[A-Z][a-z]+\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+))", re.IGNORECASE)}
AUTO_CANCEL_DAYS = 5


def promised_date(messages: Sequence[Message], lang: str) -> date | None:
    """The delivery date the customer says was promised, in the year of their message; None when it is not
    stated with its month."""
    if lang not in _PROMISED:
        return None
    for message in reversed([m for m in messages if m.role == "customer"]):
        ref = sent_on(message)
        m = _PROMISED[lang].search(message.text)
        if ref is None or m is None:
            continue
        dates = [(day, month) for day, month, _ in _dates(m.group(1), lang) if month]
        if len(dates) == 1:
            return _safe(ref.year, dates[0][1], dates[0][0])
    return None


def say_date(d: date, lang: str) -> str:
    return _SAY_DATE.get(lang, ru_date)(d)


# «14 марта сдала ноутбук в гарантийный ремонт», «Сдала сегодня», "I handed it in for repair on March 3"
_HANDED_IN = {"ru": re.compile(r"\bсдал\w*|\bотдал\w*|\bотнес\w*|\bпередал\w*", re.IGNORECASE),
              "en": re.compile(r"\b(?:handed (?:it |them )?in|dropped (?:it |them )?off|sent (?:it |them )?(?:in|for repair)|gave (?:it|them) in)\b", re.IGNORECASE)}
REPAIR_DAYS = 45


def dated_clause(messages: Sequence[Message], lang: str, pattern: re.Pattern) -> tuple[date, str] | None:
    """The past date of the first customer clause the pattern matches, and the customer's relative word for it
    («сегодня», «вчера»; "" for a date they named)."""
    for message in [m for m in messages if m.role == "customer"]:
        ref = sent_on(message)
        if ref is None:
            continue
        for clause in _CLAUSE[lang].split(message.text):
            if pattern.search(clause) and (d := _date_in(clause, ref, forward=False, bare_ok=False, lang=lang)):
                return d, _relative_word(clause, lang)
    return None


def handed_in_date(messages: Sequence[Message], lang: str) -> tuple[date, str] | None:
    """The day the customer handed the item in for repair, and how they said it («сегодня», «14 марта»)."""
    return dated_clause(messages, lang, _HANDED_IN[lang]) if lang in _HANDED_IN else None


def _relative_word(clause: str, lang: str) -> str:
    return next((w for w in _RELATIVE[lang] if re.search(rf"\b{w}\b", clause, re.IGNORECASE)), "")


def when_said(d: date, word: str, lang: str) -> str:
    """«вчера, 10 апреля» when the customer said «вчера»; «10 апреля» otherwise."""
    if lang == "en":
        return f"{word}, {en_date(d)}" if word else f"on {en_date(d)}"
    return f"{word}, {say_date(d, lang)}" if word else say_date(d, lang)


# «заказ 3104455667-0002 на 18 000», "an order of 18,000 RUB": the order's own amount, even without a currency sign
_ORDER_AMOUNT = re.compile(r"(?:заказ\w*|order)\b[^.!?\n]{0,40}?\b(?:на|for|of|worth)\s+(\d{1,3}(?:[\s\u00a0\u202f,]\d{3})+|\d{3,})(?![\d.,]*\s*%)", re.IGNORECASE)
_DAYS_LATE = re.compile(r"(?:опоздал\w*|задержал\w*|просрочил\w*|передал\w*|отгрузил\w*)[^.!?\n]{0,30}?\bна\s+(\d{1,2})\s*(?:дн|день|дня)|"
                        r"(\d{1,2})\s*(?:дн\w*|день|дня) просрочки|просрочк\w* (?:в )?(\d{1,2})\s*(?:дн|день|дня)|(\d{1,2}) days? late", re.IGNORECASE)


def late_fine(messages: Sequence[Message], lang: str) -> str | None:
    """«По вашему заказу на 18 000 ₽ за 3 дня просрочки это 2% × 3 = 6%, то есть 1 080 ₽…»: the late-handover fine
    (2% a day, at most 10%) worked out from the order amount and the days late the seller names."""
    text = " ".join(m.text for m in messages if m.role == "customer")
    order, late = _ORDER_AMOUNT.search(text), _DAYS_LATE.search(text)
    if order is None or late is None:
        return None
    amount = int(re.sub(r"[\s\u00a0\u202f,]", "", order.group(1)))
    days = int(next(g for g in late.groups() if g))
    pct = min(2 * days, 10)
    fine, cap = amount * pct // 100, amount * 10 // 100
    if lang == "en":
        head = f"For your order of {thousands(amount)} RUB, {days} {'day' if days == 1 else 'days'} late make"
        if pct == 10:
            return f"For your order of {thousands(amount)} RUB this is already the maximum of 10%, that is {thousands(cap)} ₽."
        return f"{head} 2% × {days} = {pct}%, that is {thousands(fine)} ₽; the fine on this order can never exceed 10%, that is {thousands(cap)} ₽."
    head = f"По вашему заказу на {thousands(amount)} ₽ за {days} {_days_word(days)} просрочки это"
    if pct == 10:
        return f"По вашему заказу на {thousands(amount)} ₽ это уже максимальные 10%, то есть {thousands(cap)} ₽."
    return f"{head} 2% × {days} = {pct}%, то есть {thousands(fine)} ₽, а больше 10% — {thousands(cap)} ₽ — штраф по этому заказу не составит."


def _days_word(n: int) -> str:
    return plural(n, "день", "дня", "дней")


def add_business_days(d: date, n: int) -> date:
    """The n-th weekday after d (public holidays are not known here)."""
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


_SAME_DAY = re.compile(r"в тот же день|тем же днём|тем же днем|(?:on )?the same day", re.IGNORECASE)
# the bank's period after Yarmarka sends the money (within 24 hours of the acceptance or cancellation)
REFUND_BUSINESS_DAYS = {"card": 10, "sbp": 3}


def refund_due(messages: Sequence[Message], lang: str, method: str, initiated: re.Pattern) -> tuple[date, str, date] | None:
    """(the day the refund started, the customer's word for it, the last day the money may take) for a return
    accepted or an order cancelled on a day the customer names («возврат приняли 2 апреля») or, failing that, on
    the day of the message that says so; the bank's period counts from the day after (Yarmarka sends the money
    within 24 hours). None when neither is known."""
    found = dated_clause(messages, lang, initiated) if lang in _CLAUSE else None
    for m in messages if found is None else ():
        if not initiated.search(m.text) or (ref := sent_on(m)) is None:
            continue
        if m.role != "customer":  # «Возврат оформлен»: the operator's message is dated by its own time
            found = (ref, "")
        elif _SAME_DAY.search(m.text) and (d := _date_in(m.text, ref, forward=False, bare_ok=False, lang=lang)):
            found = (d, "")  # «1 апреля вернула пальто, возврат приняли в тот же день»
        elif lang in _RELATIVE and _relative_word(m.text, lang) in ("сегодня", "today"):
            found = (ref, _relative_word(m.text, lang))  # «а сегодня его просто взяли и ОТМЕНИЛИ»
        if found is not None:
            break
    if found is None or method not in REFUND_BUSINESS_DAYS:
        return None
    return found[0], found[1], add_business_days(found[0] + timedelta(days=1), REFUND_BUSINESS_DAYS[method])


def last_customer_day(messages: Sequence[Message]) -> date | None:
    return next((d for m in reversed(messages) if m.role == "customer" and (d := sent_on(m)) is not None), None)


_HANDED_OUT = {"ru": re.compile(r"\bвыдал\w*|\bвыдан\w*", re.IGNORECASE)}


def handed_out_date(messages: Sequence[Message], lang: str) -> date | None:
    """The day a pickup point says it handed the parcel out («мы её выдали клиенту 2 апреля»)."""
    found = dated_clause(messages, lang, _HANDED_OUT[lang]) if lang in _HANDED_OUT else None
    return found[0] if found else None


# «Пришло письмо 5 апреля: с 25 апреля комиссия растёт»: the day of the notice and the day the changes take effect
_NOTICE = {"ru": re.compile(r"(?:письм\w*|уведомлен\w*)[^.!?:;]{0,40}?\b(\d{1,2}(?:\.\d{1,2}|\s+[а-яё]+))", re.IGNORECASE)}
_EFFECTIVE = {"ru": re.compile(r"\bс (\d{1,2}(?:\.\d{1,2}|\s+[а-яё]+))", re.IGNORECASE)}


def notice_dates(messages: Sequence[Message], lang: str) -> tuple[date, date | None] | None:
    """(the day a notice of changes came, the day the customer says they take effect or None); None without the first."""
    if lang not in _NOTICE:
        return None
    noticed = next((d for m in messages if m.role == "customer" and (ref := sent_on(m)) is not None
                    for n in _NOTICE[lang].finditer(m.text) if (d := _date_in(n.group(1), ref, forward=False, bare_ok=False, lang=lang))), None)
    if noticed is None:
        return None
    for message in [m for m in messages if m.role == "customer"]:
        ref = sent_on(message)
        for m in _EFFECTIVE[lang].finditer(message.text):
            if ref is not None and (d := _date_in(m.group(1), ref, forward=True, bare_ok=False, lang=lang)) and d > noticed:
                return noticed, d
    return noticed, None


_AHEAD = {"ru": {"сегодня": 0, "завтра": 1, "послезавтра": 2}, "en": {"today": 0, "tonight": 0, "tomorrow": 1}}


def asked_day(text: str, ref: date | None, lang: str) -> tuple[date, str] | None:
    """The day a customer asks for, seen from the day of their message: «на завтра» (the date and «завтра»), «на 30-е»,
    «на 16 апреля»; None when the text names no single day or the message has no date."""
    if ref is None or lang not in _AHEAD:
        return None
    for word, ahead in _AHEAD[lang].items():
        if re.search(rf"\b{word}\b", text, re.IGNORECASE):
            return ref + timedelta(days=ahead), word
    d = _date_in(text, ref, forward=True, bare_ok=True, lang=lang)
    return (d, "") if d is not None else None


_FILED = {"ru": re.compile(r"оспорил\w*|подал\w* (?:спор|заявк)|спор подан", re.IGNORECASE),
          "en": re.compile(r"disputed|filed (?:a |the )?dispute", re.IGNORECASE)}


def filed_date(messages: Sequence[Message], lang: str) -> date | None:
    """The day the partner says they filed a dispute («Я оспорила штраф ещё 2 апреля»), in the year of their message."""
    found = dated_clause(messages, lang, _FILED[lang]) if lang in _FILED else None
    return found[0] if found else None


# «Вчера вечером оператор написал, что мне начислили 200 баллов»: the day the points were credited
_CREDITED = {"ru": re.compile(r"начислил\w*|начислен\w*", re.IGNORECASE), "en": re.compile(r"credited|added (?:the )?points", re.IGNORECASE)}
POINTS_VALID_DAYS = 90


def points_dates(messages: Sequence[Message], lang: str) -> str | None:
    """«Если баллы начислили вчера, 11 мая, они появятся не позднее 12 мая и будут действовать до 9 августа.» —
    from the day the customer says they were credited; None when they do not say it."""
    if lang != "ru":
        return None
    found = dated_clause(messages, lang, _CREDITED[lang])
    if found is None:
        return None
    credited, word = found
    return (f"Если баллы начислили {when_said(credited, word, lang)}, они появятся не позднее {ru_date(credited + timedelta(days=1))} "
            f"и будут действовать до {ru_date(credited + timedelta(days=POINTS_VALID_DAYS))}.")
