"""Reciprocal rank fusion of the dense and lexical rankings."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], weights: Sequence[float],
                           k: int = RRF_K) -> list[tuple[int, float]]:
    """Rows ordered by the weighted sum of 1/(k + rank), scaled so a row ranked first everywhere scores 1."""
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=False):
        for rank, row in enumerate(ranking, start=1):
            scores[row] = scores.get(row, 0.0) + weight / (k + rank)
    best_possible = sum(weights) / (k + 1)
    return sorted(((row, s / best_possible) for row, s in scores.items()), key=lambda item: (-item[1], item[0]))
