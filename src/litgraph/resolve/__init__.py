"""Entity resolution: one Author per person, one Work per work, across all documents.

`prepare_documents` readies extracted documents (unlisted citations, .bib merged in),
`resolve` merges them (author rules in `authors`, work rules in `works`), and `describe`
explains every merge and refusal.
"""

from .prepare import merge_bib, prepare_documents
from .resolution import (
    AuthorEntity,
    Overrides,
    Resolution,
    WorkEntity,
    describe,
    load_overrides,
    resolve,
)

__all__ = [
    "AuthorEntity",
    "Overrides",
    "Resolution",
    "WorkEntity",
    "describe",
    "load_overrides",
    "merge_bib",
    "prepare_documents",
    "resolve",
]
