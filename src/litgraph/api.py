"""The library API: what `import litgraph` offers, in the order data flows.

    import litgraph
    with litgraph.open_store("embedded:.litgraph") as store:
        litgraph.build(["papers/"], store)
        answer = litgraph.link(store, "Ostrom", "Osborne")
        print(answer.concepts[0].label)  # e.g. Co-production; answer.to_json() for JSON

The CLI is a thin layer over these functions; each is documented where it lives.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import TextIO

from .ask.clusters import clusters, work_measures
from .ask.entities import find, show
from .ask.lineage import lineage
from .ask.link import link
from .ask.snapshot import read_graph
from .errors import ConfigError
from .extract.document import extract_file
from .pipeline import build
from .present.export import check_format, labels_for, write_graph
from .present.vosviewer import write_vosviewer
from .store import GraphStore, open_store

__all__ = [
    "build",
    "clusters",
    "export_graph",
    "extract_file",
    "find",
    "lineage",
    "link",
    "open_executor",
    "open_store",
    "read_graph",
    "show",
    "write_vosviewer",
]


def export_graph(
    store: GraphStore,
    fmt: str,
    out: TextIO | str | Path,
    *,
    include_sources: bool = False,
    page: int | None = None,
    measures: bool = True,
) -> dict[str, int]:
    """Read the graph from `store` and write it in `fmt` (graphml, gexf, json, csv, bibtex).

    With `measures`, works carry their cluster, betweenness and citations received."""
    fmt = check_format(fmt)
    kw = {"page": page} if page else {}
    g = read_graph(store, labels_for(fmt, include_sources), evidence=fmt == "json", **kw)
    if measures and fmt != "bibtex":
        found = work_measures(store)
        for n in g.nodes:
            if n.type == "Work" and n.key in found:
                n.props.update(found[n.key])
    return write_graph(g, fmt, out)


DASK = "dask://"


@contextlib.contextmanager
def open_executor(url: str | None, *, timeout: float = 20.0) -> Iterator[Executor | None]:
    """The executor a build extracts on: None (local processes) or `dask://HOST:PORT`, the
    workers of a dask.distributed cluster (they need litgraph installed and the papers at the
    same paths, e.g. on a shared file system)."""
    if not url:
        yield None
        return
    if not url.startswith(DASK) or not url[len(DASK) :]:
        raise ConfigError(f"unknown executor {url!r}: use dask://HOST:PORT (a dask scheduler)")
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError(
            "dask executors need dask.distributed: pip install 'litgraph[dask]'"
        ) from None
    address = "tcp://" + url[len(DASK) :]
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError) as e:
        raise ConfigError(f"cannot reach the dask scheduler at {address}: {e}") from None
    try:
        yield client.get_executor()
    finally:
        client.close()
