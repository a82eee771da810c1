"""BibTeX sources (Zotero/JabRef exports) -> BibEntry records and bibtex-kind Documents."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    BlockMiddleware,
    LatexDecodingMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.names import (
    NameParts,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import Block, DuplicateBlockKeyBlock, Entry, MiddlewareErrorBlock
from pylatexenc.latex2text import LatexNodes2Text

from litgraph import keys
from litgraph.errors import ExtractionError
from litgraph.lexicon.years import first_year
from litgraph.model import Document, Person, SourceInfo
from litgraph.sources.text import read_decoded

_RAW_FILE = "litgraph_raw_file"
_DECODER = LatexNodes2Text()
_WINDOWS_ABS = re.compile(r"^[A-Za-z]:[\\/]")
# Our own failure report replaces bibtexparser's log lines (no stray stderr output).
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class BibEntry:
    """One BibTeX entry, LaTeX-decoded, with names split and attached files resolved."""

    key: str
    entry_type: str
    title: str | None = None
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    year: int | None = None
    doi: str | None = None
    venue: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    url: str | None = None
    abstract: str | None = None
    keywords: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    line: int | None = None


class _StashFileField(BlockMiddleware):
    """Keep the undecoded `file` field (LaTeX decoding would mangle paths)."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    @classmethod
    def metadata_key(cls) -> str:
        return "litgraph_stash_file"

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        field = entry.get("file")
        if field is not None and isinstance(field.value, str):
            entry.set_parser_metadata(_RAW_FILE, field.value)
        return entry


def read_bib(path: str) -> list[BibEntry]:
    """Entries of a .bib file (failed blocks are skipped; see read_bib_report)."""
    return read_bib_report(path)[0]


def read_bib_report(path: str) -> tuple[list[BibEntry], list[str]]:
    """Entries plus one message per block that failed to parse (naming file and line)."""
    text = read_decoded(path)
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            _StashFileField(),
            SeparateCoAuthors(),
            SplitNameParts(),
            LatexDecodingMiddleware(),
        ],
    )
    base = os.path.dirname(os.path.abspath(path))
    entries = [_to_entry(e, base) for e in library.entries]
    problems: list[str] = []
    for block in library.failed_blocks:
        inner = block.ignore_error_block
        line = block.start_line + 1 if block.start_line is not None else "?"
        if isinstance(block, MiddlewareErrorBlock) and isinstance(inner, Entry):
            entries.append(_to_entry(inner, base))
            problems.append(f"{path}:{line}: entry '{inner.key}' kept with errors: {block.error}")
        elif isinstance(block, DuplicateBlockKeyBlock):
            problems.append(f"{path}:{line}: duplicate entry key '{block.key}' skipped")
        else:
            problems.append(f"{path}:{line}: could not parse block: {_reason(block.error)}")
    if not entries and not problems and "@" not in text:
        raise ExtractionError(path, "no BibTeX entries found; is this a .bib file?")
    entries.sort(key=lambda e: e.line if e.line is not None else 0)
    return entries, problems


def _reason(err: Exception) -> str:
    text = getattr(err, "abort_reason", None) or getattr(err, "message", None) or str(err)
    return re.sub(r"\s+", " ", str(text)).strip() or type(err).__name__


def _to_entry(entry: Entry, base: str) -> BibEntry:
    f = {k.lower(): v for k, v in entry.items()}
    raw_file = entry.get_parser_metadata(_RAW_FILE)
    return BibEntry(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        title=_text(f.get("title")),
        authors=_persons(f.get("author")),
        editors=_persons(f.get("editor")),
        year=_year(f.get("year") or f.get("date")),
        doi=keys.normalise_doi(_text(f.get("doi"))),
        venue=_text(f.get("journal") or f.get("journaltitle") or f.get("booktitle")),
        volume=_text(f.get("volume")),
        issue=_text(f.get("number") or f.get("issue")),
        pages=_pages(_text(f.get("pages"))),
        publisher=_text(f.get("publisher") or f.get("institution") or f.get("school")),
        url=_text(f.get("url")),
        abstract=_text(f.get("abstract")),
        keywords=_keywords(_text(f.get("keywords") or f.get("keyword"))),
        files=parse_file_field(raw_file, base) if isinstance(raw_file, str) else (),
        line=entry.start_line + 1 if entry.start_line is not None else None,
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).replace("{", "").replace("}", "")
    s = re.sub(r"\s+", " ", s).strip()
    return s or None


def _year(value: Any) -> int | None:
    return first_year(str(value)) if value is not None else None


def _pages(value: str | None) -> str | None:
    return re.sub(r"\s*-{1,3}\s*|\s*–\s*", "-", value) if value else value


def _keywords(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    parts = (p.strip() for p in re.split(r"[;,]", value))
    return tuple(dict.fromkeys(p for p in parts if p))


def _decode(s: str) -> str:
    try:
        return _DECODER.latex_to_text(s).strip()
    except Exception:  # pylatexenc raises assorted errors on broken LaTeX
        return s.replace("{", "").replace("}", "").strip()


def _persons(value: Any) -> tuple[Person, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else split_multiple_persons_names(str(value))
    out: list[Person] = []
    for item in items:
        parts = item if isinstance(item, NameParts) else _lenient_parts(str(item))
        if parts is None:
            continue
        family = _decode(" ".join(parts.von + parts.last))
        given = _decode(" ".join(parts.first + parts.jr))
        if family.lower() == "others":
            continue
        if family:
            out.append(Person(family=family, given=given))
    return tuple(out)


def _lenient_parts(name: str) -> NameParts | None:
    try:
        return parse_single_name_into_parts(name, strict=False)
    except Exception:  # malformed names are skipped, not fatal
        return None


def parse_file_field(value: str, base: str) -> tuple[str, ...]:
    """Paths from a Zotero/JabRef `file` field, resolved relative to the .bib's folder.

    Accepts 'Desc:path:mime' (';'-separated, '\\:' escapes), ':path:PDF' and bare 'path'.
    """
    out: list[str] = []
    for item in re.split(r"(?<!\\);", value):
        item = item.strip()
        if not item:
            continue
        parts = re.split(r"(?<!\\):", item)
        if len(parts) >= 3:
            path = ":".join(parts[1:-1])
        elif len(parts) == 2 and len(parts[0]) == 1 and parts[0].isalpha():
            path = item  # bare Windows path 'C:\\...'
        elif len(parts) == 2:
            path = parts[1] or parts[0]
        else:
            path = item
        path = path.replace("\\:", ":").replace("\\\\", "\\").strip()
        if path:
            absolute = os.path.isabs(path) or _WINDOWS_ABS.match(path)
            out.append(path if absolute else os.path.normpath(os.path.join(base, path)))
    return tuple(dict.fromkeys(out))


def bib_to_document(entry: BibEntry, bib_path: str, sha256: str | None = None) -> Document:
    """A bibtex-kind Document for one entry (no full text; extraction adds concepts from its
    title, abstract and keywords)."""
    sha = sha256 or keys.sha256_file(bib_path)
    extra = {
        "bibkey": entry.key,
        "entry_type": entry.entry_type,
        "files": list(entry.files),
        "keywords": list(entry.keywords),
        "editors": [p.to_json(with_name=True) for p in entry.editors],
        "volume": entry.volume,
        "issue": entry.issue,
        "pages": entry.pages,
        "publisher": entry.publisher,
        "url": entry.url,
    }
    return Document(
        source=SourceInfo(path=bib_path, sha256=sha, pages=None),
        title=entry.title,
        year=entry.year,
        doi=entry.doi,
        venue=entry.venue,
        abstract=entry.abstract,
        authors=entry.authors or entry.editors,  # an edited book: its editors
        kind="bibtex",
        extra=extra,
    )
