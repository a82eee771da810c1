"""The questions: which concepts link A to B (`link`), and a concept's history (`lineage`).

Both read the graph with a few bounded, parameterised queries and assemble the answer in
Python as plain data (JSON-able dicts); rendering to text or HTML happens elsewhere.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from .errors import LitgraphError
from .keys import fold
from .lookup import Entity, resolve_name, work_labels
from .store import GraphStore

EVIDENCE_PER_CONCEPT = 6
MIN_ATTRIBUTED = 2  # citing sentences needed before a concept's lineage includes a cited work


def works_of(store: GraphStore, ents: list[Entity]) -> list[str]:
    keys: set[str] = set()
    for e in ents:
        if e.kind == "work":
            keys.add(e.key)
        elif e.kind == "author":
            rows = store.query(
                "MATCH (:Author {key: $k})-[:AUTHORED]->(w:Work) RETURN DISTINCT w.key AS w",
                {"k": e.key},
            )
            keys.update(r["w"] for r in rows)
        elif e.kind == "concept":
            rows = store.query(
                "MATCH (w:Work)-[:MENTIONS|DEFINES]->(:Concept {key: $k}) "
                "RETURN DISTINCT w.key AS w",
                {"k": e.key},
            )
            keys.update(r["w"] for r in rows)
    return sorted(keys)


def concept_profile(store: GraphStore, works: list[str]) -> dict[str, dict[str, Any]]:
    """concept key -> {label, count, works: {work: count}, evidence: [...]} over these works."""
    if not works:
        return {}
    rows = store.query(
        "MATCH (w:Work)-[m:MENTIONS]->(c:Concept) WHERE w.key IN $ws AND c.origin = 'vocabulary' "
        "RETURN w.key AS w, c.key AS c, c.label AS label, m.count AS n, "
        "m.attributed AS attributed, m.via AS via, m.sentences AS sentences, m.pages AS pages",
        {"ws": works},
    )
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = out.setdefault(r["c"], {"label": r["label"], "count": 0, "works": defaultdict(int),
                                    "evidence": []})  # fmt: skip
        n = int(r["n"] or 0)
        p["count"] += n
        p["works"][r["w"]] += n
        if r["attributed"]:
            for s, pg in zip(r["sentences"] or [], r["pages"] or []):
                p["evidence"].append({"about": r["w"], "in": r["via"], "sentence": s, "page": pg})
    return out


def citation_chains(
    store: GraphStore, from_works: list[str], to_works: list[str], max_hops: int, limit: int = 12
) -> list[list[str]]:
    """Shortest citation chains (newer cites older) between the two sets, either direction."""
    chains: list[list[str]] = []
    q = (
        "MATCH (a:Work {key: $a}), (b:Work {key: $b}) WITH a, b "
        f"MATCH p = allShortestPaths((a)-[:CITES*1..{int(max_hops)}]->(b)) "
        "RETURN [n IN nodes(p) | n.key] AS ks LIMIT 4"
    )
    pairs = [(x, y) for x in from_works for y in to_works if x != y]
    pairs += [(y, x) for x in from_works for y in to_works if x != y]
    for a, b in pairs[:400]:
        for r in store.query(q, {"a": a, "b": b}):
            if r["ks"] not in chains:
                chains.append(r["ks"])
    chains.sort(key=lambda c: (len(c), c))
    return chains[:limit]


def concept_chains(
    store: GraphStore, from_works: list[str], to_works: list[str], concept: str, limit: int = 6
) -> list[list[str]]:
    """Two-step chains from -> x -> to through works x that use the concept (how it travelled)."""
    pairs = [[b, a] for b in from_works for a in to_works if a != b][:400]
    if not pairs:
        return []
    rows = store.query(
        "UNWIND $pairs AS p MATCH (b:Work {key: p[0]})-[:CITES]->(x:Work)-[:CITES]->"
        "(a:Work {key: p[1]}) MATCH (x)-[:MENTIONS]->(:Concept {key: $c}) "
        "RETURN DISTINCT p[0] AS b, b.year AS by, x.key AS x, x.year AS xy, p[1] AS a, "
        "a.year AS ay",
        {"pairs": pairs, "c": concept},
    )
    ends = set(from_works) | set(to_works)
    # through other people's works, from B's earliest work back to A's earliest, one per start
    rows.sort(key=lambda r: (r["x"] in ends, r["by"] or 9999, r["ay"] or 9999, r["x"]))
    chains: list[list[str]] = []
    starts: dict[str, int] = {}
    for r in rows:
        if starts.get(r["b"], 0) < 2 and len(chains) < limit:
            starts[r["b"]] = starts.get(r["b"], 0) + 1
            chains.append([r["b"], r["x"], r["a"]])
    return chains


def edge_sentences(store: GraphStore, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list]:
    if not pairs:
        return {}
    rows = store.query(
        "UNWIND $pairs AS p MATCH (a:Work {key: p[0]})-[c:CITES]->(b:Work {key: p[1]}) "
        "RETURN a.key AS a, b.key AS b, c.sentences AS s, c.pages AS pg",
        {"pairs": [list(p) for p in pairs]},
    )
    out: dict[tuple[str, str], list] = defaultdict(list)
    for r in rows:
        out[(r["a"], r["b"])] += list(zip(r["s"] or [], r["pg"] or []))
    return out


def _best_evidence(
    pool: list[dict[str, Any]], stem: str, a_works: set[str], years: dict[str, Any]
) -> list[dict[str, Any]]:
    """Sentences that name the concept first, about A's works first, oldest works first."""
    seen: set[tuple[str, str]] = set()
    ranked = []
    for e in pool:
        if (e["about"], e["sentence"]) not in seen:
            seen.add((e["about"], e["sentence"]))
            ranked.append(e)
    ranked.sort(
        key=lambda e: (
            stem not in fold(e["sentence"]),
            e["about"] not in a_works,
            years.get(e["about"]) or 9999,
            e["sentence"],
        )
    )
    return ranked[:EVIDENCE_PER_CONCEPT]


def _side(name: str, ents: list[Entity], works: list[str]) -> dict[str, Any]:
    note = ""
    if len(ents) > 1:
        note = f"{name!r} matches {len(ents)} entities; all are used: " + ", ".join(
            e.label for e in ents
        )
    return {"name": name, "entities": [e.__dict__ for e in ents], "works": works, "note": note}


def link(
    store: GraphStore, a: str, b: str, *, max_hops: int = 4, limit: int = 10
) -> dict[str, Any]:
    """Which concepts link A to B: ranked, with works, citation chains and evidence sentences."""
    ea, eb = resolve_name(store, a), resolve_name(store, b)
    wa, wb = works_of(store, ea), works_of(store, eb)
    if not wa or not wb:
        missing = a if not wa else b
        raise LitgraphError(f"no works found for {missing!r} in the graph")
    pa, pb = concept_profile(store, wa), concept_profile(store, wb)
    chains = citation_chains(store, wb, wa, max_hops)
    chain_works = sorted({k for c in chains for k in c[1:-1]})
    pc = concept_profile(store, chain_works)
    labels = work_labels(store, set(wa) | set(wb) | set(chain_works))
    years = {k: v["year"] for k, v in labels.items()}
    steps = sorted({(c[i], c[i + 1]) for c in chains for i in range(len(c) - 1)})
    sentences = edge_sentences(store, steps)
    concepts = []
    for key in set(pa) & set(pb):
        on_chain = len(pc[key]["works"]) if key in pc else 0
        coverage = on_chain / len(chain_works) if chain_works else 0.0
        score = math.log1p(pa[key]["count"]) * math.log1p(pb[key]["count"]) * (1 + coverage)
        stem = fold(pa[key]["label"])[:8]
        steps_ev = [
            {"about": y, "in": x, "sentence": t, "page": pg}
            for (x, y), ss in sentences.items()
            for t, pg in ss
        ]
        pool = pa[key]["evidence"] + steps_ev + pb[key]["evidence"]
        evidence = _best_evidence(pool, stem, set(wa), years)
        concepts.append({
            "key": key, "label": pa[key]["label"], "score": round(score, 3),
            "a_count": pa[key]["count"], "b_count": pb[key]["count"], "chain_works": on_chain,
            "a_works": sorted(pa[key]["works"], key=lambda w: -pa[key]["works"][w])[:5],
            "b_works": sorted(pb[key]["works"], key=lambda w: -pb[key]["works"][w])[:5],
            "evidence": evidence,
            "chains": [],
        })  # fmt: skip
    concepts.sort(key=lambda c: (-c["score"], c["label"]))
    concepts = concepts[:limit]
    for c in concepts[:3]:
        c["chains"] = concept_chains(store, wb, wa, c["key"])
    keys = (
        set(wa) | set(wb) | set(chain_works) | {e["about"] for c in concepts for e in c["evidence"]}
    )
    keys |= {e["in"] for c in concepts for e in c["evidence"] if e["in"]}
    keys |= {k for c in concepts for ch in c["chains"] for k in ch}
    return {
        "a": _side(a, ea, wa), "b": _side(b, eb, wb), "concepts": concepts, "chains": chains,
        "chain_evidence": [
            {"from": x, "to": y, "sentence": s, "page": pg}
            for (x, y), ss in sorted(sentences.items()) for s, pg in ss[:1]
        ],
        "works": work_labels(store, keys), "max_hops": max_hops,
    }  # fmt: skip


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
        "sum(m.count) AS n, sum(CASE WHEN m.attributed THEN 0 ELSE m.count END) AS own "
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
        "d.sentences AS s, d.pages AS pg, d.via AS via ORDER BY year, w",
        {"k": c.key},
    )
    definitions = [
        {"work": r["w"], "year": r["year"], "sentence": s, "page": pg, "in": r["via"]}
        for r in defs for s, pg in zip(r["s"] or [], r["pg"] or [])
    ]  # fmt: skip
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
    label = {"author": "Author", "work": "Work", "concept": "Concept"}[e.kind]
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
    from .lookup import find_authors, find_concepts, find_works

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
