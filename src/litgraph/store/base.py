"""The one protocol every graph store implements, plus the Cypher both dialects share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from ..errors import QueryError
from ..graph.schema import NodeIndex

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
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)


def ident(name: str) -> str:
    """Validate a label, relationship type or property name before it enters a query."""
    if not _IDENT.match(name):
        raise QueryError(f"not a valid Cypher identifier: {name!r}")
    return name


def is_write_query(cypher: str) -> bool:
    """True when the query (comments and string literals ignored) would change the graph."""
    bare = _STRINGS.sub("''", _COMMENTS.sub(" ", cypher))
    return bool(_WRITE_WORDS.search(bare) or _WRITE_PROCS.search(bare))


def chunks(rows: Sequence[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
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
    """MATCH both ends by key, MERGE the relationship, set its properties.

    Rows: {start, end, props}.

    Tracked: one relationship per source, merged on its `src` property.
    """
    k = ident(key)
    src = " {src: r.src}" if tracked else ""
    return (
        f"UNWIND $rows AS r MATCH (a:{ident(start_label)} {{{k}: r.start}}) "
        f"MATCH (b:{ident(end_label)} {{{k}: r.end}}) "
        f"MERGE (a)-[x:{ident(rel_type)}{src}]->(b) SET x += r.props RETURN count(x) AS n"
    )


# Retracting a source: its relationships go, it leaves every node's srcs list, and nodes no
# source contributes any more go (with any relationship still attached to them).
RETRACT = (
    "MATCH ()-[x]->() WHERE x.src = $src DELETE x",
    "MATCH (n) WHERE $src IN n.srcs SET n.srcs = [s IN n.srcs WHERE s <> $src]",
    "MATCH (n) WHERE n.srcs IS NOT NULL AND size(n.srcs) = 0 DETACH DELETE n",
)


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

    def retract(self, source: str) -> None: ...

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


COUNT_LABELS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
COUNT_RELS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"


def counts_from_rows(labels: list[Row], rels: list[Row]) -> dict[str, dict[str, int]]:
    return {
        "nodes": {str(r["label"]): int(r["n"]) for r in labels},
        "relationships": {str(r["type"]): int(r["n"]) for r in rels},
    }


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

    def _batches(
        self, rows: Sequence[Mapping[str, Any]], batch: int
    ) -> Iterator[list[Mapping[str, Any]]]:
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
        tracked, rows = _with_source(rows, source)
        q = rel_upsert_cypher(rel_type, start_label, end_label, tracked=tracked)
        for part in self._batches(rows, batch):
            self.write(q, {"rows": part})
        return len(rows)

    def retract(self, source: str) -> None:
        for q in RETRACT:
            self.write(q, {"src": source})

    def counts(self) -> dict[str, dict[str, int]]:
        return counts_from_rows(self.query(COUNT_LABELS), self.query(COUNT_RELS))

    def clear(self) -> None:
        self.write("MATCH (n) DETACH DELETE n")
