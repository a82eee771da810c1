"""`link` and `lineage` read the graph with bounded Cypher (keys bound first, batched pairs,
ordered LIMITs, aggregates in the store) that both stores must answer alike: a few papers of
the demo corpus built into the embedded store and through the Neo4j adapter (over FalkorDB's
Bolt endpoint; a real Neo4j when configured) give identical answers."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from litgraph.ask.entities import show
from litgraph.ask.lineage import lineage
from litgraph.ask.link import link
from litgraph.pipeline import build
from litgraph.store import GraphStore

REPO = Path(__file__).resolve().parents[1]
# a small school each side (Bloomington and the public service logic), small enough for the
# Bolt endpoint's short query texts
PAPERS = ("ostrom1972.md", "ostrom1996.md", "whitaker1980.md", "sharp1980.md",
          "osborne2013bjm.md", "osborne2016.md", "osborne2018.md")  # fmt: skip


def _lineage(store: GraphStore, concept: str, limit: int = 60) -> dict[str, Any]:
    ans = lineage(store, concept, limit=limit).to_json()
    # the citation flow is a set of arcs (the text sorts it by year); each store lists it in
    # its own order
    ans["flow"] = sorted(ans["flow"], key=lambda f: f["works"])
    return ans


def _answers(store: GraphStore, folder: Path) -> dict[str, Any]:
    report = build([str(folder)], store, jobs=1)
    assert not report.failures, report.failures
    return {
        "link": link(store, "Ostrom", "Osborne").to_json(),
        "link_short": link(store, "Ostrom", "Osborne", max_hops=2, limit=3).to_json(),
        "lineage": _lineage(store, "co-production"),
        "lineage_logic": _lineage(store, "public service logic", limit=5),
        "show_author": show(store, "Osborne, S.").to_json(),
        "show_work": show(store, "Ostrom 1972").to_json(),
    }


def test_link_and_lineage_are_the_same_on_the_embedded_store_and_through_neo4j(
    tmp_path: Path, embedded_store: GraphStore, bolt_store: GraphStore
) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    for name in PAPERS:
        shutil.copy(REPO / "corpus" / "digests" / name, folder / name)
    embedded, bolt = _answers(embedded_store, folder), _answers(bolt_store, folder)
    ans = embedded["link"]
    assert ans["concepts"] and ans["concepts"][0]["key"] == "coproduction", ans["concepts"][:1]
    assert embedded["lineage"]["used_by"]
    for name in embedded:
        assert bolt[name] == embedded[name], name
    # `show` lists a person's works and a work's citing works oldest first, on both stores
    for name, field, least in (("show_author", "works", 3), ("show_work", "cited_by", 3)):
        ans = embedded[name]
        year = {w["key"]: w["year"] for w in ans["works"]}
        years = [year[k] for k in ans["neighbours"][field]]
        assert len(years) >= least and years == sorted(years), (name, years)


MULLERS = """# Public services and their users

A. Citer (2001)

## Introduction

Two studies of 1994 are read here: Müller (1994) on councils and Müller (1994) on trust.

## References

Müller, A. (1994). Councils and their citizens. Public Administration, 72, 1-20.
Müller, K. (1994). Trust in local services. Public Administration Review, 54, 30-44.
"""


def test_works_reading_alike_carry_the_same_suffix_in_every_answer(
    tmp_path: Path, any_store: GraphStore
) -> None:
    """Two Müllers of 1994 (different people) read 'Müller (1994a)' and 'Müller (1994b)' in
    title order whether an answer shows one of them or both, and each label read back as a
    name finds that work; a label without its suffix would name two works."""
    from litgraph.ask.lookup import resolve_name, work_labels

    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "citer2001.md").write_text(MULLERS, encoding="utf-8")
    assert not build([str(folder)], any_store, jobs=1).failures
    rows = any_store.query(
        "MATCH (a:Author)-[r:AUTHORED]->(w:Work) WHERE r.position = 1 AND a.family = 'Müller' "
        "RETURN w.key AS key, w.title AS title, a.key AS author ORDER BY title"
    )
    assert len({r["author"] for r in rows}) == 2, rows  # two people, not one
    councils, trust = (r["key"] for r in rows)
    both = work_labels(any_store, [councils, trust])
    assert (both[councils].label, both[trust].label) == ("Müller (1994a)", "Müller (1994b)")
    assert work_labels(any_store, [councils])[councils].label == "Müller (1994a)"
    assert work_labels(any_store, [trust])[trust].label == "Müller (1994b)"
    assert [e.key for e in resolve_name(any_store, "Müller 1994b")] == [trust]
