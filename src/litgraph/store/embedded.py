"""Embedded store: FalkorDB run by litgraph itself for a store directory."""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import QueryError, StoreError
from .base import (
    DEFAULT_READ_TIMEOUT,
    DEFAULT_WRITE_TIMEOUT,
    CypherWrites,
    NodeIndex,
    Row,
    ident,
)
from .server import GRAPH, EmbeddedServer, Notify, stderr_notice

HANG_AFTER = 60.0  # seconds without an answer to PING during a query: the server is hung


class Watchdog:
    """While a query runs for more than a second, PING the server on a side connection every
    second; a server that does not answer for `hang_after` seconds is declared hung and
    killed, which ends the query waiting on it with an error instead of a wait without end.
    (FalkorDB runs queries on worker threads: a busy server still answers PING.)"""

    PERIOD = 1.0

    def __init__(self, server: EmbeddedServer, hang_after: float) -> None:
        self.server = server
        self.hang_after = hang_after
        self.fired = False
        self._busy = 0
        self._since = 0.0
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Watchdog:
        with self._lock:
            if not self._busy:
                self._since = time.monotonic()
            self._busy += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, daemon=True)
                self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._busy -= 1

    def _running_long(self) -> bool:
        with self._lock:
            return bool(self._busy) and time.monotonic() - self._since >= self.PERIOD

    def _watch(self) -> None:
        while not self._closed.wait(self.PERIOD):
            hung = (
                self._running_long()
                and not self.server.ping(timeout=self.hang_after)
                and self._running_long()  # the query did not end meanwhile
                and not self._closed.is_set()
            )
            if hung:
                self.fired = True
                self.server.kill()  # ends the waiting query: its connection closes
                return

    def close(self) -> None:
        self._closed.set()


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """FalkorDB result values -> plain Python (nodes and edges become property dicts).

    Scalars, the bulk of a large answer (lists of keys), pass through without a call each."""
    if type(value) in _SCALARS:
        return value
    if type(value) is list:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as FPath

    if isinstance(value, Node):
        return {"_labels": list(value.labels or []), **dict(value.properties)}
    if isinstance(value, Edge):
        return {"_type": value.relation, **dict(value.properties)}
    if isinstance(value, FPath):
        return {
            "nodes": [_plain(n) for n in value.nodes()],
            "edges": [_plain(e) for e in value.edges()],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _string(value: Any) -> str:
    """A FalkorDB string (the client's rule: bytes decoded, anything else made a str)."""
    if type(value) is str:
        return value
    return value.decode() if isinstance(value, bytes) else str(value)


def _value(cell: Any, graph: Any) -> Any:
    """One value of a compact FalkorDB reply, `[type, value]`, as the plain value `_plain`
    makes of what the client parses (the same rules), read directly: nulls, strings, numbers,
    booleans, lists and maps, the bulk of every answer, need no object in between. Nodes,
    edges, paths, points and the rest are parsed by the client."""
    kind, v = cell
    if kind == 2:  # string
        return v if type(v) is str else _string(v)
    if kind == 3:  # integer
        return int(v)
    if kind == 1:  # null
        return None
    if kind == 6:  # array: its strings (keys, mostly) and integers without a call each
        return [
            x[1] if (x[0] == 2 and type(x[1]) is str) or (x[0] == 3 and type(x[1]) is int)
            else _value(x, graph)
            for x in v
        ]  # fmt: skip
    if kind == 5:  # double
        return float(v)
    if kind == 4:  # boolean
        return _string(v) == "true"
    if kind == 10:  # map: key, value, key, value, ...
        return {_string(v[i]): _value(v[i + 1], graph) for i in range(0, len(v), 2)}
    from falkordb.query_result import parse_scalar

    return _plain(parse_scalar(cell, graph))


def _names(header: list[Any]) -> list[str]:
    """The column names (a compact header holds [type, name] pairs)."""
    return [_string(h[1] if isinstance(h, list | tuple) else h) for h in header]


def _parsed_rows(header: list[Any], records: list[Any]) -> list[Row]:
    """Rows the FalkorDB client parsed, as dicts of plain values by column name."""
    if not header:
        return []
    names = _names(header)
    return [dict(zip(names, [_plain(v) for v in row])) for row in records]


def _compact_rows(header: list[Any], records: list[Any], graph: Any) -> list[Row]:
    """Rows of a compact reply, as dicts of plain values by column name."""
    if not header:
        return []
    names = _names(header)
    out = []
    for row in records:
        values = [c[1] if c[0] == 2 and type(c[1]) is str else _value(c, graph) for c in row]
        out.append(dict(zip(names, values)))
    return out


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


class EmbeddedStore(CypherWrites):
    """GraphStore over an embedded FalkorDB server (unix socket, one directory)."""

    dialect = "falkordb"

    def __init__(
        self,
        directory: str | Path,
        *,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        write_timeout: float = DEFAULT_WRITE_TIMEOUT,
        lock_wait: float = 30.0,
        bolt_port: int | None = None,
        probe_timeout: float | None = None,
        hang_after: float | None = None,
        notify: Notify | None = stderr_notice,
    ) -> None:
        import falkordb
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        from . import server as _server

        # bounds not given are read now, so that they can be set for a whole process
        probe_timeout = probe_timeout or _server.PROBE_TIMEOUT
        hang_after = hang_after or HANG_AFTER

        self.directory = Path(directory).expanduser().resolve()
        self.url = f"embedded:{self.directory}"
        self.read_timeout = read_timeout
        self.write_timeout = write_timeout
        self.server = EmbeddedServer(
            self.directory,
            lock_wait=lock_wait,
            bolt_port=bolt_port,
            probe_timeout=probe_timeout,
            notify=notify,
        )
        self.server.start()  # bounded; the graph exists once it returns
        self._socket_timeout = max(read_timeout, write_timeout) + 30
        try:
            self._db = falkordb.FalkorDB(  # no retries: one timeout is one error, not several
                unix_socket_path=self.server.socket_path,
                socket_timeout=self._socket_timeout,
                socket_connect_timeout=probe_timeout,
                retry=Retry(NoBackoff(), 0),
            )
            self._graph = self._db.select_graph(GRAPH)
        except BaseException:
            self.server.stop(save=False)
            raise
        atexit.register(self.close)
        self._watchdog = Watchdog(self.server, hang_after)
        self._closed = False

    # -- queries ----------------------------------------------------------------------------
    def _run(
        self, cypher: str, params: Mapping[str, Any] | None, timeout: float, ro: bool
    ) -> list[Row]:
        import redis

        if self._closed:
            raise StoreError("the store is closed")
        try:
            with self._watchdog:
                return self._send(cypher, dict(params or {}), _ms(timeout), ro)
        except redis.exceptions.ResponseError as e:
            msg = str(e)
            if "timed out" in msg.lower():
                raise QueryError(f"the query took longer than {timeout:g} s and was stopped") from e
            if "read-only" in msg:
                raise QueryError(
                    "this query would change the graph; run it with --write if that is intended"
                ) from e
            raise QueryError(f"the graph store rejected the query: {msg}") from e
        except (redis.exceptions.TimeoutError, redis.exceptions.ConnectionError) as e:
            if self._watchdog.fired:
                raise StoreError(
                    f"the embedded graph server stopped answering for "
                    f"{self._watchdog.hang_after:g} s and was stopped (the graph keeps what was "
                    "last saved); run the command again"
                ) from e
            if isinstance(e, redis.exceptions.ConnectionError):
                raise StoreError(
                    f"lost the connection to the embedded graph server: {self.server.log_tail()}"
                ) from e
            raise StoreError(
                f"the embedded graph server did not answer within {self._socket_timeout:g} s; "
                f"stop litgraph and run the command again: {self.server.log_tail()}"
            ) from e

    def _send(self, cypher: str, params: dict[str, Any], ms: int, ro: bool) -> list[Row]:
        """The query sent as the FalkorDB client sends it (compact reply) and its reply read
        here (`_value`): the client's parser makes an object of every value, which for an
        answer of a hundred thousand values costs more than the query. A reply holding an
        error, or a client without the parameter header, goes through the client as is."""
        from falkordb.query_result import QueryResult

        graph = self._graph
        header = getattr(graph, "_build_params_header", None)
        if header is None:
            res = (graph.ro_query if ro else graph.query)(cypher, params, timeout=ms)
            return _parsed_rows(res.header, res.result_set)
        command = "GRAPH.RO_QUERY" if ro else "GRAPH.QUERY"
        reply = graph.execute_command(
            command, graph.name, header(params) + cypher, "--compact", "timeout", ms
        )
        if (
            isinstance(reply, list)
            and len(reply) == 3
            and not any(isinstance(part, Exception) for part in reply)
        ):
            return _compact_rows(reply[0], reply[1], graph)
        res = QueryResult(graph, reply)  # raises the reply's error, as the client does
        return _parsed_rows(res.header, res.result_set)

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        return self._run(cypher, params, timeout or self.read_timeout, ro=True)

    def write(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        return self._run(cypher, params, timeout or self.write_timeout, ro=False)

    # -- schema and batches -----------------------------------------------------------------
    def ensure_schema(self, indexes: Iterable[NodeIndex]) -> None:
        existing = self._indexed()
        for ix in indexes:
            if (ix.label, ix.key) in existing:
                continue
            # GRAPH.CONSTRAINT needs an index first; the range index alone makes MERGE fast.
            self.write(f"CREATE INDEX FOR (n:{ident(ix.label)}) ON (n.{ident(ix.key)})")

    def _indexed(self) -> set[tuple[str, str]]:
        rows = self._run("CALL db.indexes()", None, self.read_timeout, ro=True)
        out: set[tuple[str, str]] = set()
        for r in rows:
            vals = list(r.values())
            label, props = vals[0], vals[1]
            for p in props or []:
                out.add((str(label), str(p)))
        return out

    def info(self) -> dict[str, str]:
        from .server import command, info_fields

        reply = command(self.server.socket_path, "INFO", "server", timeout=self.read_timeout)
        info = info_fields(reply)
        return {
            "store": self.url,
            "backend": "FalkorDB (embedded)",
            "server": f"redis {info.get('redis_version', '?')}",
            "socket": self.server.socket_path,
        }

    def close(self, *, save: bool = True) -> None:
        """Save the graph (unless told not to) and stop the server."""
        if getattr(self, "_closed", True):
            return
        self._closed = True
        atexit.unregister(self.close)
        self._watchdog.close()
        try:
            self._db.connection.close()
        finally:
            self.server.stop(save=save and not self._watchdog.fired)

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
