"""Plain-text and markdown sources: bytes -> RawDocument (one page, or one per form feed)."""

from __future__ import annotations

import hashlib
import re

from litgraph.errors import ExtractionError
from litgraph.lexicon.hyphens import join_broken, join_line_breaks, vocabulary
from litgraph.model import Line, Page, RawDocument

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")

# Characters that never occur in real prose: C0/C1 controls other than tab, newlines, form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise ExtractionError(path, f"cannot read file ({exc.strerror or exc})") from exc


def read_decoded(path: str) -> str:
    """A text file's content decoded (UTF-8, else cp1252/latin-1 when it looks like text)."""
    return decode_text(_read_bytes(path), path)


def read_text(path: str) -> RawDocument:
    """Read a .txt/.md file; raises ExtractionError for binary, undecodable or empty files."""
    data = _read_bytes(path)
    text = decode_text(data, path)
    text = normalise_text(text)
    if not text.strip():
        raise ExtractionError(path, "empty file: no text to extract")
    chunks = text.split("\f")
    pages = tuple(_page(i + 1, chunk) for i, chunk in enumerate(chunks) if chunk.strip())
    sha = hashlib.sha256(data).hexdigest()
    return RawDocument(path=path, sha256=sha, pages=pages, is_pdf=False)


def decode_text(data: bytes, path: str) -> str:
    """UTF-8 (BOM allowed), else cp1252/latin-1 when the result looks like prose."""
    if not data.strip():
        raise ExtractionError(path, "empty file: no text to extract")
    if b"\x00" in data:
        raise ExtractionError(path, "not a text file (binary content: NUL bytes); expected UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
        for enc in ("cp1252", "latin-1"):
            try:
                candidate = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if looks_like_text(candidate):
                text = candidate
                break
        if not text:
            raise ExtractionError(
                path, "not a text file (undecodable bytes); save it as UTF-8 and retry"
            ) from None
    if not looks_like_text(text):
        raise ExtractionError(path, "not a text file (binary content); expected UTF-8 text")
    return text


def looks_like_text(text: str) -> bool:
    """Sanity check: few control characters and mostly letters among visible characters."""
    if not text:
        return False
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 200):
        return False
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return False
    letters = sum(1 for c in visible if c.isalpha())
    odd = sum(1 for c in visible if not c.isalnum() and not c.isascii() and not _common_symbol(c))
    return letters / len(visible) >= 0.4 and odd / len(visible) < 0.1


def _common_symbol(c: str) -> bool:
    return c in "–—‘’“”„«»…•·§°€£©®™‐‑−×"


_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|ul|ol|h[1-6]|tr|td)(?:\s[^<>]*)?/?>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:i|b|em|strong|u|span|sup|sub|a)(?:\s[^<>]*)?>", re.IGNORECASE)


def normalise_text(text: str) -> str:
    """Unix newlines, no trailing spaces, stray HTML tags removed, hyphenated breaks joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    text = _BLOCK_TAG.sub("\n", _INLINE_TAG.sub("", text))
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return join_line_breaks(drop_running_lines(text))


def drop_running_lines(text: str, min_repeats: int = 3) -> str:
    """Remove repeated one-line paragraphs (running headers) after their first occurrence.

    A paragraph the header interrupted mid-sentence is joined back together.
    """
    paras = re.split(r"\n[ \t]*\n", text)
    counts: dict[str, int] = {}
    for p in paras:
        key = p.strip()
        if key and "\n" not in key and len(key) <= 200:
            counts[key] = counts.get(key, 0) + 1
    repeated = {k for k, n in counts.items() if n >= min_repeats}
    if not repeated:
        return text
    out: list[str] = []
    seen: set[str] = set()
    glue = False
    vocab = vocabulary([text])
    for p in paras:
        key = p.strip()
        if key in repeated:
            if key in seen:
                glue = True
                continue
            seen.add(key)
        if glue and out and _continues(out[-1], key):
            out[-1] = _glue(out[-1].rstrip(), p.lstrip(), vocab)
        else:
            out.append(p)
        glue = False
    return "\n\n".join(out)


def _glue(head: str, tail: str, vocab: set[str]) -> str:
    """Rejoin a paragraph a running header interrupted ('organi-' + 'sation' -> one word)."""
    return join_broken(head, tail, vocab) if head.endswith("-") else f"{head} {tail}"


def _continues(prev: str, nxt: str) -> bool:
    """prev stops mid-sentence and nxt carries on."""
    end = prev.rstrip()[-1:]
    return bool(end) and end not in ".!?:;\"'”’" and bool(nxt) and (nxt[0].islower() or end == "-")


def _page(number: int, text: str) -> Page:
    body = text.strip("\n")
    lines = tuple(Line(text=ln, page=number) for ln in body.split("\n") if ln.strip())
    return Page(number=number, text=body, lines=lines)
