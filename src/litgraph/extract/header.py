"""Document header: title, authors, year, DOI, venue and abstract."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from litgraph.extract.refparse import parse_names
from litgraph.keys import find_doi
from litgraph.lexicon.fold import fold
from litgraph.lexicon.names import PARTICLE, UPPER, split_name
from litgraph.lexicon.years import SUFFIX, YEAR, first_year
from litgraph.model import Line, Person, RawDocument

# the years a document of ours can carry as its own (older ones on page 1 are cited works)
_EARLIEST, _LATEST = 1950, 2049
_ABSTRACT = re.compile(
    r"^\s*(?:#{1,6}\s*)?\**(abstract|summary|zusammenfassung|abstrakt|résumé)\**\s*[.:—–-]?\s*(.*)$",
    re.IGNORECASE,
)
_STOP_ABSTRACT = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\d+\.?\s+)?(keywords?|key words|schlüsselwörter|schlagwörter|"
    r"introduction|einleitung|jel|1\s)",
    re.IGNORECASE,
)
_JUNK_TITLE = re.compile(
    r"issn|isbn|vol\.|volume|doi|http|www\.|©|copyright|journal|working paper|discussion paper|"
    r"^\d|page \d|university|universität|institute",
    re.IGNORECASE,
)
_BAD_META = re.compile(r"\.(?:docx?|pdf|tex|rtf)\b|microsoft|untitled|^title$|^\d+$", re.I)
_NAME = (
    rf"[{UPPER}][\w'’\-]+\.?(?:\s+(?:[{UPPER}]\.\s?)+)?"
    rf"(?:\s+(?:{PARTICLE}\s+){{0,2}}[{UPPER}][\w'’\-]+)+"
)
_NAME_LINE = re.compile(rf"^(?:{_NAME})(?:\s*(?:,|;|&|\band\b|\bund\b)\s*(?:and\s+)?(?:{_NAME}))*$")
_ORG = re.compile(
    r"publication|verlag|press|reihe|series|institut|zentrum|center|centre|universit|"
    r"administrator|department|school|gmbh|ltd|\buser\b|owner",
    re.IGNORECASE,
)
_CAPS = re.compile(r"\b[A-Z]{4,}\b")
_MARKS = re.compile(r"[*†‡§¶∗#\d]+|\s+\(\w\)")


@dataclass(frozen=True)
class Header:
    title: str | None = None
    authors: tuple[Person, ...] = ()
    year: int | None = None
    doi: str | None = None
    venue: str | None = None
    abstract: str | None = None


def extract_header(raw: RawDocument) -> Header:
    """Header of a document: layout (font size) for PDFs, first lines for text."""
    if not raw.pages:
        return Header()
    if raw.is_pdf and raw.pages[0].lines:
        return _pdf_header(raw)
    return _text_header(raw)


# --- PDF ------------------------------------------------------------------------------------


def _pdf_header(raw: RawDocument) -> Header:
    page = raw.pages[0]
    lines = list(page.lines)
    sample = [ln for p in raw.pages[:3] for ln in p.lines]
    body = Counter(round(ln.size) for ln in sample).most_common(1)[0][0]
    title_lines = _title_lines(lines, body)
    title = _clean(" ".join(ln.text for ln in title_lines)) if title_lines else None
    meta_title = raw.metadata.get("title", "")
    title = _better_title(title, meta_title)
    after = lines[lines.index(title_lines[-1]) + 1 :] if title_lines else lines
    authors = _authors_from_lines([ln.text for ln in after[:8]])
    meta_author = raw.metadata.get("author", "")
    if not authors and meta_author and not _org(meta_author):
        authors = parse_names(meta_author)[0]
    first_text = "\n".join(p.text for p in raw.pages[:2])
    return Header(
        title=title,
        authors=authors,
        year=_year(page.text, raw.metadata.get("creationdate", "")),
        doi=find_doi(first_text),
        venue=_venue(page.text),
        abstract=_pdf_abstract([ln for p in raw.pages[:2] for ln in p.lines]),
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


def _title_lines(lines: list[Line], body: float) -> list[Line]:
    if not lines:
        return []
    top = max(ln.y0 for ln in lines)
    cands = [
        ln
        for ln in lines
        if len(ln.text) > 3 and not _JUNK_TITLE.search(ln.text) and ln.y0 > top - 500
    ]
    if not cands:
        return []
    big = max(ln.size for ln in cands)
    if big < body + 1:
        return []
    same = sorted((ln for ln in lines if abs(ln.size - big) < 0.6), key=lambda ln: (-ln.y0, ln.x0))
    first = next(i for i, ln in enumerate(same) if ln in cands)
    out = [same[first]]
    for ln in same[first + 1 : first + 6]:
        if out[-1].y0 - ln.y0 < big * 2.2:
            out.append(ln)
        else:
            break
    return out


def _better_title(layout: str | None, meta: str) -> str | None:
    meta = _clean(meta)
    meta_ok = len(meta) >= 12 and " " in meta and not _BAD_META.search(meta)
    if not layout:
        return meta if meta_ok else None
    if meta_ok and fold(layout) != fold(meta) and fold(layout) in fold(meta):
        return meta  # layout lost a line the metadata has
    return layout


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"[*†‡∗¹²³]+$", "", text).strip()


def _year(text: str, creation: str) -> int | None:
    m = re.search(r"(?:©|\(c\)|copyright|published|veröffentlicht)\D{0,20}(\d{4})", text, re.I)
    if m and first_year(m.group(1), _EARLIEST, _LATEST):
        return int(m.group(1))
    year = first_year(text, _EARLIEST, _LATEST)
    if year:
        return year
    m = re.search(r"D:(\d{4})", creation)
    return int(m.group(1)) if m else None


def _venue(text: str) -> str | None:
    m = re.search(
        r"((?:The\s)?(?:Journal|Zeitschrift|Review)\b[\w ,&:-]{3,80}?)(?=[,.;\n]|\s\d)", text
    )
    if m and m.group(1)[0].isupper():
        return m.group(1).strip()
    return None


# --- shared ------------------------------------------------------------------------------------


_TRAILING_YEAR = re.compile(rf"\s*[(,]?\s*{YEAR}{SUFFIX}?\)?\.?$")


def _authors_from_lines(texts: list[str]) -> tuple[Person, ...]:
    for t in texts:
        clean = _MARKS.sub("", _TRAILING_YEAR.sub("", t)).strip(" ,")  # 'S. P. Osborne (2006)'
        if _ABSTRACT.match(clean):
            break

        if 3 < len(clean) < 200 and _NAME_LINE.match(clean) and not _org(clean):
            return _split_people(clean)
    return ()


def _org(text: str) -> bool:
    return bool(_ORG.search(text) or _CAPS.search(text))


def _split_people(text: str) -> tuple[Person, ...]:
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bund\b)\s*", _MARKS.sub("", text))
    return tuple(Person(*split_name(p)) for p in parts if p.strip())


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


def _text_header(raw: RawDocument) -> Header:
    texts = raw.pages[0].text.split("\n")
    nonblank = [(i, t.strip()) for i, t in enumerate(texts) if t.strip()]
    if not nonblank:
        return Header()
    heading = next((p for p in nonblank if re.match(r"^#\s", p[1])), nonblank[0])
    idx, title = heading
    title = re.sub(r"^#+\s*", "", title).strip(" *_")
    following = [t.strip() for t in texts[idx + 1 : idx + 8] if t.strip()]
    head_text = "\n".join(texts[: idx + 12])
    return Header(
        title=title or None,
        authors=_authors_from_lines([re.sub(r"^[*_]+|[*_]+$", "", t) for t in following[:4]]),
        year=_year(head_text, ""),
        doi=find_doi("\n".join(texts[:60])),
        venue=None,
        abstract=_abstract(texts[:200]),
    )
