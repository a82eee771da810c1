"""Vocabulary loading, concept matching, mined phrases."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.errors import ConfigError
from litgraph.extract.concepts import (
    concepts_in,
    load_vocabulary,
    match_concepts,
    mine_phrases,
)
from litgraph.model import Page

VOCAB = load_vocabulary()


def test_shipped_vocabulary_is_sound() -> None:
    concepts = VOCAB.concepts
    assert 40 <= len(concepts) <= 80
    for c in concepts.values():
        assert c.description, c.key
        assert c.aliases or c.acronyms, c.key
        for b in c.broader:
            assert b in concepts, f"{c.key} -> unknown broader {b}"
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
