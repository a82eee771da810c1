"""Benchmark `litgraph build` on a folder of PDFs, all numbers from one run.

Usage: python bench/bench_build.py [--pdfs DIR] [--n N] [--generate] [--synthetic N]
                                  [--repeats N]

Without --pdfs it reads ../shared/devset/pdfs when present, else it generates N invented
journal-style PDFs (8-15 pages, with a reference list) with fpdf2. It measures: bare
pdfminer.six `extract_text` over the same files (baseline); bare PDFium (pypdfium2: every
page's text and every character's box); `build()` with each PDF engine (pdfminer, pdfium) and
jobs 1 and 2 into fresh embedded stores; the rebuild of the unchanged folder; the store load
rate; peak memory; and a synthetic load of 100k Work nodes + 300k CITES relationships.

Each build runs --repeats times (default 3), the two engines taking turns (pdfminer first in
odd rounds, PDFium first in even ones), so a spell of load from other work on the machine hits
both. Every run prints its wall seconds and its CPU seconds (user + system of this process, of
the extraction workers and of the store's server); the engines are compared by the medians of
both. CPU seconds move less than wall seconds when other work shares the cores.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from litgraph.graph.schema import CITES, SCHEMA, WORK
from litgraph.pipeline import BuildReport, build
from litgraph.store.embedded import EmbeddedStore

DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset" / "pdfs"
ENGINES = ("pdfminer", "pdfium")
T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


# --- generated PDFs (own invented text) -------------------------------------------------------


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FAMILIES = _names("Abbot Birch Calder Dunmore Ellery Fairlie Garrow Hartley Jessop Lomax Nettle")
WORDS = _names(
    "shared services neighbourhood gardens tenants councils volunteers repair "
    "networks schools libraries transport care budgets trust rules meetings commons "
    "kitchens users officers"
)


def _sentence(rnd: random.Random, cite: str = "") -> str:
    words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(10, 22)))
    return f"{words.capitalize()}{cite}."


def make_pdf(path: Path, rnd: random.Random) -> None:
    from fpdf import FPDF

    refs = sorted(
        (rnd.choice(FAMILIES) + rnd.choice(("", "s", "ton")), rnd.randint(1970, 2020))
        for _ in range(rnd.randint(30, 60))
    )
    pdf = FPDF()
    pdf.set_margins(20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, " ".join(rnd.sample(WORDS, 6)).title(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(
        0,
        6,
        f"Alma {rnd.choice(FAMILIES)} and Bruno {rnd.choice(FAMILIES)}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("Helvetica", size=10)
    pages = rnd.randint(7, 13)
    while pdf.page_no() <= pages:
        fam, year = rnd.choice(refs)
        para = " ".join(_sentence(rnd, f" ({fam}, {year})" if i % 3 == 0 else "") for i in range(8))
        pdf.multi_cell(0, 5, para, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 8, "References", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    for fam, year in refs:
        title = " ".join(rnd.sample(WORDS, 6)).capitalize()
        pdf.multi_cell(
            0,
            4.5,
            f"{fam}, A. ({year}). {title}. Journal of Studies, 12(3), 45-67.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.output(str(path))


def generated(folder: Path, n: int) -> list[Path]:
    rnd = random.Random(42)
    folder.mkdir(parents=True, exist_ok=True)
    out = [folder / f"gen{i:03d}.pdf" for i in range(n)]
    for p in out:
        make_pdf(p, rnd)
    return out


# --- measurements --------------------------------------------------------------------------------


def baseline(pdfs: list[Path]) -> float:
    from pdfminer.high_level import extract_text

    t0 = time.perf_counter()
    for p in pdfs:
        try:
            extract_text(str(p))
        except Exception:  # a file pdfminer rejects still costs its time
            pass
    return time.perf_counter() - t0


def bare_pdfium(pdfs: list[Path]) -> float:
    """PDFium's own floor: each page's text and each character's box, nothing else."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as raw

    box = raw.FS_RECTF()
    t0 = time.perf_counter()
    for p in pdfs:
        try:
            doc = pypdfium2.PdfDocument(str(p))
        except pypdfium2.PdfiumError:
            continue
        for page in doc:
            text = page.get_textpage()
            text.get_text_range()
            for i in range(raw.FPDFText_CountChars(text.raw)):
                raw.FPDFText_GetLooseCharBox(text.raw, i, ctypes.byref(box))
            text.close()
            page.close()
        doc.close()
    return time.perf_counter() - t0


def elements(report: BuildReport) -> int:
    return sum(report.counts.get("nodes", {}).values()) + sum(
        report.counts.get("relationships", {}).values()
    )


def cpu_seconds() -> float:
    """User + system seconds of this process and of its ended (waited-for) children."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def server_cpu(store: EmbeddedStore) -> float:
    """User + system seconds of the store's running server (Linux /proc; 0 elsewhere)."""
    proc = getattr(store.server, "proc", None)
    try:
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (AttributeError, OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pipeline(pdfs: list[Path], store_dir: Path, jobs: int, engine: str) -> dict[str, Any]:
    """One fresh build (wall and CPU seconds) and the rebuild of the unchanged folder."""
    files = [str(p) for p in pdfs]
    with EmbeddedStore(store_dir) as store:
        cpu0, srv0 = cpu_seconds(), server_cpu(store)
        report, wall = timed(lambda: build(files, store, jobs=jobs, pdf_engine=engine))
        cpu = cpu_seconds() - cpu0 + server_cpu(store) - srv0
        again, rewall = timed(lambda: build(files, store, jobs=jobs, pdf_engine=engine))
    assert again.extracted == 0 and again.written == 0, "the rebuild redid work"
    return {"report": report, "wall": wall, "cpu": cpu, "rebuild": rewall}


def repeated(pdfs: list[Path], work: Path, repeats: int) -> dict[str, dict[int, list[dict]]]:
    """Every build `repeats` times, jobs 1 then 2, the engines alternating which goes first."""
    runs: dict[str, dict[int, list[dict]]] = {e: {1: [], 2: []} for e in ENGINES}
    for jobs in (1, 2):
        for r in range(repeats):
            for engine in ENGINES if r % 2 == 0 else ENGINES[::-1]:
                store = work / f"store-{engine}-{jobs}-{r}"
                runs[engine][jobs].append(pipeline(pdfs, store, jobs, engine))
    return runs


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median wall time (the lower middle one of an even number), with the median
    wall, CPU and rebuild seconds of all runs."""
    ranked = sorted(runs, key=lambda r: r["wall"])
    mid = ranked[(len(ranked) - 1) // 2]
    return {
        **mid,
        "wall": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "rebuild": statistics.median(r["rebuild"] for r in runs),
    }


def synthetic(store_dir: Path, works: int = 100_000, cites: int = 300_000) -> dict[str, float]:
    rnd = random.Random(7)
    store, start = timed(lambda: EmbeddedStore(store_dir))
    try:
        store.ensure_schema(SCHEMA)
        nodes = [
            {"key": f"w{i}", "props": {"title": f"Work {i}", "year": 1950 + i % 70}}
            for i in range(works)
        ]
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < cites:
            a, b = rnd.randrange(works), rnd.randrange(works)
            if a != b:
                pairs.add((a, b))
        rels = [{"start": f"w{a}", "end": f"w{b}", "props": {"count": 1}} for a, b in pairs]
        _, t_nodes = timed(lambda: store.upsert_nodes(WORK, nodes, batch=10_000))
        _, t_rels = timed(lambda: store.upsert_relationships(CITES, WORK, WORK, rels, batch=10_000))
        counts = store.counts()
    finally:
        _, stop = timed(store.close)
    assert counts["nodes"][WORK] == works and counts["relationships"][CITES] == cites
    return {"start": start, "stop": stop, "nodes": t_nodes, "rels": t_rels}


def maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


# --- report --------------------------------------------------------------------------------------


def rows(pdfs: list[Path], base: float, j1: dict[str, Any], j2: dict[str, Any]) -> list[tuple]:
    """One engine's builds against the bare pdfminer baseline: median seconds, and the stages
    of the run with the median wall time."""
    r1: BuildReport = j1["report"]
    r2: BuildReport = j2["report"]
    load_rate = elements(r1) / r1.seconds["load"] if r1.seconds["load"] else 0.0
    pages = max(1, r1.pages)
    return [
        ("files (PDF)", f"{len(pdfs)}", f"{r1.pages} pages, {len(r1.failures)} failed"),
        ("build jobs=1 (median wall)", f"{j1['wall']:.2f} s",
         f"{j1['wall'] / pages:.4f} s/page; CPU {j1['cpu']:.2f} s; " + _stages(r1)),
        ("build jobs=2 (median wall)", f"{j2['wall']:.2f} s",
         f"{j2['wall'] / pages:.4f} s/page; CPU {j2['cpu']:.2f} s; " + _stages(r2)),
        ("extract stage jobs=1 / baseline", f"{r1.seconds['extract'] / base:.2f}x", ""),
        ("build jobs=1 / baseline", f"{j1['wall'] / base:.2f}x", ""),
        ("speed-up jobs=2 vs jobs=1", f"{j1['wall'] / j2['wall']:.2f}x",
         f"extract stage {r1.seconds['extract'] / r2.seconds['extract']:.2f}x"),
        ("store load rate (jobs=1)", f"{load_rate:,.0f} el/s",
         f"{elements(r1):,} nodes+rels in {r1.seconds['load']:.2f} s"),
        ("graph (jobs=1)", "", _graph(r1)),
        ("rebuild unchanged (jobs=1)", f"{j1['rebuild']:.2f} s",
         f"{100 * j1['rebuild'] / j1['wall']:.1f} % of fresh build"),
        ("rebuild unchanged (jobs=2)", f"{j2['rebuild']:.2f} s",
         f"{100 * j2['rebuild'] / j2['wall']:.1f} % of fresh build"),
    ]  # fmt: skip


def _graph(r: BuildReport) -> str:
    nodes, rels = r.counts.get("nodes", {}), r.counts.get("relationships", {})
    return ", ".join(f"{k} {v}" for k, v in sorted({**nodes, **rels}.items()))


def engine_rows(
    pdfs: list[Path], base: float, bare: float, runs: dict[str, dict[int, list[dict]]]
) -> list[tuple]:
    """The engines side by side: bare reading, every build run, and pdfminer's builds against
    PDFium's by median wall and median CPU seconds."""
    pages = max(1, runs["pdfminer"][1][0]["report"].pages)
    out = [
        ("bare pdfminer extract_text", f"{base:.2f} s",
         f"{base / len(pdfs):.3f} s/file, {base / pages:.4f} s/page"),
        ("bare PDFium text + char boxes", f"{bare:.2f} s",
         f"{bare / len(pdfs):.3f} s/file; bare pdfminer / bare PDFium {base / bare:.1f}x"),
    ]  # fmt: skip
    for jobs in (1, 2):
        for engine in ENGINES:
            done = runs[engine][jobs]
            out.append((
                f"{engine} build jobs={jobs}, each run",
                f"{len(done)} runs",
                "wall " + " ".join(f"{r['wall']:.2f}" for r in done)
                + " s; CPU " + " ".join(f"{r['cpu']:.2f}" for r in done) + " s",
            ))  # fmt: skip
    for jobs in (1, 2):
        miner, fast = median_run(runs["pdfminer"][jobs]), median_run(runs["pdfium"][jobs])
        ex_m, ex_f = miner["report"].seconds["extract"], fast["report"].seconds["extract"]
        out.append((
            f"pdfminer build / PDFium build, jobs={jobs}, median wall",
            f"{miner['wall'] / fast['wall']:.2f}x",
            f"{miner['wall']:.2f} s vs {fast['wall']:.2f} s; extract stage {ex_m / ex_f:.2f}x"
            " (median runs)",
        ))  # fmt: skip
        out.append((
            f"pdfminer build / PDFium build, jobs={jobs}, median CPU",
            f"{miner['cpu'] / fast['cpu']:.2f}x",
            f"{miner['cpu']:.2f} s vs {fast['cpu']:.2f} s",
        ))  # fmt: skip
    return out


def _stages(r: BuildReport) -> str:
    return " ".join(f"{k} {v:.2f}" for k, v in r.seconds.items() if k != "total")


def print_table(title: str, table: list[tuple]) -> None:
    print(f"\n{title}")
    w = max(len(r[0]) for r in table)
    v = max(len(r[1]) for r in table)
    for name, value, note in table:
        print(f"  {name:<{w}}  {value:>{v}}  {note}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdfs", type=Path, help="folder of PDFs (default: the devset, if present)")
    ap.add_argument("--n", type=int, default=20, help="PDFs to generate when there is no folder")
    ap.add_argument("--generate", action="store_true", help="use generated PDFs even so")
    ap.add_argument("--synthetic", type=int, default=100_000, help="Work nodes (rels: 3x)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each build (median taken)")
    args = ap.parse_args(argv)
    if args.repeats < 1:
        ap.error("--repeats must be at least 1")
    with tempfile.TemporaryDirectory(prefix="litgraph-bench-") as tmp:
        work = Path(tmp)
        folder = args.pdfs or (DEVSET if DEVSET.is_dir() and not args.generate else None)
        if folder is not None:
            pdfs, source = sorted(Path(folder).glob("*.pdf")), str(folder)
        else:
            pdfs, source = generated(work / "pdfs", args.n), f"{args.n} generated PDFs"
        if not pdfs:
            print(f"no PDFs in {folder}", file=sys.stderr)
            return 2
        print(f"litgraph build benchmark: {source}")
        base = baseline(pdfs)
        bare = bare_pdfium(pdfs)
        runs = repeated(pdfs, work, args.repeats)
        for engine in ENGINES:
            medians = [median_run(runs[engine][jobs]) for jobs in (1, 2)]
            title = f"pipeline, pdf engine {engine} (median of {args.repeats} runs)"
            print_table(title, rows(pdfs, base, *medians))
        print_table("PDF engines (same run)", engine_rows(pdfs, base, bare, runs))
        syn = synthetic(work / "store3", args.synthetic, 3 * args.synthetic)
        n, m = args.synthetic, 3 * args.synthetic
        print_table("synthetic store load (embedded FalkorDB, batch 10000)", [
            (f"{n:,} Work nodes", f"{syn['nodes']:.2f} s", f"{n / syn['nodes']:,.0f} el/s"),
            (f"{m:,} CITES rels", f"{syn['rels']:.2f} s", f"{m / syn['rels']:,.0f} el/s"),
            ("store start", f"{syn['start']:.2f} s", ""),
            ("store stop (save)", f"{syn['stop']:.2f} s", ""),
        ])  # fmt: skip
        print_table("peak memory (maxrss)", [
            ("this process", f"{maxrss_mb(resource.RUSAGE_SELF):.0f} MB", ""),
            ("largest child", f"{maxrss_mb(resource.RUSAGE_CHILDREN):.0f} MB",
             "extraction workers and redis-server"),
        ])  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
