"""build(paths, store) -> BuildReport: discover, extract, resolve, load."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from .. import EXTRACTOR_VERSION
from ..errors import StoreError
from ..graph.contributions import Contribution, build_contributions
from ..graph.schema import GRAPH_MODEL, SCHEMA, VOCABULARY_SOURCE
from ..keys import sha256_file
from ..model import Document, document_from_dict
from ..resolve import Overrides, prepare_documents, resolve
from ..sources.pdf import check_engine
from ..sources.scan import scan
from ..store import GraphStore
from . import extraction
from .extraction import run_extraction, vocabulary_for
from .report import BuildReport, Progress
from .writing import load_contributions

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
    """A store written by a build that stored the graph another way (one relationship per
    source; authorship with sources): the graph goes, the Sources and their cached documents
    stay, and every source counts as changed, so this build writes it again."""
    if all(old["model"] == GRAPH_MODEL for old in existing.values()):
        return
    store.write("MATCH (n) WHERE NOT n:Source DETACH DELETE n")
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
        extraction.FILE_SECONDS if file_seconds is None else file_seconds,
        extraction.FILE_MEMORY if file_memory is None else file_memory,
    )
    results = run_extraction(todo, vocab_files, jobs, executor, tick, bounds, pdf_engine)
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
    vocab = vocabulary_for(vocab_files)
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
        load_contributions(
            store, report, contributions, existing, hashes, cached_json, version, tick
        )
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
