"""Views in a real headless Chromium (Debian `chromium` + the `playwright` pip package)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from litgraph.model import Subgraph, ViewEdge, ViewNode
from litgraph.present.html import render_html

from browser_support import ViewPage, launch_chromium, lineage_graph, new_view_page, star_graph

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium()


@pytest.fixture
def view_page(browser: Any) -> Iterator[ViewPage]:
    yield from new_view_page(browser)


PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def _assert_clean(view: ViewPage) -> None:
    assert view.console_errors == []
    assert view.page_errors == []
    assert view.foreign_requests() == []


def _assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000  # a drawn graph, not a blank page


@pytest.mark.parametrize("layout", ["force", "timeline"])
def test_lineage_view_renders_offline(view_page: ViewPage, tmp_path: Path, layout: str) -> None:
    graph = lineage_graph()
    view_page.open(render_html(graph, tmp_path / f"{layout}.html", layout=layout))
    assert view_page.counts() == (len(graph.nodes), len(graph.edges))
    assert view_page.page.locator("#lg-heading").inner_text() == "Lineage: co-production"
    assert view_page.page.locator("#lg-legend").is_visible()
    assert "Cited-only work" in view_page.page.locator("#lg-legend").inner_text()
    _assert_png(view_page.screenshot(f"view-{layout}.png"))
    _assert_clean(view_page)
    assert view_page.requests == [(tmp_path / f"{layout}.html").resolve().as_uri()]


def test_timeline_places_works_by_year(view_page: ViewPage, tmp_path: Path) -> None:
    graph = lineage_graph()
    view_page.open(render_html(graph, tmp_path / "t.html", layout="timeline"))
    pos = view_page.page.evaluate("window.litgraphNetwork.getPositions()")
    dated = sorted((n for n in graph.nodes if n.year is not None), key=lambda n: n.year or 0)
    xs = [pos[n.id]["x"] for n in dated]
    assert xs == sorted(xs)
    assert xs[-1] - xs[0] > 500
    _assert_clean(view_page)


def test_large_graph_is_cut_to_most_connected(view_page: ViewPage, tmp_path: Path) -> None:
    graph = star_graph(400)
    view_page.open(render_html(graph, tmp_path / "big.html", max_nodes=120), timeout_ms=60_000)
    nodes, edges = view_page.counts()
    assert nodes == 120
    kept = set(view_page.page.evaluate("window.litgraphNetwork.body.data.nodes.getIds()"))
    assert "hub" in kept
    assert edges == sum(1 for e in graph.edges if e.source in kept and e.target in kept)
    assert "showing 120 of 400 nodes (most connected)" in view_page.page.inner_text("#lg-note")
    _assert_clean(view_page)


def _hostile_graph() -> Subgraph:
    nodes = (
        ViewNode("evil", "work", PAYLOAD, title=f"{PAYLOAD}\nsecond line", size=30, year=2001),
        ViewNode("ok", "author", "Plain, A.", title="Plain, A."),
    )
    edges = (ViewEdge("ok", "evil", "AUTHORED", title=PAYLOAD),)
    return Subgraph(nodes, edges, heading=PAYLOAD, note=PAYLOAD)


@pytest.mark.parametrize("layout", ["force", "timeline"])
def test_document_text_never_runs_as_html(view_page: ViewPage, tmp_path: Path, layout: str) -> None:
    view_page.open(render_html(_hostile_graph(), tmp_path / "evil.html", layout=layout))
    page = view_page.page
    assert page.inner_text("#lg-heading") == PAYLOAD
    tip = _hover_node(view_page, "evil")
    assert PAYLOAD in tip
    assert "second line" in tip
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    _assert_clean(view_page)


def _hover_node(view: ViewPage, node_id: str) -> str:
    """Move the mouse onto a node's canvas position and return the tooltip's text."""
    page = view.page
    point = page.evaluate(
        """(id) => {
            const net = window.litgraphNetwork;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.querySelector('#lg-network canvas').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        node_id,
    )
    page.mouse.move(point["x"] - 40, point["y"] - 40)
    page.mouse.move(point["x"], point["y"], steps=5)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    return tooltip.text_content() or ""


@pytest.mark.parametrize("layout", ["force", "timeline"])
def test_empty_graph_is_ready(view_page: ViewPage, tmp_path: Path, layout: str) -> None:
    view_page.open(
        render_html(Subgraph((), (), heading="nothing"), tmp_path / "e.html", layout=layout)
    )
    assert view_page.counts() == (0, 0)
    _assert_clean(view_page)
