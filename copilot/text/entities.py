"""Order numbers, amounts and dates pulled from text."""

from __future__ import annotations

import re

# Russian month names as dates say them («16 апреля»), and a day with its month
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря")
RU_DAY_MONTH = r"\d{1,2} (?:" + "|".join(RU_MONTHS) + ")"
ORDER_ID = re.compile(r"(?<!\d)\d{8,12}-\d{3,5}(?!\d)")
_AMOUNT = re.compile(
    r"(?<![\w-])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d{1,2})?\s*(₽|руб\.?|рублей|рубля|рубль|р\.|rub|roubles?|rubles?|баллов|балла|балл|points?)",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(\d{1,2}[./]\d{2}(?:[./]\d{2,4})?|\d{4}-\d{2}-\d{2}|\d{1,2}\s+(?:" + "|".join(RU_MONTHS) + r"|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*))\b",
    re.IGNORECASE,
)


def order_ids(text: str) -> list[str]:
    return list(dict.fromkeys(ORDER_ID.findall(text)))


def amounts(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0).strip() for m in _AMOUNT.finditer(text)))


def dates(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in _DATE.finditer(text)))
