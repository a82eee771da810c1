"""Document header: title, authors, year, DOI, venue and abstract."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from litgraph.extract.cover import Cover, read_cover
from litgraph.extract.pub_year import STRONG, YearEvidence, choose_year, imprint_years
from litgraph.extract.refnames import parse_names
from litgraph.extract.title_block import body_size, byline, read_title_block
from litgraph.keys import find_doi
from litgraph.lexicon.fold import fold
from litgraph.lexicon.names import INSTITUTION
from litgraph.lexicon.years import SUFFIX, YEAR
from litgraph.model import Line, Person, RawDocument, Reference

_ABSTRACT = re.compile(
    r"^\s*(?:#{1,6}\s*)?\**(abstract|summary|zusammenfassung|abstrakt|résumé)\**\s*[.:—–-]?\s*(.*)$",
    re.IGNORECASE,
)
_STOP_ABSTRACT = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\d+\.?\s+)?(keywords?|key words|schlüsselwörter|schlagwörter|"
    r"introduction|einleitung|jel|1\s)",
    re.IGNORECASE,
)
_BARE_YEAR = re.compile(rf"^\s*{YEAR}\s*$")  # a table cell on a later page, not a date
_JUNK_VENUE = re.compile(
    r"issn|doi|http|www\.|©|copyright|online|received|@|address|e-?mail|tel\b|fax\b", re.I
)
_BAD_META = re.compile(r"\.(?:docx?|pdf|tex|rtf)\b|microsoft|untitled|^title$|^\d+$", re.I)
# an institution, a series, or a PDF producer's account name: no author
_ORG = re.compile(
    rf"{INSTITUTION.pattern}|reihe|series|administrator|\buser\b|usuario|utilisateur|benutzer|"
    r"owner",
    re.IGNORECASE,
)
_CAPS = re.compile(r"\b[A-Z]{4,}\b")


@dataclass(frozen=True)
class Header:
    title: str | None = None
    authors: tuple[Person, ...] = ()
    year: int | None = None
    doi: str | None = None
    venue: str | None = None
    abstract: str | None = None
    evidence: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


def extract_header(raw: RawDocument, references: Sequence[Reference] = ()) -> Header:
    """Header of a document: layout (font size) for PDFs, first lines for text. The
    references bound the year from below: a paper is not older than what it cites."""
    if not raw.pages:
        return Header()
    if raw.is_pdf and raw.pages[0].lines:
        return _pdf_header(raw, references)
    return _text_header(raw, references)


# --- PDF ------------------------------------------------------------------------------------


def _pdf_header(raw: RawDocument, references: Sequence[Reference]) -> Header:
    has_cover = raw.pages[0].number == 2
    article_page = 2 if has_cover else 1
    front = [ln for ln in raw.front if ln.page == article_page] or list(raw.pages[0].lines)
    cover = read_cover([ln for ln in raw.front if ln.page == 1]) if has_cover else Cover()
    sample = [ln for p in raw.pages[:10] for ln in p.lines]
    block = read_title_block(front, body_size(sample))
    evidence = dict(block.evidence)

    title = block.title
    if cover.title and not (title and _same_title(title, cover.title)):
        title, evidence["title"] = cover.title, "repository cover sheet"
    if not title:
        title = _meta_title(raw.metadata.get("title", ""))
        if title:
            evidence["title"] = "PDF metadata"

    authors = block.authors
    if not authors and cover.authors:
        authors, evidence["authors"] = cover.authors, "repository cover sheet"
    meta_author = raw.metadata.get("author", "")
    if not authors and meta_author and not _org(meta_author):
        authors = parse_names(meta_author)[0]
        if authors:
            evidence["authors"] = "PDF metadata"

    second = [ln for ln in raw.front if ln.page == article_page + 1]
    candidates = (
        ([cover.year] if cover.year else [])
        + imprint_years(front)
        + [ev for ev in imprint_years(second) if not _BARE_YEAR.match(ev.text)]
    )
    chosen, notes = choose_year(candidates, references)
    if chosen:
        evidence["year"] = chosen.describe()
    if notes:
        evidence["year_dropped"] = "; ".join(notes)

    first_text = "\n".join(
        [cover.citation, *(ln.text for ln in front)] + [p.text for p in raw.pages[:2]]
    )
    doi = find_doi(first_text)
    venue = cover.venue or _venue(front)
    if venue:
        evidence["venue"] = "repository cover sheet" if cover.venue else "journal line"
    return Header(
        title=title,
        authors=authors,
        year=chosen.year if chosen else None,
        doi=doi,
        venue=venue,
        abstract=_pdf_abstract([ln for p in raw.pages[:2] for ln in p.lines]),
        evidence=evidence,
    )


def _pdf_abstract(lines: list[Line]) -> str | None:
    """Lines after an 'Abstract' label in one font size, until a gap or a heading."""
    for i, ln in enumerate(lines):
        m = _ABSTRACT.match(ln.text)
        if not m or (len(ln.text) > 400 and not m.group(2)):
            continue
        parts = [m.group(2)] if m.group(2) else []
        ref: Line | None = ln if m.group(2) else None
        prev = ln
        for nxt in lines[i + 1 : i + 60]:
            if ref is None:
                ref = nxt
            gap = prev.y0 - nxt.y0
            if _STOP_ABSTRACT.match(nxt.text) or abs(nxt.size - ref.size) > 0.6:
                break
            if nxt.page == prev.page and nxt.column == prev.column and gap > ref.size * 2.2:
                break
            parts.append(nxt.text)
            prev = nxt
        text = re.sub(r"\s+", " ", " ".join(parts)).strip()
        if len(text) > 40:
            return text[:3000]
    return None


def _same_title(page: str, cover: str) -> bool:
    """The article's own title is the cover's, maybe with the subtitle the cover left out."""
    a, b = fold(page), fold(cover)
    return fuzz.ratio(a, b) >= 85 or (len(b) >= 12 and a.startswith(b))


def _meta_title(meta: str) -> str | None:
    meta = _clean(meta)
    ok = len(meta) >= 12 and " " in meta and not _BAD_META.search(meta)
    return meta if ok else None


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"[*†‡∗¹²³]+$", "", text).strip()


_VENUE_LINE = re.compile(
    rf"^(?P<venue>[A-Z][^\d©@]{{3,90}}?)[\s,.]*(?:\(?{YEAR}\)?[\s,]*)?(?:vol(?:ume)?\.?\s*\d|"
    rf"\d+\s*\(|\({YEAR}\)\s*\d|\d+\s*[:,]\s*\d|\d+\.\s*jg|(?:copyright\s*)?©)",
    re.I,
)


def _venue(front: Sequence[Line]) -> str | None:
    """A journal named on the page's journal line ('Time & Society ... Vol. 16'), or beside
    a volume line on the same baseline ('Public Administration Review' | 'Vol. 67(5), 2007')."""
    edge = [*front[:8], *front[-8:]]
    for ln in edge:
        text = ln.text.strip()
        if _VOLUME_FIRST.match(text):
            mate = next(
                (o for o in edge if _same_baseline(o, ln) and _VENUE_NAME.match(o.text)), None
            )
            if mate:
                return mate.text.strip()
            continue
        m = _VENUE_LINE.match(text)
        if m and not _JUNK_VENUE.search(m.group("venue")):
            return m.group("venue").strip(" ,.;—–-")
    return None


_VOLUME_FIRST = re.compile(r"^(?:vol(?:ume)?\.?|jg\.|bd\.)\s*\d", re.I)
_VENUE_NAME = re.compile(r"^[A-Z][^\d©@]{3,90}$")


def _same_baseline(a: Line, b: Line) -> bool:
    return a is not b and a.page == b.page and abs(a.y0 - b.y0) < 1.5


# --- shared ------------------------------------------------------------------------------------


_TRAILING_YEAR = re.compile(rf"\s*[(,]?\s*({YEAR}){SUFFIX}?\)?\.?$")


def _authors_from_lines(texts: list[str]) -> tuple[tuple[Person, ...], YearEvidence | None]:
    """The first line that is a byline ('S. P. Osborne (2006)'): its people and the year it
    ends with."""
    for t in texts:
        if _ABSTRACT.match(t):
            break
        m = _TRAILING_YEAR.search(t)
        core = t[: m.start()] if m else t
        people = byline(core) if not _org(t) else byline(core, affiliations=True)
        if people:
            year = YearEvidence(int(m.group(1)), "byline", t) if m else None
            return people, year
    return (), None


def _org(text: str) -> bool:
    return bool(_ORG.search(text) or _CAPS.search(text))


def _abstract(texts: list[str]) -> str | None:
    for i, t in enumerate(texts):
        m = _ABSTRACT.match(t)
        if not m or (len(t) > 400 and not m.group(2)):
            continue
        parts = [m.group(2)] if m.group(2) else []
        for nxt in texts[i + 1 : i + 60]:
            if _STOP_ABSTRACT.match(nxt) or (not nxt.strip() and parts):
                break
            parts.append(nxt.strip())
        text = re.sub(r"\s+", " ", " ".join(parts)).strip()
        if len(text) > 40:
            return text[:3000]
    return None


# --- plain text ----------------------------------------------------------------------------------


def _text_header(raw: RawDocument, references: Sequence[Reference]) -> Header:
    texts = raw.pages[0].text.split("\n")
    nonblank = [(i, t.strip()) for i, t in enumerate(texts) if t.strip()]
    if not nonblank:
        return Header()
    marked = next((p for p in nonblank if re.match(r"^#\s", p[1])), None)
    idx, title = marked or next(
        (p for p in nonblank[:4] if not _banner(p[1])), (nonblank[0][0], "")
    )
    title = _LABEL_PREFIX.sub("", re.sub(r"^#+\s*", "", title).strip(" *_"))
    if marked is None and _sentence(title):
        title, idx = "", -1  # an abstract that starts at once: its first sentence is no title
    following = [re.sub(r"^[*_]+|[*_]+$", "", t.strip()) for t in texts[idx + 1 : idx + 8]]
    authors, byline_year = _authors_from_lines([t for t in following if t][:4])
    evidence: dict[str, str] = {}
    if title:
        evidence["title"] = "first heading" if marked else "first line"
    head = [Line(t) for t in texts[: max(idx, 0) + 12]]
    record = [Line(t) for t in texts[max(idx, 0) + 12 : max(idx, 0) + 40]]  # a record page's
    candidates = (
        ([byline_year] if byline_year else [])
        + imprint_years(head)
        + imprint_years(record, kinds=STRONG)
    )
    chosen, notes = choose_year(candidates, references)
    if chosen:
        evidence["year"] = chosen.describe()
    if notes:
        evidence["year_dropped"] = "; ".join(notes)
    return Header(
        title=title or None,
        authors=authors,
        year=chosen.year if chosen else None,
        doi=find_doi("\n".join(texts[:60])),
        venue=None,
        abstract=_abstract(texts[:200]),
        evidence=evidence,
    )


_LABEL_PREFIX = re.compile(
    r"^(?:panel paper|paper|poster|abstract|title|chapter|article|working paper)\s*:\s*", re.I
)


def _banner(text: str) -> bool:
    """A line of institutions' names above a title ('Indiana University SPEA ...')."""
    return len(_ORG.findall(text)) >= 2 or bool(re.match(r"^(?:\w+\s){0,3}\d{1,2}:\d\d", text))


def _sentence(text: str) -> bool:
    return len(text.split()) > 25 or (text.endswith(".") and len(text.split()) > 12)
