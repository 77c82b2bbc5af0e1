"""A story question answered by reading many articles: the reader answers the plain question ("When did Sosnoff
extend his offer?") in each of the best passages, the answerable model keeps the passages that answer it, and each
answer is dated (`qa.stories.event_date`). Then:

- count: the different days among the answers whose sentence tells of the event itself (a word of the question
  that few of the story's passages share, not in a planned or conditional clause: "unless extended");
- first / last: the earliest or latest of those days;
- latest: the answer of the most recent article, with the earlier ones listed by date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from qa.ask.answer import answer_spans
from qa.ask.engine import Engine
from qa.ask.query import Query, read_query
from qa.index import lexical
from qa.read.answerable import asked_names, evidence
from qa.read.spans import Span
from qa.stories.asked_period import asked_period, without_time_phrases
from qa.stories.dates import format_range
from qa.stories.event_date import event_date
from qa.stories.records import Timeline, TimelineEvent
from qa.stories.story_question import StoryQuestion
from qa.text.datelines import without_datelines
from qa.text.iso_dates import parse_iso
from qa.text.sentences import split_sentences
from qa.text.terms import stem, terms
from qa.text.vocabulary import CALENDAR_WORDS, IRREGULAR_VERBS, STOPWORDS
from qa.types import Chunk, Citation, Phrase
from qa.types import Span as TextSpan

STORY_PASSAGES = 24
TELLING_FLOOR = -1.0  # a count's sentence that tells of the event by its words may answer a little less surely
EVENT_PASSAGES = 12  # a count reads as many more passages found by its names and event words alone
EVENT_WORD_SHARE = 0.5  # a question word in at least this share of the story's passages is its topic, not its event
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_PLANNED = re.compile(r"\b(?:unless|if|would|could|might|may|intends?|intended|plans?|planned|proposed|expected|"
                      r"will|wants?|seeks?|threatened|considering|asked|set for|targets?|targeted)\b[^.;]{0,30}$",
                      re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][\w'-]*")
_FIRST_NAME = re.compile(r"(?<=\s)[A-Z][\w'&/-]*(?:\s+[A-Z][\w'&/-]*)*")  # capitalised words, not the first
_DID = re.compile(r"\b(?:did|does|do)\b", re.IGNORECASE)
_INFLECTED = re.compile(r"\b[a-z][a-z-]{2,}(?:ed|ing)\b")
SAME_EVENT = timedelta(days=1)  # answers dated a day apart tell of one event (a report, and the next day's)


@dataclass(frozen=True)
class Found:
    """One passage's answer: its sentence cited, the phrase in it, the day it tells of, the article's date."""

    citation: Citation
    phrase: Phrase
    when: date
    granularity: str
    published: date | None
    score: float
    until: date | None = None  # the last day of a range the answer gives ("last week"); None for one day


def read_story(story: StoryQuestion, asked: Query, engine: Engine,
               keep: Callable[[int], bool] | None = None) -> Timeline:
    """The timeline of a story question (`asked`: the question as read); one that says no event was found when no
    passage read answers its plain question."""
    from qa.ask.pipeline import retrieve

    query = asked if story.plain == asked.text else read_query(story.plain, engine.encoder, engine.stored.bm25)
    ranked = retrieve(query, engine, STORY_PASSAGES, keep).ranked[:STORY_PASSAGES]
    engine.sentences.remember_chunks(row for row, _ in ranked)
    hits = [(engine.stored.chunks[row], score) for row, score in ranked]
    words = event_words(story.plain, [chunk.text for chunk, _ in hits]) if story.kind == "count" else None
    if words:
        floor = min((score for _, score in ranked), default=0.0)
        hits += _telling_more(story.plain, words, engine, {row for row, _ in ranked}, floor, keep)
    found = _within_asked_period(story, _answers(story, engine, query, hits, words))
    if not found:
        return _not_found(story.kind)
    if story.kind == "latest":
        return _latest(found)
    if story.kind == "count":
        return _count(found)
    return _first_or_last(story.kind, found)


def _telling_more(plain: str, words: set[str], engine: Engine, seen: set[int], floor: float,
                  keep: Callable[[int], bool] | None) -> list[tuple[Chunk, float]]:
    """More passages for a count: of those that hold an event word, the best by BM25 for the question's names and
    event words ("Sosnoff Caesars World extend"), which the whole question's search may rank below passages about
    the story at large. Each is given `floor`, the search score of the last passage the question found."""
    bm25 = engine.stored.bm25
    said = [w for w in _WORD.findall(plain) if _root(w) in words]
    said += [form for form, base in IRREGULAR_VERBS.items() if base in {w.lower() for w in said}]
    telling = lexical.all_scores(bm25, terms(" ".join(said)))
    named = lexical.all_scores(bm25, terms(" ".join(asked_names(plain))))
    scores = np.where((telling > 0) & (named > 0), telling + named, 0.0)
    rows = lexical.best_rows(scores, EVENT_PASSAGES + len(seen))
    fresh = [int(row) for row in rows if int(row) not in seen and (keep is None or keep(int(row)))]
    return [(engine.stored.chunks[row], floor) for row in fresh[:EVENT_PASSAGES]]


def _within_asked_period(story: StoryQuestion, found: list[Found]) -> list[Found]:
    """The answers of a count, first or last question that fall in the time it names ("in March", "after its April
    plunge"); a month without a year is in the year of the story's latest article."""
    period = asked_period(story.plain)
    published = [f.published for f in found if f.published is not None]
    if period is None or story.kind == "latest" or not published:
        return found
    year = max(published).year
    return [f for f in found if period.holds(f.when, year)]


def _answers(story: StoryQuestion, engine: Engine, query: Query, hits: list[tuple[Chunk, float]],
             words: set[str] | None = None) -> list[Found]:
    """The best answer of each passage that answers the plain question (each judged as if read alone, with its
    own search score)."""
    chunks = [chunk for chunk, _ in hits]
    texts = [c.text for c in chunks]
    # A count's "when" answered by a dateline is the article's own report of the event, its lead sentence dated by
    # the article (a dateline is never a date `event_date` gives); elsewhere a dateline is no answer.
    if story.kind == "count" and words:
        spans = _spans_in_telling_sentences(engine, query.text, texts, words)
    elif story.kind == "count":
        spans = engine.reader.spans(query.text, texts)
    else:
        spans = answer_spans(engine.reader, query.text, texts)
    best: dict[int, Span] = {}
    for span in spans:
        if span.passage not in best or span.score > best[span.passage].score:
            best[span.passage] = span
    found: dict[tuple[str, int], Found] = {}
    for passage, span in best.items():
        chunk = chunks[passage]
        spans_of_sentences = split_sentences(chunk.text)
        sentences = [chunk.text[s.start:s.end] for s in spans_of_sentences]
        similarity = float((engine.sentences.encode(sentences) @ query.vector).max()) if sentences else 0.0
        single = Span(0, span.start, span.end, span.score, span.margin)
        score = engine.reader.answerable.score(evidence(query.text, query.weights, [chunk.text], [hits[passage][1]],
                                                        [single], similarity))
        if score < (TELLING_FLOOR if words else 0.0):
            continue
        if story.kind == "latest" and not any(ch.isdigit() for ch in chunk.text[span.start:span.end]):
            continue
        start, end = _sentence_around(spans_of_sentences, span)
        if words is not None and (not tells_of(chunk.text[start:end], words)
                                  or done_to_another(chunk.text[start:end], words, story.plain)
                                  or not done_by_the_asked(chunk.text, words, story.plain)
                                  or done_by_another(chunk.text[start:end], words, story.plain)):
            continue  # before the sentence is dated: dating may call dateparser
        item = _found(engine, chunk, (start, end), span, score, acts=story.kind == "count")
        key = (item.citation.source, item.citation.start)  # a sentence in two overlapping passages: once
        if key not in found or found[key].score < score:
            found[key] = item
    return list(found.values())


def _spans_in_telling_sentences(engine: Engine, question: str, texts: list[str], words: set[str]) -> list[Span]:
    """The reader's best span in the sentences of each passage that tell of the event (the passage's best span
    overall may answer something else: "28 dlrs a share" before "it has extended the tender until May 15");
    passages with no such sentence are not read."""
    telling: dict[int, list[tuple[int, int]]] = {}
    for passage, text in enumerate(texts):
        found = [(s.start, s.end) for s in split_sentences(text) if tells_of(text[s.start:s.end], words)]
        if found:
            telling[passage] = found
    read = sorted(telling)

    def inside(passage: int, start: int, end: int) -> bool:
        return any(first <= start and end <= last for first, last in telling[read[passage]])

    spans = engine.reader.spans(question, [texts[p] for p in read], inside)
    return [Span(read[s.passage], s.start, s.end, s.score, s.margin) for s in spans]


def _sentence_around(sentences: list[TextSpan], span: Span) -> tuple[int, int]:
    """The sentence the span starts in (stretched to the span's end), or the span itself outside every sentence."""
    holder = next((s for s in sentences if s.start <= span.start < s.end), None)
    return (holder.start, max(holder.end, span.end)) if holder else (span.start, span.end)


def _found(engine: Engine, chunk: Chunk, sentence_at: tuple[int, int], span: Span, score: float,
           acts: bool = False) -> Found:
    """The answer `span` in its sentence (`sentence_at`: start and end in the passage), cited and dated (`acts`: by
    when it was done, not by a period it set)."""
    start, end = sentence_at
    published_text = engine.dates.get(chunk.source)
    published = parse_iso(published_text)
    sentence = chunk.text[start:end]
    when = event_date(sentence, (span.start - start, span.end - start), published, engine.archive.resolver, acts)
    citation = chunk.cite(chunk.start + start, chunk.start + end, engine.display_path(chunk.source), published_text)
    phrase = Phrase(chunk.text[span.start:span.end], chunk.start + span.start, chunk.start + span.end)
    day = when.first if when is not None else (published or date.min)
    until = when.last if when is not None and when.granularity == "day" and when.last != when.first else None
    return Found(citation, phrase, day, when.granularity if when else "day", published, score, until)


def _label(found: Found) -> str:
    return format_range(found.when, found.when, found.granularity)


def _event(number: int, group: list[Found], when: str | None = None) -> TimelineEvent:
    return TimelineEvent(number, when or _label(group[0]), None, (), tuple(f.citation for f in group))


def _not_found(kind: str) -> Timeline:
    """What a story question gets when no passage read tells of its event: a timeline that says so, with no count
    and no events, so that the plain answer shown under it is not taken for the count or the date."""
    wanted = {"count": "count", "first": "first date", "last": "last date", "latest": "latest figure"}[kind]
    return Timeline(kind, f"No {wanted} found: none of the articles read tells of this event itself; the closest "
                    "sentence is shown instead.", None, None, (), (), ())


def _latest(found: list[Found]) -> Timeline:
    dated = sorted(found, key=lambda f: (f.published or date.min, f.score))
    latest = dated[-1]
    events = tuple(_event(n, [f], f.citation.date) for n, f in enumerate(dated, start=1))  # as of each article
    earlier = "; ".join(f"{f.phrase.text} ({f.citation.date})" for f in reversed(dated[:-1]))
    summary = f"Latest: {latest.phrase.text} ({latest.citation.date})" + (f"; earlier: {earlier}" if earlier else "")
    return Timeline("latest", summary, None, latest.citation.date, events, (), (), latest.citation, latest.phrase)


def _first_or_last(kind: str, found: list[Found]) -> Timeline:
    days = _by_day(found)
    chosen = days[0] if kind == "first" else days[-1]
    events = tuple(_event(n, group) for n, group in enumerate(days, start=1))
    word = "First" if kind == "first" else "Latest"
    label, said = _label(chosen[0]), chosen[0].phrase.text
    summary = f"{word}: {label}" + ("" if said == label.split("-")[0] or said in label else f", {said!r}")
    return Timeline(kind, summary, len(days), max(f.citation.date or "" for f in found) or None, events, (), (),
                    chosen[0].citation, chosen[0].phrase)


def _count(found: list[Found]) -> Timeline:
    groups = _by_day(found)
    events = tuple(_event(n, group) for n, group in enumerate(groups, start=1))
    listing = "; ".join(e.when for e in events)  # each event's sentences are cited below it
    as_of = max(f.citation.date or "" for f in found) or None
    summary = f"{len(groups)} as of {as_of}: {listing}" if as_of else f"{len(groups)}: {listing}"
    notes = ("Counted as the different days the articles tell of it: an event reported on several days apart, or "
             "one only planned, may be counted twice; check the dated sentences.",)
    return Timeline("count", summary, len(groups), as_of, events, (), notes, groups[-1][0].citation, None)


def _by_day(found: list[Found]) -> list[list[Found]]:
    """Answers grouped by the day they tell of (days a day apart join), earliest first; best answer first in each.
    An answer that gives only a month, or a range of days ("last week"), gives way to another that names a day in
    it; one that gives only a year counts when no answer is finer ("last year" is background to a story told in
    days)."""
    finer = [f for f in found if f.granularity != "year"]
    days = [f.when for f in finer if f.granularity == "day" and f.until is None]
    months = {(d.year, d.month) for d in days}
    precise = [f for f in finer or found
               if not (f.granularity == "month" and (f.when.year, f.when.month) in months)
               and not (f.until is not None and any(f.when <= d <= f.until for d in days))]
    groups: list[list[Found]] = []
    for item in sorted(precise, key=lambda f: f.when):
        if groups and item.when - groups[-1][-1].when <= SAME_EVENT:
            groups[-1].append(item)
        else:
            groups.append([item])
    return [sorted(g, key=lambda f: -f.score) for g in groups]


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
    acted = _verb_roots(passages) & rare
    return acted or rare


def _verb_roots(passages: list[str]) -> set[str]:
    """The roots of the words the passages use in an -ed or -ing form."""
    return {_root(word) for text in passages for word in _INFLECTED.findall(text)}


def tells_of(sentence: str, words: set[str]) -> bool:
    """Whether a sentence tells of the event (one of its words, not after a word that makes it planned or
    conditional: "unless extended", "intends to extend"; not in its bare form after "to" or a name, which asks for
    it or wants it done: "Citicorp had suggested that Dixons extend its tender")."""
    if not words:
        return True
    for match in _WORD.finditer(sentence):
        before = sentence[:match.start()]
        if _root(match.group(0)) in words and not _PLANNED.search(before) \
                and not (_bare(match.group(0)) and _asks_for_it(before)):
            return True
    return False


def _asks_for_it(before: str) -> bool:
    """Whether the word before a bare verb makes it wanted, not done: "to", or a name ("that Dixons extend")."""
    previous = _WORD.findall(before[-40:])
    if not previous:
        return False
    word = previous[-1]
    return word.lower() == "to" or (word[0].isupper() and word.lower() not in STOPWORDS)


def _bare(word: str) -> bool:
    """Whether a verb is in its bare form (no -ed, -s or -ing, no irregular past)."""
    lower = word.lower()
    return not lower.endswith(("ed", "s", "ing")) and lower not in IRREGULAR_VERBS


def done_to_another(sentence: str, words: set[str], plain: str) -> bool:
    """Whether the sentence tells of the event done to someone the question does not ask about: it names none of
    the names the question gives after its event word, and names another after its own ("Dart ... last year raised its
    initial bid for Safeway Stores", asked how many times Dart raised its offer for Supermarkets General)."""
    asked_at = next((m.end() for m in _WORD.finditer(plain) if _root(m.group(0)) in words), None)
    told = without_datelines(sentence)
    told_at = next((m.end() for m in _WORD.finditer(told) if _root(m.group(0)) in words), None)
    if asked_at is None or told_at is None:
        return False
    targets = _names(plain[asked_at:])
    others = _names(told[told_at:]) - _names(plain)
    return bool(targets) and not targets & _names(told) and bool(others)


def done_by_the_asked(passage: str, words: set[str], plain: str) -> bool:
    """Whether the passage names one of the names the question gives before its event word (who did it: "Mutual
    Shares" in "When did the Mutual Shares group report cutting its stake?"); true when the question names no one
    there ("When did the dollar set a new low?")."""
    asked_at = next((m.start() for m in _WORD.finditer(plain) if _root(m.group(0)) in words), len(plain))
    first = _FIRST_NAME.search(plain[:asked_at])
    return first is None or first.group(0).lower() in passage.lower()


def done_by_another(sentence: str, words: set[str], plain: str) -> bool:
    """Whether the sentence names others, and none of those the question names as who did it ("When did X <event>
    ...?"), before its event word ("Sosnoff said he rejected all of the proposals", asked when the Caesars World
    board told shareholders to reject Sosnoff's offer). A question in the passive names no one who did it."""
    did = _DID.search(plain)
    asked_at = next((m.start() for m in _WORD.finditer(plain) if _root(m.group(0)) in words), None)
    if did is None or asked_at is None or asked_at < did.end():
        return False
    doers = _names(plain[did.end():asked_at])
    told = without_datelines(sentence)
    at = next((m.start() for m in _WORD.finditer(told) if _root(m.group(0)) in words), None)
    if not doers or at is None:
        return False
    before = _names(told[:at]) - STOPWORDS
    return bool(before) and not before & doers


def _names(text: str) -> set[str]:
    """The capitalised words of a text but calendar words, lower-cased, without a possessive 's."""
    return {re.sub(r"['’]s$", "", w.lower()) for w in _NAME.findall(text)} - CALENDAR_WORDS


def _roots(text: str) -> set[str]:
    """The roots of a text's words but its stop words, found as `tells_of` finds them (each word stemmed once)."""
    return {_root(word) for word in _WORD.findall(text) if word.lower() not in STOPWORDS}


def _root(word: str) -> str:
    """A word's stem without its final e's or a doubled last consonant, so that a question's "raise", "agree" and
    "cut" meet the articles' "raised", "agreed" and "cutting" (stems "raise" / "rais", "agree" / "agre", "cut" /
    "cutt"); an irregular past form is its verb's ("sold": "sell")."""
    root = stem(IRREGULAR_VERBS.get(word.lower(), word))
    if len(root.rstrip("e")) >= 3:
        root = root.rstrip("e")
    if len(root) > 3 and root[-1] == root[-2] and root[-1] not in "aeiouls":
        root = root[:-1]
    return root
