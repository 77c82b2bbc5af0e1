"""The writer lock of an index folder: one process writes at a time; others wait, then give up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from qa.errors import IndexBusyError, IndexWriteError
from qa.index.store import LOCK_FILE

LOCK_WAIT_SECONDS = 600.0


@contextmanager
def writer_lock(index_dir: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of `index_dir` (created if needed); say so through `on_wait` when another writer holds it."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(index_dir / LOCK_FILE))
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
        yield
    finally:
        lock.release()
