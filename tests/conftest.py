"""Shared fixtures: real stores (embedded FalkorDB, neo4j driver over FalkorDB's Bolt, and a
real Neo4j when LITGRAPH_TEST_NEO4J_URI is set), and the paths of ../shared test material."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from litgraph.config import PDF_ENGINES
from litgraph.store.embedded import EmbeddedStore
from litgraph.store.neo4j_store import Neo4jStore

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DEVSET = SHARED / "devset"


def free_port() -> int:
    """A free TCP port below 32768: FalkorDB's BOLT_PORT silently fails to listen above that."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port found for the Bolt test server")


@pytest.fixture(params=PDF_ENGINES)
def pdf_engine(request: pytest.FixtureRequest) -> str:
    """Each PDF engine in turn: tests that read PDFs run on both."""
    return str(request.param)


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path / "store") as s:
        yield s


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedStore, str]]:
    """A FalkorDB with its Bolt endpoint on a free port: for testing the Neo4j adapter only."""
    port = free_port()
    store = EmbeddedStore(tmp_path_factory.mktemp("bolt") / "store", bolt_port=port)
    try:
        yield store, f"bolt://127.0.0.1:{port}"
    finally:
        # a throwaway store: not saved (FalkorDB 4.16's Bolt endpoint may leave the server
        # slow to answer on its unix socket for a while after a Bolt client disconnects)
        store.close(save=False)


@pytest.fixture(scope="session")
def _bolt_client(bolt_server: tuple[EmbeddedStore, str]) -> Iterator[Neo4jStore]:
    with Neo4jStore(bolt_server[1], user="", password="") as s:
        yield s


@pytest.fixture
def bolt_store(_bolt_client: Neo4jStore) -> Iterator[Neo4jStore]:
    """The Neo4j adapter (official driver) over FalkorDB's Bolt endpoint, emptied per test."""
    _bolt_client.clear()
    yield _bolt_client
    _bolt_client.clear()


@pytest.fixture
def neo4j_store() -> Iterator[Neo4jStore]:
    url = os.environ.get("LITGRAPH_TEST_NEO4J_URI")
    if not url:
        pytest.skip("set LITGRAPH_TEST_NEO4J_URI to run the contract suite against a real Neo4j")
    with Neo4jStore(url) as s:
        s.clear()
        yield s
        s.clear()


STORE_KINDS = ["embedded", "bolt", "neo4j"]


@pytest.fixture(params=STORE_KINDS)
def any_store(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The same test against every store kind (real Neo4j only when configured)."""
    return request.getfixturevalue(f"{request.param}_store")


# --- the demo corpus and the seeds, built once per test module that asks ---------------------


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The shipped demo corpus, built into a fresh embedded store."""
    from litgraph.pipeline import build

    with EmbeddedStore(tmp_path_factory.mktemp("corpus") / "store") as s:
        report = build([str(REPO / "corpus")], s, jobs=1)
        assert not report.failures, report.failures
        yield s


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The five seed texts of ../shared/seeds (skipped when they are not there)."""
    from litgraph.pipeline import build

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    with EmbeddedStore(tmp_path_factory.mktemp("seeds") / "store") as s:
        build([str(SEEDS)], s, jobs=1)
        yield s


# --- no process outlives the session -------------------------------------------------------------


def _leftovers(basetemp: str) -> list[tuple[int, str]]:
    """Processes this session started that still run: any whose command line names the
    session's temporary folder (embedded servers, CLI runs and their workers), and children
    of this pytest process. Other people's processes never match."""
    me = os.getpid()
    out = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == me:
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state, ppid = (proc / "stat").read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, ValueError):
            continue
        if state == "Z" or "multiprocessing.resource_tracker" in cmd:
            continue  # the tracker multiprocessing keeps until this interpreter exits
        if f"{basetemp}/" in cmd or int(ppid) == me:  # pytest-28/ must not match pytest-283/
            out.append((int(proc.name), cmd.strip()))
    return out


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or getattr(factory, "_basetemp", None) is None:
        return
    basetemp = str(factory.getbasetemp()).rstrip("/")
    deadline = time.monotonic() + 5  # a server stopping as the last test ends
    left = _leftovers(basetemp)
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = _leftovers(basetemp)
    if not left:
        return
    for pid, _cmd in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"  pid {pid}: {cmd[:160]}" for pid, cmd in left]
    if reporter is not None:
        reporter.write_line("processes left running by the tests (now killed):", red=True)
        for line in lines:
            reporter.write_line(line, red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
