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
import struct
from collections.abc import Callable
from typing import Any

from litgraph.errors import ExtractionError
from litgraph.sources.pdf import clean_line as _clean_line
from litgraph.sources.pdf import clean_spaces

RawLine = tuple[str, float, float, float, float, float, bool]  # text x0 y0 x1 y1 size bold
Box = tuple[float, float, float, float]

# pdfminer.six's LAParams defaults, which the pdfminer engine uses
_LINE_OVERLAP = 0.5
_CHAR_MARGIN = 2.0
_WORD_MARGIN = 0.1

_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom
_MATRIX = struct.Struct("6f")  # FS_MATRIX: a b c d e f
_ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD
_TEXT_OBJECT = 1  # FPDF_PAGEOBJ_TEXT
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


class _Api:
    """Direct prototypes of the per-character PDFium calls: handles passed as plain
    addresses, which saves most of ctypes' per-call conversion cost. The three calls made
    for every character declare no argument types at all (the text page passed as a
    c_void_p, the index as a C int, the box as a ready-made reference into one buffer): that
    halves their cost again."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        def proto(fn: Any, res: Any, *args: Any) -> Any:
            return ctypes.CFUNCTYPE(res, *args)(ctypes.cast(fn, ctypes.c_void_p).value or 0)

        vp, i, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_float
        self.rect = (f * 4)()  # FS_RECTF: left, top, right, bottom
        self.d = [ctypes.c_double() for _ in range(4)]
        self.name = ctypes.create_string_buffer(256)
        self.loose_box = proto(raw.FPDFText_GetLooseCharBox, ctypes.c_int, vp, i, vp)
        self.char_box = proto(
            raw.FPDFText_GetCharBox, i, vp, i, *[ctypes.POINTER(ctypes.c_double)] * 4
        )
        self.text_object = proto(raw.FPDFText_GetTextObject, vp, vp, i)
        self.is_generated = proto(raw.FPDFText_IsGenerated, i, vp, i)
        self.unicode = proto(raw.FPDFText_GetUnicode, ctypes.c_uint, vp, i)
        self.m = (f * 6)()  # FS_MATRIX: a b c d e f
        self.count = proto(raw.FPDFText_CountChars, i, vp)
        self.get_text = proto(raw.FPDFText_GetText, i, vp, i, i, vp)
        self.obj_font = proto(raw.FPDFTextObj_GetFont, vp, vp)

        def bare(fn: Any, res: Any) -> Any:
            f = proto(fn, res)
            f.argtypes = None  # arguments converted by their own type only
            return f

        # (text page, index) and (text page, index, box reference)
        self.char_object = bare(raw.FPDFText_GetTextObject, vp)
        self.char_generated = bare(raw.FPDFText_IsGenerated, i)
        self.char_loose_box = bare(raw.FPDFText_GetLooseCharBox, i)
        # once per text object: (text page, index) and (text page, index, matrix reference)
        self.char_font_size = bare(raw.FPDFText_GetFontSize, ctypes.c_double)
        self.char_matrix = bare(raw.FPDFText_GetMatrix, i)
        self.m_ref = ctypes.byref(self.m)
        self.bold_fonts: dict[int, bool] = {}  # by font handle, for one page
        self.count_objects = proto(raw.FPDFPage_CountObjects, i, vp)
        self.get_object = proto(raw.FPDFPage_GetObject, vp, vp, i)
        self.object_type = proto(raw.FPDFPageObj_GetType, i, vp)
        self.object_bounds = proto(raw.FPDFPageObj_GetBounds, i, vp, *[ctypes.POINTER(f)] * 4)
        self.fb = [f() for _ in range(4)]
        self.fb_refs = [ctypes.byref(v) for v in self.fb]
        self.page_object = bare(raw.FPDFPage_GetObject, vp)  # (page, index)
        self.boxes = (f * 0)()
        self.refs: list[Any] = []
        self.font_name = proto(raw.FPDFFont_GetBaseFontName, ctypes.c_ulong, vp, vp, ctypes.c_ulong)

    def text(self, page: int, count: int) -> str:
        """The page's characters, one per index (PDFium's generated spaces and breaks included)."""
        buf = ctypes.create_string_buffer(2 * count + 2)
        n = self.get_text(page, 0, count, ctypes.addressof(buf))
        text = buf.raw[: 2 * max(n - 1, 0)].decode("utf-16-le", errors="replace")
        if len(text) != count:  # characters outside the BMP: read them one by one
            text = "".join(chr(self.unicode(page, k) or 0xFFFD) for k in range(count))
        return text

    def size(self, page: Any, k: int, rotate: int) -> float:
        """A character's font size on the page (its Tf size scaled by the text matrix) when
        it is set horizontally on the page as displayed (turned by `rotate`), else 0. The
        page is the text page as a c_void_p."""
        size = self.char_font_size(page, k)
        if not self.char_matrix(page, k, self.m_ref):
            return 0.0
        a, b, c, d, _, _ = _MATRIX.unpack_from(self.m)
        if rotate == 90:
            a, b, c, d = b, -a, d, -c
        elif rotate == 180:
            a, b, c, d = -a, -b, -c, -d
        elif rotate == 270:
            a, b, c, d = -b, a, -d, c
        if a * d <= 0 or abs(b) > 0.1 * abs(a):
            return 0.0  # rotated or mirrored: the box PDFium gives is used as it is
        return round(size * (c * c + d * d) ** 0.5, 1)

    def box_refs(self, n: int) -> list[Any]:
        """References to n consecutive FS_RECTF slots of one reused buffer (`self.boxes`)."""
        if len(self.refs) < n:
            size = max(n, 2 * len(self.refs), 4096)
            self.boxes = (ctypes.c_float * (4 * size))()
            self.refs = [ctypes.byref(self.boxes, 16 * j) for j in range(size)]
        return self.refs

    def glyph_box(self, page: int, k: int) -> tuple[float, float, float, float] | None:
        """A character's tight box (left, right, bottom, top), None when PDFium has none."""
        d = self.d
        if not self.char_box(page, k, *(ctypes.byref(v) for v in d)):
            return None
        return d[0].value, d[1].value, d[2].value, d[3].value

    def bold(self, obj: int) -> bool:
        """Whether the text object's font is bold by its name (remembered per font for the
        page: `bold_fonts` is emptied for each page, a handle may be reused after it)."""
        font = self.obj_font(obj)
        if not font:
            return False
        bold = self.bold_fonts.get(font)
        if bold is None:
            n = self.font_name(font, ctypes.addressof(self.name), 256)
            name = self.name.raw[: max(n - 1, 0)].decode("latin-1")
            bold = self.bold_fonts[font] = "Bold" in name or "bold" in name
        return bold


_API: _Api | None = None


def _api() -> _Api:
    global _API
    if _API is None:
        _API = _Api()
    return _API


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
    api: _Api, tp: int, rotate: int, to_page: Callable[[Box], Box], page_handle: int = 0
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
    after a space that the text objects show to have been filled with spaces (`_Gaps`) does
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
    gaps = _Gaps(api, page_handle, to_page, objs)
    pk, pobj = -1, 0  # the character before: its index and text object
    for k, obj, x0, y1, x1, y0 in zip(index, objs, coords, coords, coords, coords):
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


class _Gaps:
    """Where on a page PDFium dropped spaces: it keeps the first space of a run and drops the
    rest (with whole text objects of spaces), but the text objects keep their extent (a space
    has no ink: its origin marks the object's edge). Read from the page's text objects, and
    only when a page needs it."""

    def __init__(self, api: _Api, page: int, to_page: Callable[[Box], Box], objs: list[int]):
        self.api, self.page, self.to_page, self.objs = api, page, to_page, objs
        self.unread: list[Box] | None = None

    def _bounds(self, obj: int) -> Box | None:
        """A text object's box on the page as displayed."""
        api = self.api
        if not obj or not api.object_bounds(obj, *api.fb_refs):
            return None
        left, bottom, right, top = (v.value for v in api.fb)
        x0, y0, x1, y1 = self.to_page((left, bottom, right, top))
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def _unread(self) -> list[Box]:
        """The boxes of the text objects without ink (spaces only: a box without height) and
        without a character on PDFium's text page, left to right."""
        api, out = self.api, list[Box]()
        if not self.page:
            return out
        page, listed = ctypes.c_void_p(self.page), set(self.objs)
        get, kind, fb = api.page_object, api.object_type, api.fb
        for i in range(api.count_objects(self.page)):
            obj = get(page, i) or 0
            if obj in listed or kind(obj) != _TEXT_OBJECT:
                continue
            box = self._bounds(obj)
            if box is not None and min(fb[2].value - fb[0].value, fb[3].value - fb[1].value) < 0.01:
                out.append(box)
        out.sort()
        return out

    def spaces(self, obj: int, prev: Box, x0: float, w: float, next_obj: int) -> int:
        """How many spaces (about) PDFium dropped after the character `prev` (of text object
        `obj`) when they reach as far as the next one (at x0, w wide, of text object
        `next_obj`), by pdfminer's rule (within two character widths); else 0.

        The spaces are the rest of `obj` when the next character is in another object (in the
        same one, the gap may as well be a move in a TJ array: tab stops), and the text
        objects of nothing but spaces that PDFium left out."""
        px0, py0, px1, py1 = prev
        pw = px1 - px0
        if pw <= 0:
            return 0
        end = px1
        own = self._bounds(obj) if next_obj != obj else None
        if own is not None and px1 + 0.5 * pw <= own[2] < x0:
            end = own[2] + pw
        if x0 - end >= _CHAR_MARGIN * max(pw, w):
            if self.unread is None:
                self.unread = self._unread()
            for ox0, oy0, ox1, _ in self.unread:  # left to right: a chain of space objects
                if ox0 > end + _CHAR_MARGIN * pw:
                    break
                if py0 <= oy0 <= py1 and ox1 + pw > end:
                    end = ox1 + pw
        if end <= px1 or x0 - end >= _CHAR_MARGIN * max(pw, w):
            return 0
        return max(1, round((end - px1) / pw))


def _fill_failed(api: _Api, tp: int, index: list[int]) -> None:
    """Where PDFium gave no box, the character before's box (a zero box first), as reading
    the boxes one by one into one reused buffer gave."""
    prev = (0.0, 0.0, 0.0, 0.0)
    for j, k in enumerate(index):
        if api.loose_box(tp, k, ctypes.addressof(api.rect)):
            prev = _RECT.unpack_from(api.rect)
        api.boxes[4 * j : 4 * j + 4] = list(prev)


def _emit(
    out: list[RawLine], parts: list[str], sizes: dict[float, int], n_bold: int, box: Box
) -> None:
    text = _clean_line("".join(parts))
    if text and sizes:
        common = max(sizes, key=sizes.__getitem__)  # the first of equally common sizes
        out.append((text, *box, common, n_bold * 2 > sum(sizes.values())))
