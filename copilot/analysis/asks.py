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
_PREP = r"(?:(?:в|во|на|за|до|с|со|к|по|о|об|из|от|для|про|через|после|in|on|at|for|by|to|from|with|after|within)\s+)"
QWORDS_RU = (r"(?:почему|зачем|когда|где|куда|откуда|как|каким образом|что|чем|сколько|какой|какая|какое|какие|какую|каком|каким|какими|каких|какого|какому|каков\w*|кто|кому|кого|чей|чья|чьё|"
             r"можно ли|могу ли|нельзя ли|будет ли|есть ли|вернут ли|смогу ли|должны ли|правда ли|надо ли|нужно ли|разве)" + _NB)
WH_EN = r"(?:why|when|where|how|what|which|who|whom|whose)\b"
_LEADERS = r"(?:(?:а|и|но|так|ну|и ещё|и еще|ещё|еще|также|тогда|also|and|but|so|then|plus|btw|ok)[,:]?\s+)?"

# a clause that asks something even without '?'
_Q_INNER = re.compile(
    r"\b(?:подскажите|скажите|объясните|уточните|поясните|расскажите|ответьте|интересует|хочу (?:узнать|понять)|хотел[аи]? бы (?:узнать|понять)|"
    r"хотелось бы (?:узнать|понять)|не понимаю|непонятно|не понятно|"
    r"можно ли|могу ли|можем ли|будет ли|есть ли|вернут ли|смогу ли|нельзя ли|"
    r"мне (?:что-то |что-нибудь |хоть что-то )?(?:положен[оа]?|полагается)|положен[аоы]? ли|полагается ли|am i entitled|do i get (?:any|anything)|"
    r"tell me|let me know|explain|i wonder|i'd like to know|i want to know|i don't understand|could you (?:tell|explain|check))\b",
    re.IGNORECASE,
)
_Q_STRONG = re.compile(
    r"^" + _LEADERS + r"(?:почему|зачем|когда|где|куда|откуда|сколько|кто|кому|как|каким образом|какой|какая|какое|какие|какую|каком|каким|каких|какого|чей|чья|"
    r"(?:в|во|на|за|до|с|со|к|по|о|об|из|от|для|про|через|после)\s+(?:какой|какая|какое|какие|какую|каком|каким|каких|какого|сколько|кого|чего|чём|чем|кому|когда)|"
    r"(?:in|on|at|for|by|to|from|with|after|within)\s+(?:which|what|how many|how much|how long|whom)|"
    r"можно ли|могу ли|будет ли|есть ли|вернут ли|смогу ли|нельзя ли|за что|для чего|что (?:(?:теперь|же|тогда|дальше)\s+)?(?:мне|нам|с|делать|будет|это|значит|за)|"
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
_ALT_Q = re.compile(r"\bбудете\b[^.!?]*\bили\b|\bили\s+(?:мне|нам)\s+\w+|\bили нет\W*$|\bor (?:do|should|can) i\b|\bor not\W*$", re.IGNORECASE)
# a subordinate clause cut off a sentence: "когда я ушла в аптеку", "when I came home"
_RELATIVE = re.compile(
    r"^(?:когда|как|где|пока|если|when|as|while|where)\s+(?:я|мы|он|она|они|оно|вы|его|её|ее|i|we|he|she|they|it|you)\s+[а-яё]+(?:л|ла|ли|ло|лся|лась|лись)\b"
    r"|^(?:when|as|while)\s+(?:i|we|he|she|they|it|you)\s+\w+ed\b|^как и\b",
    re.IGNORECASE,
)
# words after which the next clause is what is being asked: "Мне нужно понять, как …", "Я спросила, почему …"
_INQUIRY_LEAD = re.compile(
    r"(?:подскажите|скажите|объясните|уточните|поясните|расскажите|ответьте|ответили|понять|узнать|знать|интересует|вопрос|спрашива\w*|спросил\w*|"
    r"tell me|let me know|explain|know|wonder|asked|asking|answered|question)[,:\s]*$",
    re.IGNORECASE,
)

_IMPERATIVE_STOP = {"хотите", "можете", "будете", "видите", "говорите", "знаете", "пишете", "ждите", "извините", "простите", "представьте",
                    "смотрите", "послушайте", "здравствуйте", "поймите", "учтите", "имейте", "согласитесь", "держитесь", "ошибаетесь",
                    "издеваетесь", "стараетесь", "работаете", "отвечаете", "занимаетесь"}
_IMPERATIVE_SG = (r"(?:одобри|начисли|верни|отмени|оформи|подтверди|сделай|выдай|отправь|дай|найди|убери|сними|переведи|компенсируй|замени|"
                  r"исправь|разблокируй|заблокируй|перенеси|забери|привези)")
_IMPERATIVE_EN = (r"(?:please|approve|waive|cancel|block|unblock|refund|send|call|fix|give|explain|tell|check|find|replace|reschedule|redeliver|"
                  r"remove|return|credit|compensate|let me know|make sure|stop|deliver|contact|escalate|change|update|restore|reverse|sort out|get)\b")
_IMPERATIVE_RU_ANY = re.compile(r"(?:^|[,:;—–]\s*)(?:и\s+|а\s+|но\s+)?(?:(?:срочно|пожалуйста|уже|просто|тогда|лучше|скорее|немедленно|наконец|хотя бы)[,\s]+){0,2}"
                                r"(?:(?:деньги|средства|баллы|компенсацию|заказ|товар|посылку|его|её|их)\s+)?"  # «деньги верните»
                                r"([а-яё]{2,}(?:ите|йте|ьте)(?:сь)?)\b", re.IGNORECASE)
_IMPERATIVE_OTHER = re.compile(
    r"^(?:и\s+|а\s+|and\s+|so\s+|just\s+)?(?:(?:срочно|пожалуйста|уже|просто|немедленно|please|just|now|kindly)[,\s]+){0,2}(?:" + _IMPERATIVE_SG + r"|" + _IMPERATIVE_EN + r")(?![\w-])",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"\b(?:прошу|просьба|просим|требую|требуем|"
    r"хочу (?:либо |или )?(?:вернуть|сдать|получить|отменить|сменить|поменять|обменять|заменить|оспорить|перенести|пожаловаться|чтобы|обмен|замен|компенсац|возврат|деньги|назад)\w*|"
    r"хотим (?:либо |или )?(?:вернуть|сдать|получить|отменить|сменить|поменять|обменять|заменить|оспорить|перенести|пожаловаться|чтобы|обмен|замен|компенсац|возврат|деньги)\w*|"
    r"хотел[аи]? бы (?:вернуть|сдать|получить|отменить|сменить|поменять|обменять|заменить|оспорить|перенести)|"
    r"(?:мне |нам )?(?:нужно|надо|необходимо) (?:вернуть|забрать|перенести|отменить|заменить|чтобы|получить)|(?:мне |нам )?нуж(?:ен|на|ны|но)\b[^.?!]{0,30}\b(?:деньги|назад)|деньги назад|"
    r"please|i want|i'd like|i would like|i need|we need|i demand|i request|i'd appreciate|need you to|refund me|give me|send me)\b",
    re.IGNORECASE,
)
# "Пусть курьер заберёт коробку", "Let the courier take it"
_LET = re.compile(r"^" + _LEADERS + r"(?:пусть|let (?:the|your)\b)", re.IGNORECASE)
# an ultimatum carries a demand: "Если до пятницы не вернёте деньги, подам в суд"
_ULTIMATUM = re.compile(r"^(?:а\s+|и\s+)?если\b[^,;]*?\bне\s+[а-яё]+(?:[её]те|ите|ешь|ишь)\b", re.IGNORECASE)

# a complaint: a concrete service failure marked as repeated, general, ignored or rude (plain narration is not an ask)
COMPLAINT_MARK = re.compile(
    r"(?:\b(?:всегда|постоянно|каждый раз|в который раз|опять|снова|систематически|регулярно|подряд|"
    r"(?:в |уже )?(?:второй|третий|четв[её]ртый|пятый|\d+-?й) раз|"
    r"никто|так и не|ни одного|ни одной|ни смс|ни звонка|тоже не вижу|до сих пор не вижу|"
    r"хамят|хамил\w*|нахамил\w*|хамств\w*|нагрубил\w*|грубил\w*|грубят|грубо|"
    r"не соглас\w*|несправедлив\w*|необоснованн\w*|"
    r"не применя\w*|не работает|не срабатывает|не принимает|выда[её]т ошибку|пишет ошибку|недействител\w*|"
    r"раньше назначенного|позже назначенного|раньше времени|без (?:всякого |какого-либо |никакого )?(?:предупреждения|уведомлени\w+)|не предупредил\w*|не уведомил\w*|"
    r"always|every time|constantly|again|(?:second|third|fourth|fifth) time|nobody|no one|never (?:came|come|comes|showed|shows|called|calls|answers|answered|stick)|"
    r"rude|without (?:any )?(?:notice|warning)|still (?:no|not|haven't|hasn't)|doesn't work|does not work|not working|won't apply|isn't applied|"
    r"i disagree|don't agree|do not agree|unfair)\b)",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(?:здравствуйте|добрый (?:день|вечер)|доброе утро|доброй ночи|привет|спасибо|благодарю|заранее спасибо|с уважением|хорошо|ок|окей|ладно|"
    r"понятно|ясно|отлично|супер|алло|ау|эй|hello|hi|hey|dear|thanks|thank you|regards|best|ok|okay|fine|great|good|understood|got it)\b[\s,.!?)]*$",
    re.IGNORECASE,
)
# rhetorical outbursts and bare evaluations: no ask of their own
_RHETORIC = re.compile(
    r"^(?:(?:ну|да|вы|это|так|и)\s+)*(?:сколько можно|издеваетесь|вы издеваетесь|безобразие|кошмар|позор|ужас|бардак|цирк)\b"
    r"|\bиздеваетесь\b|\bсколько можно\b|\bэто (?:просто |вообще )?(?:цирк|издевательство|кошмар|безобразие|позор|ужас)\b"
    r"|^(?:а |и |да |ну )?(?:вы|ты|это|у вас)\b(?:\s+[а-яё]+){0,2}\s+вообще\b(?!.*\b(?:почему|когда|где|куда|сколько|как|имеете право|вправе)\b).*\?\W*$"
    r"|\bare you (?:kidding|serious|joking)\b|^seriously\b|^this is (?:ridiculous|unacceptable|outrageous|a joke|insane)"
    r"|\bhow (?:am i|are we|is anyone|can anyone|do you expect (?:me|us)) (?:supposed |expected )?to\b.*\blike this\W*$"
    r"|^(?:worst|terrible|awful|horrible|pathetic|honestly pathetic|disgusting|unbelievable|ridiculous)\b",
    re.IGNORECASE,
)
# a content-free nudge ("Ну что там?", "Any update?") repeats what is already open, it is not a new ask
NUDGE = re.compile(r"^(?:(?:ну|и|так|а|алло|ау|эй|so|well|hello)[,!?\s]+)*(?:что там|как там|ну что|есть новости|какие новости|новости есть|что с (?:моим )?вопросом|"
                   r"что по (?:моему )?вопросу|вы здесь|вы тут|any (?:news|update)s?|what'?s the status|anyone there|are you there|hello)\W*$", re.IGNORECASE)
# duration narration: "Уже 3 дня прошло.", "It's been 6 days since …"
_DURATION = re.compile(r"^(?:уже\s+)?(?:прошл[оаи]|прошёл|прошел)\b|^уже\s+\d+\s+\w+\s+прош|^it'?s been\b|^(?:already\s+)?\d+\s+(?:days?|hours?|weeks?)\s+(?:have\s+)?passed",
                       re.IGNORECASE)
# statements about the conversation itself
_META_REPEAT = re.compile(
    r"^(?:[а-яё]+,?\s+(?:но\s+)?)?(?:это не (?:является )?ответ\w*|это не то,? что я спрашивал\w*|(?:вы |мне )?(?:так )?(?:и )?не ответили|повторяю (?:свой |ещё раз |еще раз )?вопрос|повторю вопрос|"
    r"мне нужен (?:нормальный |конкретный )?ответ|ответьте(?: (?:же|уже|наконец|пожалуйста|хоть что-нибудь|мне))*(?: на (?:мой |наш )?вопрос\w*)?|answer (?:me|my question)|пишу (?:уже )?(?:второй|третий|четв[её]ртый|\d+-?й) раз[^,.:;!?]*|"
    r"that(?:'s| is) not (?:an answer|what i asked)|you (?:did not|didn't) answer|i (?:still )?need an answer)"
    r"(?:\s+(?:на|to)\s+(?:мой |наш |этот |свой |my |the |this )?(?:вопрос\w*|question\w*))?\W*$",
    re.IGNORECASE,
)
# a sentence that restates an earlier ask: "Я спросила, почему …", "I asked why …"
RESTATE = re.compile(r"^(?:я\s+(?:же\s+)?(?:спрашивал\w*|спросил\w*|задавал\w*)|мой вопрос (?:был|звучал)|i (?:asked|was asking|was asking about)\b|my question was)",
                     re.IGNORECASE)
# a follow-up that only asks how to do the previous ask: "Как это сделать?"
_FOLLOW_UP = re.compile(r"^" + _LEADERS + r"(?:и\s+)?(?:как|где|каким образом)\s+(?:мне\s+|нам\s+)?(?:это|это всё|все это|всё это)\s+(?:сделать|оформить|провернуть)"
                        r"|^" + _LEADERS + r"how (?:do|can|should) (?:i|we) do (?:it|that|this)\b", re.IGNORECASE)
# a question about how to complain covers the complaint just made
_COMPLAIN_ABOUT = re.compile(r"\b(?:пожаловат\w*|жаловат\w*|жалоб\w*|complain\w*|file a complaint)", re.IGNORECASE)
_POINTS_BACK = re.compile(r"\b(?:него|неё|нее|ним|них|нему|ней|нём|нем|этого|это|him|her|them|it|this|that)\b", re.IGNORECASE)
_LEAD = re.compile(r"^(?:и|а|но|also|and|but|so|ещё|еще|также|плюс|btw)[,:]?\s+|^(?:подскажите|скажите|пожалуйста|please)[,\s]+(?:пожалуйста[,\s]+)?", re.IGNORECASE)
_QUOTED = re.compile(r"[«\"“]([^»\"”]{12,})[»\"”]")
_QUOTE_INTRO = re.compile(r"\b(?:пишете|написали|спрашиваете|спросили|вопрос\w*|отвечаю|ответ|you (?:asked|wrote|said)|your question|answering|to answer)\b", re.IGNORECASE)

# joints inside one sentence that start a second ask
_IMPERATIVE_AHEAD = r"(?:[а-яё]{2,}(?:ите|йте|ьте)(?:сь)?\b|" + _IMPERATIVE_SG + r"\b|" + _IMPERATIVE_EN + r")"
_JOINT = re.compile(
    r"(?P<conj>(?:,\s*|\s+)(?:и|а|а также|и ещё|и еще|также|плюс|and|also|plus)\s+(?=" + _PREP + r"?(?:" + QWORDS_RU + r"|" + WH_EN +
    r"|прошу|подскажите|скажите|пусть|(?:не\s+)?[а-яё]+\s+ли\b|" + _IMPERATIVE_AHEAD +
    r"|(?:do|does|did|can|could|will|would|is|are|should|may)\s+(?:i|you|we|it|they|my|the|this|there)\b)))"
    r"|(?P<alt>(?:,\s*|\s+)(?:или|or)\s+(?=" + _PREP + r"?(?:" + QWORDS_RU + r"|" + WH_EN + r"|(?:не\s+)?[а-яё]+\s+ли\b)))"
    r"|(?P<comma>,\s*(?=(?:" + QWORDS_RU + r"|" + WH_EN + r")))"
    r"|(?P<dash>\s+[—–-]\s+(?=(?:" + QWORDS_RU + r"|" + WH_EN + r")))"
    r"|(?P<semi>;\s*)",
    re.IGNORECASE,
)
# ", что" / ", как" after these words is part of one statement ("за то, что …", "так, как …", "сказали, что …")
_NO_CUT_BEFORE = re.compile(r"(?:\b(?:то|того|тем|том|так|такой|такое|такие|потому|после|перед|раньше|чем|сказал\w*|пишет|пишут|написал\w*|говорит|говорят|"
                            r"утверждает|утверждают|считает|думаю|знаю|said|told|says|think|know|given|даже|мол|"
                            # «нужно ли доказывать, что это существенный недостаток?» is one question
                            r"доказ\w*|подтверд\w*|подтвержда\w*|уверен\w*|показ\w*|prove|show|confirm|sure))\s*$", re.IGNORECASE)
_CONDITIONAL = re.compile(r"^(?:а\s+|и\s+|но\s+)?(?:если|if|unless|в случае,? если)\b", re.IGNORECASE)
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
    topic: str | None = None  # known from the clause's form («заказывала X, а пришла Y»: wrong_item); else read from its words


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


# goods ordered and goods received named in one sentence: a wrong item
WRONG_ITEM = re.compile(r"\b(?:заказыв\w+|заказал\w*|ordered)\b[^.!?]{3,120}?(?:,|\bа\b|\bbut\b|—|-)\s*(?:а\s+)?(?:мне\s+)?(?:пришл\w*|пришёл|пришел|привезли|прислали|получил\w*|выдали|got|received|came|arrived|was sent|they sent)\b",
                         re.IGNORECASE)


# the customer's own answer to the question just asked: «Нет, забрал в пункте выдачи», "Yes, I did."
_SELF_ANSWER = re.compile(r"^\s*(?:нет|да|конечно|конечно нет|no|yes|nope|of course(?: not)?)\s*[,.!—–-]", re.IGNORECASE)


def clauses_of(text: str, message: int) -> list[Clause]:
    out: list[Clause] = []
    quoted = _quoted_spans(text)
    sentences = split_sentences(text)
    for k, (s_start, s_stop, sentence) in enumerate(sentences):
        if _is_quote_sentence(s_start, s_stop, sentence, quoted):
            continue
        if k + 1 < len(sentences) and sentence.rstrip().endswith("?") and _SELF_ANSWER.match(sentences[k + 1][2]):
            continue  # «Вскрывал при курьере? Нет, забрал в пункте выдачи»: the customer answers it, it is told, not asked
        restate = RESTATE.match(sentence)
        if restate:
            # "Я спрашивала, за что списали 199 рублей": what follows the lead is the (earlier) ask
            body = sentence[restate.end():]
            off = restate.end() + len(body) - len(body.lstrip(" ,:—–-"))
            body = sentence[off:].strip()
            if len(body.split()) >= 2:
                for o, piece in _cut(body):
                    stripped = piece.strip()
                    start = s_start + off + o + (len(piece) - len(piece.lstrip()))
                    out.append(Clause(message, start, start + len(stripped), stripped, "question", True, 2))
            continue
        if WRONG_ITEM.search(sentence) and not sentence.rstrip().endswith("?"):
            # «Заказывала синее платье, а пришла зелёная юбка»: a report that expects the mix-up to be put right
            stripped = sentence.strip()
            start = s_start + len(sentence) - len(sentence.lstrip())
            out.append(Clause(message, start, start + len(stripped), stripped, "complaint", False, 1, topic="wrong_item"))
            continue
        pieces = _cut(sentence)
        ends_q = sentence.rstrip(" )»\"'").endswith("?")
        inquiry = False  # the pieces that follow an inquiry lead or a question word are asked too
        told: tuple[int, str] | None = None  # the statement piece just before this one
        for k, (off, piece) in enumerate(pieces):
            is_last = k == len(pieces) - 1
            if not is_last and _INQUIRY_LEAD.search(piece.rstrip()) and len(piece.split()) <= 5:
                inquiry = True  # "Мне нужно понять, как …": the lead itself is not an ask
                continue
            kind, strength = classify_in_context(piece, first=k == 0, last=is_last, sentence_is_q=ends_q, inquiry=inquiry)
            inquiry = inquiry or kind == "question"
            if kind and told is not None and _FOLLOW_UP.match(piece.strip()):
                # «Хочу Ладу Весту в кредит, как это оформить?»: "это" is the wish just told, so the ask is both
                off, piece = told[0], sentence[told[0]:off + len(piece)]
            told = None if kind else (off, piece)
            if kind:
                start = s_start + off
                stripped = piece.rstrip()
                lead = len(stripped) - len(stripped.lstrip())
                out.append(Clause(message, start + lead, start + len(stripped), stripped.strip(), kind, False, strength))
    out = _fold(out)
    if not out:
        out = _fallback(text, message, quoted)
    return out


# a message with no explicit ask that reports a problem still expects a response: its first problem sentence is the ask
_PROBLEM = re.compile(
    r"\b(?:не|нет|никак\w*|ничего|никто|так и не|до сих пор|сломал\w*|слома\w*|разбит\w*|поврежд\w*|брак\w*|бракован\w*|опозда\w*|задерж\w*|"
    r"потерял\w*|пропал\w*|списал\w*|ошибк\w*|not|never|no|nobody|nothing|didn't|doesn't|hasn't|haven't|wasn't|isn't|can't|cannot|won't|"
    r"broken|damaged|missing|late|wrong|lost|charged|still)\b",
    re.IGNORECASE,
)
_META_SEARCH = re.compile(r"не (?:является )?ответ|не ответил\w*|повторяю|повторно|not an answer|not what i asked|didn't answer|did not answer|"
                          r"(?:второй|третий|\d+-?й) раз пишу|пишу (?:уже )?(?:второй|третий|\d+-?й) раз", re.IGNORECASE)
_PRAISE = re.compile(r"\b(?:спасибо|благодар\w*|thank\w*|thanks|вовремя|всё отлично|все отлично|всё хорошо|все хорошо|great job|on time)\b", re.IGNORECASE)


def _fallback(text: str, message: int, quoted: list[tuple[int, int]]) -> list[Clause]:
    if _PRAISE.search(text) and not re.search(r"\b(?:но|однако|but|however)\b", text, re.IGNORECASE):
        return []
    for s_start, s_stop, sentence in split_sentences(text):
        if _is_quote_sentence(s_start, s_stop, sentence, quoted) or _GREETING.match(sentence.strip()) or _META_SEARCH.search(sentence):
            continue
        if _RHETORIC.search(sentence) or _CONDITIONAL.match(sentence.strip()):
            continue
        if _PROBLEM.search(sentence) and len(sentence.split()) >= 3:
            return [Clause(message, s_start, s_stop, sentence.strip(), "complaint", False, 1)]
    return []


_BARE_TAIL = re.compile(r"^\s*(?:как|когда|где|куда|почему|зачем|how|when|where|why)\s*[?!.)]*\s*$", re.IGNORECASE)


def _cut(sentence: str) -> list[tuple[int, str]]:
    parts: list[tuple[int, str]] = []
    pos = 0
    is_q = sentence.rstrip(" )»\"'").endswith("?")
    for m in _JOINT.finditer(sentence):
        left = sentence[pos:m.start()]
        if len(left.split()) < 3:
            continue
        if m.group("comma") or m.group("dash"):
            if _NO_CUT_BEFORE.search(left) or _CONDITIONAL.match(left.strip()):
                continue
            if _BARE_TAIL.match(sentence[m.end():]):
                continue  # «Хочу это оспорить, как?»: one ask, the «как?» asks how to do what the words before say
            # in a statement ", когда …" is a relative clause: cut only after an inquiry lead or an ask of its own
            if not is_q and not _INQUIRY_LEAD.search(left.rstrip()) and not _asks_itself(left):
                continue
        if m.group("conj") and _CUT_IMPERATIVE_STOP.match(sentence[m.end():]):
            continue
        if m.group("conj") and _BARE_TAIL.match(sentence[m.end():]):
            continue  # «Деньги вернут вообще и когда?»: one ask, the «когда» asks when what the words before say happens
        parts.append((pos, left))
        pos = m.end()
    parts.append((pos, sentence[pos:]))
    return [(o, p) for o, p in parts if p.strip()]


# «Пишите на ivan@example.org», «Мой телефон +7 916 …», "Call me at +44 …": how to reach the customer, not an ask
_CONTACT_ME = re.compile(r"^(?:(?:и|а|also|and)\s+)?(?:пишите|напишите|звоните|позвоните|свяжитесь(?: со мной)?|мой (?:телефон|номер|e-?mail|почта)|"
                         r"почта для связи|телефон для связи|write (?:to )?me|e-?mail me|call me|contact me|my (?:phone|number|e-?mail) is)\b"
                         r"[^?]{0,40}?(?:[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d\s()-]{8,})(?:,?\s*(?:please|пожалуйста))?[\s.!]*$", re.IGNORECASE)


def classify_in_context(clause: str, first: bool, last: bool, sentence_is_q: bool, inquiry: bool = False) -> tuple[str | None, int]:
    c = clause.strip().strip("—–-:").strip()
    if not c or len(c) < 4 or _GREETING.match(c) or _META_REPEAT.match(c) or NUDGE.match(c):
        return None, 0
    if _RHETORIC.search(c) or _CONTACT_ME.match(c):
        return None, 0
    complaint = _complains(c)
    if _DURATION.match(c) and not complaint and not _Q_STRONG.search(c):
        return None, 0
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
        if starts_q and (first or inquiry):
            return "question", 2
        if (first or inquiry) and _EN_INVERSION.match(c):
            return "question", 2
    elif not first:
        return None, 0
    if _REQUEST.search(c) or _LET.match(c) or _IMPERATIVE_OTHER.match(c) or _imperative_ru(c):
        return "request", 2
    if _ULTIMATUM.match(c):
        return "request", 1
    if _CONDITIONAL.match(c):
        if _THEN_Q.search(c):
            return "question", 2  # «если только ремонт, то сколько он будет длиться» asks after its condition
        return None, 0  # "Если я не согласен, …" states a condition, not a complaint
    if complaint:
        return "complaint", 1
    return None, 0


_THEN_Q = re.compile(r"(?:,\s*|\s)то\s+(?:сколько|когда|как|где|что|кто|куда|почему|зачем|какой|какие|какая|можно ли|нужно ли)\b", re.IGNORECASE)


_REPORTED = re.compile(r"\b(?:написал\w*|сказал\w*|утвержда\w*|пишет|пишут|говорит|говорят|считает|считают|заявил\w*|жалуется|"
                       r"said|says|claims?|claimed|wrote|writes|reported)\b,?\s+(?:что|будто|that)\b", re.IGNORECASE)


_REPORT_END = re.compile(r",\s*(?:но|а|однако|хотя|but|however|yet)\b|[.;!?]", re.IGNORECASE)


_OWN_HABIT = re.compile(r"^(?:я|мы|i|we)\s+(?:\w+\s+)?(?:всегда|постоянно|регулярно|always|constantly|regularly)\b", re.IGNORECASE)


def _complains(c: str) -> bool:
    """A complaint marker the customer states themselves (not inside "X написал, что …", up to ", но …";
    not the customer's own habit: "Я всегда заказываю у вас")."""
    if _OWN_HABIT.match(c) and not _PROBLEM.search(c):
        return False
    reported = _REPORTED.search(c)
    if reported is None:
        return bool(COMPLAINT_MARK.search(c))
    end = _REPORT_END.search(c, reported.end())
    lo, hi = reported.start(), end.start() if end else len(c)
    return any(not lo <= m.start() < hi for m in COMPLAINT_MARK.finditer(c))


def _imperative_ru(c: str) -> bool:
    """A Russian imperative at the start of the clause or right after a comma ("Товар с браком, верните деньги")."""
    for m in _IMPERATIVE_RU_ANY.finditer(c):
        if m.group(1).lower() not in _IMPERATIVE_STOP:
            return True
    return False


def _asks_itself(text: str) -> bool:
    t = text.strip()
    return bool(_REQUEST.search(t) or _IMPERATIVE_OTHER.match(t) or _imperative_ru(t) or _Q_INNER.search(t) or _LI_Q.match(t))


def _fold(clauses: list[Clause]) -> list[Clause]:
    """Inside one message: drop "как это сделать?" follow-ups of the previous ask, and fold a complaint or an
    ultimatum into an explicit question / request on the same matter ("деньги не пришли … Где мои деньги?")."""
    out: list[Clause] = []
    for c in clauses:
        if out and _FOLLOW_UP.match(c.text):
            continue
        if any(ask_similarity(c.text, o.text) >= 0.8 for o in out):
            continue  # "Как вернуть товар? Как вернуть товар??"
        out.append(c)
    keep = [True] * len(out)
    for i, weak in enumerate(out):
        if weak.strength >= 2:
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is not None and nxt.strength >= 2 and _COMPLAIN_ABOUT.search(nxt.text) and _POINTS_BACK.search(nxt.text):
            keep[i] = False  # "Курьер опять приехал раньше. Можно на него пожаловаться?" is one ask
            continue
        for j, strong in enumerate(out):
            if j != i and keep[j] and (strong.strength >= 2 or j < i) and _same_matter(weak.text, strong.text):
                keep[i] = False
                break
    return [c for c, k in zip(out, keep) if k]


def _same_matter(a: str, b: str) -> bool:
    sa, sb = content_stems(a), content_stems(b)
    shared = shared_stems(sa, sb)
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


def shared_stems(sa: set[str], sb: set[str]) -> int:
    """How many stems of `sa` match one of `sb` (equal, or one a 4+ letter prefix of the other)."""
    return sum(1 for x in sa if any(_stem_match(x, y) for y in sb))


_ENUM_LEAD = re.compile(
    r"^(?:(?:и |а )?(?:ещё|еще|также|а также)?\s*(?:один |другой |главный |основной |мои |наши )?вопрос(?:ы)?(?: по делу)?|перв(?:ое|ый)|втор(?:ое|ой)|треть(?:е|й)|четв[её]рт(?:ое|ый)|"
    r"последнее|и последнее|кроме того|далее|здравствуйте|добрый (?:день|вечер)|"
    r"(?:another|one more|real|main|actual|my) question|first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|lastly|also|btw|hi|hello)\s*[:,—–-]+\s*",
    re.IGNORECASE,
)


def normalise(clause: str) -> str:
    text = " ".join(clause.split())
    for _ in range(3):
        stripped = _ENUM_LEAD.sub("", _LEAD.sub("", text)).strip(" ,;-—:")
        if stripped == text or not stripped:
            break
        text = stripped
    if len(text) > 160:
        text = text[:157].rsplit(" ", 1)[0] + "…"
    return text[:1].upper() + text[1:] if text else text


def ask_similarity(a: str, b: str) -> float:
    """Share of content words two asks have in common (0..1), to pick the best of several matching asks."""
    sa, sb = content_stems(a), content_stems(b)
    shared = shared_stems(sa, sb)
    union = len(sa) + len(sb) - shared
    return shared / union if union else 0.0


def same_ask(a: str, b: str, loose: bool = False) -> bool:
    """True when two asks (of different messages) are the same ask; `loose` for a restatement ("Я спрашивала, …")."""
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return a.strip().lower() == b.strip().lower()
    shared = shared_stems(sa, sb)
    union = len(sa) + len(sb) - shared
    jac = shared / union if union else 1.0
    ta, tb = primary_topic(a), primary_topic(b)
    same_topic = ta == tb != "other"
    if jac >= 0.6 or (jac >= 0.45 and same_topic):
        return True
    small = min(len(sa), len(sb))
    if shared >= 2 and shared >= 0.66 * small:
        return True
    if same_topic and shared >= 1 and small <= 2 and max(len(sa), len(sb)) <= 5:
        return True  # «Когда заканчивается хранение?» again; not a new question on storage with much more to it
    if shared >= 1 and shared == small and jac >= 0.5:
        return True
    return loose and (shared >= 1 or same_topic)
