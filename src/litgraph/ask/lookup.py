"""Finding entities named loosely ("Ostrom", "Osborne, S.", "co-production", a title) and
labelling works for people ("Osborne et al. (2013)")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from ..errors import LitgraphError
from ..graph.schema import AUTHOR, CONCEPT, WORK
from ..keys import concept_key, family_key, initials
from ..store import GraphStore


@dataclass(frozen=True)
class Entity:
    kind: str  # author | work | concept
    key: str
    label: str
    score: float = 100.0


class AmbiguousName(LitgraphError):
    def __init__(self, text: str, choices: list[Entity]) -> None:
        listed = "; ".join(f"{c.label} [{c.key}]" for c in choices[:8])
        super().__init__(f"{text!r} matches several entities: {listed}. Name one more precisely "
                         "(e.g. 'Family, I.' or a key)")  # fmt: skip
        self.choices = choices


def _split_name(text: str) -> tuple[str, str]:
    """'Osborne, S.P.' -> ('Osborne', 'S.P.'); 'Stephen Osborne' -> ('Osborne', 'Stephen')."""
    t = text.strip()
    if "," in t:
        fam, giv = t.split(",", 1)
        return fam.strip(), giv.strip()
    parts = t.split()
    if len(parts) > 1 and all(len(p.rstrip(".")) <= 2 for p in parts[:-1]):
        return parts[-1], " ".join(parts[:-1])
    if len(parts) > 1 and len(parts[-1].rstrip(".")) <= 2:  # 'Osborne S'
        return " ".join(parts[:-1]), parts[-1]
    if len(parts) == 2:
        return parts[1], parts[0]
    return t, ""


def find_authors(store: GraphStore, text: str) -> list[Entity]:
    family, given = _split_name(text)
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


_FAMILY_YEAR = re.compile(r"^(.+?)(?:\s+et\s+al\.?)?,?\s+\(?((?:1[5-9]|20)\d{2})[a-z]?\)?$")


def find_works_by(store: GraphStore, family: str, year: int) -> list[Entity]:
    """Works of that year whose author list has that family name ('Ostrom', 1972)."""
    rows = store.query(
        "MATCH (a:Author)-[:AUTHORED]->(w:Work) WHERE a.key STARTS WITH $prefix AND w.year = $y "
        "RETURN DISTINCT w.key AS key, w.title AS title",
        {"prefix": f"a:{family_key(family.split(',')[0])}:", "y": year},
    )
    return [Entity("work", r["key"], f"{r['title']} ({year})") for r in sorted(rows, key=str)]


def find_concepts(store: GraphStore, text: str) -> list[Entity]:
    key = concept_key(text)
    rows = store.query(
        "MATCH (c:Concept) WHERE c.key = $key OR c.key = $mined "
        "RETURN c.key AS key, c.label AS label",
        {"key": key, "mined": f"mined:{key}"},
    )
    if rows:
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
    words = sorted((w for w in text.lower().split() if len(w) > 3), key=len, reverse=True)
    if not words:
        return []
    rows = store.query(
        "MATCH (w:Work) WHERE w.title IS NOT NULL AND toLower(w.title) CONTAINS $w "
        "RETURN w.key AS key, w.title AS title, w.year AS year LIMIT 500",
        {"w": words[0]},
    )
    scored = [(fuzz.token_set_ratio(text.lower(), (r["title"] or "").lower()), r) for r in rows]
    scored = [(s, r) for s, r in scored if s >= 60]
    scored.sort(key=lambda x: (-x[0], x[1]["key"]))
    return [Entity("work", r["key"], f"{r['title']} ({r['year'] or 'n.d.'})", s)
            for s, r in scored[:limit]]  # fmt: skip


def resolve_name(store: GraphStore, text: str, kinds: Iterable[str] = ("author", "work", "concept")
                 ) -> list[Entity]:  # fmt: skip
    """Entities a loose name denotes: an exact key first, then authors, concepts, works.

    Several authors sharing the family name are returned together (the caller says so);
    a name that fits entities of different kinds or families raises AmbiguousName.
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
    cited = _FAMILY_YEAR.match(text.strip())
    if cited and "work" in kinds:  # 'Ostrom 1972', 'Osborne et al. 2013'
        works = find_works_by(store, cited.group(1), int(cited.group(2)))
        if len(works) > 1:
            raise AmbiguousName(text, works)
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
        if len(works) > 1 and works[0].score - works[1].score < 5:
            raise AmbiguousName(text, works)
        if works:
            return works[:1]
    raise LitgraphError(f"nothing in the graph matches {text!r}; try `litgraph find {text}`")


def work_labels(store: GraphStore, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """key -> {label: 'Osborne et al. (2013)', title, year, in_corpus, authors: [...]}."""
    ks = sorted(set(keys))
    if not ks:
        return {}
    rows = store.query(
        "MATCH (w:Work) WHERE w.key IN $keys OPTIONAL MATCH (a:Author)-[r:AUTHORED]->(w) "
        "RETURN w.key AS key, w.title AS title, w.year AS year, w.in_corpus AS in_corpus, "
        "collect(DISTINCT [r.position, a.family, a.name]) AS authors",
        {"keys": ks},
    )
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        people = sorted((p for p in r["authors"] if p and p[1]), key=lambda p: p[0] or 0)
        fams = [p[1] for p in people]
        if not fams:
            who = (r["title"] or r["key"])[:40]
        elif len(fams) == 1:
            who = fams[0]
        elif len(fams) == 2:
            who = f"{fams[0]} & {fams[1]}"
        else:
            who = f"{fams[0]} et al."
        out[r["key"]] = {
            "key": r["key"], "label": f"{who} ({r['year'] or 'n.d.'})", "title": r["title"],
            "year": r["year"], "in_corpus": bool(r["in_corpus"]),
            "authors": [p[2] for p in people],
        }  # fmt: skip
    return out
