"""Words as qa compares them: the one place that stems and drops stop words.

- `tokenize` / `terms`: the Snowball (PyStemmer) stems of a text without bm25s's English stop words. The BM25
  indexes, the question's BM25 terms and the rerank's word overlap use these; `weight_share` is the part of a
  question's IDF weight a set of them carries.
- `content_stems`: a light suffix-stripping stem without `vocabulary.STOPWORDS`, what the answer sentence's word
  overlap and the conflict check were tuned with. Replacing it with `terms` changes which sentence answers
  (measured: seeds answer-recall@1 0.967 -> 0.933, SQuAD sentence accuracy 0.761 -> 0.765), so it stays until
  the answer scorer itself is replaced.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from qa.text.vocabulary import STOPWORDS

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_SUFFIXES = ("ing", "ed", "es", "s")


@lru_cache(maxsize=1)
def bm25s_module() -> Any:
    """bm25s imported without scipy, its optional sparse-matrix backend: scipy costs a cold query ~0.15 s and
    bm25s's numpy backend gives the same index."""
    import sys

    hidden = "scipy" not in sys.modules
    if hidden:
        sys.modules["scipy"] = None  # type: ignore[assignment]  # makes `import scipy` raise ImportError
    try:
        import bm25s
    finally:
        if hidden:
            del sys.modules["scipy"]
    return bm25s


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    """The terms of each text, in order."""
    tokens = bm25s_module().tokenize(texts, stopwords="en", stemmer=_stemmer(), return_ids=False,
                                     show_progress=False)
    return [list(t) for t in tokens]


def terms(text: str) -> list[str]:
    """The terms of one text (a question), in order."""
    return tokenize([text])[0]


def weight_share(words: set[str], weights: Mapping[str, float], total: float) -> float:
    """The part of a question's term weight (`total`, the sum of `weights`) that `words` carry."""
    return sum(weights[w] for w in words & weights.keys()) / total if total else 0.0


def stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in _TOKEN.findall(text) if w.lower() not in STOPWORDS}
