"""PDF files -> RawDocument: one layout pass, clean text in reading order.

Two engines read the characters: pdfminer.six (the default) and PDFium through pypdfium2
(`sources.pdfium`, several times faster); both yield the same raw lines, and everything from
there on is shared.

Running headers/footers and page numbers are removed, hyphenation at line ends is joined,
two-column pages are read left column first, repository cover sheets are skipped.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from importlib.util import find_spec
from typing import Any

from litgraph.config import DEFAULT_PDF_ENGINE, PDF_ENGINES
from litgraph.errors import ConfigError, ExtractionError
from litgraph.keys import sha256_file
from litgraph.lexicon.hyphens import ends_broken, join_broken, vocabulary
from litgraph.model import Line, Page, RawDocument

DEFAULT_MAX_PAGES = 2000

_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\u00ad": ""}
)
_LIGATURE_CHARS = re.compile("[\ufb00-\ufb06\u00ad]")  # the keys of _LIGATURES
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a]+")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|seite|s\.)\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|von|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^[ivxlc]{1,6}$", re.IGNORECASE)
_COVER_WORDS = (
    "ssoar",
    "nutzungsbedingungen",
    "terms of use",
    "empfohlene zitierung",
    "suggested citation",
    "creative commons",
    "deposit-lizenz",
    "deposit licence",
    "provided in cooperation with",
    "zur verfügung gestellt",
    "urn:nbn",
    "persistent identifier",
    "this version is available at",
    "downloaded from",
    "terms and conditions",
)


def read_pdf(
    path: str, max_pages: int = DEFAULT_MAX_PAGES, engine: str = DEFAULT_PDF_ENGINE
) -> RawDocument:
    """Read a PDF into pages of clean text with per-line layout facts, with `engine`
    ('pdfminer' or 'pdfium') reading the characters.

    Raises ExtractionError (never an engine's exception) for unreadable input.
    """
    read_layout = _engine(engine)
    _check_file(path)
    digest = sha256_file(path)
    try:
        pages, metadata = read_layout(path, max_pages)
    except ExtractionError:
        raise
    except MemoryError:
        raise ExtractionError(path, "the PDF is too large to read in memory") from None
    except Exception as exc:  # the engines raise many unrelated types on broken files
        raise _classify(path, exc) from None
    if not any(lines for lines in pages):
        raise ExtractionError(
            path, "the PDF has no text layer (image-only, scanned?); run OCR first"
        )
    return RawDocument(path, digest, _build_pages(pages), True, metadata, _front(pages))


def engine_versions() -> dict[str, str | None]:
    """Each PDF engine's version, None when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    from litgraph.sources.pdfium import version as pdfium_version

    try:
        pdfminer: str | None = version("pdfminer.six")
    except PackageNotFoundError:
        pdfminer = None
    return {"pdfminer": pdfminer, "pdfium": pdfium_version()}


def check_engine(name: str) -> None:
    """A ConfigError unless `name` is a PDF engine that is installed."""
    if name not in PDF_ENGINES:
        raise ConfigError(f"unknown PDF engine {name!r}; use one of: {', '.join(PDF_ENGINES)}")
    if name == "pdfium" and find_spec("pypdfium2") is None:
        raise ConfigError(
            "the pdfium engine needs pypdfium2: pip install pypdfium2 (or use pdfminer)"
        )


def _engine(name: str) -> Callable[[str, int], tuple[list[list[_RawLine]], dict[str, str]]]:
    check_engine(name)
    if name == "pdfium":
        from litgraph.sources.pdfium import read_layout

        return read_layout
    return _read_layout


def clean_spaces(text: str) -> str:
    """Runs of spaces (tabs, no-break and typographic spaces) as one space."""
    return _SPACES.sub(" ", text)


def clean_line(text: str) -> str:
    """A line's characters as text: ligatures spelt out, soft hyphens gone, spaces single."""
    if _LIGATURE_CHARS.search(text):  # looking is cheaper than translating every line
        text = text.translate(_LIGATURES)
    return _SPACES.sub(" ", text).strip()


def _check_file(path: str) -> None:
    if not os.path.isfile(path):
        raise ExtractionError(path, "file not found; check the path")
    if os.path.getsize(path) == 0:
        raise ExtractionError(path, "the file is empty (0 bytes); re-download or re-export it")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF" not in head:
        raise ExtractionError(path, "not a PDF file (no %PDF header); is it mislabelled?")


def _classify(path: str, exc: Exception) -> ExtractionError:
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return ExtractionError(
            path, "the PDF is encrypted (password protected); save an unprotected copy first"
        )
    return ExtractionError(
        path, f"the PDF is corrupt or unreadable ({name}); try re-downloading or re-saving it"
    )


# --- the pdfminer engine: one layout pass -----------------------------------------------------

_RawLine = tuple[str, float, float, float, float, float, bool]  # text x0 y0 x1 y1 size bold


def _read_layout(path: str, max_pages: int) -> tuple[list[list[_RawLine]], dict[str, str]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with open(path, "rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        if not doc.is_extractable:
            raise ExtractionError(path, "the PDF forbids text extraction; save an unlocked copy")
        metadata = _metadata(doc)
        page_objs = list(PDFPage.create_pages(doc))
        if not page_objs:
            raise ExtractionError(path, "the PDF has no pages; re-export it")
        if len(page_objs) > max_pages:
            raise ExtractionError(
                path, f"the PDF has {len(page_objs)} pages, more than the limit of {max_pages}"
            )
        rsrc = PDFResourceManager()
        device = PDFPageAggregator(rsrc, laparams=LAParams(boxes_flow=None, all_texts=True))
        interp = PDFPageInterpreter(rsrc, device)
        pages: list[list[_RawLine]] = []
        heights: list[float] = []
        for page in page_objs:
            interp.process_page(page)
            layout = device.get_result()
            heights.append(float(layout.height))
            pages.append(list(_lines(layout)))
    metadata["page_heights"] = ",".join(f"{h:.0f}" for h in heights)
    return pages, metadata


def _metadata(doc: Any) -> dict[str, str]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    out: dict[str, str] = {}
    try:
        info = doc.info[0] if doc.info else {}
        for key in ("Title", "Author", "Subject", "Keywords", "CreationDate"):
            val = resolve1(info.get(key))
            if isinstance(val, bytes):
                val = decode_text(val)
            if isinstance(val, str) and val.strip():
                out[key.lower()] = _SPACES.sub(" ", val).strip()
    except Exception:  # metadata is optional; a broken Info dict must not fail the file
        pass
    return out


def _lines(layout: Any) -> Iterator[_RawLine]:
    from pdfminer.layout import LTChar, LTFigure, LTTextBox, LTTextLine

    stack = list(layout)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTTextLine):
            sizes: Counter[float] = Counter()
            bold = 0
            chars = []
            last, last_x = "", -99.0
            for ch in obj:
                t = ch.get_text()
                if isinstance(ch, LTChar):
                    if t == last and abs(ch.x0 - last_x) < ch.width * 0.3:
                        continue  # overprinted ('fake bold') duplicate
                    last, last_x = t, ch.x0
                    sizes[round(ch.size, 1)] += 1
                    if "Bold" in ch.fontname or "bold" in ch.fontname:
                        bold += 1
                chars.append(t)
            text = clean_line("".join(chars))
            if text and sizes:
                n = sum(sizes.values())
                size = sizes.most_common(1)[0][0]
                yield (text, obj.x0, obj.y0, obj.x1, obj.y1, size, bold * 2 > n)
        elif isinstance(obj, (LTTextBox, LTFigure)):
            stack.extend(obj)


# --- page cleaning --------------------------------------------------------------------------


def _build_pages(raw_pages: list[list[_RawLine]]) -> tuple[Page, ...]:
    start = 1 if len(raw_pages) > 1 and _is_cover(raw_pages[0]) else 0
    kept = raw_pages[start:]
    furniture = _furniture(kept)
    ordered: list[list[Line]] = []
    for i, lines in enumerate(kept):
        number = start + i + 1
        body = [ln for ln in lines if _key(ln) not in furniture[i]]
        ordered.append(_reading_order(body, number))
    vocab = _vocabulary(ordered)
    return tuple(
        Page(start + i + 1, page_text(page, vocab), tuple(page)) for i, page in enumerate(ordered)
    )


def _front(raw_pages: list[list[_RawLine]]) -> tuple[Line, ...]:
    """The cover page (when there is one) and the article's first two pages as printed:
    every line, furniture included, top to bottom, fragments on one baseline joined."""
    last = 3 if len(raw_pages) > 1 and _is_cover(raw_pages[0]) else 2
    out: list[Line] = []
    for i, lines in enumerate(raw_pages[:last]):
        rows = _merge_rows(_top_down([(ln, 0) for ln in lines]))
        out.extend(_mk(ln, i + 1, 0) for ln, _ in rows)
    return tuple(out)


def _is_cover(lines: list[_RawLine]) -> bool:
    """A repository's cover sheet (SSOAR, EconStor...): its licence and citation words."""
    text = " ".join(ln[0] for ln in lines).lower()
    return sum(1 for w in _COVER_WORDS if w in text) >= 3


def _key(ln: _RawLine) -> tuple[str, int]:
    return (ln[0], int(ln[2]))


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _furniture(pages: list[list[_RawLine]]) -> list[set[tuple[str, int]]]:
    """Lines that are page furniture: repeated headers/footers and bare page numbers."""
    edges: list[list[_RawLine]] = []
    for lines in pages:
        by_y = sorted(lines, key=lambda ln: -ln[2])
        edges.append(by_y[:3] + by_y[-3:] if len(by_y) > 6 else by_y)
    counts: Counter[tuple[str, int]] = Counter()
    for edge in edges:
        counts.update({(_shape(ln[0]), int(ln[2] / 6)) for ln in edge})
    need = max(2, int(len(pages) * 0.3 + 0.5))  # two pages: on both
    out: list[set[tuple[str, int]]] = []
    for edge in edges:
        drop = set()
        for ln in edge:
            t = ln[0].strip()
            repeated = counts[(_shape(t), int(ln[2] / 6))] >= need and len(t) < 150
            if repeated or _PAGE_NUMBER.match(t) or _ROMAN.match(t):
                drop.add(_key(ln))
        out.append(drop)
    return out


def _reading_order(lines: list[_RawLine], number: int) -> list[Line]:
    """Top-down bands; inside a band between full-width lines, left column then right."""
    if not lines:
        return []
    left = min(ln[1] for ln in lines)
    right = max(ln[3] for ln in lines)
    mid = (left + right) / 2
    body = Counter(round(ln[5]) for ln in lines).most_common(1)[0][0]
    col = [_column(ln, mid) for ln in lines]
    tops = [ln[2] for ln, c in zip(lines, col, strict=True) if c >= 0 and ln[5] <= body * 1.3]
    top = max(tops, default=0.0)
    col = [
        -1 if ln[5] > body * 1.3 and ln[2] > top else c for ln, c in zip(lines, col, strict=True)
    ]
    n_right = sum(1 for c in col if c == 1)
    two = sum(1 for c in col if c == 0) >= 6 and n_right >= 6 and n_right * 4 >= len(col)
    if not two:
        col = [0] * len(lines)
    rows = _merge_rows(_top_down(list(zip(lines, col, strict=True))))
    if not two:
        return [_mk(ln, number, 0) for ln, _ in rows]
    out: list[Line] = []
    band: list[tuple[_RawLine, int]] = []
    for ln, c in rows:
        if c == -1:
            out.extend(_flush(band, number))
            band = []
            out.append(_mk(ln, number, 0))
        else:
            band.append((ln, c))
    out.extend(_flush(band, number))
    return out


def _top_down(rows: list[tuple[_RawLine, int]]) -> list[tuple[_RawLine, int]]:
    """Sort top to bottom; lines within 1.5 pt of one baseline left to right."""
    rows.sort(key=lambda p: -p[0][2])
    out: list[tuple[_RawLine, int]] = []
    group: list[tuple[_RawLine, int]] = []
    for r in rows:
        if group and group[0][0][2] - r[0][2] > 1.5:
            out.extend(sorted(group, key=lambda p: p[0][1]))
            group = []
        group.append(r)
    out.extend(sorted(group, key=lambda p: p[0][1]))
    return out


def _merge_rows(rows: list[tuple[_RawLine, int]]) -> list[tuple[_RawLine, int]]:
    """Join fragments on one baseline in one column ('1.' + 'Surname, A. ...')."""
    out: list[tuple[_RawLine, int]] = []
    for ln, c in rows:
        if out:
            prev, pc = out[-1]
            gap = ln[1] - prev[3]
            label = len(prev[0]) <= 5 and gap < 4 * max(ln[5], 1)
            if pc == c and abs(prev[2] - ln[2]) < 1.5 and gap > -1 and (label or gap < ln[5]):
                # fragments that touch are one word split at a change of font ('M' 'ohamad')
                text = prev[0] + ("" if gap < ln[5] * 0.1 else " ") + ln[0]
                out[-1] = (
                    (
                        text,
                        prev[1],
                        min(prev[2], ln[2]),
                        ln[3],
                        max(prev[4], ln[4]),
                        prev[5] if len(prev[0]) >= len(ln[0]) else ln[5],
                        prev[6],
                    ),
                    c,
                )
                continue
        out.append((ln, c))
    return out


def _column(ln: _RawLine, mid: float) -> int:
    if ln[3] <= mid + 4:
        return 0
    if ln[1] >= mid - 4:
        return 1
    return -1


def _flush(band: list[tuple[_RawLine, int]], number: int) -> list[Line]:
    lefts = [_mk(ln, number, 0) for ln, c in band if c == 0]
    rights = [_mk(ln, number, 1) for ln, c in band if c == 1]
    return lefts + rights


def _mk(ln: _RawLine, number: int, column: int) -> Line:
    return Line(ln[0], ln[1], ln[2], ln[3], ln[5], ln[6], number, column)


# --- hyphenation ------------------------------------------------------------------------------


def _vocabulary(pages: list[list[Line]]) -> set[str]:
    """Words (and hyphenated compounds) used inside lines of this document."""
    return vocabulary(ln.text[:-1] for lines in pages for ln in lines if ln.text)


# --- headings -------------------------------------------------------------------------------

_MAX_HEADING_WORDS = 14  # per line
_MAX_HEADING_LINES = 3  # a longer run in heading type is body text set large or bold
_MAX_HEADING_RUN_WORDS = 30


def heading_flags(lines: Sequence[Line]) -> list[bool]:
    """Which lines are headings: in bold on a page of regular text, or larger than its body
    text; short, without closing punctuation, in a run of at most three such lines."""
    if not lines:
        return []
    body = Counter(round(ln.size, 1) for ln in lines).most_common(1)[0][0]
    if body <= 0:  # no font facts (a text source)
        return [False] * len(lines)
    bold_body = sum(1 for ln in lines if ln.bold) * 2 > len(lines)
    flags = [
        (ln.size >= body * 1.08 or (ln.bold and not bold_body and ln.size >= body * 0.9))
        and len(ln.text.split()) <= _MAX_HEADING_WORDS
        and ln.text.rstrip()[-1:] not in ".,;"
        for ln in lines
    ]
    for start, end in _heading_runs(lines, flags):
        words = sum(len(ln.text.split()) for ln in lines[start:end])
        if end - start > _MAX_HEADING_LINES or words > _MAX_HEADING_RUN_WORDS:
            flags[start:end] = [False] * (end - start)
    return flags


def _heading_runs(lines: Sequence[Line], flags: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive heading lines in one type (size and weight)."""
    runs: list[tuple[int, int]] = []
    for i, flag in enumerate(flags):
        if not flag:
            continue
        if runs and runs[-1][1] == i and _same_type(lines[i - 1], lines[i]):
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _same_type(a: Line, b: Line) -> bool:
    return round(a.size, 1) == round(b.size, 1) and a.bold == b.bold


def page_text(lines: Sequence[Line], vocab: set[str] | None = None) -> str:
    """A page's lines as text; a heading is a paragraph of its own (blank lines around it)."""
    flags = heading_flags(lines)
    texts: list[str] = []
    for i, ln in enumerate(lines):
        if i and flags[i] != flags[i - 1]:
            texts.append("")
        elif i and flags[i] and not _same_type(lines[i - 1], ln):
            texts.append("")  # title, then author line, then 'Abstract'
        texts.append(ln.text)
    return _page_text(texts, vocab or set())


def _page_text(texts: list[str], vocab: set[str]) -> str:
    out: list[str] = []
    for t in texts:
        if out and ends_broken(out[-1]) and t[:1].isalpha():
            word, _, rest = t.partition(" ")
            out[-1] = join_broken(out[-1], word, vocab)
            if rest:
                out.append(rest)
            continue
        out.append(t)
    return "\n".join(out)
