"""What an ask is about, read with the words around it — one reading for the drafter and /v1/checks.

«Когда теперь привезут?» names no matter of its own: the sentence before it («курьер так и не
приехал») does. «Когда и сколько мне компенсируют?» names compensation, and the sentence before it
says of what (goods lost in the warehouse). The drafter retrieves and judges its paragraphs with these
topics, and the reply check judges an operator's reply with the same ones: whatever the drafter marks
addressed, the check of the same text marks addressed (the drafter is the stricter of the two: the ask's
own paragraph must answer it, where the check reads the whole reply).
"""

from __future__ import annotations

import re
from typing import Sequence

from copilot.analysis.topics import TOPICS, addresses, topics_of
from copilot.domain import Ask, Ticket

# topics defined by two conditions at once, and what is wrong with the goods (broken, wrong, faulty,
# missing; not «lost», whose «отмена» a customer's own cancellation also says): specific enough to say
# what a generic ask is about («Деньги верните за эту вазу» after «ваза приехала в осколках»)
_SPECIFIC = {topic for topic, groups in TOPICS.items() if len(groups) > 1} | {"damaged", "wrong_item", "defect", "partial"}
# topics that say what is asked for, not about what: compensation or money back for the goods lost in
# the warehouse, for the courier who never came; a delivery «когда привезут?» after the courier who came early
_GENERIC = {"compensation", "refund", "delivery_date"}


# a statutory penalty (неустойка): the dedicated group's decision
PENALTY = re.compile(r"неустойк|statutory penalty|legal penalty", re.IGNORECASE)
# what the escalation line answers: an ultimatum with no demand but an answer («Если не решите, пойду в
# Роспотребнадзор»), «Когда мне ответят?», a demand for a statutory penalty («Требую неустойку 1% в день»,
# which the dedicated group decides); «Если не примете возврат, пойду в суд» demands the return and is
# answered on its own
ANSWERED_BY_HANDOVER = re.compile(r"^(?:а\s+|и\s+)?(?:если|if)\s+(?:(?:вы|до|к|завтра|сегодня|сейчас|срочно|you|by|today|tomorrow)\s+){0,3}(?:не\s+(?:решите|решат|ответите|ответят|разбер\w+|поможете|свяжетесь|перезвоните)|"
                                 r"don't (?:fix|solve|sort|answer|reply|help)|do not (?:fix|solve|sort|answer|reply|help))\b[^?]*$|"
                                 r"^когда (?:же )?(?:мне )?(?:ответ|перезвон|свяж)\w*(?: по существу)?\?*$|^when will (?:you|someone|anyone) (?:answer|reply|call|get back)|"
                                 # «Изучайте быстрее.», «Побыстрее, пожалуйста», "Hurry up": an urge the same-day handover answers
                                 r"^(?:\w+\s+)?(?:по)?(?:быстрее|скорее)\b(?!\s+всего)[^?]*$|^(?:ну\s+(?:так\s+)?)?(?:разбирайтесь|решайте|выясняйте|проверяйте|ищите)\W*$|^(?:please\s+)?(?:hurry(?: up)?|be quick|speed (?:it )?up)\b[^?]*$|"
                                 + PENALTY.pattern, re.IGNORECASE)
# a question that judges rather than asks («Это нормально?», «Это вообще как?», "Is this normal?"): answered
# by owning the failure — an apology that names it — not by a rule
EVALUATIVE = re.compile(r"^(?:а\s+|и\s+|ну\s+)?(?:вообще,?\s+)?(?:это|так|вот так|is (?:this|that)|how is (?:this|that))\b[^?]{0,40}?\b(?:нормально|вообще как|как так|normal|ok|okay|acceptable)\b(?!,?\s*(?:что|чтобы|если|когда|that|if|when|for))[^?]*\?+\W*$"
                        r"|^(?:а\s+|и\s+|ну\s+)?(?:как так|это вообще как)\?+\W*$"
                        # «Кто так упаковывает вообще??»: a reproach, not a question for a name
                        r"|^(?:а\s+|и\s+|ну\s+)?кто так \w+(?:\s+вообще)?\?+\W*$", re.IGNORECASE)
APOLOGY = re.compile(r"извин|прошу прощения|простите|сожалеем|нам жаль|\bsorry\b|apologi", re.IGNORECASE)
# a reply that hands the case to the dedicated group, which answers those
HANDOVER = re.compile(r"выделенн\w* групп|старш\w* специалист|dedicated group|senior specialist", re.IGNORECASE)


def context_text(ask: Ask, ticket: Ticket) -> str:
    """The words just before the ask in its message (up to ~220 characters, whole words), and the
    words after it when little comes before («Когда вы его заберёте? Монитор не подошёл»)."""
    text = ticket.messages[ask.source_message].text
    start = ask.span[0]
    before = text[max(0, start - 220):start]
    if start > 220 and not text[start - 221].isspace():
        before = before.split(" ", 1)[-1]  # no cut-off word at the edge («ер по моим заказам»)
    end = ask.span[1] + 120
    after = text[ask.span[1]:end] if len(before.split()) < 6 else ""
    if after and end < len(text) and not text[end].isspace():
        after = after.rsplit(" ", 1)[0]
    return " ".join((before + " " + after).split())


def ask_topics(asks: Sequence[Ask], ticket: Ticket) -> dict[str, tuple[str, ...]]:
    """Every topic each ask is about: its own; for a vague ask, its context's (or, when that names
    none either, the other questions of its message: «если я с ними не согласен, что мне делать?»);
    for an ask on a generic matter (compensation, a refund), the specific matter its context names; and
    each topic its own words name («За задержку что-то положено?»: delay and compensation)."""
    around = {a.id: topics_of(f"{a.text} {context_text(a, ticket)}") for a in asks}
    context: dict[str, tuple[str, ...]] = {}
    for a in asks:
        if a.topic == "other":
            context[a.id] = around[a.id]
        else:
            specific: tuple[str, ...] = ()
            if a.topic in _GENERIC:
                # the specific matter its context names, else the one its message names before it («Курьер
                # приехал в 12:10 … Когда мне теперь его привезут?»); what comes after is another ask's
                # («Где деньги?? И баллы, которые я потратила, тоже не вижу»)
                before = ticket.messages[a.source_message].text[:a.span[0]]
                specific = tuple(t for t in around[a.id] if t in _SPECIFIC and t != a.topic) \
                    or tuple(t for t in topics_of(before) if t in _SPECIFIC and t != a.topic)
            context[a.id] = (a.topic, *specific)
    for a in asks:
        if not context[a.id]:
            siblings = [t for b in asks if b.id != a.id and (b.source_message == a.source_message or a.source_message in b.repeated_in)
                        for t in context[b.id] if t != "other"]
            # the matter of its siblings, not what they ask for: «Когда теперь привезут?» next to «мне
            # положено что-то за это?» is about the courier, not about compensation
            matter = [t for t in siblings if t not in _GENERIC]
            context[a.id] = tuple(dict.fromkeys(matter or siblings)) or ("other",)
    return {a.id: tuple(dict.fromkeys([a.topic, *context[a.id], *topics_of(a.text)])) for a in asks}


def handed_over(ask_text: str, escalated: bool) -> bool:
    """In an escalated ticket, an ask the handover to the dedicated group answers (ANSWERED_BY_HANDOVER)."""
    return escalated and bool(ANSWERED_BY_HANDOVER.search(ask_text))


def answered(ask: Ask, topics: Sequence[str], reply: str, escalated: bool = False) -> bool:
    """Whether a reply answers the ask under any of the topics it is about (see `ask_topics`); in a
    ticket that is escalated, «Если не решите, пойду в суд» and «Когда мне ответят?» are answered by a
    reply that hands the case to the dedicated group; «Это нормально?» by one that apologises."""
    if handed_over(ask.text, escalated) and HANDOVER.search(reply):
        return True
    if EVALUATIVE.search(ask.text) and APOLOGY.search(reply):
        return True
    return any(addresses(ask.text, t, reply) for t in topics)
