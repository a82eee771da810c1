"""Reference section splitting (layout and plain text) and parse_reference pattern families."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.extract.references import parse_reference, split_references
from litgraph.model import Page, RawDocument
from litgraph.sources.pdf import read_pdf

import pdf_fixtures as fx

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _text_doc(text: str) -> RawDocument:
    return RawDocument("t.txt", "0" * 64, (Page(1, text),), False)


def _families(ref) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.family for a in ref.authors]


# --- splitting -------------------------------------------------------------------------------


def test_author_year_hanging_indent_pdf(tmp_path: Path, pdf_engine: str) -> None:
    raw = read_pdf(str(fx.one_column_pdf(tmp_path / "a.pdf")), engine=pdf_engine)
    body, refs = split_references(raw)
    assert [(r.authors[0].family, r.year, r.year_suffix) for r in refs] == [
        ("Abbott", 2009, ""),
        ("Brandt", 2015, "a"),
        ("Brandt", 2015, "b"),
        ("Carver", 2018, ""),
        ("Dietrich", 2012, ""),
        ("Evans", None, "n.d."),
    ]
    assert [r.id for r in refs] == ["r1", "r2", "r3", "r4", "r5", "r6"]
    assert "Journal of Urban Land Studies, 14(2)" in refs[0].raw  # continuation joined
    body_text = "\n".join(p.text for p in body)
    assert "References" not in body_text and "Abbott" not in body_text
    assert "harvest festivals" in body_text


def test_numbered_pdf_ends_at_appendix(tmp_path: Path, pdf_engine: str) -> None:
    raw = read_pdf(str(fx.two_column_pdf(tmp_path / "b.pdf")), engine=pdf_engine)
    body, refs = split_references(raw)
    assert [(_families(r)[0], r.year) for r in refs] == [
        ("Fischer", 2011),
        ("Hughes", 2007),
        ("Ibarra", 2019),
        ("Lopez", 2003),
    ]
    assert _families(refs[2]) == ["Ibarra", "Jones", "Klein"]
    assert "Table A1" in body[-1].text  # the appendix stays in the body


def test_plain_text_blank_line_entries_and_running_header() -> None:
    running = "Shared Gardens Working Paper Series No 4"
    text = "\n".join(
        [
            "Intro text about gardens.",
            running,
            "",
            "Bibliography",
            "",
            "Adams, P. (2001) Plots and people. Garden Studies, 2, pp. 1-9.",
            "",
            "Baker (2011)",
            "",
            "Cole, R. (2004) 'Sharing water in dry summers: a study of",
            running,
            "",
            "allotment rules', Rural Review, 8, pp. 40-52.",
            "",
            "Dahl et al (2016)",
            running,
        ]
    )
    body, refs = split_references(_text_doc(text))
    assert [(_families(r), r.year) for r in refs] == [
        (["Adams"], 2001),
        (["Baker"], 2011),
        (["Cole"], 2004),
        (["Dahl"], 2016),
    ]
    assert refs[2].title == "Sharing water in dry summers: a study of allotment rules"
    assert "Intro text about gardens." in body[0].text
    assert "Adams" not in body[0].text


def test_no_reference_section() -> None:
    raw = _text_doc("Just a note.\nNothing cited here.")
    body, refs = split_references(raw)
    assert refs == () and body == raw.pages


def test_german_heading_numbered_and_line_entries() -> None:
    text = (
        "Text.\n7. Literaturverzeichnis\n"
        "Albers, K. (1999): Nachbarschaft im Wandel. Leipzig: Ostverlag.\n"
        "Brenner, U./Claus, V. (2003): Gaerten und Vereine. In: Dorn, W. (Hrsg.): Stadtgruen.\n"
        "Hamburg: Nordverlag, S. 12-34.\n"
        "Anhang\nFragebogen 1\n"
    )
    body, refs = split_references(_text_doc(text))
    assert [(_families(r), r.year) for r in refs] == [
        (["Albers"], 1999),
        (["Brenner", "Claus"], 2003),
    ]
    assert "Fragebogen 1" in body[0].text


@pytest.mark.skipif(not (SEED / "two_to_tango_coproduction_paper.txt").exists(), reason="no seeds")
def test_seed_paper_reference_list() -> None:
    text = (SEED / "two_to_tango_coproduction_paper.txt").read_text(encoding="utf-8")
    _, refs = split_references(_text_doc(text))
    assert len(refs) >= 65  # the list has about 68 entries, some on adjacent lines
    assert all(r.year is not None or r.year_suffix for r in refs[:20])
    assert all(r.authors for r in refs if "XXXX" not in r.raw)
    assert not any(a.family.upper() == "XXXX" for r in refs for a in r.authors)


# --- parse_reference: named pattern families --------------------------------------------------


def test_journal_article() -> None:
    r = parse_reference(
        "Novak, P., Berg, A. and Ortiz, L. (2014) Tool sheds as commons. "
        "Journal of Neighbourhood Studies, 12(3), pp. 201-219.",
        "r1",
    )
    assert _families(r) == ["Novak", "Berg", "Ortiz"]
    assert r.authors[0].given.startswith("P")
    assert (r.year, r.title, r.container) == (
        2014,
        "Tool sheds as commons",
        "Journal of Neighbourhood Studies",
    )
    assert (r.volume, r.issue, r.pages, r.kind) == ("12", "3", "201-219", "article")


def test_book_with_given_first_name() -> None:
    r = parse_reference("Maria L. Keller (2010). Growing Together. London: Greenleaf Press.", "r2")
    assert _families(r) == ["Keller"] and r.authors[0].given == "Maria L."
    assert (r.year, r.title, r.publisher, r.kind) == (
        2010,
        "Growing Together",
        "Greenleaf Press",
        "book",
    )


def test_chapter_in_edited_volume() -> None:
    r = parse_reference(
        "Lund, T. & Moss, E. (2008) Rotas and rules. In: Hale, J. and Ruiz, C. (eds.) "
        "Everyday Cooperation. Bristol: Ridge Books, pp. 10-30.",
        "r3",
    )
    assert _families(r) == ["Lund", "Moss"]
    assert r.kind == "chapter" and r.title == "Rotas and rules"
    assert r.container == "Everyday Cooperation"
    assert [e.family for e in r.editors] == ["Hale", "Ruiz"]
    assert r.pages == "10-30"


def test_report() -> None:
    r = parse_reference(
        "Garden Council (2019) Annual report on plot sharing. Working Paper 7.", "r4"
    )
    assert r.year == 2019 and r.kind == "report"


def test_incomplete_entry() -> None:
    r = parse_reference("Ortega, J. (2011)", "r5")
    assert _families(r) == ["Ortega"] and r.year == 2011 and r.title is None
    r2 = parse_reference("Ortega and Pike (2012)", "r6")
    assert _families(r2) == ["Ortega", "Pike"] and r2.year == 2012


def test_capitalised_particles_and_cyrillic_names() -> None:
    r = parse_reference("De Vries, M. and Van Slyke, D. (2010) Gardens. Review 3: 1-5.", "r1")
    assert _families(r) == ["De Vries", "Van Slyke"] and r.year == 2010
    r2 = parse_reference("Petrova I. Sady i goroda // Voprosy. 2007. T. 5.", "r2")
    r3 = parse_reference("Петрова И. Сады и города // Вопросы. 2007. Т. 5.", "r3")
    assert _families(r2) == ["Petrova"] and _families(r3) == ["Петрова"] and r3.year == 2007
    assert r3.title == "Сады и города" and r3.container == "Вопросы"


def test_digraph_initials_after_the_family_name() -> None:
    r = parse_reference("McDowell Ch., Understanding allotments. Berghahn, 1996.", "r1")
    assert r.authors[0].family == "McDowell" and r.authors[0].given == "Ch"


def test_et_al_is_not_an_author() -> None:
    r = parse_reference("Quinn et al. (2015) Seeds and trust. Garden Review, 3, 1-5.", "r7")
    assert _families(r) == ["Quinn"]


def test_anonymised_placeholder() -> None:
    r = parse_reference("XXXX (2013) A study we cannot name. Anonymous Journal, 4, 1-9.", "r8")
    assert r.authors == () and r.year == 2013
    r2 = parse_reference("Adler, B. and XXXX (2014) Shared hoes. Tool Review, 2, 5-6.", "r9")
    assert _families(r2) == ["Adler"]


def test_german_hrsg_and_ua() -> None:
    r = parse_reference(
        "Vogel, H. u.a. (2005): Kleingaerten im Vergleich. In: Roth, M. (Hrsg.): Stadt und Garten. "
        "Koeln: Beetverlag, S. 12-34.",
        "r10",
    )
    assert _families(r) == ["Vogel"]
    assert r.kind == "chapter" and [e.family for e in r.editors] == ["Roth"]
    assert r.pages == "12-34"
    book = parse_reference("Roth, M. (Hrsg.) (2004): Stadt und Garten. Koeln: Beetverlag.", "r11")
    assert _families(book) == ["Roth"] and [e.family for e in book.editors] == ["Roth"]
    assert book.kind == "book"


def test_numbered_vancouver() -> None:
    r = parse_reference("[12] Tamm KL, Ueda S. Compost rotas. Soil Soc. 2017;5(2):11-19.", "r12")
    assert _families(r) == ["Tamm", "Ueda"] and r.year == 2017
    assert r.title == "Compost rotas"


def test_year_suffix_and_upper_case_surname() -> None:
    r = parse_reference("WEBER, K. (2008b) Hecken und Zaeune. Berlin: Feldverlag.", "r13")
    assert _families(r) == ["Weber"] and (r.year, r.year_suffix) == (2008, "b")


@pytest.mark.parametrize("word", ["n.d.", "forthcoming", "in press"])
def test_no_date_words(word: str) -> None:
    r = parse_reference(f"Ibsen, R. ({word}) Sharing rakes. Tool Review.", "r14")
    assert r.year is None and r.year_suffix == word and _families(r) == ["Ibsen"]


def test_doi_and_url() -> None:
    r = parse_reference(
        "Yates, F. (2020) Plot maps online. Map Journal, 9, 1-4. https://doi.org/10.5555/MAP.2020.01.",
        "r15",
    )
    assert r.doi == "10.5555/map.2020.01"
    assert r.url == "https://doi.org/10.5555/MAP.2020.01"


def test_raw_keeps_joined_text() -> None:
    r = parse_reference("Zorn, A. (2001)  Ideas\n about  sheds.", "r16")
    assert r.raw == "Zorn, A. (2001) Ideas about sheds."


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        pytest.param(
            "Kettle, M. (1999): Walled Gardens. A History of Hedges. Leeds: Thornbury Press.",
            "Walled Gardens. A History of Hedges",
            id="book-subtitle-then-place-publisher",
        ),
        pytest.param(
            "Ortlieb, P. (2004): Die Stadt am Fluss. Eine Spurensuche. In: Becker, K. (Hrsg.): "
            "Ufer. Bremen: Weserdruck, S. 10-20.",
            "Die Stadt am Fluss. Eine Spurensuche",
            id="chapter-subtitle-before-In",
        ),
        pytest.param(
            "Fenwick, R. (2011). Quiet lanes. Rural Transport Review, 12(3), 44-59.",
            "Quiet lanes",
            id="journal-not-taken-as-subtitle",
        ),
        pytest.param(
            "Gallo, T. and M. Serra, 1994, Ferries and fares, Harbour Economics Review, 8(2), 1-9.",
            "Ferries and fares",
            id="comma-style-title-then-journal",
        ),
        pytest.param(
            "Pinto, A. 2001, Casas de pedra, Editora Serra, Braga.",
            "Casas de pedra",
            id="comma-style-title-then-publisher",
        ),
    ],
)
def test_title_boundaries(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


def test_capitalised_particle_starts_an_entry() -> None:
    text = (
        "References\n"
        "Abel, K. (2001) 'Harbour towns', Coastal Studies, 3, 1-9\n"
        "Van de Berg and Klaasen (2003)\n"
        "Zeller, T. (1999) Dune paths. Leiden: Sandpers\n"
    )
    _, refs = split_references(RawDocument("x.txt", "0", (Page(1, text),), is_pdf=False))
    assert [(r.authors[0].family, r.year) for r in refs] == [
        ("Abel", 2001),
        ("Van de Berg", 2003),
        ("Zeller", 1999),
    ]


def test_issn_lines_dropped_and_wrapped_urls_joined() -> None:
    text = (
        "References\n"
        "Abel, K. (2001) Harbour towns. Coastal Studies, 3, 1-9\n"
        "ISSN 2285 – 4916\n"
        "Berg, L. (2010) Tide tables online: \n"
        "https://example.org/tides/tables.pdf\n"
        "Zeller, T. (1999) Dune paths. Leiden: Sandpers\n"
    )
    _, refs = split_references(RawDocument("x.txt", "0", (Page(1, text),), is_pdf=False))
    assert [(r.authors[0].family, r.year) for r in refs] == [
        ("Abel", 2001),
        ("Berg", 2010),
        ("Zeller", 1999),
    ]
    assert refs[1].url == "https://example.org/tides/tables.pdf"
