"""Read a counting or timeline question, and extract the event mentions a sentence states.

A mention is what one sentence says about one event: its date (resolved against the article date), its place,
an ordinal ("fourth visit", "for the first time") or a count ("three previous visits", "visited twice").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from qa.stories.dates import DateRef, DateResolver, find_dates
from qa.text.datelines import without_datelines
from qa.text.vocabulary import CARDINAL_WORDS, IRREGULAR_VERBS, MONTHS, NUMBER_WORDS, ORDINAL_WORDS, WEEKDAYS, either

ORDINALS = ORDINAL_WORDS
NUMBERS = NUMBER_WORDS
_ORD = rf"(?:{either(ORDINAL_WORDS)}|\d{{1,2}}(?:st|nd|rd|th))"
_NUM = rf"(?:{either(CARDINAL_WORDS)}|\d{{1,2}})"


@dataclass(frozen=True)
class Family:
    """Words that state one kind of event: verbs and nouns for finding it, nouns an ordinal may qualify."""

    name: str
    words: str
    nouns: str


FAMILIES = (
    Family("visit", r"visit\w*|trips?|travel\w*|journey\w*|tours?|toured|flew|fly|flies|flying|went to|arrived in"
                    r"|been to",
           r"visits?|trips?|travel|journeys?|tours?|voyages?|stays?"),
    Family("meeting", r"meet\w*|met|summit\w*|talks", r"meetings?|summits?|talks|encounters?"),
    Family("election", r"elect\w*|won|wins?|re-elected", r"elections?|terms?|wins?|victory|victories"),
)
_TIMELINE_QUESTION = re.compile(
    r"\bhow (many times|often)\b|\bhow many (\w+ ){0,2}(visits|trips|times|meetings|summits)\b|\bnumber of times\b"
    r"|\bwhen did\b.*\b(first|last|latest)\b|\b(first|last|latest|most recent) time\b"
    r"|^\s*(list|name|show)\b.*\b(visits|trips|times|meetings|events|summits|occasions)\b|\btimeline\b",
    re.IGNORECASE,
)
_QUESTION_WORDS = frozenset("how when what which who where why list name show did does do has have is was "
                            "the a an all every many often times".split())
_CAPITALIZED = re.compile(r"\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")
_NOT_PLACES = frozenset(MONTHS) | frozenset(WEEKDAYS) | {
    "The", "A", "An", "His", "Her", "Their", "Its", "This", "That", "He", "She", "It", "They", "President", "Mr",
    "Mrs", "Ms", "Dr", "Prime", "Minister", "Chairman", "Leader", "State", "New"}
_LOWER_WORD = re.compile(r"\b[a-z][a-z-]{2,}\b")  # a name such as "Fred" is no act
_SKIP_BEFORE = frozenset("since until till by before after end ending through his her their its the a an".split())


def is_timeline_question(question: str) -> bool:
    """Cheap check on the question alone: counting ("how many times"), first/last and list questions."""
    return bool(_TIMELINE_QUESTION.search(question))


@dataclass(frozen=True)
class EventQuery:
    """What a timeline question asks: the kind, the event family, who (subject) and where/whom (object)."""

    kind: str
    family: Family
    subject: tuple[str, ...]
    target: tuple[str, ...]

    def terms(self) -> str:
        return " ".join([*self.subject, *self.target, self.family.name])


def read_question(question: str) -> EventQuery:
    q = question.strip()
    lowered = q.lower()
    if re.search(r"\bhow (many|often)\b|\bnumber of\b", lowered):
        kind = "count"
    elif re.search(r"\bfirst\b", lowered):
        kind = "first"
    elif re.search(r"\b(last|latest|most recent)\b", lowered):
        kind = "last"
    else:
        kind = "list"
    family = _family(q)
    verb = re.search(rf"\b(?:{family.words})\b", q, re.IGNORECASE)
    cut = verb.start() if verb else len(q)
    names = []
    for match in _CAPITALIZED.finditer(q):
        words = [w for w in match.group(0).split() if w.lower() not in _QUESTION_WORDS]
        if words:
            names.append((match.start(), " ".join(words)))
    subject = [name for at, name in names if at < cut]
    target = [name for at, name in names if at >= cut]
    if not subject and target:  # "List the visits of Ana to Japan": the first name is who
        subject = target[:1]
        target = target[1:]
    return EventQuery(kind, family, tuple(subject), tuple(target))


def family_is_the_event(question: str) -> bool:
    """Whether the question's event is its family's (visits, meetings, elections): it names a family and no other
    act in a past form ("How many times was the coffee meeting postponed?" asks about postponing, not meeting;
    "How many times has Kim visited China?" about visiting)."""
    family = _named_family(question)
    if family is None:
        return False
    for word in _LOWER_WORD.findall(question):
        lower = word.lower()
        if (lower.endswith("ed") or lower in IRREGULAR_VERBS) and \
                not re.fullmatch(rf"{family.words}|{family.nouns}", lower, re.IGNORECASE):
            return False
    return True


def _named_family(question: str) -> Family | None:
    return next((f for f in FAMILIES if re.search(rf"\b(?:{f.words}|{f.nouns})\b", question, re.IGNORECASE)), None)


def _family(question: str) -> Family:
    named = _named_family(question)
    if named is not None:
        return named
    words = [w for w in re.findall(r"[a-z]+", question) if w not in _QUESTION_WORDS and len(w) > 3]
    stem = (words[-1] if words else "event").rstrip("ds").rstrip("e")
    return Family(stem, rf"{stem}\w*", rf"{stem}\w*")


def names_match(name: str, text: str) -> bool:
    """Whether `text` mentions `name` or a word derived from it (China/Chinese, Korea/Korean)."""
    for word in name.split():
        if len(word) < 4:
            if re.search(rf"\b{re.escape(word)}\b", text):
                return True
            continue
        stem = word[:-1] if len(word) > 4 else word
        for found in re.finditer(rf"\b{re.escape(stem)}\w*", text, re.IGNORECASE):
            if found.group(0)[0].isupper() and len(found.group(0)) <= len(word) + 3:
                return True
    return False


@dataclass(frozen=True)
class Mention:
    """One event as a sentence states it; `when` is None when the sentence gives no usable date."""

    when: DateRef | None
    place: str | None
    ordinal: int | None = None
    phrase: str = ""
    claim: int | None = None  # the total count this sentence implies as of the article date


def extract(sentence: str, article_date: date | None, query: EventQuery,
            resolver: DateResolver | None = None) -> list[Mention]:
    """The event mentions of one sentence, or [] when it states no event of the asked family. A dateline gives
    no event, place or date here (it dates the article)."""
    sentence = without_datelines(sentence)
    family = query.family
    if not re.search(rf"\b(?:{family.words}|{family.nouns})\b", sentence, re.IGNORECASE):
        return []
    ordinals = _ordinals(sentence, family)
    claims = _counts(sentence, family)
    all_dates = find_dates(sentence, article_date, resolver)
    dates = [d for d in all_dates if _usable(sentence, d)]
    mentions: list[Mention] = []
    for i, ref in enumerate(dates):
        lo = dates[i - 1].end if i else 0
        hi = ref.end if i + 1 < len(dates) else len(sentence)
        place = _nearest_place(sentence, lo, ref.start, hi, query)
        mentions.append(Mention(ref, place))
    if mentions and query.target and any(m.place and _is_target(m.place, query) for m in mentions):
        mentions = [m for m in mentions if m.place is None or _is_target(m.place, query)]  # the others: elsewhere
    if mentions and ordinals:
        if len(ordinals) == len(mentions):
            mentions = [Mention(m.when, m.place, n, p) for m, (n, p) in zip(mentions, ordinals, strict=True)]
            ordinals = []
        elif len(mentions) == 1:
            n, p = ordinals[0]
            mentions = [Mention(mentions[0].when, mentions[0].place, n, p)]
            ordinals = ordinals[1:]
    place = _nearest_place(sentence, 0, len(sentence), len(sentence), query)
    for n, p in ordinals:
        mentions.append(Mention(None, place, n, p))
    for value, p in claims:
        mentions.append(Mention(None, place, None, p, claim=value))
    if not mentions and not all_dates and place:
        mentions.append(Mention(None, place))  # "Kim's visit to Beijing": only a place, for the current event
    return mentions


def _usable(sentence: str, ref: DateRef) -> bool:
    if ref.granularity == "year":
        return False
    before = sentence[:ref.start].split()
    return not before or before[-1].lower().strip(",(—–-") not in _SKIP_BEFORE


def _ordinals(sentence: str, family: Family) -> list[tuple[int, str]]:
    patterns = [
        rf"\b(?P<o>{_ORD})(?:[- ]ever)?\s+(?:[\w-]+\s+){{0,2}}?(?:{family.nouns})\b",
        rf"\bfor the (?P<o>{_ORD}) time\b",
        rf"\b(?P<o>{_ORD})\s+(?:one\s+)?(?:to|in)\s+[A-Z]",
    ]
    found: dict[int, tuple[int, str]] = {}
    for pattern in patterns:
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            for each in re.finditer(_ORD, match.group(0), re.IGNORECASE):  # "second and third visits": both
                word = each.group(0).lower()
                value = ORDINALS.index(word) + 1 if word in ORDINALS else int(word[:-2])
                found.setdefault(match.start() + each.start(), (value, match.group(0)))
    return [found[k] for k in sorted(found)]


def _counts(sentence: str, family: Family) -> list[tuple[int, str]]:
    claims = []
    previous = rf"\b(?P<n>{_NUM})\s+(?:previous|prior|earlier|past|other)\s+(?:{family.nouns})\b"
    for match in re.finditer(previous, sentence, re.IGNORECASE):
        claims.append((_number(match.group("n")) + 1, match.group(0)))
    times = rf"\b(?:{family.words})\b[^.;]{{0,40}}?\b(?P<n>{_NUM}\s+times|once|twice|thrice)\b"
    for match in re.finditer(times, sentence, re.IGNORECASE):
        claims.append((_number(match.group("n").split()[0]), match.group(0)))
    return claims


def _number(word: str) -> int:
    word = word.lower()
    return NUMBERS[word] if word in NUMBERS else int(word)


def _places(sentence: str, lo: int, hi: int, query: EventQuery) -> list[tuple[int, str]]:
    found = []
    pattern = rf"\b(?:to|in|at|into|and)\s+(?P<p>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)" \
              rf"|\b(?P<q>[A-Z][\w’'-]*)\s+(?:{query.family.nouns})\b"
    for match in re.finditer(pattern, sentence[lo:hi]):
        name = match.group("p") or match.group("q")
        words = name.split()
        while words and words[-1] in _NOT_PLACES:
            words.pop()
        if not words or words[0] in _NOT_PLACES or len(words[0]) < 3 \
                or any(names_match(s, name) for s in query.subject):
            continue
        found.append((lo + match.start(), " ".join(words)))
    return found


def _nearest_place(sentence: str, lo: int, at: int, hi: int, query: EventQuery) -> str | None:
    places = _places(sentence, lo, hi, query)
    before = [p for p in places if p[0] < at]
    if before:
        return before[-1][1]
    return places[0][1] if places else None


def _is_target(place: str, query: EventQuery) -> bool:
    return any(names_match(t, place) for t in query.target)
