"""Footnotes: the notes at a page's foot, the full references they hold (the footnote style of
the social sciences and law), and the superscript markers that point to them.

A note starts with its number, written as a superscript ('¹ See Ostrom, E. (1990) ...') or, in
a PDF, as a plain number on a line set smaller than the body text. A note holds a reference
when a part of it (split at ';', 'See' and 'Cf.' dropped) parses as one: authors, a year and a
title of two words or more. 'Ibid.' and 'op. cit.' are resolved by the citation finder.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from litgraph.extract.linking import ReferenceIndex
from litgraph.extract.refparse import parse_reference
from litgraph.lexicon.names import family_key
from litgraph.model import Citation, Page, Reference

SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPT, "0123456789")
_SUP_START = re.compile(rf"^\s*([{SUPERSCRIPT}]{{1,3}})\s*(\S.*)$")
_NUM_START = re.compile(r"^\s*(\d{1,3})\s*(?=[^\W\d_]|[\"“‘'(])(.*)$")
_LEAD = re.compile(
    r"^(?:(?:see|cf\.|compare|vgl\.|siehe|for example|e\.\s?g\.)(?:,?\s+also)?[,:]?\s+)+",
    re.IGNORECASE,
)
IBID = re.compile(r"^(?:ibid(?:em)?|ebd|ebenda|id)\b\.?", re.IGNORECASE)
OP_CIT = re.compile(r"\bop\.\s?cit\b\.?|\ba\.\s?a\.\s?O\.", re.IGNORECASE)


@dataclass(frozen=True)
class Note:
    page: int
    number: int
    text: str
    lines: tuple[str, ...]  # the note's lines as they stand in the page text


@dataclass(frozen=True)
class NoteReference:
    note: Note
    text: str  # the part of the note that is a reference
    reference: Reference


def superscript_number(text: str) -> int:
    """'¹²' -> 12."""
    return int(text.translate(_SUP_TO_DIGIT))


def find_notes(pages: tuple[Page, ...]) -> list[Note]:
    """The footnotes of the pages, in reading order."""
    out: list[Note] = []
    sizes = Counter(round(ln.size, 1) for p in pages for ln in p.lines if ln.size)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    for page in pages:
        if page.lines and body:
            rows = [(ln.text, ln.size < body - 0.6) for ln in page.lines]
        else:
            rows = [(t, False) for t in page.text.split("\n")]
        out.extend(_page_notes(page.number, rows))
    return out


def _page_notes(number: int, rows: list[tuple[str, bool]]) -> list[Note]:
    notes: list[Note] = []
    current: list[str] = []
    mark = 0
    small_run = False
    for text, small in rows:
        sup = _SUP_START.match(text)
        num = _NUM_START.match(text) if small else None
        if sup or num:
            if current:
                notes.append(_note(number, mark, current))
            mark = superscript_number(sup.group(1)) if sup else int(num.group(1)) if num else 0
            current, small_run = [text], small
        elif current and small_run and small:
            current.append(text)  # a note's wrapped line, set as small as its first
        elif current:
            notes.append(_note(number, mark, current))
            current = []
    if current:
        notes.append(_note(number, mark, current))
    return [n for n in notes if n.number > 0]


def _note(page: int, number: int, lines: list[str]) -> Note:
    text = " ".join(ln.strip() for ln in lines)
    text = re.sub(rf"^\s*(?:[{SUPERSCRIPT}]+|\d{{1,3}})\s*", "", text)
    return Note(page, number, re.sub(r"\s+", " ", text).strip(), tuple(lines))


def note_references(notes: list[Note]) -> list[NoteReference]:
    """The full references written in notes (a note may hold several, split at ';')."""
    out: list[NoteReference] = []
    for note in notes:
        if _repeats(note):
            continue
        for part in re.split(r";\s+", note.text):
            chunk = _LEAD.sub("", part.strip()).strip()
            ref = _as_reference(chunk)
            if ref is not None:
                out.append(NoteReference(note, chunk, ref))
    return out


def cited_notes(notes: list[Note], in_notes: list[NoteReference]) -> list[Note]:
    """The notes that note_citations turns into citations: references and repeats."""
    with_refs = {id(nr.note) for nr in in_notes}
    return [n for n in notes if id(n) in with_refs or _repeats(n)]


def _repeats(note: Note) -> bool:
    return bool(IBID.match(note.text) or OP_CIT.search(note.text[:80]))


def footnote_references(
    pages: tuple[Page, ...], references: tuple[Reference, ...]
) -> tuple[Reference, ...]:
    """Entries for the works cited in full in footnotes, when the document has no reference
    list of its own (the footnote style): one per work, ids 'n1', 'n2', ..."""
    if references:
        return ()
    out: list[Reference] = []
    seen: set[tuple[str, int | None, str]] = set()
    for nr in note_references(find_notes(pages)):
        ref = nr.reference
        key = (family_key(ref.authors[0].family), ref.year, ref.year_suffix)
        if key in seen:
            continue
        seen.add(key)
        out.append(replace(ref, id=f"n{len(out) + 1}"))
    return tuple(out)


def _as_reference(chunk: str) -> Reference | None:
    if len(chunk) < 30 or not chunk[:1].isupper():
        return None
    ref = parse_reference(chunk, "")
    if not ref.authors or ref.year is None or not ref.title or len(ref.title.split()) < 2:
        return None
    if len(ref.authors) > 8 or any(len(a.family.split()) > 3 for a in ref.authors):
        return None
    return ref


def note_citations(
    notes: list[Note],
    in_notes: list[NoteReference],
    index: ReferenceIndex,
    sentences: list[tuple[int, list[str]]],
) -> list[Citation]:
    """A citation for each reference written in a note, and for each note that repeats one
    ('Ibid.', 'Ostrom, op. cit.'), with the body sentence that carries the note's marker."""
    by_note: dict[tuple[int, int], list[NoteReference]] = {}
    for nr in in_notes:
        by_note.setdefault((nr.note.page, nr.note.number), []).append(nr)
    out: list[Citation] = []
    previous: list[str | None] = []
    by_family: dict[str, set[str]] = {}
    for note in notes:
        sentence = _marked_sentence(note, sentences) or note.text
        found = by_note.get((note.page, note.number), [])
        if found:
            previous = []
            for nr in found:
                ref = nr.reference
                names = tuple(a.family for a in ref.authors)
                rid = index.link(names, len(names) > 2, ref.year, ref.year_suffix, first_only=True)
                label = f"{names[0]}{' et al.' if len(names) > 2 else ''} {ref.year}"
                out.append(Citation(rid, label, sentence, note.page, form="footnote"))
                previous.append(rid)
                if rid:
                    by_family.setdefault(family_key(names[0]), set()).add(rid)
            continue
        op = OP_CIT.search(note.text[:80])
        if IBID.match(note.text) or op:
            if op:
                refs = by_family.get(family_key(_name_before(note.text[: op.start()])), set())
                rid = next(iter(refs)) if len(refs) == 1 else None
            else:
                rid = previous[0] if len(previous) == 1 else None
            text = note.text[: op.end()] if op else IBID.match(note.text).group(0)  # type: ignore[union-attr]
            out.append(Citation(rid, text, sentence, note.page, form="repeat"))
            previous = [rid]
    return out


def _name_before(text: str) -> str:
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return words[-1] if words else ""


def _marked_sentence(note: Note, sentences: list[tuple[int, list[str]]]) -> str | None:
    """The body sentence on the note's page that carries its marker ('...reform.³', 'reform.3')."""
    sup = str(note.number).translate(str.maketrans("0123456789", SUPERSCRIPT))
    n = note.number
    plain = re.compile(rf"(?<=[^\W\d_][.,;:)”’\"]){n}(?!\d)|(?<=[a-z]){n}(?=[\s.,;])")
    for page, page_sentences in sentences:
        if page != note.page:
            continue
        for s in page_sentences:
            if sup in s and not s.lstrip().startswith(sup):
                return s
        for s in page_sentences:
            if plain.search(s) and note.text[:20] not in s:
                return s
    return None
