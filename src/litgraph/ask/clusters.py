"""Schools of thought (`clusters`): Leiden communities of a co-citation, bibliographic coupling,
co-authorship or direct-citation network, each labelled by the most specific concepts its works
use (specificity as in `link`, from `usage`) and by its most-cited works."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from ..analyze import centrality, communities, networks, project
from ..store import GraphStore
from . import usage
from .lookup import work_labels
from .records import Cluster, ClusterLink, ClustersAnswer, ClusterScore, EntityRef

LABEL_CONCEPTS = 4
TOP_WORKS = 3
MAX_NODES = 5000


def clusters(
    store: GraphStore,
    network: str = "cocitation",
    *,
    resolution: float = 1.0,
    min_weight: float = 1.0,
    seed: int = communities.SEED,
    max_nodes: int = MAX_NODES,
) -> ClustersAnswer:
    """The labelled communities of the network (see `analyze.networks.NETWORKS`), over its
    `max_nodes` members of largest link strength."""
    networks.check_network(network)
    net = project.citation_network(store)
    authors = project.authorships(store) if network == "coauthorship" else {}
    whole = networks.build(network, net, authors, min_weight)
    graph = networks.strongest(whole, max_nodes)
    found = communities.leiden(graph, resolution, seed)
    member_of = communities.membership(found)
    cited = Counter(b for _, b in net.cites)
    works_of: dict[str, list[str]] = defaultdict(list)  # author -> works
    for w, aus in authors.items():
        for a in aus:
            works_of[a].append(w)
    between = centrality.betweenness(graph)
    keys = graph.vs["key"]
    strength = graph.strength(weights="weight") if graph.ecount() else [0.0] * graph.vcount()
    degree = graph.degree()
    scores = tuple(
        ClusterScore(
            k, member_of[k], degree[i], round(strength[i], 3),
            sum(cited[w] for w in works_of[k]) if authors else cited[k],
            round(between.scores.get(k, 0.0), 4), None if authors else net.years.get(k),
        )
        for i, k in sorted(enumerate(keys), key=lambda t: t[1])
    )  # fmt: skip
    out = [_label(store, i, c, works_of if authors else None, cited, net.years)
           for i, c in enumerate(found, start=1)]  # fmt: skip
    ends = [sorted((keys[e.source], keys[e.target])) for e in graph.es]
    links = tuple(sorted(
        (ClusterLink(a, b, round(e["weight"], 3)) for (a, b), e in zip(ends, graph.es)),
        key=lambda x: (x.a, x.b),
    ))  # fmt: skip
    shown = {w for c in out for w in c.top_works}
    shown |= set() if authors else set(keys)
    names = _author_names(store, keys) if authors else {}
    return ClustersAnswer(
        network, resolution, tuple(out), scores, links, between.method,
        work_labels(store, shown), names, whole.vcount(),
    )  # fmt: skip


def _label(
    store: GraphStore,
    number: int,
    members: list[str],
    works_of: dict[str, list[str]] | None,
    cited: Counter[str],
    years: dict[str, int | None],
) -> Cluster:
    works = sorted({w for a in members for w in works_of[a]}) if works_of is not None else members
    top = sorted(works, key=lambda w: (-cited[w], w))[:TOP_WORKS]
    return Cluster(number, tuple(members), tuple(label_concepts(store, works)), tuple(top),
                   _span([years.get(w) for w in works]))  # fmt: skip


def label_concepts(
    store: GraphStore, works: list[str], n: int = LABEL_CONCEPTS,
    specificity: Mapping[str, float] | None = None,
) -> list[EntityRef]:  # fmt: skip
    """The concepts that best name a group of works: how many of its works use each (own text
    or credited in scope, the thresholds of `usage`), times the concept's specificity (those
    in `specificity` already read)."""
    using = Counter(usage.works_using(store, works))
    spec = usage.specificity(store, using, specificity)
    ranked = sorted(using, key=lambda c: (-using[c] * spec.get(c, 0.0), c))[:n]
    labels = {
        r["k"]: r["l"]
        for r in store.query(
            "MATCH (c:Concept) WHERE c.key IN $ks RETURN c.key AS k, c.label AS l", {"ks": ranked}
        )
    }
    return [EntityRef("concept", c, labels.get(c, c), round(using[c] * spec.get(c, 0.0), 3))
            for c in ranked]  # fmt: skip


def _span(years: list[int | None]) -> tuple[int | None, int | None]:
    dated = [y for y in years if y is not None]
    return (min(dated), max(dated)) if dated else (None, None)


def _author_names(store: GraphStore, keys: list[str]) -> dict[str, str]:
    rows = store.query(
        "MATCH (a:Author) WHERE a.key IN $ks RETURN a.key AS k, a.name AS n", {"ks": sorted(keys)}
    )
    return {r["k"]: r["n"] or r["k"] for r in rows}


def work_measures(store: GraphStore) -> dict[str, dict[str, float | int]]:
    """work key -> {cluster, betweenness, citations}: its Leiden cluster in the direct-citation
    network, its betweenness there (relative to the largest) and the citations it receives.
    For exports (GraphML, GEXF, CSV, JSON)."""
    net = project.citation_network(store)
    graph = networks.citation(net)
    member = communities.membership(communities.leiden(graph))
    between = centrality.betweenness(graph).scores
    cited = Counter(b for _, b in net.cites)
    return {
        k: {"cluster": member[k], "betweenness": round(between.get(k, 0.0), 4),
            "citations": cited[k]}
        for k in net.years
    }  # fmt: skip
