"""The author part of a reference entry -> people: 'Surname, X.', 'Given Surname', particles,
double family names, editors and placeholders."""

from __future__ import annotations

import re

from litgraph.lexicon.names import UPPER, is_initials, is_particle, split_name
from litgraph.model import Person

ETAL = re.compile(r"\bet\.?\s*al\.?|\bu\.\s?a\.|\band others\b|\bmit weiteren\b", re.IGNORECASE)
EDITOR = re.compile(
    r"\(\s*(?:eds?|Hrsg|Hg|Hrsgg|editors?|coord|dir)\.?\s*\)|,?\s*\b(?:eds?|Hrsg|Hg)\.(?=\s|$|[:,)])"
    r"|,?\s*\beditors?\b",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    r"^(?:X{3,}|Author|Anonymous|Anon\.?|\[?anonymi[sz]ed\]?)$", re.IGNORECASE
)


# 'Atanasov, P. Cvetanova, G.': a name that starts right after the initials before it
_RUN_ON_NAMES = re.compile(
    rf"(\b[{UPPER}]\.)\s+(?=[{UPPER}][a-z][\w'’-]+,\s*(?:[{UPPER}]\.\s?)+(?:$|[,;&]|and\b))"
)


# 'Robert G. Jnr', 'Cook EH Jr', 'Martin Luther King III': no names of their own
_NAME_SUFFIX = re.compile(r"(?<=\S)\s*,?\s+(?:Jr|Jnr|Sr|Snr|II|III|IV)\.?(?=[\s,;&)]|$)")


def parse_names(head: str) -> tuple[tuple[Person, ...], tuple[Person, ...]]:
    """Author part -> (authors, editors). Leading editors of a whole book count as authors."""
    text = ETAL.sub(" ", head)
    text = EDITOR.sub(" ", text)
    text = _NAME_SUFFIX.sub(" ", text)
    text = re.sub(r"^[-–—_]{2,}\.?", " ", text)
    text = re.sub(r"[()\[\]]", " ", text)
    text = _RUN_ON_NAMES.sub(r"\1 ; ", text)
    text = re.sub(r"\s+(?:and|und|&|y|et|e)\s+|\s*;\s*|\s+/\s*|/", " ; ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.:;")
    if not text:
        return (), ()
    people: list[Person | None] = []
    for chunk in text.split(";"):
        parts = [p.strip() for p in chunk.split(",") if p.strip(" .")]
        people.extend(_pair(parts))
    return tuple(p for p in people if p is not None), ()


def _is_given(part: str) -> bool:
    words = part.split()
    if not words or len(words) > 3:
        return False
    if is_initials(part):
        return True
    if len(words) == 2 and is_particle(words[1]):  # 'Tocqueville, Alexis de'
        words = words[:1]
    return len(words) <= 2 and all(is_initials(w) or _GIVEN_WORD.fullmatch(w) for w in words)


# a given name written out: 'Henning', 'Kai-Olaf', 'Hans-Joerg'
_GIVEN_WORD = re.compile(rf"[{UPPER}][^\W\d_A-Z]+(?:-[{UPPER}][^\W\d_A-Z]+)*")


def _pair(parts: list[str]) -> list[Person | None]:
    out: list[Person | None] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        words = part.split()
        if (
            nxt is not None
            and (
                len(words) == 1
                or is_particle(words[0])
                or part.isupper()
                or (len(words) <= 3 and is_initials(nxt) and not any(map(is_initials, words)))
                or _double_family(words, nxt, last=_closes_name(parts, i))
            )
            and _is_given(nxt)
            and not is_initials(part)
        ):
            out.append(_person(part, nxt))
            i += 2
            continue
        out.append(_single(part))
        i += 1
    return out


def _closes_name(parts: list[str], i: int) -> bool:
    """The given name after parts[i] closes its name: it is the last part, or (the first author
    of an MLA-style list) the names after it are written given name first ('Jerez Mir, Miguel,
    José Real-Dato')."""
    if i + 2 == len(parts):
        return True
    return i == 0 and len(parts[i + 2].split()) >= 2


def _double_family(words: list[str], nxt: str, last: bool) -> bool:
    """'Salling Olesen, Henning': two or three capitalised words, then one given name (with
    initials perhaps) that closes the name ('Tom Smith, Anna Berg' lists two people)."""
    given = nxt.split()
    return (
        last
        and 2 <= len(words) <= 3
        and all(w[:1].isupper() and not is_initials(w) for w in words)
        and not is_initials(given[0])
        and all(is_initials(g) for g in given[1:])
    )


def _person(family: str, given: str) -> Person | None:
    family = family.strip(" .,:")
    if _PLACEHOLDER.match(family) or not family:
        return None
    if family.isupper() and len(family) > 3:
        family = family.title()
    return Person(family, given.strip(" ,"))


def _single(part: str) -> Person | None:
    """'Stephen P. Osborne', 'Osborne S.P.', 'Osborne' -> Person."""
    words = part.split()
    if not words or _PLACEHOLDER.match(part.strip()):
        return None
    family, given = split_name(part)
    if len(words) > 4 and given and not is_initials(given):  # an organisation, not a person
        return _person(part, "")
    return _person(family, given)
