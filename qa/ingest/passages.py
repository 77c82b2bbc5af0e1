"""An article's passages: its text cleaned and cut window by window, each passage an exact span of the file."""

from __future__ import annotations

from qa.config import ChunkSettings
from qa.ingest.chunking import Counter, chunk_spans
from qa.ingest.cleaning import kept_segments
from qa.ingest.files import Document, windows
from qa.ingest.metadata import front_matter_end
from qa.types import Chunk, Span


def chunk_document(doc: Document, source: str, common: frozenset[str], counter: Counter,
                   settings: ChunkSettings) -> list[Chunk]:
    """Chunks of one article, cleaned and cut window by window so that a huge file costs linear time and memory."""
    text = doc.text
    chunks: list[Chunk] = []
    line, counted = 1, 0
    body = front_matter_end(text)  # front matter dates the article; it is not its text
    for window in windows(text):
        segments = [Span(max(s.start + window.start, body), s.end + window.start)
                    for s in kept_segments(text[window.start:window.end], common) if s.end + window.start > body]
        for s in chunk_spans(text, segments, counter, settings):
            line += text.count("\n", counted, s.start) if s.start >= counted else -text.count("\n", s.start, counted)
            counted = s.start
            chunks.append(Chunk(source, s.start, s.end, line, text[s.start:s.end], doc.encoding))
    return chunks
