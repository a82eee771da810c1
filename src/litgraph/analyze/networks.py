"""Undirected weighted networks derived from the citation network and authorships, as igraph
graphs whose vertices carry the works' (or authors') keys in the `key` attribute:

- cocitation: two works cited together by the same citing work; weight = how many cite both;
- coupling: two works sharing references; weight = how many references they share;
- coauthorship: two authors of the same work; weight = how many works they wrote together;
- citation: a work and a work it cites (direct citation), weight 1.

Pairs are collected as integer edges and merged by igraph (`simplify`, weights summed), so a
network of millions of pairs stays in igraph's compact memory, not in Python dicts. Vertices
and edges are built from sorted keys: the same graph, in the same order, from either store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations

import igraph as ig

from ..errors import ConfigError
from .project import CitationNetwork

NETWORKS = ("cocitation", "coupling", "coauthorship", "citation")


def check_network(name: str) -> str:
    if name not in NETWORKS:
        raise ConfigError(f"unknown network {name!r}; use one of: {', '.join(NETWORKS)}")
    return name


def _graph(groups: Iterable[list[str]], extra: Iterable[str] = ()) -> ig.Graph:
    """Vertices: every key in a group of two or more (and `extra`); an edge per pair in each
    group, weights summed over groups."""
    groups = [sorted(set(g)) for g in groups]
    keys = sorted({k for g in groups if len(g) > 1 for k in g} | set(extra))
    index = {k: i for i, k in enumerate(keys)}
    edges: list[tuple[int, int]] = []
    for g in groups:
        if len(g) > 1:
            ids = [index[k] for k in g]
            edges.extend(combinations(ids, 2))
    graph = ig.Graph(n=len(keys), edges=edges, directed=False)
    graph.vs["key"] = keys
    graph.es["weight"] = [1.0] * len(edges)
    graph.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
    return graph


def cocitation(net: CitationNetwork, min_weight: float = 1.0) -> ig.Graph:
    refs: dict[str, list[str]] = defaultdict(list)
    for a, b in net.cites:
        refs[a].append(b)
    return _pruned(_graph(refs.values()), min_weight)


def coupling(net: CitationNetwork, min_weight: float = 1.0, max_cited_by: int = 2000) -> ig.Graph:
    """Works sharing references. A reference cited by more than `max_cited_by` works couples
    almost everything and says little; it is left out (the number of pairs grows with the
    square of its citations)."""
    citing: dict[str, list[str]] = defaultdict(list)
    for a, b in net.cites:
        citing[b].append(a)
    groups = [g for g in citing.values() if len(g) <= max_cited_by]
    return _pruned(_graph(groups), min_weight)


def coauthorship(authors: Mapping[str, list[str]], min_weight: float = 1.0) -> ig.Graph:
    return _pruned(_graph(authors.values()), min_weight)


def citation(net: CitationNetwork, directed: bool = False) -> ig.Graph:
    """The citation network itself over every work (directed: citing -> cited)."""
    keys = sorted(net.years)
    index = {k: i for i, k in enumerate(keys)}
    edges = [(index[a], index[b]) for a, b in net.cites if a in index and b in index]
    graph = ig.Graph(n=len(keys), edges=edges, directed=directed)
    graph.vs["key"] = keys
    graph.es["weight"] = [1.0] * len(edges)
    if not directed:
        graph.simplify(multiple=True, loops=True, combine_edges={"weight": "max"})
    return graph


def _pruned(graph: ig.Graph, min_weight: float) -> ig.Graph:
    if min_weight > 1.0:
        graph.delete_edges([e.index for e in graph.es if e["weight"] < min_weight])
        graph.delete_vertices([v.index for v in graph.vs if v.degree() == 0])
    return graph


def build(
    name: str, net: CitationNetwork, authors: Mapping[str, list[str]] | None = None,
    min_weight: float = 1.0,
) -> ig.Graph:  # fmt: skip
    """The named network (see NETWORKS)."""
    check_network(name)
    if name == "cocitation":
        return cocitation(net, min_weight)
    if name == "coupling":
        return coupling(net, min_weight)
    if name == "coauthorship":
        return coauthorship(authors or {}, min_weight)
    return citation(net)


def strongest(graph: ig.Graph, max_nodes: int) -> ig.Graph:
    """The subnetwork of the `max_nodes` vertices of largest link strength (ties: smaller
    key), as VOSviewer keeps the most-cited references: clusters, labels and betweenness of a
    100,000-work network cost minutes and cannot be read anyway."""
    if graph.vcount() <= max_nodes:
        return graph
    strength = graph.strength(weights="weight")
    keys = graph.vs["key"]
    keep = sorted(range(graph.vcount()), key=lambda i: (-strength[i], keys[i]))[:max_nodes]
    return graph.induced_subgraph(sorted(keep))
