"""Author resolution: one entity per person across corpus authors and reference-list authors.

A written name becomes a *form*: (family key, initials, spelled first name). Forms of one family
are clustered most-specific first; a less specific form joins the single cluster it is compatible
with (initials one a prefix of the other, spelled first names not in conflict) and stays apart,
with a recorded reason, when several clusters fit. Placeholders (`et al.`, `u.a.`, `XXXX`,
`Anonymous`, ...) never become authors.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..keys import short_hash
from ..lexicon.fold import fold
from ..lexicon.names import family_key, initials, split_name
from ..model import Person

_PLACEHOLDERS = frozenset(
    [
        "etal",
        "ua",
        "others",
        "andothers",
        "author",
        "authors",
        "anonymous",
        "anon",
        "anonym",
        "anonymus",
        "nn",
    ]
)
_ALL_X = re.compile(r"^x{2,}$")
_TRAILING = re.compile(r"(?:^|[\s,;]+)(?:et\s*al\.?|u\.\s*a\.?|and\s+others)\s*$", re.IGNORECASE)
_FIRST_TOKEN = re.compile(r"^\s*([^\s.]+)(\.?)")
_MAX_ORIGINS = 3


@dataclass(frozen=True)
class AuthorEntity:
    key: str
    name: str
    family: str
    given: str
    variants: tuple[str, ...]


@dataclass(frozen=True, order=True)
class Form:
    """Identity-relevant part of a written name."""

    fkey: str
    ini: str
    first: str = ""

    def compatible(self, other: Form) -> bool:
        if self.fkey != other.fkey:
            return False
        if not (self.ini.startswith(other.ini) or other.ini.startswith(self.ini)):
            return False
        a, b = self.first, other.first
        return not (a and b and not (a.startswith(b) or b.startswith(a)))

    def join(self, other: Form) -> Form:
        ini = max(self.ini, other.ini, key=len)
        return Form(self.fkey, ini, max(self.first, other.first, key=len))

    def specificity(self) -> tuple[int, int]:
        return (len(self.ini), len(self.first))


@lru_cache(maxsize=1 << 16)
def clean_person(person: Person) -> Person | None:
    """Strip trailing `et al.`/`u.a.`; None when the name is a placeholder, not a person."""
    family = _TRAILING.sub("", person.family).strip(" ,;")
    given = _TRAILING.sub("", person.given).strip(" ,;")
    fam = fold(family)
    if not fam or fam in _PLACEHOLDERS or _ALL_X.match(fam):
        return None
    if fold(given + family) in _PLACEHOLDERS:
        return None
    return Person(family, given)


def first_name(given: str) -> str:
    """Folded first given name when spelled out ('Stephen P.' -> 'stephen'), else ''."""
    m = _FIRST_TOKEN.match(given)
    if not m or m.group(2):
        return ""
    tok = m.group(1)
    letters = fold(tok)
    if len(letters) <= 1 or (tok.isupper() and len(letters) <= 3):
        return ""
    return letters


def form_of(person: Person) -> Form:
    return Form(family_key(person.family), initials(person.given), first_name(person.given))


def parse_name(name: str) -> Person:
    """Loose name -> Person: 'Osborne, S.P.', 'Stephen P. Osborne', 'Osborne S', 'S. Osborne'."""
    return Person(*split_name(name))


def display(person: Person) -> str:
    return f"{person.family}, {person.given}" if person.given else person.family


@dataclass
class _FormInfo:
    spellings: Counter[tuple[str, str]] = field(default_factory=Counter)
    origins: list[str] = field(default_factory=list)
    tags: set[tuple[int, int]] = field(default_factory=set)

    def example(self) -> str:
        fam, given = min(self.spellings, key=lambda s: (-self.spellings[s], s))
        origin = min(self.origins) if self.origins else "?"
        return f"'{display(Person(fam, given))}' ({origin})"


@dataclass
class _Cluster:
    id: int
    forms: list[Form]
    join: Form
    tags: set[tuple[int, int]]


Event = tuple[int, str, tuple[int, ...]]  # (cluster id, template with {0}.. for keys, cluster ids)


class AuthorResolver:
    """Collects author mentions, clusters them into people, assigns stable keys."""

    def __init__(self) -> None:
        self._forms: dict[Form, _FormInfo] = defaultdict(_FormInfo)
        self._by_spelling: dict[tuple[str, str], tuple[Form, Person] | None] = {}
        self._clusters: list[_Cluster] = []
        self._cluster_of: dict[Form, int] = {}
        self._parent: list[int] = []
        self._events: list[Event] = []
        self.notes: list[str] = []
        self.keys: dict[int, str] = {}
        self._key_of: dict[tuple[str, str], str | None] = {}  # spelling -> key, once assigned
        self._members: dict[int, list[Form]] = {}

    # --- collecting -------------------------------------------------------------------

    def add(self, person: Person, origin: str, count: int = 1) -> Form | None:
        """A person named `count` times (`origin`: where, for the explanations)."""
        spelling = (person.family, person.given)
        if spelling in self._by_spelling:
            hit = self._by_spelling[spelling]
        else:
            cleaned = clean_person(person)
            hit = (form_of(cleaned), cleaned) if cleaned else None
            self._by_spelling[spelling] = hit
        if hit is None:
            return None
        form, cleaned = hit
        info = self._forms[form]
        info.spellings[(cleaned.family, cleaned.given)] += count
        if len(info.origins) < _MAX_ORIGINS or origin < info.origins[-1]:
            info.origins = sorted({*info.origins, origin})[:_MAX_ORIGINS]
        return form

    def forms_named(self, name: str) -> list[Form]:
        """Forms exactly matching a loose name or an `a:family[:initials]` key."""
        if name.startswith("a:"):
            parts = name[2:].split(":")
            ini = parts[1].split("-")[0] if len(parts) > 1 else ""
            return sorted(f for f in self._forms if f.fkey == parts[0] and f.ini == ini)
        person = clean_person(parse_name(name))
        if person is None:
            return []
        target = form_of(person)
        exact = [f for f in self._forms if f == target]
        if exact:
            return exact
        loose = [f for f in self._forms if f.fkey == target.fkey and f.ini == target.ini]
        return sorted(loose)

    # --- clustering -------------------------------------------------------------------

    def settle(
        self, different: Sequence[tuple[str, str]] = (), same: Sequence[tuple[str, str]] = ()
    ) -> AuthorResolver:
        """Cluster the names collected, apply the overrides, assign the keys."""
        self.cluster(different)
        self.apply_same(same)
        self.assign_keys()
        return self

    def cluster(self, different: Sequence[tuple[str, str]]) -> None:
        for i, pair in enumerate(different):
            for side, name in enumerate(pair):
                for form in self.forms_named(name):
                    self._forms[form].tags.add((i, side))
        by_family: dict[str, list[Form]] = defaultdict(list)
        for form in self._forms:
            by_family[form.fkey].append(form)
        for fkey in sorted(by_family):
            forms = sorted(by_family[fkey], key=lambda f: (*(-n for n in f.specificity()), f))
            family_clusters: list[_Cluster] = []
            by_initial: dict[str, list[_Cluster]] = defaultdict(list)
            for form in forms:
                self._place(form, family_clusters, by_initial)

    def _place(
        self, form: Form, family: list[_Cluster], by_initial: dict[str, list[_Cluster]]
    ) -> None:
        """Put a form into the single cluster of its family it fits, else a new one. Forms
        come most specific first, so a cluster's first initial is that of its first form;
        only clusters with the form's first initial (or none) can fit it."""
        info = self._forms[form]
        pool = family
        if form.ini:
            pool = by_initial[form.ini[0]]
            if by_initial[""]:
                pool = sorted([*pool, *by_initial[""]], key=lambda c: c.id)
        fits = [c for c in pool if c.join.compatible(form)]
        allowed = [c for c in fits if not _forbidden(info.tags, c.tags)]
        if len(allowed) == 1:
            c = allowed[0]
            self._log(c.id, self._merge_reason(form, c), ())
            c.forms.append(form)
            c.join = c.join.join(form)
            c.tags |= info.tags
            self._cluster_of[form] = c.id
            return
        c = self._new_cluster(form)
        by_initial[form.ini[:1]].append(c)
        for r in fits:
            if r not in allowed:
                msg = f"refused to merge {info.example()} with {{0}}: override [different]"
                self._log(c.id, msg, (r.id,))
        if len(allowed) > 1:
            ids = tuple(a.id for a in allowed)
            refs = ", ".join(f"{{{n}}}" for n in range(len(ids)))
            msg = (
                f"kept {info.example()} apart: ambiguous, {len(ids)} people with family key "
                f"'{form.fkey}' and compatible initials ({refs})"
            )
            self._log(c.id, msg, ids)
        elif family and not fits:
            others = family[:5]
            refs = ", ".join(f"{{{n}}}" for n in range(len(others)))
            msg = f"kept apart from {refs} (same family key '{form.fkey}'): initials differ"
            self._log(c.id, msg, tuple(o.id for o in others))
        family.append(c)

    def _new_cluster(self, form: Form) -> _Cluster:
        c = _Cluster(len(self._clusters), [form], form, set(self._forms[form].tags))
        self._clusters.append(c)
        self._parent.append(c.id)
        self._cluster_of[form] = c.id
        return c

    def _merge_reason(self, form: Form, c: _Cluster) -> str:
        anchor = self._forms[c.forms[0]].example()
        if not form.ini:
            why = f"the only person with family key '{form.fkey}'"
        else:
            why = f"same family key '{form.fkey}', compatible initials '{form.ini}'/'{c.join.ini}'"
        return f"merged {self._forms[form].example()} with {anchor}: {why}"

    def _log(self, cid: int, template: str, refs: tuple[int, ...]) -> None:
        self._events.append((cid, template, refs))

    # --- overrides and keys -----------------------------------------------------------

    def find(self, cid: int) -> int:
        while self._parent[cid] != cid:
            self._parent[cid] = self._parent[self._parent[cid]]
            cid = self._parent[cid]
        return cid

    def apply_same(self, same: Sequence[tuple[str, str]]) -> None:
        for a, b in same:
            ca, cb = self._clusters_named(a), self._clusters_named(b)
            if ca is None or cb is None:
                missing = a if ca is None else b
                self.notes.append(f"override [same] {a!r} = {b!r}: no single author {missing!r}")
                continue
            ra, rb = self.find(ca), self.find(cb)
            if ra == rb:
                continue
            if _forbidden(self._clusters[ra].tags, self._clusters[rb].tags):
                self._log(ra, f"override [same] {a!r} = {b!r} refused: also [different]", ())
                continue
            keep, drop = sorted((ra, rb), key=self._rank)
            self._parent[drop] = keep
            self._clusters[keep].tags |= self._clusters[drop].tags
            self._log(keep, f"merged {a!r} with {b!r}: override [same]", ())

    def _clusters_named(self, name: str) -> int | None:
        ids = sorted({self.find(self._cluster_of[f]) for f in self.forms_named(name)})
        if len(ids) == 1:
            return ids[0]
        if ids or name.startswith("a:"):
            return None
        person = clean_person(parse_name(name))
        if person is None:
            return None
        target = form_of(person)
        fits = {self.find(c.id) for c in self._clusters if c.join.compatible(target)}
        return fits.pop() if len(fits) == 1 else None

    def _rank(self, cid: int) -> tuple[int, int, int, Form]:
        c = self._clusters[cid]
        count = sum(sum(self._forms[f].spellings.values()) for f in c.forms)
        return (-len(c.join.ini), -len(c.join.first), -count, c.join)

    def assign_keys(self) -> None:
        self._key_of.clear()
        self._members = defaultdict(list)
        for c in self._clusters:
            self._members[self.find(c.id)].extend(c.forms)
        self._assign(sorted(self._members), 0)

    def _assign(self, roots: list[int], level: int) -> None:
        groups: dict[str, list[int]] = defaultdict(list)
        for r in roots:
            groups[self._key_candidates(r)[level]].append(r)
        for key, members in groups.items():
            if len(members) == 1 or level == 3:
                for r in members:
                    self.keys[r] = key
            else:
                self._assign(members, level + 1)

    def _key_candidates(self, root: int) -> tuple[str, str, str, str]:
        """Ever finer keys: first initial, all initials, + first name, + hash of forms."""
        j = self._clusters[root].join
        base = f"a:{j.fkey}"
        first = f"{base}:{j.ini[:1]}" if j.ini else base
        full = f"{base}:{j.ini}" if j.ini else base
        named = f"{full}-{j.first}" if j.first else full
        forms = "|".join(f"{f.fkey}/{f.ini}/{f.first}" for f in sorted(self._all_forms(root)))
        return (first, full, named, f"{named}~{short_hash(forms, 6)}")

    def _all_forms(self, root: int) -> list[Form]:
        return self._members[root]

    # --- results ----------------------------------------------------------------------

    def key_of(self, person: Person) -> str | None:
        spelling = (person.family, person.given)
        if spelling in self._key_of:  # asked once per mention: hundreds of thousands
            return self._key_of[spelling]
        hit = self._by_spelling.get(spelling)
        key = None if hit is None else self.keys[self.find(self._cluster_of[hit[0]])]
        self._key_of[spelling] = key
        return key

    def entities(self) -> dict[str, AuthorEntity]:
        members: dict[int, list[Form]] = defaultdict(list)
        for c in self._clusters:
            members[self.find(c.id)].extend(c.forms)
        out: dict[str, AuthorEntity] = {}
        for root, forms in members.items():
            spellings: Counter[tuple[str, str]] = Counter()
            for f in forms:
                spellings.update(self._forms[f].spellings)
            out[self.keys[root]] = _entity(self.keys[root], spellings)
        return dict(sorted(out.items()))

    def explain(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for cid, template, refs in self._events:
            keys = [self.keys[self.find(r)] for r in refs]
            out[self.keys[self.find(cid)]].append(template.format(*keys))
        return out


def _forbidden(a: Iterable[tuple[int, int]], b: set[tuple[int, int]]) -> bool:
    return any((i, 1 - side) in b for i, side in a)


def entity_of(key: str, named: Iterable[tuple[Person, int]]) -> AuthorEntity:
    """The entity of one author from the persons as written that it holds and how often each
    is named (what `entities` gives it, without clustering its family again)."""
    spellings: Counter[tuple[str, str]] = Counter()
    for person, n in named:
        cleaned = clean_person(person)
        if cleaned is not None:
            spellings[(cleaned.family, cleaned.given)] += n
    return _entity(key, spellings)


def _entity(key: str, spellings: Counter[tuple[str, str]]) -> AuthorEntity:
    # the display name: a spelled-out first name over initials, then the spelling most
    # sources give, then the longest; never which file came first, and one more citing list
    # with fuller initials does not rename the person for every work of theirs
    givens: Counter[str] = Counter()
    for (_, g), n in spellings.items():
        givens[g] += n
    given = min(givens, key=lambda g: (not first_name(g), -givens[g], -len(g), g))
    fams: Counter[str] = Counter()
    for (fam, _), n in spellings.items():
        fams[fam] += n
    family = min(fams, key=lambda f: (f.isupper(), -fams[f], f.isascii(), f))
    variants = tuple(sorted({display(Person(f, g)) for f, g in spellings}))
    name = f"{given} {family}".strip()
    return AuthorEntity(key=key, name=name, family=family, given=given, variants=variants)
