"""The analytics read the same projected subgraph from every store and compute in Python, so
the embedded store and the Neo4j adapter (over FalkorDB's Bolt endpoint; a real Neo4j when
configured) give identical clusters, main paths, turning points and bursts."""

from __future__ import annotations

import random
from typing import Any

from litgraph.analyze import project
from litgraph.ask import mapping
from litgraph.ask.clusters import clusters, work_measures
from litgraph.graph.schema import SCHEMA
from litgraph.store import GraphStore


def _school_graph() -> dict[str, list[dict[str, Any]]]:
    """Two schools of twelve works each (1970s-80s and 2000s), their citing works citing
    mostly inside one school, and one bridge citing both; authors writing within a school."""
    rnd = random.Random(5)
    works = [{"key": f"old{i:02d}", "props": {"title": f"Old {i}", "year": 1970 + i}}
             for i in range(12)]  # fmt: skip
    works += [{"key": f"new{i:02d}", "props": {"title": f"New {i}", "year": 2000 + i}}
              for i in range(12)]  # fmt: skip
    works.append({"key": "bridge", "props": {"title": "Bridge", "year": 2013}})
    cites = set()
    for school in ("old", "new"):
        for i in range(1, 12):
            for j in rnd.sample(range(i), min(i, 3)):
                cites.add((f"{school}{i:02d}", f"{school}{j:02d}"))
    cites |= {("bridge", "old03"), ("bridge", "old07"), ("bridge", "new02"), ("bridge", "new05")}
    cites |= {("new11", "bridge"), ("new10", "bridge")}
    authors = [{"key": f"a{i}", "props": {"name": f"Author {i}", "family": f"A{i}"}}
               for i in range(8)]  # fmt: skip
    authored = [{"start": f"a{(i % 4) + (0 if w['key'].startswith('old') else 4)}",
                 "end": w["key"], "props": {"position": 1}}
                for i, w in enumerate(works) if w["key"] != "bridge"]  # fmt: skip
    authored += [{"start": f"a{(i % 4) + (0 if w['key'].startswith('old') else 4)}",
                  "end": w["key"], "props": {"position": 2}}
                 for i, w in enumerate(works[1:], start=2) if w["key"] != "bridge"]  # fmt: skip
    return {
        "works": works,
        "authors": authors,
        "authored": authored,
        "cites": [{"start": a, "end": b, "props": {"count": 1, "sentences": [f"{a} cites {b}."],
                                                   "pages": [1]}} for a, b in sorted(cites)],
    }  # fmt: skip


def _load(store: GraphStore) -> None:
    data = _school_graph()
    store.ensure_schema(SCHEMA)
    store.upsert_nodes("Work", data["works"])
    store.upsert_nodes("Author", data["authors"])
    store.upsert_relationships("AUTHORED", "Author", "Work", data["authored"])
    store.upsert_relationships("CITES", "Work", "Work", data["cites"])


def _answers(store: GraphStore) -> dict[str, Any]:
    net = project.citation_network(store, page=7)  # several pages
    return {
        "network": (net.years, net.cites),
        "clusters": {n: clusters(store, n).to_json()
                     for n in ("cocitation", "coupling", "coauthorship", "citation")},
        "main_path": [s.to_json() for s in mapping.main_path(store, net)],
        "turning_points": [t.to_json() for t in mapping.turning_points(net)[0]],
        "bursts": [b.to_json() for b in mapping.citation_bursts(store, net.years)],
        "measures": work_measures(store),
    }  # fmt: skip


def test_embedded_and_neo4j_adapter_give_identical_science_maps(
    embedded_store: GraphStore, bolt_store: GraphStore
) -> None:
    _load(embedded_store)
    _load(bolt_store)
    embedded, bolt = _answers(embedded_store), _answers(bolt_store)
    assert embedded["network"][1] and embedded["main_path"]
    for name in embedded:
        assert bolt[name] == embedded[name], name


def test_the_two_schools_and_their_bridge_are_found(embedded_store: GraphStore) -> None:
    _load(embedded_store)
    ans = clusters(embedded_store, "cocitation")
    where = {k: c.number for c in ans.clusters for k in c.members}
    old = {c for k, c in where.items() if k.startswith("old")}
    new = {c for k, c in where.items() if k.startswith("new")}
    assert len([k for k in where if k.startswith("old")]) >= 8
    assert len([k for k in where if k.startswith("new")]) >= 8
    assert len(old) == 1 and len(new) == 1 and old != new
    net = project.citation_network(embedded_store)
    assert mapping.turning_points(net)[0][0].work == "bridge"
