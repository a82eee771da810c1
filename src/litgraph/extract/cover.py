"""A repository's cover sheet (SSOAR, EconStor, ...): its title, author list and the
citation block it prints ('Suggested Citation: Urien, Bertrand: Selfless Time. In: Time &
Society 16 (2007), 2-3, pp. 367-386')."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from litgraph.extract.pub_year import EARLIEST, LATEST, YearEvidence
from litgraph.lexicon.names import split_name
from litgraph.lexicon.years import YEAR
from litgraph.model import Line, Person

_CITATION_LABEL = re.compile(r"suggested citation|empfohlene zitierung|zitiervorschlag", re.I)
_CITATION_END = re.compile(
    r"nutzungsbedingungen|terms of use|this version is available|diese version ist|"
    r"provided in cooperation|zur verfügung gestellt",
    re.I,
)
_BRAND = re.compile(
    r"ssoar|econstor|make your publications|a service of|leibniz|zbw|^www\.|"
    r"^(?:working|discussion) paper$|version|provided in|zur verfügung|published|"
    r"arbeitspapier|zeitschriftenartikel|konferenzbeitrag|sammelwerksbeitrag|monographie",
    re.I,
)
# 'Heisig, Jan Paul; Solga, Heike' / 'Sluka, N.; Ivanov, D.' / 'Urien, Bertrand'
_PERSON = r"[^\W\d][\w'’-]*(?:\s[\w'’-]+){0,2},\s*[^\W\d][\w'’.-]*(?:\s[\w'’.-]+){0,2}"
_AUTHOR_LIST = re.compile(rf"^{_PERSON}(?:\s*;\s*{_PERSON})*$")
_URL = re.compile(r"(?:https?://|urn:|doi:|hdl\.)\S+", re.I)
_IN_VENUE = re.compile(rf"\bIn:\s*([^()\d]{{3,120}}?)\s*(?:\d+\s*)?\({YEAR}\)")
_APA_VENUE = re.compile(rf"\({YEAR}\)\.\s.+?[.?!]\s+([^.]{{3,120}}?),\s*\d+\s*\(")
_SERIES_VENUE = re.compile(rf",\s*{YEAR}\s*\(([^()]{{3,160}}?)(?:\s+[\w-]*\d[\w-]*)?\)")


@dataclass(frozen=True)
class Cover:
    title: str | None = None
    authors: tuple[Person, ...] = ()
    citation: str = ""
    year: YearEvidence | None = None
    venue: str | None = None


def read_cover(lines: Sequence[Line]) -> Cover:
    """What a cover sheet states about the article behind it."""
    if not lines:
        return Cover()
    citation = _citation(lines)
    return Cover(
        title=_title(lines),
        authors=_authors(lines),
        citation=citation,
        year=_year(citation),
        venue=_venue(citation),
    )


def _citation(lines: Sequence[Line]) -> str:
    out: list[str] = []
    started = False
    for ln in lines:
        if not started:
            m = _CITATION_LABEL.search(ln.text)
            if m:
                started = True
                rest = ln.text[m.end() :].strip(" :")
                if rest:
                    out.append(rest)
            continue
        if _CITATION_END.search(ln.text):
            break
        out.append(ln.text)
        if len(out) >= 8:
            break
    return re.sub(r"\s+", " ", " ".join(out)).strip()


def _year(citation: str) -> YearEvidence | None:
    text = _URL.sub(" ", citation)
    for m in re.finditer(rf"(?<![\d/.-])({YEAR})(?!\d)", text):
        year = int(m.group(1))
        if EARLIEST <= year <= LATEST:
            return YearEvidence(year, "cover", citation)
    return None


def _venue(citation: str) -> str | None:
    text = _URL.sub(" ", citation)
    for pattern in (_IN_VENUE, _APA_VENUE, _SERIES_VENUE):
        m = pattern.search(text)
        if m:
            return m.group(1).strip(" ,.")
    return None


def _title(lines: Sequence[Line]) -> str | None:
    cands = [ln for ln in lines if not _BRAND.search(ln.text) and len(ln.text) > 3]
    if not cands:
        return None
    big = max(ln.size for ln in cands)
    block: list[Line] = []
    for ln in cands:
        if abs(ln.size - big) < 0.6:
            if block and block[-1].y0 - ln.y0 > big * 2.2:
                break
            block.append(ln)
        elif block:
            break
    text = " ".join(ln.text for ln in block)
    text = re.sub(r"\s+:\s+", ": ", re.sub(r"\s+", " ", text)).strip()
    return text or None


def _authors(lines: Sequence[Line]) -> tuple[Person, ...]:
    for ln in lines:
        text = ln.text.strip()
        if _CITATION_LABEL.search(text):
            break
        if _AUTHOR_LIST.match(text) and not _BRAND.search(text):
            return tuple(Person(*split_name(p.strip())) for p in text.split(";") if p.strip())
    return ()
