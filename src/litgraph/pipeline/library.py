"""What a build knows of the library already in the store, read without reading documents.

Each Source node keeps, besides its cached documents: the file's size and modification time
(so an untouched file is not hashed again), the resolution views of its documents (what
resolution reads: `resolve.prepare.resolution_view`), the signature of what its contribution
read from the whole build, and the footprint of what it wrote. The vocabulary's Source keeps the
digest of the settings the graph was resolved with. A build reads these in pages; it reads a
source's documents only when that source has to be written again.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..graph.contributions import CONTRIBUTION_RULES
from ..graph.schema import GRAPH_MODEL, SOURCE, VOCABULARY_SOURCE
from ..keys import sha256_file
from ..resolve import Overrides
from ..store import GraphStore

PAGE = 500  # sources read per query
_FIELDS = ("sha256", "version", "status", "fingerprint", "model", "size", "mtime", "signature",
           "pages", "settings", "ledger")  # fmt: skip


_INTS = ("size", "mtime", "pages")
_SEP = "\x1f"  # the unit separator: in no path


def existing_sources(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Every Source's bookkeeping (not its documents), by key: one string per source (a large
    library's bookkeeping is read five times faster than as separate values)."""
    cols = " + $sep + ".join(f"coalesce(toString(s.{f}), '')" for f in _FIELDS)
    rows = store.query(f"MATCH (s:Source) RETURN s.key + $sep + {cols} AS row", {"sep": _SEP})
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        key, *values = r["row"].split(_SEP)
        old: dict[str, Any] = {"key": key}
        for name, value in zip(_FIELDS, values):
            old[name] = (int(value) if name in _INTS else value) if value != "" else None
        out[key] = old
    return out


def settings_digest(version: str, overrides: Overrides) -> str:
    """What the graph was resolved and written with besides the files: the extraction version,
    the overrides, the graph model, the contribution rules and litgraph's own version."""
    data = [version, overrides.same, overrides.different, GRAPH_MODEL, CONTRIBUTION_RULES,
            __version__]  # fmt: skip
    return hashlib.sha256(json.dumps(data, default=list).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Checksums:
    sha256: dict[str, str]  # path -> checksum
    stat: dict[str, tuple[int, int]]  # path -> (size, mtime in ns)
    failures: list[tuple[str, str]]


def checksums(files: Iterable[str], existing: dict[str, dict[str, Any]]) -> Checksums:
    """Each file's sha256; a file whose size and modification time are those recorded with
    its checksum is not read again (as git and make do)."""
    out = Checksums({}, {}, [])
    for f in files:
        try:
            st = os.stat(f)
            stat = (st.st_size, st.st_mtime_ns)
            old = existing.get(f)
            if old and old.get("sha256") and (old.get("size"), old.get("mtime")) == stat:
                out.sha256[f] = str(old["sha256"])
            else:
                out.sha256[f] = sha256_file(f)
            out.stat[f] = stat
        except OSError as e:  # it changed since the scan
            out.failures.append((f, f"cannot be read ({e.strerror or e})"))
    return out


def nothing_changed(
    existing: dict[str, dict[str, Any]],
    sums: Checksums,
    version: str,
    settings: str,
    retractable: Iterable[str],
) -> bool:
    """True when a build would change nothing: every file is stored complete with its checksum
    and extraction version, no stored source is to be retracted, and the graph was resolved
    with the same settings."""
    vocab = existing.get(VOCABULARY_SOURCE)
    if vocab is None or vocab.get("settings") != settings or vocab.get("status") != "complete":
        return False
    if any(True for _ in retractable):
        return False
    for f, sha in sums.sha256.items():
        old = existing.get(f)
        if old is None or old["status"] != "complete" or old["version"] != version:
            return False
        if old["sha256"] != sha or old.get("signature") is None:
            return False
    return True


# --- documents and their resolution views, read in pages -------------------------------------


def _pages(keys: Sequence[str]) -> Iterator[list[str]]:
    for i in range(0, len(keys), PAGE):
        yield list(keys[i : i + PAGE])


def read_property(store: GraphStore, keys: Sequence[str], prop: str) -> Iterator[tuple[str, Any]]:
    """(key, value of `prop`) of the given Sources, a page of sources per query."""
    q = f"UNWIND $keys AS k MATCH (s:{SOURCE} {{key: k}}) RETURN s.key AS key, s.{prop} AS value"
    for page in _pages(sorted(keys)):
        for r in store.query(q, {"keys": page}):
            yield r["key"], r["value"]


def pack(text: str) -> bytes:
    """Newly extracted documents wait for the load compressed (a fifth of the memory)."""
    return zlib.compress(text.encode(), 1)


def unpack(data: bytes) -> str:
    return zlib.decompress(data).decode()
