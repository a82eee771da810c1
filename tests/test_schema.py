"""The README's "Graph model" section and the schema declared in graph/schema.py say the same:
the same labels and node properties, the same relationship types between the same labels with
the same properties."""

from __future__ import annotations

import re
from pathlib import Path

from litgraph.graph.schema import NODE_PROPS, REL_PROPS, REL_RULES, REL_TYPES, prop_type

README = Path(__file__).resolve().parents[1] / "README.md"
NODE = re.compile(r"\(:(\w+)(?: \{([^}]*)\})?\)")
REL = re.compile(r"\(:(\w+)[^)]*\)-\[:(\w+)(?: \{([^}]*)\})?\]->\(:(\w+)[^)]*\)")


def graph_model() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Graph model\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def names(braces: str | None) -> set[str]:
    """`{key, origin: vocabulary|mined}` -> {"key", "origin"}."""
    return {p.split(":")[0].strip() for p in (braces or "").split(",") if p.strip()}


def test_readme_declares_the_schemas_labels_and_node_properties() -> None:
    found = NODE.findall(graph_model())
    declared: dict[str, set[str]] = {}
    for label, props in found:
        if props:
            assert label not in declared, f"{label} has properties in two places"
            declared[label] = names(props) - {"key"}
    assert {label for label, _ in found} == set(declared) == set(NODE_PROPS)
    for label, props in NODE_PROPS.items():
        assert declared[label] == set(props), label


def test_readme_declares_the_schemas_relationship_types() -> None:
    found = REL.findall(graph_model())
    assert {(t, a, b) for a, t, _, b in found} == set(REL_TYPES)
    assert len(found) == len(REL_TYPES)  # each type once
    for _, rtype, props, _ in found:
        assert names(props) == set(REL_PROPS[rtype]), rtype


def test_every_combination_rule_names_a_declared_scalar_property() -> None:
    declared = {p for props in REL_PROPS.values() for p in props}
    for name in REL_RULES:
        assert name in declared and prop_type(name) != "list", name
