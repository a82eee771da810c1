"""Writing contributions to the store so that an interrupted build is always repaired."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..graph.contributions import Contribution
from ..graph.schema import FACT_ENDS, SOURCE
from ..model import pack_text, unpack_text
from ..store import GraphStore
from .library import read_property

LOAD_BATCH = 20  # sources written together (their rows share batched queries), at least
LOAD_BATCHES = 50  # a large build is written in about this many batches, at most


def batch_size(sources: int) -> int:
    """Sources per write: LOAD_BATCH, more in a large build so that it is written in about
    LOAD_BATCHES batches. A fact many sources share (a classic credited with a concept by
    thousands of citing sentences) is read back and written again once per batch: with a
    bounded number of batches the load grows linearly with the library."""
    return max(LOAD_BATCH, -(-sources // LOAD_BATCHES))


@dataclass(frozen=True)
class Pending:
    """One source's contribution waiting to be written."""

    contribution: Contribution
    meta: dict[str, Any]  # the Source's bookkeeping (checksum, version, signature, views ...)
    documents: str | None  # newly extracted documents (packed), to cache on the Source
    new: bool  # the store has never seen this source: nothing to retract first
    fingerprint: str


def _footprints(store: GraphStore, keys: Sequence[str]) -> dict[str, dict[str, Any] | None]:
    """The footprints stored on these Sources (None: written before footprints were kept)."""
    out: dict[str, dict[str, Any] | None] = dict.fromkeys(keys)
    for key, text in read_property(store, keys, "footprint"):
        out[key] = json.loads(unpack_text(text)) if text else None
    return out


def _union(a: dict[str, Any] | None, b: dict[str, Any]) -> dict[str, Any] | None:
    if a is None:
        return None
    nodes = {label: sorted({*a["nodes"].get(label, ()), *b["nodes"].get(label, ())})
             for label in {*a["nodes"], *b["nodes"]}}  # fmt: skip
    rels = sorted({tuple(r) for r in a["rels"]} | {tuple(r) for r in b["rels"]})
    return {"nodes": nodes, "rels": [list(r) for r in rels]}


def _retract(store: GraphStore, footprints: dict[str, dict[str, Any] | None]) -> None:
    """Retract sources together through their footprints; one written before footprints were
    kept is found by a scan."""
    store.retract_many({k: fp for k, fp in footprints.items() if fp is not None})
    for key, fp in sorted(footprints.items()):
        if fp is None:
            store.retract(key)


def retract_sources(store: GraphStore, keys: Sequence[str]) -> None:
    """Take these sources and their Source nodes out of the graph."""
    _retract(store, _footprints(store, keys))
    for key in sorted(keys):
        store.write(f"MATCH (s:{SOURCE} {{key: $k}}) DETACH DELETE s", {"k": key})


def write_contributions(store: GraphStore, pending: Sequence[Pending]) -> None:
    """Write contributions so that an interruption is always detectable and repairable.

    Every Source is marked `writing` first, with a footprint covering what it held and what it
    is about to hold; old contributions are retracted; the nodes and relationships of all
    sources go in batched writes (each row names its source); each Source is marked `complete`
    with its fingerprint and its new footprint last. A build killed at any point leaves some
    Sources `writing`, and the next build retracts and redoes exactly those.
    """
    if not pending:
        return
    old = _footprints(store, [p.contribution.src for p in pending if not p.new])
    marks = []
    for p in pending:
        props = {**p.meta, "status": "writing", "fingerprint": ""}
        new = p.contribution.footprint()
        covers = new if p.new else _union(old[p.contribution.src], new)
        # an old Source without a footprint keeps none: it is retracted by a scan
        props["footprint"] = pack_text(json.dumps(covers)) if covers is not None else ""
        marks.append({"key": p.contribution.src, "props": props})
    store.upsert_nodes(SOURCE, marks, batch=200)
    _retract(store, old)
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for p in pending:
        src = p.contribution.src
        for label, rows in p.contribution.node_rows():
            nodes[label] += [{**r, "src": src} for r in rows]
        for b in p.contribution.rel_batches():
            rels[(b.type, b.start, b.end)] += [{**r, "src": src} for r in b.rows]
    for label, node_rows in sorted(nodes.items()):
        store.upsert_nodes(label, node_rows)
    owned_by_none: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for p in pending:
        for label, rows in p.contribution.fact_nodes():
            owned_by_none[label].update((r["key"], r) for r in rows)
    for label, by_key in sorted(owned_by_none.items()):
        store.upsert_nodes(label, [by_key[k] for k in sorted(by_key)])
    # a work's own facts come first: a tracked relationship never meets an untracked one left
    # from before (a cited work's title concept becomes its own text's once it is in the corpus)
    facts: dict[tuple[str, str, str, bool], dict[str, dict[str, Any]]] = defaultdict(dict)
    for p in pending:
        for rtype, rows in p.contribution.fact_rows():
            start, end, anchored_at_start = FACT_ENDS[rtype]
            for row in rows:
                facts[(rtype, start, end, anchored_at_start)][row["anchor"]] = row
    for (rtype, start, end, anchored_at_start), by_anchor in sorted(facts.items()):
        rows = [by_anchor[k] for k in sorted(by_anchor)]
        store.set_links(rtype, start, end, rows, anchor_is_start=anchored_at_start)
    for (rtype, start, end), rel_rows in sorted(rels.items()):
        store.upsert_relationships(rtype, start, end, rel_rows)
    done = []
    for p in pending:
        props = {**p.meta, "status": "complete", "fingerprint": p.fingerprint,
                 "footprint": pack_text(json.dumps(p.contribution.footprint()))}  # fmt: skip
        if p.documents is not None:
            props["documents"] = p.documents
        done.append({"key": p.contribution.src, "props": props})
    store.upsert_nodes(SOURCE, done, batch=200)
