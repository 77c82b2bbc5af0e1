"""The plain, frozen records that travel from the index to the CLI and the chat."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.stories.records import Conflict, Timeline


@dataclass(frozen=True)
class Span:
    """A half-open range of character offsets into one file's decoded text."""

    start: int
    end: int


@dataclass(frozen=True)
class Citation:
    """One sentence of an article, with exact offsets, its line and the article's date."""

    source: str
    start: int
    end: int
    line: int
    date: str | None
    text: str
    encoding: str = "utf-8"  # of the file, when not UTF-8: the offsets index its decoded text


@dataclass(frozen=True)
class Chunk:
    """One indexed passage: an exact span of a source file."""

    source: str
    start: int
    end: int
    line: int
    text: str
    encoding: str = "utf-8"

    def cite(self, start: int, end: int, source: str, date: str | None) -> Citation:
        """The citation of the span [start, end) of the file (offsets into the file, inside this chunk), under the
        name `source` shown to the user."""
        inside = start - self.start
        return Citation(source, start, end, self.line + self.text.count("\n", 0, inside), date,
                        self.text[inside:end - self.start], self.encoding)


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its rank and score; `source` opens the file from the current directory."""

    rank: int
    source: str
    start: int
    end: int
    line: int
    score: float
    text: str
    also_in: tuple[str, ...] = field(default=())
    encoding: str = "utf-8"
    date: str | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["also_in"] = list(self.also_in)
        return data


@dataclass(frozen=True)
class Phrase:
    """The answer phrase the reader marked inside the answer sentence: exact offsets into the same file."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Answer:
    """The one sentence that best answers the question, with its own exact offsets, and the phrase in it that
    answers (None where the answer comes from a timeline or no phrase was marked)."""

    text: str
    source: str
    start: int
    end: int
    line: int
    score: float
    date: str | None = None
    encoding: str = "utf-8"
    supporting: tuple[str, ...] = ()  # other sources whose sentences state the same answer
    phrase: Phrase | None = None

    @classmethod
    def of(cls, citation: Citation, score: float, supporting: tuple[str, ...] = (),
           phrase: Phrase | None = None) -> Answer:
        c = citation
        return cls(c.text, c.source, c.start, c.end, c.line, score, c.date, c.encoding, supporting, phrase)

    @property
    def citation(self) -> Citation:
        """The answer sentence as a citation (what `of` was given)."""
        return Citation(self.source, self.start, self.end, self.line, self.date, self.text, self.encoding)

    @property
    def phrase_in_sentence(self) -> tuple[int, int] | None:
        """Where the phrase lies in `text` (offsets into the sentence, not the file)."""
        return None if self.phrase is None else (self.phrase.start - self.start, self.phrase.end - self.start)

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.source, "start": self.start, "end": self.end,
                "line": self.line, "score": round(self.score, 4), "date": self.date, "encoding": self.encoding,
                "supporting": list(self.supporting), "phrase": asdict(self.phrase) if self.phrase else None}


@dataclass(frozen=True)
class Article:
    """A whole article ranked for a question (see `qa.ask.articles`)."""

    rank: int
    source: str
    score: float
    date: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Result:
    """What one question gets: the answer sentence (or None), the passages it was chosen from and the articles
    most about the question."""

    question: str
    answer: Answer | None
    passages: tuple[Passage, ...]
    seconds: float = 0.0
    timeline: Timeline | None = None
    conflict: Conflict | None = None
    articles: tuple[Article, ...] = ()
    understood_as: str | None = None  # a follow-up: the question as read with the earlier turns
    carried: tuple[str, ...] = ()  # a follow-up: the names its earlier turns were about (searched with it)
    event_date: str | None = None  # a when / first / last question: the day (YYYY-MM-DD) or month of the answer
    unmentioned: tuple[str, ...] = ()  # no answer: the names the question asks about that no article mentions
    unread: tuple[str, ...] = ()  # no answer: names few articles mention, none of them in the passages read

    def as_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "understood_as": self.understood_as,
            "carried": list(self.carried),
            "answer": self.answer.as_json() if self.answer else None,
            "passages": [p.as_json() for p in self.passages],
            "articles": [a.as_json() for a in self.articles],
            "timeline": self.timeline.as_json() if self.timeline else None,
            "conflict": self.conflict.as_json() if self.conflict else None,
            "event_date": self.event_date,
            "unmentioned": list(self.unmentioned),
            "unread": list(self.unread),
        }
