"""Subgraph -> self-contained, offline pyvis HTML page (no store access).

Nodes, edges and options are built with pyvis' `Network`; the page comes from our own
template (`templates/view.html`) with vis-network's JS and CSS inlined from the installed
pyvis package, so it loads nothing over the network. Every string from a document reaches
the page as JSON with `<`, `>` and `&` escaped, and tooltips are set as text, never as HTML.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pyvis
from pyvis.network import Network

from ..errors import LitgraphError
from ..graph.schema import AUTHORED, BROADER, CITES, CREDITED, DEFINES, MENTIONS, SUCCEEDED_BY
from ..model import Subgraph, ViewEdge, ViewNode

LAYOUTS = ("force", "timeline")
LABEL_MAX = 28
_TEMPLATES = Path(__file__).parent / "templates"
_VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"


@dataclass(frozen=True)
class _Style:
    name: str  # legend text
    color: str
    border: str
    shape: str  # vis-network shape


_NODE_STYLES: dict[str, _Style] = {
    "work": _Style("Work in corpus", "#4e79a7", "#2c4a6e", "dot"),
    "cited": _Style("Cited-only work", "#dce6f2", "#4e79a7", "dot"),
    "author": _Style("Author", "#f28e2b", "#b35f12", "diamond"),
    "concept": _Style("Concept", "#59a14f", "#2f6b28", "hexagon"),
    "source": _Style("Source file", "#bab0ac", "#79706e", "square"),
}
_OTHER_NODE = _Style("Other", "#d3d3d3", "#888888", "dot")

# kind -> (legend text, colour, arrow, dashed)
_EDGE_STYLES: dict[str, tuple[str, str, bool, bool]] = {
    CITES: ("cites", "#5d6d7e", True, False),
    AUTHORED: ("authored", "#f5b577", False, False),
    MENTIONS: ("uses (own text)", "#8cc784", False, True),
    CREDITED: ("credited by citing works", "#c9e3c4", False, True),
    SUCCEEDED_BY: ("renamed / succeeded by", "#e15759", True, True),
    DEFINES: ("defines", "#2f8a3a", True, False),
    BROADER: ("broader concept", "#9c6fb6", True, True),
    "LINK": ("link", "#e15759", True, False),
    "MAIN_PATH": ("main path (search path count)", "#c0392b", True, False),
    "CITES_FADED": ("cites (off the main path)", "#dfe3e6", True, False),
}
_OTHER_EDGE = ("related", "#aaaaaa", False, False)

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def subgraph_to_json(graph: Subgraph) -> dict[str, Any]:
    """Plain-dict form of a subgraph (for `--json` exports)."""
    return {
        "heading": graph.heading,
        "note": graph.note,
        "nodes": [asdict(n) for n in graph.nodes],
        "edges": [asdict(e) for e in graph.edges],
    }


def render_html(
    graph: Subgraph, path: str | Path, *, layout: str = "force", max_nodes: int = 300
) -> Path:
    """Write `graph` as an interactive offline HTML page at `path`; return the path."""
    if layout not in LAYOUTS:
        raise LitgraphError(f"unknown view layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    if max_nodes < 1:
        raise LitgraphError("max_nodes must be at least 1")
    graph = limit_nodes(_clean(graph), max_nodes)
    positions, scale, first = _timeline_layout(graph) if layout == "timeline" else ({}, 1.0, 0)
    net = _build_network(graph, positions, layout)
    net.options = _options(layout)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    data = {"nodes": nodes, "edges": edges}
    html = _template().render(
        heading=graph.heading or "litgraph view",
        note=graph.note,
        layout=layout,
        legend_nodes=_legend_nodes(graph),
        legend_edges=_legend_edges(graph),
        vis_css=_vis_asset("vis-network.css"),
        vis_js=_vis_asset("vis-network.min.js"),
        data_json=safe_json(data),
        options_json=safe_json(json.loads(options)),
        axis_json=safe_json(_axis(graph, scale, first) if layout == "timeline" else []),
        band_json=safe_json(_band(positions) if layout == "timeline" else None),
        panel=graph.panel,
        panel_heading=graph.panel_heading,
        focus_json=safe_json([n for n in graph.focus if any(x.id == n for x in graph.nodes)]),
        search_json=safe_json({n.id: _search_text(n) for n in graph.nodes}),
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


def safe_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: no `<`, `>`, `&` or line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return text


# --- selection ---------------------------------------------------------------------------


def _clean(graph: Subgraph) -> Subgraph:
    """Drop duplicate node ids and edges whose ends are not in the graph."""
    seen: dict[str, ViewNode] = {}
    for node in graph.nodes:
        seen.setdefault(node.id, node)
    edges = tuple(e for e in graph.edges if e.source in seen and e.target in seen)
    return replace(graph, nodes=tuple(seen.values()), edges=edges)


def limit_nodes(graph: Subgraph, max_nodes: int) -> Subgraph:
    """Keep the `max_nodes` most connected nodes (ties by size) and say so in the note."""
    total = len(graph.nodes)
    if total <= max_nodes:
        return graph
    degree = _degrees(graph.edges)
    focus = set(graph.focus)  # the nodes a view is about are always kept
    ranked = sorted(graph.nodes, key=lambda n: (n.id not in focus, -degree[n.id], -n.size, n.id))
    keep = {n.id for n in ranked[:max_nodes]}
    nodes = tuple(n for n in graph.nodes if n.id in keep)
    edges = tuple(e for e in graph.edges if e.source in keep and e.target in keep)
    extra = f"showing {max_nodes:,} of {total:,} nodes (most connected)"
    note = f"{graph.note} — {extra}" if graph.note else extra
    return replace(graph, nodes=nodes, edges=edges, note=note)


def _degrees(edges: tuple[ViewEdge, ...]) -> dict[str, int]:
    degree: dict[str, int] = defaultdict(int)
    for edge in edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    return degree


# --- timeline layout ---------------------------------------------------------------------

_LANE_GAP = 80.0
_CHAR_PX = 8.0


def timeline_positions(graph: Subgraph) -> dict[str, tuple[float, float]]:
    """Fixed (x, y) for every node with a year: x from the year, y in non-overlapping lanes."""
    return _timeline_layout(graph)[0]


def _timeline_layout(graph: Subgraph) -> tuple[dict[str, tuple[float, float]], float, int]:
    """Positions, pixels per year and first year. Widens the year scale while the lanes
    would make the picture taller than a screen's aspect (dense years need room)."""
    dated = sorted((n for n in graph.nodes if n.year is not None), key=_timeline_order)
    years = [n.year for n in dated if n.year is not None]
    if not years:
        return {}, 1.0, 0
    first, span = min(years), max(max(years) - min(years), 1)
    scale = min(max(1000.0 / span, 18.0), 120.0)
    while True:
        positions = _pack_lanes(dated, first, scale)
        height = max(p[1] for p in positions.values()) - min(p[1] for p in positions.values())
        if span * scale >= 1.6 * height or scale >= 600.0:
            return positions, scale, first
        scale *= 1.25


def _pack_lanes(dated: list[ViewNode], first: int, scale: float) -> dict[str, tuple[float, float]]:
    lane_ends: dict[int, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    for node in dated:
        x = ((node.year or first) - first) * scale
        half = max(len(_short(node.label)) * _CHAR_PX, 40.0) / 2
        lane = _free_lane(lane_ends, x - half)
        lane_ends[lane] = x + half
        positions[node.id] = (x, lane * _LANE_GAP)
    return positions


def _timeline_order(node: ViewNode) -> tuple[int, float, str]:
    return (node.year or 0, -node.size, node.id)


def _free_lane(lane_ends: dict[int, float], left: float) -> int:
    """First lane (0, 1, -1, 2, -2, ...) whose last label ends before `left`."""
    for i in range(400):
        lane = (i + 1) // 2 * (1 if i % 2 else -1)
        if lane_ends.get(lane, -math.inf) < left - 12:
            return lane
    return min(lane_ends, key=lambda k: lane_ends[k])


def _undated_start(
    graph: Subgraph, positions: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Undated nodes: a band above (authors) or below (others) the works, x near neighbours."""
    if not positions:
        return {}
    ys = [p[1] for p in positions.values()]
    top, bottom = min(ys) - 1.5 * _LANE_GAP, max(ys) + 1.5 * _LANE_GAP
    mid_x = sum(p[0] for p in positions.values()) / len(positions)
    neighbours: dict[str, list[float]] = defaultdict(list)
    for e in graph.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if b in positions and a not in positions:
                neighbours[a].append(positions[b][0])
    xs: dict[str, float] = {}
    for node in graph.nodes:
        if node.id not in positions:
            near = neighbours.get(node.id)
            xs[node.id] = sum(near) / len(near) if near else mid_x
    kinds = {n.id: n.kind for n in graph.nodes}
    labels = {n.id: n.label for n in graph.nodes}
    start: dict[str, tuple[float, float]] = {}
    for is_author, base, step in ((True, top, -1.0), (False, bottom, 1.0)):
        band = sorted((i for i in xs if (kinds[i] == "author") == is_author), key=xs.__getitem__)
        lane_ends: dict[int, float] = {}
        for nid in band:  # rows away from the works, a label never overlapping its row's last
            half = max(len(_short(labels[nid])) * _CHAR_PX, 40.0) / 2
            row = next(k for k in range(len(band) + 1)
                       if lane_ends.get(k, -math.inf) < xs[nid] - half - 12)  # fmt: skip
            lane_ends[row] = xs[nid] + half
            start[nid] = (xs[nid], base + step * row * 0.75 * _LANE_GAP)
    return start


def _band(positions: dict[str, tuple[float, float]]) -> dict[str, float] | None:
    """The y range of the dated works: the year axis is drawn there only, so the undated
    nodes in the rows above and below are never read as placed on a year."""
    if not positions:
        return None
    ys = [p[1] for p in positions.values()]
    return {"top": min(ys) - 0.6 * _LANE_GAP, "bottom": max(ys) + 0.6 * _LANE_GAP}


def _axis(graph: Subgraph, scale: float, first: int) -> list[dict[str, Any]]:
    """Year ticks (x in network coordinates) for the timeline background."""
    years = [n.year for n in graph.nodes if n.year is not None]
    if not years:
        return []
    last = max(years)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if (last - first) / s <= 12)
    return [
        {"x": (y - first) * scale, "year": y, "major": y % (step * 2) == 0}
        for y in range(first - first % step, last + step, step)
        if first - step < y <= last + step
    ]


# --- pyvis network ----------------------------------------------------------------------


def _build_network(
    graph: Subgraph, positions: dict[str, tuple[float, float]], layout: str = "force"
) -> Network:
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    start = _undated_start(graph, positions)
    focus = set(graph.focus)
    for node in graph.nodes:
        opts = _node_options(node, positions.get(node.id), start.get(node.id))
        if node.id in focus:
            opts.update(_focus_options(node, opts))
        net.add_node(node.id, **opts)
    for edge in graph.edges:
        opts = _edge_options(edge)
        if layout == "timeline" and edge.kind == CITES and not focus & {edge.source, edge.target}:
            opts.update(_faded(opts))  # the citation web stays behind the concept's own lines
        net.add_edge(edge.source, edge.target, **opts)
    return net


FOCUS_BORDER = "#d62728"


def _focus_options(node: ViewNode, opts: dict[str, Any]) -> dict[str, Any]:
    """The entity a view is about: its whole label, bold, a thick red ring, drawn larger."""
    full = " ".join((node.label or node.id).split())
    color = dict(opts["color"], border=FOCUS_BORDER)
    color["highlight"] = dict(color["highlight"], border=FOCUS_BORDER)
    return {
        "label": full,
        "borderWidth": 4,
        "color": color,
        "size": max(opts["size"] * 1.3, 26.0),
        "font": {"size": 18, "color": "#000000", "strokeWidth": 4},
        "mass": 3,
    }


def _faded(opts: dict[str, Any]) -> dict[str, Any]:
    color = dict(opts["color"], opacity=0.22)
    return {"color": color, "width": 1.0}


def _search_text(node: ViewNode) -> str:
    """What the search box matches: the full label and the tooltip, folded to lower case."""
    return " ".join(f"{node.label} {node.title} {node.year or ''}".split()).lower()


def _node_style(node: ViewNode) -> _Style:
    if node.kind == "work":
        return _NODE_STYLES["work" if node.in_corpus else "cited"]
    return _NODE_STYLES.get(node.kind, _OTHER_NODE)


def _node_options(
    node: ViewNode, fixed: tuple[float, float] | None, start: tuple[float, float] | None
) -> dict[str, Any]:
    style = _node_style(node)
    label = _short(node.label or node.id)
    opts: dict[str, Any] = {
        "label": label,
        "title": _tooltip(node, label),
        "shape": style.shape,
        "size": node_pixel_size(node.size),
        "color": {
            "background": style.color,
            "border": style.border,
            "highlight": {"background": style.color, "border": "#000000"},
            "hover": {"background": style.color, "border": "#000000"},
        },
    }
    if fixed is not None:
        opts.update(x=fixed[0], y=fixed[1], fixed={"x": True, "y": True})
    elif start is not None:
        opts.update(x=start[0], y=start[1], fixed={"x": True, "y": True})  # packed rows
    return opts


def _edge_options(edge: ViewEdge) -> dict[str, Any]:
    name, color, arrow, dashed = _EDGE_STYLES.get(edge.kind, _OTHER_EDGE)
    width = min(1.0 + math.log1p(max(edge.weight, 0.0)), 6.0)
    return {
        "title": edge.title or name,
        "color": {"color": color, "highlight": "#000000", "hover": "#000000", "opacity": 0.85},
        "arrows": {"to": {"enabled": arrow, "scaleFactor": 0.6}},
        "dashes": dashed,
        "width": width,
    }


def node_pixel_size(size: float) -> float:
    """Relative weight -> node radius in pixels (log-scaled, clamped to 10..42)."""
    return round(min(max(12.0 + 7.0 * math.log1p(max(size, 0.0)), 10.0), 42.0), 1)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


def _tooltip(node: ViewNode, label: str) -> str:
    full = " ".join((node.label or "").split())
    title = node.title.strip()
    if not title:
        return full or node.id
    if label != full and full and full not in title:
        return f"{full}\n{title}"
    return title


# --- page --------------------------------------------------------------------------------


def _legend_nodes(graph: Subgraph) -> list[dict[str, str]]:
    present = {_node_style(n) for n in graph.nodes}
    return [
        {"name": s.name, "color": s.color, "border": s.border, "shape": s.shape}
        for s in [*_NODE_STYLES.values(), _OTHER_NODE]
        if s in present
    ]


def _legend_edges(graph: Subgraph) -> list[dict[str, Any]]:
    kinds = {e.kind for e in graph.edges}
    rows = [_EDGE_STYLES[k] for k in _EDGE_STYLES if k in kinds]
    if kinds - _EDGE_STYLES.keys():
        rows.append(_OTHER_EDGE)
    return [{"name": n, "color": c, "arrow": a, "dashed": d} for n, c, a, d in rows]


def _options(layout: str) -> dict[str, Any]:
    timeline = layout == "timeline"
    physics: dict[str, Any] = {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -70 if timeline else -90,
            "centralGravity": 0.004 if timeline else 0.012,
            "springLength": 90 if timeline else 120,
            "springConstant": 0.06,
            "damping": 0.6,
            "avoidOverlap": 0.6,
        },
        "maxVelocity": 40,
        "minVelocity": 1.0,
        "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
    }
    return {
        "physics": physics,
        "nodes": {
            "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1.5,
        },
        "edges": {
            "smooth": {
                "enabled": True,
                "type": "curvedCW" if timeline else "continuous",
                "roundness": 0.15,
            },
            "selectionWidth": 2,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "layout": {"randomSeed": 7, "improvedLayout": True},
    }


@cache
def _vis_asset(name: str) -> str:
    text = (_VIS_DIR / name).read_text(encoding="utf-8")
    # An inline <script>/<style> ends at the first "</script"/"</style": never let it appear.
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("view.html")
