"""The path a question takes: read it, retrieve and rerank passages, choose the answer sentence, read the story
(timeline, conflicting figures), decide the answer, and rank whole articles."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from qa.ask import articles
from qa.ask.answer import READ_PASSAGES, read_answer
from qa.ask.date_filter import row_filter
from qa.ask.decide import decide_answer
from qa.ask.duplicates import Group, collapse
from qa.ask.engine import Engine
from qa.ask.followup import RELATED, Turn, Understanding, understand
from qa.ask.fusion import reciprocal_rank_fusion
from qa.ask.query import Query, clean_question, read_query
from qa.ask.rerank import RERANK_DEPTH, rerank
from qa.errors import InputError
from qa.index import lexical
from qa.index.encoders import Encoder
from qa.index.vectors import search
from qa.stories.conflicts import find_conflict
from qa.stories.events import family_is_the_event
from qa.stories.records import Conflict, Timeline
from qa.text.terms import terms as question_terms
from qa.text.terms import tokenize
from qa.types import Answer, Article, Chunk, Passage, Phrase, Result

CANDIDATES = 100
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 1.0
CONVERSATION_WEIGHT = 0.5  # a follow-up: the earlier answers' articles ...
OWN_TERMS_WEIGHT = 1.0  # ... and BM25 of its own words, beside the search with its topic (follow-up tune halves)
CONFLICT_PASSAGES = 20
COLLAPSE_WINDOW = 4  # passages looked at per passage shown, to fill k after duplicates are folded
RowFilter = Callable[[int], bool] | None


@dataclass(frozen=True)
class Retrieved:
    """The passage rows of a question, best first (fused, then reranked), and the rows dense and BM25 search found
    (the candidates of the article ranking)."""

    ranked: list[tuple[int, float]]
    found_in: list[int]


def ask(question: str, engine: Engine, k: int = 5, since: str | None = None, until: str | None = None,
        history: Sequence[Turn] = ()) -> Result:
    """Answer one question from the index: the answer sentence (or None), the top-k passages, the articles.

    `since`/`until` (YYYY[-MM[-DD]]) keep only articles dated within the range, before the top-k are taken.
    `history`: the earlier turns of the conversation, for a follow-up question (see `qa.ask.followup`).
    """
    started = time.perf_counter()
    if k < 1:
        raise InputError("-k must be at least 1")
    asked = clean_question(question)
    engine.sentences.forget()
    understood = understand(asked, list(history), partial(relatedness, engine.encoder))
    keep = row_filter(engine.stored.chunks, engine.dates, since, until)
    attempt = attempt_reading(understood, engine, k, keep)
    stray = understood.alone_if_unanswered and strayed(understood, attempt, engine)
    if understood.weigh_alone or stray or (understood.alone_if_unanswered and attempt.sentence is None):
        alone = Understanding(asked, asked, False)
        engine.sentences.forget()  # read as if asked first: the conversation's passages leave no vectors behind
        other = attempt_reading(alone, engine, k, keep)
        surer = other.confidence > attempt.confidence and (understood.weigh_alone or other.sentence is not None)
        if surer or (stray and other.sentence is not None):
            understood, attempt = alone, other
    query, found, sentence = attempt.query, attempt.found, attempt.sentence
    timeline = timeline_of(query, engine, keep)
    answered_by_story = timeline is not None and timeline.lead is not None
    conflict = conflict_of(query, engine, found, sentence) if sentence is not None and not answered_by_story else None
    answer = decide_answer(sentence, timeline, conflict)
    return Result(question=question, answer=answer, passages=shown_passages(engine, found, k, answer),
                  seconds=time.perf_counter() - started, timeline=timeline, conflict=conflict,
                  articles=rank_articles(engine, query, found.found_in, k, keep),
                  understood_as=understood.reader_text if understood.followup else None,
                  carried=understood.carried, event_date=answer_date(query, timeline, answer, engine),
                  unmentioned=query.unmentioned if answer is None else (),
                  unread=attempt.unread if answer is None else ())


def strayed(understood: Understanding, attempt: Attempt, engine: Engine) -> bool:
    """Whether a follow-up's answer was read far from the conversation: its passage names nothing the conversation
    was about and its sentence is far from every earlier question and answer sentence (cosine below RELATED). The
    question may have been asked as if first ("How old was Tesla when he became a US citizen?" after a question on
    the Super Bowl, "he" read as its answer), so it is read alone too."""
    answer = attempt.sentence
    if answer is None or not understood.carried or not understood.conversation:
        return False
    passage = next((chunk.text for chunk in (engine.stored.chunks[row] for row, _ in attempt.found.ranked)
                    if holds_answer(chunk, answer, engine.display_path)), answer.text).lower()
    if any(name.lower() in passage for name in understood.carried):
        return False
    return max(relatedness(engine.encoder, answer.text, understood.conversation)) < RELATED


@dataclass(frozen=True)
class Attempt:
    """A question read one way: its query, the passages found and the answer sentence, and how surely they answer."""

    query: Query
    found: Retrieved
    sentence: Answer | None
    confidence: float
    unread: tuple[str, ...] = ()  # the question's rare names none of the passages read holds (`unread_names`)


def attempt_reading(understood: Understanding, engine: Engine, k: int, keep: RowFilter) -> Attempt:
    query = read_query(understood.reader_text, engine.encoder, engine.stored.bm25, understood.search_text,
                       understood.answered, understood.context)
    found = retrieve(query, engine, k, keep, engine.rows_of(understood.articles) if understood.articles else ())
    unread = unread_names(query, [engine.stored.chunks[row].text for row, _ in found.ranked[:READ_PASSAGES]])
    if query.unmentioned or unread:  # no article mentions Texaco; Brazil is in none of the passages read
        return Attempt(query, found, None, -math.inf, unread)
    sentence, confidence = answer_sentence(query, engine, found, k)
    return Attempt(query, found, sentence, confidence)


def relatedness(encoder: Encoder, text: str, others: Sequence[str]) -> list[float]:
    vectors = encoder.encode([text, *others])
    return (vectors[1:] @ vectors[0]).tolist()


def earlier_turns(questions: Sequence[str], engine: Engine, k: int = 5) -> list[Turn]:
    """The turns of a conversation given by its questions alone: each asked in order, with the turns before it,
    keeping what it was understood as and the answer it got (what a follow-up after them refers to)."""
    turns: list[Turn] = []
    for question in questions:
        turns.append(as_turn(question, ask(question, engine, k, history=turns)))
    return turns


def as_turn(question: str, result: Result) -> Turn:
    """An answered question as a turn of the conversation: its answer phrase (what "it" or "he" may point at next)
    and how it was read."""
    answer = result.answer
    if answer is None:
        return Turn(question, "", result.understood_as or "")
    said = answer.phrase.text if answer.phrase else ""
    return Turn(question, said, result.understood_as or "", answer.source, answer.text)


def dense_ranking(engine: Engine, vector: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """Rows and cosine similarities of the `depth` nearest passages (plain dense search)."""
    scores, ids = search(engine.stored.faiss_index, vector, depth)
    return list(zip(ids.tolist(), scores.tolist(), strict=True))


def lexical_ranking(engine: Engine, terms: tuple[str, ...], depth: int) -> list[tuple[int, float]]:
    """Rows and BM25 scores of the `depth` best passages (plain BM25)."""
    scores, ids = lexical.search(engine.stored.bm25, terms, depth)
    return list(zip(ids.tolist(), scores.tolist(), strict=True))


def retrieve(query: Query, engine: Engine, k: int, keep: RowFilter, conversation: Sequence[int] = ()) -> Retrieved:
    """Dense and BM25 search fused by rank, within the date range, then the head reranked by its sentences.

    A follow-up searches with its topic; two more rankings join the fusion: its own words alone (BM25), and
    `conversation`, the passage rows of the articles its earlier answers came from (by BM25 score), which the
    rerank also favours a little."""
    depth = max(k, CANDIDATES) if keep is None else len(engine.stored.chunks)
    dense = dense_ranking(engine, query.vector, depth)
    bm25 = lexical.all_scores(engine.stored.bm25, query.terms)
    lexical_rows = lexical.best_rows(bm25, depth).tolist()
    rankings, weights = [[r for r, _ in dense], lexical_rows], [DENSE_WEIGHT, LEXICAL_WEIGHT]
    if conversation:
        rankings.append(sorted(conversation, key=lambda row: -bm25[row]))
        weights.append(CONVERSATION_WEIGHT)
    if query.own_terms:
        rankings.append(lexical.best_rows(lexical.all_scores(engine.stored.bm25, query.own_terms), depth).tolist())
        weights.append(OWN_TERMS_WEIGHT)
    fused = reciprocal_rank_fusion(rankings, weights)
    if keep is not None:
        fused = [(row, score) for row, score in fused if keep(row)]
        dense = [(row, score) for row, score in dense if keep(row)]
        lexical_rows = [row for row in lexical_rows if keep(row)]
    found_in = [row for row, _ in dense[:CANDIDATES]] + lexical_rows[:CANDIDATES]
    engine.sentences.remember_chunks(row for row, _ in fused[:max(RERANK_DEPTH, READ_PASSAGES)])
    ranked = rerank(query, fused, engine.stored.chunks, engine.sentences, set(conversation))
    return Retrieved(ranked, found_in)


def answer_sentence(query: Query, engine: Engine, found: Retrieved, k: int) -> tuple[Answer | None, float]:
    """The answer phrase the reader marks in the top passages and its sentence, cited, None when none answers; and
    how surely the passages answer (`read_answer`)."""
    pool = [(engine.stored.chunks[row], score) for row, score in found.ranked[:max(k, READ_PASSAGES)]]
    choice, confidence = read_answer(query, pool, engine.sentences, engine.reader)
    if choice is None:
        return None, confidence
    source = choice.chunk.source
    citation = choice.chunk.cite(choice.start, choice.end, engine.display_path(source), engine.dates.get(source))
    phrase = None
    if choice.phrase is not None:
        start, end = choice.phrase
        phrase = Phrase(choice.chunk.text[start - choice.chunk.start:end - choice.chunk.start], start, end)
    supporting = tuple(engine.display_path(s) for s in choice.supporting)
    return Answer.of(citation, choice.score, supporting, phrase), confidence


def unread_names(query: Query, texts: list[str]) -> tuple[str, ...]:
    """The question's rare names (`Query.rare`) that none of the passages read holds: "How large is Brazil's foreign
    debt?" read in passages on Ecuador's, Brazil being in one cocoa-price dateline of the 1987 newswire."""
    if not query.rare:
        return ()
    held = {term for found in tokenize(texts) for term in found}
    return tuple(name for name in query.rare if not set(question_terms(name)) & held)


def timeline_of(query: Query, engine: Engine, keep: RowFilter) -> Timeline | None:
    """The story a counting, first/last, list or latest-figure question asks about (None for other questions):
    visits, meetings and elections from their own words and stated counts (`qa.stories.timeline`), any other
    event by reading many articles (`qa.ask.across_time`)."""
    from qa.stories.story_question import read_story_question

    if query.unmentioned:
        return None
    story = read_story_question(query.text)
    if query.counts_events and (story is None or family_is_the_event(query.text)):
        from qa.stories.timeline import build_timeline

        timeline = build_timeline(query.text, engine.archive, keep)
        if timeline is not None or story is None:
            return timeline
    if story is None:
        return None
    from qa.ask.across_time import read_story

    return read_story(story, query, engine, keep)


def answer_date(query: Query, timeline: Timeline | None, answer: Answer | None, engine: Engine) -> str | None:
    """The day a when / first / last question's answer tells of: the timeline's first or last event, else the date
    the answer sentence gives (`qa.stories.event_date`)."""
    if timeline is not None and timeline.kind in ("first", "last") and timeline.events:
        label = timeline.events[0 if timeline.kind == "first" else -1].when
        return label.removeprefix("reported ").split("..")[0]
    from qa.stories.story_question import asks_when

    if answer is None or not asks_when(query.text):
        return None
    from qa.stories.event_date import event_date
    from qa.text.iso_dates import parse_iso

    phrase = (answer.phrase.start - answer.start, answer.phrase.end - answer.start) if answer.phrase else None
    when = event_date(answer.text, phrase, parse_iso(answer.date), engine.archive.resolver)
    return None if when is None else when.label().split("..")[0]


def conflict_of(query: Query, engine: Engine, found: Retrieved, answer: Answer) -> Conflict | None:
    hits = [(engine.stored.chunks[row], score) for row, score in found.ranked[:CONFLICT_PASSAGES]]
    return find_conflict(query.text, hits, engine.archive, answer)


def shown_passages(engine: Engine, found: Retrieved, k: int, answer: Answer | None) -> tuple[Passage, ...]:
    """The top-k passages with near-duplicates folded, the one that holds the answer first."""
    groups = collapse([(engine.stored.chunks[row], score) for row, score in found.ranked[:k * COLLAPSE_WINDOW]], k)
    return tuple(
        Passage(rank, engine.display_path(g.chunk.source), g.chunk.start, g.chunk.end, g.chunk.line,
                round(g.score, 4), g.chunk.text, tuple(engine.display_path(s) for s in g.also_in),
                encoding=g.chunk.encoding, date=engine.dates.get(g.chunk.source))
        for rank, g in enumerate(answer_first(groups, answer, engine.display_path), start=1)
    )


def answer_first(groups: list[Group], answer: Answer | None, display_path: Callable[[str], str]) -> list[Group]:
    """The passages with the one that holds the answer sentence (if shown) moved to the top: the answer is
    chosen sentence by sentence, a finer judgement than the passage ranking, and it is quoted from there."""
    if answer is None:
        return groups
    holder = next((i for i, g in enumerate(groups) if holds_answer(g.chunk, answer, display_path)), None)
    if holder is None:
        return groups
    return [groups[holder]] + groups[:holder] + groups[holder + 1:]


def holds_answer(chunk: Chunk, answer: Answer, display_path: Callable[[str], str]) -> bool:
    """Whether the passage is the one the answer sentence was quoted from."""
    return display_path(chunk.source) == answer.source and chunk.start <= answer.start and answer.end <= chunk.end


def rank_articles(engine: Engine, query: Query, passage_rows: list[int], k: int,
                  keep: RowFilter) -> tuple[Article, ...]:
    """The k articles most about the question (none from an index without article ranking)."""
    table = engine.article_table
    if table is None or engine.stored.article_bm25 is None or engine.stored.sentences is None:
        return ()
    mask = None if keep is None else np.array([keep(int(row)) for row in table.first], dtype=bool)
    found = articles.evidence(query, table, engine.stored.sentences, engine.stored.article_bm25, passage_rows, mask)
    dates = engine.dates
    return tuple(Article(rank, engine.display_path(table.sources[a]), round(score, 4), dates.get(table.sources[a]))
                 for rank, (a, score) in enumerate(articles.rank(found, k), start=1))
