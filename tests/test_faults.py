"""Faults the embedded store and the build meet, each with the outcome it must have: a hung
server is killed and restarted or reported within a bound, workers end with their build,
file faults are reported failures, a failed save is an error that keeps the previous graph,
and read-only queries cannot write. README "Faults and their outcomes" lists them."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from litgraph.ask.explain import cached_documents, explain_documents, explain_entity
from litgraph.errors import QueryError, StoreError
from litgraph.graph.schema import NodeIndex
from litgraph.pipeline import build
from litgraph.resolve.ledger import Ledger, ledger_path
from litgraph.store import is_write_query, open_store
from litgraph.store.embedded import EmbeddedStore
from litgraph.store.neo4j_store import Neo4jStore
from litgraph.store.server import DBFILE, LOCK, PIDFILE
from test_ledger import extra_paper, generate
from test_pipeline import clean_dump, dump, small_corpus
from test_store_embedded import _servers_for, _wait_gone

import pdf_fixtures as fx

LITGRAPH = Path(sys.executable).with_name("litgraph")
PROBE = 2.0  # the start-up probe bound the tests use (seconds)


def _pid_of_server(directory: Path) -> int | None:
    try:
        return int((directory / PIDFILE).read_text().strip())
    except (OSError, ValueError):
        return None


@contextlib.contextmanager
def stopping_servers(directory: Path, count: int) -> Iterator[list[int]]:
    """SIGSTOP the first `count` servers started for `directory` the moment each is started
    (long before a server loads its module and could answer)."""
    stopped: list[int] = []
    real = subprocess.Popen

    class Stopping(real):  # type: ignore[valid-type,misc]
        def __init__(self, args: Any, *rest: Any, **kw: Any) -> None:
            super().__init__(args, *rest, **kw)
            words = [str(a) for a in args] if isinstance(args, list | tuple) else [str(args)]
            server = words and "redis-server" in words[0] and str(directory) in " ".join(words)
            if server and len(stopped) < count:
                os.kill(self.pid, signal.SIGSTOP)
                stopped.append(self.pid)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(subprocess, "Popen", Stopping)
        yield stopped


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short bounds for the start-up probes and the query watchdog."""
    monkeypatch.setattr("litgraph.store.server.PROBE_TIMEOUT", PROBE, raising=False)
    monkeypatch.setattr("litgraph.store.embedded.HANG_AFTER", 2.0, raising=False)


T = TypeVar("T")


def within(seconds: float, directory: Path, fn: Callable[[], T]) -> T:
    """fn(), which must return or raise within `seconds`; if it does not, the test fails (and
    the servers of `directory` are killed so that it does not wait for ever)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # handed to the test thread
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        for pid in _servers_for(directory):
            os.kill(pid, signal.SIGKILL)
        t.join(60)
        pytest.fail(f"still waiting after {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")


# --- 1. a server that does not answer at start ----------------------------------------------


def test_server_stopped_at_start_is_killed_and_started_again(tmp_path: Path, quick: None) -> None:
    d = tmp_path / "s"
    t0 = time.monotonic()
    with stopping_servers(d, 1) as stopped:
        store = within(3 * PROBE + 10, d, lambda: EmbeddedStore(d))
    with store as s:
        took = time.monotonic() - t0
        assert getattr(s.server, "restarts", 0) == 1
        s.upsert_nodes("Work", [{"key": "w1", "props": {}}])
        assert s.query("MATCH (w:Work) RETURN w.key AS k") == [{"k": "w1"}]
        assert len(_servers_for(d)) == 1
    assert took < 3 * PROBE + 10
    assert stopped and not _alive(stopped[0])
    assert _wait_gone(d) == []


def test_server_that_never_answers_gives_one_line_error_and_leaves_nothing(
    tmp_path: Path, quick: None
) -> None:
    d = tmp_path / "s"
    with EmbeddedStore(d) as s:  # an existing store with data
        s.upsert_nodes("Work", [{"key": "kept", "props": {}}])
    saved = (d / DBFILE).read_bytes()
    t0 = time.monotonic()
    with stopping_servers(d, 99), pytest.raises(StoreError) as err:
        within(3 * PROBE + 15, d, lambda: EmbeddedStore(d))
    took = time.monotonic() - t0
    message = str(err.value)
    assert "did not answer in 3 starts" in message and "run the command again" in message
    assert "\n" not in message
    assert took < 3 * PROBE + 15
    assert _wait_gone(d) == []
    assert (d / DBFILE).read_bytes() == saved  # a restart never touches the data file
    with EmbeddedStore(d) as s:
        assert s.query("MATCH (w:Work) RETURN w.key AS k") == [{"k": "kept"}]


def test_existing_store_reopens_after_a_hung_start_with_its_data(
    tmp_path: Path, quick: None
) -> None:
    d = tmp_path / "s"
    with EmbeddedStore(d) as s:
        s.upsert_nodes("Work", [{"key": f"w{i}", "props": {}} for i in range(50)])
    with stopping_servers(d, 1):
        store = within(3 * PROBE + 10, d, lambda: EmbeddedStore(d))
    with store as s:
        assert getattr(s.server, "restarts", 0) == 1
        assert s.query("MATCH (w:Work) RETURN count(w) AS n") == [{"n": 50}]


def test_stop_of_a_hung_server_is_bounded_and_reports_the_unsaved_graph(
    tmp_path: Path, quick: None
) -> None:
    d = tmp_path / "s"
    s = EmbeddedStore(d)
    s.upsert_nodes("Work", [{"key": "unsaved", "props": {}}])
    pid = _pid_of_server(d)
    assert pid
    os.kill(pid, signal.SIGSTOP)
    t0 = time.monotonic()
    with pytest.raises(StoreError, match="could not save"):
        within(PROBE + 15, d, s.close)
    assert time.monotonic() - t0 < PROBE + 15
    assert _wait_gone(d) == []
    with EmbeddedStore(d, lock_wait=2) as again:  # the lock was released
        assert again.query("RETURN 1 AS one") == [{"one": 1}]


def test_store_opened_in_a_thread_that_ends_keeps_its_server(tmp_path: Path) -> None:
    d = tmp_path / "s"
    box: dict[str, EmbeddedStore] = {}
    opener = threading.Thread(target=lambda: box.update(store=EmbeddedStore(d)))
    opener.start()
    opener.join()
    time.sleep(0.5)  # a server tied to the opening thread would be gone by now
    with box["store"] as s:
        s.upsert_nodes("Work", [{"key": "w1", "props": {}}])
        assert s.query("MATCH (w:Work) RETURN w.key AS k") == [{"k": "w1"}]
    assert _wait_gone(d) == []


# --- 2. a server that hangs during a build ----------------------------------------------------


def test_server_hung_during_a_build_is_killed_and_the_build_names_what_to_redo(
    tmp_path: Path, quick: None
) -> None:
    folder = small_corpus(tmp_path / "papers")
    d = tmp_path / "s"
    store = EmbeddedStore(d)
    frozen: list[int] = []

    def freeze(stage: str, *_: object) -> None:
        if stage == "extract" and not frozen:
            pid = _pid_of_server(d)
            assert pid
            os.kill(pid, signal.SIGSTOP)
            frozen.append(pid)

    t0 = time.monotonic()
    with pytest.raises(StoreError) as err:
        within(60, d, lambda: build([str(folder)], store, on_progress=freeze))
    took = time.monotonic() - t0
    store.close()
    message = str(err.value)
    assert "stopped answering" in message and "run it again to redo" in message
    assert "redo its 5 new or changed sources" in message and "hood1991.md" in message
    assert took < 60
    assert frozen and not _alive(frozen[0])
    assert _wait_gone(d) == []
    with EmbeddedStore(d) as again:  # the next build completes the graph
        report = build([str(folder)], again)
        assert not report.failures and report.written == report.files + 1


# --- 3. workers end with their build; locks ----------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError):
            if int((proc / "stat").read_text().split(") ")[1].split()[1]) == pid:
                out.append(int(proc.name))
    return out


def test_sigkilled_build_leaves_no_worker_and_no_lock(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    for i in range(6):
        fx.enormous_page_pdf(folder / f"big{i}.pdf", megabytes=4)
    d = tmp_path / "s"
    build_proc = subprocess.Popen(
        [str(LITGRAPH), "--store", f"embedded:{d}", "build", str(folder), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [p for p in _children(build_proc.pid) if "redis-server" not in _cmd(p)]
        time.sleep(0.01)
    assert len(workers) == 2, "the build started no extraction workers"
    build_proc.kill()
    build_proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert left == [], "extraction workers outlived their build"
    assert _wait_gone(d) == []
    with EmbeddedStore(d, lock_wait=2) as s:  # the store is free at once
        assert s.query("RETURN 1 AS one") == [{"one": 1}]


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


LEFTOVER = "import fcntl, os, sys, time\nfd = os.open(sys.argv[1], os.O_RDWR)\n" + (
    "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(120)\n"
)


def test_lock_held_by_leftovers_of_a_dead_owner_is_taken_over_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = tmp_path / "s"
    with EmbeddedStore(d):
        pass
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (d / LOCK).write_text(f"{dead.pid} litgraph build papers")
    leftover = subprocess.Popen(
        [sys.executable, "-c", LEFTOVER, str(d / LOCK)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert leftover.stdout is not None and leftover.stdout.readline().strip() == "held"
        capsys.readouterr()
        t0 = time.monotonic()
        with EmbeddedStore(d, lock_wait=5) as s:
            assert s.query("RETURN 1 AS one") == [{"one": 1}]
        assert time.monotonic() - t0 < 5
        notes = capsys.readouterr().err.splitlines()
        assert any(f"pid {dead.pid}" in n and "taking the store over" in n for n in notes)
        assert leftover.wait(timeout=5) == -signal.SIGKILL
    finally:
        if leftover.poll() is None:
            leftover.kill()
            leftover.wait()


HOLD = (
    "import sys, time\nfrom litgraph.store.embedded import EmbeddedStore\n"
    "s = EmbeddedStore(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(8)\ns.close()\n"
)


def test_lock_wait_says_at_once_what_it_waits_for(tmp_path: Path) -> None:
    d = tmp_path / "s"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(d)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        waiting = subprocess.Popen(
            [str(LITGRAPH), "--store", f"embedded:{d}", "stats"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        assert waiting.stderr is not None
        t0 = time.monotonic()
        line = waiting.stderr.readline()
        assert time.monotonic() - t0 < 10  # at once, not when the 30 s wait runs out
        assert "waiting for" in line and f"pid {holder.pid}" in line, line
        waiting.kill()
        waiting.wait()
    finally:
        holder.kill()
        holder.wait()


# --- 4. file faults ---------------------------------------------------------------------------


def _without_read_override() -> None:
    """In the child, before exec: root loses the capabilities to read what it may not
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so file permissions apply to it too."""
    import ctypes

    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    for cap in (1, 2):
        libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP


def _build_json(folder: Path, store: Path, *extra: str, as_user: bool = False) -> dict:
    root = as_user and os.getuid() == 0
    res = subprocess.run(
        [str(LITGRAPH), "--json", "--store", f"embedded:{store}", "build", str(folder), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_without_read_override if root else None,
    )
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    data: dict = json.loads(res.stdout)
    return data


def test_links_loops_and_pipes_are_reported_failures_and_the_rest_is_built(
    tmp_path: Path,
) -> None:
    folder = small_corpus(tmp_path / "papers")
    (folder / "loop-a.pdf").symlink_to(folder / "loop-b.pdf")
    (folder / "loop-b.pdf").symlink_to(folder / "loop-a.pdf")
    (folder / "gone.pdf").symlink_to(folder / "never-there.pdf")
    os.mkfifo(folder / "x.pdf")
    for jobs in ("1", "2"):
        r = _build_json(folder, tmp_path / f"s{jobs}", "--jobs", jobs)
        failed = {Path(f["path"]).name: f["error"] for f in r["failures"]}
        assert set(failed) == {"loop-a.pdf", "loop-b.pdf", "gone.pdf", "x.pdf"}, failed
        assert "loop" in failed["loop-a.pdf"] and "missing" in failed["gone.pdf"]
        assert "not a regular file" in failed["x.pdf"]
        assert r["extracted"] == 5


def test_unreadable_files_and_folders_are_reported(tmp_path: Path) -> None:
    folder = small_corpus(tmp_path / "papers")
    try:
        shutil.copy(folder / "hood1991.md", folder / "secret.md")
        (folder / "secret.md").chmod(0o000)
        (folder / "closed").mkdir()
        shutil.copy(folder / "moore1995.md", folder / "closed" / "inside.md")
        (folder / "closed").chmod(0o000)
        r = _build_json(folder, tmp_path / "store", as_user=True)
        failed = {Path(f["path"]).name: f["error"] for f in r["failures"]}
        assert "permission denied" in failed["secret.md"].lower()
        assert "folder cannot be read" in failed["closed"]
        assert r["extracted"] == 5
    finally:
        for p in (folder / "secret.md", folder / "closed"):
            p.chmod(0o755)


def test_a_file_over_the_time_bound_is_a_failure_and_the_rest_is_built(
    tmp_path: Path, embedded_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = small_corpus(tmp_path / "papers")
    fx.enormous_page_pdf(folder / "enormous.pdf", megabytes=16)
    monkeypatch.setattr("litgraph.pipeline.extraction.FILE_SECONDS", 3.0)
    r = build([str(folder)], embedded_store, jobs=2)
    assert [(Path(p).name, "per-file bound" in e) for p, e in r.failures] == [
        ("enormous.pdf", True)
    ]
    assert r.extracted == 5


def test_a_file_over_the_memory_bound_is_a_failure_and_the_rest_is_built(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = small_corpus(tmp_path / "papers")
    fx.enormous_page_pdf(folder / "enormous.pdf", megabytes=256)
    r = build([str(folder)], embedded_store, jobs=2, file_seconds=0, file_memory=600 << 20)
    assert [(Path(p).name, "memory" in e) for p, e in r.failures] == [("enormous.pdf", True)]
    assert r.extracted == 5


# --- 5. no silent loss -------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(where: Path, size: str = "512k") -> Iterator[Path]:
    where.mkdir()
    res = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if res.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


BIG_WRITE = (  # about 4 MB on disk: random numbers do not compress
    "UNWIND range(1, 40000) AS i "
    "CREATE (:Filler {i: i, text: $text + toString(rand()) + toString(rand())})"
)


def test_full_disk_at_save_is_an_error_and_the_previous_graph_is_kept(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        d = disk / "s"
        with EmbeddedStore(d) as s:
            s.ensure_schema([NodeIndex("Work")])
            s.upsert_nodes("Work", [{"key": "before", "props": {}}])
        saved = (d / DBFILE).read_bytes()
        s = EmbeddedStore(d)
        s.write(BIG_WRITE, {"text": "x" * 100})
        with pytest.raises(StoreError, match=r"could not save the graph .*previously saved"):
            s.close()
        assert (d / DBFILE).read_bytes() == saved
        assert _wait_gone(d) == []
        with EmbeddedStore(d) as again:
            assert again.query("MATCH (w:Work) RETURN w.key AS k") == [{"k": "before"}]
            assert again.query("MATCH (f:Filler) RETURN count(f) AS n") == [{"n": 0}]


def test_full_disk_makes_the_command_fail(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        with EmbeddedStore(disk / "s") as s:  # a graph to write to (a missing one is an error)
            s.upsert_nodes("Work", [{"key": "before", "props": {}}])
        res = subprocess.run(
            [str(LITGRAPH), "--store", f"embedded:{disk / 's'}", "cypher", "--write",
             BIG_WRITE, "-p", "text=" + "x" * 100],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert res.returncode != 0
        assert "could not save the graph" in res.stderr and "Traceback" not in res.stderr


def test_read_only_store_folder_at_save_is_an_error(tmp_path: Path) -> None:
    d = tmp_path / "s"
    with EmbeddedStore(d) as s:
        s.upsert_nodes("Work", [{"key": "before", "props": {}}])
    saved = (d / DBFILE).read_bytes()
    s = EmbeddedStore(d)
    s.upsert_nodes("Work", [{"key": "after", "props": {}}])
    if subprocess.run(["chattr", "+i", str(d)], capture_output=True).returncode != 0:
        s.close()
        pytest.skip("chattr +i is not available here")
    try:
        with pytest.raises(StoreError, match="could not save the graph"):
            s.close()
    finally:
        subprocess.run(["chattr", "-i", str(d)], check=True)
    assert (d / DBFILE).read_bytes() == saved
    assert _wait_gone(d) == []


def test_an_existing_folder_that_is_not_a_store_is_refused_untouched(tmp_path: Path) -> None:
    d = tmp_path / "documents"
    d.mkdir(mode=0o755)
    d.chmod(0o755)
    (d / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not a litgraph store"):
        open_store(f"embedded:{d}")
    assert oct(d.stat().st_mode & 0o777) == "0o755"
    assert sorted(p.name for p in d.iterdir()) == ["notes.txt"]


def test_an_existing_empty_folder_is_used_without_changing_its_permissions(
    tmp_path: Path,
) -> None:
    d = tmp_path / "empty"
    d.mkdir()
    d.chmod(0o750)
    with open_store(f"embedded:{d}") as s:
        assert s.query("RETURN 1 AS one") == [{"one": 1}]
    assert oct(d.stat().st_mode & 0o777) == "0o750"


# --- 6. read-only means read-only ----------------------------------------------------------------

HIDDEN_WRITES = [
    "MATCH (n) WITH '//' AS s CREATE (:Intruder) RETURN 1",
    'WITH "a // b" AS s CREATE (:Intruder) RETURN 1',
    "WITH 'it''s' AS s /* ' */ CREATE (:Intruder) RETURN 1",
]


@pytest.mark.parametrize("cypher", HIDDEN_WRITES)
def test_a_comment_marker_inside_a_string_does_not_hide_a_write(cypher: str) -> None:
    assert is_write_query(cypher)


def test_strings_and_comments_naming_clauses_are_reads() -> None:
    assert not is_write_query("RETURN 'CREATE (n)' AS text // DELETE everything")
    assert not is_write_query("MATCH (n:`SET`) /* MERGE */ RETURN n")


@pytest.mark.parametrize("kind", ["embedded", "bolt"])
def test_read_only_query_with_slashes_in_a_string_cannot_write(
    kind: str, request: pytest.FixtureRequest
) -> None:
    store: EmbeddedStore | Neo4jStore = request.getfixturevalue(f"{kind}_store")
    with pytest.raises(QueryError, match="--write"):
        store.query(HIDDEN_WRITES[0])
    assert store.query("MATCH (n:Intruder) RETURN count(n) AS n") == [{"n": 0}]


def test_cypher_command_refuses_the_hidden_write(tmp_path: Path) -> None:
    d = tmp_path / "s"
    with EmbeddedStore(d) as s:  # an existing graph (a missing one is refused anyway)
        s.upsert_nodes("Work", [{"key": "before", "props": {}}])
    res = subprocess.run(
        [str(LITGRAPH), "--store", f"embedded:{d}", "cypher", HIDDEN_WRITES[0]],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert res.returncode != 0 and "--write" in res.stderr and "Traceback" not in res.stderr
    with EmbeddedStore(d) as s:
        assert s.query("MATCH (n:Intruder) RETURN count(n) AS n") == [{"n": 0}]


# --- the resolution ledger lost, out of step or not writable --------------------------------


def test_a_lost_or_stale_ledger_resolves_the_whole_library(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = tmp_path / "papers"
    generate(folder, 12, seed=2, refs=8)
    build([str(folder)], embedded_store)
    path = ledger_path(embedded_store)
    assert path.is_file()
    # a ledger from another state of the graph (its token no longer the store's)
    ledger = Ledger(path)
    ledger.commit("another")
    ledger.close()
    extra_paper(folder / "aaaa-first.md", 12, seed=2)
    r = build([str(folder)], embedded_store)
    assert r.regrouped is None
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "clean1")
    # no ledger at all
    path.unlink()
    (folder / "aaaa-first.md").unlink()
    r = build([str(folder)], embedded_store)
    assert r.regrouped is None and r.retracted == 1
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "clean2")
    # the ledger written by that build is trusted by the next
    extra_paper(folder / "aaaa-first.md", 12, seed=2, variant=1)
    r = build([str(folder)], embedded_store)
    assert r.regrouped is not None
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "clean3")


def test_a_ledger_that_cannot_be_written_is_a_warning_not_a_failure(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = tmp_path / "papers"
    generate(folder, 10, seed=4, refs=8)
    build([str(folder)], embedded_store)
    path = ledger_path(embedded_store)
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    path.mkdir()  # a folder where the file should be: SQLite cannot open it
    extra_paper(folder / "aaaa-first.md", 10, seed=4)
    r = build([str(folder)], embedded_store)
    assert r.failures == [] and r.regrouped is None
    assert any("resolution ledger cannot be used" in w for _, w in r.warnings)
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "clean")
    docs = cached_documents(embedded_store)
    name = "Emsley 1980"
    assert explain_entity(embedded_store, name, None) == explain_documents(docs, name, None)
