"""Both PDF engines (pdfminer.six and PDFium) read the generated PDFs alike: the same lines,
in the same order and columns, with the same font sizes, weights and positions. (A rotated
letter's box spans the font's ascent and descent in PDFium, its size in pdfminer.six.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from litgraph.model import RawDocument
from litgraph.pipeline import build
from litgraph.sources.pdf import read_pdf
from litgraph.store.embedded import EmbeddedStore

import pdf_fixtures as fx


def _both(path: Path) -> tuple[RawDocument, RawDocument]:
    return read_pdf(str(path), engine="pdfminer"), read_pdf(str(path), engine="pdfium")


def _assert_same(a: RawDocument, b: RawDocument) -> None:
    assert [p.number for p in a.pages] == [p.number for p in b.pages]
    assert [p.text for p in a.pages] == [p.text for p in b.pages]
    for pa, pb in zip(a.pages, b.pages, strict=True):
        assert [ln.text for ln in pa.lines] == [ln.text for ln in pb.lines]
        for la, lb in zip(pa.lines, pb.lines, strict=True):
            assert (la.bold, la.column) == (lb.bold, lb.column), la.text
            if len(la.text) == 1:
                continue  # a rotated letter: its box across the baseline differs (below)
            assert lb.size == pytest.approx(la.size, abs=0.15), la.text
            assert lb.x0 == pytest.approx(la.x0, abs=0.5), la.text
            assert lb.x1 == pytest.approx(la.x1, abs=0.5), la.text
            assert lb.y0 == pytest.approx(la.y0, abs=1.0), la.text
    assert [ln.text for ln in a.front] == [ln.text for ln in b.front]
    assert a.metadata == b.metadata


def _front_page(path: Path) -> Path:
    items: list[fx.Item] = [
        (20, 10, 7.5, "I", "Journal of Invented Studies"),
        (150, 10, 7.5, "", "Vol. 12(3), 2021"),
        (20, 30, 18, "B", "Shared Sheds and Common Tools"),
        (20, 42, 11, "", "Maria Keller and Tom Bradley"),
    ]
    return fx.front_page_pdf(path, items)


MAKERS: dict[str, Callable[[Path], Path]] = {
    "one column, hyphenation, running header": fx.one_column_pdf,
    "two columns, numbered references": fx.two_column_pdf,
    "superscript, rotated sidebar, fake bold": fx.typesetting_pdf,
    "first page laid out item by item": _front_page,
}


@pytest.mark.parametrize("name", list(MAKERS))
def test_engines_read_the_same_lines(name: str, tmp_path: Path) -> None:
    _assert_same(*_both(MAKERS[name](tmp_path / "p.pdf")))


def test_superscript_marker_joins_its_name_and_sizes_stay_apart(tmp_path: Path) -> None:
    for raw in _both(fx.typesetting_pdf(tmp_path / "p.pdf")):
        lines = {ln.text: ln for ln in raw.front}
        assert lines["Maria Keller1"].size == pytest.approx(12, abs=0.1)
        assert lines["Tool Sheds and Seed Swaps"].size == pytest.approx(18, abs=0.1)
        assert lines["Tool Sheds and Seed Swaps"].bold
        assert "Abstract" in lines  # the overprinted copy is dropped, not 'AAbbssttrraacctt'
        assert "Working paper 12/2020" not in raw.text  # rotated: one character per line


def test_ligatures_are_spelt_out(tmp_path: Path) -> None:
    if not fx.LIGATURE_FONT.is_file():
        pytest.skip(f"{fx.LIGATURE_FONT} is not installed")
    a, b = _both(fx.typesetting_pdf(tmp_path / "p.pdf", ligatures=True))
    for raw in (a, b):
        assert "The first flowers of the field." in raw.text
    _assert_same(a, b)


def test_a_page_turned_for_display_reads_alike_and_upright(tmp_path: Path) -> None:
    a, b = _both(fx.turned_page_pdf(tmp_path / "p.pdf"))
    _assert_same(a, b)
    assert a.metadata["page_heights"] == "842,595"
    for raw in (a, b):
        lines = {ln.text: ln for ln in raw.pages[1].lines}
        assert lines["Table 2 Gardens by size and members"].size == pytest.approx(11, abs=0.1)
        assert lines["Orchard 7 21"].size == pytest.approx(9, abs=0.1)


def _spaced_head_pdf(path: Path) -> Path:
    """A running head typed as words, a run of spaces written piece by piece, more words."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    x = 20.0
    for piece in ["Keller M, Bradley T. ", *["      "] * 14, "Shared sheds and tools"]:
        pdf.text(x, 12, piece)
        x += pdf.get_string_width(piece)
    pdf.set_font("Helvetica", size=10)
    for i in range(3):
        pdf.text(20, 40 + 6 * i, "Gardens and tools are shared by the neighbours of the street.")
    pdf.output(str(path))
    return path


def test_a_gap_typed_as_spaces_keeps_its_line_whole(tmp_path: Path) -> None:
    a, b = _both(_spaced_head_pdf(tmp_path / "p.pdf"))
    for raw in (a, b):
        head = raw.front[0]
        assert head.text == "Keller M, Bradley T. Shared sheds and tools"
        assert head.size == pytest.approx(9, abs=0.1)
    assert b.front[0].x1 == pytest.approx(a.front[0].x1, abs=0.5)


def test_unknown_engine_is_a_config_error(tmp_path: Path) -> None:
    from litgraph.errors import ConfigError

    with pytest.raises(ConfigError, match="use one of: pdfminer, pdfium"):
        read_pdf(str(fx.one_column_pdf(tmp_path / "p.pdf")), engine="poppler")


def test_switching_engines_extracts_again_and_the_same_engine_does_not(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    fx.one_column_pdf(folder / "a.pdf")
    fx.two_column_pdf(folder / "b.pdf")
    first = build([str(folder)], embedded_store, pdf_engine="pdfminer")
    switched = build([str(folder)], embedded_store, pdf_engine="pdfium")
    again = build([str(folder)], embedded_store, pdf_engine="pdfium")
    assert (first.extracted, switched.extracted, again.extracted) == (2, 2, 0)
    assert switched.counts == first.counts  # the same graph from either engine


def test_cli_and_settings_choose_the_engine(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from litgraph.cli import cli
    from litgraph.config import load_settings
    from litgraph.errors import ConfigError

    pdf = str(fx.one_column_pdf(tmp_path / "p.pdf"))
    titles = []
    for engine in ("pdfminer", "pdfium"):
        r = CliRunner().invoke(cli, ["--json", "extract", "--pdf-engine", engine, pdf])
        assert r.exit_code == 0, r.stderr
        titles.append(json.loads(r.stdout)["title"])
    assert titles[0] == titles[1] == fx.TITLE
    r = CliRunner().invoke(cli, ["extract", "--pdf-engine", "poppler", pdf])
    assert r.exit_code == 2 and "poppler" in r.stderr

    (tmp_path / "litgraph.toml").write_text('pdf_engine = "PDFium"\n', encoding="utf-8")
    assert load_settings(cwd=tmp_path).pdf_engine == "pdfium"
    (tmp_path / "litgraph.toml").write_text('pdf_engine = "xpdf"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="pdf_engine must be one of pdfminer, pdfium"):
        load_settings(cwd=tmp_path)
