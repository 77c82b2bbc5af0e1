"""Follow-up questions: a question that cannot stand alone ("Who is its chairman?", "And in March?", "Why?") read
with the earlier turns of the conversation.

A question is a follow-up when it refers back (a pronoun, "that", "there"), opens like a continuation ("and ...",
"what about ..."), or names nothing of its own (no proper noun). It is then understood as:

- the text the reader reads: the question with he/she/it/they replaced by what they most likely refer to (the
  previous answer, else the previous question's first named entity); a bare "what about X?" or "and in March?"
  becomes the previous question with its entity or time swapped; a bare question word ("why?") asks the previous
  question again with that word;
- the text retrieval searches with: that question plus the earlier turns' questions and answer phrase (the
  topic), so the passages come from the story being discussed;
- the names of the earlier questions that text lacks, which the reader reads after the question ("How many workers
  walked out? Arizona Southwest Forest Industries"), so that its answer comes from the story asked about.

A question with its own named subject and nothing pointing back starts a new topic by itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa.text.vocabulary import BE_FORMS, CALENDAR_WORDS, IRREGULAR_VERBS, MONTHS, OPENING_WORDS, STOPWORDS

TOPIC_TURNS = 2  # earlier turns whose questions make the topic
_NO_NAME_OPENS = CALENDAR_WORDS | STOPWORDS | OPENING_WORDS  # capitalised first words of a run that name nothing
ELLIPTICAL, POINTS_BACK, NAMES_NOTHING = "elliptical", "points back", "names nothing"
SHORT = 4  # words: "From what date?", "Who is its chairman?" are fragments of the conversation; "What are frets?" not
# A follow-up that names nothing and whose cosine to every earlier question and answer sentence is below this may
# follow an unrelated question ("What will the merged company be called?"): it is read both ways (`weigh_alone`).
# Chosen on the follow-up sets' tune halves against SQuAD's tune questions asked after a Super Bowl question.
RELATED = 0.2
Relatedness = Callable[[str, Sequence[str]], list[float]]  # a text's cosine to each of some texts
_PERSON_PRONOUNS = ("he", "she", "him", "his", "her", "hers")
_THING_PRONOUNS = ("it", "its", "they", "their", "theirs")
_DEMONSTRATIVES = ("that", "this", "these", "those")
# pronouns that may point at a name before them in the question itself
_BOUND = ("he", "she", "it", "they", "him", "them", "his", "her", "hers", "its", "their", "theirs")
_KNOWN = ("the", "there", "then", *_PERSON_PRONOUNS, *_THING_PRONOUNS, *_DEMONSTRATIVES, "them")
_AUXILIARIES = BE_FORMS + ("has", "had", "have", "did", "does", "do", "will", "would", "can", "could", "may", "might",
                           "should", "must", "shall")
_FINITE = tuple(word for word in _AUXILIARIES if word not in ("be", "been", "being"))  # "there was ...": no place
_OPENERS = re.compile(r"^(?:and|but|also|so|what about|how about|and what about|and how about)\b[\s,]*",
                      re.IGNORECASE)
_SWAP = re.compile(r"^(?:and|but)?\s*(?:what|how) about\s+(?P<new>.+?)\??$"
                   r"|^and\s+(?P<time>(?:in|on|for|during|by)\s+.+?)\??$", re.IGNORECASE)
_PREPOSITIONS = ("against", "in", "on", "for", "from", "to", "at", "with", "by", "during", "of", "over", "under")
_PHRASE_SWAP = re.compile(rf"^(?:and|but)\s+(?P<prep>{'|'.join(_PREPOSITIONS)})\s+(?P<rest>[^?]+?)\s*\??$",
                          re.IGNORECASE)
_REFERRING = re.compile(r"\b(?i:the|that|this) (?:company|firm|corporation|bank|group|country|government|"
                        r"agreement|union|organization|organisation|offer|bid|deal|strike|meeting|trip|visit|time)\b"
                        r"(?!(?:\s+[a-z]+)?\s+(?:of|at|in|for|with|from|by)\s+"
                        rf"(?!(?i:{'|'.join(sorted(CALENDAR_WORDS))})\b)[A-Z])")
# "the bank", not "the Bank of Japan", "the bank of Japan", "the strike at Cargill's", "the union contract at Acme"
_DEFINITE = re.compile(r"\b(?i:the|his|her|their)\s+[a-z]")  # "the rival group ... its bid", "his fund ... its buying"
_WH_ONLY = re.compile(r"^(?:and\s+)?(?P<wh>why|when|where|who|how|how much|how many|what|which)\s*\??$", re.IGNORECASE)
_WH_START = re.compile(r"^(?:why|when|where|who|whom|whose|how much|how many|how long|how|what|which)\b",
                       re.IGNORECASE)
_PREPOSITION_BEFORE_WH = re.compile(rf"^(?:{'|'.join((*_PREPOSITIONS, 'until', 'since', 'after', 'before'))})\s+"
                                    r"(?=(?:why|when|where|who|whom|whose|how|what|which)\b)", re.IGNORECASE)
_ENTITY = re.compile(r"\b(?:[A-Z][\w.&'-]*|[A-Z]\.)(?:\s+(?:of\s+|de\s+|the\s+)?(?:[A-Z][\w.&'-]*))*")
_TIME = re.compile(r"\b(?:in|on|for|during|by|since)\s+(?:(?:early|late|mid)[- ])?(?:"
                   + "|".join(MONTHS) + r"|\d{4})(?:\s+\d{1,2}\b)?(?:,?\s+\d{4})?", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z']+")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_NEXT_WORD = re.compile(r"\s+([^\s?,]+)")
_POSSESSIVE = ("'s", "’s")
_ASKS_WHO = re.compile(r"^\s*(?:who|whom)\b", re.IGNORECASE)
# "Which company bought ...?": the question word and its noun (after any names), the noun's possessive mark
_WH_NOUN = re.compile(r"^\s*(?i:which|what)\s+(?:[A-Z][\w.&-]*\s+)*(?P<noun>[a-z][\w-]*)(?P<owner>['’]s\b)?")
_COUNTED = re.compile(r"^\s*how many\s+(?P<what>(?:[\w-]+\s+){0,3})(?P<last>[\w-]+)\b", re.IGNORECASE)
_SUBJECT = re.compile(r"\b(?:did|does|do|has|have|had|is|was|were|are|will|would|can|could)\s+(?=[A-Z])")
# "When was the last one?": which of the events a count question counted
_WHICH_TIME = re.compile(r"^(?:and\s+)?when\s+(?:was|is|were|did)\s+(?:the|that)\s+"
                         r"(?P<which>first|last|latest|previous|most recent)(?:\s+(?:one|time))?\s*\??$", re.IGNORECASE)
_COUNT_TIMES = re.compile(r"^\s*how (?:many times|often)\s+(?P<aux>did|does|do|has|have|had|was|were|is|are)\s+"
                          r"(?P<rest>.+)$", re.IGNORECASE)
_DO_SUPPORT = re.compile(r"\b(?:did|does|do)\b", re.IGNORECASE)  # "Which firm did X buy?": the answer is the object
_PLURAL_PRONOUNS = ("they", "their", "theirs")
_POSSESSIVE_PRONOUNS = ("his", "her", "its", "their")
_SUBORDINATORS = ("when", "before", "after", "because", "while", "since", "until", "once", "as", "if", "though",
                  "although", "whether", "that", "which", "where")
_CLAUSE_OPENERS = tuple(w for w in _SUBORDINATORS if w not in ("as", "that", "which", "where"))  # adverbial
# clauses only: a relative's "it" may still be its head's
_AUXILIARIES_RE = re.compile(rf"\b(?!(?-i:May)\b)(?:{'|'.join(_FINITE)})\b", re.IGNORECASE)  # "in May" is no "may"
_DOING = tuple(word for word in _FINITE if word not in BE_FORMS)  # "did the peso fall", not "is the size"
_ARTICLE_SUBJECT = re.compile(rf"\b(?i:{'|'.join(_DOING)})\s+(?:the|a|an)\s+(?:[a-z]+-)*(?P<noun>[a-z]+)\b")
_DEFINITE_SUBJECT = re.compile(rf"\b(?:{'|'.join(_FINITE)})\s+the\s+[a-z]", re.IGNORECASE)  # "did the euro open"
# "Which Commerce official ... their": a name that qualifies the singular thing asked about, not an antecedent
_WH_MODIFIER = re.compile(r"^\s*(?i:which|what)\s+(?P<name>[A-Z][\w.&'-]*)\s+[a-z]+(?<!s)\b")
_RELATIVE_NEXT = re.compile(r"\s+(?:that|which|who)\b")  # "the meeting that ...": defined by its clause
# "Which Haitian sugar mill ...", "New Zealand's harbour workers": names that qualify the noun after them
_WH_QUALIFIER = re.compile(r"^\s*(?i:which|what)\s+(?:[A-Z][\w.&'-]*\s+)+[a-z]")
_INITIAL = re.compile(r"[A-Z]\.")
_POSSESSIVE_NAME = re.compile(r"\b[A-Z][\w.&-]*['’]s\b")
# "When did it happen?", "When was it held?": verbs whose "it" is an event, never a name asked about before
_EVENT_VERBS = re.compile(r"^\s*(?:happen|happened|occur|occurred|take place|took place|take effect|took effect|"
                          r"begin|began|start|started|end|ended|finish|finished|held)\s*[?.!]*\s*$", re.IGNORECASE)
# "How long does it take to know ...?", "is it possible to determine ...?", "it is said that ...": an "it" that
# stands for the clause after it, not for anything said before (but "was it able to sell ...", "did it agree to buy")
_TO_VERB = r"\bto\s+(?!(?:the|a|an|its|his|her|their|this|that)\b)[a-z]"
_TAKES_TO = re.compile(rf"^\s+(?:take|takes|took|cost|costs)\b[^?]*?{_TO_VERB}")
_BE_ADJECTIVE_TO = re.compile(rf"^\s+(?:(?:{'|'.join(BE_FORMS)})\s+)?(?!(?:able|unable|ready|willing|due|set|about|"
                              rf"going|likely|unlikely|sure)\b)[a-z]+(?<!ed)\s+(?:{_TO_VERB}|that\s+[a-z])")
_INSTITUTION_WORDS = frozenset("""corp corporation inc co ltd plc ag sa nv bank group company companies organization
organisation agreement council association union institution institute agency partners fund exchange commission
ministry party board court""".split())  # words that make a name an institution, not a person


@dataclass(frozen=True)
class Turn:
    """An earlier turn: the question as typed and as understood, the answer phrase it got ("" for none) and the
    article the answer was read from (its path as shown; "" for none)."""

    question: str
    answer: str = ""
    understood: str = ""
    source: str = ""
    sentence: str = ""  # the answer sentence

    @property
    def read_as(self) -> str:
        return self.understood or self.question


@dataclass(frozen=True)
class Understanding:
    """How a question is read: `reader_text` for the reader, `search_text` for retrieval; `followup` whether
    earlier turns were used (then `carried` names what came from them and `articles` the articles the earlier
    answers were read from, latest first). A follow-up that may also stand alone is read alone too when the
    conversation's reading finds no answer (`alone_if_unanswered`; taken when the reading alone answers, and more
    surely), or always when it names nothing and is far from the conversation (`weigh_alone`; the surer reading
    wins)."""

    reader_text: str
    search_text: str
    followup: bool
    carried: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    answered: tuple[str, ...] = ()  # the earlier answer sentences a new question about the same story should not repeat
    alone_if_unanswered: bool = False
    weigh_alone: bool = False
    context: str = ""  # the names of the earlier questions that the reader text lacks: the reader reads them after it
    conversation: tuple[str, ...] = ()  # the earlier questions (as understood) and answer sentences of the topic


def understand(question: str, history: list[Turn], relatedness: Relatedness | None = None) -> Understanding:
    """The question read alone, or, when it is a follow-up, with the last turns.

    Unless it is elliptical ("And in March?"), a follow-up may also stand alone: SQuAD's "Where did he begin
    teaching?" after a question about Kim. It is read alone too when the conversation's reading finds no answer
    (`alone_if_unanswered`). Where the conversation's reading answers, it stands, however far the question's words
    are from the conversation's ("how many people work there?" after a question on AMC's debt): reading both ways
    and keeping the surer reading took the wrong one more often on the follow-up sets' tune halves, as the surer
    reading is the one whose passages repeat the question's words ("work on the land for its 3,700 people").

    A question that names nothing and points at nothing ("What will the merged company be called?") is a
    follow-up, or a question asked as if its topic were known after something unrelated (SQuAD's "What did the
    school do at this time?" after a question on the Super Bowl). When it is far from the conversation
    (`relatedness`, the cosine of two texts' vectors, below RELATED for every earlier question and answer sentence)
    it is read both ways and the reading whose passages answer more surely wins (`weigh_alone`)."""
    signal = followup_signal(question) if history else None  # a first question is read alone, unparsed
    if signal is None:
        return Understanding(question, question, False)
    recent = history[-TOPIC_TURNS:]
    topic = [turn.read_as for turn in recent]
    said = tuple(turn.sentence for turn in recent if turn.sentence)
    elliptical = signal == ELLIPTICAL
    doubtful = signal == NAMES_NOTHING and relatedness is not None \
        and max(relatedness(question, [*topic, *said])) < RELATED
    previous = history[-1]
    reader_text = _swapped(question, previous.read_as) or _resolved(question, previous)
    named = list(dict.fromkeys(name for text in topic for name in entities(text)))
    carried = tuple(dict.fromkeys([*named, *entities(previous.answer)]))
    search_text = " ".join([reader_text, *map(_content_words, topic), previous.answer]).strip()
    articles = tuple(dict.fromkeys(turn.source for turn in reversed(recent) if turn.source))
    context = " ".join(name for name in named if name.lower() not in reader_text.lower())
    return Understanding(reader_text, search_text, True, carried, articles, () if elliptical else said,
                         alone_if_unanswered=not elliptical, weigh_alone=doubtful, context=context,
                         conversation=(*topic, *said))


def is_followup(question: str) -> bool:
    return followup_signal(question) is not None


def followup_signal(question: str) -> str | None:
    """ELLIPTICAL: an opener ("and ...", "what about ..."), a bare question word, a short question naming nothing
    ("From what date?"), "When was the last one?"; POINTS_BACK: a pronoun the question does not account for itself
    (`_bound_in_question`), "that ...", "there"; NAMES_NOTHING: neither a name nor a year of its own, or a "the
    company" it does not define (`_refers_back`); None: it stands alone."""
    words = list(_WORD.finditer(question))
    stripped, named = question.strip(), entities(question)
    named_inside = [name for name in named if not stripped.startswith(name)]  # "Bound for where?": "Bound" is no name
    if _OPENERS.match(stripped) or _WH_ONLY.match(stripped) or _WHICH_TIME.match(stripped) \
            or (not named_inside and _fragment(words)):
        return ELLIPTICAL
    for at, match in enumerate(words):
        word = match.group(0).lower()
        before = words[at - 1].group(0).lower() if at else ""
        after = words[at + 1].group(0).lower() if at + 1 < len(words) else ""
        if word in _BOUND and _bound_in_question(question, words, at):
            continue  # "Who accompanied Kim on his train journey?": bound to a name of the question itself
        if word == "it" and _expletive(question, match, before):
            continue
        if word in _PERSON_PRONOUNS or word in _THING_PRONOUNS or word in ("them", "then", "same"):
            return POINTS_BACK
        if word in _DEMONSTRATIVES and not _beside_a_name(words, at) and not _relative_that(words, at) and (
                not before or before in STOPWORDS or _names_a_thing(after)):
            return POINTS_BACK  # "that trip", "was that", "call that ruling": not "the contract that ended ..."
        if word == "there" and before not in _AUXILIARIES and after not in _FINITE:
            return POINTS_BACK  # "hold there", "had production there been halted", not "are there any ..."
    if any(_refers_back(question, words, found) for found in _REFERRING.finditer(question)) \
            or not (named or _YEAR.search(question)):  # "What post-war low did the dollar hit on April 24, 1987?"
        return NAMES_NOTHING
    return None


def _fragment(words: list[re.Match[str]]) -> bool:
    """A short question that leans on the conversation: it does not open with a question word or an auxiliary ("From
    what date?", "Bound for where?") or refers to something already known ("Who lifted the injunction?", "What's
    his name?"); a short question about a thing in general ("What are frets?", "When do treaties apply?") stands
    alone."""
    lowered = [w.group(0).lower().removesuffix("'s") for w in words]
    if not lowered or len(lowered) > SHORT:
        return False
    opens_as_question = bool(_WH_START.match(lowered[0])) or lowered[0] in _AUXILIARIES
    return not opens_as_question or any(w in _KNOWN for w in lowered)


def _content_words(question: str) -> str:
    """An earlier question as its topic: its words but the question's grammar ("How many times has Kim visited
    China?" -> "Kim visited China")."""
    return " ".join(word for word in _WORD.findall(question) if word.lower() not in STOPWORDS)


def _beside_a_name(words: list[re.Match[str]], at: int) -> bool:
    """Whether a name comes right before or after the word: "that" is then a relative or a conjunction ("the patents
    that Tesla had", "the feat of Genghis Khan that ...", "said that Globex ..."), not a determiner."""
    return any(0 < i < len(words) and words[i].group(0)[:1].isupper() for i in (at - 1, at + 1))


def _names_a_thing(word: str) -> bool:
    """Whether the word after "that" looks like a noun ("that ruling"), not a verb ("that ended", "that makes")."""
    return bool(word) and word not in STOPWORDS and not word.endswith(("ed", "s"))


def _bound_in_question(question: str, words: list[re.Match[str]], at: int) -> bool:
    """Whether the pronoun `words[at]` means something the question itself names: a name before it ("Who accompanied
    Kim on his train journey?"; for "it", only as a clause's subject, "What did Garuda's DC-9 fly into before it
    crashed?", or as an object in a clause below the question's, "... sued Globex to force it to ...", not "What
    quota did Iraq get under it?"), the subject after a definite article when "it" opens a clause ("... did the euro
    open when it was launched?"), the subject of "Which <noun>" for its possessive or for a "he" opening a clause
    ("Which investor, through his company ...?", "Which investor said that he ...?"), the subject named after a
    possessive that comes before it ("At which of its plants did Iowa Beef Processors ...?") or the question's own
    subject before a possessive ("When did the dollar ... after its April plunge?")."""
    word = words[at].group(0).lower()
    before = question[:words[at].start()]
    if word == "it":
        if not _opens_a_clause(words, at):
            if _object_in_a_clause_below(words, at):
                return bool(set(entities(before)) - set(_subjects(question)))
            return _object_of_a_subordinate_clause(question, words, at)
        after_conjunction = at > 0 and words[at - 1].group(0).lower() in _SUBORDINATORS
        return _has_antecedent(word, before) or (after_conjunction and bool(_DEFINITE_SUBJECT.search(before)))
    if _has_antecedent(word, before):
        return True
    if word in ("he", "she", "they") and _opens_a_clause(words, at):
        return _owned_by_the_asked(word, before)  # "Which investor said that he held a stake?"
    if word not in _POSSESSIVE_PRONOUNS:
        return False
    return _owned_by_the_asked(word, before) or _owned_by_the_subject_after(word, question, words[at].end()) \
        or _owned_by_the_subject_before(word, before)


def _opens_a_clause(words: list[re.Match[str]], at: int) -> bool:
    """Whether "it" is a verb's subject: before an auxiliary ("said it would") or a past verb ("the lawsuit it
    filed", "the contract it won"), or after a conjunction or an auxiliary ("when it sank", "on what day did it
    start"); not an object ("under it", "buy it")."""
    before = words[at - 1].group(0).lower() if at else ""
    after = words[at + 1].group(0).lower() if at + 1 < len(words) else ""
    return after in _AUXILIARIES or before in (*_SUBORDINATORS, *_FINITE) \
        or ((after.endswith("ed") or after in IRREGULAR_VERBS) and before not in STOPWORDS)


def _object_in_a_clause_below(words: list[re.Match[str]], at: int) -> bool:
    """Whether "it" is the object of a verb after "to" or of a gerund after a conjunction, in a clause below the
    question's own ("Which company sued Globex to force it to complete the merger?", "... after governing it"),
    where it may mean a name of the question other than its subject ("When did Globex agree to sell it?": not
    Globex, which does the selling)."""
    if at < 2:
        return False
    opener, verb = words[at - 2].group(0).lower(), words[at - 1].group(0).lower()
    return verb not in STOPWORDS and (opener == "to" or (opener in _SUBORDINATORS and verb.endswith("ing")))


def _object_of_a_subordinate_clause(question: str, words: list[re.Match[str]], at: int) -> bool:
    """Whether "it" is the object of a verb in a subordinate clause with its own subject, and the question names
    something before that clause: a clause's object is not its own subject, so it means the other name ("How many
    products did Globex restrict when the U.S. asked it to end controls?": Globex). "What did they say when Acme
    sued it?" names nothing else: it points back."""
    if at < 3 or words[at - 1].group(0).lower() in STOPWORDS:
        return False
    opener = next((i for i in range(at - 2, 0, -1) if words[i].group(0).lower() in _CLAUSE_OPENERS), None)
    if opener is None or opener + 1 >= at - 1:
        return False  # "... when asked it to ...": no subject of its own
    own_subject = set(entities(question[words[opener].end():words[at - 1].start()]))
    return bool(set(entities(question[:words[opener].start()])) - own_subject)


def _owned_by_the_asked(pronoun: str, before: str) -> bool:
    """"Which investor, through his company ...?": a possessive after the subject a "which" question asks about (no
    auxiliary between), agreeing with its noun in number."""
    asked = _WH_NOUN.match(before)
    if asked is None or not before.lstrip().lower().startswith("which") or asked.group("owner") \
            or _AUXILIARIES_RE.search(before):  # "what price was his stock option at?": his stock option is the subject
        return False
    noun = asked.group("noun").lower()
    if noun in _AUXILIARIES:
        return False
    plural = noun.endswith("s") and not noun.endswith("ss")
    return plural == (pronoun in _PLURAL_PRONOUNS)


def _owned_by_the_subject_before(pronoun: str, before: str) -> bool:
    """"When did the peso first rise after its March fall?": a possessive after the question's subject, a noun
    with an article after its auxiliary (not a form of "be": "What is the size of its stock?" asks about the
    size), agreeing with it in number, or a plural noun without one for "their"."""
    found = _ARTICLE_SUBJECT.search(before)
    if found is None:
        return pronoun in _PLURAL_PRONOUNS and _bare_plural_subject(before)
    return _plural(found.group("noun")) == (pronoun in _PLURAL_PRONOUNS)


def _bare_plural_subject(before: str) -> bool:
    """"When were cocoa futures last as low as their ...?": an auxiliary, then up to three words that are no
    function words, the last a plural noun not followed by "of" ("were shares of their firm" is about their firm)."""
    words = [word.lower() for word in _WORD.findall(before)]
    for at, word in enumerate(words):
        if word not in _FINITE:
            continue
        for end in range(at + 1, min(at + 4, len(words))):
            if words[end] in STOPWORDS:
                break
            if _plural(words[end]) and end + 1 < len(words) and words[end + 1] != "of":
                return True
    return False


def _plural(noun: str) -> bool:
    noun = noun.lower()
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is"))


def _owned_by_the_subject_after(pronoun: str, question: str, end: int) -> bool:
    """"At which of its plants did Iowa Beef Processors lift a lockout?": a possessive before the question's
    auxiliary, the name right after the auxiliary its owner."""
    found = _SUBJECT.search(question, end)
    if found is None or _AUXILIARIES_RE.search(question[:end]):
        return False
    subject = _subjects(question[found.start():])
    if not subject:
        return False
    return _could_be_person(subject[0]) if pronoun in ("his", "her") else True


def _refers_back(question: str, words: list[re.Match[str]], found: re.Match[str]) -> bool:
    """Whether a referring phrase ("the company", "the country's") means something the question does not name: not
    when a relative clause defines it ("the meeting that averted a strike") nor when a name before it only qualifies
    another noun ("Which Sri Lankan minister ... the country's drought?", "New Zealand's harbour workers ... the
    country's ports"); a name heading its own phrase ("What stake does the Bass Group hold in the company?") is not
    what a later "the company" means."""
    if _opens_a_relative(question, words, found.start()) or _RELATIVE_NEXT.match(question, found.end()):
        return False
    before = question[:found.start()]
    return not (_WH_QUALIFIER.match(before) or _POSSESSIVE_NAME.search(before))


def _opens_a_relative(question: str, words: list[re.Match[str]], start: int) -> bool:
    """Whether the word at `start` is a "that" opening a relative clause ("the group that bid for Taft")."""
    at = next((i for i, word in enumerate(words) if word.start() == start), None)
    return at is not None and words[at].group(0).lower() == "that" and _relative_that(words, at)


def _relative_that(words: list[re.Match[str]], at: int) -> bool:
    """"the investor group that bid for Taft": "that" after a noun, its verb followed by a preposition or an
    article, opens a relative clause ("call that ruling" has no such word after)."""
    if not at or words[at - 1].group(0).lower() in STOPWORDS or at + 2 >= len(words):
        return False
    return words[at + 2].group(0).lower() in (*_PREPOSITIONS, "a", "an", "the")


def _has_antecedent(pronoun: str, before: str) -> bool:
    """Whether a name before the pronoun in the question could be what it means (a person for he/she/his/her; for
    they/their, not a name that only qualifies the asked-about singular thing: "Which Commerce official welcomed
    their compliance?")."""
    named = entities(before)
    if pronoun in _PERSON_PRONOUNS:
        return any(_could_be_person(name) for name in named)
    if pronoun in _PLURAL_PRONOUNS:
        modifier = _WH_MODIFIER.search(before)
        return any(modifier is None or name != modifier.group("name") for name in named)
    return bool(named)


def entities(text: str) -> list[str]:
    """The named things of a text: runs of capitalised words, without question and function words, words that
    open a sentence ("According", "During"), calendar names and possessive endings (a rough stand-in for named-entity
    recognition)."""
    found = []
    for run in _name_runs(text):
        for part in re.split(r"['’]s\b\s*", run):
            words = part.split()
            while words and words[0].lower() in _NO_NAME_OPENS:
                words = words[1:]
            while words and words[-1].lower() in CALENDAR_WORDS:
                words = words[:-1]
            name = " ".join(words).rstrip("?,'’")
            if name:
                found.append(name if name.count(".") > 1 else name.rstrip("."))  # "U.K." keeps its last period
    return list(dict.fromkeys(found))


def _name_runs(text: str) -> list[str]:
    """The runs of capitalised words, two joined by "and" when the second ends an institution's name ("British
    Printing and Communication Corp"; not "Moslems and Christians")."""
    runs: list[tuple[int, int]] = []
    for match in _ENTITY.finditer(text):
        joined = runs and text[runs[-1][1]:match.start()] in (" and ", " & ")
        if joined and _is_institution(match.group(0).split()[-1]):
            runs[-1] = (runs[-1][0], match.end())
        else:
            runs.append(match.span())
    return [text[start:end] for start, end in runs]


def _swapped(question: str, previous: str) -> str | None:
    """"What about Iran?" / "And in March?" / "Why?": the previous question with its entity, time or question word
    swapped; None for other questions."""
    text = question.strip()
    wh_only = _WH_ONLY.match(text)
    if wh_only:
        return _asked_with(wh_only.group("wh").capitalize(), previous.strip())
    if _WHICH_TIME.match(text):
        return _which_time(text, previous.strip())
    swap = _SWAP.match(text)
    if swap is None or (swap.group("time") and not _TIME.fullmatch(swap.group("time"))):
        return _phrase_swapped(text, previous)
    if swap.group("time"):
        return _with_time(previous, swap.group("time"))
    new = swap.group("new").strip()
    if _TIME.fullmatch(new) or new.lower().split()[-1] in CALENDAR_WORDS or re.fullmatch(r"\d{4}", new):
        return _with_time(previous, f"in {new}")
    named = entities(previous)
    if not named:
        return f"{previous.rstrip('?')} ({new})?"
    return previous.replace(named[0], new, 1)


def _which_time(question: str, previous: str) -> str | None:
    """"When was the last one?" after "How many times has Kim visited China?": "When has Kim visited China for the
    last time?" (None after any other question)."""
    counted = _COUNT_TIMES.match(previous)
    which = _WHICH_TIME.match(question)
    if counted is None or which is None:
        return None
    word = which.group("which").lower()
    word = "first" if word == "first" else "last"
    return f"When {counted.group('aux').lower()} {counted.group('rest').rstrip(' ?')} for the {word} time?"


def _asked_with(wh: str, previous: str) -> str:
    """The previous question asked with another question word: "When?" after "How many workers did the union call
    out?" is "When did the union call out?" (the whole question phrase goes, up to its auxiliary verb, and the
    preposition before it: "Why?" after "By how much did profits fall?" is "Why did profits fall?")."""
    words = previous.split()
    opening = _PREPOSITION_BEFORE_WH.match(previous)
    if not words or not (_WH_START.match(previous) or opening):
        return f"{wh} {previous}"
    auxiliary = next((at for at, w in enumerate(words[1:], start=1) if w.lower() in _AUXILIARIES), None)
    if auxiliary is None:  # "Who chaired the conference?": the question word is the subject
        return _WH_START.sub(wh, previous[opening.end():] if opening else previous, count=1)
    return " ".join([wh, *words[auxiliary:]])


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
            return f"{previous[:found.start()]}{prep} {new}{previous[_phrase_end(previous, found.end()):]}"
    return None


def _phrase_end(text: str, end: int) -> int:
    """Where a phrase ending at `end` really ends: on over the rest of a name and what its possessive owns ("from Rio
    Tinto-Zinc's industrial businesses", not "from Rio"), up to a function word."""
    last = (text[:end].split() or [""])[-1]
    owned = last.endswith(_POSSESSIVE)
    while (word := _NEXT_WORD.match(text, end)) is not None:
        token = word.group(1)
        if token.lower().removesuffix("'s") in STOPWORDS or token.lower() in _PREPOSITIONS:
            break
        if not (owned or (token[:1].isupper() and last[:1].isupper())):
            break
        end, last, owned = word.end(), token, owned or token.endswith(_POSSESSIVE)
    return end


def _with_time(previous: str, time: str) -> str:
    """The previous question with its time phrase ("in February 1987") replaced by `time`, or `time` added."""
    if _TIME.search(previous):
        return _TIME.sub(time, previous, count=1)
    return f"{previous.rstrip('?')} {time}?"


def _resolved(question: str, previous: Turn) -> str:
    """The question with its personal pronouns replaced by what they most likely refer to: the answer of a previous
    question that asked who did something, when the pronoun agrees with its noun in number ("Which company bought
    ...?" then "How much did it pay?"), else `_referents`."""
    person, thing = _referents(previous)
    doer = _doer_answered(previous)
    counted = _counted(previous.read_as)
    answered_who = bool(_ASKS_WHO.match(previous.read_as)) and person in _answered_names(previous)  # not an "it"

    taken: dict[str, str] = {}  # a name and the pronoun that stands for it: "why did they pull it?" is not X pull X
    words = list(_WORD.finditer(question))
    bound = {found.start() for at, found in enumerate(words)
             if found.group(0).lower() in _BOUND and _bound_in_question(question, words, at)}

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if match.start() in bound or (lower == "it" and _expletive(question, match)):
            return word
        target = person if lower in _PERSON_PRONOUNS else thing
        if doer is not None and (lower in _PLURAL_PRONOUNS) == doer[1]:
            target = doer[0]
        elif counted and lower in _PLURAL_PRONOUNS:
            target = counted  # "How many Japanese shipyards ...?" then "How much will they build?"
        if not target and lower in ("it", "its") and _subject_or_owner(question, match) and not answered_who:
            target = person  # "What bonus issue does it plan?" after one on "Swire Pacific" (a name like a person's)
        if not target or (lower in ("its", "their") and _DEFINITE.search(question[:match.start()])):
            return word
        if lower == "it" and _EVENT_VERBS.match(question[match.end():]):
            return word  # "When did it happen?" is not "When did Kim happen?": the topic's names are carried instead
        if lower in ("his", "hers", "its", "their", "theirs"):
            return f"{target}'s"
        if taken.setdefault(target, lower) != lower:
            return word
        return target

    pronouns = "|".join(_PERSON_PRONOUNS + _THING_PRONOUNS)
    return re.sub(rf"\b(?:{pronouns})\b", replace, question, flags=re.IGNORECASE)


def _expletive(question: str, it: re.Match[str], before: str | None = None) -> bool:
    """Whether "it" stands for the clause after it: "does it take ... to know", "is it possible to", "it is said
    that"."""
    if before is None:
        before = (_WORD.findall(question[:it.start()])[-1:] or [""])[0].lower()
    after = question[it.end():]
    if before in _AUXILIARIES and _TAKES_TO.match(after):
        return True
    verb_first = _WORD.findall(after)[:1]
    be_beside = before in BE_FORMS or bool(verb_first and verb_first[0].lower() in BE_FORMS)
    return be_beside and _BE_ADJECTIVE_TO.match(after) is not None


def _subject_or_owner(question: str, pronoun: re.Match[str]) -> bool:
    """Whether "it" is a verb's subject ("does it plan", "it said") or "its" an owner, not an object ("work on it")."""
    if pronoun.group(0).lower() == "its":
        return True
    before = _WORD.findall(question[:pronoun.start()])[-1:]
    after = _WORD.findall(question[pronoun.end():])[:1]
    return any(word.lower() in _AUXILIARIES for word in [*before, *after])


def _counted(question: str) -> str:
    """What a "How many <things> ...?" question counts, as "the <things>" ("" for any other question, and for "how
    many times"): what "they" means in the next question."""
    asked = _COUNTED.match(question)
    if asked is None:
        return ""
    words = [*asked.group("what").split(), asked.group("last")]
    counted: list[str] = []
    for end, word in enumerate(words):
        if word.lower() in _AUXILIARIES:
            counted = words[:end]
            break
        if word.lower().endswith("s") and not word.lower().endswith("ss"):
            counted = words[:end + 1]
            break
    if not counted or counted[-1].lower() == "times":
        return ""
    return "the " + " ".join(counted)


def _doer_answered(previous: Turn) -> tuple[str, bool] | None:
    """The name that answered a previous "Which <noun> did it?" question (its noun the subject: no "did", no
    "Which country's ..."), and whether the noun is plural; None for any other question or an answer naming none."""
    asked = _WH_NOUN.match(previous.read_as)
    if asked is None or asked.group("owner") or asked.group("noun").lower() in _AUXILIARIES \
            or _DO_SUPPORT.search(previous.read_as):
        return None
    answered = _answered_names(previous)
    if not answered:
        return None
    noun = asked.group("noun").lower()
    return answered[0], noun.endswith("s") and not noun.endswith("ss")


def _referents(previous: Turn) -> tuple[str, str]:
    """(a person, a thing) the previous turn was about: its answer when it is a name (the person, when the question
    asked who), else the entities of its question (a person is two to four capitalised words; anything else named
    is a thing)."""
    answered, asked = _answered_names(previous), entities(previous.read_as)
    asked_who = _ASKS_WHO.match(previous.read_as)
    people = [name for name in answered[:1] if asked_who and not _is_institution(name)]  # "Who told CNBC ...?": he
    people += [c for c in _subjects(previous.read_as) if _could_be_person(c)]  # "did Sosnoff extend ...?": he
    people += [c for c in answered + asked if _is_person_like(c)]
    people += [c for c in answered + asked if _could_be_person(c)]  # "Kim": one word, neither acronym nor firm
    things = [c for c in answered if not _is_person_like(c)]
    things += sorted((c for c in asked if not _is_person_like(c)),
                     key=lambda c: not _is_institution(c))
    return (people[0] if people else ""), (things[0] if things else "")


def _answered_names(previous: Turn) -> list[str]:
    """The names in the previous answer phrase; none when its sentence is in capitals (a wire headline: "RIO
    TINTO-ZINC NET ATTRIBUTABLE PROFIT LOWER" marks no name apart from other words)."""
    if previous.sentence and not any(ch.islower() for ch in previous.sentence):
        return []
    return entities(previous.answer)


def _subjects(question: str) -> list[str]:
    """The name a question's auxiliary verb is followed by: its subject ("How many times did Sosnoff extend his
    offer for Caesars World?": Sosnoff)."""
    found = _SUBJECT.search(question)
    name = _ENTITY.match(question, found.end()) if found else None
    return entities(name.group(0))[:1] if name else []


def _is_person_like(name: str) -> bool:
    """Two to four capitalised words, not an institution's name; a middle initial is a person's ("Peter A. Cohen")."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[0].isupper() and not w.isupper() for w in (words[0], words[-1])) \
        and all((w[0].isupper() and not w.isupper()) or _INITIAL.fullmatch(w) for w in words[1:-1]) \
        and not _is_institution(name)


def _could_be_person(name: str) -> bool:
    return not name.isupper() and not _is_institution(name)


def _is_institution(name: str) -> bool:
    return any(w.lower().rstrip(".") in _INSTITUTION_WORDS for w in name.split())
