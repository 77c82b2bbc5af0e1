"""Small lexical helpers shared by answer selection: content words, crude stems, and what a question asks for."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being has have had do does
    did not no this that these those it its it's he she they them his her their we our you your i me my what which
    who whom whose when where why how many much often times time there here than then so such into about over
    after before since until also very can could would should will shall may might must up down out just more most
    any all some each every""".split()
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_SUFFIXES = ("ing", "ed", "es", "s")

ORDINAL = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(st|nd|rd|th))\b",
    re.IGNORECASE,
)
NUMBER = re.compile(
    r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|"
    r"billion|once|twice)\b",
    re.IGNORECASE,
)
DATE = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|"
    r"jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
    r"tomorrow|last (week|month|year)|(19|20)\d\d)\b",
    re.IGNORECASE,
)
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+")


def stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in _TOKEN.findall(text) if w.lower() not in STOPWORDS}


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
