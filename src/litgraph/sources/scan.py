"""Find the files a build reads: PDFs, texts and .bib files under the given paths.

A `.litgraphignore` file in any folder lists patterns (one per line, `#` comments) relative to
that folder: `pdf-src/` ignores a folder, `*.tmp` or `notes.md` ignore files.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from ..errors import LitgraphError

IGNORE_FILE = ".litgraphignore"
BIB_SUFFIXES = (".bib", ".bibtex")
DOC_SUFFIXES = (".pdf", ".txt", ".md", ".markdown", ".text")


def _patterns(folder: Path) -> list[str]:
    f = folder / IGNORE_FILE
    if not f.is_file():
        return []
    lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _ignored(rel: str, is_dir: bool, patterns: list[str]) -> bool:
    for p in patterns:
        if p.endswith("/"):
            if is_dir and fnmatch.fnmatch(rel, p.rstrip("/")):
                return True
        elif fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(os.path.basename(rel), p):
            return True
    return False


def _skip(full: Path, is_dir: bool, rules: list[tuple[Path, list[str]]]) -> bool:
    if full.name.startswith("."):
        return True
    return any(_ignored(str(full.relative_to(b)), is_dir, pats) for b, pats in rules if pats)


def discover(paths: list[str]) -> list[str]:
    """Absolute paths of the readable files under `paths`, sorted, each once."""
    found: set[str] = set()
    for p in paths:
        root = Path(p).expanduser()
        if not root.exists():
            raise LitgraphError(f"{p}: no such file or folder")
        if root.is_file():
            found.add(str(root.resolve()))
            continue
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            rules = [(here, _patterns(here))]
            # rules of every ancestor up to the root apply too
            anc = here
            while anc != root and anc.parent != anc:
                anc = anc.parent
                rules.append((anc, _patterns(anc)))

            dirs[:] = sorted(d for d in dirs if not _skip(here / d, True, rules))
            for name in files:
                if name.lower().endswith(DOC_SUFFIXES + BIB_SUFFIXES) and not _skip(
                    here / name, False, rules
                ):
                    found.add(str((here / name).resolve()))
    return sorted(found)


def is_bib(path: str) -> bool:
    return path.lower().endswith(BIB_SUFFIXES)


def unread_files(paths: list[str], read: list[str]) -> dict[str, int]:
    """Files under the folders in `paths` that a build does not read (`read` is what
    `discover` found), counted by why: their type (`.docx`) or `ignored` (.litgraphignore).
    Hidden files and folders are not counted."""
    seen = set(read)
    out: dict[str, int] = {}
    for p in paths:
        root = Path(p).expanduser()
        if not root.is_dir():
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.startswith(".") or str((Path(folder) / name).resolve()) in seen:
                    continue
                supported = name.lower().endswith(DOC_SUFFIXES + BIB_SUFFIXES)
                why = "ignored" if supported else (Path(name).suffix.lower() or "no extension")
                out[why] = out.get(why, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def describe_unread(unread: dict[str, int]) -> str:
    """'5 files not read: 3 .docx, 1 .html (not PDF, text, markdown or BibTeX), 1 ignored'."""
    if not unread:
        return ""
    total = sum(unread.values())
    kinds = ", ".join(f"{n} {why}" for why, n in unread.items() if why != "ignored")
    parts = [f"{kinds} (not PDF, text, markdown or BibTeX)"] if kinds else []
    if "ignored" in unread:
        parts.append(f"{unread['ignored']} in .litgraphignore")
    return f"{total} file{'s' if total != 1 else ''} not read: " + ", ".join(parts)
