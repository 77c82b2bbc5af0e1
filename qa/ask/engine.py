"""A loaded index and the encoder for questions: what the CLI, the chat and `qa eval` ask through."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qa.ask import articles
from qa.ask.sentence_vectors import SentenceVectors
from qa.errors import BrokenIndexError
from qa.index import store
from qa.index.encoders import Encoder
from qa.read.reader import Reader, shipped_reader
from qa.stories.archive import Archive
from qa.stories.dates import DateResolver


@dataclass
class Engine:
    """The index of one folder, loaded, with everything derived from it once: article dates, the sentence vectors,
    the article table and the date resolver (its resolutions are the index's, and grow as questions need more)."""

    index_dir: Path
    stored: store.StoredIndex
    encoder: Encoder
    sentences: SentenceVectors = field(init=False)
    article_table: articles.ArticleTable | None = field(init=False)
    dates: dict[str, str] = field(init=False)
    archive: Archive = field(init=False)
    generation: str = field(init=False)  # the generation HEAD named when this engine was opened

    def __post_init__(self) -> None:
        self.sentences = SentenceVectors(self.encoder, self.stored.sentences, self.stored.chunks)
        table = self.stored.sentences
        self.article_table = None
        if table is not None and self.stored.article_bm25 is not None and self.stored.chunks:
            self.article_table = articles.ArticleTable.of(self.stored.chunks, table)
        self.dates = self.stored.manifest.dates()
        try:
            self.generation = store.current_generation(self.index_dir).name
        except BrokenIndexError:
            self.generation = self.stored.folder.name
        self.archive = Archive(self.stored.chunks, self.stored.bm25, self.dates, self.display_path,
                               DateResolver(self.stored.resolved_dates))

    @classmethod
    def open(cls, index_dir: Path, encoder: Encoder | None = None, stored: store.StoredIndex | None = None) -> Engine:
        """The engine of the generation HEAD names (or of `stored`, a generation already loaded), with the
        machine's cached encoder its vectors were made with (`EncoderMissingError` when the cache lacks it)."""
        if encoder is not None:
            return cls(index_dir, stored or store.load(index_dir), encoder)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1, thread_name_prefix="qa-encoder-load") as pool:
            # the session is built outside the GIL while the index loads
            model = (stored.manifest if stored else store.load_manifest(index_dir)).model
            made = pool.submit(_question_encoder, model.encoder, model.quantized)
            stored = stored or store.load(index_dir)
            if stored.manifest.model != model:  # a writer switched generations in between
                return cls(index_dir, stored, _question_encoder(stored.manifest.model.encoder,
                                                                stored.manifest.model.quantized))
            return cls(index_dir, stored, made.result())

    @classmethod
    def open_previous(cls, index_dir: Path) -> Engine | None:
        """The engine of the newest intact generation before the current one (which is damaged), or None."""
        previous = store.load_previous(index_dir)
        return None if previous is None else cls.open(index_dir, stored=previous)

    def is_current(self) -> bool:
        """Whether the index folder still points at the generation this engine was opened for (a `qa index` run
        elsewhere switches it). An unreadable HEAD counts as current: answering goes on from what is loaded."""
        try:
            return store.current_generation(self.index_dir).name == self.generation
        except BrokenIndexError:
            return True

    def reloaded(self) -> Engine:
        """The engine of the folder's current generation, keeping this question encoder when it still fits."""
        stored = store.load(self.index_dir)
        if stored.manifest.model != self.stored.manifest.model:
            return Engine.open(self.index_dir, stored=stored)
        return Engine(self.index_dir, stored, self.encoder)

    @property
    def reader(self) -> Reader:
        """The shipped reader model (loaded once per process, on the first question)."""
        return shipped_reader()

    @property
    def is_fallback(self) -> bool:
        """Whether this engine answers from an older generation because the one HEAD names is damaged."""
        return self.stored.folder.name != self.generation

    @property
    def articles(self) -> int:
        return len(self.stored.manifest.files)

    def rows_of(self, shown: Sequence[str]) -> list[int]:
        """The passage rows of the articles shown under these paths (as `display_path` gives them), in that order."""
        wanted = list(dict.fromkeys(store.relative_to_index(Path(path), self.index_dir) for path in shown))
        table = self.article_table
        if table is None:  # an index without article ranking: look at every passage
            return [row for source in wanted for row, chunk in enumerate(self.stored.chunks) if chunk.source == source]
        articles = [table.sources.index(source) for source in wanted if source in table.sources]
        return [row for a in articles for row in range(int(table.first[a]), int(table.end[a]))]

    def display_path(self, source: str) -> str:
        """A path to the source that opens from the current directory."""
        path = store.resolve_from_index(source, self.index_dir)
        try:
            return os.path.relpath(path)
        except ValueError:  # pragma: no cover - another drive on Windows
            return str(path)


def _question_encoder(digest: str | None, quantized: bool) -> Encoder:
    from qa.index.encoder_cache import encoder_for
    from qa.index.onnx_encoder import OnnxEncoder

    return OnnxEncoder(encoder_for(digest, quantized))
