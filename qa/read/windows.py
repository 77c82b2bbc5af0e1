"""The reader's inputs: a question and a passage as `[CLS] question [SEP] passage [SEP]` windows of word pieces,
each piece of the passage tied to the characters it came from, so a marked span maps back to exact offsets."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tokenizers import Tokenizer

CLS_ID = 101
SEP_ID = 102
MAX_TOKENS = 256
QUESTION_TOKENS = 48
STRIDE_TOKENS = 96  # word pieces shared by two windows of one long passage


@dataclass(frozen=True)
class Window:
    """One model input. `offsets[i]` is the (start, end) in the passage text of input position i, or (-1, -1) for
    the question and the special tokens."""

    passage: int
    ids: np.ndarray
    types: np.ndarray
    offsets: np.ndarray


def question_ids(tokenizer: Tokenizer, question: str) -> list[int]:
    return tokenizer.encode(question, add_special_tokens=False).ids[:QUESTION_TOKENS]


def make_windows(tokenizer: Tokenizer, question: str, passages: list[str], max_tokens: int = MAX_TOKENS,
                 stride: int = STRIDE_TOKENS) -> list[Window]:
    """Every window of every passage, in order; a passage longer than one window is read in overlapping parts."""
    asked = question_ids(tokenizer, question)
    room = max_tokens - len(asked) - 3
    windows: list[Window] = []
    for index, encoding in enumerate(tokenizer.encode_batch(passages, add_special_tokens=False)):
        pieces, spans = encoding.ids, encoding.offsets
        first = 0
        while True:
            last = min(first + room, len(pieces))
            windows.append(_window(index, asked, pieces[first:last], spans[first:last]))
            if last >= len(pieces):
                break
            first = max(last - stride, first + 1)
    return windows


def _window(passage: int, asked: list[int], pieces: list[int], spans: list[tuple[int, int]]) -> Window:
    ids = [CLS_ID, *asked, SEP_ID, *pieces, SEP_ID]
    types = [0] * (len(asked) + 2) + [1] * (len(pieces) + 1)
    none = [(-1, -1)] * (len(asked) + 2)
    offsets = none + list(spans) + [(-1, -1)]
    return Window(passage, np.array(ids, dtype=np.int64), np.array(types, dtype=np.int64),
                  np.array(offsets, dtype=np.int64).reshape(-1, 2))


def pad(windows: list[Window]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Input ids, attention mask and token types of a batch, padded to its longest window."""
    width = max(len(w.ids) for w in windows)
    ids = np.zeros((len(windows), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for row, window in enumerate(windows):
        n = len(window.ids)
        ids[row, :n], mask[row, :n], types[row, :n] = window.ids, 1, window.types
    return ids, mask, types
