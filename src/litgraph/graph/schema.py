"""The graph model, declared once: node labels and their keys and properties, relationship
types with their end labels, and the indexes every store creates before any write.

The builder (`graph.contributions`), both stores (indexes and constraints), the exports and the
README's "Graph model" section read these declarations; nothing else spells a label.
"""

from __future__ import annotations

from dataclasses import dataclass

WORK, AUTHOR, CONCEPT, SOURCE = "Work", "Author", "Concept", "Source"
AUTHORED, CITES, MENTIONS, CREDITED, DEFINES, DESCRIBES = (
    "AUTHORED", "CITES", "MENTIONS", "CREDITED", "DEFINES", "DESCRIBES",
)  # fmt: skip
# between concepts, from the vocabulary: narrower -> broader, older -> successor, and
# concepts often taken for one another that are not the same (homonyms, rivals)
BROADER, SUCCEEDED_BY, DISTINCT_FROM = "BROADER", "SUCCEEDED_BY", "DISTINCT_FROM"

# The source that contributes the vocabulary's concepts and BROADER relationships.
VOCABULARY_SOURCE = "vocabulary"
MAX_CONTEXTS = 20  # evidence sentences kept per relationship and source


@dataclass(frozen=True)
class NodeIndex:
    """A node label whose `key` property is unique (indexed before any MERGE)."""

    label: str
    key: str = "key"
    unique: bool = True


# Properties of each node label (besides `key` and the provenance list `srcs`).
NODE_PROPS: dict[str, tuple[str, ...]] = {
    WORK: ("title", "year", "doi", "venue", "kind", "in_corpus"),
    AUTHOR: ("name", "family", "given"),
    CONCEPT: ("label", "origin", "description", "aliases"),
    SOURCE: ("path", "status", "sha256", "version"),
}
# The property a person reads as the node's name.
DISPLAY = {WORK: "title", AUTHOR: "name", CONCEPT: "label", SOURCE: "path"}
# Relationship types and the labels they join: (type, start label, end label).
REL_TYPES: tuple[tuple[str, str, str], ...] = (
    (AUTHORED, AUTHOR, WORK), (CITES, WORK, WORK), (MENTIONS, WORK, CONCEPT),
    (CREDITED, WORK, CONCEPT), (DEFINES, WORK, CONCEPT), (BROADER, CONCEPT, CONCEPT),
    (SUCCEEDED_BY, CONCEPT, CONCEPT), (DISTINCT_FROM, CONCEPT, CONCEPT), (DESCRIBES, SOURCE, WORK),
)  # fmt: skip
SCHEMA = tuple(NodeIndex(label) for label in (WORK, AUTHOR, CONCEPT, SOURCE))
