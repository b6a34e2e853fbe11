"""Asks: every question, request and complaint a customer expects to be dealt with.

Per customer message: split into sentences (robust to "?без пробела" and run-ons), cut sentences
that join two asks ("Почему … и когда …?", "Отмените заказ и заблокируйте карту", "…, who pays …?"),
classify each clause as question / request / complaint / nothing, fold clauses of one message that
carry the same ask ("Если не отмените, подам в суд. Прошу отменить штраф." is one ask), normalise,
and merge repeats of an earlier ask.

What is NOT an ask: greetings, thanks, narration of facts ("Курьер опоздал на час"), rhetorical
outbursts ("Вы издеваетесь?!", "This is ridiculous"), meta statements about the conversation
("Это не ответ на мой вопрос"), a quoted operator question, a relative clause ("…, когда я ушла").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.analysis.topics import content_stems, primary_topic
from copilot.text.sentences import split_sentences

_NB = r"(?![\w-])"  # end of a whole word that is not "где-то", "как-то"
QWORDS_RU = (r"(?:почему|зачем|когда|где|куда|откуда|как|каким образом|что|чем|сколько|какой|какая|какое|какие|каков\w*|кто|кому|кого|чей|чья|чьё|"
             r"можно ли|могу ли|нельзя ли|будет ли|есть ли|вернут ли|смогу ли|должны ли|правда ли|надо ли|нужно ли|разве)" + _NB)
QWORDS_EN = r"(?:why|when|where|how|what|which|who|whom|whose|can|could|will|would|is|are|do|does|did|should|shall|may|have|has)\b"
WH_EN = r"(?:why|when|where|how|what|which|who|whom|whose)\b"
_LEADERS = r"(?:(?:а|и|но|так|ну|и ещё|и еще|ещё|еще|также|тогда|also|and|but|so|then|plus|btw|ok)[,:]?\s+)?"

# a clause that asks something even without '?'
_Q_INNER = re.compile(
    r"\b(?:подскажите|скажите|объясните|уточните|поясните|расскажите|ответьте|интересует|хочу (?:узнать|понять)|хотел[аи]? бы (?:узнать|понять)|"
    r"хотелось бы (?:узнать|понять)|не понимаю|непонятно|не понятно|"
    r"можно ли|могу ли|можем ли|будет ли|есть ли|вернут ли|смогу ли|нельзя ли|"
    r"tell me|let me know|explain|i wonder|i'd like to know|i want to know|i don't understand|could you (?:tell|explain|check))\b",
    re.IGNORECASE,
)
_Q_STRONG = re.compile(
    r"^" + _LEADERS + r"(?:почему|зачем|когда|где|куда|откуда|сколько|кто|кому|как|каким образом|какой|какая|какое|какие|чей|чья|"
    r"можно ли|могу ли|будет ли|есть ли|вернут ли|смогу ли|нельзя ли|за что|для чего|что (?:мне|нам|с|делать|будет|это|значит|за)|"
    r"why|when|where|how|what|which|who|whom|whose)" + _NB,
    re.IGNORECASE,
)
# "вернутся ли баллы", "не сгорит ли срок"
_LI_Q = re.compile(r"^" + _LEADERS + r"(?:не\s+)?[а-яё]+\s+ли\b", re.IGNORECASE)
# "do i get my points back", "can she collect it", "is it possible"
_EN_INVERSION = re.compile(
    r"^" + _LEADERS + r"(?:do|does|did|can|could|will|would|is|are|was|were|should|shall|may|have|has|am)\s+(?:i|you|we|they|he|she|it|my|the|this|that|there|these|those)\b",
    re.IGNORECASE,
)
# "Забирать его будете сами или мне нести в пункт выдачи"
_ALT_Q = re.compile(r"\bбудете\b[^.!?]*\bили\b|\bили\s+(?:мне|нам)\s+\w+|\bor (?:do|should|can) i\b", re.IGNORECASE)
# a subordinate clause cut off a sentence: "когда я ушла в аптеку", "when I came home"
_RELATIVE = re.compile(
    r"^(?:когда|как|где|пока|если|when|as|while|where)\s+(?:я|мы|он|она|они|оно|вы|его|её|ее|i|we|he|she|they|it|you)\s+[а-яё]+(?:л|ла|ли|ло|лся|лась|лись)\b"
    r"|^(?:when|as|while)\s+(?:i|we|he|she|they|it|you)\s+\w+ed\b|^как и\b",
    re.IGNORECASE,
)
# words after which the next clause is what is being asked: "Мне нужно понять, как …", "Я спросила, почему …"
_INQUIRY_LEAD = re.compile(
    r"(?:подскажите|скажите|объясните|уточните|поясните|расскажите|ответьте|понять|узнать|знать|интересует|вопрос|спрашива\w*|спросил\w*|"
    r"tell me|let me know|explain|know|wonder|asked|asking|question)[,:\s]*$",
    re.IGNORECASE,
)

_IMPERATIVE_STOP = {"хотите", "можете", "будете", "видите", "говорите", "знаете", "пишете", "ждите", "извините", "простите", "представьте",
                    "смотрите", "послушайте", "здравствуйте", "поймите", "учтите", "имейте"}
_IMPERATIVE_SG = (r"(?:одобри|начисли|верни|отмени|оформи|подтверди|сделай|выдай|отправь|дай|найди|убери|сними|переведи|компенсируй|замени|"
                  r"исправь|разблокируй|заблокируй|перенеси|забери|привези)")
_IMPERATIVE_EN = (r"(?:please|approve|waive|cancel|block|unblock|refund|send|call|fix|give|explain|tell|check|find|replace|reschedule|redeliver|"
                  r"remove|return|credit|compensate|let me know|make sure|stop|deliver|contact|escalate|change|update|restore|reverse|sort out|get)\b")
_IMPERATIVE_RU = re.compile(r"^(?:и\s+|а\s+|но\s+)?(?:(?:срочно|пожалуйста|уже|просто|тогда|лучше|скорее|немедленно|наконец|хотя бы)[,\s]+){0,2}([а-яё]{3,}(?:ите|йте|ьте))\b", re.IGNORECASE)
_IMPERATIVE_OTHER = re.compile(
    r"^(?:и\s+|а\s+|and\s+|so\s+|just\s+)?(?:(?:срочно|пожалуйста|уже|просто|немедленно|please|just|now|kindly)[,\s]+){0,2}(?:" + _IMPERATIVE_SG + r"|" + _IMPERATIVE_EN + r")(?![\w-])",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"\b(?:прошу|просьба|просим|требую|требуем|"
    r"хочу (?:вернуть|сдать|получить|отменить|сменить|поменять|обменять|заменить|оспорить|перенести|пожаловаться|чтобы|обмен|замен|компенсац|возврат|деньги|назад)\w*|"
    r"хотим (?:вернуть|сдать|получить|отменить|сменить|поменять|обменять|заменить|оспорить|перенести|пожаловаться|чтобы|обмен|замен|компенсац|возврат|деньги)\w*|"
    r"хотел[аи]? бы (?:вернуть|сдать|получить|отменить|сменить|поменять|обменять|заменить|оспорить|перенести)|"
    r"(?:мне |нам )?(?:нужно|надо|необходимо) (?:вернуть|забрать|перенести|отменить|заменить|чтобы|получить)|"
    r"please|i want|i'd like|i would like|i need|we need|i demand|i request|i'd appreciate|need you to|refund me|give me|send me)\b",
    re.IGNORECASE,
)
# "Пусть курьер заберёт коробку", "Let the courier take it"
_LET = re.compile(r"^" + _LEADERS + r"(?:пусть|let (?:the|your)\b)", re.IGNORECASE)
# an ultimatum carries a demand: "Если до пятницы не вернёте деньги, подам в суд"
_ULTIMATUM = re.compile(r"^(?:а\s+|и\s+)?если\b[^,;]*?\bне\s+[а-яё]+(?:[её]те|ите|ешь|ишь)\b", re.IGNORECASE)

# a complaint: a concrete service failure marked as repeated, general, ignored or rude (plain narration is not an ask)
_COMPLAINT_MARK = re.compile(
    r"(?:\b(?:всегда|постоянно|каждый раз|в который раз|опять|снова|систематически|регулярно|"
    r"(?:в |уже )?(?:второй|третий|четв[её]ртый|пятый|\d+-?й) раз|"
    r"никто|так и не|ни одного|ни одной|ни смс|ни звонка|"
    r"хамят|хамил\w*|нахамил\w*|хамств\w*|нагрубил\w*|грубил\w*|грубят|грубо|"
    r"не соглас\w*|несправедлив\w*|необоснованн\w*|"
    r"не применя\w*|не работает|не срабатывает|не принимает|выда[её]т ошибку|пишет ошибку|недействител\w*|"
    r"раньше назначенного|позже назначенного|раньше времени|без предупреждения|не предупредил\w*|не уведомил\w*|"
    r"always|every time|constantly|again|(?:second|third|fourth|fifth) time|nobody|no one|never (?:came|come|comes|showed|shows|called|calls|answers|answered|stick)|"
    r"rude|without (?:any )?(?:notice|warning)|still (?:no|not|haven't|hasn't)|doesn't work|does not work|not working|won't apply|isn't applied|"
    r"i disagree|don't agree|do not agree|unfair)\b)",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(?:здравствуйте|добрый (?:день|вечер)|доброе утро|доброй ночи|привет|спасибо|благодарю|заранее спасибо|с уважением|хорошо|ок|окей|ладно|"
    r"понятно|ясно|отлично|супер|hello|hi|hey|dear|thanks|thank you|regards|best|ok|okay|fine|great|good|understood|got it)\b[\s,.!)]*$",
    re.IGNORECASE,
)
# rhetorical outbursts and bare evaluations: no ask of their own
_RHETORIC = re.compile(
    r"^(?:(?:ну|да|вы|это|так|и)\s+)*(?:сколько можно|издеваетесь|вы издеваетесь|безобразие|кошмар|позор|ужас|бардак|цирк)\b"
    r"|\bиздеваетесь\b|\bсколько можно\b|\bэто (?:просто |вообще )?(?:цирк|издевательство|кошмар|безобразие|позор|ужас)\b"
    r"|^(?:[а-яё]+\s+){0,2}вообще\b(?!.*\b(?:почему|когда|где|куда|сколько|как)\b)"
    r"|^(?:вы|ты|это)\s+(?:[а-яё]+\s+){0,2}вообще\b(?!.*\b(?:почему|когда|где|куда|сколько)\b)"
    r"|\bare you (?:kidding|serious|joking)\b|^seriously\b|\blike this\W*$|^this is (?:ridiculous|unacceptable|outrageous|a joke|insane)"
    r"|^(?:worst|terrible|awful|horrible|pathetic|honestly pathetic|disgusting|unbelievable|ridiculous)\b",
    re.IGNORECASE,
)
# duration narration: "Уже 3 дня прошло.", "It's been 6 days since …"
_DURATION = re.compile(r"^(?:уже\s+)?(?:прошл[оаи]|прошёл|прошел)\b|^уже\s+\d+\s+\w+\s+прош|^it'?s been\b|^(?:already\s+)?\d+\s+(?:days?|hours?|weeks?)\s+(?:have\s+)?passed",
                       re.IGNORECASE)
# statements about the conversation itself
_META_REPEAT = re.compile(
    r"^(?:[а-яё]+,?\s+(?:но\s+)?)?(?:это не (?:является )?ответ\w*|это не то,? что я спрашивал\w*|вы не ответили|не ответили|повторяю (?:свой |ещё раз |еще раз )?вопрос|повторю вопрос|"
    r"мне нужен (?:нормальный |конкретный )?ответ|ответьте на (?:мой )?вопрос|пишу (?:уже )?(?:второй|третий|четв[её]ртый|\d+-?й) раз[^,.:;!?]*|"
    r"that(?:'s| is) not (?:an answer|what i asked)|you (?:did not|didn't) answer|i (?:still )?need an answer)\W*$",
    re.IGNORECASE,
)
# a sentence that restates an earlier ask: "Я спросила, почему …", "I asked why …"
RESTATE = re.compile(r"^(?:я\s+(?:же\s+)?(?:спрашивал\w*|спросил\w*|задавал\w*)|мой вопрос (?:был|звучал)|i (?:asked|was asking|was asking about)\b|my question was)",
                     re.IGNORECASE)
# a follow-up that only asks how to do the previous ask: "Как это сделать?"
_FOLLOW_UP = re.compile(r"^" + _LEADERS + r"(?:и\s+)?(?:как|где|каким образом)\s+(?:мне\s+|нам\s+)?(?:это|это всё|все это|всё это)\s+(?:сделать|оформить|провернуть)"
                        r"|^" + _LEADERS + r"how (?:do|can|should) (?:i|we) do (?:it|that|this)\b", re.IGNORECASE)
_LEAD = re.compile(r"^(?:и|а|но|also|and|but|so|ещё|еще|также|плюс|btw)[,:]?\s+|^(?:подскажите|скажите|пожалуйста|please)[,\s]+(?:пожалуйста[,\s]+)?", re.IGNORECASE)
_QUOTED = re.compile(r"[«\"“]([^»\"”]{12,})[»\"”]")
_QUOTE_INTRO = re.compile(r"\b(?:пишете|написали|спрашиваете|спросили|вопрос\w*|отвечаю|ответ|you (?:asked|wrote|said)|your question|answering|to answer)\b", re.IGNORECASE)

# joints inside one sentence that start a second ask
_IMPERATIVE_AHEAD = r"(?:[а-яё]{3,}(?:ите|йте|ьте)\b|" + _IMPERATIVE_SG + r"\b|" + _IMPERATIVE_EN + r")"
_JOINT = re.compile(
    r"(?P<conj>(?:,\s*|\s+)(?:и|а|а также|и ещё|и еще|или|также|плюс|and|also|or|plus)\s+(?=(?:" + QWORDS_RU + r"|" + WH_EN +
    r"|прошу|верните|подскажите|скажите|пусть|(?:не\s+)?[а-яё]+\s+ли\b|" + _IMPERATIVE_AHEAD + r")))"
    r"|(?P<comma>,\s*(?=(?:" + QWORDS_RU + r"|" + WH_EN + r")))"
    r"|(?P<dash>\s+[—–-]\s+(?=(?:" + QWORDS_RU + r"|" + WH_EN + r")))"
    r"|(?P<semi>;\s*)",
    re.IGNORECASE,
)
# ", что" / ", как" after these words is part of one statement ("за то, что …", "так, как …", "сказали, что …")
_NO_CUT_BEFORE = re.compile(r"(?:\b(?:то|того|тем|том|так|такой|такое|такие|потому|после|перед|раньше|чем|сказал\w*|пишет|пишут|написал\w*|говорит|говорят|"
                            r"утверждает|утверждают|считает|думаю|знаю|said|told|says|think|know|given|даже|мол))\s*$", re.IGNORECASE)
_CUT_IMPERATIVE_STOP = re.compile(r"^(?:" + "|".join(sorted(_IMPERATIVE_STOP)) + r")\b", re.IGNORECASE)


@dataclass
class Clause:
    message: int
    start: int
    stop: int
    text: str
    kind: str
    restated: bool = False  # the customer restates something asked before ("Я спросила, …")
    strength: int = 2  # 2: explicit question / request, 1: complaint or ultimatum (folded into a stronger ask on the same matter)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def _is_quote_sentence(s_start: int, s_stop: int, sentence: str, quoted: list[tuple[int, int]]) -> bool:
    """A sentence that only quotes the operator ("Вы пишете: «…?»") is not the customer's ask."""
    inside = 0
    outside = sentence
    for a, b in quoted:
        lo, hi = max(a, s_start), min(b, s_stop)
        if hi > lo:
            inside += hi - lo
            outside = outside.replace(sentence[lo - s_start:hi - s_start], " ")
    if not inside:
        return False
    if inside >= 0.9 * len(sentence.strip(" —-–:")):
        return True
    rest = outside.strip(" —-–:,.")
    return inside >= 0.5 * len(sentence) and (not rest or bool(_QUOTE_INTRO.search(rest)) and len(rest.split()) <= 6)


def clauses_of(text: str, message: int) -> list[Clause]:
    out: list[Clause] = []
    quoted = _quoted_spans(text)
    for s_start, s_stop, sentence in split_sentences(text):
        if _is_quote_sentence(s_start, s_stop, sentence, quoted):
            continue
        restated = bool(RESTATE.match(sentence))
        pieces = _cut(sentence)
        ends_q = sentence.rstrip(" )»\"'").endswith("?")
        prev = ""
        for k, (off, piece) in enumerate(pieces):
            is_last = k == len(pieces) - 1
            if not is_last and _INQUIRY_LEAD.search(piece.rstrip()) and len(piece.split()) <= 5:
                prev = piece  # "Мне нужно понять, как …": the lead itself is not an ask
                continue
            kind, strength = classify_in_context(piece, first=k == 0, last=is_last, sentence_is_q=ends_q, prev=prev)
            prev = piece
            if kind:
                start = s_start + off
                stripped = piece.rstrip()
                lead = len(stripped) - len(stripped.lstrip())
                out.append(Clause(message, start + lead, start + len(stripped), stripped.strip(), kind, restated, strength))
    return _fold(out)


def _cut(sentence: str) -> list[tuple[int, str]]:
    parts: list[tuple[int, str]] = []
    pos = 0
    for m in _JOINT.finditer(sentence):
        left = sentence[pos:m.start()]
        if len(left.split()) < 3:
            continue
        if (m.group("comma") or m.group("dash")) and _NO_CUT_BEFORE.search(left):
            continue
        if m.group("conj") and _CUT_IMPERATIVE_STOP.match(sentence[m.end():]):
            continue
        parts.append((pos, left))
        pos = m.end()
    parts.append((pos, sentence[pos:]))
    return [(o, p) for o, p in parts if p.strip()]


def classify(clause: str, ends_with_q: bool = False, sentence_is_q: bool = False) -> str | None:
    """question / request / complaint, or None for greetings, thanks and narration (a clause on its own)."""
    return classify_in_context(clause, first=True, last=True, sentence_is_q=sentence_is_q or ends_with_q)[0]


def classify_in_context(clause: str, first: bool, last: bool, sentence_is_q: bool, prev: str = "") -> tuple[str | None, int]:
    c = clause.strip().strip("—–-:").strip()
    if not c or len(c) < 4 or _GREETING.match(c) or _META_REPEAT.match(c):
        return None, 0
    if _RHETORIC.search(c):
        return None, 0
    complaint = bool(_COMPLAINT_MARK.search(c))
    if _DURATION.match(c) and not complaint and not _Q_STRONG.search(c):
        return None, 0
    inquiry_before = bool(prev and _INQUIRY_LEAD.search(prev.rstrip()))
    ends_q = c.rstrip(" )»\"'").endswith("?")
    starts_q = bool(_Q_STRONG.match(c) or _LI_Q.match(c))
    relative = bool(_RELATIVE.match(c)) and not ends_q
    if not relative:
        if ends_q or (sentence_is_q and last):
            return "question", 2
        if sentence_is_q and starts_q:
            return "question", 2
        if _Q_INNER.search(c) or _LI_Q.match(c) or _ALT_Q.search(c):
            return "question", 2
        if starts_q and (first or inquiry_before):
            return "question", 2
        if first and _EN_INVERSION.match(c):
            return "question", 2
    elif not first:
        return None, 0
    if _REQUEST.search(c) or _LET.match(c) or _IMPERATIVE_OTHER.match(c) or _imperative_ru(c):
        return "request", 2
    if _ULTIMATUM.match(c):
        return "request", 1
    if complaint:
        return "complaint", 1
    return None, 0


def _imperative_ru(c: str) -> bool:
    m = _IMPERATIVE_RU.match(c)
    return bool(m) and m.group(1).lower() not in _IMPERATIVE_STOP


def _fold(clauses: list[Clause]) -> list[Clause]:
    """Inside one message: drop "как это сделать?" follow-ups of the previous ask, and fold a complaint or an
    ultimatum into an explicit question / request on the same matter ("деньги не пришли … Где мои деньги?")."""
    out: list[Clause] = []
    for c in clauses:
        if out and _FOLLOW_UP.match(c.text):
            continue
        out.append(c)
    keep = [True] * len(out)
    for i, weak in enumerate(out):
        if weak.strength >= 2:
            continue
        for j, strong in enumerate(out):
            if j != i and keep[j] and (strong.strength >= 2 or j < i) and _same_matter(weak.text, strong.text):
                keep[i] = False
                break
    return [c for c, k in zip(out, keep) if k]


def _same_matter(a: str, b: str) -> bool:
    sa, sb = content_stems(a), content_stems(b)
    shared = _shared(sa, sb)
    return shared >= 2 or (shared >= 1 and min(len(sa), len(sb)) <= 2)


def _stem_match(x: str, y: str) -> bool:
    if x == y:
        return True
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) >= 4 and long_.startswith(short):
        return True
    n = 0
    for p, q in zip(x, y):
        if p != q:
            break
        n += 1
    return n >= 5


def _shared(sa: set[str], sb: set[str]) -> int:
    return sum(1 for x in sa if any(_stem_match(x, y) for y in sb))


def normalise(clause: str) -> str:
    text = " ".join(clause.split())
    text = _LEAD.sub("", text).strip(" ,;-—")
    if len(text) > 160:
        text = text[:157].rsplit(" ", 1)[0] + "…"
    return text[:1].upper() + text[1:] if text else text


def same_ask(a: str, b: str, loose: bool = False) -> bool:
    """True when two asks (of different messages) are the same ask; `loose` for a restatement ("Я спрашивала, …")."""
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return a.strip().lower() == b.strip().lower()
    shared = _shared(sa, sb)
    union = len(sa) + len(sb) - shared
    jac = shared / union if union else 1.0
    ta, tb = primary_topic(a), primary_topic(b)
    same_topic = ta == tb != "other"
    if jac >= 0.6 or (jac >= 0.45 and same_topic):
        return True
    small = min(len(sa), len(sb))
    if shared >= 2 and shared >= 0.66 * small:
        return True
    if same_topic and shared >= 1 and small <= 2:
        return True
    return loose and (shared >= 1 or same_topic)
