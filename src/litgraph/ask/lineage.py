"""A concept's history (`lineage`), kept apart the way a scholar reads it:

- introduced: the coinage, i.e. the earliest own definition, or a citing sentence that says
  a work coined or introduced the term (with the sentence);
- first use: the earliest works that use it in their own text or are credited with it
  explicitly;
- definitions in time order, each with who, when, where it was written and the sentence;
- used by: works whose own text (or title) uses the concept, by year;
- credited in retrospect: works only later works credit with it (never older than its first
  use: `graph.contributions` drops such credit);
- successions (renamings such as PSDL -> public service logic) and branches (narrower
  concepts, with the same thresholds);
- the citation flow between these works;
- the main path (search path count) through the citation network of every work that uses or
  defines the concept, each arc with the citing sentence, its bursts (Kleinberg) and turning
  points (betweenness): see `mapping`.
Sections with nothing in them are left out by the renderers.
"""

from __future__ import annotations

from dataclasses import replace

from ..analyze.project import citations_among
from ..store import GraphStore
from . import contrast, mapping, usage
from .background import Background
from .lookup import Entity, resolve_name, work_labels
from .records import (
    Branch,
    Chain,
    Distinction,
    EntityRef,
    LineageAnswer,
    Quote,
    Succession,
    WorkUse,
)


def lineage(store: GraphStore, concept: str, *, limit: int = 60) -> LineageAnswer:
    """A concept's history: introduced, definitions, use over time, successions, branches.

    The citation network (the largest read) and the works' citation bursts are read on
    background threads while the parts that need neither are read and worked out."""
    c = resolve_name(store, concept, kinds=("concept",))[0]
    uses = usage.counts(store, concept=c.key)
    definitions = _with_additions(usage.definitions(store, c.key))
    # the citation network of every work using or defining the concept (its years included)
    reading = Background(
        citations_among, store, {w for w, _ in uses} | {d.work for d in definitions}
    )
    node = store.query(
        "MATCH (c:Concept {key: $k}) RETURN c.description AS d", {"k": c.key}
    )  # fmt: skip
    coined = usage.credit_quotes(store, c.key, kind="coined")
    narrower = [_branch(store, r["key"], r["label"]) for r in _related(store, c.key, "in")]
    broader = tuple(Entity("concept", r["key"], r["label"]) for r in _related(store, c.key))
    successions, distinct = _successions(store, c.key), _distinctions(store, c.key)
    pattern = usage.matcher(store, c.key)
    network = reading.result()
    cited_bursts = Background(mapping.citation_bursts, store, network.years)
    year = {w: network.years[w] for w, _ in uses if w in network.years}

    def by_year(keys: list[str]) -> list[str]:
        return sorted(keys, key=lambda k: (year.get(k) or 9999, k))

    used = by_year([w for (w, _), u in uses.items() if u.own])
    credited = by_year([w for (w, _), u in uses.items() if not u.own])
    first_use = _earliest([w for (w, _), u in uses.items() if u.own or u.explicit], year)
    introduced = _introduced(definitions, coined, year)
    keep = set(used[:limit]) | set(credited[:limit]) | {d.work for d in definitions}
    flow = store.query(
        "MATCH (a:Work)-[:CITES]->(b:Work) WHERE a.key IN $ks AND b.key IN $ks "
        "RETURN DISTINCT a.key AS a, b.key AS b",
        {"ks": sorted(keep)},
    )
    keys = keep | {d.source for d in definitions} | {q.source for q in introduced}
    keys |= {w for b in narrower for w in b.first}
    path = mapping.main_path(store, network, pattern)
    turning, between = mapping.turning_points(network)
    found = (*mapping.concept_bursts(store, c.key, used, year), *cited_bursts.result())
    keys |= {s.cited for s in path} | {s.citing for s in path} | {t.work for t in turning}
    keys |= {b.subject for b in found if b.kind == "citations"}
    return LineageAnswer(
        concept=c,
        description=(node[0]["d"] or "") if node else "",
        broader=broader,
        introduced=tuple(introduced),
        first_use=tuple(first_use),
        definitions=tuple(definitions),
        used_by=tuple(WorkUse(w, year.get(w), uses[(w, c.key)]) for w in used[:limit]),
        credited=tuple(WorkUse(w, year.get(w), uses[(w, c.key)]) for w in credited[:limit]),
        narrower=tuple(narrower),
        successions=tuple(successions),
        distinct_from=tuple(distinct),
        flow=tuple(Chain((r["a"], r["b"])) for r in flow),
        works=work_labels(store, keys),
        main_path=path,
        bursts=found,
        turning_points=turning,
        betweenness=between,
    )


def _with_additions(definitions: list[Quote]) -> list[Quote]:
    """Each definition with the terms it adds to all earlier ones (what changed)."""
    out: list[Quote] = []
    for i, d in enumerate(definitions):
        adds = contrast.added([e.terms for e in definitions[:i]], d.terms) if i else ()
        out.append(replace(d, adds=adds))
    return out


def _earliest(works: list[str], year: dict[str, int | None]) -> list[str]:
    dated = [w for w in works if year.get(w) is not None]
    if not dated:
        return []
    first = min(year[w] or 0 for w in dated)
    return sorted(w for w in dated if year[w] == first)


def _introduced(
    definitions: list[Quote], coined: list[Quote], year: dict[str, int | None]
) -> list[Quote]:
    """The earliest own definitions and coinage credits (same earliest year); `coined`: the
    concept's credit quotes read with kind 'coined'."""
    own = [d for d in definitions if d.source == d.work]
    ranked = [q for q in own + [q for q in coined if q.kind == "coined"]
              if year.get(q.work) is not None]  # fmt: skip
    if not ranked:
        return []
    first = min(year[q.work] or 0 for q in ranked)
    out: list[Quote] = []
    for q in sorted(ranked, key=lambda q: (q.work, q.kind != "definition", q.sentence)):
        if year[q.work] == first and all(q.work != o.work for o in out):
            out.append(q)
    return out


def _related(store: GraphStore, key: str, direction: str = "out") -> list[dict[str, str]]:
    pattern = (
        "MATCH (n:Concept)-[:BROADER]->(:Concept {key: $k})"
        if direction == "in"
        else "MATCH (:Concept {key: $k})-[:BROADER]->(n:Concept)"
    )
    return store.query(
        pattern + " RETURN DISTINCT n.key AS key, n.label AS label ORDER BY key", {"k": key}
    )


# A narrower concept's first works: those using it in their own text, or credited with it
# explicitly, earliest first (undated last). Each query keeps only its earliest few, so a
# branch costs its first works, not every work that uses it.
_FIRST_USES = (
    "MATCH (c:Concept {key: $k}) WITH c MATCH (w:Work)-[m:MENTIONS]->(c) "
    "WHERE c.origin = 'vocabulary' WITH w, toInteger(sum(m.count)) AS n WHERE n > 0 ",
    "MATCH (c:Concept {key: $k}) WITH c MATCH (w:Work)-[m:CREDITED]->(c) "
    "WHERE c.origin = 'vocabulary' AND any(x IN m.kinds WHERE x IN $strong) "
    "WITH DISTINCT w ",
)
_EARLIEST = (
    "WITH w.key AS k, CASE WHEN w.year IS NULL OR w.year = 0 THEN 9999 ELSE w.year END AS y "
    "RETURN k, y ORDER BY y, k LIMIT $n"
)


def _branch(store: GraphStore, key: str, label: str, n: int = 3) -> Branch:
    firsts = {
        (r["y"], r["k"])
        for q in _FIRST_USES
        for r in store.query(q + _EARLIEST, {"k": key, "strong": list(usage.STRONG), "n": n})
    }
    return Branch(EntityRef("concept", key, label), tuple(k for _, k in sorted(firsts)[:n]))


def _successions(store: GraphStore, key: str) -> list[Succession]:
    rows = store.query(
        "MATCH (a:Concept)-[s:SUCCEEDED_BY]->(b:Concept) WHERE a.key = $k OR b.key = $k "
        "RETURN a.key AS a, a.label AS al, b.key AS b, b.label AS bl, s.year AS year, "
        "s.source AS source, s.note AS note ORDER BY year",
        {"k": key},
    )
    return [
        Succession(
            EntityRef("concept", r["a"], r["al"]),
            EntityRef("concept", r["b"], r["bl"]),
            r["year"],
            r["source"] or "",
            r["note"] or "",
        )
        for r in rows
    ]


def _distinctions(store: GraphStore, key: str) -> list[Distinction]:
    rows = store.query(
        "MATCH (a:Concept)-[d:DISTINCT_FROM]-(b:Concept) WHERE a.key = $k "
        "RETURN DISTINCT b.key AS key, b.label AS label, d.note AS note ORDER BY key",
        {"k": key},
    )
    return [Distinction(EntityRef("concept", r["key"], r["label"]), r["note"] or "") for r in rows]
