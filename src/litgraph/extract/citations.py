"""In-text citations: sentence splitting, author-year and numbered patterns, linking to refs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, overload

from rapidfuzz import fuzz

from litgraph.lexicon.names import PARTICLE, UPPER, family_key
from litgraph.lexicon.years import SUFFIX, UNDATED, YEAR, parse_year
from litgraph.model import Citation, Page, Reference


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- sentences ----------------------------------------------------------------------------

_ABBREV = _words(
    "al e.g eg i.e ie p pp cf vs viz ca c ch chap sec fig figs no nos vol vols ed eds edn "
    "dr prof mr mrs ms st etc approx resp esp incl e.g., u.a z.b bzw vgl hrsg s ff f "
    "jr sr inc ltd co corp dept univ op cit ibid para paras n.d nd"
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘]?(?:[¹²³⁰-⁹]+\s*)?[A-ZÀ-ÖØ-Þ])")
_PARAGRAPH = re.compile(r"\n[ \t]*\n+")
_WS = re.compile(r"\s+")
_LAST_WORD = re.compile(r"[^\s(\[]+$")


def split_sentences(text: str) -> list[str]:
    """Sentences of a page, whitespace collapsed; paragraphs and heading lines end sentences."""
    out: list[str] = []
    for block in _blocks(text):
        flat = _WS.sub(" ", block).strip()
        if flat:
            out.extend(_split_flat(flat))
    return out


def _blocks(text: str) -> Iterator[str]:
    """Paragraphs, with short unpunctuated heading lines split off."""
    for para in _PARAGRAPH.split(text):
        lines = [ln for ln in para.split("\n") if ln.strip()]
        if not lines:
            continue
        typical = sorted(len(ln) for ln in lines)[len(lines) // 2]
        current: list[str] = []
        for i, ln in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            current.append(ln)
            if nxt and _is_heading(ln, typical, nxt):
                yield "\n".join(current)
                current = []
        if current:
            yield "\n".join(current)


def _is_heading(line: str, typical: int, nxt: str) -> bool:
    s = line.strip()
    if s.startswith("#") and len(s.split()) <= 12:  # a markdown heading
        return True
    if not s or s[-1] in ".,;:-–(" or len(s.split()) > 12:
        return False
    if typical and len(s) > 0.6 * typical:
        return False
    return s[0].isupper() or (s[0].isdigit() and nxt.strip()[:1].isupper())


def _split_flat(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if _is_abbreviation(text, m.start()) or _inside_brackets(text, start, m.start()):
            continue
        sentence = text[start:end].strip()
        if sentence:
            out.append(sentence)
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    # the word before the dot; a window ending at the dot keeps the search short (a word
    # longer than the window is neither an initial nor an abbreviation either way)
    m = _LAST_WORD.search(text, max(0, dot - 64), dot)
    if not m:
        return False
    word = m.group()
    if len(word) == 1 and word.isalpha():  # initials: 'J. Smith'
        return True
    return word.lower().rstrip(".") in _ABBREV


def _inside_brackets(text: str, start: int, pos: int) -> bool:
    """True when an opened '(' before pos closes soon after it (split would cut a citation)."""
    chunk = text[start:pos]
    depth = chunk.count("(") - chunk.count(")")
    if depth <= 0:
        return False
    return ")" in text[pos : pos + 120]


# --- author-year patterns -------------------------------------------------------------------

_NAME_WORD = rf"[{UPPER}](?:[^\W\d_]|['’](?=[^\W\d_])|-(?=[{UPPER}]))+"
NAME = rf"(?<![\w'’\-])(?:{PARTICLE}\s+){{0,2}}{_NAME_WORD}"
_AND = r"(?:\s+(?:and|und)\s+|\s*&\s*)"
_ETAL = r"(?:\s+et\.?\s*al(?:ii|\.)?|\s+u\.\s?a\.|\s+and\s+(?:colleagues|others|associates))"
AUTH = rf"{NAME}(?:(?:\s*,\s*{NAME})*\s*,?{_AND}{NAME}|{_ETAL})?(?:['’]s?)?"
CITED_YEAR = rf"(?:{YEAR}{SUFFIX}?(?![\w/])|{UNDATED})"
# '2008a, b': a letter listed after a year is a-h only ('n = 50' lists no suffix)
YEARS = rf"{CITED_YEAR}(?:\s*,\s*(?:{CITED_YEAR}|[a-h](?![\w.])))*"
LOC = (
    r"(?:\s*[,:]\s*(?:(?:pp?|S|ch|chap|para)\.?\s*)?\d+(?:\s*[-–]\s*\d+)?(?:\s*ff?\.?)?"
    r"(?![\d.]*\d{4}))"
)
_PREFIX = r"(?:(?:e\.\s?g\.|for example|for instance|see(?:,? also)?|cf\.)\s*,?\s*)"
_NARRATIVE = re.compile(
    rf"(?P<auth>{AUTH})\s*\(\s*{_PREFIX}?(?P<years>{YEARS})(?P<loc>{LOC})?\s*(?=[;)])"
)
_PAREN = re.compile(r"\(([^()]{4,600})\)")
_IN_PAREN = re.compile(rf"(?P<auth>{AUTH})\s*,?\s*(?P<years>{YEARS})(?P<loc>{LOC})?")
_ONLY_YEARS = re.compile(rf"^\s*(?P<years>{YEARS})(?P<loc>{LOC})?\s*$")
_BARE = re.compile(rf"(?P<auth>{AUTH}),?\s+(?P<years>{YEARS})(?P<loc>)(?![\d\-–])")
_ANONYMISED = re.compile(r"X{3,}|Anonymi[sz]ed|Author")
_REF_NUMBER = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)]\s)")
_NUMBERED = re.compile(r"\[(\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*)\]")

# Capitalised words that are not author names when followed by a year.
_NOT_NAMES = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn winter fall
    in on at by for from since until till during between after before around about of to the
    a an and or this that these those its their our his her we they it there here then
    when while where whereas although though as also however thus hence yet but so if
    table tables figure figures fig section sections chapter chapters part appendix page
    vol volume issue no act acts census law bill report reports edition eds ed version
    see cf eg ie e.g i.e note notes source sources year years wave round phase
    uk us usa"""
)


@dataclass(frozen=True)
class _Cite:
    names: tuple[str, ...]  # family names as written ('Bovaird', 'Loeffler')
    etal: bool
    year: int | None
    suffix: str
    text: str
    bare: bool = False  # written without any parenthesis: keep only when linked
    # where the citation's group stands in the sentence: 'Ostrom (1972)' or the whole
    # '(Ostrom, 1972; Parks et al., 1981)'; form: narrative | parenthetical | bare
    start: int = -1
    end: int = -1
    form: str = ""


def find_citations(
    pages: tuple[Page, ...], references: tuple[Reference, ...]
) -> tuple[Citation, ...]:
    """Every in-text citation in the body pages, linked to a reference id when possible."""
    index = ReferenceIndex(references)
    out: list[Citation] = []
    split = [(page.number, split_sentences(page.text)) for page in pages]
    common = _lower_words(pages)
    for number, sentences in split:
        for sentence in sentences:
            for cite in author_year_citations(sentence):
                ref = index.link(cite.names, cite.etal, cite.year, cite.suffix)
                if ref is None and cite.bare and not _ANONYMISED.fullmatch(cite.names[0]):
                    continue  # 'Census 2011' is no citation; 'XXXX 2011' is
                if ref is None and len(cite.names) == 1 and cite.names[0].lower() in common:
                    continue  # '(Survey, 2015)': a word the text also writes in lower case
                out.append(
                    Citation(ref, cite.text, sentence, number, cite.start, cite.end, cite.form)
                )
    if index.numbered_ok(author_year_found=bool(out)):
        for number, sentences in split:
            for sentence in sentences:
                for n, text, (start, end) in numbered_citations(sentence, with_spans=True):
                    out.append(
                        Citation(index.by_number(n), text, sentence, number, start, end, "numbered")
                    )
    return tuple(out)


def _lower_words(pages: tuple[Page, ...]) -> frozenset[str]:
    """Words the text writes in lower case: common nouns, not family names."""
    return frozenset(
        w for page in pages for w in re.findall(r"\b[a-zäöüéèàç][a-zäöüßéèàç-]{3,}\b", page.text)
    )


def author_year_citations(sentence: str) -> list[_Cite]:
    """Author-year citations of one sentence, in reading order, one per cited work."""
    found: list[tuple[int, _Cite]] = []
    taken: list[tuple[int, int]] = []
    for m in _NARRATIVE.finditer(sentence):
        cites = _expand(m, " (", narrative=True)
        if cites:
            end = m.end() + 1 if sentence[m.end() : m.end() + 1] == ")" else m.end()
            found.extend((m.start(), _at(c, m.start(), end, "narrative")) for c in cites)
            taken.append((m.start(), m.end()))
    masked = _mask(sentence, taken)
    for m in _PAREN.finditer(masked):
        found.extend(
            (m.start(1) + pos, _at(c, m.start(), m.end(), "parenthetical"))
            for pos, c in _parenthetical(m.group(1))
        )
        taken.append((m.start(), m.end()))
    for m in _BARE.finditer(sentence):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
            continue
        for c in _expand(m, None, narrative=False):
            found.append((m.start(), replace(c, bare=True, start=m.start(), end=m.end(),
                                             form="bare")))  # fmt: skip
    found.sort(key=lambda pair: pair[0])
    return [c for _, c in found]


def _at(cite: _Cite, start: int, end: int, form: str) -> _Cite:
    return replace(cite, start=start, end=end, form=form)


def _mask(sentence: str, spans: list[tuple[int, int]]) -> str:
    """Blank out narrative citations, keeping brackets so '(1969; see also X 1990)' parses."""
    chars = list(sentence)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "()":
                chars[i] = " "
    return "".join(chars)


def _parenthetical(content: str) -> list[tuple[int, _Cite]]:
    out: list[tuple[int, _Cite]] = []
    last: re.Match[str] | None = None
    offset = 0
    for part in content.split(";"):
        matches = list(_IN_PAREN.finditer(part))
        if not matches and last is not None:
            only = _ONLY_YEARS.match(part)
            if only:  # '(Ostrom 1972; 1996)': the author carries over
                names, etal = _split_authors(last.group("auth"))
                cites = _build(names, etal, _clean(last.group("auth")), ", ", only, False)
                out.extend((offset, c) for c in cites)
        for m in matches:
            cites = _expand(m, None, narrative=False)
            if cites:
                out.extend((offset + m.start(), c) for c in cites)
                last = m
        offset += len(part) + 1
    return out


def _clean(text: str) -> str:
    return _WS.sub(" ", text.strip())


def _expand(m: re.Match[str], sep: str | None, narrative: bool) -> list[_Cite]:
    names, etal = _split_authors(m.group("auth"))
    if not names or not _plausible(names):
        return []
    if sep is None:  # as written between the names and the first year: ', ' or ' '
        sep = _clean(m.string[m.end("auth") : m.start("years")]) + " "
        sep = sep if sep.strip() else " "
    return _build(names, etal, _clean(m.group("auth")), sep, m, narrative)


def _build(
    names: tuple[str, ...], etal: bool, auth: str, sep: str, m: re.Match[str], narrative: bool
) -> list[_Cite]:
    loc = _clean(m.group("loc") or "")
    loc = loc if not loc or loc[0] in ",:" else " " + loc
    out: list[_Cite] = []
    prev: int | None = None
    for token in (t.strip() for t in m.group("years").split(",")):
        year, suffix = _parse_year(token, prev)
        if year is None and (len(token) == 1 or token[:1].isdigit()):
            break  # a bare suffix letter needs a preceding year
        prev = year
        shown = f"{year}{suffix}" if year else token
        text = f"{auth}{sep}{shown}{loc if not out else ''}{')' if narrative else ''}"
        out.append(_Cite(names, etal, year, suffix, text))
    return out


def _parse_year(token: str, prev: int | None) -> tuple[int | None, str]:
    """'2008a' -> (2008, 'a'); 'b' after 2008 -> (2008, 'b'); 'n.d.' -> (None, '')."""
    if re.fullmatch(r"[a-h]", token):
        return (prev, token) if prev is not None else (None, "")
    year, suffix = parse_year(token)
    return (year, suffix) if year is not None else (None, "")


def _split_authors(auth: str) -> tuple[tuple[str, ...], bool]:
    etal = re.search(_ETAL + r"\s*$", auth) is not None
    core = re.sub(_ETAL + r"\s*$", "", auth.strip())
    core = re.sub(r"['’]s?$", "", core.strip())
    parts = re.split(rf"\s*,\s*|{_AND}", core)
    return tuple(p.strip() for p in parts if p.strip()), etal


def _plausible(names: tuple[str, ...]) -> bool:
    first = names[0].split()[-1]
    return first.lower() not in _NOT_NAMES and len(first) >= 2


# --- linking ----------------------------------------------------------------------------------


class ReferenceIndex:
    """Finds the reference entry an in-text citation points to."""

    def __init__(self, references: tuple[Reference, ...]) -> None:
        self.refs = references
        self.by_name: dict[str, list[Reference]] = {}
        for ref in references:
            if not ref.authors:
                continue
            family = ref.authors[0].family
            for k in {family_key(family), family_key(family.split()[-1]) if family else ""}:
                if k:
                    self.by_name.setdefault(k, []).append(ref)
        self.numbers: dict[int, str] = {}
        for ref in references:
            m = _REF_NUMBER.match(ref.raw)
            if m:
                self.numbers.setdefault(int(m.group(1) or m.group(2)), ref.id)
        self.numbered_list = len(self.numbers) >= max(1, len(references) // 2)

    def link(self, names: tuple[str, ...], etal: bool, year: int | None, suffix: str) -> str | None:
        """Reference id for first author + year (+suffix), preferring matching co-authors."""
        for i in range(len(names)):
            ref = self._best(names[i:], etal, year, suffix)
            if ref is not None:
                return ref.id
        return None

    def _best(
        self, names: tuple[str, ...], etal: bool, year: int | None, suffix: str
    ) -> Reference | None:
        key = family_key(names[0])
        pool = self.by_name.get(key) or self.by_name.get(family_key(names[0].split()[-1]), [])
        pool = [r for r in pool if r.year == year] or self._fuzzy(key, year)
        if suffix and any(r.year_suffix for r in pool):
            pool = [r for r in pool if r.year_suffix in (suffix, "")]
        if not pool:
            return None
        return max(pool, key=lambda r: _agreement(r, names, etal, suffix))

    def _fuzzy(self, key: str, year: int | None) -> list[Reference]:
        """Same year, family name one typo away ('Norman' for 'Normann'); only if unique."""
        if len(key) < 5:
            return []
        close = {
            k for k in self.by_name if abs(len(k) - len(key)) <= 1 and fuzz.ratio(k, key) >= 90
        }
        pool = [r for k in close for r in self.by_name[k] if r.year == year]
        return pool if len({r.id for r in pool}) == 1 else []

    def numbered_ok(self, author_year_found: bool) -> bool:
        return self.numbered_list or not author_year_found

    def by_number(self, n: int) -> str | None:
        if self.numbers:
            return self.numbers.get(n)
        return self.refs[n - 1].id if 0 < n <= len(self.refs) else None


def _agreement(ref: Reference, names: tuple[str, ...], etal: bool, suffix: str) -> int:
    score = 3 if suffix and ref.year_suffix == suffix else 0
    n = len(ref.authors)
    if etal:
        score += 2 if n >= 3 else 1 if n == 2 else 0
    elif len(names) == n:
        score += 2
    others = {family_key(a.family) for a in ref.authors[1:]}
    score += sum(3 for name in names[1:] if family_key(name) in others)
    return score


@overload
def numbered_citations(sentence: str) -> list[tuple[int, str]]: ...
@overload
def numbered_citations(
    sentence: str, with_spans: bool
) -> list[tuple[int, str, tuple[int, int]]]: ...


def numbered_citations(sentence: str, with_spans: bool = False) -> list[Any]:
    """'[3-5]' -> (3,'[3]'), (4,'[4]'), (5,'[5]'); '[1, 4]' -> two (with the bracket's span)."""
    out: list[Any] = []
    for m in _NUMBERED.finditer(sentence):
        found: list[tuple[int, str]] = []
        for part in m.group(1).split(","):
            bounds = [int(x) for x in re.split(r"\s*[-–—]\s*", part.strip()) if x]
            if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= 50:
                found.extend((n, f"[{n}]") for n in range(bounds[0], bounds[1] + 1))
            elif len(bounds) == 1 and bounds[0] > 0:
                found.append((bounds[0], f"[{bounds[0]}]"))
        out.extend((n, t, m.span()) if with_spans else (n, t) for n, t in found)
    return out
