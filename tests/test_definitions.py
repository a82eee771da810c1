"""Definition sentences and their attribution to cited works."""

from __future__ import annotations

import pytest

from litgraph.extract.citations import find_citations
from litgraph.extract.concepts import load_vocabulary
from litgraph.extract.definitions import defined_concepts, find_definitions
from litgraph.model import Page, Person, Reference

VOCAB = load_vocabulary()

DEFINING = {
    "is_defined_as": ("Co-production is defined as joint work of users and staff.", "coproduction"),
    "we_define": ("We define value co-creation as joint resource use.", "valuecocreation"),
    "refers_to": ("Co-design refers to users shaping a service early.", "codesign"),
    "by_we_mean": ("By co-production we mean a mix of activities.", "coproduction"),
    "can_be_understood": (
        "Value co-destruction can be understood as a loss.",
        "valuecodestruction",
    ),
    "comma_defined_as": ("PSDL, defined as a service view, is recent.", "psdl"),
    "subject_copula": ("Co-production is a process in which users add effort.", "coproduction"),
    "term_used_to_describe": (
        "The term co-commissioning is used to describe this.",
        "cocommissioning",
    ),
    "german_versteht_man": ("Unter Koproduktion versteht man die Mitwirkung.", "coproduction"),
}


@pytest.mark.parametrize("sentence, key", DEFINING.values(), ids=list(DEFINING))
def test_defining_sentences(sentence: str, key: str) -> None:
    assert defined_concepts(sentence, VOCAB) == [key]


NOT_DEFINING = {
    "copula_without_head_noun": "Co-production is a growing field of research.",
    "mention_with_as": "Many studies discuss co-production as a trend.",
    "object_position": "Councils expect co-production is a cheap option for them.",
}


@pytest.mark.parametrize("sentence", NOT_DEFINING.values(), ids=list(NOT_DEFINING))
def test_non_defining_sentences(sentence: str) -> None:
    assert defined_concepts(sentence, VOCAB) == []


def test_definition_attributed_to_citation_in_same_sentence() -> None:
    refs = (Reference("r1", "Whitaker 1980", (Person("Whitaker", "G."),), 1980),)
    text = (
        "Some context comes first. Co-production is defined as the joint work of citizens "
        "and agents (Whitaker, 1980). Co-design refers to early involvement."
    )
    pages = (Page(2, text),)
    citations = find_citations(pages, refs)
    defs = find_definitions(pages, VOCAB, citations)
    assert [(d.concept, d.reference, d.page) for d in defs] == [
        ("coproduction", "r1", 2),
        ("codesign", None, 2),
    ]
    assert defs[0].sentence.endswith("(Whitaker, 1980).")
