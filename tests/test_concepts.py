"""Vocabulary loading, concept matching, mined phrases."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.errors import ConfigError
from litgraph.extract.concepts import (
    ConceptLink,
    concepts_in,
    load_vocabulary,
    match_concepts,
    mine_phrases,
)
from litgraph.keys import concept_key
from litgraph.model import Line, Page
from litgraph.sources.pdf import page_text

VOCAB = load_vocabulary()


def test_shipped_vocabulary_is_sound() -> None:
    concepts = VOCAB.concepts
    assert 40 <= len(concepts) <= 120
    for c in concepts.values():
        assert c.description, c.key
        assert c.aliases or c.acronyms, c.key
        for b in c.broader:
            assert b in concepts, f"{c.key} -> unknown broader {b}"
    aliases: dict[str, str] = {}
    for c in concepts.values():
        for a in (*c.aliases, *c.acronyms):
            assert aliases.setdefault(concept_key(a), c.key) == c.key, f"{a}: two concepts"
    assert "coproduction" in concepts["consumercoproduction"].broader
    assert "coproduction" in concepts["codesign"].broader
    assert "valuecreation" in concepts["valuecocreation"].broader


@pytest.mark.parametrize(
    "text, key",
    [
        ("the co-production of services", "coproduction"),
        ("the coproduction of services", "coproduction"),
        ("the co production of services", "coproduction"),
        ("users co-produce services", "coproduction"),
        ("Public Service-Dominant Logic argues", "psdl"),
        ("the public service dominant logic argues", "psdl"),
        ("PSDL argues", "psdl"),
        ("the S-D logic of marketing", "sdlogic"),
        ("SDL and markets", "sdlogic"),
        ("under NPM reforms", "newpublicmanagement"),
        ("value co-creation happens", "valuecocreation"),
        ("value co-destruction happens", "valuecodestruction"),
        ("the SERVICE framework helps", "serviceframework"),
        ("street-level bureaucrats decide", "streetlevelbureaucracy"),
        ("unter Koproduktion versteht man", "coproduction"),
    ],
)
def test_variants_match(text: str, key: str) -> None:
    assert concepts_in(text, VOCAB) == [key]


@pytest.mark.parametrize(
    "text",
    ["npm is lower-case here", "the service framework of the council", "decoproduction"],
    ids=["acronym_case", "service_framework_lowercase", "no_word_boundary"],
)
def test_no_false_matches(text: str) -> None:
    assert concepts_in(text, VOCAB) == []


def test_longest_match_wins() -> None:
    assert concepts_in("consumer co-production differs", VOCAB) == ["consumercoproduction"]


def test_match_concepts_counts_and_pages() -> None:
    pages = (
        Page(1, "Co-production and coproduction. Also NPM."),
        Page(2, "More co-production here."),
    )
    hits = {h.key: h for h in match_concepts(pages, VOCAB)}
    assert hits["coproduction"].count == 3 and hits["coproduction"].pages == (1, 2)
    assert hits["newpublicmanagement"].count == 1
    assert hits["coproduction"].origin == "vocabulary"


def test_user_vocabulary_extends_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[concept]]\nkey = "coproduction"\nlabel = "Coproduction (mine)"\n'
        'aliases = ["coproduction"]\n\n'
        '[[concept]]\nlabel = "Asset-based approach"\naliases = ["asset-based approach*"]\n'
        'broader = ["coproduction"]\n',
        encoding="utf-8",
    )
    vocab = load_vocabulary([str(extra)])
    assert vocab.concepts["coproduction"].label == "Coproduction (mine)"
    assert vocab.concepts["assetbasedapproach"].broader == ("coproduction",)
    assert concepts_in("asset-based approaches work", vocab) == ["assetbasedapproach"]
    assert len(vocab.concepts) == len(VOCAB.concepts) + 1


def test_bad_user_vocabulary(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[concept]\nlabel = ", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        load_vocabulary([str(bad)])


def test_lookup_by_alias() -> None:
    assert VOCAB.lookup("Co Production").key == "coproduction"
    assert VOCAB.lookup("PSDL").key == "psdl"
    assert VOCAB.lookup("no such thing") is None


def test_mine_phrases_excludes_vocabulary() -> None:
    text = (
        "Housing associations run tenant panels. Tenant panels meet monthly. "
        "Housing associations fund tenant panels and co-production. "
        "Co-production needs housing associations. Budget cuts hit tenant panels."
    )
    hits = mine_phrases((Page(1, text),), VOCAB, top=5)
    labels = [h.label.lower() for h in hits]
    assert "tenant panels" in labels and "housing associations" in labels
    assert all(h.origin == "mined" and h.score is not None for h in hits)
    assert all("co-production" not in lab for lab in labels)
    assert "budget cuts" not in labels  # seen once only


# --- distinctions a co-production scholar insists on -----------------------------------------


@pytest.mark.parametrize(
    "text, key",
    [
        ("co-governance of services", "cogovernance"),
        ("co-planning of services", "coplanning"),
        ("co-management of services", "comanagement"),
        ("service systems interact", "servicesystem"),
        ("service ecosystems evolve", "serviceecosystem"),
        ("public service ecosystems evolve", "publicserviceecosystem"),
        ("Moore's public value", "publicvalue"),
        ("Bozeman's public values", "publicvalues"),
        ("group co-production", "groupcoproduction"),
        ("collective co-production", "collectivecoproduction"),
        ("individual co-production", "individualcoproduction"),
        ("managerialism spread", "managerialism"),
        ("the customer is always a co-producer", "customercoproducer"),
        ("the customer is always a co-creator of value", "customercocreator"),
        ("citizens as co-initiators", "coinitiation"),
        ("citizens as co-implementers", "coimplementation"),
        ("regular producers and others", "regularproducer"),
        ("consumer producers and others", "consumerproducer"),
        ("the provision and the production of a good", "provisionproduction"),
        ("polycentric arrangements", "polycentricity"),
        ("operant resources matter", "operantresources"),
        ("the strategic triangle", "strategictriangle"),
        ("value propositions", "valueproposition"),
        ("social innovation labs", "socialinnovation"),
        ("co-construction and co-innovation", "coconstruction"),
        ("co-experience matters", "coexperience"),
    ],
)
def test_distinct_concepts_match_separately(text: str, key: str) -> None:
    assert concepts_in(text, VOCAB)[0] == key


def test_brudney_england_types_are_distinct() -> None:
    """Individual, group and collective co-production are three types, not one."""
    types = ("individual", "group", "collective")
    keys = {concepts_in(f"{t} co-production", VOCAB)[0] for t in types}
    assert len(keys) == 3
    assert "usercoproduction" not in keys and "communitycoproduction" not in keys


def test_self_help_and_self_service_are_not_kinds_of_coproduction() -> None:
    for key in ("selfhelp", "selfservice"):
        assert "coproduction" not in VOCAB.concepts[key].broader
        assert "coproduction" in [k for k, _ in VOCAB.distinctions(key)]
    narrower = {k for k, c in VOCAB.concepts.items() if "coproduction" in c.broader}
    assert not narrower & {"selfhelp", "selfservice"}


def test_service_dominant_logic_and_service_logic_are_rivals() -> None:
    assert "servicelogic" not in VOCAB.concepts["sdlogic"].broader
    assert "sdlogic" not in VOCAB.concepts["servicelogic"].broader
    assert "servicelogic" in [k for k, _ in VOCAB.distinctions("sdlogic")]


def test_value_cocreation_is_a_homonym_not_a_kind_of_cocreation() -> None:
    assert "cocreation" not in VOCAB.concepts["valuecocreation"].broader
    assert "valuecocreation" in [k for k, _ in VOCAB.distinctions("cocreation")]
    assert "cocreation" in [k for k, _ in VOCAB.distinctions("valuecocreation")]


def test_managerialism_is_not_npm() -> None:
    assert concepts_in("managerialism", VOCAB) == ["managerialism"]
    assert VOCAB.lookup("managerialism").key != "newpublicmanagement"


def test_successions_psdl_to_psl_and_coproducer_to_cocreator() -> None:
    assert VOCAB.successions() == [
        ("customercoproducer", VOCAB.concepts["customercoproducer"].succeeded_by[0]),
        ("psdl", VOCAB.concepts["psdl"].succeeded_by[0]),
    ]
    psdl = VOCAB.concepts["psdl"].succeeded_by[0]
    assert (psdl.concept, psdl.year, psdl.source) == ("publicservicelogic", 2018, "Osborne 2018")
    v_l = VOCAB.concepts["customercoproducer"].succeeded_by[0]
    assert (v_l.concept, v_l.year, v_l.source) == ("customercocreator", 2008, "Vargo 2008")
    assert [k for k, _ in VOCAB.predecessors("publicservicelogic")] == ["psdl"]


def _write(tmp_path: Path, body: str) -> str:
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    return str(path)


def test_user_succession_short_and_long_forms(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '[[concept]]\nlabel = "Old name"\nsucceeded_by = "public-service-logic"\n\n'
        '[[concept]]\nlabel = "Older name"\n'
        'succeeded_by = [{concept = "Old name", year = 1999, note = "renamed"}]\n',
    )
    vocab = load_vocabulary([path])
    assert vocab.concepts["oldname"].succeeded_by == (ConceptLink("publicservicelogic"),)
    assert vocab.concepts["oldername"].succeeded_by == (
        ConceptLink("oldname", 1999, "", "renamed"),
    )


@pytest.mark.parametrize(
    "entry, message",
    [
        ('succeeded_by = ["no such concept"]', r"mine\.toml:4: concept 'b': .*unknown concept"),
        ("succeeded_by = [{year = 2018}]", r"mine\.toml:4: concept 'b': .*needs 'concept'"),
        (
            'succeeded_by = [{concept = "a", year = "2018"}]',
            r"mine\.toml:4: concept 'b': .*'year' must be a whole number",
        ),
        (
            'distinct_from = [{concept = "a", why = "x"}]',
            r"mine\.toml:4: concept 'b': .*unknown field 'why'",
        ),
        ('distinct_from = ["b"]', r"mine\.toml:4: concept 'b': .*itself"),
        ("distinct_from = 3", r"mine\.toml:4: concept 'b': 'distinct_from' expected"),
    ],
    ids=["unknown_target", "no_target", "year_text", "unknown_field", "self", "not_a_list"],
)
def test_bad_links_name_file_and_line(tmp_path: Path, entry: str, message: str) -> None:
    path = _write(tmp_path, f'[[concept]]\nlabel = "A"\n\n[[concept]]\nlabel = "B"\n{entry}\n')
    with pytest.raises(ConfigError, match=message):
        load_vocabulary([path])


# --- mined phrases: what a scholar would not call a concept ----------------------------------


def _mined(*pages: Page) -> list[str]:
    return [h.label.lower() for h in mine_phrases(pages, VOCAB, top=30)]


def test_mined_drops_pieces_of_vocabulary_terms() -> None:
    """'public service-dominant' and 'Public Governance' are pieces of vocabulary terms."""
    text = (
        "A public service-dominant theory is new. The public service-dominant view helps. "
        "Public Governance matters here. Public Governance again. Tenant panels meet. "
        "Tenant panels vote."
    )
    labels = _mined(Page(1, text))
    assert "tenant panels" in labels
    assert not {"public service-dominant", "public governance"} & set(labels)


def test_mined_drops_phrases_of_generic_words() -> None:
    text = (
        "Public services matter. Public services again. Sector organisations act. "
        "Sector organisations too. Professional staff work. Professional staff rest. "
        "Users share the load. Users share power. Tenant panels meet. Tenant panels vote."
    )
    labels = _mined(Page(1, text))
    assert "tenant panels" in labels
    generic = {"public services", "sector organisations", "professional staff", "users share"}
    assert not generic & set(labels)


def test_mined_drops_phrases_seen_only_in_headings() -> None:
    md = (
        "# Beyond engagement: a note\n\nTenant panels meet. Tenant panels vote.\n\n"
        "## Beyond engagement\nCouncils listen to tenant panels."
    )
    assert "beyond engagement" not in _mined(Page(1, md))
    lines = (
        Line("Beyond engagement", size=11.0, bold=True),
        Line("Tenant panels meet every month and tenant panels vote.", size=10.0),
        Line("Beyond engagement", size=11.0, bold=True),
        Line("Councils listen to tenant panels in every town.", size=10.0),
    )
    labels = _mined(Page(1, page_text(lines), lines))
    assert "tenant panels" in labels and "beyond engagement" not in labels


def test_mined_phrase_in_heading_and_text_is_kept() -> None:
    md = "## Tenant panels\nTenant panels meet monthly. Councils fund them."
    assert "tenant panels" in _mined(Page(1, md))


def test_mined_singular_and_plural_are_one_phrase() -> None:
    text = (
        "Housing agencies act. The housing agency acts. Tenant panels meet. A tenant panel votes."
    )
    hits = mine_phrases((Page(1, text),), VOCAB, top=30)
    keys = [h.key for h in hits]
    assert len(keys) == len(set(keys))
    assert {h.key: h.count for h in hits}[concept_key("housing agency")] == 2


def test_names_are_found_wherever_they_begin_a_word_in_any_case_and_spelling() -> None:
    from litgraph.extract.concepts import Concept, Vocabulary, find_spans

    vocab = Vocabulary(
        {
            "coproduction": Concept("coproduction", "Co-production", aliases=("co-production",)),
            "r&d": Concept("r&d", "Research and development", acronyms=("R&D", "U.S.")),
        }
    )
    text = (
        "Co production, COPRODUCTION and co-productions; R&D in the U.S. but not in ScoProduction."
    )
    found = [(text[s:e], k) for s, e, k in find_spans(text, vocab)]
    assert found == [
        ("Co production", "coproduction"),
        ("COPRODUCTION", "coproduction"),
        ("co-productions", "coproduction"),
        ("R&D", "r&d"),
        ("U.S.", "r&d"),
    ]
