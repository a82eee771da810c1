"""Unit tests for the HTML views: the written file, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import pyvis

from litgraph.errors import LitgraphError
from litgraph.model import Subgraph, ViewEdge, ViewNode
from litgraph.present.html import limit_nodes, render_html, safe_json, subgraph_to_json

from browser_support import lineage_graph, star_graph

PAYLOAD = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'


def _page_data(html: str) -> dict[str, Any]:
    """The node/edge JSON embedded in the page's script."""
    match = re.search(r"var data = (\{.*\});\n", html)
    assert match, "embedded graph data not found"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def _without_vis(html: str) -> str:
    """The page minus the inlined vis-network library (which has "<script>" in a string)."""
    lib = (Path(pyvis.__file__).parent / "lib/vis-9.1.2/vis-network.min.js").read_text()
    assert lib in html
    return html.replace(lib, "")


def _hostile() -> Subgraph:
    nodes = (
        ViewNode("x1", "work", PAYLOAD, title=f"{PAYLOAD}\nline two & more", year=2000),
        ViewNode("x2", "concept", "fine & <dandy>", title="a > b"),
    )
    edges = (ViewEdge("x1", "x2", "MENTIONS", title=PAYLOAD),)
    return Subgraph(nodes, edges, heading=PAYLOAD, note=PAYLOAD)


def test_render_writes_self_contained_page(tmp_path: Path) -> None:
    out = render_html(lineage_graph(), tmp_path / "sub" / "view.html")
    assert out == tmp_path / "sub" / "view.html"
    html = out.read_text(encoding="utf-8")
    assert '<h1 id="lg-heading">Lineage: co-production</h1>' in html
    assert "invented test graph" in html
    assert "window.litgraphNetwork = network" in html
    assert "vis.Network" in html and len(html) > 400_000  # vis-network inlined
    data = _page_data(html)
    assert len(data["nodes"]) == 15 and len(data["edges"]) == 24


@pytest.mark.parametrize("layout", ["force", "timeline"])
def test_no_remote_resources(tmp_path: Path, layout: str) -> None:
    html = render_html(lineage_graph(), tmp_path / "v.html", layout=layout).read_text()
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.I)
    assert not re.search(r"<link[^>]*\shref\s*=", html, re.I)
    assert not re.search(r"<(img|iframe|source)\b", html, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", html, re.I)
    assert "@import" not in html


def test_document_strings_cannot_break_out(tmp_path: Path) -> None:
    html = _without_vis(render_html(_hostile(), tmp_path / "v.html").read_text())
    assert html.count("<script") == 2  # vis-network's and ours, nothing from the data
    assert html.count("</script") == 2
    assert "<img" not in html
    assert 'onerror="alert' not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html  # heading and note, escaped
    data = _page_data(html)
    evil = next(n for n in data["nodes"] if n["id"] == "x1")
    assert evil["title"].startswith(PAYLOAD)  # JSON round-trips the literal text
    assert "line two & more" in evil["title"]
    assert data["edges"][0]["title"] == PAYLOAD


def test_safe_json_round_trips_without_markup_characters() -> None:
    value = {"a": PAYLOAD, "b": ["x & y", "\u2028", 3], "<k>": None}
    text = safe_json(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


def test_tooltips_are_plain_text_in_the_template() -> None:
    template = (Path(__file__).parents[1] / "src/litgraph/present/templates/view.html").read_text()
    assert "innerHTML" not in template
    assert "textContent" in template


def test_truncation_keeps_most_connected_and_notes_it(tmp_path: Path) -> None:
    graph = star_graph(50)
    html = render_html(graph, tmp_path / "v.html", max_nodes=10).read_text()
    assert "showing 10 of 50 nodes (most connected)" in html
    data = _page_data(html)
    ids = {n["id"] for n in data["nodes"]}
    assert len(ids) == 10 and "hub" in ids
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert len(data["edges"]) > 9  # hub spokes plus ring edges among the kept nodes


def test_limit_nodes_ties_by_size_and_keeps_existing_note() -> None:
    nodes = tuple(ViewNode(f"n{i}", "work", f"n{i}", size=float(i)) for i in range(5))
    graph = Subgraph(nodes, (ViewEdge("n0", "n1", "CITES"),), note="lineage")
    cut = limit_nodes(graph, 3)
    assert [n.id for n in cut.nodes] == ["n0", "n1", "n4"]  # degree 1, 1, then largest size
    assert cut.note == "lineage — showing 3 of 5 nodes (most connected)"
    assert limit_nodes(graph, 5) is graph


def test_timeline_positions_follow_year(tmp_path: Path) -> None:
    graph = lineage_graph()
    data = _page_data(render_html(graph, tmp_path / "t.html", layout="timeline").read_text())
    by_id = {n["id"]: n for n in data["nodes"]}
    dated = sorted((n for n in graph.nodes if n.year), key=lambda n: (n.year, n.id))
    xs = [by_id[n.id]["x"] for n in dated]
    assert xs == sorted(xs) and xs[0] < xs[-1]
    assert all(by_id[n.id]["fixed"] == {"x": True, "y": True} for n in dated)
    undated = [by_id[n.id] for n in graph.nodes if n.year is None]
    assert all(n["fixed"] == {"x": True, "y": True} for n in undated)  # packed in rows
    # undated nodes sit in rows outside the works' band, and no two labels in a row collide
    work_ys = [by_id[n.id]["y"] for n in dated]
    assert all(not (min(work_ys) <= n["y"] <= max(work_ys)) for n in undated)
    rows: dict[float, list[float]] = {}
    for n in undated:
        rows.setdefault(n["y"], []).append(n["x"])
    assert all(b - a >= 40 for xs in rows.values() for a, b in zip(sorted(xs), sorted(xs)[1:]))


def test_timeline_same_year_nodes_do_not_overlap(tmp_path: Path) -> None:
    nodes = tuple(ViewNode(f"w{i}", "work", f"Author {i} 2010", year=2010) for i in range(4))
    nodes += (ViewNode("old", "work", "Old 1990", year=1990),)
    data = _page_data(
        render_html(Subgraph(nodes, ()), tmp_path / "t.html", layout="timeline").read_text()
    )
    same = [(n["x"], n["y"]) for n in data["nodes"] if n["id"].startswith("w")]
    assert len({x for x, _ in same}) == 1 and len({y for _, y in same}) == 4
    old = next(n for n in data["nodes"] if n["id"] == "old")
    assert old["x"] < same[0][0]


def test_force_layout_has_no_fixed_positions(tmp_path: Path) -> None:
    data = _page_data(render_html(lineage_graph(), tmp_path / "f.html").read_text())
    assert all("x" not in n and "fixed" not in n for n in data["nodes"])


def test_styles_distinguish_kinds_and_labels_are_short(tmp_path: Path) -> None:
    long_title = "A very long title about public service logic and co-production in practice"
    nodes = (
        ViewNode("a", "work", long_title, title="Tooltip text", size=50, in_corpus=True),
        ViewNode("b", "work", "Cited 1972", in_corpus=False),
        ViewNode("c", "author", "Doe, J."),
        ViewNode("d", "concept", "co-production", size=0),
    )
    graph = Subgraph(nodes, (ViewEdge("a", "b", "CITES"), ViewEdge("c", "a", "AUTHORED")))
    html = render_html(graph, tmp_path / "s.html").read_text()
    by_id = {n["id"]: n for n in _page_data(html)["nodes"]}
    colours = {k: (v["shape"], v["color"]["background"]) for k, v in by_id.items()}
    assert len(set(colours.values())) == 4
    assert by_id["a"]["label"].endswith("…") and len(by_id["a"]["label"]) <= 28
    assert by_id["a"]["title"].startswith(long_title)  # full text kept for the tooltip
    assert 10 <= by_id["d"]["size"] < by_id["a"]["size"] <= 42
    edges = _page_data(html)["edges"]
    assert edges[0]["arrows"]["to"]["enabled"] is True  # CITES has an arrow
    assert edges[0]["color"]["color"] != edges[1]["color"]["color"]
    legend = html[html.index('id="lg-legend"') :]
    for name in ("Work in corpus", "Cited-only work", "Author", "Concept", "cites", "authored"):
        assert name in legend
    assert "broader concept" not in legend  # only kinds present


def test_dangling_edges_and_duplicate_nodes_are_dropped(tmp_path: Path) -> None:
    nodes = (
        ViewNode("a", "work", "A"),
        ViewNode("a", "work", "A again"),
        ViewNode("b", "work", "B"),
    )
    edges = (ViewEdge("a", "b", "CITES"), ViewEdge("a", "missing", "CITES"))
    data = _page_data(render_html(Subgraph(nodes, edges), tmp_path / "d.html").read_text())
    assert [n["label"] for n in data["nodes"]] == ["A", "B"]
    assert len(data["edges"]) == 1


def test_empty_graph_and_bad_arguments(tmp_path: Path) -> None:
    html = render_html(Subgraph((), ()), tmp_path / "e.html", layout="timeline").read_text()
    assert _page_data(html) == {"edges": [], "nodes": []}
    with pytest.raises(LitgraphError, match="layout"):
        render_html(lineage_graph(), tmp_path / "x.html", layout="circle")
    with pytest.raises(LitgraphError):
        render_html(lineage_graph(), tmp_path / "x.html", max_nodes=0)


def test_subgraph_to_json_is_plain() -> None:
    graph = lineage_graph()
    out = subgraph_to_json(graph)
    assert json.loads(json.dumps(out)) == out
    assert len(out["nodes"]) == 15 and len(out["edges"]) == 24
    assert out["heading"] == graph.heading
    assert out["nodes"][0] == {
        "id": "w1972",
        "kind": "work",
        "label": "Parks 1972",
        "title": "Parks 1972\nAn invented title (1972)",
        "size": 9,
        "year": 1972,
        "in_corpus": False,
    }
    assert out["edges"][0]["source"] == "w1980" and out["edges"][0]["kind"] == "CITES"


# --- views people can read: focus, undated nodes, the side panel, search ----------------------


def _page_var(html: str, name: str) -> Any:
    match = re.search(rf"var {name} = (.*);\n", html)
    assert match, f"{name} not found"
    return json.loads(match.group(1))


def test_focal_entity_is_highlighted_and_its_label_never_cut(tmp_path: Path) -> None:
    long = "Public service-dominant logic and the co-production of value"
    nodes = (ViewNode("c", "concept", long), ViewNode("w", "work", long, year=2010))
    graph = Subgraph(nodes, (ViewEdge("w", "c", "MENTIONS"),), focus=("c",))
    html = render_html(graph, tmp_path / "f.html").read_text(encoding="utf-8")
    by_id = {n["id"]: n for n in _page_data(html)["nodes"]}
    assert by_id["c"]["label"] == long and by_id["c"]["borderWidth"] == 4
    assert by_id["c"]["color"]["border"] == "#d62728"
    assert by_id["w"]["label"].endswith("…") and "borderWidth" not in by_id["w"]
    assert _page_var(html, "focus") == ["c"]


def test_focal_entity_survives_the_node_limit(tmp_path: Path) -> None:
    graph = star_graph(50)
    lonely = ViewNode("me", "author", "Me, A.")
    cut = Subgraph((*graph.nodes, lonely), graph.edges, focus=("me",))
    html = render_html(cut, tmp_path / "s.html", max_nodes=10).read_text(encoding="utf-8")
    assert "me" in {n["id"] for n in _page_data(html)["nodes"]}


def test_undated_nodes_sit_outside_the_year_band(tmp_path: Path) -> None:
    graph = lineage_graph()
    html = render_html(graph, tmp_path / "t.html", layout="timeline").read_text(encoding="utf-8")
    band = _page_var(html, "band")
    by_id = {n["id"]: n for n in _page_data(html)["nodes"]}
    for n in graph.nodes:
        inside = band["top"] <= by_id[n.id]["y"] <= band["bottom"]
        assert inside == (n.year is not None), n.id
    assert _page_var(html, "band") is not None
    force = render_html(graph, tmp_path / "f.html").read_text(encoding="utf-8")
    assert _page_var(force, "band") is None


def test_timeline_fades_citations_away_from_the_focus(tmp_path: Path) -> None:
    graph = lineage_graph()
    graph = Subgraph(graph.nodes, graph.edges, graph.heading, focus=("w2013",))
    html = render_html(graph, tmp_path / "t.html", layout="timeline").read_text(encoding="utf-8")
    cites = [e for e in _page_data(html)["edges"] if e["title"] and " cites " in e["title"]]
    faded = {(e["from"], e["to"]) for e in cites if e["color"]["opacity"] < 0.5}
    assert ("w2018", "w2016") in faded and ("w2016", "w2013") not in faded


def test_side_panel_lists_entries_with_their_sentences_escaped(tmp_path: Path) -> None:
    from litgraph.model import PanelItem

    panel = (
        PanelItem("1. Co-production  (score 3.00)", "a: own 2", (f"“{PAYLOAD}”",), "c"),
        PanelItem("2. Participation  (score 1.00)", "", ("A plain sentence.",), "c2"),
    )
    nodes = (ViewNode("c", "concept", "Co-production"), ViewNode("c2", "concept", "Participation"))
    graph = Subgraph(nodes, (), panel=panel, panel_heading="Concepts, most specific first")
    html = render_html(graph, tmp_path / "p.html").read_text(encoding="utf-8")
    page = _without_vis(html)
    assert '<aside id="lg-panel" aria-label="Concepts, most specific first">' in page
    assert '<button type="button" data-node="c">1. Co-production  (score 3.00)</button>' in page
    assert "<blockquote>A plain sentence.</blockquote>" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page and PAYLOAD not in page
    plain = render_html(Subgraph(nodes, ()), tmp_path / "n.html").read_text(encoding="utf-8")
    assert 'id="lg-panel"' not in plain


def test_every_view_has_a_search_box_over_labels_and_tooltips(tmp_path: Path) -> None:
    graph = lineage_graph()
    html = render_html(graph, tmp_path / "s.html").read_text(encoding="utf-8")
    assert '<input id="lg-search" type="search"' in html
    text = _page_var(html, "searchText")
    assert set(text) == {n.id for n in graph.nodes}
    assert "an invented title (2013)" in text["w2013"] and text["a1"] == "parks, r. parks, r."
