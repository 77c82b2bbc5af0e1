"""The shipped reader, run with onnxruntime (no torch): the best answer phrase of a question in a few passages,
and whether any of them answers it at all."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qa.errors import QAError
from qa.index.encoders import cpu_threads
from qa.read.spans import Span, best_span
from qa.read.windows import make_windows, pad
from qa.text.tokens import load_tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "reader.onnx"
INFO_FILE = "reader.json"
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids"]
OUTPUT_NAMES = ["start_scores", "end_scores"]
BATCH_WINDOWS = 16


@dataclass(frozen=True)
class Reading:
    """The best span over the passages read (None when no window has one), and whether it answers: its margin
    over "no answer" reaches the calibrated threshold."""

    span: Span | None
    answers: bool


class Reader:
    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        import onnxruntime

        try:
            info = json.loads((model_dir / INFO_FILE).read_text(encoding="utf-8"))
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = cpu_threads()
            options.log_severity_level = 3
            self.session = onnxruntime.InferenceSession(str(model_dir / MODEL_FILE), options,
                                                        providers=["CPUExecutionProvider"])
        except Exception:  # onnxruntime raises its own exception types for a damaged file
            raise QAError(f"the reader model in {model_dir} is missing or damaged; reinstall qa") from None
        self.threshold = float(info["threshold"])
        self.tokenizer = load_tokenizer()

    def spans(self, question: str, passages: list[str]) -> list[Span]:
        """The best span of every window of the passages (a long passage is read in overlapping windows)."""
        windows = make_windows(self.tokenizer, question, passages)
        found: list[Span] = []
        for first in range(0, len(windows), BATCH_WINDOWS):
            batch = windows[first:first + BATCH_WINDOWS]
            ids, mask, types = pad(batch)
            start, end = self.session.run(OUTPUT_NAMES, {"input_ids": ids, "attention_mask": mask,
                                                         "token_type_ids": types})
            found.extend(s for i, w in enumerate(batch) if (s := best_span(w, start[i], end[i])) is not None)
        return found

    def read(self, question: str, passages: list[str]) -> Reading:
        spans = self.spans(question, passages)
        if not spans:
            return Reading(None, False)
        best = max(spans, key=lambda s: s.score)
        return Reading(best, max(s.margin for s in spans) >= self.threshold)


@cache
def shipped_reader() -> Reader:
    return Reader()
