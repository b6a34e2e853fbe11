"""Language of a text: ru or en, by the share of Cyrillic letters."""

from __future__ import annotations

import re

_CYR = re.compile(r"[а-яё]", re.IGNORECASE)
_LAT = re.compile(r"[a-z]", re.IGNORECASE)


def detect_language(text: str, default: str = "ru") -> str:
    cyr = len(_CYR.findall(text))
    lat = len(_LAT.findall(text))
    if cyr == 0 and lat == 0:
        return default
    return "ru" if cyr >= lat * 0.5 else "en"
