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


# --- reference lists on hard layouts -----------------------------------------------------------


def test_stretched_justified_first_lines_keep_initials_as_given_names(tmp_path: Path) -> None:
    raw = read_pdf(str(fx.stretched_refs_pdf(tmp_path / "s.pdf")))
    _, refs = split_references(raw)
    assert [[(a.family, a.given.rstrip(".")) for a in r.authors] for r in refs] == [
        [("Evers", "T"), ("Falk", "J")],
        [("Osborne", "S. P")],
        [("Van de Walle", "S")],
        [("Park", "K"), ("Ng", "W")],
    ]
    assert [r.year for r in refs] == [2020, 2010, 2003, 2016]
    body, _ = split_references(raw)
    assert "120 gardens" in body[-1].text  # the body before the list keeps its table cells


def test_wrapped_journal_lines_in_narrow_gutter_columns_are_no_entries(tmp_path: Path) -> None:
    raw = read_pdf(str(fx.justified_refs_pdf(tmp_path / "j.pdf")))
    _, refs = split_references(raw)
    assert [(r.authors[0].family, r.year) for r in refs] == [
        ("Abbott", 2009),
        ("Brandt", 2015),
        ("Carver", 2018),
        ("Dunn", 2011),
        ("Evers", 2020),
    ]
    assert [(r.container, r.volume, r.pages) for r in refs][:2] == [
        ("Journal of Urban Land Studies", "14", "101-120"),
        ("Garden Policy Review", "7", "33-49"),
    ]


def test_numbers_set_apart_surname_given_names_and_appendix_after_list(tmp_path: Path) -> None:
    raw = read_pdf(str(fx.numbers_apart_pdf(tmp_path / "n.pdf")))
    _, refs = split_references(raw)
    assert [(r.authors[0].family, r.authors[0].given, r.year) for r in refs] == [
        ("Browning", "Christopher", 2008),
        ("Haukkala", "Hiski", 2003),  # not in the given-name table: the list's order decides
        ("Moisio", "Sami", 2003),
        ("Lannon", "Erwan", 2004),
    ]
    assert refs[0].title == "Gardens of the north"
    assert [a.family for a in refs[3].authors] == ["Lannon", "Van Elsuwege"]


def test_given_first_full_names_stay_given_first() -> None:
    text = (
        "References\n"
        "1. Stephen Abel. Harbour towns. Coastal Studies. 2001;3:1-9.\n"
        "2. Maria Keller. Dune paths. Leiden: Sandpers; 1999.\n"
        "3. Thomas Brandt. Quays and cranes. Port History. 2004;7:5-9.\n"
    )
    _, refs = split_references(_text_doc(text))
    assert [r.authors[0].family for r in refs] == ["Abel", "Keller", "Brandt"]


def test_wrapped_tail_lines_join_the_entry_before() -> None:
    text = (
        "References\n"
        "Abel, K. (2001) Harbour towns and their quays in the north\n"
        "Coastal Studies, 3(2), 1-9.\n"
        "Berg, T. (2003) Dune paths and the walkers who keep them open\n"
        "Leiden: Sandpers.\n"
        "Cole, R. (1999) Ferries, in Dahl, M. (ed.) Harbours. Bristol: Quay Press,\n"
        "199-220.\n"
    )
    _, refs = split_references(_text_doc(text))
    assert [(r.authors[0].family, r.year) for r in refs] == [
        ("Abel", 2001),
        ("Berg", 2003),
        ("Cole", 1999),
    ]
    assert refs[1].raw.endswith("Leiden: Sandpers.")


@pytest.mark.parametrize(
    ("raw", "families"),
    [
        ("Salling Olesen, Henning & Weber, Kirsten (2001). Space for learning. Roskilde: RUP.",
         ["Salling Olesen", "Weber"]),
        ("Diez Medrano, Juan (2003) Framing Europe. Princeton: Princeton University Press.",
         ["Diez Medrano"]),
        ("Snyder, C. R., Mary Anne Lassegard, and Carol E. Ford. 1986. “Distancing after group "
         "failure.” Journal of Personality 51: 382-388.", ["Snyder", "Lassegard", "Ford"]),
    ],
    ids=["double-family-names", "double-family-name-alone", "mla-names-before-a-late-year"],
)  # fmt: skip
def test_multi_word_family_names(raw: str, families: list[str]) -> None:
    ref = parse_reference(raw, "r1")
    assert _families(ref) == families
    assert ref.year is not None


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        pytest.param(
            "Hallam, D. (1994): We Keep the Town on Top. Television and the Public Sphere. "
            "London, New York: Routledge.",
            "We Keep the Town on Top. Television and the Public Sphere",
            id="subtitle-with-venue-word-before-place",
        ),
        pytest.param(
            "Ebner, C. (2000): Media as Actors? Issue Focusing in the Quality Press. In: German "
            "Politics 9, 181-206.",
            "Media as Actors? Issue Focusing in the Quality Press",
            id="question-then-subtitle-before-In",
        ),
        pytest.param(
            "Gert, M. S. (1995): „Being There“: Proximity and Culture in Manufacturing. Economic "
            "Geography, 71: 1-26.",
            "„Being There“: Proximity and Culture in Manufacturing",
            id="quoted-phrase-only-begins-the-title",
        ),
        pytest.param(
            "Katz, P. J. (1980): Problem or Model? West Germany in the 1980s. World Politics, 32: "
            "577-98.",
            "Problem or Model? West Germany in the 1980s",
            id="subtitle-with-a-decade",
        ),
        pytest.param(
            "Ross, A. (2012): La ville face à la mer : comment lire les ports ? In: Blanc, P. "
            "(ed.): Ports. Paris: Seuil.",
            "La ville face à la mer: comment lire les ports ?",
            id="french-spaced-question-mark",
        ),
        pytest.param(
            "Erikson, E. (1963) Childhood and Society, 2nd edn. New York: Norton.",
            "Childhood and Society",
            id="edition-note-off",
        ),
        pytest.param(
            "Bourdieu, P. (1990) The Logic of Practice (trans. R. Nice), Cambridge: Polity Press.",
            "The Logic of Practice",
            id="translator-note-off",
        ),
        pytest.param(
            "2. Arnold, D. 1990. The Logic of Action, New Haven, CT, Yale University Press.",
            "The Logic of Action",
            id="comma-style-place-before-publisher",
        ),
        pytest.param(
            "Bernheim, D. and M. Whinston, 1986, Common agency, Econometrica, 54 (4), 923-942.",
            "Common agency",
            id="comma-style-journal-before-volume",
        ),
        pytest.param(
            "Kirsch, I. 2001. The Literacy Survey: What Was Measured. Princeton, NJ: Testing "
            "Service.",
            "The Literacy Survey: What Was Measured",
            id="place-and-state-not-a-subtitle",
        ),
    ],
)
def test_title_boundaries_hard_cases(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


def test_volume_without_issue() -> None:
    ref = parse_reference("Brandt, H. (2015) Watering. Garden Policy Review, 7, 33-49.", "r1")
    assert (ref.volume, ref.issue, ref.pages) == ("7", None, "33-49")
    ref = parse_reference("Bluhm, K. (2001): Exporting. Labour Review 19: 221-41.", "r1")
    assert (ref.volume, ref.pages) == ("19", "221-41")


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        pytest.param(
            "• Olsen K., Defying Distance. Grassroots Resistance and the Roads, Texas Books, "
            "Houston, 2010.",
            "Defying Distance. Grassroots Resistance and the Roads",
            id="subtitle-before-comma-publisher",
        ),
        pytest.param(
            "[3] Levine, A. 1924. Harbours: an Introduction. Random House. New York.",
            "Harbours: an Introduction",
            id="publisher-then-place-not-a-subtitle",
        ),
        pytest.param(
            "[6] Constas, H. 1958. Two Kinds of Quay. American Journal of Harbours. Vol. 63, No. 4",
            "Two Kinds of Quay",
            id="journal-of-not-a-subtitle",
        ),
        pytest.param(
            "[18] Anis, M. 2012. Ports in Bengal – Edited by K. Rahman. Delta House. Dhaka.",
            "Ports in Bengal",
            id="edited-by-note-off",
        ),
    ],
)
def test_title_boundaries_publishers(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


def test_two_column_list_with_a_short_right_column_then_appendix(tmp_path: Path) -> None:
    raw = read_pdf(str(fx.short_right_column_refs_pdf(tmp_path / "c.pdf")))
    _, refs = split_references(raw)
    assert [(r.authors[0].family, r.year) for r in refs] == [
        (name, 2000 + i)
        for i, name in enumerate(
            ("Abel", "Berg", "Cole", "Dahl", "Eck", "Falk", "Gant", "Holm", "Ives", "Jahn")
        )
    ]
    assert refs[-1].pages == "91-99"  # the lines run over into the right column are its own
    assert all("Wave" not in r.raw for r in refs)


@pytest.mark.parametrize(
    ("raw", "first", "year"),
    [
        ("Jerez Mir, Miguel, José Real-Dato & Rafael Vázquez García. 2010. The Perception of "
         "Ports. Madrid: CIS.", "Jerez Mir", 2010),
        ("[4] Abraham, F. & Morgan, J.H.1994. Harbour Thought. Macmillan India Limited.",
         "Abraham", 1994),
        ("Falk, Susanne, and Hildegard Schaeper .2001. Quays in the East. Berlin: Sigma.",
         "Falk", 2001),
        ("Lerner, Pablo, and Alfredo Rabello. 2006/7. The Ferry Law. Journal of Ports 22: 1-9.",
         "Lerner", 2006),
    ],
    ids=["mla-double-family-name", "year-glued-to-initials", "year-after-stray-space",
         "academic-year"],
)  # fmt: skip
def test_first_author_and_year_hard_cases(raw: str, first: str, year: int) -> None:
    ref = parse_reference(raw, "r1")
    assert (ref.authors[0].family, ref.year) == (first, year)


def test_one_surname_first_entry_in_a_list_written_surname_comma_given() -> None:
    text = (
        "References\n"
        "Abel, Karin. 2001. Harbour towns. Coastal Studies 3: 1-9.\n"
        "Gamoran Adam. 1986. Ferry schedules and the quay. Port History 59: 1-15.\n"
        "Zeller, Tom. 1999. Dune paths. Leiden: Sandpers.\n"
    )
    _, refs = split_references(_text_doc(text))
    assert [(r.authors[0].family, r.authors[0].given) for r in refs] == [
        ("Abel", "Karin"),
        ("Gamoran", "Adam"),
        ("Zeller", "Tom"),
    ]


@pytest.mark.parametrize(
    ("raw", "container", "publisher"),
    [
        ("Sally, R. (1995): States and Quays. London/New York.", None, None),
        ("Porter, R. (2001). Bodies of water. Ithaca, New York: Cornell University Press.",
         None, "Cornell University Press"),
        ("Sutton, J., 1998, Technology and Harbours, MIT Press.", None, "MIT Press"),
        ("Hill, T. P. (1999). The difficulty of faking data. Chance, 12(3), 27–31.", "Chance",
         None),
    ],
    ids=["places-only", "place-with-comma-then-publisher", "publisher-alone", "journal-kept"],
)  # fmt: skip
def test_places_and_publishers_are_no_containers(
    raw: str, container: str | None, publisher: str | None
) -> None:
    ref = parse_reference(raw, "r1")
    assert (ref.container, ref.publisher) == (container, publisher)


@pytest.mark.parametrize(
    ("raw", "families", "title"),
    [
        ("5. Browning Christopher, Pertti Joenniemi. The Two Harbours: East and North // "
         "Cooperation and Conflict. 2003. 38 (4): 463-78.", ["Christopher", "Joenniemi"],
         "The Two Harbours: East and North"),
        ("7. Filtenborg, Mette Sicard, Stefan Ganzle. An Approach to Harbour Policy. "
         "Cooperation and Conflict. 2002. 37 (4): 387-407.", ["Filtenborg", "Ganzle"],
         "An Approach to Harbour Policy"),
        ("Atanasov, P. Cvetanova, G. Indicators of Harbour Awareness. Quarterly of Ports Vol. "
         "2, No. 3, July 2013 p. 27-39.", ["Atanasov", "Cvetanova"],
         "Indicators of Harbour Awareness"),
        ("Lukes, Steven, 1974: Power. A Radical View. London: MacMillan.", ["Lukes"],
         "Power. A Radical View"),
        ("Friedman, Thomas L. (1999): The Lexus and the Quay. New York, Anchor Books.",
         ["Friedman"], "The Lexus and the Quay"),
    ],
    ids=["full-names-then-late-year", "first-author-inverted-then-full-names",
         "names-without-separators", "subtitle-before-place-colon-publisher",
         "place-is-no-subtitle"],
)  # fmt: skip
def test_names_and_titles_with_late_years(raw: str, families: list[str], title: str) -> None:
    # one entry alone cannot tell 'Browning Christopher' is written surname first: the list
    # decides that (test_numbers_set_apart_surname_given_names_and_appendix_after_list)
    ref = parse_reference(raw, "r1")
    assert (_families(ref), ref.title) == (families, title)


def test_subtitle_with_commas_and_and_is_no_place() -> None:
    raw = (
        "Tarrow, S. (1994) Power in Harbours. Social Movements, Collective Action and Politics. "
        "Cambridge: Cambridge University Press."
    )
    title = "Power in Harbours. Social Movements, Collective Action and Politics"
    assert parse_reference(raw, "r1").title == title


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("15. Lesin S (2000) Vilniaus uostai, Vilniaus Universitetas, Daktaro santrauka. Vilnius",
         "Vilniaus uostai"),
        ("Moreira, T. (2007). How to read the quays [60 paragraphs]. Forum: Harbour Research, "
         "8(1), Art. 13.", "How to read the quays"),
    ],
    ids=["comma-publisher-before-a-full-stop", "paragraph-count-off"],
)  # fmt: skip
def test_title_tails(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


@pytest.mark.parametrize(
    ("raw", "families"),
    [
        ("Lang, Kai-Olaf (2006): Quays without a compass. In: Ports 56, 1-9.", ["Lang"]),
        ("Frank, Robert G. Jnr (1988). The Telltale Quay. Cambridge: Harbour Press.", ["Frank"]),
        ("17. Lord C, Risi S, Cook EH Jr, Rutter M (2000) The quay schedule. J Ports 30:205-23.",
         ["Lord", "Risi", "Cook", "Rutter"]),
        ("Tocqueville, Alexis de. 1987. Recollections. New Brunswick, N.J.: Transaction.",
         ["Tocqueville"]),
        ("10. Gary Marks, Francois Nielsen, Jane E. Salk. Cracks and Quays. Comparative Ports. "
         "1996. 29 (2):164-92.", ["Marks", "Nielsen", "Salk"]),
    ],
    ids=["hyphenated-given-name", "jnr-suffix", "jr-suffix", "trailing-particle-of-given",
         "full-names-with-an-initial"],
)  # fmt: skip
def test_author_names_hard_cases(raw: str, families: list[str]) -> None:
    assert _families(parse_reference(raw, "r1")) == families


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Bertaux, D.(1997): Les récits de vie, Paris.", "Les récits de vie"),
        ("Bosse, H. (1994): Der fremde Hafen. Jugend, Arbeit, Macht: Eine Ethnoanalyse. "
         "Gespräche mit Fischern in Husum. Frankfurt a.M.",
         "Der fremde Hafen. Jugend, Arbeit, Macht: Eine Ethnoanalyse. Gespräche mit Fischern "
         "in Husum"),
        ("Huinink, J. 2003. Lebensformen am Hafen. Elternschaft in den 1990er Jahren. In "
         "Partnerschaft, ed. W. Bien, 1-20. Opladen: Leske.",
         "Lebensformen am Hafen. Elternschaft in den 1990er Jahren"),
        ("Dumaret, A. (1995): Que sont-ils devenus ? Les enfants du port. Analyse d’un "
         "placement, Paris.", "Que sont-ils devenus ? Les enfants du port. Analyse d’un placement"),
        ("Slaughter, S. (1997) Academic Harbours: Politics, Policies, and the Entrepreneurial "
         "University. Baltimore, MD: Johns Hopkins University Press.",
         "Academic Harbours: Politics, Policies, and the Entrepreneurial University"),
    ],
    ids=["comma-place-at-the-end", "subtitle-with-a-colon-is-no-place", "decade-with-er",
         "subtitle-before-comma-place", "and-the-university-in-a-title"],
)  # fmt: skip
def test_title_boundaries_places(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("18. Mann, M. 2005. The Dark Side of Ports. Explaining Harbour Closures, Cambridge, "
         "Cambridge University Press.", "The Dark Side of Ports. Explaining Harbour Closures"),
        ("28. Tuzin, D. 2002. Quays in the Making. A Case Study among the Fishers of Hull, "
         "London, Routledge.", "Quays in the Making. A Case Study among the Fishers of Hull"),
        ("26. Snyder, J. 2000. From Voting to Sailing, New York, Norton.",
         "From Voting to Sailing"),
    ],
    ids=["title-case-subtitle-before-place-and-publisher", "subtitle-before-place-publisher",
         "comma-place-then-publisher"],
)  # fmt: skip
def test_title_boundaries_comma_places(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


@pytest.mark.parametrize(
    ("raw", "title", "publisher"),
    [
        ("Pereira, A. (2007). Quays of the south. São Caetano do Sul, SP: Editora Mar, 2007.",
         "Quays of the south", "Editora Mar"),
        ("Ward, T. 1999. Ferry tales. Austin, Texas: Division of Port Studies, Texas Harbour "
         "Agency.", "Ferry tales", "Division of Port Studies, Texas Harbour Agency"),
        ("Lowe, P. (2000): Port Rising: Harbours in the 21st Century. Washington, D.C., Island "
         "Books.", "Port Rising: Harbours in the 21st Century", "Island Books"),
        ("Nash, R. 1974. Anarchy, State and Harbour. Oxford and Cambridge: Quay Books.",
         "Anarchy, State and Harbour", "Quay Books"),
        ("Wight, J. 2002: Saving the Quay. Upper Saddle River, NJ: Harbour Hall.",
         "Saving the Quay", "Harbour Hall"),
    ],
    ids=["place-with-particle-and-state", "place-with-a-state-written-out",
         "place-with-abbreviated-state-is-no-subtitle", "two-places-before-publisher",
         "three-word-place"],
)  # fmt: skip
def test_imprints_after_the_title(raw: str, title: str, publisher: str | None) -> None:
    ref = parse_reference(raw, "r1")
    assert (ref.title, ref.publisher, ref.container) == (title, publisher, None)


def test_back_matter_after_the_list_is_no_entry() -> None:
    text = (
        "References\n"
        "Abel, K. (2001) Harbour towns. Coastal Studies, 3, 1-9.\n"
        "Berg, T. (2003) Dune paths. Leiden: Sandpers.\n"
        "Paper received 29 September 2005; revised version accepted 14 June 2007.\n"
        "October 2006 she began a two-year post at the harbour institute.\n"
        "© 2011 by the Department of Harbour Studies, all rights reserved.\n"
    )
    _, refs = split_references(_text_doc(text))
    assert [(r.authors[0].family, r.year) for r in refs] == [("Abel", 2001), ("Berg", 2003)]


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Gert, M. S. (1995): „Quays“: Proximity, Organization, and Culture in Harbour Towns. "
         "Port Geography, 71: 1-26.",
         "„Quays“: Proximity, Organization, and Culture in Harbour Towns"),
        ("Diek, A. (2005). Betrug am Hafen. Datenfälschung, Diagnoseverfahren, Konsequenzen. "
         "Zeitschrift für Häfen, 31(1), 7–29.",
         "Betrug am Hafen. Datenfälschung, Diagnoseverfahren, Konsequenzen"),
        ("Rook, A. (1991). The history of the Quay Hospital, Cambridge. Cambridge: Quay Press.",
         "The history of the Quay Hospital, Cambridge"),
        ("Euromar, 1993, Ferries in Europe, London. European Commission, Case Number IV/M 190.",
         "Ferries in Europe"),
        ("[3] Branco, Á. 2006, A paradiplomacia dos portos, Universidade de Brasília. Programa "
         "de Mestrado em Direito.", "A paradiplomacia dos portos"),
        ("• Weiss T.G., Internal ferries: routes and their consequences, Taylor & Francis, "
         "London-New York, 2006.", "Internal ferries: routes and their consequences"),
        ("• Piguet F. (eds.), Moving Ports: Development, Displacement & the Quay (Eastern Harbour "
         "Series), James Currey, 2009.",
         "Moving Ports: Development, Displacement & the Quay (Eastern Harbour Series)"),
        ("Schaff, T. (2002). The work of the harbour: An introduction, "
         "http://example.org/harbour-work.html [Accessed: September 8, 2012].",
         "The work of the harbour: An introduction"),
        ("Dorr C. (2000b): Database: Ferries in Hungary, Preliminary results (August 2000), mimeo, "
         "Berlin: FU Berlin/FAST.",
         "Database: Ferries in Hungary, Preliminary results (August 2000), mimeo"),
        ("Auc, Y. (ed.) (2008), Les ports. La thèse du port franc en question, Paris, Presse de "
         "Quai.", "Les ports. La thèse du port franc en question"),
        ("Corn, D. (ed.) (2003): Harbour Revival: Global Views. JAI series on Research in the "
         "Sociology of Ports, Amsterdam, JAI Press.", "Harbour Revival: Global Views"),
        ("• Oliver A., Displacement and the quay. From the grass-roots to the global, Queen Quay "
         "Refugees Centre, Oxford University, Oxford, 2002.",
         "Displacement and the quay. From the grass-roots to the global"),
        ("[18] Isaac B., Characteristics of harbour towns. Research (MSc thesis), University of "
         "Quays, 2004.", "Characteristics of harbour towns"),
        ("[28] Buel M., “Enriching the typology of quays”, Harbour Change Management, 2004, "
         "pp. 457-470.", "Enriching the typology of quays"),
    ],
    ids=["one-word-body-is-a-list-item", "capitalised-nouns-are-no-places",
         "place-before-an-imprint-is-the-titles", "comma-place-before-a-full-stop",
         "universidade", "publisher-places-and-year", "parenthesised-series-stays",
         "url-ends-the-title", "imprint-after-a-comma", "these-as-an-argument",
         "series-on-is-no-subtitle", "subtitle-starting-with-from", "msc-thesis-is-no-subtitle",
         "quoted-title-then-journal-and-year"],
)  # fmt: skip
def test_title_boundaries_comma_lists(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


def test_a_url_after_the_title_is_no_container() -> None:
    ref = parse_reference("Schaff, T. (2002). The harbour, http://example.org/h.html.", "r1")
    assert (ref.title, ref.container, ref.url) == ("The harbour", None, "http://example.org/h.html")


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Roux (1993) ‘Ports et Quais’ [Ports and Quays], Revue des Ports 14(1): 61–8.",
         "Ports et Quais [Ports and Quays]"),
        ("1. Medkov, V. M. 2004, Gavani [Harbours], Moscow.", "Gavani [Harbours]"),
        ("8. Shmak, N. A. 2011, Rejtingi portov. Rejtingi regionov [Port ratings. Ratings of "
         "regions], Vestnik portov [Port Herald], no. 6, p. 47—50.",
         "Rejtingi portov. Rejtingi regionov [Port ratings. Ratings of regions]"),
        ("Salling, H. (2011). Exploracao do porto: historia de vida. Educacao [Researching the "
         "Port: Life History, Subjectivity], 34(2), 137-146.",
         "Exploracao do porto: historia de vida"),
        ("Brick, R. (1994). [Test q2 – harbour test]. Test q2 Hafen-Belastungs-Test. 8. Auflage. "
         "Göttingen: Hogrefe Verlag.", "[Test q2 – harbour test]. Test q2 Hafen-Belastungs-Test"),
        ("Dill, D.A. (2000): Mail and Harbour Surveys. The Tailored Quay Method. 2. Edition. New "
         "York: Wiley.", "Mail and Harbour Surveys. The Tailored Quay Method"),
    ],
    ids=["quoted-title-then-translation", "translation-then-place",
         "sentences-inside-the-translation", "journal-with-translation-is-no-subtitle",
         "translation-first-then-original", "edition-after-the-subtitle"],
)  # fmt: skip
def test_title_boundaries_translated_titles(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("25. Wechs D (1991) Harbour Scale for Children, 3rd edition (HSC-III). Quay Corporation, "
         "New York", "Harbour Scale for Children"),
        ("2. American Harbour Association (1994) Manual of harbour disorders, 4th edn. American "
         "Harbour Association, Washington, DC", "Manual of harbour disorders"),
        ("[1] Tump, S.E. 1975. Socrates to Sailors: A History of Ports 2nd ed. McGraw-Hill Book "
         "Company. United States of America", "Socrates to Sailors: A History of Ports"),
        ("Abel, K. (2001). Quays. In: Berg, T. (ed.) Harbours, 2nd edn. London: Sage.", "Quays"),
        ("Pape, E. (2012): Les familles du port : « la fierté d’être soi ». Thèse de doctorat en "
         "sociologie, Université de Brest.", "Les familles du port: « la fierté d’être soi »"),
        ("Delc, C. (1995): Des récits du port- In: Londres, Current harbours VOLUME(43), pp. 1‒7.",
         "Des récits du port"),
        ("Yild, H. Sefer, S.S. Overview of Harbour Awareness: Students' Opinions. Education and "
         "Harbours, 2014, Vol. 39, No 171.", "Overview of Harbour Awareness: Students' Opinions"),
        ("Rodr, Juan. 2016. Fast and Furious: Ports in Spain. South European Ports and Politics. "
         "First published online <http://example.org/x> (Accessed December 2, 2016).",
         "Fast and Furious: Ports in Spain"),
        ("[8] Weber, M. 1968. Harbour and Society. G. Roth, C. Wittich, Eds. & Trans. New York. "
         "Retrieved on March 5, 2013: http://example.org/w.html", "Harbour and Society"),
        ("[17] Sen, A. 1999. Bangladesh: Ports and Society. Abasar. Dhaka.",
         "Bangladesh: Ports and Society"),
        ("14. Neves CAB. Saúde: a cartografia do porto. Cad. Saúde Pública. 2008; 24(8):1953-62.",
         "Saúde: a cartografia do porto"),
        ("Statistisches Bundesamt. 2014. Statistiken der Häfen. Schiffe und Personen in Häfen am "
         "01.03.2014. https://example.org/x.",
         "Statistiken der Häfen. Schiffe und Personen in Häfen am 01.03.2014"),
        ("Nhat, T. (2006, August 8). Letter to President G.W. Bush. Retrieved from: "
         "http://example.org/l", "Letter to President G.W. Bush"),
        ("Niss, B. (ed.) (2002): Unions in a Harbour Environment. Armonk, M.E. Sharpe.",
         "Unions in a Harbour Environment"),
        ("Brown, T. (1999). Ports in the U.S.A. New York: Norton.", "Ports in the U.S.A"),
    ],
    ids=["edition-then-parenthesis", "edition-then-body", "edition-without-comma",
         "edition-of-the-container-stays", "guillemets-then-thesis-note", "dash-before-in",
         "journal-before-volume-is-no-subtitle", "journal-before-first-published-online",
         "editors-and-translators-note", "one-word-publisher-is-no-subtitle",
         "abbreviated-journal-is-no-subtitle", "date-in-a-subtitle", "initials-inside-a-title",
         "initials-of-a-publisher", "initials-before-an-imprint-end-the-title"],
)  # fmt: skip
def test_title_boundaries_notes_after_the_title(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


@pytest.mark.parametrize(
    ("raw", "families", "title"),
    [
        ("4. Roy, Introduction to Harbours (2nd ed.) 1984; p.30.", ["Roy"],
         "Introduction to Harbours"),
        ("6. Mamede V M, Clapis JM, Bueno VL. Orientações do porto: O papel da doca. Rev. Bras. "
         "de Portos. 2000; 46 (1): 57-62.", ["Mamede", "Clapis", "Bueno"],
         "Orientações do porto: O papel da doca"),
        ("5. Acioly SC; ACM. Carcinoma do porto: Orientações na fase final. Disponível em: "
         "www.example.org.", ["Acioly", "ACM"], "Carcinoma do porto: Orientações na fase final"),
        ("Madison, D. Soyini, and Judith Hamera, eds. 2006. The handbook of harbour studies. "
         "Thousand Oaks, CA: Sage.", ["Madison", "Hamera"], "The handbook of harbour studies"),
        ("1. Almond, G., Powell. B., Dalton, R., Strom, K. 2006. Comparative Ports Today: A World "
         "View, New York, Pearson Longman.", ["Almond", "Powell", "Dalton", "Strom"],
         "Comparative Ports Today: A World View"),
        ("Observatoire National de l’Enfance en Danger. (2014): Neuvième rapport annuel des ports. "
         "Paris.", ["Observatoire National de l’Enfance en Danger"],
         "Neuvième rapport annuel des ports"),
    ],
    ids=["edition-in-the-title-before-the-year", "initials-set-apart", "acronym-author",
         "given-name-after-an-initial-then-editors", "stray-full-stop-after-a-family-name",
         "body-with-elided-article"],
)  # fmt: skip
def test_author_lists_before_the_title(raw: str, families: list[str], title: str) -> None:
    ref = parse_reference(raw, "r1")
    assert (_families(ref), ref.title) == (families, title)


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Marks, Gary (2006): Party Ports in the East and West. Different Quays, Same Causality, "
         "in: Comparative Port Studies. 39/2, pp. 155-175.",
         "Party Ports in the East and West. Different Quays, Same Causality"),
        ("9. Lannon Erwan. The Northern Ports: Frameworks Compared //The European Union and the "
         "Sea. Vol. 5 / ed. P. G. Xuereb. Msida: EDRC, 2004.",
         "The Northern Ports: Frameworks Compared"),
        ("Potin, E. (2009): Enfants du port. Enfants protégés. Enfants sécurisés ? Parcours des "
         "enfants confiés au port. Thèse de doctorat.",
         "Enfants du port. Enfants protégés. Enfants sécurisés ? Parcours des enfants confiés au "
         "port"),
    ],
    ids=["title-case-subtitle-before-in-is-no-place", "container-mark-without-space",
         "four-title-sentences"],
)  # fmt: skip
def test_title_boundaries_long_titles(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("23. Risse, T. 2000. “Let’s Dock!” Action in Harbour Politics. International Ports, vol. "
         "54, no. 1, pp. 1–39.", "“Let’s Dock!” Action in Harbour Politics"),
        ('Schwarz, C. H. (2012a): "Ich habe den Hafen nie gesehen." Adoleszenz in einem Hafen. '
         "In: Brunner, M. (eds.): Häfen heute. Gießen: Psychosozial, 1-20.",
         '"Ich habe den Hafen nie gesehen." Adoleszenz in einem Hafen'),
        ("Spence, Michael. 1973. “Job Harbour Signaling.” Quarterly Journal of Ports 87 (3):5–7.",
         "Job Harbour Signaling"),
        ("Johnson, James. 1994. “Inventing Harbour Traditions.” Paper prepared for the Conference "
         "on Ports, Chicago.", "Inventing Harbour Traditions"),
    ],
    ids=["exclamation-in-quotes-then-title", "quoted-sentence-then-title",
         "chicago-quoted-title-then-journal", "chicago-quoted-title-then-paper-note"],
)  # fmt: skip
def test_title_boundaries_quoted_speech(raw: str, title: str) -> None:
    assert parse_reference(raw, "r1").title == title


def test_a_double_slash_after_the_journal_volume_is_no_container_mark() -> None:
    raw = (
        "15. Fortuna CM. O trabalho no porto: reflexões sobre grupos. Rev. Port. 2005; 13(2):2-8. "
        "Received on 08/10/2011 // Porto Alegre"
    )
    assert parse_reference(raw, "r1").title == "O trabalho no porto: reflexões sobre grupos"


def test_a_url_in_parentheses_ends_the_title_and_is_no_container() -> None:
    raw = (
        "Chaieb, S. (2013): Revue des quais. Les recherches sur les ports, la transition et le "
        "devenir des dockers, (http://example.org/revue.pdf)."
    )
    ref = parse_reference(raw, "r1")
    assert ref.title == (
        "Revue des quais. Les recherches sur les ports, la transition et le devenir des dockers"
    )
    assert ref.container is None


@pytest.mark.parametrize(
    ("raw", "container", "publisher"),
    [
        ("Lee, K. (2003). Harbour governance, Quay University Press, Oxford.", None,
         "Quay University Press"),
        ("• Wali A., Kilowatts and quays, Westview Press, Boulder, Colorado, 1989.", None,
         "Westview Press"),
        ("Kim, S. (2008). Ports and power. In: Park, J. (Ed.), Asian Harbours (pp. 11-30). Seoul: "
         "Hanul.", "Asian Harbours", "Hanul"),
        ("March, J. (1989): Rediscovering Harbours. New York, Free Press.", None, "Free Press"),
    ],
    ids=["publisher-then-place", "publisher-then-place-and-state", "book-before-its-pages",
         "place-then-publisher"],
)  # fmt: skip
def test_publishers_and_books_after_the_title(
    raw: str, container: str | None, publisher: str | None
) -> None:
    ref = parse_reference(raw, "r1")
    assert (ref.container, ref.publisher) == (container, publisher)


def test_wrapped_lines_at_the_margin_finish_the_entry_before(
    tmp_path: Path, pdf_engine: str
) -> None:
    raw = read_pdf(str(fx.flush_wrapped_refs_pdf(tmp_path / "w.pdf")), engine=pdf_engine)
    _, refs = split_references(raw)
    assert [(r.authors[0].family, r.year) for r in refs] == [
        ("Abel", 2009),
        ("Berg", 2010),
        ("Dahl", 2011),
        ("Eck", 2012),
        ("Falk", 2013),
    ]
    assert refs[0].raw.endswith("keepers]. Leeds: Quay Press.")
    assert refs[1].raw.endswith("(pp. 1-20). Bristol: Dock Books.")
    assert refs[2].url == "http://example.org/piers"
