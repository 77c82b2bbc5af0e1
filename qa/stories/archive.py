"""What story questions read besides the question: every passage, the passage BM25, the article dates, how a
source is shown to the user, and the date resolver."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.stories.dates import DateResolver
from qa.types import Chunk

if TYPE_CHECKING:
    import bm25s


@dataclass(frozen=True)
class Archive:
    chunks: Sequence[Chunk]
    bm25: bm25s.BM25
    dates: Mapping[str, str]
    display: Callable[[str], str]
    resolver: DateResolver
