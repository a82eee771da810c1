"""How works use concepts, read from the graph: own use (MENTIONS, the work's own text or
title), credit by citing sentences (CREDITED, in the citation's scope only) and definitions
(DEFINES). `link` and `lineage` both read concepts through here, with the same thresholds.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ..extract.concepts import Concept, Vocabulary
from ..store import GraphStore
from . import contrast
from .records import Quote, Use

# A cited work enters an answer through citing sentences only when one of them credits it
# explicitly, or at least this many credit it in scope (one sentence is too weak).
MIN_CREDITED = 2
STRONG = ("coined", "explicit")


def counts(store: GraphStore, works: Iterable[str] | None = None, concept: str | None = None
           ) -> dict[tuple[str, str], Use]:  # fmt: skip
    """(work, concept) -> Use, over vocabulary concepts; limited to works and/or one concept."""
    out: dict[tuple[str, str], Use] = defaultdict(Use)
    match, params = _uses("MENTIONS", works, concept)
    for r in store.query(
        f"{match} AND c.origin = 'vocabulary' "
        "RETURN w.key AS w, c.key AS c, toInteger(sum(m.count)) AS n",
        params,
    ):
        out[(r["w"], r["c"])] = Use(own=int(r["n"] or 0))
    match, params = _uses("CREDITED", works, concept)
    for r in store.query(
        f"{match} AND c.origin = 'vocabulary' "
        "RETURN w.key AS w, c.key AS c, collect(m.kinds) AS kinds",
        params,
    ):
        kinds = [k for ks in r["kinds"] for k in ks or []]
        explicit = sum(1 for k in kinds if k in STRONG)
        if explicit or len(kinds) >= MIN_CREDITED:
            own = out[(r["w"], r["c"])].own
            out[(r["w"], r["c"])] = Use(own, len(kinds), explicit)
    return {k: v for k, v in out.items() if v.total}


def works_using(store: GraphStore, works: Iterable[str]) -> dict[str, int]:
    """concept -> how many of the works use it: the (work, concept) pairs `counts` gives,
    counted by concept in the store (one row a concept, not one a pair). Same thresholds:
    own mentions, or citing sentences crediting it explicitly or at least `MIN_CREDITED`."""
    rows = store.query(
        "UNWIND $ws AS k MATCH (w:Work {key: k}) WITH w "
        "MATCH (w)-[m:MENTIONS|CREDITED]->(c:Concept) WHERE c.origin = 'vocabulary' "
        "WITH w, c, toInteger(sum(CASE type(m) WHEN 'MENTIONS' THEN m.count END)) AS own, "
        "collect(CASE type(m) WHEN 'CREDITED' THEN m.kinds END) AS credits "
        "WITH w, c, own, reduce(flat = [], ks IN credits | flat + ks) AS kinds "
        "WHERE own <> 0 OR size(kinds) >= $least OR any(x IN kinds WHERE x IN $strong) "
        "RETURN c.key AS c, count(w) AS n",
        {"ws": sorted(set(works)), "least": MIN_CREDITED, "strong": list(STRONG)},
    )
    return {r["c"]: int(r["n"]) for r in rows}


def years(store: GraphStore, works: Iterable[str]) -> dict[str, int | None]:
    """work key -> year."""
    rows = store.query(
        "UNWIND $ws AS k MATCH (w:Work {key: k}) RETURN w.key AS w, w.year AS y",
        {"ws": sorted(set(works))},
    )
    return {r["w"]: r["y"] for r in rows}


def _uses(rel: str, works: Iterable[str] | None, concept: str | None) -> tuple[str, dict[str, Any]]:
    """`MATCH (w:Work)-[m:REL]->(c:Concept) WHERE true ...` limited to the works and/or the
    concept, each found by its key first (WITH-bound), so a question reads the relationships of
    the works it names instead of every relationship of the type."""
    params: dict[str, Any] = {}
    if works is not None:
        params["ws"] = sorted(set(works))
        head = f"UNWIND $ws AS k MATCH (w:Work {{key: k}}) WITH w MATCH (w)-[m:{rel}]->(c:Concept)"
    elif concept is not None:
        head = f"MATCH (c:Concept {{key: $c}}) WITH c MATCH (w:Work)-[m:{rel}]->(c)"
    else:
        head = f"MATCH (w:Work)-[m:{rel}]->(c:Concept)"
    where = " WHERE true"
    if concept is not None:
        params["c"] = concept
        where += " AND c.key = $c"
    return head + where, params


def specificity(
    store: GraphStore, concepts: Iterable[str], known: Mapping[str, float] | None = None
) -> dict[str, float]:
    """concept -> log(1 + N / works using it), N the works in the graph.

    Concepts every work uses ('participation', 'public services') weigh little; a concept a
    handful of works use weighs more (an inverse document frequency over works). Read for the
    given concepts only, each from its own relationships; those in `known` (read earlier in
    the same answer) are not read again."""
    wanted = set(concepts)
    out = {c: v for c, v in (known or {}).items() if c in wanted}
    if out and wanted <= set(out):
        return out
    rows = store.query(
        "UNWIND $ks AS k MATCH (c:Concept {key: k})<-[:MENTIONS|CREDITED]-(w:Work) "
        "RETURN k AS c, count(DISTINCT w) AS df",
        {"ks": sorted(wanted - set(out))},
    )
    total = store.query("MATCH (w:Work) RETURN count(w) AS n")
    n = int(total[0]["n"]) if total else 0
    return {**out, **{r["c"]: math.log1p(n / max(1, int(r["df"]))) for r in rows}}


def matcher(store: GraphStore, concept: str) -> re.Pattern[str]:
    """The pattern that finds the concept (its label, aliases and acronyms) in a sentence."""
    rows = store.query(
        "MATCH (c:Concept {key: $k}) RETURN c.label AS label, c.aliases AS aliases",
        {"k": concept},
    )
    label = rows[0]["label"] if rows else concept
    names = [label, *((rows[0]["aliases"] or []) if rows else [])]
    acronyms = tuple(n for n in names if n.isupper() and len(n) > 1)
    aliases = tuple(n for n in names if n not in acronyms)
    c = Concept(concept, label, aliases, acronyms)
    return Vocabulary({concept: c}).pattern(concept)


def _uses_of(
    rel: str, works: Iterable[str] | None, concepts: Iterable[str]
) -> tuple[str, dict[str, Any]]:
    """`_uses` for several concepts at once (each row names its concept as `c`): the works,
    or else each concept, found by key first."""
    params: dict[str, Any] = {"cs": sorted(set(concepts))}
    if works is not None:
        params["ws"] = sorted(set(works))
        head = (f"UNWIND $ws AS k MATCH (w:Work {{key: k}}) WITH w "
                f"MATCH (w)-[m:{rel}]->(c:Concept) WHERE c.key IN $cs")  # fmt: skip
    else:
        head = (f"UNWIND $cs AS ck MATCH (c:Concept {{key: ck}}) WITH c "
                f"MATCH (w:Work)-[m:{rel}]->(c) WHERE true")  # fmt: skip
    return head, params


def definitions(store: GraphStore, concept: str, works: Iterable[str] | None = None) -> list[Quote]:
    """Definitions of the concept credited to works (all, or these), oldest work first."""
    return definitions_of(store, [concept], works).get(concept, [])


def definitions_of(
    store: GraphStore, concepts: Iterable[str], works: Iterable[str] | None = None
) -> dict[str, list[Quote]]:
    """concept -> `definitions` of it, for several concepts in one query."""
    match, params = _uses_of("DEFINES", works, concepts)
    rows = store.query(
        f"{match} RETURN c.key AS c, w.key AS w, w.year AS year, m.sentences AS s, "
        "m.pages AS pg, m.via AS via",
        params,
    )
    found: dict[str, list[tuple[int, str, Quote]]] = defaultdict(list)
    for r in rows:
        vias = r["via"] if isinstance(r["via"], list) else [r["via"]] * len(r["s"] or [])
        for s, pg, via in zip(r["s"] or [], r["pg"] or [], vias, strict=False):
            quote = Quote("definition", r["w"], via or r["w"], s, pg, terms=contrast.terms(s))
            found[r["c"]].append((r["year"] or 9999, r["w"], quote))
    out = {}
    for c, quotes in found.items():
        quotes.sort(key=lambda t: (t[0], t[1], t[2].source != t[2].work, t[2].sentence))
        out[c] = [q for _, _, q in quotes]
    return out


def credit_quotes(
    store: GraphStore, concept: str, works: Iterable[str] | None = None, kind: str | None = None
) -> list[Quote]:
    """Citing sentences that credit works (all, or these) with the concept, explicit first
    (only the relationships holding a sentence of this kind, when one is given)."""
    return credit_quotes_of(store, [concept], works, kind).get(concept, [])


def credit_quotes_of(
    store: GraphStore, concepts: Iterable[str], works: Iterable[str] | None = None,
    kind: str | None = None,
) -> dict[str, list[Quote]]:  # fmt: skip
    """concept -> `credit_quotes` of it, for several concepts in one query."""
    match, params = _uses_of("CREDITED", works, concepts)
    if kind is not None:
        match += " AND $kind IN m.kinds"
        params["kind"] = kind
    rows = store.query(
        f"{match} RETURN c.key AS c, w.key AS w, m.sentences AS s, m.pages AS pg, "
        "m.via AS via, m.kinds AS kinds",
        params,
    )
    out: dict[str, list[Quote]] = defaultdict(list)
    for r in rows:
        for s, pg, via, k in zip(r["s"] or [], r["pg"] or [], r["via"] or [], r["kinds"] or [],
                                 strict=False):  # fmt: skip
            out[r["c"]].append(Quote(k, r["w"], via, s, pg))
    for quotes in out.values():
        quotes.sort(key=lambda q: (q.kind not in STRONG, q.work, q.sentence))
    return dict(out)
