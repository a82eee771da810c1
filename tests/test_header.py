"""extract_header on generated PDFs and on plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.extract.header import extract_header
from litgraph.model import Page, Person, RawDocument
from litgraph.sources.pdf import read_pdf

import pdf_fixtures as fx


@pytest.mark.parametrize("make", [fx.one_column_pdf, fx.two_column_pdf])
def test_pdf_header(make, tmp_path: Path, pdf_engine: str) -> None:  # type: ignore[no-untyped-def]
    header = extract_header(read_pdf(str(make(tmp_path / "p.pdf")), engine=pdf_engine))
    assert header.title == fx.TITLE
    assert header.authors == (Person("Keller", "Maria"), Person("Bradley", "Tom"))
    assert header.abstract is not None
    assert header.abstract.startswith("We study shared gardens")
    assert "seed swaps" not in header.abstract and "Shared gardens are" not in header.abstract


def test_text_header_markdown() -> None:
    text = (
        "# Lending Sheds and Local Trust\n\nAnna Berg and Paul Novak\n\n2019\n\n"
        "## Abstract\n\nLending sheds let neighbours share tools and build trust over time.\n\n"
        "## Introduction\n\nBody text here.\n"
    )
    raw = RawDocument("x.md", "0" * 64, (Page(1, text),), False)
    header = extract_header(raw)
    assert header.title == "Lending Sheds and Local Trust"
    assert header.authors == (Person("Berg", "Anna"), Person("Novak", "Paul"))
    assert header.year == 2019
    assert header.abstract == "Lending sheds let neighbours share tools and build trust over time."


def test_text_header_plain_first_line() -> None:
    raw = RawDocument(
        "x.txt", "0" * 64, (Page(1, "Seed Swaps in Practice\nDoi 10.1234/abc.5\n"),), False
    )
    header = extract_header(raw)
    assert header.title == "Seed Swaps in Practice"
    assert header.doi == "10.1234/abc.5"
