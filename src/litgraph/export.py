"""Export the graph for other tools: GraphML and GEXF (Gephi), JSON, CSV, BibTeX.

`export_graph(store, fmt, out)` reads the graph in pages (nodes by key order, relationships by
ranges of their start node's key, so no query returns the whole graph) and collapses the
parallel relationships different sources contributed into one edge: `count` is the sum of their
counts, `sources` how many there were, `weight` the count (at least 1).

- graphml, gexf: nodes with label/type/key/year/... attributes, edges with type/weight (Gephi).
- json: {"nodes": [...], "edges": [...]}; edges also carry their evidence sentences and pages.
- csv: two files in Gephi's spreadsheet layout, `OUT-nodes.csv` and `OUT-edges.csv` (for
  `out` = `OUT.csv` or `OUT`); needs a path, not a stream.
- bibtex: one entry per Work with a title (keys like `ostrom1972`, `ostrom1972a`/`b` when
  several works share one), authors in AUTHORED position order.
Source nodes (provenance) are left out unless `include_sources=True`.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from . import graph as gm
from .errors import ConfigError
from .keys import fold
from .store import GraphStore

WORK, AUTHOR, CONCEPT, SOURCE = gm.WORK, gm.AUTHOR, gm.CONCEPT, gm.SOURCE

FORMATS = ("graphml", "gexf", "json", "csv", "bibtex")
PAGE = 2000
# Properties read per label (never Source.documents, the extraction cache) and the display label.
NODE_PROPS: dict[str, tuple[str, ...]] = {
    WORK: ("title", "year", "doi", "venue", "kind", "in_corpus"),
    AUTHOR: ("name", "family", "given"),
    CONCEPT: ("label", "origin", "description", "aliases"),
    SOURCE: ("path", "status", "sha256", "version"),
}
DEFAULT_LABELS = (WORK, AUTHOR, CONCEPT)
DISPLAY = {WORK: "title", AUTHOR: "name", CONCEPT: "label", SOURCE: "path"}
REL_TYPES = (
    (gm.AUTHORED, AUTHOR, WORK), (gm.CITES, WORK, WORK), (gm.MENTIONS, WORK, CONCEPT),
    (gm.DEFINES, WORK, CONCEPT), (gm.BROADER, CONCEPT, CONCEPT), (gm.DESCRIBES, SOURCE, WORK),
)  # fmt: skip
# Attributes written to GraphML/GEXF/CSV: (name, type); types are GraphML's.
NODE_ATTRS = (
    ("label", "string"), ("type", "string"), ("key", "string"), ("year", "int"),
    ("in_corpus", "boolean"), ("doi", "string"), ("venue", "string"), ("kind", "string"),
    ("origin", "string"), ("status", "string"),
)  # fmt: skip
EDGE_ATTRS = (
    ("type", "string"), ("weight", "double"), ("count", "int"), ("sources", "int"),
    ("position", "int"), ("attributed", "boolean"),
)  # fmt: skip
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Node:
    id: str
    type: str
    key: str
    props: dict[str, Any]

    @property
    def label(self) -> str:
        return str(self.props.get(DISPLAY[self.type]) or self.key)

    def attrs(self) -> dict[str, Any]:
        return {"label": self.label, "type": self.type, "key": self.key, **self.props}


@dataclass
class Edge:
    source: str
    target: str
    type: str
    count: int = 0
    sources: int = 0
    position: int | None = None
    attributed: bool | None = None
    sentences: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    @property
    def weight(self) -> float:
        return float(max(self.count, 1))

    def attrs(self) -> dict[str, Any]:
        return {
            "type": self.type, "weight": self.weight, "count": self.count,
            "sources": self.sources, "position": self.position, "attributed": self.attributed,
        }  # fmt: skip


@dataclass
class Graph:
    nodes: list[Node]
    edges: list[Edge]


def _node_pages(store: GraphStore, label: str, page: int) -> Iterator[list[dict[str, Any]]]:
    cols = ", ".join(f"n.{p} AS {p}" for p in NODE_PROPS[label])
    q = (
        f"MATCH (n:{label}) WHERE n.key > $after "
        f"RETURN n.key AS key, {cols} ORDER BY key LIMIT $page"
    )
    after = ""
    while True:
        rows = store.query(q, {"after": after, "page": page})
        if not rows:
            return
        yield rows
        if len(rows) < page:
            return
        after = rows[-1]["key"]


def _rel_rows(
    store: GraphStore, rel: tuple[str, str, str], keys: list[str], page: int, evidence: bool
) -> Iterator[dict[str, Any]]:
    """Relationships of `page` start nodes at a time (keyset paging: FalkorDB 1.4.1's string
    index ignores `<`/`<=` bounds, so only a lower bound is used)."""
    rtype, start, end = rel
    q = (
        f"MATCH (a:{start}) WHERE a.key > $after WITH a ORDER BY a.key LIMIT $page "
        f"MATCH (a)-[r:{rtype}]->(b:{end}) "
        "RETURN a.key AS s, b.key AS t, r.count AS count, r.position AS position, "
        "r.attributed AS attributed, r.src AS src"
        + (", r.sentences AS sentences, r.pages AS pages" if evidence else "")
    )
    for i in range(0, len(keys), page):
        part = set(keys[i : i + page])
        rows = store.query(q, {"after": keys[i - 1] if i else "", "page": page})
        rows = [r for r in rows if r["s"] in part]
        yield from sorted(rows, key=lambda r: (r["s"], r["t"], str(r.get("src"))))


def _merge(edge: Edge, row: dict[str, Any]) -> None:
    edge.sources += 1
    edge.count += int(row.get("count") or 0)
    if row.get("position") is not None:
        pos = int(row["position"])
        edge.position = pos if edge.position is None else min(edge.position, pos)
    if row.get("attributed") is not None:  # attributed only when every source says so
        edge.attributed = bool(row["attributed"]) and edge.attributed is not False
    for s, p in zip(row.get("sentences") or [], row.get("pages") or [], strict=False):
        if s not in edge.sentences:
            edge.sentences.append(s)
            edge.pages.append(int(p or 0))


def read_graph(
    store: GraphStore,
    labels: Sequence[str] = DEFAULT_LABELS,
    *,
    evidence: bool = False,
    page: int = PAGE,
) -> Graph:
    """Nodes with these labels and the collapsed edges between them, a page at a time (evidence:
    with the relationships' sentences and pages)."""
    keys: dict[str, list[str]] = {}
    raw: list[tuple[str, dict[str, Any]]] = []
    for label in labels:
        keys[label] = []
        for rows in _node_pages(store, label, page):
            for r in rows:
                keys[label].append(r["key"])
                raw.append((label, r))
    seen = Counter(r["key"] for _, r in raw)
    ids: dict[tuple[str, str], str] = {}
    nodes = []
    for label, r in raw:  # a key shared by two labels gets the label as a prefix
        nid = r["key"] if seen[r["key"]] == 1 else f"{label}:{r['key']}"
        ids[(label, r["key"])] = nid
        props = {k: v for k, v in r.items() if k != "key" and v is not None}
        nodes.append(Node(nid, label, r["key"], props))
    edges: dict[tuple[str, str, str], Edge] = {}
    for rtype, start, end in REL_TYPES:
        if start not in keys or end not in keys:
            continue
        for row in _rel_rows(store, (rtype, start, end), keys[start], page, evidence):
            s, t = ids.get((start, row["s"])), ids.get((end, row["t"]))
            if s is None or t is None:
                continue
            edge = edges.setdefault((s, rtype, t), Edge(s, t, rtype))
            _merge(edge, row)
    return Graph(nodes, sorted(edges.values(), key=lambda e: (e.type, e.source, e.target)))


def _text(value: Any) -> str:
    """A value as XML-safe text (control characters XML 1.0 forbids are dropped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return _XML_BAD.sub("", str(value))


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
        w.writerow(["Source", "Target", "Type", "Relation", "Weight", "count", "sources",
                    "position", "attributed"])  # fmt: skip
        for e in g.edges:
            w.writerow([e.source, e.target, "Directed", e.type, e.weight, e.count, e.sources,
                        _cell(e.position), _cell(e.attributed)])  # fmt: skip


def _cell(value: Any) -> str:
    return "" if value is None else _text(value)


def export_graph(
    store: GraphStore,
    fmt: str,
    out: TextIO | str | Path,
    *,
    include_sources: bool = False,
    page: int = PAGE,
) -> dict[str, int]:
    """Write the graph in `fmt` (see FORMATS) to `out`; returns what was written.

    Counts: {"nodes", "edges"}, plus {"entries", "skipped"} for bibtex (works without a title
    are skipped). `out` is a path or an open text stream (csv needs a path: two files).
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    labels = (WORK, AUTHOR) if fmt == "bibtex" else DEFAULT_LABELS
    if include_sources and fmt != "bibtex":
        labels = (*labels, SOURCE)
    g = read_graph(store, labels, evidence=fmt == "json", page=page)
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


@contextlib.contextmanager
def _open(out: TextIO | str | Path) -> Iterator[TextIO]:
    if isinstance(out, str | Path):
        with Path(out).open("w", encoding="utf-8") as f:
            yield f
    else:
        yield out


# fmt: off
_BIB_TYPES = {"article": "article", "book": "book", "chapter": "incollection",
              "inproceedings": "inproceedings", "thesis": "phdthesis", "report": "techreport"}
_BIB_VENUE = {"article": "journal", "book": "publisher", "incollection": "booktitle",
              "inproceedings": "booktitle", "techreport": "institution", "phdthesis": "school"}
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
          "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
          "^": r"\textasciicircum{}"}
# fmt: on
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters (unicode letters are kept: use biber/biblatex)."""
    return _LATEX_RE.sub(lambda m: _LATEX[m[0]], " ".join(_XML_BAD.sub(" ", text).split()))


def _authors_by_work(g: Graph) -> dict[str, list[Node]]:
    by_id = {n.id: n for n in g.nodes}
    ranked: dict[str, list[tuple[int, str, Node]]] = defaultdict(list)
    for e in g.edges:
        if e.type == gm.AUTHORED and e.source in by_id:
            ranked[e.target].append((e.position or 999, e.source, by_id[e.source]))
    return {w: [a for _, _, a in sorted(r)] for w, r in ranked.items()}


def _person(a: Node) -> str:
    family, given = a.props.get("family"), a.props.get("given")
    if family:
        return latex_escape(f"{family}, {given}" if given else str(family))
    return latex_escape(a.label)


def bibtex_keys(works: list[Node], authors: dict[str, list[Node]]) -> dict[str, str]:
    """Citation keys: first author's family + year (`ostrom1972`), `a`, `b`... on collisions."""
    base: dict[str, list[Node]] = defaultdict(list)
    for w in works:
        first = authors.get(w.id)
        name = fold(str(first[0].props.get("family") or first[0].label)) if first else ""
        if not name:
            name = next((fold(t) for t in str(w.props.get("title", "")).split() if fold(t)), "anon")
        base[f"{name}{w.props.get('year') or 'nd'}"].append(w)
    keys: dict[str, str] = {}
    for b, group in base.items():
        if len(group) == 1:
            keys[group[0].id] = b
            continue
        group.sort(key=lambda w: (str(w.props.get("title", "")).lower(), w.key))
        for i, w in enumerate(group):
            keys[w.id] = b + _suffix(i)
    return keys


def _suffix(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[i] if i < 26 else _suffix(i // 26 - 1) + letters[i % 26]


def write_bibtex(g: Graph, out: TextIO) -> dict[str, int]:
    import bibtexparser
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    works = [n for n in g.nodes if n.type == WORK and str(n.props.get("title") or "").strip()]
    skipped = sum(1 for n in g.nodes if n.type == WORK) - len(works)
    authors = _authors_by_work(g)
    keys = bibtex_keys(works, authors)
    lib = Library()
    for w in sorted(works, key=lambda n: keys[n.id]):
        etype = _BIB_TYPES.get(str(w.props.get("kind") or ""), "misc")
        fields = [Field("title", latex_escape(str(w.props["title"])))]
        if authors.get(w.id):
            fields.append(Field("author", " and ".join(_person(a) for a in authors[w.id])))
        for name, value in (
            ("year", w.props.get("year")),
            (_BIB_VENUE.get(etype, "howpublished"), w.props.get("venue")),
        ):
            if value not in (None, ""):
                fields.append(Field(name, latex_escape(str(value))))
        if w.props.get("doi"):  # verbatim in biblatex: no LaTeX escapes, no braces
            fields.append(Field("doi", re.sub(r"[{}\\s]", "", str(w.props["doi"]))))
        lib.add(Entry(etype, keys[w.id], fields))
    out.write(bibtexparser.write_string(lib))
    return {"entries": len(works), "skipped": skipped}
