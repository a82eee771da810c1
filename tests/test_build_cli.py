"""`litgraph build`, `stats`, `--json build`, `resolve --explain` and store errors through
click's CliRunner (real embedded store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from litgraph.cli import cli
from test_pipeline import small_corpus

REPORT_KEYS = {
    "files", "extracted", "cached", "written", "unchanged", "retracted", "recovered", "pages",
    "regrouped",
    "failures", "warnings", "counts", "seconds", "unread",
}  # fmt: skip


def run(store: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", f"embedded:{store}", *args])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return small_corpus(tmp_path / "papers")


def test_build_then_stats(tmp_path: Path, folder: Path) -> None:
    store = tmp_path / "store"
    missing = run(store, "stats")
    assert missing.exit_code == 1 and f"no graph at {store}" in missing.stderr
    assert not store.exists()  # a command that reads never creates a store
    res = run(store, "build", str(folder), "--jobs", "1")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("files: 5  extracted: 5  unchanged (cached): 0  failed: 0")
    assert any(ln.startswith("nodes: ") and "Work " in ln for ln in lines)
    assert any(ln.startswith("relationships: ") and "CITES " in ln for ln in lines)
    stats = run(store, "stats")
    assert stats.exit_code == 0
    table = {tuple(ln.split()[:2]) for ln in stats.output.splitlines()}
    assert {("node", "Work"), ("node", "Author"), ("relationship", "CITES")} <= table
    again = run(store, "build", str(folder), "--jobs", "1")
    assert again.exit_code == 0
    assert "extracted: 0  unchanged (cached): 5" in again.output
    assert "graph: written 0  unchanged 6  retracted 0" in again.output


def test_json_build_output_shape(tmp_path: Path, folder: Path) -> None:
    store = tmp_path / "store"
    res = run(store, "--json", "build", str(folder), "--jobs", "1")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == REPORT_KEYS
    assert (data["files"], data["extracted"], data["written"]) == (5, 5, 6)
    assert data["failures"] == [] and isinstance(data["warnings"], list)
    assert set(data["counts"]) == {"nodes", "relationships"}
    assert data["counts"]["nodes"]["Work"] >= 5
    assert {"scan", "extract", "resolve", "load", "total"} <= set(data["seconds"])
    assert all(isinstance(v, float | int) for v in data["seconds"].values())
    stats = json.loads(run(store, "--json", "stats").stdout)
    assert stats == data["counts"]


def test_json_build_reports_failures(tmp_path: Path, folder: Path) -> None:
    (folder / "empty.md").write_bytes(b"")
    res = run(tmp_path / "store", "--json", "build", str(folder), "--jobs", "1", "--strict")
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert [f["path"] for f in data["failures"]] == [str((folder / "empty.md").resolve())]
    assert "empty" in data["failures"][0]["error"]


def test_resolve_explain_after_build(tmp_path: Path, folder: Path) -> None:
    store = tmp_path / "store"
    assert run(store, "build", str(folder), "--jobs", "1").exit_code == 0
    res = run(store, "resolve", "--explain", "Osborne")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("a:osborne:s")
    assert "spellings:" in res.output and "works:" in res.output


def test_resolve_explain_on_an_empty_store(tmp_path: Path) -> None:
    res = run(tmp_path / "store", "resolve", "--explain", "Osborne")
    assert res.exit_code == 1
    assert res.output.startswith("litgraph: error: ") and "litgraph build" in res.output


def test_resolve_explain_paths_are_extracted_without_a_store(tmp_path: Path, folder: Path) -> None:
    store = tmp_path / "store"
    res = run(store, "resolve", "--explain", "Osborne", str(folder))
    assert res.exit_code == 0, res.output
    assert res.output.startswith("a:osborne:s  Stephen P. Osborne")
    assert "works: 2 (2 in corpus)" in res.output
    assert "osborne2006.md" in res.output and "osborne2010.md" in res.output
    assert not store.exists()  # never opened


def test_resolve_explain_paths_win_over_the_store(tmp_path: Path, folder: Path) -> None:
    store = tmp_path / "store"
    assert run(store, "build", str(folder), "--jobs", "1").exit_code == 0
    built = run(store, "resolve", "--explain", "Osborne")
    assert "works: 2 (2 in corpus)" in built.output and "osborne2006.md" in built.output
    one = folder / "osborne2010.md"
    res = run(store, "resolve", "--explain", "Osborne", str(one))
    assert res.exit_code == 0, res.output
    assert "works: 2 (1 in corpus)" in res.output  # osborne2006 only as a reference of 2010
    assert "osborne2006.md" not in res.output and f"in {one.resolve()})" in res.output
    other = run(store, "resolve", "--explain", "Osborne", str(folder / "hood1991.md"))
    assert other.exit_code == 0
    assert other.output.startswith("no author or work matches 'Osborne'")


def test_resolve_explain_paths_report_unreadable_files(tmp_path: Path, folder: Path) -> None:
    (folder / "empty.md").write_bytes(b"")
    res = run(tmp_path / "store", "--json", "resolve", "--explain", "Osborne", str(folder))
    assert res.exit_code == 0, res.output
    lines = json.loads(res.stdout)
    assert lines[0].startswith("a:osborne:s")
    assert lines[-1].startswith(f"skipped {(folder / 'empty.md').resolve()}: ")
    broken = run(tmp_path / "store", "resolve", "--explain", "Osborne", str(folder / "empty.md"))
    assert broken.exit_code == 1 and "no readable papers" in broken.output
    missing = run(tmp_path / "store", "resolve", "--explain", "Osborne", str(tmp_path / "nope"))
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines() == [
        f"litgraph: error: {tmp_path / 'nope'}: no such file or folder"
    ]


@pytest.mark.parametrize("command", [["stats"], ["build", "."]])
def test_unreachable_neo4j_is_one_line(command: list[str]) -> None:
    res = CliRunner().invoke(cli, ["--store", "bolt://127.0.0.1:1", *command])
    assert res.exit_code == 1
    assert isinstance(res.exception, SystemExit)
    assert "Traceback" not in res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("litgraph: error: ")
    assert "127.0.0.1:1" in lines[0]


def test_missing_folder_is_one_line(tmp_path: Path) -> None:
    res = run(tmp_path / "store", "build", str(tmp_path / "nowhere"))
    assert res.exit_code == 1
    assert res.output.strip().splitlines() == [
        f"litgraph: error: {tmp_path / 'nowhere'}: no such file or folder"
    ]
