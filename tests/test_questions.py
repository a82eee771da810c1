"""link / lineage / show / find on graphs built from the demo corpus and from the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from litgraph.ask.entities import find, show
from litgraph.ask.lineage import lineage
from litgraph.ask.link import link
from litgraph.ask.records import LineageAnswer, LinkAnswer, LinkedConcept
from litgraph.cli import cli
from litgraph.errors import LitgraphError
from litgraph.store.embedded import EmbeddedStore

from conftest import REPO

CORPUS = REPO / "corpus"


def _labels(ans: LinkAnswer | LineageAnswer, keys: tuple[str, ...] | list[str]) -> list[str]:
    return [ans.label(k) for k in keys]


def _concept(ans: LinkAnswer, label: str) -> LinkedConcept:
    return next(c for c in ans.concepts if c.label == label)


# --- the demo corpus ---------------------------------------------------------------------------


def test_link_ostrom_osborne_puts_coproduction_first_with_a_chain(
    corpus_store: EmbeddedStore,
) -> None:
    ans = link(corpus_store, "Ostrom", "Osborne")
    assert ans.concepts[0].label == "Co-production"
    co = ans.concepts[0]
    assert co.a.total > 0 and co.b.total > 0
    # the evidence quotes sentences that cite Ostrom's or Parks et al.'s works, with pages
    assert {ans.label(q.work) for q in co.evidence} & {"Ostrom (1972)", "Parks et al. (1981)"}
    assert all(q.page is not None and q.sentence for q in co.evidence)
    # citation chains run from the citing work to the cited one, between the two sides
    sides = set(ans.a.works) | set(ans.b.works)
    assert ans.chains and all({ch.works[0], ch.works[-1]} <= sides for ch in ans.chains)
    assert any(ch.direct and ans.label(ch.works[-1]) == "Ostrom (1972)" for ch in ans.chains)
    # how co-production travelled: direct citations count as chains of length 1
    assert any(ch.direct for ch in co.chains)


def test_link_vargo_osborne_through_service_dominant_logic(corpus_store: EmbeddedStore) -> None:
    ans = link(corpus_store, "Vargo", "Osborne")
    top = [c.key for c in ans.concepts[:3]]
    assert "sdlogic" in top or "psdl" in top


def test_show_and_find(corpus_store: EmbeddedStore) -> None:
    a = show(corpus_store, "Osborne, S.")
    assert a.kind == "author" and len(a.neighbours["works"]) >= 5
    hits = find(corpus_store, "service dominant").hits
    assert hits[0].kind == "concept" and "dominant" in hits[0].label.lower()


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
        assert data["concepts"][0]["label"] == "Co-production"
        assert (tmp_path / "l.html").stat().st_size > 10_000
        r = CliRunner().invoke(cli, ["--store", url, "lineage", "co-production"])
        assert r.exit_code == 0 and "Definitions in time order (" in r.output
        assert "Used by (own text), by year:" in r.output
    finally:
        corpus_store.__init__(corpus_store.directory)  # type: ignore[misc]


# --- the seeds ---------------------------------------------------------------------------------


def test_seeds_link_and_lineage(seeds_store: EmbeddedStore) -> None:
    ans = link(seeds_store, "Ostrom", "Osborne")
    assert "Co-production" in [c.label for c in ans.concepts[:3]]
    co = _concept(ans, "Co-production")
    assert any(ans.label(q.work) == "Ostrom (1972)" for q in co.evidence)
    lin = lineage(seeds_store, "co-production")
    bovaird = [d for d in lin.definitions if lin.label(d.work) == "Bovaird (2007)"]
    assert bovaird and "847" in bovaird[0].sentence


def test_works_named_by_family_and_year(corpus_store: EmbeddedStore) -> None:
    w = show(corpus_store, "Bovaird 2007")
    assert w.kind == "work" and w.neighbours["authors"] == ("Tony Bovaird",)
    assert "Ostrom (1972)" in [w.works[k].label for k in w.neighbours["cites"]]
    ans = link(corpus_store, "Ostrom 1972", "Osborne et al. 2013")
    assert [[ans.label(k) for k in ch.works] for ch in ans.chains if ch.direct] == [
        ["Osborne et al. (2013)", "Ostrom (1972)"]
    ]
    # the 1972 paper predates the term: no concept of the later literature is credited to it
    assert {c.key for c in ans.concepts}.isdisjoint({"sdlogic", "psdl", "newpublicmanagement"})
    with pytest.raises(LitgraphError, match="nothing in the graph matches"):
        show(corpus_store, "Nobody 1999")


def test_works_using_counts_each_concept_as_the_per_work_uses_do(
    corpus_store: EmbeddedStore,
) -> None:
    """The per-concept count read in the store equals counting the (work, concept) uses that
    pass the thresholds, for the whole corpus and for parts of it."""
    from collections import Counter

    from litgraph.ask import usage

    works = sorted(r["k"] for r in corpus_store.query("MATCH (w:Work) RETURN w.key AS k"))
    for part in (works, works[::3], works[1:5], works[-1:], []):
        per_pair = Counter(c for (_w, c) in usage.counts(corpus_store, part))
        assert usage.works_using(corpus_store, part) == dict(per_pair)
    everything = usage.works_using(corpus_store, works)
    assert everything and max(everything.values()) > 1


def test_a_background_part_runs_while_the_caller_goes_on_and_hands_over_its_result() -> None:
    import threading

    from litgraph.ask.background import Background

    started = threading.Event()

    def part(x: int) -> int:
        # waits for the caller: were it run in the caller's thread, it would never see this
        assert started.wait(10), "the caller was held up"
        return x * 2

    running = Background(part, 21)
    started.set()
    assert running.result() == 42


def test_a_background_parts_error_is_raised_to_the_caller() -> None:
    from litgraph.ask.background import Background

    def part() -> None:
        raise LitgraphError("no works found")

    running = Background(part)
    with pytest.raises(LitgraphError, match="no works found"):
        running.result()
