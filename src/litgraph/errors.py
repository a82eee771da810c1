"""One exception root. Every message says what happened and what to do next."""

from __future__ import annotations


class LitgraphError(Exception):
    """Base of every error litgraph reports to a user (never shown as a traceback)."""


class ConfigError(LitgraphError):
    """A setting is missing or wrong."""


class StoreError(LitgraphError):
    """The graph store cannot be opened, reached or queried."""


class StoreLockedError(StoreError):
    """Another litgraph process holds the embedded store."""


class QueryError(StoreError):
    """A Cypher query failed (syntax, timeout, write refused in read-only mode)."""


class ExtractionError(LitgraphError):
    """A source file could not be read or extracted; the message names the file."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
