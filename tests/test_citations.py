"""In-text citation finding and linking, one named case per pattern family."""

from __future__ import annotations

import pytest

from litgraph.extract.citations import find_citations, numbered_citations, split_sentences
from litgraph.model import Page, Person, Reference


def ref(rid: str, families: str, year: int | None, suffix: str = "", raw: str = "") -> Reference:
    authors = tuple(Person(f, "X.") for f in families.split(",") if f)
    return Reference(
        id=rid,
        raw=raw or f"{families} ({year}{suffix})",
        authors=authors,
        year=year,
        year_suffix=suffix,
    )


REFS = (
    ref("r1", "Ostrom", 1972),
    ref("r2", "Bovaird", 2007),
    ref("r3", "Bovaird,Löffler", 2009),
    ref("r4", "Osborne,Radnor,Nasi", 2013),
    ref("r5", "Osborne,Radnor,Strokosch", 2015),
    ref("r6", "Sharp", 1980),
    ref("r7", "Whitaker", 1980),
    ref("r8", "Parks,Baker,Kiser", 1981),
    ref("r9", "Alford", 2009),
    ref("r10", "Pestoff", 2008, "a"),
    ref("r11", "Pestoff", 2008, "b"),
    ref("r12", "XXXX", 2012),
    ref("r13", "Bovaird", 2009),
    ref("r14", "Van de Walle,Bouckaert", 2003),
    ref("r15", "Sørensen", 2012),
    ref("r16", "da Silva", 2010),
    ref("r17", "Müller", None, "im Druck"),
)


def cites(text: str, refs: tuple[Reference, ...] = REFS) -> list[tuple[str, str | None]]:
    return [(c.text, c.reference) for c in find_citations((Page(3, text),), refs)]


CASES = {
    "narrative_single": (
        "The idea goes back to Ostrom (1972) and her colleagues.",
        [("Ostrom (1972)", "r1")],
    ),
    "narrative_et_al": (
        "Osborne et al. (2013) call this a service logic.",
        [("Osborne et al. (2013)", "r4")],
    ),
    "narrative_two_authors_and": (
        "Bovaird and Loeffler (2009) stress collective action.",
        [("Bovaird and Loeffler (2009)", "r3")],
    ),
    "bare_two_authors_ampersand": (
        "As argued in Bovaird & Loeffler 2009 the evidence is thin.",
        [("Bovaird & Loeffler 2009", "r3")],
    ),
    "parenthetical_with_page": (
        "Users are partners in delivery (Bovaird, 2007, p. 847).",
        [("Bovaird, 2007, p. 847", "r2")],
    ),
    "parenthetical_semicolon_list": (
        "Early work was American (Sharp, 1980; Whitaker, 1980; Parks et al, 1981).",
        [("Sharp, 1980", "r6"), ("Whitaker, 1980", "r7"), ("Parks et al, 1981", "r8")],
    ),
    "parenthetical_comma_list_no_semicolons": (
        "Both streams exist (Whitaker 1980, Bovaird 2007, Alford 2009).",
        [("Whitaker 1980", "r7"), ("Bovaird 2007", "r2"), ("Alford 2009", "r9")],
    ),
    "parenthetical_year_list": (
        "The logic was refined later (Osborne et al., 2013, 2015).",
        [("Osborne et al., 2013", "r4"), ("Osborne et al., 2015", "r5")],
    ),
    "year_suffix_list": (
        "Pestoff (2008a, b) compares several countries.",
        [("Pestoff (2008a)", "r10"), ("Pestoff (2008b)", "r11")],
    ),
    "see_also_prefix": (
        "Motivation matters (see also Alford 2009).",
        [("Alford 2009", "r9")],
    ),
    "diacritics_fold": (
        "This was shown for Germany (Bovaird and Löffler, 2009).",
        [("Bovaird and Löffler, 2009", "r3")],
    ),
    "second_author_disambiguates": (
        "Two texts from one year: Bovaird (2009) and Bovaird & Loeffler (2009).",
        [("Bovaird (2009)", "r13"), ("Bovaird & Loeffler (2009)", "r3")],
    ),
    "anonymised_linked": (
        "Our earlier study found the same (XXXX, 2012).",
        [("XXXX, 2012", "r12")],
    ),
    "particle_name": (
        "Reform trajectories differ (Van de Walle & Bouckaert 2003).",
        [("Van de Walle & Bouckaert 2003", "r14")],
    ),
    "narrative_then_see_also_inside": (
        "Ostrom (1972; see also Alford 2009) showed this.",
        [("Ostrom (1972)", "r1"), ("Alford 2009", "r9")],
    ),
    "possessive_narrative": (
        "Ostrom's (1972) account remains influential.",
        [("Ostrom's (1972)", "r1")],
    ),
    "transliterated_letters_fold": (
        "Network governance matters (Sorensen 2012).",
        [("Sorensen 2012", "r15")],
    ),
    "lower_case_particle": (
        "Brazilian councils differ, as da Silva (2010) shows.",
        [("da Silva (2010)", "r16")],
    ),
    "german_in_press": (
        "Gardens are commons (Müller, im Druck).",
        [("Müller, im Druck", "r17")],
    ),
    "unmatched_kept_unlinked": (
        "Street-level work was described long ago (Lipsky, 1980).",
        [("Lipsky, 1980", None)],
    ),
}


@pytest.mark.parametrize("sentence, expected", CASES.values(), ids=list(CASES))
def test_author_year_patterns(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    assert cites(sentence) == expected


FALSE_POSITIVES = {
    "decade": "Reforms spread in the 1980s (1980s) across Europe.",
    "plain_year": "In 2009 the council changed its policy.",
    "month_year": "The survey ran from March 2009 to May 2010 (March 2009).",
    "page_range": "The argument is on pp. 1990-2000 of the report.",
    "section_number": "We return to this in Section 2.1 (see Section 3).",
    "bare_unlinked_name_year": "The Housing Act 1998 and Census 2011 changed little.",
    "year_only_paren": "The scheme started later (2004) than planned.",
}


@pytest.mark.parametrize("sentence", FALSE_POSITIVES.values(), ids=list(FALSE_POSITIVES))
def test_no_false_positives(sentence: str) -> None:
    assert cites(sentence) == []


def test_citation_keeps_sentence_and_page() -> None:
    text = "First sentence here. Co-production has a long history (Ostrom, 1972). Last one."
    (c,) = find_citations((Page(7, text),), REFS)
    assert c.sentence == "Co-production has a long history (Ostrom, 1972)."
    assert c.page == 7
    assert c.reference == "r1"


def test_year_must_match_for_link() -> None:
    assert cites("As Ostrom (1973) noted.") == [("Ostrom (1973)", None)]


def test_typo_in_family_name_links_when_unique() -> None:
    refs = (ref("r1", "Normann", 1991),)
    assert cites("Service management (Norman 1991) began early.", refs) == [("Norman 1991", "r1")]


NUMBERED_REFS = tuple(
    Reference(id=f"r{i}", raw=f"[{i}] Author {i}. Title. 2001.", year=2001) for i in range(1, 8)
)


@pytest.mark.parametrize(
    "sentence, numbers",
    [
        ("Shown before [2].", [2]),
        ("Several studies [3-5] agree.", [3, 4, 5]),
        ("Several studies [3–5] agree.", [3, 4, 5]),
        ("Two sources [1, 4] disagree.", [1, 4]),
    ],
    ids=["single", "range_hyphen", "range_en_dash", "list"],
)
def test_numbered(sentence: str, numbers: list[int]) -> None:
    found = find_citations((Page(1, sentence),), NUMBERED_REFS)
    assert [c.reference for c in found] == [f"r{n}" for n in numbers]
    assert [c.text for c in found] == [f"[{n}]" for n in numbers]


def test_numbered_ignores_brackets_in_author_year_paper() -> None:
    text = "Users co-produce (Ostrom 1972). The value [2] is given in the table."
    found = find_citations((Page(1, text),), REFS)
    assert [c.text for c in found] == ["Ostrom 1972"]


def test_numbered_range_is_capped() -> None:
    assert numbered_citations("see [1-500]") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Smith et al. (2001) found this. Next one.", 2),
        ("See e.g. the review by Jones. It is long.", 2),
        ("As quoted (Bovaird, 2007, p. 5). Then J. Smith wrote more.", 2),
        ("Cf. the data, i.e. the panel. Done here.", 2),
        ("A heading\n\nBody text starts here. And ends.", 3),
        ("It ends with a quote.' (Judd, 1979, p. 3). Next.", 2),
    ],
    ids=["et_al", "eg", "page_and_initial", "cf_ie", "paragraph", "citation_after_period"],
)
def test_split_sentences(text: str, expected: int) -> None:
    assert len(split_sentences(text)) == expected


def test_common_word_in_parentheses_is_not_an_unlinked_citation() -> None:
    page = Page(
        1, "The survey design follows the panel (Survey, 2015). Harbours grew (Abel, 2001)."
    )
    cites = find_citations((page,), ())
    assert [c.text for c in cites] == ["Abel, 2001"]


# --- every common citation form -------------------------------------------------------------

FORM_REFS = (
    *REFS,
    ref("r30", "Vargo,Chumpitaz Caceres", 2008),
    ref("r31", "Bovaird,Van Ryzin", 2010),
    ref("r32", "de Vries", 2015),
)

FORMS = {
    "comma_before_et_al_narrative": (
        "Osborne, et al. (2013) call this a service logic.",
        [("Osborne, et al. (2013)", "r4")],
    ),
    "comma_before_et_al_parenthetical": (
        "This is a service logic (Osborne, et al., 2013).",
        [("Osborne, et al., 2013", "r4")],
    ),
    "et_al_without_dot_narrative": (
        "Osborne et al (2013) call this a service logic.",
        [("Osborne et al (2013)", "r4")],
    ),
    "et_al_without_dot_parenthetical": (
        "This is a service logic (Osborne et al 2013).",
        [("Osborne et al 2013", "r4")],
    ),
    "particle_first_author_narrative": (
        "Van de Walle and Bouckaert (2003) compare trust.",
        [("Van de Walle and Bouckaert (2003)", "r14")],
    ),
    "particle_second_author": (
        "Bovaird and Van Ryzin (2010) compare trust.",
        [("Bovaird and Van Ryzin (2010)", "r31")],
    ),
    "double_surname_second_author": (
        "Vargo and Chumpitaz Caceres (2008) extend the logic.",
        [("Vargo and Chumpitaz Caceres (2008)", "r30")],
    ),
    "lower_case_particle_parenthetical": (
        "This has been argued before (de Vries, 2015).",
        [("de Vries, 2015", "r32")],
    ),
    "given_name_before_family_is_trimmed": (
        "As Elinor Ostrom (1972) noted, users matter.",
        [("Ostrom (1972)", "r1")],
    ),
    "sentence_word_before_family_is_trimmed": (
        "As Ostrom (1972) noted, users matter.",
        [("Ostrom (1972)", "r1")],
    ),
    "as_proposed_by": (
        "The idea, as proposed by Ostrom (1972), was new.",
        [("Ostrom (1972)", "r1")],
    ),
    "year_letter_and_page": (
        "Users matter (Pestoff 2008a, p. 12).",
        [("Pestoff 2008a, p. 12", "r10")],
    ),
    "year_letter_and_colon_page_range": (
        "Users matter (Pestoff 2008b: 45-47).",
        [("Pestoff 2008b: 45-47", "r11")],
    ),
    "narrative_year_letter_and_page": (
        "Pestoff (2008b, p. 12) compares countries.",
        [("Pestoff (2008b, p. 12)", "r11")],
    ),
    "ibid_after_single_work": (
        "Users matter (Bovaird 2007). They co-produce (ibid., p. 12).",
        [("Bovaird 2007", "r2"), ("ibid., p. 12", "r2")],
    ),
    "ibid_after_two_works_is_ambiguous": (
        "Users matter (Bovaird 2007; Alford 2009). They co-produce (ibid.).",
        [("Bovaird 2007", "r2"), ("Alford 2009", "r9"), ("ibid.", None)],
    ),
    "op_cit_names_the_author": (
        "Ostrom (1972) began. Bovaird (2007) agreed. As Ostrom, op. cit., p. 4 shows, it is old.",
        [("Ostrom (1972)", "r1"), ("Bovaird (2007)", "r2"), ("Ostrom, op. cit., p. 4", "r1")],
    ),
    "op_cit_of_author_with_two_works_is_ambiguous": (
        "Bovaird (2007) and Bovaird (2009) agree. Later (Bovaird, op. cit.) is cited.",
        [("Bovaird (2007)", "r2"), ("Bovaird (2009)", "r13"), ("Bovaird, op. cit.", None)],
    ),
}


@pytest.mark.parametrize("sentence, expected", FORMS.values(), ids=list(FORMS))
def test_citation_forms(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    assert cites(sentence, FORM_REFS) == expected


def test_numbered_list_with_comma_list_and_range() -> None:
    text = "Shown before [3, 7]. Several agree [3–5]."
    found = find_citations((Page(1, text),), NUMBERED_REFS)
    assert [c.reference for c in found] == ["r3", "r7", "r3", "r4", "r5"]


def test_superscript_numbers_cite_a_numbered_list() -> None:
    text = "Shown before.² Several agree³⁻⁵ here."
    found = find_citations((Page(1, text),), NUMBERED_REFS)
    assert sorted(c.reference or "" for c in found) == ["r2", "r3", "r4", "r5"]
    assert {c.form for c in found} == {"numbered"}


def test_superscripts_in_an_author_year_paper_are_not_numbered_citations() -> None:
    text = "Users co-produce (Ostrom 1972).² More follows."
    found = find_citations((Page(1, text),), REFS)
    assert [c.text for c in found] == ["Ostrom 1972"]


FOOTNOTED = """Co-production is old.¹ Later work agreed.² Others disagree.³ Last.⁴

¹ Ostrom, E. (1972) Metropolitan reform in two traditions. Social Science Quarterly, 53, 474-493.
² See Bovaird, T. (2007) Beyond engagement and participation. Public Administration Review, \
67(5), 846-860; Alford, J. (2009) Engaging public sector clients. Basingstoke: Palgrave.
³ Ibid., p. 850.
⁴ Ostrom, op. cit., p. 480.
"""


def test_footnote_references_link_to_the_list_and_keep_the_marked_sentence() -> None:
    found = find_citations((Page(2, FOOTNOTED),), REFS)
    got = [(c.form, c.text, c.reference, c.sentence) for c in found]
    assert got == [
        ("footnote", "Ostrom 1972", "r1", "Co-production is old.¹"),
        ("footnote", "Bovaird 2007", "r2", "Later work agreed.²"),
        ("footnote", "Alford 2009", "r9", "Later work agreed.²"),
        ("repeat", "Ibid.", None, "Others disagree.³"),  # the note before cites two works
        ("repeat", "Ostrom, op. cit.", "r1", "Last.⁴"),
    ]


def test_ibid_note_after_a_single_work_note() -> None:
    text = "One claim.¹ Another.²\n\n¹ Bovaird, T. (2007) Beyond engagement. Public Review, 67.\n"
    text += "² Ibid., p. 12.\n"
    found = find_citations((Page(1, text),), REFS)
    assert [(c.form, c.reference) for c in found] == [("footnote", "r2"), ("repeat", "r2")]


def test_footnote_style_document_without_a_list_gets_its_references_from_the_notes() -> None:
    from litgraph.extract.document import extract_raw
    from litgraph.model import RawDocument

    raw = RawDocument(path="notes.txt", sha256="0", pages=(Page(1, FOOTNOTED),), is_pdf=False)
    doc = extract_raw(raw)
    assert [(r.authors[0].family, r.year) for r in doc.references] == [
        ("Ostrom", 1972),
        ("Bovaird", 2007),
        ("Alford", 2009),
    ]
    linked = {c.text: c.reference for c in doc.citations}
    assert linked["Ostrom 1972"] == "n1"
    assert linked["Ostrom, op. cit."] == "n1"


def test_numbered_semicolon_list_with_dash_range() -> None:
    text = "Rates depend on age [1; 5—7]. Rankings differ [2—4; 6]."
    found = find_citations((Page(1, text),), NUMBERED_REFS)
    assert [c.reference for c in found] == ["r1", "r5", "r6", "r7", "r2", "r3", "r4", "r6"]


def test_plain_digit_superscripts_in_a_numbered_paper_without_brackets() -> None:
    text = "Early detection helps the disease.5 The person7. Adapts4” here. Table 2 shows it."
    found = find_citations((Page(1, text),), NUMBERED_REFS)
    assert [c.reference for c in found] == ["r5", "r7", "r4"]


MORE_REFS = (
    ref("r40", "Ruigrok,van Tulder", 1995),
    ref("r41", "Ruiz Jiménez,de Haro", 2011),
    ref("r42", "Jerez Mir,Real-Dato", 2010),
)

MORE_FORMS = {
    "slash_between_authors": (
        "Home matters (e.g. Ruigrok/van Tulder 1995).",
        [("Ruigrok/van Tulder 1995", "r40")],
    ),
    "double_and_particle_names_in_both_positions": (
        "Soft Eurosceptics stayed few (Ruiz-Jiménez and Egea de Haro 2011).",
        [("Ruiz-Jiménez and Egea de Haro 2011", "r41")],
    ),
    "first_word_of_a_double_family_name": (
        "Elites agree (Jerez et al. 2010).",
        [("Jerez et al. 2010", "r42")],
    ),
}


@pytest.mark.parametrize("sentence, expected", MORE_FORMS.values(), ids=list(MORE_FORMS))
def test_more_citation_forms(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    assert cites(sentence, MORE_REFS) == expected


ROMANCE_REFS = (
    ref("r50", "Cotta,Isernia", 2009),
    ref("r51", "García,López", 2003),
    ref("r52", "Mudde", 2007),
)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The debate goes on (Cotta e Isernia 2009).", [("Cotta e Isernia 2009", "r50")]),
        ("Como muestran García y López (2003), no.", [("García y López (2003)", "r51")]),
        ("This reinforces Mudde‘s (2007) argument.", [("Mudde‘s (2007)", "r52")]),
    ],
    ids=["italian-e", "spanish-y", "possessive-with-left-quote"],
)
def test_other_languages_and_typographic_quotes(
    sentence: str, expected: list[tuple[str, str | None]]
) -> None:
    assert cites(sentence, ROMANCE_REFS) == expected
