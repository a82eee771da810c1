"""The projected subgraphs the analytics read: works with their years, the citations between
them, and who wrote what. Paged by key (keyset paging with a lower bound only, which both stores
answer correctly), so no query returns the whole graph."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..store import GraphStore

PAGE = 5000


@dataclass
class CitationNetwork:
    """Works (key -> year) and citations (citing, cited), citing first, sorted."""

    years: dict[str, int | None] = field(default_factory=dict)
    cites: list[tuple[str, str]] = field(default_factory=list)
    in_corpus: set[str] = field(default_factory=set)

    def restricted(self, keep: Iterable[str]) -> CitationNetwork:
        """The network among these works only."""
        ks = set(keep) & set(self.years)
        return CitationNetwork(
            {k: self.years[k] for k in sorted(ks)},
            [(a, b) for a, b in self.cites if a in ks and b in ks],
            self.in_corpus & ks,
        )


def citation_network(store: GraphStore, page: int = PAGE) -> CitationNetwork:
    """Every work and every citation between works."""
    q = (
        "MATCH (a:Work) WHERE a.key > $after WITH a ORDER BY a.key LIMIT $page "
        "OPTIONAL MATCH (a)-[:CITES]->(b:Work) "
        "RETURN a.key AS a, a.year AS y, a.in_corpus AS c, collect(b.key) AS bs"
    )
    net = CitationNetwork()
    after = ""
    while True:
        rows = sorted(store.query(q, {"after": after, "page": page}), key=lambda r: r["a"])
        for r in rows:
            net.years[r["a"]] = None if r["y"] is None else int(r["y"])
            if r["c"]:
                net.in_corpus.add(r["a"])
            net.cites += [(r["a"], b) for b in sorted(set(r["bs"] or [])) if b != r["a"]]
        if len(rows) < page:
            break
        after = rows[-1]["a"]
    net.cites.sort()
    return net


def citations_among(store: GraphStore, works: Iterable[str]) -> CitationNetwork:
    """The citation network among the given works (one query: for a concept's works)."""
    ks = sorted(set(works))
    # each work found by its key, its citations read from it and kept when they stay among
    # the works (a list test in the query made FalkorDB scan every work for each one)
    rows = store.query(
        "UNWIND $ks AS k MATCH (a:Work {key: k}) WITH a OPTIONAL MATCH (a)-[:CITES]->(b:Work) "
        "RETURN a.key AS a, a.year AS y, a.in_corpus AS c, collect(b.key) AS bs",
        {"ks": ks},
    )
    among = set(ks)
    net = CitationNetwork()
    for r in sorted(rows, key=lambda r: r["a"]):
        net.years[r["a"]] = None if r["y"] is None else int(r["y"])
        if r["c"]:
            net.in_corpus.add(r["a"])
        net.cites += [(r["a"], b) for b in sorted(set(r["bs"] or []) & among) if b != r["a"]]
    net.cites.sort()
    return net


def authorships(store: GraphStore, page: int = PAGE) -> dict[str, list[str]]:
    """work key -> its authors' keys, sorted (works without authors left out)."""
    q = (
        "MATCH (w:Work) WHERE w.key > $after WITH w ORDER BY w.key LIMIT $page "
        "OPTIONAL MATCH (a:Author)-[:AUTHORED]->(w) RETURN w.key AS w, collect(a.key) AS authors"
    )
    out: dict[str, list[str]] = {}
    after = ""
    while True:
        rows = sorted(store.query(q, {"after": after, "page": page}), key=lambda r: r["w"])
        for r in rows:
            if r["authors"]:
                out[r["w"]] = sorted(set(r["authors"]))
        if len(rows) < page:
            break
        after = rows[-1]["w"]
    return out
