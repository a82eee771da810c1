"""`litgraph clusters` and the science-mapping exports on the demo corpus, through the CLI:
VOSviewer files in its documented format, GEXF and GraphML with cluster and centrality
attributes that networkx reads, the lineage view drawing the main path."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from litgraph.cli import cli

from conftest import REPO

# VOSviewer manual: map files are tab-separated with a header; `id` a positive integer,
# `cluster` a positive integer, `weight<...>` and `score<...>` numeric columns
VOS_COLUMNS = ["id", "label", "description", "cluster", "weight<Links>",
               "weight<Total link strength>", "weight<Citations>", "score<Avg. pub. year>",
               "score<Betweenness>"]  # fmt: skip


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"embedded:{tmp_path_factory.mktemp('cli-corpus') / 'store'}"
    r = CliRunner().invoke(cli, ["--store", url, "build", "-j", "1", str(REPO / "corpus")])
    assert r.exit_code == 0, r.output
    return url


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_clusters_text_names_each_school_by_concepts_and_top_works(store_url: str) -> None:
    code, out, _ = run("--store", store_url, "clusters")
    assert code == 0
    assert out.startswith("Clusters of the co-citation")
    school = next(line for line in out.splitlines() if "Parks et al. (1981)" in line
                  and "most cited" in line)  # fmt: skip
    assert school
    assert "Service-dominant logic" in out


def test_clusters_json_lists_every_member_once(store_url: str) -> None:
    code, out, _ = run("--store", store_url, "--json", "clusters", "--network", "coupling")
    assert code == 0
    data = json.loads(out)
    members = [k for c in data["clusters"] for k in c["members"]]
    assert len(members) == len(set(members)) == len(data["scores"])
    assert data["network"] == "coupling" and data["betweenness"] == "exact"


def test_higher_resolution_gives_more_clusters(store_url: str) -> None:
    counts = []
    for r in ("0.5", "2.0"):
        code, out, _ = run("--store", store_url, "--json", "clusters", "--resolution", r)
        assert code == 0
        counts.append(len(json.loads(out)["clusters"]))
    assert counts[1] > counts[0]


def test_bad_resolution_is_one_line_error(store_url: str) -> None:
    code, _, err = run("--store", store_url, "clusters", "--resolution", "0")
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [err.strip()] and "--resolution" in err


def test_vosviewer_files_follow_its_format(store_url: str, tmp_path: Path) -> None:
    code, _, err = run("--store", store_url, "clusters", "--vosviewer", str(tmp_path / "cc"))
    assert code == 0, err
    with (tmp_path / "cc-map.txt").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    assert rows[0] == VOS_COLUMNS
    ids = [int(r[0]) for r in rows[1:]]
    assert ids == list(range(1, len(ids) + 1))
    assert all(int(r[3]) >= 1 for r in rows[1:])
    assert all(float(x) >= 0 for r in rows[1:] for x in r[4:])
    assert all(len(r) == len(VOS_COLUMNS) for r in rows)
    labels = {r[1] for r in rows[1:]}
    assert "Ostrom (1972)" in labels
    with (tmp_path / "cc-network.txt").open(encoding="utf-8") as f:
        links = [line.rstrip("\n").split("\t") for line in f]
    assert links and all(len(x) == 3 for x in links)
    assert all(int(a) in ids and int(b) in ids and float(s) > 0 for a, b, s in links)
    data = json.loads((tmp_path / "cc.json").read_text(encoding="utf-8"))
    items = data["network"]["items"]
    assert [i["id"] for i in items] == ids
    assert {"Links", "Total link strength"} <= set(items[0]["weights"])
    assert {"source_id", "target_id", "strength"} == set(data["network"]["links"][0])


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_exports_carry_clusters_and_betweenness_networkx_reads(
    store_url: str, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"g.{fmt}"
    code, _, err = run("--store", store_url, "export", "--format", fmt, "-o", str(out))
    assert code == 0, err
    g = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    works = [d for _, d in g.nodes(data=True) if d.get("type") == "Work"]
    assert all("cluster" in d and "betweenness" in d for d in works)

    def titled(start: str) -> dict[str, str]:
        return next(d for d in works if d["label"].startswith(start))

    parks, ostrom = titled("Consumers as coproducers"), titled("Metropolitan reform")
    vargo = titled("Evolving to a new dominant logic")
    # the Bloomington studies in one cluster of the citation network, S-D logic in another
    assert parks["cluster"] == ostrom["cluster"] != vargo["cluster"]
    assert max(float(d["betweenness"]) for d in works) == 1.0
    assert int(parks["citations"]) > 5


def test_lineage_view_draws_the_main_path(store_url: str, tmp_path: Path) -> None:
    out = tmp_path / "lineage.html"
    code, text, err = run("--store", store_url, "lineage", "co-production", "--html", str(out))
    assert code == 0, err
    assert "Main path (search path count" in text
    page = out.read_text(encoding="utf-8")
    assert "main path (search path count)" in page  # the legend and the arcs' tooltips
    assert "cites (off the main path)" in page


def test_clusters_view_is_written(store_url: str, tmp_path: Path) -> None:
    out = tmp_path / "clusters.html"
    code, _, err = run("--store", store_url, "clusters", "--html", str(out))
    assert code == 0, err
    assert "Parks et al. (1981)" in out.read_text(encoding="utf-8")


def test_link_names_both_schools_and_the_bridging_work(store_url: str, tmp_path: Path) -> None:
    out = tmp_path / "link.html"
    code, text, err = run("--store", store_url, "link", "Ostrom", "Vargo", "--html", str(out))
    assert code == 0, err
    lines = text.splitlines()
    at = lines.index("Bridging works (third works citing both clusters; betweenness):")
    assert lines[at - 1].startswith("Schools: Ostrom's cluster (")
    assert lines[at + 1].strip().startswith("Osborne et al. (2013)")
    assert lines[at + 2].strip().startswith("[Ostrom's cluster] Osborne et al. (2013) citing")
    assert "Osborne et al. (2013)" in out.read_text(encoding="utf-8")
