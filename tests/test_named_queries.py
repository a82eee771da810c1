"""Every named query in queries/ against every store kind (embedded, Bolt, real Neo4j when set).

The graph is small and hand-written (the Bolt test endpoint refuses large rows, such as the
documents cached on Source nodes), with most relationships asserted by two sources, so that
counting assertions instead of facts would show. A second test runs the queries on the demo
corpus, embedded only.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from litgraph import pipeline
from litgraph.ask.named import NamedQuery, load_queries
from litgraph.graph.schema import SCHEMA
from litgraph.store import GraphStore
from litgraph.store.embedded import EmbeddedStore

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# (key, title, year, in_corpus, authors)
WORKS: list[tuple[str, str | None, int, bool, list[str]]] = [
    ("w:ostrom:1972", "Metropolitan reform", 1972, True, ["a:ostrom:e"]),
    ("w:whitaker:1980", "Citizen participation", 1980, True, ["a:whitaker:g"]),
    ("w:parks:1981", "Consumers as coproducers", 1981, True, ["a:parks:r", "a:ostrom:e"]),
    ("w:brudney:1983", "Toward a definition", 1983, True, ["a:brudney:j"]),
    ("w:osborne:2013", "A new theory", 2013, True, ["a:osborne:s", "a:radnor:z"]),
    ("w:osborne:2014", "Blueprinting", 2014, True, ["a:osborne:s", "a:radnor:z"]),
    ("w:alford:2009", "Engaging clients", 2009, True, ["a:alford:j"]),
    ("w:lipsky:1980", "Street-level bureaucracy", 1980, False, ["a:lipsky:m"]),
    ("w:anon:1999", None, 1999, False, []),
]
AUTHORS = {
    "a:ostrom:e": ("Elinor Ostrom", "Ostrom"),
    "a:whitaker:g": ("Gordon Whitaker", "Whitaker"),
    "a:parks:r": ("Roger Parks", "Parks"),
    "a:brudney:j": ("Jeffrey Brudney", "Brudney"),
    "a:osborne:s": ("Stephen Osborne", "Osborne"),
    "a:radnor:z": ("Zoe Radnor", "Radnor"),
    "a:alford:j": ("John Alford", "Alford"),
    "a:lipsky:m": ("Michael Lipsky", "Lipsky"),
}
CITES = {
    "w:parks:1981": ["w:ostrom:1972", "w:whitaker:1980"],
    "w:brudney:1983": ["w:ostrom:1972", "w:whitaker:1980", "w:lipsky:1980"],
    "w:osborne:2013": ["w:ostrom:1972", "w:parks:1981", "w:brudney:1983", "w:lipsky:1980",
                       "w:anon:1999"],
    "w:osborne:2014": ["w:osborne:2013"],
    "w:alford:2009": ["w:ostrom:1972", "w:parks:1981", "w:lipsky:1980"],
}  # fmt: skip
CONCEPTS = [
    ("coproduction", "Co-production", "vocabulary", ["co-production", "coproduction"]),
    ("publicvalue", "Public value", "vocabulary", ["public value"]),
    ("mined:servicelogic", "service logic", "mined", []),
]
# (work, concept, count, credited through citing sentences, via)
MENTIONS = [
    ("w:osborne:2013", "coproduction", 3, False, None),
    ("w:osborne:2013", "publicvalue", 2, False, None),
    ("w:brudney:1983", "coproduction", 1, False, None),
    ("w:brudney:1983", "publicvalue", 1, False, None),
    ("w:alford:2009", "publicvalue", 4, False, None),
    ("w:alford:2009", "mined:servicelogic", 1, False, None),
    ("w:ostrom:1972", "coproduction", 2, True, "w:osborne:2013"),
    ("w:ostrom:1972", "publicvalue", 1, True, "w:osborne:2013"),
]
SOURCES = [("/c/brudney.md", "complete", "ab" * 32), ("/c/osborne.pdf", "writing", "cd" * 32)]


def load_small_graph(store: GraphStore) -> None:
    """Write the hand-made graph; citing works' relationships come twice (sources t and u)."""
    store.ensure_schema(SCHEMA)
    store.upsert_nodes("Work", [
        {"key": k, "props": {"title": t, "year": y, "in_corpus": c, "kind": "article"}}
        for k, t, y, c, _ in WORKS
    ], source="t")  # fmt: skip
    store.upsert_nodes("Author", [
        {"key": k, "props": {"name": n, "family": f}} for k, (n, f) in AUTHORS.items()
    ], source="t")  # fmt: skip
    store.upsert_nodes("Concept", [
        {"key": k, "props": {"label": lb, "origin": o, "aliases": al}} for k, lb, o, al in CONCEPTS
    ], source="t")  # fmt: skip
    store.upsert_nodes("Source", [
        {"key": p, "props": {"path": p, "status": st, "sha256": sha, "version": "1"}}
        for p, st, sha in SOURCES
    ], source="t")  # fmt: skip
    authored = [
        {"start": a, "end": k, "props": {"position": i}}
        for k, _, _, _, authors in WORKS
        for i, a in enumerate(authors, start=1)
    ]
    cites = [
        {"start": s, "end": e, "props": {"count": 1, "sentences": [f"{s} cites {e}."]}}
        for s, ends in CITES.items()
        for e in ends
    ]
    mentions = [
        {"start": w, "end": c, "props": {"count": n}} for w, c, n, at, _ in MENTIONS if not at
    ]
    credited = [
        {"start": w, "end": c, "props": {"count": n, "via": [v], "kinds": ["explicit"]}}
        for w, c, n, at, v in MENTIONS
        if at
    ]
    for src in ("t", "u"):  # each fact asserted twice, as by two citing papers
        store.upsert_relationships("AUTHORED", "Author", "Work", authored, source=src)
        store.upsert_relationships("CITES", "Work", "Work", cites, source=src)
        store.upsert_relationships("MENTIONS", "Work", "Concept", mentions, source=src)
        store.upsert_relationships("CREDITED", "Work", "Concept", credited, source=src)
    store.upsert_relationships("DEFINES", "Work", "Concept", [
        {"start": "w:brudney:1983", "end": "coproduction", "props": {"count": 1}},
    ], source="t")  # fmt: skip
    store.upsert_relationships("DESCRIBES", "Source", "Work", [
        {"start": "/c/brudney.md", "end": "w:brudney:1983", "props": {}},
        {"start": "/c/osborne.pdf", "end": "w:osborne:2013", "props": {}},
    ], source="t")  # fmt: skip


QUERIES = load_queries()


def run(store: GraphStore, query: str, /, **params: Any) -> list[dict[str, Any]]:
    q: NamedQuery = QUERIES[query]
    return store.query(q.text_for(store.dialect), q.bind({k: str(v) for k, v in params.items()}))


def pairs(rows: list[dict[str, Any]], a: str, b: str, n: str) -> dict[tuple[str, str], int]:
    return {(r[a], r[b]): r[n] for r in rows}


def test_every_query_is_documented() -> None:
    expected = {
        "most_cited", "co_citation", "bibliographic_coupling", "coauthorship",
        "concept_cooccurrence", "citing_both", "read_next", "unmatched_references",
        "concept_works", "author_works", "sources", "stats",
    }  # fmt: skip
    assert expected <= set(QUERIES)
    for q in QUERIES.values():
        assert q.description, q.name
        for p in q.params:
            assert p.help, (q.name, p.name)
        used = set(re.findall(r"\$(\w+)", q.cypher.split("\nMATCH", 1)[-1]))
        assert used == {p.name for p in q.params}, q.name  # declared = used


@pytest.fixture
def small(any_store: GraphStore) -> GraphStore:
    load_small_graph(any_store)
    return any_store


def test_most_cited(small: GraphStore) -> None:
    rows = run(small, "most_cited")
    assert rows[0]["key"] == "w:ostrom:1972" and rows[0]["cited_by"] == 4  # not 8 (two sources)
    assert rows[0]["authors"] == ["Ostrom"] and rows[0]["in_corpus"] is True
    assert rows[1]["key"] == "w:lipsky:1980" and rows[1]["cited_by"] == 3
    assert rows[1]["in_corpus"] is False
    parks = next(r for r in rows if r["key"] == "w:parks:1981")
    assert parks["authors"] == ["Parks", "Ostrom"]  # by position
    assert [r["key"] for r in run(small, "most_cited", limit=1)] == ["w:ostrom:1972"]
    assert "w:ostrom:1972" not in {r["key"] for r in run(small, "most_cited", min_year=1980)}


def test_co_citation(small: GraphStore) -> None:
    rows = run(small, "co_citation", limit=100)
    got = pairs(rows, "a_key", "b_key", "together")
    assert all(a < b for a, b in got)
    assert got[("w:lipsky:1980", "w:ostrom:1972")] == 3
    assert got[("w:ostrom:1972", "w:whitaker:1980")] == 2
    assert ("w:ostrom:1972", "w:osborne:2013") not in got  # never cited together
    assert rows[0]["together"] == max(got.values())
    assert all(n >= 3 for n in pairs(run(small, "co_citation", min_count=3), "a_key", "b_key",
                                     "together").values())  # fmt: skip


def test_bibliographic_coupling(small: GraphStore) -> None:
    got = pairs(run(small, "bibliographic_coupling", limit=100, min_shared=1), "a_key", "b_key",
                "shared")  # fmt: skip
    assert all(a < b for a, b in got)
    assert got[("w:alford:2009", "w:osborne:2013")] == 3  # ostrom, parks, lipsky
    assert got[("w:brudney:1983", "w:parks:1981")] == 2
    assert not any("w:lipsky:1980" in p for p in got)  # not in the corpus
    assert ("w:brudney:1983", "w:parks:1981") in pairs(
        run(small, "bibliographic_coupling"), "a_key", "b_key", "shared"
    )


def test_coauthorship(small: GraphStore) -> None:
    rows = run(small, "coauthorship")
    assert (rows[0]["a_key"], rows[0]["b_key"], rows[0]["joint"]) == (
        "a:osborne:s", "a:radnor:z", 2,
    )  # fmt: skip
    assert (rows[0]["first_year"], rows[0]["last_year"]) == (2013, 2014)
    assert pairs(rows, "a_key", "b_key", "joint")[("a:ostrom:e", "a:parks:r")] == 1
    assert len(run(small, "coauthorship", min_works=2)) == 1


def test_concept_cooccurrence(small: GraphStore) -> None:
    own = pairs(run(small, "concept_cooccurrence", min_works=1), "a_key", "b_key", "works")
    assert own[("coproduction", "publicvalue")] == 2  # osborne 2013, brudney 1983
    assert own[("mined:servicelogic", "publicvalue")] == 1
    both = pairs(run(small, "concept_cooccurrence", credited="true"), "a_key", "b_key", "works")
    assert both[("coproduction", "publicvalue")] == 3  # + ostrom 1972 through citing sentences
    vocab = run(small, "concept_cooccurrence", min_works=1, mined="false")
    assert {(r["a_key"], r["b_key"]) for r in vocab} == {("coproduction", "publicvalue")}


def test_citing_both(small: GraphStore) -> None:
    rows = run(small, "citing_both", a="Ostrom 1972", b="WHITAKER")
    assert {r["key"] for r in rows} == {"w:parks:1981", "w:brudney:1983"}
    assert all(r["cites_a"] == ["w:ostrom:1972"] for r in rows)
    # "ostrom" alone also matches Parks & Ostrom 1981; a title word works too
    loose = run(small, "citing_both", a="ostrom", b="bureaucracy")
    assert {r["key"] for r in loose} == {"w:brudney:1983", "w:osborne:2013", "w:alford:2009"}
    osb = next(r for r in loose if r["key"] == "w:osborne:2013")
    assert sorted(osb["cites_a"]) == ["w:ostrom:1972", "w:parks:1981"]
    assert run(small, "citing_both", a="nobody", b="ostrom") == []


def test_read_next(small: GraphStore) -> None:
    rows = run(small, "read_next")
    assert [r["key"] for r in rows] == ["w:lipsky:1980", "w:anon:1999"]
    assert rows[0]["cited_by"] == 3 and rows[0]["authors"] == ["Lipsky"]
    assert sorted(rows[0]["citing"]) == ["w:alford:2009", "w:brudney:1983", "w:osborne:2013"]
    assert [r["key"] for r in run(small, "read_next", min_citing=2)] == ["w:lipsky:1980"]


def test_unmatched_references(small: GraphStore) -> None:
    rows = {r["key"]: r for r in run(small, "unmatched_references")}
    assert set(rows) == {"w:lipsky:1980", "w:anon:1999"}
    assert rows["w:lipsky:1980"]["has_title"] is True and rows["w:lipsky:1980"]["cited_by"] == 3
    assert rows["w:anon:1999"]["has_title"] is False and rows["w:anon:1999"]["cited_by"] == 1


def test_concept_works(small: GraphStore) -> None:
    for name in ("co-production", "Coproduction", "CO-PRODUCTION"):  # label, key, alias
        rows = {r["key"]: r for r in run(small, "concept_works", concept=name)}
        assert set(rows) == {"w:osborne:2013", "w:brudney:1983", "w:ostrom:1972"}, name
    assert (rows["w:osborne:2013"]["own"], rows["w:osborne:2013"]["credited"]) == (6, 0)
    assert (rows["w:ostrom:1972"]["own"], rows["w:ostrom:1972"]["credited"]) == (0, 4)
    assert rows["w:ostrom:1972"]["via"] == ["w:osborne:2013"]
    assert rows["w:brudney:1983"]["defines"] is True
    assert rows["w:osborne:2013"]["defines"] is False
    own = run(small, "concept_works", concept="coproduction", credited="false")
    assert {r["key"] for r in own} == {"w:osborne:2013", "w:brudney:1983"}
    assert run(small, "concept_works", concept="no such concept") == []


def test_author_works(small: GraphStore) -> None:
    rows = run(small, "author_works", name="OSTROM")
    assert [(r["key"], r["position"], r["cited_by"]) for r in rows] == [
        ("w:ostrom:1972", 1, 4), ("w:parks:1981", 2, 2),
    ]  # fmt: skip
    assert {r["key"] for r in run(small, "author_works", name="radnor")} == {
        "w:osborne:2013", "w:osborne:2014",
    }  # fmt: skip


def test_sources(small: GraphStore) -> None:
    rows = run(small, "sources")
    assert [(r["path"], r["status"], r["works"]) for r in rows] == [
        ("/c/brudney.md", "complete", 1), ("/c/osborne.pdf", "writing", 1),
    ]  # fmt: skip
    assert rows[0]["sha256"] == "ab" * 32
    assert [r["path"] for r in run(small, "sources", status="writing")] == ["/c/osborne.pdf"]


def test_stats(small: GraphStore) -> None:
    got = {r["label"]: r["nodes"] for r in run(small, "stats")}
    assert got == {"Work": 9, "Author": 8, "Concept": 3, "Source": 2}


def five_digests(root: Path) -> Path:
    """A folder with five early digests of the demo corpus (skips when it is missing)."""
    if not (CORPUS / "digests").is_dir():
        pytest.skip("the demo corpus is missing")
    docs = root / "papers"
    docs.mkdir()
    for name in ("ostrom1972", "brudney1983", "levine1984", "whitaker1980", "alford1998"):
        shutil.copy(CORPUS / "digests" / f"{name}.md", docs / f"{name}.md")
    return docs


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("corpus")
    docs = five_digests(root)
    with EmbeddedStore(root / "store") as s:
        report = pipeline.build([docs], s, jobs=1)
        assert not report.failures
        yield s


def test_queries_on_a_built_corpus(corpus_store: EmbeddedStore) -> None:
    top = run(corpus_store, "most_cited", limit=3)  # the three later digests all cite these two
    assert {(r["authors"][0], r["year"], r["cited_by"]) for r in top[:2]} == {
        ("Whitaker", 1980, 3), ("Parks", 1981, 3)
    }  # fmt: skip
    both = run(corpus_store, "citing_both", a="ostrom 1972", b="whitaker 1980")
    assert both and all(r["in_corpus"] for r in both)
    assert all(r["status"] == "complete" for r in run(corpus_store, "sources"))
    for name, q in QUERIES.items():  # every query runs with its defaults (or a sample value)
        sample = {p.name: "co-production" for p in q.params if p.default is None}
        assert isinstance(run(corpus_store, name, **sample), list), name
