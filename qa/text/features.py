"""What a question asks for (a count, a date, a person) and whether a sentence carries that kind of fact."""

from __future__ import annotations

import re

from qa.text.vocabulary import (
    CARDINAL_WORDS,
    LARGE_NUMBER_WORDS,
    MAGNITUDE_WORDS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    ORDINAL_WORDS,
    QUANTIFIERS,
    TEEN_AND_TEN_WORDS,
    WEEKDAYS,
    either,
)

ORDINAL = re.compile(rf"\b({either(ORDINAL_WORDS)}|\d+(st|nd|rd|th))\b", re.IGNORECASE)
NUMBER = re.compile(rf"\b(\d[\d,.]*|{either(CARDINAL_WORDS)}|dozen|{either(LARGE_NUMBER_WORDS)}|once|twice)\b",
                    re.IGNORECASE)
_MONTH_WORDS = either([m.lower() for m in MONTHS] + [a.lower() for a in MONTH_ABBREVIATIONS])
_WEEKDAY_WORDS = either(d.lower() for d in WEEKDAYS)
DATE = re.compile(
    rf"\b({_MONTH_WORDS}|{_WEEKDAY_WORDS}|yesterday|today|"
    r"tomorrow|last (week|month|year)|(19|20)\d\d)\b",
    re.IGNORECASE,
)
QUANTITY = re.compile(rf"\d[\d,.½¼¾/]*|\b(?:{either(CARDINAL_WORDS + TEEN_AND_TEN_WORDS + MAGNITUDE_WORDS)}|"
                      rf"once|twice|{either(QUANTIFIERS)})\b", re.IGNORECASE)
_ASKS_QUANTITY = re.compile(r"\bhow (?:many|much)\b|\b(?:what|which) (?:percentage|percent)\b", re.IGNORECASE)
_ASKS_DATE = re.compile(r"\b(?:what|which) (?:year|date|day|month)s?\b", re.IGNORECASE)
_STATES_A_DATE = re.compile(
    rf"\d|\b(?:{_MONTH_WORDS}|(?:{_WEEKDAY_WORDS})s?|yesterday|today|tomorrow|(?:last|next) (?:week|month|year))\b",
    re.IGNORECASE)
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+")


def question_kind(question: str) -> str:
    """'count', 'date', 'person' or 'other': what sort of fact the question asks for."""
    q = question.lower()
    if re.search(r"\bhow (many|much|often|long|old|far)\b|\bnumber of\b|\bwhat (number|percentage)\b", q):
        return "count"
    if re.search(r"\b(when|what (year|date|day|month|time))\b", q):
        return "date"
    if re.search(r"\bwho(m|se)?\b", q):
        return "person"
    return "other"


def carries(kind: str, sentence: str) -> bool:
    if kind == "count":
        return bool(ORDINAL.search(sentence) or NUMBER.search(sentence))
    if kind == "date":
        return bool(DATE.search(sentence))
    if kind == "person":
        return bool(NAME.search(sentence))
    return False


def asks_quantity(question: str) -> bool:
    return bool(_ASKS_QUANTITY.search(question))


def asks_date(question: str) -> bool:
    """Whether the question asks for a year, a date, a day or a month by name ("On what date did ... open?")."""
    return bool(_ASKS_DATE.search(question))


def states_a_date(phrase: str) -> bool:
    """Whether a phrase states a number, a month, a weekday ("Sundays") or a day relative to today: what can answer
    `asks_date`."""
    return bool(_STATES_A_DATE.search(phrase))


def states_a_quantity(phrase: str, question: str) -> bool:
    """Whether a phrase states a number or an amount ("13", "Thirteen", "very little") other than one the question
    itself gives ("in 1986" for "How much did it earn in 1986?"): what can answer "how many" or "how much"."""
    given = {_quantity_word(m) for m in QUANTITY.finditer(question)}
    return any(_quantity_word(m) not in given for m in QUANTITY.finditer(phrase))


def _quantity_word(match: re.Match[str]) -> str:
    return match.group(0).lower().rstrip(",.")


def fact_tokens(kind: str, text: str) -> set[str]:
    """The numbers, ordinals, dates or names in `text` that a question of this kind asks for (lower-cased)."""
    if kind == "count":
        found = [m.group(0) for m in ORDINAL.finditer(text)] + [m.group(0) for m in NUMBER.finditer(text)]
    elif kind == "date":
        found = [m.group(0) for m in DATE.finditer(text)]
    elif kind == "person":
        found = [m.group(0) for m in NAME.finditer(text)]
    else:
        return set()
    return {f.lower() for f in found}
