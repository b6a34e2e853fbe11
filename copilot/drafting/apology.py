"""The apology in a draft's opening: only where the thread shows the marketplace at fault, and naming
the failure — a broken promise restated in our words with its date (a call that never came with its hour,
the manager who never got in touch, a rebooked pickup the courier did not come to), a repeat contact, the
failure a complaint names, goods that came damaged or wrong."""

from __future__ import annotations

import re
from datetime import timedelta

from copilot.analysis.promises import MONEY_WORD, POINTS_WORD
from copilot.text.entities import EN_MONTHS
from copilot.drafting.base import DraftContext
from copilot.drafting.compensation import CREDITED
from copilot.drafting.figures import sent_at
from copilot.drafting.phrases import CAME_ON, CONTACT_SORRY, FAULT_TOPICS, PROMISED, RESCHEDULED, SORRY_TOPIC, TEXT
from copilot.analysis.topics import topics_of
from copilot.drafting.situations import situations


_PAYOUT = re.compile(r"выплат|payout", re.IGNORECASE)
_COURIER = re.compile(r"курьер|courier", re.IGNORECASE)
_VISIT_KINDS = {"reschedule", "pickup", "delivery"}
_GIVE_BACK = re.compile(r"верн|return|back", re.IGNORECASE)


def _action_key(p) -> str:
    """What a promise was, for its wording: «компенсация 11 500 ₽ будет выплачена» is a compensation paid out, «выплата поступит до
    пятницы» a payout, «Баллы вернутся в течение 24 часов» points given back — not money refunded."""
    if p.action == "refund" and _COMPENSATION.search(p.text):
        return "compensation"
    if p.action == "refund" and _PAYOUT.search(p.text):
        return "payout"
    if p.action in ("refund", "points") and POINTS_WORD.search(p.text) and not MONEY_WORD.search(p.text) and _GIVE_BACK.search(p.text):
        return "points_back"
    return p.action


def _promised(p, lang: str) -> str | None:
    """A broken promise said in our words with its day, as it follows «мы обещали…» («вернуть деньги к 12.03»); None for one
    that has no words of its own (a rescheduled visit, an unknown kind)."""
    if p.action == "contact":
        return PROMISED[lang]["call" if _CALL.search(p.text) else "contact"] + _due_phrase(p.due, lang)
    action = PROMISED[lang].get(_action_key(p))
    if not action or p.action == "reschedule":
        return None
    return action + _due_phrase(p.due, lang)


def _broken_sorry(p, ctx: DraftContext, lang: str) -> str | None:
    """The apology for one broken promise, or None when it has no words of our own (the caller quotes it)."""
    t = TEXT[lang]
    action = PROMISED[lang].get(_action_key(p))
    if p.action == "contact":
        said = ctx.ticket.messages[p.message].text if 0 <= p.message < len(ctx.ticket.messages) else p.text
        return _contact_sorry(p.text, said, _due_phrase(p.due, lang), lang)
    if not action:
        return None
    # in our words, never a colleague's first-person sentence quoted back («Подала жалобу…»)
    pickup = re.search(r"забор|возврат|return|pick", p.text, re.IGNORECASE) is not None
    what = RESCHEDULED[lang][0 if pickup else 1]
    if p.action == "reschedule" and (on := _NEW_DATE.search(p.text)) is not None:
        # «Перенесла забор на 12 марта» was done; the courier not coming on the 12th is what broke
        date = next(g for g in on.groups() if g)
        return CAME_ON[lang][0 if pickup else 1].format(on=f" на {date}" if lang == "ru" else f" for {date}")
    return t["sorry_promised"].format(action=action.format(what=what), due=_due_phrase(p.due, lang))


def apology(ctx: DraftContext, lang: str) -> str | None:
    """The apology of the opening, or None where the thread shows no fault of ours: a broken promise in our
    words (what and when), a repeat contact, the failure a complaint names, goods that came damaged or wrong."""
    t = TEXT[lang]
    a = ctx.analysis
    broken = [p for p in a.promises if p.status == "broken"]
    if broken:
        p = broken[0]
        first = _broken_sorry(p, ctx, lang)
        if first is not None:
            # «…свяжутся в течение 3 рабочих дней» and «…отпишусь вам завтра», both broken: each is owned, not only the first
            also: dict[str, str] = {}
            for x in broken[1:]:
                if p.action in _VISIT_KINDS and x.action == "contact" and _COURIER.search(x.text):
                    continue  # «The courier will call you in advance» goes with the visit that did not happen: one failure
                # another kind of promise, or the same kind renewed for a later day («…by June 3», then «…within 3 business days»)
                key = x.action if x.action != p.action else f"{x.action}@{x.due}"
                if (x.action != p.action or (x.due and x.due != p.due)) and key not in also and (phrase := _promised(x, lang)) is not None \
                        and phrase not in also.values():
                    also[key] = phrase
            if not also:
                return first
            return f"{first} {t['sorry_also' if len(also) == 1 else 'sorry_also_many'].format(what=t['and'].join(list(also.values())[:2]))}"
        promise = p.text.rstrip(" .!")
        if len(promise) > 110:
            promise = promise[:107].rsplit(" ", 1)[0] + "…"
        return t["sorry_broken"].format(promise=promise)
    overdue = _answer_overdue(ctx)  # «По второму вопросу уточню» a day and more before the customer's last message
    if overdue and not a.has_flag("repeat_contact"):
        return t["sorry_late_answer"]
    if a.has_flag("repeat_contact"):
        customers = [m.text for m in ctx.ticket.messages if m.role == "customer"]
        missed = next((m for text in reversed(customers) if (m := _MISSED.search(text))), None)
        if missed is not None:
            # «Вы не ответили про баллы!!!»: the reply answered the other question, and missed this one
            what = next(g for g in missed.groups() if g).strip()
            return t["sorry_missed"].format(what=what)
        not_answered = any(_NOT_ANSWERED.search(text) for text in customers)
        if not_answered:
            return t["sorry_repeat"]
        if overdue:
            return t["sorry_late_answer"]
        # «пишу уже третий раз»: the count said back, and the failure itself named when the thread shows one («курьер так и не
        # забрал возврат»), not a bare «писать повторно»
        count = next((m.group(1).lower() for text in reversed(customers) if (m := _COUNT[lang].search(text))), None)
        still = _still_open(ctx)
        again = t["sorry_again_n"].format(n=count) if count else t["sorry_still_open"].format(ask=still) if still else t["sorry_again"]
        failure = _fault_sorry(ctx, lang)
        return f"{again} {failure}" if failure else again
    return _fault_sorry(ctx, lang)


def _answer_overdue(ctx: DraftContext) -> bool:
    """An operator's «уточню» (an open promise to check) given more than 24 hours before the customer's last message, by the
    messages' times: the answer took longer than the support standards' 24 hours, which is a failure to apologise for."""
    messages = ctx.ticket.messages
    last = next((sent_at(m) for m in reversed(messages) if m.role == "customer"), None)
    for p in ctx.analysis.promises:
        if p.status == "open" and p.action == "check" and 0 <= p.message < len(messages):
            given = sent_at(messages[p.message])
            if last is not None and given is not None and last - given > timedelta(hours=24):
                return True
    return False


def _still_open(ctx: DraftContext) -> str | None:
    """The customer's own short question that an operator's reply came after and left open («Когда я получу автокресло?»
    asked first, then «Коляску можно сдать в пункт выдачи»): the failure of a repeat contact, named."""
    messages = ctx.ticket.messages
    for ask in ctx.analysis.open_asks:
        text = ask.text.strip()
        if ask.kind == "question" and text.endswith("?") and len(text) <= 70 \
                and any(m.role == "operator" for m in messages[ask.source_message + 1:]):
            return text[:1].upper() + text[1:]
    return None


# «пишу уже третий раз», "this is the third time I'm writing"
_COUNT = {"ru": re.compile(r"(второй|третий|четв[её]ртый|пятый) раз", re.IGNORECASE),
          "en": re.compile(r"(second|third|fourth|fifth) time", re.IGNORECASE)}


def _fault_sorry(ctx: DraftContext, lang: str) -> str | None:
    """The apology for the failure the thread shows (a complaint's, a courier's, goods damaged or wrong), or None."""
    t = TEXT[lang]
    a = ctx.analysis
    faults = [ask for ask in a.open_asks if ask.topic in FAULT_TOPICS and ask.kind == "complaint"]
    if faults:
        if any(_NO_NOTICE.search(ask.text) for ask in faults):
            return t["sorry_no_notice"]
        if faults[0].topic == "courier_time" and "courier:no_show" in situations(faults[0].text):
            return t["sorry_no_show"]
        return SORRY_TOPIC[lang].get(faults[0].topic, t["sorry_fault"])
    # a courier who never came or broke the window, goods that came broken or wrong: our fault even when the
    # customer only asks what now
    customer = " ".join(m.text for m in ctx.ticket.messages if m.role == "customer")
    said = situations(customer)
    if not a.open_asks:
        return None
    if any(CREDITED.search(m.text) for m in ctx.ticket.messages):
        return None  # «оператор написал, что мне начислили 200 баллов за опоздание курьера»: that failure was made up for already
    if _NO_NOTICE.search(customer):
        return t["sorry_no_notice"]  # «перенесли с 5 мая на 7 мая, я узнала случайно»
    if "fate:unclaimed" in said:
        return t["sorry_unclaimed"]  # «уехал обратно из пвз, я в больнице лежала»: sympathy, no admission of a fault
    if said & {"courier:early", "courier:late"}:
        return SORRY_TOPIC[lang]["courier_time"]  # came at the wrong time (and then left) before never came
    if "courier:no_show" in said:
        return t["sorry_no_show"]
    if ctx.ticket.audience == "buyer" and {"goods:faulty", "where:in_delivery"} <= said:
        said = said | {"goods:damaged"}  # «дверца треснутая, видимо при доставке»: damaged on the way, our fault
    reported = [topic for situation, topic in _OUR_FAULT_GOODS if situation in said]
    if reported:
        return SORRY_TOPIC[lang].get(reported[0])
    thread = " ".join(m.text for m in ctx.ticket.messages)
    if ctx.ticket.audience != "buyer":
        return None  # a seller's goods lost in the warehouse are not an order that never reached the customer
    if "fate:lost" in situations(thread):
        return SORRY_TOPIC[lang]["lost_order"]  # «Служба доставки подтвердила, что посылка утеряна»
    if _CANCELLED.search(thread) and "not_shipped" in topics_of(customer):
        return t["sorry_not_shipped"]  # «Продавец не отправил», and the order was cancelled
    return None


_OUR_FAULT_GOODS = (("goods:damaged", "damaged"), ("goods:wrong", "wrong_item"))
_NO_NOTICE = re.compile(r"без (?:всякого |какого-либо |никакого )?(?:предупреждени|уведомлени)|не предупредил|не уведомил|узнал\w* случайно|"
                        r"никаких уведомлений|уведомлени\w* не (?:было|пришл)|"
                        r"without (?:any )?(?:notice|warning)|not notified|nobody told|found out by (?:chance|accident)|(?:no|never got a|didn't get a) notification",
                        re.IGNORECASE)
_COMPENSATION = re.compile(r"компенсац|compensat", re.IGNORECASE)
_CANCELLED = re.compile(r"отмен(?:или|ён|ен|ила|ил)\b|cancell?ed", re.IGNORECASE)
_NOT_ANSWERED = re.compile(r"не (?:является )?ответ|не ответил\w*|не то,? что я спрашивал|я (?:же )?спрашивал\w* (?:про|о|об)|вопрос был|"
                           r"not an answer|not what i asked|didn't answer|did not answer|i asked (?:about|why|when|how|what)", re.IGNORECASE)


# what the customer says the reply missed: «Вы не ответили про баллы», «про подменную так и не ответили», "you didn't answer about the points"
_ABOUT = r"(?:про|насч[её]т)\s+((?:[а-яё-]+\s+){0,2}[а-яё-]{3,})"
_MISSED = re.compile(r"(?:не ответил\w*|ничего не (?:сказал\w*|написал\w*))\s+(?:мне\s+|нам\s+)?" + _ABOUT + r"(?=[\s.,!?]|$)|"
                     + _ABOUT.replace("{0,2}", "{0,2}?") + r"\s+(?:вы\s+|мне\s+)?(?:так\s+и\s+|опять\s+|снова\s+|ничего\s+)?не ответил|"
                     r"(?:didn't|did not|never) (?:answer|reply|say anything) (?:me )?about\s+((?:the |my )?(?:[a-z-]+\s+){0,1}?[a-z-]{3,})(?=[\s.,!?]|$)",
                     re.IGNORECASE)


_NEW_DATE = re.compile(r"\bна (\d{1,2}(?:\.\d{2}| (?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)))|"
                       r"\b(?:for|to) ((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}|\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December))", re.IGNORECASE)
_CALL = re.compile(r"звон|\bcall", re.IGNORECASE)
_HOUR = re.compile(r"до (\d{1,2}:\d{2})|by (\d{1,2}(?::\d{2})?\s?[ap]\.?m\.?)", re.IGNORECASE)
_WHO = re.compile(r"(?:территориальн\w+ |бренд-)?менеджер\w*|(?:your |the )?(?:account |territory |brand )?manager", re.IGNORECASE)


def _contact_sorry(promise: str, said: str, due: str, lang: str) -> str:
    """The apology for a broken promise to contact the customer, in the promise's own kind: «вам
    перезвонят до 18:00» -> a call that never came, with its hour; «он свяжется» in a message that
    names the territorial manager -> the manager who never did. `said` is the whole message."""
    if _CALL.search(promise):
        if (hour := _HOUR.search(promise)) is not None:
            time_of_day = hour.group(1) or hour.group(2)
            due = f"{due.replace(' к ', ' ')} до {time_of_day}" if lang == "ru" else f" by {time_of_day}{due.replace(' by ', ' on ')}"
        return CONTACT_SORRY[lang]["call"].format(due=due)
    if (m := _WHO.search(promise) or _WHO.search(said)) is not None:
        who = m.group(0).lower()
        if lang == "ru":
            who = re.sub(r"(менеджер)\w*", r"\1", re.sub(r"(территориальн)\w+", r"\1ый", who))
        return CONTACT_SORRY[lang]["manager"].format(who=who if lang == "ru" or who.startswith(("the ", "your ")) else "the " + who, due=due)
    return CONTACT_SORRY[lang]["reply"].format(due=due)


def _due_phrase(due: str | None, lang: str) -> str:
    """« — к 12.03» / " by 12 March" from a promise's ISO due date; nothing for a relative or missing one."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", due or "")
    if not m:
        # «12 июня», "June 3": said as it was promised
        if lang == "ru" and re.fullmatch(r"\d{1,2} [а-яё]+", due or ""):
            return f" к {due}"
        if lang == "en" and (md := re.fullmatch(r"([A-Z][a-z]+) (\d{1,2})", due or "")):
            return f" by {md.group(2)} {md.group(1)}"  # "June 3" as the drafts say days: "by 3 June"
        if lang == "en" and re.fullmatch(r"\d{1,2} [A-Z][a-z]+", due or ""):
            return f" by {due}"
        return ""
    return f" к {m.group(3)}.{m.group(2)}" if lang == "ru" else f" by {int(m.group(3))} {EN_MONTHS[int(m.group(2)) - 1]}"


# «Seller says it's not their problem», «продавец игнорирует меня 5 дней»: the buyer is not sent back to the seller —
# Yarmarka took the payment and answers for the deal (the wrong-item and defective-goods policies say so)
SELLER_REFUSED = re.compile(r"(?:seller|продав\w*)[^.!?]{0,30}(?:not (?:their|his|her|its) problem|ignor\w*|refus\w*|won't (?:help|answer|reply)|doesn't (?:answer|reply)|"
                             r"не отвечает|не ответил\w*|молчит|игнорир\w*|отказ\w*|отказыва\w*|не (?:его|их) (?:проблема|вопрос)|футбол\w*|отправля\w* (?:к вам|в поддержку)|"
                             r"(?:говорит|пишет|сказал\w*),? (?:что )?(?:обращайтесь|пишите|идите) (?:в поддержку|к вам|на маркетплейс))|"
                             r"(?:ignored|refused) by the seller|"
                             # «Продавец пишет, что это я их испортила»: the seller blames the buyer
                             r"продав\w*[^.!?]{0,15}(?:пишет|говорит|утверждает|считает),? что (?:это )?(?:я|мы)\b|seller (?:says|claims|insists) (?:that )?(?:i\b|it was me|it's my fault)", re.IGNORECASE)
# «Вы мне сейчас тоже скажете что вы просто витрина?», "Are you going to tell me you're just a platform?": the opening that says
# Yarmarka answers for the order answers it
STOREFRONT = re.compile(r"(?:просто|всего лишь|только) (?:витрин\w*|площадк\w*|посредник\w*)|just (?:a |the )?(?:platform|storefront|marketplace|middleman)", re.IGNORECASE)
_NOT_THE_SELLER = {
    "ru": "Разбираться с продавцом вам не нужно: за заказ перед вами отвечает Ярмарка, и разбирается она сама.",
    "en": "You do not need to deal with the seller: Yarmarka answers to you for the order and sorts this out itself.",
}
_NOT_THE_SELLER_SECTIONS = {
    ("ru", "goods:wrong"): ("buyer/wrong-item", "Ярмарка отвечает за заказ, а не только продавец"),
    ("en", "goods:wrong"): ("buyer/en/wrong-item", "Who is responsible when the buyer received the wrong item"),
    ("ru", "goods:faulty"): ("buyer/defective-goods", "Что оператор может обещать по товару с браком"),
    ("en", "goods:faulty"): ("buyer/en/defective-goods", "What the operator may and may not promise about defective goods"),
}


def not_the_seller(ctx: DraftContext, lang: str) -> tuple[str, tuple[str, str]] | None:
    """For a buyer whose seller refused or ignored them over a wrong or faulty item: that they need not deal with the
    seller, and the section that says so; None otherwise."""
    customer = " ".join(m.text for m in ctx.ticket.messages if m.role == "customer")
    if ctx.ticket.audience != "buyer" or lang not in _NOT_THE_SELLER or not SELLER_REFUSED.search(customer):
        return None
    said = situations(customer)
    section = next((_NOT_THE_SELLER_SECTIONS[(lang, s)] for s in ("goods:wrong", "goods:faulty") if s in said and (lang, s) in _NOT_THE_SELLER_SECTIONS), None)
    return (_NOT_THE_SELLER[lang], section) if section else None
