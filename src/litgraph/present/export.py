"""Write the graph for other tools: GraphML and GEXF (Gephi), JSON, CSV, BibTeX.

Input is a `Graph` read by `ask.snapshot.read_graph`: one edge per relationship, with its
properties as stored (`count` summed over the sources that assert it), `sources` how many
sources assert it, `weight` the count (at least 1). The attributes written are the schema's.

- graphml, gexf: nodes with label/type/key/year/... attributes, edges with type/weight (Gephi).
- json: {"nodes": [...], "edges": [...]}; edges also carry their evidence sentences and pages.
- csv: two files in Gephi's spreadsheet layout, `OUT-nodes.csv` and `OUT-edges.csv` (for
  `out` = `OUT.csv` or `OUT`); needs a path, not a stream.
- bibtex: one entry per Work with a title (`present.bibtex`).
Source nodes (provenance) are left out unless asked for.

Works also carry the science-mapping measures when they were computed (`ask.clusters.
work_measures`): `cluster` (Leiden cluster of the direct-citation network), `betweenness`
(in the citation network, relative to the largest) and `citations` (received in the graph).
"""

from __future__ import annotations

import contextlib
import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from ..ask.snapshot import DEFAULT_LABELS, Graph
from ..errors import ConfigError
from ..graph.schema import (
    AUTHOR,
    DISPLAY,
    NODE_PROPS,
    REL_PROPS,
    REL_TYPES,
    SOURCE,
    WORK,
    prop_type,
)
from .bibtex import write_bibtex
from .text_safety import XML_BAD

FORMATS = ("graphml", "gexf", "json", "csv", "bibtex")


def _declared(props: Iterable[str], skip: Iterable[str] = ()) -> tuple[tuple[str, str], ...]:
    """(name, type) of the schema's single-valued properties, each once, in declared order."""
    seen = set(skip)
    out = []
    for p in props:
        if p not in seen and prop_type(p) != "list":
            seen.add(p)
            out.append((p, prop_type(p)))
    return tuple(out)


# Attributes written to GraphML/GEXF/CSV: (name, type); types are GraphML's. Read from the
# schema: every single-valued property (a node's display name is its `label`).
_NODE_PROPS = (p for props in NODE_PROPS.values() for p in props)
_REL_PROPS = (p for t, _, _ in REL_TYPES for p in REL_PROPS[t])
MEASURES: tuple[tuple[str, str], ...] = (
    ("cluster", "int"), ("betweenness", "double"), ("citations", "int"),
)  # fmt: skip
NODE_ATTRS: tuple[tuple[str, str], ...] = (
    ("label", "string"), ("type", "string"), ("key", "string"),
    *_declared(_NODE_PROPS, skip=[*DISPLAY.values(), "key"]), *MEASURES,
)  # fmt: skip
EDGE_ATTRS: tuple[tuple[str, str], ...] = (
    ("type", "string"), ("weight", "double"), ("count", "int"), ("sources", "int"),
    *_declared(_REL_PROPS, skip=["count"]),
)  # fmt: skip


def check_format(fmt: str) -> str:
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return fmt


def labels_for(fmt: str, include_sources: bool = False) -> tuple[str, ...]:
    """The node labels an export in `fmt` needs."""
    labels = (WORK, AUTHOR) if fmt == "bibtex" else DEFAULT_LABELS
    if include_sources and fmt != "bibtex":
        labels = (*labels, SOURCE)
    return labels


def write_graph(g: Graph, fmt: str, out: TextIO | str | Path) -> dict[str, int]:
    """Write `g` in `fmt` (see FORMATS) to `out`; returns what was written.

    Counts: {"nodes", "edges"}, plus {"entries", "skipped"} for bibtex (works without a title
    are skipped). `out` is a path or an open text stream (csv needs a path: two files).
    """
    fmt = check_format(fmt)
    counts = {"nodes": len(g.nodes), "edges": len(g.edges)}
    if fmt == "csv":
        if not isinstance(out, str | Path):
            raise ConfigError("the csv export writes two files: give a path, not a stream")
        write_csv(g, out)
        return counts
    with _open(out) as f:
        if fmt == "bibtex":
            counts.update(write_bibtex(g, f))
        else:
            {"graphml": write_graphml, "gexf": write_gexf, "json": write_json}[fmt](g, f)
    return counts


def _text(value: Any) -> str:
    """A value as XML-safe text (control characters XML 1.0 forbids are dropped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return XML_BAD.sub("", str(value))


def _xml_out(root: ET.Element, out: TextIO) -> None:
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def write_graphml(g: Graph, out: TextIO) -> None:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for scope, attrs in (("node", NODE_ATTRS), ("edge", EDGE_ATTRS)):
        for name, typ in attrs:
            ET.SubElement(root, "key", {
                "id": f"{scope[0]}_{name}", "for": scope, "attr.name": name, "attr.type": typ,
            })  # fmt: skip
    graph = ET.SubElement(root, "graph", id="litgraph", edgedefault="directed")
    for n in g.nodes:
        el = ET.SubElement(graph, "node", id=_text(n.id))
        _graphml_data(el, "n", NODE_ATTRS, n.attrs())
    for i, e in enumerate(g.edges):
        el = ET.SubElement(
            graph, "edge", id=f"e{i}", source=_text(e.source), target=_text(e.target)
        )
        _graphml_data(el, "e", EDGE_ATTRS, e.attrs())
    _xml_out(root, out)


def _graphml_data(
    el: ET.Element, scope: str, attrs: tuple[tuple[str, str], ...], values: dict[str, Any]
) -> None:
    for name, _ in attrs:
        if values.get(name) is not None:
            ET.SubElement(el, "data", key=f"{scope}_{name}").text = _text(values[name])


_GEXF_TYPES = {"string": "string", "int": "integer", "double": "double", "boolean": "boolean"}


def write_gexf(g: Graph, out: TextIO) -> None:
    root = ET.Element("gexf", xmlns="http://www.gexf.net/1.2draft", version="1.2")
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "litgraph"
    graph = ET.SubElement(root, "graph", defaultedgetype="directed", mode="static")
    node_attrs = tuple(a for a in NODE_ATTRS if a[0] != "label")  # label is the node's own
    edge_attrs = tuple(a for a in EDGE_ATTRS if a[0] != "weight")
    for scope, attrs in (("node", node_attrs), ("edge", edge_attrs)):
        decl = ET.SubElement(graph, "attributes", {"class": scope})
        for name, typ in attrs:
            ET.SubElement(decl, "attribute", id=name, title=name, type=_GEXF_TYPES[typ])
    nodes = ET.SubElement(graph, "nodes")
    for n in g.nodes:
        el = ET.SubElement(nodes, "node", id=_text(n.id), label=_text(n.label))
        _gexf_values(el, node_attrs, n.attrs())
    edges = ET.SubElement(graph, "edges")
    for i, e in enumerate(g.edges):
        el = ET.SubElement(edges, "edge", {
            "id": str(i), "source": _text(e.source), "target": _text(e.target),
            "label": e.type, "weight": repr(e.weight),
        })  # fmt: skip
        _gexf_values(el, edge_attrs, e.attrs())
    _xml_out(root, out)


def _gexf_values(
    el: ET.Element, attrs: tuple[tuple[str, str], ...], values: dict[str, Any]
) -> None:
    vals = ET.SubElement(el, "attvalues")
    for name, _ in attrs:
        if values.get(name) is not None:
            ET.SubElement(vals, "attvalue", {"for": name, "value": _text(values[name])})


def write_json(g: Graph, out: TextIO) -> None:
    data = {
        "nodes": [{"id": n.id, **n.attrs()} for n in g.nodes],
        "edges": [
            {"source": e.source, "target": e.target, **e.attrs(),
             **({"sentences": e.sentences, "pages": e.pages} if e.sentences else {})}
            for e in g.edges
        ],
    }  # fmt: skip
    json.dump(data, out, ensure_ascii=False, indent=1)
    out.write("\n")


def csv_paths(out: str | Path) -> tuple[Path, Path]:
    """`OUT.csv` or `OUT` -> (`OUT-nodes.csv`, `OUT-edges.csv`)."""
    p = Path(out)
    stem = p.with_suffix("") if p.suffix.lower() == ".csv" else p
    return stem.with_name(stem.name + "-nodes.csv"), stem.with_name(stem.name + "-edges.csv")


def write_csv(g: Graph, out: str | Path) -> None:
    nodes_path, edges_path = csv_paths(out)
    with nodes_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Id", "Label", *(a for a, _ in NODE_ATTRS[1:])])  # Gephi's column names
        for n in g.nodes:
            at = n.attrs()
            w.writerow([n.id, *(_cell(at.get(a)) for a, _ in NODE_ATTRS)])
    with edges_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        names = [a for a, _ in EDGE_ATTRS[2:]]  # type and weight are Gephi's columns
        w.writerow(["Source", "Target", "Type", "Relation", "Weight", *names])
        for e in g.edges:
            at = e.attrs()
            w.writerow([e.source, e.target, "Directed", e.type, e.weight,
                        *(_cell(at.get(a)) for a in names)])  # fmt: skip


def _cell(value: Any) -> str:
    return "" if value is None else _text(value)


@contextlib.contextmanager
def _open(out: TextIO | str | Path) -> Iterator[TextIO]:
    if isinstance(out, str | Path):
        with Path(out).open("w", encoding="utf-8") as f:
            yield f
    else:
        yield out
