"""A paper's own year, from the imprint printed on its first page — never from what it cites.

Evidence, strongest first: a repository cover's citation block; a copyright line; a
'Published online' date; a journal line with volume and year ('Vol. 67(5), 2007',
'Eur Child Adolesc Psychiatry (2009) 18:499'); a series number ('Working Paper 2/2008'); a
dated line in the front matter ('Berlin, September 2001'). A year inside an in-text citation,
a reference or a blinded self-citation ('XXXX 2009') is never evidence, and a candidate older
than the works the paper cites is dropped (a paper cannot cite the future).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from litgraph.lexicon.years import YEAR
from litgraph.model import Line, Reference

EARLIEST, LATEST = 1900, 2049

_MONTHS = (
    r"(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|m(?:ar(?:ch)?|ärz)|apr(?:il)?|ma[iy]|"
    r"june?|juni|july?|juli|aug(?:ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|"
    r"de[cz](?:ember)?|spring|summer|autumn|fall|winter|frühjahr|herbst)\.?"
)
_Y = rf"(?<![\d/.-])({YEAR})(?![\d])"
# (kind, pattern): the first group is the year; kinds in order of trust
_IMPRINT: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "copyright",
        re.compile(rf"(?:©|\(c\)|\(cid:1\)|\(cid:13\)|copyright|@)[^\d\n]{{0,30}}?{_Y}", re.I),
    ),
    (
        "published",
        re.compile(
            rf"(?:published(?:\s+online)?|online|first\s+published|veröffentlicht)\s*:?"
            rf"[^\n]{{0,25}}?{_Y}",
            re.I,
        ),
    ),
    (
        "volume",
        re.compile(
            rf"\b(?:vol(?:ume)?\.?|jg\.|jahrgang|bd\.)\s*\d+[^\n]{{0,40}}?{_Y}|"
            rf"\b(?:jg|jahrgang|heft)\b\.?[^\n]{{0,25}}?(?<!\d)({YEAR})(?!\d)|"
            rf"{_Y}[^\n]{{0,12}}\b(?:vol(?:ume)?\.?)\s*\d|"
            rf"[A-Za-z.]\s+(?:\d+\s*)?\(({YEAR})\)\s*\d+\s*[:(,]",
            re.I,
        ),
    ),
    # a journal line or a 'cite as' line at the top or foot of the page
    ("journal line", re.compile(rf"^[A-Z][\w .&:,-]{{3,80}}\s\(({YEAR})\)$")),
    ("cite as", re.compile(rf"^[A-Z][^\d()]{{2,80}}?\s\(?({YEAR})\)?[.,]\s*[“\"‘']")),
    ("accepted", re.compile(rf"(?:accepted|received|angenommen)\s*:?[^\n]{{0,25}}?{_Y}", re.I)),
    (
        "series",
        re.compile(
            rf"\b(?:paper|report|bericht|series|reihe|no\.)\b[^\n]{{0,25}}?"
            rf"(?:\b\d{{1,3}}\s*/\s*({YEAR})(?!\d)|(?<!\d)({YEAR})\s*/\s*\d{{1,3}}\b)",
            re.I,
        ),
    ),
    (
        "dated",
        re.compile(
            rf"^(?:[A-ZÄÖÜ][\w .'-]{{1,30}},\s*)?(?:\d{{1,2}}\.?\s+(?={_MONTHS}))?"
            rf"(?:{_MONTHS}\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\.?,?\s+)?{_Y}\.?(?:\s*:\s*\d{{1,2}}:\d\d\s*[AP]M)?$",
            re.I,
        ),
    ),
)
_CITATION = re.compile(
    rf"\b[A-Z][\w'’-]+(?:\s+et al\.?)?,?\s*\(?\s*(?:{YEAR}|XXXX|xxxx)[a-z]?\s*[),;:]|"
    rf"\b(?:XXXX|xxxx|Author|Anonymous)\W{{1,3}}{YEAR}",
)


@dataclass(frozen=True)
class YearEvidence:
    year: int
    kind: str  # cover | copyright | published | volume | accepted | series | dated
    text: str  # the line the year was read from

    def describe(self) -> str:
        return f"{self.kind}: {self.text[:120]}"


STRONG = frozenset({"copyright", "published", "volume"})


def imprint_years(lines: Sequence[Line], kinds: frozenset[str] | None = None) -> list[YearEvidence]:
    """Every year an imprint line of the front matter states, in order of trust (only the
    given kinds of evidence, when kinds are given)."""
    found: list[tuple[int, int, YearEvidence]] = []
    edges = _edges(lines)
    for pos, ln in enumerate(lines):
        text = ln.text.strip()
        if len(text) > 200:
            continue
        for rank, (kind, pattern) in enumerate(_IMPRINT):
            if kinds is not None and kind not in kinds:
                continue
            if kind in ("dated", "series") and _CITATION.search(text):
                continue
            if kind in ("journal line", "cite as") and pos not in edges:
                continue
            m = pattern.search(text)
            year = _year_of(m)
            if year:
                found.append((rank, pos, YearEvidence(year, kind, text)))
                break
    return [ev for _, _, ev in sorted(found, key=lambda t: (t[0], t[1]))]


def _edges(lines: Sequence[Line]) -> set[int]:
    """Positions of the top and bottom four lines of each page."""
    out: set[int] = set()
    for page in {ln.page for ln in lines}:
        idx = [i for i, ln in enumerate(lines) if ln.page == page]
        out.update(idx[:4] + idx[-4:])
    return out


def _year_of(m: re.Match[str] | None) -> int | None:
    if not m:
        return None
    year = next((int(g) for g in m.groups() if g), None)
    if year is None:
        inner = re.search(YEAR, m.group(0))
        year = int(inner.group(0)) if inner else None
    return year if year and EARLIEST <= year <= LATEST else None


def cited_floor(references: Sequence[Reference]) -> int | None:
    """The latest year the paper cites, ignoring a lone outlier (an 'in press' entry or a
    mis-read year): the paper itself is at least this recent (minus one, for forthcoming
    works)."""
    years = sorted({r.year for r in references if r.year and EARLIEST <= r.year <= LATEST})
    if not years:
        return None
    counts = [sum(1 for r in references if r.year == y) for y in years]
    if len(years) >= 2 and counts[-1] == 1 and years[-1] - years[-2] > 2:
        return years[-2]
    return years[-1]


# a year the document states as its own (a byline's '(1991)', a repository's citation) is kept
# even when the paper cites later work: the build warns about it instead
_STATED = frozenset({"cover", "byline"})


def choose_year(
    candidates: Sequence[YearEvidence], references: Sequence[Reference]
) -> tuple[YearEvidence | None, list[str]]:
    """The most trusted candidate that does not predate what the paper cites; notes say which
    candidates were dropped and why."""
    floor = cited_floor(references)
    notes: list[str] = []
    for ev in candidates:
        if floor and ev.year < floor - 1 and ev.kind not in _STATED:
            notes.append(f"{ev.year} ({ev.kind}) dropped: the paper cites work from {floor}")
            continue
        return ev, notes
    return None, notes


def dating_warnings(
    year: int | None, references: Sequence[Reference], dropped: str = ""
) -> list[str]:
    """What a user should check about a paper's year: candidates dropped for citing later
    work, or a year older than several works the paper cites."""
    out = [f"year re-examined: {dropped}"] if dropped else []
    if year:
        later = sorted(
            {
                (r.year, r.authors[0].family if r.authors else "?")
                for r in references
                if r.year and r.year > year + 1 and r.year <= LATEST
            }
        )
        if len(later) >= 2:
            y, who = later[-1]
            out.append(
                f"dated {year} but cites {len(later)} works published later (e.g. {who} {y}); "
                "check its year (a .bib entry for it overrides)"
            )
    return out
