"""Name particles, written names split into family and given names, family and initial keys."""

from __future__ import annotations

import re

import pytest

from litgraph.lexicon.names import (
    PARTICLE,
    family_key,
    initials,
    is_initials,
    is_particle,
    split_name,
)


@pytest.mark.parametrize("word", ["van", "Van", "de", "De", "von", "der", "della", "dos", "zu"])
def test_particles(word: str) -> None:
    assert is_particle(word)
    assert re.fullmatch(PARTICLE, word)


@pytest.mark.parametrize("word", ["Walle", "and", "Vanessa", "deal"])
def test_not_particles(word: str) -> None:
    assert not is_particle(word)
    assert not re.fullmatch(PARTICLE, word)


@pytest.mark.parametrize(
    ("name", "family", "given"),
    [
        ("Osborne, S. P.", "Osborne", "S. P."),
        ("Stephen P. Osborne", "Osborne", "Stephen P."),
        ("S. P. Osborne", "Osborne", "S. P."),
        ("Osborne SP", "Osborne", "SP"),
        ("Osborne S. P.", "Osborne", "S. P."),
        ("Löffler, E.", "Löffler", "E."),
        ("Elke Löffler", "Löffler", "Elke"),
        ("Van de Walle", "Van de Walle", ""),
        ("Steven Van de Walle", "Van de Walle", "Steven"),
        ("Steven van de Walle", "van de Walle", "Steven"),
        ("Van de Walle, S.", "Van de Walle", "S."),
        ("de Vries", "de Vries", ""),
        ("Chumpitaz Cáceres R.", "Chumpitaz Cáceres", "R."),
        ("Bo Li", "Li", "Bo"),
        ("Ostrom", "Ostrom", ""),
        ("  Elinor   Ostrom ", "Ostrom", "Elinor"),
    ],
)
def test_split_name(name: str, family: str, given: str) -> None:
    assert split_name(name) == (family, given)


@pytest.mark.parametrize("text", ["S.", "S. P.", "SP", "S.P.", "J.-L.", "Th.", "Ö."])
def test_initials_recognised(text: str) -> None:
    assert is_initials(text)


@pytest.mark.parametrize("text", ["Li", "Osborne", "SPQRX", "A.B.C.D.E.F.G.", "s.", ""])
def test_not_initials(text: str) -> None:
    assert not is_initials(text)


def test_family_key_meets_umlaut_spellings() -> None:
    assert family_key("Löffler") == family_key("Loeffler") == family_key("Loffler") == "loffler"
    assert family_key("Bauer") == "bauer"  # an e after a vowel stays


def test_family_key_keeps_transliterated_letters() -> None:
    assert family_key("Sørensen") == family_key("Sorensen") == "sorensen"
    assert family_key("Grönroos") == family_key("Gronroos")


def test_family_key_of_particles_ignores_case_and_space() -> None:
    assert family_key("Van de Walle") == family_key("van de Walle") == "vandewalle"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("Stephen P.", "sp"), ("S.P.", "sp"), ("SP", "sp"), ("Jean-Luc", "jl"), ("Łukasz", "l")],
)
def test_initials(given: str, expected: str) -> None:
    assert initials(given) == expected


def test_given_name_table_tells_name_order() -> None:
    from litgraph.lexicon.names import is_given_name, written_surname_first

    assert is_given_name("Christopher") and not is_given_name("Browning")
    assert not is_given_name("S.")
    assert written_surname_first("Browning", "Christopher") is True
    assert written_surname_first("Stephen", "Osborne") is False
    assert written_surname_first("Haukkala", "Hiski") is None  # neither is in the table


def test_given_name_table_holds_exactly_the_names_the_gender_detector_knows() -> None:
    import gender_guesser.detector as detector

    from litgraph.lexicon.names import _given_names

    known = detector.Detector(case_sensitive=False).names
    assert _given_names() == frozenset(known)
    assert {"abdalsalam", "abdal salam", "abdal-salam"} <= _given_names()  # "Abdal+Salam"


def test_family_part_of_a_name_written_given_first() -> None:
    from litgraph.lexicon.names import family_part

    assert family_part("Elinor Ostrom") == "Ostrom"
    assert family_part("Steven Van de Walle") == "Van de Walle"
    assert family_part("de Vries") == "de Vries"
