"""One contract suite, run against every store kind (embedded, Neo4j adapter over Bolt)."""

from __future__ import annotations

import pytest

from litgraph.errors import QueryError
from litgraph.graph.schema import NodeIndex
from litgraph.store import GraphStore

SCHEMA = [NodeIndex("Work"), NodeIndex("Author")]


def _load_small(store: GraphStore) -> None:
    store.ensure_schema(SCHEMA)
    store.upsert_nodes(
        "Work",
        [{"key": f"w{i}", "props": {"title": f"Work {i}", "year": 1970 + i}} for i in range(10)],
    )
    store.upsert_nodes("Author", [{"key": "a:ostrom:e", "props": {"name": "Elinor Ostrom"}}])
    store.upsert_relationships(
        "AUTHORED",
        "Author",
        "Work",
        [{"start": "a:ostrom:e", "end": "w0", "props": {"position": 1}}],
    )
    store.upsert_relationships(
        "CITES", "Work", "Work",
        [{"start": f"w{i}", "end": f"w{i - 1}", "props": {"count": 1}} for i in range(1, 10)],
    )  # fmt: skip


def test_store_satisfies_protocol(any_store: GraphStore) -> None:
    assert isinstance(any_store, GraphStore)
    assert any_store.dialect in ("falkordb", "neo4j")


def test_upsert_twice_gives_identical_counts(any_store: GraphStore) -> None:
    _load_small(any_store)
    first = any_store.counts()
    _load_small(any_store)
    assert any_store.counts() == first
    assert first == {
        "nodes": {"Author": 1, "Work": 10},
        "relationships": {"AUTHORED": 1, "CITES": 9},
    }


def test_upsert_updates_properties(any_store: GraphStore) -> None:
    _load_small(any_store)
    any_store.upsert_nodes("Work", [{"key": "w3", "props": {"title": "Renamed"}}])
    rows = any_store.query("MATCH (w:Work {key: $k}) RETURN w.title AS t, w.year AS y", {"k": "w3"})
    assert rows == [{"t": "Renamed", "y": 1973}]


def test_unicode_and_quotes_round_trip(any_store: GraphStore) -> None:
    any_store.ensure_schema(SCHEMA)
    values = [
        "Löffler & Grönroos: “co-production”",
        "O'Brien's \"quoted\" title",
        "back\\slash and {braces} and $dollar",
        "中文 · Ελληνικά · emoji 🙂",
        "line\nbreak\ttab",
    ]
    any_store.upsert_nodes(
        "Work", [{"key": f"u{i}", "props": {"title": v}} for i, v in enumerate(values)]
    )
    rows = any_store.query("MATCH (w:Work) RETURN w.key AS k, w.title AS t ORDER BY k")
    assert [r["t"] for r in rows] == values
    got = any_store.query("MATCH (w:Work {title: $t}) RETURN w.key AS k", {"t": values[1]})
    assert got == [{"k": "u1"}]


def test_parameters_with_cypher_syntax_are_data(any_store: GraphStore) -> None:
    _load_small(any_store)
    evil = "x'}) MATCH (n) DETACH DELETE n //"
    any_store.upsert_nodes("Work", [{"key": evil, "props": {"title": "') RETURN 1 //"}}])
    rows = any_store.query("MATCH (w:Work {key: $k}) RETURN w.title AS t", {"k": evil})
    assert rows == [{"t": "') RETURN 1 //"}]
    assert any_store.counts()["nodes"]["Work"] == 11  # nothing was deleted


def test_read_query_refuses_writes(any_store: GraphStore) -> None:
    with pytest.raises(QueryError, match="--write"):
        any_store.query("CREATE (n:Work {key: 'x'})")
    assert any_store.counts()["nodes"] == {}


@pytest.mark.slow
def test_query_timeout_is_enforced(any_store: GraphStore) -> None:
    if getattr(any_store, "compat", False):
        pytest.skip("FalkorDB's Bolt endpoint ignores transaction timeouts (server limitation)")
    slow = "UNWIND range(1, 50000000) AS i WITH i WHERE i % 7 = 3 RETURN count(i) AS n"
    with pytest.raises(QueryError):
        any_store.query(slow, timeout=0.2)
    assert any_store.query("RETURN 1 AS one") == [{"one": 1}]  # still usable


def test_bad_cypher_is_a_query_error(any_store: GraphStore) -> None:
    with pytest.raises(QueryError):
        any_store.query("MATCH (n RETURN n")


@pytest.mark.slow
def test_hundred_thousand_nodes_batched(any_store: GraphStore) -> None:
    any_store.ensure_schema(SCHEMA)
    rows = [{"key": f"k{i}", "props": {"title": f"t{i}", "year": i % 50}} for i in range(100_000)]
    assert any_store.upsert_nodes("Work", rows, batch=10_000) == 100_000
    assert any_store.counts()["nodes"]["Work"] == 100_000
    any_store.upsert_nodes("Work", rows[:20_000], batch=10_000)
    assert any_store.counts()["nodes"]["Work"] == 100_000


def test_nodes_and_paths_come_back_as_plain_values(any_store: GraphStore) -> None:
    _load_small(any_store)
    rows = any_store.query(
        "MATCH (a:Work {key: 'w3'})-[c:CITES]->(b:Work) RETURN a, c, b.key AS k, labels(a) AS l"
    )
    assert rows[0]["a"]["key"] == "w3" and rows[0]["a"]["_labels"] == ["Work"]
    assert rows[0]["c"]["_type"] == "CITES" and rows[0]["c"]["count"] == 1
    assert rows[0]["k"] == "w2" and rows[0]["l"] == ["Work"]


def test_retract_removes_exactly_one_sources_contribution(any_store: GraphStore) -> None:
    any_store.ensure_schema(SCHEMA)
    shared = {"key": "ostrom1972", "props": {"title": "Metropolitan reform"}}
    for src, own in (("a.pdf", "wa"), ("b.pdf", "wb")):
        any_store.upsert_nodes("Work", [shared, {"key": own, "props": {}}], source=src)
        any_store.upsert_relationships(
            "CITES", "Work", "Work", [{"start": own, "end": "ostrom1972", "props": {"count": 2}}],
            source=src,
        )  # fmt: skip
    # loading a source twice does not duplicate its tracked relationship or its srcs entry
    any_store.upsert_relationships(
        "CITES", "Work", "Work", [{"start": "wa", "end": "ostrom1972", "props": {"count": 3}}],
        source="a.pdf",
    )  # fmt: skip
    assert any_store.counts()["relationships"] == {"CITES": 2}
    rows = any_store.query("MATCH (w:Work {key: 'ostrom1972'}) RETURN w.srcs AS s")
    assert sorted(rows[0]["s"]) == ["a.pdf", "b.pdf"]

    any_store.retract("a.pdf")
    keys = sorted(r["k"] for r in any_store.query("MATCH (w:Work) RETURN w.key AS k"))
    assert keys == ["ostrom1972", "wb"]
    assert any_store.query("MATCH (a)-[c:CITES]->(b) RETURN a.key AS a, c.count AS n") == [
        {"a": "wb", "n": 2}
    ]
    any_store.retract("b.pdf")
    assert any_store.counts() == {"nodes": {}, "relationships": {}}
