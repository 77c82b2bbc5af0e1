"""`qa eval`: load the set, open (or build) the index it is asked of, run, print the table or JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from qa.errors import InputError
from qa.retrieval import Engine

DEFAULT_KS = (1, 3, 5, 10)


def parse_ks(text: str) -> tuple[int, ...]:
    try:
        ks = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise InputError(f"--k takes numbers separated by commas, e.g. 1,3,5,10 (got {text!r})") from None
    if not ks or ks[0] < 1:
        raise InputError("--k values must be at least 1")
    return ks


def run_eval(path: Path, index_dir: Path, ks: tuple[int, ...], as_json: bool, sample: int | None, seed: int,
             baselines: bool, corpus: Path | None, split: str, announce: Callable[[str], None],
             quantize: bool = False) -> int:
    from qa.evaluation.loaders import load
    from qa.evaluation.report import format_report
    from qa.evaluation.runner import run
    from qa.render import ProgressBar

    if sample is not None and sample < 1:
        raise InputError("--sample must be at least 1")
    eval_set = load(path, split).sample(sample, seed)
    engine = open_engine(eval_set, index_dir, corpus, announce, quantize)
    bar = ProgressBar("Asking")
    try:
        report = run(eval_set, engine, ks, baselines, progress=lambda done, total: bar(done, total))
    finally:
        bar.close()
    print(json.dumps(report.as_json(), indent=2) if as_json else format_report(report))
    return 0


def open_engine(eval_set: object, index_dir: Path, corpus: Path | None, announce: Callable[[str], None],
                quantize: bool = False) -> Engine:
    """The set's own corpus (SQuAD, BEIR), a --corpus folder, or the current index (as it is: quantized or not)."""
    from qa.evaluation.corpus import cache_root, open_corpus_engine
    from qa.evaluation.loaders import EvalSet
    from qa.service import ensure_index

    assert isinstance(eval_set, EvalSet)
    if eval_set.corpus is not None:
        if corpus is not None:
            raise InputError(f"{eval_set.name} brings its own corpus; drop --corpus")
        return open_corpus_engine(eval_set, announce=announce, quantize=quantize)
    if corpus is not None:
        key = hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:16]
        index_dir = cache_root() / "eval" / f"corpus-{key}{'-int8' if quantize else ''}" / "vectors"
        ensure_index(index_dir, announce, roots=[corpus], quantize=quantize)
    else:
        ensure_index(index_dir, announce)
    return Engine.open(index_dir)


