"""Render the digest sources in corpus/pdf-src/ as journal-style PDFs in corpus/pdf/.

Usage: .venv/bin/python corpus/make_pdfs.py [citekey ...]

Each source uses the digest format (title, author line, Abstract, Digest with `###` section
headings, References). Journal, volume, issue and first page come from psdl.bib. The output
is deterministic (fixed creation date), so regenerating gives the same files.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from fpdf import FPDF
from fpdf.enums import Align
from fpdf.text_region import TextColumns

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "pdf-src"
OUT_DIR = HERE / "pdf"
BIB = HERE / "psdl.bib"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

# Works laid out with the body in two columns; the others use one column.
TWO_COLUMN = frozenset({"osborne2013", "bovaird2007"})

BODY_SIZE = 10.0
REF_SIZE = 8.5
HANGING_INDENT = 6.0


@dataclass
class Paper:
    """A parsed digest source."""

    key: str
    title: str
    authors: str
    abstract: str
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("h"|"p", text)
    references: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Venue:
    """Where the paper appeared, for the running header and page numbers."""

    journal: str
    volume: str
    number: str
    year: str
    first_page: int


def parse_source(path: Path) -> Paper:
    """Split a digest-format markdown file into its parts."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].removeprefix("# ").strip()
    authors = lines[2].strip()
    sections: dict[str, list[str]] = {}
    current = ""
    for line in lines[3:]:
        if line.startswith("## "):
            current = line[3:].strip().lower()
            sections[current] = []
        elif current:
            sections[current].append(line)
    paper = Paper(path.stem, title, authors, " ".join(_paragraphs(sections["abstract"])))
    for raw in _paragraphs(sections["digest"]):
        if raw.startswith("### "):
            paper.blocks.append(("h", raw[4:].strip()))
        else:
            paper.blocks.append(("p", raw))
    paper.references = [r.strip() for r in sections.get("references", []) if r.strip()]
    return paper


def _paragraphs(lines: list[str]) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    for line in [*lines, ""]:
        if line.startswith("### "):
            if buf:
                out.append(" ".join(buf))
                buf = []
            out.append(line.strip())
        elif line.strip():
            buf.append(line.strip())
        elif buf:
            out.append(" ".join(buf))
            buf = []
    return out


def _first_page(pages: str) -> int:
    """'135--158' -> 135; 'S31--S47' (a supplement) -> 31."""
    digits = re.search(r"\d+", pages)
    return int(digits[0]) if digits else 1


def load_venues() -> dict[str, Venue]:
    """Journal facts per citekey from psdl.bib."""
    library = bibtexparser.parse_file(str(BIB))
    venues: dict[str, Venue] = {}
    for entry in library.entries:
        fields = {f.key: str(f.value) for f in entry.fields}
        pages = fields.get("pages", "1")
        venues[entry.key] = Venue(
            journal=fields.get("journal", "").replace("\\&", "&"),
            volume=fields.get("volume", ""),
            number=fields.get("number", ""),
            year=fields.get("year", ""),
            first_page=_first_page(pages),
        )
    return venues


class JournalPDF(FPDF):
    """FPDF with a running header (journal) and footer (journal page number)."""

    def __init__(self, venue: Venue, unicode_fonts: bool) -> None:
        super().__init__(format="A4", unit="mm")
        self.venue = venue
        self.unicode_fonts = unicode_fonts
        self.serif = "DejaVuSerif" if unicode_fonts else "Times"
        self.sans = "DejaVuSans" if unicode_fonts else "Helvetica"
        if unicode_fonts:
            self.add_font("DejaVuSerif", "", str(FONT_DIR / "DejaVuSerif.ttf"))
            self.add_font("DejaVuSerif", "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
            self.add_font("DejaVuSerif", "I", str(FONT_DIR / "DejaVuSerif-Italic.ttf"))
            self.add_font("DejaVuSans", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.set_margins(22, 24, 22)
        self.set_auto_page_break(True, margin=22)

    def txt(self, text: str) -> str:
        """Text as the current fonts can show it (transliterated for core fonts)."""
        if self.unicode_fonts:
            return text
        return transliterate(text)

    def header(self) -> None:
        v = self.venue
        self.set_font(self.sans, "", 7.5)
        self.set_text_color(90, 90, 90)
        issue = f"{v.volume}({v.number})" if v.number else v.volume
        self.set_y(11)
        self.cell(0, 4, self.txt(v.journal), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, self.txt(f"Vol. {issue}, {v.year}"), align="R")
        self.line(self.l_margin, 16, self.w - self.r_margin, 16)
        self.set_text_color(0, 0, 0)
        self.set_y(self.t_margin)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.sans, "", 8)
        self.cell(0, 4, str(self.venue.first_page + self.page_no() - 1), align="C")


def transliterate(text: str) -> str:
    """Fold characters outside Latin-1 to their nearest ASCII form."""
    table = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"'}
    table["\u201d"] = '"'
    out = []
    for ch in text:
        ch = table.get(ch, ch)
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(folded or "?")
    return "".join(out)


def render(paper: Paper, venue: Venue, out: Path) -> None:
    """Write one paper as a PDF."""
    pdf = JournalPDF(venue, FONT_DIR.joinpath("DejaVuSerif.ttf").exists())
    pdf.set_title(paper.title)
    pdf.set_author(paper.authors.rsplit(" (", 1)[0])
    pdf.set_creator("litgraph corpus/make_pdfs.py")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()
    _front_matter(pdf, paper)
    _body(pdf, paper, ncols=2 if paper.key in TWO_COLUMN else 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))


def _front_matter(pdf: JournalPDF, paper: Paper) -> None:
    pdf.set_font(pdf.serif, "B", 19)
    pdf.multi_cell(0, 8.5, pdf.txt(paper.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(pdf.serif, "", 11.5)
    names = paper.authors.rsplit(" (", 1)[0]
    pdf.multi_cell(0, 6, pdf.txt(names), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    indent = 8.0
    pdf.set_x(pdf.l_margin + indent)
    pdf.set_font(pdf.serif, "B", 9.5)
    pdf.cell(0, 5, "Abstract", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.serif, "", 9.5)
    pdf.set_x(pdf.l_margin + indent)
    width = pdf.w - pdf.l_margin - pdf.r_margin - 2 * indent
    pdf.multi_cell(width, 4.6, pdf.txt(paper.abstract), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)


def _body(pdf: JournalPDF, paper: Paper, ncols: int) -> None:
    """Body text; two-column papers also set their references inside the columns."""
    cols = pdf.text_columns(ncols=ncols, gutter=7, text_align="L", line_height=1.3, balance=True)
    with cols:
        first_para = True
        for kind, text in paper.blocks:
            if kind == "h":
                _heading(pdf, cols, text)
                first_para = True
                continue
            pdf.set_font(pdf.serif, "", BODY_SIZE)
            indent = 0 if first_para else 5
            with cols.paragraph(first_line_indent=indent, bottom_margin=0.8) as par:
                par.write(pdf.txt(text))
            first_para = False
        if ncols > 1 and paper.references:
            _heading(pdf, cols, "References")
            pdf.set_font(pdf.serif, "", REF_SIZE)
            for ref in paper.references:
                with cols.paragraph(
                    indent=HANGING_INDENT, first_line_indent=-HANGING_INDENT, bottom_margin=1
                ) as par:
                    par.write(pdf.txt(ref))
    pdf.set_x(pdf.l_margin)
    pdf.ln(4)
    if ncols == 1:
        _references(pdf, paper)


def _heading(pdf: JournalPDF, cols: TextColumns, text: str) -> None:
    pdf.set_font(pdf.serif, "B", BODY_SIZE + 1)
    with cols.paragraph(text_align=Align.L, top_margin=3, bottom_margin=1.5) as par:
        par.write(pdf.txt(text))


def _references(pdf: JournalPDF, paper: Paper) -> None:
    """One-column reference list with hanging indents."""
    if not paper.references:
        return
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.set_font(pdf.serif, "B", BODY_SIZE + 1)
    pdf.cell(0, 7, "References", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.serif, "", REF_SIZE)
    full = pdf.w - pdf.l_margin - pdf.r_margin
    height = REF_SIZE * 0.48
    for ref in paper.references:
        lines = _wrap(pdf, pdf.txt(ref), full, full - HANGING_INDENT)
        for i, line in enumerate(lines):
            pdf.set_x(pdf.l_margin + (HANGING_INDENT if i else 0))
            width = full - (HANGING_INDENT if i else 0)
            pdf.cell(width, height, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.2)


def _wrap(pdf: FPDF, text: str, first_width: float, rest_width: float) -> list[str]:
    """Greedy word wrap with a wider first line (for hanging indents)."""
    lines: list[str] = []
    current = ""
    width = first_width
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and pdf.get_string_width(candidate) > width:
            lines.append(current)
            current = word
            width = rest_width
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def main(argv: list[str]) -> int:
    venues = load_venues()
    sources = sorted(SRC_DIR.glob("*.md"))
    if argv:
        sources = [s for s in sources if s.stem in argv]
    for src in sources:
        paper = parse_source(src)
        out = OUT_DIR / f"{paper.key}.pdf"
        render(paper, venues[paper.key], out)
        print(f"{out.relative_to(HERE)}: {out.stat().st_size // 1024} KB, {paper.key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
