"""One reference string -> Reference: authors, year, title, container, pages, DOI, ..."""

from __future__ import annotations

import re

from litgraph.extract.refnames import EDITOR, ETAL, parse_names
from litgraph.extract.reftitle import first_url, parse_rest
from litgraph.keys import find_doi
from litgraph.lexicon.imprint import EDITION
from litgraph.lexicon.names import PARTICLE, PARTICLES, UPPER
from litgraph.lexicon.years import SUFFIX, UNDATED, YEAR
from litgraph.model import Reference

__all__ = ["parse_reference"]

_NUMBERING = re.compile(
    r"^\s*(?:[•▪·*○■►]|\[\s*\d{1,4}\s*\]|\(\d{1,4}\)|\d{1,4}[.)](?=\s)|\d{1,3}\s(?=\D))\s*"
)
_YEAR_PAREN = re.compile(
    rf"\(\s*(?:[^()]{{0,20}}?,\s*)?({YEAR})({SUFFIX})?(?:\s*[/-]\s*\d{{2,4}}{SUFFIX}?)?[^()]{{0,25}}?\)"
)
_YEAR_BARE = re.compile(rf"(?<![\d/.-])({YEAR})({SUFFIX})?(?:/\d{{1,4}})?(?=[\s.,:;)\]]|$)")
_NODATE = re.compile(rf"\(?\s*\b({UNDATED})\s*\)?", re.IGNORECASE)


# a DOI at the end of an entry broken by a line wrap: '...1991.tb00 779.x'
_DOI_WRAP = re.compile(r"(10\.\d{4,9}/\S+)\s+([0-9][\w.()-]*\.?)\s*$")


def parse_reference(text: str, ref_id: str) -> Reference:
    """Parse one reference entry; incomplete entries still give authors and year."""
    raw = re.sub(r"\s+", " ", text).strip()
    body = _GLUED_YEAR.sub(r"\1 \2", _NUMBERING.sub("", raw, count=1))
    head, year, suffix, rest = _split_year(body)
    authors, editors = parse_names(head)
    lead_editors = bool(EDITOR.search(head))
    fields = parse_rest(rest, lead_editors)
    if lead_editors and not fields.get("_editors"):
        fields["_editors"] = authors
    return Reference(
        id=ref_id,
        raw=raw,
        authors=authors,
        year=year,
        year_suffix=suffix,
        title=fields.get("title"),  # type: ignore[arg-type]
        container=fields.get("container"),  # type: ignore[arg-type]
        volume=fields.get("volume"),  # type: ignore[arg-type]
        issue=fields.get("issue"),  # type: ignore[arg-type]
        pages=fields.get("pages"),  # type: ignore[arg-type]
        publisher=fields.get("publisher"),  # type: ignore[arg-type]
        doi=find_doi(_DOI_WRAP.sub(r"\1\2", raw)),
        url=first_url(raw),
        editors=editors or fields.get("_editors", ()),  # type: ignore[arg-type]
        kind=fields.get("kind"),  # type: ignore[arg-type]
    )


# a year glued to the initials before it or after a stray space: 'J.H.1994.', 'Schaeper .2001.'
_GLUED_YEAR = re.compile(rf"((?:\b[{UPPER}]\.)|(?<=\w) \.)((?:1[5-9]|20)\d\d{SUFFIX}?[.,:;)])")

# --- year -----------------------------------------------------------------------------------


_YEAR_AFTER_NAMES = re.compile(rf"\s*[.,]?\s*\(({YEAR})({SUFFIX}?)\)[.,:]?")


def _more_names(text: str) -> bool:
    """', & Chumpitaz Cáceres, R.', ', Mary Anne Lassegard, and Carol E. Ford.': the name list
    goes on past what _lead_names matched."""
    if re.match(r"^\s*,?\s*(?:&|and|und)\s", text):
        return _names_like(text)
    text = EDITOR.sub("", text)  # 'Madison, D. Soyini, and Judith Hamera, eds.'
    words = text.strip(" ,.").split()
    chunks = [c.split() for c in re.split(r",\s*(?:and\s+|&\s*)?", text.strip(" ,.")) if c]
    return (
        bool(re.match(r"^\s*,?\s", text))  # ', Mary Anne', or ' Soyini,' after 'D.'
        and 0 < len(words) <= 12
        and all(w[:1].isupper() or w.strip(",.") in _LOWER_OK for w in words)
        and all(1 <= len(c) <= 4 for c in chunks)
        # 'Distance. Grassroots': a title, not 'Powell. B.' (a name with a stray full stop)
        and not re.search(rf"[a-z]{{3}}\.\s+(?![{UPPER}]\.)\S", text.strip())
    )


def _split_year(body: str) -> tuple[str, int | None, str, str]:
    """(author part, year, suffix, rest after the year)."""
    limit = min(len(body), 260)
    cands = []
    m = _YEAR_PAREN.search(body, 0, limit)
    if m:
        cands.append((m.start(), m.end(), int(m.group(1)), m.group(2) or ""))
    m2 = _YEAR_BARE.search(body, 0, limit)
    if m2:
        cands.append((m2.start(), m2.end(), int(m2.group(1)), m2.group(2) or ""))
    nd = _NODATE.search(body, 0, limit)
    if nd:
        cands.append((nd.start(), nd.end(), 0, nd.group(1)))
    early = [c for c in cands if _names_like(body[: c[0]])]
    lead = _lead_names(body)
    if early and lead and min(early)[0] > lead + 25 and not _more_names(body[lead : min(early)[0]]):
        early = []
    full = _FULL_NAMES.match(body)
    if early and not lead and full and min(early)[0] > full.end() + 10:
        early = []  # 'Browning Christopher, Pertti Joenniemi. Title // Journal. 2003. 38(4)'
    if early:
        start, end, year, suffix = min(early)
        return body[:start], year or None, suffix, body[end:]
    # year late (e.g. numbered styles ending with the year): a leading list of names
    names_end = _lead_names(body)
    year_m = _YEAR_BARE.search(body, names_end)
    y = int(year_m.group(1)) if year_m else None
    ys = (year_m.group(2) or "") if year_m else ""
    if names_end:
        m4 = _YEAR_AFTER_NAMES.match(body, names_end)  # a long name list, then '(1981).'
        if m4:
            return body[:names_end], int(m4.group(1)), m4.group(2) or "", body[m4.end() :]
        return body[:names_end], y, ys, body[names_end:]
    m5 = _FULL_NAMES.match(body)  # 'Browning Christopher, Pertti Joenniemi. Title. ...'
    if m5:
        return m5.group(1), y, ys, body[m5.end() :]
    m3 = re.match(rf"^(.+?(?:\b[{UPPER}]\.|[a-z]{{2}}))[.,]\s+(?=[\"“‘'{UPPER}0-9])", body)
    if m3 and _names_like(m3.group(1)):
        return m3.group(1), y, ys, body[m3.end() :]
    return "", y, ys, body


# names written out in full, no initials, up to the first full stop: 'Haukkala Hiski. '
_WORD = rf"[{UPPER}][\w'’-]+"
_NW = rf"(?:{_WORD}|{PARTICLE}|[{UPPER}]\.)"
_FULL_NAMES = re.compile(
    rf"^((?:{_WORD},\s+)?{_NW}(?:\s+{_NW}){{1,3}}"
    rf"(?:(?:,|,?\s+and|\s*&)\s+{_NW}(?:\s+{_NW}){{1,3}}){{0,5}}"
    rf"(?:\s*\((?:eds?|Hrsg)\.?\))?)"
    rf"\.\s+(?=[\"“‘'{UPPER}])"
)
_FAM = rf"(?:{PARTICLE}\s)*[{UPPER}][\w'’]+(?:-[{UPPER}][\w'’]+)?"
_NAME_UNIT = re.compile(
    rf"{_FAM}(?:\s[{UPPER}]){{2,3}}(?=[,.;:])"  # 'Mamede V M,': initials set apart
    rf"|{_FAM}\s?,?\s(?:[{UPPER}]\.\s?-?){{1,4}}|{_FAM}\s[{UPPER}]{{1,4}}(?=[,.;:\s])"
    rf"|(?:[{UPPER}]\.\s?-?){{1,3}}\s?{_FAM}|{_FAM}\s[{UPPER}][a-z]?\.(?=[,;:])"
    rf"|[{UPPER}]{{2,6}}(?=\.\s)"  # a body by its acronym: 'Acioly SC; ACM. Title'
)
_EDS_AFTER = re.compile(r"\s*,?\s*(?:\(eds?\.?\)|\(Hrsg\.\))")
_NAME_SEP = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b)\s*(?:(?:and|&|und)\s+)?")


def _lead_names(body: str) -> int:
    """End offset of a leading 'Surname X.Y., Surname Z.' list, or 0 when there is none."""
    pos, units = 0, 0
    while True:
        m = _NAME_UNIT.match(body, pos)
        if not m:
            break
        units, pos = units + 1, m.end()
        e = ETAL.match(body, pos) or _EDS_AFTER.match(body, pos)
        if e:
            pos = e.end()
        sep = _NAME_SEP.match(body, pos)
        if not sep and body[:pos].rstrip().endswith("."):  # 'Atanasov, P. Cvetanova, G.'
            sep = re.compile(r"\s*").match(body, pos)
        if not sep or not _NAME_UNIT.match(body, sep.end()):
            break
        pos = sep.end()
    if not units:
        return 0
    while pos and body[pos - 1].isspace():
        pos -= 1
    rest = body[pos:]
    if body[pos - 1] == "." and re.match(r"^\s", rest):
        return pos
    return pos if re.match(r"^\s*[.,:;]\s", rest) or re.match(r"^\.?\s*\(", rest) else 0


def _names_like(head: str) -> bool:
    if _EDITION_IN_HEAD.search(head):
        return False
    head = EDITOR.sub(" ", ETAL.sub(" ", head)).strip(" ,.;:(")
    if not head:
        return True
    words = head.split()
    if len(words) > 24:
        return False
    lower = [
        w
        for w in words
        if w[:1].islower() and w.strip(",.;") not in _LOWER_OK and not _ELIDED.match(w)
    ]
    return len(lower) <= max(1, len(words) // 4) and not _SENTENCE_IN_NAMES.search(head)


# 'Joenniemi. Gardens of the north': a title sentence after the names, not another name
_SENTENCE_IN_NAMES = re.compile(
    rf"[a-z]{{2}}\.\s+[{UPPER}][a-z]+\s+(?:(?:and|und|&)\s+)?(?!{PARTICLE}\s)[a-z]{{2,}}"
)


_LOWER_OK = PARTICLES | {
    "and", "und", "&", "y", "et", "e", "with", "of", "for", "the", "en", "des", "les", "für",
}  # fmt: skip
# an elided article before a capitalised word: 'l’Enfance', "d'Études"
_ELIDED = re.compile(rf"[ld]['’][{UPPER}]")
# 'Introduction to Nursing (2nd ed.)': an edition belongs to a title, never to names
_EDITION_IN_HEAD = re.compile(EDITION, re.IGNORECASE)
