"""A written claim the customer sends in the chat («Направляю вам официальную претензию…», «Прошу подтвердить получение
претензии»): it is confirmed as the legal-claims policy tells the operator to — registered in the ticket the day it came,
answered within 10 days by the dedicated group (`next_step.step_for` tries it with the other steps).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copilot.domain import Ask, Message
from copilot.drafting.figures import say_date, sent_on
from copilot.drafting.step import Step

_SENDS_CLAIM = re.compile(r"(?:подтверд\w*|подтвердите) (?:получение|что (?:вы )?получили)[^.!?]{0,20}претензи|"
                          r"(?:направляю|отправляю|прилагаю|высылаю|предъявляю) (?:вам )?(?:официальную |письменную |досудебную )?претензи|"
                          r"(?:примите|зарегистрируйте) (?:мою )?претензи", re.IGNORECASE)
_CLAIM_RECEIVED = {
    "ru": ("Вашу претензию мы получили{on}: она зарегистрирована в обращении, и ответ на неё будет направлен в течение 10 дней — его готовит "
           "выделенная группа.", ("support/legal-claims", "Письменная претензия и срок ответа 10 дней")),
}
CLAIM_KEY = "claim_received"


def claim_received_step(ask: Ask, lang: str, audience: str, messages: Sequence[Message] = ()) -> Step | None:
    """«Прошу подтвердить получение претензии»: the claim is registered (the day of the customer's message, when known)
    and answered within 10 days by the dedicated group."""
    if audience != "buyer" or lang not in _CLAIM_RECEIVED or not _SENDS_CLAIM.search(ask.text):
        return None
    text, section = _CLAIM_RECEIVED[lang]
    day = sent_on(messages[ask.source_message]) if 0 <= ask.source_message < len(messages) else None
    return Step(key=CLAIM_KEY, text=text.format(on=f" {say_date(day, lang)}" if day else ""), sections=(section,))
