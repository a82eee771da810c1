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
    rf"(?P<fam>{NAME})(?:(?P<etal> et al\.)| and (?P<second>{NAME}(?: {NAME})?))?"
    rf" \((?P<years>{YEARS}){LOCATOR}\)"
)
PAREN = re.compile(r"\(([^()]*\d{4}[^()]*)\)")
PAREN_ITEM = re.compile(
    rf"^(?:(?:see also|see|e\.g\.|cf\.),? )?(?P<fam>{NAME})(?P<etal> et al\.)?"
    rf"(?: (?:&|and) (?P<second>{NAME}(?: {NAME})?))?, (?P<years>{YEARS}){LOCATOR}$"
)
REF_LINE = re.compile(r"^(?P<fam>[^,]+), .*?\((?P<year>\d{4})(?P<suffix>[a-z]?)\)")
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

# An author-year citation: (first family, second family | "et al." | "", year with suffix).
Cite = tuple[str, str, str]


def _who(families: tuple[str, ...]) -> str:
    return "" if len(families) == 1 else families[1] if len(families) == 2 else "et al."


def _year_suffixes() -> dict[str, str]:
    """Works with the same authors and year get a, b, ... in title order, everywhere."""
    groups: dict[tuple[tuple[str, ...], int], list[Entry]] = {}
    for e in ENTRIES:
        groups.setdefault((e.families, e.year), []).append(e)
    suffixes = {}
    for group in groups.values():
        group.sort(key=lambda e: re.sub(r"^(?:the|an?) ", "", e.title.casefold()))
        for i, e in enumerate(group):
            suffixes[e.key] = "abcdefgh"[i] if len(group) > 1 else ""
    return suffixes


SUFFIX = _year_suffixes()


def _cite_of(e: Entry) -> Cite:
    return (e.families[0], _who(e.families), f"{e.year}{SUFFIX[e.key]}")


def _fold(text: str) -> str:
    return re.sub(r"\W", "", text.casefold())


def _resolve(line: str, where: str) -> Entry:
    """The psdl.bib record a reference line describes (first author, year and title)."""
    m = REF_LINE.match(line)
    assert m, f"{where}: bad reference line {line!r}"
    hits = [
        e
        for e in ENTRIES
        if (e.families[0], e.year) == (m["fam"], int(m["year"])) and _fold(e.title) in _fold(line)
    ]
    assert len(hits) == 1, f"{where}: {line!r} matches {[e.key for e in hits]} in psdl.bib"
    assert m["suffix"] == SUFFIX[hits[0].key], f"{where}: cite {hits[0].key} as {_cite_of(hits[0])}"
    return hits[0]


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


def _cites(m: re.Match[str]) -> set[Cite]:
    who = "et al." if m["etal"] else m["second"] or ""
    return {(m["fam"], who, y) for y in m["years"].split(", ")}


def _citations(text: str) -> set[Cite]:
    """(first family, second family or "et al.", year) for every author-year citation."""
    found: set[Cite] = set()
    for m in NARRATIVE.finditer(text):
        found |= _cites(m)
    rest = NARRATIVE.sub("", text)
    for group in PAREN.finditer(rest):
        for item in group.group(1).split(";"):
            item_match = PAREN_ITEM.match(item.strip())
            assert item_match, f"unparseable citation {item.strip()!r}"
            found |= _cites(item_match)
    return found


def _reference_list(path: Path) -> dict[Cite, str]:
    """How the works of a text's reference list are cited -> their citekeys."""
    d = _parse_digest(path)
    refs: dict[Cite, str] = {}
    for line in d.references:
        e = _resolve(line, path.name)
        assert e.year <= d.year, f"{path.name}: cites later work {e.key}"
        assert e.key != path.stem, f"{path.name}: cites itself"
        assert _cite_of(e) not in refs, f"{path.name}: {e.key} and {refs[_cite_of(e)]} look alike"
        refs[_cite_of(e)] = e.key
    return refs


def _cited_keys(path: Path) -> set[str]:
    d = _parse_digest(path)
    refs = _reference_list(path)
    return {refs[c] for c in _citations(d.abstract + "\n" + d.body)}


DIGEST_PATHS = sorted((CORPUS / "digests").glob("*.md"))
SOURCE_PATHS = sorted((CORPUS / "pdf-src").glob("*.md"))
ALL_TEXTS = DIGEST_PATHS + SOURCE_PATHS


def test_bib_parses_cleanly_with_required_fields() -> None:
    library = bibtexparser.parse_file(str(BIB))
    assert library.failed_blocks == []
    assert 46 <= len(library.entries) <= 52
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
    refs = _reference_list(path)
    assert list(d.references) == sorted(d.references, key=str.casefold)
    cited = _citations(d.abstract + "\n" + d.body)
    assert cited - set(refs) == set(), (
        f"{path.name}: citations without reference {cited - set(refs)}"
    )
    assert set(refs) - cited == set(), f"{path.name}: references never cited {set(refs) - cited}"


def test_citation_parser_finds_all_forms() -> None:
    text = (
        "As Ostrom (1972) argued, and Bovaird and Loeffler (2012) later showed "
        "(Parks et al., 1981; Whitaker, 1980), co-production matters (Bovaird, 2007, p. 847; "
        "see Vargo & Lusch, 2004, 2008). Plé and Chumpitaz Cáceres (2010) disagree, "
        "Osborne et al. (2013) and Osborne and Strokosch (2013) differ (Osborne, 2010a)."
    )
    assert _citations(text) == {
        ("Ostrom", "", "1972"),
        ("Bovaird", "Loeffler", "2012"),
        ("Parks", "et al.", "1981"),
        ("Whitaker", "", "1980"),
        ("Bovaird", "", "2007"),
        ("Vargo", "Lusch", "2004"),
        ("Vargo", "Lusch", "2008"),
        ("Plé", "Chumpitaz Cáceres", "2010"),
        ("Osborne", "et al.", "2013"),
        ("Osborne", "Strokosch", "2013"),
        ("Osborne", "", "2010a"),
    }


def test_same_authors_same_year_get_year_suffixes() -> None:
    assert SUFFIX["osborne2010pmr"] == "a"  # Delivering public services ...
    assert SUFFIX["osborne2010"] == "b"  # The New Public Governance? ... (edited)
    assert SUFFIX["osborne2013"] == SUFFIX["osborne2013bjm"] == ""  # co-authors differ
    assert _cite_of(BY_KEY["osborne2018pmr"]) != _cite_of(BY_KEY["osborne2018"])


def test_lineage_chains_present() -> None:
    cites = {path.stem: _cited_keys(path) for path in ALL_TEXTS}
    assert "ostrom1972" in cites["parks1981"]
    assert {"parks1981", "ostrom1972"} <= cites["bovaird2007"]
    assert {"parks1981", "ostrom1972"} <= cites["pestoff2006"]
    assert {"bovaird2007", "pestoff2006", "vargo2004"} <= cites["osborne2013"]
    assert "gronroos1994" in cites["vargo2004"]
    assert {"osborne2013", "osborne2013bjm"} <= cites["osborne2016"]
    assert {"ostrom1972", "normann1991", "bovaird2007"} <= cites["osborne2013bjm"]
    assert "osborne2010pmr" in cites["osborne2013bjm"]
    assert {"osborne2013", "gronroos2013"} <= cites["osborne2018pmr"]
    assert {"gronroos2008", "gronroos2011"} <= cites["gronroos2013"]
    assert "osborne2018pmr" in cites["strokosch2020"]
    assert "torfing2019" in cites["ferlie2021"]


def test_concept_vocabulary_is_used() -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in ALL_TEXTS)
    missing = [c for c in CONCEPTS if c.lower() not in text.lower()]
    assert missing == []
    # the three modes are Osborne & Strokosch's (2013), not Osborne, Radnor & Nasi's (2013)
    tango = (CORPUS / "digests" / "osborne2013bjm.md").read_text(encoding="utf-8")
    psdl = (CORPUS / "pdf-src" / "osborne2013.md").read_text(encoding="utf-8")
    for mode in ("Consumer", "Participative", "Enhanced"):
        assert f"{mode} co-production is defined here as" in tango
        assert f"{mode.lower()} co-production" not in psdl.lower()


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
