"""Build and incrementally update the index: only new or changed files are cleaned, chunked and embedded."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from qa.config import MODEL_DIMENSION, QUANTIZED_BY_DEFAULT, ChunkSettings
from qa.errors import IndexCancelledError, InputError
from qa.index import store
from qa.index.encoder_choice import EncoderFactory, machine_encoder
from qa.index.encoders import SpanEncoder
from qa.index.lock import writer_lock
from qa.index.manifest import FileEntry, Manifest, ModelInfo, SkippedFile
from qa.index.report import IndexReport
from qa.index.sentence_table import SentenceSpill, SpilledTable, chunk_sentences
from qa.ingest import metadata
from qa.ingest.cleaning import common_short_lines
from qa.ingest.files import UTF8, Document, check_roots, discover, read_document, stamp
from qa.ingest.passages import chunk_document
from qa.text.iso_dates import parse_iso
from qa.text.tokens import TokenCounter
from qa.types import Chunk

Progress = Callable[[int, int], None]
EMBED_SLICE = 256


@dataclass(frozen=True)
class BuildOptions:
    """How to build: from scratch or not, the chunking, the encoder, and the callbacks of a long run.

    `quantize` embeds with the int8 model (articles and questions alike); None keeps what the index has (full
    precision for a new index). `encoder_digest` names the encoder `encoder_factory` makes (set by `update_index`
    for the machine's cached encoder; None for another, whose vectors are kept only by an index that recorded None
    too).
    `cancelled` is asked between batches; when it says yes the run stops and the previous index stays.
    `follow_links` indexes files that links lead to outside the roots; None keeps what the index has.
    """

    rebuild: bool = False
    settings: ChunkSettings = ChunkSettings()
    encoder_factory: EncoderFactory | None = None
    progress: Progress | None = None
    on_wait: Callable[[str], None] | None = None
    quantize: bool | None = None
    cancelled: Callable[[], bool] | None = None
    follow_links: bool | None = None
    encoder_digest: str | None = None


@dataclass
class _Collected:
    """The chunks of an update in the making, with their vectors, and their sentence vectors' handles in the
    spill, in the same order."""

    chunks: list[Chunk]
    vectors: list[np.ndarray]
    sentences: SentenceSpill
    handles: list[int]


def update_index(roots: list[Path], index_dir: Path, options: BuildOptions | None = None) -> IndexReport:
    """Bring the index in `index_dir` up to date with the articles under `roots`, holding the writer lock (a
    missing root is refused first: no lock taken, no encoder exported)."""
    options = options or BuildOptions()
    check_roots(roots)
    with writer_lock(index_dir, options.on_wait):
        store.remove_stale(index_dir)
        current = store.readable_manifest(index_dir)  # what the index has, kept unless the options say otherwise
        kept = current.quantized if current else QUANTIZED_BY_DEFAULT
        quantized = kept if options.quantize is None else options.quantize
        links = bool(current and current.follow_links) if options.follow_links is None else options.follow_links
        options = replace(options, quantize=quantized, follow_links=links)
        if options.encoder_factory is None:
            from qa.index.onnx_export import ready_encoder

            cached = ready_encoder(quantized, options.on_wait)
            options = replace(options, encoder_factory=machine_encoder(cached), encoder_digest=cached.digest)
        return _update(roots, index_dir, options)


def _update(roots: list[Path], index_dir: Path, options: BuildOptions) -> IndexReport:
    started = time.perf_counter()
    report = IndexReport()
    paths = discover(roots, report.warnings, follow_links=bool(options.follow_links))
    documents, skipped = _read_all(paths, index_dir, report.warnings)
    if not documents:
        where = ", ".join(str(r) for r in roots)
        raise InputError(f"no readable .txt or .md articles under {where}")
    old = _previous(index_dir, options)
    keep, redo = _sort_out(documents, old.manifest if old else None, report)
    spill = SentenceSpill(index_dir / f"{store.SPILL_PREFIX}{os.getpid()}-{time.time_ns():x}.tmp", MODEL_DIMENSION)
    try:
        collected = _kept(old, keep, spill)
        new_chunks, new_spans = _new_chunks(documents, redo, options.settings)
        collected.chunks.extend(new_chunks)
        if new_chunks:
            _embed_new(new_chunks, new_spans, options, report, collected)
        elif options.progress:
            options.progress(0, 0)
        report.embedded = len(new_chunks)
        report.sentences = sum(len(spans) for spans in new_spans)
        del new_spans
        _drop_vanished(documents, report)
        report.chunks = sum(1 for chunk in collected.chunks if chunk.source in documents)
        if not report.chunks:
            where = ", ".join(str(r) for r in roots)
            raise InputError(f"nothing to index under {where}: the {len(documents)} article(s) there are empty or "
                             "hold only boilerplate")
        manifest = _manifest(roots, index_dir, documents, skipped, options)
        if _needs_writing(old, manifest, report, options.rebuild):
            _write(index_dir, manifest, collected, old)
    finally:
        spill.close()
    report.seconds = time.perf_counter() - started
    return report


def _sort_out(documents: dict[str, Document], old: Manifest | None,
              report: IndexReport) -> tuple[set[str], list[str]]:
    """The sources whose vectors can be kept (same bytes as indexed) and those to embed, counted in `report`."""
    old_files = old.files if old else {}
    keep: set[str] = set()
    redo: list[str] = []
    for source, doc in documents.items():
        if source in old_files and old_files[source].sha256 == doc.sha256:
            keep.add(source)
        else:
            redo.append(source)
            if source in old_files:
                report.changed += 1
            else:
                report.added += 1
    report.unchanged = len(keep)
    report.removed = len(set(old_files) - set(documents))
    return keep, redo


def _kept(old: store.StoredIndex | None, keep: set[str], spill: SentenceSpill) -> _Collected:
    """The chunks, vectors and sentence vectors of the unchanged articles, taken from the current index."""
    collected = _Collected([], [], spill, [])
    if old is not None and keep:
        assert old.sentences is not None  # `_previous` keeps no index without sentence vectors
        rows = [i for i, c in enumerate(old.chunks) if c.source in keep]
        collected.chunks.extend(old.chunks[i] for i in rows)
        collected.vectors.append(old.vectors()[rows])
        collected.handles.extend(spill.keep(*old.sentences.chunk_vectors(row)) for row in rows)
    return collected


def _new_chunks(documents: dict[str, Document], redo: list[str],
                settings: ChunkSettings) -> tuple[list[Chunk], list[list[tuple[int, int]]]]:
    """The chunks of the new and changed articles and the sentence spans of each."""
    counter = TokenCounter()
    common = common_short_lines(d.text for d in documents.values())
    chunks = [c for source in redo for c in chunk_document(documents[source], source, common, counter, settings)]
    return chunks, [chunk_sentences(c.text) for c in chunks]


def _embed_new(chunks: list[Chunk], spans: list[list[tuple[int, int]]], options: BuildOptions,
               report: IndexReport, collected: _Collected) -> None:
    assert options.encoder_factory is not None
    encoder = options.encoder_factory(len(chunks))
    embed_started = time.perf_counter()
    embedded, handles = _embed(encoder, [c.text for c in chunks], spans, options, collected.sentences)
    report.embed_seconds = time.perf_counter() - embed_started
    del encoder  # its session's memory goes before the index is assembled and written
    gc.collect()
    counter = TokenCounter()
    report.tokens = sum(sum(counter.count([c.text for c in chunks[i:i + EMBED_SLICE]]))
                        for i in range(0, len(chunks), EMBED_SLICE))
    collected.vectors.append(embedded)
    collected.handles.extend(handles)


def _drop_vanished(documents: dict[str, Document], report: IndexReport) -> None:
    """Articles deleted while the index was being made are left out of it (their chunks too, see `_write`); one
    changed meanwhile keeps what was read, recorded with the stamp taken before reading, so the next run sees the
    change and indexes it again."""
    for source, doc in list(documents.items()):
        if not doc.path.exists():
            del documents[source]
            report.warnings.append(f"{doc.path}: deleted while it was being indexed; left out")


def _needs_writing(old: store.StoredIndex | None, manifest: Manifest, report: IndexReport, rebuild: bool) -> bool:
    """A new generation is written when anything it records changed, or when the current one lacks a part."""
    if old is None or report.touched or rebuild:
        return True
    redated = old.manifest.dating() != manifest.dating()
    reskipped = dict(old.manifest.skipped) != dict(manifest.skipped)
    outdated = old.resolved_dates is None or old.article_bm25 is None
    return redated or reskipped or outdated


def _write(index_dir: Path, manifest: Manifest, collected: _Collected, old: store.StoredIndex | None) -> None:
    chunks = collected.chunks
    order = sorted((i for i in range(len(chunks)) if chunks[i].source in manifest.files),
                   key=lambda i: (chunks[i].source, chunks[i].start))
    ordered = [chunks[i] for i in order]
    matrix = _in_order(collected.vectors, order)
    collected.vectors.clear()
    handles = [collected.handles[i] for i in order]
    resolved = _resolve_dates(ordered, [collected.sentences.spans(h) for h in handles], manifest, old)
    store.write(index_dir, manifest, ordered, matrix, SpilledTable(collected.sentences, handles), resolved)
    store.remove_stale(index_dir)


def _in_order(parts: list[np.ndarray], order: list[int]) -> np.ndarray:
    """The rows of the stacked `parts` in `order`, copied only when they are not already that."""
    matrix = parts[0] if len(parts) == 1 else \
        np.concatenate(parts) if parts else np.zeros((0, MODEL_DIMENSION), dtype=np.float32)
    if len(order) == len(matrix) and all(row == at for at, row in enumerate(order)):
        return matrix
    return matrix[order]


def _resolve_dates(chunks: list[Chunk], spans: list[np.ndarray], manifest: Manifest,
                   old: store.StoredIndex | None) -> list[list[Any]]:
    """Resolve the date expressions of the articles that are new or re-dated (the others' resolutions carry over),
    sentence by sentence of `table`, so that timeline questions need not load dateparser."""
    from qa.stories.dates import DateResolver

    files = manifest.files
    resolver = DateResolver()
    settled: set[str] = set()
    if old is not None and old.resolved_dates is not None:
        resolver.remember(old.resolved_dates)
        before = old.manifest.files
        settled = {s for s, e in files.items() if s in before and before[s].sha256 == e.sha256
                   and before[s].date == e.date}
    for row, chunk in enumerate(chunks):
        if chunk.source not in settled:
            texts = [chunk.text[start:end] for start, end in spans[row].tolist()]
            resolver.resolve_all(texts, parse_iso(files[chunk.source].date))
    return resolver.resolved({e.date for e in files.values() if e.date})


def _read_all(paths: list[Path], index_dir: Path,
              warnings: list[str]) -> tuple[dict[str, Document], dict[str, SkippedFile]]:
    """Read every article; a file that cannot be read or is not text is skipped with a warning and recorded
    (with its stamp) so that it does not make the index look stale until it changes."""
    documents: dict[str, Document] = {}
    skipped: dict[str, SkippedFile] = {}
    for source, path in store.sources_of(paths, index_dir).items():
        try:
            doc = read_document(path)
        except (InputError, OSError) as exc:
            reason = exc.message if isinstance(exc, InputError) else f"{path}: {exc.strerror or exc}"
            warnings.append(f"skipped {reason}")
            try:
                now = stamp(path)
            except OSError:
                continue
            skipped[source] = SkippedFile(now.size, now.mtime_ns, reason)
            continue
        if not doc.text.strip():
            warnings.append(f"{path}: empty file, nothing to index")
        documents[source] = doc
    return documents, skipped


def _previous(index_dir: Path, options: BuildOptions) -> store.StoredIndex | None:
    """The current index if its vectors can be kept for unchanged files (same chunking, same encoder)."""
    if options.rebuild or not store.exists(index_dir):
        return None
    old = store.load(index_dir)
    if not old.manifest.made_with(options.settings) or old.sentences is None:
        return None
    model = old.manifest.model
    if model.quantized != bool(options.quantize) or model.encoder != options.encoder_digest:
        return None
    return old


def _embed(encoder: SpanEncoder, texts: list[str], spans: list[list[tuple[int, int]]], options: BuildOptions,
           spill: SentenceSpill) -> tuple[np.ndarray, list[int]]:
    """Embed texts, and their sentence spans from the same pass (put in the spill as they come), in slices of texts
    of similar length (little padding), reporting progress after each and stopping between slices when the run is
    cancelled. Returns the text vectors and each text's handle in the spill."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    handles = [0] * len(texts)
    for first in range(0, len(order), EMBED_SLICE):
        if options.cancelled is not None and options.cancelled():
            raise IndexCancelledError("indexing was cancelled; the previous index is unchanged")
        rows = order[first:first + EMBED_SLICE]
        out[rows], in_slice = encoder.encode_with_spans([texts[i] for i in rows], [spans[i] for i in rows])
        for row, vectors in zip(rows, in_slice, strict=True):
            handles[row] = spill.add(spans[row], vectors)
        if options.progress:
            options.progress(first + len(rows), len(texts))
    return out, handles


def _manifest(roots: list[Path], index_dir: Path, documents: dict[str, Document], skipped: dict[str, SkippedFile],
              options: BuildOptions) -> Manifest:
    dated = metadata.article_metadata({source: (doc.path, doc.text) for source, doc in documents.items()})
    files = {}
    for source, doc in sorted(documents.items()):
        files[source] = FileEntry(doc.sha256, doc.stamp.size, doc.stamp.mtime_ns, **dated[source],
                                  encoding=None if doc.encoding == UTF8 else doc.encoding)
    return Manifest(
        model=ModelInfo(quantized=bool(options.quantize), encoder=options.encoder_digest),
        chunking=options.settings.as_dict(),
        roots=tuple(store.relative_to_index(r, index_dir) for r in roots),
        files=files,
        sidecars=metadata.sidecar_hashes(doc.path for doc in documents.values()),
        skipped=skipped,
        follow_links=bool(options.follow_links),
    )
