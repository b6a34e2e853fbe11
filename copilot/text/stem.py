"""Tokens and Snowball stems (Russian and English) for sparse vectors and lexical similarity."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[0-9]+|[a-zа-яё]+", re.IGNORECASE)
_CYR = re.compile(r"[а-яё]", re.IGNORECASE)

STOPWORDS = frozenset(
    """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет
    о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя
    ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж
    тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех
    никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три
    эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это
    мой моего мою мои мне меня вас ваш ваше ваша ваши здравствуйте добрый день пожалуйста спасибо
    the a an and or of to in on at for is are was were be been it this that with as by from you your i me my we our
    they them he she his her its not no do does did have has had will would can could should there here what which who
    hello hi please thanks thank dear
    """.split()
)


@lru_cache(maxsize=2)
def _stemmer(lang: str) -> "Stemmer.Stemmer":
    return Stemmer.Stemmer("russian" if lang == "ru" else "english")


def tokens(text: str) -> list[str]:
    return [t.lower().replace("ё", "е") for t in _WORD.findall(text)]


def stems(text: str, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content words; each token is stemmed by its own script."""
    out: list[str] = []
    ru, en = _stemmer("ru"), _stemmer("en")
    for tok in tokens(text):
        if not keep_stopwords and (tok in STOPWORDS or len(tok) < 2):
            continue
        out.append((ru if _CYR.search(tok) else en).stemWord(tok))
    return out


@lru_cache(maxsize=65536)
def stem_set(text: str) -> frozenset[str]:
    """The set of stems of a text (cached: the drafter judges the same knowledge-base sentences for
    every ask of every ticket; a frozenset, so no caller can change the cached value)."""
    return frozenset(stems(text))
