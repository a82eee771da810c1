"""How a build and the questions grow with the library: the scale table, from one run.

    python bench/bench_scale.py [--sizes 100,400,1600] [--jobs 2] [--keep DIR]

For each size N it generates a seeded synthetic library of N text papers
(`bench/scale_corpus.py`), then measures, each in a fresh process of its own:
- a fresh build (seconds per stage, the main process's peak RSS),
- the rebuild of the unchanged folder,
- adding one paper whose name sorts first, changing its text, deleting it (seconds, and how
  many other sources each rewrote),
and, with the store open, the latency of `link` (between the two most cited family names,
which in a generated library each name a few hundred authors, and between the two most cited
authors), `lineage`, `show`, `most_cited` and `resolve --explain`. It ends with the growth
exponent of each column between consecutive sizes and over the whole range (log time / log N;
1.0 is linear).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale_corpus import extra_paper, generate, most_cited  # noqa: E402

FIRST = "aaaa-first.md"  # sorts before every generated paper


def _child_build(folder: str, store_dir: str, jobs: int) -> dict[str, Any]:
    from litgraph.pipeline import build
    from litgraph.store.embedded import EmbeddedStore

    t0 = time.perf_counter()
    with EmbeddedStore(store_dir) as store:
        t_open = time.perf_counter() - t0
        report = build([folder], store, jobs=jobs)
        t_close = time.perf_counter()
    total = time.perf_counter() - t0
    t_close = total - (t_close - t0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB
    return {
        "seconds": total, "open": t_open, "close": t_close, "rss_mb": rss,
        "stages": report.seconds, "regrouped": report.regrouped,
        "written": report.written, "retracted": report.retracted,
        "extracted": report.extracted, "failures": len(report.failures),
        "works": report.counts.get("nodes", {}).get("Work", 0),
    }  # fmt: skip


def _child_queries(store_dir: str) -> dict[str, Any]:
    from litgraph.ask.entities import show
    from litgraph.ask.explain import explain_entity
    from litgraph.ask.lineage import lineage
    from litgraph.ask.link import link
    from litgraph.ask.named import get_query
    from litgraph.store.embedded import EmbeddedStore

    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    with EmbeddedStore(store_dir) as store:
        out["open"] = time.perf_counter() - t0
        a, b = most_cited(store)
        ka, kb = most_cited(store, "key")
        q = get_query("most_cited")
        calls = {
            "link": lambda: link(store, a, b),
            "link_auth": lambda: link(store, ka, kb),
            "lineage": lambda: lineage(store, "co-production"),
            "show": lambda: show(store, a),
            "most_cited": lambda: store.query(q.text_for(store.dialect), q.bind({})),
            "explain": lambda: explain_entity(store, a, None),
        }
        for name, fn in calls.items():
            t = time.perf_counter()
            try:
                fn()
                out[name] = time.perf_counter() - t
            except Exception as e:  # a timeout is a result here
                out[name] = f"{type(e).__name__}: {e}"[:60]
    return out


def _run_child(*args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def measure(n: int, root: Path, jobs: int) -> dict[str, Any]:
    folder, store = root / f"lib{n}", root / f"store{n}"
    generate(folder, n)
    row: dict[str, Any] = {"n": n}
    fresh = _run_child("build", str(folder), str(store), str(jobs))
    row.update(fresh=fresh["seconds"], rss=fresh["rss_mb"], works=fresh["works"],
               load=fresh["stages"].get("load", 0.0), resolve=fresh["stages"].get("resolve", 0.0),
               extract=fresh["stages"].get("extract", 0.0), failures=fresh["failures"])  # fmt: skip
    unchanged = _run_child("build", str(folder), str(store), str(jobs))
    row["unchanged"] = unchanged["seconds"]
    first = folder / FIRST
    extra_paper(first, n)
    add = _run_child("build", str(folder), str(store), str(jobs))
    extra_paper(first, n, variant=1)
    change = _run_child("build", str(folder), str(store), str(jobs))
    first.unlink()
    delete = _run_child("build", str(folder), str(store), str(jobs))
    row.update(add=add["seconds"], add_written=add["written"] - 1,
               change=change["seconds"], change_written=change["written"] - 1,
               delete=delete["seconds"], delete_written=delete["written"])  # fmt: skip
    row["steps"] = {"unchanged": unchanged, "add": add, "change": change, "delete": delete}
    row.update({f"q_{k}": v for k, v in _run_child("queries", str(store)).items()})
    return row


COLUMNS = (
    ("n", "papers", "{:>6}"),
    ("works", "works", "{:>7}"),
    ("fresh", "fresh s", "{:>8.1f}"),
    ("extract", "extract", "{:>8.1f}"),
    ("resolve", "resolve", "{:>8.1f}"),
    ("load", "load", "{:>7.1f}"),
    ("rss", "RSS MB", "{:>7.0f}"),
    ("unchanged", "unchgd s", "{:>8.2f}"),
    ("add", "add s", "{:>7.2f}"),
    ("add_written", "rewr", "{:>5}"),
    ("change", "chg s", "{:>7.2f}"),
    ("change_written", "rewr", "{:>5}"),
    ("delete", "del s", "{:>7.2f}"),
    ("delete_written", "rewr", "{:>5}"),
)
QUERIES = ("q_open", "q_link", "q_link_auth", "q_lineage", "q_show", "q_most_cited", "q_explain")


def _fmt(row: dict[str, Any]) -> str:
    cells = [fmt.format(row[k]) for k, _, fmt in COLUMNS]
    return " ".join(cells)


def _exponent(rows: list[dict[str, Any]], key: str, a: int, b: int) -> str:
    x, y = rows[a], rows[b]
    if not all(isinstance(r[key], int | float) and r[key] > 0 for r in (x, y)):
        return "   -"
    return f"{math.log(y[key] / x[key]) / math.log(y['n'] / x['n']):5.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,400,1600")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="generate and build here (kept afterwards)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        kind, *args = a.child
        out = _child_build(args[0], args[1], int(args[2])) if kind == "build" else (
            _child_queries(args[0]))  # fmt: skip
        print(json.dumps(out))
        return
    sizes = [int(s) for s in a.sizes.split(",")]
    root = a.keep or Path(tempfile.mkdtemp(prefix="litgraph-scale-"))
    print(" ".join(f"{h:>{len(fmt.format(0))}}" for _, h, fmt in COLUMNS))
    rows = []
    try:
        for n in sizes:
            rows.append(measure(n, root, a.jobs))
            print(_fmt(rows[-1]), flush=True)
        print("\nthe returning user's builds, seconds by part (regrouped: records resolved again)")
        parts = ("open", "scan", "extract", "resolve", "load", "close")
        print(f"{'papers':>6} {'build':>9} " + " ".join(f"{p:>8}" for p in parts)
              + f" {'regrouped':>9}")  # fmt: skip
        for r in rows:
            for step, b in r["steps"].items():
                cells = [b["open"], *(b["stages"].get(p, 0.0) for p in parts[1:5]), b["close"]]
                print(f"{r['n']:>6} {step:>9} " + " ".join(f"{c:8.2f}" for c in cells)
                      + f" {b['regrouped'] if b['regrouped'] is not None else '-':>9}")  # fmt: skip
        print(
            "\nquestions, seconds after the store is open (open: seconds to open it; link: the"
            "\ntwo most cited family names, each all authors of that name; link_auth: the two"
            "\nmost cited authors)"
        )
        print(f"{'papers':>6} " + " ".join(f"{q[2:]:>10}" for q in QUERIES))
        for r in rows:
            cells = [f"{r[q]:10.3f}" if isinstance(r[q], float) else f"{r[q]:>10}" for q in QUERIES]
            print(f"{r['n']:>6} " + " ".join(cells))
        keys = [k for k, _, _ in COLUMNS[2:] if not k.endswith("written")] + list(QUERIES[1:])
        print("\ngrowth exponents (log time ratio / log size ratio)")
        print(f"{'sizes':>13} " + " ".join(f"{k[:9]:>9}" for k in keys))
        spans = [(i, i + 1) for i in range(len(rows) - 1)]
        if len(rows) > 2:
            spans.append((0, len(rows) - 1))
        for i, j in spans:
            label = f"{rows[i]['n']}-{rows[j]['n']}"
            print(f"{label:>13} " + " ".join(f"{_exponent(rows, k, i, j):>9}" for k in keys))
    finally:
        if a.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
