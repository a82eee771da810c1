"""`show` (one work, author or concept with its neighbourhood) and `find` (fuzzy search)."""

from __future__ import annotations

from typing import Any

from ..graph.schema import AUTHOR, CONCEPT, WORK
from ..store import GraphStore
from .lookup import Entity, find_authors, find_concepts, find_works, resolve_name, work_labels

_NEIGHBOURS: dict[str, tuple[tuple[str, str], ...]] = {
    "work": (
        ("authors", "MATCH (a:Author)-[r:AUTHORED]->(:Work {key: $k}) "
                    "RETURN DISTINCT a.name AS v, r.position AS p ORDER BY p"),
        ("cites", "MATCH (:Work {key: $k})-[:CITES]->(w:Work) RETURN DISTINCT w.key AS v"),
        ("cited_by", "MATCH (w:Work)-[:CITES]->(:Work {key: $k}) RETURN DISTINCT w.key AS v"),
    ),
    "author": (
        ("works", "MATCH (:Author {key: $k})-[:AUTHORED]->(w:Work) RETURN DISTINCT w.key AS v"),
        ("coauthors", "MATCH (:Author {key: $k})-[:AUTHORED]->(:Work)<-[:AUTHORED]-(o:Author) "
                      "WHERE o.key <> $k RETURN DISTINCT o.name AS v ORDER BY v"),
    ),
    "concept": (
        ("works", "MATCH (w:Work)-[m:MENTIONS]->(:Concept {key: $k}) RETURN w.key AS v, "
                  "sum(m.count) AS n ORDER BY n DESC LIMIT 25"),
        ("broader", "MATCH (:Concept {key: $k})-[:BROADER]->(c:Concept) "
                    "RETURN DISTINCT c.label AS v"),
        ("narrower", "MATCH (c:Concept)-[:BROADER]->(:Concept {key: $k}) "
                     "RETURN DISTINCT c.label AS v"),
    ),
}  # fmt: skip
_WORK_CONCEPTS = (
    "MATCH (:Work {key: $k})-[m:MENTIONS]->(c:Concept) RETURN c.label AS concept, "
    "toInteger(sum(m.count)) AS count ORDER BY count DESC LIMIT 15"
)


def show(store: GraphStore, name: str) -> dict[str, Any]:
    """A work, author or concept with its neighbourhood."""
    ents = resolve_name(store, name)
    e = ents[0]
    label = {"author": AUTHOR, "work": WORK, "concept": CONCEPT}[e.kind]
    node = store.query(f"MATCH (n:{label} {{key: $k}}) RETURN n", {"k": e.key})[0]["n"]
    out: dict[str, Any] = {
        "kind": e.kind,
        "key": e.key,
        "node": {k: v for k, v in node.items() if k not in ("srcs", "documents")},
        "others": [x.key for x in ents[1:]],
    }
    for field, cypher in _NEIGHBOURS[e.kind]:
        out[field] = [r["v"] for r in store.query(cypher, {"k": e.key})]
    if e.kind == "work":
        out["concepts"] = store.query(_WORK_CONCEPTS, {"k": e.key})
    keys = [e.key, *out["cites"], *out["cited_by"]] if e.kind == "work" else out["works"]
    out["works_labels"] = work_labels(store, keys)
    return out


def find(store: GraphStore, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Fuzzy search over work titles, author names and concept labels."""
    hits = [
        *find_authors(store, text),
        *find_concepts(store, text),
        *find_works(store, text, limit),
    ]
    low = text.strip().lower()
    rows = store.query(
        "MATCH (c:Concept) WHERE toLower(c.label) CONTAINS $t "
        "RETURN c.key AS key, c.label AS label "
        "LIMIT 20", {"t": low})  # fmt: skip
    hits += [Entity("concept", r["key"], r["label"], 80.0) for r in rows]
    seen: dict[str, Entity] = {}
    for h in hits:
        if h.key not in seen or seen[h.key].score < h.score:
            seen[h.key] = h
    ranked = sorted(seen.values(), key=lambda h: (-h.score, h.kind, h.label))
    return [h.__dict__ for h in ranked[:limit]]
