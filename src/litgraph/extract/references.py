"""Find the reference section, split it into entries (layout-aware) and parse them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from litgraph.extract.refparse import parse_reference
from litgraph.extract.refsplit import (
    NUMBERED,
    SectionLine,
    recolumn,
    split_entries,
    stretched_joined,
)
from litgraph.lexicon.hyphens import ends_broken, join_broken, vocabulary
from litgraph.lexicon.imprint import IMPRINT, IMPRINT_LINE
from litgraph.lexicon.names import is_initials, written_surname_first
from litgraph.lexicon.years import YEARISH
from litgraph.model import Line, Page, Person, RawDocument, Reference
from litgraph.sources.pdf import page_text

__all__ = ["parse_reference", "split_references"]

_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5}|[A-H])[.)]?\s+)?\**"
    r"(references?|bibliography|bibliographie|bibliografie|literature|literature cited|"
    r"cited literature|works cited|reference list|list of references|references and notes|"
    r"literatur|literaturverzeichnis|literaturliste|zitierte literatur|verwendete literatur|"
    r"quellen|quellenverzeichnis|quellen(?:- und|und) literatur(?:verzeichnis)?|"
    r"literatur(?:- und|und) quellen(?:verzeichnis)?|sources|referenzen|bibliographical references|"
    r"références|références bibliographiques|bibliografía|referencias)"
    r"\s*\**\s*:?\s*$",
    re.IGNORECASE,
)
_END = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:(?:\d{1,2}|[IVX]{1,5}|[A-H])[.)]?\s+)?"
    r"(appendix|appendices|anhang|anlagen?|annex|endnotes|notes|anmerkungen|fußnoten|footnotes|"
    r"tables?|tabellen|figures|abbildungen|about the authou?rs?|the authors|autoren|zu den autor|"
    r"author biograph|biographical note|notes on contributors|acknowledge?ments?|danksagung|"
    r"online appendix|supplementary)\b.{0,40}$",
    re.IGNORECASE,
)
_YEARISH = re.compile(YEARISH, re.I)


# journal furniture repeated inside a reference list, and lines that only continue an entry
_FURNITURE = re.compile(r"^(?:e-?|print\s)?(?:ISSN|ISBN)(?:-L)?\b[\s:]*[\dXx\s–-]+$", re.IGNORECASE)
# back matter after a list, never an entry: 'October 2006 she began ...', '© 2011 by the ...',
# 'Paper received 29 September 2005; revised ...', 'ISSN: 1605-8003 © 2011', 'Associate Editor:'
_BACK_MATTER = re.compile(
    r"^(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(?:1[5-9]|20)\d\d\s+[a-z]|©|\(c\)\s|(?:Paper|Manuscript|Article)\s+"
    r"(?:received|submitted|accepted)|Received:?\s|(?:e-?)?ISSN\b|(?:Associate |Managing )?"
    r"Editors?:|Contact:|E-?mail:|Address:)"
)
_CONTINUATION = re.compile(
    r"^(?:(?:URL:?|Available (?:at|from):?|Retrieved from:?)\s*)?"
    r"(?:(?:https?://|www\.)\S+|(?:doi:?|DOI:?)\s*10\.\S+)\s*[.,]?$"
)


# what a wrapped line holds when it only finishes an entry: pages ('199-220. Opladen: X'), a
# place and publisher ('Woodbridge, Suffolk: The Boydell Press.'), a journal with volume and
# pages ('Psychoanalysis, Culture & Society, 13(3), 316-324.'), or a series and number
_PAGES_FIRST = re.compile(r"^(?:pp?\.\s*)?\d{1,5}\s*[-–]\s*\d{1,5}\b")
_JOURNAL_TAIL = re.compile(
    r"^[^\d:]{2,80}?,?\s+(?:vol\.\s*)?\d{1,4}\s*(?:\(\s*[\w/–-]{1,9}\s*\))?\s*[,:]\s*"
    r"(?:pp?\.\s*)?\d{1,5}(?:\s*[-–]\s*\d{1,5})?\.?$"
)


def _wrapped_tail(text: str) -> bool:
    """A line that only finishes the entry before it: no year of its own, and the shape of
    pages, a place and publisher, or a journal with volume and pages."""
    if NUMBERED.match(text) or _YEARISH.search(text):
        return False
    return bool(
        _PAGES_FIRST.match(text)
        or IMPRINT_LINE.match(text)
        or _JOURNAL_TAIL.match(text)
        or _CLOSES_BRACKET.match(text)
        or _IMPRINT_END.search(text)
    )


# '...critiques of the show]. Marburg: Tectum.': a bracket opened in the entry before closes
_CLOSES_BRACKET = re.compile(r"^[^\[\]]*\]")
# 'Organisationsverstehen (pp.227-237). Wiesbaden: GWV.': a book's title and pages, then where
# and by whom it appeared, with no year: the end of a chapter entry
_IMPRINT_END = re.compile(rf"\(pp?\.\s?\d+\s?[-–]\s?\d+\)\.\s+{IMPRINT.pattern}$")


def split_references(raw: RawDocument) -> tuple[tuple[Page, ...], tuple[Reference, ...]]:
    """(body pages without the reference section, parsed references 'r1', 'r2', ...)."""
    lines = _doc_lines(raw)
    start, end = _find_section(lines)
    if start is None:
        return raw.pages, ()
    end = _size_end(lines, start, end)
    section = stretched_joined(recolumn(lines[start + 1 : end]))
    entries = _trim(split_entries(section, raw.is_pdf))
    vocab = vocabulary([raw.text])
    texts: list[str] = []
    for text in entries:
        joined = _join(text, vocab)
        if (
            len(joined) < 6
            or not re.search(r"[^\W\d_]{2}", joined)
            or _FURNITURE.match(joined)
            or _BACK_MATTER.match(joined)
        ):
            continue
        if texts and (_CONTINUATION.match(joined) or _wrapped_tail(joined)):
            texts[-1] = f"{texts[-1]} {joined}"  # a URL, DOI, journal or place wrapped onward
            continue
        texts.append(joined)
    refs = _surname_first([parse_reference(t, f"r{i}") for i, t in enumerate(texts, start=1)])
    body = _body_pages(raw, lines, start, end, vocab)
    return body, tuple(refs)


def _surname_first(refs: list[Reference]) -> list[Reference]:
    """Lists that write the first author 'Surname Given' without a comma ('Haukkala Hiski.'):
    an entry whose order the given-name table shows is read surname first when the other order
    is at most half as common in the list; when two entries or more show it, the entries the
    table cannot tell follow them."""
    plain = [(i, r) for i, r in enumerate(refs) if _written_plain(r)]
    if not plain:
        return refs
    votes = [written_surname_first(r.authors[0].given, r.authors[0].family) for _, r in plain]
    flipped, straight = votes.count(True), votes.count(False)
    if flipped < 1 or flipped < 2 * straight:
        return refs
    out = list(refs)
    for (i, r), vote in zip(plain, votes, strict=True):
        if vote is True or (vote is None and flipped >= 2):  # one clear case flips only itself
            first = r.authors[0]
            out[i] = replace(r, authors=(Person(first.given, first.family), *r.authors[1:]))
    return out


def _written_plain(ref: Reference) -> bool:
    """The first author written as two words without comma or initials ('Moisio Sami')."""
    if not ref.authors:
        return False
    a = ref.authors[0]
    body = _NUMBER_LEAD.sub("", ref.raw)
    return (
        " " not in a.given
        and " " not in a.family
        and bool(a.given)
        and not is_initials(a.given)
        and body.startswith(f"{a.given} {a.family}")
    )


_NUMBER_LEAD = re.compile(r"^\s*(?:\[\s*\d{1,4}\s*\]|\d{1,4}[.)])\s*")


# --- lines of the whole document -------------------------------------------------------------


def _doc_lines(raw: RawDocument) -> list[SectionLine]:
    out: list[SectionLine] = []
    for page in raw.pages:
        if raw.is_pdf and page.lines:
            out.extend(
                SectionLine(ln.text, page.number, ln.x0, ln.x1, ln.y0, ln.column, False, ln.size)
                for ln in page.lines
            )
            continue
        blank = False
        texts = page.text.split("\n")
        repeated = _repeated(texts)
        for t in texts:
            if not t.strip():
                blank = True
                continue
            if t.strip() in repeated:
                continue
            out.append(SectionLine(t.strip(), page.number, blank_before=blank))
            blank = False
    return out


def _repeated(texts: list[str]) -> set[str]:
    """Running headers in plain text: long-ish lines repeated three times or more."""
    counts = Counter(t.strip() for t in texts if len(t.strip()) > 15)
    return {t for t, n in counts.items() if n >= 3 and not _YEARISH.search(t[:12])}


def _find_section(lines: list[SectionLine]) -> tuple[int | None, int]:
    heads = [i for i, ln in enumerate(lines) if len(ln.text) < 80 and _HEADING.match(ln.text)]
    if not heads:
        return _numbered_run(lines), len(lines)
    # prefer the last heading that is followed by reference-looking lines
    for i in reversed(heads):
        nxt = lines[i + 1 : i + 12]
        if sum(1 for ln in nxt if _YEARISH.search(ln.text)) >= min(2, len(nxt)):
            start = i
            break
    else:
        start = heads[-1]
    end = len(lines)
    for j in range(start + 1, len(lines)):
        if _END.match(lines[j].text) and not _YEARISH.search(lines[j].text):
            end = j
            break
    return start, end


def _size_end(lines: list[SectionLine], start: int, end: int) -> int:
    """End the section where a run of lines in another font size begins (back matter)."""
    sizes = [ln.size for ln in lines[start + 1 : min(end, start + 11)] if ln.size]
    if len(sizes) < 5:
        return end
    main = Counter(round(s) for s in sizes).most_common(1)[0][0]
    run = 0
    for j in range(start + 1, end):
        if abs(lines[j].size - main) > 1.2:
            run += 1
            if run >= 6:
                return j - run + 1
        else:
            run = 0
    return end


def _ref_like(entry: list[str]) -> bool:
    text = " ".join(entry)
    return bool(_YEARISH.search(text[:300])) and bool(re.search(r"[^\W\d_]{3}", text))


def _trim(entries: list[list[str]]) -> list[list[str]]:
    """Drop back matter after the list: stop at three non-reference entries in a row."""
    out: list[list[str]] = []
    bad = 0
    for e in entries:
        if _ref_like(e):
            bad = 0
            out.append(e)
        else:
            bad += 1
            if bad >= 3 and out:
                break
            out.append(e)
    while out and not _ref_like(out[-1]):
        out.pop()
    return out


def _numbered_run(lines: list[SectionLine]) -> int | None:
    """Without a heading: a list numbered 1, 2, 3, ... in the last part of the document."""
    first = int(len(lines) * 0.5)
    for i in range(first, len(lines)):
        if not re.match(r"^\s*(?:\[1\]|1[.)])\s+\S", lines[i].text):
            continue
        want, seen = 2, 0
        for ln in lines[i + 1 : i + 200]:
            m = re.match(r"^\s*\[?(\d{1,3})[.)\]]\s+\S", ln.text)
            if m and int(m.group(1)) == want:
                want, seen = want + 1, seen + 1
        if seen >= 4:
            return i - 1
    return None


# --- joining and body ---------------------------------------------------------------------------


def _join(parts: list[str], vocab: set[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        if not out:
            out = p
        elif ends_broken(out) and p[:1].isalpha():
            out = join_broken(out, p, vocab)
        elif out.endswith(("/", "-", "–")) and not out.endswith(" -"):
            out += p
        else:
            out += " " + p
    return re.sub(r"\s+", " ", out).strip()


def _body_pages(
    raw: RawDocument, lines: list[SectionLine], start: int, end: int, vocab: set[str]
) -> tuple[Page, ...]:
    cut = {id(ln) for ln in lines[start:end]}
    keep: dict[int, list[SectionLine]] = {}
    for ln in lines:
        if id(ln) not in cut:
            keep.setdefault(ln.page, []).append(ln)
    cut_pages = {ln.page for ln in lines[start:end]}
    out = []
    for page in raw.pages:
        if page.number not in cut_pages:
            out.append(page)
            continue
        kept = keep.get(page.number, [])
        if not kept:
            continue
        texts = {(ln.text, ln.x0, ln.y0) for ln in kept}
        plines: tuple[Line, ...] = tuple(
            ln for ln in page.lines if (ln.text, ln.x0, ln.y0) in texts
        )
        if raw.is_pdf:  # headings stay paragraphs of their own, as on the uncut pages
            text = page_text(plines)
        else:
            parts = [t for ln in kept for t in (("", ln.text) if ln.blank_before else (ln.text,))]
            text = _join_lines(parts, vocab)
        out.append(replace(page, text=text, lines=plines))
    return tuple(out)


def _join_lines(texts: list[str], vocab: set[str]) -> str:
    out: list[str] = []
    for t in texts:
        if out and ends_broken(out[-1]) and t[:1].isalpha():
            out[-1] = join_broken(out[-1], t, vocab)
        else:
            out.append(t)
    return "\n".join(out)
