"""Start N fresh embedded stores, one after another, and count the starts that hang.

Usage: python bench/bench_store_open.py [--n N] [--load K] [--bound S] [--existing] [--times F]

Each start opens a new store directory (`EmbeddedStore(...)`: spawn the server, PING, create
the graph) and closes it again. With --existing every open reloads a store that holds a small
saved graph (the graph.rdb load path). --load K runs K busy-loop processes (started and
stopped by this script) beside the starts, to reproduce start-ups under CPU load.

An open that the store recovers from by itself (it killed a server that did not answer and
started another) counts as "recovered"; an open that raises, or that this script has to stop
after --bound seconds, counts as "not recovered". Printed: starts, hangs recovered, hangs not
recovered, and the median and p99 open and close times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from litgraph.store.embedded import EmbeddedStore
from litgraph.store.server import PIDFILE


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _kill_server(directory: Path) -> None:
    try:
        pid = int((directory / PIDFILE).read_text().strip())
    except (OSError, ValueError):
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _seed(directory: Path) -> None:
    with EmbeddedStore(directory) as s:
        s.upsert_nodes("Work", [{"key": f"w{i}", "props": {"title": f"T {i}"}} for i in range(200)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="starts (default 200)")
    ap.add_argument("--load", type=int, default=0, help="busy-loop processes beside the starts")
    ap.add_argument("--bound", type=float, default=60.0, help="seconds before an open is stopped")
    ap.add_argument("--existing", action="store_true", help="reopen a store with a saved graph")
    ap.add_argument("--times", metavar="FILE", help="append each open time (s) to FILE")
    args = ap.parse_args()

    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.load)
    ]
    base = Path(tempfile.mkdtemp(prefix="litgraph-open-"))
    opens: list[float] = []
    closes: list[float] = []
    recovered = unrecovered = 0
    errors: list[str] = []
    t_start = time.perf_counter()
    try:
        template = base / "template"
        if args.existing:
            _seed(template)
        for i in range(args.n):
            d = base / f"s{i % 2}"
            shutil.rmtree(d, ignore_errors=True)
            if args.existing:
                shutil.copytree(template, d)
            stopped = threading.Event()
            timer = threading.Timer(args.bound, lambda d=d, e=stopped: (e.set(), _kill_server(d)))
            timer.start()
            t0 = time.perf_counter()
            try:
                store = EmbeddedStore(d)
            except Exception as e:  # a StoreError, or a client error of an older store
                timer.cancel()
                unrecovered += 1
                errors.append(str(e))
                continue
            opened = time.perf_counter() - t0
            timer.cancel()
            if stopped.is_set():
                unrecovered += 1
            elif getattr(store.server, "restarts", 0):
                recovered += 1
            opens.append(opened)
            t1 = time.perf_counter()
            store.close()
            closes.append(time.perf_counter() - t1)
            if (i + 1) % 500 == 0:
                print(f"... {i + 1} starts", flush=True)
    finally:
        for b in burners:
            b.kill()
            b.wait()
        shutil.rmtree(base, ignore_errors=True)
    wall = time.perf_counter() - t_start
    if args.times:
        with open(args.times, "a", encoding="utf-8") as fh:
            fh.writelines(f"{t:.6f}\n" for t in opens)
    print(f"starts: {args.n}  (load processes: {args.load}, existing store: {args.existing})")
    print(f"hangs recovered: {recovered}")
    print(f"hangs not recovered: {unrecovered}")
    print(
        f"open: median {statistics.median(opens) * 1000:.1f} ms  "
        f"p99 {_percentile(opens, 0.99) * 1000:.1f} ms  max {max(opens) * 1000:.1f} ms"
    )
    print(
        f"close: median {statistics.median(closes) * 1000:.1f} ms  "
        f"p99 {_percentile(closes, 0.99) * 1000:.1f} ms"
    )
    print(f"wall: {wall:.0f} s")
    for e in errors[:5]:
        print(f"error: {e}")


if __name__ == "__main__":
    main()
