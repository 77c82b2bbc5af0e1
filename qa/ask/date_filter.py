"""The article dates of a loaded index, and the --since/--until filter over its rows."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date

from qa.errors import InputError
from qa.types import Chunk

_BOUND = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_bound(value: str, *, end: bool) -> date:
    """YYYY, YYYY-MM or YYYY-MM-DD; as an upper bound a year or month means its last day."""
    match = _BOUND.match(value.strip())
    if not match:
        raise InputError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            return date(year, int(month), calendar.monthrange(year, int(month))[1] if end else 1)
        return date(year, int(month), int(day))
    except ValueError:
        raise InputError(f"not a date: {value!r}") from None


def date_range(since: str | None, until: str | None) -> tuple[str, str]:
    """The first and last day (ISO) the bounds allow, open ends as far as they go; an error when they are no date
    or the range is empty."""
    low = parse_bound(since, end=False).isoformat() if since else "0000-00-00"
    high = parse_bound(until, end=True).isoformat() if until else "9999-99-99"
    if low > high:
        raise InputError(f"--since {since} is after --until {until}")
    return low, high


def row_filter(chunks: list[Chunk], dates: dict[str, str], since: str | None,
               until: str | None) -> Callable[[int], bool] | None:
    """Which chunk rows come from articles dated within [since, until]; None when there is no bound.

    Articles without a date are left out once a bound is given: nothing says they fall inside it.
    """
    if not since and not until:
        return None
    low, high = date_range(since, until)
    inside = {source for source, day in dates.items() if low <= day <= high}
    allowed = {row for row, chunk in enumerate(chunks) if chunk.source in inside}
    return allowed.__contains__
