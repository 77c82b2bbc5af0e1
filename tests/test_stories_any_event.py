"""Story questions about any event (issue 14): the question read by its grammar, answers dated against their
article (future dates, datelines, spelled-out days), and the latest figure / first time read across articles by
the shipped reader on a small synthetic takeover story."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qa.ask import Engine, ask
from qa.index.build import update_index
from qa.render import format_result
from qa.stories.asked_period import asked_period, without_time_phrases
from qa.stories.dates import find_dates
from qa.stories.event_date import event_date
from qa.stories.event_words import (
    done_by_another,
    done_by_the_asked,
    done_to_a_thing_not_asked,
    done_to_another,
    event_words,
    of_the_asked,
    tells_of,
)
from qa.stories.events import family_is_the_event
from qa.stories.story_question import read_story_question
from qa.stories.units import unit_of


@pytest.mark.parametrize(("question", "kind", "plain"), [
    ("How many times did Sosnoff extend his tender offer for Caesars World?", "count",
     "When did Sosnoff extend his tender offer for Caesars World?"),
    ("How often were the talks postponed?", "count", "When were the talks postponed?"),
    ("When did Dart Group first bid for Supermarkets General?", "first",
     "When did Dart Group bid for Supermarkets General?"),
    ("When did Cyacq finally terminate its offer?", "last", "When did Cyacq terminate its offer?"),
    ("What is the latest price per share Dixons is paying?", "latest", "What is the price per share Dixons is paying?"),
    ("How much of Cyclops does Dixons own, according to the most recent report?", "latest",
     "How much of Cyclops does Dixons own?"),
    ("How big is the holding now (latest figure)?", "latest", "How big is the holding?"),
    ("When did Dart raise its offer for the last time?", "last", "When did Dart raise its offer?"),
])
def test_story_questions_of_any_verb_are_read_by_their_grammar(question: str, kind: str, plain: str) -> None:
    story = read_story_question(question)
    assert story is not None and (story.kind, story.plain) == (kind, plain)
    assert story.of_times is ("for the last time" in question)


def test_quantities_and_single_facts_are_no_story() -> None:
    for question in ("How many hourly workers walked off the job?", "What did the Bundesbank do with rates?",
                     "What was the U.S. current account deficit for 1986?", "How much is the offer worth?",
                     "In which city were workers hurt on the first day of the strike?"):
        assert read_story_question(question) is None, question
    story = read_story_question("Which of the rival offers was launched first?")
    assert story is not None and story.kind == "first"


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Tariffs take effect April 17, officials said.", date(1987, 4, 7), "1987-04-17"),  # a future date stays ahead
    ("The offer expires April three unless extended.", date(1987, 3, 9), "1987-04-03"),  # a spelled-out day
    ("The tender began on February six.", date(1987, 3, 9), "1987-02-06"),
    ("The deal closed on December 15.", date(1987, 1, 10), "1986-12-15"),  # the nearest year, backwards
    ("Its offer was originally scheduled to expire March 17.", date(1987, 3, 24), "1987-03-17"),  # ahead, seen back
    ("The vote had been expected in May.", date(1987, 7, 1), "1987-05"),
    ("The offer, which was extended, will expire June 19.", date(1987, 4, 13), "1987-06-19"),
    ("The vote is expected in May.", date(1987, 7, 1), "1988-05"),
])
def test_partial_dates_resolve_to_the_nearest_year_or_ahead(text: str, published: date, expected: str) -> None:
    assert [d.label() for d in find_dates(text, published)] == [expected]


def test_the_answer_phrase_dates_the_event_else_a_relative_day_else_the_article() -> None:
    published = date(1987, 4, 7)
    sentence = "The company said yesterday it extended the offer to May 15."
    at = sentence.index("May 15")
    assert event_date(sentence, (at, at + 6), published).label() == "1987-05-15"  # type: ignore[union-attr]
    assert event_date(sentence, None, published).label() == "1987-04-06"  # type: ignore[union-attr]
    assert event_date("The company extended the offer.", None, published).label() == "1987-04-07"  # type: ignore[union-attr]


def test_an_act_is_dated_when_it_was_done_not_by_the_period_it_sets() -> None:
    published = date(1987, 3, 20)
    sentence = "The group also said it extended the offer until April three, from today."
    at = sentence.index("April three")
    assert event_date(sentence, (at, at + 11), published).label() == "1987-04-03"  # type: ignore[union-attr]
    counted = event_date(sentence, (at, at + 11), published, acts=True)
    assert counted is not None and counted.label() == "1987-03-20"
    said = "The company said yesterday it extended the offer to May 15."
    at = said.index("May 15")
    counted = event_date(said, (at, at + 6), date(1987, 4, 7), acts=True)
    assert counted is not None and counted.label() == "1987-04-06"


def test_a_dateline_is_never_the_event_date() -> None:
    sentence = "NEW YORK, March 9 - Acme Corp said it started a tender offer for Beta Inc."
    at = sentence.index("March 9")
    when = event_date(sentence, (at, at + 7), date(1987, 3, 10))
    assert when is not None and when.label() == "1987-03-10"


TAKEOVER = {
    "a.txt": """---
date: 1987-03-02
---
Acme bids for Beta

Acme Corp said it started a tender offer of 30 dlrs a share for all of Beta Inc's stock on March 2.
Beta Inc said its board would study the offer.
""",
    "b.txt": """---
date: 1987-03-20
---
Acme raises Beta bid

Acme Corp said it raised its offer for Beta Inc to 35 dlrs a share from 30 dlrs.
Beta Inc shares rose one dlr on the news.
""",
    "c.txt": """---
date: 1987-04-10
---
Acme raises Beta bid again

Acme Corp said it raised its offer for Beta Inc to 38 dlrs a share from 35 dlrs.
Analysts said the offer was likely to succeed.
""",
    "d.txt": """---
date: 1987-04-20
---
Gamma enters the contest for Beta

Gamma Corp said it raised its offer for Beta Inc to 40 dlrs a share from 36 dlrs.
Gamma Corp said its offer would expire in May.
""",
    "e.txt": """---
date: 1987-05-04
---
Acme raises its Beta stake

Acme Corp said it now holds 2,500,000 Beta Inc shares, or 12 pct of the company, after buying stock in the market.
""",
}


def indexed(root: Path, articles: dict[str, str]) -> tuple[Engine, Path]:
    """The articles written into root/articles and indexed with the real model (the reader's evidence needs real
    sentence vectors): the engine and the folder."""
    folder = root / "articles"
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    update_index([folder], root / "vectors")
    return Engine.open(root / "vectors"), folder


@pytest.fixture(scope="module")
def takeover(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, Path]:
    return indexed(tmp_path_factory.mktemp("takeover"), TAKEOVER)


def test_the_latest_figure_is_the_subjects_latest_with_the_earlier_ones_listed(
        takeover: tuple[Engine, Path]) -> None:
    engine, folder = takeover
    result = ask("What is Acme's latest offer per share for Beta Inc?", engine)
    assert result.timeline is not None and result.timeline.kind == "latest"
    assert result.answer is not None and result.answer.phrase is not None
    assert "38 dlrs" in result.answer.phrase.text and result.answer.date == "1987-04-10"  # not the rival's 40
    assert result.timeline.summary.startswith("Latest: ")
    assert len(result.timeline.events) >= 2  # the earlier figures, by date
    cited = (folder / "c.txt").read_text(encoding="utf-8")
    assert cited[result.answer.phrase.start:result.answer.phrase.end] == result.answer.phrase.text


def test_a_latest_figure_in_another_unit_than_the_storys_is_passed_over(takeover: tuple[Engine, Path]) -> None:
    engine, _ = takeover
    result = ask("What is Acme's latest offer per share for Beta Inc?", engine)
    assert result.answer is not None and result.answer.phrase is not None
    assert "2,500,000" not in result.answer.phrase.text and result.answer.date != "1987-05-04"  # a stake, not a price


@pytest.mark.parametrize(("sentence", "figure", "unit"), [
    ("It offered 28 dlrs a share for the company.", "28 dlrs", "dlr"),
    ("Sosnoff holds about 4.1 mln Caesars World shares, or 13.6 pct.", "about 4.1 mln Caesars World shares", "share"),
    ("The dollar closed just under 145 yen.", "145", "yen"),
    ("S and P cited the 1.73 billion dlr bid.", "1.73 billion", "dlr"),
    ("It was 1.7975/85 in New York.", "1.7975/85", None),
    ("The union said it had won.", "The union", None),
])
def test_a_figures_unit_is_the_word_after_its_number(sentence: str, figure: str, unit: str | None) -> None:
    at = sentence.index(figure)
    assert unit_of(sentence, at, at + len(figure)) == unit


def test_the_first_time_is_the_earliest_answer_across_articles(takeover: tuple[Engine, Path]) -> None:
    engine, _ = takeover
    result = ask("When did Acme first make an offer for Beta Inc?", engine)
    assert result.event_date == "1987-03-02"
    assert result.as_json()["event_date"] == "1987-03-02"


def test_a_dateline_gives_no_event_place_or_amount() -> None:
    from qa.stories.events import extract, read_question
    from qa.text.datelines import without_datelines

    sentence = "WASHINGTON, March 23 - Treasury Secretary James Baker will visit Tokyo next week."
    assert without_datelines(sentence).startswith(" " * len("WASHINGTON, March 23 -"))
    assert len(without_datelines(sentence)) == len(sentence)
    mentions = extract(sentence, date(1987, 3, 23), read_question("How many times did Baker visit Tokyo?"))
    assert [m.when.label() for m in mentions if m.when] == ["1987-03-30..1987-04-05"]  # next week, not March 23
    assert all(m.place != "WASHINGTON" for m in mentions)


def test_a_day_named_inside_a_week_or_month_answer_dates_the_event() -> None:
    from qa.ask.across_time import Found, _by_day
    from qa.types import Citation, Phrase

    def found(day: date, granularity: str = "day", until: date | None = None) -> Found:
        citation = Citation("a.txt", 0, 1, 1, "1987-04-17", "x")
        return Found(citation, Phrase("x", 0, 1), day, granularity, date(1987, 4, 17), 1.0, until)

    week = found(date(1987, 4, 6), until=date(1987, 4, 12))  # "last week" in an April 17 article
    sunday = found(date(1987, 4, 12))  # "last Sunday"
    month = found(date(1987, 4, 1), "month")  # "in April"
    groups = _by_day([week, sunday, month])
    assert [[f.when for f in g] for g in groups] == [[date(1987, 4, 12)]]
    assert [[f.when for f in g] for g in _by_day([week])] == [[date(1987, 4, 6)]]  # alone, the range stands


def test_the_event_is_the_question_words_few_of_the_story_passages_share() -> None:
    passages = ["Sosnoff began a tender offer for Caesars World on March 9.",
                "Caesars World rejected the tender offer.",
                "Caesars World shares rose after the tender offer was announced.",
                "Sosnoff extended his tender offer for Caesars World to May 15.",
                "The tender offer expires April 3 unless extended."]
    assert event_words("When did Sosnoff extend his tender offer for Caesars World?", passages) == {"extend"}


@pytest.mark.parametrize(("sentence", "tells"), [
    ("Sosnoff said he extended the offer to May 15.", True),
    ("The offer expires April 3 unless extended.", False),  # conditional
    ("He said he intends to further extend the offer.", False),  # planned
    ("Caesars World rejected the offer.", False),  # another event
    ("Citicorp had suggested that Dixons extend its tender until March 31.", False),  # wanted, not done
    ("The board voted to extend the offer.", False),
    ("Cyclops said the offer extends to April 3.", True),
    ("A target date of mid-September has been set for extending the pact.", False),  # a plan
    ("Acme saw no reason to extend the offer.", False),  # denied
    ("Acme said it had not extended the offer.", False),
    ("The board should extend the offer, an analyst said.", False),  # urged
    ("An extended offer would cost Acme more, analysts said.", False),  # supposed: "an" ... a modal after it
    ("Acme said it extended the offer, which would cost it more.", True),
])
def test_a_sentence_tells_of_the_event_only_when_it_happened(sentence: str, tells: bool) -> None:
    assert tells_of(sentence, {"extend"}) is tells


def test_a_count_with_no_event_found_says_so_and_keeps_the_plain_answer(takeover: tuple[Engine, Path]) -> None:
    engine, _ = takeover
    result = ask("How many times did Acme cancel its offer for Beta Inc?", engine)
    assert result.timeline is not None and result.timeline.count is None and not result.timeline.events
    assert result.timeline.summary.startswith("No count found")


def test_a_question_whose_every_word_is_the_storys_asks_for_its_verb() -> None:
    passages = ["The Bundesbank cut interest rates.", "Interest rates were cut again by cutting the rate.",
                "Rates: a cut is near."]
    assert event_words("When did the Bundesbank cut interest rates?", passages) == {"cut"}
    assert event_words("When were interest rates a cut?", passages) == set()  # no active verb: no event word


def test_an_act_told_only_in_the_passive_of_a_thing_not_asked_about_is_another_act() -> None:
    asked = "When did the Bundesbank cut interest rates?"
    assert done_to_a_thing_not_asked("It urged restraint when taxes are cut in a 1990 reform.", {"cut"}, asked)
    assert not done_to_a_thing_not_asked("Interest rates were cut again on Thursday.", {"cut"}, asked)
    assert not done_to_a_thing_not_asked("It was cut on Friday.", {"cut"}, asked)  # "it" may be the rate
    assert not done_to_a_thing_not_asked("The Bundesbank cut rates after taxes were cut.", {"cut"}, asked)


def test_the_event_word_meets_its_inflections() -> None:
    passages = ["Dart offered 41.75 dlrs a share for Supermarkets General.", "Supermarkets General rejected the offer.",
                "Dart said its offer stands.", "Shares of Supermarkets General rose after the offer."]
    words = event_words("When did Dart raise its offer for Supermarkets General?", passages)
    assert tells_of("Dart said it has raised its offer to 42 dlrs a share.", words)
    assert tells_of("The two ministers held their meetings in Paris.", event_words("When did they hold meetings?", []))
    cut = event_words("When did they cut?", [])
    assert tells_of("Dealers reported more cutting.", cut) and not tells_of("Dealers reported more buying.", cut)


@pytest.mark.parametrize(("question", "inside", "outside"), [
    ("How many times did the dollar set a new low against the yen in March 1987?", date(1987, 3, 31), date(1987, 4, 1)),
    ("How many times were the strike talks put off in early March?", date(1987, 3, 2), date(1987, 2, 27)),
    ("When did the dollar first get back above 145 yen after its April plunge?", date(1987, 6, 1), date(1986, 4, 15)),
    ("When did the bank last raise its rate before the March cut?", date(1987, 1, 2), date(1987, 3, 9)),
])
def test_a_story_question_limits_its_events_to_the_month_it_names(question: str, inside: date, outside: date) -> None:
    period = asked_period(question)
    assert period is not None
    assert period.holds(inside, 1987) and not period.holds(outside, 1987)


def test_a_story_question_without_a_month_has_no_period() -> None:
    assert asked_period("How many times did Sosnoff extend his tender offer for Caesars World?") is None
    assert asked_period("When did the company first say it may raise its offer?") is None


WIRE = {
    "e.txt": """---
date: 1987-03-09
---
DELTA MAKES OFFER FOR OMEGA

LANDOVER, Md., March 9 - Delta Group Corp said it offered to buy Omega Stores Corp for 41 dlrs a share in cash.
Omega Stores said it would study the offer.
""",
    "f.txt": """---
date: 1987-03-25
---
DELTA RAISES OMEGA BID

LANDOVER, Md., March 25 - Delta Group Corp said it has raised its offer for Omega Stores Corp to 42 dlrs a share.
The original bid was worth about 1.6 billion dlrs.
""",
    "g.txt": """---
date: 1987-04-14
---
DELTA RAISES OMEGA BID AGAIN

LANDOVER, Md., April 14 - Delta Group Corp said it has raised its offer for Omega Stores Corp to 44 dlrs a share.
Omega Stores shares rose one dlr.
""",
    **{f"{name}.txt": f"""---
date: 1987-04-{day}
---
OMEGA STORES BOARD STUDIES DELTA OFFER

NEW YORK, April {day} - Omega Stores Corp said its board met to study the Delta Group Corp offer and would
reply to the offer next week, a spokesman for Omega Stores said.
""" for name, day in (("h", 2), ("i", 6), ("j", 8))},
}


def test_a_count_takes_a_wire_storys_lead_as_its_report_of_the_event(tmp_path: Path) -> None:
    """The reader answers "when did Delta raise its offer?" with the dateline's date: that is the article reporting
    the raise, counted on the article's date, not dropped as a dateline answer."""
    engine, _ = indexed(tmp_path, WIRE)
    result = ask("How many times did Delta raise its offer for Omega Stores?", engine)
    assert result.timeline is not None and result.timeline.count == 2
    assert [event.when for event in result.timeline.events] == ["1987-03-25", "1987-04-14"]


def test_an_event_done_to_another_party_is_not_counted() -> None:
    words = {"rais"}
    question = "How many times did Dart raise its offer for Supermarkets General?"
    assert done_to_another("An arbitrageur noted that Dart last year raised its initial bid for Safeway Stores by "
                           "10 pct when Safeway resisted.", words, question)
    assert not done_to_another("Dart said it has raised its offer to 42 dlrs a share from 41.75 dlrs in March.",
                               words, question)  # names no one else: the question's party
    assert not done_to_another("LANDOVER, Md., March 25 - Dart Group Corp said it has raised its offer to acquire "
                               "Supermarkets General Corp to 42 dlrs.", words, question)


def test_the_time_a_question_names_is_not_its_event() -> None:
    assert without_time_phrases("When did the bank change its rate in the first four months of 1987?").split() == \
        "When did the bank change its rate ?".split()
    assert without_time_phrases("When did Acme sell shares after abandoning its takeover attempt?").split() == \
        "When did Acme sell shares ?".split()
    assert "March" not in without_time_phrases("When did the dollar set a new low in early March 1987?")
    passages = ["The partners dropped their takeover attempt.", "The partners hold 9 pct of the shares.",
                "The partners sold 250,000 shares.", "The takeover attempt was abandoned."]
    assert event_words("When did the partners sell shares after abandoning their takeover attempt?", passages) == \
        {"sell"}


def test_of_the_rare_question_words_the_event_is_what_the_passages_use_as_a_verb() -> None:
    passages = ["Cyacq said it extended its offer for Cyclops.", "Cyclops rejected the Cyacq offer.",
                "The Cyacq group holds 5 pct of Cyclops.", "Dixons bid for Cyclops.", "Cyclops shares rose."]
    question = "When did the Cyacq investor group extend its tender offer for Cyclops?"
    assert event_words(question, passages) == {"extend"}  # not "investor", which no passage uses as a verb


def test_an_irregular_past_tells_of_its_verb() -> None:
    words = event_words("When did General Partners sell GenCorp shares?", [])
    assert tells_of("General Partners said it sold 1,930,500 shares of GenCorp on April 10.", words)
    assert tells_of("The board held a meeting.", event_words("When did the board hold meetings?", []))


def test_an_event_done_by_another_than_the_question_names_is_not_counted() -> None:
    question = "When did the Caesars World board tell shareholders to reject Sosnoff's offer?"
    assert done_by_another("Sosnoff said he rejected all of the proposals.", {"reject"}, question)
    assert not done_by_another("LOS ANGELES, March 13 - Caesars World Inc said its board unanimously rejected a 28 "
                               "dlr offer by Martin T. Sosnoff.", {"reject"}, question)
    assert not done_by_another("He said the offer was rejected.", {"reject"}, question)  # names no one: may be
    passive = "When were Dixons executives put on the board of Cyclops?"  # names no one who did it
    assert not done_by_another("Cyclops Corp said three members of its board named by Dixons had resigned.",
                               {"board"}, passive)
    # "Sosnoff's" in the question is Sosnoff in the article: the offer rejected is the asked one's
    assert not done_to_another("Caesars World Inc said its board rejected a 28 dlr offer by Martin T. Sosnoff.",
                               {"reject"}, question)


def test_a_passage_that_does_not_name_who_the_question_asks_about_tells_nothing() -> None:
    question = "When did the Mutual Shares group of New York investment firms report cutting its stake in Cyclops?"
    assert done_by_the_asked("Mutual Shares Corp said the group cut its Cyclops stake to 5.0 pct.", {"cut"}, question)
    assert not done_by_the_asked("Halcyon, a New York arbitrage firm, said it cut its Cyclops stake.", {"cut"},
                                 question)
    assert done_by_the_asked("The dollar fell to a new low.", {"set"}, "When did the dollar set a new low?")
    spain = "When did the Bank of Spain tighten banks' reserve requirements?"  # the name runs on over "of"
    assert not done_by_the_asked("The Reserve Bank of India said it was tightening its credit policy.", {"tighten"},
                                 spain)
    assert done_by_the_asked("The Bank of Spain said it would tighten reserve requirements.", {"tighten"}, spain)


EXTENSIONS = {
    "a.txt": """---
date: 1987-03-09
---
ZETA BIDS FOR KAPPA HOTELS

NEW YORK, March 9 - Zeta Partners said it began a 28 dlrs a share tender offer for Kappa Hotels Inc.
The offer and withdrawal rights expire April 3 unless extended.
""",
    "b.txt": """---
date: 1987-03-23
---
ZETA HAS FEW KAPPA SHARES

NEW YORK, March 23 - Zeta Partners said it has received only a negligible number of Kappa Hotels shares in
response to its 28 dlrs a share tender offer. The bid remains subject to regulatory approvals.
Zeta said it has extended the tender until May 15.
""",
    "c.txt": """---
date: 1987-04-02
---
OMICRON EXTENDS RIVAL KAPPA OFFER

NEW YORK, April 2 - Omicron Corp said it extended its rival tender offer for Kappa Hotels Inc to April 30.
""",
    "d.txt": """---
date: 1987-04-13
---
ZETA RAISES KAPPA BID

NEW YORK, April 13 - Zeta Partners said it raised its offer for Kappa Hotels to 32 dlrs a share.
Zeta said its offer has been extended to June 19.
""",
    **{f"{name}.txt": f"""---
date: 1987-03-{day}
---
KAPPA HOTELS BOARD STUDIES ZETA OFFER

LOS ANGELES, March {day} - Kappa Hotels Inc said its board met to study the Zeta Partners tender offer and would
reply to the offer next week, a spokesman for Kappa Hotels said.
""" for name, day in (("e", 11), ("f", 13), ("g", 16), ("h", 18), ("i", 20))},
}


def test_a_count_reads_the_sentences_that_tell_of_the_event_and_leaves_out_a_rivals(tmp_path: Path) -> None:
    """The extension in b.txt sits after a sentence the reader would rather answer from; Omicron's extension is
    another bidder's."""
    engine, _ = indexed(tmp_path, EXTENSIONS)
    result = ask("How many times did Zeta extend its tender offer for Kappa Hotels?", engine)
    assert result.timeline is not None and result.timeline.count == 2
    assert [event.when for event in result.timeline.events] == ["1987-03-23", "1987-04-13"]
    # "for the first / last time": the first or last of those same events, not of every answer to "when"
    first = ask("When did Zeta extend its tender offer for Kappa Hotels for the first time?", engine)
    last = ask("When did Zeta extend its tender offer for Kappa Hotels for the last time?", engine)
    assert (first.event_date, last.event_date) == ("1987-03-23", "1987-04-13")


@pytest.mark.parametrize(("question", "family"), [
    ("How many times has Kim visited China?", True),
    ("How many times did Kim meet Xi?", True),
    ("How many times was Kohl elected?", True),
    ("How many times did the ministers hold talks?", True),
    ("How many times was the coffee organization's meeting postponed or delayed?", False),  # the act is postponing
    ("How many times were scheduled strike talks put off in early March?", False),
    ("How many times did Dart raise its offer?", False),  # no family at all
])
def test_a_visit_meeting_or_election_is_the_event_only_when_no_other_act_is_asked(question: str, family: bool) -> None:
    assert family_is_the_event(question) is family


def test_a_latest_figure_may_be_a_date() -> None:
    from qa.ask.across_time import _is_figure

    assert _is_figure("up to, and including May") and _is_figure("32 dlrs a share")
    assert not _is_figure("soymeal and soyoil") and not _is_figure("the board")


def test_a_first_date_long_before_the_storys_first_article_is_background() -> None:
    from qa.ask.across_time import Found, _within_coverage
    from qa.types import Citation, Phrase

    def found(when: date, published: date) -> Found:
        citation = Citation("a.txt", 0, 1, 1, published.isoformat(), "x")
        return Found(citation, Phrase("x", 0, 1), when, "day", published, 1.0)

    background = found(date(1986, 9, 1), date(1987, 3, 9))  # "In September 1986, Sosnoff filed for clearance"
    began = found(date(1987, 3, 9), date(1987, 3, 9))
    strike = found(date(1986, 12, 19), date(1987, 2, 2))  # "the strike began on December 19": weeks before
    assert _within_coverage([background, began]) == [began]
    assert _within_coverage([strike, began]) == [strike, began]
    assert _within_coverage([background]) == [background]  # nothing else: kept

ASSISTANCE = {
    **{f"{name}.txt": f"""---
date: 1987-03-{day}
---
BANK OF XANADU SUSPENDS ASSISTANCE

XANADU CITY, March {day} - The Bank of Xanadu suspended its daily money market assistance to banks, obliging
borrowers to take funds from its second window, money market sources said.
The sources said the suspension was a further attempt to rein in money supply growth.
""" for name, day in (("a", 11), ("b", 20))},
    "c.txt": """---
date: 1987-04-03
---
BANK OF XANADU RAISES CALL MONEY RATE

XANADU CITY, April 3 - The Bank of Xanadu said it raised its rate for overnight call money to 14.5 pct from 14
pct with immediate effect at today's daily auction for assistance funds.
The move followed comments yesterday by the central bank governor, who said money supply growth was too fast.
""",
    **{f"{name}.txt": f"""---
date: 1987-03-{day}
---
XANADU MONEY MARKET STEADY

XANADU CITY, March {day} - Xanadu money market rates were steady today, dealers said, with banks
well supplied with funds ahead of the end of the reserve period.
""" for name, day in (("d", 5), ("e", 13), ("f", 17), ("g", 24), ("h", 26))},
}


def test_a_count_leaves_out_a_neighbouring_act_that_shares_its_words(tmp_path: Path) -> None:
    """c.txt tells of a rate rise "at today's daily auction for assistance funds": it shares the question's rare
    words but is much less like it than the suspensions are, so it is not one more time the bank withheld its
    assistance."""
    engine, _ = indexed(tmp_path, ASSISTANCE)
    result = ask("How many times did the Bank of Xanadu withhold its daily money market assistance from banks?",
                 engine)
    assert result.timeline is not None
    assert [event.when for event in result.timeline.events] == ["1987-03-11", "1987-03-20"]

UNDATED = {
    f"{name}.txt": f"""PLAGUE IN THE CITY

{text}
The city's council kept records of every outbreak, and its doctors wrote treatises on the disease.
""" for name, text in (
        ("a", "Plague struck the city of Lagoon 22 times over two centuries, killing a third of its people."),
        ("b", "Plague returned to Lagoon after a long absence, and the council closed the port to ships."),
        ("c", "The population of Lagoon is estimated at 150,000 residents, the council's registry says."),
        ("d", "The registry puts the population of Lagoon at 140,000 residents, up from a decade before."))
}


def test_undated_articles_give_no_timeline_dates_but_the_plain_answer(tmp_path: Path) -> None:
    """Articles with no date (no front matter, sidecar or date in their head) cannot be put in time: a count, first
    date or latest figure says so instead of dating events to year 1, and the closest sentence answers."""
    engine, _ = indexed(tmp_path, UNDATED)
    for question in ("How many times did plague strike Lagoon?", "What is the latest estimate of Lagoon's population?"):
        result = ask(question, engine)
        assert result.timeline is not None and result.timeline.count is None, question
        assert "undated" in result.timeline.summary, question
        assert not result.timeline.events and result.answer is not None
        assert "0001" not in format_result(result)


def test_a_latest_figure_is_read_only_in_passages_that_name_whose_figure_is_asked() -> None:
    question = "What is Uganda's ICO coffee export quota?"  # the owner's name ends at its possessive
    assert of_the_asked("Exports will not be in the 2.38 mln bag quota assigned to Uganda.", question)
    assert not of_the_asked("Kenya's ICO export quota was set at 1.6 mln bags.", question)
    assert of_the_asked("Its quota is 1.6 mln bags.", "What is the latest quota?")  # no name: any passage
    assert of_the_asked("The Bank of France cut its intervention rate to 7.75 pct.",
                        "What is the Bank of France's intervention rate now?")
