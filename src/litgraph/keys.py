"""Normalisation and identity keys (stable across runs and machines)."""

from __future__ import annotations

import hashlib
import re

from litgraph.lexicon.fold import fold, folded_words
from litgraph.lexicon.names import family_key, initials

__all__ = [
    "author_key",
    "concept_key",
    "find_doi",
    "normalise_doi",
    "sha256_file",
    "short_hash",
    "title_fingerprint",
    "title_words",
    "work_key",
]

_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)
# fmt: off
_STOP = frozenset([
    "a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "from", "by", "at", "as",
    "is", "are", "its", "into", "de", "la", "le", "les", "der", "die", "das", "und",
])
# fmt: on


def normalise_doi(doi: str | None) -> str | None:
    if not doi:
        return None
    m = _DOI.search(doi)
    if not m:
        return None
    return m.group(0).rstrip(".,;)]}").lower()


def find_doi(text: str) -> str | None:
    return normalise_doi(text)


def title_words(title: str) -> list[str]:
    """Folded significant words of a title ('The Co-Production of Services' -> ['co',
    'production', 'services'])."""
    return [w for w in folded_words(title) if w not in _STOP]


def title_fingerprint(title: str | None, n: int = 6) -> str:
    """First n significant words of a title, folded: robust to punctuation and case."""
    if not title:
        return ""
    return "-".join(title_words(title)[:n])


def short_hash(text: str, n: int = 10) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def work_key(doi: str | None, first_family: str | None, year: int | None, title: str | None) -> str:
    """Stable key of a work: the DOI when known, else family + year + title fingerprint."""
    d = normalise_doi(doi)
    if d:
        return f"doi:{d}"
    fam = family_key(first_family or "") or "anon"
    yr = str(year) if year else "nd"
    fp = title_fingerprint(title, 4)
    return f"w:{fam}:{yr}:{short_hash(fp) if fp else 'untitled'}"


def author_key(family: str, given: str = "") -> str:
    """Key of an author: folded family name plus first initial (resolution may refine it)."""
    ini = initials(given)[:1]
    return f"a:{family_key(family)}:{ini}" if ini else f"a:{family_key(family)}"


def concept_key(label: str) -> str:
    """'Co-production' and 'coproduction' -> 'coproduction'."""
    return fold(label)


def sha256_file(path: str, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while True:
            b = fh.read(chunk)
            if not b:
                break
            h.update(b)
    return h.hexdigest()
