"""The graph model, declared once: node labels and their keys and properties, relationship
types with their end labels and properties, how a relationship several sources assert combines
their values, and the indexes every store creates before any write.

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


# Properties of each node label (besides `key` and, on a vocabulary concept, the provenance
# list `srcs`; a Source also caches its extracted documents in `documents`, which no export or
# question reads).
NODE_PROPS: dict[str, tuple[str, ...]] = {
    WORK: ("title", "year", "doi", "venue", "kind", "in_corpus"),
    AUTHOR: ("name", "family", "given"),
    CONCEPT: ("label", "origin", "description", "aliases"),
    SOURCE: ("path", "status", "sha256", "version", "fingerprint", "model"),
}
# The property a person reads as the node's name.
DISPLAY = {WORK: "title", AUTHOR: "name", CONCEPT: "label", SOURCE: "path"}
# Relationship types and the labels they join: (type, start label, end label).
REL_TYPES: tuple[tuple[str, str, str], ...] = (
    (AUTHORED, AUTHOR, WORK), (CITES, WORK, WORK), (MENTIONS, WORK, CONCEPT),
    (CREDITED, WORK, CONCEPT), (DEFINES, WORK, CONCEPT), (BROADER, CONCEPT, CONCEPT),
    (SUCCEEDED_BY, CONCEPT, CONCEPT), (DISTINCT_FROM, CONCEPT, CONCEPT), (DESCRIBES, SOURCE, WORK),
)  # fmt: skip
# Properties of each relationship type (besides the provenance `srcs` and `parts`).
REL_PROPS: dict[str, tuple[str, ...]] = {
    AUTHORED: ("position",),
    CITES: ("count", "sentences", "pages", "texts"),
    MENTIONS: ("count", "pages", "in_title", "score"),  # own use: the work's text or title
    # credit citing sentences give a work: for each sentence its citing work and its kind
    CREDITED: ("count", "sentences", "pages", "via", "kinds"),
    DEFINES: ("count", "sentences", "pages", "via"),  # via: the work each sentence is in
    BROADER: (),
    SUCCEEDED_BY: ("year", "source", "note"),
    DISTINCT_FROM: ("note",),
    DESCRIBES: (),
}  # fmt: skip

# One relationship per fact: the sources that assert a relationship are its `srcs` (sorted);
# when there are several, each one's own values are kept in `parts` (see graph.provenance) and
# the properties users read combine them. A list property is the sources' lists joined in
# `srcs` order. A scalar property named here is combined by its rule; any other scalar takes
# the value of the first source in `srcs` order that has one (the same whatever order the
# sources were loaded in).
SUM, MIN, MAX, ALL, ANY = "sum", "min", "max", "all", "any"
REL_RULES: dict[str, str] = {
    "count": SUM,  # how often, over all sources
    "position": MIN,
    "in_title": ANY,
}
# A work's own facts, which every source naming the work writes alike and none owns: its
# authorship and (for a cited-only work) the concepts its title uses. They carry no `srcs`;
# they follow the work's resolution and go with the work. Type -> (start label, end label,
# whether the work is the start).
FACT_ENDS: dict[str, tuple[str, str, bool]] = {
    AUTHORED: (AUTHOR, WORK, False),
    MENTIONS: (WORK, CONCEPT, True),
}
# Nodes no source owns (written without `srcs`), which exist while relationships keep them:
# a work or a mined concept while some source asserts a relationship of it (one with `srcs`:
# every source that writes such a node asserts one), an author while a work has it as author.
# Their properties come from the resolved entity, alike from every source that writes them.
# Retraction sweeps them, the ones sources kept first, through the key indexes.
KEPT_BY_SOURCES = (WORK, CONCEPT)
KEPT_BY_ANY = (AUTHOR,)
# How relationships are stored; every Source records it, and a store whose Sources record
# another model is migrated by the next build.
GRAPH_MODEL = "one-relationship-per-fact/untracked-works/3"
SCHEMA = tuple(NodeIndex(label) for label in (WORK, AUTHOR, CONCEPT, SOURCE))
# Value types of the properties that are not text: "int", "double", "boolean", or "list" (a
# list of values; exports other than JSON leave lists out).
PROP_TYPES: dict[str, str] = {
    "year": "int", "in_corpus": "boolean", "aliases": "list",
    "count": "int", "position": "int", "in_title": "boolean",
    "score": "double", "sentences": "list", "pages": "list", "texts": "list", "via": "list",
    "kinds": "list",
}  # fmt: skip


def prop_type(name: str) -> str:
    """The value type of a property ("string" unless declared in PROP_TYPES)."""
    return PROP_TYPES.get(name, "string")
