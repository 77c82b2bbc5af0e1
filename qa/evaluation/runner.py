"""Run a question set through the pipeline (and the plain baselines over the same passages) and score it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from qa.ask import Engine, ask
from qa.ask.pipeline import dense_ranking, earlier_turns, lexical_ranking
from qa.ask.query import clean_question
from qa.errors import InputError
from qa.evaluation import metrics, squad_metrics
from qa.evaluation.loaders import EvalQuestion, EvalSet
from qa.text.terms import terms
from qa.types import Result

SYSTEM = "qa"
DENSE = "dense"
BM25 = "bm25"
ALONE, WITH_HISTORY, FULL = "alone", "history", "full"  # follow-ups: as typed alone, with the conversation, by hand
DOC_DEPTH = 3  # on doc-level sets the baselines take this many times max(k) passages, so that k documents remain


@dataclass(frozen=True)
class Outcome:
    """What one system returned for one question: ranked passage sources and texts, the answer, the time, and
    (ours only) the article ranking, the phrase, how a follow-up was understood and whether sources disagreed."""

    sources: tuple[str, ...]
    texts: tuple[str, ...]
    answer: str | None
    seconds: float
    articles: tuple[str, ...] = ()
    phrase: str | None = None
    understood_as: str | None = None
    conflict: bool = False


@dataclass
class SystemScores:
    name: str
    values: dict[str, float | None] = field(default_factory=dict)


@dataclass
class Report:
    eval_set: str
    questions: int
    ks: tuple[int, ...]
    documents: bool
    systems: list[SystemScores]
    index: str = ""
    passages: int = 0
    asked: tuple[EvalQuestion, ...] = ()  # the questions, in order, for the per-question rows
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)  # per system, one per question of `asked`

    def as_json(self) -> dict[str, object]:
        return {"set": self.eval_set, "questions": self.questions, "k": list(self.ks), "index": self.index,
                "passages": self.passages, "systems": {s.name: s.values for s in self.systems}}


def run(eval_set: EvalSet, engine: Engine, ks: Sequence[int], baselines: bool = False,
        progress: Callable[[int, int], None] | None = None, after: Sequence[str] = ()) -> Report:
    """Ask every question, score our pipeline and, with `baselines`, plain dense and plain BM25.

    On doc-level sets (BEIR) our documents are qa's article ranking; the baselines' are the documents of their
    passages, in order. `after`: earlier questions of a conversation every question is asked after (asked once,
    with the answers qa gives them)."""
    ks = tuple(sorted(set(ks)))
    if any(q.history for q in eval_set.questions):
        if after:
            raise InputError("--after is for sets of questions that stand alone; this set has its own conversations")
        return _run_followups(eval_set, engine, ks, progress)
    turns = earlier_turns(after, engine, max(ks))
    documents = eval_set.kind == "beir"
    depth = max(ks) * (DOC_DEPTH if documents else 1)
    names = [SYSTEM] + ([DENSE, BM25] if baselines else [])
    outcomes: dict[str, list[Outcome]] = {name: [] for name in names}
    for done, question in enumerate(eval_set.questions, start=1):
        outcomes[SYSTEM].append(_outcome(ask(question.question, engine, max(ks), history=turns), documents))
        if baselines:
            outcomes[DENSE].append(_baseline(engine, question.question, depth, dense=True))
            outcomes[BM25].append(_baseline(engine, question.question, depth, dense=False))
        if progress:
            progress(done, len(eval_set.questions))
    systems = [SystemScores(name, score(eval_set.questions, outcomes[name], ks, documents, answers=name == SYSTEM))
               for name in names]
    return Report(eval_set.name, len(eval_set.questions), ks, documents, systems, str(engine.index_dir),
                  len(engine.stored.chunks), tuple(eval_set.questions), outcomes)


def _outcome(result: Result, documents: bool = False) -> Outcome:
    sources = [a.source for a in result.articles] if documents else [p.source for p in result.passages]
    return Outcome(tuple(sources), tuple(p.text for p in result.passages),
                   result.answer.text if result.answer else None, result.seconds,
                   tuple(a.source for a in result.articles),
                   result.answer.phrase.text if result.answer and result.answer.phrase else None,
                   result.understood_as, result.conflict is not None)


def _run_followups(eval_set: EvalSet, engine: Engine, ks: tuple[int, ...],
                   progress: Callable[[int, int], None] | None) -> Report:
    """A set of follow-ups, three ways side by side: asked alone as typed, asked with the conversation before it
    (its earlier questions asked in turn, each with the answers qa gave), and the hand-written full question."""
    outcomes: dict[str, list[Outcome]] = {ALONE: [], WITH_HISTORY: [], FULL: []}
    for done, question in enumerate(eval_set.questions, start=1):
        turns = earlier_turns(question.history, engine, max(ks))
        outcomes[ALONE].append(_outcome(ask(question.question, engine, max(ks))))
        outcomes[WITH_HISTORY].append(_outcome(ask(question.question, engine, max(ks), history=turns)))
        outcomes[FULL].append(_outcome(ask(question.full or question.question, engine, max(ks))))
        if progress:
            progress(done, len(eval_set.questions))
    systems = [SystemScores(name, score(eval_set.questions, outcomes[name], ks, False)) for name in outcomes]
    return Report(eval_set.name, len(eval_set.questions), ks, False, systems, str(engine.index_dir),
                  len(engine.stored.chunks), tuple(eval_set.questions), outcomes)


def _baseline(engine: Engine, question: str, depth: int, dense: bool) -> Outcome:
    started = time.perf_counter()
    text = clean_question(question)
    if dense:
        rows = dense_ranking(engine, engine.encoder.encode([text])[0], depth)
    else:
        rows = lexical_ranking(engine, tuple(terms(text)), depth)
    seconds = time.perf_counter() - started
    chunks = [engine.stored.chunks[row] for row, _ in rows]
    return Outcome(tuple(c.source for c in chunks), tuple(c.text for c in chunks), None, seconds)


@dataclass
class _Tally:
    """Per-question flags of one system, gathered question by question, averaged into its metrics."""

    ks: Sequence[int]
    documents: bool
    answers: bool
    recall: dict[int, list[float]] = field(default_factory=dict)
    source: dict[int, list[float]] = field(default_factory=dict)
    article: dict[int, list[float]] = field(default_factory=dict)
    rr: list[float] = field(default_factory=list)
    ndcg: list[float] = field(default_factory=list)
    sentence: list[float] = field(default_factory=list)
    answered: list[float] = field(default_factory=list)
    no_answer: list[float] = field(default_factory=list)
    phrase_em: list[float] = field(default_factory=list)
    phrase_f1: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        for table in (self.recall, self.source, self.article):
            table.update({k: [] for k in self.ks})

    def add(self, question: EvalQuestion, outcome: Outcome) -> None:
        if question.unanswerable:
            if self.answers:
                self.no_answer.append(1.0 if outcome.answer is None else 0.0)
            return
        source_flags = self._source_flags(question, outcome)
        answer_flags = [metrics.contains_answer(t, question.answers) for t in outcome.texts]
        for k in self.ks:
            if question.answers:
                self.recall[k].append(metrics.hit_at(answer_flags, k))
            if question.sources:
                self.source[k].append(metrics.hit_at(source_flags, k))
                if outcome.articles and not self.documents:
                    self.article[k].append(metrics.hit_at(
                        [metrics.source_name(a) in question.sources for a in outcome.articles], k))
        self.rr.append(metrics.reciprocal_rank(answer_flags if question.answers else source_flags, 10))
        if self.answers and question.answers:
            self.sentence.append(1.0 if outcome.answer and metrics.contains_answer(outcome.answer, question.answers)
                                 else 0.0)
            self.answered.append(0.0 if outcome.answer is None else 1.0)
            self.phrase_em.append(squad_metrics.exact_match(outcome.phrase or "", question.answers))
            self.phrase_f1.append(squad_metrics.f1_score(outcome.phrase or "", question.answers))

    def _source_flags(self, question: EvalQuestion, outcome: Outcome) -> list[bool]:
        names = [metrics.source_name(s) for s in outcome.sources]
        if not self.documents:
            return [n in question.sources for n in names]
        ranked = metrics.unique(n.removesuffix(".txt") for n in names)
        self.ndcg.append(metrics.ndcg_at(ranked, question.relevant, 10))
        return [f"{d}.txt" in question.sources for d in ranked]

    def values(self) -> dict[str, float | None]:
        values: dict[str, float | None] = {}
        for name, table in (("answer_recall", self.recall), ("source_hit", self.source),
                            ("article_hit", self.article)):
            for k in self.ks:
                values[f"{name}@{k}"] = metrics.mean(table[k])
        values["mrr@10"] = metrics.mean(self.rr)
        if self.documents:
            values["ndcg@10"] = metrics.mean(self.ndcg)
        values["answer_sentence_accuracy"] = metrics.mean(self.sentence)
        values["phrase_exact_match"] = metrics.mean(self.phrase_em)
        values["phrase_f1"] = metrics.mean(self.phrase_f1)
        values["answered"] = metrics.mean(self.answered)
        values["no_answer_accuracy"] = metrics.mean(self.no_answer)
        return values


def score(questions: Sequence[EvalQuestion], outcomes: Sequence[Outcome], ks: Sequence[int], documents: bool,
          answers: bool = True) -> dict[str, float | None]:
    """The metrics of one system over a question set (None where a metric does not apply)."""
    tally = _Tally(ks, documents, answers)
    for question, outcome in zip(questions, outcomes, strict=True):
        tally.add(question, outcome)
    values = tally.values()
    values["median_seconds"] = metrics.median([o.seconds for o in outcomes])
    return values
