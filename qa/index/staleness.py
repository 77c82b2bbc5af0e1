"""Whether the articles under an index's folders changed since it was built: cheap stamps first, hashes only for
files whose stamp moved."""

from __future__ import annotations

import os
from pathlib import Path

from qa.errors import InputError
from qa.index import store
from qa.index.manifest import Manifest
from qa.ingest import metadata
from qa.ingest.files import list_articles, read_document


def stale_sources(index_dir: Path, roots: list[Path] | None = None, manifest: Manifest | None = None) -> bool:
    """Whether any file under the indexed roots was added, removed or changed since the last run (`manifest`: the
    index's, if already read)."""
    if manifest is None:
        manifest = store.load_manifest(index_dir)
    paths = list_articles(roots or store.roots(manifest, index_dir), follow_links=manifest.follow_links)
    current = store.sources_of(paths, index_dir)
    if set(current) != set(manifest.files) | set(manifest.skipped):
        return True
    if metadata.sidecar_hashes(paths) != manifest.sidecars:
        return True
    return any(_changed(source, path, manifest) for source, path in current.items())


def _changed(source: str, path: str, manifest: Manifest) -> bool:
    known = manifest.files.get(source) or manifest.skipped[source]
    try:
        now = os.stat(path)
        if now.st_size == known.size and now.st_mtime_ns == known.mtime_ns:
            return False
        entry = manifest.files.get(source)
        return entry is None or read_document(Path(path)).sha256 != entry.sha256
    except (OSError, InputError):
        return True
