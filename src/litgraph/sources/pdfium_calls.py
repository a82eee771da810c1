"""The PDFium calls the PDFium engine (`sources.pdfium`) makes, as direct ctypes prototypes
of pypdfium2's raw API, and the page's text objects read where PDFium dropped spaces."""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Callable
from typing import Any

Box = tuple[float, float, float, float]

CHAR_MARGIN = 2.0  # pdfminer.six's LAParams.char_margin
RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom
_MATRIX = struct.Struct("6f")  # FS_MATRIX: a b c d e f
_TEXT_OBJECT = 1  # FPDF_PAGEOBJ_TEXT


class Api:
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


_API: Api | None = None


def api() -> Api:
    global _API
    if _API is None:
        _API = Api()
    return _API


class Gaps:
    """Where on a page PDFium dropped spaces: it keeps the first space of a run and drops the
    rest (with whole text objects of spaces), but the text objects keep their extent (a space
    has no ink: its origin marks the object's edge). Read from the page's text objects, and
    only when a page needs it."""

    def __init__(self, api: Api, page: int, to_page: Callable[[Box], Box], objs: list[int]):
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
        if x0 - end >= CHAR_MARGIN * max(pw, w):
            if self.unread is None:
                self.unread = self._unread()
            for ox0, oy0, ox1, _ in self.unread:  # left to right: a chain of space objects
                if ox0 > end + CHAR_MARGIN * pw:
                    break
                if py0 <= oy0 <= py1 and ox1 + pw > end:
                    end = ox1 + pw
        if end <= px1 or x0 - end >= CHAR_MARGIN * max(pw, w):
            return 0
        return max(1, round((end - px1) / pw))
