"""In-text citations: sentence splitting, author-year and numbered patterns, linking to refs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, overload

from litgraph.extract.footnotes import (
    SUPERSCRIPT,
    Note,
    cited_notes,
    find_notes,
    note_citations,
    note_references,
)
from litgraph.extract.linking import ReferenceIndex
from litgraph.lexicon.names import PARTICLE, UPPER, family_key, family_part
from litgraph.lexicon.years import SUFFIX, UNDATED, YEAR, YEARISH, parse_year
from litgraph.model import Citation, Page, Reference


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- sentences ----------------------------------------------------------------------------

_ABBREV = _words(
    "al e.g eg i.e ie p pp cf vs viz ca c ch chap sec fig figs no nos vol vols ed eds edn "
    "dr prof mr mrs ms st etc approx resp esp incl e.g., u.a z.b bzw vgl hrsg s ff f "
    "jr sr inc ltd co corp dept univ op cit ibid para paras n.d nd"
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*[¹²³⁰-⁹]*\s+(?=[\"'“‘]?(?:[¹²³⁰-⁹]+\s*)?[A-ZÀ-ÖØ-Þ])")
_PARAGRAPH = re.compile(r"\n[ \t]*\n+")
_WS = re.compile(r"\s+")
_LAST_WORD = re.compile(r"[^\s(\[]+$")


def split_sentences(text: str) -> list[str]:
    """Sentences of a page, whitespace collapsed; paragraphs and heading lines end sentences."""
    return list(_split_sentences(text))


@lru_cache(maxsize=256)
def _split_sentences(text: str) -> tuple[str, ...]:
    """split_sentences, remembered: citations and definitions both read every page's
    sentences."""
    out: list[str] = []
    for block in _blocks(text):
        flat = _WS.sub(" ", block).strip()
        if flat:
            out.extend(_split_flat(flat))
    return tuple(out)


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
# a double family name ('Chumpitaz Caceres'); given names before a family name match it too
# ('Elinor Ostrom') and are trimmed unless the reference list knows the whole name
NAME2 = rf"{NAME}(?:\s+(?:{PARTICLE}\s+){{0,2}}{_NAME_WORD})?"
# 'and', 'und', 'e', 'y', 'et' ('Cotta e Isernia 2009'), '&', '/' ('Ruigrok/van Tulder 1995')
_AND = r"(?:\s+(?:and|und|e|y|et)\s+|\s*[&/]\s*)"
# 'et al.', 'et al', ', et al.' (a comma before it), 'u.a.', 'and colleagues'
_ETAL = (
    r"(?:\s*,?\s+et\.?\s*al(?:ii|\.)?|\s+u\.\s?a\.|\s*,?\s+and\s+(?:colleagues|others|associates))"
)
AUTH = rf"{NAME2}(?:(?:\s*,\s*{NAME2})*\s*,?{_AND}{NAME2}|{_ETAL})?(?:['’‘]s?)?"
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
# every author-year citation writes a year or 'n.d.' (the patterns above all need one): a
# sentence without one is not searched further
_ANY_YEAR = re.compile(YEARISH)
_ANONYMISED = re.compile(r"X{3,}|Anonymi[sz]ed|Author")
_NUMBERED = re.compile(r"\[(\d{1,3}(?:\s*[-–—,;]\s*\d{1,3})*)\]")
_SUP = rf"[{SUPERSCRIPT}]{{1,3}}"
_SUPER_CITE = re.compile(rf"(?<=[^\s{SUPERSCRIPT}])({_SUP}(?:[,⁻–-]{_SUP})*)")
_SUP_DIGITS = str.maketrans(SUPERSCRIPT + "⁻", "0123456789-")

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
    """Every in-text citation in the body pages, linked to a reference id when possible:
    author-year, 'ibid.' and 'op. cit.', full references in footnotes, and numbered ones."""
    index = ReferenceIndex(references)
    notes = find_notes(pages)
    in_notes = note_references(notes)
    cited = cited_notes(notes, in_notes)
    out: list[Citation] = []
    split = [(page.number, split_sentences(_without(page.text, cited))) for page in pages]
    common = _lower_words(pages)
    seen = _Seen()
    for number, sentences in split:
        for sentence in sentences:
            found: list[tuple[int, Citation]] = []
            for raw in author_year_citations(sentence):
                cite = _trim_given_names(raw, index)
                ref = index.link(cite.names, cite.etal, cite.year, cite.suffix)
                if ref is None and cite.bare and not _ANONYMISED.fullmatch(cite.names[0]):
                    continue  # 'Census 2011' is no citation; 'XXXX 2011' is
                if ref is None and len(cite.names) == 1 and cite.names[0].lower() in common:
                    continue  # '(Survey, 2015)': a word the text also writes in lower case
                found.append(
                    (
                        cite.start,
                        Citation(ref, cite.text, sentence, number, cite.start, cite.end, cite.form),
                    )
                )
            repeats = _REPEAT.finditer(sentence) if _MAY_REPEAT.search(sentence) else ()
            for m in repeats:
                found.append((m.start(), Citation(None, m.group(0), sentence, number,
                                                  m.start(), m.end(), "repeat")))  # fmt: skip
            found.sort(key=lambda pair: pair[0])
            out.extend(seen.resolve([c for _, c in found], index))
    out.extend(note_citations(notes, in_notes, index, split))
    if index.numbered_ok(author_year_found=bool(out)):
        out.extend(_numbered(split, index))
    return tuple(out)


def _numbered(split: list[tuple[int, list[str]]], index: ReferenceIndex) -> list[Citation]:
    """Numbered citations; in a paper with a numbered list and no bracketed numbers, also
    superscripts a PDF gives as plain digits after a word ('the disease.5', 'person7.')."""
    sup = index.numbered_list
    plain = sup and not any(_NUMBERED.search(s) for _, ss in split for s in ss)
    out: list[Citation] = []
    for number, sentences in split:
        for sentence in sentences:
            spans = numbered_citations(sentence, True, superscripts=sup)
            if plain:
                spans += [
                    (n, t, span)
                    for n, t, span in _plain_superscripts(sentence)
                    if n in index.numbers
                ]
            for n, text, (start, end) in spans:
                out.append(
                    Citation(index.by_number(n), text, sentence, number, start, end, "numbered")
                )
    return out


_PLAIN_SUP = re.compile(
    r"(?:(?<=[a-zà-ÿ]{3})|(?<=[a-zà-ÿ][.,;:”\"’]))(\d{1,2}(?:[,–-]\d{1,2})*)(?=[\s.,;:”\"’]|$)"
)


def _plain_superscripts(sentence: str) -> list[tuple[int, str, tuple[int, int]]]:
    out: list[tuple[int, str, tuple[int, int]]] = []
    for m in _PLAIN_SUP.finditer(sentence):
        for part in m.group(1).split(","):
            bounds = [int(x) for x in re.split(r"[–-]", part) if x]
            nums = range(bounds[0], bounds[-1] + 1) if 0 < bounds[-1] - bounds[0] <= 20 else bounds
            out.extend((n, str(n), m.span()) for n in nums)
    return out


# 'ibid.', '(ibid., p. 12)', 'Ostrom, op. cit.', '(Ostrom op. cit., 45)': the work cited before
_REPEAT = re.compile(
    rf"(?<![\w.])(?:ibid(?:em)?|ebd|ebenda)\b\.?(?:{LOC})?"
    rf"|(?P<auth>{NAME})\s*,?\s*\(?(?:op\.\s?cit\.|a\.\s?a\.\s?O\.)(?:{LOC})?",
    re.IGNORECASE,
)

# what every _REPEAT match contains: most sentences are not searched with its name pattern
_MAY_REPEAT = re.compile(r"ibid|ebd|ebenda|op\.\s?cit\.|a\.\s?a\.\s?o\.", re.IGNORECASE)


class _Seen:
    """The citations read so far, for 'ibid.' (the one work cited just before) and 'op. cit.'
    (the one work of that author cited before); ambiguous ones stay unlinked."""

    def __init__(self) -> None:
        self.last_group: list[str | None] = []
        self.by_family: dict[str, set[str]] = {}

    def resolve(self, found: list[Citation], index: ReferenceIndex) -> list[Citation]:
        """The citations of one sentence in reading order, repeats linked."""
        out: list[Citation] = []
        span: tuple[int, int] | None = None
        for c in found:
            if c.form == "repeat":
                c = replace(c, reference=self._repeat(c.text))
                self.last_group, span = [c.reference], None
            else:
                if (c.start, c.end) != span:  # a new group: '(A 2001; B 2002)' is one
                    self.last_group, span = [], (c.start, c.end)
                self.last_group.append(c.reference)
            if c.reference:
                for family in index.first_families(c.reference):
                    self.by_family.setdefault(family, set()).add(c.reference)
            out.append(c)
        return out

    def _repeat(self, text: str) -> str | None:
        m = _REPEAT.match(text)
        auth = m.group("auth") if m else None
        if auth:
            refs = self.by_family.get(family_key(auth), set())
            return next(iter(refs)) if len(refs) == 1 else None
        return self.last_group[0] if len(self.last_group) == 1 else None


def _without(text: str, notes: list[Note]) -> str:
    """The page text without the notes that note_citations cites."""
    for note in notes:
        for line in note.lines:
            text = text.replace(line, "")
    return text


def _trim_given_names(cite: _Cite, index: ReferenceIndex) -> _Cite:
    """'Elinor Ostrom (1990)' -> 'Ostrom (1990)', 'As Ostrom' -> 'Ostrom'; a double family name
    the reference list knows ('Chumpitaz Caceres') stays whole. Later names are trimmed for
    linking only: the text keeps them as written."""
    names = list(cite.names)
    for i, name in enumerate(names):
        core = family_part(name)
        if core != name and not index.knows(name):
            names[i] = core
    if tuple(names) == cite.names:
        return cite
    cut = cite.names[0].rfind(names[0]) if names[0] != cite.names[0] else 0
    text = cite.text[cut:] if cite.text.startswith(cite.names[0]) else cite.text
    start = cite.start + cut if cite.form == "narrative" else cite.start
    return replace(cite, names=tuple(names), text=text, start=start)


def _lower_words(pages: tuple[Page, ...]) -> frozenset[str]:
    """Words the text writes in lower case: common nouns, not family names."""
    return frozenset(
        w for page in pages for w in re.findall(r"\b[a-zäöüéèàç][a-zäöüßéèàç-]{3,}\b", page.text)
    )


def author_year_citations(sentence: str) -> list[_Cite]:
    """Author-year citations of one sentence, in reading order, one per cited work."""
    if not _ANY_YEAR.search(sentence):
        return []
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
    core = re.sub(r"['’‘]s?$", "", core.strip())
    parts = re.split(rf"\s*,\s*|{_AND}", core)
    return tuple(p.strip() for p in parts if p.strip()), etal


def _plausible(names: tuple[str, ...]) -> bool:
    first = names[0].split()[-1]
    return first.lower() not in _NOT_NAMES and len(first) >= 2


@overload
def numbered_citations(sentence: str) -> list[tuple[int, str]]: ...
@overload
def numbered_citations(
    sentence: str, with_spans: bool, superscripts: bool = False
) -> list[tuple[int, str, tuple[int, int]]]: ...


def numbered_citations(
    sentence: str, with_spans: bool = False, superscripts: bool = False
) -> list[Any]:
    """'[3-5]' -> (3,'[3]'), (4,'[4]'), (5,'[5]'); '[1, 4]' -> two (with the bracket's span);
    with superscripts, 'shown.¹⁻³' and 'shown¹,⁴' too (a numbered list's superscript style)."""
    out: list[Any] = []
    matches = list(_NUMBERED.finditer(sentence))
    if superscripts:
        matches += list(_SUPER_CITE.finditer(sentence))
    for m in matches:
        found: list[tuple[int, str]] = []
        group = m.group(1).translate(_SUP_DIGITS)
        for part in re.split(r"[,;]", group):
            bounds = [int(x) for x in re.split(r"\s*[-–—]\s*", part.strip()) if x]
            if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= 50:
                found.extend((n, f"[{n}]") for n in range(bounds[0], bounds[1] + 1))
            elif len(bounds) == 1 and bounds[0] > 0:
                found.append((bounds[0], f"[{bounds[0]}]"))
        out.extend((n, t, m.span()) if with_spans else (n, t) for n, t in found)
    return out
