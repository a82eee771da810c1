"""The title and byline of an article's first page, read from its layout.

Lines are grouped into blocks (one type size and weight, close together). The title is the
block that is set largest, bold, high on the page and next to a byline; section labels
('ORIGINAL CONTRIBUTION', 'Research Article', 'ABSTRACT'), journal banners, identifiers and
affiliations are never titles. A subtitle set apart right below is joined with a colon. The
byline is every line near the title that reads as a list of people's names, markers
(affiliation numbers, asterisks, daggers) stripped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from litgraph.lexicon.names import INSTITUTION, PARTICLES, is_initials, split_name
from litgraph.model import Line, Person

_LABEL = re.compile(
    r"^(?:ab+s+tract|zusammenfassung|summary|résumé|resumo|resumen|keywords?|key\s*words|"
    r"introduction|einleitung|contents|table of contents|accepted manuscript|"
    r"(?:original|research|review|invited|empirical)\s+(?:contribution|article|paper|report)s?|"
    r"articles?|forum(?: section)?|editorial|book reviews?|reflect\w*|commentary|essay|"
    r"(?:discussion|working|conference|research)\s+papers?|arbeitspapier|authors?|"
    r"author note:?|research area:?|research unit:?)\b",
    re.I,
)
_JUNK = re.compile(
    r"issn|isbn|\bvol\.|\bvolume\b|\bdoi\b|https?:|www\.|©|copyright|\bjournal\b|"
    r"working paper|discussion paper|page \d|university of|universit[äa]t\b|"
    r"institut(?:e)? (?:of|for)|department|faculty|"
    r"e-?mail|@|\bpp\.|^\d|\bno\.\s*\d|published|received|accepted|licen[cs]e",
    re.I,
)
_SPACED = re.compile(r"^(?:\S ){3,}\S$")  # 'O R I G I N A L'
# words of a line that is no byline: institutions, and the genre and section words of banners
_NOT_A_NAME = re.compile(
    rf"{INSTITUTION.pattern}|research|studies|journal|review|series|reihe|paper|report|"
    r"abstract|keywords?|introduction|summary|network|program",
    re.IGNORECASE,
)
_STOP = frozenset(
    re.split(
        r"\s+",
        "the of in for on to a an at from with is are was were this that these our their its "
        "how why what when which who into over under between among toward towards january "
        "february march april may june july august september october november december",
    )
)
_HONORIFIC = re.compile(
    r"\b(?:dr|prof|professor|associate|assistant|independent|scholar|lecturer|phd|ph\.d|"
    r"msc|mba|mr|mrs|ms|sir)\b\.?",
    re.I,
)
_MARKERS = re.compile(r"\(cid:\d+\)|[*†‡§¶∗#⁎✉]|(?<=[^\W\d])\d{1,2}\b|\b\d{1,2}\b|\s\(\w\)")
_CONNECTORS = frozenset({"e", "y", "i"})  # 'Andrade e Barros', 'Ortega y Gasset'
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|Æ|·|•|\|)\s*")


@dataclass(frozen=True)
class Block:
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(ln.text for ln in self.lines)).strip()

    @property
    def size(self) -> float:
        return max(ln.size for ln in self.lines)

    @property
    def bold(self) -> bool:
        return all(ln.bold for ln in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].y0

    @property
    def bottom(self) -> float:
        return self.lines[-1].y0


@dataclass(frozen=True)
class TitleBlock:
    title: str | None
    authors: tuple[Person, ...]
    evidence: dict[str, str]


def body_size(lines: Sequence[Line]) -> float:
    """The type size most of the page's characters are set in."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def blocks(lines: Sequence[Line]) -> list[Block]:
    """Lines (top to bottom) in one type, close together and overlapping across; a line may
    join any of the last few open blocks, so two columns interleaved by height stay apart."""
    out: list[list[Line]] = []
    for ln in lines:
        for block in reversed(out[-3:]):
            prev = block[-1]
            same = abs(prev.size - ln.size) < 0.6 and prev.bold == ln.bold
            close = 0 <= prev.y0 - ln.y0 < max(ln.size, prev.size) * 2.0
            overlap = ln.x0 < prev.x1 and prev.x0 < ln.x1
            if same and close and overlap:
                block.append(ln)
                break
        else:
            out.append([ln])
    out.sort(key=lambda b: -b[0].y0)
    return [Block(tuple(b)) for b in out]


def byline(text: str, affiliations: bool = False) -> tuple[Person, ...]:
    """People named by a byline ('by Damien J. Neven and Lars-Hendrik Röller*',
    'Sarah Miranda Rodrigues 1 , Tatiane Chagas Viana 2'); () when the line is not one. With
    `affiliations`, institutions between the names are passed over ('Tony Bovaird, University
    of Birmingham and ...')."""
    text = re.sub(r"^\s*(?:by|von|par|por)\s+", "", text.strip(), flags=re.I)
    if re.search(r"\d{3,}", text):
        return ()  # a year, a number: not a byline
    text = _HONORIFIC.sub(" ", _MARKERS.sub(" ", text))
    parts = [p.strip(" .,'’") for p in _SEPARATORS.split(text)]
    parts = [p for p in parts if p]
    if not parts or len(text) > 250:
        return ()
    people = []
    for part in parts:
        name = _name(part)
        if name is None and affiliations and _NOT_A_NAME.search(part):
            continue
        if name is None:
            return ()
        people.append(name)
    return tuple(people)


def _name(part: str) -> Person | None:
    words = part.split()
    if not 2 <= len(words) <= 5:
        return None
    if _NOT_A_NAME.search(part) or any(w.lower() in _STOP for w in words):
        return None
    named = [w for w in words if w.lower() not in PARTICLES and w not in _CONNECTORS]
    if len(named) < 2:
        return None
    if all(w.isupper() or is_initials(w) for w in named):
        return None  # initials only, or a heading in capitals
    fixed = []
    for i, w in enumerate(words):
        if (
            w.lower() in PARTICLES
            or is_initials(w)
            or (w in _CONNECTORS and 0 < i < len(words) - 1)
        ):
            fixed.append(w)
            continue
        if not re.match(r"^[^\W\d_][\w'’.-]*$", w) or not w[0].isupper():
            return None
        if w.isupper() and len(w) > 2:
            w = "-".join(p.capitalize() for p in w.split("-"))
        fixed.append(w)
    family, given = split_name(" ".join(fixed))
    given_words = given.split()
    while len(given_words) >= 2 and given_words[-1] in _CONNECTORS:
        family = f"{given_words[-2]} {given_words[-1]} {family}"
        given_words = given_words[:-2]
    return Person(family, " ".join(given_words))


def read_title_block(lines: Sequence[Line], body: float) -> TitleBlock:
    """Title and authors of a first page (lines top to bottom)."""
    if not lines:
        return TitleBlock(None, (), {})
    bl = blocks(lines)
    names = [[byline(ln.text) for ln in b.lines] for b in bl]
    name_block = [all(n) for n in names]
    page_top = max(ln.y0 for ln in lines)
    height = max(page_top - min(ln.y0 for ln in lines), 1.0)
    best, best_score = -1, float("-inf")
    rank = 0
    biggest = max(b.size for b in bl)
    for i, b in enumerate(bl):
        beside = _next_to_byline(bl, name_block, i)
        if not _title_candidate(b, body, page_top, beside):
            continue
        score = 10 * b.size / max(body, 1.0) + (2 if b.bold else 0) - 0.8 * rank
        if name_block[i] and b.size < biggest - 0.5:
            score -= 6  # reads as names and is not the largest type: a byline
        if b.text.isupper():
            score -= 2
        if beside:
            score += 4
        rank += 1
        if score > best_score:
            best, best_score = i, score
    if best < 0:
        people = _byline_without_title(bl, names)
        evidence = {"authors": "byline above the abstract (no title found)"} if people else {}
        return TitleBlock(None, people, evidence)
    title = bl[best].text
    evidence = {"title": f"page {bl[best].lines[0].page}, {bl[best].size:.1f} pt"}
    sub = _subtitle(bl, name_block, best, body)
    if sub is not None:
        title = f"{title.rstrip(' :')}: {bl[sub].text}" if title[-1:] not in "?!" else title
        evidence["title"] += " + subtitle"
    authors = _authors_near(bl, names, best, height)
    if authors:
        evidence["authors"] = "byline next to the title"
    return TitleBlock(_tidy(title), authors, evidence)


def _title_candidate(b: Block, body: float, page_top: float, beside: bool) -> bool:
    text = b.text
    words = text.split()
    if not 2 <= len(words) <= 40 or len(text) < 4 or len(b.lines) > 6:
        return False
    if _LABEL.match(text) or _JUNK.search(text) or _SPACED.match(text):
        return False
    plain = b.size < body * 1.05 and not b.bold and not text.isupper()
    if b.size < body * 0.95 or (plain and not (beside and text[-1:] != ".")):
        return False
    if plain and re.search(r"\s\d{1,3}$", text):
        return False  # a running head with its page number
    return b.top >= (page_top + 50) * 0.35  # upper two thirds of the page


def _next_to_byline(bl: list[Block], name_block: list[bool], i: int) -> bool:
    for j in (i - 2, i - 1, i + 1, i + 2):
        if 0 <= j < len(bl) and name_block[j]:
            between = bl[min(i, j) + 1 : max(i, j)]
            if all(_skippable(b) for b in between):
                return True
    return False


def _skippable(b: Block) -> bool:
    """Lines that may sit between a title and its byline (a subtitle, a marker, a date)."""
    return len(b.text) < 120 and not _LABEL.match(b.text)


def _subtitle(bl: list[Block], name_block: list[bool], i: int, body: float) -> int | None:
    j = i + 1
    if j >= len(bl) or name_block[j] or any(byline(ln.text) for ln in bl[j].lines):
        return None
    b, t = bl[j], bl[i]
    gap = t.bottom - b.top
    if gap > t.size * 2.6 or b.size > t.size + 0.1 or b.size < body * 0.98:
        return None
    if len(b.text.split()) > 20 or _LABEL.match(b.text) or _JUNK.search(b.text):
        return None
    if not (b.size > body * 1.05 or b.bold or b.size == t.size):
        return None
    return j


def _authors_near(
    bl: list[Block], names: list[list[tuple[Person, ...]]], title: int, height: float
) -> tuple[Person, ...]:
    """Names in the lines under the title, until the abstract or the body text starts; when
    there are none, in the two blocks right above it."""
    below: list[Person] = []
    limit = bl[title].bottom - height * 0.45
    for j in range(title + 1, len(bl)):
        b = bl[j]
        if b.top < limit or _LABEL.match(b.text):
            break
        for ln, people in zip(b.lines, names[j], strict=True):
            if _beside(ln, bl[title]):
                below.extend(p for p in people if p not in below)
            if len(b.text.split()) > 60:
                break  # body text starts; only its first line may be a byline
    if below:
        return tuple(below)
    above: list[Person] = []
    for j in range(max(0, title - 2), title):
        for ln, people in zip(bl[j].lines, names[j], strict=True):
            if _beside(ln, bl[title]):
                above.extend(p for p in people if p not in above)
    return tuple(above)


def _byline_without_title(
    bl: list[Block], names: list[list[tuple[Person, ...]]]
) -> tuple[Person, ...]:
    """With no title to stand beside, only a line naming several people before the abstract
    is taken for the byline (one name alone could be anything)."""
    for b, people_by_line in zip(bl, names, strict=True):
        if _LABEL.match(b.text):
            break
        for people in people_by_line:
            if len(people) >= 2:
                return people
    return ()


def _beside(ln: Line, title: Block) -> bool:
    """A byline line sits across the title's column, in a type not much smaller than it."""
    left = min(t.x0 for t in title.lines) - 30
    right = max(t.x1 for t in title.lines) + 30
    return ln.x0 < right and left < ln.x1 and ln.size >= title.size * 0.4


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([:;,?!])", r"\1", text)
    return re.sub(r"[*†‡∗¹²³]+$|(?<=[a-z])\d+$", "", text).strip()
