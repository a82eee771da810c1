"""The graph read back as plain nodes and edges, a page at a time, for exports and analytics.

`read_graph(store, labels)` reads nodes by key order and relationships by ranges of their
start node's key, so no query returns the whole graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..graph.provenance import combine_values, split
from ..graph.schema import (
    AUTHOR,
    CONCEPT,
    DISPLAY,
    NODE_PROPS,
    REL_PROPS,
    REL_TYPES,
    WORK,
    prop_type,
)
from ..store import GraphStore

PAGE = 2000
DEFAULT_LABELS = (WORK, AUTHOR, CONCEPT)


@dataclass
class Node:
    id: str
    type: str
    key: str
    props: dict[str, Any]

    @property
    def label(self) -> str:
        return str(self.props.get(DISPLAY[self.type]) or self.key)

    def attrs(self) -> dict[str, Any]:
        return {"label": self.label, "type": self.type, "key": self.key, **self.props}


@dataclass
class Edge:
    """One relationship: its scalar properties (`props`, as the schema declares them for its
    type), how many sources assert it, and its evidence sentences with their pages."""

    source: str
    target: str
    type: str
    sources: int = 0
    props: dict[str, Any] = field(default_factory=dict)
    sentences: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return int(self.props.get("count") or 0)

    @property
    def position(self) -> int | None:
        pos = self.props.get("position")
        return None if pos is None else int(pos)

    @property
    def weight(self) -> float:
        return float(max(self.count, 1))

    def attrs(self) -> dict[str, Any]:
        return {
            "type": self.type, "weight": self.weight, "count": self.count,
            "sources": self.sources, **self.props,
        }  # fmt: skip


@dataclass
class Graph:
    nodes: list[Node]
    edges: list[Edge]


def _node_pages(store: GraphStore, label: str, page: int) -> Iterator[list[dict[str, Any]]]:
    cols = ", ".join(f"n.{p} AS {p}" for p in NODE_PROPS[label])
    q = (
        f"MATCH (n:{label}) WHERE n.key > $after "
        f"RETURN n.key AS key, {cols} ORDER BY key LIMIT $page"
    )
    after = ""
    while True:
        rows = store.query(q, {"after": after, "page": page})
        if not rows:
            return
        yield rows
        if len(rows) < page:
            return
        after = rows[-1]["key"]


def scalar_props(rtype: str) -> tuple[str, ...]:
    """The relationship type's declared properties that are single values."""
    return tuple(p for p in REL_PROPS.get(rtype, ()) if prop_type(p) != "list")


def _rel_rows(
    store: GraphStore, rel: tuple[str, str, str], keys: list[str], page: int, evidence: bool
) -> Iterator[dict[str, Any]]:
    """Relationships of `page` start nodes at a time (keyset paging: FalkorDB 1.4.1's string
    index ignores `<`/`<=` bounds, so only a lower bound is used)."""
    rtype, start, end = rel
    cols = "".join(f", r.{p} AS {p}" for p in scalar_props(rtype))
    if evidence and {"sentences", "pages"} <= set(REL_PROPS.get(rtype, ())):
        cols += ", r.parts AS parts, r.sentences AS sentences, r.pages AS pages"
    q = (
        f"MATCH (a:{start}) WHERE a.key > $after WITH a ORDER BY a.key LIMIT $page "
        f"MATCH (a)-[r:{rtype}]->(b:{end}) RETURN a.key AS s, b.key AS t, r.srcs AS srcs{cols}"
    )
    for i in range(0, len(keys), page):
        part = set(keys[i : i + page])
        rows = store.query(q, {"after": keys[i - 1] if i else "", "page": page})
        rows = [r for r in rows if r["s"] in part]
        yield from sorted(rows, key=lambda r: (r["s"], r["t"]))


def _merge(edge: Edge, row: dict[str, Any]) -> None:
    """One stored relationship into the edge (relationships written without sources may be
    parallel: their values combine by the same rules as sources' parts). A work's own facts
    (authorship, a cited work's title concepts) are asserted by no source file: 0 sources."""
    edge.sources += len(row["srcs"]) if isinstance(row.get("srcs"), list) else 0
    for name in scalar_props(edge.type):
        if row.get(name) is not None:
            old = edge.props.get(name)
            edge.props[name] = row[name] if old is None else combine_values(name, [old, row[name]])
    if "sentences" not in row:
        return
    for part in split(row).values():  # each source's sentences with that source's pages
        for s, p in zip(part.get("sentences") or [], part.get("pages") or [], strict=False):
            if s not in edge.sentences:
                edge.sentences.append(s)
                edge.pages.append(int(p or 0))


def read_graph(
    store: GraphStore,
    labels: Sequence[str] = DEFAULT_LABELS,
    *,
    evidence: bool = False,
    page: int = PAGE,
) -> Graph:
    """Nodes with these labels and the collapsed edges between them, a page at a time (evidence:
    with the relationships' sentences and pages)."""
    keys: dict[str, list[str]] = {}
    raw: list[tuple[str, dict[str, Any]]] = []
    for label in labels:
        keys[label] = []
        for rows in _node_pages(store, label, page):
            for r in rows:
                keys[label].append(r["key"])
                raw.append((label, r))
    seen = Counter(r["key"] for _, r in raw)
    ids: dict[tuple[str, str], str] = {}
    nodes = []
    for label, r in raw:  # a key shared by two labels gets the label as a prefix
        nid = r["key"] if seen[r["key"]] == 1 else f"{label}:{r['key']}"
        ids[(label, r["key"])] = nid
        props = {k: v for k, v in r.items() if k != "key" and v is not None}
        nodes.append(Node(nid, label, r["key"], props))
    edges: dict[tuple[str, str, str], Edge] = {}
    for rtype, start, end in REL_TYPES:
        if start not in keys or end not in keys:
            continue
        for row in _rel_rows(store, (rtype, start, end), keys[start], page, evidence):
            s, t = ids.get((start, row["s"])), ids.get((end, row["t"]))
            if s is None or t is None:
                continue
            edge = edges.setdefault((s, rtype, t), Edge(s, t, rtype))
            _merge(edge, row)
    return Graph(nodes, sorted(edges.values(), key=lambda e: (e.type, e.source, e.target)))
