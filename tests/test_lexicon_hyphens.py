"""Words broken by a hyphen at a line end are joined; real compounds keep their hyphen."""

from __future__ import annotations

import pytest

from litgraph.lexicon.hyphens import (
    ends_broken,
    join_broken,
    join_line_breaks,
    keeps_hyphen,
    vocabulary,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("public manage-\nment matters", "public management matters"),
        ("the co-\nproduction of services", "the co-production of services"),
        ("user-\nled and user-led", "user-led and user-led"),
        ("Smith-\nJones", "Smith-\nJones"),
        ("re-\nsearch matters", "research matters"),
        ("the organi- \n  sation", "the organisation"),
    ],
    ids=[
        "line_end_hyphen",
        "real_compound",
        "seen_elsewhere",
        "capital_kept",
        "syllable",
        "spaces",
    ],
)
def test_join_line_breaks(text: str, expected: str) -> None:
    assert join_line_breaks(text) == expected


def test_the_text_witnesses_a_closed_spelling() -> None:
    assert join_line_breaks("co-\nordinate and coordinate") == "coordinate and coordinate"


def test_join_broken_rules() -> None:
    assert join_broken("the organi-", "sation") == "the organisation"
    assert join_broken("the co-", "production") == "the co-production"
    assert join_broken("EU-", "Institutions") == "EU-Institutions"
    assert join_broken("well-", "known", {"well-known"}) == "well-known"
    assert join_broken("pp. 3-", "5") == "pp. 3-5"  # no broken word: plain concatenation


def test_vocabulary_decides_before_prefixes() -> None:
    vocab = vocabulary(["the coproduction of services"])
    assert not keeps_hyphen("co", "production", vocab)
    assert keeps_hyphen("co", "production", None)
    assert keeps_hyphen("user", "led", vocabulary(["user-led"]))
    assert not keeps_hyphen("manage", "ment", None)
    both = vocabulary(["coproduction and co-production"])
    assert keeps_hyphen("co", "production", both)  # both written: the prefix decides
    assert not keeps_hyphen("organi", "sation", vocabulary(["organi-sation organisation"]))


def test_vocabulary_words_and_compounds() -> None:
    assert vocabulary(["User-led co-production, 2nd"]) == {"user-led", "co-production", "nd"}


def test_ends_broken() -> None:
    assert ends_broken("the organi-")
    assert not ends_broken("pp. 3-")
    assert not ends_broken("the end")
