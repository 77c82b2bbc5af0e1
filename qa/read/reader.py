"""The shipped reader, run with onnxruntime (no torch): the best span of a question in each window of a few
passages, with its margin over "no answer"; and whether what it read answers at all (`answerable`)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.errors import QAError
from qa.index.encoders import session_options
from qa.read.answerable import AnswerableModel
from qa.read.spans import Accept, Span, best_span
from qa.read.windows import Window, make_windows, pad
from qa.text.tokens import load_tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "reader.onnx"
INFO_FILE = "reader.json"
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids"]
OUTPUT_NAMES = ["start_scores", "end_scores"]
BATCH_WINDOWS = 1  # a window per run, unpadded: 10-15% faster on 2 cores than 16 padded to the longest
Run = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]

if TYPE_CHECKING:
    from tokenizers import Tokenizer


class Reader:
    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        import onnxruntime

        try:
            info = json.loads((model_dir / INFO_FILE).read_text(encoding="utf-8"))
            self.threshold = float(info["threshold"])
            self.answerable = (AnswerableModel.of(info["no_answer"]) if "no_answer" in info
                               else AnswerableModel.margin_only(self.threshold))
            options = session_options()
            self.session = onnxruntime.InferenceSession(str(model_dir / MODEL_FILE), options,
                                                        providers=["CPUExecutionProvider"])
        except Exception:  # onnxruntime raises its own exception types for a damaged file
            raise QAError(f"the reader model in {model_dir} is missing or damaged; reinstall qa") from None
        self.tokenizer = load_tokenizer()

    def spans(self, question: str, passages: list[str], accept: Accept | None = None) -> list[Span]:
        """The best span of every window of the passages (a long passage is read in overlapping windows) that
        `accept` takes, if given."""
        return best_spans(self.read(question, passages), accept)

    def read(self, question: str, passages: list[str]) -> list[ScoredWindow]:
        """Every window of the passages with the reader's start and end scores."""
        def run(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            start, end = self.session.run(OUTPUT_NAMES, {"input_ids": ids, "attention_mask": mask,
                                                         "token_type_ids": types})
            return start, end

        return score_windows(run, self.tokenizer, question, passages)


@dataclass(frozen=True)
class ScoredWindow:
    """A window read: the reader's start and end score of each of its word pieces."""

    window: Window
    start_scores: np.ndarray
    end_scores: np.ndarray

    def best(self, accept: Accept | None = None, between: tuple[int, int] | None = None) -> Span | None:
        return best_span(self.window, self.start_scores, self.end_scores, accept, between)


def score_windows(run: Run, tokenizer: Tokenizer, question: str, passages: list[str]) -> list[ScoredWindow]:
    """Every window of the passages with its scores, `run` giving a batch's start and end scores (the shipped ONNX
    model here; the model being trained in train/reader.py)."""
    windows = make_windows(tokenizer, question, passages)
    scored: list[ScoredWindow] = []
    for first in range(0, len(windows), BATCH_WINDOWS):
        batch = windows[first:first + BATCH_WINDOWS]
        start, end = run(*pad(batch))
        scored.extend(ScoredWindow(w, start[i], end[i]) for i, w in enumerate(batch))
    return scored


def best_spans(scored: list[ScoredWindow], accept: Accept | None = None) -> list[Span]:
    """The best span of every window that `accept` takes, if given (a window with none gives none)."""
    return [span for window in scored if (span := window.best(accept)) is not None]


def best_within(scored: list[ScoredWindow], passage: int, first: int, last: int,
                accept: Accept | None = None) -> Span | None:
    """The best span of one passage that lies within its characters [first, last), over all its windows."""
    found = (window.best(accept, (first, last)) for window in scored if window.window.passage == passage)
    return max((span for span in found if span is not None), key=lambda span: span.score, default=None)


def read_spans(run: Run, tokenizer: Tokenizer, question: str, passages: list[str],
               accept: Accept | None = None) -> list[Span]:
    """The best span of every window of the passages (`score_windows`)."""
    return best_spans(score_windows(run, tokenizer, question, passages), accept)


_shipped: list[Reader] = []
_shipped_lock = threading.Lock()


def shipped_reader() -> Reader:
    """The packaged reader, made once per process (a question waits for a load already under way)."""
    with _shipped_lock:
        if not _shipped:
            _shipped.append(Reader())
        return _shipped[0]


def load_in_background() -> None:
    """Start making the shipped reader while the index loads: onnxruntime builds the session outside the GIL, so
    on two cores it overlaps the index's parsing. A failure is left for the first question to report."""
    def load() -> None:
        try:
            shipped_reader()
        except QAError:
            pass

    threading.Thread(target=load, name="qa-reader-load").start()  # not a daemon: exiting mid-load aborts
