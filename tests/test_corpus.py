"""Consistency checks for the shipped demo corpus (corpus/)."""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import bibtexparser
import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BIB = CORPUS / "psdl.bib"

NAME = r"[A-ZÀ-Ý][\w'’-]+"
YEARS = r"\d{4}[a-z]?(?:, \d{4}[a-z]?)*"
LOCATOR = r"(?:, pp?\. [\d-]+)?"
NARRATIVE = re.compile(
    rf"(?P<fam>{NAME})(?: et al\.| and {NAME}(?: {NAME})?)? \((?P<years>{YEARS}){LOCATOR}\)"
)
PAREN = re.compile(r"\(([^()]*\d{4}[^()]*)\)")
PAREN_ITEM = re.compile(
    rf"^(?:(?:see also|see|e\.g\.|cf\.),? )?(?P<fam>{NAME})(?: et al\.)?"
    rf"(?: (?:&|and) {NAME}(?: {NAME})?)?, (?P<years>{YEARS}){LOCATOR}$"
)
REF_LINE = re.compile(r"^(?P<fam>[^,]+), .*?\((?P<year>\d{4})\)")
HEADER_LINE = re.compile(r"^(?P<names>.+) \((?P<year>\d{4})\)$")
CONCEPTS = (
    "co-production",
    "coproduction",
    "consumer co-production",
    "participative co-production",
    "enhanced co-production",
    "co-design",
    "co-delivery",
    "value co-creation",
    "value co-destruction",
    "service-dominant logic",
    "public service-dominant logic",
    "PSDL",
    "public service logic",
    "New Public Management",
    "NPM",
    "New Public Governance",
    "NPG",
    "public value",
    "user empowerment",
    "citizen participation",
    "user-led innovation",
    "SERVICE framework",
    "service ecosystem",
    "street-level bureaucracy",
)


@dataclass(frozen=True)
class Entry:
    key: str
    families: tuple[str, ...]
    year: int
    title: str
    file: str


@dataclass(frozen=True)
class Digest:
    path: Path
    title: str
    names: str
    year: int
    abstract: str
    body: str
    references: tuple[str, ...]
    has_ref_heading: bool


def _families(value: str) -> tuple[str, ...]:
    return tuple(part.split(",")[0].strip() for part in value.split(" and "))


def _load_entries() -> list[Entry]:
    library = bibtexparser.parse_file(str(BIB))
    entries = []
    for e in library.entries:
        f = {field.key: str(field.value) for field in e.fields}
        people = f.get("author") or f.get("editor", "")
        entries.append(
            Entry(e.key, _families(people), int(f["year"]), f["title"], f.get("file", ""))
        )
    return entries


ENTRIES = _load_entries()
BY_KEY = {e.key: e for e in ENTRIES}
FAMILY_YEAR = {(e.families[0], e.year) for e in ENTRIES}


def _parse_digest(path: Path) -> Digest:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# "), f"{path.name}: first line must be '# <Title>'"
    assert lines[1] == "", f"{path.name}: blank line after title"
    header = HEADER_LINE.match(lines[2])
    assert header, f"{path.name}: author line must be 'Given Family, ... (year)'"
    assert lines[3] == "" and lines[4] == "## Abstract", f"{path.name}: '## Abstract' expected"
    sections: dict[str, list[str]] = {}
    current = "abstract"
    sections[current] = []
    for line in lines[5:]:
        if line.startswith("## "):
            current = line[3:]
            assert current not in sections, f"{path.name}: duplicate section {current}"
            sections[current] = []
        else:
            sections[current].append(line)
    assert list(sections) in (["abstract", "Digest"], ["abstract", "Digest", "References"]), (
        f"{path.name}: sections must be Abstract, Digest[, References], got {list(sections)}"
    )
    refs = tuple(r for r in sections.get("References", []) if r.strip())
    return Digest(
        path=path,
        title=lines[0][2:],
        names=header["names"],
        year=int(header["year"]),
        abstract=" ".join(sections["abstract"]).strip(),
        body="\n".join(sections["Digest"]).strip(),
        references=refs,
        has_ref_heading="References" in sections,
    )


def _citations(text: str) -> set[tuple[str, int]]:
    """(first-author family, year) for every author-year citation in text."""
    found: set[tuple[str, int]] = set()
    for m in NARRATIVE.finditer(text):
        found |= {(m["fam"], int(y[:4])) for y in m["years"].split(", ")}
    rest = NARRATIVE.sub("", text)
    for group in PAREN.finditer(rest):
        for item in group.group(1).split(";"):
            item_match = PAREN_ITEM.match(item.strip())
            assert item_match, f"unparseable citation {item.strip()!r}"
            years = item_match["years"].split(", ")
            found |= {(item_match["fam"], int(y[:4])) for y in years}
    return found


DIGEST_PATHS = sorted((CORPUS / "digests").glob("*.md"))
SOURCE_PATHS = sorted((CORPUS / "pdf-src").glob("*.md"))
ALL_TEXTS = DIGEST_PATHS + SOURCE_PATHS


def test_bib_parses_cleanly_with_required_fields() -> None:
    library = bibtexparser.parse_file(str(BIB))
    assert library.failed_blocks == []
    assert 32 <= len(library.entries) <= 38
    for entry in library.entries:
        keys = {f.key for f in entry.fields}
        assert {"title", "year"} <= keys, entry.key
        assert "author" in keys or "editor" in keys, entry.key
        assert re.fullmatch(r"\d{4}", str(entry.fields_dict["year"].value)), entry.key


def test_bib_keys_unique_and_files_exist() -> None:
    assert len(BY_KEY) == len(ENTRIES)
    for e in ENTRIES:
        assert e.file in (f"digests/{e.key}.md", f"pdf/{e.key}.pdf"), e.key
        assert (CORPUS / e.file).is_file(), f"{e.key}: missing {e.file}"


def test_every_digest_and_source_belongs_to_an_entry() -> None:
    for path in DIGEST_PATHS:
        assert BY_KEY[path.stem].file == f"digests/{path.stem}.md"
    for path in SOURCE_PATHS:
        assert BY_KEY[path.stem].file == f"pdf/{path.stem}.pdf"
    assert len(SOURCE_PATHS) >= 5


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: p.stem)
def test_digest_format_matches_bib(path: Path) -> None:
    d = _parse_digest(path)
    entry = BY_KEY[path.stem]
    assert d.title == entry.title
    assert d.year == entry.year
    listed = [n.strip() for n in re.split(r", | and ", d.names)]
    assert [n.rsplit(" ", 1)[-1] for n in listed][-1] == entry.families[-1].split()[-1]
    assert len(listed) == len(entry.families)
    for name, family in zip(listed, entry.families, strict=True):
        assert name.endswith(" " + family), (name, family)
    sentences = re.findall(r"[.?!](?=\s+[A-Z]|$)", d.abstract)
    assert 2 <= len(sentences) <= 4, f"{path.name}: abstract has {len(sentences)} sentences"
    if not d.references:
        assert not d.has_ref_heading, f"{path.name}: empty References section"


@pytest.mark.parametrize("path", DIGEST_PATHS, ids=lambda p: p.stem)
def test_digest_length(path: Path) -> None:
    d = _parse_digest(path)
    words = len((d.abstract + " " + d.body).split())
    assert 150 <= words <= 350, f"{path.name}: {words} words"


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: p.stem)
def test_references_resolve_and_match_citations(path: Path) -> None:
    d = _parse_digest(path)
    refs: set[tuple[str, int]] = set()
    for line in d.references:
        m = REF_LINE.match(line)
        assert m, f"{path.name}: bad reference line {line!r}"
        key = (m["fam"], int(m["year"]))
        assert key in FAMILY_YEAR, f"{path.name}: {key} is not a corpus work"
        assert key[1] <= d.year, f"{path.name}: cites later work {key}"
        assert key != (BY_KEY[path.stem].families[0], d.year), f"{path.name}: cites itself"
        refs.add(key)
    assert list(d.references) == sorted(d.references, key=str.casefold)
    cited = _citations(d.abstract + "\n" + d.body)
    assert cited - refs == set(), f"{path.name}: citations without reference {cited - refs}"
    assert refs - cited == set(), f"{path.name}: references never cited {refs - cited}"


def test_citation_parser_finds_all_forms() -> None:
    text = (
        "As Ostrom (1972) argued, and Bovaird and Loeffler (2012) later showed "
        "(Parks et al., 1981; Whitaker, 1980), co-production matters (Bovaird, 2007, p. 847; "
        "see Vargo & Lusch, 2004, 2008). Plé and Chumpitaz Cáceres (2010) disagree."
    )
    assert _citations(text) == {
        ("Ostrom", 1972),
        ("Bovaird", 2012),
        ("Parks", 1981),
        ("Whitaker", 1980),
        ("Bovaird", 2007),
        ("Vargo", 2004),
        ("Vargo", 2008),
        ("Plé", 2010),
    }


def test_lineage_chains_present() -> None:
    cites = {}
    for path in ALL_TEXTS:
        d = _parse_digest(path)
        cites[path.stem] = _citations(d.abstract + "\n" + d.body)
    assert ("Ostrom", 1972) in cites["parks1981"]
    assert {("Parks", 1981), ("Ostrom", 1972)} <= cites["bovaird2007"]
    assert {("Parks", 1981), ("Ostrom", 1972)} <= cites["pestoff2006"]
    assert {("Bovaird", 2007), ("Pestoff", 2006), ("Vargo", 2004)} <= cites["osborne2013"]
    assert ("Normann", 1991) in cites["vargo2004"]
    assert ("Osborne", 2013) in cites["osborne2016"]


def test_concept_vocabulary_is_used() -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in ALL_TEXTS)
    missing = [c for c in CONCEPTS if c.lower() not in text.lower()]
    assert missing == []
    osborne2013 = (CORPUS / "pdf-src" / "osborne2013.md").read_text(encoding="utf-8")
    for mode in ("consumer", "participative", "enhanced"):
        assert f"By {mode} co-production we mean" in osborne2013


def test_pdf_sources_are_ignored_by_the_builder() -> None:
    lines = (CORPUS / ".litgraphignore").read_text(encoding="utf-8").splitlines()
    assert "pdf-src/" in lines
    assert "README.md" in lines


@pytest.mark.parametrize("key", [p.stem for p in SOURCE_PATHS])
def test_committed_pdfs(key: str) -> None:
    path = CORPUS / "pdf" / f"{key}.pdf"
    assert path.stat().st_size < 100 * 1024
    from litgraph.sources.pdf import read_pdf

    raw = read_pdf(str(path))
    assert len(raw.pages) >= 2
    assert raw.metadata["title"] == BY_KEY[key].title


def _load_make_pdfs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pdfs", CORPUS / "make_pdfs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_make_pdfs_renders_readable_two_column_paper(tmp_path: Path) -> None:
    from pdfminer.high_level import extract_text

    mod = _load_make_pdfs()
    paper = mod.parse_source(CORPUS / "pdf-src" / "osborne2013.md")
    venue = mod.load_venues()["osborne2013"]
    out = tmp_path / "osborne2013.pdf"
    mod.render(paper, venue, out)
    text = extract_text(str(out))
    assert "A new theory for public service" in text
    assert "American Review of Public Administration" in text
    assert "References" in text
    assert "135" in text and "136" in text  # journal page numbers in the footer
    assert out.read_bytes() == (CORPUS / "pdf" / "osborne2013.pdf").read_bytes()
