"""The one protocol every graph store implements, plus the Cypher both dialects share."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from ..errors import QueryError
from ..graph.provenance import appendix, combine, split
from ..graph.schema import (
    ALL,
    ANY,
    KEPT_BY_ANY,
    KEPT_BY_SOURCES,
    MAX,
    MIN,
    REL_PROPS,
    REL_RULES,
    SUM,
    NodeIndex,
    prop_type,
)

Row = dict[str, Any]

DEFAULT_READ_TIMEOUT = 30.0  # seconds
DEFAULT_WRITE_TIMEOUT = 600.0
DEFAULT_BATCH = 5000

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Clauses that change the graph. Checked on the query with strings and comments removed.
_WRITE_WORDS = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|LOAD\s+CSV|FOREACH)\b", re.IGNORECASE
)
_WRITE_PROCS = re.compile(r"\bCALL\s+(db\.idx|db\.create|apoc\.|dbms\.)", re.IGNORECASE)
# Strings, quoted names and comments, found in one left-to-right pass: whichever starts first
# wins, so `//` inside a string is not a comment and a quote inside a comment opens no string.
_LITERALS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?(?:\*/|\Z)",
    re.DOTALL,
)


def ident(name: str) -> str:
    """Validate a label, relationship type or property name before it enters a query."""
    if not _IDENT.match(name):
        raise QueryError(f"not a valid Cypher identifier: {name!r}")
    return name


def is_write_query(cypher: str) -> bool:
    """True when the query (comments and string literals ignored) would change the graph."""
    bare = _LITERALS.sub(lambda m: " " if m.group().startswith("/") else " x ", cypher)
    return bool(_WRITE_WORDS.search(bare) or _WRITE_PROCS.search(bare))


def chunks(rows: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield list(rows[i : i + size])


def node_upsert_cypher(label: str, tracked: bool = False, key: str = "key") -> str:
    """MERGE by key, then set the row's other properties (rows: {key, props}).

    Tracked: the node's `srcs` list records every source (the row's `src`) that contributed it.
    """
    track = (
        ", n.srcs = CASE WHEN r.src IN coalesce(n.srcs, []) THEN n.srcs "
        "ELSE coalesce(n.srcs, []) + [r.src] END"
        if tracked
        else ""
    )
    return (
        f"UNWIND $rows AS r MERGE (n:{ident(label)} {{{ident(key)}: r.key}}) "
        f"SET n += r.props{track} RETURN count(n) AS n"
    )


def rel_upsert_cypher(
    rel_type: str, start_label: str, end_label: str, tracked: bool = False, key: str = "key"
) -> str:
    """MATCH both ends by key, MERGE the one relationship between them, set its properties.

    Rows: {start, end, props}. Untracked: the props are added. Tracked: the props are the
    stored properties the rows' sources alone give (`graph.provenance.combine`) and are set on
    a new relationship; an existing one that holds anything else (other sources, other values)
    is left as it is and returned with its stored properties, to be combined and written again.
    """
    k = ident(key)
    head = (
        f"UNWIND $rows AS r MATCH (a:{ident(start_label)} {{{k}: r.start}}) "
        f"MATCH (b:{ident(end_label)} {{{k}: r.end}}) MERGE (a)-[x:{ident(rel_type)}]->(b) "
    )
    if not tracked:
        return head + "SET x += r.props RETURN count(x) AS n"
    return head + (
        "ON CREATE SET x = r.props "
        "WITH r, x WHERE properties(x) <> r.props "
        "RETURN r.start AS start, r.end AS end, properties(x) AS props"
    )


def rel_append_cypher(rel_type: str, start_label: str, end_label: str) -> str:
    """Append sources that all sort after an existing relationship's sources (rows from
    `provenance.appendix`), without reading it back: the common case of a fresh build, where
    sources are written in order and a fact thousands of them assert would otherwise be read
    and rewritten whole by every batch. Only relationships already asserted by several sources
    (so stored with `parts`) are appended to; the keys of those are returned."""
    t = ident(rel_type)
    sets = ["x.srcs = x.srcs + r.srcs", "x.parts = x.parts + r.parts"]
    for name in REL_PROPS.get(rel_type, ()):
        n = ident(name)
        if prop_type(name) == "list":
            sets.append(f"x.{n} = CASE WHEN r.lists.{n} IS NULL THEN x.{n} "
                        f"ELSE coalesce(x.{n}, []) + r.lists.{n} END")  # fmt: skip
            continue
        new, old = f"r.scalars.{n}", f"x.{n}"
        both = {
            SUM: f"{old} + {new}",
            MIN: f"CASE WHEN {new} < {old} THEN {new} ELSE {old} END",
            MAX: f"CASE WHEN {new} > {old} THEN {new} ELSE {old} END",
            ANY: f"{old} OR {new}",
            ALL: f"{old} AND {new}",
        }.get(REL_RULES.get(name, ""), old)  # otherwise the first source's value stays
        sets.append(f"x.{n} = CASE WHEN {new} IS NULL THEN {old} WHEN {old} IS NULL THEN {new} "
                    f"ELSE {both} END")  # fmt: skip
    return (
        f"UNWIND $rows AS r MATCH (a:{ident(start_label)} {{key: r.start}}) "
        f"MATCH (b:{ident(end_label)} {{key: r.end}}) MATCH (a)-[x:{t}]->(b) "
        "WHERE size(x.srcs) > 1 AND x.srcs[size(x.srcs) - 1] < r.first "
        f"SET {', '.join(sets)} RETURN r.start AS start, r.end AS end"
    )


def rel_replace_cypher(rel_type: str, start_label: str, end_label: str, key: str = "key") -> str:
    """Set the complete stored properties of relationships (rows: {start, end, props})."""
    k = ident(key)
    return (
        f"UNWIND $rows AS r MATCH (a:{ident(start_label)} {{{k}: r.start}}) "
        f"MATCH (b:{ident(end_label)} {{{k}: r.end}}) MERGE (a)-[x:{ident(rel_type)}]->(b) "
        "SET x = r.props RETURN count(x) AS n"
    )


def set_links_cypher(
    rel_type: str, start_label: str, end_label: str, anchor_is_start: bool, key: str = "key"
) -> tuple[str, str]:
    """Untracked relationships that belong to one node (the anchor): the ones no longer listed
    go, the listed ones are merged with their properties (rows: {anchor, links: [{key,
    props}]}). Relationships with sources (`srcs`) between the same nodes are not touched."""
    k, t = ident(key), ident(rel_type)
    mine, other = (start_label, end_label) if anchor_is_start else (end_label, start_label)
    # the anchor is found by its key first (index); the other end is known from the type (a
    # label test on it makes FalkorDB 4.16 scan that label)
    anchor = f"MATCH (n:{ident(mine)} {{{k}: r.anchor}})"
    arrow = f"(n)-[x:{t}]->(o)" if anchor_is_start else f"(o)-[x:{t}]->(n)"
    drop = (
        f"UNWIND $rows AS r {anchor} MATCH {arrow} WHERE x.srcs IS NULL "
        f"AND NOT o.{k} IN [l IN r.links | l.key] DELETE x RETURN DISTINCT o.{k} AS other"
    )
    put = (
        f"UNWIND $rows AS r UNWIND r.links AS l {anchor} "
        f"MATCH (o:{ident(other)} {{{k}: l.key}}) MERGE {arrow} SET x = l.props "
        "RETURN count(x) AS n"
    )
    return drop, put


# Retracting a source: relationships only it asserts go; those others assert too are read and
# rewritten without its part (from Python, in batches); it leaves every node's srcs list, and
# nodes no source contributes any more go (with any relationship still attached to them), as do
# the nodes no source owns that nothing keeps any more (`orphans_cypher`).
RETRACT_OWN = "MATCH ()-[x]->() WHERE size(x.srcs) = 1 AND x.srcs[0] = $src DELETE x"
RETRACT_SHARED = (
    "MATCH (a)-[x]->(b) WHERE size(x.srcs) > 1 AND $src IN x.srcs "
    "RETURN type(x) AS type, labels(a) AS start_labels, a.key AS start, "
    "labels(b) AS end_labels, b.key AS end, properties(x) AS props"
)
RETRACT_NODES = (
    "MATCH (n) WHERE $src IN n.srcs SET n.srcs = [s IN n.srcs WHERE s <> $src]",
    "MATCH (n) WHERE n.srcs IS NOT NULL AND size(n.srcs) = 0 DETACH DELETE n",
    *(
        f"MATCH (n:{label}) WHERE n.srcs IS NULL OPTIONAL MATCH (n)-[x]-() "
        "WHERE x.srcs IS NOT NULL WITH n, count(x) AS kept WHERE kept = 0 DETACH DELETE n"
        for label in KEPT_BY_SOURCES
    ),
    "MATCH (n) WHERE n.srcs IS NULL AND NOT n:Source AND NOT (n)--() DELETE n",
)


def retract_rels_cypher(rtype: str, start_label: str, end_label: str) -> tuple[str, str]:
    """Through the key indexes (rows: {start, end}; `$srcs` the sources retracted): the
    relationships they share with other sources (returned as RETRACT_SHARED returns them),
    then those only they assert (deleted)."""
    match = (
        f"UNWIND $rows AS r MATCH (a:{ident(start_label)} {{key: r.start}}) "
        f"MATCH (b:{ident(end_label)} {{key: r.end}}) MATCH (a)-[x:{ident(rtype)}]->(b) "
        "WHERE x.srcs IS NOT NULL AND any(s IN x.srcs WHERE s IN $srcs) "
    )
    find = match + (
        "AND any(s IN x.srcs WHERE NOT s IN $srcs) RETURN type(x) AS type, "
        "labels(a) AS start_labels, a.key AS start, labels(b) AS end_labels, b.key AS end, "
        "properties(x) AS props"
    )
    return find, match + "AND all(s IN x.srcs WHERE s IN $srcs) DELETE x"


def retract_nodes_cypher(label: str) -> tuple[str, str]:
    """Through the key index (params: srcs, keys): the sources leave each node's sources;
    nodes left without any go, with whatever is still attached to them (a work's facts)."""
    match = f"UNWIND $keys AS k MATCH (n:{ident(label)} {{key: k}}) "
    return (
        match + "WHERE any(s IN n.srcs WHERE s IN $srcs) "
        "SET n.srcs = [s IN n.srcs WHERE NOT s IN $srcs]",
        match + "WHERE n.srcs IS NOT NULL AND size(n.srcs) = 0 DETACH DELETE n",
    )


def orphans_cypher(label: str) -> str:
    """Nodes no source owns that nothing keeps any more go (params: keys): a work or mined
    concept no source asserts a relationship of any more (with its own facts), another node
    (a work's author) that no relationship reaches."""
    match = f"UNWIND $keys AS k MATCH (n:{ident(label)} {{key: k}}) WHERE n.srcs IS NULL "
    if label in KEPT_BY_SOURCES:
        return match + (
            "OPTIONAL MATCH (n)-[x]-() WHERE x.srcs IS NOT NULL "
            "WITH n, count(x) AS kept WHERE kept = 0 DETACH DELETE n"
        )
    return match + "AND NOT (n)--() DELETE n"


def orphan_order(labels: Iterable[str]) -> list[str]:
    """The labels in the order their orphans go: those sources keep before those kept by any
    relationship (a work goes before its authors are looked at)."""
    rank = {label: i for i, label in enumerate((*KEPT_BY_SOURCES, *KEPT_BY_ANY))}
    return sorted(labels, key=lambda label: (rank.get(label, len(rank)), label))


@runtime_checkable
class GraphStore(Protocol):
    """A graph database litgraph can write to and query.

    Implementations: `EmbeddedStore` (FalkorDB, started by litgraph) and `Neo4jStore` (official
    neo4j driver over Bolt). Both are context managers.
    """

    url: str
    dialect: str  # "falkordb" | "neo4j"

    def ensure_schema(self, indexes: Iterable[NodeIndex]) -> None: ...

    def upsert_nodes(
        self,
        label: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        batch: int = DEFAULT_BATCH,
        source: str | None = None,
    ) -> int: ...

    def upsert_relationships(
        self,
        rel_type: str,
        start_label: str,
        end_label: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        batch: int = DEFAULT_BATCH,
        source: str | None = None,
    ) -> int: ...

    def set_links(
        self,
        rel_type: str,
        start_label: str,
        end_label: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        anchor_is_start: bool,
        batch: int = DEFAULT_BATCH,
    ) -> int: ...

    def retract(self, source: str, footprint: Mapping[str, Any] | None = None) -> None: ...

    def retract_many(self, footprints: Mapping[str, Mapping[str, Any]]) -> None: ...

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]: ...

    def write(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]: ...

    def counts(self) -> dict[str, dict[str, int]]: ...

    def info(self) -> dict[str, str]: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> GraphStore: ...

    def __exit__(self, *exc: object) -> None: ...


def require_read_only(cypher: str) -> None:
    if is_write_query(cypher):
        raise QueryError(
            "this query would change the graph; run it with --write if that is intended"
        )


# The graph's size by label and by relationship type: one count per name, which both stores
# answer from their label and type statistics without reading the graph (a scan of every node
# and relationship took 0.3 s on a 10,000-paper library). Names without any left are omitted.
LABELS = "CALL db.labels() YIELD label RETURN label"
TYPES = "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS type"


def count_query(name: object, relationship: bool) -> str:
    """The query counting the nodes of one label, or the relationships of one type."""
    quoted = "`" + str(name).replace("`", "``") + "`"
    if relationship:
        return f"MATCH ()-[r:{quoted}]->() RETURN count(r) AS n"
    return f"MATCH (n:{quoted}) RETURN count(n) AS n"


def _with_source(
    rows: Sequence[Mapping[str, Any]], source: str | None
) -> tuple[bool, Sequence[Mapping[str, Any]]]:
    """Tracked writes: every row names its source (`src`), from the row or from `source`."""
    if source is not None:
        return True, [{**r, "src": source} for r in rows]
    return bool(rows) and "src" in rows[0], rows


class CypherWrites:
    """Batched upserts, retraction, counts and clearing over `write`/`query`: shared by adapters."""

    def write(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        raise NotImplementedError

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        raise NotImplementedError

    def _batches(self, rows: Sequence[Any], batch: int) -> Iterator[list[Any]]:
        return chunks(rows, batch)

    def upsert_nodes(
        self,
        label: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        batch: int = DEFAULT_BATCH,
        source: str | None = None,
    ) -> int:
        tracked, rows = _with_source(rows, source)
        q = node_upsert_cypher(label, tracked=tracked)
        for part in self._batches(rows, batch):
            self.write(q, {"rows": part})
        return len(rows)

    def upsert_relationships(
        self,
        rel_type: str,
        start_label: str,
        end_label: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        batch: int = DEFAULT_BATCH,
        source: str | None = None,
    ) -> int:
        """One relationship per (start, end). Tracked rows (with a source) replace that
        source's part of it and leave the other sources' parts as they are: a relationship no
        source asserted yet is created in one write; one that others assert too comes back
        from that write and is written again with every source's part."""
        tracked, rows = _with_source(rows, source)
        q = rel_upsert_cypher(rel_type, start_label, end_label, tracked=tracked)
        if not tracked:
            for part in self._batches(rows, batch):
                self.write(q, {"rows": part})
            return len(rows)
        facts: dict[tuple[str, str], dict[str, Mapping[str, Any]]] = {}
        for r in rows:
            facts.setdefault((r["start"], r["end"]), {})[r["src"]] = r.get("props") or {}
        appended: set[tuple[str, str]] = set()
        append = rel_append_cypher(rel_type, start_label, end_label)
        extra = [{"start": s, "end": e, **appendix(p)} for (s, e), p in facts.items()]
        for part in self._batches(extra, batch):
            appended.update((r["start"], r["end"]) for r in self.write(append, {"rows": part}))
        new = [
            {"start": s, "end": e, "props": combine(p)}
            for (s, e), p in facts.items()
            if (s, e) not in appended
        ]
        shared = []
        for part in self._batches(new, batch):
            for r in self.write(q, {"rows": part}):
                stored: dict[str, Mapping[str, Any]] = {
                    k: v for k, v in split(r["props"]).items() if k
                }
                stored.update(facts[(r["start"], r["end"])])
                shared.append({"start": r["start"], "end": r["end"], "props": combine(stored)})
        replace = rel_replace_cypher(rel_type, start_label, end_label)
        for part in self._batches(shared, batch):
            self.write(replace, {"rows": part})
        return len(rows)

    def set_links(
        self,
        rel_type: str,
        start_label: str,
        end_label: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        anchor_is_start: bool,
        batch: int = DEFAULT_BATCH,
    ) -> int:
        """Each row's anchor node gets exactly its listed links of this type (untracked)."""
        drop, put = set_links_cypher(rel_type, start_label, end_label, anchor_is_start)
        other = end_label if anchor_is_start else start_label
        for part in self._batches(rows, batch):
            dropped = [r["other"] for r in self.write(drop, {"rows": part})]
            self.write(put, {"rows": part})
            for keys in self._batches(dropped, batch):  # e.g. an author left without a work
                self.write(orphans_cypher(other), {"keys": keys})
        return len(rows)

    def retract(self, source: str, footprint: Mapping[str, Any] | None = None) -> None:
        """Take `source` out of the graph: relationships only it asserts go, those others
        assert too lose its part, nodes no source contributes any more go. With its footprint
        (`Contribution.footprint`: node keys and relationship ends) everything is found through
        the key indexes; without, by a scan of the graph (stores written before footprints)."""
        if footprint is None:
            shared = self.write(RETRACT_SHARED, {"src": source})
            self.write(RETRACT_OWN, {"src": source})
            self._rewrite_without(shared, {source})
            for q in RETRACT_NODES:
                self.write(q, {"src": source})
            return
        self.retract_many({source: footprint})

    def retract_many(self, footprints: Mapping[str, Mapping[str, Any]]) -> None:
        """Take several sources out at once, each with its footprint: a fact they share with
        others is read back and written again once for all of them, not once per source."""
        srcs = sorted(footprints)
        if not srcs:
            return
        rels: dict[tuple[str, str, str], set[tuple[str, str]]] = defaultdict(set)
        nodes: dict[str, set[str]] = defaultdict(set)
        for fp in footprints.values():
            for rtype, start_label, start, end_label, end in fp.get("rels", ()):
                rels[(rtype, start_label, end_label)].add((start, end))
            for label, keys in fp.get("nodes", {}).items():
                nodes[label].update(keys)
        shared: list[Row] = []
        for (rtype, start_label, end_label), ends in sorted(rels.items()):
            find, drop = retract_rels_cypher(rtype, start_label, end_label)
            rows = [{"start": a, "end": b} for a, b in sorted(ends)]
            for part in self._batches(rows, DEFAULT_BATCH):
                shared += self.write(find, {"srcs": srcs, "rows": part})
                self.write(drop, {"srcs": srcs, "rows": part})
        self._rewrite_without(shared, set(srcs))
        for label, keys in sorted(nodes.items()):
            for q in retract_nodes_cypher(label):
                for part in self._batches(sorted(keys), DEFAULT_BATCH):
                    self.write(q, {"srcs": srcs, "keys": part})
        for label in orphan_order(nodes):  # once their sources' relationships are gone
            for part in self._batches(sorted(nodes[label]), DEFAULT_BATCH):
                self.write(orphans_cypher(label), {"keys": part})

    def _rewrite_without(self, shared: list[Row], srcs: set[str]) -> None:
        """Relationships other sources assert too, written again without these sources' parts."""
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for r in shared:
            parts = {k: v for k, v in split(r["props"]).items() if k not in srcs}
            if not parts:  # unreachable: shared means another source is left
                continue
            row = {"start": r["start"], "end": r["end"], "props": combine(parts)}
            groups.setdefault((r["type"], r["start_labels"][0], r["end_labels"][0]), []).append(row)
        for (rtype, start, end), rows in sorted(groups.items()):
            q = rel_replace_cypher(rtype, start, end)
            for part in self._batches(rows, DEFAULT_BATCH):
                self.write(q, {"rows": part})

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
        for part, q, column in (("nodes", LABELS, "label"), ("relationships", TYPES, "type")):
            for name in sorted({str(r[column]) for r in self.query(q)}):
                n = int(self.query(count_query(name, part == "relationships"))[0]["n"])
                if n:
                    out[part][name] = n
        return out

    def clear(self) -> None:
        self.write("MATCH (n) DETACH DELETE n")
