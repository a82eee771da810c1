"""`litgraph resolve --explain`: redo resolution over the documents cached in the store, or over
documents extracted from files given on the command line (no store needed)."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import ExtractionError, LitgraphError
from ..extract.concepts import load_vocabulary
from ..extract.document import extract_bib, extract_file
from ..graph.schema import SOURCE, VOCABULARY_SOURCE
from ..keys import sha256_file
from ..model import Document, cached_json, documents_from_json, unpack_text
from ..resolve import describe, load_overrides, prepare_documents, resolve
from ..resolve.around import explain_around
from ..resolve.ledger import LEDGER_ERRORS, Ledger, ledger_path
from ..sources.scan import discover, is_bib
from ..store import GraphStore


def cached_documents(store: GraphStore) -> list[Document]:
    """What resolution read at the last build: each source's resolution views (its cached
    documents when the store was built before views were kept)."""
    rows = store.query(
        "MATCH (s:Source) WHERE s.views IS NOT NULL AND s.views <> '' "
        "RETURN s.key AS k, s.views AS v ORDER BY k"
    )
    if rows:
        return [d for r in rows for d in documents_from_json(unpack_text(r["v"]))]
    rows = store.query(
        "MATCH (s:Source) WHERE s.documents IS NOT NULL "
        "RETURN s.key AS k, s.documents AS d ORDER BY k"
    )
    return [d for r in rows for d in documents_from_json(cached_json(r["d"]))]


def extracted_documents(
    paths: Sequence[str], vocabulary: Sequence[str] = ()
) -> tuple[list[Document], list[tuple[str, str]]]:
    """The documents of the files under `paths` (a .bib gives one per entry), as a build would
    extract them, and the files that failed with the reason."""
    vocab = load_vocabulary(list(vocabulary))
    docs: list[Document] = []
    failures: list[tuple[str, str]] = []
    for path in discover(list(paths)):
        try:
            if is_bib(path):
                docs.extend(extract_bib(path, vocab, sha256_file(path))[0])
            else:
                docs.append(extract_file(path, vocab))
        except ExtractionError as e:
            failures.append((path, e.reason))
        except LitgraphError as e:  # e.g. a .bib that cannot be parsed at all
            failures.append((path, str(e)))
    return docs, failures


def explain_documents(docs: list[Document], key_or_name: str, config_path: str | None) -> list[str]:
    """Why the entity `key_or_name` was resolved as it was, over `docs`."""
    res = resolve(prepare_documents(docs), load_overrides(config_path))
    return describe(res, key_or_name)


def explain_entity(store: GraphStore, key_or_name: str, config_path: str | None) -> list[str]:
    """Explanation of what the last build resolved: from its resolution ledger, resolving only
    the entity's neighbourhood, or (overrides given, no ledger, a title phrase) over every
    document cached in the store."""
    overrides = load_overrides(config_path)
    if not (overrides.same or overrides.different):
        lines = _from_ledger(store, key_or_name)
        if lines is not None:
            return lines
    docs = cached_documents(store)
    if not docs:
        raise LitgraphError("the store has no built documents: run `litgraph build FOLDER` first")
    return explain_documents(docs, key_or_name, config_path)


def _from_ledger(store: GraphStore, key_or_name: str) -> list[str] | None:
    path = ledger_path(store)
    if not path.is_file():
        return None
    rows = store.query(
        f"MATCH (s:{SOURCE} {{key: $k}}) RETURN s.ledger AS t", {"k": VOCABULARY_SOURCE}
    )
    token = rows[0]["t"] if rows else None
    try:
        ledger = Ledger(path)
        try:
            return explain_around(ledger, key_or_name) if token and ledger.token == token else None
        finally:
            ledger.close()
    except LEDGER_ERRORS:  # unreadable: the cached documents say the same, more slowly
        return None


def explain_files(
    paths: Sequence[str],
    key_or_name: str,
    config_path: str | None,
    vocabulary: Sequence[str] = (),
) -> list[str]:
    """Explanation over the files under `paths`, extracted now (no store)."""
    docs, failures = extracted_documents(paths, vocabulary)
    if not docs:
        raise LitgraphError(f"no readable papers under {', '.join(paths)}")
    return explain_documents(docs, key_or_name, config_path) + [
        f"skipped {path}: {reason}" for path, reason in failures
    ]
