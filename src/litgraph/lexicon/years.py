"""Years of publication as references and citations write them: '1972', '2008a', 'n.d.',
'forthcoming', 'im Druck'.

The patterns are fragments without groups, for use inside larger patterns; the functions
read one year out of a string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# 1500-2099: early modern classics to this century.
YEAR = r"(?:1[5-9]|20)\d{2}"
# A letter that tells apart one author's works of one year ('2008a', '2008b'); not 's':
# '1990s' is a decade.
SUFFIX = r"[a-rt-z]"
# Written instead of a year (case as written; use re.IGNORECASE where case may vary).
UNDATED = r"(?:n\.\s?d\.|o\.\s?J\.|forthcoming|in press|im Druck|in Vorbereitung|undated)"
# A year or its stand-in: what a reference entry has near its start.
YEARISH = rf"(?:{YEAR}|{UNDATED})"

_YEAR_IN_TEXT = re.compile(rf"(?<!\d)({YEAR})(?!\d)")
_TOKEN = re.compile(rf"({YEAR})({SUFFIX}?)")
_UNDATED_TOKEN = re.compile(UNDATED, re.IGNORECASE)
_CITED = re.compile(rf"^(.+?)[\s,(]+({YEAR})({SUFFIX}?)\)?[\s,.:]*(.*)$")
_ETAL = re.compile(r"\s*\bet\s+al\b\.?", re.IGNORECASE)
_SECOND = re.compile(r"\s*(?:&|\band\b|\bund\b)\s*")


def years_in(text: str) -> Iterator[int]:
    """Every year written in a text, in order ('in 1972 and 1996' -> 1972, 1996)."""
    for m in _YEAR_IN_TEXT.finditer(text):
        yield int(m.group(1))


def first_year(text: str, earliest: int = 1500, latest: int = 2099) -> int | None:
    """The first year in a text within [earliest, latest], else None."""
    return next((y for y in years_in(text) if earliest <= y <= latest), None)


def parse_year(token: str) -> tuple[int | None, str]:
    """'2008a' -> (2008, 'a'); '1972' -> (1972, ''); 'n.d.' -> (None, 'n.d.'); else (None, '')."""
    token = token.strip()
    m = _TOKEN.fullmatch(token)
    if m:
        return int(m.group(1)), m.group(2)
    if _UNDATED_TOKEN.fullmatch(token):
        return None, token
    return None, ""


def year_suffix(raw: str) -> str:
    """The letter of '2008a' as a suffix ('a', 'B' -> 'b'); '' for 'n.d.' and the like."""
    s = raw.strip().lower()
    return s if len(s) == 1 and re.fullmatch(SUFFIX, s) else ""


@dataclass(frozen=True)
class CitedWork:
    """A work named as people cite it: 'Osborne et al. (2013)', 'Osborne & Strokosch 2013'."""

    who: str  # the names before the year, without 'et al.': 'Osborne', 'Osborne & Strokosch'
    year: int
    suffix: str  # 'a' in 2010a
    rest: str  # words after the year ('Alford 2011 title words')
    etal: bool  # 'et al.': three or more authors

    @property
    def first(self) -> str:
        return _SECOND.split(self.who, maxsplit=1)[0].split(",")[0].strip()

    @property
    def second(self) -> str:
        """The second author's family name when written with '&' or 'and'."""
        parts = _SECOND.split(self.who, maxsplit=1)
        return parts[1].strip() if len(parts) > 1 else ""


def cited_work(text: str) -> CitedWork | None:
    """'Bovaird 2007', 'Osborne et al. (2013)', 'Osborne & Strokosch 2013', 'Alford 2011 title
    words' -> CitedWork; None without a year after a name."""
    m = _CITED.match(text.strip())
    if not m:
        return None
    etal = bool(_ETAL.search(m.group(1)))
    who = _ETAL.sub("", m.group(1)).strip(" ,")
    return CitedWork(who, int(m.group(2)), m.group(3), m.group(4), etal)


def split_cited(text: str) -> tuple[str, int, str, str] | None:
    """A work named as cited: 'Bovaird 2007', 'Osborne et al. (2013)', 'Alford 2011 title words'
    -> (who, year, suffix, rest); None without a year after a name."""
    c = cited_work(text)
    return (c.who, c.year, c.suffix, c.rest) if c else None
