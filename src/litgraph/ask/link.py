"""Which concepts link A to B (`link`): ranked, with works, citation chains and evidence.

The answer is read from the graph with a few bounded, parameterised queries and assembled in
Python; rendering to text or HTML happens in `present/`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from ..errors import LitgraphError
from ..graph.provenance import split
from ..keys import fold
from ..store import GraphStore
from .lookup import Entity, resolve_name, work_labels

EVIDENCE_PER_CONCEPT = 6


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
        "RETURN w.key AS w, c.key AS c, c.label AS label, m.count AS count, "
        "m.attributed AS attributed, m.via AS via, m.sentences AS sentences, m.pages AS pages, "
        "m.srcs AS srcs, m.parts AS parts",
        {"ws": works},
    )
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = out.setdefault(r["c"], {"label": r["label"], "count": 0, "works": defaultdict(int),
                                    "evidence": []})  # fmt: skip
        n = int(r["count"] or 0)
        p["count"] += n
        p["works"][r["w"]] += n
        for part in split(r).values():  # the sentences of each source that attributes it
            if part.get("attributed"):
                for s, pg in zip(part.get("sentences") or [], part.get("pages") or []):
                    ev = {"about": r["w"], "in": part.get("via"), "sentence": s, "page": pg}
                    p["evidence"].append(ev)
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
