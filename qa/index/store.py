"""The index folder on disk: generations written aside and switched in atomically.

    vectors/
      HEAD              name of the current generation (replaced atomically)
      gen-*/            manifest.json, chunks.jsonl, index.faiss, bm25/, sentence_spans.npy, sentence_vectors.npy,
                        resolved_dates.json
      .lock             held by the one process that writes

Nothing is loaded with pickle; the chunk table is JSON Lines.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from qa.config import FORMAT_VERSION, MODEL_DIMENSION, MODEL_NAME
from qa.errors import BrokenIndexError, IndexWriteError
from qa.index import article_lexical, checks, lexical, sentence_table
from qa.index.manifest import ARTICLE_RANKING, Manifest
from qa.index.sentence_table import SentenceTable, SpilledTable
from qa.index.vectors import prepare
from qa.types import Chunk

if TYPE_CHECKING:
    import bm25s
    import faiss

HEAD_FILE = "HEAD"
MANIFEST_FILE = "manifest.json"
CHUNKS_FILE = "chunks.jsonl"
FAISS_FILE = "index.faiss"
RESOLVED_DATES_FILE = "resolved_dates.json"
LEGACY_ENCODER_DIR = "encoder"  # where an index kept its own copy of the encoder before the machine's cache
LOCK_FILE = ".lock"
SPILL_PREFIX = ".sentences-"  # the sentence vectors of an update in the making (see sentence_table.SentenceSpill)
GENERATIONS_KEPT = 2
HEAD_TEMP = ".HEAD.tmp"
FIX = "run: qa index --rebuild"
UTF8 = "utf-8"
T = TypeVar("T")
CHUNK_FIELDS = {field.name for field in fields(Chunk)}
P = TypeVar("P", Path, str)


@dataclass
class StoredIndex:
    """A loaded generation: manifest, chunk table (sources relative to the index folder) and FAISS index."""

    folder: Path
    manifest: Manifest
    chunks: list[Chunk]
    faiss_index: faiss.Index
    bm25: bm25s.BM25
    sentences: SentenceTable | None = None
    resolved_dates: list[list[Any]] | None = None  # date phrases resolved at index time (see qa.stories.dates)
    article_bm25: bm25s.BM25 | None = None  # None for an index written before articles were ranked

    def vectors(self) -> np.ndarray:
        """All stored vectors, row i belonging to chunk i."""
        count = self.faiss_index.ntotal
        if count == 0:
            return np.zeros((0, MODEL_DIMENSION), dtype=np.float32)
        return np.asarray(self.faiss_index.reconstruct_n(0, count), dtype=np.float32)


def relative_to_index(path: Path, index_dir: Path) -> str:
    """How the index names a file or folder: its path relative to the index folder."""
    return os.path.relpath(path.resolve(), index_dir.resolve())


def sources_of(paths: Sequence[P], index_dir: Path) -> dict[str, P]:
    """How the index names each of `paths` (resolved paths, as `discover` and `list_articles` give them), one
    relpath per folder."""
    index_real = index_dir.resolve()
    prefixes: dict[str, str] = {}
    named: dict[str, P] = {}
    for path in paths:
        parent, _, name = str(path).rpartition(os.sep)
        prefix = prefixes.get(parent)
        if prefix is None:
            folder = os.path.relpath(parent or os.sep, index_real)
            prefix = prefixes[parent] = "" if folder == os.curdir else folder + os.sep
        named[prefix + name] = path
    return named


def resolve_from_index(source: str, index_dir: Path) -> Path:
    """The path of a file or folder the index names."""
    return Path(os.path.normpath(index_dir.resolve() / source))


def roots(manifest: Manifest, index_dir: Path) -> list[Path]:
    """The folders the index was built from."""
    return [resolve_from_index(root, index_dir) for root in manifest.roots]


def exists(index_dir: Path) -> bool:
    return (index_dir / HEAD_FILE).is_file()


def current_generation(index_dir: Path) -> Path:
    try:
        name = (index_dir / HEAD_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise BrokenIndexError(f"no index in {index_dir}; run: qa index") from None
    if not name.startswith("gen-") or "/" in name:
        raise BrokenIndexError(f"{index_dir / HEAD_FILE} is damaged; {FIX}")
    return index_dir / name


def load_manifest(index_dir: Path) -> Manifest:
    return _retrying(index_dir, _read_manifest)


def readable_manifest(index_dir: Path) -> Manifest | None:
    """The current manifest, or None when there is no index or it cannot be read (a rebuild goes on without it)."""
    if not exists(index_dir):
        return None
    try:
        return load_manifest(index_dir)
    except BrokenIndexError:
        return None


def load(index_dir: Path) -> StoredIndex:
    """Load the current generation, refusing one that is damaged or built with another model."""
    return _retrying(index_dir, _load_generation)


def _retrying(index_dir: Path, read: Callable[[Path], T]) -> T:
    """Read the generation HEAD names; if that fails because a writer switched HEAD and removed the generation
    in between, read the new one (once) instead of failing."""
    folder = current_generation(index_dir)
    try:
        return read(folder)
    except BrokenIndexError:
        latest = current_generation(index_dir)
        if latest == folder:
            raise
        return read(latest)


def _older_generations(index_dir: Path) -> list[Path]:
    """The generation folders other than the one HEAD names (all of them when HEAD names none), newest first."""
    try:
        current: Path | None = current_generation(index_dir)
    except BrokenIndexError:
        current = None
    others = [p for p in index_dir.glob("gen-*") if p.is_dir() and p != current] if index_dir.is_dir() else []
    return sorted(others, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def load_previous(index_dir: Path) -> StoredIndex | None:
    """The newest intact generation other than the one HEAD names (a writer keeps the previous one), or None."""
    for folder in _older_generations(index_dir):
        try:
            return _load_generation(folder)
        except BrokenIndexError:
            continue
    return None


LOAD_ERRORS = (OSError, ValueError, KeyError, TypeError, EOFError, IndexError, AttributeError)


def _load_generation(folder: Path) -> StoredIndex:
    import faiss

    manifest = _read_manifest(folder)
    chunks = _read_chunks(folder)
    _checked(f"{folder / CHUNKS_FILE} is damaged", lambda: checks.check_chunks(chunks, manifest))
    try:
        faiss_index = prepare(faiss.read_index(str(folder / FAISS_FILE)))
    except (RuntimeError, OSError):
        raise BrokenIndexError(f"{folder / FAISS_FILE} is missing or damaged; {FIX}") from None
    if faiss_index.d != MODEL_DIMENSION:
        raise BrokenIndexError(f"the index has {faiss_index.d}-dimensional vectors, the model {MODEL_DIMENSION}; {FIX}")
    if faiss_index.ntotal != len(chunks) or manifest.chunks != len(chunks):
        raise BrokenIndexError(
            f"the index holds {faiss_index.ntotal} vectors but {len(chunks)} chunks; {FIX}"
        )
    _checked(f"{folder / FAISS_FILE} is missing or damaged", lambda: checks.check_vectors(faiss_index))
    bm25 = _checked(f"{folder / lexical.BM25_DIR} is missing or damaged", lambda: _bm25(folder, len(chunks)))
    sentences = _checked(f"the sentence vectors in {folder} are missing or damaged",
                         lambda: _sentences(folder, chunks))
    return StoredIndex(folder, manifest, chunks, faiss_index, bm25, sentences, _read_resolved_dates(folder),
                       _read_article_bm25(folder, manifest, chunks))


def _checked(problem: str, load: Callable[[], T]) -> T:
    """`load()`, with any sign of damage (a failed check, a file that does not parse) refused in one line that
    says what `problem` there is, and why when a check found it."""
    try:
        return load()
    except checks.DamageFound as damage:
        raise BrokenIndexError(f"{problem} ({damage}); {FIX}") from None
    except LOAD_ERRORS:
        raise BrokenIndexError(f"{problem}; {FIX}") from None


def _bm25(folder: Path, documents: int) -> bm25s.BM25:
    retriever = lexical.load(folder)
    checks.check_bm25(retriever, documents)
    return retriever


def _sentences(folder: Path, chunks: list[Chunk]) -> SentenceTable | None:
    table = sentence_table.load(folder, MODEL_DIMENSION)
    if table is not None:
        checks.check_sentences(table, chunks)
    return table


def _read_article_bm25(folder: Path, manifest: Manifest, chunks: list[Chunk]) -> bm25s.BM25 | None:
    if not manifest.has_article_ranking:
        return None

    def load() -> bm25s.BM25:
        retriever = article_lexical.load(folder)
        checks.check_bm25(retriever, len(article_lexical.first_rows(chunks)))
        return retriever

    return _checked(f"{folder / article_lexical.BM25_DIR} is missing or damaged", load)


def _read_resolved_dates(folder: Path) -> list[list[Any]] | None:
    """None for an index written before date resolutions were stored."""
    path = folder / RESOLVED_DATES_FILE
    if not path.exists():
        return None

    def load() -> list[list[Any]]:
        rows = json.loads(path.read_text(encoding="utf-8"))
        checks.check_resolved_dates(rows)
        return rows

    return _checked(f"{path} is damaged", load)


_manifests: dict[str, tuple[tuple[int, int, int], Manifest]] = {}


def _read_manifest(folder: Path) -> Manifest:
    """The generation's manifest, parsed once per process while the file stays the same (a question reads it to
    check the articles, then to load the index: 5 MB for the Reuters archive)."""
    path = folder / MANIFEST_FILE
    try:
        info = path.stat()
    except OSError:
        info = None
    key = (info.st_ino, info.st_size, info.st_mtime_ns) if info else None
    known = _manifests.get(str(path))
    if key is not None and known is not None and known[0] == key:
        return known[1]
    manifest = _parse_manifest(folder)
    if key is not None:
        _manifests.clear()  # the last one only: a long-lived chat sees a generation or two
        _manifests[str(path)] = (key, manifest)
    return manifest


def _parse_manifest(folder: Path) -> Manifest:
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BrokenIndexError(f"{folder / MANIFEST_FILE} is missing; {FIX}") from None
    except (ValueError, OSError):
        raise BrokenIndexError(f"{folder / MANIFEST_FILE} is damaged; {FIX}") from None
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        raise BrokenIndexError(f"the index was written in another format; {FIX}")
    manifest = _checked(f"{folder / MANIFEST_FILE} is damaged", lambda: Manifest.from_json(data))
    _checked(f"{folder / MANIFEST_FILE} is damaged", lambda: checks.check_manifest(manifest))
    model = manifest.model
    if model.name != MODEL_NAME or model.dimension != MODEL_DIMENSION:
        raise BrokenIndexError(
            f"the index was built with {model.name} ({model.dimension} dims), not {MODEL_NAME}; {FIX}"
        )
    return manifest


def _read_chunks(folder: Path) -> list[Chunk]:
    """The chunk table, its lines parsed as one JSON array (one parser call instead of one per line: 3x faster; a
    line break inside a value is escaped, so every raw one ends a row)."""
    try:
        text = (folder / CHUNKS_FILE).read_text(encoding="utf-8").rstrip("\n")
        rows = json.loads("[" + text.replace("\n", ",") + "]") if text else []
        chunks = [_chunk(row) for row in rows]
    except FileNotFoundError:
        raise BrokenIndexError(f"{folder / CHUNKS_FILE} is missing; {FIX}") from None
    except (ValueError, KeyError, TypeError):
        raise BrokenIndexError(f"{folder / CHUNKS_FILE} is damaged; {FIX}") from None
    return chunks


def _chunk(row: dict[str, Any]) -> Chunk:
    """A chunk from its row (a row without exactly the chunk's fields is damage: KeyError), made without the frozen
    dataclass's per-field checks: a third of the time for the 32,000 chunks of a large archive."""
    row.setdefault("encoding", UTF8)
    if row.keys() != CHUNK_FIELDS:
        raise KeyError("chunk fields")
    chunk = object.__new__(Chunk)
    object.__setattr__(chunk, "__dict__", row)
    return chunk


def write(index_dir: Path, manifest: Manifest, chunks: list[Chunk], vectors: np.ndarray,
          sentences: SentenceTable | SpilledTable | None = None, resolved_dates: list[list[Any]] | None = None) -> Path:
    """Write a new generation beside the current one, fsync it, then point HEAD at it (the commit point).

    Interrupted or failed, it removes its staging folder; a SIGKILL leaves one that `remove_stale` deletes.
    """
    name = f"gen-{time.time_ns():x}-{os.getpid()}"
    staging = index_dir / f".{name}.tmp"
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
        _write_staging(staging, manifest, chunks, vectors, sentences, resolved_dates)
        final = index_dir / name
        staging.rename(final)
        _fsync(index_dir)
        _write_durable(index_dir / HEAD_TEMP, name + "\n")
        os.replace(index_dir / HEAD_TEMP, index_dir / HEAD_FILE)
        _fsync(index_dir)
    except (OSError, RuntimeError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
        raise IndexWriteError(f"could not write the index in {index_dir} ({reason}); the previous index is "
                              "unchanged") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def _write_staging(staging: Path, manifest: Manifest, chunks: list[Chunk], vectors: np.ndarray,
                   sentences: SentenceTable | SpilledTable | None, resolved_dates: list[list[Any]] | None) -> None:
    import faiss

    from qa.index.vectors import build

    complete = replace(manifest, chunks=len(chunks), articles=ARTICLE_RANKING)
    _write_durable(staging / MANIFEST_FILE, json.dumps(complete.to_json(), indent=2, ensure_ascii=False))
    _write_chunks(staging / CHUNKS_FILE, chunks)
    faiss.write_index(build(vectors), str(staging / FAISS_FILE))
    lexical.build([c.text for c in chunks], staging)
    article_lexical.build(chunks, staging)
    if sentences is not None:
        sentences.write(staging)
    if resolved_dates is not None:
        _write_durable(staging / RESOLVED_DATES_FILE, json.dumps(resolved_dates, ensure_ascii=False))
    for written in staging.rglob("*"):
        _fsync(written)
    _fsync(staging)


def known_roots(index_dir: Path) -> list[Path] | None:
    """The folders the index was built from, read leniently so that a damaged index can still be rebuilt from
    them: from the current generation's manifest, else from the newest other generation that says; None when no
    manifest says."""
    try:
        folders = [current_generation(index_dir)]
    except BrokenIndexError:
        folders = []
    for folder in folders + _older_generations(index_dir):
        try:
            data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
            named = data["roots"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if isinstance(named, list) and named and all(isinstance(r, str) for r in named):
            return [resolve_from_index(root, index_dir) for root in named]
    return None


def remove_stale(index_dir: Path) -> None:
    """Delete leftovers of killed runs and all but the newest generations (readers may still hold the last)."""
    if not index_dir.is_dir():
        return
    for leftover in index_dir.glob(".gen-*.tmp"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in (*index_dir.glob(".encoder-*"), index_dir / LEGACY_ENCODER_DIR):
        shutil.rmtree(leftover, ignore_errors=True)  # the encoder lives in the machine's cache now
    for spill in index_dir.glob(f"{SPILL_PREFIX}*.tmp"):
        spill.unlink(missing_ok=True)
    (index_dir / HEAD_TEMP).unlink(missing_ok=True)
    try:
        current_generation(index_dir)
    except BrokenIndexError:
        return
    for folder in _older_generations(index_dir)[GENERATIONS_KEPT - 1:]:
        shutil.rmtree(folder, ignore_errors=True)


def _write_chunks(path: Path, chunks: list[Chunk]) -> None:
    """One JSON object per line; `encoding` only for sources that are not UTF-8 (streamed: bounded memory)."""
    with open(path, "w", encoding="utf-8") as handle:
        for chunk in chunks:
            row = asdict(chunk)
            if row["encoding"] == UTF8:
                del row["encoding"]
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _write_durable(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
