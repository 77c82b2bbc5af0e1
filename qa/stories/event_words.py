"""Which words of a story question name its event, and whether a sentence tells of that event done by whom it
asks about: "When did Sosnoff extend his tender offer for Caesars World?" is about extending (the words few of the
story's passages share, used as verbs), told by "Sosnoff said it has extended the tender until May 15", not by "The
offer expires April 3 unless extended" (planned), "Citicorp suggested that Dixons extend its tender" (wanted, and
another's) or "Sosnoff said he rejected all of the proposals" asked about the Caesars World board.

Only grammar is named here (question and modal words, irregular pasts), never the events themselves.
"""

from __future__ import annotations

import re

from qa.read.answerable import asked_names
from qa.stories.asked_period import without_time_phrases
from qa.text.datelines import without_datelines
from qa.text.terms import stem
from qa.text.vocabulary import BE_FORMS, CALENDAR_WORDS, IRREGULAR_VERBS, STOPWORDS

EVENT_WORD_SHARE = 0.5  # a question word in at least this share of the story's passages is its topic, not its event
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_PLANNED = re.compile(r"\b(?:unless|if|would|could|might|may|should|intends?|intended|plans?|planned|proposed|"
                      r"expected|will|wants?|seeks?|threatened|considering|asked|set for|targets?|targeted|"
                      r"no|not|never|unlikely)\b[^.;]{0,30}$",
                      re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][\w'-]*")
# capitalised words, not the first, joined by "of" ("the Bank of Spain")
_FIRST_NAME = re.compile(r"(?<=\s)[A-Z][\w'&/-]*(?:\s+(?:of\s+)?[A-Z][\w'&/-]*)*")
_POSSESSIVE = re.compile(r"['’]s?(?=\s|$)")  # where the owner's name ends: "Uganda's ICO quota"
_DID = re.compile(r"\b(?:did|does|do)\b", re.IGNORECASE)
_AN = re.compile(r"\b(?:a|an)\s+$", re.IGNORECASE)  # "a cut in interest rates would ...": one supposed
_MODAL_AFTER = re.compile(r"[^.;]*?\b(?:would|could|might|may|will)\b", re.IGNORECASE)
_IRREGULAR_BASES = frozenset(IRREGULAR_VERBS.values())
_SUBJECT_WORDS = 2
_ACTIVE = re.compile(r"\b(?:did|does|do|has|have|had)\b", re.IGNORECASE)
_INFLECTED = re.compile(r"\b[a-z][a-z-]{2,}(?:ed|ing)\b")


def event_words(plain: str, passages: list[str]) -> set[str]:
    """The words of a story question that tell its event apart from its topic: the question's words but its names
    and the phrases that place it in time, those found in fewer than half of the story's passages ("extend" in
    "When did Sosnoff extend his tender offer for Caesars World?", where every passage tells of the tender offer).
    Of these, the ones the passages use as verbs (a form in -ed or -ing: "extended", "cutting") when there are any:
    "investor" in "When did the Cyacq investor group extend ...?" is who acts, not what was done."""
    names = _roots(" ".join(asked_names(plain)))
    wanted = _roots(without_time_phrases(plain)) - names
    told = [_roots(text) for text in passages]
    rare = {w for w in wanted if sum(w in t for t in told) < EVENT_WORD_SHARE * max(len(told), 1)}
    verbs = _verb_roots(passages)
    if not rare:  # every word is the story's ("When did the Bundesbank cut interest rates?"): what it did is asked
        verb = _asked_verb(plain, verbs)
        return {verb} if verb else set()
    acted = verbs & rare
    return acted or rare


def _asked_verb(plain: str, verbs: set[str]) -> str | None:
    """The root of the verb after an active question's auxiliary and its subject: "cut" in "When did the Bundesbank
    cut interest rates?", the first word after the auxiliary that the passages use as a verb (`verbs`, roots) or
    that is an irregular verb, within the first words a subject may take ("the Cyacq investor group extend")."""
    did = _ACTIVE.search(plain)
    if did is None:
        return None
    told = [w for w in WORD.findall(plain[did.end():]) if w.lower() not in STOPWORDS and not w[0].isupper()]
    return next((root(w) for w in told[:_SUBJECT_WORDS + 1] if root(w) in verbs or w.lower() in _IRREGULAR_BASES),
                None)


def _verb_roots(passages: list[str]) -> set[str]:
    """The roots of the words the passages use in an -ed or -ing form."""
    return {root(word) for text in passages for word in _INFLECTED.findall(text)}


def tells_of(sentence: str, words: set[str]) -> bool:
    """Whether a sentence tells of the event (one of its words, not after a word that makes it planned, conditional
    or denied: "unless extended", "intends to extend", "no reason to cut"; not in its bare form after "to" or a name,
    which asks for it or wants it done: "Citicorp had suggested that Dixons extend its tender"; not a noun after "a"
    that a modal verb follows: "a cut in interest rates would lead investors to ...")."""
    if not words:
        return True
    for match in WORD.finditer(sentence):
        before = sentence[:match.start()]
        if root(match.group(0)) in words and not _PLANNED.search(before) \
                and not (_bare(match.group(0)) and _asks_for_it(before)) \
                and not (_AN.search(before) and _MODAL_AFTER.match(sentence, match.end())):
            return True
    return False


def _asks_for_it(before: str) -> bool:
    """Whether the word before a bare verb makes it wanted, not done: "to", or a name ("that Dixons extend")."""
    previous = WORD.findall(before[-40:])
    if not previous:
        return False
    word = previous[-1]
    return word.lower() == "to" or (word[0].isupper() and word.lower() not in STOPWORDS)


def _bare(word: str) -> bool:
    """Whether a verb is in its bare form (no -ed, -s or -ing, no irregular past)."""
    lower = word.lower()
    return not lower.endswith(("ed", "s", "ing")) and lower not in IRREGULAR_VERBS


def done_to_a_thing_not_asked(sentence: str, words: set[str], plain: str) -> bool:
    """Whether the sentence tells of the event only in the passive, done to a thing the question does not name ("when
    taxes are cut in a 1990 fiscal reform", asked how many times the Bundesbank cut interest rates)."""
    asked = _roots(plain)
    told = WORD.findall(sentence)
    events = [i for i, word in enumerate(told) if root(word) in words]
    passives = [i for i in events if i >= 2 and told[i - 1].lower() in BE_FORMS]
    if not passives or len(passives) < len(events):
        return False
    things = [told[i - 2] for i in passives]
    return all(t.lower() not in STOPWORDS and not t[0].isupper() and root(t) not in asked for t in things)


def done_to_another(sentence: str, words: set[str], plain: str) -> bool:
    """Whether the sentence tells of the event done to someone the question does not ask about: it names none of
    the names the question gives after its event word, and names another after its own ("Dart ... last year raised its
    initial bid for Safeway Stores", asked how many times Dart raised its offer for Supermarkets General)."""
    asked = _event_word(plain, words)
    told = without_datelines(sentence)
    told_word = _event_word(told, words)
    if asked is None or told_word is None:
        return False
    targets = _names(plain[asked.end():])
    others = _names(told[told_word.end():]) - _names(plain)
    return bool(targets) and not targets & _names(told) and bool(others)


def done_by_the_asked(passage: str, words: set[str], plain: str) -> bool:
    """Whether the passage names one of the names the question gives before its event word (who did it: "Mutual
    Shares" in "When did the Mutual Shares group report cutting its stake?"); true when the question names no one
    there ("When did the dollar set a new low?")."""
    asked = _event_word(plain, words)
    first = _FIRST_NAME.search(plain[:asked.start() if asked else len(plain)])
    return first is None or first.group(0).lower() in passage.lower()


def of_the_asked(passage: str, plain: str) -> bool:
    """Whether the passage names the first name of the question (whose figure it asks for: "Acme" in "What is Acme's
    latest offer for Beta?", not the rival's offer in a passage naming only Gamma); true when it names none."""
    first = _FIRST_NAME.search(plain)
    return first is None or _POSSESSIVE.split(first.group(0))[0].lower() in passage.lower()


def done_by_another(sentence: str, words: set[str], plain: str) -> bool:
    """Whether the sentence names others, and none of those the question names as who did it ("When did X <event>
    ...?"), before its event word ("Sosnoff said he rejected all of the proposals", asked when the Caesars World
    board told shareholders to reject Sosnoff's offer). A question in the passive names no one who did it."""
    did = _DID.search(plain)
    asked = _event_word(plain, words)
    if did is None or asked is None or asked.start() < did.end():
        return False
    doers = _names(plain[did.end():asked.start()])
    told = without_datelines(sentence)
    told_word = _event_word(told, words)
    if not doers or told_word is None:
        return False
    before = _names(told[:told_word.start()]) - STOPWORDS
    return bool(before) and not before & doers


def _event_word(text: str, words: set[str]) -> re.Match[str] | None:
    """The first word of the text that is one of the event's."""
    return next((m for m in WORD.finditer(text) if root(m.group(0)) in words), None)


def _names(text: str) -> set[str]:
    """The capitalised words of a text but calendar words, lower-cased, without a possessive 's."""
    return {re.sub(r"['’]s$", "", w.lower()) for w in _NAME.findall(text)} - CALENDAR_WORDS


def _roots(text: str) -> set[str]:
    """The roots of a text's words but its stop words, found as `tells_of` finds them (each word stemmed once)."""
    return {root(word) for word in WORD.findall(text) if word.lower() not in STOPWORDS}


def root(word: str) -> str:
    """A word's stem without its final e's or a doubled last consonant, so that a question's "raise", "agree" and
    "cut" meet the articles' "raised", "agreed" and "cutting" (stems "raise" / "rais", "agree" / "agre", "cut" /
    "cutt"); an irregular past form is its verb's ("sold": "sell")."""
    stemmed = stem(IRREGULAR_VERBS.get(word.lower(), word))
    if len(stemmed.rstrip("e")) >= 3:
        stemmed = stemmed.rstrip("e")
    if len(stemmed) > 3 and stemmed[-1] == stemmed[-2] and stemmed[-1] not in "aeiouls":
        stemmed = stemmed[:-1]
    return stemmed
