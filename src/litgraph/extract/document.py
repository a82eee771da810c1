"""Per-file extraction: source file -> model.Document (header, references, citations, ...)."""

from __future__ import annotations

import os
import re
from dataclasses import replace

from litgraph.errors import ExtractionError
from litgraph.extract.attribution import find_attributions
from litgraph.extract.citations import find_citations
from litgraph.extract.concepts import Vocabulary, load_vocabulary, match_concepts, mine_phrases
from litgraph.extract.definitions import find_definitions
from litgraph.extract.footnotes import footnote_references
from litgraph.extract.header import extract_header
from litgraph.extract.pub_year import dating_warnings
from litgraph.extract.references import split_references
from litgraph.keys import normalise_doi
from litgraph.lexicon.names import PARTICLES
from litgraph.lexicon.years import SUFFIX, YEAR
from litgraph.model import Document, Page, RawDocument, SourceInfo
from litgraph.sources.text import TEXT_SUFFIXES, read_text

PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = PDF_SUFFIXES + TEXT_SUFFIXES

_DEFAULT_VOCAB: list[Vocabulary] = []


def read_source(path: str, pdf_engine: str = "pdfminer") -> RawDocument:
    """Read a PDF (with `pdf_engine`: 'pdfminer' or 'pdfium') or text file into pages; other
    file types are an ExtractionError."""
    suffix = os.path.splitext(path)[1].lower()
    if not os.path.isfile(path):
        raise ExtractionError(path, "no such file")
    if suffix in PDF_SUFFIXES:
        from litgraph.sources.pdf import read_pdf  # pdfminer import is slow; load on demand

        return read_pdf(path, engine=pdf_engine)
    if suffix in TEXT_SUFFIXES:
        return read_text(path)
    supported = ", ".join(SUPPORTED_SUFFIXES)
    raise ExtractionError(path, f"unsupported file type '{suffix or '(none)'}' (use {supported})")


def extract_file(
    path: str, vocab: Vocabulary | None = None, pdf_engine: str = "pdfminer"
) -> Document:
    """Run every extraction stage on one file."""
    raw = read_source(path, pdf_engine)
    return extract_raw(raw, vocab)


def file_warnings(doc: Document) -> list[str]:
    """What the user should check in one extracted file (its year, for now)."""
    evidence = doc.extra.get("header_evidence") or {}
    return dating_warnings(doc.year, doc.references, evidence.get("year_dropped", ""))


def extract_bib(
    path: str, vocab: Vocabulary | None = None, sha256: str | None = None
) -> tuple[list[Document], list[str]]:
    """One Document per entry of a .bib file (its concepts from title, abstract and keywords),
    and the file's warnings (entries that failed to parse)."""
    from litgraph.sources.bibtex import bib_to_document, read_bib_report

    vocab = vocab or _default_vocabulary()
    entries, warnings = read_bib_report(path)
    docs = []
    for e in entries:
        d = bib_to_document(e, path, sha256=sha256)
        text = ". ".join(t for t in (e.title, e.abstract, *e.keywords) if t)
        concepts = match_concepts((Page(number=1, text=text),), vocab)
        source = replace(d.source, path=f"{path}#{e.key}")
        docs.append(replace(d, source=source, concepts=concepts))
    return docs, warnings


def extract_raw(raw: RawDocument, vocab: Vocabulary | None = None) -> Document:
    """Extraction stages on an already-read document."""
    vocab = vocab or _default_vocabulary()
    body, references = split_references(raw)
    references += footnote_references(body, references)
    header = extract_header(raw, references)
    citations = tuple(
        c for c in find_citations(body, references) if c.reference or not _byline(c.sentence)
    )
    concepts = match_concepts(body, vocab) + mine_phrases(body, vocab)
    definitions = find_definitions(body, vocab, citations)
    attributions = find_attributions(citations, vocab)
    doi = header.doi
    if doi and any(doi == normalise_doi(r.doi) or doi in r.raw.lower() for r in references):
        doi = None  # the first DOI in the text belonged to a cited work, not to this one
    return Document(
        source=SourceInfo(raw.path, raw.sha256, len(raw.pages) if raw.is_pdf else None),
        title=header.title,
        year=header.year,
        doi=doi,
        venue=header.venue,
        abstract=header.abstract,
        authors=tuple(header.authors),
        references=references,
        citations=citations,
        concepts=concepts,
        definitions=definitions,
        attributions=attributions,
        kind="paper",
        extra={"header_evidence": header.evidence} if header.evidence else {},
    )


_BYLINE = re.compile(rf"^[^\W\d][\w.'’\- ,&]*\(?{YEAR}{SUFFIX}?\)?\.?$")
_BYLINE_WORDS = PARTICLES | {"and", "und", "et", "al", "al.", "&"}


def _byline(sentence: str) -> bool:
    """'Anna Abel and Ben Berg (2019)': a document's own author line, not a citation."""
    words = sentence.split()
    return (
        len(words) <= 24
        and bool(_BYLINE.match(sentence.strip()))
        and all(
            w[0].isupper() or w.lower() in _BYLINE_WORDS or w[0] in "(0123456789" for w in words
        )
    )


def _default_vocabulary() -> Vocabulary:
    if not _DEFAULT_VOCAB:
        _DEFAULT_VOCAB.append(load_vocabulary())
    return _DEFAULT_VOCAB[0]
