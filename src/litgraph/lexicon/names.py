"""Personal names: the particles of family names, written names split into family and given
names, and the identity keys that let spellings of one name meet.

A particle ('van', 'de', 'von', ...) belongs to the family name: 'Steven Van de Walle' has
the family name 'Van de Walle', sorted and matched under 'vandewalle'.
"""

from __future__ import annotations

import re
from functools import cache

from .fold import fold, to_ascii

# lower-case particles that belong to a family name ("van de Walle", "von Hippel", "da Silva")
# fmt: off
PARTICLES = frozenset([
    "van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "ten",
    "ter", "dos", "das", "zu",
])
# fmt: on


def _either_case(word: str) -> str:
    return f"[{word[0]}{word[0].upper()}]{word[1:]}"


# One particle, lower-case or capitalised ('van', 'Van'), for use inside larger patterns.
PARTICLE = (
    "(?:" + "|".join(_either_case(p) for p in sorted(PARTICLES, key=lambda p: (-len(p), p))) + ")"
)

# Upper-case letters of Latin, Greek and Cyrillic names ('Ö', 'Ł', 'Ș', 'Б'), for character
# classes.
UPPER = "A-Z" + "".join(
    c for lo, hi in ((0xC0, 0x250), (0x370, 0x530)) for c in map(chr, range(lo, hi)) if c.isupper()
)
# 'S.', 'SP', 'S.P.', 'J.-L.', 'Th.', 'Ch': capitals, each maybe with a dot; a second lower-case
# letter only before a dot or as the 'h' of 'Ch', 'Ph', 'Th' ('Li' is a name, not initials)
# words naming an institution, a publisher or a company, never a person: 'University of
# Sussex', 'SAGE Publications', 'Wissenschaftszentrum Berlin gGmbH'
INSTITUTION = re.compile(
    r"universit|institut|department|school|college|center|centre|zentrum|ministry|faculty|"
    r"press|publication|verlag|gmbh|ltd|inc\b|society|association|agency|foundation|"
    r"organi[sz]ation|commission|bureau|hospital|academy|laborator|council",
    re.IGNORECASE,
)
_INITIALS = re.compile(rf"^(?:[{UPPER}](?:[a-z]\.|h\.?|\.)?-?)+$")


def is_particle(word: str) -> bool:
    """'van', 'Van', 'de' -> True."""
    return word.lower() in PARTICLES


def is_initials(text: str) -> bool:
    """'S.', 'S. P.', 'SP', 'J.-L.', 'Th.' -> True; 'Li', 'Osborne', 'SPQRX' -> False."""
    compact = text.replace(" ", "")
    if not compact or not _INITIALS.match(compact):
        return False
    letters = sum(1 for c in compact if c.isalpha())
    return letters <= (6 if "." in compact else 4)


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a written name.

    'Osborne, S. P.' -> ('Osborne', 'S. P.'); 'Stephen P. Osborne' -> ('Osborne', 'Stephen P.');
    'Osborne SP' -> ('Osborne', 'SP'); 'Steven Van de Walle' -> ('Van de Walle', 'Steven').
    """
    name = " ".join(name.split())
    if "," in name:
        family, given = name.split(",", 1)
        return family.strip(), given.strip()
    words = name.split(" ")
    if len(words) == 1:
        return words[0], ""
    if is_initials(words[-1]) and not is_initials(words[0]):  # 'Osborne S. P.'
        k = len(words) - 1
        while k > 1 and is_initials(words[k - 1]):
            k -= 1
        return " ".join(words[:k]), " ".join(words[k:])
    k = len(words) - 1
    while k > 0 and is_particle(words[k - 1]):
        k -= 1
    return " ".join(words[k:]), " ".join(words[:k])


def family_part(name: str) -> str:
    """The family name of a name written given-first: 'Elinor Ostrom' -> 'Ostrom',
    'Steven Van de Walle' -> 'Van de Walle', 'Van de Walle' -> 'Van de Walle'."""
    words = name.split()
    k = len(words) - 1
    while k > 0 and is_particle(words[k - 1]):
        k -= 1
    return " ".join(words[k:])


def family_key(family: str) -> str:
    """Identity of a family name: 'Löffler', 'Loeffler' and 'Loffler' share one key, as do
    'Sørensen' and 'Sorensen', and 'Van de Walle' and 'van de Walle'.

    German umlaut transliteration (oe, ae, ue) is folded to the plain vowel so both spellings
    meet; other letters are transliterated (see `fold`).
    """
    s = fold(family)
    # 'loeffler' -> 'loffler': an e directly after a/o/u (not after a vowel or q: 'Bauer',
    # 'Quenet' stay) is dropped; this also merges rare genuine pairs ('Boer'/'Bor'), which is
    # acceptable for matching since the given names decide.
    return re.sub(r"(?<![aeiouq])([aou])e", r"\1", s)


def initials(given: str) -> str:
    """'Stephen P.' -> 'sp'; 'S.P.' -> 'sp'; 'Jean-Luc' -> 'jl'; 'Łukasz' -> 'l'."""
    parts = re.split(r"[\s.\-]+", to_ascii(given))
    out: list[str] = []
    for p in parts:
        if not p:
            continue
        if p.isupper() and len(p) <= 3 and p.isalpha():  # 'SP' written without dots
            out.extend(p.lower())
        else:
            out.append(p[0].lower())
    return "".join(c for c in out if c.isalpha())


_GENDERS = frozenset(["M", "1M", "?M", "F", "1F", "?F", "?"])  # the table's first column


@cache
def _given_names() -> frozenset[str]:
    """The names of gender-guesser's given-name table (about 40,000 names of many countries),
    in lower case, read on first use. The table's file is read here directly: a name is in
    it exactly when the package's case-blind Detector gives it a gender (not 'unknown'), and
    reading it costs a third of building the Detector, whose per-country figures go unused."""
    from importlib.resources import files

    text = files("gender_guesser").joinpath("data/nam_dict.txt").read_text("utf-8")
    names: set[str] = set()
    for line in text.splitlines():  # the lines the Detector reads
        line = line.strip()
        if not line or line[0] in "#=":
            continue
        gender, name, *_ = line.split(None, 2)
        if gender not in _GENDERS:
            continue
        name = name.lower()
        if "+" in name:  # 'abdal+salam': 'abdalsalam', 'abdal salam' and 'abdal-salam'
            names.update(name.replace("+", joint) for joint in ("", " ", "-"))
        else:
            names.add(name)
    return frozenset(names)


def is_given_name(word: str) -> bool:
    """'Christopher', 'Sami', 'Henning' -> True; 'Browning', 'Osborne' -> False."""
    word = word.strip(" .,")
    if len(word) < 2 or not word[:1].isupper() or is_initials(word):
        return False
    return word.lower() in _given_names()


def written_surname_first(first: str, second: str) -> bool | None:
    """Two names written without a comma: True for 'Haukkala Hiski'-like order when only the
    second is a known given name, False when only the first is ('Stephen Osborne'), None when
    the table cannot tell."""
    a, b = is_given_name(first), is_given_name(second)
    if a == b:
        return None
    return b
