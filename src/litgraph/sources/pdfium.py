"""PDF files -> raw layout lines with PDFium (pypdfium2), the fast engine beside pdfminer.six.

PDFium's text page gives every character with its box and font; the characters are grouped
into lines the way pdfminer.six's layout analysis groups them (consecutive characters in
content order that overlap vertically by half a character and lie within two character
widths of each other), with a space wherever the gap exceeds a tenth of a character. The
result is the same intermediate `pdf.py` builds pages from, so everything above the PDF layer
reads both engines alike.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

from litgraph.errors import ExtractionError
from litgraph.sources.pdf import clean_line as _clean_line
from litgraph.sources.pdf import clean_spaces
from litgraph.sources.pdfium_calls import CHAR_MARGIN, RECT, Api, Box, Gaps
from litgraph.sources.pdfium_calls import api as _api

RawLine = tuple[str, float, float, float, float, float, bool]  # text x0 y0 x1 y1 size bold

# pdfminer.six's LAParams defaults, which the pdfminer engine uses
_LINE_OVERLAP = 0.5
_CHAR_MARGIN = CHAR_MARGIN
_WORD_MARGIN = 0.1

_ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD
_ALLOW_EXTRACT = 1 << 4  # permission bit 5: copy or extract text
_HYPHENS = str.maketrans({"\x02": "-", "\ufffe": "-"})  # PDFium's marks of a line-end hyphen


def version() -> str | None:
    """The installed pypdfium2 and PDFium versions, or None when pypdfium2 is missing."""
    try:
        import pypdfium2
    except ImportError:
        return None
    v = pypdfium2.version
    return f"{v.PYPDFIUM_INFO} (PDFium {v.PDFIUM_INFO.build})"


def read_layout(path: str, max_pages: int) -> tuple[list[list[RawLine]], dict[str, str]]:
    """Per page, the raw lines (top-down order is left to the layout code), and metadata."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise ExtractionError(
            path, "the pdfium engine needs pypdfium2: pip install pypdfium2 (or use pdfminer)"
        ) from None
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _ERR_PASSWORD:
            raise ExtractionError(
                path, "the PDF is encrypted (password protected); save an unprotected copy first"
            ) from None
        raise
    try:
        if not raw.FPDF_GetDocPermissions(doc.raw) & _ALLOW_EXTRACT:
            raise ExtractionError(path, "the PDF forbids text extraction; save an unlocked copy")
        metadata = _metadata(doc)
        n = len(doc)
        if not n:
            raise ExtractionError(path, "the PDF has no pages; re-export it")
        if n > max_pages:
            raise ExtractionError(
                path, f"the PDF has {n} pages, more than the limit of {max_pages}"
            )
        api = _api()
        pages: list[list[RawLine]] = []
        heights: list[float] = []
        # pages and text pages through the raw API: pypdfium2's page objects cost more
        # than loading a page's text
        for i in range(n):
            page = raw.FPDF_LoadPage(doc.raw, i)
            if not page:
                raise pdfium.PdfiumError("Failed to load page.")
            try:
                height, rotate, to_page = _page_space(raw, page)
                heights.append(height)
                textpage = raw.FPDFText_LoadPage(page)
                if not textpage:
                    raise pdfium.PdfiumError("Failed to load text page.")
                try:
                    handle = ctypes.cast(textpage, ctypes.c_void_p).value or 0
                    page_handle = ctypes.cast(page, ctypes.c_void_p).value or 0
                    pages.append(_page_lines(api, handle, rotate, to_page, page_handle))
                finally:
                    raw.FPDFText_ClosePage(textpage)
            finally:
                raw.FPDF_ClosePage(page)
    finally:
        doc.close()
    metadata["page_heights"] = ",".join(f"{h:.0f}" for h in heights)
    return pages, metadata


def _metadata(doc: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        info = doc.get_metadata_dict(skip_empty=True)
    except Exception:  # metadata is optional; a broken Info dict must not fail the file
        return out
    for key in ("Title", "Author", "Subject", "Keywords", "CreationDate"):
        val = info.get(key)
        if isinstance(val, str) and val.strip():
            out[key.lower()] = clean_spaces(val).strip()
    return out


def _page_space(raw: Any, page: Any) -> tuple[float, int, Callable[[Box], Box]]:
    """The page height as displayed, and the map from PDF user space to the displayed page
    (origin at the media box's lower left, the page's /Rotate applied), as pdfminer does."""
    # the page's own media box, as pdfminer takes it; PDFium reads an inherited one only as
    # the page's bounding box (cut to the crop box)
    f = [ctypes.c_float() for _ in range(4)]
    if raw.FPDFPage_GetMediaBox(page, *f):
        x0, y0, x1, y1 = (v.value for v in f)
    else:
        rect = raw.FS_RECTF()
        if not raw.FPDF_GetPageBoundingBox(page, rect):
            raise RuntimeError("Failed to get page bounding box.")
        x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
    turns = raw.FPDFPage_GetRotation(page)
    if turns not in (0, 1, 2, 3):
        raise RuntimeError("Failed to get page rotation.")
    rotate = 90 * turns

    def to_page(b: Box) -> Box:
        left, bottom, right, top = b
        if rotate == 90:
            return (bottom - y0, x1 - right, top - y0, x1 - left)
        if rotate == 180:
            return (x1 - right, y1 - top, x1 - left, y1 - bottom)
        if rotate == 270:
            return (y1 - top, left - x0, y1 - bottom, right - x0)
        return (left - x0, bottom - y0, right - x0, top - y0)

    return (x1 - x0 if rotate in (90, 270) else y1 - y0), rotate, to_page


def _page_lines(
    api: Api, tp: int, rotate: int, to_page: Callable[[Box], Box], page_handle: int = 0
) -> list[RawLine]:
    """The page's lines, in one pass over its characters in PDFium's (content) order.

    A horizontal character's box is pdfminer's: from the advance width, and from the font's
    descent up by the font size. As pdfminer.six groups characters, a line ends where the
    next character overlaps the previous one vertically by less than half the smaller height,
    or lies more than two character widths away from it; inside a line a gap wider than a
    tenth of a character is a space, and a character drawn again on itself (the same letter,
    less than a third of its width away, from another text object: 'fake bold') is dropped.
    PDFium's own spaces and line breaks (generated, not in the file) are ignored. PDFium
    keeps only the first of several spaces in a row, where pdfminer.six has them all: a gap
    after a space that the text objects show to have been filled with spaces (`Gaps`) does
    not end the line, and the spaces count towards its font size.

    The PDFium calls come first, each in one comprehension over the page's characters (the
    boxes written side by side into one buffer and read back as one list of floats); the
    grouping then runs over plain Python values.
    """
    count = api.count(tp)
    if count <= 0:
        return []
    text = api.text(tp, count).translate(_HYPHENS)
    page = ctypes.c_void_p(tp)
    is_generated = api.char_generated
    index = [
        k
        for k, ch in enumerate(text)
        if ch not in "\r\n " or (ch == " " and not is_generated(page, k))
    ]
    if not index:
        return []
    text_object, loose_box = api.char_object, api.char_loose_box
    objs = [text_object(page, k) or 0 for k in index]
    refs = api.box_refs(len(index))
    if not all([loose_box(page, k, ref) for k, ref in zip(index, refs)]):
        _fill_failed(api, tp, index)
    coords = iter(memoryview(api.boxes).cast("B").cast("f")[: 4 * len(index)].tolist())
    plain = to_page((0.0, 0.0, 0.0, 0.0)) == (0.0, 0.0, 0.0, 0.0)
    fonts: dict[int, tuple[float, bool]] = {}  # per text object: size (0: not horizontal), bold
    api.bold_fonts.clear()
    overlap, margin, word = _LINE_OVERLAP, _CHAR_MARGIN, _WORD_MARGIN
    out: list[RawLine] = []
    cur_obj, size, bold = -1, 0.0, False
    # the line being built: its text, sizes, bold count, box; the previous character's box.
    # Characters of one text object share its size and weight: they are counted as a run,
    # added to `sizes` when the object changes or the line ends (in the same order as one
    # by one)
    parts: list[str] = []
    sizes: dict[float, int] = {}
    n_bold = run = 0
    lx0 = ly0 = lx1 = ly1 = px0 = py0 = px1 = py1 = 0.0
    last, last_x, last_obj = "", 0.0, -1
    gaps = Gaps(api, page_handle, to_page, objs)
    pk, pobj = -1, 0  # the character before: its index and text object
    fast = False  # the current text object is upright on an upright page, with a font size
    for k, obj, x0, y1, x1, y0 in zip(index, objs, coords, coords, coords, coords):
        if obj == last_obj and obj == cur_obj and y0 == py0 and fast:
            # the usual character: the line's text object goes on at the same height (so
            # the same box top and bottom, no duplicate of the one before) and the
            # character lies after the one before, near enough: the general steps below,
            # with what cannot change left out
            w = x1 - x0
            if x0 > px1:
                pw = px1 - px0
                if x0 - px1 < (pw if pw > w else w) * margin:
                    if px1 < x0 - word * (w if w > size else size):
                        parts.append(" ")
                    if x1 > lx1:
                        lx1 = x1
                    px0, px1, pk = x0, x1, k
                    last = text[k]
                    last_x = x0
                    run += 1
                    parts.append(last)
                    continue
            elif px0 <= x1:
                if x0 < lx0:
                    lx0 = x0
                if x1 > lx1:
                    lx1 = x1
                px0, px1, pk = x0, x1, k
                last = text[k]
                last_x = x0
                run += 1
                parts.append(last)
                continue
        if obj != cur_obj:
            if run:
                sizes[size] = sizes.get(size, 0) + run
                n_bold += bold * run
                run = 0
            font = fonts.get(obj)
            if font is None:
                font = fonts[obj] = (
                    (api.size(page, k, rotate), api.bold(obj)) if obj else (0.0, False)
                )
            cur_obj, (size, bold) = obj, font
            fast = plain and size > 0
        if size <= 0 and (x1 <= x0 or y1 <= y0):  # no font facts: the glyph's own box
            box = api.glyph_box(tp, k)
            if box is None:
                continue
            x0, x1, y0, y1 = box
        if not plain:
            x0, y0, x1, y1 = to_page((x0, y0, x1, y1))
            x0, x1 = (x0, x1) if x0 <= x1 else (x1, x0)
            y0, y1 = (y0, y1) if y0 <= y1 else (y1, y0)
        if size > 0:
            y1 = y0 + size
        w = x1 - x0
        h = y1 - y0
        if parts:
            if y0 == py0 and y1 == py1:  # the usual case: the same baseline and size
                aligned = h > 0
                same_row = True
            else:
                lo = py0 if py0 > y0 else y0
                hi = py1 if py1 < y1 else y1
                ph = py1 - py0
                aligned = hi >= lo and hi - lo > (ph if ph < h else h) * overlap
                same_row = False
            if aligned and (x0 > px1 or px0 > x1):  # apart horizontally
                dist = x0 - px1 if x0 > px1 else px0 - x1
                pw = px1 - px0
                aligned = dist < (pw if pw > w else w) * margin
                if not aligned and x0 > px1 and (text[pk] == " " or " " in text[pk + 1 : k]):
                    dropped = gaps.spaces(pobj, (px0, py0, px1, py1), x0, w, obj)
                    if dropped:  # the spaces PDFium left out join the line as in pdfminer
                        aligned = True
                        pfont = fonts.get(pobj, (0.0, False))
                        pkey = pfont[0] or round(py1 - py0, 1)
                        sizes[pkey] = sizes.get(pkey, 0) + dropped
                        n_bold += pfont[1] * dropped
            if aligned:
                if px1 < x0 - word * (w if w > h else h):
                    parts.append(" ")
                if x0 < lx0:
                    lx0 = x0
                if x1 > lx1:
                    lx1 = x1
                if not same_row:  # on the same row the line's top and bottom stay
                    ly0 = y0 if y0 < ly0 else ly0
                    ly1 = y1 if y1 > ly1 else ly1
            else:
                if run:
                    sizes[size] = sizes.get(size, 0) + run
                    n_bold += bold * run
                    run = 0
                _emit(out, parts, sizes, n_bold, (lx0, ly0, lx1, ly1))
                parts, sizes, n_bold = [], {}, 0
        if not parts:
            lx0, ly0, lx1, ly1 = x0, y0, x1, y1
            last, last_obj = "", -1
        px0, py0, px1, py1, pk, pobj = x0, y0, x1, y1, k, obj
        ch = text[k]
        if ch == last and obj != last_obj and abs(x0 - last_x) < w * 0.3:
            parts.append("")  # the line goes on; the duplicate adds nothing
            continue
        last, last_x, last_obj = ch, x0, obj
        if size > 0:
            run += 1
        else:
            key = round(h, 1)
            sizes[key] = sizes.get(key, 0) + 1
            n_bold += bold
        parts.append(ch)
    if parts:
        if run:
            sizes[size] = sizes.get(size, 0) + run
            n_bold += bold * run
        _emit(out, parts, sizes, n_bold, (lx0, ly0, lx1, ly1))
    return out


def _fill_failed(api: Api, tp: int, index: list[int]) -> None:
    """Where PDFium gave no box, the character before's box (a zero box first), as reading
    the boxes one by one into one reused buffer gave."""
    prev = (0.0, 0.0, 0.0, 0.0)
    for j, k in enumerate(index):
        if api.loose_box(tp, k, ctypes.addressof(api.rect)):
            prev = RECT.unpack_from(api.rect)
        api.boxes[4 * j : 4 * j + 4] = list(prev)


def _emit(
    out: list[RawLine], parts: list[str], sizes: dict[float, int], n_bold: int, box: Box
) -> None:
    text = _clean_line("".join(parts))
    if text and sizes:
        common = max(sizes, key=sizes.__getitem__)  # the first of equally common sizes
        out.append((text, *box, common, n_bold * 2 > sum(sizes.values())))
