"""Answer counting and timeline questions from the whole archive: gather, extract, merge, order, reconcile.

Every chunk that BM25 finds for the subject, the place and the event words is read sentence by sentence (not
just the top-k); mentions of the same event in different articles are merged by date (and by ordinal when a
sentence gives no date); the count comes from the most recent article's claim plus any later events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from qa.index import lexical
from qa.stories.archive import Archive
from qa.stories.dates import DateRef, format_range
from qa.stories.events import ORDINALS, EventQuery, Mention, extract, names_match, read_question
from qa.stories.records import Citation, Claim, Timeline, TimelineEvent
from qa.text.iso_dates import parse_iso
from qa.text.sentences import split_sentences
from qa.text.terms import terms

CURRENT_BEFORE = timedelta(days=14)  # an event this close before the article date is the one it reports
CURRENT_AFTER = timedelta(days=3)
SAME_EVENT_SLACK = timedelta(days=3)
CLAIM_WINDOW = timedelta(days=62)  # "her second visit, in June" in a July article: the count as of July


@dataclass
class _Found:
    mention: Mention
    citation: Citation
    source: str
    article_date: date | None


@dataclass
class _Event:
    first: date
    last: date
    granularity: str
    found: list[_Found]
    weak: bool = False  # dated only by the article that reports it

    def overlaps(self, ref_first: date, ref_last: date, slack: timedelta) -> bool:
        return ref_first - slack <= self.last and self.first <= ref_last + slack

    def same_time(self, ref: DateRef) -> bool:
        """Overlapping dates; days a few apart count as one event, whole months only when they overlap."""
        day_level = self.granularity == "day" and ref.granularity == "day"
        return self.overlaps(ref.first, ref.last, SAME_EVENT_SLACK if day_level else timedelta(0))

    def ordinals(self) -> set[int]:
        return {f.mention.ordinal for f in self.found if f.mention.ordinal}


def build_timeline(question: str, archive: Archive, keep: Callable[[int], bool] | None = None) -> Timeline | None:
    """The timeline for a counting/timeline question, or None when the archive states no such event."""
    query = read_question(question)
    found = _gather(query, archive, keep or (lambda row: True))
    events = _merge(found)
    if not events:
        return None
    return _reconcile(query, events, found)


@dataclass
class _Gathered:
    """Mentions found so far; those that give only a place (or a place outside the target) wait in `deferred`
    until every sentence is read, and are kept if their place is the target or a place seen within it."""

    query: EventQuery
    found: list[_Found] = field(default_factory=list)
    deferred: list[_Found] = field(default_factory=list)
    known_places: set[str] = field(default_factory=set)

    def add(self, item: _Found, sentence: str, target_in_chunk: bool) -> None:
        query, mention = self.query, item.mention
        target_here = not query.target or any(names_match(t, sentence) for t in query.target)
        place_is_target = mention.place is not None and any(names_match(t, mention.place) for t in query.target)
        if mention.when is None and mention.ordinal is None and mention.claim is None:
            self.deferred.append(item)  # only a place: kept if the place is the target or a known one
        elif mention.place and not place_is_target:
            if target_here:  # "flew to Dalian in May ... with Chinese leader": a place within the target
                self.found.append(item)
                self.known_places.add(mention.place)
            else:
                self.deferred.append(item)
        elif target_here or target_in_chunk:
            self.found.append(item)

    def result(self) -> list[_Found]:
        for item in self.deferred:
            place = item.mention.place or ""
            if place in self.known_places or any(names_match(t, place) for t in self.query.target):
                self.found.append(item)
        return self.found


def _gather(query: EventQuery, archive: Archive, keep: Callable[[int], bool]) -> list[_Found]:
    chunks, dates = archive.chunks, archive.dates
    _, rows = lexical.search(archive.bm25, terms(query.terms()), len(chunks))
    display = lru_cache(maxsize=None)(archive.display)
    seen: set[tuple[str, int]] = set()
    gathered = _Gathered(query)
    for row in sorted(int(r) for r in rows if keep(int(r))):
        chunk = chunks[row]
        if query.subject and not any(names_match(s, chunk.text) for s in query.subject):
            continue
        target_in_chunk = not query.target or any(names_match(t, chunk.text) for t in query.target)
        article_date = parse_iso(dates.get(chunk.source))
        for span in split_sentences(chunk.text):
            start = chunk.start + span.start
            if (chunk.source, start) in seen:
                continue
            seen.add((chunk.source, start))
            text = chunk.text[span.start:span.end]
            citation = chunk.cite(start, chunk.start + span.end, display(chunk.source), dates.get(chunk.source))
            for mention in extract(text, article_date, query, archive.resolver):
                gathered.add(_Found(mention, citation, chunk.source, article_date), text, target_in_chunk)
    return gathered.result()


def _merge(found: list[_Found]) -> list[_Event]:
    """Group mentions into events: dated ones by overlapping dates, then ordinals, then the article's own event."""
    events: list[_Event] = []
    dated = sorted((f for f in found if f.mention.when is not None), key=lambda f: f.mention.when.first)  # type: ignore[union-attr]
    for item in dated:
        _merge_dated(events, item)
    undated = [f for f in found if f.mention.when is None]
    for item in sorted(undated, key=lambda f: f.mention.ordinal is None):  # ordinals first, places last
        _merge_undated(events, item)
    return sorted((e for e in events if e.found), key=lambda e: e.first)


def _merge_dated(events: list[_Event], item: _Found) -> None:
    """Into the event of overlapping dates (without a clashing ordinal), or a new one; a day refines a month."""
    ref: DateRef = item.mention.when  # type: ignore[assignment]
    home = next((e for e in events if e.same_time(ref) and not _ordinal_clash(e, item.mention.ordinal)), None)
    if home is None:
        events.append(_Event(ref.first, ref.last, ref.granularity, [item]))
        return
    home.found.append(item)
    if ref.granularity == "day" and home.granularity != "day":
        home.first, home.last, home.granularity = ref.first, ref.last, "day"
    elif ref.granularity == "day":
        home.first, home.last = min(home.first, ref.first), max(home.last, ref.last)


def _merge_undated(events: list[_Event], item: _Found) -> None:
    """Into the event of the same ordinal, else the one the article reports; an ordinal or a count with neither
    makes an event dated by its article."""
    mention = item.mention
    if mention.ordinal is None and mention.claim is None and not mention.place:
        return
    home = None
    if mention.ordinal is not None:
        home = next((e for e in events if mention.ordinal in e.ordinals()), None)
    if home is None:
        home = _current(events, item.article_date)
    if home is None and item.article_date and (mention.ordinal is not None or mention.claim):
        home = _Event(item.article_date, item.article_date, "day", [], weak=True)
        events.append(home)
    if home is not None:
        home.found.append(item)


def _ordinal_clash(event: _Event, ordinal: int | None) -> bool:
    return ordinal is not None and bool(event.ordinals()) and ordinal not in event.ordinals()


def _current(events: list[_Event], article_date: date | None) -> _Event | None:
    """The event an article reports: the one dated closest to, and not long before, its publication."""
    if article_date is None:
        return None
    near = [e for e in events if e.overlaps(article_date - CURRENT_BEFORE, article_date + CURRENT_AFTER,
                                            timedelta(0))]
    return max(near, key=lambda e: e.last) if near else None


def _reconcile(query: EventQuery, merged: list[_Event], found: list[_Found]) -> Timeline:
    noun = query.family.name
    events: list[TimelineEvent] = []
    for number, event in enumerate(merged, start=1):
        when = f"reported {event.first.isoformat()}" if event.weak else \
            format_range(event.first, event.last, event.granularity)
        ordinals = sorted(event.ordinals())
        events.append(TimelineEvent(number, when, _place(event, query),
                                    tuple(_ordinal_word(n) for n in ordinals), _citations(event)))
    claims = _claims(merged, found)
    notes: list[str] = []
    count = len(events)
    as_of = max((f.citation.date for f in found if f.citation.date), default=None)
    latest: Claim | None = None
    if claims:
        newest = max(c.as_of or "" for c in claims)
        at_newest = [c for c in claims if (c.as_of or "") == newest]
        values = sorted({c.value for c in at_newest})
        latest = max(at_newest, key=lambda c: (c.value, -c.citation.start))
        if len(values) > 1:
            notes.append(f"Articles of {newest} disagree ({', '.join(str(v) for v in values)}); "
                         f"taking the highest, {latest.value}.")
        later = [e for e in merged if latest.as_of and e.first > (parse_iso(latest.as_of) or e.first) + CURRENT_AFTER]
        count = max(latest.value + len(later), len(events))
        if latest.value + len(later) < len(events):
            notes.append(f"The latest article says {latest.value} but the archive describes {len(events)} "
                         f"distinct {noun}s.")
        claims = [Claim(c.value, c.phrase, c.as_of, c.citation, c is latest) for c in claims]
        as_of = latest.as_of
        notes.extend(_claim_notes(claims, merged, latest, noun))
    for shown in events:
        if len(shown.ordinals) > 1:
            notes.append(f"{noun.capitalize()} {shown.number} ({shown.when}) is called the "
                         f"{' and the '.join(shown.ordinals)} by different articles.")
    summary = _summary(query, count, as_of, events, noun)
    lead = latest.citation if latest is not None and query.kind in ("count", "list") else None
    if query.kind in ("first", "last") or lead is None:
        lead = _dated_citation(merged[0] if query.kind == "first" else merged[-1])
    return Timeline(query.kind, summary, count, as_of, tuple(events), tuple(claims), tuple(notes), lead)


def lead_citation(timeline: Timeline | None) -> Citation | None:
    return timeline.lead if timeline is not None else None


def _dated_citation(event: _Event) -> Citation:
    """The mention that dates the event most precisely (day before month), earliest article first."""
    def rank(item: _Found) -> tuple[int, str, int]:
        when = item.mention.when
        precision = 0 if when is not None and when.granularity == "day" else 1 if when is not None else 2
        return precision, item.citation.date or "9999", item.citation.start

    return min(event.found, key=rank).citation


def _claims(merged: list[_Event], found: list[_Found]) -> list[Claim]:
    """What each article said about the running count, as of its own date; one claim per article and value."""
    claims: dict[tuple[str, int], Claim] = {}
    for event in merged:
        for item in event.found:
            m = item.mention
            value = m.claim
            if value is None and m.ordinal is not None:
                reported = item.article_date
                current = m.when is None or reported is None or \
                    (reported - CLAIM_WINDOW <= m.when.last and m.when.first <= reported + CURRENT_AFTER)
                value = m.ordinal if current else None
            if value is not None and (item.source, value) not in claims:
                claims[(item.source, value)] = Claim(value, m.phrase, item.citation.date, item.citation)
    return sorted(claims.values(), key=lambda c: (c.as_of or "", c.citation.source, c.citation.start))


def _claim_notes(claims: list[Claim], merged: list[_Event], latest: Claim, noun: str) -> list[str]:
    notes = [f"Latest claim: {latest.citation.source} ({latest.as_of}) says {latest.phrase!r} -> {latest.value}."]
    older: dict[int, list[Claim]] = {}
    for claim in claims:
        if claim.value != latest.value:
            older.setdefault(claim.value, []).append(claim)
    for value, group in sorted(older.items()):
        sources = ", ".join(f"{c.citation.source} ({c.as_of})" for c in group)
        newest = max(parse_iso(c.as_of) or date.min for c in group)
        after = [e for e in merged if e.first > newest + CURRENT_AFTER]
        if value < latest.value and value + len(after) >= latest.value:
            notes.append(f"{sources} describe the {_ordinal_word(value)} {noun}: written before the later "
                         f"{noun}s, so not a contradiction.")
        else:
            notes.append(f"{sources} say {value}, which conflicts with the latest claim ({latest.value}); "
                         f"the most recent article is preferred.")
    return notes


def _summary(query: EventQuery, count: int, as_of: str | None, events: list[TimelineEvent], noun: str) -> str:
    def describe(event: TimelineEvent) -> str:
        return f"{event.when}" + (f" ({event.place})" if event.place else "")

    if query.kind == "first":
        return f"First {noun}: {describe(events[0])}"
    if query.kind == "last":
        return f"Latest {noun}: {describe(events[-1])}" + (f", as of {as_of}" if as_of else "")
    listing = "; ".join(describe(e) for e in events)
    head = f"{count} {noun}{'s' if count != 1 else ''}" + (f" as of {as_of}" if as_of else "")
    return f"{head}: {listing}"


def _place(event: _Event, query: EventQuery) -> str | None:
    votes: dict[str, int] = {}
    for item in event.found:
        if item.mention.place:
            votes[item.mention.place] = votes.get(item.mention.place, 0) + 1
    specific = {p: n for p, n in votes.items() if not any(names_match(t, p) for t in query.target)}
    pool = specific or votes
    return max(sorted(pool), key=lambda p: pool[p]) if pool else None


def _citations(event: _Event) -> tuple[Citation, ...]:
    """Each sentence once; the ones that date the event come first, then those that number it, then the rest."""
    def rank(item: _Found) -> tuple[int, str, str, int]:
        m = item.mention
        numbered = m.ordinal is not None or m.claim is not None
        weight = (0 if numbered else 1) if m.when is not None else 2 if numbered else 3
        return weight, item.citation.date or "", item.citation.source, item.citation.start

    seen: dict[tuple[str, int], Citation] = {}
    for item in sorted(event.found, key=rank):
        seen.setdefault((item.citation.source, item.citation.start), item.citation)
    return tuple(seen.values())


def _ordinal_word(n: int) -> str:
    return ORDINALS[n - 1] if 0 < n <= len(ORDINALS) else f"{n}th"
