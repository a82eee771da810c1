"""Communities by the Leiden algorithm (Traag, Waltman & van Eck 2019) through `leidenalg` on
`igraph`: the modularity-like quality of the configuration model with a resolution parameter
(higher: more, smaller clusters), edge weights used, a fixed seed, iterated until no move
improves it. Same graph in the same order + same seed = same partition.

Clusters are numbered by size (largest first), ties by their smallest key, so the numbering is
stable from run to run and store to store.
"""

from __future__ import annotations

import igraph as ig
import leidenalg

SEED = 42


def leiden(graph: ig.Graph, resolution: float = 1.0, seed: int = SEED) -> list[list[str]]:
    """The clusters of `graph` (vertex attribute `key`), each a sorted list of keys."""
    if graph.vcount() == 0:
        return []
    part = leidenalg.find_partition(
        graph,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight" if graph.ecount() else None,
        resolution_parameter=resolution,
        n_iterations=-1,
        seed=seed,
    )
    keys = graph.vs["key"]
    clusters = [sorted(keys[i] for i in members) for members in part]
    return sorted(clusters, key=lambda c: (-len(c), c[0]))


def membership(clusters: list[list[str]]) -> dict[str, int]:
    """key -> cluster number (1-based, as shown to people)."""
    return {k: i for i, c in enumerate(clusters, start=1) for k in c}
