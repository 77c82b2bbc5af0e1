"""Messages that thread workers post back to the app: small, plain records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from qa.types import Result

if TYPE_CHECKING:
    from qa.ask import Engine


@dataclass
class IndexStatus(Message):
    """A line about what the index worker is doing."""

    text: str


@dataclass
class IndexProgress(Message):
    """Embedding progress while the index is built or updated; total 0 means unknown."""

    done: int
    total: int


@dataclass
class EngineReady(Message):
    """The index and the query encoder are loaded; questions can be answered."""

    engine: Engine
    summary: str


@dataclass
class Answered(Message):
    """The result for the exchange with this number."""

    exchange: int
    result: Result
