"""Follow-up questions: a question that cannot stand alone ("Who is its chairman?", "And in March?", "Why?") read
with the earlier turns of the conversation.

A question is a follow-up when it refers back (a pronoun, "that", "there"), opens like a continuation ("and ...",
"what about ..."), or names nothing of its own (no proper noun). It is then understood as:

- the text the reader reads: the question with he/she/it/they replaced by what they most likely refer to (the
  previous answer, else the previous question's first named entity); a bare "what about X?" or "and in March?"
  becomes the previous question with its entity or time swapped; a bare question word ("why?") asks the previous
  question again with that word;
- the text retrieval searches with: that question plus the earlier turns' questions and answer phrase (the
  topic), so the passages come from the story being discussed.

A question with its own named subject and nothing pointing back starts a new topic by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.text.vocabulary import MONTHS, STOPWORDS, WEEKDAYS

TOPIC_TURNS = 2  # earlier turns whose questions make the topic
_PERSON_PRONOUNS = ("he", "she", "him", "his", "her", "hers")
_THING_PRONOUNS = ("it", "its", "they", "their", "theirs")
_POINTERS = ("that", "there", "this", "these", "those", "then", "same")
_OPENERS = re.compile(r"^(?:and|but|also|so|what about|how about|and what about|and how about)\b[\s,]*",
                      re.IGNORECASE)
_SWAP = re.compile(r"^(?:and|but)?\s*(?:what|how) about\s+(?P<new>.+?)\??$"
                   r"|^and\s+(?P<time>(?:in|on|for|during|by)\s+.+?)\??$", re.IGNORECASE)
_PREPOSITIONS = ("against", "in", "on", "for", "from", "to", "at", "with", "by", "during", "of", "over", "under")
_PHRASE_SWAP = re.compile(rf"^(?:and|but)\s+(?P<prep>{'|'.join(_PREPOSITIONS)})\s+(?P<rest>[^?]+?)\s*\??$",
                          re.IGNORECASE)
_REFERRING = re.compile(r"\b(?:the|that|this) (?:company|firm|corporation|bank|group|country|government|"
                        r"agreement|union|organization|organisation|offer|bid|deal|strike|meeting|trip|visit|time)\b",
                        re.IGNORECASE)
_WH_ONLY = re.compile(r"^(?:and\s+)?(?P<wh>why|when|where|who|how|how much|how many|what|which)\s*\??$", re.IGNORECASE)
_WH_START = re.compile(r"^(?:why|when|where|who|whom|whose|how much|how many|how long|how|what|which)\b",
                       re.IGNORECASE)
_CALENDAR = frozenset(w.lower() for w in MONTHS + WEEKDAYS)
_ENTITY = re.compile(r"\b(?:[A-Z][\w.&'-]*|[A-Z]\.)(?:\s+(?:of\s+|de\s+|the\s+)?(?:[A-Z][\w.&'-]*))*")
_TIME = re.compile(r"\b(?:in|on|for|during|by|since)\s+(?:(?:early|late|mid)[- ])?(?:"
                   + "|".join(MONTHS) + r"|\d{4})(?:\s+\d{1,2}\b)?(?:,?\s+\d{4})?", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z']+")
_INSTITUTION_WORDS = frozenset("""corp corporation inc co ltd plc ag sa nv bank group company companies organization
organisation agreement council association union institution institute agency partners fund exchange commission
ministry party board court""".split())  # words that make a name an institution, not a person


@dataclass(frozen=True)
class Turn:
    """An earlier turn: the question as typed and as understood, and the answer phrase it got ("" for none)."""

    question: str
    answer: str = ""
    understood: str = ""

    @property
    def read_as(self) -> str:
        return self.understood or self.question


@dataclass(frozen=True)
class Understanding:
    """How a question is read: `reader_text` for the reader, `search_text` for retrieval; `followup` whether
    earlier turns were used (then `carried` names what came from them)."""

    reader_text: str
    search_text: str
    followup: bool
    carried: tuple[str, ...] = ()


def understand(question: str, history: list[Turn]) -> Understanding:
    """The question read alone, or, when it is a follow-up, with the last turns."""
    if not history or not is_followup(question):
        return Understanding(question, question, False)
    previous = history[-1]
    reader_text = _swapped(question, previous.read_as) or _resolved(question, previous)
    topic = [turn.read_as for turn in history[-TOPIC_TURNS:]]
    carried = tuple(dict.fromkeys(e for text in [*topic, previous.answer] for e in entities(text)))
    search_text = " ".join([reader_text, *topic, previous.answer]).strip()
    return Understanding(reader_text, search_text, True, carried)


def is_followup(question: str) -> bool:
    words = [w.lower() for w in _WORD.findall(question)]
    if any(w in _PERSON_PRONOUNS or w in _THING_PRONOUNS or w in _POINTERS for w in words):
        return True
    if _OPENERS.match(question.strip()) or _WH_ONLY.match(question.strip()) or _REFERRING.search(question):
        return True
    return not entities(question)


def entities(text: str) -> list[str]:
    """The named things of a text: runs of capitalised words, without question and function words, calendar
    names and possessive endings (a rough stand-in for named-entity recognition)."""
    found = []
    for match in _ENTITY.finditer(text):
        for part in re.split(r"['’]s\b\s*", match.group(0)):
            words = part.split()
            while words and (words[0].lower() in _CALENDAR or words[0].lower() in STOPWORDS):
                words = words[1:]
            while words and words[-1].lower() in _CALENDAR:
                words = words[:-1]
            name = " ".join(words).rstrip("?,'’")
            if name:
                found.append(name if name.count(".") > 1 else name.rstrip("."))  # "U.K." keeps its last period
    return list(dict.fromkeys(found))


def _swapped(question: str, previous: str) -> str | None:
    """"What about Iran?" / "And in March?" / "Why?": the previous question with its entity, time or question word
    swapped; None for other questions."""
    text = question.strip()
    wh_only = _WH_ONLY.match(text)
    if wh_only:
        return _WH_START.sub(wh_only.group("wh").capitalize(), previous.strip(), count=1)
    swap = _SWAP.match(text)
    if swap is None or (swap.group("time") and not _TIME.fullmatch(swap.group("time"))):
        return _phrase_swapped(text, previous)
    if swap.group("time"):
        return _with_time(previous, swap.group("time"))
    new = swap.group("new").strip()
    if _TIME.fullmatch(new) or new.lower().split()[-1] in _CALENDAR or re.fullmatch(r"\d{4}", new):
        return _with_time(previous, f"in {new}")
    named = entities(previous)
    if not named:
        return f"{previous.rstrip('?')} ({new})?"
    return previous.replace(named[0], new, 1)


def _phrase_swapped(text: str, previous: str) -> str | None:
    """"And against the dollar?": the previous question with as many words after the same preposition ("against
    the mark") replaced; None when the previous question has no such preposition."""
    swap = _PHRASE_SWAP.match(text)
    if swap is None:
        return None
    prep, new = swap.group("prep").lower(), swap.group("rest")
    for width in range(len(new.split()), 0, -1):
        found = re.search(rf"\b{prep}((?:\s+[^\s?,]+){{{width}}})", previous, re.IGNORECASE)
        if found is not None and not any(w.lower() in _PREPOSITIONS for w in found.group(1).split()):
            return f"{previous[:found.start()]}{prep} {new}{previous[found.end():]}"
    return None


def _with_time(previous: str, time: str) -> str:
    """The previous question with its time phrase ("in February 1987") replaced by `time`, or `time` added."""
    if _TIME.search(previous):
        return _TIME.sub(time, previous, count=1)
    return f"{previous.rstrip('?')} {time}?"


def _resolved(question: str, previous: Turn) -> str:
    """The question with its personal pronouns replaced by what they most likely refer to."""
    person, thing = _referents(previous)

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        target = person if lower in _PERSON_PRONOUNS else thing
        if not target:
            return word
        if lower in ("his", "hers", "its", "their", "theirs"):
            return f"{target}'s"
        return target

    pronouns = "|".join(_PERSON_PRONOUNS + _THING_PRONOUNS)
    return re.sub(rf"\b(?:{pronouns})\b", replace, question, flags=re.IGNORECASE)


def _referents(previous: Turn) -> tuple[str, str]:
    """(a person, a thing) the previous turn was about: its answer when it is a name, else the entities of its
    question (a person is two to four capitalised words; anything else named is a thing)."""
    answered, asked = entities(previous.answer), entities(previous.read_as)
    people = [c for c in answered + asked if _is_person_like(c)]
    things = [c for c in answered if not _is_person_like(c)]
    things += sorted((c for c in asked if not _is_person_like(c)),
                     key=lambda c: not any(w.lower().rstrip(".") in _INSTITUTION_WORDS for w in c.split()))
    return (people[0] if people else ""), (things[0] if things else "")


def _is_person_like(name: str) -> bool:
    words = name.split()
    return (2 <= len(words) <= 4 and all(w[0].isupper() and not w.isupper() for w in words)
            and not any(w.lower().rstrip(".") in _INSTITUTION_WORDS for w in words))
