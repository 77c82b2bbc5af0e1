"""Whether the articles under an index's folders changed since it was built: cheap stamps first, hashes only for
files whose stamp moved."""

from __future__ import annotations

from pathlib import Path

from qa.errors import InputError
from qa.index import store
from qa.index.manifest import Manifest
from qa.ingest import metadata
from qa.ingest.files import discover, read_document, stamp


def stale_sources(index_dir: Path, roots: list[Path] | None = None, manifest: Manifest | None = None) -> bool:
    """Whether any file under the indexed roots was added, removed or changed since the last run (`manifest`: the
    index's, if already read)."""
    if manifest is None:
        manifest = store.load_manifest(index_dir)
    paths = discover(roots or store.roots(manifest, index_dir), follow_links=manifest.follow_links)
    current = store.sources_of(paths, index_dir)
    if set(current) != set(manifest.files) | set(manifest.skipped):
        return True
    if metadata.sidecar_hashes(paths) != manifest.sidecars:
        return True
    return any(_changed(source, path, manifest) for source, path in current.items())


def _changed(source: str, path: Path, manifest: Manifest) -> bool:
    known = manifest.files.get(source) or manifest.skipped[source]
    try:
        now = stamp(path)
        if (now.size, now.mtime_ns) == (known.size, known.mtime_ns):
            return False
        entry = manifest.files.get(source)
        return entry is None or read_document(path).sha256 != entry.sha256
    except (OSError, InputError):
        return True
