"""One entry point to a ready engine, shared by `qa ask`, the chat and `qa eval`: load the index, building or
updating it first when it is missing, stale, or made by an older qa."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qa.config import ChunkSettings, default_corpus_dirs
from qa.errors import BrokenIndexError
from qa.index import store

if TYPE_CHECKING:
    from qa.ask.engine import Engine
    from qa.index.build import BuildOptions
    from qa.index.manifest import Manifest
    from qa.index.report import IndexReport

Progress = Callable[[int, int], None]


def _say_nothing(message: str) -> None:
    return None


@dataclass(frozen=True)
class Callbacks:
    """How a long start reports: a line about what is done to the index, embedding progress (done, total), a line
    about what is being loaded, and whether the user cancelled (asked between batches; the previous index stays)."""

    announce: Callable[[str], None] = _say_nothing
    progress: Progress | None = None
    loading: Callable[[str], None] = _say_nothing
    cancelled: Callable[[], bool] | None = None


@dataclass(frozen=True)
class Opened:
    """A ready engine, and what was done to the index first (None when it was current)."""

    engine: Engine
    report: IndexReport | None


def open_engine(index_dir: Path, callbacks: Callbacks | None = None, *, roots: list[Path] | None = None,
                rebuild: bool = False, quantize: bool | None = None, default_corpus: bool = True) -> Opened:
    """The engine of `index_dir`, after bringing the index up to date (re-embedding everything with `rebuild`).

    `roots` are the article folders a missing index is built from and that a stale one is checked against
    (default: the folders it was built from). Without `roots`, a missing index is built from the default corpus
    (seeds/) only with `default_corpus` (the user named no index folder); otherwise it is an error saying how to
    build it.
    """
    from qa.ask.engine import Engine
    from qa.read.reader import load_in_background

    load_in_background()
    callbacks = callbacks or Callbacks()
    if rebuild:
        report: IndexReport | None = rebuild_index(index_dir, callbacks, roots or source_folders(index_dir,
                                                                                                 default_corpus))
        callbacks.loading("Loading the question encoder …")
        return Opened(_open(index_dir, callbacks), report)
    try:
        report = ensure_index(index_dir, callbacks, roots, quantize, default_corpus)
        callbacks.loading("Loading the question encoder …")
        return Opened(_open(index_dir, callbacks), report)
    except BrokenIndexError as damage:
        previous = Engine.open_previous(index_dir) if store.exists(index_dir) else None
        if previous is None:
            raise
        callbacks.announce(f"warning: {damage.message.rpartition('; ')[0] or damage.message}; answering from the "
                           f"previous index ({previous.stored.folder.name}) until it is repaired with: "
                           f"qa index --rebuild --index {index_dir}")
        return Opened(previous, None)


def _open(index_dir: Path, callbacks: Callbacks) -> Engine:
    """The engine of the current generation; when this machine's encoder cache lacks its encoder, it is exported
    (once, with torch) and the engine opened again."""
    from qa.ask.engine import Engine
    from qa.index.encoder_cache import EncoderMissingError

    try:
        return Engine.open(index_dir)
    except EncoderMissingError as missing:
        from qa.index.onnx_export import ready_encoder

        ready_encoder(missing.quantized, callbacks.announce)
        return Engine.open(index_dir)


def source_folders(index_dir: Path, default_corpus: bool = True) -> list[Path]:
    """The folders to (re)build an index from when the user names none: those it was built from (read even from a
    damaged index), else the default corpus when the user named no index folder."""
    known = store.known_roots(index_dir)
    if known:
        return known
    if default_corpus:
        return default_corpus_dirs()
    if not store.exists(index_dir):
        raise _no_index(index_dir)
    raise BrokenIndexError(f"{index_dir} does not say which folders it was built from; name them: "
                           f"qa index FOLDER --rebuild --index {index_dir}")


def holds_default_corpus(engine: Engine) -> bool:
    """Whether the engine's index was built from the default articles (seeds/) and nothing else."""
    roots = store.roots(engine.stored.manifest, engine.index_dir)
    return [r.resolve() for r in roots] == [d.resolve() for d in default_corpus_dirs()]


def rebuild_index(index_dir: Path, callbacks: Callbacks, roots: list[Path]) -> IndexReport:
    """Embed every article of `roots` again; whatever is damaged in the current index is ignored."""
    callbacks.announce(f"Rebuilding the index from {', '.join(str(r) for r in roots)} …")
    return _update(roots, index_dir, _options(callbacks, rebuild=True))


def ensure_index(index_dir: Path, callbacks: Callbacks, roots: list[Path] | None = None,
                 quantize: bool | None = None, default_corpus: bool = True) -> IndexReport | None:
    """Build a missing index, or update a stale one or one made by an older qa; announce it. None when nothing had
    to be done.

    An index that exists but is damaged (or built with another model) is never rebuilt here: loading it raises
    `BrokenIndexError`, whose message names `qa index --rebuild`. Only a folder without HEAD counts as missing.
    """
    announce = callbacks.announce
    if not store.exists(index_dir):
        if not roots and not default_corpus:
            raise _no_index(index_dir)
        sources = roots or default_corpus_dirs()
        announce(f"No index in {index_dir}; building it from {', '.join(str(r) for r in sources)} ...")
        return _update(sources, index_dir, _options(callbacks, quantize=quantize))
    manifest = store.load_manifest(index_dir)
    reason = _outdated(index_dir, roots, manifest)
    if reason is None:
        return None
    store.load(index_dir)  # refuse a damaged index before announcing an update of it
    announce(reason)
    sources = roots or store.roots(manifest, index_dir)
    return _update(sources, index_dir, _options(callbacks, quantize=quantize))


def _no_index(index_dir: Path) -> BrokenIndexError:
    """A folder the user named holds no index: it is never filled with the default corpus behind their back."""
    return BrokenIndexError(f"no index in {index_dir} (none was built there, or its first build was interrupted); "
                            f"build it with: qa index FOLDER --index {index_dir}")


def _outdated(index_dir: Path, roots: list[Path] | None, manifest: Manifest) -> str | None:
    """Why the index must be updated before answering, or None."""
    from qa.index.staleness import stale_sources

    if stale_sources(index_dir, roots, manifest):
        return "Articles changed since the index was built; updating it ..."
    if not manifest.made_with(ChunkSettings()):
        return "The index was made by an older version of qa (other passages); embedding the articles again ..."
    if not manifest.has_article_ranking:
        return "The index was made by an older version of qa (no article ranking); adding it ..."
    return None


def _update(roots: list[Path], index_dir: Path, options: BuildOptions) -> IndexReport:
    """Index building is imported only when the index has to change: answering from a current one loads none."""
    from qa.index.build import update_index

    return update_index(roots, index_dir, options)


def _options(callbacks: Callbacks, *, rebuild: bool = False, quantize: bool | None = None) -> BuildOptions:
    from qa.index.build import BuildOptions

    return BuildOptions(rebuild=rebuild, progress=callbacks.progress, on_wait=callbacks.announce, quantize=quantize,
                        cancelled=callbacks.cancelled)
