"""Main path analysis (Hummon & Doreian 1989) by search path count (SPC; Batagelj 2003).

Knowledge flows from the cited work to the citing one, so arcs run cited -> citing. Sources
are works citing nothing in the network, sinks works nobody in it cites. The SPC of an arc is
the number of source-to-sink paths through it: N-(u) x N+(v), with N-(u) the paths from any
source to u and N+(v) those from v to any sink. The main path is the source-to-sink path whose
arcs' SPC sum is the largest (the global main path of Liu & Lu 2012); `local` follows the
largest SPC arc from the best source arc instead (Hummon & Doreian's forward search).

Citation networks are not always acyclic (works of the same year citing each other, errors):
arcs to a younger work are dropped, then any remaining cycle is broken by dropping arcs against
(year, key) order, so the result is a DAG and deterministic. Path counts grow exponentially with
depth, so they are carried as logarithms and SPC is reported relative to the largest arc (0..1).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass

from .project import CitationNetwork


@dataclass(frozen=True)
class MainPath:
    path: tuple[str, ...]  # oldest first: each work is cited by the next
    spc: dict[tuple[str, str], float]  # (cited, citing) -> SPC / largest, every kept arc
    dropped: int  # arcs dropped to make the network acyclic


def _logsumexp(values: list[float]) -> float:
    if not values:
        return -math.inf
    top = max(values)
    if top == -math.inf:
        return top
    return top + math.log(sum(math.exp(v - top) for v in values))


def _dag(net: CitationNetwork) -> tuple[list[str], dict[str, list[str]], int]:
    """Topological order and arcs cited -> citing, cycles broken deterministically."""
    year = net.years
    order_key = {k: (year.get(k) if year.get(k) is not None else 10**6, k) for k in net.years}
    arcs: dict[str, list[str]] = defaultdict(list)
    dropped = 0
    for citing, cited in net.cites:
        yc, yd = year.get(citing), year.get(cited)
        if yc is not None and yd is not None and yd > yc:
            dropped += 1  # a work cannot build on a younger one
            continue
        arcs[cited].append(citing)
    nodes = sorted({*net.years, *arcs, *(v for vs in arcs.values() for v in vs)},
                   key=lambda k: order_key.get(k, (10**6, k)))  # fmt: skip
    indeg = dict.fromkeys(nodes, 0)
    for u in nodes:
        for v in arcs.get(u, ()):
            indeg[v] += 1
    # Kahn's algorithm in (year, key) order; when stuck on a cycle, drop the arcs into the
    # earliest remaining node and go on
    rank = {k: i for i, k in enumerate(nodes)}
    heap = [rank[k] for k in nodes if indeg[k] == 0]
    heapq.heapify(heap)
    done: set[str] = set()
    order: list[str] = []
    while len(order) < len(nodes):
        if not heap:
            stuck = next(k for k in nodes if k not in done)
            for u in nodes:
                if u not in done and stuck in arcs.get(u, ()):
                    arcs[u] = [v for v in arcs[u] if v != stuck]
                    dropped += 1
            indeg[stuck] = 0
            heapq.heappush(heap, rank[stuck])
        u = nodes[heapq.heappop(heap)]
        if u in done:
            continue
        done.add(u)
        order.append(u)
        for v in arcs.get(u, ()):
            indeg[v] -= 1
            if indeg[v] == 0:
                heapq.heappush(heap, rank[v])
    return order, {u: sorted(vs, key=rank.__getitem__) for u, vs in arcs.items()}, dropped


def main_path(net: CitationNetwork, method: str = "global") -> MainPath:
    """The SPC main path of the citation network (see the module docstring)."""
    order, arcs, dropped = _dag(net)
    preds: dict[str, list[str]] = defaultdict(list)
    for u in order:
        for v in arcs.get(u, ()):
            preds[v].append(u)
    log_in: dict[str, float] = {}  # log N-(u): paths from sources to u
    for u in order:
        log_in[u] = 0.0 if not preds[u] else _logsumexp([log_in[p] for p in preds[u]])
    log_out: dict[str, float] = {}  # log N+(v): paths from v to sinks
    for u in reversed(order):
        nxt = arcs.get(u, [])
        log_out[u] = 0.0 if not nxt else _logsumexp([log_out[v] for v in nxt])
    log_spc = {(u, v): log_in[u] + log_out[v] for u in order for v in arcs.get(u, ())}
    if not log_spc:
        return MainPath((), {}, dropped)
    top = max(log_spc.values())
    spc = {a: math.exp(s - top) for a, s in log_spc.items()}
    path = _local(order, arcs, preds, spc) if method == "local" else _global(order, arcs, spc)
    return MainPath(tuple(path), spc, dropped)


def _global(order: list[str], arcs: dict[str, list[str]], spc: dict[tuple[str, str], float]
            ) -> list[str]:  # fmt: skip
    """The source-to-sink path of largest SPC sum (ties: fewer arcs, then earlier keys)."""
    best: dict[str, tuple[float, str | None]] = {}  # node -> (best sum ending here, previous)
    for u in order:
        best.setdefault(u, (0.0, None))
        for v in arcs.get(u, ()):
            cand = best[u][0] + spc[(u, v)]
            if v not in best or cand > best[v][0] + 1e-12:
                best[v] = (cand, u)
    sinks = [u for u in order if not arcs.get(u) and best[u][1] is not None]
    if not sinks:
        return []
    end = max(sinks, key=lambda k: best[k][0])  # first in order among equals
    path = [end]
    while best[path[-1]][1] is not None:
        path.append(best[path[-1]][1])  # type: ignore[arg-type]
    return path[::-1]


def _local(order: list[str], arcs: dict[str, list[str]], preds: dict[str, list[str]],
           spc: dict[tuple[str, str], float]) -> list[str]:  # fmt: skip
    """From the source arc of largest SPC, follow the largest SPC arc to a sink."""
    starts = [(u, v) for u in order if not preds[u] for v in arcs.get(u, ())]
    if not starts:
        return []
    u, v = max(starts, key=lambda a: spc[a])
    path = [u, v]
    while arcs.get(path[-1]):
        here = path[-1]
        path.append(max(arcs[here], key=lambda w: spc[(here, w)]))
    return path
