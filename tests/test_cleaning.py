from pathlib import Path

from qa.config import ChunkSettings
from qa.ingest.cleaning import common_short_lines, is_boilerplate, kept_segments, split_lines
from qa.ingest.files import read_document
from qa.ingest.passages import chunk_document
from qa.text.tokens import TokenCounter

from .conftest import SEEDS


def _seed_chunks() -> dict[str, list[str]]:
    docs = {p.name: read_document(p) for p in sorted(SEEDS.glob("*.txt"))}
    common = common_short_lines(d.text for d in docs.values())
    counter = TokenCounter()
    return {name: [c.text for c in chunk_document(d, name, common, counter, ChunkSettings())]
            for name, d in docs.items()}


def test_subscription_block_of_003_reaches_no_chunk() -> None:
    chunks = _seed_chunks()
    text = " ".join(c for cs in chunks.values() for c in cs)
    for leftover in ["free article", "subscription", "Get Unlimited access", "Try 3 months", "See all offers",
                     "Stay ahead with our exclusives", "Sponsored Content", "ArrowArtboard", "Icon Facebook"]:
        assert leftover not in text, leftover
    assert any("Kim solicits Xi's support" in c for c in chunks["003_a448d32661961d0a.txt"])


def test_comment_form_of_004_reaches_no_chunk() -> None:
    text = " ".join(_seed_chunks()["004_de5584b8b2c124e6.txt"])
    for leftover in ["Comment(s)", "Add your comments", "User Name Required", "Your Comment",
                     "Enter the words you see", "Racist, abusive", "Print E-mail", "Adjust font size",
                     "Follow China.org.cn", "MobileRSSNewsletter"]:
        assert leftover not in text, leftover
    assert "moral responsibility" in text


def test_doubled_headline_of_001_appears_once() -> None:
    chunks = _seed_chunks()["001_e586c0e5b942bb85.txt"]
    headline = "With Trump in waiting, Kim courts China's support"
    assert sum(c.count(headline) for c in chunks) == 1


def test_trailers_are_cut() -> None:
    chunks = _seed_chunks()
    assert not any("You may also like" in c for c in chunks["000_51b87278988e9c30.txt"])
    assert not any("Related Articles" in c for c in chunks["001_e586c0e5b942bb85.txt"])


def test_near_duplicate_lines_are_found_fuzzily() -> None:
    text = ("Breaking: Storm hits the coast tonight\n\nThe storm made landfall at 9pm, officials said today.\n\n"
            "Breaking - storm hits the coast tonight!\n\nResidents were told to stay inside.\n")
    kept = " ".join(text[s.start:s.end] for s in kept_segments(text))
    assert kept.count("Storm hits") + kept.count("storm hits") == 1
    assert "Residents were told" in kept


def test_short_lines_common_to_several_articles_are_dropped() -> None:
    a = "Daily Planet Newsletter Signup\n\nThe mayor opened the new bridge on Friday, a year late.\n"
    b = "Daily Planet Newsletter Signup\n\nCity council voted to raise the parking fees by ten percent.\n"
    common = common_short_lines([a, b])
    for text in (a, b):
        kept = " ".join(text[s.start:s.end] for s in kept_segments(text, common))
        assert "Newsletter Signup" not in kept
        assert len(kept) > 40


def test_cleaning_selects_spans_and_never_rewrites() -> None:
    text = Path(SEEDS / "004_de5584b8b2c124e6.txt").read_text(encoding="utf-8")
    for span in kept_segments(text):
        piece = text[span.start:span.end]
        assert piece and piece == piece.strip()
        assert piece in text


def test_icon_lists_are_boilerplate_but_prose_is_not() -> None:
    assert is_boilerplate("ArrowArtboardCreated with Sketch.Title ChevronTitle ChevronEye IconIcon Facebook")
    assert is_boilerplate("Send your storiesGet more from China.org.cnMobileRSSNewsletter")
    assert not is_boilerplate("McDonald's and iPhone sales rose in March, the company said.")


def test_split_lines_handles_every_line_ending() -> None:
    text = "a\r\nbb\rccc\nd"
    assert [(line.start, line.end, line.text) for line in split_lines(text)] == [
        (0, 1, "a"), (3, 5, "bb"), (6, 9, "ccc"), (10, 11, "d")]


def test_real_paragraphs_that_mention_subscriptions_or_end_in_footnotes_are_kept() -> None:
    """Found on SQuAD paragraphs: a phrase of page furniture inside a long paragraph, and glued words in a line that
    ends with a footnote marker, made whole paragraphs disappear."""
    paragraphs = [
        "BSkyB initially charged additional subscription fees for using a Sky+ PVR with their service; waiving the "
        "charge for subscribers whose package included two or more premium channels. This changed on 1 July 2007, "
        "and now customers that have Sky+ and subscribe to any BSkyB subscription package get Sky+ included at no "
        "extra charge.",
        "The iPhone and the MacBook were announced by Apple at WWDC in San Francisco that year.[b]",
    ]
    for paragraph in paragraphs:
        assert [(s.start, s.end) for s in kept_segments(paragraph)] == [(0, len(paragraph))]
    for prompt in ("You have reached your last free article. Subscribe now for unlimited access.",
                   "Already a subscriber? Log in", "Share this", "IconFacebook IconTwitter IconMail"):
        assert is_boilerplate(prompt), prompt
