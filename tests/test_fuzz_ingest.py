"""Random bytes as article files through reading, cleaning and chunking: nothing escapes but a clean refusal, and
every chunk is an exact span of the decoded text."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.config import ChunkSettings
from qa.errors import InputError
from qa.ingest.cleaning import common_short_lines
from qa.ingest.files import read_document, read_text, windows
from qa.ingest.passages import chunk_document
from qa.text.tokens import TokenCounter

COUNTER = TokenCounter()
SMALL = ChunkSettings(max_tokens=24, overlap_sentences=1)
ENCODINGS = ["utf-8", "utf-16", "cp1252", "cp1251", "latin-1", "shift_jis"]
news_text = st.lists(
    st.sampled_from(list("abcdefghij ABC.,!?'\"\n\r\t—“”é中") + ["\r\n", "\n\n", "Mr. ", "U.S. ", "Share"]),
    max_size=300,
).map("".join)


def _through_the_pipeline(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except InputError as refused:
            assert "article.txt" in refused.message and "\n" not in refused.message
            return
        assert read_text(path, doc.encoding) == doc.text == read_text(path)
        chunks = chunk_document(doc, "article.txt", common_short_lines([doc.text, doc.text]), COUNTER, SMALL)
        last_start = -1
        for chunk in chunks:
            assert 0 <= chunk.start < chunk.end <= len(doc.text)
            assert doc.text[chunk.start:chunk.end] == chunk.text
            assert chunk.text == chunk.text.strip()
            assert chunk.line == doc.text.count("\n", 0, chunk.start) + 1
            assert chunk.encoding == doc.encoding
            assert chunk.start >= last_start
            last_start = chunk.start


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    _through_the_pipeline(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_text, st.sampled_from(ENCODINGS))
def test_random_text_in_any_encoding(text: str, encoding: str) -> None:
    _through_the_pipeline(text.encode(encoding, errors="replace"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(news_text, min_size=1, max_size=12), st.binary(max_size=4), st.integers(20, 400))
def test_text_with_stray_bytes_and_small_windows(parts: list[str], stray: bytes, window: int) -> None:
    """Huge files are cleaned and chunked window by window; small windows put many borders in play."""
    with mock.patch("qa.ingest.passages.windows", lambda text: windows(text, size=window)):
        _through_the_pipeline(stray.join(p.encode("utf-8") for p in parts))
