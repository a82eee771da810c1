"""Answers (from `ask`) -> text for people and Subgraphs for the views."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from ..graph.schema import AUTHORED, BROADER, CITES, DEFINES, MENTIONS
from ..model import Subgraph, ViewEdge, ViewNode


def _wl(ans: dict[str, Any], key: str) -> str:
    return str(ans["works"].get(key, {}).get("label", key))


def _year(ans: dict[str, Any], key: str) -> int:
    return int(ans["works"].get(key, {}).get("year") or 9999)


def _first_per_work(definitions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for d in definitions:
        if d["work"] not in seen:
            seen.add(d["work"])
            out.append(d)
    return out


def _quote(s: str, width: int = 160) -> str:
    s = " ".join(s.split())
    return f"“{s if len(s) <= width else s[: width - 1] + '…'}”"


def link_text(ans: dict[str, Any], evidence: int = 3) -> str:
    a, b = ans["a"], ans["b"]
    out = [f"Concepts linking {a['name']} ({len(a['works'])} works) and {b['name']} "
           f"({len(b['works'])} works):"]  # fmt: skip
    out += [f"  note: {s['note']}" for s in (a, b) if s["note"]]
    if not ans["concepts"]:
        out.append("  (no concept is mentioned on both sides)")
    for i, c in enumerate(ans["concepts"], start=1):
        out.append(f"{i}. {c['label']}  score {c['score']:.2f}  "
                   f"({a['name']} side {c['a_count']}, {b['name']} side {c['b_count']}, "
                   f"on citation chains {c['chain_works']})")  # fmt: skip
        out.append("   " + a["name"] + ": " + ", ".join(_wl(ans, w) for w in c["a_works"]))
        out.append("   " + b["name"] + ": " + ", ".join(_wl(ans, w) for w in c["b_works"]))
        for ch in c.get("chains", [])[:4]:
            out.append("     chain: " + " → ".join(_wl(ans, k) for k in ch))
        for e in c["evidence"][:evidence]:
            where = f"{_wl(ans, e['in'])}, p. {e['page']}" if e.get("in") else f"p. {e['page']}"
            out.append(f"     on {_wl(ans, e['about'])} ({where}): {_quote(e['sentence'])}")
    if ans["chains"]:
        out.append(
            f"Citation chains from {b['name']} to {a['name']} (up to {ans['max_hops']} hops):"
        )
        for ch in ans["chains"]:
            out.append("   " + " → ".join(_wl(ans, k) for k in ch))
    return "\n".join(out)


def lineage_text(ans: dict[str, Any], definitions: int = 20) -> str:
    c = ans["concept"]
    out = [f"Lineage of {c['label']}"]
    if ans["broader"]:
        out.append("  broader: " + ", ".join(x["label"] for x in ans["broader"]))
    out.append("Timeline (works mentioning it, by year):")
    for row in ans["timeline"]:
        out.append(f"  {row['year'] or 'n.d.'}  " + "; ".join(
            _wl(ans, w) + (f" ×{ans['mentions'][w]['count']}" if w in ans["mentions"] else "")
            for w in row["works"]))  # fmt: skip
    if ans["definitions"]:
        shown = _first_per_work(ans["definitions"])[:definitions]
        out.append(f"Definitions ({len(ans['definitions'])} found; the first of each work):")
        for d in shown:
            via = (
                f" (as cited in {_wl(ans, d['in'])})"
                if d.get("in") not in (None, d["work"])
                else ""
            )
            out.append(f"  {_wl(ans, d['work'])}{via}, p. {d['page']}: {_quote(d['sentence'])}")
    if ans["narrower"]:
        out.append("Branches (narrower concepts, first works):")
        for n in ans["narrower"]:
            firsts = ", ".join(_wl(ans, f["w"]) for f in n["first"]) or "(not found in the works)"
            out.append(f"  {n['label']}: {firsts}")
    out.append(f"Citation flow, year by year ({len(ans['flow'])} citations between these works):")
    by_citing: dict[str, list[str]] = {}
    for f in ans["flow"]:
        by_citing.setdefault(f["from"], []).append(f["to"])
    for src in sorted(by_citing, key=lambda k: (_year(ans, k), _wl(ans, k))):
        cited = sorted(by_citing[src], key=lambda k: (_year(ans, k), _wl(ans, k)))
        y = _year(ans, src)
        out.append(f"  {y if y < 9999 else 'n.d.'}  {_wl(ans, src)} → "
                   + ", ".join(_wl(ans, k) for k in cited))  # fmt: skip
    return "\n".join(out)


def _work_node(ans: dict[str, Any], key: str, size: float = 1.0) -> ViewNode:
    w = ans["works"].get(key, {})
    tip = "\n".join(x for x in (w.get("title") or "", ", ".join(w.get("authors") or []),
                                str(w.get("year") or "")) if x)  # fmt: skip
    return ViewNode(key, "work", w.get("label", key), tip, size, w.get("year"),
                    bool(w.get("in_corpus", True)))  # fmt: skip


def link_subgraph(ans: dict[str, Any]) -> Subgraph:
    nodes: dict[str, ViewNode] = {}
    edges: list[ViewEdge] = []
    for side in (ans["a"], ans["b"]):
        for e in side["entities"]:
            nodes[e["key"]] = ViewNode(e["key"], e["kind"], e["label"], e["label"], 3.0)
            for w in side["works"]:
                nodes.setdefault(w, _work_node(ans, w, 2.0))
                if e["kind"] == "author":
                    edges.append(ViewEdge(e["key"], w, AUTHORED))
    for ch in ans["chains"]:
        for x, y in pairwise(ch):
            nodes.setdefault(x, _work_node(ans, x))
            nodes.setdefault(y, _work_node(ans, y))
            ev = next((e["sentence"] for e in ans["chain_evidence"]
                       if e["from"] == x and e["to"] == y), "")  # fmt: skip
            edges.append(ViewEdge(x, y, CITES, ev))
    for c in ans["concepts"]:
        for ch in c.get("chains", []):
            for x, y in pairwise(ch):
                nodes.setdefault(x, _work_node(ans, x))
                nodes.setdefault(y, _work_node(ans, y))
                edges.append(ViewEdge(x, y, CITES))
        ck = f"concept:{c['key']}"
        nodes[ck] = ViewNode(ck, "concept", c["label"], f"{c['label']}\nscore {c['score']:.2f}",
                             1.0 + c["score"] / 5)  # fmt: skip
        for w in c["a_works"] + c["b_works"]:
            nodes.setdefault(w, _work_node(ans, w))
            ev = next((e["sentence"] for e in c["evidence"] if e["about"] == w), "")
            edges.append(ViewEdge(w, ck, MENTIONS, ev))
    heading = f"Concepts linking {ans['a']['name']} and {ans['b']['name']}"
    return Subgraph(tuple(nodes.values()), tuple(dict.fromkeys(edges)), heading)


def lineage_subgraph(ans: dict[str, Any]) -> Subgraph:
    c = ans["concept"]
    ck = f"concept:{c['key']}"
    nodes: dict[str, ViewNode] = {ck: ViewNode(ck, "concept", c["label"], c["label"], 4.0)}
    edges: list[ViewEdge] = []
    for row in ans["timeline"]:
        for w in row["works"]:
            n = ans["mentions"].get(w, {}).get("count", 1)
            nodes[w] = _work_node(ans, w, 1.0 + min(n, 30) / 6)
    for d in ans["definitions"]:
        nodes.setdefault(d["work"], _work_node(ans, d["work"]))
        edges.append(ViewEdge(d["work"], ck, DEFINES, d["sentence"]))
    for f in ans["flow"]:
        if f["from"] in nodes and f["to"] in nodes:
            edges.append(ViewEdge(f["from"], f["to"], CITES))
    for n in ans["narrower"]:
        nk = f"concept:{n['key']}"
        nodes[nk] = ViewNode(nk, "concept", n["label"], n["label"], 2.0)
        edges.append(ViewEdge(nk, ck, BROADER))
        for f in n["first"]:
            nodes.setdefault(f["w"], _work_node(ans, f["w"]))
            edges.append(ViewEdge(f["w"], nk, MENTIONS))
    return Subgraph(tuple(nodes.values()), tuple(dict.fromkeys(edges)), f"Lineage of {c['label']}")
