"""The one function that composes the pipeline: encode the question, search, pick passages and the answer."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa import articles, lexical, store
from qa.answer import ANSWER_PASSAGES, choose_sentence
from qa.conflicts import find_conflict
from qa.date_filter import row_filter
from qa.dates import remember as remember_resolved_dates
from qa.duplicates import Group, collapse
from qa.embedding import Encoder
from qa.errors import InputError
from qa.events import is_timeline_question
from qa.fusion import reciprocal_rank_fusion
from qa.indexer import resolve_from_index
from qa.metadata import file_dates
from qa.rerank import RERANK_DEPTH, rerank
from qa.sentence_vectors import SentenceVectors
from qa.types import Answer, Article, Passage, Result
from qa.vector_index import search

CANDIDATES = 100
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 1.0
MAX_QUESTION_CHARS = 2000
CONFLICT_PASSAGES = 20
COLLAPSE_WINDOW = 4  # passages looked at per passage shown, to fill k after duplicates are folded


@dataclass
class Engine:
    """A loaded index and the encoder for questions: what the CLI and the chat share."""

    index_dir: Path
    stored: store.StoredIndex
    encoder: Encoder
    sentences: SentenceVectors = field(init=False)
    article_table: articles.ArticleTable | None = field(init=False)

    def __post_init__(self) -> None:
        self.sentences = SentenceVectors(self.encoder, self.stored.sentences, self.stored.chunks)
        table = self.stored.sentences
        self.article_table = None
        if table is not None and self.stored.article_bm25 is not None and self.stored.chunks:
            self.article_table = articles.ArticleTable.of(self.stored.chunks, table)
        if self.stored.resolved_dates:
            remember_resolved_dates(self.stored.resolved_dates)

    @classmethod
    def open(cls, index_dir: Path, encoder: Encoder | None = None) -> Engine:
        stored = store.load(index_dir)
        if encoder is None:
            from qa.onnx_encoder import OnnxEncoder

            encoder = OnnxEncoder(store.encoder_dir(index_dir), quantized=store.quantized(stored.manifest))
        return cls(index_dir, stored, encoder)

    def display_path(self, source: str) -> str:
        """A path to the source that opens from the current directory."""
        path = resolve_from_index(source, self.index_dir)
        try:
            return os.path.relpath(path)
        except ValueError:  # pragma: no cover - another drive on Windows
            return str(path)


def clean_question(question: str) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in question).split())
    if not text:
        raise InputError("the question is empty")
    return text[:MAX_QUESTION_CHARS]


def dense_ranking(engine: Engine, vector: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """Rows and cosine similarities of the `depth` nearest passages (plain dense search)."""
    scores, ids = search(engine.stored.faiss_index, vector, depth)
    return list(zip(ids.tolist(), scores.tolist(), strict=True))


def lexical_ranking(engine: Engine, text: str, depth: int) -> list[tuple[int, float]]:
    """Rows and BM25 scores of the `depth` best passages (plain BM25)."""
    scores, ids = lexical.search(engine.stored.bm25, text, depth)
    return list(zip(ids.tolist(), scores.tolist(), strict=True))


def answer_first(groups: list[Group], answer: Answer | None, display_path: Callable[[str], str]) -> list[Group]:
    """The passages with the one that holds the answer sentence (if shown) moved to the top: the answer is
    chosen sentence by sentence, a finer judgement than the passage ranking, and it is quoted from there."""
    if answer is None:
        return groups
    holder = next((i for i, g in enumerate(groups) if display_path(g.chunk.source) == answer.source
                   and g.chunk.start <= answer.start and answer.end <= g.chunk.end), None)
    if holder is None:
        return groups
    return [groups[holder]] + groups[:holder] + groups[holder + 1:]


def ask(question: str, engine: Engine, k: int = 5, since: str | None = None, until: str | None = None) -> Result:
    """Answer one question from the index: the best sentence (or None) and the top-k passages.

    `since`/`until` (YYYY[-MM[-DD]]) keep only articles dated within the range, before the top-k are taken.
    """
    started = time.perf_counter()
    if k < 1:
        raise InputError("-k must be at least 1")
    text = clean_question(question)
    vector = engine.encoder.encode([text])[0]
    dates = file_dates(engine.stored.manifest)
    keep = row_filter(engine.stored.chunks, dates, since, until)
    depth = max(k, CANDIDATES) if keep is None else len(engine.stored.chunks)
    dense = dense_ranking(engine, vector, depth)
    lexical_rows = [r for r, _ in lexical_ranking(engine, text, depth)]
    fused = reciprocal_rank_fusion([[r for r, _ in dense], lexical_rows], [DENSE_WEIGHT, LEXICAL_WEIGHT])
    if keep is not None:
        fused = [(row, score) for row, score in fused if keep(row)]
        dense = [(row, score) for row, score in dense if keep(row)]
        lexical_rows = [row for row in lexical_rows if keep(row)]
    found_in = [row for row, _ in dense[:CANDIDATES]] + lexical_rows[:CANDIDATES]
    similarity = dict(dense)
    engine.sentences.remember_chunks(row for row, _ in fused[:max(RERANK_DEPTH, ANSWER_PASSAGES)])
    fused = rerank(text, lexical.question_weights(engine.stored.bm25, text), vector, fused, engine.stored.chunks,
                   engine.sentences)
    groups = collapse([(engine.stored.chunks[row], score) for row, score in fused[:k * COLLAPSE_WINDOW]], k)
    relevance = max(similarity.values(), default=0.0)
    pool = [(engine.stored.chunks[row], score) for row, score in fused[:max(k, ANSWER_PASSAGES)]]
    choice = choose_sentence(text, vector, pool, engine.sentences, relevance)
    answer = None
    if choice is not None:
        chunk = choice.chunk
        answer = Answer(
            text=chunk.text[choice.start - chunk.start:choice.end - chunk.start],
            source=engine.display_path(chunk.source),
            start=choice.start,
            end=choice.end,
            line=chunk.line + chunk.text.count("\n", 0, choice.start - chunk.start),
            score=choice.score,
            date=dates.get(chunk.source),
            encoding=chunk.encoding,
            supporting=tuple(engine.display_path(source) for source in choice.supporting),
        )
    timeline = None
    if is_timeline_question(text):
        from qa.timeline import build_timeline, lead_citation

        timeline = build_timeline(text, engine.stored.chunks, engine.stored.bm25, dates, engine.display_path, keep)
        lead = lead_citation(timeline)
        if lead is not None:
            answer = Answer(lead.text, lead.source, lead.start, lead.end, lead.line, 1.0, lead.date,
                            encoding=lead.encoding)
    conflict = None
    if timeline is None and answer is not None:
        hits = [(engine.stored.chunks[row], score) for row, score in fused[:CONFLICT_PASSAGES]]
        conflict = find_conflict(text, hits, dates, engine.display_path)
        if conflict is not None:
            best = conflict.preferred.citation
            answer = Answer(best.text, best.source, best.start, best.end, best.line, answer.score, best.date,
                            encoding=best.encoding)
    passages = tuple(
        Passage(rank, engine.display_path(g.chunk.source), g.chunk.start, g.chunk.end, g.chunk.line,
                round(g.score, 4), g.chunk.text, tuple(engine.display_path(s) for s in g.also_in),
                encoding=g.chunk.encoding, date=dates.get(g.chunk.source))
        for rank, g in enumerate(answer_first(groups, answer, engine.display_path), start=1)
    )
    return Result(question=question, answer=answer, passages=passages, seconds=time.perf_counter() - started,
                  timeline=timeline, conflict=conflict,
                  articles=rank_articles(engine, text, vector, found_in, k, dates, keep))


def rank_articles(engine: Engine, text: str, vector: np.ndarray, passage_rows: list[int], k: int,
                  dates: dict[str, str], keep: Callable[[int], bool] | None) -> tuple[Article, ...]:
    """The k articles most about the question (none from an index without article ranking)."""
    table = engine.article_table
    if table is None or engine.stored.article_bm25 is None or engine.stored.sentences is None:
        return ()
    mask = None if keep is None else np.array([keep(int(row)) for row in table.first], dtype=bool)
    found = articles.evidence(text, vector, table, engine.stored.sentences, engine.stored.article_bm25,
                              passage_rows, mask)
    return tuple(Article(rank, engine.display_path(table.sources[a]), round(score, 4), dates.get(table.sources[a]))
                 for rank, (a, score) in enumerate(articles.rank(found, k), start=1))
