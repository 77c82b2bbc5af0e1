"""Collapsing near-duplicate passages across articles, and spreading the top-k over sources."""

from __future__ import annotations

from qa.ask.duplicates import collapse, same_text
from qa.types import Chunk

QUOTE = ("North Korean leader Kim Jong Un arrived in Beijing on Tuesday for his fourth visit to China, "
         "state media reported, ahead of talks with President Xi Jinping.")


def chunk(source: str, text: str, start: int = 0) -> Chunk:
    return Chunk(source, start, start + len(text), 1, text)


def test_syndicated_copy_is_shown_once_with_its_other_source() -> None:
    copy = QUOTE.replace("state media reported", "state media said") + " "
    ranked = [(chunk("a.txt", QUOTE), 0.9), (chunk("b.txt", copy), 0.8), (chunk("c.txt", "Other news."), 0.5)]
    groups = collapse(ranked, 5)
    assert [g.chunk.source for g in groups] == ["a.txt", "c.txt"]
    assert groups[0].also_in == ["b.txt"]
    assert groups[1].also_in == []


def test_same_source_and_different_texts_are_kept() -> None:
    ranked = [(chunk("a.txt", QUOTE), 0.9), (chunk("a.txt", QUOTE, 500), 0.8),
              (chunk("b.txt", "Markets fell sharply in Tokyo after the central bank kept rates."), 0.7)]
    assert len(collapse(ranked, 5)) == 3


def test_a_short_fragment_is_not_a_copy() -> None:
    assert not same_text(QUOTE, "Kim Jong Un arrived in Beijing.")
    assert same_text(QUOTE, QUOTE.upper())


def test_top_k_spreads_over_sources() -> None:
    ranked = [(chunk("a.txt", f"Passage {i} about one thing, number {i}.", i * 100), 1.0 - i * 0.01)
              for i in range(3)]
    ranked.append((chunk("b.txt", "A different article on another matter entirely."), 0.975))
    groups = collapse(ranked, 3)
    assert [g.chunk.source for g in groups] == ["a.txt", "b.txt", "a.txt"]


def test_k_limits_and_empty_input() -> None:
    assert collapse([], 3) == []
    topics = ["rain fell in Paris", "markets rose in Tokyo", "a bridge opened in Lagos", "the vote was delayed",
              "fishing boats returned", "a new vaccine was tested"]
    ranked = [(chunk(f"{i}.txt", f"Today {topic}, officials said."), 1.0 - i / 10) for i, topic in enumerate(topics)]
    assert len(collapse(ranked, 4)) == 4
