"""Unicode folding keeps letters: spellings of one name meet."""

from __future__ import annotations

import pytest

from litgraph.lexicon.fold import fold, folded_words, to_ascii


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sørensen", "Sorensen"),
        ("Grönroos", "Gronroos"),
        ("Łukasz", "Lukasz"),
        ("Straße", "Strasse"),
        ("Øvretveit", "Ovretveit"),
        ("Đorđević", "Dordevic"),
        ("Æsop", "Aesop"),
    ],
    ids=["o_slash", "umlaut", "l_stroke", "sharp_s", "capital_o_slash", "d_stroke", "ae"],
)
def test_spellings_fold_together(a: str, b: str) -> None:
    assert fold(a) == fold(b) == b.lower()


def test_no_letter_is_lost() -> None:
    assert fold("Sørensen") == "sorensen"  # plain accent stripping gave 'srensen'
    assert fold("Łukasz Ćwik") == "lukaszcwik"


def test_fold_drops_case_space_and_punctuation() -> None:
    assert fold("Co-production") == fold("co production") == "coproduction"
    assert fold("Löffler's") == "lofflers"


def test_decomposed_accents_fold_like_composed_ones() -> None:
    assert fold("Lo\u0308ffler") == fold("Löffler") == "loffler"


def test_to_ascii_keeps_case_and_punctuation() -> None:
    assert to_ascii("Grönroos, C.") == "Gronroos, C."
    assert to_ascii("plain ASCII stays") == "plain ASCII stays"


def test_folded_words() -> None:
    assert folded_words("Public Service-Dominant Logic: Sørensen’s view") == [
        "public", "service", "dominant", "logic", "sorensen", "s", "view",
    ]  # fmt: skip
