"""Asks: every question, request and complaint a customer expects to be dealt with.

Per customer message: split into sentences (robust to "?без пробела" and run-ons), cut sentences
that join two questions ("Почему … и когда …?"), classify each clause as question / request /
complaint / nothing, normalise it, and merge repeats of an earlier ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.analysis.topics import content_stems, primary_topic
from copilot.text.sentences import split_sentences

QWORDS_RU = r"(?:почему|зачем|когда|где|куда|откуда|как|каким образом|что|чем|сколько|какой|какая|какое|какие|каков\w*|кто|кому|чей|можно ли|могу ли|нельзя ли|будет ли|есть ли|вернут ли|смогу ли|должны ли|правда ли|надо ли|нужно ли|разве)"
QWORDS_EN = r"(?:why|when|where|how|what|which|who|whom|whose|can|could|will|would|is|are|do|does|did|should|shall|may|have|has)"
_Q_START = re.compile(rf"^(?:(?:а|и|но|так|ну|и ещё|и еще|ещё|еще|также|тогда|also|and|but|so|then|plus)\s+)?(?:{QWORDS_RU}|{QWORDS_EN})\b", re.IGNORECASE)
_Q_INNER = re.compile(
    r"\b(?:подскажите|скажите|объясните|уточните|поясните|расскажите|ответьте|интересует|хочу (?:узнать|понять)|хотел[аи]? бы (?:узнать|понять)|не понимаю|непонятно|не понятно|"
    r"можно ли|могу ли|будет ли|есть ли|вернут ли|смогу ли|"
    r"tell me|let me know|explain|i wonder|i'd like to know|i want to know|i don't understand|could you (?:tell|explain|check))\b",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"\b(?:прошу|просьба|просим|требую|требуем|верните|вернуть|перенесите|перенести|отмените|отменить|заберите|забрать|начислите|начислить|компенсируйте|"
    r"замените|заменить|обменяйте|пришлите|отправьте|свяжитесь|перезвоните|разберитесь|помогите|решите|исправьте|уберите|снимите|отключите|"
    r"разблокируйте|восстановите|продлите|продлить|смените|сменить|поменяйте|поменять|доставьте|привезите|проверьте|передайте|оформите|примите|"
    r"хочу (?:вернуть|получить|отменить|сменить|поменять|обменять|чтобы|компенсаци|возврат|деньги)|хотим|хотел[аи]? бы (?:вернуть|получить|отменить|сменить)|"
    r"нужно (?:вернуть|забрать|перенести|чтобы)|необходимо|сделайте|дайте|"
    r"please|i want|i'd like|i would like|i need|i demand|i request|refund me|cancel|reschedule|replace|send me|call me|fix|give me|need you to)\b",
    re.IGNORECASE,
)
_COMPLAINT_NEG = re.compile(
    r"\b(?:не|ни|нет|никто|ничего|никак|так и не|до сих пор не|not|never|no one|nobody|nothing|still no|didn't|did not|doesn't|hasn't|haven't|wasn't|isn't|won't|can't|cannot)\b",
    re.IGNORECASE,
)
_COMPLAINT_MARK = re.compile(
    r"\b(?:всегда|постоянно|опять|снова|каждый раз|в который раз|уже (?:второй|третий|четв[её]ртый|\d+)|безобразие|возмутительно|ужас\w*|отвратительн\w*|"
    r"недопустимо|хамств\w*|хамил\w*|нагруби\w*|обман\w*|издевательств\w*|кошмар|позор|невозможно|сколько можно|раньше назначенного|позже назначенного|"
    r"раньше времени|опоздал\w*|без предупреждения|не предупредил\w*|не уведомил\w*|не пришл\w* (?:ни )?(?:уведомлени|смс|пуш)|"
    r"always|again|every time|constantly|ridiculous|unacceptable|terrible|awful|rude|disgusting|without (?:any )?(?:notice|warning)|no one (?:came|called)|still (?:no|not|haven't))\b",
    re.IGNORECASE,
)
_NOT_ASK = re.compile(
    r"^(?:здравствуйте|добрый (?:день|вечер|утро)|доброе утро|привет|спасибо|благодарю|заранее спасибо|с уважением|hello|hi|dear|thanks|thank you|regards|best)\b[\s,.!]*$",
    re.IGNORECASE,
)
# "Почему не приехал курьер и когда заберут возврат?" -> two clauses
_JOINT = re.compile(
    rf"(?:,\s*|\s+)(?:и|а|а также|и ещё|и еще|или|также|плюс|and|also|or|plus)\s+(?=(?:{QWORDS_RU}|{QWORDS_EN}|прошу|верните|подскажите|скажите)\b)"
    rf"|,\s*(?=(?:{QWORDS_RU})\b)"
    rf"|;\s*",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^(?:и|а|но|also|and|but|so|ещё|еще|также|плюс)\s+|^(?:подскажите|скажите|пожалуйста|please)[,\s]+(?:пожалуйста[,\s]+)?", re.IGNORECASE)
_QUOTED = re.compile(r"[«\"“]([^»\"”]{12,})[»\"”]")
_META_REPEAT = re.compile(
    r"^(?:это не (?:является )?ответ\w*|вы не ответили|не ответили|повторяю (?:свой )?вопрос|повторю вопрос|that(?:'s| is) not an answer|you (?:did not|didn't) answer)",
    re.IGNORECASE,
)


@dataclass
class Clause:
    message: int
    start: int
    stop: int
    text: str
    kind: str


def clauses_of(text: str, message: int) -> list[Clause]:
    out: list[Clause] = []
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    for s_start, s_stop, sentence in split_sentences(text):
        if any(a <= s_start and s_stop <= b for a, b in quoted):
            continue  # a sentence quoted from elsewhere (e.g. the operator's earlier answer) is not the customer's ask
        pieces = _cut(sentence)
        ends_q = sentence.rstrip(" )»\"'").endswith("?")
        for off, piece in pieces:
            kind = classify(piece, ends_q and (off, piece) == pieces[-1], ends_q)
            if kind:
                start = s_start + off
                out.append(Clause(message, start, start + len(piece), piece.strip(), kind))
    return out


def _cut(sentence: str) -> list[tuple[int, str]]:
    parts: list[tuple[int, str]] = []
    pos = 0
    for m in _JOINT.finditer(sentence):
        left = sentence[pos:m.start()]
        if len(left.split()) >= 3:
            parts.append((pos, left))
            pos = m.end()
    parts.append((pos, sentence[pos:]))
    return [(o, p) for o, p in parts if p.strip()]


_Q_STRONG = re.compile(
    r"^(?:(?:а|и|но|так|ну|тогда|also|and|but|so)\s+)?(?:почему|зачем|когда|где|куда|сколько|можно ли|могу ли|будет ли|есть ли|вернут ли|смогу ли|"
    r"why|when|where|how long|how much|how many|how can|how do|what|can i|can you|could you|will|is it|are you|do you|should i)\b",
    re.IGNORECASE,
)


def classify(clause: str, ends_with_q: bool, sentence_is_q: bool) -> str | None:
    """question / request / complaint, or None for greetings, thanks and narration."""
    c = clause.strip()
    if not c or _NOT_ASK.match(c) or len(c) < 4 or _META_REPEAT.match(c):
        return None
    if ends_with_q or c.endswith("?") or _Q_INNER.search(c) or _Q_STRONG.match(c):
        return "question"
    if _REQUEST.search(c):
        return "request"
    if _COMPLAINT_MARK.search(c):
        return "complaint"
    if sentence_is_q and _Q_START.match(c):
        return "question"
    return None


def normalise(clause: str) -> str:
    text = " ".join(clause.split())
    text = _LEAD.sub("", text).strip(" ,;-—")
    if len(text) > 160:
        text = text[:157].rsplit(" ", 1)[0] + "…"
    return text[:1].upper() + text[1:] if text else text


def same_ask(a: str, b: str) -> bool:
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return a.strip().lower() == b.strip().lower()
    jac = len(sa & sb) / len(sa | sb)
    return jac >= 0.6 or (jac >= 0.45 and primary_topic(a) == primary_topic(b) != "other")
