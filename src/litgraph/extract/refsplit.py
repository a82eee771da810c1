"""A reference section's lines -> entries: where each entry starts (numbers, hanging or
first-line indents, the shape of an entry's first line), stretched justified lines joined,
two-column pages read column by column."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from litgraph.lexicon.names import PARTICLE, UPPER
from litgraph.lexicon.years import SUFFIX, YEAR, YEARISH

NUMBERED = re.compile(r"^\s*(?:\[\s*\d{1,4}\s*\]|\d{1,3}[.)]\s|[•▪·○■►]\s)")
_START = re.compile(
    rf"^(?:[-–—_]{{2,}}|[•▪·*○■►]\s|(?:(?:{PARTICLE}|d'|O')\s?)*"
    rf"[{UPPER}][\w'’\-]*(?:\s(?:[{UPPER}][\w'’\-]+))?"
    rf"(?:,|\s[{UPPER}]\.|\s[{UPPER}]{{1,3}}[,\s]|\s\("
    rf"|\s(?:et al|u\. ?a|and|und|&)\b|:\s|\s{YEAR}|\.\s))"
)
_YEARISH = re.compile(YEARISH, re.I)


@dataclass(frozen=True)
class SectionLine:
    text: str
    page: int
    x0: float = 0.0
    x1: float = 0.0
    y0: float = 0.0
    col: int = 0
    blank_before: bool = False
    size: float = 0.0


def stretched_joined(section: list[SectionLine]) -> list[SectionLine]:
    """Join the pieces of one justified line that stretched word gaps broke apart ('Evers,' |
    'T. and' | 'Falk, J.' | '(2020)'): same page, baseline and column, left to right. On a page
    read as one column the gap must stay under 3.5 font sizes (a gutter is no word gap)."""
    two = {ln.page for ln in section if ln.col == 1}
    out: list[SectionLine] = []
    for ln in section:
        if out and ln.x1:
            prev = out[-1]
            gap = ln.x0 - prev.x1
            size = max(ln.size, prev.size, 1.0)
            if (
                prev.page == ln.page
                and prev.col == ln.col
                and abs(prev.y0 - ln.y0) < 1.5
                and gap > 0
                and (ln.page in two or gap < 3.5 * size)
            ):
                out[-1] = replace(prev, text=f"{prev.text} {ln.text}", x1=ln.x1)
                continue
        out.append(ln)
    return out


def recolumn(section: list[SectionLine]) -> list[SectionLine]:
    """Two-column list pages read as one column (a short right column, a narrow gutter): each
    page's lines that stay left of the middle come first, then those right of it."""
    out: list[SectionLine] = []
    for _, group in itertools.groupby(section, key=lambda ln: ln.page):
        page = list(group)
        if any(ln.col for ln in page) or not page[0].x1:
            out.extend(page)
            continue
        mid = (min(ln.x0 for ln in page) + max(ln.x1 for ln in page)) / 2
        left = [ln for ln in page if ln.x1 <= mid + 4]
        right = [ln for ln in page if ln.x0 >= mid - 4]
        span = [ln for ln in page if ln.x1 > mid + 4 and ln.x0 < mid - 4]
        if len(left) < 4 or len(right) < 4 or len(span) > 2:
            out.extend(page)
            continue
        out.extend(span + left + [replace(ln, col=1) for ln in right])
    return out


def split_entries(section: list[SectionLine], is_pdf: bool) -> list[list[str]]:
    if not section:
        return []
    numbered = sum(1 for ln in section if NUMBERED.match(ln.text)) >= max(2, len(section) // 6)
    if is_pdf:
        starts = _layout_starts(section, numbered)
    elif sum(1 for ln in section if ln.blank_before) >= max(2, len(section) // 8):
        starts = [i == 0 or ln.blank_before for i, ln in enumerate(section)]
        starts = [
            s and (i == 0 or _start_like(ln.text, numbered))
            for i, (s, ln) in enumerate(zip(starts, section, strict=True))
        ]
    else:
        starts = _pattern_starts(section, numbered)
    entries: list[list[str]] = []
    for ln, s in zip(section, starts, strict=True):
        if s or not entries:
            entries.append([ln.text])
        else:
            entries[-1].append(ln.text)
    if is_pdf:
        return entries
    return [part for e in entries for part in _split_inline(e)]


_INLINE_START = re.compile(
    rf"(?<=[\d.)*])\s+(?=[{UPPER}][a-z][\w'’\-]+,?\s(?:[{UPPER}]\.\s?){{0,3}}"
    rf"(?:(?:and|&)\s[{UPPER}][\w'’\-]+(?:,\s(?:[{UPPER}]\.\s?){{1,3}})?\s?)?\({YEAR}{SUFFIX}?\))"
)


def _split_inline(entry: list[str]) -> list[list[str]]:
    """Plain text sometimes runs two entries into one line: '... pp. 4-9 Surname, A. (2004) ...'."""
    text = " ".join(entry)
    cuts = [m.end() for m in _INLINE_START.finditer(text) if m.start() > 20]
    if not cuts:
        return [entry]
    bounds = [0, *cuts, len(text)]
    return [[text[a:b].strip()] for a, b in itertools.pairwise(bounds)]


def _start_like(text: str, numbered: bool) -> bool:
    if numbered:
        return bool(NUMBERED.match(text))
    return bool(_START.match(text)) and bool(_YEARISH.search(text))


def _layout_starts(section: list[SectionLine], numbered: bool) -> list[bool]:
    margins: dict[tuple[int, int], float] = {}
    for ln in section:
        key = (ln.page, ln.col)
        margins[key] = min(margins.get(key, ln.x0), ln.x0)
    offs = [ln.x0 - margins[(ln.page, ln.col)] for ln in section]
    indented = [2.5 < d < 80 for d in offs]
    share = sum(indented) / len(section)
    if numbered:
        return [bool(NUMBERED.match(ln.text)) for ln in section]
    if 0.12 <= share <= 0.9 and sum(1 for d in offs if d <= 2.5) >= 2:
        hanging = _hanging_direction(section, indented)
        return [(not ind) if hanging else ind for ind in indented]
    return _pattern_starts(section, numbered)


def _hanging_direction(section: list[SectionLine], indented: list[bool]) -> bool:
    """True when entries start at the margin (hanging indent), False for first-line indent."""
    flush = [ln for ln, ind in zip(section, indented, strict=True) if not ind]
    ind = [ln for ln, i in zip(section, indented, strict=True) if i]
    f = sum(1 for ln in flush if _START.match(ln.text)) / max(1, len(flush))
    g = sum(1 for ln in ind if _START.match(ln.text)) / max(1, len(ind))
    return f >= g


def _pattern_starts(section: list[SectionLine], numbered: bool) -> list[bool]:
    out = []
    prev = ""
    prev_ln: SectionLine | None = None
    right: dict[tuple[int, int], float] = {}
    for ln in section:
        right[(ln.page, ln.col)] = max(right.get((ln.page, ln.col), 0.0), ln.x1)
    for i, ln in enumerate(section):
        if numbered:
            s = bool(NUMBERED.match(ln.text))
        else:
            ended = bool(re.search(r"[.)\]]\s*$|\d\s*$|[a-z]{2,}/\S*$", prev)) or not prev
            ended = ended or (prev_ln is not None and _short(prev_ln, right))
            s = i == 0 or (
                ended and _START.match(ln.text) is not None and _has_year_soon(section, i)
            )
        out.append(s)
        prev, prev_ln = ln.text, ln
    return out


def _short(ln: SectionLine, right: dict[tuple[int, int], float]) -> bool:
    edge = right.get((ln.page, ln.col), 0.0)
    return bool(edge) and ln.x1 < edge - max(25.0, (edge - ln.x0) * 0.12)


def _has_year_soon(section: list[SectionLine], i: int) -> bool:
    window = " ".join(ln.text for ln in section[i : i + 2])
    return bool(_YEARISH.search(window[:160]))
