"""The shipped reader, run with onnxruntime (no torch): the best span of a question in each window of a few
passages, with its margin over "no answer"; and whether what it read answers at all (`answerable`)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.errors import QAError
from qa.index.encoders import session_options
from qa.read.answerable import AnswerableModel
from qa.read.spans import Accept, Span, best_span
from qa.read.windows import make_windows, pad
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
        def run(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            start, end = self.session.run(OUTPUT_NAMES, {"input_ids": ids, "attention_mask": mask,
                                                         "token_type_ids": types})
            return start, end

        return read_spans(run, self.tokenizer, question, passages, accept)


def read_spans(run: Run, tokenizer: Tokenizer, question: str, passages: list[str],
               accept: Accept | None = None) -> list[Span]:
    """The best span of every window of the passages, `run` giving a batch's start and end scores (the shipped
    ONNX model here; the model being trained in train/reader.py)."""
    windows = make_windows(tokenizer, question, passages)
    found: list[Span] = []
    for first in range(0, len(windows), BATCH_WINDOWS):
        batch = windows[first:first + BATCH_WINDOWS]
        start, end = run(*pad(batch))
        found.extend(s for i, w in enumerate(batch) if (s := best_span(w, start[i], end[i], accept)) is not None)
    return found


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
