"""A story question answered by reading many articles: the reader answers the plain question ("When did Sosnoff
extend his offer?") in each of the best passages, the answerable model keeps the passages that answer it, and each
answer is dated (`qa.stories.event_date`). Then:

- count: the different days among the answers whose sentence tells of the event itself, done by whom the question
  asks about (`qa.stories.event_words`), read in those sentences of the best passages and of more found by the
  question's names and event words;
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
from qa.read.spans import Span, tidy_phrase
from qa.stories.asked_period import asked_period
from qa.stories.dates import format_range
from qa.stories.event_date import event_date
from qa.stories.event_words import (
    WORD,
    done_by_another,
    done_by_the_asked,
    done_to_a_thing_not_asked,
    done_to_another,
    event_words,
    of_the_asked,
    root,
    tells_of,
)
from qa.stories.records import Timeline, TimelineEvent
from qa.stories.story_question import StoryQuestion
from qa.stories.units import unit_of
from qa.text.features import DATE
from qa.text.iso_dates import parse_iso
from qa.text.sentences import split_sentences
from qa.text.terms import terms
from qa.text.vocabulary import IRREGULAR_VERBS, MONTHS, either
from qa.types import Chunk, Citation, Phrase
from qa.types import Span as TextSpan

STORY_PASSAGES = 24
TELLING_FLOOR = -1.0  # a count's sentence that tells of the event by its words may answer a little less surely
EVENT_PASSAGES = 12  # a count reads as many more passages found by its names and event words alone
BACKGROUND = timedelta(days=90)  # a first or last date this long before the story's first article is background
MONTH_NAME = re.compile(rf"\b(?:{either(MONTHS)})\b")
SAME_EVENT = timedelta(days=1)  # answers dated a day apart tell of one event (a report, and the next day's)
# A counted day whose best sentence is this much less like the question (cosine) than the best day's tells of a
# neighbouring act ("raised its rate ... at today's auction for assistance funds", asked how many times the bank
# withheld its assistance). Chosen on the story sets' tune halves: every value from 0.10 to 0.25 counts one to three
# more right, 0.15 is the middle of that range.
NEAR_ACT = 0.15


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
    dated: bool = True  # False: neither the sentence nor the article gives a day (`when` is then date.min)


def read_story(story: StoryQuestion, asked: Query, engine: Engine,
               keep: Callable[[int], bool] | None = None) -> Timeline:
    """The timeline of a story question (`asked`: the question as read); one that says no event was found when no
    passage read answers its plain question."""
    from qa.ask.pipeline import retrieve

    query = asked if story.plain == asked.text else read_query(story.plain, engine.encoder, engine.stored.bm25)
    ranked = retrieve(query, engine, STORY_PASSAGES, keep).ranked[:STORY_PASSAGES]
    engine.sentences.remember_chunks(row for row, _ in ranked)
    hits = [(engine.stored.chunks[row], score) for row, score in ranked]
    if story.of_times:  # the first or last of the events a count counts
        counted = _dated(_counted(StoryQuestion("count", story.plain), engine, query, ranked, hits, keep))
        if counted:
            return _first_or_last(story.kind, counted)
    if story.kind == "count":
        counted = _counted(story, engine, query, ranked, hits, keep)
        dated = _dated(counted)
        return _count(dated) if dated else _not_found("count", undated=bool(counted))
    answered = _within_asked_period(story, _answers(story, engine, query, hits))
    found = _dated(answered, by_article=story.kind == "latest")
    if not found:
        return _not_found(story.kind, undated=bool(answered))
    if story.kind == "latest":
        return _latest(found)
    return _first_or_last(story.kind, _within_coverage(found))


def _counted(story: StoryQuestion, engine: Engine, query: Query, ranked: list[tuple[int, float]],
             hits: list[tuple[Chunk, float]], keep: Callable[[int], bool] | None) -> list[Found]:
    """The answers a count counts: read in the sentences that tell of the event, in the passages found and in more
    found by the question's names and event words."""
    words = event_words(story.plain, [chunk.text for chunk, _ in hits])
    if words:
        floor = min((score for _, score in ranked), default=0.0)
        hits = hits + _telling_more(story.plain, words, engine, {row for row, _ in ranked}, floor, keep)
    return _like_the_question(_within_asked_period(story, _answers(story, engine, query, hits, words)), engine, query)


def _like_the_question(found: list[Found], engine: Engine, query: Query) -> list[Found]:
    """The answers of the days whose best sentence is within NEAR_ACT (cosine to the question) of the best day's."""
    if not found:
        return found
    likeness = engine.sentences.encode([f.citation.text for f in found]) @ query.vector
    of = {id(f): float(score) for f, score in zip(found, likeness, strict=True)}
    days = _by_day(found)
    best_of_day = [max(of[id(f)] for f in group) for group in days]
    floor = max(best_of_day) - NEAR_ACT
    return [f for group, best in zip(days, best_of_day, strict=True) if best >= floor for f in group]


def _within_coverage(found: list[Found]) -> list[Found]:
    """The answers of a first or last question but those dated long before the story's first article (background:
    "In September 1986, Sosnoff filed for clearance ..." in a story told from March 1987); all of them when none
    is left."""
    published = [f.published for f in found if f.published is not None]
    if not published:
        return found
    start = min(published) - BACKGROUND
    return [f for f in found if f.when >= start] or found


def _telling_more(plain: str, words: set[str], engine: Engine, seen: set[int], floor: float,
                  keep: Callable[[int], bool] | None) -> list[tuple[Chunk, float]]:
    """More passages for a count: of those that hold an event word, the best by BM25 for the question's names and
    event words ("Sosnoff Caesars World extend"), which the whole question's search may rank below passages about
    the story at large. Each is given `floor`, the search score of the last passage the question found."""
    bm25 = engine.stored.bm25
    said = [w for w in WORD.findall(plain) if root(w) in words]
    bases = {w.lower() for w in said}
    said += [form for form, base in IRREGULAR_VERBS.items() if base in bases]
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
    sentence_spans = [split_sentences(text) for text in texts]
    # A count's "when" answered by a dateline is the article's own report of the event, its lead sentence dated by
    # the article (a dateline is never a date `event_date` gives); elsewhere a dateline is no answer.
    if story.kind == "count" and words:
        spans = _spans_in_telling_sentences(engine, query.text, texts, sentence_spans, words)
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
        spans_of_sentences = sentence_spans[passage]
        sentences = [chunk.text[s.start:s.end] for s in spans_of_sentences]
        similarity = float((engine.sentences.encode(sentences) @ query.vector).max()) if sentences else 0.0
        single = Span(0, span.start, span.end, span.score, span.margin)
        score = engine.reader.answerable.score(evidence(query.text, query.weights, [chunk.text], [hits[passage][1]],
                                                        [single], similarity))
        if score < (TELLING_FLOOR if words else 0.0):
            continue
        if story.kind == "latest" and (not _is_figure(chunk.text[span.start:span.end])
                                       or not of_the_asked(chunk.text, story.plain)):
            continue
        start, end = _sentence_around(spans_of_sentences, span)
        if words is not None and (not tells_of(chunk.text[start:end], words)
                                  or done_to_another(chunk.text[start:end], words, story.plain)
                                  or done_to_a_thing_not_asked(chunk.text[start:end], words, story.plain)
                                  or not done_by_the_asked(chunk.text, words, story.plain)
                                  or done_by_another(chunk.text[start:end], words, story.plain)):
            continue  # before the sentence is dated: dating may call dateparser
        item = _found(engine, chunk, (start, end), span, score, acts=story.kind == "count")
        key = (item.citation.source, item.citation.start)  # a sentence in two overlapping passages: once
        if key not in found or found[key].score < score:
            found[key] = item
    return list(found.values())


def _spans_in_telling_sentences(engine: Engine, question: str, texts: list[str], sentence_spans: list[list[TextSpan]],
                                words: set[str]) -> list[Span]:
    """The reader's best span in the sentences of each passage that tell of the event (the passage's best span
    overall may answer something else: "28 dlrs a share" before "it has extended the tender until May 15");
    passages with no such sentence are not read. `sentence_spans`: each passage's sentences."""
    telling: dict[int, list[tuple[int, int]]] = {}
    for passage, text in enumerate(texts):
        found = [(s.start, s.end) for s in sentence_spans[passage] if tells_of(text[s.start:s.end], words)]
        if found:
            telling[passage] = found
    read = sorted(telling)

    def inside(passage: int, start: int, end: int) -> bool:
        return any(first <= start and end <= last for first, last in telling[read[passage]])

    spans = engine.reader.spans(question, [texts[p] for p in read], inside)
    return [Span(read[s.passage], s.start, s.end, s.score, s.margin) for s in spans]


def _is_figure(phrase: str) -> bool:
    """Whether a phrase can be a figure that changes over time: a number, or a date ("mid-September")."""
    return any(ch.isdigit() for ch in phrase) or bool(MONTH_NAME.search(phrase))


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
    first, last = tidy_phrase(chunk.text, span.start, span.end, end)
    phrase = Phrase(chunk.text[first:last], chunk.start + first, chunk.start + last)
    day = when.first if when is not None else (published or date.min)
    until = when.last if when is not None and when.granularity == "day" and when.last != when.first else None
    return Found(citation, phrase, day, when.granularity if when else "day", published, score, until,
                 dated=when is not None or published is not None)


def _label(found: Found) -> str:
    return format_range(found.when, found.when, found.granularity)


def _event(number: int, group: list[Found], when: str | None = None) -> TimelineEvent:
    return TimelineEvent(number, when or _label(group[0]), None, (), tuple(f.citation for f in group))


def _not_found(kind: str, undated: bool = False) -> Timeline:
    """What a story question gets when no passage read tells of its event (`undated`: passages do, but not all of
    them can be put in time): a timeline that says so, with no count and no events, so that the plain answer shown
    under it is not taken for the count or the date."""
    wanted = {"count": "count", "first": "first date", "last": "last date", "latest": "latest figure"}[kind]
    if not undated:
        why = "none of the articles read tells of this event itself"
    elif kind == "latest":
        why = "articles that state it are undated, so which figure came last cannot be told"
    else:
        why = "articles that tell of it are undated, so it cannot be put in time"
    return Timeline(kind, f"No {wanted} found: {why}; the closest sentence is shown instead.", None, None, (), (), ())


def _dated(found: list[Found], by_article: bool = False) -> list[Found]:
    """The answers when every one can be put in time (dated by its sentence or its article; with `by_article`, a
    latest figure's, by its article), else none: an undated answer may be the first, the last or the latest, and
    is no day to count."""
    if by_article:
        return found if all(f.published is not None for f in found) else []
    return found if all(f.dated for f in found) else []


def _latest(found: list[Found]) -> Timeline:
    dated = sorted(_in_the_usual_unit(found), key=lambda f: (f.published or date.min, f.score))
    latest = dated[-1]
    events = tuple(_event(n, [f], f.citation.date) for n, f in enumerate(dated, start=1))  # as of each article
    earlier = "; ".join(f"{f.phrase.text} ({f.citation.date})" for f in reversed(dated[:-1]))
    summary = f"Latest: {latest.phrase.text} ({latest.citation.date})" + (f"; earlier: {earlier}" if earlier else "")
    return Timeline("latest", summary, None, latest.citation.date, events, (), (), latest.citation, latest.phrase)


def _in_the_usual_unit(found: list[Found]) -> list[Found]:
    """The answers stated in the unit most of the answers' weight is in (their answerable scores), when most is:
    "28 dlrs a share" and "32 dlrs" for an offer per share, not "3,878,700 shares", a stake read in a later
    article; all of them otherwise."""
    units = [unit_of(f.citation.text, f.phrase.start - f.citation.start, f.phrase.end - f.citation.start)
             for f in found]
    weight: dict[str, float] = {}
    for unit, answer in zip(units, found, strict=True):
        if unit is not None:
            weight[unit] = weight.get(unit, 0.0) + max(answer.score, 0.0)
    if not weight:
        return found
    usual = max(weight, key=lambda unit: weight[unit])
    if weight[usual] <= sum(max(f.score, 0.0) for f in found) / 2:
        return found
    return [answer for unit, answer in zip(units, found, strict=True) if unit == usual]


def _first_or_last(kind: str, found: list[Found]) -> Timeline:
    days = _by_day(found)
    chosen = days[0] if kind == "first" else days[-1]
    events = tuple(_event(n, group) for n, group in enumerate(days, start=1))
    word = "First" if kind == "first" else "Latest"
    label, said = _label(chosen[0]), chosen[0].phrase.text
    summary = f"{word}: {label}" + (f", {said!r}" if _dates_it(said, chosen[0].when, label) else "")
    return Timeline(kind, summary, len(days), max(f.citation.date or "" for f in found) or None, events, (), (),
                    chosen[0].citation, chosen[0].phrase)


def _dates_it(phrase: str, day: date, label: str) -> bool:
    """Whether the reader's phrase is what dates an event: it names the event's month or a day relative to its
    article ("Friday", "yesterday"), and is more than the label itself ("May 15" for an act done on March 23: no)."""
    if phrase == label.split("-")[0] or phrase in label or not DATE.search(phrase):
        return False
    month = MONTHS[day.month - 1]
    return month.lower() in phrase.lower() or not MONTH_NAME.search(phrase)


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
