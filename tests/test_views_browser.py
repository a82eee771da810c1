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


# --- the demo's views as a reader sees them, at a desktop and a small window size -------------

SIZES = [(1400, 900), (800, 700)]


@pytest.fixture(scope="module")
def corpus_views(corpus_store: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from litgraph.ask.lineage import lineage
    from litgraph.ask.link import link
    from litgraph.ask.neighbourhood import whole_graph
    from litgraph.present.answers import lineage_subgraph, link_subgraph

    out = tmp_path_factory.mktemp("views")
    return {
        "link": render_html(link_subgraph(link(corpus_store, "Ostrom", "Osborne")),
                            out / "link.html"),
        "lineage": render_html(lineage_subgraph(lineage(corpus_store, "co-production")),
                               out / "lineage.html", layout="timeline"),
        "all": render_html(whole_graph(corpus_store, 300), out / "all.html"),
    }  # fmt: skip


def _sized_page(browser: Any, width: int, height: int) -> Iterator[ViewPage]:
    yield from new_view_page(browser, width, height)


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("name", ["link", "lineage", "all"])
def test_demo_views_are_screenshotted_at_two_sizes(
    browser: Any, corpus_views: dict[str, Path], name: str, width: int, height: int
) -> None:
    for view in _sized_page(browser, width, height):
        view.open(corpus_views[name], timeout_ms=90_000)
        graph = view.page.locator("#lg-network canvas").bounding_box()
        assert graph is not None and graph["width"] >= 0.55 * width  # the graph keeps the room
        _assert_png(view.screenshot(f"demo-{name}-{width}x{height}.png"))
        _assert_clean(view)


def test_link_view_focus_and_side_panel(browser: Any, corpus_views: dict[str, Path]) -> None:
    for view in _sized_page(browser, 1400, 900):
        view.open(corpus_views["link"], timeout_ms=90_000)
        page = view.page
        assert set(page.evaluate("window.litgraphFocus")) == {"a:ostrom:e", "a:ostrom:v",
                                                             "a:osborne:s"}  # fmt: skip
        panel = page.locator("#lg-panel")
        assert panel.is_visible()
        first = panel.locator("li").first
        assert first.locator("button").inner_text().startswith("1. Co-production")
        quotes = first.locator("blockquote").all_inner_texts()
        assert len(quotes) >= 3 and all("“" in q for q in quotes)
        first.locator("button").click()
        assert page.evaluate("window.litgraphNetwork.getSelectedNodes()") == [
            "concept:coproduction"
        ]
        _assert_clean(view)


def test_view_all_search_box_finds_and_selects(browser: Any, corpus_views: dict[str, Path]) -> None:
    for view in _sized_page(browser, 1400, 900):
        view.open(corpus_views["all"], timeout_ms=90_000)
        page = view.page
        page.fill("#lg-search", "beyond engagement")
        assert page.inner_text("#lg-search-count") == "1 match"
        (selected,) = page.evaluate("window.litgraphNetwork.getSelectedNodes()")
        assert selected.startswith("doi:10.1111/j.1540-6210.2007")  # Bovaird (2007)
        page.fill("#lg-search", "osborne")
        assert int(page.inner_text("#lg-search-count").split()[0]) > 5
        page.fill("#lg-search", "")
        assert page.inner_text("#lg-search-count") == ""
        assert page.evaluate("window.litgraphNetwork.getSelectedNodes()") == []
        _assert_clean(view)
