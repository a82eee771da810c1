"""`show` (one work, author or concept with its neighbourhood) and `find` (fuzzy search)."""

from __future__ import annotations

from ..graph.schema import AUTHOR, CONCEPT, NODE_PROPS, WORK
from ..store import GraphStore
from . import usage
from .lookup import Entity, find_authors, find_concepts, find_works, resolve_name, work_labels
from .records import ConceptCount, FindAnswer, ShowAnswer

# works listed oldest first (undated last), then by key: the same order on every store
_CHRONOLOGICAL = "coalesce(w.year, 9999) AS y ORDER BY y, v"

_NEIGHBOURS: dict[str, tuple[tuple[str, str], ...]] = {
    "work": (
        ("authors", "MATCH (a:Author)-[r:AUTHORED]->(:Work {key: $k}) "
                    "RETURN DISTINCT a.name AS v, r.position AS p ORDER BY p"),
        ("cites", "MATCH (:Work {key: $k})-[:CITES]->(w:Work) RETURN DISTINCT w.key AS v, "
                  f"{_CHRONOLOGICAL}"),
        ("cited_by", "MATCH (w:Work)-[:CITES]->(:Work {key: $k}) RETURN DISTINCT w.key AS v, "
                     f"{_CHRONOLOGICAL}"),
    ),
    "author": (
        ("works", "MATCH (:Author {key: $k})-[:AUTHORED]->(w:Work) RETURN DISTINCT w.key AS v, "
                  f"{_CHRONOLOGICAL}"),
        ("coauthors", "MATCH (:Author {key: $k})-[:AUTHORED]->(:Work)<-[:AUTHORED]-(o:Author) "
                      "WHERE o.key <> $k RETURN DISTINCT o.name AS v ORDER BY v"),
    ),
    "concept": (
        ("works", "MATCH (w:Work)-[m:MENTIONS]->(:Concept {key: $k}) RETURN w.key AS v, "
                  "toInteger(sum(m.count)) AS n ORDER BY n DESC, v LIMIT 25"),
        ("credited", "MATCH (w:Work)-[m:CREDITED]->(:Concept {key: $k}) "
                     "WHERE NOT (w)-[:MENTIONS]->(:Concept {key: $k}) RETURN w.key AS v, "
                     "toInteger(sum(m.count)) AS n ORDER BY n DESC, v LIMIT 25"),
        ("broader", "MATCH (:Concept {key: $k})-[:BROADER]->(c:Concept) "
                    "RETURN DISTINCT c.label AS v"),
        ("narrower", "MATCH (c:Concept)-[:BROADER]->(:Concept {key: $k}) "
                     "RETURN DISTINCT c.label AS v"),
        ("renamed_to", "MATCH (:Concept {key: $k})-[:SUCCEEDED_BY]->(c:Concept) "
                       "RETURN DISTINCT c.label AS v"),
        ("renamed_from", "MATCH (c:Concept)-[:SUCCEEDED_BY]->(:Concept {key: $k}) "
                         "RETURN DISTINCT c.label AS v"),
        ("not_the_same_as", "MATCH (:Concept {key: $k})-[:DISTINCT_FROM]-(c:Concept) "
                            "RETURN DISTINCT c.label AS v"),
    ),
}  # fmt: skip
_WORK_CONCEPTS = (
    "MATCH (:Work {key: $k})-[m:MENTIONS]->(c:Concept) RETURN c.label AS concept, "
    "toInteger(sum(m.count)) AS count ORDER BY count DESC, concept LIMIT 15"
)


def show_all(store: GraphStore, name: str) -> list[ShowAnswer]:
    """`show` for every entity a loose name fits, best first (the rule of lexicon.ambiguity)."""
    first = show(store, name)
    return [first, *(show(store, key) for key in first.others)]


def show(store: GraphStore, name: str) -> ShowAnswer:
    """A work, author or concept with its neighbourhood.

    A work's concepts are those of its own text (or title), then those citing sentences
    credit to it (in scope, same thresholds as `lineage`), marked as such."""
    ents = resolve_name(store, name)
    e = ents[0]
    label = {"author": AUTHOR, "work": WORK, "concept": CONCEPT}[e.kind]
    node = store.query(f"MATCH (n:{label} {{key: $k}}) RETURN n", {"k": e.key})[0]["n"]
    years: dict[str, int] = {}
    neighbours: dict[str, tuple[str, ...]] = {}
    for field, cypher in _NEIGHBOURS[e.kind]:
        rows = store.query(cypher, {"k": e.key})
        neighbours[field] = tuple(str(r["v"]) for r in rows)
        years.update((str(r["v"]), int(r["y"])) for r in rows if "y" in r)
    concepts: list[ConceptCount] = []
    if e.kind == "work":
        concepts = [ConceptCount(r["concept"], int(r["count"] or 0))
                    for r in store.query(_WORK_CONCEPTS, {"k": e.key})]  # fmt: skip
        own = {c.concept for c in concepts}
        names = {r["k"]: r["l"] for r in store.query(
            "MATCH (c:Concept) RETURN c.key AS k, c.label AS l")}  # fmt: skip
        for (_w, c), u in sorted(usage.counts(store, [e.key]).items()):
            if not u.own and names.get(c, c) not in own:
                concepts.append(ConceptCount(names.get(c, c), u.credited, own=False))
        keys = [e.key, *neighbours["cites"], *neighbours["cited_by"]]
    elif e.kind == "concept":
        keys = [*neighbours["works"], *neighbours["credited"]]
    else:
        keys = list(neighbours["works"])
    labels = work_labels(store, keys)
    for field, listed in neighbours.items():  # a year's works in the order of their labels
        if listed and listed[0] in years:
            neighbours[field] = tuple(
                sorted(listed, key=lambda k: (years[k], labels[k].label if k in labels else k, k))
            )
    return ShowAnswer(
        e.kind, e.key, {"key": e.key, **{k: node.get(k) for k in NODE_PROPS[label]}},
        tuple(x.key for x in ents[1:]), neighbours, tuple(concepts), labels,
    )  # fmt: skip


def find(store: GraphStore, text: str, limit: int = 20) -> FindAnswer:
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
    order = {"concept": 0, "author": 1, "work": 2}  # grouped as people scan them
    ranked = sorted(seen.values(), key=lambda h: (order.get(h.kind, 3), -h.score, h.label))
    return FindAnswer(text, tuple(ranked[:limit]))
