"""The `--json` output of every command keeps its documented shape (tests/golden/json-shapes.json).

A shape is the JSON with every value replaced by its type: objects keep their keys, lists
show the merged shape of their items, and a value that is sometimes null reads "int|null".
To change an interface on purpose, regenerate the file with `LITGRAPH_UPDATE_GOLDEN=1` and
review the diff (the README documents the same shapes).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from litgraph.cli import cli

from conftest import REPO

GOLDEN = Path(__file__).parent / "golden" / "json-shapes.json"
PAPER = REPO / "corpus" / "pdf" / "bovaird2007.pdf"

# command name -> arguments after `--json`
COMMANDS: dict[str, list[str]] = {
    "build": ["build", str(REPO / "corpus")],
    "stats": ["stats"],
    "doctor": ["doctor"],
    "queries": ["queries"],
    "query": ["query", "most_cited", "-p", "limit=3"],
    "cypher": ["cypher", "MATCH (w:Work) RETURN w.key AS key, w.year AS year LIMIT 2"],
    "extract": ["extract", str(PAPER)],
    "resolve": ["resolve", "--explain", "Bovaird 2007"],
    "link": ["link", "Ostrom", "Osborne", "--limit", "3"],
    "lineage": ["lineage", "co-production"],
    "clusters": ["clusters", "--network", "cocitation"],
    "show-work": ["show", "Bovaird 2007"],
    "show-author": ["show", "Osborne, S."],
    "show-concept": ["show", "co-production"],
    "find": ["find", "service dominant"],
}


def shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        merged: Any = None
        for item in value:
            merged = merge(merged, shape(item))
        return [merged] if merged is not None else []
    if value is None:
        return "null"
    return {bool: "bool", int: "number", float: "number", str: "str"}[type(value)]


def merge(a: Any, b: Any) -> Any:
    """One shape for two items of a list (null, an empty list or a missing key absorb)."""
    if a is None or a == "null" or a == []:
        return b if b is not None else a
    if b is None or b == "null" or b == []:
        return a
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: merge(a.get(k), b.get(k)) for k in sorted(set(a) | set(b))}
    if isinstance(a, list) and isinstance(b, list):
        return [merge(a[0], b[0])]
    return a if a == b else f"{a}|{b}"


def same(golden: Any, actual: Any) -> bool:
    """Shapes agree; a value that was null (or a list that was empty) in one matches anything
    scalar (or any list) in the other, since which fields are empty depends on the data."""
    if golden == "null" or actual == "null":
        return not isinstance(golden, dict | list) and not isinstance(actual, dict | list)
    if isinstance(golden, list) and isinstance(actual, list):
        return not golden or not actual or same(golden[0], actual[0])
    if isinstance(golden, dict) and isinstance(actual, dict):
        return set(golden) == set(actual) and all(same(golden[k], actual[k]) for k in golden)
    return golden == actual


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    url = f"embedded:{tmp_path_factory.mktemp('shapes') / 'store'}"
    out = {}
    for name, args in COMMANDS.items():  # build first: the others read its graph
        r = CliRunner().invoke(cli, ["--store", url, "--json", *args])
        assert r.exit_code == 0, f"{name}: {r.output}"
        out[name] = shape(json.loads(r.stdout))
    yield out


def test_json_shapes_match_the_golden_file(shapes: dict[str, Any]) -> None:
    if os.environ.get("LITGRAPH_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(shapes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert set(shapes) == set(golden)
    for name in golden:
        assert same(golden[name], shapes[name]), f"the --json shape of `{name}` changed"


def test_shape_of_answers_names_the_documented_fields(shapes: dict[str, Any]) -> None:
    """The answer objects carry what the README documents (a second check by hand)."""
    link, lineage = shapes["link"], shapes["lineage"]
    assert set(link) == {"a", "b", "concepts", "chains", "chain_evidence", "works", "max_hops",
                         "a_school", "b_school", "same_school", "bridges",
                         "betweenness"}  # fmt: skip
    assert {"key", "label", "score", "specificity", "a", "b", "evidence", "definitions",
            "chains"} <= set(link["concepts"][0])  # fmt: skip
    quote = {"kind", "work", "source", "sentence", "page", "side", "terms", "adds"}
    assert set(link["concepts"][0]["evidence"][0]) == quote
    assert "contrast" in link["concepts"][0]
    assert {"introduced", "first_use", "definitions", "used_by", "credited", "narrower",
            "successions", "flow", "works", "main_path", "bursts",
            "turning_points", "betweenness"} <= set(lineage)  # fmt: skip
    assert set(lineage["main_path"][0]) == {"cited", "citing", "spc", "sentence", "page"}
    clusters = shapes["clusters"]
    assert {"network", "resolution", "clusters", "scores", "links", "betweenness", "works",
            "authors", "network_size"} == set(clusters)  # fmt: skip
    assert set(clusters["clusters"][0]) == {"number", "members", "concepts", "top_works", "years"}
    assert set(lineage["works"][0]) == {"key", "label", "title", "year", "in_corpus", "authors"}


def test_shape_helpers() -> None:
    assert shape({"a": [1, None, 2.5], "b": [], "c": [{"x": None}, {"x": 1, "y": "s"}]}) == {
        "a": ["number"], "b": [], "c": [{"x": "number", "y": "str"}],
    }  # fmt: skip
    assert same({"a": "null", "b": []}, {"a": "str", "b": [{"k": "str"}]})
    assert not same({"a": "str"}, {"a": "str", "extra": "str"})
    assert not same({"a": ["str"]}, {"a": {"k": "str"}})
    assert not same({"a": "number"}, {"a": "str"})
