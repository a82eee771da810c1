"""A concept's history (`lineage`): earliest works, definitions, citation flow by year."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..graph.provenance import split
from ..store import GraphStore
from .lookup import resolve_name, work_labels

MIN_ATTRIBUTED = 2  # citing sentences needed before a concept's lineage includes a cited work


def lineage(store: GraphStore, concept: str, *, limit: int = 60) -> dict[str, Any]:
    """A concept's history: earliest works, definitions, citation flow by year, related concepts."""
    ents = resolve_name(store, concept, kinds=("concept",))
    c = ents[0]
    narrower = [r for r in store.query(
        "MATCH (n:Concept)-[:BROADER]->(:Concept {key: $k}) RETURN DISTINCT n.key AS key, "
        "n.label AS label ORDER BY key", {"k": c.key})]  # fmt: skip
    broader = [r for r in store.query(
        "MATCH (:Concept {key: $k})-[:BROADER]->(n:Concept) RETURN DISTINCT n.key AS key, "
        "n.label AS label ORDER BY key", {"k": c.key})]  # fmt: skip
    rows = store.query(
        "MATCH (w:Work)-[m:MENTIONS]->(:Concept {key: $k}) RETURN w.key AS w, w.year AS year, "
        "sum(m.count) AS n, sum(coalesce(m.count, 0) - coalesce(m.attributed_count, "
        "CASE WHEN m.attributed THEN coalesce(m.count, 0) ELSE 0 END)) AS own "
        "ORDER BY year, w",
        {"k": c.key},
    )
    # a work counts when its own text uses the concept, or at least two citing sentences
    # attach the concept to it (one sentence that happens to cite it is too weak)
    mentions = {
        r["w"]: {"year": r["year"], "count": int(r["n"] or 0)}
        for r in rows
        if int(r["own"] or 0) > 0 or int(r["n"] or 0) >= MIN_ATTRIBUTED
    }
    defs = store.query(
        "MATCH (w:Work)-[d:DEFINES]->(:Concept {key: $k}) RETURN w.key AS w, w.year AS year, "
        "d.sentences AS sentences, d.pages AS pages, d.via AS via, d.srcs AS srcs, "
        "d.parts AS parts ORDER BY year, w",
        {"k": c.key},
    )
    definitions = [  # each source's sentences, with the work they are in
        {"work": r["w"], "year": r["year"], "sentence": s, "page": pg, "in": part.get("via")}
        for r in defs for part in split(r).values()
        for s, pg in zip(part.get("sentences") or [], part.get("pages") or [])
    ]  # fmt: skip
    # a work's own definitions before those others quote (the sort is stable)
    definitions.sort(key=lambda d: (d["year"] or 9999, d["work"], d["in"] != d["work"]))
    dated = sorted((v["year"] or 9999, k) for k, v in mentions.items())
    keep = [k for _, k in dated[:limit]] + [d["work"] for d in definitions]
    keep = sorted(set(keep))
    flow = store.query(
        "MATCH (a:Work)-[:CITES]->(b:Work) WHERE a.key IN $ks AND b.key IN $ks "
        "RETURN DISTINCT a.key AS a, b.key AS b",
        {"ks": keep},
    )
    branches = []
    for n in narrower:
        first = store.query(
            "MATCH (w:Work)-[:MENTIONS|DEFINES]->(:Concept {key: $k}) WHERE w.year IS NOT NULL "
            "RETURN w.key AS w, w.year AS year ORDER BY year, w LIMIT 3",
            {"k": n["key"]},
        )
        branches.append({**n, "first": first})
        keep += [r["w"] for r in first]
    labels = work_labels(store, keep + [d["in"] for d in definitions if d["in"]])
    by_year: dict[int | None, list[str]] = defaultdict(list)
    for k in sorted(set(keep), key=lambda k: (labels.get(k, {}).get("year") or 9999, k)):
        if k in mentions or any(d["work"] == k for d in definitions):
            by_year[labels.get(k, {}).get("year")].append(k)
    return {
        "concept": {"key": c.key, "label": c.label}, "broader": broader, "narrower": branches,
        "timeline": [{"year": y, "works": ws} for y, ws in sorted(by_year.items(),
                                                                 key=lambda x: x[0] or 9999)],
        "mentions": mentions, "definitions": definitions,
        "flow": [{"from": r["a"], "to": r["b"]} for r in flow],
        "works": labels,
    }  # fmt: skip
