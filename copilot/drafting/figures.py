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

_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря")
_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
_MONTH = "(?:" + "|".join(f"{s}[а-я]*" for s in _MONTH_STEMS) + ")"


def ru_date(d: date) -> str:
    """«10 апреля»."""
    return f"{d.day} {_MONTHS[d.month - 1]}"


def _sent_on(message: Message) -> date | None:
    if not message.at:
        return None
    try:
        return datetime.fromisoformat(message.at.replace("Z", "+00:00")).date()
    except ValueError:
        return None


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


def _month_of(word: str) -> int | None:
    word = word.lower()
    for stem in sorted(_MONTH_INDEX, key=len, reverse=True):
        if word.startswith(stem):
            return _MONTH_INDEX[stem]
    return None


# «9 января», «21-го», «до 21», «12.04»
_DATE = re.compile(rf"\b(\d{{1,2}})(?:\s*-?\s*(?:го|ого)\b(?:\s+числа)?|\s+({_MONTH})\b|\.(\d{{1,2}})\b(?!\.\d))?", re.IGNORECASE)
_RELATIVE = {"сегодня": 0, "вчера": 1, "позавчера": 2}


def _date_in(fragment: str, ref: date, forward: bool, bare_ok: bool) -> date | None:
    """The one date the fragment names, or None (none, or several)."""
    for word, back in _RELATIVE.items():
        if re.search(rf"\b{word}\b", fragment, re.IGNORECASE):
            return ref - timedelta(days=back)
    found = []
    for m in _DATE.finditer(fragment):
        day, month_word, month_num = m.group(1), m.group(2), m.group(3)
        marked = bool(month_word or month_num or re.search(r"го\b|числа", m.group(0)))
        if not marked and not bare_ok:
            continue
        month = _month_of(month_word) if month_word else int(month_num) if month_num else None
        if month_num and not 1 <= int(month_num) <= 12:
            continue
        d = _day_of_month(int(day), month, ref, forward)
        if d:
            found.append(d)
    return found[0] if len(set(found)) == 1 else None


# «пришёл в пвз вчера», «поступил в пункт выдачи 9 января», «лежит в постамате с 12-го»: the clause that says it
_CLAUSE = re.compile(r"\.(?!\d)|[!?\n;,]|\s(?:а|но|и)\s", re.IGNORECASE)
_ARRIVED = re.compile(r"\b(?:пришёл|пришел|пришла|пришло|поступил\w*|прибыл\w*|приехал\w*|доставлен\w*|доставили|лежит|ждёт|ждет)\b"
                      r"(?=.*\b(?:пвз|пункт\w*|постамат\w*))|\b(?:пвз|пункт\w* выдачи|постамат\w*)\b.*\b(?:пришёл|пришел|пришла|пришло|поступил\w*|прибыл\w*)\b",
                      re.IGNORECASE)
# the date the customer needs it to wait until: «продлить хотя бы до 21», «я в командировке до 20-го», «вернусь 3 мая»
_UNTIL_EXTEND = re.compile(r"продл\w*[^.!?\n]{0,30}?\bдо\s+([^.!?\n,;]{1,25})", re.IGNORECASE)
_UNTIL_AWAY = re.compile(r"(?:командировк\w*|отпуск\w*|в отъезде|не в городе|уезжаю|уехал\w*|в больнице)[^.!?\n]{0,25}?\bдо\s+([^.!?\n,;]{1,25})|"
                         r"\bвернусь\s+([^.!?\n,;]{1,25})", re.IGNORECASE)

STORAGE_DAYS, EXTENSION_DAYS = 7, 3


def storage_figures(messages: Sequence[Message], lang: str) -> tuple[str, bool] | None:
    """«Заказ поступил 10 апреля: без продления он ждёт вас до 17 апреля включительно, с продлением — до 20 апреля.
    До 21 апреля хранение не продлить …» — from the arrival day the customer names and the date of their message.
    The flag says whether the text also tells what happens to an order nobody collects (its own section)."""
    if lang != "ru":
        return None
    for message in reversed([m for m in messages if m.role == "customer"]):
        ref = _sent_on(message)
        if ref is None:
            continue
        arrived = None
        for clause in _CLAUSE.split(message.text):
            if _ARRIVED.search(clause) and (arrived := _date_in(clause, ref, forward=False, bare_ok=False)):
                break
        if arrived is None:
            continue
        end, longest = arrived + timedelta(days=STORAGE_DAYS), arrived + timedelta(days=STORAGE_DAYS + EXTENSION_DAYS)
        text = (f"Заказ поступил в пункт выдачи {ru_date(arrived)}, значит, без продления он хранится до {ru_date(end)} включительно, "
                f"а с продлением — до {ru_date(longest)}.")
        needed = None
        for pattern in (_UNTIL_EXTEND, _UNTIL_AWAY):
            for m in pattern.finditer(message.text):
                fragment = next(g for g in m.groups() if g)
                needed = _date_in(fragment, ref, forward=True, bare_ok=True)
                if needed:
                    break
            if needed:
                break
        if needed is None or needed < arrived:
            return text, False
        if needed <= end:
            return f"{text} К {ru_date(needed)} продлевать ничего не нужно: заказ дождётся вас и так.", False
        if needed <= longest:
            return f"{text} Чтобы заказ дождался вас {ru_date(needed)}, продлите хранение, пока срок не истёк.", False
        return (f"{text} До {ru_date(needed)} хранение, к сожалению, не продлить. "
                f"Если заказ не заберут в срок, он отменится, деньги за него вернутся, а заказ можно будет оформить заново."), True
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


def _points_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "балл"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "балла"
    return "баллов"
