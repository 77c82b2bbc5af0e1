"""Keeping the index current before answering: what `qa ask` and the chat do on start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa import store
from qa.config import ChunkSettings, default_corpus_dirs
from qa.indexer import IndexReport, Progress, made_with, manifest_roots, stale_sources, update_index


def ensure_index(index_dir: Path, announce: Callable[[str], None], progress: Progress | None = None,
                 roots: list[Path] | None = None, quantize: bool | None = None) -> IndexReport | None:
    """Build a missing index, or update a stale one or one made by an older qa; announce it. None when nothing had
    to be done.

    An index that exists but is damaged (or built with another model) is never rebuilt here: loading it raises
    `BrokenIndexError`, whose message names `qa index --rebuild`. Only a folder without HEAD counts as missing.
    """
    if not store.exists(index_dir):
        sources = roots or default_corpus_dirs()
        announce(f"No index in {index_dir}; building it from {', '.join(str(r) for r in sources)} ...")
        return update_index(sources, index_dir, progress=progress, on_wait=announce, quantize=quantize)
    manifest = store.load_manifest(index_dir)
    stale = stale_sources(index_dir, roots, manifest)
    embedded_again = not made_with(manifest, ChunkSettings())
    if stale or embedded_again or not store.has_articles(manifest):
        store.load(index_dir)  # refuse a damaged index before announcing an update of it
        sources = roots or manifest_roots(manifest, index_dir)
        if stale:
            announce("Articles changed since the index was built; updating it ...")
        elif embedded_again:
            announce("The index was made by an older version of qa (other passages); embedding the articles again ...")
        else:
            announce("The index was made by an older version of qa (no article ranking); adding it ...")
        return update_index(sources, index_dir, progress=progress, on_wait=announce, quantize=quantize)
    return None
