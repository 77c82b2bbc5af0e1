"""The follow-up question sets (issue 15) hold what `qa eval` scores three ways: chains of two or three turns in
fixed halves, a hand-written full question for every follow-up, and gold strings that are their sources' own words
(checked against the archive where ../shared is here). The fragments sets' follow-ups name nothing of their own."""

from __future__ import annotations

import json
import re

import pytest

from qa.config import repo_root

DATA = repo_root() / "tests" / "data"
SHARED = repo_root().parent / "shared"
ARCHIVE = SHARED / "bench" / "reuters" / "articles.jsonl"
FRAGMENTS = ("followup_fragments_reuters.jsonl", "followup_fragments_seeds.jsonl",
             "followup_fragments_b_reuters.jsonl", "followup_fragments_c_reuters.jsonl",
             "followup_fragments_d_reuters.jsonl", "followup_fragments_e_reuters.jsonl")
SETS = ("followup_reuters.jsonl", "followup_reuters_b.jsonl", "followup_reuters_c.jsonl", "followup_seeds.jsonl",
        *FRAGMENTS)


def _chains(name: str) -> list[dict]:  # type: ignore[type-arg]
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, filter(str.strip, lines)) if "turns" in row]


@pytest.mark.parametrize("name", SETS)
def test_a_followup_set_is_chains_in_halves_with_full_questions(name: str) -> None:
    chains = _chains(name)
    assert {chain["half"] for chain in chains} == {"tune", "report"}
    for chain in chains:
        assert 2 <= len(chain["turns"]) <= 3, chain["chain"]
        for turn in chain["turns"][1:]:
            assert turn["full"] and turn["full"] != turn["question"], turn["question"]


def test_the_fragments_sets_halves_were_fixed_by_chain_number_and_hold_enough_chains() -> None:
    chains = [chain for name in FRAGMENTS for chain in _chains(name)]
    assert len(chains) >= 50
    for chain in chains:
        assert chain["half"] == ("tune" if int(chain["chain"][1:]) % 2 else "report"), chain["chain"]


@pytest.mark.parametrize("name", FRAGMENTS)
def test_a_fragments_followup_names_no_name_number_or_date(name: str) -> None:
    for chain in _chains(name):
        for turn in chain["turns"][1:]:
            words = turn["question"].split()[1:]
            assert not [w for w in words if w[:1].isupper() or re.search(r"\d", w)], turn["question"]


@pytest.mark.parametrize("name", SETS)
def test_a_followup_sets_gold_strings_are_in_their_sources(name: str) -> None:
    texts = _texts("seeds" if name.endswith("seeds.jsonl") else "reuters")
    for chain in _chains(name):
        for turn in chain["turns"]:
            sources = [texts[source] for source in turn["sources"]]
            assert any(answer in text for answer in turn["answers"] for text in sources), turn["question"]


def _texts(corpus: str) -> dict[str, str]:
    if corpus == "seeds":
        return {path.name: path.read_text(encoding="utf-8") for path in sorted((repo_root() / "seeds").glob("*.txt"))}
    if not ARCHIVE.is_file():
        pytest.skip(f"the archive is not here: {ARCHIVE} (a clone beside ../shared has it; CI does)")
    with ARCHIVE.open(encoding="utf-8") as lines:
        return {f"{article['newid']}.txt": article["text"] for article in map(json.loads, lines)}
