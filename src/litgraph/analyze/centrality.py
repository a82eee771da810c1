"""Betweenness centrality: how many shortest paths between other nodes run through a node
(Freeman 1977; CiteSpace's "turning points" are works of high betweenness).

Exact (Brandes' algorithm, igraph) up to `EXACT_LIMIT` nodes; above that, estimated from the
shortest paths of `SAMPLES` source nodes drawn with a fixed seed and scaled by n / SAMPLES
(Brandes & Pich 2007), which keeps the cost linear in the samples. The answer says which.
Scores are normalised to 0..1 by the largest, so exact and sampled read alike.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import igraph as ig

EXACT_LIMIT = 5000
SAMPLES = 256
SEED = 42


@dataclass(frozen=True)
class Betweenness:
    scores: dict[str, float]  # key -> betweenness / the largest (0..1)
    method: str  # "exact" | "sampled from N sources"


def betweenness(
    graph: ig.Graph, *, exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES, seed: int = SEED
) -> Betweenness:
    """Betweenness of every vertex of `graph` (vertex attribute `key`), unweighted paths."""
    n = graph.vcount()
    if n == 0:
        return Betweenness({}, "exact")
    if n <= exact_limit:
        raw = graph.betweenness(directed=graph.is_directed())
        method = "exact"
    else:
        sources = sorted(random.Random(seed).sample(range(n), min(samples, n)))
        raw = graph.betweenness(directed=graph.is_directed(), sources=sources)
        raw = [b * n / len(sources) for b in raw]
        method = f"sampled from {len(sources)} of {n} sources"
    top = max(raw) or 1.0
    keys = graph.vs["key"]
    return Betweenness({keys[i]: raw[i] / top for i in range(n)}, method)
