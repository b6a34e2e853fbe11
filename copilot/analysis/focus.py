"""What kind of answer an ask wants, and whether a text gives that kind of answer.

«Когда теперь привезут?» is answered by a time («в течение 24 часов», «на удобный интервал»), not by
a sentence about couriers that names none; «Какой максимум?» by an amount or a cap; «К кому идти?» by
someone who handles it. An ask without such a question word («Можно ли обжаловать?») has no focus
and is judged on its matter alone (topics.addresses).
"""

from __future__ import annotations

import re
from functools import lru_cache

from copilot.text.entities import RU_DAY_MONTH

# the question words, per focus; the first match in an ask decides (a "when" question that also says
# «сколько ждать» is still about time)
_ASKS = (
    ("when", re.compile(r"\bкогда\b|в какой срок|какой срок|каки[ее] сроки|к какому (?:числу|дню)|(?:до|с|от) какого (?:числа|дня|момента)|какого числа|с какой даты|сколько\b[^.?!]{0,30}?(?:ждать|дней|дня|времени|часов|недел|длит|лежат|лежит|хран|рассматр|ид[её]т|займ|доставля|ехать|везти|проверя)|"
                        r"как долго|как скоро|\bwhen\b|how long|how soon|by when|from when|what date|which date|what day|how many days|is there a deadline|what(?:'s| is) the deadline", re.IGNORECASE)),
    ("amount", re.compile(r"\bсколько\b(?! ?(?:раз|можно|нужно)\b)|какой (?:вообще )?(?:максимум|размер|процент)|какая (?:сумма|максимальн)|каков (?:максимум|размер)|"
                          r"\bhow much\b|what amount|what(?:'s| is) the (?:maximum|max|amount|limit)|how many", re.IGNORECASE)),
    # «Как оспорить?», "How do I return it?": a way to do it
    ("how", re.compile(r"^(?:(?:а|и|так|ну|скажите|подскажите|tell me|so)\s+)*(?:как|каким образом|how)\s+(?:(?:мне|нам|его|её|их|это|do i|can i|should i|do we|can we|to)\s+)*"
                       r"(?:оспорить|оспаривать|снять|подать|вернуть|поменять|сменить|изменить|оформить|получить|отправить|загрузить|приложить|пожаловаться|"
                       r"dispute|appeal|return|change|file|submit|send|upload|get|apply|complain)\b", re.IGNORECASE)),
    ("who", re.compile(r"\bкто\b(?! (?:[а-яё]+ )?(?:виноват|прав)\b)|\bк кому\b|\bс кем\b|\bу кого\b|\bwho\b|\bwhom\b|to whom", re.IGNORECASE)),
)

# what gives that kind of answer
_GIVES = {
    "when": re.compile(r"\d+(?:[–-]\d+)?\s*(?:рабоч\w+\s+|календарн\w+\s+)?(?:дн|день|час|мин|недел|месяц|сут)|\bв течение\b|\bсразу\b|немедленно|в тот же день|"
                       r"\bсегодня\b|\bзавтра\b|со следующ\w* (?:еженедельн\w* )?выплат|(?:по|кажд\w*) (?:понедельник|вторник|сред|четверг|пятниц)|\bдо \d|\bк \d|\bс \d|\b" + RU_DAY_MONTH + r"\b|\d{1,2}[:.]\d{2}|в день (?:обращения|заявки)|на следующий день|(?:ближайш|удобн|нов|перенос|перенес|назнач|выбранн)\w*[^.;]{0,30}(?:интервал|окн[оа])|на (?:другой|другую|иной) (?:день|дату|интервал)|"
                       r"\bwithin\b|\d+(?:[–-]\d+)?\s*(?:business |working |calendar )?(?:day|hour|minute|week|month)|immediately|straight away|same day|next day|"
                       r"\btoday\b|\btomorrow\b|with the next (?:weekly )?payout|(?:every|on) (?:monday|tuesday|wednesday|thursday|friday)s?\b|\bby \d|\bfrom \d|(?:next|nearest|new|free|convenient|chosen|booked)\s+(?:free\s+)?(?:time\s+)?(?:window|slot)|(?:another|a different|a new) (?:day|date|window|slot)", re.IGNORECASE),
    # an amount is money, a share or points, or what it is measured by; «в течение 30 дней» is a time
    "amount": re.compile(r"\d[\d\s]*(?:₽|руб|%|процент|балл|points?|rub)|\d+\s*(?:шт|единиц|товар|заказ|штраф|items?|orders?)|"
                         r"стоимост|цен[аыуеой]\b|максимум|максимальн|не более|не больше|не выше|не меньше|бесплатн|без доплат|ничего не (?:стоит|платит)|за сч[её]т|"
                         r"maximum|\bcap\b|not more than|up to|free of charge|\bfree\b|at (?:our|no) (?:cost|expense)|\bcost|\bprice|\bvalue|\bamount", re.IGNORECASE),
    # a way: where to press or file, an app path, a form or a channel
    "how": re.compile(r"«[^»]+»\s*→|→|через (?:приложени|«?кабинет|форм|кнопк|заявк|поддержк|пункт|курьер)|в (?:приложении|карточке)|кнопк|нажмите|оформ|подать|подаётся|подается|"
                      r"заявк|претензи|оспорить можно|можно оспорить|обратиться|напишите|приложите|сдать|отдать курьеру|"
                      r"in the app|in the (?:seller|partner) account|written claim|button|tap|open the order|file a|submit|through (?:the )?(?:app|account|seller account|partner account|form|support)|"
                      r"hand (?:it )?(?:in|over)|write to|contact|upload|загруз|dispute (?:it |them )?(?:within|through|in)|can be disputed", re.IGNORECASE),
    "who": re.compile(r"менеджер|поддержк|групп\w|продав|ярмарк|команд|служб|отдел|руководител|специалист|банк|курьер|владел|"
                      r"\bмы\b|\bнам\b|\bвы\b|\bвам\b|\bсам\w*\b|"
                      r"manager|support|team|seller|yarmarka|bank|courier|group|owner|\bwe\b|\byou\b", re.IGNORECASE),
}


@lru_cache(maxsize=16384)
def focus_of(ask_text: str) -> str | None:
    """"when", "amount", "who", or None for an ask with no such question word."""
    for name, pattern in _ASKS:
        if pattern.search(ask_text):
            return name
    return None


@lru_cache(maxsize=16384)
def parts(ask_text: str) -> tuple[str, ...]:
    """One ask per question word when it has several («Когда и сколько мне компенсируют?» -> «Когда мне
    компенсируют?»-like and «сколько мне компенсируют?»-like texts, each with one focus); the ask itself
    when it has one or none."""
    found: list[re.Pattern] = []
    taken: list[tuple[int, int]] = []
    for _, pattern in _ASKS:
        m = pattern.search(ask_text)
        if m and not any(m.start() < end and start < m.end() for start, end in taken):  # «сколько рассматривают» is one
            found.append(pattern)
            taken.append(m.span())
    if len(found) < 2:
        return (ask_text,)
    out = []
    for keep in found:
        text = ask_text
        for other in found:
            if other is not keep:
                text = other.sub(" ", text)
        out.append(" ".join(text.split()))
    return tuple(out)


@lru_cache(maxsize=65536)
def gives(focus: str | None, text: str) -> bool:
    """True when `text` gives the kind of answer `focus` asks for (always, for no focus). A lead time
    («курьер позвонит за 30–60 минут до приезда») does not say when."""
    if focus == "when":
        text = _LEAD_TIME.sub(" ", text)
    return focus is None or bool(_GIVES[focus].search(text))


_LEAD_TIME = re.compile(r"за \d+(?:[–-]\d+)?\s*(?:минут|мин|час)\w* до|\d+(?:[–-]\d+)?\s*(?:minutes|mins|hours?) (?:before|ahead)", re.IGNORECASE)
