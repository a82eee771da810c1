"""Shared pieces for the view tests: a small invented lineage graph and headless-Chromium fixtures.

A test module wraps `launch_chromium` / `new_view_page` in fixtures (conftest.py is not
ours). Playwright is imported lazily so the unit tests do not need it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from litgraph.model import Subgraph, ViewEdge, ViewNode

CHROMIUM = Path(os.environ.get("LITGRAPH_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

# Invented works (names and titles made up for the tests): id, label, year, in_corpus, size.
_WORKS = [
    ("w1972", "Parks 1972", 1972, False, 9),
    ("w1980", "Sharpe 1980", 1980, False, 3),
    ("w1981", "Whitfield 1981", 1981, False, 4),
    ("w1996", "Oakley 1996", 1996, False, 7),
    ("w2004", "Vargas & Lusk 2004", 2004, False, 8),
    ("w2007", "Bovard 2007", 2007, True, 5),
    ("w2013", "Osgood, Radnor & Nasi 2013", 2013, True, 6),
    ("w2016", "Osgood et al. 2016", 2016, True, 2),
    ("w2018", "Eriksen & Hellberg 2018", 2018, True, 1),
]
_CITES = [
    ("w1980", "w1972"),
    ("w1981", "w1972"),
    ("w1996", "w1972"),
    ("w2007", "w1972"),
    ("w2007", "w1996"),
    ("w2007", "w1980"),
    ("w2013", "w2007"),
    ("w2013", "w2004"),
    ("w2013", "w1972"),
    ("w2016", "w2013"),
    ("w2016", "w2004"),
    ("w2018", "w2016"),
    ("w2018", "w2013"),
    ("w2018", "w1981"),
]


def lineage_graph() -> Subgraph:
    """~15 nodes: nine works 1972..2018 (corpus and cited-only), three authors, three concepts."""
    nodes = [
        ViewNode(
            i,
            "work",
            label,
            title=f"{label}\nAn invented title ({year})",
            size=s,
            year=year,
            in_corpus=corpus,
        )
        for i, label, year, corpus, s in _WORKS
    ]
    nodes += [
        ViewNode("a1", "author", "Parks, R.", title="Parks, R."),
        ViewNode("a2", "author", "Osgood, S.", title="Osgood, S."),
        ViewNode("a3", "author", "Bovard, T.", title="Bovard, T."),
        ViewNode("c1", "concept", "co-production", size=5),
        ViewNode("c2", "concept", "value co-creation", size=3),
        ViewNode("c3", "concept", "public service-dominant logic", size=2),
    ]
    edges = [
        ViewEdge(a, b, "CITES", title=f"{a} cites {b}\nAn invented citing sentence (p. 3).")
        for a, b in _CITES
    ]
    edges += [
        ViewEdge("a1", "w1972", "AUTHORED"),
        ViewEdge("a2", "w2013", "AUTHORED"),
        ViewEdge("a2", "w2016", "AUTHORED"),
        ViewEdge("a3", "w2007", "AUTHORED"),
        ViewEdge("w1972", "c1", "DEFINES", title="defined here"),
        ViewEdge("w2007", "c1", "MENTIONS"),
        ViewEdge("w2013", "c3", "DEFINES"),
        ViewEdge("w2004", "c2", "MENTIONS"),
        ViewEdge("w2016", "c2", "MENTIONS"),
        ViewEdge("c3", "c2", "BROADER"),
    ]
    return Subgraph(
        tuple(nodes), tuple(edges), heading="Lineage: co-production", note="invented test graph"
    )


def star_graph(n: int) -> Subgraph:
    """A hub with `n - 1` spokes plus a ring among the first spokes (varied degrees)."""
    nodes = [ViewNode("hub", "concept", "hub", size=10)]
    nodes += [ViewNode(f"n{i}", "work", f"Work {i}", year=1990 + i % 30) for i in range(1, n)]
    edges = [ViewEdge(f"n{i}", "hub", "MENTIONS") for i in range(1, n)]
    edges += [ViewEdge(f"n{i}", f"n{i + 1}", "CITES") for i in range(1, min(n - 1, 40))]
    return Subgraph(tuple(nodes), tuple(edges), heading="star")


@dataclass
class ViewPage:
    """A Playwright page plus everything it reported while loading a view."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, path: Path, timeout_ms: int = 30_000) -> None:
        self.page.goto(path.resolve().as_uri())
        # A selector, not wait_for_function: the page's CSP forbids the eval that needs.
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=timeout_ms)

    def counts(self) -> tuple[int, int]:
        n, e = self.page.evaluate(
            "[window.litgraphNetwork.body.data.nodes.length,"
            " window.litgraphNetwork.body.data.edges.length]"
        )
        return int(n), int(e)

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        out = ARTIFACTS / name
        self.page.screenshot(path=str(out))
        return out


def launch_chromium() -> Iterator[Any]:
    """Body of a session fixture: yield a headless Chromium, or skip when there is none."""
    if not CHROMIUM.exists():
        if os.environ.get("LITGRAPH_REQUIRE_BROWSER"):  # CI: a missing browser is a failure
            pytest.fail(f"{CHROMIUM} not found and LITGRAPH_REQUIRE_BROWSER is set")
        pytest.skip(
            f"{CHROMIUM} not found: install Debian's `chromium` package to run browser tests"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip package playwright missing")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def new_view_page(browser: Any, width: int = 1280, height: int = 800) -> Iterator[ViewPage]:
    """Body of a function fixture: a fresh page (1280x800 unless sized) that records errors
    and requests."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    view = ViewPage(page)
    page.on("console", lambda m: view.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: view.page_errors.append(str(exc)))
    page.on("request", lambda req: view.requests.append(req.url))
    try:
        yield view
    finally:
        context.close()
