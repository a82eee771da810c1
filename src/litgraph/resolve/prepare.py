"""What resolution sees: each document with its unlisted citations as incomplete references,
and .bib entries merged into the files they describe."""

from __future__ import annotations

import os
from dataclasses import replace

from ..extract.unlisted import with_unlisted_references
from ..keys import normalise_doi, title_fingerprint
from ..model import Document, Reference


def _title_key(title: str | None) -> str:
    return title_fingerprint(title, 8)


def bib_targets(bib: Document) -> set[str]:
    """What a .bib entry is matched to a file's document by (see `merge_bib`)."""
    out = {f"f:{os.path.realpath(f)}" for f in bib.extra.get("files", [])}
    if bib.doi:
        out.add(f"d:{normalise_doi(bib.doi)}")
    if bib.title:
        out.add(f"t:{_title_key(bib.title)}")
    return out


def bib_matches(doc: Document) -> set[str]:
    """What a file's document could be matched to a .bib entry by (see `merge_bib`)."""
    out = {f"f:{os.path.realpath(doc.source.path)}"}
    if doc.doi:
        out.add(f"d:{normalise_doi(doc.doi)}")
    if doc.title:
        out.add(f"t:{_title_key(doc.title)}")
    return out


def merge_bib(docs: list[Document]) -> list[Document]:
    """A .bib entry that names a file (Zotero/JabRef `file` field) or has the same DOI or title
    as an extracted file enriches that file's document instead of being a work of its own."""
    files = {os.path.realpath(d.source.path): i for i, d in enumerate(docs) if d.kind != "bibtex"}
    by_doi = {normalise_doi(d.doi): i for i, d in enumerate(docs) if d.kind != "bibtex" and d.doi}
    by_title = {
        _title_key(d.title): i for i, d in enumerate(docs) if d.kind != "bibtex" and d.title
    }
    out = list(docs)
    drop: set[int] = set()
    for j, b in enumerate(docs):
        if b.kind != "bibtex":
            continue
        named = [os.path.realpath(f) for f in b.extra.get("files", [])]
        target = next((files[f] for f in named if f in files), None)
        if target is None and b.doi:
            target = by_doi.get(normalise_doi(b.doi))
        if target is None and b.title:
            target = by_title.get(_title_key(b.title))
        if target is None:
            continue
        d = out[target]
        out[target] = replace(
            d,
            title=b.title or d.title, year=b.year or d.year, doi=b.doi or d.doi,
            venue=b.venue or d.venue, authors=b.authors or d.authors,
            abstract=d.abstract or b.abstract,
            extra={**d.extra, "bibkey": b.extra.get("bibkey"), "bibfile": b.source.path,
                   "entry_type": b.extra.get("entry_type")},
        )  # fmt: skip
        drop.add(j)
    return [d for i, d in enumerate(out) if i not in drop]


def prepare_documents(docs: list[Document]) -> list[Document]:
    """What resolution sees: unlisted citations as incomplete references, .bib merged in."""
    return merge_bib([with_unlisted_references(d) for d in docs])


def resolution_view(doc: Document) -> Document:
    """What resolution and the graph-wide rules read from a document, and nothing more: the
    header, each reference's identifying fields, the citations not yet linked (they may become
    incomplete references), the concepts and the attributions. A build keeps this view of every
    document, so that it resolves the whole library without reading every document again."""
    return replace(
        doc,
        abstract=None,
        references=tuple(
            Reference(
                id=r.id,
                raw="",
                authors=r.authors,
                year=r.year,
                year_suffix=r.year_suffix,
                title=r.title,
                container=r.container,
                doi=r.doi,
                kind=r.kind,
            )
            for r in doc.references
        ),
        citations=tuple(c for c in doc.citations if not c.reference),
        concepts=tuple(replace(h, pages=()) for h in doc.concepts),
        definitions=(),
    )


def prepared_like(doc: Document, prepared: Document) -> Document:
    """A whole document prepared as `prepared` (its resolution view, prepared with every other
    document) was: its unlisted citations as incomplete references, the .bib merged in."""
    own = with_unlisted_references(doc)
    return replace(
        own, title=prepared.title, year=prepared.year, doi=prepared.doi, venue=prepared.venue,
        authors=prepared.authors, abstract=own.abstract or prepared.abstract,
        extra=prepared.extra,
    )  # fmt: skip
