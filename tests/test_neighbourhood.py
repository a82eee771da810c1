"""`litgraph view`: author, work, concept and whole-graph subgraphs of the demo corpus, and
`--max-nodes` honoured end to end on a graph bigger than the default (real embedded store)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from litgraph.ask.neighbourhood import neighbourhood, whole_graph
from litgraph.cli import cli
from litgraph.errors import LitgraphError
from litgraph.graph.schema import SCHEMA
from litgraph.model import Subgraph
from litgraph.store.embedded import EmbeddedStore
from test_views import _page_data

from conftest import REPO

CORPUS = REPO / "corpus"
SPOKES = 450  # works citing the hub of the big graph: more than the default 300 nodes


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store (the CLI opens it) of a hub work cited by SPOKES works, which cite the
    next ones in a ring: the hub has SPOKES neighbours and the graph SPOKES + 1 nodes."""
    path = tmp_path_factory.mktemp("big") / "store"
    works = [{"key": "hub", "props": {"title": "The hub", "year": 1990, "in_corpus": True}}]
    works += [
        {"key": f"w{i:03}", "props": {"title": f"Spoke {i}", "year": 2000, "in_corpus": True}}
        for i in range(SPOKES)
    ]
    cites = [{"start": f"w{i:03}", "end": "hub", "props": {"count": 1}} for i in range(SPOKES)]
    # the first 100 spokes also cite their successor: they are the most connected
    cites += [
        {"start": f"w{i:03}", "end": f"w{i + 1:03}", "props": {"count": 1}} for i in range(100)
    ]
    with EmbeddedStore(path) as s:
        s.ensure_schema(SCHEMA)
        s.upsert_nodes("Work", works)
        s.upsert_relationships("CITES", "Work", "Work", cites)
    return path


def _labels(graph: Subgraph) -> set[str]:
    return {n.label for n in graph.nodes}


def _edges(graph: Subgraph) -> set[tuple[str, str, str]]:
    names = {n.id: n.label for n in graph.nodes}
    return {(names[e.source], names[e.target], e.kind) for e in graph.edges}


def _degrees(store: EmbeddedStore, keys: list[str]) -> dict[str, int]:
    rows = store.query(
        "MATCH (m)-[x]-() WHERE m.key IN $keys AND type(x) <> 'DESCRIBES' "
        "RETURN m.key AS k, count(x) AS d",
        {"keys": keys},
    )
    return {r["k"]: int(r["d"]) for r in rows}


# --- subgraphs of the demo corpus ------------------------------------------------------------


def test_author_neighbourhood_is_the_author_and_their_works(corpus_store: EmbeddedStore) -> None:
    g = neighbourhood(corpus_store, "Bovaird", "author")
    assert g.heading == "Author: Tony Bovaird" and g.note == ""
    assert _labels(g) == {"Tony Bovaird", "Bovaird (2007)", "Bovaird & Loeffler (2012)"}
    assert _edges(g) == {
        ("Tony Bovaird", "Bovaird (2007)", "AUTHORED"),
        ("Tony Bovaird", "Bovaird & Loeffler (2012)", "AUTHORED"),
        ("Bovaird & Loeffler (2012)", "Bovaird (2007)", "CITES"),  # edges among neighbours too
    }
    kinds = {n.label: n.kind for n in g.nodes}
    assert kinds["Tony Bovaird"] == "author" and kinds["Bovaird (2007)"] == "work"


def test_work_neighbourhood_has_its_citations_authors_and_concepts(
    corpus_store: EmbeddedStore,
) -> None:
    g = neighbourhood(corpus_store, "Bovaird 2007", "work")
    assert g.heading.startswith("Work: Beyond engagement and participation")
    assert g.note == ""
    edges = _edges(g)
    centre = "Bovaird (2007)"
    assert (centre, "Ostrom (1972)", "CITES") in edges
    assert (centre, "Parks et al. (1981)", "CITES") in edges
    assert ("Osborne et al. (2013)", centre, "CITES") in edges
    assert ("Tony Bovaird", centre, "AUTHORED") in edges
    assert (centre, "Co-production", "DEFINES") in edges
    # every other node is a neighbour of the work, and no provenance is drawn
    touching = {a for a, b, _ in edges if b == centre} | {b for a, b, _ in edges if a == centre}
    assert _labels(g) - {centre} == touching
    assert {n.kind for n in g.nodes} == {"work", "author", "concept"}
    assert "DESCRIBES" not in {e.kind for e in g.edges}
    node = next(n for n in g.nodes if n.label == centre)
    assert node.year == 2007 and node.in_corpus
    cited_by = {a for a, b, k in edges if b == centre and k == "CITES"}
    assert node.size == 1 + len(cited_by) and f"cited by {len(cited_by)} works" in node.title


def test_concept_neighbourhood_has_the_works_using_it_and_narrower_concepts(
    corpus_store: EmbeddedStore,
) -> None:
    g = neighbourhood(corpus_store, "co-production", "concept")
    assert g.heading == "Concept: Co-production" and g.note == ""
    edges = _edges(g)
    assert ("Sharp (1980)", "Co-production", "DEFINES") in edges
    assert ("Ostrom (1996)", "Co-production", "MENTIONS") in edges  # its own text
    assert ("Parks et al. (1981)", "Co-production", "CREDITED") in edges  # by citing works
    assert ("Co-design", "Co-production", "BROADER") in edges
    assert ("Ostrom (1996)", "Parks et al. (1981)", "CITES") in edges
    assert "Ostrom (1972)" not in _labels(g)  # the 1972 paper predates the term
    assert {"Osborne et al. (2013)", "Enhanced co-production", "Whitaker (1980)"} <= _labels(g)
    assert not {n.kind for n in g.nodes} - {"work", "concept"}  # no authors: they are 2 hops
    count = corpus_store.query(
        "MATCH (c:Concept {key: 'coproduction'})-[r]-(m) WHERE type(r) <> 'DESCRIBES' "
        "RETURN count(DISTINCT m) AS n"
    )[0]["n"]
    assert len(g.nodes) == count + 1


def test_neighbourhood_keeps_the_most_connected_and_says_so(corpus_store: EmbeddedStore) -> None:
    full = neighbourhood(corpus_store, "co-production", "concept")
    cut = neighbourhood(corpus_store, "co-production", "concept", max_nodes=10)
    assert len(cut.nodes) == 10 and "Co-production" in _labels(cut)
    assert cut.note == f"showing the 9 most connected of {len(full.nodes) - 1} neighbours"
    kept = {n.id for n in cut.nodes} - {"coproduction"}
    dropped = {n.id for n in full.nodes} - kept - {"coproduction"}
    degree = _degrees(corpus_store, sorted(kept | dropped))
    assert min(degree[k] for k in kept) >= max(degree[k] for k in dropped)
    assert {(e.source, e.target) for e in cut.edges} <= {(e.source, e.target) for e in full.edges}
    alone = neighbourhood(corpus_store, "co-production", "concept", max_nodes=1)
    assert _labels(alone) == {"Co-production"} and alone.edges == ()


def test_whole_graph_is_the_most_connected_nodes(corpus_store: EmbeddedStore) -> None:
    total = corpus_store.query("MATCH (n) WHERE NOT n:Source RETURN count(n) AS n")[0]["n"]
    g = whole_graph(corpus_store, 50)
    assert g.heading == "The whole graph"
    assert g.note == f"showing the 50 most connected of {total} nodes"
    assert len(g.nodes) == 50
    assert {"Co-production", "Ostrom (1972)", "Parks et al. (1981)"} <= _labels(g)
    everyone = [r["k"] for r in corpus_store.query(
        "MATCH (n) WHERE NOT n:Source RETURN n.key AS k")]  # fmt: skip
    degree = _degrees(corpus_store, everyone)  # one relationship per fact: true degrees
    kept = {n.id for n in g.nodes}
    assert min(degree.get(k, 0) for k in kept) >= max(
        degree.get(k, 0) for k in set(everyone) - kept
    )
    assert "source" not in {n.kind for n in g.nodes}
    ids = {n.id for n in g.nodes}
    assert all(e.source in ids and e.target in ids for e in g.edges)
    assert ("Bovaird (2007)", "Ostrom (1972)", "CITES") in _edges(g)


def test_whole_graph_with_room_for_all_shows_every_connected_node(
    corpus_store: EmbeddedStore,
) -> None:
    connected = corpus_store.query(
        "MATCH (n)-[r]-() WHERE NOT n:Source AND type(r) <> 'DESCRIBES' "
        "RETURN count(DISTINCT n) AS n"
    )[0]["n"]
    total = corpus_store.query("MATCH (n) WHERE NOT n:Source RETURN count(n) AS n")[0]["n"]
    g = whole_graph(corpus_store, 1000)
    assert len(g.nodes) == connected
    expected = f"showing the {connected} connected of {total} nodes" if total > connected else ""
    assert g.note == expected
    assert {n.kind for n in g.nodes} == {"work", "author", "concept"}


@pytest.mark.parametrize("max_nodes", [0, -5])
def test_max_nodes_below_one_is_an_error(corpus_store: EmbeddedStore, max_nodes: int) -> None:
    with pytest.raises(LitgraphError, match="at least 1"):
        whole_graph(corpus_store, max_nodes)
    with pytest.raises(LitgraphError, match="at least 1"):
        neighbourhood(corpus_store, "co-production", "concept", max_nodes)


# --- `litgraph view --max-nodes` end to end ---------------------------------------------------


def view(store: Path, out: Path, *args: str) -> tuple[Result, str]:
    res = CliRunner().invoke(cli, ["--store", f"embedded:{store}", "view", *args, "-o", str(out)])
    return res, out.read_text(encoding="utf-8") if out.exists() else ""


def _note(html: str) -> str:
    start = html.index('<p id="lg-note">') + len('<p id="lg-note">')
    return html[start : html.index("</p>", start)]


def test_view_all_honours_max_nodes_above_the_default(big_store: Path, tmp_path: Path) -> None:
    res, html = view(big_store, tmp_path / "x.html", "--all", "--max-nodes", "400")
    assert res.exit_code == 0, res.output
    assert len(_page_data(html)["nodes"]) == 400
    assert _note(html) == f"showing the 400 most connected of {SPOKES + 1} nodes"


def test_view_all_default_draws_300_and_says_so(big_store: Path, tmp_path: Path) -> None:
    res, html = view(big_store, tmp_path / "x.html", "--all")
    assert res.exit_code == 0, res.output
    ids = {n["id"] for n in _page_data(html)["nodes"]}
    assert len(ids) == 300 and {"hub", "w000", "w099"} <= ids
    assert _note(html) == f"showing the 300 most connected of {SPOKES + 1} nodes"


def test_view_work_honours_max_nodes(big_store: Path, tmp_path: Path) -> None:
    res, html = view(big_store, tmp_path / "x.html", "--work", "hub", "--max-nodes", "420")
    assert res.exit_code == 0, res.output
    data = _page_data(html)
    ids = {n["id"] for n in data["nodes"]}
    assert len(ids) == 420 and "hub" in ids
    assert {f"w{i:03}" for i in range(101)} <= ids  # the ring's spokes are the most connected
    assert _note(html) == f"showing the 419 most connected of {SPOKES} neighbours"
    assert sum(1 for e in data["edges"] if e["to"] == "hub") == 419


def test_view_work_with_room_for_all_has_no_note(big_store: Path, tmp_path: Path) -> None:
    res, html = view(big_store, tmp_path / "x.html", "--work", "hub", "--max-nodes", "1000")
    assert res.exit_code == 0, res.output
    assert len(_page_data(html)["nodes"]) == SPOKES + 1
    assert '<p id="lg-note">' not in html


def test_view_max_nodes_zero_is_a_one_line_error(big_store: Path, tmp_path: Path) -> None:
    res, html = view(big_store, tmp_path / "x.html", "--all", "--max-nodes", "0")
    assert res.exit_code == 2 and html == ""  # a usage mistake, caught before the store opens
    assert res.output.strip().splitlines() == [
        "litgraph: error: Invalid value for '--max-nodes': 0 is not in the range 1<=x<=2000. "
        "(see `litgraph view --help`)"
    ]
