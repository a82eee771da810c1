"""BibTeX source: fields, LaTeX decoding, names, attached files, failed blocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from litgraph.errors import ExtractionError
from litgraph.extract.concepts import load_vocabulary
from litgraph.extract.document import extract_bib
from litgraph.model import Person
from litgraph.sources.bibtex import bib_to_document, parse_file_field, read_bib, read_bib_report

BIB = r"""
@article{osb2013,
  author = {Osborne, Stephen P. and Radnor, Zoe and Nasi, Greta},
  title = {A New Theory for {Public} Service Management?},
  journal = {The American Review of Public Administration},
  year = {2013}, volume = {43}, number = {2}, pages = {135--158},
  doi = {https://doi.org/10.1177/0275074012466935},
  keywords = {co-production; public service-dominant logic},
  abstract = {We argue that public services are services and that users co-produce them.},
  file = {Full Text:files/12/osborne.pdf:application/pdf}
}
@incollection{loe2009,
  author = {L{\"o}ffler, Elke and {Audit Commission}},
  editor = {Brandsen, Taco},
  title = {Co-production in {Europe}},
  booktitle = {The Future of Governance},
  date = {2009-06},
  publisher = {Routledge},
  file = {:/abs/papers/loeffler.pdf:PDF}
}
"""


def write(tmp_path: Path, text: str, name: str = "lib.bib") -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_fields_names_and_decoding(tmp_path: Path) -> None:
    a, b = read_bib(write(tmp_path, BIB))
    assert a.key == "osb2013" and a.entry_type == "article"
    assert a.title == "A New Theory for Public Service Management?"
    assert a.authors[0] == Person("Osborne", "Stephen P.")
    assert [p.family for p in a.authors] == ["Osborne", "Radnor", "Nasi"]
    assert (a.year, a.volume, a.issue, a.pages) == (2013, "43", "2", "135-158")
    assert a.doi == "10.1177/0275074012466935"
    assert a.venue == "The American Review of Public Administration"
    assert a.keywords == ("co-production", "public service-dominant logic")
    assert b.authors == (Person("Löffler", "Elke"), Person("Audit Commission", ""))
    assert b.editors == (Person("Brandsen", "Taco"),)
    assert (b.year, b.venue, b.publisher) == (2009, "The Future of Governance", "Routledge")


def test_files_resolved_relative_to_bib(tmp_path: Path) -> None:
    a, b = read_bib(write(tmp_path, BIB))
    assert a.files == (os.path.join(str(tmp_path), "files", "12", "osborne.pdf"),)
    assert b.files == ("/abs/papers/loeffler.pdf",)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("x.pdf", ["/base/x.pdf"]),
        ("Full Text:files/3/a b.pdf:application/pdf", ["/base/files/3/a b.pdf"]),
        (":/abs/p.pdf:PDF", ["/abs/p.pdf"]),
        ("A:one.pdf:PDF;B:two.pdf:PDF", ["/base/one.pdf", "/base/two.pdf"]),
        (r"Snap:C\:\\Users\\me\\x.pdf:PDF", [r"C:\Users\me\x.pdf"]),
    ],
    ids=["bare", "zotero", "jabref_abs", "several", "windows_escaped"],
)
def test_parse_file_field(value: str, expected: list[str]) -> None:
    assert list(parse_file_field(value, "/base")) == expected


def test_malformed_blocks_reported_good_entries_kept(tmp_path: Path) -> None:
    text = BIB + "\n@article{broken,\n  title = {Never closed\n" + "@misc{ok, title={Fine}}\n"
    text += "@misc{ok, title={Again}}\n"
    path = write(tmp_path, text)
    entries, problems = read_bib_report(path)
    assert [e.key for e in entries] == ["osb2013", "loe2009", "ok"]
    assert len(problems) == 2
    assert all(p.startswith(path + ":") for p in problems)
    assert "could not parse block" in problems[0]
    assert "duplicate entry key 'ok'" in problems[1]


def test_binary_bib_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "x.bib"
    p.write_bytes(b"\x00\x01\x02@article{")
    with pytest.raises(ExtractionError) as err:
        read_bib(str(p))
    assert str(p) in str(err.value)


def test_text_without_entries_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="no BibTeX entries"):
        read_bib(write(tmp_path, "just some notes, no entries\n", "notes.bib"))


def test_bib_to_document(tmp_path: Path) -> None:
    path = write(tmp_path, BIB)
    a = read_bib(path)[0]
    doc = bib_to_document(a, path)
    assert doc.kind == "bibtex"
    assert doc.source.path == path and doc.source.pages is None and len(doc.source.sha256) == 64
    assert doc.title == a.title and doc.year == 2013 and doc.authors == a.authors
    assert doc.extra["bibkey"] == "osb2013"
    assert doc.to_json()["references"] == []
    docs, warnings = extract_bib(path, load_vocabulary())
    assert warnings == [] and docs[0].source.path == f"{path}#osb2013"
    assert {c.key for c in docs[0].concepts} >= {"coproduction", "psdl"}
