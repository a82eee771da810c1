"""Graph stores: `open_store(url)` picks the adapter from the URL.

- `embedded:PATH` (or a bare path): FalkorDB started by litgraph for that directory.
- `neo4j://`, `neo4j+s://`, `bolt://`, `bolt+s://`: Neo4j through the official driver.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ConfigError
from .base import (
    DEFAULT_READ_TIMEOUT,
    DEFAULT_WRITE_TIMEOUT,
    GraphStore,
    NodeIndex,
    is_write_query,
    require_read_only,
)
from .neo4j_store import SCHEMES

__all__ = [
    "GraphStore",
    "NodeIndex",
    "is_write_query",
    "open_store",
    "redact",
    "require_read_only",
]


def redact(url: str) -> str:
    """Hide a password written into a URL (`bolt://user:secret@host` -> `bolt://user:***@host`)."""
    return re.sub(r"(//[^/:@]+):[^@/]*@", r"\1:***@", url)


def open_store(
    url: str,
    *,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    write_timeout: float = DEFAULT_WRITE_TIMEOUT,
) -> GraphStore:
    """Open the store a URL names (timeouts in seconds per query)."""
    if url.startswith(SCHEMES):
        from .neo4j_store import Neo4jStore

        return Neo4jStore(url, read_timeout=read_timeout, write_timeout=write_timeout)
    if "://" in url:
        raise ConfigError(
            f"unknown store URL {redact(url)!r}: use embedded:PATH, neo4j://HOST:7687 or "
            "bolt://HOST:7687"
        )
    path = url.removeprefix("embedded:") or ".litgraph"
    from .embedded import EmbeddedStore

    p = Path(path).expanduser()
    if p.exists() and not p.is_dir():
        raise ConfigError(f"the store path {p} exists and is not a directory")
    return EmbeddedStore(p, read_timeout=read_timeout, write_timeout=write_timeout)
