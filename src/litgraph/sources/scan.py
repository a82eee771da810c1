"""Find the files a build reads: PDFs, texts and .bib files under the given paths.

A `.litgraphignore` file in any folder lists patterns (one per line, `#` comments) relative to
that folder: `pdf-src/` ignores a folder, `*.tmp` or `notes.md` ignore files.

A file that cannot be read is a problem reported with its reason, never an abort and never a
wait: symlink loops, links to nothing, unreadable files and folders, and anything that is not
a regular file (a FIFO or a device named `x.pdf` is skipped without being opened).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LitgraphError

IGNORE_FILE = ".litgraphignore"
BIB_SUFFIXES = (".bib", ".bibtex")
DOC_SUFFIXES = (".pdf", ".txt", ".md", ".markdown", ".text")


def _patterns(folder: Path) -> list[str]:
    f = folder / IGNORE_FILE
    if not f.is_file():
        return []
    try:
        lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:  # unreadable: nothing ignored, and each file's own problem is reported
        return []
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


@dataclass
class Scan:
    files: list[str] = field(default_factory=list)  # absolute, sorted, each once
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, why it is not read)


def file_problem(path: str | Path) -> str | None:
    """Why `path` cannot be read as a source file (None when it can). Never opens it."""
    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "a symbolic link loop; fix or remove the link"
        if e.errno == errno.ENOENT and os.path.islink(path):
            return f"a symbolic link to a missing file ({os.readlink(path)})"
        return f"cannot be read ({e.strerror})"
    if stat.S_ISDIR(st.st_mode):
        return None
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (a pipe, socket or device); skipped without reading it"
    if not os.access(path, os.R_OK):
        return "cannot be read (permission denied)"
    return None


def _absolute(path: Path) -> str:
    return os.path.realpath(path)


def scan(paths: list[str]) -> Scan:
    """The readable source files under `paths`, and every file or folder that could not be
    read with the reason. A path that does not exist at all is an error (a mistyped name)."""
    found: set[str] = set()
    problems: dict[str, str] = {}
    for p in paths:
        root = Path(p).expanduser()
        if not root.exists() and not root.is_symlink():
            raise LitgraphError(f"{p}: no such file or folder")
        why = file_problem(root)
        if why:
            problems[str(root.absolute())] = why
            continue
        if not root.is_dir():
            found.add(_absolute(root))
            continue

        def unreadable(e: OSError) -> None:
            problems[str(e.filename)] = (
                f"folder cannot be read ({e.strerror}); its files are skipped"
            )

        for folder, dirs, files in os.walk(root, onerror=unreadable):
            here = Path(folder)
            rules = [(here, _patterns(here))]
            # rules of every ancestor up to the root apply too
            anc = here
            while anc != root and anc.parent != anc:
                anc = anc.parent
                rules.append((anc, _patterns(anc)))

            dirs[:] = sorted(d for d in dirs if not _skip(here / d, True, rules))
            real = _absolute(here)  # once per folder: a file that is no link lies in it
            for name in files:
                full = here / name
                if not name.lower().endswith(DOC_SUFFIXES + BIB_SUFFIXES) or _skip(
                    full, False, rules
                ):
                    continue
                why = file_problem(full)
                if why:
                    problems[str(full)] = why
                elif os.path.islink(full):
                    if not full.is_dir():
                        found.add(_absolute(full))
                else:
                    found.add(os.path.join(real, name))
    return Scan(sorted(found), sorted(problems.items()))


def discover(paths: list[str]) -> list[str]:
    """Absolute paths of the readable files under `paths`, sorted, each once."""
    return scan(paths).files


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
                full = os.path.join(folder, name)
                if name.startswith(".") or os.path.realpath(full) in seen:
                    continue
                if os.path.islink(full) and not os.path.exists(full):
                    continue  # a dangling link or a loop: the scan reports it as a failure
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
