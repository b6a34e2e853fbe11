"""Sentence splitting that survives run-on customer text and missing spaces after '?'.

Customer messages break the rules a general-purpose splitter relies on ("кодом?не могу", ".И когда",
"письма.мне положены", one 600-character line with commas only). Boundaries here:
- line breaks and list bullets;
- a run of '?' / '!' (with or without a space after it, whatever case follows);
- '.', '…' or ';' followed by an upper-case letter (with or without a space), except after short
  abbreviations such as "ст.", "г.", "т.е.", and except a ';' between the items of an inline list
  that follows a colon;
- '.' glued to a lower-case word ("недействителен.а баллы", "by card.also do") or followed by a space and
  a lower-case word or a figure ("не приехал. 18:00 прошло"), when the word before it is a real word (3+
  letters, not an abbreviation such as "ст. 22") and the word after it is not a domain ending ("ozon.ru").
Long run-on sentences are additionally cut at ", а ", ", и ещё " style joints by the ask extractor.
"""

from __future__ import annotations

import re

_TLD = r"(?:ru|com|рф|net|org|su|by|kz|ua|io|me|info|biz|jpg|jpeg|png|pdf|html?|php|txt|docx?|xlsx?)"
_BOUNDARY = re.compile(
    r"(?P<q>[?!]+[)»\"']*)"  # question / exclamation run
    r"|(?P<dot>(?:\.{1,3}|…|;)[)»\"']*)(?=\s*[A-ZА-ЯЁ«\"])"  # full stop before a capital
    rf"|(?P<low>(?<=[A-Za-zА-Яа-яЁё]{{3}})(?:\.|…)(?=\s*(?!{_TLD}\b)[a-zа-яё]|\s+\d))"  # full stop before a lower-case word or, after a space, a figure
    r"|(?P<nl>\s*\n\s*)"
)
_ABBREV = re.compile(
    r"(?:\b(?:ст|г|гг|т\.е|т\.д|т\.п|т\.к|им|ул|д|кв|руб|коп|тел|п|пп|ч|мин|сек|стр|тыс|млн|млрд|шт|см|мм|кг|пр|просп|пер|обл|респ|др|проч|прим|напр|англ|"
    r"e\.g|i\.e|mr|mrs|ms|dr|st|no|vs|etc|approx|incl|min|max))$",
    re.IGNORECASE,
)
_IN_ADDRESS = re.compile(r"(?:@|://)[\w.-]*$")
_ADDRESS_AHEAD = re.compile(r"[\w.+-]*@[\w-]+\.\w")  # the rest of an e-mail's local part after a dot in it
_BULLET = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+")


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, sentence) with offsets into the original text; sentences keep their end punctuation."""
    out: list[tuple[int, int, str]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if (m.group("dot") is not None or m.group("low") is not None) and _ABBREV.search(text[max(0, m.start() - 8):m.start()]):
            continue
        if m.group("low") is not None and m.end() < len(text) and not text[m.end()].isspace() and (
                _IN_ADDRESS.search(text[max(0, m.start() - 60):m.start()]) or _ADDRESS_AHEAD.match(text, m.end())):
            continue  # the dot of an address: partners@yarmarka.example, https://yarmarka.example/help, ivan.sidorov@example.org
        if (m.group("dot") or "").startswith(";") and ":" in text[start:m.start()]:
            continue  # an inline list after a colon: «по трём каналам: push в приложении; SMS, если…; письмо…»
        stop = m.end() if m.group("nl") is None else m.start()
        _emit(text, start, stop, out)
        start = m.end()
    _emit(text, start, len(text), out)
    return out


def _emit(text: str, start: int, stop: int, out: list[tuple[int, int, str]]) -> None:
    chunk = text[start:stop]
    stripped = chunk.strip()
    if not stripped or not re.search(r"\w", stripped):
        return
    lead = len(chunk) - len(chunk.lstrip())
    bullet = _BULLET.match(chunk[lead:])
    if bullet:
        lead += bullet.end()
    s = start + lead
    e = start + len(chunk.rstrip())
    if e > s:
        out.append((s, e, text[s:e]))
