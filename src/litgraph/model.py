"""Frozen typed records that cross module boundaries.

`Document` is what extraction produces for one source file; `Document.to_json()` is the
public JSON shape printed by `litgraph extract --json` (documented in the README; keep it
stable). `Subgraph` is what questions hand to the views.
"""

from __future__ import annotations

import base64
import copy
import json
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any


@dataclass(frozen=True)
class Person:
    """An author or editor as written in a source."""

    family: str
    given: str = ""

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}".strip()

    def to_json(self, with_name: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {"family": self.family, "given": self.given or None}
        if with_name:
            d = {"name": self.name, **d}
        return d


@dataclass(frozen=True)
class Reference:
    """One entry of a reference list (or a BibTeX entry treated as a cited work)."""

    id: str  # stable within its document: "r1", "r2", ...
    raw: str
    authors: tuple[Person, ...] = ()
    year: int | None = None
    year_suffix: str = ""  # "a" in 2008a; "n.d." / "forthcoming" keep year None
    title: str | None = None
    container: str | None = None  # journal, book (for chapters), series
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    doi: str | None = None
    url: str | None = None
    editors: tuple[Person, ...] = ()
    kind: str | None = None  # article | book | chapter | report | thesis | web | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "raw": self.raw,
            "authors": [a.to_json() for a in self.authors],
            "year": self.year,
            "title": self.title,
            "container": self.container,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "publisher": self.publisher,
            "doi": self.doi,
            "url": self.url,
        }


@dataclass(frozen=True)
class Citation:
    """One in-text citation, linked to a reference entry id (or None when unmatched)."""

    reference: str | None
    text: str  # the citation as written: "Ostrom (1972)", "[3]"
    sentence: str
    page: int | None = None
    # the span of the citation's group in the sentence ('Ostrom (1972)', or the whole
    # '(Ostrom, 1972; Parks et al., 1981)'), and its form: narrative | parenthetical | bare |
    # numbered; used to find which concepts the citation is attached to (not in the JSON)
    start: int = -1
    end: int = -1
    form: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "text": self.text,
            "sentence": self.sentence,
            "page": self.page,
        }


@dataclass(frozen=True)
class ConceptHit:
    """A concept found in a document: from the vocabulary or mined (with a score)."""

    key: str
    label: str
    count: int
    origin: str = "vocabulary"  # vocabulary | mined
    pages: tuple[int, ...] = ()
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "count": self.count, "origin": self.origin}


@dataclass(frozen=True)
class Definition:
    """A sentence defining a vocabulary concept, attributed to the reference cited in it."""

    concept: str  # concept key
    sentence: str
    page: int | None = None
    reference: str | None = None  # reference id

    def to_json(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "sentence": self.sentence,
            "page": self.page,
            "reference": self.reference,
        }


@dataclass(frozen=True)
class Attribution:
    """A concept credited to a cited work by a citing sentence of this document.

    `kind` says how the sentence ties the concept to the citation:
    - `coined`: the sentence says the cited work introduced the term ("coined by X (1972)",
      "X (1972) introduced the concept of ...");
    - `explicit`: the citation stands right after the term ("co-production (Ostrom, 1972)"),
      or the sentence names the work's concept or definition ("X's (1972) notion of ...",
      "X (1972) defines ...");
    - `scope`: the citation closes, or is the subject of, the clause that uses the term.
    A concept elsewhere in the sentence (another clause, another citation's phrase) is not
    attributed: that is mere co-occurrence.
    """

    reference: str | None  # reference id; None until the citation is linked
    concept: str  # concept key
    kind: str  # coined | explicit | scope
    text: str  # the citation as written
    sentence: str
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "concept": self.concept,
            "kind": self.kind,
            "sentence": self.sentence,
            "page": self.page,
        }


@dataclass(frozen=True)
class SourceInfo:
    path: str
    sha256: str
    pages: int | None = None  # None for non-PDF sources

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "pages": self.pages}


@dataclass(frozen=True)
class Document:
    """Everything extracted from one source file."""

    source: SourceInfo
    title: str | None = None
    year: int | None = None
    doi: str | None = None
    venue: str | None = None
    abstract: str | None = None
    authors: tuple[Person, ...] = ()
    references: tuple[Reference, ...] = ()
    citations: tuple[Citation, ...] = ()
    concepts: tuple[ConceptHit, ...] = ()
    definitions: tuple[Definition, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    kind: str = "paper"  # paper | bibtex (a .bib entry without full text)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source.to_json(),
            "title": self.title,
            "year": self.year,
            "doi": self.doi,
            "venue": self.venue,
            "abstract": self.abstract,
            "authors": [a.to_json(with_name=True) for a in self.authors],
            "references": [r.to_json() for r in self.references],
            "citations": [c.to_json() for c in self.citations],
            "concepts": [c.to_json() for c in self.concepts],
            "definitions": [d.to_json() for d in self.definitions],
            "attributions": [a.to_json() for a in self.attributions],
            # where each header field came from ('volume: Vol. 67(5), 2007')
            "header_evidence": dict(self.extra.get("header_evidence") or {}),
        }


@dataclass(frozen=True)
class Page:
    """Clean text of one page, in reading order, after layout processing."""

    number: int  # 1-based
    text: str
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Line:
    """A text line with the layout facts extraction stages use."""

    text: str
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    size: float = 0.0  # dominant font size
    bold: bool = False
    page: int = 1
    column: int = 0


@dataclass(frozen=True)
class RawDocument:
    """A source file read into pages (PDF) or one page of text (txt/md), before extraction."""

    path: str
    sha256: str
    pages: tuple[Page, ...]
    is_pdf: bool
    metadata: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # the front matter as printed: a skipped repository cover page and the first two pages of
    # the article, running headers and footers included, top to bottom (header extraction
    # reads these; the body text never does)
    front: tuple[Line, ...] = field(default=(), compare=False, hash=False)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)


# --- questions -> views -------------------------------------------------------------------


@dataclass(frozen=True)
class ViewNode:
    id: str
    kind: str  # work | author | concept | source
    label: str  # short label drawn on the node
    title: str = ""  # tooltip text (plain text; the view escapes it)
    size: float = 1.0  # relative weight, e.g. citations received
    year: int | None = None
    in_corpus: bool = True


@dataclass(frozen=True)
class ViewEdge:
    source: str
    target: str
    kind: str  # CITES | AUTHORED | MENTIONS | DEFINES | BROADER | LINK
    title: str = ""  # tooltip (plain text; escaped by the view)
    weight: float = 1.0


@dataclass(frozen=True)
class PanelItem:
    """One entry of a view's side panel: a ranked answer with its evidence sentences."""

    title: str  # e.g. "1. Co-production  score 12.96"
    detail: str = ""  # one line under the title
    quotes: tuple[str, ...] = ()  # evidence sentences with who wrote them and the page
    node: str = ""  # the node a click on the entry selects


@dataclass(frozen=True)
class Subgraph:
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    heading: str = ""
    note: str = ""  # e.g. "showing the 200 most connected of 1,532 nodes"
    focus: tuple[str, ...] = ()  # the nodes the view is about (highlighted, labels never cut)
    panel: tuple[PanelItem, ...] = ()  # a side panel people read (e.g. link's ranked concepts)
    panel_heading: str = ""


# --- full serialisation (cache of extracted documents; richer than the public JSON) --------


def document_to_dict(doc: Document) -> dict[str, Any]:
    """Every field of a Document as plain JSON-able data (inverse: document_from_dict): what
    `dataclasses.asdict` gives, in a third of its time (the field names read once per class)."""
    out: dict[str, Any] = _plain(doc)
    return out


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = frozenset([str, int, float, bool, type(None)])


def _plain(obj: Any) -> Any:
    """dataclasses.asdict's conversion of `obj` (dataclass instances to dicts, recursively)."""
    cls = type(obj)
    if cls in _SCALARS:
        return obj
    names = _FIELD_NAMES.get(cls)
    if names is None and is_dataclass(cls):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    if names is not None:
        return {name: _plain(getattr(obj, name)) for name in names}
    if cls is tuple or cls is list:
        return cls(_plain(v) for v in obj)
    if cls is dict:
        return {_plain(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (tuple, list, dict)) or is_dataclass(obj):
        return asdict(_Boxed(obj))["value"]  # a subclass: as asdict builds it
    return copy.deepcopy(obj)


@dataclass(frozen=True)
class _Boxed:
    value: Any


def _people(items: list[dict[str, Any]]) -> tuple[Person, ...]:
    return tuple(Person(**p) for p in items)


def document_from_dict(d: dict[str, Any]) -> Document:
    refs = tuple(
        Reference(**{**r, "authors": _people(r["authors"]), "editors": _people(r["editors"])})
        for r in d["references"]
    )
    return Document(
        source=SourceInfo(**d["source"]),
        title=d["title"],
        year=d["year"],
        doi=d["doi"],
        venue=d["venue"],
        abstract=d["abstract"],
        authors=_people(d["authors"]),
        references=refs,
        citations=tuple(Citation(**c) for c in d["citations"]),
        concepts=tuple(ConceptHit(**{**c, "pages": tuple(c["pages"])}) for c in d["concepts"]),
        definitions=tuple(Definition(**x) for x in d["definitions"]),
        attributions=tuple(Attribution(**x) for x in d.get("attributions", ())),
        kind=d["kind"],
        extra=dict(d.get("extra") or {}),
    )


def documents_json(docs: Sequence[Document]) -> str:
    return json.dumps([document_to_dict(d) for d in docs], ensure_ascii=False)


def documents_from_json(text: str) -> list[Document]:
    return [document_from_dict(d) for d in json.loads(text)]


def pack_text(text: str) -> str:
    """Text stored compressed (cached documents, resolution views, footprints on Source nodes:
    a few KB each): less to read back on every build, less for the store to save and load,
    and small enough for stores that limit a query's size."""
    return packed(zlib.compress(text.encode(), 6))


def packed(compressed: bytes) -> str:
    """zlib-compressed bytes as stored text (what `unpack_text` reads)."""
    return base64.b85encode(compressed).decode("ascii")


def unpack_text(text: str) -> str:
    return zlib.decompress(base64.b85decode(text)).decode()


def cached_json(text: str) -> str:
    """A Source's cached documents as JSON: stored packed, or plain by stores written before
    they were packed (a JSON list starts with '[', which packed text never holds)."""
    return text if text.startswith("[") else unpack_text(text)
