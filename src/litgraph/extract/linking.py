"""Linking a citation (family names, year, suffix or a number) to its reference entry."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from litgraph.lexicon.names import family_key, is_particle
from litgraph.model import Reference

_REF_NUMBER = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)]\s)")


def _keys(family: str) -> set[str]:
    """Keys a cited family name may take: whole, its last word, and the first word of a double
    name ('Jerez Mir' is cited 'Jerez Mir' or 'Jerez'; 'Van de Walle' as 'Walle' too)."""
    words = family.split()
    keys = {family_key(family)} if family else set()
    if len(words) > 1:
        keys.add(family_key(words[-1]))
        if not is_particle(words[0]):
            keys.add(family_key(words[0]))
    return {k for k in keys if k}


class ReferenceIndex:
    """Finds the reference entry an in-text citation points to."""

    def __init__(self, references: tuple[Reference, ...]) -> None:
        self.refs = references
        self.by_id = {r.id: r for r in references}
        self.by_name: dict[str, list[Reference]] = {}
        for ref in references:
            if not ref.authors:
                continue
            for k in _keys(ref.authors[0].family):
                self.by_name.setdefault(k, []).append(ref)
        self.families = {family_key(a.family) for r in references for a in r.authors}
        self.numbers: dict[int, str] = {}
        for ref in references:
            m = _REF_NUMBER.match(ref.raw)
            if m:
                self.numbers.setdefault(int(m.group(1) or m.group(2)), ref.id)
        self.numbered_list = len(self.numbers) >= max(1, len(references) // 2)

    def first_families(self, ref_id: str) -> set[str]:
        """Keys of the first author's family name of an entry ('van de walle', 'walle')."""
        ref = self.by_id.get(ref_id)
        if ref is None or not ref.authors:
            return set()
        family = ref.authors[0].family
        return {k for k in (family_key(family), family_key(family.split()[-1])) if k}

    def knows(self, family: str) -> bool:
        """Whether some entry has an author of this family name ('Chumpitaz Caceres')."""
        return family_key(family) in self.families

    def link(
        self,
        names: tuple[str, ...],
        etal: bool,
        year: int | None,
        suffix: str,
        first_only: bool = False,
    ) -> str | None:
        """Reference id for first author + year (+suffix), preferring matching co-authors; a
        citation whose first name matches nothing tries the names after it, unless first_only
        (a full reference in a footnote names its first author for certain)."""
        for i in range(1 if first_only else len(names)):
            ref = self._best(names[i:], etal, year, suffix)
            if ref is not None:
                return ref.id
        return None

    def _best(
        self, names: tuple[str, ...], etal: bool, year: int | None, suffix: str
    ) -> Reference | None:
        key = family_key(names[0])
        pool = self.by_name.get(key) or self.by_name.get(family_key(names[0].split()[-1]), [])
        pool = [r for r in pool if r.year == year] or self._fuzzy(key, year)
        if suffix and any(r.year_suffix for r in pool):
            pool = [r for r in pool if r.year_suffix in (suffix, "")]
        if not pool:
            return None
        return max(pool, key=lambda r: _agreement(r, names, etal, suffix))

    def _fuzzy(self, key: str, year: int | None) -> list[Reference]:
        """Same year, family name one typo away ('Norman' for 'Normann'); only if unique."""
        if len(key) < 5:
            return []
        close = {
            k for k in self.by_name if abs(len(k) - len(key)) <= 1 and fuzz.ratio(k, key) >= 90
        }
        pool = [r for k in close for r in self.by_name[k] if r.year == year]
        return pool if len({r.id for r in pool}) == 1 else []

    def numbered_ok(self, author_year_found: bool) -> bool:
        return self.numbered_list or not author_year_found

    def by_number(self, n: int) -> str | None:
        if self.numbers:
            return self.numbers.get(n)
        return self.refs[n - 1].id if 0 < n <= len(self.refs) else None


def _agreement(ref: Reference, names: tuple[str, ...], etal: bool, suffix: str) -> int:
    score = 3 if suffix and ref.year_suffix == suffix else 0
    n = len(ref.authors)
    if etal:
        score += 2 if n >= 3 else 1 if n == 2 else 0
    elif len(names) == n:
        score += 2
    others = {family_key(a.family) for a in ref.authors[1:]}
    score += sum(3 for name in names[1:] if family_key(name) in others)
    return score
