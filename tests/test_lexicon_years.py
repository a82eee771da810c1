"""Years as references and citations write them: 1972, 2008a, n.d., forthcoming."""

from __future__ import annotations

import re

import pytest

from litgraph.lexicon.years import (
    SUFFIX,
    UNDATED,
    YEAR,
    YEARISH,
    first_year,
    parse_year,
    split_cited,
    year_suffix,
    years_in,
)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("1972", (1972, "")),
        ("2008a", (2008, "a")),
        ("2008b", (2008, "b")),
        ("1532", (1532, "")),
        ("n.d.", (None, "n.d.")),
        ("n. d.", (None, "n. d.")),
        ("o.J.", (None, "o.J.")),
        ("forthcoming", (None, "forthcoming")),
        ("in press", (None, "in press")),
        ("im Druck", (None, "im Druck")),
        ("1990s", (None, "")),
        ("1234", (None, "")),
        ("2150", (None, "")),
        ("Ostrom", (None, "")),
    ],
)
def test_parse_year(token: str, expected: tuple[int | None, str]) -> None:
    assert parse_year(token) == expected


def test_patterns() -> None:
    assert re.fullmatch(YEAR, "2013") and not re.fullmatch(YEAR, "1413")
    assert re.fullmatch(SUFFIX, "a") and not re.fullmatch(SUFFIX, "s")  # 1990s: a decade
    assert re.fullmatch(UNDATED, "forthcoming") and re.fullmatch(UNDATED, "n.d.")
    assert re.fullmatch(YEARISH, "2008") and re.fullmatch(YEARISH, "n.d.")


def test_years_in_text() -> None:
    assert list(years_in("Ostrom (1972; 1996), p. 12345, 2008a")) == [1972, 1996, 2008]
    assert first_year("founded 1848, published 1999", earliest=1950) == 1999
    assert first_year("no year here") is None
    assert first_year("2008a") == 2008


@pytest.mark.parametrize(
    ("raw", "expected"), [("a", "a"), ("B", "b"), ("", ""), ("n.d.", ""), ("ab", ""), ("s", "")]
)
def test_year_suffix(raw: str, expected: str) -> None:
    assert year_suffix(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bovaird 2007", ("Bovaird", 2007, "", "")),
        ("Osborne et al. (2013)", ("Osborne", 2013, "", "")),
        ("Ostrom, 1972", ("Ostrom", 1972, "", "")),
        ("Osborne 2008a", ("Osborne", 2008, "a", "")),
        (
            "Alford 2011 engaging public sector clients",
            ("Alford", 2011, "", "engaging public sector clients"),
        ),
        ("Ostrom", None),
    ],
)
def test_split_cited(text: str, expected: tuple[str, int, str, str] | None) -> None:
    assert split_cited(text) == expected
