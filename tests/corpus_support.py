"""A small corpus of the test's own articles, indexed for real, and its engine."""

from __future__ import annotations

from pathlib import Path

from qa.ask import Engine
from qa.index.build import update_index


def engine_over(folder: Path, articles: dict[str, str]) -> Engine:
    """Write the articles (file name -> text) into `folder`/news, index them into `folder`/vectors, open that."""
    corpus = folder / "news"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_text(text, encoding="utf-8")
    update_index([corpus], folder / "vectors")
    return Engine.open(folder / "vectors")
