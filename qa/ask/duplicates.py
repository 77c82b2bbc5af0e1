"""Show each piece of news once: near-identical passages from several articles (syndicated copies, the same
quote) are collapsed into the best-ranked one, which lists the other sources; the top-k spreads over sources."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, utils

from qa.types import Chunk

DUPLICATE_SIMILARITY = 90.0  # rapidfuzz token_set_ratio, 0-100
MIN_LENGTH_RATIO = 0.5  # a passage half as long as another is a part of it, not a copy
SOURCE_DECAY = 0.97  # the n-th passage of one source ranks as if its score were multiplied by SOURCE_DECAY**n


@dataclass
class Group:
    """A passage and the other sources that carry the same text."""

    chunk: Chunk
    score: float
    also_in: list[str] = field(default_factory=list)


def same_text(a: str, b: str) -> bool:
    """Whether two passages say the same thing in (nearly) the same words."""
    return _same_processed(utils.default_process(a), utils.default_process(b))


def _same_processed(a: str, b: str) -> bool:
    shorter, longer = sorted((len(a), len(b)))
    if not longer or shorter / longer < MIN_LENGTH_RATIO:
        return False
    return fuzz.token_set_ratio(a, b, score_cutoff=DUPLICATE_SIMILARITY) >= DUPLICATE_SIMILARITY


def collapse(ranked: list[tuple[Chunk, float]], k: int) -> list[Group]:
    """The k best groups of `ranked` (best first): duplicates from other sources folded in, sources spread out."""
    groups: list[Group] = []
    processed: list[str] = []
    for chunk, score in ranked:
        text = utils.default_process(chunk.text)
        twin = next((g for g, other in zip(groups, processed, strict=True)
                     if g.chunk.source != chunk.source and _same_processed(other, text)), None)
        if twin is None:
            groups.append(Group(chunk, score))
            processed.append(text)
        elif chunk.source not in twin.also_in:
            twin.also_in.append(chunk.source)
    return _spread(groups, k)


def _spread(groups: list[Group], k: int) -> list[Group]:
    """Greedy pick by score discounted for each passage already taken from the same source."""
    chosen: list[Group] = []
    taken: dict[str, int] = {}
    left = list(groups)
    while left and len(chosen) < k:
        best = max(range(len(left)), key=lambda i: (left[i].score * SOURCE_DECAY ** taken.get(left[i].chunk.source, 0),
                                                    -i))
        group = left.pop(best)
        chosen.append(group)
        taken[group.chunk.source] = taken.get(group.chunk.source, 0) + 1
    return chosen
