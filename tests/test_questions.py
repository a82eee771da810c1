"""link / lineage / show / find on graphs built from the demo corpus and from the seeds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from litgraph.ask.entities import find, show
from litgraph.ask.lineage import lineage
from litgraph.ask.link import link
from litgraph.cli import cli
from litgraph.errors import LitgraphError
from litgraph.pipeline import build
from litgraph.store.embedded import EmbeddedStore

from conftest import REPO, SEEDS

CORPUS = REPO / "corpus"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path_factory.mktemp("corpus") / "store") as s:
        report = build([str(CORPUS)], s, jobs=1)
        assert not report.failures, report.failures
        yield s


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    with EmbeddedStore(tmp_path_factory.mktemp("seeds") / "store") as s:
        build([str(SEEDS)], s, jobs=1)
        yield s


def _labels(ans: dict, keys: list[str]) -> list[str]:
    return [ans["works"][k]["label"] for k in keys]


# --- the demo corpus ---------------------------------------------------------------------------


def test_link_ostrom_osborne_puts_coproduction_first_with_a_chain(
    corpus_store: EmbeddedStore,
) -> None:
    ans = link(corpus_store, "Ostrom", "Osborne")
    top3 = [c["label"] for c in ans["concepts"][:3]]
    assert "Co-production" in top3
    co = next(c for c in ans["concepts"] if c["label"] == "Co-production")
    assert co["a_count"] > 0 and co["b_count"] > 0
    # the evidence quotes sentences that cite Ostrom's or Parks et al.'s works, with pages
    abouts = {ans["works"][e["about"]]["label"] for e in co["evidence"]}
    assert abouts & {"Ostrom (1972)", "Parks et al. (1981)"}
    assert all(e["page"] is not None and e["sentence"] for e in co["evidence"])
    # citation chains lead from an Osborne work back to an Ostrom work
    chains = [_labels(ans, ch) for ch in ans["chains"]]
    assert chains and all(ch[0] in _labels(ans, ans["b"]["works"]) for ch in chains)
    assert any(ch[-1] in ("Ostrom (1972)", "Parks et al. (1981)") for ch in chains)
    # how co-production travelled: an Osborne work -> a work using it -> Ostrom / Parks
    via = [_labels(ans, ch) for ch in co["chains"]]
    assert any(
        ch[0] == "Osborne et al. (2013)"
        and ch[1] in ("Bovaird (2007)", "Pestoff (2006)", "Brudney & England (1983)")
        and ch[2] in ("Ostrom (1972)", "Parks et al. (1981)")
        for ch in via
    ), via


def test_link_vargo_osborne_through_service_dominant_logic(corpus_store: EmbeddedStore) -> None:
    ans = link(corpus_store, "Vargo", "Osborne")
    top = [c["key"] for c in ans["concepts"][:3]]
    assert "sdlogic" in top or "psdl" in top


def test_lineage_coproduction_starts_1972_with_definitions_and_branches(
    corpus_store: EmbeddedStore,
) -> None:
    ans = lineage(corpus_store, "co-production")
    years = [row["year"] for row in ans["timeline"] if row["year"]]
    assert years == sorted(years) and years[0] == 1972
    assert "Ostrom (1972)" in _labels(ans, ans["timeline"][0]["works"])
    defined_by = {ans["works"][d["work"]]["label"] for d in ans["definitions"]}
    assert {"Bovaird (2007)", "Parks et al. (1981)"} <= defined_by
    branches = {n["key"]: n for n in ans["narrower"]}
    for k in ("consumercoproduction", "participativecoproduction", "enhancedcoproduction"):
        assert branches[k]["first"], f"{k} has no works"
    assert len(ans["flow"]) > 20


def test_show_and_find(corpus_store: EmbeddedStore) -> None:
    a = show(corpus_store, "Osborne, S.")
    assert a["kind"] == "author" and len(a["works"]) >= 5
    hits = find(corpus_store, "service dominant")
    assert hits[0]["kind"] == "concept" and "dominant" in hits[0]["label"].lower()


def test_unknown_name_is_a_clear_error(corpus_store: EmbeddedStore) -> None:
    with pytest.raises(LitgraphError, match="nothing in the graph matches"):
        link(corpus_store, "Nonexistentauthorname", "Osborne")


def test_every_digest_reference_resolves_to_a_corpus_work(corpus_store: EmbeddedStore) -> None:
    rows = corpus_store.query(
        "MATCH (a:Work)-[:CITES]->(b:Work) WHERE a.in_corpus RETURN DISTINCT a.key AS a, "
        "b.key AS b, b.in_corpus AS c, b.title AS t"
    )
    outside = [r["t"] for r in rows if not r["c"]]
    assert outside == [], f"references that matched no corpus work: {outside}"
    # every reference line of every digest and PDF source became one citation link
    lines = 0
    for md in [*CORPUS.glob("digests/*.md"), *CORPUS.glob("pdf-src/*.md")]:
        refs = md.read_text(encoding="utf-8").split("## References", 1)
        lines += len([ln for ln in refs[1].splitlines() if ln.strip()]) if len(refs) > 1 else 0
    assert len(rows) == lines


def test_cli_link_lineage_json_and_html(corpus_store: EmbeddedStore, tmp_path: Path) -> None:
    url = corpus_store.url
    corpus_store.close()  # the CLI opens the store itself (one owner at a time)
    try:
        r = CliRunner().invoke(cli, ["--store", url, "--json", "link", "Ostrom", "Osborne",
                                     "--html", str(tmp_path / "l.html")])  # fmt: skip
        assert r.exit_code == 0, r.output
        data = json.loads(r.stdout)
        assert data["concepts"][0]["label"]
        assert (tmp_path / "l.html").stat().st_size > 10_000
        r = CliRunner().invoke(cli, ["--store", url, "lineage", "co-production"])
        assert r.exit_code == 0 and "Definitions (" in r.output and "1972" in r.output
    finally:
        corpus_store.__init__(corpus_store.directory)  # type: ignore[misc]


# --- the seeds ---------------------------------------------------------------------------------


def test_seeds_link_and_lineage(seeds_store: EmbeddedStore) -> None:
    ans = link(seeds_store, "Ostrom", "Osborne")
    assert "Co-production" in [c["label"] for c in ans["concepts"][:3]]
    co = next(c for c in ans["concepts"] if c["label"] == "Co-production")
    assert any(ans["works"][e["about"]]["label"] == "Ostrom (1972)" for e in co["evidence"])
    lin = lineage(seeds_store, "co-production")
    first = lin["timeline"][0]
    assert first["year"] == 1972 and "Ostrom (1972)" in _labels(lin, first["works"])
    bovaird = [
        d for d in lin["definitions"] if lin["works"][d["work"]]["label"] == "Bovaird (2007)"
    ]
    assert bovaird and "847" in bovaird[0]["sentence"]


def test_works_named_by_family_and_year(corpus_store: EmbeddedStore) -> None:
    w = show(corpus_store, "Bovaird 2007")
    assert w["kind"] == "work" and w["authors"] == ["Tony Bovaird"]
    assert "Ostrom (1972)" in [w["works_labels"][k]["label"] for k in w["cites"]]
    ans = link(corpus_store, "Ostrom 1972", "Osborne et al. 2013")
    assert ans["concepts"][0]["label"] == "Co-production"
    with pytest.raises(LitgraphError, match="nothing in the graph matches"):
        show(corpus_store, "Nobody 1999")
