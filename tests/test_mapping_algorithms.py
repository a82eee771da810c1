"""The science-mapping measures on crafted inputs whose answers are known by hand: Kleinberg
bursts, search path counts and the main path, Leiden clusters, betweenness."""

from __future__ import annotations

import random

import pytest

from litgraph.analyze import bursts, centrality, communities, mainpath, networks
from litgraph.analyze.project import CitationNetwork


def test_kleinberg_finds_the_years_a_topic_surged() -> None:
    years = list(range(2000, 2012))
    works = [100] * 12
    using = [5, 4, 6, 5, 5, 30, 35, 28, 5, 6, 4, 5]  # 2005-2007: six times the usual share
    found = bursts.kleinberg(years, using, works)
    assert [(b.start, b.end) for b in found] == [(2005, 2007)]
    assert found[0].weight > 0


def test_kleinberg_finds_no_burst_in_a_steady_series() -> None:
    years = list(range(2000, 2012))
    assert bursts.kleinberg(years, [5] * 12, [100] * 12) == []


def test_kleinberg_needs_more_than_one_odd_year_when_gamma_is_high() -> None:
    """A one-year blip of moderate size is noise once entering the burst state costs more."""
    years = list(range(2000, 2010))
    using = [5, 5, 5, 5, 15, 5, 5, 5, 5, 5]
    assert bursts.kleinberg(years, using, [100] * 10, gamma=1.0)
    assert not bursts.kleinberg(years, using, [100] * 10, gamma=6.0)


def test_burst_series_fills_the_years_without_works() -> None:
    years, r, d = bursts.series({2001: 2}, {2000: 10, 2003: 5})
    assert (years, r, d) == ([2000, 2001, 2002, 2003], [0, 0, 0, 0], [10, 0, 0, 5])


# Knowledge flows cited -> citing. Sources A, B, Z (cite nothing here), sinks F, G:
#   A -> C, B -> C, Z -> C, A -> D, C -> E, D -> E, E -> F, D -> G
# Paths from sources: N-(C) = 3, N-(D) = 1, N-(E) = 4; to sinks: N+(E) = 1, N+(D) = 2,
# N+(C) = 1, N+(A) = 3. SPC = N-(tail) x N+(head).
DAG_YEARS = {"A": 1970, "B": 1971, "Z": 1972, "C": 1980, "D": 1981, "E": 1990, "F": 2000,
             "G": 1995}  # fmt: skip
DAG_ARCS = [("A", "C"), ("B", "C"), ("Z", "C"), ("A", "D"), ("C", "E"), ("D", "E"), ("E", "F"),
            ("D", "G")]  # fmt: skip
DAG_SPC = {("A", "C"): 1, ("B", "C"): 1, ("Z", "C"): 1, ("A", "D"): 2, ("C", "E"): 3,
           ("D", "E"): 1, ("E", "F"): 4, ("D", "G"): 1}  # fmt: skip


def _dag(arcs: list[tuple[str, str]]) -> CitationNetwork:
    return CitationNetwork(dict(DAG_YEARS), sorted((citing, cited) for cited, citing in arcs))


def test_search_path_counts_match_the_hand_count() -> None:
    found = mainpath.main_path(_dag(DAG_ARCS))
    assert found.spc == pytest.approx({a: n / 4 for a, n in DAG_SPC.items()})
    assert found.dropped == 0


def test_global_main_path_takes_the_largest_spc_sum_and_ties_go_to_the_oldest() -> None:
    # A-C-E-F, B-C-E-F and Z-C-E-F all sum 8/4; A-D-E-F sums 7/4; A is the oldest source
    assert mainpath.main_path(_dag(DAG_ARCS)).path == ("A", "C", "E", "F")


def test_local_main_path_follows_the_largest_arc_at_each_step() -> None:
    # the source arc of largest SPC is A -> D (2); from D, E and G tie (1): E is older
    assert mainpath.main_path(_dag(DAG_ARCS), "local").path == ("A", "D", "E", "F")


def test_main_path_does_not_depend_on_input_order() -> None:
    shuffled = DAG_ARCS[:]
    random.Random(3).shuffle(shuffled)
    net = CitationNetwork(dict(reversed(DAG_YEARS.items())),
                          [(citing, cited) for cited, citing in shuffled])  # fmt: skip
    assert mainpath.main_path(net).path == ("A", "C", "E", "F")


def test_main_path_breaks_citation_cycles_and_drops_anachronisms() -> None:
    years = {"a": 1990, "b": 1990, "c": 2000, "old": 1980}
    # a and b (same year) cite each other; old "cites" the younger c (a parsing error)
    net = CitationNetwork(
        years, [("a", "b"), ("b", "a"), ("c", "a"), ("c", "b"), ("old", "c")]
    )  # fmt: skip
    found = mainpath.main_path(net)
    assert found.dropped == 2  # old -> c, and b -> a (the arc into the earlier key)
    assert found.path == ("a", "b", "c")


def test_leiden_separates_two_cliques_joined_by_one_edge_every_time() -> None:
    left = [f"l{i}" for i in range(6)]
    right = [f"r{i}" for i in range(6)]
    groups = [[a, b] for side in (left, right) for a in side for b in side if a < b]
    graph = networks._graph([*groups, ["l0", "r0"]])
    found = communities.leiden(graph)
    assert found == [left, right]
    assert all(communities.leiden(graph) == found for _ in range(3))


def test_higher_resolution_gives_more_clusters() -> None:
    groups = [[f"n{i}", f"n{(i + 1) % 30}"] for i in range(30)]  # a ring
    graph = networks._graph(groups)
    assert len(communities.leiden(graph, 2.0)) > len(communities.leiden(graph, 0.05))


def test_cocitation_counts_the_works_citing_both() -> None:
    net = CitationNetwork({k: 2000 for k in "pqrxyz"},
                          [("p", "x"), ("p", "y"), ("q", "x"), ("q", "y"), ("r", "y"),
                           ("r", "z")])  # fmt: skip
    g = networks.cocitation(net)
    w = {tuple(sorted((g.vs[e.source]["key"], g.vs[e.target]["key"]))): e["weight"] for e in g.es}
    assert w == {("x", "y"): 2.0, ("y", "z"): 1.0}
    c = networks.coupling(net)
    w = {tuple(sorted((c.vs[e.source]["key"], c.vs[e.target]["key"]))): e["weight"] for e in c.es}
    assert w == {("p", "q"): 2.0, ("p", "r"): 1.0, ("q", "r"): 1.0}


def test_betweenness_names_the_bridge_and_sampling_agrees_on_it() -> None:
    left = [f"l{i}" for i in range(30)]
    right = [f"r{i}" for i in range(30)]
    groups = [[a, b] for side in (left, right) for a in side for b in side if a < b]
    graph = networks._graph([*groups, ["l0", "bridge"], ["bridge", "r0"]])
    exact = centrality.betweenness(graph)
    assert exact.method == "exact"
    assert max(exact.scores, key=exact.scores.__getitem__) == "bridge"
    sampled = centrality.betweenness(graph, budget=10, samples=20)
    assert sampled.method.startswith("sampled from 20")
    top3 = sorted(sampled.scores, key=lambda k: -sampled.scores[k])[:3]
    assert set(top3) == {"l0", "bridge", "r0"}


def test_strongest_keeps_the_most_linked_members() -> None:
    graph = networks._graph([["hub", f"n{i}"] for i in range(10)] + [["n1", "n2"]])
    kept = networks.strongest(graph, 3)
    assert sorted(kept.vs["key"]) == ["hub", "n1", "n2"]
    assert networks.strongest(graph, 100) is graph
