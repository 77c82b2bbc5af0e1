"""Article dates: from front matter, a sidecar `metadata.csv`/`metadata.json` next to the articles, or the text head.

Sidecar format (one per folder, applies to the articles in that folder; paths relative to it):

    metadata.csv   columns file,date,title,outlet (header row required; only file and date are needed)
    metadata.json  [{"file": "a.txt", "date": "2019-01-09", "title": "...", "outlet": "..."}, ...]

Dates are ISO (YYYY-MM-DD). Precedence: front matter, then sidecar, then an explicit date near the top of the text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from qa.text.iso_dates import parse_iso
from qa.text.vocabulary import MONTH_NUMBERS

SIDECAR_NAMES = ("metadata.csv", "metadata.json")
HEAD_CHARS = 600
MAX_FIELD_CHARS = 1000  # a title or an outlet longer than this is cut
MAX_CSV_FIELD = 64 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_MONTHS = MONTH_NUMBERS
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_TEXT_DATES = [
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
]


def front_matter_end(text: str) -> int:
    """Where the article proper starts: after a leading `---` block and the blank lines after it (0 without one)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return 0
    end = match.end()
    while end < len(text) and text[end] in " \t\r\n":
        end += 1
    return end


def front_matter(text: str) -> dict[str, str]:
    """Simple `key: value` pairs of a leading `---` block (no nesting, no lists)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}
    fields = {}
    for line in match.group(1).splitlines():
        pair = _KEY_VALUE.match(line)
        if pair:
            fields[pair.group(1).lower()] = pair.group(2).strip("\"'")
    return fields


def text_date(text: str) -> date | None:
    """The first explicit full date (month, day and year) in the head of the raw text."""
    head = text[:HEAD_CHARS]
    found: list[tuple[int, date]] = []
    for pattern in _TEXT_DATES:
        for match in pattern.finditer(head):
            parts = match.groupdict()
            month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower()]
            try:
                found.append((match.start(), date(int(parts["year"]), month, int(parts["day"]))))
            except ValueError:
                continue
    return min(found)[1] if found else None


def read_sidecar(path: Path) -> dict[str, dict[str, str]]:
    """Rows of one sidecar keyed by file name (relative to the sidecar's folder); a sidecar that cannot be read or
    parsed (not UTF-8, malformed, nested too deep) counts as empty, and unreadable rows are skipped."""
    try:
        rows = _sidecar_rows(path)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError, csv.Error):
        return {}
    table = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        row = {str(k).strip().lower(): str(v).strip()[:MAX_FIELD_CHARS] for k, v in row.items()
               if k is not None and v is not None}
        if row.get("file"):
            table[Path(row["file"]).as_posix()] = row
    return table


def _sidecar_rows(path: Path) -> list[Any]:
    raw = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".json":
        rows = json.loads(raw)
        if isinstance(rows, dict):
            rows = [{"file": k, **(v if isinstance(v, dict) else {"date": v})} for k, v in rows.items()]
        return rows if isinstance(rows, list) else []
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_FIELD))
    return list(csv.DictReader(io.StringIO(raw)))


def sidecars(article_paths: Iterable[Path | str]) -> list[Path]:
    """The sidecar files in the folders that hold the given articles."""
    folders = sorted({os.path.dirname(p) for p in article_paths})
    return [Path(f, name) for f in folders for name in SIDECAR_NAMES if os.path.isfile(os.path.join(f, name))]


def sidecar_hashes(article_paths: Iterable[Path | str]) -> dict[str, str]:
    """sha256 of each sidecar by absolute path: stored in the manifest so an edit marks the index stale."""
    return {str(p): _hash(p) for p in sidecars(article_paths)}


def _hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def article_metadata(documents: dict[str, tuple[Path, str]]) -> dict[str, dict[str, str]]:
    """{source: {"date", "date_from", "title"?, "outlet"?}} for articles given as {source: (path, text)}."""
    tables: dict[Path, dict[str, dict[str, str]]] = {}
    for side in sidecars(path for path, _ in documents.values()):
        tables.setdefault(side.parent, {}).update(read_sidecar(side))
    result = {}
    for source, (path, text) in documents.items():
        row = tables.get(path.parent, {}).get(path.name, {})
        meta: dict[str, str] = {k: row[k] for k in ("title", "outlet") if row.get(k)}
        front = front_matter(text)
        for key in ("title", "outlet"):
            if front.get(key):
                meta[key] = front[key]
        found = parse_iso(front.get("date")), parse_iso(row.get("date")), text_date(text)
        for origin, value in zip(("front matter", "sidecar", "text"), found, strict=True):
            if value is not None:
                meta["date"] = value.isoformat()
                meta["date_from"] = origin
                break
        result[source] = meta
    return result
