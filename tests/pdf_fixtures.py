"""Generate small test PDFs with fpdf2 (own invented text; nothing copied from real papers)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from fpdf import FPDF

TITLE = "Gardening Together: Shared Work in Urban Allotments"
AUTHORS = ("Maria Keller", "Tom Bradley")
BODY = (
    "Shared gardens are places where neighbours produce food and social ties together. "
    "This paper looks at how allotment members divide tasks and how organisation of the "
    "work changes over a season. We observed twelve gardens and interviewed their members. "
)
AUTHOR_YEAR_REFS = (
    "Abbott, R. and Lind, K. (2009) Growing food in cities: a survey of community plots and "
    "their members across three regions. Journal of Urban Land Studies, 14(2), pp. 101-120.",
    "Brandt, H. (2015a) Soil and society. London: Greenleaf Press.",
    "Brandt, H. (2015b) Watering schedules as collective action. Garden Policy Review, 7, 33-49.",
    "Carver, S. P., Dunn, M. and Ortiz, L. (2018) 'Who digs the beds? Volunteer labour in "
    "shared plots', in Hale, J. (ed.) Handbook of Everyday Cooperation. Bristol: Ridge Books, "
    "pp. 210-233.",
    "Dietrich, A. u.a. (2012): Gemeinschaftsgaerten in der Stadt. In: Weber, K. (Hrsg.): "
    "Urbane Landwirtschaft heute. Berlin: Feldverlag, S. 45-67.",
    "Evans, T. (n.d.) Notes on compost sharing. Available at: https://example.org/compost",
)
NUMBERED_REFS = (
    "Fischer L, Grant P. Seed libraries and local exchange networks. Food Commons Journal. "
    "2011;3(1):15-29.",
    "Hughes D. Tools held in common: a field study of lending sheds. Oxford: Meadow Press; 2007.",
    "Ibarra C, Jones E, Klein F. Rainwater harvesting in allotment associations. Water and "
    "Society. 2019;22:301-317.",
    "Lopez M. Garden councils and their rules. Community Governance Review. 2003;9(4):77-95.",
)


class _Paper(FPDF):
    running = "Journal of Invented Studies 3 (2020)"

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("Helvetica", "I", 8)
            self.set_xy(20, 8)
            self.cell(0, 5, self.running)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, str(self.page_no()), align="C")


def _write_lines(pdf: FPDF, lines: list[tuple[float, str]], size: float = 10) -> None:
    pdf.set_font("Helvetica", size=size)
    for x, text in lines:
        if pdf.get_y() > 265:
            pdf.add_page()
            pdf.set_font("Helvetica", size=size)
            pdf.set_y(20)
        pdf.set_x(x)
        pdf.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.set_x(20)
    pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")


def _front(pdf: _Paper) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.set_xy(20, 25)
    pdf.multi_cell(170, 9, TITLE)
    pdf.set_font("Helvetica", size=12)
    pdf.set_x(20)
    pdf.cell(0, 8, " and ".join(AUTHORS), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.set_x(20)
    pdf.cell(0, 6, "Abstract", new_x="LMARGIN", new_y="NEXT")
    abstract = "We study shared gardens and the co-production of food and friendship. " * 3
    _write_lines(pdf, [(20, t) for t in textwrap.wrap(abstract, 95)])


def one_column_pdf(path: Path) -> Path:
    """Title, authors, abstract, 3 body pages, author-year references with hanging indent."""
    pdf = _Paper(format="A4")
    pdf.set_auto_page_break(False)
    _front(pdf)
    _heading(pdf, "1 Introduction")
    for _ in range(9):
        _write_lines(pdf, [(20, t) for t in textwrap.wrap(BODY * 3, 95)])
        pdf.ln(3)
    hyphen_lines = [
        "Members described the organisation of the beds and the weekly work plan in detail; the",
        "organi-",
        "sation of shared work matters, and so does the co-",
        "production of harvest festivals with the neighbours.",
    ]
    _write_lines(pdf, [(20, t) for t in hyphen_lines])
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.set_x(20)
    pdf.cell(0, 7, "References", new_x="LMARGIN", new_y="NEXT")
    for ref in AUTHOR_YEAR_REFS:
        wrapped = textwrap.wrap(ref, 90)
        _write_lines(pdf, [(20 if i == 0 else 28, t) for i, t in enumerate(wrapped)])
    pdf.output(str(path))
    return path


def two_column_pdf(path: Path) -> Path:
    """Two-column body (left column must be read first) and a numbered reference list."""
    pdf = _Paper(format="A4")
    pdf.set_auto_page_break(False)
    _front(pdf)
    _heading(pdf, "1 Introduction")
    left = textwrap.wrap("Left column text about seed swaps. " * 14, 45)
    right = textwrap.wrap("Right column text about tool sheds. " * 14, 45)
    top = pdf.get_y() + 6
    pdf.set_font("Helvetica", size=10)
    for i, t in enumerate(left):
        pdf.set_xy(20, top + i * 5)
        pdf.cell(80, 5, t)
    for i, t in enumerate(right):
        pdf.set_xy(110, top + i * 5)
        pdf.cell(80, 5, t)
    pdf.add_page()
    pdf.set_y(20)
    _write_lines(pdf, [(20, t) for t in textwrap.wrap(BODY * 8, 95)])
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.set_xy(20, 20)
    pdf.cell(0, 7, "5. References", new_x="LMARGIN", new_y="NEXT")
    for n, ref in enumerate(NUMBERED_REFS, 1):
        wrapped = textwrap.wrap(ref, 85)
        _write_lines(
            pdf,
            [
                (20 if i == 0 else 27, (f"{n}. " if i == 0 else "") + t)
                for i, t in enumerate(wrapped)
            ],
        )
    pdf.set_font("Helvetica", "B", 12)
    pdf.ln(4)
    pdf.set_x(20)
    pdf.cell(0, 7, "Appendix", new_x="LMARGIN", new_y="NEXT")
    _write_lines(pdf, [(20, "Table A1 lists the gardens we visited.")])
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "secret text")
    pdf.output(str(path))
    return path


def image_only_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 150, 200, style="F")
    pdf.output(str(path))
    return path


def corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage garbage\n%%EOF")
    return path


def not_a_pdf(path: Path) -> Path:
    path.write_text("just some notes, not a PDF\n", encoding="utf-8")
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


# --- first pages laid out item by item (header extraction) -----------------------------------

Item = tuple[float, float, float, str, str]  # x mm, y mm, size pt, style ('', 'B', 'I'), text


def front_page_pdf(
    path: Path,
    items: list[Item],
    cover: list[Item] | None = None,
    body: str = BODY,
    refs: tuple[str, ...] = AUTHOR_YEAR_REFS,
    second: list[Item] | None = None,
) -> Path:
    """A paper whose first page holds exactly `items` (then body text), optionally behind a
    repository cover page, followed by a body page (opening with `second`) and an
    author-year reference list."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(__import__("datetime").datetime(2024, 5, 1))
    for page in ([cover] if cover else []) + [items]:
        pdf.add_page()
        for x, y, size, style, text in page:
            pdf.set_font("Helvetica", style, size)
            pdf.set_xy(x, y)
            pdf.cell(0, size * 0.45, text)
    pdf.set_font("Helvetica", size=10)
    pdf.set_y(150)
    _write_lines(pdf, [(20, t) for t in textwrap.wrap(body * 4, 95)])
    pdf.add_page()
    for x, y, size, style, text in second or []:
        pdf.set_font("Helvetica", style, size)
        pdf.set_xy(x, y)
        pdf.cell(0, size * 0.45, text)
    pdf.set_y(60 if second else 20)
    _write_lines(pdf, [(20, t) for t in textwrap.wrap(BODY * 6, 95)])
    _heading(pdf, "References")
    for ref in refs:
        wrapped = textwrap.wrap(ref, 90)
        _write_lines(pdf, [(20 if i == 0 else 28, t) for i, t in enumerate(wrapped)])
    pdf.output(str(path))
    return path


# --- reference lists on hard layouts (own invented entries) ---------------------------------

HARD_REFS = (
    ("Abbott, R. and Lind, K.", "2009", "Growing food in cities: a survey of community plots",
     "Journal of Urban Land Studies, 14(2), 101-120."),
    ("Brandt, H.", "2015", "Soil and society in shared allotments",
     "Garden Policy Review, 7, 33-49."),
    ("Carver, S. P. and Ortiz, L.", "2018", "Who digs the beds? Volunteer labour in plots",
     "Community Work Quarterly, 22(1), 5-19."),
    ("Dunn, M.", "2011", "Tools held in common: lending sheds in three towns",
     "Rural Commons Journal, 3(4), 77-95."),
    ("Evers, T. and Falk, J.", "2020", "Rainwater harvesting in allotment associations",
     "Water and Society, 12, 301-317."),
)  # fmt: skip


def _refs_page(pdf: _Paper, heading: str = "References") -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.set_xy(20, 20)
    pdf.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")


def _body(pdf: _Paper) -> None:
    _front(pdf)
    _heading(pdf, "1 Introduction")
    _write_lines(pdf, [(20, t) for t in textwrap.wrap(BODY * 4, 95)])


def justified_refs_pdf(path: Path) -> Path:
    """Two-column reference list set justified in narrow columns with a narrow gutter: wide
    word gaps, and each entry's last line ('Journal, 14(2), 101-120.') wrapped flush."""
    pdf = _Paper(format="A4")
    pdf.set_auto_page_break(False)
    _body(pdf)
    _refs_page(pdf)
    top = pdf.get_y() + 2
    pdf.set_font("Helvetica", size=9)
    for col, x in enumerate((20, 108)):  # columns 84 mm wide, gutter 4 mm
        pdf.set_xy(x, top)
        for names, year, title, venue in HARD_REFS[col * 3 : col * 3 + 3]:
            pdf.set_x(x)
            pdf.multi_cell(84, 4.2, f"{names} ({year}) {title}.", align="J")
            pdf.set_x(x)
            pdf.multi_cell(84, 4.2, venue, align="L")
            pdf.ln(1.5)
    pdf.output(str(path))
    return path


def numbers_apart_pdf(path: Path) -> Path:
    """A numbered list whose numbers are set in a column of their own ('[3]' at x=20, the
    entry at x=30), the names written surname first without initials, then an appendix."""
    entries = (
        "Browning Christopher, Pertti Joenniemi. Gardens of the north. Nordic Garden Review. "
        "2008;43(1):1-20.",
        "Haukkala Hiski. A hole in the hedge: shared plots and their fences. Helsinki: Green "
        "Press; 2003.",
        "Moisio Sami. Back to the allotment? Remaking urban commons. Geography Letters. "
        "2003;8(2):45-60.",
        "Lannon Erwan, Peter Van Elsuwege. The seed exchange as an institution. Oxford: Meadow "
        "Press; 2004.",
    )
    pdf = _Paper(format="A4")
    pdf.set_auto_page_break(False)
    _body(pdf)
    _refs_page(pdf)
    pdf.set_font("Helvetica", size=10)
    y = pdf.get_y() + 2
    for n, entry in enumerate(entries, 1):
        pdf.set_xy(20, y)
        pdf.cell(8, 5, f"[{n}]")
        for i, line in enumerate(textwrap.wrap(entry, 80)):
            pdf.set_xy(30, y + i * 5)
            pdf.cell(0, 5, line)
        y += 5 * len(textwrap.wrap(entry, 80)) + 2
    pdf.set_font("Helvetica", "B", 12)
    pdf.set_xy(20, y + 6)
    pdf.cell(0, 7, "Appendix A. Gardens visited")
    pdf.set_font("Helvetica", size=10)
    for i, line in enumerate(("Garden 1 (2009) North plots", "Garden 2 (2011) River plots")):
        pdf.set_xy(20, y + 16 + i * 5)
        pdf.cell(0, 5, line)
    pdf.output(str(path))
    return path


def _spread(pdf: FPDF, x: float, y: float, width: float, words: list[str]) -> None:
    """One line justified by hand: the words spread over the whole width."""
    widths = [pdf.get_string_width(w) for w in words]
    gap = (width - sum(widths)) / max(1, len(words) - 1)
    for w, wd in zip(words, widths, strict=True):
        pdf.set_xy(x, y)
        pdf.cell(wd, 4.2, w)
        x += wd + gap


def stretched_refs_pdf(path: Path) -> Path:
    """A two-column reference list whose first lines are stretched to the column width (word
    gaps of several millimetres, as in justified text), continuation lines indented."""
    entries = (
        ("Evers, T. and Falk, J. (2020)", "Rainwater harvesting in allotment associations.",
         "Water and Society, 12, 301-317."),
        ("Osborne, S. P. (2010)", "Shared plots and public land in growing towns.",
         "Urban Land Review, 9(2), 40-58."),
        ("Van de Walle, S. (2003)", "Trust in garden councils across eight countries.",
         "Local Governance Studies, 29(1), 1-19."),
        ("Park, K. and Ng, W. (2016)", "Seed swaps and their members.",
         "Food Commons Journal, 8, 12-30."),
    )  # fmt: skip
    pdf = _Paper(format="A4")
    pdf.set_auto_page_break(False)
    _body(pdf)
    pdf.add_page()
    pdf.set_y(20)
    _write_lines(pdf, [(20, t) for t in textwrap.wrap(BODY * 2, 95)])
    pdf.set_font("Helvetica", size=10)
    y = pdf.get_y() + 2
    for label, value in (("Wave 1", "120 gardens"), ("Wave 2", "131 gardens")):  # a table
        pdf.set_xy(20, y)
        pdf.cell(30, 5, label)
        pdf.set_xy(70, y)  # both cells in the left column, far apart
        pdf.cell(30, 5, value)
        y += 5
    pdf.set_y(y)
    _heading(pdf, "References")
    top = pdf.get_y() + 2
    pdf.set_font("Helvetica", size=9)
    for col, x in enumerate((20, 107)):  # columns 83 mm wide, gutter 4 mm
        y = top
        for names, title, venue in entries[col * 2 : col * 2 + 2]:
            _spread(pdf, x, y, 83, names.split())
            pdf.set_xy(x + 4, y + 4.2)
            pdf.cell(79, 4.2, title)
            pdf.set_xy(x + 4, y + 8.4)
            pdf.cell(79, 4.2, venue)
            y += 14
    pdf.output(str(path))
    return path


def short_right_column_refs_pdf(path: Path) -> Path:
    """A two-column reference list (gutter 4 mm, hanging indents) whose right column holds only
    the last few lines, so the page does not read as two columns; an appendix follows."""
    names = ("Abel", "Berg", "Cole", "Dahl", "Eck", "Falk", "Gant", "Holm", "Ives", "Jahn")
    pdf = _Paper(format="A4")
    pdf.set_auto_page_break(False)
    _body(pdf)
    _refs_page(pdf)
    pdf.set_font("Helvetica", size=9)
    lines: list[tuple[float, str]] = []
    for i, name in enumerate(names):
        entry = (
            f"{name}, K. ({2000 + i}) Harbour towns and the people who keep their quays "
            f"working through the seasons. Coastal Studies, {i + 3}(2), {10 * i + 1}-{10 * i + 9}."
        )
        wrapped = textwrap.wrap(entry, 52)
        lines.extend((0 if j == 0 else 4, t) for j, t in enumerate(wrapped))
    top = pdf.get_y() + 2
    split = len(lines) - 6  # six lines run over into the right column
    for k, (indent, text) in enumerate(lines):
        col, row = (0, k) if k < split else (1, k - split)
        pdf.set_xy((20 if col == 0 else 107) + indent, top + row * 4.2)
        pdf.cell(80, 4.2, text)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.set_xy(20, 20)
    pdf.cell(0, 7, "Appendix A")
    pdf.set_font("Helvetica", size=9)
    for i, row in enumerate(("Wave 1 (2009) 120 gardens", "Wave 2 (2011) 131 gardens")):
        pdf.set_xy(20, 30 + i * 5)
        pdf.cell(0, 5, row)
    pdf.output(str(path))
    return path


def enormous_page_pdf(path: Path, megabytes: int = 64) -> Path:
    """One page whose content stream inflates to `megabytes` MB of text-drawing operators
    (a few hundred KB compressed): slow and memory-hungry to extract."""
    import zlib

    unit = b"BT /F1 9 Tf 20 700 Td (grow) Tj ET\n"
    raw = unit * (megabytes * (1 << 20) // len(unit))
    stream = zlib.compress(raw, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def turned_page_pdf(path: Path) -> Path:
    """A portrait page, then a table set sideways on its page and the page turned for display
    (/Rotate 90), as landscape tables are printed: upright text when displayed."""
    import pypdfium2

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_y(20)
    _write_lines(pdf, [(20, t) for t in textwrap.wrap(BODY * 3, 95)])
    pdf.add_page()
    with pdf.rotation(90, 105, 148):
        pdf.set_font("Helvetica", "B", 11)
        pdf.text(-10, 90, "Table 2 Gardens by size and members")
        pdf.set_font("Helvetica", size=9)
        for i, row in enumerate(("Allotment  12  48", "Orchard  7  21", "Roof garden  3  15")):
            pdf.text(-10, 100 + 6 * i, row)
    pdf.output(str(path))
    doc = pypdfium2.PdfDocument(str(path))
    doc[1].set_rotation(90)
    turned = path.with_suffix(".turned.pdf")
    doc.save(str(turned))
    doc.close()
    turned.replace(path)
    return path


# --- typesetting details both PDF engines must read alike -------------------------------------

LIGATURE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def typesetting_pdf(path: Path, ligatures: bool = False) -> Path:
    """A first page with a superscript affiliation marker, a sidebar rotated by 90 degrees and
    a heading overprinted a hair to the right ('fake bold'); then body text in which one line
    ends in a hyphen. With `ligatures`, a paragraph set in a TrueType font with the 'fi' and
    'fl' ligature glyphs (DejaVu Sans must be installed)."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_xy(25, 25)
    pdf.cell(0, 8, "Tool Sheds and Seed Swaps")
    pdf.set_font("Helvetica", size=12)
    pdf.set_xy(25, 38)
    pdf.cell(pdf.get_string_width("Maria Keller") + 0.2, 6, "Maria Keller")
    pdf.set_font("Helvetica", size=7)
    pdf.set_xy(pdf.get_x(), 37)
    pdf.cell(3, 4, "1")
    with pdf.rotation(90, 12, 200):
        pdf.set_font("Helvetica", size=9)
        pdf.text(12, 200, "Working paper 12/2020, Institute of Invented Studies")
    pdf.set_font("Helvetica", size=12)
    x = 25.0
    for ch in "Abstract":  # each letter drawn twice, as some producers fake bold type
        for dx in (0.0, 0.08):
            pdf.set_xy(x + dx, 52)
            pdf.cell(0, 6, ch)
        x += pdf.get_string_width(ch)
    pdf.set_y(62)
    _write_lines(pdf, [(25, t) for t in textwrap.wrap(BODY * 2, 90)])
    _write_lines(pdf, [(25, "Members keep a shared work plan for the organi-"), (25, "sation.")])
    if ligatures:
        pdf.add_font("DejaVu", "", str(LIGATURE_FONT))
        pdf.set_font("DejaVu", size=10)
        pdf.set_xy(25, pdf.get_y() + 4)
        pdf.cell(0, 6, "The \ufb01rst \ufb02owers of the \ufb01eld.")
    pdf.output(str(path))
    return path


def flush_wrapped_refs_pdf(path: Path) -> Path:
    """A hanging-indent reference list in which three wrapped lines sit at the margin as if they
    began entries: the end of a bracketed translation, a book's title with its pages and imprint
    (no year), and a 'URL:' line."""
    pdf = _Paper(format="A4")
    pdf.set_auto_page_break(False)
    _body(pdf)
    _refs_page(pdf)
    _write_lines(
        pdf,
        [
            (20, "Abel, K. (2009) Hafenstädte und Kais [Harbour towns, quays and"),
            (20, "their keepers]. Leeds: Quay Press."),
            (20, "Berg, T. (2010) Docks and the people who run them. In: Cole, R. (Ed.),"),
            (20, "Harbour Studies (pp. 1-20). Bristol: Dock Books."),
            (20, "Dahl, M. (2011) Piers and their uses in small towns along the coast."),
            (25, "Quay Review, 3, 1-9."),
            (20, "URL: http://example.org/piers"),
            (20, "Eck, S. (2012) Jetties: a field guide to wooden landing stages and"),
            (25, "their repair. Leeds: Quay Press."),
            (20, "Falk, J. (2013) Moorings. Harbour Letters, 5, 10-19."),
        ],
    )
    pdf.output(str(path))
    return path
