"""read_pdf on generated PDFs: clean text, layout facts and user-facing errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.errors import ExtractionError
from litgraph.sources.pdf import read_pdf

import pdf_fixtures as fx


@pytest.fixture(scope="module")
def one_col(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.one_column_pdf(tmp_path_factory.mktemp("pdf") / "one.pdf")


@pytest.fixture(scope="module")
def two_col(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.two_column_pdf(tmp_path_factory.mktemp("pdf") / "two.pdf")


def test_pages_and_lines(one_col: Path, pdf_engine: str) -> None:
    raw = read_pdf(str(one_col), engine=pdf_engine)
    assert raw.is_pdf and len(raw.pages) == 3
    assert raw.pages[0].number == 1
    first = raw.pages[0].lines[0]
    assert first.text.startswith("Gardening Together")
    assert first.size == pytest.approx(20, abs=0.6) and first.bold
    assert len(raw.sha256) == 64


def test_running_header_and_page_numbers_removed(one_col: Path, pdf_engine: str) -> None:
    raw = read_pdf(str(one_col), engine=pdf_engine)
    assert "Journal of Invented Studies" not in raw.text
    for page in raw.pages:
        assert all(ln.text.strip() != str(page.number) for ln in page.lines)


def test_hyphenation_joined(one_col: Path, pdf_engine: str) -> None:
    text = " ".join(read_pdf(str(one_col), engine=pdf_engine).text.split())
    assert "organisation of shared work" in text
    assert "organi-" not in text
    assert "co-production of harvest" in text


def test_two_columns_read_left_first(two_col: Path, pdf_engine: str) -> None:
    raw = read_pdf(str(two_col), engine=pdf_engine)
    text = raw.pages[0].text
    last_left = text.rfind("seed swaps")
    first_right = text.find("tool sheds")
    assert 0 < last_left < first_right
    assert {ln.column for ln in raw.pages[0].lines} == {0, 1}


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (fx.encrypted_pdf, "encrypted"),
        (fx.image_only_pdf, "run OCR"),
        (fx.corrupt_pdf, "corrupt"),
        (fx.not_a_pdf, "not a PDF"),
        (fx.empty_file, "empty"),
    ],
)
def test_bad_input_is_a_clear_error(make, fragment: str, tmp_path: Path, pdf_engine: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "bad.pdf")
    with pytest.raises(ExtractionError) as info:
        read_pdf(str(path), engine=pdf_engine)
    assert fragment in info.value.reason
    assert info.value.path == str(path)


def test_page_limit(one_col: Path, pdf_engine: str) -> None:
    with pytest.raises(ExtractionError, match="more than the limit"):
        read_pdf(str(one_col), max_pages=2, engine=pdf_engine)


def test_missing_file(tmp_path: Path, pdf_engine: str) -> None:
    with pytest.raises(ExtractionError, match="not found"):
        read_pdf(str(tmp_path / "nope.pdf"), engine=pdf_engine)


def test_fragments_that_touch_on_a_baseline_are_one_word() -> None:
    from litgraph.sources.pdf import _merge_rows

    rows = [
        (("M", 90.9, 647.7, 107.74, 659.7, 12.0, True), 0),
        (("ohamad", 107.7, 647.7, 157.1, 659.7, 12.0, True), 0),
        (("Khaledian", 160.5, 647.7, 217.9, 659.7, 12.0, True), 0),
    ]
    ((line, _),) = _merge_rows(rows)
    assert line[0] == "Mohamad Khaledian"
