"""Graph stores: `open_store(url)` picks the adapter from the URL.

- `embedded:PATH` (or a bare path): FalkorDB started by litgraph for that directory.
- `neo4j://`, `neo4j+s://`, `bolt://`, `bolt+s://`: Neo4j through the official driver.
"""

from __future__ import annotations

from .base import (
    DEFAULT_READ_TIMEOUT,
    DEFAULT_WRITE_TIMEOUT,
    GraphStore,
    NodeIndex,
    is_write_query,
    require_read_only,
)
from .urls import StoreUrl, parse_store_url, redact, require_built, require_store_or_new

__all__ = [
    "GraphStore",
    "NodeIndex",
    "StoreUrl",
    "is_write_query",
    "open_store",
    "parse_store_url",
    "redact",
    "require_built",
    "require_read_only",
    "require_store_or_new",
]


def open_store(
    url: str,
    *,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    write_timeout: float = DEFAULT_WRITE_TIMEOUT,
) -> GraphStore:
    """Open the store a URL names (timeouts in seconds per query); a typo is an error."""
    u = parse_store_url(url)
    if u.kind == "neo4j":
        from .neo4j_store import Neo4jStore

        return Neo4jStore(url, read_timeout=read_timeout, write_timeout=write_timeout)
    from .embedded import EmbeddedStore

    assert u.path is not None
    return EmbeddedStore(u.path, read_timeout=read_timeout, write_timeout=write_timeout)
