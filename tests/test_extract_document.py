"""End-to-end extraction of single files (own fixtures in tmp_path, seeds read in place)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litgraph.errors import ExtractionError
from litgraph.extract.document import SUPPORTED_SUFFIXES, extract_file
from litgraph.lexicon.names import family_key

SEEDS = Path("/work/shared/seeds")
TANGO = SEEDS / "two_to_tango_coproduction_paper.txt"

PAPER = """Citizens as Partners: A Note on Co-production

Ann Example

Abstract

This note looks at co-production in local public services.

Introduction

Co-production is defined as the joint work of staff and citizens (Whitaker, 1980). Later
studies of user co-production (Brudney and England 1983; Bovaird 2007) widened the idea.
Ostrom (1972) saw it as a way to improve urban services. Public service-dominant logic
(PSDL) builds on this view (Osborne et al., 2013).

References

Bovaird, T. (2007) Partners in delivery. Public Administration Review, 67(5), 846-860.

Brudney, J. L. and England, R. E. (1983) Defining joint production. Review, 43(1), 59-65.

Osborne, S. P., Radnor, Z. and Nasi, G. (2013) Services and the state. Review, 43(2), 135-158.

Ostrom, E. (1972) Two traditions of city reform. Social Science Quarterly, 53, 474-493.

Whitaker, G. P. (1980) Citizens in service delivery. Public Administration Review, 40, 240-246.
"""


def _ref_of(doc, text_prefix: str):  # type: ignore[no-untyped-def]
    by_id = {r.id: r for r in doc.references}
    for c in doc.citations:
        if c.text.startswith(text_prefix):
            return by_id.get(c.reference) if c.reference else None
    raise AssertionError(f"no citation starting with {text_prefix!r}")


def test_text_paper_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "paper.md"
    path.write_text(PAPER, encoding="utf-8")
    doc = extract_file(str(path))
    assert doc.source.path == str(path) and doc.source.pages is None
    assert len(doc.references) == 5
    assert len(doc.citations) == 5
    assert all(c.reference is not None for c in doc.citations)
    ostrom = _ref_of(doc, "Ostrom")
    assert ostrom.year == 1972 and family_key(ostrom.authors[0].family) == "ostrom"
    keys = {c.key for c in doc.concepts}
    assert {"coproduction", "psdl", "usercoproduction"} <= keys
    (definition,) = [d for d in doc.definitions if d.concept == "coproduction"]
    assert definition.reference is None  # the note's own definition; Whitaker is only cited
    data = json.loads(json.dumps(doc.to_json()))
    assert data["citations"][0]["sentence"].startswith("Co-production is defined")


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("latin.txt", bytes(range(0x80, 0x100)) * 10, "not a text file"),
        ("fake.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("empty.md", b"", "empty"),
        ("paper.docx", b"PK\x03\x04", "unsupported file type"),
    ],
    ids=["undecodable", "binary_named_txt", "empty", "unsupported"],
)
def test_bad_files(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ExtractionError) as err:
        extract_file(str(path))
    assert str(path) in str(err.value)
    assert reason in err.value.reason


def test_supported_suffixes() -> None:
    assert {".pdf", ".txt", ".md", ".markdown"} <= set(SUPPORTED_SUFFIXES)


@pytest.mark.skipif(not TANGO.exists(), reason="seed texts not available")
def test_two_to_tango_seed() -> None:
    doc = extract_file(str(TANGO))
    assert len(doc.references) >= 50
    assert len(doc.citations) >= 100
    linked = [c for c in doc.citations if c.reference]
    assert len(linked) / len(doc.citations) >= 0.6
    ostrom = _ref_of(doc, "Ostrom (1972)")
    assert ostrom is not None and ostrom.year == 1972
    assert family_key(ostrom.authors[0].family) == "ostrom"
    by_id = {r.id: r for r in doc.references}
    page_cites = [c for c in doc.citations if c.text.startswith("Bovaird") and "847" in c.text]
    assert page_cites, "the Bovaird 2007 citation with page 847 was not found"
    bov = by_id[page_cites[0].reference]
    assert bov.year == 2007 and bov.authors[0].family == "Bovaird"
    assert "coproduction" in {c.key for c in doc.concepts}
    assert any(c.origin == "mined" for c in doc.concepts)


@pytest.mark.skipif(not SEEDS.exists(), reason="seed texts not available")
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else [])
def test_all_seeds_extract(path: Path) -> None:
    doc = extract_file(str(path))
    assert doc.source.sha256 and doc.concepts


def test_unlisted_citations_become_incomplete_references(tmp_path: Path) -> None:
    """Citations with no reference-list entry give incomplete references at build time."""
    from litgraph.extract.unlisted import with_unlisted_references

    f = tmp_path / "abstract.txt"
    f.write_text(
        "Harbour governance\n\nBuilding on Abel et al. (2013, 2015) and (Berg and Cole, 2006), "
        "we follow Dune & Sand Marsh (2010) in this co-production study (XXXX, 2012).\n",
        encoding="utf-8",
    )
    doc = with_unlisted_references(extract_file(str(f)))
    made = {(r.authors[0].family, r.year): r for r in doc.references}
    assert set(made) == {("Abel", 2013), ("Abel", 2015), ("Berg", 2006), ("Dune", 2010)}
    assert [a.family for a in made[("Berg", 2006)].authors] == ["Berg", "Cole"]
    assert [a.family for a in made[("Dune", 2010)].authors] == ["Dune", "Sand Marsh"]
    assert all(r.title is None and r.id.startswith("u") for r in made.values())
    linked = {c.text: c.reference for c in doc.citations}
    assert linked.get("Berg and Cole, 2006") == made[("Berg", 2006)].id


def test_unlisted_given_first_citation_keeps_the_family_name(tmp_path: Path) -> None:
    from litgraph.extract.unlisted import with_unlisted_references

    f = tmp_path / "note.txt"
    f.write_text("Harbours\n\nAs Elinor Ostrom (1990) showed, commons last.\n", encoding="utf-8")
    doc = with_unlisted_references(extract_file(str(f)))
    assert [(r.authors[0].family, r.year) for r in doc.references] == [("Ostrom", 1990)]
    assert [c.text for c in doc.citations] == ["Ostrom (1990)"]


def test_cached_form_of_a_document_is_what_dataclasses_asdict_gives(tmp_path: Path) -> None:
    from dataclasses import asdict, replace

    from litgraph.model import document_from_dict, document_to_dict

    path = tmp_path / "paper.txt"
    path.write_text(PAPER, encoding="utf-8")
    doc = extract_file(str(path))
    doc = replace(doc, extra={"header_evidence": {"year_dropped": "1999", "lines": [1, (2, 3)]}})
    assert doc.references and doc.citations and doc.concepts
    d = document_to_dict(doc)
    assert d == asdict(doc) and repr(d) == repr(asdict(doc))  # tuples stay tuples
    assert document_from_dict(json.loads(json.dumps(d))) == document_from_dict(d)
