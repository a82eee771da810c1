"""Parts of the stored graph as view Subgraphs (for `litgraph view`)."""

from __future__ import annotations

from typing import Any

from ..errors import LitgraphError
from ..graph.schema import AUTHOR, CONCEPT
from ..lexicon.ambiguity import all_used_note
from ..model import Subgraph, ViewEdge, ViewNode
from ..store import GraphStore
from .lookup import resolve_name, work_labels

_GRAPH_EDGES = (
    "MATCH (a)-[r]->(b) WHERE a.key IN $keys AND b.key IN $keys AND type(r) <> 'DESCRIBES' "
    "RETURN DISTINCT a.key AS a, b.key AS b, type(r) AS t"
)


def _nodes_for(store: GraphStore, keys: list[str]) -> list[ViewNode]:
    labels = work_labels(store, keys)
    cited = {r["k"]: int(r["n"]) for r in store.query(
        "MATCH (w:Work)<-[:CITES]-(x:Work) WHERE w.key IN $keys "
        "RETURN w.key AS k, count(DISTINCT x) AS n", {"keys": keys})}  # fmt: skip
    others = store.query(
        "MATCH (n) WHERE n.key IN $keys AND NOT n:Work RETURN n.key AS k, labels(n) AS l, "
        "n.name AS name, n.label AS label, n.description AS d",
        {"keys": keys},
    )
    out = []
    for k, w in labels.items():
        parts = (w.title or "", ", ".join(w.authors), str(w.year or ""),
                 f"cited by {cited.get(k, 0)} works in the graph")  # fmt: skip
        tip = "\n".join(x for x in parts if x)
        out.append(ViewNode(k, "work", w.label, tip, 1.0 + cited.get(k, 0), w.year,
                            w.in_corpus))  # fmt: skip
    for r in others:
        kind = "author" if AUTHOR in r["l"] else "concept" if CONCEPT in r["l"] else "source"
        name = r["name"] or r["label"] or r["k"]
        out.append(ViewNode(r["k"], kind, name, "\n".join(x for x in (name, r["d"] or "") if x)))
    return out


def _subgraph(
    store: GraphStore, keys: list[str], heading: str, note: str = "", focus: tuple[str, ...] = ()
) -> Subgraph:
    nodes = _nodes_for(store, keys)
    rows = store.query(_GRAPH_EDGES, {"keys": keys})
    edges = tuple(ViewEdge(r["a"], r["b"], r["t"]) for r in rows)
    return Subgraph(tuple(nodes), edges, heading, note, focus=focus)


def _check(max_nodes: int) -> None:
    if max_nodes < 1:
        raise LitgraphError("--max-nodes must be at least 1")


def neighbourhood(store: GraphStore, name: str, kind: str, max_nodes: int = 300) -> Subgraph:
    """The entity and its neighbours; the most connected when there are more than `max_nodes`.
    A name that fits several entities draws them all (the rule of lexicon.ambiguity)."""
    _check(max_nodes)
    ents = resolve_name(store, name, kinds=(kind,))
    focus = [e.key for e in ents]
    total = store.query(
        "MATCH (n)-[r]-(m) WHERE n.key IN $ks AND type(r) <> 'DESCRIBES' AND NOT m.key IN $ks "
        "RETURN count(DISTINCT m) AS n",
        {"ks": focus},
    )[0]["n"]
    rows: list[dict[str, Any]] = store.query(
        "MATCH (n)-[r]-(m) WHERE n.key IN $ks AND type(r) <> 'DESCRIBES' AND NOT m.key IN $ks "
        "WITH DISTINCT m MATCH (m)-[x]-() WHERE type(x) <> 'DESCRIBES' "
        "RETURN m.key AS k, count(x) AS d ORDER BY d DESC, k LIMIT $n",
        {"ks": focus, "n": max(max_nodes - len(focus), 0)},
    )
    keys = sorted({*focus, *(r["k"] for r in rows)})
    shown = len(keys) - len(focus)
    notes = [all_used_note(name, [e.label for e in ents], "drawn")] if len(ents) > 1 else []
    if total > shown:
        notes.append(f"showing the {shown} most connected of {total} neighbours")
    heading = f"{kind.capitalize()}: " + ", ".join(e.label for e in ents)
    return _subgraph(store, keys, heading, "; ".join(notes), tuple(focus))


def whole_graph(store: GraphStore, max_nodes: int) -> Subgraph:
    """The `max_nodes` most connected nodes (Source nodes aside) and the edges between them."""
    _check(max_nodes)
    total = store.query("MATCH (n) WHERE NOT n:Source RETURN count(n) AS n")[0]["n"]
    rows = store.query(
        "MATCH (n)-[r]-() WHERE NOT n:Source AND type(r) <> 'DESCRIBES' "
        "RETURN n.key AS k, count(r) AS d ORDER BY d DESC, k LIMIT $n",
        {"n": int(max_nodes)},
    )
    keys = [r["k"] for r in rows]
    if len(keys) == max_nodes and total > max_nodes:
        note = f"showing the {len(keys)} most connected of {total} nodes"
    elif total > len(keys):  # the rest have no relationships to draw
        note = f"showing the {len(keys)} connected of {total} nodes"
    else:
        note = ""
    return _subgraph(store, keys, "The whole graph", note)
