"""Extraction of one file, in worker processes (or any Executor): bounded in time and memory,
never raising; a file fault becomes an error record."""

from __future__ import annotations

import _thread
import os
import resource
import signal
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

from ..errors import ExtractionError, LitgraphError
from ..extract.concepts import Vocabulary, load_vocabulary
from ..keys import sha256_file
from ..model import document_to_dict
from ..sources.scan import file_problem, is_bib
from .report import Progress

FILE_SECONDS = 300.0  # one file's extraction time bound
FILE_MEMORY = 2 << 30  # bytes of address space an extraction worker may use

# --- extraction (runs in worker processes) ---------------------------------------------------

_VOCAB: dict[tuple[str, ...], Vocabulary] = {}


def vocabulary_for(files: tuple[str, ...]) -> Vocabulary:
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
        vocab = vocabulary_for(vocab_files)
        sha = sha256_file(path)
        warnings: list[str] = []
        if is_bib(path):
            from ..extract.document import extract_bib

            docs, warnings = extract_bib(path, vocab, sha)
        else:
            from ..extract.document import extract_file, file_warnings

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


def run_extraction(
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
