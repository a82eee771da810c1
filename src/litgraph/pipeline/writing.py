"""Writing contributions to the store so that an interrupted build is always repaired."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..graph.contributions import Contribution
from ..graph.schema import FACT_ENDS, GRAPH_MODEL, SOURCE
from ..store import GraphStore
from .report import BuildReport, Progress

LOAD_BATCH = 20  # sources written together (their rows share batched queries)


@dataclass(frozen=True)
class Pending:
    """One source's contribution waiting to be written."""

    contribution: Contribution
    meta: dict[str, Any]
    documents_json: str | None
    new: bool  # the store has never seen this source: nothing to retract first
    fingerprint: str


def write_contributions(store: GraphStore, pending: Sequence[Pending]) -> None:
    """Write contributions so that an interruption is always detectable and repairable.

    Every Source is marked `writing` first; old contributions are retracted; the nodes and
    relationships of all sources go in batched writes (each row names its source); each
    Source is marked `complete` with its fingerprint last. A build killed at any point leaves
    some Sources `writing`, and the next build retracts and redoes exactly those.
    """
    if not pending:
        return
    store.upsert_nodes(SOURCE, [
        {"key": p.contribution.src, "props": {**p.meta, "status": "writing", "fingerprint": ""}}
        for p in pending
    ])  # fmt: skip
    for p in pending:
        if not p.new:
            store.retract(p.contribution.src)
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
        props = {**p.meta, "status": "complete", "fingerprint": p.fingerprint}
        if p.documents_json is not None:
            props["documents"] = p.documents_json
        done.append({"key": p.contribution.src, "props": props})
    store.upsert_nodes(SOURCE, done, batch=200)


def load_contributions(
    store: GraphStore,
    report: BuildReport,
    contributions: dict[str, Contribution],
    existing: dict[str, dict[str, Any]],
    hashes: dict[str, str],
    cached_json: dict[str, str],
    version: str,
    tick: Progress,
) -> None:
    total = len(contributions)
    pending: list[Pending] = []
    recached: list[dict[str, Any]] = []
    for i, (key, c) in enumerate(sorted(contributions.items()), start=1):
        old = existing.get(key)
        fingerprint = c.fingerprint()  # serialises every row: computed once per source
        if old and old["status"] == "complete" and old["fingerprint"] == fingerprint:
            report.unchanged += 1
            if key in cached_json and (old["version"], old["sha256"]) != (version, hashes[key]):
                # extracted again (another engine or version, an edited file) to the same
                # graph: the cache takes the new key, or every later build would extract again
                props = {"version": version, "sha256": hashes[key], "documents": cached_json[key]}
                recached.append({"key": key, "props": props})
            continue
        if old and old["status"] != "complete":
            report.recovered += 1
        meta = {
            "path": key,
            "sha256": hashes.get(key, ""),
            "version": version,
            "model": GRAPH_MODEL,
        }
        pending.append(Pending(c, meta, cached_json.get(key), old is None, fingerprint))
        if len(pending) >= LOAD_BATCH or sum(p.contribution.size() for p in pending) > 20_000:
            write_contributions(store, pending)
            report.written += len(pending)
            pending = []
            tick("load", i, total, key)  # sources up to i are complete
    write_contributions(store, pending)
    report.written += len(pending)
    if recached:
        store.upsert_nodes(SOURCE, recached, batch=200)
    tick("load", total, total, "")
