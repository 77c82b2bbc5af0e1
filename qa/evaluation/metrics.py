"""Retrieval and answer metrics, as plain functions over ranked lists (tested on hand-computed cases)."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from pathlib import PurePath

_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def contains_answer(text: str, answers: Iterable[str]) -> bool:
    """Whether any gold answer string occurs in `text` (case and white space ignored)."""
    body = normalize(text)
    return any(a and normalize(a) in body for a in answers)


def source_name(source: str) -> str:
    """A passage's source reduced to the file name the question sets use."""
    return PurePath(source).name


def first_hit(flags: Sequence[bool]) -> int | None:
    """The 1-based rank of the first True, or None."""
    for rank, flag in enumerate(flags, start=1):
        if flag:
            return rank
    return None


def hit_at(flags: Sequence[bool], k: int) -> float:
    return 1.0 if any(flags[:k]) else 0.0


def reciprocal_rank(flags: Sequence[bool], k: int = 10) -> float:
    rank = first_hit(flags[:k])
    return 1.0 / rank if rank else 0.0


def ndcg_at(ranked: Sequence[str], relevant: dict[str, int], k: int = 10) -> float:
    """nDCG@k with linear gains (trec_eval's, as BEIR reports it); documents ranked twice count once."""
    if not relevant:
        return 0.0
    seen: set[str] = set()
    dcg = 0.0
    position = 0
    for doc in ranked:
        if doc in seen:
            continue
        seen.add(doc)
        position += 1
        if position > k:
            break
        dcg += relevant.get(doc, 0) / math.log2(position + 1)
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum(gain / math.log2(i + 2) for i, gain in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None
