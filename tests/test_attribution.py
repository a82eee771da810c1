"""Attribution by scope: a citing sentence credits a concept only to the citation in its scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.extract.attribution import find_attributions
from litgraph.extract.citations import find_citations
from litgraph.extract.concepts import Vocabulary, load_vocabulary
from litgraph.model import Page, Person, Reference
from litgraph.pipeline import build
from litgraph.store.embedded import EmbeddedStore


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


REFS = (
    Reference("r1", "Ostrom 1972", (Person("Ostrom", "E."),), 1972),
    Reference("r2", "Vargo Lusch 2008", (Person("Vargo", "S. L."), Person("Lusch", "R. F.")), 2008),
    Reference(
        "r3",
        "Osborne et al 2015",
        (Person("Osborne", "S. P."), Person("Radnor", "Z."), Person("Strokosch", "K.")),
        2015,
    ),
    Reference(
        "r4",
        "Radnor et al 2014",
        (Person("Radnor", "Z."), Person("Osborne", "S. P."), Person("Kinder", "T.")),
        2014,
    ),
    Reference(
        "r5",
        "Parks et al 1981",
        (Person("Parks", "R. B."), Person("Baker", "P. C."), Person("Kiser", "L.")),
        1981,
    ),
    Reference("r6", "Whitaker 1980", (Person("Whitaker", "G. P."),), 1980),
    Reference("r7", "Hood 1991", (Person("Hood", "C."),), 1991),
    Reference("r8", "Moore 1995", (Person("Moore", "M. H."),), 1995),
)


def credits(sentence: str, vocab: Vocabulary) -> set[tuple[str, str, str]]:
    """(reference id, concept key, kind) the sentence credits."""
    cites = find_citations((Page(1, sentence),), REFS)
    return {(a.reference or "", a.concept, a.kind) for a in find_attributions(cites, vocab)}


def test_multi_citation_sentence_credits_each_concept_to_its_own_citation(
    vocab: Vocabulary,
) -> None:
    got = credits(
        "They relate their typology to service-dominant logic (Vargo & Lusch, 2008), to the "
        "SERVICE framework (Osborne et al., 2015) and to service blueprinting (Radnor et al., "
        "2014), and trace the lineage back to Ostrom (1972).",
        vocab,
    )
    assert ("r2", "sdlogic", "explicit") in got
    assert ("r3", "serviceframework", "explicit") in got
    assert ("r4", "serviceblueprinting", "explicit") in got
    assert not [g for g in got if g[0] == "r1"], "Ostrom (1972) is credited with nothing"
    assert not [g for g in got if g[0] == "r2" and g[1] != "sdlogic"]


def test_a_list_of_citations_after_a_term_only_points_to_where_it_is_used(
    vocab: Vocabulary,
) -> None:
    """One work right after the term is credited with it; a list is a 'see these works'."""
    assert ("r6", "coproduction", "explicit") in credits(
        "Scholars returned to coproduction (Whitaker, 1980) in the 1990s.", vocab
    )
    got = credits("Scholars returned to coproduction (Whitaker, 1980; Parks et al., 1981).", vocab)
    assert got == {("r6", "coproduction", "scope"), ("r5", "coproduction", "scope")}
    # one author's several works are still that author's concept
    both = credits("Value co-creation (Vargo & Lusch, 2004, 2008) is central here.", vocab)
    assert ("r2", "valuecocreation", "explicit") in both


def test_coinage_is_its_own_kind(vocab: Vocabulary) -> None:
    assert ("r5", "coproduction", "coined") in credits(
        "The term coproduction was coined by Parks et al. (1981).", vocab
    )
    assert ("r5", "coproduction", "coined") in credits(
        "Parks et al. (1981) introduced the concept of coproduction to public administration.",
        vocab,
    )


def test_possessive_and_defining_narrative_citations_are_explicit(vocab: Vocabulary) -> None:
    assert ("r8", "publicvalue", "explicit") in credits(
        "Moore's (1995) notion of public value frames the debate.", vocab
    )
    assert ("r6", "coproduction", "explicit") in credits(
        "Whitaker (1980) defines coproduction as joint action of citizens and agents.", vocab
    )


def test_the_subject_of_a_clause_gets_the_concepts_of_that_clause(vocab: Vocabulary) -> None:
    got = credits(
        "Whitaker (1980) distinguishes three forms of coproduction; the managerial reforms "
        "of New Public Management came later.",
        vocab,
    )
    assert ("r6", "coproduction", "scope") in got
    assert not [g for g in got if g[1] == "newpublicmanagement"], "another clause, no citation"


def test_a_parenthetical_citation_closes_its_clause(vocab: Vocabulary) -> None:
    got = credits(
        "Value co-creation is now widely discussed (Vargo & Lusch, 2008); New Public Management "
        "had dominated before (Hood, 1991).",
        vocab,
    )
    assert ("r2", "valuecocreation", "scope") in got
    assert ("r7", "newpublicmanagement", "scope") in got
    assert ("r2", "newpublicmanagement", "scope") not in got
    assert ("r7", "valuecocreation", "scope") not in got


def test_a_concept_after_the_citation_in_another_clause_is_co_occurrence(
    vocab: Vocabulary,
) -> None:
    got = credits(
        "Building on Ostrom (1972), later authors, who wrote decades afterwards, developed "
        "service-dominant logic.",
        vocab,
    )
    assert not got, got


def test_a_term_inside_a_citation_is_not_a_use(vocab: Vocabulary) -> None:
    got = credits("This follows (Parks et al., 1981, on coproduction) closely.", vocab)
    assert not [g for g in got if g[1] == "coproduction"]


# --- in the graph: CREDITED relationships and the first-use guard --------------------------


def _paper(folder: Path, name: str, title: str, byline: str, body: str, refs: list[str]) -> None:
    text = f"# {title}\n\n{byline}\n\n## Digest\n{body}\n\n## References\n" + "\n".join(refs)
    (folder / name).write_text(text + "\n", encoding="utf-8")


OSTROM = "Ostrom, E. (1972). Metropolitan reform. Social Science Quarterly, 53(3), 474-493."
OSBORNE = (
    "Osborne, S. P., Radnor, Z., Kinder, T., & Vidal, I. (2015). The SERVICE framework. "
    "British Journal of Management, 26(3), 424-438."
)


def test_scope_credit_never_goes_to_a_work_older_than_the_concepts_first_use(
    tmp_path: Path,
) -> None:
    """Ostrom (1972) cannot carry the SERVICE framework (first used in 2015); an explicit
    credit is the citing author's claim and stays."""
    papers = tmp_path / "papers"
    papers.mkdir()
    _paper(
        papers,
        "osborne.md",
        "The SERVICE framework",
        "Stephen Osborne (2015)",
        "The SERVICE framework sets out propositions for public service organisations.",
        [],
    )
    _paper(papers, "later.md", "Tracing public service organisations", "Ann Later (2019)",
           "The SERVICE framework was applied to hospitals, which Ostrom (1972) never studied. "
           "Public services were studied in Bloomington (Ostrom, 1972), long before the "
           "SERVICE framework (Osborne et al., 2015).",
           [OSBORNE, OSTROM])  # fmt: skip
    _paper(papers, "scope.md", "A second look", "Bea Second (2020)",
           "The SERVICE framework has roots in the study of urban services (Ostrom, 1972).",
           [OSTROM])  # fmt: skip
    with EmbeddedStore(tmp_path / "store") as store:
        report = build([str(papers)], store)
        assert not report.failures
        rows = store.query(
            "MATCH (w:Work)-[r:CREDITED]->(c:Concept {key: 'serviceframework'}) "
            "RETURN w.year AS year, r.kinds AS kinds"
        )
    years = {r["year"] for r in rows}
    assert 2015 in years, rows
    assert 1972 not in years, "the scope credit to Ostrom (1972) predates the concept"


def test_build_keeps_own_use_and_credit_apart(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    _paper(
        papers,
        "a.md",
        "Citizens in Bloomington",
        "Ann Author (1990)",
        "Coproduction in policing was first described by Ostrom (1972).",
        [OSTROM],
    )
    with EmbeddedStore(tmp_path / "store") as store:
        build([str(papers)], store)
        own = store.query(
            "MATCH (w:Work)-[:MENTIONS]->(:Concept {key: 'coproduction'}) RETURN w.year AS y"
        )
        credited = store.query(
            "MATCH (w:Work)-[r:CREDITED]->(:Concept {key: 'coproduction'}) "
            "RETURN w.year AS y, r.via AS via, r.kinds AS kinds, r.sentences AS s"
        )
    assert [r["y"] for r in own] == [1990]
    assert [r["y"] for r in credited] == [1972]
    assert credited[0]["kinds"] == ["coined"] and len(credited[0]["via"]) == 1
