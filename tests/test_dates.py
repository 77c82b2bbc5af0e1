"""Article dates (front matter, sidecar, text head) and in-text dates resolved against a fixed article date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qa.ask.date_filter import parse_bound, row_filter
from qa.errors import InputError
from qa.ingest.metadata import article_metadata, front_matter, read_sidecar, text_date
from qa.stories.dates import find_dates
from qa.types import Chunk

WEDNESDAY = date(2019, 1, 9)


def labels(text: str, base: date | None = WEDNESDAY) -> list[tuple[str, str]]:
    return [(ref.text, ref.label()) for ref in find_dates(text, base)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He flew to Oslo in May.", [("May", "2018-05")]),  # a month after the article's month: last year
        ("The fair opens in March.", [("March", "2018-03")]),
        ("She will return in March.", [("March", "2019-03")]),  # future tense looks ahead
        ("They met yesterday.", [("yesterday", "2019-01-08")]),
        ("It starts tomorrow.", [("tomorrow", "2019-01-10")]),
        ("He left on Monday.", [("Monday", "2019-01-07")]),
        ("Talks resumed on Wednesday.", [("Wednesday", "2019-01-09")]),  # the article's own weekday
        ("Sales fell last year.", [("last year", "2018")]),
        ("A visit from March 25 to 28.", [("March 25 to 28", "2018-03-25..28")]),
        ("From March 25-28, 2017.", [("March 25-28, 2017", "2017-03-25..28")]),
        ("Signed on April 3, 2018.", [("April 3, 2018", "2018-04-03")]),
        ("Signed on 3 April 2018.", [("3 April 2018", "2018-04-03")]),
        ("Back in March 2018 it began.", [("March 2018", "2018-03")]),
        ("A letter in late December.", [("late December", "2018-12")]),
        ("Prices rose in mid-March and end-May.", [("mid-March", "2018-03"), ("end-May", "2018-05")]),
        ("The Jan-March period.", []),
        ("The summit in June last year.", [("June last year", "2018-06")]),
        ("It happened two weeks ago.", [("two weeks ago", "2018-12-24..30")]),
        ("Earlier this month he resigned.", [("Earlier this month", "2019-01")]),
        ("Yesterday, and last week.", [("Yesterday", "2019-01-08"), ("last week", "2018-12-31..2019-01-06")]),
        ("Xi may have said so; Jung Pak agreed.", []),  # the modal "may" and the name "Jung" are not dates
    ],
)
def test_relative_expressions_resolve_against_the_article_date(text: str, expected: list[tuple[str, str]]) -> None:
    assert labels(text) == expected


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("OPEC agreed this weekend in Vienna.", date(1987, 6, 29), "1987-06-27..28"),  # Monday: the weekend just past
        ("They met over the weekend.", date(1987, 6, 29), "1987-06-27..28"),
        ("Ministers will meet this weekend.", date(1987, 6, 24), "1987-06-27..28"),  # Wednesday, looking ahead
        ("Talks collapsed last weekend.", date(1987, 6, 24), "1987-06-20..21"),
        ("Talks collapsed last weekend.", date(1987, 6, 28), "1987-06-20..21"),  # Sunday: not its own weekend
        ("They meet this weekend.", date(1987, 6, 27), "1987-06-27..28"),  # Saturday: its own
        ("They meet next weekend.", date(1987, 6, 28), "1987-07-04..05"),
    ],
)
def test_a_weekend_is_its_saturday_and_sunday_counted_from_the_article_date(text: str, base: date,
                                                                            expected: str) -> None:
    assert [label for _, label in labels(text, base)] == [expected]
    assert labels("Weekend talks went on.", base) == []


def test_a_day_after_a_word_that_looks_ahead_is_ahead_only_within_months() -> None:
    assert labels("The contract will start by October One.", date(1987, 4, 13)) == [("October One", "1987-10-01")]
    assert labels("Prices rose 50 cts, effective October 16.", date(1987, 10, 17)) == [("October 16", "1987-10-16")]
    assert labels("The plan announced on March 9 stands.", date(1987, 3, 18)) == [("March 9", "1987-03-09")]


def test_same_words_resolve_differently_in_articles_of_different_dates() -> None:
    assert labels("He flew to Oslo in May.", date(2019, 1, 9)) == [("May", "2018-05")]
    assert labels("He flew to Oslo in May.", date(2019, 8, 1)) == [("May", "2019-05")]
    assert labels("He left on Monday.", date(2018, 3, 28)) == [("Monday", "2018-03-26")]


def test_without_an_article_date_only_absolute_dates_resolve() -> None:
    assert labels("In May, and on April 3, 2018, and yesterday.", None) == [("April 3, 2018", "2018-04-03")]


def test_offsets_point_into_the_text() -> None:
    text = "Kim left Pyongyang on Monday for a visit"
    (ref,) = find_dates(text, WEDNESDAY)
    assert text[ref.start:ref.end] == "Monday"


def test_front_matter_is_read_without_yaml() -> None:
    text = "---\ntitle: \"A day\"\ndate: 2020-02-03\noutlet: Daily\n---\nBody on March 1, 2019.\n"
    assert front_matter(text) == {"title": "A day", "date": "2020-02-03", "outlet": "Daily"}
    assert front_matter("no front matter\n---\n") == {}


def test_text_date_is_the_first_full_date_in_the_head() -> None:
    assert text_date("Headline\nBy A. Writer, March 3, 2017\nOn April 9, 2016 it began.") == date(2017, 3, 3)
    assert text_date("Headline\nIn March it began.") is None
    assert text_date("x" * 2000 + " March 3, 2017") is None


def test_precedence_front_matter_then_sidecar_then_text(tmp_path: Path) -> None:
    (tmp_path / "metadata.csv").write_text("file,date,title,outlet\na.txt,2021-05-01,Alpha,Gazette\n"
                                           "b.txt,2021-05-02,,\n", encoding="utf-8")
    docs = {
        "a.txt": "---\ndate: 2020-01-01\n---\nText of March 3, 2017.",
        "b.txt": "Text of March 3, 2017.",
        "c.txt": "Text of March 3, 2017.",
        "d.txt": "No date at all.",
    }
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    meta = article_metadata({name: (tmp_path / name, text) for name, text in docs.items()})
    assert meta["a.txt"] == {"title": "Alpha", "outlet": "Gazette", "date": "2020-01-01", "date_from": "front matter"}
    assert (meta["b.txt"]["date"], meta["b.txt"]["date_from"]) == ("2021-05-02", "sidecar")
    assert (meta["c.txt"]["date"], meta["c.txt"]["date_from"]) == ("2017-03-03", "text")
    assert meta["d.txt"] == {}


def test_json_sidecar(tmp_path: Path) -> None:
    side = tmp_path / "metadata.json"
    side.write_text('[{"file": "a.txt", "date": "2019-01-09", "outlet": "X"}]', encoding="utf-8")
    assert read_sidecar(side) == {"a.txt": {"file": "a.txt", "date": "2019-01-09", "outlet": "X"}}
    side.write_text("not json", encoding="utf-8")
    assert read_sidecar(side) == {}


def test_bounds_and_row_filter() -> None:
    assert parse_bound("2018", end=True) == date(2018, 12, 31)
    assert parse_bound("2018-02", end=True) == date(2018, 2, 28)
    assert parse_bound("2018-02", end=False) == date(2018, 2, 1)
    with pytest.raises(InputError):
        parse_bound("last week", end=False)
    chunks = [Chunk("a", 0, 1, 1, "x"), Chunk("b", 0, 1, 1, "y"), Chunk("c", 0, 1, 1, "z")]
    dates = {"a": "2018-03-28", "b": "2019-01-09"}
    assert row_filter(chunks, dates, None, None) is None
    keep = row_filter(chunks, dates, "2019", None)
    assert keep is not None and [keep(i) for i in range(3)] == [False, True, False]
    keep = row_filter(chunks, dates, None, "2018-12")
    assert keep is not None and [keep(i) for i in range(3)] == [True, False, False]
    with pytest.raises(InputError):
        row_filter(chunks, dates, "2019", "2018")
