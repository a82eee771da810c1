"""Work resolution: corpus documents and reference entries become works.

Records are matched, strongest evidence first: same DOI; then within a (first-author family
key, year) block identical normalised titles, then similar ones (rapidfuzz token_set_ratio >=
85, or one title a prefix of the other); a reference whose title equals a corpus document's
title (4+ words, compatible year) links to it; untitled references (`Alford (2011)`) join the
only titled work of their block. A merge is refused when the two sides hold different DOIs,
two entries of the same reference list, different year suffixes (2008a/2008b, unless the
titles are identical) or a [different] override.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz

from ..keys import normalise_doi, title_words, work_key
from ..lexicon.names import family_key
from ..lexicon.years import split_cited, year_suffix
from ..model import Document, Person
from .authors import clean_person, parse_name

SIMILAR = 85.0
NEAR_MISS = 70.0
_MIN_PREFIX_WORDS = 3
_MIN_INDEX_WORDS = 4


@dataclass(frozen=True)
class WorkEntity:
    key: str
    title: str | None
    year: int | None
    doi: str | None
    venue: str | None
    kind: str | None
    in_corpus: bool
    authors: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class WorkRecord:
    """A corpus document (ref_id None) or one reference entry, ready for matching."""

    path: str
    ref_id: str | None
    first_family: str
    year: int | None
    suffix: str
    title: str | None
    doi: str | None
    venue: str | None
    kind: str | None
    authors: tuple[str, ...]

    @property
    def in_corpus(self) -> bool:
        return self.ref_id is None

    fkey: str = ""
    ntitle: str = ""  # normalised title words, space separated

    def where(self) -> str:
        return f"corpus document {self.path}" if self.ref_id is None else self.ref_where()

    def ref_where(self) -> str:
        return f"ref {self.ref_id} in {self.path}"

    def label(self) -> str:
        head = f"{self.first_family or 'anonymous'} {self.year or 'n.d.'}{self.suffix}"
        title = self.title or ""
        return f"'{head}: {title[:60]}'" if title else f"'{head}'"

    def sort_key(self) -> tuple[object, ...]:
        rid = self.ref_id or ""
        return (self.ref_id is not None, self.path, len(rid), rid, self.title or "")


def esc(text: str) -> str:
    """Escape braces so text can sit inside a str.format template."""
    return text.replace("{", "{{").replace("}", "}}")


@lru_cache(maxsize=1 << 16)
def normal_title(title: str | None) -> str:
    return " ".join(title_words(title)) if title else ""


def _record(path: str, ref_id: str | None, first_family: str, year: int | None, suffix: str,
            title: str | None, doi: str | None, venue: str | None, kind: str | None,
            authors: tuple[str, ...]) -> WorkRecord:  # fmt: skip
    return WorkRecord(path, ref_id, first_family, year, suffix, title, doi, venue, kind, authors,
                      _fkey(first_family), normal_title(title))  # fmt: skip


_fkey = lru_cache(maxsize=1 << 16)(family_key)


def _first_family(authors: Sequence[Person]) -> str:
    if not authors:
        return ""
    first = clean_person(authors[0])
    return first.family if first else ""


# BibTeX entry types -> work kinds (the vocabulary reference parsing uses)
BIB_KINDS = {
    "article": "article", "book": "book", "inbook": "chapter", "incollection": "chapter",
    "inproceedings": "chapter", "conference": "chapter", "techreport": "report",
    "phdthesis": "thesis", "mastersthesis": "thesis", "online": "web", "misc": None,
}  # fmt: skip


def build_records(
    documents: Sequence[Document], author_key: Callable[[Person], str | None]
) -> list[WorkRecord]:
    """One record per corpus document and per reference, in a canonical order."""
    recs = [
        _record(*fields, author_keys(people, author_key))
        for fields, people in record_fields(documents)
    ]
    return sorted(recs, key=WorkRecord.sort_key)


RecordFields = tuple[str, "str | None", str, "int | None", str, "str | None", "str | None",
                     "str | None", "str | None"]  # fmt: skip


def record_fields(
    documents: Sequence[Document],
) -> Iterator[tuple[RecordFields, tuple[Person, ...]]]:
    """What each record holds besides its author keys, with the people it names: (path,
    reference id, first family, year, suffix, title, DOI, venue, kind), people."""
    for doc in documents:
        kind = BIB_KINDS.get(str(doc.extra.get("entry_type", "")).lower())
        yield (
            (doc.source.path, None, _first_family(doc.authors), doc.year, "", doc.title,
             normalise_doi(doc.doi), doc.venue, kind),
            doc.authors,
        )  # fmt: skip
        for ref in doc.references:
            yield (
                (doc.source.path, ref.id, _first_family(ref.authors), ref.year,
                 year_suffix(ref.year_suffix), ref.title, normalise_doi(ref.doi), ref.container,
                 ref.kind),
                ref.authors,
            )  # fmt: skip


def make_record(fields: RecordFields, authors: tuple[str, ...]) -> WorkRecord:
    return _record(*fields, authors)


def record_links(r: WorkRecord) -> tuple[str, ...]:
    """What ties a record to the records it may be matched with: its (first author, year)
    block, its DOI and a title long enough to link a reference to a corpus document. Matching
    never reaches a record that shares none of these with the group (through others)."""
    links = [f"b:{r.fkey}|{r.year or 0}"]
    if r.doi:
        links.append(f"d:{r.doi}")
    if r.ntitle.count(" ") + 1 >= _MIN_INDEX_WORDS:
        links.append(f"t:{r.ntitle}")
    return tuple(links)


def author_keys(
    people: Iterable[Person], author_key: Callable[[Person], str | None]
) -> tuple[str, ...]:
    return distinct_keys(author_key(p) for p in people)


def distinct_keys(keys: Iterable[str | None]) -> tuple[str, ...]:
    """A record's author keys: each once, in order, placeholders (None) left out."""
    return tuple(dict.fromkeys(k for k in keys if k))


def similarity(a: str, b: str) -> float:
    """Similarity of two normalised titles: 100 for a long enough prefix, else token_set_ratio."""
    short, long_ = sorted((a, b), key=len)
    if short == long_ or (
        long_.startswith(short + " ") and short.count(" ") + 1 >= _MIN_PREFIX_WORDS
    ):
        return 100.0
    return round(float(fuzz.token_set_ratio(a, b)), 1)


Event = tuple[int, str, tuple[int, ...]]  # (record index, template with {0}.. keys, record indices)


class WorkMatcher:
    """Union-find over records; every merge and refusal is logged."""

    def __init__(
        self, recs: list[WorkRecord], different: Sequence[tuple[str, str]], quiet: bool = False
    ) -> None:
        self.recs = recs
        self.quiet = quiet  # decide only: log no merge, refusal or near miss
        self.parent = list(range(len(recs)))
        none: frozenset[str] = frozenset()  # cluster facts start immutable, shared when empty
        self.dois: list[AbstractSet[str]] = [frozenset((r.doi,)) if r.doi else none for r in recs]
        self.suffixes: list[AbstractSet[str]] = [
            frozenset(r.suffix) if r.suffix else none for r in recs
        ]
        self.lists: list[AbstractSet[str]] = [
            none if r.in_corpus else frozenset((r.path,)) for r in recs
        ]
        self.tags: list[AbstractSet[tuple[int, int]]] = [frozenset()] * len(recs)
        self.events: list[Event] = []
        self.notes: list[str] = []
        self.blocks: dict[tuple[str, int], list[int]] = defaultdict(list)
        self._roots_cache: dict[tuple[str, int], list[int]] = {}
        for i, r in enumerate(recs):
            if r.ntitle:
                self.blocks[(r.fkey, r.year or 0)].append(i)
        for n, pair in enumerate(different):
            for side, name in enumerate(pair):
                for i in self.named(name):
                    self.tags[i] = self.tags[i] | {(n, side)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def conflict(self, a: int, b: int, evidence: str) -> str | None:
        ra, rb = self.find(a), self.find(b)
        if any((n, 1 - s) in self.tags[rb] for n, s in self.tags[ra]):
            return "override [different]"
        if evidence == "override":
            return None
        da, db = self.dois[ra], self.dois[rb]
        if da and db and not da & db:
            return f"different DOIs {min(da)} / {min(db)}"
        if evidence == "doi":
            return None
        # identical titles in one list are a duplicate entry; suffixes only count within a list
        shared = self.lists[ra] & self.lists[rb]
        if shared and evidence != "exact":
            return f"both are entries of the reference list of {min(shared)}"
        sa, sb = self.suffixes[ra], self.suffixes[rb]
        if sa and sb and not sa & sb and (evidence != "exact" or shared):
            return f"year suffixes {'/'.join(sorted(sa))} vs {'/'.join(sorted(sb))}"
        return None

    def union(self, a: int, b: int, evidence: str, why: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ra_, rb_ = self.recs[a], self.recs[b]
        refused = self.conflict(a, b, evidence)
        if refused and self.quiet:
            return False
        if refused:
            what = f"{ra_.where()} {ra_.label()} and {rb_.where()} {rb_.label()}"
            self.log(a, f"kept apart {what} ({why}): {refused}")
            self.log(b, f"kept apart {what} ({why}): {refused}")
            return False
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.dois[keep] = _joined(self.dois[keep], self.dois[drop])
        self.suffixes[keep] = _joined(self.suffixes[keep], self.suffixes[drop])
        self.lists[keep] = _joined(self.lists[keep], self.lists[drop])
        self.tags[keep] = _joined(self.tags[keep], self.tags[drop])
        if not self.quiet:
            self.log(a, f"merged {ra_.where()} {ra_.label()} with {rb_.where()}: {why}")
        return True

    def log(self, i: int, text: str) -> None:
        if not self.quiet:
            self.events.append((i, esc(text), ()))

    def log_refs(self, i: int, template: str, refs: tuple[int, ...]) -> None:
        """Log a template whose {0}, {1}.. become the final keys of the records in refs."""
        if not self.quiet:
            self.events.append((i, template, refs))

    # --- passes -----------------------------------------------------------------------

    def run(self, same: Sequence[tuple[str, str]]) -> None:
        self.by_doi()
        self.by_block()
        self.by_corpus_title()
        self.incomplete()
        self.apply_same(same)

    def by_doi(self) -> None:
        first: dict[str, int] = {}
        for i, r in enumerate(self.recs):
            if r.doi and r.doi in first:
                self.union(i, first[r.doi], "doi", f"same DOI {r.doi}")
            elif r.doi:
                first[r.doi] = i

    def by_block(self) -> None:
        for bkey in sorted(self.blocks):
            by_title: dict[str, list[int]] = defaultdict(list)
            for i in self.blocks[bkey]:
                by_title[self.recs[i].ntitle].append(i)
            for group in by_title.values():
                for i in group[1:]:
                    self.union(i, group[0], "exact", self._why(bkey, "identical titles"))
            if len(by_title) > 1:
                self._fuzzy(bkey, by_title)

    def _fuzzy(self, bkey: tuple[str, int], by_title: dict[str, list[int]]) -> None:
        titles = sorted(by_title)
        pairs: list[tuple[float, int, int]] = []
        for x, tx in enumerate(titles):
            for y in range(x + 1, len(titles)):
                score = similarity(tx, titles[y])
                if score >= NEAR_MISS:
                    pairs.append((-score, x, y))
        # each title's clusters, by a record of each (find() gives the current root of it)
        held = [sorted({self.find(i) for i in by_title[t]}) for t in titles]
        for neg, x, y in sorted(pairs):
            gx, gy = by_title[titles[x]], by_title[titles[y]]
            if -neg < SIMILAR:
                if self.find(gx[0]) != self.find(gy[0]):
                    r = self.recs[gy[0]]
                    msg = f"not merged with {{0}} ({esc(r.where())}): title similarity {-neg} < 85"
                    self.log_refs(gx[0], msg, (gy[0],))
                continue
            why = self._why(bkey, f"similar titles (token_set_ratio {-neg})")
            for a in sorted({self.find(i) for i in held[x]}):
                for b in sorted({self.find(i) for i in held[y]}):
                    self.union(a, b, "title", why)

    @staticmethod
    def _why(bkey: tuple[str, int], what: str) -> str:
        return f"same first author '{bkey[0] or 'anonymous'}', year {bkey[1] or 'n.d.'}, {what}"

    def by_corpus_title(self) -> None:
        index: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(self.recs):
            if r.in_corpus and r.ntitle.count(" ") + 1 >= _MIN_INDEX_WORDS:
                index[r.ntitle].append(i)
        for i, r in enumerate(self.recs):
            if r.in_corpus or r.ntitle not in index:
                continue
            for d in index[r.ntitle]:
                year = self.recs[d].year
                if self.find(i) != self.find(d) and (not year or not r.year or year == r.year):
                    self.union(i, d, "exact", "same title as a corpus document")
                    break

    def incomplete(self) -> None:
        leftovers: dict[tuple[str, int, str], list[int]] = defaultdict(list)
        for i, r in enumerate(self.recs):
            if r.ntitle or not r.fkey or r.in_corpus or len(self.dois[self.find(i)]) > 0:
                continue
            roots = sorted({self.find(j) for j in self._block_roots(r)} - {self.find(i)})
            cands: list[int] = []
            for c in roots:
                if self.conflict(i, c, "incomplete") is None:
                    cands.append(c)
                if len(cands) > 6:
                    break
            head = esc(f"incomplete {r.where()} {r.label()}")
            if len(cands) == 1:
                why = f"the only titled work by '{r.fkey}' in {r.year or 'n.d.'}{r.suffix}"
                self.union(i, cands[0], "incomplete", why)
            elif cands:
                shown = cands[:6]
                refs = ", ".join(f"{{{n}}}" for n in range(len(shown)))
                n = f"{len(cands)}+" if len(cands) > 6 else str(len(cands))
                msg = f"kept {head} apart: ambiguous, {n} candidates ({refs})"
                self.log_refs(i, msg, tuple(shown))
            else:
                for c in roots[:3]:
                    refused = esc(self.conflict(i, c, "incomplete") or "")
                    self.log_refs(i, f"kept {head} apart from {{0}}: {refused}", (c,))
                leftovers[(r.fkey, r.year or 0, r.suffix)].append(i)
        for (fkey, _, _), group in sorted(leftovers.items()):
            for i in group[1:]:
                why = f"both incomplete, same first author '{fkey}' and year, no titled work"
                self.union(i, group[0], "incomplete", why)

    def _block_roots(self, r: WorkRecord) -> list[int]:
        """One record per cluster of the block (titled clusters do not merge in this pass)."""
        bkey = (r.fkey, r.year or 0)
        if bkey not in self._roots_cache:
            self._roots_cache[bkey] = sorted({self.find(j) for j in self.blocks.get(bkey, [])})
        return self._roots_cache[bkey]

    def apply_same(self, same: Sequence[tuple[str, str]]) -> None:
        for a, b in same:
            ia, ib = self.named(a), self.named(b)
            if not ia or not ib:
                missing = a if not ia else b
                self.notes.append(f"override [same] {a!r} = {b!r}: no work matches {missing!r}")
                continue
            for j in [*ia[1:], *ib]:
                self.union(j, ia[0], "override", f"override [same] {a!r} = {b!r}")

    # --- names ------------------------------------------------------------------------

    def named(self, name: str) -> list[int]:
        """Records a loose work name points at: DOI, w: key, path, path#ref, 'Family 2011'."""
        name = name.strip()
        doi = normalise_doi(name)
        if doi:
            return [i for i, r in enumerate(self.recs) if r.doi == doi]
        if name.startswith("w:"):
            return [i for i, r in enumerate(self.recs) if _own_key(r) == name]
        path, _, ref = name.partition("#")
        hits = [i for i, r in enumerate(self.recs) if r.path == path and r.ref_id == (ref or None)]
        if hits:
            return hits
        cited = split_cited(name)
        if not cited:
            return []
        who, year, suffix, rest = cited
        fkey, words = family_key(parse_name(who).family), " ".join(title_words(rest))
        return [
            i
            for i, r in enumerate(self.recs)
            if r.fkey == fkey and r.year == year and (not suffix or r.suffix in ("", suffix))
            and (not words or similarity(words, r.ntitle) >= SIMILAR)
        ]  # fmt: skip


S = TypeVar("S")


def _joined(a: AbstractSet[S], b: AbstractSet[S]) -> AbstractSet[S]:
    """The union of two clusters' facts: the smaller added into the larger, which is made a
    set of its own first (facts start as shared immutable sets), so a cluster of n records
    costs n log n, not n squared."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return a
    grown = a if isinstance(a, set) else set(a)
    grown |= b
    return grown


def _own_key(r: WorkRecord) -> str:
    return work_key(r.doi, r.first_family, r.year, r.title)


def looks_like_work(name: str) -> bool:
    """True for DOIs, work keys, paths and 'Family 2011' names (authors have no digits)."""
    if name.startswith("a:"):
        return False
    return bool(
        normalise_doi(name)
        or name.startswith(("w:", "doi:"))
        or "/" in name
        or "#" in name
        or re.search(r"\d", name)
    )
