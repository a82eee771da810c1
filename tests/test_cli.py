"""The CLI skeleton: version, doctor, stats, cypher, queries/query, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from litgraph import __version__
from litgraph.cli import cli
from litgraph.store.embedded import EmbeddedStore


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    d = tmp_path / "store"
    with EmbeddedStore(d) as s:
        s.upsert_nodes(
            "Work",
            [
                {"key": "w1", "props": {"title": "Metropolitan reform", "year": 1972}},
                {"key": "w2", "props": {"title": "Beyond engagement", "year": 2007}},
            ],
        )
        s.upsert_relationships("CITES", "Work", "Work", [{"start": "w2", "end": "w1", "props": {}}])
    return f"embedded:{d}"


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_doctor_reports_store_and_versions(store_url: str) -> None:
    code, out, _ = run("--store", store_url, "--json", "doctor")
    data = json.loads(out)
    assert code == 0
    assert data["store reachable"] == "yes" and data["store backend"] == "FalkorDB (embedded)"
    assert data["neo4j driver"] and data["pdfminer.six"]
    assert data["pypdfium2"].startswith("5.") and data["pdf engine"] == "pdfminer"


def test_doctor_unreachable_neo4j_exits_1_with_reason() -> None:
    code, out, _ = run("--store", "bolt://127.0.0.1:1", "doctor")
    assert code == 1 and "store reachable  no: cannot reach Neo4j" in out


def test_stats_table_and_json(store_url: str) -> None:
    code, out, _ = run("--store", store_url, "stats")
    assert code == 0 and "Work" in out and "CITES" in out
    code, out, _ = run("--store", store_url, "--json", "stats")
    assert json.loads(out) == {"nodes": {"Work": 2}, "relationships": {"CITES": 1}}


def test_cypher_read_only_unless_write(store_url: str) -> None:
    code, _, err = run("--store", store_url, "cypher", "CREATE (n:Work {key: 'x'})")
    assert code == 1 and "--write" in err and "Traceback" not in err
    code, out, _ = run(
        "--store",
        store_url,
        "--json",
        "cypher",
        "MATCH (w:Work) WHERE w.year > $y RETURN w.title AS t",
        "-p",
        "y=1990",
    )
    assert code == 0 and json.loads(out) == [{"t": "Beyond engagement"}]  # 1990 is a number
    code, out, _ = run(
        "--store",
        store_url,
        "--json",
        "cypher",
        "MATCH (w:Work {key: $k}) RETURN w.title AS t",
        "-p",
        "k=w2",
    )
    assert json.loads(out) == [{"t": "Beyond engagement"}]
    code, _, _ = run("--store", store_url, "cypher", "--write", "CREATE (n:Work {key: 'x'})")
    assert code == 0
    code, out, _ = run("--store", store_url, "--json", "stats")
    assert json.loads(out)["nodes"]["Work"] == 3


def test_cypher_syntax_error_is_one_line(store_url: str) -> None:
    code, _, err = run("--store", store_url, "cypher", "MATCH (n RETURN n")
    assert code == 1 and err.startswith("litgraph: error:") and err.count("\n") == 1


def test_queries_list_and_run(store_url: str, tmp_path: Path) -> None:
    extra = tmp_path / "q"
    extra.mkdir()
    (extra / "recent.cypher").write_text(
        "// Works published after a year.\n// @param year int = 2000  the first year\n"
        "MATCH (w:Work) WHERE w.year >= $year RETURN w.title AS title ORDER BY title\n"
    )
    code, out, _ = run("--json", "queries", "--dir", str(extra))
    names = {q["name"]: q for q in json.loads(out)}
    assert "stats" in names and names["recent"]["params"] == ["year:int=2000"]
    code, out, _ = run("--store", store_url, "--json", "query", "recent", "--dir", str(extra))
    assert json.loads(out) == [{"title": "Beyond engagement"}]
    code, out, _ = run(
        "--store", store_url, "--json", "query", "recent", "--dir", str(extra), "-p", "year=1900"
    )
    assert len(json.loads(out)) == 2
    code, _, err = run("--store", store_url, "query", "recent", "--dir", str(extra), "-p", "year=x")
    assert code == 1 and "must be int" in err
    code, _, err = run("--store", store_url, "query", "nope")
    assert code == 1 and "no query named" in err


def test_unknown_store_scheme_is_a_config_error() -> None:
    code, _, err = run("--store", "http://x", "stats")
    assert code == 1 and "unknown store URL" in err


def test_console_script_has_no_traceback_on_user_error(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "litgraph.cli", "--store", "bolt://127.0.0.1:1",
                        "stats"], capture_output=True, text=True, timeout=60)  # fmt: skip
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "cannot reach Neo4j" in r.stderr


def test_extract_json_shape_is_the_documented_interface(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text(
        "# Harbour towns and their citizens\n\nAnna Abel and Ben Berg (2019)\n\n"
        "## Abstract\nA study of co-production in harbour towns.\n\n"
        "Ostrom (1972) defines co-production as citizens working with staff.\n\n"
        "## References\nOstrom, E. (1972). Metropolitan reform. Social Science Quarterly, 53(3), "
        "474-493.\n",
        encoding="utf-8",
    )
    code, out, _ = run("--json", "extract", str(paper))
    d = json.loads(out)
    assert code == 0
    assert set(d) == {"source", "title", "year", "doi", "venue", "abstract", "authors",
                      "references", "citations", "concepts", "definitions",
                      "attributions", "header_evidence"}  # fmt: skip
    assert set(d["source"]) == {"path", "sha256", "pages"} and d["source"]["pages"] is None
    assert d["year"] == 2019 and d["title"] == "Harbour towns and their citizens"
    assert d["header_evidence"]["year"] == "byline: Anna Abel and Ben Berg (2019)"
    assert [set(a) for a in d["authors"]] == [{"name", "family", "given"}] * 2
    (ref,) = d["references"]
    assert set(ref) == {"id", "raw", "authors", "year", "title", "container", "volume", "issue",
                        "pages", "publisher", "doi", "url"}  # fmt: skip
    assert ref["year"] == 1972 and [a["family"] for a in ref["authors"]] == ["Ostrom"]
    assert set(d["citations"][0]) == {"reference", "text", "sentence", "page"}
    assert d["citations"][0]["reference"] == ref["id"]
    assert {"key", "label", "count", "origin"} == set(d["concepts"][0])
    assert set(d["definitions"][0]) == {"concept", "sentence", "page", "reference"}
    assert d["definitions"][0]["reference"] == ref["id"]
    (credit,) = d["attributions"]  # 'Ostrom (1972) defines co-production': explicit credit
    assert credit == {"reference": ref["id"], "concept": "coproduction", "kind": "explicit",
                      "sentence": d["definitions"][0]["sentence"], "page": 1}  # fmt: skip
