"""Build and incrementally update the index: only new or changed files are cleaned, chunked and embedded."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from qa import metadata, sentence_table, store
from qa.chunking import chunk_spans
from qa.cleaning import common_short_lines, kept_segments
from qa.config import FORMAT_VERSION, MODEL_DIMENSION, MODEL_MAX_TOKENS, MODEL_NAME, ChunkSettings
from qa.embedding import SpanEncoder
from qa.errors import BrokenIndexError, IndexBusyError, IndexWriteError, InputError
from qa.ingest import UTF8, Document, discover, read_document, stamp, windows
from qa.sentence_table import chunk_sentences
from qa.tokens import TokenCounter
from qa.types import Chunk, Span

Progress = Callable[[int, int], None]
EncoderFactory = Callable[[int], SpanEncoder]
SMALL_UPDATE_CHUNKS = 512
EMBED_SLICE = 256
LOCK_WAIT_SECONDS = 600.0
SENTENCE_VECTORS = "pooled-from-chunk"  # how the stored sentence vectors were made; another way re-embeds all


@dataclass
class IndexReport:
    """What one `qa index` run did."""

    unchanged: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0
    chunks: int = 0
    embedded: int = 0
    sentences: int = 0
    tokens: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def summary(self) -> str:
        text = (f"{self.unchanged} unchanged, {self.changed} changed, {self.added} added, {self.removed} removed; "
                f"{self.chunks} chunks, {self.embedded} embedded in {self.seconds:.1f} s")
        if self.embed_seconds > 0:
            text += (f" ({self.embedded / self.embed_seconds:.0f} chunks/s, {self.tokens / self.embed_seconds:.0f} "
                     f"tokens/s; {self.sentences} sentence vectors pooled from the same pass)")
        return text


def relative_to_index(path: Path, index_dir: Path) -> str:
    return os.path.relpath(path.resolve(), index_dir.resolve())


def resolve_from_index(source: str, index_dir: Path) -> Path:
    return Path(os.path.normpath(index_dir.resolve() / source))


def manifest_roots(manifest: dict[str, Any], index_dir: Path) -> list[Path]:
    return [resolve_from_index(root, index_dir) for root in manifest.get("roots", [])]


def stale_sources(index_dir: Path, roots: list[Path] | None = None, manifest: dict[str, Any] | None = None) -> bool:
    """Whether any file under the indexed roots was added, removed or changed since the last run (`manifest`: the
    index's, if already read)."""
    if manifest is None:
        manifest = store.load_manifest(index_dir)
    files: dict[str, dict[str, Any]] = manifest.get("files", {})
    skipped: dict[str, dict[str, Any]] = manifest.get("skipped", {})
    paths = discover(roots or manifest_roots(manifest, index_dir))
    current = {relative_to_index(p, index_dir): p for p in paths}
    if set(current) != set(files) | set(skipped) or metadata.stale_sidecars(manifest, paths):
        return True
    for source, path in current.items():
        known = files.get(source) or skipped[source]
        try:
            now = stamp(path)
            if (now.size, now.mtime_ns) != (known.get("size"), known.get("mtime_ns")):
                if source in skipped or read_document(path).sha256 != known.get("sha256"):
                    return True
        except (OSError, InputError):
            return True
    return False


def made_with(manifest: dict[str, Any], settings: ChunkSettings) -> bool:
    """Whether an index's passages and sentence vectors are the ones `settings` and this version make; if not, every
    article has to be embedded again."""
    return (manifest.get("chunking") == settings.as_dict()
            and manifest.get("model", {}).get("sentence_vectors") == SENTENCE_VECTORS)


def chunk_document(doc: Document, source: str, common: frozenset[str], counter: TokenCounter,
                   settings: ChunkSettings) -> list[Chunk]:
    """Chunks of one article, cleaned and cut window by window so that a huge file costs linear time and memory."""
    text = doc.text
    chunks: list[Chunk] = []
    line, counted = 1, 0
    body = metadata.front_matter_end(text)  # front matter dates the article; it is not its text
    for window in windows(text):
        segments = [Span(max(s.start + window.start, body), s.end + window.start)
                    for s in kept_segments(text[window.start:window.end], common) if s.end + window.start > body]
        for s in chunk_spans(text, segments, counter, settings):
            line += text.count("\n", counted, s.start) if s.start >= counted else -text.count("\n", s.start, counted)
            counted = s.start
            chunks.append(Chunk(source, s.start, s.end, line, text[s.start:s.end], doc.encoding))
    return chunks


def update_index(
    roots: list[Path],
    index_dir: Path,
    *,
    rebuild: bool = False,
    settings: ChunkSettings | None = None,
    encoder_factory: EncoderFactory | None = None,
    progress: Progress | None = None,
    on_wait: Callable[[str], None] | None = None,
    quantize: bool | None = None,
) -> IndexReport:
    """Bring the index in `index_dir` up to date with the articles under `roots`, holding the writer lock.

    `quantize` embeds with the int8 model (articles and questions alike); None keeps what the index has.
    """
    from filelock import FileLock, Timeout

    lock = FileLock(str(index_dir / store.LOCK_FILE))
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait:
                on_wait(f"another qa index is updating {index_dir}; waiting for it to finish")
            lock.acquire(timeout=LOCK_WAIT_SECONDS)
    except Timeout:
        raise IndexBusyError(f"{index_dir} is still being updated by another process; try again later") from None
    except OSError as exc:
        raise IndexWriteError(f"cannot write the index folder {index_dir} ({exc.strerror or exc})") from None
    try:
        store.remove_stale(index_dir)
        quantized = is_quantized(index_dir) if quantize is None else quantize
        factory = encoder_factory or default_encoder_factory(index_dir, quantized)
        return _update(roots, index_dir, rebuild, settings or ChunkSettings(), factory, progress, quantized)
    finally:
        lock.release()


def is_quantized(index_dir: Path) -> bool:
    """Whether the current index was embedded with the int8 model (False when there is none)."""
    if not store.exists(index_dir):
        return False
    return store.quantized(store.load_manifest(index_dir))


def _update(roots: list[Path], index_dir: Path, rebuild: bool, settings: ChunkSettings,
            encoder_factory: EncoderFactory, progress: Progress | None, quantized: bool) -> IndexReport:
    started = time.perf_counter()
    report = IndexReport()
    paths = discover(roots, report.warnings)
    documents, skipped = _read_all(paths, index_dir, report.warnings)
    if not documents:
        where = ", ".join(str(r) for r in roots)
        raise InputError(f"no readable .txt or .md articles under {where}")

    old = _previous(index_dir, settings, rebuild, quantized)
    old_files: dict[str, dict[str, Any]] = old.manifest.get("files", {}) if old else {}
    keep: set[str] = set()
    redo: list[str] = []
    for source, doc in documents.items():
        if source in old_files and old_files[source].get("sha256") == doc.sha256:
            keep.add(source)
        else:
            redo.append(source)
            if source in old_files:
                report.changed += 1
            else:
                report.added += 1
    report.unchanged = len(keep)
    report.removed = len(set(old_files) - set(documents))

    chunks: list[Chunk] = []
    vectors: list[np.ndarray] = []
    sentences: list[tuple[Sequence[tuple[int, int]] | np.ndarray, np.ndarray]] = []
    if old is not None and keep:
        assert old.sentences is not None  # `_previous` keeps no index without sentence vectors
        rows = [i for i, c in enumerate(old.chunks) if c.source in keep]
        chunks.extend(old.chunks[i] for i in rows)
        vectors.append(old.vectors()[rows])
        sentences.extend(old.sentences.chunk_vectors(row) for row in rows)

    counter = TokenCounter()
    common = common_short_lines(d.text for d in documents.values())
    new_chunks = [c for source in redo for c in chunk_document(documents[source], source, common, counter, settings)]
    new_spans = [chunk_sentences(c.text) for c in new_chunks]
    chunks.extend(new_chunks)
    if new_chunks:
        encoder = encoder_factory(len(new_chunks))
        embed_started = time.perf_counter()
        embedded, pooled = _embed(encoder, [c.text for c in new_chunks], new_spans, progress)
        report.embed_seconds = time.perf_counter() - embed_started
        report.tokens = sum(sum(counter.count([c.text for c in new_chunks[i:i + EMBED_SLICE]]))
                            for i in range(0, len(new_chunks), EMBED_SLICE))
        vectors.append(embedded)
        sentences.extend(zip(new_spans, pooled, strict=True))
    elif progress:
        progress(0, 0)
    report.embedded = len(new_chunks)
    report.sentences = sum(len(spans) for spans in new_spans)
    report.chunks = len(chunks)
    order = sorted(range(len(chunks)), key=lambda i: (chunks[i].source, chunks[i].start))
    ordered = [chunks[i] for i in order]

    manifest = _manifest(roots, index_dir, documents, settings)
    manifest["model"]["quantized"] = quantized
    manifest["model"]["sentence_vectors"] = SENTENCE_VECTORS
    _add_reading_facts(manifest, documents, skipped)
    redated = old is not None and _dating(old.manifest) != _dating(manifest)
    reskipped = old is not None and old.manifest.get("skipped", {}) != skipped
    outdated = old is not None and (old.resolved_dates is None or old.article_bm25 is None)
    if old is None or report.touched or rebuild or redated or reskipped or outdated:
        matrix = np.concatenate(vectors) if vectors else np.zeros((0, MODEL_DIMENSION), dtype=np.float32)
        table = sentence_table.assemble([sentences[i] for i in order], MODEL_DIMENSION)
        resolved = _resolve_dates(ordered, table, manifest, old)
        store.write(index_dir, manifest, ordered, matrix[order], table, resolved)
        store.remove_stale(index_dir)
    report.seconds = time.perf_counter() - started
    return report


def _resolve_dates(chunks: list[Chunk], table: sentence_table.SentenceTable, manifest: dict[str, Any],
                   old: store.StoredIndex | None) -> list[list[Any]]:
    """Resolve the date expressions of the articles that are new or re-dated (the others' resolutions carry over),
    sentence by sentence of `table`, so that timeline questions need not load dateparser."""
    from qa import dates

    files: dict[str, dict[str, Any]] = manifest["files"]
    old_files: dict[str, dict[str, Any]] = old.manifest.get("files", {}) if old else {}
    if old is not None and old.resolved_dates is not None:
        dates.remember(old.resolved_dates)
        settled = {s for s, e in files.items() if old_files.get(s, {}).get("sha256") == e["sha256"]
                   and old_files[s].get("date") == e.get("date")}
    else:
        settled = set()
    for row, chunk in enumerate(chunks):
        if chunk.source not in settled:
            texts = [chunk.text[start:end] for start, end in table.chunk_vectors(row)[0].tolist()]
            dates.resolve_all(texts, metadata.parse_iso(files[chunk.source].get("date")))
    return dates.resolved({e["date"] for e in files.values() if e.get("date")})


def _read_all(paths: list[Path], index_dir: Path,
              warnings: list[str]) -> tuple[dict[str, Document], dict[str, dict[str, Any]]]:
    """Read every article; a file that cannot be read or is not text is skipped with a warning and recorded
    (with its stamp) so that it does not make the index look stale until it changes."""
    documents: dict[str, Document] = {}
    skipped: dict[str, dict[str, Any]] = {}
    for path in paths:
        source = relative_to_index(path, index_dir)
        try:
            doc = read_document(path)
        except (InputError, OSError) as exc:
            reason = exc.message if isinstance(exc, InputError) else f"{path}: {exc.strerror or exc}"
            warnings.append(f"skipped {reason}")
            try:
                now = stamp(path)
            except OSError:
                continue
            skipped[source] = {"size": now.size, "mtime_ns": now.mtime_ns, "reason": reason}
            continue
        if not doc.text.strip():
            warnings.append(f"{path}: empty file, nothing to index")
        documents[source] = doc
    return documents, skipped


def _add_reading_facts(manifest: dict[str, Any], documents: dict[str, Document],
                       skipped: dict[str, dict[str, Any]]) -> None:
    """The encoding of every file that is not UTF-8, and the files skipped, with why."""
    for source, doc in documents.items():
        if doc.encoding != UTF8:
            manifest["files"][source]["encoding"] = doc.encoding
    manifest["skipped"] = skipped


def _previous(index_dir: Path, settings: ChunkSettings, rebuild: bool, quantized: bool) -> store.StoredIndex | None:
    """The current index if its vectors can be kept for unchanged files (same chunking, same model precision)."""
    if rebuild or not store.exists(index_dir):
        return None
    old = store.load(index_dir)
    if not made_with(old.manifest, settings) or old.sentences is None:
        return None
    if store.quantized(old.manifest) != quantized:
        return None
    return old


def _embed(encoder: SpanEncoder, texts: list[str], spans: list[list[tuple[int, int]]],
           progress: Progress | None) -> tuple[np.ndarray, list[np.ndarray]]:
    """Embed texts, and their sentence spans from the same pass, in slices of texts of similar length (little
    padding), reporting progress after each."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    pooled: list[np.ndarray] = [np.zeros((0, encoder.dimension), dtype=np.float32)] * len(texts)
    for first in range(0, len(order), EMBED_SLICE):
        rows = order[first:first + EMBED_SLICE]
        out[rows], in_slice = encoder.encode_with_spans([texts[i] for i in rows], [spans[i] for i in rows])
        for row, vectors in zip(rows, in_slice, strict=True):
            pooled[row] = vectors
        if progress:
            progress(first + len(rows), len(texts))
    return out, pooled


def _manifest(roots: list[Path], index_dir: Path, documents: dict[str, Document],
              settings: ChunkSettings) -> dict[str, Any]:
    files = {}
    dated = metadata.article_metadata({source: (doc.path, doc.text) for source, doc in documents.items()})
    for source, doc in sorted(documents.items()):
        now = stamp(doc.path)
        files[source] = {"sha256": doc.sha256, "size": now.size, "mtime_ns": now.mtime_ns, **dated[source]}
    return {
        "format_version": FORMAT_VERSION,
        "model": {"name": MODEL_NAME, "dimension": MODEL_DIMENSION, "max_tokens": MODEL_MAX_TOKENS,
                  "normalized": True},
        "chunking": settings.as_dict(),
        "roots": [relative_to_index(r, index_dir) for r in roots],
        "files": files,
        "sidecars": metadata.sidecar_hashes(doc.path for doc in documents.values()),
    }


def _dating(manifest: dict[str, Any]) -> tuple[Any, ...]:
    """The article dates and sidecar hashes of a manifest: a change rewrites it even if no article changed."""
    files = manifest.get("files", {})
    return manifest.get("sidecars", {}), {s: (e.get("date"), e.get("title"), e.get("outlet")) for s, e in files.items()}


def default_encoder_factory(index_dir: Path, quantized: bool = False) -> EncoderFactory:
    """Export the ONNX query encoder if needed, and pick the encoder for this run.

    Builds embed with sentence-transformers; small updates use the exported ONNX copy of the same model,
    which gives the same vectors (see the parity test) without the seconds torch takes to import. A quantized
    index embeds everything with the int8 ONNX model, as its questions are.
    """

    def make(count: int) -> SpanEncoder:
        from qa.embedding import SentenceTransformerEncoder
        from qa.onnx_encoder import (
            OnnxEncoder,
            encoder_is_exported,
            encoder_is_quantized,
            export_encoder,
            quantize_encoder,
        )

        folder = store.encoder_dir(index_dir)
        if quantized:
            if not encoder_is_exported(folder):
                export_encoder(folder)
            if not encoder_is_quantized(folder):
                quantize_encoder(folder)
            return OnnxEncoder(folder, quantized=True)
        onnx: SpanEncoder | None = None
        if encoder_is_exported(folder):
            try:
                onnx = OnnxEncoder(folder)
            except BrokenIndexError:  # a damaged export is made again, so `qa index --rebuild` repairs it
                onnx = None
        if onnx is None:
            export_encoder(folder)
            return SentenceTransformerEncoder()
        if count <= SMALL_UPDATE_CHUNKS:
            return onnx
        return SentenceTransformerEncoder()

    return make
