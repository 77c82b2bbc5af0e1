import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.config import ChunkSettings
from qa.ingest.chunking import HARD_LIMIT, chunk_spans
from qa.ingest.cleaning import kept_segments
from qa.text.sentences import split_sentences
from qa.text.tokens import TokenCounter

COUNTER = TokenCounter()

words = st.sampled_from(["Kim", "visited", "China", "the", "U.S.", "Mr.", "said", "4th", "“quote”", "in", "May",
                         "2019.", "again!", "Why?", "—", "déjà", "北京", "x" * 30, "\t", "a-\nb"])
sentence = st.lists(words, min_size=1, max_size=40).map(lambda ws: " ".join(ws))
separators = st.sampled_from([" ", "\n", "\n\n", "\r\n", "\r\n\r\n", "  \n \n"])
article = st.lists(st.tuples(sentence, separators), max_size=25).map(lambda ps: "".join(s + sep for s, sep in ps))


@settings(max_examples=150, deadline=None)
@given(article, st.integers(min_value=8, max_value=200), st.integers(min_value=0, max_value=2),
       st.integers(min_value=0, max_value=400))
def test_chunks_are_exact_spans_covering_all_kept_text(text: str, max_tokens: int, overlap: int,
                                                       paragraph_tokens: int) -> None:
    segments = kept_segments(text)
    chunks = chunk_spans(text, segments, COUNTER, ChunkSettings(max_tokens, overlap, paragraph_tokens))
    covered = [False] * len(text)
    for chunk in chunks:
        piece = text[chunk.start:chunk.end]
        assert piece and piece == piece.strip()
        assert any(s.start <= chunk.start and chunk.end <= s.end for s in segments)
        assert COUNTER.count([piece])[0] <= min(max(max_tokens, paragraph_tokens), HARD_LIMIT)
        for i in range(chunk.start, chunk.end):
            covered[i] = True
    for segment in segments:
        for i in range(segment.start, segment.end):
            assert covered[i] or text[i].isspace(), (i, text[i])


def test_every_chunk_fits_the_model_window_even_for_one_endless_sentence() -> None:
    text = "word " * 3000 + "end."
    chunks = chunk_spans(text, kept_segments(text), COUNTER, ChunkSettings(max_tokens=10_000))
    assert len(chunks) > 10
    assert max(COUNTER.count([text[c.start:c.end] for c in chunks])) <= HARD_LIMIT


def test_overlap_repeats_one_sentence_between_neighbours() -> None:
    text = " ".join(f"Sentence number {i} is about the harbour." for i in range(40))
    chunks = chunk_spans(text, kept_segments(text), COUNTER, ChunkSettings(max_tokens=40, overlap_sentences=1))
    for left, right in zip(chunks, chunks[1:], strict=False):
        assert right.start < left.end


PARAGRAPH = " ".join(f"Sentence {i} of the paragraph names the harbour." for i in range(8))


def test_a_paragraph_that_fits_the_window_is_not_cut_at_the_budget() -> None:
    text = f"{PARAGRAPH}\n\nA short closing paragraph."
    tokens = COUNTER.count([PARAGRAPH])[0]
    chunks = chunk_spans(text, kept_segments(text), COUNTER, ChunkSettings(max_tokens=tokens // 2,
                                                                           paragraph_tokens=tokens + 5))
    assert text[chunks[0].start:chunks[0].end] == PARAGRAPH


def test_a_paragraph_too_long_for_the_stretch_is_cut_at_the_budget() -> None:
    tokens = COUNTER.count([PARAGRAPH])[0]
    chunks = chunk_spans(PARAGRAPH, kept_segments(PARAGRAPH), COUNTER,
                         ChunkSettings(max_tokens=tokens // 2, paragraph_tokens=tokens - 5))
    counts = COUNTER.count([PARAGRAPH[c.start:c.end] for c in chunks])
    assert len(chunks) > 1
    assert counts[0] <= tokens // 2
    assert max(counts) <= tokens - 5


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = 'Mr. Kim met U.S. President Trump. "It went well," he said. Then N. Korea replied!'
    pieces = [text[s.start:s.end] for s in split_sentences(text)]
    assert pieces == ["Mr. Kim met U.S. President Trump.", '"It went well," he said.', "Then N. Korea replied!"]


def test_hyphenated_line_break_stays_inside_the_sentence() -> None:
    text = "Moon called it a positive deve-\nlopment of many situations. Next one."
    pieces = [text[s.start:s.end] for s in split_sentences(text)]
    assert pieces[0] == "Moon called it a positive deve-\nlopment of many situations."
    assert re.fullmatch(r"Next one\.", pieces[1])
