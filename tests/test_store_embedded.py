"""The embedded store's process life: persistence, locking, crashes, signals, no orphans."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from litgraph.errors import QueryError, StoreLockedError
from litgraph.graph.schema import NodeIndex
from litgraph.store import open_store
from litgraph.store.embedded import EmbeddedStore, _plain
from litgraph.store.server import PIDFILE, SOCKET


def _servers_for(directory: Path) -> list[int]:
    """pids of redis-server processes serving this store directory."""
    out = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "redis-server" in cmd and str(directory) in cmd:
            out.append(int(proc.name))
    return out


def _wait_gone(directory: Path, seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = _servers_for(directory)
        if not left:
            return []
        time.sleep(0.05)
    return _servers_for(directory)


HOLDER = textwrap.dedent(
    """
    import signal, sys, time
    # Ctrl-C interrupts it as it does a command in a terminal, even when the tests run in a
    # background job (which starts with SIGINT ignored, and children inherit that)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from litgraph.store.embedded import EmbeddedStore
    from litgraph.graph.schema import NodeIndex
    s = EmbeddedStore(sys.argv[1])
    s.ensure_schema([NodeIndex("Work")])
    s.upsert_nodes("Work", [{"key": sys.argv[2], "props": {}}])
    print("ready", flush=True)
    time.sleep(float(sys.argv[3]))
    s.close()
    print("closed", flush=True)
    """
)


def _holder(directory: Path, key: str, hold: float) -> subprocess.Popen[str]:
    p = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(directory), key, str(hold)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert p.stdout is not None
    assert p.stdout.readline().strip() == "ready"
    return p


def test_persists_across_close_and_reopen(tmp_path: Path) -> None:
    d = tmp_path / "s"
    with EmbeddedStore(d) as s:
        s.ensure_schema([NodeIndex("Work")])
        s.upsert_nodes("Work", [{"key": "w1", "props": {"title": "Löffler's “quotes”"}}])
    assert not (d / SOCKET).exists() and not (d / PIDFILE).exists()
    assert _wait_gone(d) == []
    with open_store(f"embedded:{d}") as s:
        assert s.query("MATCH (w:Work) RETURN w.title AS t") == [{"t": "Löffler's “quotes”"}]


def test_socket_is_private_and_no_tcp_port(embedded_store: EmbeddedStore) -> None:
    sock = Path(embedded_store.server.socket_path)
    assert stat.S_IMODE(sock.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(embedded_store.directory.stat().st_mode) == 0o700
    import redis

    client = redis.Redis(unix_socket_path=str(sock))
    assert client.config_get("port") == {"port": "0"}
    assert client.config_get("unixsocketperm") == {"unixsocketperm": "700"}
    modules = client.execute_command("MODULE", "LIST")
    assert b"BOLT" not in repr(modules).encode()


def test_second_process_waits_for_the_lock_then_succeeds(tmp_path: Path) -> None:
    d = tmp_path / "s"
    holder = _holder(d, "from-holder", hold=1.5)
    t0 = time.monotonic()
    with EmbeddedStore(d, lock_wait=30) as s:
        waited = time.monotonic() - t0
        s.upsert_nodes("Work", [{"key": "from-second", "props": {}}])
        keys = {r["k"] for r in s.query("MATCH (w:Work) RETURN w.key AS k")}
    holder.wait(timeout=30)
    assert waited > 0.5  # it really waited for the holder to finish
    assert keys == {"from-holder", "from-second"}  # nothing lost


def test_second_process_fails_clearly_when_lock_wait_runs_out(tmp_path: Path) -> None:
    d = tmp_path / "s"
    holder = _holder(d, "held", hold=5)
    try:
        with pytest.raises(
            StoreLockedError, match=r"in use by another litgraph process \(pid \d+\)"
        ):
            EmbeddedStore(d, lock_wait=0.3)
    finally:
        holder.terminate()
        holder.wait(timeout=30)
    with EmbeddedStore(d) as s:  # the holder's data is intact
        assert s.query("MATCH (w:Work) RETURN w.key AS k") == [{"k": "held"}]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_killed_owner_leaves_no_server_and_next_open_recovers(tmp_path: Path, sig: int) -> None:
    d = tmp_path / "s"
    holder = _holder(d, "before-kill", hold=60)
    assert len(_servers_for(d)) == 1
    os.kill(holder.pid, sig)
    holder.wait(timeout=30)
    assert _wait_gone(d) == [], "the redis-server outlived its litgraph process"
    with EmbeddedStore(d, lock_wait=5) as s:
        assert s.query("MATCH (w:Work) RETURN w.key AS k") == [{"k": "before-kill"}]


def test_stale_pid_and_socket_files_are_cleaned(tmp_path: Path) -> None:
    d = tmp_path / "s"
    d.mkdir()
    (d / PIDFILE).write_text("999999")
    (d / SOCKET).write_text("")
    with EmbeddedStore(d) as s:
        assert s.query("RETURN 1 AS one") == [{"one": 1}]


def test_deep_store_directory_gets_a_short_socket(tmp_path: Path) -> None:
    d = tmp_path / ("deep-" * 12) / "store"
    with EmbeddedStore(d) as s:
        assert len(s.server.socket_path) < 100
        s.upsert_nodes("Work", [{"key": "k", "props": {}}])
    with EmbeddedStore(d) as s:
        assert s.counts()["nodes"] == {"Work": 1}


def test_replies_read_directly_equal_the_clients_own_reading(
    embedded_store: EmbeddedStore,
) -> None:
    """The store reads compact replies itself; every kind of value comes back as the FalkorDB
    client would parse it (made plain), the types kept (True not 'true', 0.1 not '0.1')."""
    s = embedded_store
    s.write(
        "CREATE (:Work {key: 'w1', year: 1996, title: 'Löffler “q”', score: 0.1, on: true, "
        "tags: ['a', 'b']})-[:CITES {count: 2, pages: [1, 2]}]->(:Work {key: 'w2'})"
    )
    cypher = (
        "MATCH p = (a:Work {key: 'w1'})-[c:CITES]->(b:Work) RETURN null AS nothing, "
        "a.title AS s, a.year AS i, -7 AS neg, a.score AS d, 1e300 AS big, a.on AS t, "
        "false AS f, a.tags AS l, [1, 'x', [2.5, null, true], {k: 'v'}] AS nested, "
        "{n: 1, m: {deep: [a.key, b.key]}, e: []} AS map, a AS node, c AS edge, p AS path, "
        "point({latitude: 1.5, longitude: 2.5}) AS pt, [] AS empty"
    )
    rows = s.query(cypher)
    res = s._graph.ro_query(cypher)
    names = [h[1] for h in res.header]
    assert rows == [{n: _plain(v) for n, v in zip(names, row)} for row in res.result_set]
    row = rows[0]
    assert row["nothing"] is None and row["s"] == "Löffler “q”" and row["i"] == 1996
    assert row["d"] == 0.1 and row["big"] == 1e300 and row["t"] is True and row["f"] is False
    assert row["nested"] == [1, "x", [2.5, None, True], {"k": "v"}]
    assert row["map"] == {"n": 1, "m": {"deep": ["w1", "w2"]}, "e": []}
    assert row["node"]["_labels"] == ["Work"] and row["edge"]["_type"] == "CITES"
    assert [n["key"] for n in row["path"]["nodes"]] == ["w1", "w2"]


def test_an_error_met_while_rows_stream_is_a_clear_query_error(
    embedded_store: EmbeddedStore,
) -> None:
    with pytest.raises(QueryError, match="rejected the query: Division by zero"):
        embedded_store.query("UNWIND range(1, 10) AS x RETURN x / (x - 5) AS y")
