"""The promise ledger: what an operator or the bot said would happen, when, and whether it did."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from copilot.domain import Message, Promise
from copilot.text.entities import EN_MONTHS, RU_MONTHS
from copilot.text.sentences import split_sentences

ACTIONS: dict[str, tuple[str, list[str]]] = {
    # action: (pattern of a future-tense commitment, stems that a later report of failure mentions)
    "reschedule": (r"перенесл[аи]?\s+(?:\w+\s+){0,3}на\s+\d|перенес\s+(?:\w+\s+){0,3}на\s+\d|(?:i|we)(?:'ve| have)\s+(?:re)?(?:booked|scheduled)\s+(?:the|your|a)\s+(?:new\s+)?(?:pickup|delivery|courier|collection)|перенес[её]м|перенесу\b|перенесут|перенесли на|будет перенес[её]н|we(?:'ll| will) reschedule|i(?:'ll| will) reschedule|will be rescheduled|rescheduled (?:it|your)",
                   ["перенес", "перенос", "resched", "забра", "забор", "приех", "приш", "курьер", "came", "come", "courier", "showed"]),
    "pickup": (r"заберут|заберёт|заберет|заберём|заберем|курьер приедет за|will (?:pick|collect)|will be (?:picked|collected)|courier will come|will come (?:to|for|by|tomorrow|today|on|between)",
               ["забра", "забрал", "забор", "приех", "приш", "курьер", "pick", "collect", "came", "come", "courier", "showed"]),
    "refund": (r"будет выплачен\w*|будут выплачен\w*|будет перечислен\w*|выплатим|will be paid|will be transferred|вернутся|вернётся|вернется|вернём|вернем|вернут (?:деньги|средства)|будут возвращ|поступят|поступит|придут на|прид[её]т на|зачислим|зачислят|зачислится|зачислятся|"
               r"будут зачислен|будет зачислен|will be refunded|refund will|we(?:'ll| will) refund|money will|will (?:be )?(?:credited|returned)|(?:refund|money|payment)\b[^.;]{0,40}\bwill be (?:initiated|sent|issued)",
               ["деньг", "денег", "средств", "вернул", "верну", "возврат", "поступ", "пришл", "выплат", "refund", "money", "credit", "received", "payout"]),
    "contact": (r"свяжемся|свяжется|свяжутся|свяжусь|перезвоним|перезвонит|перезвонят|перезвоню|позвоним|позвонит|позвонят|позвоню|напишем|напишет|напишу|отпишусь|отпишемся|сообщим|сообщит|сообщу|ответим|ответит|отвечу|"
                r"вернусь к вам|we(?:'ll| will) (?:contact|call|get back|let you know|write)|i(?:'ll| will) (?:contact|call|get back|let you know|write)|will (?:contact|call|get back)|you(?:'ll| will) hear (?:back|from)",
                ["звон", "связ", "написал", "ответ", "сообщ", "call", "contact", "heard", "answer", "reply", "got back", "get back"]),
    "points": (r"начислим|начислю|начислят|будут начислен|компенсируем|получите (?:\d+ )?балл|will be credited with|we(?:'ll| will) (?:credit|add|compensate)|i(?:'ll| will) (?:credit|add)|points will|you(?:'ll| will) (?:\w+ )?(?:receive|get) (?:[\d\s,]+ )?points",
               ["балл", "начисл", "компенс", "points", "credit", "compens"]),
    "delivery": (r"доставят|привезут|доставим|будет доставлен|приедет|will be delivered|will arrive|will deliver|will come",
                 ["достав", "привез", "приех", "курьер", "deliver", "arriv", "came", "come", "showed"]),
    "check": (r"проверим|проверю|уточним|уточню|разбер[её]мся|разберусь|передадим|передам|передали (?:в|ваш)|изучим|оформлю жалоб|оформим жалоб|"
              r"we(?:'ll| will) (?:check|look into|investigate|escalate|pass)|i(?:'ll| will) (?:check|look into|investigate|escalate|pass|file)|has been escalated|"
              r"you(?:'ll| will) (?:have|get|receive) (?:a |an |the |our )?(?:decision|answer|reply|response)|получите (?:\w+ )?(?:ответ|решение)",
              ["провер", "ответ", "решил", "решени", "разобрал", "результат", "жалоб", "check", "answer", "heard", "result", "decision"]),
}
# what a promise is about: a report that names another promise's object and not this one's is not about this promise
# ("Баллы пришли" does not keep "деньги вернутся на карту")
_OBJECTS: dict[str, tuple[str, ...]] = {
    "refund": ("деньг", "денег", "средств", "сумм", "выплат", "refund", "money", "payout"),
    "points": ("балл", "бонус", "points", "bonus"),
    "contact": ("звон", "звонк", "связ", "call", "contact"),
}
_FUTURE = re.compile("|".join(f"(?P<{a}>{pat})" for a, (pat, _) in ACTIONS.items()), re.IGNORECASE)
_NOT_PROMISE = re.compile(r"\b(?:если|в случае|когда вы|if you|in case|можете|you can|может быть|не можем|cannot|can't)\b", re.IGNORECASE)
_NEG = re.compile(r"\b(?:не|нет|никто|ничего|никого|так и не|до сих пор не|not|never|no|no one|nobody|nothing|still (?:no|not|haven't)|didn't|did not|hasn't|haven't|wasn't|isn't)\b", re.IGNORECASE)
_PROMISED_REF = re.compile(r"\b(?:обещал\w*|обещани\w*|уверял\w*|сказали,? что|promised|you said|told me)\b", re.IGNORECASE)
_KEPT = re.compile(r"\b(?:пришл[иао]|получил\w*|забрали|перенесли|приехал|начислили|вернули|спасибо, (?:всё|все) (?:пришло|получил)|received|arrived|got (?:it|the)|it worked|came|(?:is|are) back)\b", re.IGNORECASE)
_DUE_DAYS = re.compile(r"(?:в течение|за|within|in)\s+(\d{1,3})\s*(?:-|–)?\s*(?:\d{1,3}\s*)?(рабочих\s+)?(дн|дней|дня|суток|час|часа|часов|business\s+days?|days?|hours?)", re.IGNORECASE)
_DUE_WORD = re.compile(r"\b(сегодня|завтра|послезавтра|today|tomorrow)\b", re.IGNORECASE)
_DUE_DATE = re.compile(r"\bдо\s+(?:(?:понедельника|вторника|среды|четверга|пятницы|субботы|воскресенья),?\s+)?(\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{1,2}\s+\w+)"
                       r"|\bby\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?(\w+ \d{1,2}|\d{1,2} \w+)"
                       # «перенесли забор на 3 июня», "rescheduled for June 3": the day it is due
                       r"|\bна\s+(\d{1,2}\s+(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря))\b"
                       r"|\b(?:for|on)\s+((?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}|"
                       r"\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December))\b", re.IGNORECASE)
# «Опять никого.», "Again nobody came.": the visit promised did not happen, in words that need not name it
_BARE_DAY = re.compile(r"\b(\d{1,2}\s+(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря))\b", re.IGNORECASE)
POINTS_WORD = re.compile(r"балл|бонус|\bpoints?\b", re.IGNORECASE)
MONEY_WORD = re.compile(r"деньг|денег|средств|выплат|₽|руб|money|refund|payout", re.IGNORECASE)
# a clause that reports the promise kept, with no «не» of its own: «Баллы пришли, спасибо, но мне не баллы нужны…»
_CLAUSES = re.compile(r",\s*(?:но|а|однако|but|however)\s+|;\s*", re.IGNORECASE)
# a clause that reports a failure («компенсации 11 500 нет», «так и не пришли»), unlike «мне не баллы нужны, а автокресло»
_FAILED = re.compile(r"\bнет\b|\bне\s+(?:пришл|пришёл|пришел|поступ|верн|начисл|зачисл|перечисл|выплат|получил|приех|приш|позвон|перезвон|связал|написал|ответил)|"
                     r"так и не|до сих пор не|still (?:no|not)|haven't|hasn't|didn't|did not|not (?:arrived|received|come|credited|paid)|never", re.IGNORECASE)
_AGAIN_NONE = re.compile(r"^(?:(?:и|а|ну)\s+)?(?:опять|снова|again|still)\b[^.!?]{0,30}\b(?:никого|никто|никто не|nobody|no one|no-one|не приехал\w*|didn't come|did not come|no show)\b",
                         re.IGNORECASE)
_VISITS = {"reschedule", "pickup", "delivery"}
_AND_CLAUSE = re.compile(r",\s*(?:и|а также|and|and also)\s+", re.IGNORECASE)


def _parse_at(at: str | None) -> datetime | None:
    if not at:
        return None
    try:
        return datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return None


def _due(sentence: str, at: str | None) -> str | None:
    base = _parse_at(at)
    m = _DUE_DAYS.search(sentence)
    if m:
        n = int(m.group(1))
        unit = m.group(3).lower()
        if base is None:
            return f"+{n} {unit}"
        if unit.startswith(("час", "hour")):
            return (base + timedelta(hours=n)).isoformat().replace("+00:00", "Z")
        if m.group(2) or "business" in unit:
            d, left = base, n
            while left:
                d += timedelta(days=1)
                if d.weekday() < 5:
                    left -= 1
            return d.date().isoformat()
        return (base + timedelta(days=n)).date().isoformat()
    m = _DUE_WORD.search(sentence)
    if m:
        word = m.group(1).lower()
        days = {"сегодня": 0, "today": 0, "завтра": 1, "tomorrow": 1, "послезавтра": 2}[word]
        return (base + timedelta(days=days)).date().isoformat() if base else word
    m = _DUE_DATE.search(sentence)
    if m:
        return next(g for g in m.groups() if g).strip()
    m = _BARE_DAY.search(sentence)  # «напишу вам 10 июня»
    if m:
        return m.group(1)
    return None


def extract_promises(messages: list[Message]) -> list[Promise]:
    promises: list[Promise] = []
    for i, msg in enumerate(messages):
        if msg.role == "customer":
            continue
        for _, _, sentence in split_sentences(msg.text):
            if sentence.rstrip().endswith("?"):
                continue
            m = _FUTURE.search(sentence)
            if not m:
                continue
            prefix = sentence[:m.start()]
            if _NOT_PROMISE.search(prefix) and not re.search(r"\b(?:мы|we)\b", prefix, re.IGNORECASE):
                continue
            action = m.lastgroup or "other"
            if action == "refund" and POINTS_WORD.search(sentence) and not MONEY_WORD.search(sentence):
                action = "points"  # «начислил вам 200 баллов, они поступят в течение 24 часов»: points, not money
            promises.append(Promise(text=" ".join(sentence.split())[:240], message=i, status="open", due=_due(sentence, msg.at), action=action))
            # "A full refund … will be initiated within 24 hours, and you will automatically receive 640 points …": a second
            # commitment of another kind in a clause of its own is a promise of its own
            for later in _FUTURE.finditer(sentence, m.end()):
                clause = _AND_CLAUSE.split(sentence[m.end():later.start()])
                if later.lastgroup == "points" and action == "refund" and len(clause) > 1:
                    rest = sentence[later.start() - len(clause[-1]):]
                    promises.append(Promise(text=" ".join(sentence.split())[:240], message=i, status="open", due=_due(rest, msg.at), action="points"))
                    break
    _resolve_status(promises, messages)
    return promises


def _resolve_status(promises: list[Promise], messages: list[Message]) -> None:
    for p in promises:
        stems = ACTIONS.get(p.action, ("", []))[1]
        for j in range(p.message + 1, len(messages)):
            msg = messages[j]
            if msg.role != "customer":
                continue
            promised_ref = bool(_PROMISED_REF.search(msg.text))
            for _, _, sentence in split_sentences(msg.text):
                low = sentence.lower()
                if _about_other(p.action, low):
                    continue
                mentions = any(s in low for s in stems) or (p.action in _VISITS and bool(_AGAIN_NONE.search(sentence.strip()))) \
                    or _names_due(p.due, sentence)  # "Nothing on June 10": the day it was due, and nothing
                clauses = _CLAUSES.split(sentence)
                if mentions and any(any(s in c.lower() for s in stems) and _KEPT.search(c) and not _NEG.search(c) for c in clauses) \
                        and not any(_FAILED.search(c) for c in clauses) and not _PROMISED_REF.search(sentence):
                    if p.status == "open":
                        p.status, p.evidence = "kept", j
                    continue
                if (_NEG.search(sentence) and mentions) or (_PROMISED_REF.search(sentence) and (_NEG.search(sentence) or "но" in low.split() or "but" in low.split())) \
                        or (promised_ref and _NEG.search(sentence) and (mentions or len(sentence.split()) <= 6)):
                    p.status, p.evidence = "broken", j
                    break
                if p.status == "open" and mentions and _KEPT.search(sentence) and not _NEG.search(sentence):
                    p.status, p.evidence = "kept", j
            if p.status == "broken":
                break
    # «Вы же обещали!» / "You promised." with a failure report in the same message refers to the
    # latest promise made before it, whatever words it uses
    for j, msg in enumerate(messages):
        if msg.role != "customer" or not _PROMISED_REF.search(msg.text) or not _NEG.search(msg.text):
            continue
        earlier = [p for p in promises if p.message < j and p.status == "open"]  # not one the customer said was kept
        if earlier:
            last = max(p.message for p in earlier)
            for p in earlier:
                if p.message == last:
                    p.status, p.evidence = "broken", j




def _names_due(due: str | None, sentence: str) -> bool:
    """Whether a sentence names the day a promise was due («ничего 10 июня», "Nothing on June 10")."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", due or "")
    if not m:
        return False
    day, month = int(m.group(3)), int(m.group(2))
    return bool(re.search(rf"\b{day}\s+{RU_MONTHS[month - 1]}|\b{EN_MONTHS[month - 1]}\s+{day}\b|\b{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{EN_MONTHS[month - 1]}",
                          sentence, re.IGNORECASE))


def _about_other(action: str, low: str) -> bool:
    own = _OBJECTS.get(action, ())
    if any(o in low for o in own):
        return False
    return any(o in low for a, objs in _OBJECTS.items() if a != action for o in objs)
