"""Normalisation and identity keys (stable across runs and machines)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_GERMAN_FOLD = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)
# fmt: off
_STOP = frozenset([
    "a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "from", "by", "at", "as",
    "is", "are", "its", "into", "de", "la", "le", "les", "der", "die", "das", "und",
])
# fmt: on


# lower-case particles that belong to a family name ("van de Walle", "von Hippel")
NAME_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "la",
        "le",
        "ten",
        "ter",
        "dos",
        "das",
        "zu",
    ]
)


def strip_accents(text: str) -> str:
    """'Grönroos' -> 'Gronroos' (plain accent removal)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only, accents removed: 'Löffler' -> 'loffler'."""
    return _NON_ALNUM.sub("", strip_accents(text.replace("ß", "ss")).lower())


def family_key(family: str) -> str:
    """Identity of a family name: 'Löffler', 'Loeffler' and 'Loffler' share one key.

    German umlaut transliteration (oe, ae, ue) is folded to the plain vowel so both spellings
    meet; accents are dropped.
    """
    s = fold(family)
    # 'loeffler' -> 'loffler': an e directly after a/o/u (not after a vowel or q: 'Bauer',
    # 'Quenet' stay) is dropped; this also merges rare genuine pairs ('Boer'/'Bor'), which is
    # acceptable for matching since the given names decide.
    return re.sub(r"(?<![aeiouq])([aou])e", r"\1", s)


def initials(given: str) -> str:
    """'Stephen P.' -> 'sp'; 'S.P.' -> 'sp'; 'Jean-Luc' -> 'jl'."""
    parts = re.split(r"[\s.\-]+", strip_accents(given))
    out: list[str] = []
    for p in parts:
        if not p:
            continue
        if p.isupper() and len(p) <= 3 and p.isalpha():  # 'SP' written without dots
            out.extend(p.lower())
        else:
            out.append(p[0].lower())
    return "".join(c for c in out if c.isalpha())


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
    words = _NON_ALNUM.split(strip_accents(title.replace("ß", "ss")).lower())
    return [w for w in words if w and w not in _STOP]


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
