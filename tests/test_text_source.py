"""Plain-text source: decoding, bad inputs, pages, newlines and hyphenation."""

from __future__ import annotations

from pathlib import Path

import pytest

from litgraph.errors import ExtractionError
from litgraph.sources.text import read_text


def write(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "\ufeffTitle\r\n\r\nCitizens co-produce.\r\n".encode())
    raw = read_text(path)
    assert not raw.is_pdf
    assert [p.number for p in raw.pages] == [1]
    assert raw.pages[0].text == "Title\n\nCitizens co-produce."
    assert len(raw.sha256) == 64


def test_cp1252_is_decoded(tmp_path: Path) -> None:
    text = "Löffler’s “public value” paper – a classic."
    path = write(tmp_path, "w.txt", text.encode("cp1252"))
    assert read_text(path).pages[0].text == text


def test_form_feed_splits_pages(tmp_path: Path) -> None:
    path = write(tmp_path, "p.md", b"Page one text.\fPage two text.\f\f")
    raw = read_text(path)
    assert [(p.number, p.text) for p in raw.pages] == [(1, "Page one text."), (2, "Page two text.")]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"  \n\n \t", "empty"),
        (b"%PDF-1.4\x00\x01\x02binary\x00", "not a text file"),
        (bytes(range(0x80, 0x100)) * 20, "not a text file"),
    ],
    ids=["empty", "whitespace_only", "nul_bytes", "undecodable_garbage"],
)
def test_bad_inputs_name_the_file(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(ExtractionError) as err:
        read_text(path)
    assert path in str(err.value)
    assert reason in err.value.reason


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read"):
        read_text(str(tmp_path / "nope.txt"))


def test_hyphenated_line_breaks_joined(tmp_path: Path) -> None:
    raw = read_text(write(tmp_path, "b.txt", b"Public manage-\nment and the co-\nproduction."))
    assert raw.pages[0].text == "Public management and the co-production."


def test_running_header_removed_and_sentence_rejoined(tmp_path: Path) -> None:
    head = "A Running Header Of The Journal"
    body = (
        f"{head}\n\nFirst paragraph ends here.\n\nThis sentence is cut by the\n\n{head}\n\n"
        f"page break and continues.\n\n{head}\n\nLast paragraph."
    )
    raw = read_text(write(tmp_path, "h.txt", body.encode()))
    text = raw.pages[0].text
    assert text.count(head) == 1  # the first occurrence (title position) stays
    assert "cut by the page break and continues." in text


def test_stray_html_tags_are_removed(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_text("The aim is <i>user empowerment</i>.</p>\t<p>A second paragraph <b>here</b>.\n")
    text = read_text(str(f)).pages[0].text
    assert "<" not in text and "user empowerment." in text and "second paragraph here." in text


def test_word_broken_by_a_running_header_is_joined(tmp_path: Path) -> None:
    head = "A Running Header Of The Journal"
    body = (
        f"{head}\n\nThe organi-\n\n{head}\n\nsation of the service is shared.\n\n{head}\n\n"
        "The organisation again."
    )
    raw = read_text(write(tmp_path, "w.txt", body.encode()))
    assert "The organisation of the service is shared." in raw.pages[0].text
