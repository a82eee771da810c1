"""Imprints: places of publication and 'Place: Publisher' pairs, stated once."""

from __future__ import annotations

import re

import pytest

from litgraph.lexicon.imprint import EDITION, IMPRINT, IMPRINT_LINE, PLACE_COLON, PLACES


@pytest.mark.parametrize(
    "text",
    ["London", "London/New York", "Frankfurt a.M.", "Ithaca, New York", "Rio de Janeiro",
     "Newcastle upon Tyne", "São Caetano do Sul", "Washington, D.C.", "Frankfurt/M"],
)  # fmt: skip
def test_places(text: str) -> None:
    assert PLACES.fullmatch(text)


@pytest.mark.parametrize(
    "text",
    ["Social Movements, Collective Action and Politics", "Cambridge University Press",
     "Power. An Ethnoanalysis"],
)  # fmt: skip
def test_title_words_are_no_places(text: str) -> None:
    assert not PLACES.fullmatch(text)


@pytest.mark.parametrize(
    ("text", "place", "publisher"),
    [
        ("Leeds: Thornbury Press.", "Leeds", "Thornbury Press"),
        ("Austin, Texas: Division of Port Studies", "Austin, Texas", "Division of Port Studies"),
        ("São Caetano do Sul, SP: Editora Mar", "São Caetano do Sul, SP", "Editora Mar"),
        ("Oxford and Cambridge: Quay Books", "Oxford and Cambridge", "Quay Books"),
    ],
)
def test_imprint_place_and_publisher(text: str, place: str, publisher: str) -> None:
    m = IMPRINT.fullmatch(text)
    assert m and (m.group(1), m.group(2)) == (place, publisher)


def test_place_colon_takes_one_place_or_a_place_and_its_state() -> None:
    assert PLACE_COLON.match("Princeton, NJ: Testing Service")
    assert not PLACE_COLON.match("Jugend, Arbeit, Macht: Eine Ethnoanalyse")


@pytest.mark.parametrize(
    "line",
    ["Woodbridge, Suffolk: The Boydell Press.", "Tradition. Cambridge: Harbour Press.",
     "Harbour Series, 12. Baden-Baden: Quay, pp. 13-55."],
)  # fmt: skip
def test_wrapped_imprint_lines(line: str) -> None:
    assert IMPRINT_LINE.match(line)


@pytest.mark.parametrize(
    ("text", "edition"),
    [("2nd ed.", True), ("4th edn", True), ("3rd rev. edition", True), ("2. Edition", True),
     ("8. Aufl.", True), ("8. Auflage", True), ("2nd edited volume", False), ("2 eds.", False)],
)  # fmt: skip
def test_edition_statements(text: str, edition: bool) -> None:
    assert bool(re.fullmatch(EDITION, text, re.IGNORECASE)) is edition
