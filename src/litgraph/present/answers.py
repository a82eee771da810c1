"""Typed answers (from `ask`) -> text for people and Subgraphs for the views.

Sections with nothing in them are left out; every quoted sentence says whose text it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from itertools import pairwise

from ..ask.records import (
    ClustersAnswer,
    FindAnswer,
    LineageAnswer,
    LinkAnswer,
    LinkedConcept,
    Quote,
    ShowAnswer,
    Use,
    WorkLabel,
)
from ..model import PanelItem, Subgraph, ViewEdge, ViewNode

_KIND = {
    "cites": "citing",
    "definition": "defines",
    "coined": "credits the coinage to",
    "explicit": "credits",
    "scope": "credits",
}


def quote(s: str, width: int = 160) -> str:
    s = " ".join(s.split())
    return f"“{s if len(s) <= width else s[: width - 1] + '…'}”"


def _use(u: Use) -> str:
    parts = [f"own {u.own}"] if u.own else []
    if u.credited:
        parts.append(f"credited {u.credited}")
    return ", ".join(parts) or "0"


def _quote_line(q: Quote, name: Callable[[str], str], width: int = 160) -> str:
    src, work = name(q.source), name(q.work)
    page = f", p. {q.page}" if q.page else ""
    if q.kind == "definition" and q.source == q.work:
        head = f"{work} defines{page}"
    elif q.kind == "definition":
        head = f"{work}, as cited in {src}{page}"
    elif q.side:  # a sentence of one side's works about the other side's work
        head = f"{src}, citing {work}{page}"
    else:
        head = f"{src} {_KIND.get(q.kind, q.kind)} {work}{page}"
    return f"{head}: {quote(q.sentence, width)}"


def link_text(ans: LinkAnswer, evidence: int = 3) -> str:
    a, b = ans.a, ans.b
    out = [f"Concepts linking {a.name} ({len(a.works)} works) and {b.name} "
           f"({len(b.works)} works), most specific shared concepts first:"]  # fmt: skip
    out += [f"  note: {s.note}" for s in (a, b) if s.note]
    if not ans.concepts:
        out.append("  (no concept is used on both sides: own text or credited in scope)")
    for i, c in enumerate(ans.concepts, start=1):
        out += _concept_lines(ans, i, c, evidence)
    if ans.chains:
        out.append(f"Citation chains between them (citing → cited, up to {ans.max_hops} hops):")
        for ch in ans.chains:
            tag = "  (direct citation)" if ch.direct else ""
            out.append("   " + " → ".join(ans.label(k) for k in ch.works) + tag)
    out += _school_lines(ans)
    return "\n".join(out)


def _school_lines(ans: LinkAnswer) -> list[str]:
    """The two sides' schools (citation-network clusters) and the works bridging them."""
    if not ans.a_school or not ans.b_school:
        return []
    a, b = ans.a.name, ans.b.name
    if ans.same_school or {x.key for x in ans.a_school} & {x.key for x in ans.b_school}:
        return []  # one cluster, or two a reader could not tell apart: nothing to say
    name_a = ", ".join(x.label for x in ans.a_school)
    name_b = ", ".join(x.label for x in ans.b_school)
    out = [f"Schools: {a}'s cluster ({name_a}) and {b}'s ({name_b})"]
    if ans.bridges:
        out.append(
            "Bridging works (third works citing both clusters; betweenness"
            f"{_estimated(ans.betweenness)}):"
        )
    for br in ans.bridges:
        out.append(f"  {ans.label(br.work)}  {br.betweenness:.2f}")
        for q in br.evidence:
            school = a if q.side == "a" else b
            out.append(f"     [{school}'s cluster] " + _quote_line(replace(q, side=""), ans.label))
    return out


def _concept_lines(ans: LinkAnswer, i: int, c: LinkedConcept, evidence: int) -> list[str]:
    a, b = ans.a.name, ans.b.name
    direct = sum(1 for ch in c.chains if ch.direct)
    out = [
        f"{i}. {c.label}  score {c.score:.2f}  ({a} side {_use(c.a)}; {b} side {_use(c.b)}; "
        f"specificity {c.specificity:.2f}; chains {len(c.chains)}, direct {direct})"
    ]
    out.append(f"   {a}: " + ", ".join(ans.label(w) for w in c.a_works))
    out.append(f"   {b}: " + ", ".join(ans.label(w) for w in c.b_works))
    for q in c.evidence[:evidence]:
        out.append("     " + _quote_line(q, ans.label))
    for q in c.definitions:
        out.append(f"     [{a if q.side == 'a' else b}] " + _quote_line(q, ans.label))
    if c.contrast:
        parts = [f"{name}: {', '.join(c.contrast[k])}" for k, name in
                 (("shared", "both"), ("a_only", f"only {a}"), ("b_only", f"only {b}"))
                 if c.contrast.get(k)]  # fmt: skip
        out.append("     definitions compared — " + "; ".join(parts))
    for ch in c.chains[:4]:
        out.append("     chain: " + " → ".join(ans.label(k) for k in ch.works))
    return out


def lineage_text(ans: LineageAnswer, definitions: int = 20) -> str:
    c = ans.concept
    out = [f"Lineage of {c.label}" + (f": {ans.description}" if ans.description else "")]
    if ans.broader:
        out.append("  broader: " + ", ".join(x.label for x in ans.broader))
    if ans.introduced:
        first = min((ans.year(w) or 9999 for w in ans.first_use), default=9999)
        introduced = min(ans.year(q.work) or 9999 for q in ans.introduced)
        out.append("Introduced (earliest own definition or coinage in the graph):"
                   if introduced <= first else
                   "First defined (the term was in use before):")  # fmt: skip
        out += ["  " + _quote_line(q, ans.label) for q in ans.introduced]
    if ans.first_use:
        own = {u.work for u in ans.used_by}
        firsts = [ans.label(w) if w in own else f"{ans.label(w)} (credited by later works only)"
                  for w in ans.first_use]  # fmt: skip
        out.append("First use: " + ", ".join(firsts))
    for s in ans.successions:
        when = f"{s.year}: " if s.year else ""
        who = f", {s.source}" if s.source else ""
        note = f": {s.note}" if s.note else ""
        out.append(f"Turning point ({when}renamed or succeeded{who}): {s.before.label} → "
                   f"{s.after.label}{note}")  # fmt: skip
    for d in ans.distinct_from:
        out.append(f"Not the same as {d.other.label}" + (f": {d.note}" if d.note else ""))
    if ans.definitions:
        out.append(f"Definitions in time order ({len(ans.definitions)}), with the terms each adds:")
        for q in ans.definitions[:definitions]:
            out.append("  " + _quote_line(q, ans.label))
            if q.adds:
                out.append("      new terms: " + ", ".join(q.adds))
    if ans.used_by:
        out.append("Used by (own text), by year:")
        out += _by_year(ans, [(u.work, u.use.own) for u in ans.used_by])
    if ans.credited:
        out.append("Credited in retrospect (by citing sentences only), by year:")
        out += _by_year(ans, [(u.work, u.use.credited) for u in ans.credited])
    branches = [br for br in ans.narrower if br.first]
    if branches:
        out.append("Branches (narrower concepts, first works):")
        out += [f"  {br.concept.label}: " + ", ".join(ans.label(w) for w in br.first)
                for br in branches]  # fmt: skip
    out += _mapping_lines(ans)
    if ans.flow:
        out.append(f"Citation flow, year by year ({len(ans.flow)} citations between these works):")
        by_citing: dict[str, list[str]] = {}
        for f in ans.flow:
            by_citing.setdefault(f.works[0], []).append(f.works[1])
        for src in sorted(by_citing, key=lambda k: (ans.year(k) or 9999, ans.label(k))):
            cited = sorted(by_citing[src], key=lambda k: (ans.year(k) or 9999, ans.label(k)))
            out.append(f"  {ans.year(src) or 'n.d.'}  {ans.label(src)} → "
                       + ", ".join(ans.label(k) for k in cited))  # fmt: skip
    return "\n".join(out)


def _mapping_lines(ans: LineageAnswer) -> list[str]:
    """Main path (with the sentence behind each arc), bursts and turning points."""
    out = []
    if ans.main_path:
        out.append("Main path (search path count; each work builds on the one before):")
        first = ans.main_path[0].cited
        out.append(f"  {ans.year(first) or 'n.d.'}  {ans.label(first)}")
        for st in ans.main_path:
            out.append(f"  {ans.year(st.citing) or 'n.d.'}  → {ans.label(st.citing)}  "
                       f"(SPC {st.spc:.2f})")  # fmt: skip
            if st.sentence:
                page = f", p. {st.page}" if st.page else ""
                out.append(f"        {ans.label(st.citing)}, citing {ans.label(st.cited)}{page}: "
                           + quote(st.sentence))  # fmt: skip
    if ans.bursts:
        out.append("Bursts (Kleinberg; years of unusually high use or citation):")
        for b in ans.bursts:
            what = (f"use of {ans.concept.label}" if b.kind == "mentions"
                    else f"citations of {ans.label(b.subject)}")  # fmt: skip
            span = f"{b.start}–{b.end}" if b.end != b.start else str(b.start)
            out.append(f"  {span}  {what}  (strength {b.weight:.1f})")
    if ans.turning_points:
        out.append(
            "Turning points (highest betweenness in the concept's citation network"
            f"{_estimated(ans.betweenness)}):"
        )
        out += [f"  {ans.label(t.work)}  {t.betweenness:.2f}" for t in ans.turning_points]
    return out


def _estimated(method: str) -> str:
    """How a betweenness was computed, said when it was estimated (a large network)."""
    return f", {method}" if method and method != "exact" else ""


def _by_year(ans: LineageAnswer, rows: list[tuple[str, int]]) -> list[str]:
    years: dict[int | None, list[str]] = {}
    for w, n in rows:
        years.setdefault(ans.year(w), []).append(f"{ans.label(w)} ×{n}")
    return [f"  {y or 'n.d.'}  " + "; ".join(ws) for y, ws in years.items()]


def show_text(ans: ShowAnswer) -> list[str]:
    from .tables import key_values

    props = {k: v for k, v in ans.node.items() if not k.startswith("_") and v not in (None, "")}
    if isinstance(props.get("aliases"), list | tuple):  # the spellings, not the match patterns
        props["aliases"] = [a for a in props["aliases"] if "*" not in a] or None
    label = props.get("title") or props.get("name") or props.get("label") or ans.key
    lines = [f"{label}  ({ans.kind} {ans.key})",
             key_values({k: v for k, v in props.items() if v})]  # fmt: skip
    for field in ("authors", "coauthors", "broader", "narrower", "renamed_to", "renamed_from",
                  "not_the_same_as"):  # fmt: skip
        if ans.neighbours.get(field):
            lines.append(f"{field.replace('_', ' ')}: " + ", ".join(ans.neighbours[field]))
    for field in ("works", "credited", "cites", "cited_by"):
        keys = ans.neighbours.get(field) or ()
        if keys:
            lines.append(f"{field} ({len(keys)}): " + "; ".join(
                ans.works[k].label if k in ans.works else k for k in keys))  # fmt: skip
    own = [c for c in ans.concepts if c.own]
    credited = [c for c in ans.concepts if not c.own]
    if own:
        lines.append("concepts (own text): " + ", ".join(f"{c.concept} ({c.count})" for c in own))
    if credited:
        lines.append("credited by citing works: "
                     + ", ".join(f"{c.concept} ({c.count})" for c in credited))  # fmt: skip
    return lines


def find_rows(ans: FindAnswer, cites: Mapping[str, str] | None = None) -> list[dict[str, object]]:
    """Hits as table rows; a work reads as it is cited, then its title ('Voorberg et al. (2015)
    A systematic review ...'), so the year survives a long title being cut."""
    cites = cites or {}
    return [{"kind": h.kind, "key": h.key, "score": h.score,
             "label": f"{cites[h.key]} {h.label}" if h.key in cites else h.label}
            for h in ans.hits]  # fmt: skip


# --- views ----------------------------------------------------------------------------------


def _work_node(works: dict[str, WorkLabel], key: str, size: float = 1.0) -> ViewNode:
    w = works.get(key)
    if w is None:
        return ViewNode(key, "work", key, key, size)
    tip = "\n".join(x for x in (w.title or "", ", ".join(w.authors), str(w.year or "")) if x)
    return ViewNode(key, "work", w.label, tip, size, w.year, w.in_corpus)


def link_subgraph(ans: LinkAnswer) -> Subgraph:
    works = dict(ans.works)
    nodes: dict[str, ViewNode] = {}
    edges: list[ViewEdge] = []
    for side in (ans.a, ans.b):
        for e in side.entities:
            nodes[e.key] = ViewNode(e.key, e.kind, e.label, e.label, 3.0)
            for w in side.works:
                nodes.setdefault(w, _work_node(works, w, 2.0))
                if e.kind == "author":
                    edges.append(ViewEdge(e.key, w, "AUTHORED"))
    for ch in (*ans.chains, *(ch for c in ans.concepts for ch in c.chains)):
        for x, y in pairwise(ch.works):
            nodes.setdefault(x, _work_node(works, x))
            nodes.setdefault(y, _work_node(works, y))
            ev = next((q.sentence for q in ans.chain_evidence
                       if q.source == x and q.work == y), "")  # fmt: skip
            edges.append(ViewEdge(x, y, "CITES", ev))
    for c in ans.concepts:
        ck = f"concept:{c.key}"
        nodes[ck] = ViewNode(ck, "concept", c.label, f"{c.label}\nscore {c.score:.2f}",
                             1.0 + c.score / 5)  # fmt: skip
        for w in (*c.a_works, *c.b_works):
            nodes.setdefault(w, _work_node(works, w))
            ev = next((q.sentence for q in (*c.definitions, *c.evidence) if q.work == w), "")
            edges.append(ViewEdge(w, ck, "MENTIONS", ev))
    for br in ans.bridges:  # the works bridging the two schools, with their citations
        for q in br.evidence:
            for w in (q.source, q.work):
                nodes.setdefault(w, _work_node(works, w))
            edges.append(ViewEdge(q.source, q.work, "CITES", q.sentence))
    heading = f"Concepts linking {ans.a.name} and {ans.b.name}"
    focus = tuple(e.key for side in (ans.a, ans.b) for e in side.entities)
    return Subgraph(
        tuple(nodes.values()), tuple(dict.fromkeys(edges)), heading, focus=focus,
        panel=link_panel(ans), panel_heading="Concepts, most specific first",
    )  # fmt: skip


PANEL_WIDTH = 1200  # a side panel has room for whole sentences


def link_panel(ans: LinkAnswer, quotes: int = 4) -> tuple[PanelItem, ...]:
    """The ranked concepts of a link answer with their evidence sentences, for the side panel."""
    a, b = ans.a.name, ans.b.name
    items = []
    for i, c in enumerate(ans.concepts, start=1):
        said = [_quote_line(q, ans.label, PANEL_WIDTH) for q in c.evidence[:quotes]]
        said += [f"[{a if q.side == 'a' else b}] " + _quote_line(q, ans.label, PANEL_WIDTH)
                 for q in c.definitions[:quotes]]  # fmt: skip
        detail = f"{a}: {_use(c.a)} · {b}: {_use(c.b)}"
        items.append(PanelItem(f"{i}. {c.label}  (score {c.score:.2f})", detail, tuple(said),
                               f"concept:{c.key}"))  # fmt: skip
    return tuple(items)


def lineage_subgraph(ans: LineageAnswer) -> Subgraph:
    works = dict(ans.works)
    c = ans.concept
    ck = f"concept:{c.key}"
    nodes: dict[str, ViewNode] = {ck: ViewNode(ck, "concept", c.label, c.label, 4.0)}
    edges: list[ViewEdge] = []
    for u in (*ans.used_by, *ans.credited):
        nodes[u.work] = _work_node(works, u.work, 1.0 + min(u.use.total, 30) / 6)
        kind = "MENTIONS" if u.use.own else "CREDITED"
        edges.append(ViewEdge(u.work, ck, kind))
    for d in ans.definitions:
        nodes.setdefault(d.work, _work_node(works, d.work))
        edges.append(ViewEdge(d.work, ck, "DEFINES", d.sentence))
    main = {(st.citing, st.cited): st for st in ans.main_path}
    for st in ans.main_path:  # the backbone, drawn strongly (its works always shown)
        for w in (st.cited, st.citing):
            nodes.setdefault(w, _work_node(works, w))
        edges.append(ViewEdge(st.citing, st.cited, "MAIN_PATH", st.sentence, 40.0))
    for f in ans.flow:
        x, y = f.works
        if x in nodes and y in nodes and (x, y) not in main:
            edges.append(ViewEdge(x, y, "CITES_FADED" if main else "CITES"))
    for br in ans.narrower:
        if not br.first:
            continue
        nk = f"concept:{br.concept.key}"
        nodes[nk] = ViewNode(nk, "concept", br.concept.label, br.concept.label, 2.0)
        edges.append(ViewEdge(nk, ck, "BROADER"))
        for w in br.first:
            nodes.setdefault(w, _work_node(works, w))
            edges.append(ViewEdge(w, nk, "MENTIONS"))
    for s in ans.successions:
        for e in (s.before, s.after):
            key = f"concept:{e.key}"
            nodes.setdefault(key, ViewNode(key, "concept", e.label, e.label, 2.0))
        title = f"{s.year or ''} {s.note}".strip()
        edges.append(ViewEdge(f"concept:{s.before.key}", f"concept:{s.after.key}",
                              "SUCCEEDED_BY", title))  # fmt: skip
    return Subgraph(
        tuple(nodes.values()), tuple(dict.fromkeys(edges)), f"Lineage of {c.label}", focus=(ck,)
    )


_NETWORK = {
    "cocitation": "co-citation (works cited together)",
    "coupling": "bibliographic coupling (works sharing references)",
    "coauthorship": "co-authorship (authors writing together)",
    "citation": "direct citation",
}


def clusters_text(ans: ClustersAnswer, members: int = 12) -> str:
    out = [f"Clusters of the {_NETWORK.get(ans.network, ans.network)} network "
           f"(Leiden, resolution {ans.resolution:g}): {len(ans.clusters)} clusters, "
           f"{len(ans.scores)} members, {len(ans.links)} links"]  # fmt: skip
    if ans.network_size > len(ans.scores):
        out.append(f"  (the {len(ans.scores)} members of largest link strength of "
                   f"{ans.network_size}: --max-nodes to change)")  # fmt: skip
    if not ans.scores:
        out.append("  (no links in this network: is the graph built? `litgraph build FOLDER`)")
    for c in ans.clusters:
        span = f", {c.years[0]}–{c.years[1]}" if c.years[0] is not None else ""
        out.append(f"{c.number}. {', '.join(x.label for x in c.concepts) or '(no concepts)'}  "
                   f"({len(c.members)} members{span})")  # fmt: skip
        if c.top_works:
            out.append("   most cited: " + "; ".join(ans.label(w) for w in c.top_works))
        shown = "; ".join(ans.label(k) for k in c.members[:members])
        more = f" … and {len(c.members) - members} more" if len(c.members) > members else ""
        out.append(f"   members: {shown}{more}")
    return "\n".join(out)


def clusters_subgraph(ans: ClustersAnswer, max_links: int = 2000) -> Subgraph:
    """Members as nodes (sized by citations, tooltip naming their cluster), links weighted."""
    names = {c.number: ", ".join(x.label for x in c.concepts[:2]) for c in ans.clusters}
    nodes = []
    for s in ans.scores:
        tip = f"cluster {s.cluster}: {names.get(s.cluster, '')}\ncited {s.citations}"
        kind = "author" if s.key in ans.authors else "work"
        w = ans.works.get(s.key)
        nodes.append(ViewNode(s.key, kind, ans.label(s.key), tip, 1.0 + s.citations / 3,
                              s.year, w.in_corpus if w else True))  # fmt: skip
    links = sorted(ans.links, key=lambda x: (-x.weight, x.a, x.b))[:max_links]
    edges = tuple(ViewEdge(x.a, x.b, "LINK", f"strength {x.weight:g}", x.weight) for x in links)
    heading = f"Clusters ({ans.network})"
    note = "; ".join(f"{n}: {names[n]}" for n in sorted(names))
    return Subgraph(tuple(nodes), edges, heading, note)
