"""build(paths, store) -> BuildReport: discover, extract, resolve, load."""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import EXTRACTOR_VERSION
from ..errors import StoreError
from ..extract.concepts import Vocabulary
from ..graph.contributions import (
    Contribution,
    GraphWide,
    graph_wide,
    signature,
    source_contribution,
    vocabulary_contribution,
)
from ..graph.schema import GRAPH_MODEL, SCHEMA, SOURCE, VOCABULARY_SOURCE
from ..model import (
    Document,
    cached_json,
    document_from_dict,
    documents_from_json,
    documents_json,
    pack_text,
    packed,
    unpack_text,
)
from ..resolve import Overrides, Resolution, prepare_documents, resolve
from ..resolve.ledger import LEDGER_ERRORS, Ledger, ledger_path
from ..resolve.prepare import prepared_like, resolution_view
from ..sources.pdf import check_engine
from ..sources.scan import scan
from ..store import GraphStore
from . import extraction
from .extraction import run_extraction, vocabulary_for
from .incremental import record_library, update
from .library import (
    Checksums,
    checksums,
    existing_sources,
    nothing_changed,
    pack,
    read_property,
    settings_digest,
    unpack,
)
from .report import BuildReport, Progress
from .writing import Pending, batch_size, retract_sources, write_contributions

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


def _migrate(store: GraphStore, existing: dict[str, dict[str, Any]]) -> None:
    """A store written by a build that stored the graph another way (one relationship per
    source; authorship with sources): the graph goes, the Sources and their cached documents
    stay, and every source counts as changed, so this build writes it again."""
    if all(old["model"] == GRAPH_MODEL for old in existing.values()):
        return
    store.write("MATCH (n) WHERE NOT n:Source DETACH DELETE n")
    store.write("MATCH (s:Source) SET s.footprint = '', s.signature = null")
    for old in existing.values():
        old["fingerprint"], old["signature"] = "", None


def _within(path: str, roots: Sequence[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


@dataclass
class _Library:
    """The sources of this build: their documents' resolution views, and the documents just
    extracted (compressed) waiting to be written."""

    views: dict[str, list[Document]] = field(default_factory=dict)
    fresh: dict[str, bytes] = field(default_factory=dict)
    viewless: set[str] = field(default_factory=set)  # cached without views (an older store)

    def add(self, key: str, docs: list[Document]) -> None:
        self.views[key] = [resolution_view(d) for d in docs]


def _read_cached(store: GraphStore, lib: _Library, keys: list[str]) -> list[str]:
    """Views of the unchanged sources, a page at a time; returns the keys whose cache is gone."""
    for key, text in read_property(store, keys, "views"):
        if text:
            lib.views[key] = documents_from_json(unpack_text(text))
    older = [k for k in keys if k not in lib.views]
    for key, text in read_property(store, older, "documents"):
        if text:
            lib.add(key, documents_from_json(cached_json(text)))
            lib.viewless.add(key)
    return [k for k in keys if k not in lib.views]


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
    overrides = overrides or Overrides()
    settings = settings_digest(version, overrides)
    found = scan(list(paths))
    roots = [str(Path(p).expanduser().resolve()) for p in paths]
    report.failures.extend(found.problems)
    report.files = len(found.files) + len(found.problems)
    store.ensure_schema(SCHEMA)
    existing = {} if rebuild else existing_sources(store)
    if rebuild:
        store.clear()
    _migrate(store, existing)
    sums = checksums(found.files, existing)
    report.failures.extend(sums.failures)
    present = {p for p, _ in found.problems} | {p for p, _ in sums.failures}  # unreadable now

    def vanished() -> list[str]:
        return sorted(
            key
            for key, old in existing.items()
            if key != VOCABULARY_SOURCE and key not in sums.sha256 and key not in present
            and (_within(key, roots) or old["status"] != "complete")
        )  # fmt: skip

    report.seconds["scan"] = time.perf_counter() - t0
    if nothing_changed(existing, sums, version, settings, vanished()):
        report.cached, report.unchanged = len(sums.sha256), len(sums.sha256) + 1
        report.pages = sum(int(existing[f].get("pages") or 0) for f in sums.sha256)
        report.counts = store.counts()
        report.seconds["total"] = time.perf_counter() - t0
        return report

    # 1. documents: new and changed files extracted; the views of unchanged ones read from the
    # store unless the ledger re-resolves only what the change touches
    t1 = time.perf_counter()
    lib = _Library()
    cached = [
        f for f, sha in sums.sha256.items()
        if (old := existing.get(f)) and old["status"] == "complete" and old["sha256"] == sha
        and old["version"] == version
    ]  # fmt: skip
    ledger = None if overrides.same or overrides.different else _open_ledger(store, report)
    try:
        return _build_rest(
            store, report, existing, sums, version, settings, overrides, vocab_files, lib, cached,
            ledger, vanished(), (jobs, executor, tick, pdf_engine, file_seconds, file_memory),
            t0, t1,
        )  # fmt: skip
    finally:
        if ledger is not None:
            ledger.close()


def _open_ledger(store: GraphStore, report: BuildReport) -> Ledger | None:
    path = ledger_path(store)
    try:
        return Ledger(path)
    except LEDGER_ERRORS as e:
        _warn_ledger(report, path, e)
        return None


def _warn_ledger(report: BuildReport, path: Path, e: Exception) -> None:
    why = (f"the resolution ledger cannot be used ({e}); builds resolve the whole library "
           "until it can be written (free space, or make the folder writable)")  # fmt: skip
    report.warnings.append((str(path), why))


def _drop_ledger(ledger: Ledger, report: BuildReport, e: Exception) -> None:
    _warn_ledger(report, ledger.path, e)
    try:
        ledger.close()
    except LEDGER_ERRORS:
        pass


def _incremental(
    ledger: Ledger | None,
    existing: dict[str, dict[str, Any]],
    settings: str,
    cached: list[str],
    changes: int,
) -> bool:
    """Whether this build may re-resolve only what changed: the ledger is the one the graph
    was last written with, and the change is small beside the library."""
    vocab = existing.get(VOCABULARY_SOURCE) or {}
    if ledger is None or not ledger.token or vocab.get("ledger") != ledger.token:
        return False
    if vocab.get("settings") != settings or vocab.get("status") != "complete":
        return False
    if any(old["status"] != "complete" for old in existing.values()):
        return False
    if any(old.get("signature") is None for k, old in existing.items() if k != VOCABULARY_SOURCE):
        return False  # written by an older build (another graph model): every source again
    return changes <= max(INCREMENTAL_MIN, INCREMENTAL_SHARE * len(cached))


# a change of more files than this (or this share of the library) resolves the whole library
INCREMENTAL_MIN, INCREMENTAL_SHARE = 50, 0.05


def _build_rest(
    store: GraphStore, report: BuildReport, existing: dict[str, dict[str, Any]],
    sums: Checksums, version: str, settings: str, overrides: Overrides,
    vocab_files: tuple[str, ...], lib: _Library,
    cached: list[str], ledger: Ledger | None, gone: list[str],
    how: tuple[int, Executor | None, Progress, str, float | None, int | None],
    t0: float, t1: float,
) -> BuildReport:  # fmt: skip
    jobs, executor, tick, pdf_engine, file_seconds, file_memory = how
    bounds = (
        extraction.FILE_SECONDS if file_seconds is None else file_seconds,
        extraction.FILE_MEMORY if file_memory is None else file_memory,
    )

    def extract(files: list[str]) -> None:
        for r in run_extraction(files, vocab_files, jobs, executor, tick, bounds, pdf_engine):
            if "error" in r:
                report.failures.append((r["path"], r["error"]))
                continue
            report.warnings.extend((r["path"], w) for w in r.get("warnings", []))
            docs = [document_from_dict(d) for d in r["documents"]]
            lib.add(r["path"], docs)
            lib.fresh[r["path"]] = pack(json.dumps(r["documents"], ensure_ascii=False))
            report.extracted += 1

    todo = sorted(set(sums.sha256) - set(cached))
    incremental = _incremental(ledger, existing, settings, cached, len(todo) + len(gone))
    if not incremental:
        lost = set(_read_cached(store, lib, cached))
        todo = sorted(f for f in sums.sha256 if f not in lib.views)
    extract(todo)
    report.seconds["extract"] = time.perf_counter() - t1

    # 2. resolution: of what the change touches, or of every document's view; which sources
    # must be written again
    t2 = time.perf_counter()
    vocab = vocabulary_for(vocab_files)
    upd = None
    if incremental and ledger is not None:
        touched = [f for f in cached if (existing[f].get("size"), existing[f].get("mtime"))
                   != sums.stat.get(f)]  # fmt: skip
        try:
            upd = update(ledger, store, dict(lib.views), gone, touched, vocab)
            if upd is None:  # the change needs the whole library
                ledger.rollback()
        except LEDGER_ERRORS as e:
            _drop_ledger(ledger, report, e)
            ledger = None
        if upd is None:
            t = time.perf_counter()
            lost = set(_read_cached(store, lib, cached))
            extract(sorted(lost))
            report.seconds["extract"] += time.perf_counter() - t
    if upd is not None:
        lost = set()
        report.regrouped = upd.regrouped
        lib.views.update(upd.views)
        res, wide, grouped, signatures = upd.res, upd.wide, upd.grouped, upd.signatures
        report.pages = sum(d.source.pages or 0 for f in lib.views for d in lib.views[f]) + sum(
            int(existing[f].get("pages") or 0) for f in cached if f not in lib.views
        )
    else:
        report.pages = sum(d.source.pages or 0 for ds in lib.views.values() for d in ds)
        prepared = prepare_documents([d for f in sorted(lib.views) for d in lib.views[f]])
        res = resolve(prepared, overrides, explain=False)  # a build keeps no explanation
        report.resolution = res
        wide = graph_wide(prepared, res, vocab)
        grouped = {f: [] for f in lib.views}
        for d in prepared:
            grouped[_source_key(d.source.path)].append(d)
        signatures = {f: signature(docs, res, wide) for f, docs in grouped.items()}
        if ledger is not None:
            try:
                record_library(ledger, grouped, lib.views, res, wide, vocab)
            except LEDGER_ERRORS as e:
                _drop_ledger(ledger, report, e)
                ledger = None
    report.cached = len(cached) - len(lost)
    todo_write = sorted(
        f for f in grouped
        if f in lib.fresh or f in lib.viewless or existing[f]["status"] != "complete"
        or existing[f].get("signature") != signatures[f]
    )  # fmt: skip
    report.seconds["resolve"] = time.perf_counter() - t2

    # 3. load: retract vanished or broken sources, write changed contributions
    t3 = time.perf_counter()
    plan = _Plan(store, report, existing, sums, version, lib, grouped, signatures)
    try:
        if (existing.get(VOCABULARY_SOURCE) or {}).get("ledger"):
            store.upsert_nodes(SOURCE, [{"key": VOCABULARY_SOURCE, "props": {"ledger": ""}}])
        retract_sources(store, gone)
        report.retracted += len(gone)
        plan.load([VOCABULARY_SOURCE, *todo_write], vocab, res, wide, tick)
        plan.restamp(sorted(set(grouped) - set(todo_write)))
        token = ""
        if ledger is not None:
            try:
                ledger.commit(uuid.uuid4().hex)
                token = ledger.token
            except LEDGER_ERRORS as e:
                _drop_ledger(ledger, report, e)
        props = {"settings": settings, "ledger": token}
        store.upsert_nodes(SOURCE, [{"key": VOCABULARY_SOURCE, "props": props}])
    except StoreError as e:  # the server stopped answering: say what the next build redoes
        raise StoreError(f"{e}; {plan.redo()}") from e
    library = len(cached) - len(lost) + report.extracted
    report.unchanged += library - len(todo_write)
    report.seconds["load"] = time.perf_counter() - t3
    report.counts = store.counts()
    report.seconds["total"] = time.perf_counter() - t0
    return report


@dataclass
class _Plan:
    """Writing the sources that changed, in batches, each built from its documents only when
    its batch is written (memory stays that of one batch)."""

    store: GraphStore
    report: BuildReport
    existing: dict[str, dict[str, Any]]
    sums: Checksums
    version: str
    lib: _Library
    grouped: dict[str, list[Document]]
    signatures: dict[str, str]
    left: list[str] = field(default_factory=list)

    def meta(self, key: str) -> dict[str, Any]:
        size, mtime = self.sums.stat.get(key, (0, 0))
        views = self.lib.views.get(key, [])
        return {
            "path": key, "sha256": self.sums.sha256.get(key, ""), "version": self.version,
            "model": GRAPH_MODEL, "size": size, "mtime": mtime,
            "signature": self.signatures.get(key, ""), "views": pack_text(documents_json(views)),
            "pages": sum(d.source.pages or 0 for d in views),
        }  # fmt: skip

    def load(
        self, keys: list[str], vocab: Vocabulary, res: Resolution, wide: GraphWide, tick: Progress
    ) -> None:
        self.left = list(keys)
        prepared = {d.source.path: d for docs in self.grouped.values() for d in docs}
        size = batch_size(len(keys))
        for i in range(0, len(keys), size):
            batch = keys[i : i + size]
            stored = dict(
                read_property(
                    self.store,
                    [k for k in batch if k not in self.lib.fresh and k != VOCABULARY_SOURCE],
                    "documents",
                )
            )
            pending: list[Pending] = []
            restamped: list[dict[str, Any]] = []
            for key in batch:
                if key == VOCABULARY_SOURCE:
                    c, text = vocabulary_contribution(vocab), None
                    meta = {"path": key, "sha256": "", "version": self.version,
                            "model": GRAPH_MODEL}  # fmt: skip
                else:
                    fresh = self.lib.fresh.get(key)
                    text = packed(fresh) if fresh is not None else None
                    cached = unpack(fresh) if fresh is not None else stored.get(key)
                    docs = documents_from_json(cached_json(cached) if cached else "[]")
                    full = [prepared_like(d, prepared[d.source.path]) for d in docs
                            if d.source.path in prepared]  # fmt: skip
                    c, meta = source_contribution(key, full, res, vocab, wide), self.meta(key)
                self._one(key, c, meta, text, pending, restamped)
            write_contributions(self.store, pending)
            self.store.upsert_nodes(SOURCE, restamped, batch=200)
            self.report.written += len(pending)
            self.left = keys[i + len(batch) :]
            tick("load", min(i + len(batch), len(keys)), len(keys), batch[-1])

    def _one(
        self, key: str, c: Contribution, meta: dict[str, Any], text: str | None,
        pending: list[Pending], restamped: list[dict[str, Any]],
    ) -> None:  # fmt: skip
        """The source goes to `pending` to be written, or, when its graph is the one stored,
        only its new bookkeeping to `restamped`."""
        old = self.existing.get(key)
        fingerprint = c.fingerprint()
        if old and old["status"] == "complete" and old["fingerprint"] == fingerprint:
            # the same graph (a file extracted again to the same facts, another file's change
            # that did not reach this one): only the bookkeeping is new
            self.report.unchanged += 1
            props = {k: v for k, v in meta.items() if k != "path"}
            if text is not None:
                props["documents"] = text
            restamped.append({"key": key, "props": props})
            return
        if old and old["status"] != "complete":
            self.report.recovered += 1
        pending.append(Pending(c, meta, text, old is None, fingerprint))

    def restamp(self, keys: list[str]) -> None:
        """Unchanged sources whose bookkeeping is out of date (touched files, an older store
        without views)."""
        rows = []
        for key in keys:
            old = self.existing[key]
            size, mtime = self.sums.stat.get(key, (0, 0))
            if key in self.lib.viewless or (old.get("size"), old.get("mtime")) != (size, mtime):
                meta = self.meta(key)
                rows.append({"key": key, "props": {k: v for k, v in meta.items() if k != "path"}})
        self.store.upsert_nodes(SOURCE, rows, batch=200)

    def redo(self) -> str:
        """Which sources the next build redoes after a load that did not finish."""
        redo = [k for k in self.left if k != VOCABULARY_SOURCE]
        names = ", ".join(os.path.basename(k) for k in redo[:5]) + (" ..." if len(redo) > 5 else "")
        return (
            f"the build did not finish: run it again to redo its {len(redo)} new or changed "
            f"sources ({names})"
            if redo
            else "run the build again"
        )
