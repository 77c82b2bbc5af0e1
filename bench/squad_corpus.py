"""Write the SQuAD v1.1 dev paragraphs as article files (one paragraph a file) for the indexing benchmarks."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQUAD = ROOT.parent / "shared" / "bench" / "squad" / "dev-v1.1.json"


def squad_paragraphs(path: Path = DEFAULT_SQUAD) -> list[tuple[str, str]]:
    """(title, context) for every paragraph of the file, in order."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    return [(article["title"], p["context"]) for article in data for p in article["paragraphs"]]


def write_corpus(folder: Path, limit: int | None = None, path: Path = DEFAULT_SQUAD) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i, (title, context) in enumerate(squad_paragraphs(path)[:limit]):
        target = folder / f"{i:05d}_{title[:40]}.txt"
        target.write_text(f"{title.replace('_', ' ')}\n\n{context}\n", encoding="utf-8")
        files.append(target)
    return files
