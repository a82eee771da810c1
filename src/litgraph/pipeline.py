"""build(paths, store) -> BuildReport: discover, extract (in parallel), resolve, load.

Incremental and crash-safe on every store (FalkorDB has no multi-statement transactions):
- each source file's extracted documents are cached on its `Source` node with the file's
  sha256 and the extractor version; an unchanged file is never extracted again;
- each file's contribution to the graph has a fingerprint; an unchanged one is not written;
- a contribution is written as: Source marked `writing` -> old contribution retracted -> new
  one written -> Source marked `complete` with its fingerprint. A build killed at any point
  leaves at most one Source not `complete`, and the next build redoes exactly that one;
- a file that disappeared from the built folders retracts its contribution;
- a relationship exists once however many sources assert it (`graph.provenance`), and a
  store written with one relationship per source is migrated by the next build.

Every file fault is a failure in the report, never an abort or a wait: unreadable files and
folders, broken links and pipes are reported by the scan; each extraction has a time bound
(FILE_SECONDS) and, in worker processes, a memory bound (FILE_MEMORY). Worker processes end
when the litgraph process that started them ends, however it ends.
"""

from __future__ import annotations

import _thread
import hashlib
import json
import os
import resource
import signal
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import EXTRACTOR_VERSION
from .errors import ExtractionError, LitgraphError, StoreError
from .extract.concepts import Vocabulary, load_vocabulary
from .graph.contributions import Contribution, build_contributions
from .graph.schema import GRAPH_MODEL, SCHEMA, SOURCE, VOCABULARY_SOURCE
from .keys import sha256_file
from .model import Document, document_from_dict, document_to_dict
from .resolve import Overrides, Resolution, prepare_documents, resolve
from .sources.pdf import check_engine
from .sources.scan import file_problem, is_bib, scan
from .store import GraphStore

LOAD_BATCH = 20  # sources written together (their rows share batched queries)
FILE_SECONDS = 300.0  # one file's extraction time bound
FILE_MEMORY = 2 << 30  # bytes of address space an extraction worker may use
Progress = Callable[[str, int, int, str], None]  # (stage, done, total, item)


@dataclass
class BuildReport:
    files: int = 0
    extracted: int = 0
    cached: int = 0
    written: int = 0
    unchanged: int = 0
    retracted: int = 0
    recovered: int = 0  # sources left incomplete by an interrupted build, redone
    pages: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    resolution: Resolution | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files, "extracted": self.extracted, "cached": self.cached,
            "written": self.written, "unchanged": self.unchanged, "retracted": self.retracted,
            "recovered": self.recovered, "pages": self.pages,
            "failures": [{"path": p, "error": e} for p, e in self.failures],
            "warnings": [{"path": p, "warning": w} for p, w in self.warnings],
            "counts": self.counts, "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }  # fmt: skip


# --- extraction (runs in worker processes) ---------------------------------------------------

_VOCAB: dict[tuple[str, ...], Vocabulary] = {}


def _vocab(files: tuple[str, ...]) -> Vocabulary:
    if files not in _VOCAB:
        _VOCAB[files] = load_vocabulary(list(files))
    return _VOCAB[files]


class FileTimeout(BaseException):
    """One file's extraction ran past its time bound (raised by the timer's signal)."""


def _on_timer(_signum: int, _frame: object) -> None:
    raise FileTimeout


_DEADLINE: list[float] = []  # the running extraction's end (monotonic), while one is timed


def _watch_parent(parent: int) -> None:
    """A worker's side thread: end with the parent, and stop an extraction past its bound
    even if the timer's signal is not delivered (blocked, or lost in a C library)."""
    while True:
        if os.getppid() != parent:  # the parent ended (even by SIGKILL): so does this worker
            os._exit(1)
        if _DEADLINE and time.monotonic() > _DEADLINE[0] + 1.0:
            _DEADLINE.clear()
            _thread.interrupt_main(signal.SIGALRM)  # runs _on_timer in the main thread
        time.sleep(0.2)


def _worker_init(parent: int, memory: int) -> None:
    """In each extraction worker: end with the parent, and bound the memory it may use."""
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if memory > 0:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or memory < hard:
            resource.setrlimit(resource.RLIMIT_AS, (memory, hard))


def extract_source(
    path: str,
    vocab_files: tuple[str, ...] = (),
    seconds: float = FILE_SECONDS,
    pdf_engine: str = "pdfminer",
) -> dict[str, Any]:
    """Extract one file into documents (a .bib gives one per entry). Never raises.

    In a process's main thread the extraction stops after `seconds` (a failure)."""
    timed = seconds > 0 and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _on_timer) if timed else None
    try:
        if timed:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
            _DEADLINE[:] = [time.monotonic() + seconds]
            signal.setitimer(signal.ITIMER_REAL, seconds)
        return _extract(path, vocab_files, pdf_engine)
    except FileTimeout:
        return {
            "path": path,
            "error": f"extraction took longer than {seconds:g} s (the per-file bound); skipped",
        }
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _DEADLINE.clear()
            signal.signal(signal.SIGALRM, previous)


def _extract(path: str, vocab_files: tuple[str, ...], pdf_engine: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        why = file_problem(path)
        if why:
            return {"path": path, "error": why}
        vocab = _vocab(vocab_files)
        sha = sha256_file(path)
        warnings: list[str] = []
        if is_bib(path):
            from .extract.document import extract_bib

            docs, warnings = extract_bib(path, vocab, sha)
        else:
            from .extract.document import extract_file, file_warnings

            docs = [extract_file(path, vocab, pdf_engine)]
            warnings = file_warnings(docs[0])
        return {
            "path": path, "sha256": sha, "documents": [document_to_dict(d) for d in docs],
            "warnings": warnings, "seconds": time.perf_counter() - t0,
        }  # fmt: skip
    except ExtractionError as e:
        return {"path": path, "error": e.reason}
    except LitgraphError as e:
        return {"path": path, "error": str(e)}
    except MemoryError:
        return {"path": path, "error": "extraction needed more memory than the per-file bound"}
    except OSError as e:
        return {"path": path, "error": f"cannot be read ({e.strerror or e})"}
    except Exception as e:  # a bug or an unforeseen file: reported, the build goes on
        return {"path": path, "error": f"unexpected {type(e).__name__}: {e}"}


# --- the build -------------------------------------------------------------------------------


def _source_key(path: str) -> str:
    return path.split("#", 1)[0]


def _version(vocab_files: tuple[str, ...], pdf_engine: str = "pdfminer") -> str:
    """The cached documents' key besides the file's sha256: the extractor version, the PDF
    engine (other than the default) and the extra vocabularies, so a change re-extracts."""
    version = EXTRACTOR_VERSION if pdf_engine == "pdfminer" else f"{EXTRACTOR_VERSION}/{pdf_engine}"
    if not vocab_files:
        return version
    h = hashlib.sha256()
    for f in vocab_files:
        h.update(Path(f).read_bytes())
    return f"{version}+{h.hexdigest()[:8]}"


def _existing_sources(store: GraphStore) -> dict[str, dict[str, Any]]:
    rows = store.query(
        "MATCH (s:Source) RETURN s.key AS key, s.sha256 AS sha256, s.version AS version, "
        "s.status AS status, s.fingerprint AS fingerprint, s.model AS model",
    )
    return {r["key"]: r for r in rows}


def _migrate(store: GraphStore, existing: dict[str, dict[str, Any]]) -> None:
    """A store written by a build that stored one relationship per source: those go, and every
    source counts as changed, so this build writes it again (its extraction cache is kept)."""
    if all(old["model"] == GRAPH_MODEL for old in existing.values()):
        return
    store.write("MATCH ()-[x]->() WHERE x.src IS NOT NULL DELETE x")
    for old in existing.values():
        old["fingerprint"] = ""


def _cached_documents(store: GraphStore, key: str) -> list[dict[str, Any]] | None:
    rows = store.query("MATCH (s:Source {key: $k}) RETURN s.documents AS d", {"k": key})
    if not rows or not rows[0]["d"]:
        return None
    docs: list[dict[str, Any]] = json.loads(rows[0]["d"])
    return docs


def _within(path: str, roots: Sequence[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


@dataclass(frozen=True)
class Pending:
    """One source's contribution waiting to be written."""

    contribution: Contribution
    meta: dict[str, Any]
    documents_json: str | None
    new: bool  # the store has never seen this source: nothing to retract first
    fingerprint: str


def write_contributions(store: GraphStore, pending: Sequence[Pending]) -> None:
    """Write contributions so that an interruption is always detectable and repairable.

    Every Source is marked `writing` first; old contributions are retracted; the nodes and
    relationships of all sources go in batched writes (each row names its source); each
    Source is marked `complete` with its fingerprint last. A build killed at any point leaves
    some Sources `writing`, and the next build retracts and redoes exactly those.
    """
    if not pending:
        return
    store.upsert_nodes(SOURCE, [
        {"key": p.contribution.src, "props": {**p.meta, "status": "writing", "fingerprint": ""}}
        for p in pending
    ])  # fmt: skip
    for p in pending:
        if not p.new:
            store.retract(p.contribution.src)
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for p in pending:
        src = p.contribution.src
        for label, rows in p.contribution.node_rows():
            nodes[label] += [{**r, "src": src} for r in rows]
        for b in p.contribution.rel_batches():
            rels[(b.type, b.start, b.end)] += [{**r, "src": src} for r in b.rows]
    for label, node_rows in sorted(nodes.items()):
        store.upsert_nodes(label, node_rows)
    for (rtype, start, end), rel_rows in sorted(rels.items()):
        store.upsert_relationships(rtype, start, end, rel_rows)
    done = []
    for p in pending:
        props = {**p.meta, "status": "complete", "fingerprint": p.fingerprint}
        if p.documents_json is not None:
            props["documents"] = p.documents_json
        done.append({"key": p.contribution.src, "props": props})
    store.upsert_nodes(SOURCE, done, batch=200)


def build(
    paths: Sequence[str],
    store: GraphStore,
    *,
    jobs: int = 1,
    executor: Executor | None = None,
    rebuild: bool = False,
    vocabulary: Sequence[str] = (),
    overrides: Overrides | None = None,
    on_progress: Progress | None = None,
    file_seconds: float | None = None,
    file_memory: int | None = None,
    pdf_engine: str = "pdfminer",
) -> BuildReport:
    """Build (or update) the graph from the files under `paths`, PDFs read with `pdf_engine`
    ('pdfminer' or 'pdfium').

    `file_seconds` bounds each file's extraction (default FILE_SECONDS, 0: none);
    `file_memory` bounds each extraction worker's memory (bytes, with jobs > 1; default
    FILE_MEMORY, 0: none). A file over a bound is a failure."""
    report = BuildReport()
    tick = on_progress or (lambda *_: None)
    t0 = time.perf_counter()
    vocab_files = tuple(str(Path(v).resolve()) for v in vocabulary)
    check_engine(pdf_engine)
    version = _version(vocab_files, pdf_engine)
    found = scan(list(paths))
    roots = [str(Path(p).expanduser().resolve()) for p in paths]
    report.failures.extend(found.problems)
    report.files = len(found.files) + len(found.problems)
    store.ensure_schema(SCHEMA)
    existing = {} if rebuild else _existing_sources(store)
    if rebuild:
        store.clear()
    _migrate(store, existing)
    report.seconds["scan"] = time.perf_counter() - t0

    # 1. documents: from the cache on Source nodes when the file is unchanged, else extracted
    t1 = time.perf_counter()
    hashes: dict[str, str] = {}
    present = {p for p, _ in found.problems}  # there, but not readable now
    files = []
    for f in found.files:
        try:
            hashes[f] = sha256_file(f)
            files.append(f)
        except OSError as e:  # it changed since the scan
            report.failures.append((f, f"cannot be read ({e.strerror or e})"))
            present.add(f)
    by_source: dict[str, list[Document]] = {}
    cached_json: dict[str, str] = {}
    todo: list[str] = []
    for f in files:
        old = existing.get(f)
        # a Source left `writing` already carries the new sha256 but maybe the old documents
        if (
            old
            and old["status"] == "complete"
            and old["sha256"] == hashes[f]
            and old["version"] == version
        ):
            docs = _cached_documents(store, f)
            if docs is not None:
                by_source[f] = [document_from_dict(d) for d in docs]
                report.cached += 1
                continue
        todo.append(f)
    bounds = (
        FILE_SECONDS if file_seconds is None else file_seconds,
        FILE_MEMORY if file_memory is None else file_memory,
    )
    results = _run_extraction(todo, vocab_files, jobs, executor, tick, bounds, pdf_engine)
    for r in results:
        if "error" in r:
            report.failures.append((r["path"], r["error"]))
            continue
        report.warnings.extend((r["path"], w) for w in r.get("warnings", []))
        by_source[r["path"]] = [document_from_dict(d) for d in r["documents"]]
        cached_json[r["path"]] = json.dumps(r["documents"], ensure_ascii=False)
        report.extracted += 1
    report.pages = sum(d.source.pages or 0 for ds in by_source.values() for d in ds)
    report.seconds["extract"] = time.perf_counter() - t1

    # 2. resolution over every document, then each source's contribution
    t2 = time.perf_counter()
    all_docs = prepare_documents([d for f in sorted(by_source) for d in by_source[f]])
    res = resolve(all_docs, overrides or Overrides())
    report.resolution = res
    grouped: dict[str, list[Document]] = {}
    for d in all_docs:
        grouped.setdefault(_source_key(d.source.path), []).append(d)
    vocab = _vocab(vocab_files)
    contributions = build_contributions(sorted(grouped.items()), res, vocab)
    for f in by_source:  # a source whose documents all merged into others still has a Source
        contributions.setdefault(f, Contribution(f))
    report.seconds["resolve"] = time.perf_counter() - t2

    # 3. load: retract vanished or broken sources, write changed contributions
    t3 = time.perf_counter()
    try:
        for key, old in existing.items():
            if key == VOCABULARY_SOURCE or key in contributions:
                continue
            failed_now = key in hashes or key in present  # failed this time: keep what it had
            if not failed_now and (_within(key, roots) or old["status"] != "complete"):
                store.retract(key)
                store.write("MATCH (s:Source {key: $k}) DETACH DELETE s", {"k": key})
                report.retracted += 1
        _load(store, report, contributions, existing, hashes, cached_json, version, tick)
    except StoreError as e:  # the server stopped answering: say what the next build redoes
        raise StoreError(f"{e}; {_redo(contributions, existing)}") from e
    report.seconds["load"] = time.perf_counter() - t3
    report.counts = store.counts()
    report.seconds["total"] = time.perf_counter() - t0
    return report


def _redo(contributions: dict[str, Contribution], existing: dict[str, dict[str, Any]]) -> str:
    """Which sources the next build redoes after a load that did not finish: those this
    build was to write (new or changed)."""

    def unchanged(key: str) -> bool:
        old = existing.get(key)
        if old is None or old["status"] != "complete":
            return False
        return bool(old["fingerprint"] == contributions[key].fingerprint())

    redo = sorted(k for k in contributions if k != VOCABULARY_SOURCE and not unchanged(k))
    names = ", ".join(os.path.basename(k) for k in redo[:5]) + (" ..." if len(redo) > 5 else "")
    return (
        f"the build did not finish: run it again to redo its {len(redo)} new or changed "
        f"sources ({names})"
        if redo
        else "run the build again"
    )


def _load(
    store: GraphStore,
    report: BuildReport,
    contributions: dict[str, Contribution],
    existing: dict[str, dict[str, Any]],
    hashes: dict[str, str],
    cached_json: dict[str, str],
    version: str,
    tick: Progress,
) -> None:
    total = len(contributions)
    pending: list[Pending] = []
    recached: list[dict[str, Any]] = []
    for i, (key, c) in enumerate(sorted(contributions.items()), start=1):
        old = existing.get(key)
        fingerprint = c.fingerprint()  # serialises every row: computed once per source
        if old and old["status"] == "complete" and old["fingerprint"] == fingerprint:
            report.unchanged += 1
            if key in cached_json and (old["version"], old["sha256"]) != (version, hashes[key]):
                # extracted again (another engine or version, an edited file) to the same
                # graph: the cache takes the new key, or every later build would extract again
                props = {"version": version, "sha256": hashes[key], "documents": cached_json[key]}
                recached.append({"key": key, "props": props})
            continue
        if old and old["status"] != "complete":
            report.recovered += 1
        meta = {
            "path": key,
            "sha256": hashes.get(key, ""),
            "version": version,
            "model": GRAPH_MODEL,
        }
        pending.append(Pending(c, meta, cached_json.get(key), old is None, fingerprint))
        if len(pending) >= LOAD_BATCH or sum(p.contribution.size() for p in pending) > 20_000:
            write_contributions(store, pending)
            report.written += len(pending)
            pending = []
            tick("load", i, total, key)  # sources up to i are complete
    write_contributions(store, pending)
    report.written += len(pending)
    if recached:
        store.upsert_nodes(SOURCE, recached, batch=200)
    tick("load", total, total, "")


def _run_extraction(
    todo: list[str],
    vocab_files: tuple[str, ...],
    jobs: int,
    executor: Executor | None,
    tick: Progress,
    bounds: tuple[float, int] = (FILE_SECONDS, FILE_MEMORY),
    pdf_engine: str = "pdfminer",
) -> list[dict[str, Any]]:
    if not todo:
        return []
    seconds, memory = bounds
    results: list[dict[str, Any]] = []
    if executor is None and jobs <= 1:
        for i, f in enumerate(todo, start=1):
            results.append(extract_source(f, vocab_files, seconds, pdf_engine))
            tick("extract", i, len(todo), f)
        return results
    own = executor is None
    ex = executor or ProcessPoolExecutor(
        max_workers=min(jobs, len(todo)),
        initializer=_worker_init,
        initargs=(os.getpid(), memory),
    )
    try:
        # biggest files first keeps the workers busy to the end
        order = sorted(todo, key=lambda f: -_size(f))
        futures = [ex.submit(extract_source, f, vocab_files, seconds, pdf_engine) for f in order]
        for i, (f, fut) in enumerate(zip(order, futures, strict=True), start=1):
            try:
                results.append(fut.result())
            except (Exception, FileTimeout) as e:  # a worker died (out of memory, a C crash)
                results.append({"path": f, "error": f"the extraction process failed ({e})"})
            tick("extract", i, len(todo), f)
    finally:
        if own:
            ex.shutdown(cancel_futures=True)
    return results


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
