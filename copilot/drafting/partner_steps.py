"""Steps for partners (`next_step.step_for` tries them with the others): when the payout comes, worked out for
this ticket's date, how a fine is disputed (and where its evidence goes), where the deductions are listed, a
seller's late-handover fine worked out for the order, how long the partners' e-mail takes, the time to fix
what an inspection found and when its report is due, a dispute already filed (its decision day, a deduction made
during it), a dispute refused (the appeal and its last day), a camera recording to save, and a pickup point's
managers (their visits, a complaint, who helps while they are silent). Sellers' own steps are in seller_steps.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

from copilot.domain import Ask, Message
from copilot.drafting.figures import (add_business_days, dated_clause, filed_date, handed_out_date, last_and_next, last_customer_day, late_fine,
                                     on_weekday, say_date, today_of, when_said)
from copilot.drafting.situations import situations
from copilot.drafting.step import ANSWER_LATER, TERM_ASK, WHAT_TO_DO, Step

# «Когда следующая выплата?», «выплата не пришла, когда ждать?», "when exactly are owner payouts made?": the
# partner's weekly payday, and for this ticket the next one, today's, or the one that has passed without the money
_PAYOUT_ASK = re.compile(r"когда\b[^?.!]{0,25}(?:выплат\w*|придут деньги|ждать)|следующ\w* выплат|(?:какого числа|в какой день)[^?.!]{0,25}выплат|за какой период|"
                         r"when\b[^?.!]{0,30}payouts?\b|payout (?:day|schedule|date)|next payout|when will (?:the|my) (?:money|payout)", re.IGNORECASE)
_PAYOUT_THREAD = re.compile(r"выплат|payout", re.IGNORECASE)
_NOT_PAID = re.compile(r"(?:выплат\w*|деньги)[^.!?]{0,30}не (?:пришл|пришёл|поступил|было)|не (?:пришл|поступил)\w*[^.!?]{0,15}выплат|нет выплат|"
                       r"(?:payout|money)[^.!?]{0,30}(?:has not|hasn't|did not|didn't|never) (?:arrived|come|come in)|(?:didn't|did not|haven't|have not) (?:see|seen|get|got|receive[d]?)\b",
                       re.IGNORECASE)
_PAYDAY = {"seller": 2, "pickup_point": 1}
_PAYOUT = {
    ("ru", "seller"): ("Выплаты продавцам проводятся раз в неделю, каждую среду: сумма за проданные и доставленные покупателям товары за закрытую неделю "
                       "перечисляется в ближайшую среду, а дальше срок зачисления зависит от вашего банка.",
                       "seller/payouts", "График выплат продавцам: каждая среда", "«Выплата не пришла»: что проверить", "«Кабинете продавца»"),
    ("ru", "pickup_point"): ("Выплаты владельцам пунктов выдачи проводятся раз в неделю, каждый вторник, за предыдущую неделю работы — с понедельника по воскресенье; "
                             "дальше срок зачисления зависит от вашего банка.",
                             "pickup-point/payouts", "График выплат: каждый вторник", "«Выплата не пришла»: что делать", "«Кабинете партнёра»"),
    ("en", "seller"): ("Payouts to sellers are made once a week, every Wednesday: the amount for goods sold and delivered in a closed week is transferred "
                       "on the next Wednesday, and after that the time to reach your account depends on your bank.",
                       "seller/en/payouts", "Seller payout schedule: every Wednesday", "\"My payout has not arrived\": what to check", "the Seller Account"),
    ("en", "pickup_point"): ("Payouts to pickup point owners are made once a week, every Tuesday, for the previous week of work, Monday to Sunday; after that, "
                             "the time to reach your account depends on your bank.",
                             "pickup-point/en/payouts", "Payout schedule: every Tuesday", "\"My payout has not arrived\": what to do", "the Partner Account"),
}
_PAYOUT_WHEN = {
    "ru": {"today": "Сегодня как раз день выплаты: деньги за прошлую неделю отправляются сегодня.",
           "next": "Следующая выплата — {day}.",
           "missed": "Выплата за прошлую неделю должна была прийти {day}. Проверьте статус выплаты и реквизиты в {portal}: если статус «Отправлено», "
                     "а денег нет больше двух рабочих дней, запросите информацию в своём банке; в остальных случаях мы проверим выплату и сообщим причину в этом чате."},
    "en": {"today": "Today is the payout day: the money for last week is sent today.",
           "next": "The next payout is {day}.",
           "missed": "Last week's payout was due {day}. Please check the payout status and bank details in {portal}: if the status is \"Sent\" but the money has "
                     "not arrived for more than two business days, ask your bank; otherwise we will check the payout and tell you the cause in this chat."},
}


def payout_step(ask: Ask, customer_text: str, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """The partner's payday for an ask about when the payout comes, with the date for this ticket when the
    message's date (or «сегодня среда») is known: today, the next one, or the one that passed without the money."""
    if (lang, audience) not in _PAYOUT or not _PAYOUT_ASK.search(ask.text) or not _PAYOUT_THREAD.search(f"{ask.text} {customer_text}"):
        return None
    rule, doc, schedule, missing, portal = _PAYOUT[(lang, audience)]
    sections = [(doc, schedule)]
    today, weekday = today_of(messages, lang)
    if weekday is None:
        return Step(key="payout", text=rule, sections=tuple(sections))
    payday = _PAYDAY[audience]
    last, upcoming, back, _ = last_and_next(today, weekday, payday)
    when = _PAYOUT_WHEN[lang]
    if back == 0:
        said = when["today"]
    elif _NOT_PAID.search(customer_text) and back <= 2:
        yesterday = "вчера, " if lang == "ru" and back == 1 else "yesterday, " if back == 1 else ""
        said = when["missed"].format(day=yesterday + on_weekday(last, payday, lang), portal=portal)
        sections.append((doc, missing))
    else:
        said = when["next"].format(day=on_weekday(upcoming, payday, lang))
    return Step(key="payout", text=f"{rule} {said}", sections=tuple(sections))


# «Можно ли оспорить?», «Как их все оспорить разом?», «Как их снять?» from a partner with a fine: where and by when
# a dispute is filed, one per fine, and that a fine under dispute is not deducted
_DISPUTE_ASK = re.compile(r"(?:как|можно|каким образом|где|куда)\b[^?.!]{0,30}(?:оспор\w*|снять|отменить|убрать)|(?:оспор\w*|снять|отменить)[^?.!]{0,20}\bкак\b|"
                          r"(?:как|куда|где)\s+(?:\w+\s+)?(?:подать|приложить|отправить|загрузить|передать|прислать)\s+(?:\w+\s+)?(?:запис\w*|видео\w*|доказательств\w*|фото\w*)|"
                          r"(?:how|can i|can we|is it possible|where)\b[^?.!]{0,30}(?:dispute|appeal|challenge|contest|remove|cancel)|"
                          # «Если не отмените, пойду в суд»: what the customer wants is the fine cancelled — the way to dispute it answers
                          r"если (?:вы )?не (?:отмените|снимете|уберёте|уберете)|if you (?:don't|do not) (?:cancel|remove|waive)", re.IGNORECASE)
# appealing a decision, a written claim, a dispute already filed or lost: their own sections
_DISPUTE_OTHER = re.compile(r"решени|decision|претензи|claim|обжал|appeal", re.IGNORECASE)
_DISPUTED = re.compile(r"(?:уже |мы |я )оспорил\w*|оспорил\w* штраф|оспаривание (?:мы )?уже|спор (?:на рассмотрении|отклон)|получили отказ|already disputed|disputed (?:it|the fine)|dispute was (?:rejected|declined)",
                       re.IGNORECASE)
_FORCE_MAJEURE = re.compile(r"форс-?мажор|затоп|пожар|авари|наводнен|отключ\w* (?:свет|электр)|force majeure|flood|fire\b|power cut", re.IGNORECASE)
# what proves the ground the seller names: documents for force majeure, screenshots for a system error, the chat for a buyer's request
_PROOF = [(_FORCE_MAJEURE, "документы о форс-мажоре"),
          (re.compile(r"сбо[йяе]|ошибк\w* (?:систем|синхрон|сайт)|синхронизац", re.IGNORECASE), "скриншоты ошибки системы"),
          (re.compile(r"покупател\w* (?:сам\w* )?(?:попросил|просил)", re.IGNORECASE), "переписку с покупателем, где он просит отменить заказ"),
          # a pickup point's own recording: the camera shows what happened at the counter (during a mystery shopper's visit, that visit)
          (re.compile(r"(?:тайн\w* покупател|проверк)\w*[^.!?]*[.!?]?[^.!?]*(?:запис\w* (?:с )?камер|видеозапис)", re.IGNORECASE),
           "запись с камеры за время проверки"),
          (re.compile(r"запис\w* (?:с )?камер\w*|видеозапис\w*|запись с видеонаблюдения", re.IGNORECASE), "запись с камеры, которая у вас есть")]
_FINE_THREAD = re.compile(r"штраф|удержани|выписал\w* (?:\w+ )?\d|fine[sd]?\b|penalt|deduct", re.IGNORECASE)
_EXEMPT = {"ru": ("Штраф за отмену не применяется, если отмена вызвана форс-мажором, подтверждённым документами.",
                  ("seller/cancellation-fines", "Когда штраф за отмену не начисляется"))}
_CAN_I = re.compile(r"^\W*(?:а\s+|и\s+)?(?:можно|можем|могу|can (?:i|we)|is it possible)", re.IGNORECASE)
_SEVERAL = re.compile(r"\b(?:все|всех|их|разом|несколько|сразу|каждый|all|several|each|them)\b", re.IGNORECASE)
_DISPUTE = {
    ("ru", "pickup_point"): ("Да, штраф можно оспорить.",
                             "Штраф оспаривается в «Кабинете партнёра»: откройте уведомление о штрафе и нажмите «Оспорить» — в течение 14 календарных дней с даты "
                             "уведомления. В форме опишите, почему вы не согласны, и приложите доказательства{proof}.",
                             "Один штраф — один спор: если штрафов несколько, подайте отдельный спор по каждому.",
                             "Пока спор рассматривается (до 10 рабочих дней), штраф не удерживается из выплаты.",
                             (("pickup-point/fine-disputes", "Как оспорить штраф в «Кабинете партнёра»"),
                              ("pickup-point/fine-disputes", "Сроки рассмотрения спора и удержание штрафа"))),
    ("en", "pickup_point"): ("Yes, you can dispute the fine.",
                             "A fine is disputed in the Partner Account: open the fine notice and press \"Dispute\" within 14 calendar days of the notice. "
                             "In the form, explain why you disagree and attach evidence.",
                             "One fine, one dispute: if there are several fines, file a separate dispute for each.",
                             "While the dispute is under review (up to 10 business days), the fine is not deducted from your payout.",
                             (("pickup-point/en/fine-disputes", "How to dispute a fine in the Partner Account"),
                              ("pickup-point/en/fine-disputes", "Review time and deduction of the fine"))),
    ("ru", "seller"): ("Да, штраф можно оспорить.",
                       "Штраф за отмену оспаривается через «Кабинет продавца» в течение 14 дней с даты начисления: в заявке укажите номер заказа и причину, "
                       "по которой штраф не должен применяться, и приложите подтверждение{proof}.",
                       "",
                       "Если основание подтверждено, штраф отменяется, а удержанная сумма возвращается с ближайшей выплатой.",
                       (("seller/cancellation-fines", "Как оспорить штраф за отмену"),)),
}


def dispute_step(ask: Ask, happened: frozenset[str], thread_text: str, lang: str, audience: str) -> Step | None:
    """How a partner disputes a fine: for a pickup point, through «Оспорить» within 14 days, one dispute per fine;
    for a seller, a cancellation fine through the Seller Account. A plain «да» first when the ask is «можно ли?»."""
    if (lang, audience) not in _DISPUTE or not _DISPUTE_ASK.search(ask.text) or _DISPUTE_OTHER.search(ask.text) or not _FINE_THREAD.search(thread_text) \
            or _DISPUTED.search(thread_text):
        return None
    if audience == "seller" and "fine:cancel" not in happened | situations(thread_text):
        return None  # a seller's other fines are disputed in their own ways
    yes, how, several, meanwhile, sections = _DISPUTE[(lang, audience)]
    proof = next((f" — {what}" for pattern, what in _PROOF if pattern.search(thread_text)), "") if lang == "ru" else ""
    parts = [yes if _CAN_I.search(ask.text) else "", how.replace("{proof}", proof), several if _SEVERAL.search(ask.text) else "", meanwhile]
    if audience == "seller" and lang in _EXEMPT and _FORCE_MAJEURE.search(thread_text):
        # «затопило склад, пришлось отменить 9 заказов»: the ground first, then how to claim it
        exempt, section = _EXEMPT[lang]
        parts, sections = [exempt, *parts[1:]], (section, *sections)
    return Step(key="dispute", text=" ".join(p for p in parts if p), sections=sections)



# «За что удержания?», «Где посмотреть, из чего складываются удержания?», "why was money deducted?": the report
# that lists every deduction with its order or document
_DEDUCTIONS_ASK = re.compile(r"за что (?:\w+ )?(?:удерж|списа)|из чего складыва\w*[^?.!]{0,20}удержани|где (?:посмотреть|увидеть|найти)[^?.!]{0,40}удержани|"
                             r"почему (?:\w+ )?(?:списали|удержали)|расшифровк\w* удержани|"
                             r"what (?:are|were) (?:the |these )?deductions|why (?:was|were|did)[^?.!]{0,30}deduct|breakdown of (?:the )?deductions", re.IGNORECASE)
_DEDUCTIONS = {
    ("ru", "seller"): ("В отчёте по выплате в «Кабинете продавца» все удержания расписаны по строкам — комиссия, логистика и хранение, штрафы, "
                       "возвраты покупателей, — и у каждого есть номер заказа или документа, так что любую сумму можно проверить. Если какая-то "
                       "строка непонятна, пришлите её сюда — разберём её с вами.", ("seller/payouts", "Отчёт по выплате и удержания")),
    ("en", "pickup_point"): ("The statement for each payout in the Partner Account lists the fines deducted with the number and grounds of each, and "
                             "every deduction links to the fine notice or to a document. If a line is unclear, send it here and we will go through it "
                             "with you.", ("pickup-point/en/payouts", "The payout statement in the Partner Account")),
    ("ru", "pickup_point"): ("Выписка по каждой выплате публикуется в «Кабинете партнёра»: в ней отражены удержанные штрафы с номером и основанием "
                             "каждого, и у каждого удержания есть ссылка на уведомление о штрафе или на документ. Если какая-то строка непонятна, "
                             "пришлите её сюда — разберём её с вами.", ("pickup-point/payouts", "Выписка по выплате в «Кабинете партнёра»")),
    ("en", "seller"): ("The payout report in the Seller Account lists every deduction on its own line — commission, logistics and storage, fines, "
                       "buyer returns — each with an order or document number, so any amount can be checked. If a line is unclear, send it here "
                       "and we will go through it with you.", ("seller/en/payouts", "The payout report and deductions")),
}


# «в отчёте появилась строка «Удержание — прочее» 12 300 ₽ без всякой расшифровки. Что это такое?»: «это» is the deduction just named
_WHAT_IS_IT = re.compile(r"^(?:(?:а|и|так)\s+)?(?:что это(?: такое)?|что за (?:строка|удержание|списание)|what is (?:it|this|that))\W*$", re.IGNORECASE)
_DEDUCTION_NAMED = re.compile(r"удержани\w*|списани\w*|deduction", re.IGNORECASE)


def deductions_step(ask: Ask, lang: str, audience: str, customer_text: str = "", before: str = "") -> Step | None:
    """Where a partner sees what was deducted and why: the payout report, line by line — opened, not only its total, for one who
    says the report shows only the total; and «За что удержания?» about their own deductions gets a note for the operator to read
    the lines in the report before sending (the operator can, and explains each)."""
    named = bool(_WHAT_IS_IT.match(ask.text) and _DEDUCTION_NAMED.search(before[-200:]))
    if (lang, audience) not in _DEDUCTIONS or not (_DEDUCTIONS_ASK.search(ask.text) or named):
        return None
    text, section = _DEDUCTIONS[(lang, audience)]
    if lang == "ru" and audience == "seller" and _ONLY_TOTAL.search(customer_text):
        text = _OPEN_REPORT
    note = _DEDUCTIONS_NOTE.get(lang, "") if _WHY_DEDUCTED.search(ask.text) or named else ""
    return Step(key="deductions", text=text, sections=(section,), note=note)


# «в отчёте вижу только итоговую сумму»: the lines are in the report itself, opened for the week
_ONLY_TOTAL = re.compile(r"только (?:\w+ )?(?:итогов\w*|общ\w*) (?:сумм\w*|цифр\w*)|only (?:the )?total", re.IGNORECASE)
_OPEN_REPORT = ("Расшифровка — в самом отчёте по выплате: в «Кабинете продавца» откройте отчёт за нужную неделю, а не только итоговую сумму, — "
                "там все удержания расписаны по строкам (комиссия, логистика и хранение, штрафы, возвраты покупателей), и у каждого есть номер "
                "заказа или документа, так что любую сумму можно проверить. Если какая-то строка непонятна, пришлите её сюда — разберём её с вами.")
_WHY_DEDUCTED = re.compile(r"за что|почему|why", re.IGNORECASE)
_DEDUCTIONS_NOTE = {
    "ru": "[Оператору: до отправки откройте отчёты по выплатам, о которых пишет клиент, и впишите в ответ, из каких строк сложились удержания "
          "(вид, номер заказа или документа, сумма); удержание, которое клиент оспаривает, объясните по его основанию.]",
    "en": "[To the operator: before sending, open the payout reports the customer writes about and add which lines the deductions are made of "
          "(kind, order or document number, amount); explain any deduction the customer disputes by its grounds.]",
}


# «Кнопка «Открыть спор» уже третий день выдаёт ошибку 500, скрины прилагаю … Продлите срок или примите спор прямо здесь», «кнопка «Оспорить»
# серая, не нажимается», "the upload limit is 4 GB": the portal fails the partner on a deadline — we record it today with their screenshots and
# hand it to the dedicated group; extending the term or taking the dispute in chat is theirs to decide
_BUTTON_BROKEN = re.compile(r"(?:кнопк\w*|«оспорить»|«открыть спор»|форм\w*)[^.!?]{0,40}(?:ошибк\w*|не нажима\w*|не работа\w*|сер(?:ая|ый|ую)|неактивн\w*|не загружа\w*)|"
                            r"ошибк\w* \d{3}|(?:button|form|upload)[^.!?]{0,40}(?:error|doesn't work|does not work|greyed out|grayed out|disabled|fails|limit|doesn't take|won't take|does not take)|"
                            r"error \d{3}|(?:файл|видео|запис\w*)[^.!?]{0,30}не (?:загружа|принима)\w*", re.IGNORECASE)
_AROUND_BROKEN = re.compile(r"продл\w*|прими\w*|примете|последний день|срок\w* (?:истека|заканчива)\w*|deadline|last day|как (?:\w+ )?(?:оспорить|подать|отправить|загрузить)|что (?:мне |нам )?делать|extend|accept|how (?:do|can) (?:i|we) (?:send|upload|submit|dispute)|"
                            r"ошибк|не нажима|серая|не работа|error|greyed|grayed", re.IGNORECASE)
_BUTTON_BROKEN_TEXT = {
    "ru": ("Раз в кабинете это сделать не получается, мы фиксируем ваше обращение сегодня — с датой, номером заказа и тем, что вы прислали, — и сегодня же "
           "передаём его в выделенную группу вместе с вашими доказательствами. Продлить срок или принять спор в чате мы сами не можем: "
           "это решает выделенная группа, но обращение, поданное до конца срока, у неё будет."),
    "en": ("Since the account will not let you do this, we are recording your request today — with the date, the order number and what you "
           "sent — and passing it to the dedicated group today with your evidence. We cannot extend the deadline or accept the dispute "
           "in chat ourselves: that is for the dedicated group, but it will have your request filed before the deadline."),
}


def button_broken_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A partner's portal that fails them on a dispute deadline: recorded today with their screenshots and handed over; nothing promised."""
    if audience not in ("seller", "pickup_point") or lang not in _BUTTON_BROKEN_TEXT or not _BUTTON_BROKEN.search(customer_text) \
            or not _AROUND_BROKEN.search(ask.text):
        return None
    section = (("seller/returns-to-seller", "Что оператор может обещать по возвратам") if audience == "seller" and lang == "ru" else
               ("seller/en/returns-to-seller", "What the operator may promise about returns") if audience == "seller" else
               ("pickup-point/fine-disputes", "Если срок на оспаривание пропущен") if lang == "ru" else
               ("pickup-point/en/fine-disputes", "If the dispute deadline has been missed"))
    return Step(key="button_broken", text=_BUTTON_BROKEN_TEXT[lang], sections=(section,))


# «Я лежала в больнице и не успела оспорить, а теперь кнопки «Оспорить» уже нет. Как мне теперь вернуть эти деньги?»: the 14 days are
# over, and a deadline missed for a reason beyond the partner goes to the dedicated group with its proof, nothing promised
_MISSED_DISPUTE = re.compile(r"(?:кнопк\w* «?оспорить»? (?:уже )?(?:нет|пропал\w*|исчез\w*|недоступн\w*|неактивн\w*))|не успел\w* оспорить|пропустил\w* срок|"
                             r"срок\w* (?:на )?(?:оспаривани\w* )?(?:уже )?(?:прошёл|прошел|прошли|истёк|истек)|dispute button (?:is )?(?:gone|unavailable)|missed the deadline", re.IGNORECASE)
_GET_BACK = re.compile(r"вернуть (?:\w+ )?(?:деньги|сумму)|оспорить|отменить|снять|что (?:мне )?(?:теперь )?делать|get (?:the|my) money back|dispute|what can i do", re.IGNORECASE)
_MISSED_PROOF = (("письм\w* (?:от )?управляющ", "письмо управляющей компании"), ("больничн", "больничный"), ("справк", "справку"),
          ("скрин", "скриншоты"), ("акт", "акт"))
_MISSED_DISPUTE_TEXT = ("14 календарных дней на оспаривание прошли, поэтому кнопки «Оспорить» больше нет. Но если срок пропущен по причине, от вас "
                        "не зависевшей, мы фиксируем обращение и сегодня же передаём его в выделенную группу{proof}; примут ли спор после срока, "
                        "решает она, и обещать этого заранее мы не можем.")


def missed_dispute_step(ask: Ask, customer_text: str, lang: str, audience: str) -> Step | None:
    """A pickup point's fine whose 14 days to dispute are over: no button, and a deadline missed for a reason beyond the partner goes
    to the dedicated group with the proof the partner names, with nothing promised."""
    if audience != "pickup_point" or lang != "ru" or not _MISSED_DISPUTE.search(customer_text) or not _FINE_THREAD.search(customer_text) \
            or not _GET_BACK.search(ask.text):
        return None
    named = [said for pattern, said in _MISSED_PROOF if re.search(pattern, customer_text, re.IGNORECASE)]
    proof = f" вместе с тем, что подтверждает причину, — {', '.join(named[:-1]) + ' и ' + named[-1] if len(named) > 1 else named[0]}" if named else ""
    return Step(key="missed_dispute", text=_MISSED_DISPUTE_TEXT.format(proof=proof), sections=(("pickup-point/fine-disputes", "Если срок на оспаривание пропущен"),))


# «В выписке строка «штраф за нарушение сроков хранения». Какие сроки мы нарушили?», "What did we violate?": a pickup point's
# fine is grounded in its notice — what, when, which order — and the operator reads that notice before sending
_FINE_GROUNDS_ASK = re.compile(r"за что (?:\w+ )?(?:штраф\w*|оштрафовал\w*)|что (?:именно )?(?:мы|я) нарушил\w*|какие (?:\w+ )?(?:сроки|правила|нарушени\w*|требовани\w*) (?:мы |я )?(?:нарушил\w*|не соблюдал\w*)|"
                               r"почему (?:нас|меня) оштрафовал\w*|в чём (?:наше |моё )?нарушени|what (?:did|have) (?:we|i) (?:violate|break|do wrong)|why (?:were|was) (?:we|i) fined|"
                               r"what (?:is|was) the fine for", re.IGNORECASE)
_FINE_GROUNDS = {
    "ru": ("О каждом штрафе в «Кабинете партнёра» приходит уведомление: какое нарушение, когда, сумма и подтверждение — номер заказа, отчёт о "
           "проверке или выдержка из жалобы. Если уведомления нет, а сумма появилась в выписке по выплате, мы проверим, откуда удержание, и "
           "объясним его основание.", ("pickup-point/fines", "Как партнёр узнаёт о штрафе")),
    "en": ("For each fine, a notice comes to your Partner Account: the violation, its date, the amount and the supporting materials — an order "
           "number, an inspection report or an excerpt from a complaint. If there is no notice but the amount appeared in the payout statement, "
           "we will check where the deduction came from and explain its grounds.", ("pickup-point/en/fines", "How the partner learns about a fine")),
}
_FINE_GROUNDS_NOTE = {
    "ru": "[Оператору: до отправки откройте уведомление о штрафе или строку выписки и впишите в ответ нарушение, дату и номер заказа или "
          "отчёта; если уведомления нет — оставьте абзац как есть.]",
    "en": "[To the operator: before sending, open the fine notice or the statement line and add the violation, its date and the order or report "
          "number; if there is no notice, keep the paragraph as it is.]",
}


def fine_grounds_step(ask: Ask, thread_text: str, lang: str, audience: str) -> Step | None:
    """What a pickup point was fined for: the notice that names it, with a note for the operator to read it before sending."""
    if audience != "pickup_point" or lang not in _FINE_GROUNDS or not _FINE_GROUNDS_ASK.search(ask.text) or not _FINE_THREAD.search(thread_text):
        return None
    text, section = _FINE_GROUNDS[lang]
    return Step(key="fine_grounds", text=text, sections=(section,), note=_FINE_GROUNDS_NOTE[lang])


# «Опоздал с отгрузкой на 3 дня, заказ на 18 000, сняли 1 080 — за что столько? Какой максимум?»: the late-handover
# fine, worked out for this order
_FINE_WHY = re.compile(r"за что|почему|сколько|максимум|предел|как (?:\w+ )?(?:посчита|рассчита|считают|считается)|"
                       r"why|how much|maximum|\bmax\b|how (?:is|was) (?:it|this|the fine) calculated", re.IGNORECASE)
_LATE_FINE = {
    "ru": ("За передачу заказа в доставку позже 48 часов начисляется штраф 2% стоимости заказа за каждый день просрочки, но не больше "
           "10% стоимости заказа.", (("seller/shipment-deadlines", "Штраф за позднюю передачу: 2% в день, максимум 10%"),
                                     ("seller/shipment-deadlines", "Срок передачи заказа — 48 часов"))),
    "en": ("An order handed over to delivery later than 48 hours is fined 2% of the order value for each day of delay, but no more than "
           "10% of the order value.", (("seller/en/shipment-deadlines", "Late handover fine: 2% a day, at most 10%"),
                                       ("seller/en/shipment-deadlines", "The handover deadline is 48 hours"))),
}


def late_fine_step(ask: Ask, thread_text: str, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """A seller's late-handover fine: the rule, and what it makes for this order when the seller names the order
    amount and the days late; «какой максимум?» then points at the same paragraph."""
    if audience != "seller" or lang not in _LATE_FINE or not _FINE_WHY.search(ask.text) or "fine:late_shipment" not in situations(thread_text):
        return None
    rule, sections = _LATE_FINE[lang]
    figure = late_fine(messages, lang)
    return Step(key="late_fine", text=f"{rule} {figure}" if figure else rule, sections=sections)


# «На почту сколько ждать ответа?», "How long does an email take?": the partners' e-mail answers within 24 hours
_EMAIL_ASK = re.compile(r"(?:почт|e-?mail|письм)\w*[^?.!]{0,30}(?:сколько|когда|как долго|срок)|(?:сколько|когда|как долго)[^?.!]{0,30}(?:почт|e-?mail|письм)|"
                        r"(?:email|e-mail)[^?.!]{0,30}(?:how long|when)|(?:how long|when)[^?.!]{0,40}(?:email|e-mail)", re.IGNORECASE)
_EMAIL = {
    ("ru", "pickup_point"): ("На письмо на partners@yarmarka.example ответ приходит в течение 24 часов. В письме укажите номер пункта, ФИО владельца, "
                             "суть вопроса и номера заказов, если они есть; если ответа нет дольше 24 часов, напишите в чат со ссылкой на письмо.",
                             ("pickup-point/support-channels", "E-mail partners@yarmarka.example")),
    ("en", "pickup_point"): ("Emails to partners@yarmarka.example are answered within 24 hours. Give the pickup point number, the owner's full name, "
                             "the question and any order numbers.", ("pickup-point/en/support-channels", "Email partners@yarmarka.example")),
}


def email_step(ask: Ask, lang: str, audience: str) -> Step | None:
    """How long the partners' e-mail takes to answer, for «на почту сколько ждать ответа?»."""
    if (lang, audience) not in _EMAIL or not _EMAIL_ASK.search(ask.text):
        return None
    text, section = _EMAIL[(lang, audience)]
    return Step(key="email", text=text, sections=(section,))


# «Сколько у меня времени на исправление? Будет повторная проверка? Если не успею, что будет?» after an inspection:
# 2 business days for safety and signs, 5 for the rest; then a re-inspection, and a fine if it is not fixed
_FIX_TERM_ASK = re.compile(r"(?:сколько|какой) (?:\w+ ){0,2}(?:времени|срок)[^?.!]{0,20}(?:исправ|устран)|срок\w* (?:на )?(?:исправлени|устранени)|"
                           r"how (?:long|much time)[^?.!]{0,30}(?:fix|correct|remedy)", re.IGNORECASE)
_REINSPECTION_ASK = re.compile(r"повторн\w* проверк|(?:если|а если) не успе\w*|что будет,? если не|re-?inspection|what (?:happens|if) if (?:i|we) (?:don't|do not|can't) (?:fix|make it)",
                               re.IGNORECASE)
_SAFETY = re.compile(r"огнетушител|эвакуац|пожар|освещени|вывеск|табличк|fire extinguisher|emergency exit|lighting|sign\b|signage", re.IGNORECASE)
# the findings the owner lists: «2 нарушения — нет таблички с режимом работы на входе и огнетушитель просрочен»
_FINDINGS = re.compile(r"\d*\s*нарушени\w*\s*(?:[—–:-]|:\s*)\s*([^.!?]+)", re.IGNORECASE)


def _violations(customer_text: str) -> list[str]:
    """The violations the owner lists after «нарушения —», each as said; [] when there is no such list."""
    m = _FINDINGS.search(customer_text)
    if m is None:
        return []
    parts = [p.strip(" ,;«»") for p in re.split(r",\s*|;\s*|\s+и\s+(?=(?:нет|не\s|отсутств|просроч|огнетушит|вывеск|табличк|[а-яё]+\s+(?:просроч|сломан|не\s)))", m.group(1))]
    return [p for p in parts if len(p.split()) >= 2]


_REPORT_WHEN = re.compile(r"когда (?:\w+ )?(?:появ\w+|опубликуют|будут|придут|выложат)", re.IGNORECASE)
_VISIT = re.compile(r"провер\w*|визит\w*|(?:был|приезжал|приходил)\w* у нас", re.IGNORECASE)
_REPORT_TEXT = {"due": "Результат проверки публикуется в «Кабинете партнёра» в течение 2 рабочих дней после визита: проверка была {visit}, "
                       "значит, отчёт должен появиться не позднее {due}.",
                "late": "Этот срок уже прошёл — простите за задержку. Мы уточним статус отчёта и сообщим его вам в этом чате в течение 24 часов.",
                "wait": "Если к этому дню отчёта не будет, напишите нам — мы уточним его статус."}
_INSPECTION = {
    "ru": {"safety": "Для нарушений безопасности и вывесок — такие есть в вашем отчёте — срок исправления 2 рабочих дня после получения результата "
                     "в «Кабинете партнёра»; другие нарушения исправляются в течение 5 рабочих дней. Исправив нарушение, приложите фото к отчёту в портале.",
           "all_safety": "{which} к безопасности и вывескам, поэтому на исправление даётся 2 рабочих дня после получения результата в «Кабинете "
                         "партнёра» (для прочих нарушений — 5 рабочих дней). Когда исправите, приложите фото к отчёту в портале.",
           "mixed": "Нарушения безопасности и вывесок — у вас это {safe} — исправляются за 2 рабочих дня после получения результата в «Кабинете "
                    "партнёра», остальные — у вас это {rest} — за 5 рабочих дней. Когда исправите, приложите фото к отчёту в портале.",
           "other": "Нарушения исправляются в течение 5 рабочих дней после получения результата в «Кабинете партнёра», а нарушения безопасности "
                    "и вывесок — за 2 рабочих дня. Исправив нарушение, приложите фото к отчёту в портале.",
           "again": "После срока на исправление пункт выдачи проходит повторную проверку — очно или по фотоотчёту, если замечание незначительное. "
                    "Если нарушение устранено, оно закрывается в отчёте; если нет, может быть назначен штраф по правилам и установлен новый срок.",
           "term_section": ("pickup-point/inspections", "Сроки исправления нарушений после проверки"),
           "again_section": ("pickup-point/inspections", "Повторная проверка")},
}


def inspection_step(ask: Ask, customer_text: str, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """After an inspection of a pickup point: the time to fix (2 business days for safety and signs, which the
    owner's own findings are when they name them; 5 for the rest), and the re-inspection and its consequence."""
    if audience != "pickup_point" or lang not in _INSPECTION or not re.search(r"проверк|inspection", customer_text, re.IGNORECASE):
        return None
    t = _INSPECTION[lang]
    if lang == "ru" and _REPORT_WHEN.search(ask.text) and (visit := dated_clause(messages, lang, _VISIT)) is not None:
        # «Когда они появятся?» about the results: 2 business days after the visit, and whether that day has passed
        due = add_business_days(visit[0], 2)
        today = last_customer_day(messages)
        text = _REPORT_TEXT["due"].format(visit=when_said(visit[0], visit[1], lang), due=say_date(due, lang))
        late = today is not None and today > due
        text += " " + _REPORT_TEXT["late" if late else "wait"]
        return Step(key="report_when", text=text, sections=(("pickup-point/inspections", "Где смотреть результат проверки"),) + ((ANSWER_LATER[lang],) if late else ()))
    if _FIX_TERM_ASK.search(ask.text):
        named = _violations(customer_text) if lang == "ru" else []
        safe = [v for v in named if _SAFETY.search(v)]
        if named and len(safe) == len(named):
            # «2 нарушения — нет таблички с режимом работы и огнетушитель просрочен»: both are safety and signs, so 2 days
            text = t["all_safety"].format(which="Оба нарушения из вашего отчёта относятся" if len(named) == 2 else
                                          "Все нарушения из вашего отчёта относятся" if len(named) > 2 else "Это нарушение относится")
        elif safe:
            rest = [v for v in named if v not in safe]
            text = t["mixed"].format(safe=", ".join(f"«{v}»" for v in safe), rest=", ".join(f"«{v}»" for v in rest))
        else:
            text = t["safety"] if _SAFETY.search(customer_text) else t["other"]
        return Step(key="fix_term", text=text, sections=(t["term_section"],))
    if _REINSPECTION_ASK.search(ask.text):
        return Step(key="reinspection", text=t["again"], sections=(t["again_section"],))
    return None


# «Я оспорила штраф ещё 2 апреля, а во вторник его всё равно удержали! Верните деньги. Когда будет решение?»: the
# dispute's 10 business days (the day worked out), and that a fine under dispute is not deducted
_DECISION_ASK = re.compile(r"когда (?:\w+ )?(?:будет|придёт|примут|вынесут) (?:\w+ )?решени|решени\w*[^?.!]{0,20}когда|when (?:will|do) (?:i|we) get (?:a |the )?decision|"
                           r"when will (?:the )?dispute be decided", re.IGNORECASE)
_GIVE_BACK = re.compile(r"верните|вернуть (?:деньги|сумму|удержан)|give (?:it|the money) back|refund (?:it|the deduction)", re.IGNORECASE)
_DEDUCTED_ANYWAY = re.compile(r"вс[её] равно удерж|удержали|deducted (?:it )?anyway|was deducted", re.IGNORECASE)
_PENDING = {
    "ru": {"decision": "Спор о штрафе рассматривается до 10 рабочих дней с момента подачи{until}; решение с обоснованием появится в «Кабинете партнёра».",
           "until": " — по вашему спору от {filed} решение должно прийти не позднее {due}",
           "held": "Пока спор рассматривается, штраф не удерживается из выплаты, даже если наступил вторник выплаты, поэтому удержание до решения "
                   "правилам не соответствует — простите за это. Просьбу вернуть удержанные деньги мы передаём в выделенную группу вместе "
                   "с вашим обращением.",
           "section": ("pickup-point/fine-disputes", "Сроки рассмотрения спора и удержание штрафа")},
}


def dispute_pending_step(ask: Ask, customer_text: str, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """A pickup point's dispute already filed: when the decision comes (10 business days from the day it was filed,
    worked out), and, for «верните деньги» after a deduction during it, that it should not have been deducted."""
    if audience != "pickup_point" or lang not in _PENDING or not _DISPUTED.search(customer_text):
        return None
    t = _PENDING[lang]
    if _DECISION_ASK.search(ask.text):
        filed = filed_date(messages, lang)
        until = t["until"].format(filed=say_date(filed, lang), due=say_date(add_business_days(filed, 10), lang)) if filed else ""
        return Step(key="dispute_decision", text=t["decision"].format(until=until), sections=(t["section"],))
    if _GIVE_BACK.search(ask.text) and _DEDUCTED_ANYWAY.search(customer_text):
        return Step(key="dispute_held", text=t["held"], sections=(t["section"],))
    return None


# «Запись у нас хранится 30 дней, уже 25 прошло — не сотрётся?»: the recording is the dispute's evidence, so save it now
_RECORDING = re.compile(r"запис\w*|видео\w*|камер\w*|recording|footage|video", re.IGNORECASE)
_ERASED = re.compile(r"сотр\w*|удал\w*|перезапиш\w*|пропад\w*|не сохран\w*|хранится \d+|erased|deleted|overwritten|kept for \d+", re.IGNORECASE)
_RECORDING_TEXT = ("Записи видеонаблюдения нужно хранить не меньше 30 дней именно для таких споров, поэтому не ждите: выгрузите фрагмент {when}сейчас, "
                   "сохраните его отдельно и приложите к спору, указав номер заказа и время.")


def recording_step(ask: Ask, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """A pickup point's camera recording about to be overwritten: save the fragment now and attach it (the day of the
    handover when the owner names it)."""
    if audience != "pickup_point" or lang != "ru" or not (_RECORDING.search(ask.text) and _ERASED.search(ask.text)):
        return None
    day = handed_out_date(messages, lang)
    when = f"с выдачей за {say_date(day, lang)} " if day else ""
    return Step(key="recording", text=_RECORDING_TEXT.format(when=when),
                sections=(("pickup-point/fine-disputes", "Какие доказательства приложить"),))


# a pickup point's managers: how often the territorial manager must come, how to complain about a manager, and who
# helps now when the manager is silent
_VISITS_ASK = re.compile(r"как часто[^?.!]{0,60}(?:приезж|посещ|быва|навещ)|(?:сколько раз|как часто)[^?.!]{0,30}(?:визит|приезд)", re.IGNORECASE)
_RARE = re.compile(r"(?:один|1|одного)\s+раз\w*\s+за\s+(?:\w+\s+)?(?:месяц\w*|полгода|квартал)|не (?:был|приезжал)\w* (?:уже )?(?:\w+ )?месяц", re.IGNORECASE)
_COMPLAIN_ASK = re.compile(r"как (?:\w+ ){0,3}(?:пожаловаться|подать жалобу|жаловаться)|куда (?:\w+ ){0,3}(?:пожаловаться|жаловаться)", re.IGNORECASE)
_MANAGER = re.compile(r"менеджер", re.IGNORECASE)
_SILENT = re.compile(r"не (?:отвечает|отвечал\w*|выходит на связь|вышел на связь)|никто не (?:связался|позвонил|написал|ответил)|(?:не могу|не можем) (?:\w+ )?достучаться|пропал\w*|игнорир\w*", re.IGNORECASE)
_WHO_HELPS = re.compile(r"кто (?:мне |нам )?(?:теперь |сейчас )?(?:поможет|займётся|займется|решит)|с кем (?:мне |нам )?(?:это |этот вопрос )?(?:обсудить|решать|говорить)|"
                        r"к кому (?:мне |нам )?(?:обратиться|идти|обращаться)", re.IGNORECASE)
_OPENING = re.compile(r"расширен\w*|открыт\w* (?:\w+ )?(?:пункт|точк)|нов\w+ (?:пункт|точк)|ещё один пункт|еще один пункт", re.IGNORECASE)
_HOW_TO_COMPLAIN = ("Жалоба подаётся в «Кабинете партнёра» → «Жалоба на менеджера» или письмом на partners@yarmarka.example: укажите пункт, что "
                    "произошло и какие сроки нарушены, приложите скриншоты переписки и даты обращений. Её рассматривает руководитель региона "
                    "в течение 5 рабочих дней и сообщает вам результат.")
_MANAGER_TEXT = {
    "visits": "Территориальный менеджер должен посещать пункт не реже раза в месяц и предупреждать о плановой проверке за 3 дня.",
    "rare": "Визиты реже — это пропуск плановых посещений и повод для жалобы на менеджера.",
    "complain": _HOW_TO_COMPLAIN,
    "silent": "Официально срок ответа менеджера — 2 рабочих дня с сообщения через «Кабинет партнёра» или на partners@yarmarka.example; "
              "звонки и сообщения в личные мессенджеры в этот срок не засчитываются.",
    "if_silent": "Если менеджер так и не выйдет на связь, подайте жалобу в «Кабинете партнёра» → «Жалоба на менеджера» или письмом на "
                 "partners@yarmarka.example — её рассматривает руководитель региона в течение 5 рабочих дней.",
    "opening": "Открытие новых точек и расширение пункта — зона территориального менеджера: обсудить и согласовать их можно только с ним.",
    "who": "Пока менеджер молчит, мы со своей стороны напомним ему о вашем вопросе и зафиксируем срок ответа — 2 рабочих дня; "
           "срочное, что не может ждать, решает круглосуточный чат поддержки партнёров.",
}
_DUTIES = "pickup-point/manager-duties"
_COMPLAINTS = "pickup-point/manager-complaints"


# "Is this allowed, and who can I complain to confidentially? Will he find out it was me?" about a manager who demands what the standards do not
_MANAGER_EN = re.compile(r"\bmanager\b", re.IGNORECASE)
_COMPLAIN_ASK_EN = re.compile(r"(?:who|where|how)[^?.!]{0,25}complain|file a complaint|(?:will|would) (?:he|she|they|the manager) (?:find out|know|learn)|"
                              r"is (?:this|that|it) allowed", re.IGNORECASE)
_MANAGER_COMPLAINT_EN = ("No: a manager demanding things that are not in the standards is exactly what a complaint about a manager is for. File it in "
                         "the Partner Account under \"Complaint about a manager\" or by email to partners@yarmarka.example, with the dates, what was said "
                         "and any recordings you have. Anonymous complaints cannot be filed through the portal, but the content of a complaint is not "
                         "passed on to the manager unless necessary. The regional head reviews it within 5 business days and tells you the result; a "
                         "complaint does not replace a dispute and does not stop its deadlines.")


def manager_step(ask: Ask, customer_text: str, lang: str, audience: str, thread_text: str = "") -> Step | None:
    """A pickup point about its managers: «Как часто территориальный менеджер должен приезжать?» (once a month at
    least; rarer visits are grounds for a complaint, and how to make it); «Как на него пожаловаться?» (the form, what to
    attach, 5 business days; calls and messengers do not count toward the 2 days); «Кто мне сейчас поможет?» while the
    manager is silent (we remind the manager and record the deadline)."""
    if audience == "pickup_point" and lang == "en" and _MANAGER_EN.search(thread_text or customer_text) and _COMPLAIN_ASK_EN.search(ask.text):
        return Step(key="manager_complaint", text=_MANAGER_COMPLAINT_EN, sections=(("pickup-point/en/manager-complaints", "When to file a complaint about a manager"),
                                                                                   ("pickup-point/en/manager-complaints", "How to file a complaint about a manager"),
                                                                                   ("pickup-point/en/manager-complaints", "Who reviews the complaint and how long it takes")))
    if audience != "pickup_point" or lang != "ru" or not _MANAGER.search(thread_text or customer_text):
        return None
    t = _MANAGER_TEXT
    if _VISITS_ASK.search(ask.text):
        text = t["visits"]
        sections = [(_DUTIES, "Территориальный менеджер: зона ответственности")]
        if _RARE.search(customer_text):
            text = f"{text} {t['rare']} {t['complain']}"
            sections += [(_COMPLAINTS, "Когда стоит подавать жалобу на менеджера"), (_COMPLAINTS, "Как подать жалобу на менеджера"),
                         (_COMPLAINTS, "Кто и в какой срок рассматривает жалобу")]
        return Step(key="manager_visits", text=text, sections=tuple(sections))
    if _COMPLAIN_ASK.search(ask.text):
        text = f"{t['complain']} {t['silent']}" if _SILENT.search(customer_text) else t["complain"]
        sections = [(_COMPLAINTS, "Как подать жалобу на менеджера"), (_COMPLAINTS, "Кто и в какой срок рассматривает жалобу")]
        if _SILENT.search(customer_text):
            sections.append((_DUTIES, "Сроки ответа менеджеров"))
        return Step(key="manager_complaint", text=text, sections=tuple(sections))
    if _WHO_HELPS.search(ask.text) and _SILENT.search(customer_text):
        sections = [(_DUTIES, "«Менеджер не отвечает»: что делать"), (_DUTIES, "Что оператор может обещать по вопросам менеджеров")]
        text = t["who"]
        if _OPENING.search(ask.text) or _OPENING.search(customer_text):  # «…поможет с расширением?»: whose matter it is, first
            text = f"{t['opening']} {text}"
            sections.insert(0, (_DUTIES, "Территориальный менеджер: зона ответственности"))
        return Step(key="manager_who", text=text, sections=tuple(sections))
    if WHAT_TO_DO.search(ask.text) and _SILENT.search(customer_text):
        # «Что делать?»: the complaint if the silence goes on, then the reminder (dropped when a paragraph above said it)
        return Step(key="manager_what", text=f"{t['if_silent']} {t['who']}",
                    sections=((_COMPLAINTS, "Как подать жалобу на менеджера"), (_DUTIES, "«Менеджер не отвечает»: что делать")))
    return None


# «Оспорили штраф, пришёл отказ. Можно ли обжаловать дальше и в какой срок?»: once, in the dedicated group, within 7 days
_APPEAL_ASK = re.compile(r"обжал\w+|оспорить (?:\w+ )?(?:дальше|ещё раз|еще раз|повторно|решение|отказ)", re.IGNORECASE)
_REFUSED = re.compile(r"отказ\w*|отклонил\w*|отклонен\w*|отклонён\w*|не в (?:нашу|мою) пользу", re.IGNORECASE)
_APPEAL_TEXT = ("Да: решение по спору о штрафе можно один раз обжаловать дальше, в выделенной группе; срок — 7 дней после решения.{by} Обжалование подаётся "
                "из того же спора в «Кабинете партнёра» или через поддержку партнёров: укажите, с чем именно вы не согласны, и приложите новые "
                "доказательства, если они появились. Решение выделенной группы окончательное.")
# the ticket goes to the dedicated group anyway: the partner support it is filed through is this chat, and the handover is the appeal
_APPEAL_HANDED = ("Да: решение по спору о штрафе можно один раз обжаловать дальше, в выделенной группе; срок — 7 дней после решения.{by} Обжалование "
                  "подаётся из того же спора в «Кабинете партнёра» или через поддержку партнёров, то есть и здесь: мы передаём в выделенную группу "
                  "ваше обращение как обжалование — напишите в этот чат, с чем именно вы не согласны, и приложите новые доказательства, если они "
                  "появились. Решение выделенной группы окончательное.")
APPEAL_DAYS = 7


def appeal_step(ask: Ask, customer_text: str, lang: str, audience: str, messages: Sequence[Message] = (), escalated: bool = False) -> Step | None:
    """A pickup point's dispute decided against it: the one appeal to the dedicated group within 7 days of the decision
    (the last day, when the owner says when the refusal came), how to file it — in a ticket handed to that group, this
    handover is the appeal — and that it is final."""
    if audience != "pickup_point" or lang != "ru" or not _REFUSED.search(customer_text):
        return None
    # «Можно ли обжаловать дальше и в какой срок?»: the term asked apart is the same answer
    if not (_APPEAL_ASK.search(ask.text) or (TERM_ASK.search(ask.text) and _APPEAL_ASK.search(customer_text))):
        return None
    decided = dated_clause(messages, lang, _REFUSED)
    by = f" Отказ пришёл {when_said(decided[0], decided[1], lang)}, значит, обжаловать нужно не позднее {say_date(decided[0] + timedelta(days=APPEAL_DAYS), lang)}." \
        if decided else ""
    text = (_APPEAL_HANDED if escalated else _APPEAL_TEXT).format(by=by)
    return Step(key="appeal", text=text, sections=(("pickup-point/fine-disputes", "Обжалование решения в выделенной группе"),))
