"""Science mapping on a synthetic graph: clusters, bursts, betweenness and a main path.

    python bench/bench_mapping.py [--works 100000] [--cites 500000] [--store DIR]

Loads the synthetic citation graph of `bench_queries.py` (same generator) into the embedded
store, then times each measure as the commands compute it (the projection read from the store
is timed on its own) and prints peak memory. Leiden (igraph + leidenalg) is compared with
networkx's Louvain on the same co-citation network: time, and whether two runs with the same
seed give the same partition.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_queries import generate

from litgraph.analyze import bursts, centrality, communities, mainpath, networks, project
from litgraph.ask.clusters import clusters
from litgraph.ask.lineage import lineage
from litgraph.ask.link import link
from litgraph.extract.concepts import load_vocabulary
from litgraph.graph.contributions import vocabulary_contribution
from litgraph.graph.schema import SCHEMA
from litgraph.store.embedded import EmbeddedStore


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


TIMES: dict[str, tuple[float, float]] = {}


def step(name: str, fn):  # type: ignore[no-untyped-def]
    """Run and print wall time, this process's CPU time (the machine may be shared; the
    store's server is another process) and peak memory so far."""
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    TIMES[name] = (wall, cpu)
    print(f"{name:<46} {wall:7.2f} s wall {cpu:7.2f} s cpu   peak {peak_mb():6.0f} MB", flush=True)
    return out


def load(store: EmbeddedStore, data: dict[str, list[dict]]) -> None:
    store.ensure_schema(SCHEMA)
    for label, rows in vocabulary_contribution(load_vocabulary()).node_rows():
        store.upsert_nodes(label, rows)
    store.upsert_nodes("Work", data["works"], batch=10_000)
    store.upsert_nodes("Author", data["authors"], batch=10_000)
    store.upsert_relationships("AUTHORED", "Author", "Work", data["authored"], batch=10_000)
    store.upsert_relationships("CITES", "Work", "Work", data["cites"], batch=10_000)
    store.upsert_relationships("MENTIONS", "Work", "Concept", data["mentions"], batch=10_000)


def louvain(graph, seed: int) -> list[list[str]]:  # type: ignore[no-untyped-def]
    import networkx as nx

    g = nx.Graph()
    keys = graph.vs["key"]
    g.add_nodes_from(keys)
    g.add_weighted_edges_from((keys[e.source], keys[e.target], e["weight"]) for e in graph.es)
    found = nx.community.louvain_communities(g, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def leidenalg_partition(graph, seed: int) -> list[list[str]]:  # type: ignore[no-untyped-def]
    import leidenalg

    part = leidenalg.find_partition(
        graph, leidenalg.RBConfigurationVertexPartition, weights="weight",
        resolution_parameter=1.0, n_iterations=2, seed=seed,
    )  # fmt: skip
    keys = graph.vs["key"]
    return sorted((sorted(keys[i] for i in c) for c in part), key=lambda c: (-len(c), c[0]))


def compare(graph) -> None:  # type: ignore[no-untyped-def]
    """Leiden (igraph's own) against leidenalg and networkx's Louvain: one start each."""
    import importlib.util

    import igraph as ig

    keys = graph.vs["key"]

    def q(found: list[list[str]]) -> float:
        m = communities.membership(found)
        return graph.modularity([m[k] for k in keys], weights="weight")

    runs = {"leiden, igraph": lambda: communities.leiden(graph, starts=1)}
    if importlib.util.find_spec("leidenalg"):
        runs["leiden, leidenalg"] = lambda: leidenalg_partition(graph, 42)
    runs["louvain, networkx"] = lambda: louvain(graph, 42)
    first = {}
    for name, fn in runs.items():
        a = step(f"  {name}", fn)
        b = step(f"  {name}, again with the same seed", fn)
        first[name] = a
        print(f"    {len(a)} clusters, modularity {q(a):.4f}, repeat identical: {a == b}")
    base = communities.membership(first["leiden, igraph"])
    for name, found in first.items():
        m = communities.membership(found)
        nmi = ig.compare_communities([base[k] for k in keys], [m[k] for k in keys], "nmi")
        print(f"    agreement with igraph's Leiden (NMI): {name} {nmi:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--works", type=int, default=100_000)
    ap.add_argument("--cites", type=int, default=500_000)
    ap.add_argument("--store", help="store directory (default: a temporary one)")
    ap.add_argument("--no-compare", action="store_true", help="skip leidenalg and networkx")
    args = ap.parse_args()
    data = step("generate", lambda: generate(args.works, args.cites))
    with (
        tempfile.TemporaryDirectory() as tmp,
        EmbeddedStore(Path(args.store or Path(tmp) / "store")) as store,
    ):
        n_cites = len(data["cites"])
        step(f"load {args.works} works, {n_cites} citations", lambda: load(store, data))
        data.clear()
        net = step("read the citation network (paged)", lambda: project.citation_network(store))
        co = step("co-citation network", lambda: networks.cocitation(net))
        print(f"  {co.vcount()} works, {co.ecount()} co-citation links")
        if not args.no_compare:
            compare(co)
        found = step("clusters: co-citation, Leiden", lambda: communities.leiden(co))
        print(f"  {len(found)} clusters, largest {len(found[0]) if found else 0}")
        answer = step("clusters command (read, network, Leiden, labels)",
                      lambda: clusters(store, "cocitation"))  # fmt: skip
        print(f"  {len(answer.clusters)} clusters; betweenness {answer.betweenness}")
        cg = networks.citation(net)
        b = step("betweenness, citation network", lambda: centrality.betweenness(cg))
        print(f"  {b.method}")
        mp = step("main path (SPC, global), whole network", lambda: mainpath.main_path(net))
        print(f"  {len(mp.path)} works on the main path, {mp.dropped} arcs dropped")
        step("bursts: every work's citations + concepts", lambda: all_bursts(store, net))
        lin = step("lineage co-production (with main path etc.)",
                   lambda: lineage(store, "co-production"))  # fmt: skip
        print(f"  {len(lin.main_path)} arcs on its main path, {len(lin.bursts)} bursts")
        ans = step("link Ostrom Osborne (with schools, bridges)",
                   lambda: link(store, "Ostrom", "Osborne"))  # fmt: skip
        print(f"  {len(ans.bridges)} bridging works")
    print(f"peak memory {peak_mb():.0f} MB")
    base = TIMES["read the citation network (paged)"][0]
    print(f"wall time relative to reading the citation network ({base:.1f} s):")
    for name, (wall, _) in TIMES.items():
        if not name.startswith(("generate", "load", "  ")):
            print(f"  {name:<46} {wall / base:5.2f}x")
    return 0


def all_bursts(store: EmbeddedStore, net: project.CitationNetwork) -> int:
    """Kleinberg over every work's yearly citations received and every concept's yearly use."""
    made = Counter(net.years[a] for a, _ in net.cites if net.years.get(a) is not None)
    received: dict[str, Counter[int]] = defaultdict(Counter)
    for a, b in net.cites:
        if net.years.get(a) is not None:
            received[b][net.years[a]] += 1  # type: ignore[index]
    found = 0
    for w in received:
        ys, r, d = bursts.series(dict(received[w]), dict(made))
        found += len(bursts.kleinberg(ys, r, d))
    works = Counter(y for y in net.years.values() if y is not None)
    rows = store.query(
        "MATCH (w:Work)-[:MENTIONS]->(c:Concept) RETURN c.key AS c, w.year AS y, count(*) AS n"
    )
    use: dict[str, dict[int, int]] = defaultdict(dict)
    for r in rows:
        if r["y"] is not None:
            use[r["c"]][int(r["y"])] = int(r["n"])
    for c in use:
        ys, r, d = bursts.series(use[c], dict(works))
        found += len(bursts.kleinberg(ys, r, d))
    print(f"  {len(received)} works and {len(use)} concepts scanned, {found} bursts")
    return found


if __name__ == "__main__":
    sys.exit(main())
