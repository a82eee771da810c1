"""Science mapping inside the answers: a concept's main path with the sentence behind each arc,
bursts of its use and of its works' citations, its turning points, and the works bridging two
clusters. The measures are computed by `analyze`; this module reads what they need and attaches
the evidence sentences."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..analyze import bursts, centrality, communities, mainpath, networks, project
from ..analyze.project import CitationNetwork
from ..store import GraphStore
from . import usage
from .clusters import label_concepts
from .records import Bridge, BurstRecord, EntityRef, PathStep, Quote, TurningPoint

TURNING_POINTS = 5
BURSTS = 8
BRIDGES = 5
# below these sizes the measures say nothing a reader could rely on, so nothing is said
MIN_TURNING_NETWORK = 10  # works in the concept's citation network
MIN_TURNING_CITED = 2  # a turning point is cited by at least this many works of the network
MIN_BURST_USES = 20  # dated works using the concept
MIN_BURST_CITATIONS = 10  # citations a work received
MIN_BURST_PERIOD = 10  # uses or citations inside the burst's own years


def main_path(
    store: GraphStore, net: CitationNetwork, pattern: re.Pattern[str] | None = None,
    method: str = "global",
) -> tuple[PathStep, ...]:  # fmt: skip
    """The SPC main path of the network, each arc with the citing sentence (one naming the
    concept first, when `pattern` finds one)."""
    found = mainpath.main_path(net, method)
    arcs = list(zip(found.path, found.path[1:]))
    said = sentences(store, [(citing, cited) for cited, citing in arcs])
    steps = []
    for cited, citing in arcs:
        ss = said.get((citing, cited), [])
        ss.sort(key=lambda t: (pattern is None or not pattern.search(t[0]),))
        s, page = ss[0] if ss else ("", None)
        steps.append(PathStep(cited, citing, round(found.spc[(cited, citing)], 4), s, page))
    return tuple(steps)


def sentences(
    store: GraphStore, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[tuple[str, int | None]]]:
    """(citing, cited) -> the citing work's sentences that cite the cited one, with pages."""
    ps = sorted({tuple(p) for p in pairs})
    if not ps:
        return {}
    rows = store.query(
        "UNWIND $ps AS p MATCH (a:Work {key: p[0]})-[c:CITES]->(b:Work {key: p[1]}) "
        "RETURN a.key AS a, b.key AS b, c.sentences AS s, c.pages AS pg",
        {"ps": [list(p) for p in ps]},
    )
    out: dict[tuple[str, str], list[tuple[str, int | None]]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: (r["a"], r["b"])):
        for s, pg in zip(r["s"] or [], r["pg"] or [], strict=False):
            if (s, pg) not in out[(r["a"], r["b"])]:
                out[(r["a"], r["b"])].append((s, pg))
    return out


def turning_points(
    net: CitationNetwork, n: int = TURNING_POINTS
) -> tuple[tuple[TurningPoint, ...], str]:
    """The works of highest betweenness in the (undirected) citation network that the network
    itself cites: a review citing everything is central but turned nothing. A network too
    small to tell gives none. With how betweenness was computed (exact, or sampled)."""
    cited = Counter(y for _x, y in net.cites)
    works = {w for arc in net.cites for w in arc}
    if len(works) < MIN_TURNING_NETWORK:
        return (), ""
    between = centrality.betweenness(networks.citation(net))
    ranked = sorted(between.scores.items(), key=lambda t: (-t[1], t[0]))
    points = tuple(
        TurningPoint(k, round(b, 4)) for k, b in ranked if b > 0 and cited[k] >= MIN_TURNING_CITED
    )[:n]
    return points, between.method if points else ""


def concept_bursts(
    store: GraphStore, concept: str, works: Iterable[str],
    known: Mapping[str, int | None] | None = None,
) -> list[BurstRecord]:  # fmt: skip
    """Years in which unusually many of the year's works use the concept (`known`: the works'
    years when the caller has read them already)."""
    if known is None:
        year = usage.years(store, works)
    else:
        year = {w: known[w] for w in set(works) if w in known}
    using = Counter(y for y in year.values() if y is not None)
    if sum(using.values()) < MIN_BURST_USES:
        return []  # too few dated works for a burst to mean anything
    totals = {
        int(r["y"]): int(r["n"])
        for r in store.query(
            "MATCH (w:Work) WHERE w.year IS NOT NULL RETURN w.year AS y, count(w) AS n"
        )
    }
    ys, r, d = bursts.series(dict(using), totals)
    return [BurstRecord(concept, "mentions", b.start, b.end, b.weight)
            for b in bursts.kleinberg(ys, r, d)
            if _within(using, b.start, b.end) >= MIN_BURST_PERIOD]  # fmt: skip


def citation_bursts(store: GraphStore, works: Iterable[str], n: int = BURSTS) -> list[BurstRecord]:
    """Works whose citations received rose sharply for some years, strongest first."""
    rows = store.query(
        # bind each cited work by its key first: FalkorDB otherwise scans every citation;
        # counted per year in the store, and only works cited often enough come back
        "UNWIND $ks AS k MATCH (b:Work {key: k}) WITH b "
        "MATCH (a:Work)-[:CITES]->(b) WHERE a.year IS NOT NULL "
        "WITH b, a.year AS y, count(*) AS n "
        "WITH b, collect([y, n]) AS per, sum(n) AS total WHERE total >= $least "
        "RETURN b.key AS w, per",
        {"ks": sorted(set(works)), "least": MIN_BURST_CITATIONS},
    )
    totals = {
        int(r["y"]): int(r["n"])
        for r in store.query(
            "MATCH (a:Work)-[:CITES]->(:Work) WHERE a.year IS NOT NULL "
            "RETURN a.year AS y, count(*) AS n"
        )
    }
    received: dict[str, dict[int, int]] = defaultdict(dict)
    for r in rows:
        for y, n_ in r["per"]:
            received[r["w"]][int(y)] = int(n_)
    out = []
    for w in sorted(received):
        if sum(received[w].values()) < MIN_BURST_CITATIONS:
            continue
        ys, got, made = bursts.series(received[w], totals)
        out += [BurstRecord(w, "citations", b.start, b.end, b.weight)
                for b in bursts.kleinberg(ys, got, made)
                if _within(received[w], b.start, b.end) >= MIN_BURST_PERIOD]  # fmt: skip
    out.sort(key=lambda b: (-b.weight, b.start, b.subject))
    return out[:n]


def _within(counts: dict[int, int], start: int, end: int) -> int:
    return sum(n for y, n in counts.items() if start <= y <= end)


@dataclass(frozen=True)
class Schools:
    a: list[EntityRef]  # concepts naming A's cluster
    b: list[EntityRef]
    same: bool
    bridges: list[Bridge]
    betweenness: str = ""  # how the bridges' betweenness was computed: exact, or sampled


def bridges(store: GraphStore, a_works: list[str], b_works: list[str], n: int = BRIDGES,
            specificity: Mapping[str, float] | None = None) -> Schools:  # fmt: skip
    """The works bridging A's school and B's (`specificity`: concepts' specificity already
    read for the answer).

    The network is the citation network of both sides' works and every work citing or cited
    by them. Its Leiden clusters holding most of A's works and most of B's are the two schools;
    a bridge is a third work (neither side's own) that cites works of both schools, ranked by
    betweenness in that network. A work both schools merely cite is a shared root, not a
    bridge."""
    sides = set(a_works) | set(b_works)
    rows = store.query(
        "MATCH (a:Work)-[:CITES]-(b:Work) WHERE a.key IN $ks RETURN DISTINCT b.key AS b",
        {"ks": sorted(sides)},
    )
    net = project.citations_among(store, sides | {r["b"] for r in rows})
    graph = networks.citation(net)
    member = communities.membership(communities.leiden(graph))
    ca, cb = _main_cluster(a_works, member), _main_cluster(b_works, member)
    if ca is None or cb is None:
        return Schools([], [], False, [])
    a_school = [k for k, c in member.items() if c == ca]
    b_school = [k for k, c in member.items() if c == cb]
    names_a = label_concepts(store, a_school, 3, specificity)
    if ca == cb:  # one school: named once
        return Schools(names_a, list(names_a), True, [])
    names_b = label_concepts(store, b_school, 3, specificity)
    cites: dict[str, set[str]] = defaultdict(set)
    for x, y in net.cites:
        cites[x].add(y)
    joining = [w for w, cited in cites.items() if w not in sides
               and any(member.get(v) == ca for v in cited)
               and any(member.get(v) == cb for v in cited)]  # fmt: skip
    # betweenness is the costliest measure here: only when there is a bridge to rank
    measured = centrality.betweenness(graph) if joining else None
    between = measured.scores if measured else {}
    joining.sort(key=lambda w: (-between.get(w, 0.0), w))
    shown = set(joining[:n])
    said = sentences(store, [(x, y) for x, y in net.cites if x in shown or y in shown])
    out = []
    for w in joining[:n]:
        evidence = []
        for side, cluster in (("a", ca), ("b", cb)):
            pairs = [(x, y) for (x, y) in said
                     if x == w and member.get(y) == cluster]  # fmt: skip
            for x, y in sorted(pairs)[:1]:
                s, pg = said[(x, y)][0]
                evidence.append(Quote("cites", y, x, s, pg, side=side))
        out.append(Bridge(w, round(between.get(w, 0.0), 4), tuple(evidence)))
    return Schools(names_a, names_b, False, out, measured.method if measured and out else "")


def _main_cluster(works: list[str], member: dict[str, int]) -> int | None:
    counts = Counter(member[w] for w in works if w in member)
    return min(counts, key=lambda c: (-counts[c], c)) if counts else None
