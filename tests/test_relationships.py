"""One relationship per fact: on the demo corpus every (start, type, end) exists once on both
stores, a fact several sources assert loses exactly one source's part when that source is
retracted, and a store written with one relationship per source is migrated by a build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from litgraph.extract.concepts import load_vocabulary
from litgraph.graph.contributions import Contribution, WorkFacts, build_contributions
from litgraph.graph.provenance import split
from litgraph.graph.schema import (
    AUTHORED,
    CITES,
    CONCEPT,
    CREDITED,
    DEFINES,
    GRAPH_MODEL,
    MENTIONS,
    SCHEMA,
    WORK,
)
from litgraph.model import document_from_dict
from litgraph.pipeline import Pending, build, extract_source, write_contributions
from litgraph.pipeline.writing import retract_sources
from litgraph.resolve import prepare_documents, resolve
from litgraph.sources.scan import discover
from litgraph.store import GraphStore
from litgraph.store.embedded import EmbeddedStore
from test_named_queries import five_digests, run
from test_pipeline import clean_dump, dump, small_corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FACTS = (AUTHORED, CITES, MENTIONS, CREDITED, DEFINES)


def contributions_of(folder: Path) -> dict[str, Contribution]:
    """Each source's contribution, computed as a build does, without any store."""
    docs = []
    for f in discover([str(folder)]):
        docs += [document_from_dict(d) for d in extract_source(f)["documents"]]
    prepared = prepare_documents(docs)
    grouped: dict[str, list[Any]] = {}
    for d in prepared:
        grouped.setdefault(d.source.path.split("#", 1)[0], []).append(d)
    return build_contributions(sorted(grouped.items()), resolve(prepared), load_vocabulary([]))


def work_facts(contributions: dict[str, Contribution], rtype: str) -> list[tuple[str, str]]:
    """Every (start, end) a contribution writes as a work's own fact (repeats included)."""
    out = []
    for c in contributions.values():
        for t, rows in c.fact_rows():
            if t != rtype:
                continue
            for row in rows:
                for link in row["links"]:
                    ends = (link["key"], row["anchor"]) if t == AUTHORED else (
                        row["anchor"], link["key"])  # fmt: skip
                    out.append(ends)
    return out


def asserted(contributions: dict[str, Contribution], rtype: str) -> tuple[int, int]:
    """(distinct start-end pairs, assertions by sources) of one relationship type; a work's
    own facts (authorship, a cited work's title concepts) are asserted by no source."""
    pairs: set[tuple[str, str]] = set(work_facts(contributions, rtype))
    assertions = 0
    for c in contributions.values():
        for (t, _, _), rows in c.rels.items():
            if t == rtype:
                pairs |= set(rows)
                assertions += len(rows)
    return len(pairs), assertions


def stored(store: GraphStore, rtype: str) -> tuple[int, int, int]:
    """(relationships, distinct start-end pairs, sources listed on them) of one type."""
    rows = store.query(
        f"MATCH (a)-[r:{rtype}]->(b) RETURN a.key AS a, b.key AS b, size(r.srcs) AS n"
    )
    return len(rows), len({(r["a"], r["b"]) for r in rows}), sum(int(r["n"] or 0) for r in rows)


def write_all(store: GraphStore, contributions: dict[str, Contribution]) -> None:
    store.ensure_schema(SCHEMA)
    write_contributions(store, [
        Pending(c, {"path": k, "sha256": "", "version": "t", "model": GRAPH_MODEL}, None, True,
                c.fingerprint())
        for k, c in sorted(contributions.items())
    ])  # fmt: skip


@pytest.fixture(scope="module")
def corpus() -> dict[str, Contribution]:
    if not (CORPUS / "digests").is_dir():
        pytest.skip("the demo corpus is missing")
    return contributions_of(CORPUS)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path_factory.mktemp("facts") / "store") as s:
        report = build([str(CORPUS)], s, jobs=1)
        assert not report.failures
        yield s


@pytest.mark.parametrize("rtype", FACTS)
def test_demo_corpus_has_one_relationship_per_fact(
    corpus: dict[str, Contribution], corpus_store: EmbeddedStore, rtype: str
) -> None:
    pairs, assertions = asserted(corpus, rtype)
    assert stored(corpus_store, rtype) == (pairs, pairs, assertions)
    n = corpus_store.query(f"MATCH ()-[r:{rtype}]->() RETURN count(r) AS n")[0]["n"]
    assert n == pairs
    if rtype == AUTHORED:  # works cited by many sources: written by each, stored once
        assert assertions == 0 and len(work_facts(corpus, rtype)) > 2 * pairs


def test_demo_corpus_counts_are_the_sources_counts(
    corpus: dict[str, Contribution], corpus_store: EmbeddedStore
) -> None:
    """A fact's count is the sum of the counts its sources give, its evidence all of theirs."""
    expected: dict[tuple[str, str], list[int]] = {}
    for c in corpus.values():
        for (a, b), props in c.rels.get((CITES, WORK, WORK), {}).items():
            acc = expected.setdefault((a, b), [0, 0])
            acc[0] += props.get("count", 0)
            acc[1] += len(props.get("sentences", []))
    rows = corpus_store.query(
        "MATCH (a)-[r:CITES]->(b) RETURN a.key AS a, b.key AS b, r.count AS n, "
        "size(coalesce(r.sentences, [])) AS s"
    )
    assert {(r["a"], r["b"]): [r["n"], r["s"]] for r in rows} == expected


def test_the_neo4j_adapter_stores_the_same_facts(bolt_store: GraphStore, tmp_path: Path) -> None:
    """Five digests written through the Neo4j adapter (FalkorDB's Bolt endpoint) and into the
    embedded store: the same relationships with the same properties."""
    contributions = contributions_of(five_digests(tmp_path))
    write_all(bolt_store, contributions)
    with EmbeddedStore(tmp_path / "store") as embedded:
        write_all(embedded, contributions)
        assert dump(bolt_store) == dump(embedded)
    for rtype in FACTS:
        pairs, assertions = asserted(contributions, rtype)
        assert stored(bolt_store, rtype) == (pairs, pairs, assertions)


# --- two sources asserting one fact, on every store -----------------------------------------

VIA = 'w:o\'brien \\ "1999"'  # quotes and a backslash inside each source's JSON part
# two citing papers credit w:a with co-production: each sentence with its citing work and kind
CREDIT_B = {
    "count": 2, "sentences": ["As A (1972) put it, co-production ...", "A's co-production ..."],
    "pages": [7, 8], "via": [VIA, VIA], "kinds": ["explicit", "scope"],
}  # fmt: skip
CREDIT_C = {"count": 1, "sentences": ["Co-production (A, 1972) ..."], "pages": [2],
            "via": ["w:c"], "kinds": ["explicit"]}  # fmt: skip
OWN = {"count": 3, "pages": [2, 5], "score": 0.5}
TITLE = {"count": 1, "in_title": True}


def _nodes(store: GraphStore, src: str) -> None:
    store.upsert_nodes(WORK, [{"key": "w:a", "props": {}}, {"key": "w:b", "props": {}}], source=src)
    store.upsert_nodes("Concept", [{"key": "cp", "props": {"label": "Co-production"}}], source=src)


def _rel(store: GraphStore, rtype: str, src: str, props: dict[str, Any]) -> None:
    _nodes(store, src)
    row = {"start": "w:a", "end": "cp", "props": props}
    store.upsert_relationships(rtype, WORK, "Concept", [row], source=src)


def _the(store: GraphStore, rtype: str) -> dict[str, Any]:
    rows = store.query(f"MATCH (:Work {{key: 'w:a'}})-[m:{rtype}]->(:Concept) RETURN m")
    assert len(rows) == 1
    return {k: v for k, v in rows[0]["m"].items() if k != "_type"}


def test_a_fact_two_sources_assert_loses_exactly_one_part(any_store: GraphStore) -> None:
    any_store.ensure_schema(SCHEMA)
    _rel(any_store, CREDITED, "c.md", CREDIT_C)
    _rel(any_store, CREDITED, "b.md", CREDIT_B)
    _rel(any_store, CREDITED, "c.md", CREDIT_C)  # loading a source again changes nothing
    m = _the(any_store, CREDITED)
    assert m["srcs"] == ["b.md", "c.md"] and m["count"] == 3
    # the lists stay aligned: each sentence with its page, citing work and kind
    assert m["sentences"] == CREDIT_B["sentences"] + CREDIT_C["sentences"]
    assert m["pages"] == [7, 8, 2] and m["via"] == [VIA, VIA, "w:c"]
    assert m["kinds"] == ["explicit", "scope", "explicit"]
    assert split(m) == {"b.md": CREDIT_B, "c.md": CREDIT_C}
    assert any_store.counts()["relationships"] == {CREDITED: 1}

    any_store.retract("b.md")
    m = _the(any_store, CREDITED)
    assert (m["srcs"], m["count"], m["pages"], m["via"]) == (["c.md"], 1, [2], ["w:c"])
    any_store.retract("c.md")
    assert any_store.counts() == {"nodes": {}, "relationships": {}}


def _citing(src: str, own: str) -> Contribution:
    """A source whose work cites the classic w:o (written by a:ostrom) and mentions a mined
    concept."""
    c = Contribution(src)
    for key in (own, "w:o"):
        c.kept_node(WORK, key, {"title": f"Title of {key}"})
    c.kept_node(CONCEPT, "mined:polycentricity", {"label": "polycentricity", "origin": "mined"})
    c.authors["a:ostrom"] = {"name": "E. Ostrom", "family": "Ostrom"}
    c.works.update({own: WorkFacts(()), "w:o": WorkFacts(("a:ostrom",))})
    c.rel(CITES, (WORK, own), (WORK, "w:o"))["count"] = 1
    c.rel(MENTIONS, (WORK, own), (CONCEPT, "mined:polycentricity"))["count"] = 1
    return c


def test_a_work_no_source_owns_stays_while_a_source_asserts_a_relationship_of_it(
    any_store: GraphStore,
) -> None:
    write_all(any_store, {"a.md": _citing("a.md", "w:a"), "b.md": _citing("b.md", "w:b")})
    classic = (
        "MATCH (w:Work {key: 'w:o'})<-[:AUTHORED]-(a:Author) "
        "RETURN w.srcs AS srcs, w.title AS title, a.key AS author"
    )
    left = "MATCH (n) WHERE NOT n:Source RETURN n.key AS k ORDER BY k"
    expected = {"srcs": None, "title": "Title of w:o", "author": "a:ostrom"}
    assert any_store.query(classic) == [expected]  # one node, listing no source
    assert [r["k"] for r in any_store.query(left)] == [
        "a:ostrom", "mined:polycentricity", "w:a", "w:b", "w:o",
    ]  # fmt: skip

    retract_sources(any_store, ["a.md"])
    assert any_store.query(classic) == [expected]  # b.md still cites it
    assert [r["k"] for r in any_store.query(left)] == [
        "a:ostrom", "mined:polycentricity", "w:b", "w:o",
    ]  # fmt: skip
    retract_sources(any_store, ["b.md"])  # nothing keeps the classic, its author, the concept
    assert any_store.counts() == {"nodes": {}, "relationships": {}}


def test_own_use_and_credit_are_two_facts(any_store: GraphStore) -> None:
    any_store.ensure_schema(SCHEMA)
    _rel(any_store, MENTIONS, "a.md", OWN)
    _rel(any_store, CREDITED, "b.md", CREDIT_B)
    both = run(any_store, "concept_works", concept="co-production")
    assert [(r["own"], r["credited"], r["via"]) for r in both] == [(3, 2, [VIA])]
    own = run(any_store, "concept_works", concept="cp", credited="false")
    assert [(r["own"], r["credited"], r["via"]) for r in own] == [(3, 2, [VIA])]
    any_store.retract("a.md")  # only credited now: left out without credited=true
    assert run(any_store, "concept_works", concept="cp", credited="false") == []


def test_the_combined_values_do_not_depend_on_load_order(any_store: GraphStore) -> None:
    any_store.ensure_schema(SCHEMA)
    _rel(any_store, MENTIONS, "a.md", OWN)
    _rel(any_store, MENTIONS, "b.md", TITLE)
    first = _the(any_store, MENTIONS)
    assert first["count"] == 4 and first["in_title"] is True and first["score"] == 0.5
    any_store.clear()
    _rel(any_store, MENTIONS, "b.md", TITLE)
    _rel(any_store, MENTIONS, "a.md", OWN)
    assert _the(any_store, MENTIONS) == first


# --- a store written with one relationship per source ---------------------------------------


def test_a_store_with_one_relationship_per_source_is_migrated(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = small_corpus(tmp_path / "papers")
    build([str(folder)], embedded_store)
    # as an earlier build left it: no model on Sources, a relationship per source with `src`
    embedded_store.write("MATCH (s:Source) REMOVE s.model")
    embedded_store.write(
        "MATCH (a:Work)-[r:CITES]->(b:Work) WITH a, b, r.srcs[0] AS src LIMIT 3 "
        "CREATE (a)-[:CITES {src: src, count: 1}]->(b)"
    )
    r = build([str(folder)], embedded_store)
    assert r.failures == [] and r.extracted == 0 and r.written == 6
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "fresh")
    again = build([str(folder)], embedded_store)
    assert (again.written, again.unchanged) == (0, 6)


def test_sources_appended_in_order_give_the_same_fact_as_any_order(any_store: GraphStore) -> None:
    """A fact a third source asserts is appended to without being read back (sources written
    in order, as a fresh build writes them); the stored fact is the one any order gives."""
    any_store.ensure_schema(SCHEMA)
    third = {"count": 4, "pages": [9], "in_title": True, "score": 0.25}
    for src, props in (("a.md", OWN), ("b.md", TITLE), ("c.md", third), ("d.md", TITLE)):
        _rel(any_store, MENTIONS, src, props)
    in_order = _the(any_store, MENTIONS)
    assert in_order["srcs"] == ["a.md", "b.md", "c.md", "d.md"] and in_order["count"] == 9
    assert in_order["pages"] == [2, 5, 9] and in_order["score"] == 0.5
    assert in_order["in_title"] is True
    assert split(in_order) == {"a.md": OWN, "b.md": TITLE, "c.md": third, "d.md": TITLE}
    any_store.clear()
    for src, props in (("d.md", TITLE), ("c.md", third), ("b.md", TITLE), ("a.md", OWN)):
        _rel(any_store, MENTIONS, src, props)
    assert _the(any_store, MENTIONS) == in_order
    any_store.retract("c.md")
    m = _the(any_store, MENTIONS)
    assert (m["srcs"], m["count"], m["pages"]) == (["a.md", "b.md", "d.md"], 5, [2, 5])
