"""Definition sentences and their attribution to cited works."""

from __future__ import annotations

import pytest

from litgraph.extract.citations import find_citations
from litgraph.extract.concepts import load_vocabulary
from litgraph.extract.definitions import defined_concepts, find_definitions, strip_heading
from litgraph.model import Line, Page, Person, Reference
from litgraph.sources.pdf import heading_flags, page_text

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
    "refers_in_restatement_to": (
        "Service-dominant logic refers in this restatement to a perspective on exchange.",
        "sdlogic",
    ),
    "refers_aside_to": (
        "Service-dominant logic refers, in the authors' usage, to a service-centred view.",
        "sdlogic",
    ),
    "is_understood_as": (
        "Co-production is understood as the joint work of users and staff.",
        "coproduction",
    ),
    "can_be_defined_as": ("Co-design can be defined as early joint work.", "codesign"),
    "is_conceptualised_as": (
        "Value co-creation is conceptualised as joint resource integration.",
        "valuecocreation",
    ),
    "is_conceptualized_as": (
        "Value co-creation is conceptualized as joint resource integration.",
        "valuecocreation",
    ),
    "denotes": ("Co-commissioning denotes users deciding which services exist.", "cocommissioning"),
    "names": (
        "Co-management names joint delivery by the state and the third sector.",
        "comanagement",
    ),
    "is_what": (
        "Public value is what citizens collectively judge to be worth producing.",
        "publicvalue",
    ),
    "what_we_mean_by": (
        "What we mean by co-production is the joint work of staff and users.",
        "coproduction",
    ),
    "by_which_we_mean": (
        "Services rely on co-production, by which we mean the work users add.",
        "coproduction",
    ),
    "german_wird_definiert": (
        "Koproduktion wird hier als Mitwirkung der Bürger definiert.",
        "coproduction",
    ),
    "german_bezeichnet": ("Koproduktion bezeichnet die Mitwirkung der Bürger.", "coproduction"),
    "regarded_as_noun_phrase": (
        "Co-production is regarded as a form of joint work.",
        "coproduction",
    ),
    "stands_for": ("Co-design stands for users shaping services.", "codesign"),
    "signifies": ("Co-production signifies joint work.", "coproduction"),
    "subject_copula_adverb": (
        "Co-production is essentially a process of joint work.",
        "coproduction",
    ),
    "umbrella_term_for": (
        "Co-production is an umbrella term for many kinds of joint work.",
        "coproduction",
    ),
    "actor_concept": (
        "Regular producers are the people who produce a service as their occupation.",
        "regularproducer",
    ),
    "after_clause_opening": (
        "The authors treat it as an umbrella: co-production is defined here as joint work.",
        "coproduction",
    ),
    "second_clause_after_while": (
        "Co-production concerns delivery, while co-creation refers to the initiation of services.",
        "cocreation",
    ),
    "quoted_definiens": (
        "Co-production is “the active involvement of citizens in delivering services”.",
        "coproduction",
    ),
}


@pytest.mark.parametrize("sentence, key", DEFINING.values(), ids=list(DEFINING))
def test_defining_sentences(sentence: str, key: str) -> None:
    assert defined_concepts(sentence, VOCAB) == [key]


NOT_DEFINING = {
    "copula_without_head_noun": "Co-production is a growing field of research.",
    "mention_with_as": "Many studies discuss co-production as a trend.",
    "object_position": "Councils expect co-production is a cheap option for them.",
    # an evaluation, and the concept is inside the subject, not the subject
    "seen_as_promising": (
        "Digital platforms built by governments and the third sector are seen as promising."
    ),
    "seen_as_evaluation": "Co-production is seen as promising by many councils.",
    # the subject is a narrower phrase: this defines economic participation, not participation
    "narrower_subject_means": "Economic participation means contributing time, money or work.",
    "narrower_subject_refers_to": (
        "Service-specific participation refers to taking part in the daily running of a service."
    ),
    "concept_in_prepositional_phrase": (
        "Platforms for the third sector are defined as digital tools for volunteers."
    ),
    "concept_as_object_of_other_verb": "Councils fund co-production refers to nothing.",
}


@pytest.mark.parametrize("sentence", NOT_DEFINING.values(), ids=list(NOT_DEFINING))
def test_non_defining_sentences(sentence: str) -> None:
    assert defined_concepts(sentence, VOCAB) == []


def test_sentences_without_a_defining_word_are_not_searched_for_concepts() -> None:
    from litgraph.extract.definitions import _may_define

    assert all(_may_define(sentence) for sentence, _ in DEFINING.values())
    assert not _may_define("Councils fund co-production in many towns (Whitaker, 1980).")
    assert not _may_define("Co-production grew in the 1980s, and co-design followed.")


# --- whose definition is it? ------------------------------------------------------------------

REFS = (
    Reference(
        "r1", "Brudney England 1983", (Person("Brudney", "J."), Person("England", "R.")), 1983
    ),
    Reference("r2", "Parks et al 1981", (Person("Parks", "R."), Person("Baker", "P.")), 1981),
    Reference("r3", "Whitaker 1980", (Person("Whitaker", "G."),), 1980),
    Reference("r4", "Vargo Lusch 2004", (Person("Vargo", "S."), Person("Lusch", "R.")), 2004),
    Reference("r5", "Vargo Lusch 2008", (Person("Vargo", "S."), Person("Lusch", "R.")), 2008),
)


def _credited(text: str) -> list[tuple[str, str | None]]:
    pages = (Page(3, text),)
    defs = find_definitions(pages, VOCAB, find_citations(pages, REFS))
    return [(d.concept, d.reference) for d in defs]


def test_definition_ending_with_citation_belongs_to_citing_work() -> None:
    """B&E's definition repeated in a later paper, with B&E cited after it, stays there."""
    text = (
        "Coproduction is defined as the active involvement of citizens in the delivery of "
        "public services (Brudney & England, 1983)."
    )
    assert _credited(text) == [("coproduction", None)]


def test_see_also_citation_does_not_move_definition() -> None:
    text = (
        "Co-production is defined as joint work of users and staff (see also Parks et al., 1981)."
    )
    assert _credited(text) == [("coproduction", None)]


def test_several_trailing_citations_do_not_move_definition() -> None:
    text = "Co-production refers to users adding effort (Parks et al., 1981; Whitaker, 1980)."
    assert _credited(text) == [("coproduction", None)]


def test_in_line_with_a_typology_does_not_move_definition() -> None:
    text = "Co-production refers to user input, in line with earlier work (Whitaker, 1980)."
    assert _credited(text) == [("coproduction", None)]


def test_following_a_literature_is_not_a_cited_definition() -> None:
    text = (
        "Co-creation is defined in the discussion, following the business literature "
        "(Vargo & Lusch, 2004), as a higher order process of citizen involvement."
    )
    assert _credited(text) == [("cocreation", None)]


@pytest.mark.parametrize(
    "text, ref",
    [
        (
            "Brudney and England (1983) define coproduction as the active involvement of citizens.",
            "r1",
        ),
        ("Whitaker (1980) defines coproduction as citizens working alongside agents.", "r3"),
        ("Coproduction is defined by Brudney and England (1983) as active involvement.", "r1"),
        ("Coproduction, as defined by Parks et al. (1981), mixes two kinds of effort.", "r2"),
        ("Following Whitaker's (1980) definition, coproduction is understood as joint work.", "r3"),
        (
            "Following Brudney and England (1983), coproduction is defined as active involvement.",
            "r1",
        ),
        ("According to Whitaker (1980), coproduction is a process in which citizens assist.", "r3"),
        (
            "Drawing upon Brudney and England (1983, p. 59), *co-production* is defined as "
            "‘the active involvement of citizens in delivering services’.",
            "r1",
        ),
        (
            "Coproduction is defined, following the classic definition (Brudney & England, 1983), "
            "as active involvement.",
            "r1",
        ),
        (
            "Coproduction is “the active involvement of citizens in the delivery of services” "
            "(Brudney & England, 1983, p. 59).",
            "r1",
        ),
        (
            "Vargo and Lusch (2004, 2008) define service-dominant logic as a service-centred view.",
            "r4",
        ),
    ],
    ids=[
        "x_define",
        "x_defines",
        "defined_by_x",
        "as_defined_by_x",
        "following_x_definition",
        "following_x",
        "according_to_x",
        "drawing_upon_x_quoted",
        "following_the_definition_parenthetical",
        "quoted_definiens",
        "x_two_years",
    ],
)
def test_definition_explicitly_given_to_cited_work(text: str, ref: str) -> None:
    assert [r for _, r in _credited(text)] == [ref]


def test_cited_authors_describing_something_else_keep_no_credit() -> None:
    text = "Parks et al. (1981) describe many cases; coproduction is defined here as joint work."
    assert _credited(text) == [("coproduction", None)]


# --- headings and page breaks -----------------------------------------------------------------

PSDL = "Public service-dominant logic (PSDL) is defined here as an approach to public management."


def test_markdown_heading_is_not_part_of_the_definition() -> None:
    pages = (Page(1, "### A public service-dominant logic\n" + PSDL),)
    (d,) = find_definitions(pages, VOCAB, ())
    assert d.sentence == PSDL


def test_pdf_heading_is_a_paragraph_of_its_own() -> None:
    """A bold heading line in a PDF is its own sentence, not the start of the next one."""
    lines = (
        Line("The service literature has long held this view.", size=10.0),
        Line("A public service-dominant logic", size=11.0, bold=True),
        Line("Public service-dominant logic (PSDL) is defined here as an", size=10.0),
        Line("approach to public management.", size=10.0),
    )
    pages = (Page(1, page_text(lines), lines),)
    (d,) = find_definitions(pages, VOCAB, ())
    assert d.sentence == PSDL


def test_glued_heading_is_stripped() -> None:
    glued = "A public service-dominant logic " + PSDL
    assert strip_heading(glued) == PSDL
    (d,) = find_definitions((Page(1, glued),), VOCAB, ())
    assert d.sentence == PSDL


@pytest.mark.parametrize(
    "sentence",
    [
        "Public services are services.",
        "In Bloomington Ostrom and colleagues studied police services.",
        "Co-production, Co-production and more.",
    ],
)
def test_strip_heading_leaves_ordinary_sentences(sentence: str) -> None:
    assert strip_heading(sentence) == sentence


def test_sentence_cut_by_page_break_is_joined() -> None:
    pages = (
        Page(1, "Users always co-produce. By participative co-production"),
        Page(2, "we mean the deliberate involvement of users in planning. Next point."),
    )
    (d,) = find_definitions(pages, VOCAB, ())
    assert d.concept == "participativecoproduction" and d.page == 1
    assert d.sentence.startswith("By participative co-production we mean the deliberate")


def test_real_pdf_definitions_without_headings() -> None:
    """The two-column PDF: PSDL without its heading; the three modes of co-production are
    Osborne and Strokosch's (2013), not this paper's."""
    from litgraph.extract.document import extract_file

    doc = extract_file("corpus/pdf/osborne2013.pdf")
    by_key = {d.concept: d for d in doc.definitions}
    assert by_key["psdl"].sentence.startswith("Public service-dominant logic (PSDL) is defined")
    assert not {"consumercoproduction", "participativecoproduction", "enhancedcoproduction"} & set(
        by_key
    )
    assert all(d.reference is None for d in doc.definitions)


def test_pdf_paragraph_in_large_type_is_not_cut_into_headings() -> None:
    """An abstract set larger than the body text stays one paragraph, its sentences whole."""
    abstract = [
        "Co-production is defined here as the joint",
        "work of citizens and staff in delivering",
        "public services, and the authors argue",
        "that it has spread across many sectors",
    ]
    lines = tuple(Line(t, size=11.0) for t in abstract) + tuple(
        Line(f"Body line {i} of ordinary text in the article", size=10.0) for i in range(8)
    )
    assert heading_flags(lines) == [False] * len(lines)
    (d,) = find_definitions((Page(1, page_text(lines), lines),), VOCAB, ())
    assert d.sentence.startswith("Co-production is defined here as the joint work of citizens")
