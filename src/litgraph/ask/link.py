"""Which concepts link A to B (`link`), as a scholar reads the question.

- A side counts a concept only through its works' own use (their text or title) or through
  citing sentences that credit the concept to them in scope (see `extract.attribution`):
  a sentence that cites Ostrom (1972) next to "service-dominant logic" credits nothing.
- Concepts are ranked by use on both sides times their specificity (an inverse document
  frequency over works), so "participation" does not outrank a sharp link.
- Evidence leads with the sentences in B's works that cite A's works (and A's that cite B's)
  and name the concept; then A's and B's own definitions side by side; then what third
  parties credit to either side. Every evidence sentence names the concept or an alias.
- Chains run from the citing work to the cited one; a direct citation is a chain of length 1.
- Schools: the citation-network clusters of A's and B's works, named by their concepts, and
  the works bridging the two (by betweenness), with the sentences that cite each side.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import chain, islice

from ..errors import LitgraphError
from ..lexicon.ambiguity import all_used_note
from ..store import GraphStore
from . import contrast, mapping, usage
from .background import Background
from .lookup import Entity, resolve_name, work_labels
from .records import Chain, LinkAnswer, LinkedConcept, Quote, Side, Use

EVIDENCE_PER_CONCEPT = 6
DEFINITIONS_PER_SIDE = 2
PAIRS = 400  # most work pairs searched for chains


def works_of(store: GraphStore, ents: list[Entity]) -> list[str]:
    keys = {e.key for e in ents if e.kind == "work"}
    authors = sorted({e.key for e in ents if e.kind == "author"})
    if authors:  # every author named in one query (a family name may denote hundreds)
        rows = store.query(
            "UNWIND $ks AS k MATCH (:Author {key: k})-[:AUTHORED]->(w:Work) "
            "RETURN DISTINCT w.key AS w",
            {"ks": authors},
        )
        keys.update(r["w"] for r in rows)
    for e in ents:
        if e.kind == "concept":
            keys.update(w for (w, _c) in usage.counts(store, concept=e.key))
    return sorted(keys)


def citation_chains(
    store: GraphStore, a_works: list[str], b_works: list[str], max_hops: int, limit: int = 12
) -> list[Chain]:
    """Shortest citation chains between the two sets in either direction, citing work first.

    All pairs in one query, each pair's ends bound by key before the bounded search (at most
    four shortest chains a pair), instead of one round trip a pair."""
    pairs = _pairs(b_works, a_works, both_ways=True)
    if not pairs:
        return []
    rows = store.query(
        "UNWIND $pairs AS p MATCH (a:Work {key: p[0]}) WITH p, a "
        "MATCH (b:Work {key: p[1]}) WITH p, a, b "
        f"MATCH path = allShortestPaths((a)-[:CITES*1..{int(max_hops)}]->(b)) "
        "WITH p, collect([n IN nodes(path) | n.key]) AS ks RETURN p, ks[..4] AS ks",
        {"pairs": [list(p) for p in pairs]},
    )
    per_pair = {tuple(r["p"]): r["ks"] for r in rows}
    found: list[tuple[str, ...]] = []
    for p in pairs:
        for ks in per_pair.get(p, []):
            if tuple(ks) not in found:
                found.append(tuple(ks))
    found.sort(key=lambda c: (len(c), c))
    return [Chain(c) for c in found[:limit]]


def _pairs(starts: list[str], ends: list[str], both_ways: bool = False) -> list[tuple[str, str]]:
    """The first `PAIRS` pairs (start, end) in order (then (end, start), both ways), made
    lazily: two sides of a thousand works each would make a million pairs to keep 400."""
    forward = ((s, e) for s in starts for e in ends if s != e)
    backward = ((e, s) for s in starts for e in ends if s != e) if both_ways else ()
    return list(islice(chain(forward, backward), PAIRS))


def _two_steps(
    store: GraphStore, sides: Mapping[str, tuple[list[str], list[str]]]
) -> dict[str, list[Chain]]:
    """concept -> the chains start -> x -> end through a work x that uses the concept (how it
    travelled): B's works citing A's first, then A's citing B's, each direction by the years
    of its ends and x.

    One query for every concept: the pairs of all concepts are expanded once and each row
    names the concepts x uses, so the answer costs one round trip, not two per concept."""
    calls = {c: (_pairs(wb, wa), _pairs(wa, wb)) for c, (wa, wb) in sides.items()}
    union = sorted({p for ps in calls.values() for call in ps for p in call})
    if not union:
        return {c: [] for c in sides}
    # each step WITH-bound, so the expansion starts from the citing work's key (FalkorDB
    # otherwise starts from the concept and walks every work using it, for every pair)
    rows = store.query(
        "UNWIND $pairs AS p MATCH (b:Work {key: p[0]}) WITH p, b "
        "MATCH (b)-[:CITES]->(x:Work)-[:CITES]->(a:Work) WHERE a.key = p[1] "
        "WITH DISTINCT p, b, x, a MATCH (x)-[:MENTIONS|CREDITED]->(c:Concept) WHERE c.key IN $cs "
        "RETURN DISTINCT p[0] AS b, b.year AS by, x.key AS x, p[1] AS a, a.year AS ay, "
        "c.key AS c",
        {"pairs": [list(p) for p in union], "cs": sorted(sides)},
    )
    found: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        found[(str(r["b"]), str(r["a"]))].append(r)
    out: dict[str, list[Chain]] = {}
    for c, directions in calls.items():
        chains: list[Chain] = []
        for pairs in directions:
            hits = {(r["b"], r["x"], r["a"]): r for p in pairs for r in found.get(p, [])
                    if r["c"] == c}  # fmt: skip
            ranked = sorted(hits.values(), key=lambda r: (r["by"] or 9999, r["ay"] or 9999,
                                                          str(r["x"])))  # fmt: skip
            chains += [Chain((str(r["b"]), str(r["x"]), str(r["a"]))) for r in ranked]
        out[c] = chains
    return out


@dataclass(frozen=True)
class _Context:
    """What every concept of one link answer shares."""

    a_works: list[str]
    b_works: list[str]
    chains: list[Chain]
    lead: frozenset[str]  # works the named authors wrote as first author (or named works)
    two_steps: Mapping[str, list[Chain]]  # concept -> chains through a work using it
    quotes: Mapping[str, list[Quote]]  # concept -> citing sentences crediting either side
    definitions: Mapping[str, list[Quote]]  # concept -> definitions credited to either side


def _first_authored(store: GraphStore, ents: list[Entity]) -> frozenset[str]:
    authors = [e.key for e in ents if e.kind == "author"]
    rows = store.query(
        "MATCH (a:Author)-[r:AUTHORED]->(w:Work) WHERE a.key IN $ks AND r.position = 1 "
        "RETURN DISTINCT w.key AS w",
        {"ks": authors},
    )
    return frozenset([r["w"] for r in rows] + [e.key for e in ents if e.kind == "work"])


def _per_concept(uses: Mapping[tuple[str, str], Use]) -> dict[str, tuple[Use, list[str]]]:
    """concept -> (summed use, works ordered by use) for one side."""
    total: dict[str, Use] = {}
    works: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (w, c), u in uses.items():
        t = total.get(c, Use())
        total[c] = Use(t.own + u.own, t.credited + u.credited, t.explicit + u.explicit)
        works[c].append((-(u.own + u.explicit), w))
    return {c: (total[c], [w for _, w in sorted(works[c])]) for c in total}


def _side(name: str, ents: list[Entity], works: list[str]) -> Side:
    note = all_used_note(name, [e.label for e in ents]) if len(ents) > 1 else ""
    return Side(name, tuple(ents), tuple(works), note)


def link(store: GraphStore, a: str, b: str, *, max_hops: int = 4, limit: int = 10) -> LinkAnswer:
    """Which concepts link A to B: ranked, with works, citation chains and evidence."""
    ea, eb = resolve_name(store, a), resolve_name(store, b)
    wa, wb = works_of(store, ea), works_of(store, eb)
    if not wa or not wb:
        missing = a if not wa else b
        raise LitgraphError(f"no works found for {missing!r} in the graph")
    # the sides' labels read meanwhile (a label does not depend on what else an answer shows)
    side_labels = Background(work_labels, store, set(wa) | set(wb))
    uses = usage.counts(store, set(wa) | set(wb))  # read once: the sides may share works
    pa, pb = (_per_concept({k: u for k, u in uses.items() if k[0] in side})
              for side in (set(wa), set(wb)))  # fmt: skip
    spec = usage.specificity(store, set(pa) & set(pb))
    # the schools read their network (half a large library) while the concepts are read
    schools = Background(mapping.bridges, store, wa, wb, specificity=spec)
    chains = citation_chains(store, wa, wb, max_hops)
    named = {e.key for e in (*ea, *eb) if e.kind == "concept"}
    concepts = []
    for key in sorted((set(pa) & set(pb)) - named):
        (ua, works_a), (ub, works_b) = pa[key], pb[key]
        score = math.log1p(ua.total) * math.log1p(ub.total) * spec.get(key, 0.0)
        concepts.append((score, key, ua, ub, works_a, works_b))
    concepts.sort(key=lambda t: (-t[0], t[1]))
    shown = concepts[:limit]
    two_steps = _two_steps(store, {t[1]: (t[4], t[5]) for t in shown})
    shown_keys = [t[1] for t in shown]  # every shown concept's sentences read in one query each
    ctx = _Context(
        wa, wb, chains, _first_authored(store, [*ea, *eb]), two_steps,
        usage.credit_quotes_of(store, shown_keys, wa + wb),
        usage.definitions_of(store, shown_keys, wa + wb),
    )  # fmt: skip
    labels = {
        r["k"]: r["l"]
        for r in store.query(
            "MATCH (c:Concept) WHERE c.key IN $ks RETURN c.key AS k, c.label AS l",
            {"ks": [t[1] for t in concepts[:limit]]},
        )
    }
    linked = [
        _linked(store, key, labels.get(key, key), score, spec.get(key, 0.0), (ua, ub),
                (works_a, works_b), ctx)
        for score, key, ua, ub, works_a, works_b in concepts[:limit]
    ]  # fmt: skip
    # a direct citation between the sides shown with its first sentence
    said = mapping.sentences(store, [(ch.works[0], ch.works[1]) for ch in chains if ch.direct])
    chain_evidence = tuple(
        Quote("cites", y, x, s, pg) for (x, y), ss in sorted(said.items()) for s, pg in ss[:1]
    )
    school = schools.result()
    keys = set(wa) | set(wb) | {k for ch in chains for k in ch.works}
    keys |= {b.work for b in school.bridges}
    keys |= {k for b in school.bridges for q in b.evidence for k in (q.work, q.source)}
    for c in linked:
        keys |= {q.work for q in (*c.evidence, *c.definitions)}
        keys |= {q.source for q in (*c.evidence, *c.definitions)}
        keys |= {k for ch in c.chains for k in ch.works}
    labels = side_labels.result()
    labels = {**labels, **work_labels(store, keys - set(labels))}
    return LinkAnswer(
        _side(a, ea, wa), _side(b, eb, wb), tuple(linked), tuple(chains), chain_evidence,
        labels, max_hops, tuple(school.a), tuple(school.b), school.same,
        tuple(school.bridges), school.betweenness,
    )  # fmt: skip


def _linked(
    store: GraphStore,
    key: str,
    label: str,
    score: float,
    specificity: float,
    uses: tuple[Use, Use],
    side_works: tuple[list[str], list[str]],
    ctx: _Context,
) -> LinkedConcept:
    wa, wb, chains = ctx.a_works, ctx.b_works, ctx.chains
    pattern = usage.matcher(store, key)
    side_of = {**{w: "a" for w in wa}, **{w: "b" for w in wb}}
    # 1. sentences in B's works that credit A's works with the concept (then A's crediting
    # B's): the concept in the scope of the citation, not merely in the same sentence;
    # 3. what others credit to either side's works, explicit first
    quotes = ctx.quotes.get(key, [])
    engaged, credited = [], []
    for q in quotes:
        if not pattern.search(q.sentence):
            continue
        cited, citing = side_of.get(q.work, ""), side_of.get(q.source, "")
        if cited and citing and cited != citing:
            engaged.append(replace(q, side=citing))
        elif cited and not citing:  # a third party's sentence: on neither side
            credited.append(q)
    # B's works crediting A's first, those by the named authors themselves first
    engaged.sort(
        key=lambda q: (q.side != "b", q.work not in ctx.lead, q.source not in ctx.lead,
                       q.kind not in usage.STRONG, q.source, q.work, q.sentence)
    )  # fmt: skip
    using = set(side_works[0]) | set(side_works[1])
    credited = [q for q in credited if q.work in using]
    # 2. each side's own definitions (then definitions others credit to it)
    defs = [replace(q, side=side_of.get(q.work, "")) for q in ctx.definitions.get(key, [])]
    defs.sort(key=lambda q: (q.side, q.source != q.work))
    shown = [q for s in ("a", "b") for q in [d for d in defs if d.side == s][:DEFINITIONS_PER_SIDE]]
    evidence = _unique(engaged + credited, EVIDENCE_PER_CONCEPT)
    own_chains = [ch for ch in chains if ch.works[0] in using and ch.works[-1] in using]
    two_step = ctx.two_steps.get(key, [])
    a_terms = {t for d in defs if d.side == "a" for t in d.terms}
    b_terms = {t for d in defs if d.side == "b" for t in d.terms}
    compared = {
        "shared": _ordered(a_terms & b_terms), "a_only": _ordered(a_terms - b_terms),
        "b_only": _ordered(b_terms - a_terms),
    } if a_terms and b_terms else {}  # fmt: skip
    return LinkedConcept(
        key, label, round(score, 3), round(specificity, 3), uses[0], uses[1],
        tuple(side_works[0][:5]), tuple(side_works[1][:5]),
        tuple(_unique_chains(own_chains + two_step)[:6]), tuple(evidence), tuple(shown),
        compared,
    )  # fmt: skip


def _ordered(found: set[str]) -> tuple[str, ...]:
    return tuple(t for t in contrast.terms(" ".join(found)) if t in found) or tuple(sorted(found))


def _unique(quotes: list[Quote], limit: int) -> list[Quote]:
    """The first `limit` quotes of distinct (work, sentence)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for q in quotes:
        if (q.work, q.sentence) not in seen:
            seen.add((q.work, q.sentence))
            out.append(q)
            if len(out) == limit:
                break
    return out


def _unique_chains(chains: list[Chain]) -> list[Chain]:
    return list(dict.fromkeys(chains))
