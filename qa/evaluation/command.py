"""`qa eval`: load the set, open (or build) the index it is asked of, run, print the table or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qa.ask import Engine
from qa.config import QUANTIZED_BY_DEFAULT
from qa.errors import InputError
from qa.text.display import displayable, json_escaped

DEFAULT_KS = (1, 3, 5, 10)


@dataclass(frozen=True)
class EvalRequest:
    """What `qa eval` was asked: the question set, the index (or a corpus folder to index), what to print."""

    path: Path
    index_dir: Path
    ks: tuple[int, ...] = DEFAULT_KS
    as_json: bool = False
    sample: int | None = None
    seed: int = 0
    baselines: bool = False
    corpus: Path | None = None
    split: str = "test"
    quantize: bool = QUANTIZED_BY_DEFAULT
    default_corpus: bool = True  # a missing index (no --corpus) may be built from seeds/: no index was named
    half: str | None = None  # "tune" or "report": one half of a split set
    absent: bool = False  # SQuAD: ask of a corpus without the questions' own articles
    after: tuple[str, ...] = ()  # earlier questions every question is asked after, as in a conversation
    per_question: Path | None = None  # a JSON Lines file of what each system did with each question
    unanswerable: Path | None = None  # SQuAD: ask SQuAD 2.0's unanswerable questions on the set's articles instead


def parse_ks(text: str) -> tuple[int, ...]:
    try:
        ks = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise InputError(f"--k takes numbers separated by commas, e.g. 1,3,5,10 (got {text!r})") from None
    if not ks or ks[0] < 1:
        raise InputError("--k values must be at least 1")
    return ks


def run_eval(request: EvalRequest, announce: Callable[[str], None]) -> int:
    from qa.ask.query import any_blank
    from qa.evaluation.loaders import load
    from qa.evaluation.per_question import check_target, write_per_question
    from qa.evaluation.report import format_report
    from qa.evaluation.runner import run
    from qa.render import ProgressBar

    if request.sample is not None and request.sample < 1:
        raise InputError("--sample must be at least 1")
    if any_blank(request.after):
        raise InputError("--after: an earlier question is empty")
    if request.per_question is not None:
        check_target(request.per_question)
    eval_set = load(request.path, request.split).unanswerable_from(request.unanswerable)
    eval_set = eval_set.half(request.half).sample(request.sample, request.seed)
    if request.absent:
        eval_set = eval_set.without_own_articles()
    engine = eval_engine(eval_set, request, announce)
    bar = ProgressBar("Asking")
    try:
        report = run(eval_set, engine, request.ks, request.baselines, progress=lambda done, total: bar(done, total),
                     after=request.after)
    finally:
        bar.close()
    if request.per_question is not None:
        write_per_question(report, request.per_question)
    if request.as_json:
        print(json_escaped(json.dumps(report.as_json(), indent=2)))
    else:
        print(displayable(format_report(report)))
    return 0


def eval_engine(eval_set: object, request: EvalRequest, announce: Callable[[str], None]) -> Engine:
    """The set's own corpus (SQuAD, BEIR), a --corpus folder, or the current index (as it is: quantized or not)."""
    from qa.engine import Callbacks, open_engine
    from qa.evaluation.corpus import folder_index_dir, open_corpus_engine
    from qa.evaluation.loaders import EvalSet

    assert isinstance(eval_set, EvalSet)
    corpus, quantize = request.corpus, request.quantize
    if eval_set.corpus is not None:
        if corpus is not None:
            raise InputError(f"{eval_set.name} brings its own corpus; drop --corpus")
        return open_corpus_engine(eval_set, announce=announce, quantize=quantize)
    if corpus is None:
        return open_engine(request.index_dir, Callbacks(announce), default_corpus=request.default_corpus).engine
    return open_engine(folder_index_dir(corpus, quantize), Callbacks(announce), roots=[corpus],
                       quantize=quantize).engine
