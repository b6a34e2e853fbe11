"""One step of a draft: an action or a definite answer the policy gives for what happened (next_step.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str  # one offer per draft: a second ask it answers points at the first
    text: str
    sections: tuple[tuple[str, str], ...]  # (document, heading) cited for it
    note: str = ""  # a check for the operator before sending, with what the paragraph says in its place when it comes out otherwise


# an answer that cannot be given at once (another team's, a status to find out): it comes in the same conversation
# within 24 hours (the support standards), cited wherever a draft says «сообщим … в течение 24 часов»
ANSWER_LATER = {"ru": ("support/answer-standards", "Если ответ нельзя дать сразу"),
                "en": ("support/en/answer-standards", "When the answer cannot be given at once")}


# the shapes of asks several steps answer: a bare term («В какой срок?», «Сколько у меня времени?») asked next to the
# ask a step answers, and «Что (мне теперь) делать?»
TERM_ASK = re.compile(r"^(?:и\s+|а\s+)?(?:в какой срок|до какого (?:числа|дня)|сколько (?:у (?:меня|нас) )?(?:времени|дней))\W*$", re.IGNORECASE)
WHAT_TO_DO = re.compile(r"что (?:мне |нам )?(?:теперь |сейчас )?делать|как (?:мне |нам )?быть|какие (?:у меня )?варианты", re.IGNORECASE)


# an ask about where a refund goes: «На ту же карту вернут?», "The refund goes to the card I paid with?"
# (not «Когда вернут на мою карту?», "When do I get my money back to my card?": those ask when)
WHERE_TO = re.compile(r"(?:ту же|эту же|какую|\bту) карт\w*|на карту,? с которой|куда (?:\w+ )?(?:вернут|придут|поступ|верн)|same card|card I paid|"
                      r"which card|where (?:will|does|do) (?:the )?(?:money|refund)|same (?:way|account|method)", re.IGNORECASE)
