"""A paper's own header read from its first page: named cases of the layouts real PDFs have
(generated fixtures; invented text)."""

from __future__ import annotations

from pathlib import Path

from litgraph.extract.document import extract_file, file_warnings
from litgraph.extract.header import extract_header
from litgraph.model import Document, Page, RawDocument

import pdf_fixtures as fx

TITLE = "Shared Sheds and Common Tools"
CITING_BODY = (
    "Earlier surveys of lending (Abbott and Lind, 2009) and of soil (Brandt, 2015a) framed "
    "this study; Carver et al. (2018) counted volunteers. "
)


def _doc(tmp_path: Path, engine: str, items: list[fx.Item], **kw: object) -> Document:
    path = fx.front_page_pdf(tmp_path / "p.pdf", items, **kw)  # type: ignore[arg-type]
    return extract_file(str(path), pdf_engine=engine)


def _families(doc: Document) -> list[str]:
    return [a.family for a in doc.authors]


def test_year_comes_from_the_journal_line_not_from_the_first_citation(
    tmp_path: Path, pdf_engine: str
) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [
            (20, 10, 7.5, "", "Journal of Invented Studies"),
            (150, 10, 7.5, "", "Vol. 12(3), 2021"),
            (20, 30, 18, "B", TITLE),
            (20, 42, 11, "", "Maria Keller"),
            (20, 60, 10, "", "As Abbott and Lind (2009) showed, sheds need rules."),
        ],
        body=CITING_BODY,
    )
    assert doc.year == 2021
    assert doc.venue == "Journal of Invented Studies"
    assert doc.extra["header_evidence"]["year"] == "volume: Vol. 12(3), 2021"


def test_no_printed_year_gives_no_year_not_a_cited_one_nor_the_creation_date(
    tmp_path: Path, pdf_engine: str
) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [(20, 30, 18, "B", TITLE), (20, 42, 11, "", "Maria Keller")],
        body=CITING_BODY,
    )
    assert doc.title == TITLE
    assert doc.year is None  # 2009/2015/2018 are cited works; 2024 is when the PDF was made


def test_a_blinded_self_citation_is_never_the_papers_year() -> None:
    text = (
        "Lending Sheds in Practice\n\nWe build on our earlier study (XXXX 2009) and on "
        "Abbott (2001).\n\nAbstract\n\nA study of tool lending.\n"
    )
    header = extract_header(RawDocument("x.txt", "0" * 64, (Page(1, text),), False))
    assert header.title == "Lending Sheds in Practice"
    assert header.year is None


def test_copyright_year_older_than_the_cited_works_is_dropped_and_reported(
    tmp_path: Path, pdf_engine: str
) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [(20, 30, 18, "B", TITLE), (20, 42, 11, "", "Maria Keller"), (20, 270, 8, "", "© 2001")],
    )
    assert doc.year is None  # it cites work from 2009 to 2015 (and one lone 2018 entry)
    (warning,) = file_warnings(doc)
    assert "2001 (copyright) dropped: the paper cites work from 2015" in warning


def test_section_label_and_journal_banner_are_not_the_title(
    tmp_path: Path, pdf_engine: str
) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [
            (20, 10, 14, "B", "FORUM: INVENTED STUDIES"),
            (20, 20, 9, "", "ORIGINAL ARTICLE"),
            (20, 30, 13, "B", TITLE),
            (20, 40, 11, "", "Maria Keller and Tom Bradley"),
        ],
    )
    assert doc.title == TITLE
    assert _families(doc) == ["Keller", "Bradley"]


def test_affiliation_markers_and_particles_in_a_byline(tmp_path: Path, pdf_engine: str) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [
            (20, 30, 18, "B", TITLE),
            (20, 42, 11, "", "Maria Keller1*, Tom Bradley2 and Ana de Souza3"),
            (20, 50, 9, "", "1 University of Nowhere, Department of Sheds"),
        ],
    )
    assert [(a.family, a.given) for a in doc.authors] == [
        ("Keller", "Maria"),
        ("Bradley", "Tom"),
        ("de Souza", "Ana"),
    ]


def test_one_author_per_line_with_affiliations_between(tmp_path: Path, pdf_engine: str) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [
            (20, 30, 18, "B", TITLE),
            (20, 44, 10, "B", "Maria Keller"),
            (20, 50, 8.5, "", "University of Nowhere"),
            (20, 58, 10, "B", "Tom Bradley"),
            (20, 64, 8.5, "", "Institute for Invented Research"),
        ],
    )
    assert _families(doc) == ["Keller", "Bradley"]


def test_byline_above_the_title(tmp_path: Path, pdf_engine: str) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [(20, 20, 12, "", "Maria Keller, Tom Bradley"), (20, 32, 16, "", TITLE)],
    )
    assert doc.title == TITLE
    assert _families(doc) == ["Keller", "Bradley"]


def test_subtitle_set_apart_is_joined_with_a_colon(tmp_path: Path, pdf_engine: str) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [
            (20, 30, 18, "B", "Shared Sheds"),
            (20, 40, 14, "B", "Common tools in the neighbourhood"),
            (20, 52, 11, "", "Maria Keller"),
        ],
    )
    assert doc.title == "Shared Sheds: Common tools in the neighbourhood"


def test_repository_cover_sheet_gives_the_year_and_the_article_its_title(
    tmp_path: Path, pdf_engine: str
) -> None:
    cover = [
        (150, 10, 16, "B", "www.repository.example"),
        (20, 30, 18, "B", "Shared sheds and common tools"),
        (20, 40, 13, "", "Keller, Maria; Bradley, Tom"),
        (20, 60, 9, "B", "Suggested Citation:"),
        (20, 66, 9, "", "Keller, Maria ; Bradley, Tom: Shared sheds and common tools. In: Journal"),
        (20, 71, 9, "", "of Invented Studies 3 (2012), 2, pp. 1-20. urn:nbn:de:0000-2024-1"),
        (20, 90, 8, "B", "Terms of use:"),
        (20, 96, 8, "", "This document is made available under a Creative Commons licence."),
        (20, 102, 8, "", "Provided in cooperation with: an invented library"),
    ]
    doc = _doc(
        tmp_path,
        pdf_engine,
        [(20, 30, 16, "B", TITLE), (20, 42, 11, "", "Maria Keller and Tom Bradley")],
        cover=cover,
    )
    assert doc.year == 2012
    assert doc.title == TITLE  # the article's own casing
    assert _families(doc) == ["Keller", "Bradley"]
    assert doc.venue == "Journal of Invented Studies"
    assert doc.extra["header_evidence"]["year"].startswith("cover:")


def test_text_banner_line_and_label_are_not_the_title() -> None:
    text = (
        "Nowhere University School of Policy Invented Institute\n\n"
        "Panel Paper: Sharing Tools in Small Towns\n\n"
        "Friday, November 13, 2015 : 10:35 AM\n\nMaria Keller, Nowhere University\n"
    )
    header = extract_header(RawDocument("x.txt", "0" * 64, (Page(1, text),), False))
    assert header.title == "Sharing Tools in Small Towns"
    assert header.year == 2015


def test_an_abstract_that_starts_at_once_has_no_title() -> None:
    text = (
        "The shift from counting tools to sharing them is studied in twelve towns over three "
        "years, with interviews and a survey of lenders and borrowers.\n"
    )
    header = extract_header(RawDocument("x.txt", "0" * 64, (Page(1, text),), False))
    assert header.title is None


def test_a_paper_dated_before_works_it_cites_is_reported(tmp_path: Path, pdf_engine: str) -> None:
    paper = tmp_path / "p.md"
    paper.write_text(
        "# Tools in Common\n\nMaria Keller (1991)\n\nAs Abbott (2005) and Brandt (2008) found.\n\n"
        "## References\nAbbott, R. (2005). Sheds. Journal of Sheds, 1, 1-2.\n"
        "Brandt, H. (2008). Tools. Tool Review, 2, 3-4.\n",
        encoding="utf-8",
    )
    doc = extract_file(str(paper), pdf_engine=pdf_engine)
    assert doc.year == 1991  # the byline states it; the build flags it instead
    (warning,) = file_warnings(doc)
    assert warning.startswith("dated 1991 but cites 2 works published later (e.g. Brandt 2008)")


def test_text_byline_with_affiliations_between_the_names() -> None:
    text = (
        "Sharing Tools in Small Towns\n\n"
        "Maria Keller, University of Nowhere and Tom Bradley, Invented Research Association\n"
    )
    header = extract_header(RawDocument("x.txt", "0" * 64, (Page(1, text),), False))
    assert [(a.family, a.given) for a in header.authors] == [
        ("Keller", "Maria"),
        ("Bradley", "Tom"),
    ]


def test_a_record_pages_publication_status_gives_the_year() -> None:
    filler = "\n".join(f"Line {i} of the record page." for i in range(16))
    text = f"Tools in Common\n\nMaria Keller\n\n{filler}\nPublication status Published - 2018\n"
    header = extract_header(RawDocument("x.txt", "0" * 64, (Page(1, text),), False))
    assert header.year == 2018
    assert header.evidence["year"] == "published: Publication status Published - 2018"


def test_an_untitled_authorless_work_is_named_by_its_file(
    tmp_path: Path, embedded_store: object
) -> None:
    from litgraph.ask.lookup import work_labels
    from litgraph.pipeline import build

    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "lending_abstract.txt").write_text(
        "The shift from counting tools to sharing them is studied in twelve towns over three "
        "years, with interviews and a survey of lenders and borrowers in each town.\n",
        encoding="utf-8",
    )
    build([str(folder)], embedded_store)  # type: ignore[arg-type]
    rows = embedded_store.query("MATCH (w:Work) RETURN w.key AS key")  # type: ignore[attr-defined]
    (label,) = work_labels(embedded_store, [r["key"] for r in rows]).values()  # type: ignore[arg-type]
    assert label.label == "lending_abstract.txt (n.d.)"


def test_a_date_on_the_articles_second_page_when_the_first_prints_none(
    tmp_path: Path, pdf_engine: str
) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [(20, 30, 18, "B", TITLE), (20, 42, 11, "", "Maria Keller")],
        second=[(60, 20, 12, "", "Reihe Gartenforschung"), (60, 30, 12, "", "15 Oktober 2019")],
    )
    assert doc.year == 2019
    assert doc.extra["header_evidence"]["year"] == "dated: 15 Oktober 2019"


def test_a_bare_year_on_the_second_page_is_no_date(tmp_path: Path, pdf_engine: str) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [(20, 30, 18, "B", TITLE), (20, 42, 11, "", "Maria Keller")],
        second=[(60, 20, 10, "", "Gardens counted"), (60, 30, 10, "", "2019")],
    )
    assert doc.year is None  # a table cell, not the paper's date


def test_a_byline_of_several_people_is_read_even_without_a_title(
    tmp_path: Path, pdf_engine: str
) -> None:
    doc = _doc(
        tmp_path,
        pdf_engine,
        [
            (20, 20, 10, "", "Hortas partilhadas e ferramentas comuns"),
            (20, 26, 10, "", "Shared sheds and common tools in three towns"),
            (20, 36, 10, "", "Anna Berg 1 , Paul Novak 2 , Ana de Souza 3"),
            (20, 48, 10, "B", "Abstract"),
        ],
    )
    assert [a.family for a in doc.authors] == ["Berg", "Novak", "de Souza"]
