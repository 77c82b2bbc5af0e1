"""Find article files under the given folders and read them exactly as the citations will address them.

Offsets always refer to the decoded text, read without newline translation (CRLF stays two characters). UTF-8 is
tried first; other encodings are detected with charset-normalizer and recorded, so the same bytes always decode to
the same text. Binary files (NUL bytes, control characters) are refused with an `InputError` the indexer turns
into a warning.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qa.config import ARTICLE_SUFFIXES
from qa.errors import InputError
from qa.types import Span

UTF8 = "utf-8"
WINDOW_CHARS = 50_000
MAX_FILE_BYTES = 512 * 1024 * 1024
CONTROL_SHARE_LIMIT = 0.01
_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


@dataclass(frozen=True)
class FileStamp:
    """Cheap facts about a file that tell whether it may have changed since it was indexed."""

    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Document:
    """An article: its resolved path, its decoded text (no newline translation), the hash of its bytes, the
    encoding the text was decoded with, and the file's stamp taken before it was read (so that a change made
    while it is read or indexed shows as a stamp that no longer matches)."""

    path: Path
    text: str
    sha256: str
    stamp: FileStamp
    encoding: str = UTF8


def discover(roots: list[Path], warnings: list[str] | None = None, follow_links: bool = False) -> list[Path]:
    """Every .txt/.md file under the roots, resolved and sorted (see `list_articles`)."""
    return [Path(path) for path in list_articles(roots, warnings, follow_links)]


def check_roots(roots: list[Path]) -> None:
    """An input error for a root that is missing or neither a folder nor a file."""
    for root in roots:
        if not root.exists():
            raise InputError(f"no such folder: {root}")
        if not root.is_file() and not root.is_dir():
            raise InputError(f"not a folder or an article file: {root}")


def list_articles(roots: list[Path], warnings: list[str] | None = None, follow_links: bool = False) -> list[str]:
    """The real path of every .txt/.md file under the roots, sorted; a missing root is an input error.

    Symbolic links are followed within the roots (loops are cut); a link that leads outside every root is skipped
    with a warning unless `follow_links`, so that a link to /etc/passwd or to / is never indexed by accident.
    Broken or looping links and unreadable folders are reported in `warnings` and skipped.
    """
    note: Callable[[str], None] = warnings.append if warnings is not None else (lambda message: None)
    check_roots(roots)
    real_roots = [root.resolve() for root in roots]

    def inside(path: Path) -> bool:
        return follow_links or any(path == r or path.is_relative_to(r) for r in real_roots)

    found: set[str] = set()
    for root in roots:
        if root.is_file():
            found.add(str(root.resolve()))
        else:
            found.update(_walk(root, inside, note))
    return sorted(found)


def _walk(root: Path, inside: Callable[[Path], bool], note: Callable[[str], None]) -> set[str]:
    """The articles under `root` (a set: `discover` sorts). Only links are resolved (a plain entry of a folder
    whose real path is known is that path plus its name): an archive of 17,585 files is listed in a tenth of the
    time `Path.resolve` per file took."""
    found: set[str] = set()
    visited: set[str] = set()
    todo = [(str(root), os.path.realpath(root))]
    while todo:
        shown, real = todo.pop()
        if real in visited:
            continue
        visited.add(real)
        try:
            with os.scandir(real) as listing:
                entries = list(listing)
        except OSError as error:
            note(f"skipped {shown}: {error.strerror or error}")
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_folder(entry):
                target = os.path.realpath(entry.path) if entry.is_symlink() else entry.path
                if not entry.is_symlink() or _within(Path(shown, entry.name), Path(target), inside, note):
                    todo.append((os.path.join(shown, entry.name), target))
            elif entry.name.lower().endswith(ARTICLE_SUFFIXES):
                article = _article(entry, shown, note, inside)
                if article is not None:
                    found.add(article)
    return found


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link loop: reported as an article's entry when its name says it is one
        return False


def _article(entry: os.DirEntry[str], shown: str, note: Callable[[str], None],
             inside: Callable[[Path], bool]) -> str | None:
    """The real path of an article's folder entry, or None with the reason noted. A plain file of a folder being
    walked is inside the roots by construction; only a link is resolved and checked."""
    if entry.is_symlink():
        path = Path(shown, entry.name)
        real = _article_path(path, note)
        return str(real) if real is not None and _within(path, real, inside, note) else None
    if not _utf8_name(entry.path, note):
        return None
    if not entry.is_file(follow_symlinks=False):
        note(f"skipped {os.path.join(shown, entry.name)}: not a regular file")
        return None
    return entry.path


def _utf8_name(path: Path | str, note: Callable[[str], None]) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in the name, kept by Python as lone surrogates
        note(f"skipped {path}: its name is not valid UTF-8 (rename the file to index it)")
        return False
    return True


def _within(path: Path, real: Path, inside: Callable[[Path], bool], note: Callable[[str], None]) -> bool:
    """Whether `path` (whose resolved path is `real`) may be indexed; if it leads out of the roots, say so."""
    if inside(real):
        return True
    note(f"skipped {path}: a link to {real}, outside the folders being indexed (qa index --follow-links indexes it)")
    return False


def _article_path(path: Path, note: Callable[[str], None]) -> Path | None:
    if not _utf8_name(path, note):
        return None
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        note(f"skipped {path}: broken symbolic link")
        return None
    except (OSError, RuntimeError):
        note(f"skipped {path}: symbolic link loop")
        return None
    if not resolved.is_file():
        note(f"skipped {path}: not a regular file")
        return None
    return resolved


def stamp(path: Path | str) -> FileStamp:
    info = os.stat(path)
    return FileStamp(size=info.st_size, mtime_ns=info.st_mtime_ns)


def read_document(path: Path) -> Document:
    """Read one article once; binary or undecodable content, or a file too large to read, is an input error naming
    the file."""
    before = stamp(path)
    if before.size > MAX_FILE_BYTES:
        raise InputError(f"{path}: {before.size / 1e6:.0f} MB, more than the {MAX_FILE_BYTES / 1e6:.0f} MB one "
                         "article may have; split it into articles")
    try:
        data = path.read_bytes()
    except MemoryError:
        raise InputError(f"{path}: too large to read into memory; split it into articles") from None
    text, encoding = decode(data, str(path))
    return Document(path=path, text=text, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, stamp=before)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of an article's bytes and the encoding used: UTF-8 when valid, else the detected one."""
    if b"\x00" in data and not data.startswith(_BOMS):
        raise InputError(f"{name}: binary file (NUL bytes), not text")
    try:
        text, encoding = data.decode(UTF8), UTF8
    except UnicodeDecodeError:
        text, encoding = _decode_detected(data, name)
    if _looks_binary(text):
        raise InputError(f"{name}: binary file (control characters), not text")
    return text, encoding


def _decode_detected(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: not text in any known encoding")
    encoding = codecs.lookup(best.encoding).name
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"{name}: not text in any known encoding") from None


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    return controls > CONTROL_SHARE_LIMIT * len(sample)


def read_text(path: Path, encoding: str | None = None) -> str:
    """The file's text as citations address it: decoded with `encoding` (detected if None), newlines untouched."""
    data = path.read_bytes()
    if encoding is None:
        return decode(data, str(path))[0]
    return data.decode(encoding)


def windows(text: str, size: int = WINDOW_CHARS) -> list[Span]:
    """Consecutive spans covering `text`, each at most `size` characters, cut at a paragraph break if possible,
    else at a line break, else at white space: the pieces a huge file is cleaned and chunked in."""
    spans = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        floor = start + size // 2
        cut = -1
        for mark in ("\n\n", "\n", " "):
            found = text.rfind(mark, floor, limit)
            if found >= 0:
                cut = found + len(mark)
                break
        if cut <= start:
            cut = limit
        spans.append(Span(start, cut))
        start = cut
    spans.append(Span(start, len(text)))
    return spans
