"""Exports (GraphML, GEXF, JSON, CSV, BibTeX) of a graph built from a few corpus digests."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bibtexparser
import pytest

from litgraph import pipeline
from litgraph.api import export_graph
from litgraph.errors import ConfigError
from litgraph.present.bibtex import latex_escape
from litgraph.present.export import FORMATS, csv_paths
from litgraph.store import GraphStore
from litgraph.store.embedded import EmbeddedStore
from test_named_queries import (
    AUTHORS,
    CITES,
    CONCEPTS,
    MENTIONS,
    WORKS,
    five_digests,
    load_small_graph,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
NASTY = 'Trust <&> "quoted" {braced} 100% \x0c_done'
NASTY_XML = NASTY.replace("\x0c", "")  # XML 1.0 cannot carry the form feed
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    root = tmp_path_factory.mktemp("export")
    docs = five_digests(root)
    with EmbeddedStore(root / "store") as s:
        assert not pipeline.build([docs], s, jobs=1).failures
        s.upsert_nodes("Work", [{"key": "w:nasty", "props": {
            "title": NASTY, "year": 2020, "in_corpus": False, "kind": "article",
        }}], source="t")  # fmt: skip
        s.upsert_nodes("Author", [{"key": "a:oconnor:z", "props": {
            "name": "Zoë O'Connor", "family": "O'Connor", "given": "Zoë",
        }}], source="t")  # fmt: skip
        for src in ("t", "u"):
            s.upsert_relationships("AUTHORED", "Author", "Work", [
                {"start": "a:oconnor:z", "end": "w:nasty", "props": {"position": 1}},
            ], source=src)  # fmt: skip
        yield s


def expected(store: GraphStore) -> tuple[int, int]:
    """Nodes other than Source, and distinct (start, type, end) between them."""
    nodes = store.query("MATCH (n) WHERE NOT n:Source RETURN count(n) AS n")[0]["n"]
    rows = store.query(
        "MATCH (a)-[r]->(b) WHERE NOT a:Source RETURN a.key AS a, type(r) AS t, b.key AS b"
    )
    return nodes, len({(r["a"], r["t"], r["b"]) for r in rows})


def export(store: GraphStore, fmt: str, **kw: Any) -> tuple[str, dict[str, int]]:
    buf = io.StringIO()
    counts = export_graph(store, fmt, buf, **kw)
    return buf.getvalue(), counts


def test_graphml(built: EmbeddedStore) -> None:
    text, counts = export(built, "graphml")
    n_nodes, n_edges = expected(built)
    assert counts == {"nodes": n_nodes, "edges": n_edges}
    stored = built.query("MATCH (a)-[r]->() WHERE NOT a:Source RETURN count(r) AS n")[0]["n"]
    assert n_edges == stored  # one relationship per fact in the store, one edge per relationship
    root = ET.fromstring(text)
    graph = root.find(f"{GRAPHML}graph")
    assert graph is not None and graph.get("edgedefault") == "directed"
    nodes = graph.findall(f"{GRAPHML}node")
    edges = graph.findall(f"{GRAPHML}edge")
    assert (len(nodes), len(edges)) == (n_nodes, n_edges)
    keys = {(k.get("for"), k.get("attr.name")): k.get("id") for k in root.findall(f"{GRAPHML}key")}
    data = {n.get("id"): {d.get("key"): d.text for d in n.findall(f"{GRAPHML}data")} for n in nodes}
    assert data["w:nasty"][keys["node", "label"]] == NASTY_XML
    assert data["w:nasty"][keys["node", "type"]] == "Work"
    assert data["w:nasty"][keys["node", "year"]] == "2020"
    ids = set(data)
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)
    authored = [e for e in edges if e.get("source") == "a:oconnor:z"]
    assert len(authored) == 1  # asserted by two sources, one edge
    weights = {d.get("key"): d.text for d in authored[0].findall(f"{GRAPHML}data")}
    assert weights[keys["edge", "type"]] == "AUTHORED" and weights[keys["edge", "sources"]] == "2"


def test_gexf(built: EmbeddedStore) -> None:
    text, counts = export(built, "gexf")
    root = ET.fromstring(text)
    nodes = root.findall(f"{GEXF}graph/{GEXF}nodes/{GEXF}node")
    edges = root.findall(f"{GEXF}graph/{GEXF}edges/{GEXF}edge")
    assert (len(nodes), len(edges)) == expected(built) == (counts["nodes"], counts["edges"])
    by_id = {n.get("id"): n for n in nodes}
    assert by_id["w:nasty"].get("label") == NASTY_XML
    values = {v.get("for"): v.get("value") for v in by_id["w:nasty"].iter(f"{GEXF}attvalue")}
    assert values["type"] == "Work" and values["year"] == "2020"
    cites = [e for e in edges if e.get("label") == "CITES"]
    assert cites and all(float(e.get("weight") or 0) >= 1 for e in cites)
    assert {e.get("id") for e in edges} == {str(i) for i in range(len(edges))}


def test_json(built: EmbeddedStore) -> None:
    text, counts = export(built, "json")
    data = json.loads(text)
    assert (len(data["nodes"]), len(data["edges"])) == expected(built)
    assert counts == {"nodes": len(data["nodes"]), "edges": len(data["edges"])}
    nasty = next(n for n in data["nodes"] if n["id"] == "w:nasty")
    assert nasty["label"] == NASTY and nasty["type"] == "Work"
    cites = [e for e in data["edges"] if e["type"] == "CITES"]
    total = built.query("MATCH ()-[r:CITES]->() RETURN sum(r.count) AS n")[0]["n"]
    assert sum(e["count"] for e in cites) == total  # every source's count, none lost
    assert any(e.get("sentences") for e in cites)
    assert all(len(e.get("sentences", [])) == len(e.get("pages", [])) for e in cites)


def test_paging_gives_the_same_export(built: EmbeddedStore) -> None:
    small_pages = export(built, "json", page=3)[0]
    assert small_pages == export(built, "json")[0]
    q = "MATCH (a)-[r]->() WHERE NOT a:Source RETURN sum(size(r.srcs)) AS n"
    asserted = built.query(q)[0]["n"]
    assert sum(e["sources"] for e in json.loads(small_pages)["edges"]) == asserted  # none lost


def test_csv(built: EmbeddedStore, tmp_path: Path) -> None:
    counts = export_graph(built, "csv", tmp_path / "graph.csv")
    nodes_path, edges_path = csv_paths(tmp_path / "graph.csv")
    assert nodes_path.name == "graph-nodes.csv" and edges_path.name == "graph-edges.csv"
    with nodes_path.open(encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with edges_path.open(encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert (len(nodes), len(edges)) == expected(built) == (counts["nodes"], counts["edges"])
    assert next(n for n in nodes if n["Id"] == "w:nasty")["Label"] == NASTY_XML
    assert {e["Type"] for e in edges} == {"Directed"}
    assert {"AUTHORED", "CITES", "MENTIONS"} <= {e["Relation"] for e in edges}
    with pytest.raises(ConfigError):
        export_graph(built, "csv", io.StringIO())


def test_bibtex(built: EmbeddedStore) -> None:
    text, counts = export(built, "bibtex")
    lib = bibtexparser.parse_string(text)
    assert lib.failed_blocks == []
    titled = built.query("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN count(w) AS n")[0]["n"]
    assert len(lib.entries) == counts["entries"] == titled
    entries = {e.key: e for e in lib.entries}
    assert len(entries) == len(lib.entries)  # unique keys
    ostrom = entries["ostrom1972"]
    assert ostrom["year"] == "1972" and ostrom["title"].startswith("Metropolitan reform")
    assert ostrom["author"].startswith("Ostrom, E")
    brudney = entries["brudney1983"]
    assert brudney["author"].startswith("Brudney, ") and " and England, " in brudney["author"]
    nasty = next(e for e in lib.entries if "Trust" in e["title"])
    assert nasty.key == "oconnor2020" and nasty["author"] == "O'Connor, Zoë"
    assert nasty["title"] == r'Trust <\&> "quoted" \{braced\} 100\% \_done'


def test_bibtex_key_suffixes_and_escapes(any_store: GraphStore) -> None:
    load_small_graph(any_store)  # two Osborne & Radnor works, 2013 and 2014; no clash
    any_store.upsert_nodes("Work", [
        {"key": "w:osborne:2013b", "props": {"title": "Another 2013 paper", "year": 2013}},
    ], source="t")  # fmt: skip
    any_store.upsert_relationships("AUTHORED", "Author", "Work", [
        {"start": "a:osborne:s", "end": "w:osborne:2013b", "props": {"position": 1}},
    ], source="t")  # fmt: skip
    lib = bibtexparser.parse_string(export(any_store, "bibtex")[0])
    keys = {e["title"]: e.key for e in lib.entries}
    assert keys["A new theory"] == "osborne2013a" and keys["Another 2013 paper"] == "osborne2013b"
    assert keys["Blueprinting"] == "osborne2014"
    assert latex_escape("a\\b ~ ^") == r"a\textbackslash{}b \textasciitilde{} \textasciicircum{}"


def test_small_graph_on_every_store(any_store: GraphStore) -> None:
    load_small_graph(any_store)
    text, counts = export(any_store, "graphml")
    authored = {(a, k) for k, _, _, _, authors in WORKS for a in authors}
    n_edges = len(authored) + sum(map(len, CITES.values())) + len(MENTIONS) + 1  # + DEFINES
    assert counts == {"nodes": len(WORKS) + len(AUTHORS) + len(CONCEPTS), "edges": n_edges}
    root = ET.fromstring(text)
    assert len(root.findall(f"{GRAPHML}graph/{GRAPHML}edge")) == n_edges
    with_sources = export(any_store, "json", include_sources=True)[1]
    assert with_sources["nodes"] == counts["nodes"] + 2
    assert with_sources["edges"] == n_edges + 2  # DESCRIBES


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_to_a_path(built: EmbeddedStore, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    counts = export_graph(built, fmt, out)
    written = [out] if fmt != "csv" else list(csv_paths(out))
    assert all(p.stat().st_size > 100 for p in written)
    assert counts["nodes"] > 0 and counts["edges"] > 0


def test_unknown_format(built: EmbeddedStore) -> None:
    with pytest.raises(ConfigError, match="graphml"):
        export_graph(built, "dot", io.StringIO())
