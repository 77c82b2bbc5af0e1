"""ISO dates as the index stores them (an article's date, a timeline's "as of")."""

from __future__ import annotations

from datetime import date


def parse_iso(value: str | None) -> date | None:
    """A YYYY-MM-DD string (a longer timestamp is cut to its date), or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip().strip("\"'")[:10])
    except ValueError:
        return None
