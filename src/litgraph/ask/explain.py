"""`litgraph resolve --explain`: redo resolution over the documents cached in the store."""

from __future__ import annotations

import json

from ..errors import LitgraphError
from ..model import Document, document_from_dict
from ..resolve import describe, load_overrides, prepare_documents, resolve
from ..store import GraphStore


def cached_documents(store: GraphStore) -> list[Document]:
    rows = store.query(
        "MATCH (s:Source) WHERE s.documents IS NOT NULL "
        "RETURN s.key AS k, s.documents AS d ORDER BY k"
    )
    return [document_from_dict(d) for r in rows for d in json.loads(r["d"])]


def explain_entity(store: GraphStore, key_or_name: str, config_path: str | None) -> list[str]:
    docs = cached_documents(store)
    if not docs:
        raise LitgraphError("the store has no built documents: run `litgraph build FOLDER` first")
    res = resolve(prepare_documents(docs), load_overrides(config_path))
    return describe(res, key_or_name)
