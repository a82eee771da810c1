"""Finding entities named loosely ("Ostrom", "Osborne, S.", "co-production", a title) and
labelling works for people ("Osborne et al. (2013)")."""

from __future__ import annotations

import os
import shlex
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..errors import LitgraphError
from ..graph.schema import AUTHOR, CONCEPT, WORK
from ..keys import concept_key
from ..lexicon.fold import folded_words
from ..lexicon.names import family_key, initials, split_name
from ..lexicon.years import CitedWork, cited_work
from ..store import GraphStore
from .records import EntityRef, WorkLabel

Entity = EntityRef  # an author, work or concept a loose name denotes


def find_authors(store: GraphStore, text: str) -> list[Entity]:
    family, given = split_name(text)
    fk = family_key(family)
    if not fk:
        return []
    rows = store.query(
        "MATCH (a:Author) WHERE a.key STARTS WITH $prefix RETURN a.key AS key, a.name AS name, "
        "a.family AS family, a.given AS given",
        {"prefix": f"a:{fk}:"},
    )
    rows += store.query(
        "MATCH (a:Author {key: $key}) RETURN a.key AS key, a.name AS name, a.family AS family, "
        "a.given AS given",
        {"key": f"a:{fk}"},
    )
    want = initials(given)
    out = []
    for r in rows:
        have = initials(r["given"] or "")
        if want and have and not (have.startswith(want) or want.startswith(have)):
            continue
        out.append(Entity("author", r["key"], r["name"] or r["family"]))
    return sorted(set(out), key=lambda e: e.key)


def find_works_by(store: GraphStore, cited: CitedWork) -> list[Entity]:
    """Works cited as 'Family [et al. | & Second] Year[suffix]': the first author's family
    (any author's when no first author fits), 'et al.' for three or more authors, '&' for the
    second author, a suffix for the n-th such work in title order."""
    year, suffix = cited.year, cited.suffix
    rows = store.query(
        "MATCH (w:Work) WHERE w.year = $y MATCH (a:Author)-[r:AUTHORED]->(w) RETURN w.key AS key, "
        "w.title AS title, collect(DISTINCT [r.position, a.family]) AS authors",
        {"y": year},
    )
    want = family_key(cited.first)
    works = []
    for r in rows:
        fams = [family_key(f or "") for _, f in sorted(r["authors"], key=lambda p: p[0] or 0)]
        if want in fams:
            works.append((fams, r))
    first = [(f, r) for f, r in works if f[0] == want]
    works = first or works
    if cited.etal:
        works = [(f, r) for f, r in works if len(f) >= 3] or works
    elif cited.second:
        second = family_key(cited.second)
        works = [(f, r) for f, r in works if second in f[1:2]] or works
    elif first:
        works = [(f, r) for f, r in works if len(f) == 1] or works
    works.sort(key=lambda fr: (str(fr[1]["title"] or "").lower(), fr[1]["key"]))
    if suffix and works:
        i = "abcdefgh".index(suffix)
        works = works[i : i + 1]
    return [Entity("work", r["key"], f"{r['title']} ({year}{suffix})") for _, r in works]


def find_concepts(store: GraphStore, text: str) -> list[Entity]:
    key = concept_key(text)
    rows = store.query(
        "MATCH (c:Concept) WHERE c.key = $key OR c.key = $mined "
        "RETURN c.key AS key, c.label AS label",
        {"key": key, "mined": f"mined:{key}"},
    )
    if rows:  # the vocabulary concept before a mined phrase of the same name
        rows.sort(key=lambda r: (r["key"].startswith("mined:"), r["key"]))
        return [Entity("concept", r["key"], r["label"]) for r in rows]
    # an alias ("PSDL", "S-D logic") or a near spelling: compare folded names in Python
    every = store.query("MATCH (c:Concept) RETURN c.key AS key, c.label AS label, c.aliases AS al")
    out = []
    for r in every:
        names = [r["label"] or "", *(r["al"] or [])]
        best = max(fuzz.ratio(key, concept_key(n.rstrip("*"))) for n in names)
        if best >= 85 or any(key and key in concept_key(n) for n in names):
            out.append(Entity("concept", r["key"], r["label"], float(best)))
    return sorted(out, key=lambda e: (-e.score, e.key))


def find_works(store: GraphStore, text: str, limit: int = 20) -> list[Entity]:
    """Works whose title has the text's words ('service dominant' finds 'Service-dominant')."""
    words = sorted((w for w in folded_words(text) if len(w) > 3), key=len, reverse=True)
    if not words:
        return []
    rows = store.query(
        "MATCH (w:Work) WHERE w.title IS NOT NULL AND toLower(w.title) CONTAINS $w "
        "RETURN w.key AS key, w.title AS title, w.year AS year LIMIT 500",
        {"w": words[0]},
    )
    want = " ".join(folded_words(text))
    scored = [
        (fuzz.token_set_ratio(want, " ".join(folded_words(r["title"] or ""))), r) for r in rows
    ]
    scored = [(s, r) for s, r in scored if s >= 60]
    scored.sort(key=lambda x: (-x[0], x[1]["key"]))
    return [Entity("work", r["key"], f"{r['title']} ({r['year'] or 'n.d.'})", s)
            for s, r in scored[:limit]]  # fmt: skip


def resolve_name(store: GraphStore, text: str, kinds: Iterable[str] = ("author", "work", "concept")
                 ) -> list[Entity]:  # fmt: skip
    """Entities a loose name denotes: an exact key first, then authors, concepts, works.

    A name that fits several entities of one kind returns them all, best first (the caller
    uses all and says so: lexicon.ambiguity): authors sharing the family name, works of one
    family and year, titles that match about equally well (within 5 points of the best).
    """
    kinds = tuple(kinds)
    for label, kind in ((AUTHOR, "author"), (WORK, "work"), (CONCEPT, "concept")):
        if kind in kinds:
            rows = store.query(
                f"MATCH (n:{label} {{key: $k}}) "
                "RETURN coalesce(n.name, n.label, n.title, n.key) AS name",
                {"k": text},
            )
            if rows:
                return [Entity(kind, text, str(rows[0]["name"]))]
    cited = cited_work(text)
    if cited and not cited.rest and "work" in kinds:  # 'Ostrom 1972', 'Osborne et al. 2013'
        works = find_works_by(store, cited)
        if works:
            return works
    if "author" in kinds:
        authors = find_authors(store, text)
        if authors:
            return authors
    if "concept" in kinds:
        concepts = find_concepts(store, text)
        if concepts:
            return concepts[:1]
    if "work" in kinds:
        works = find_works(store, text)
        if works:
            return [w for w in works if works[0].score - w.score < 5]
    raise LitgraphError(
        f"nothing in the graph matches {text!r}; try `litgraph find {shlex.quote(text)}`"
    )


def work_labels(store: GraphStore, keys: Iterable[str]) -> dict[str, WorkLabel]:
    """key -> WorkLabel ('Osborne et al. (2013)', title, year, in_corpus, authors).

    Works that would read alike ('Osborne (2010)' twice) get year suffixes in title order,
    the same in every answer: 'Osborne (2010a)', 'Osborne (2010b)'."""
    ks = sorted(set(keys))
    if not ks:
        return {}
    out = _labels(store, ks)
    # a label names the first author's family and the year, so the works that can read alike
    # are that year's works whose first author bears that family, whoever it is: two Müllers
    # of 1994 read 'Müller (1994a)' and 'Müller (1994b)' in every answer, and `find_works_by`
    # reads them back so (undated works get no suffix; the works asked for are already read).
    # A family's authors are found by key range: 'a:muller', 'a:muller:k', ...
    years: dict[str, set[int]] = defaultdict(set)
    for w in out.values():
        if w.year and w.family:
            years[family_key(w.family)].add(int(w.year))
    siblings = store.query(
        "UNWIND $fams AS f MATCH (a:Author) WHERE a.key >= f[0] AND a.key < f[1] WITH a, f "
        "MATCH (a)-[r:AUTHORED]->(w:Work) WHERE r.position = 1 AND w.year IN f[2] "
        "RETURN DISTINCT w.key AS key",
        {"fams": [[f"a:{fk}", f"a:{fk};", sorted(ys)] for fk, ys in sorted(years.items())]},
    )
    more = _labels(store, sorted({r["key"] for r in siblings} - set(ks)), only_text=True)
    alike: dict[str, list[_Label]] = defaultdict(list)
    for key in sorted(set(out) | set(more)):
        w = out[key] if key in out else more[key]
        alike[w.text].append(w)
    labels = {}
    for group in alike.values():
        group.sort(key=lambda w: (str(w.title or "").lower(), w.key))
        for i, w in enumerate(group):
            if w.key in out:
                text = (
                    w.text
                    if len(group) == 1 or not w.year
                    else w.text[:-1] + f"{'abcdefgh'[i % 8]})"
                )
                labels[w.key] = WorkLabel(w.key, text, w.title, w.year, w.in_corpus, w.authors)
    return labels


@dataclass(frozen=True)
class _Label:
    key: str
    text: str  # 'Osborne et al. (2013)'
    title: str | None
    year: int | None
    in_corpus: bool
    authors: tuple[str, ...]
    family: str  # the first author's family name, as the label gives it


_LABELS = (
    "UNWIND $keys AS k MATCH (w:Work {key: k}) WITH w "
    "OPTIONAL MATCH (a:Author)-[r:AUTHORED]->(w) "
    "OPTIONAL MATCH (s:Source)-[:DESCRIBES]->(w) "
    "RETURN w.key AS key, w.title AS title, w.year AS year, w.in_corpus AS in_corpus, "
    "collect(DISTINCT [r.position, a.family, a.name, a.key]) AS authors, "
    "collect(DISTINCT s.path) AS paths"
)
# what a label's text and its order among alike labels need: no source files, which only an
# untitled work without authors is named by (read for those alone)
_TEXTS = (
    "UNWIND $keys AS k MATCH (w:Work {key: k}) WITH w "
    "OPTIONAL MATCH (a:Author)-[r:AUTHORED]->(w) "
    "RETURN w.key AS key, w.title AS title, w.year AS year, "
    "collect(DISTINCT [r.position, a.family, a.name, a.key]) AS authors"
)


def _labels(store: GraphStore, ks: list[str], only_text: bool = False) -> dict[str, _Label]:
    """key -> _Label (`only_text`: the text, title and year only, for works whose label is
    compared, not shown: thousands of works of a frequent first family and year)."""
    if not ks:
        return {}
    rows = store.query(_TEXTS if only_text else _LABELS, {"keys": ks})
    out: dict[str, _Label] = {}
    nameless = []
    for r in rows:
        people = sorted((p for p in r["authors"] if p and p[1]), key=lambda p: p[0] or 0)
        fams = [p[1] for p in people]
        if not fams and only_text and not _short(r["title"]):
            nameless.append(r["key"])
            continue
        if not fams:
            who = _short(r["title"]) or _file_name(r["paths"]) or "untitled work"
        elif len(fams) == 1:
            who = fams[0]
        elif len(fams) == 2:
            who = f"{fams[0]} & {fams[1]}"
        else:
            who = f"{fams[0]} et al."
        out[r["key"]] = _Label(
            r["key"], f"{who} ({r['year'] or 'n.d.'})", r["title"], r["year"],
            bool(r.get("in_corpus")), tuple(p[2] for p in people), fams[0] if fams else "",
        )  # fmt: skip
    if nameless:  # named by their source files (a sibling shares a named first author:
        # never met by `work_labels`, kept so that the texts stay right for any caller)
        out.update(_labels(store, nameless))
    return out


def _short(title: str | None, limit: int = 40) -> str:
    """A title cut at a word boundary: 'It takes two to tango? Understanding…'."""
    if not title or len(title) <= limit:
        return title or ""
    return title[:limit].rsplit(" ", 1)[0].rstrip(" ,:;?") + "…"


def _file_name(paths: list[str | None]) -> str:
    """An untitled, authorless work is named by the file it came from."""
    names = sorted(os.path.basename(str(p).split("#")[0]) for p in paths if p)
    return names[0] if names else ""
