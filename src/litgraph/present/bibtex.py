"""BibTeX export: one entry per Work with a title (keys like `ostrom1972`, `ostrom1972a`/`b`
when several works share one), authors in AUTHORED position order."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TextIO

from ..ask.snapshot import Graph, Node
from ..graph.schema import AUTHORED, WORK
from ..lexicon.fold import fold
from .text_safety import XML_BAD

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
    return _LATEX_RE.sub(lambda m: _LATEX[m[0]], " ".join(XML_BAD.sub(" ", text).split()))


def _authors_by_work(g: Graph) -> dict[str, list[Node]]:
    by_id = {n.id: n for n in g.nodes}
    ranked: dict[str, list[tuple[int, str, Node]]] = defaultdict(list)
    for e in g.edges:
        if e.type == AUTHORED and e.source in by_id:
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
