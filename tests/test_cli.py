"""The CLI skeleton: version, doctor, stats, cypher, queries/query, errors without tracebacks."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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


# --- the conventions a newcomer relies on ------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The shipped corpus built through the CLI (the store is closed again afterwards)."""
    from conftest import REPO

    url = f"embedded:{tmp_path_factory.mktemp('cli-corpus') / 'store'}"
    r = CliRunner().invoke(cli, ["--store", url, "build", str(REPO / "corpus"), "--jobs", "1"])
    assert r.exit_code == 0, r.output
    return url


def test_global_options_work_before_and_after_the_command(corpus_url: str) -> None:
    before = run("--store", corpus_url, "--json", "link", "Ostrom", "Osborne", "--limit", "2")
    after = run("link", "Ostrom", "Osborne", "--limit", "2", "--json", "--store", corpus_url)
    assert before[0] == after[0] == 0
    assert json.loads(before[1]) == json.loads(after[1])
    code, out, _ = run(
        "lineage", "co-production", "--store", corpus_url, "--json", "--timeout", "9"
    )
    assert code == 0 and json.loads(out)["concept"]["label"] == "Co-production"
    code, out, _ = run("stats", "--store", corpus_url)
    assert code == 0 and "Work" in out
    # the one given last wins, as with any repeated option
    code, _, err = run("--store", corpus_url, "stats", "--store", "embeded:x")
    assert code == 1 and "did you mean 'embedded:x'" in err


def test_extract_takes_json_before_or_after(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("# A title of a paper\n\nAnna Abel (2019)\n\nSome text.\n", encoding="utf-8")
    a = run("--json", "extract", str(paper))
    b = run("extract", str(paper), "--json")
    assert a[0] == b[0] == 0 and json.loads(a[1]) == json.loads(b[1])
    assert json.loads(a[1])["title"] == "A title of a paper"


def test_config_option_after_the_command(tmp_path: Path, corpus_url: str) -> None:
    cfg = tmp_path / "here.toml"
    cfg.write_text(f'store = "{corpus_url}"\n', encoding="utf-8")
    code, out, _ = run("stats", "--json", "--config", str(cfg))
    assert code == 0 and json.loads(out)["nodes"]["Work"] > 30


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("bolt:/localhost:7687", "bolt://localhost:7687"),
        ("embeded:.litgraph-demo", "embedded:.litgraph-demo"),
        ("neo4j//localhost:7687", "neo4j://localhost:7687"),
        ("Bolt://localhost:7687", "bolt://localhost:7687"),
    ],
)
@pytest.mark.parametrize("command", [["stats"], ["build", "papers"]])
def test_store_url_typo_is_an_error_with_a_hint_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typo: str, meant: str, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.md").write_text("# A paper\n\nText.\n", encoding="utf-8")
    code, out, err = run("--store", typo, *command)
    assert code == 1 and out == ""
    assert f"did you mean {meant!r}?" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers"]  # no folder named after it


@pytest.mark.parametrize(
    "command",
    [["stats"], ["show", "Ostrom"], ["link", "Ostrom", "Osborne"], ["find", "x"],
     ["lineage", "co-production"], ["view", "--all", "-o", "v.html"],
     ["export", "--format", "json", "-o", "g.json"], ["query", "most_cited"],
     ["resolve", "--explain", "Ostrom"], ["cypher", "RETURN 1"]],
)  # fmt: skip
def test_read_only_commands_never_create_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("--store", "embedded:nowhere", *command)
    assert code == 1
    where = tmp_path / "nowhere"
    assert err == f"litgraph: error: no graph at {where}; build one with `litgraph build FOLDER`\n"
    assert list(tmp_path.iterdir()) == []


def test_doctor_on_a_missing_store_says_how_to_build_one(tmp_path: Path) -> None:
    code, out, _ = run("--store", f"embedded:{tmp_path / 'none'}", "doctor")
    assert code == 1 and "no graph at" in out and not (tmp_path / "none").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["link", "Ostrom", "Osborne", "--max-hops", "0"], "'--max-hops': 0 is not in the range"),
        (["link", "Ostrom", "Osborne", "--limit", "-1"], "'--limit': -1 is not in the range"),
        (["lineage", "co-production", "--limit", "0"], "'--limit': 0 is not in the range"),
        (["find", "Ostrom", "--limit", "0"], "'--limit': 0 is not in the range"),
        (["view", "--all", "--max-nodes", "0", "-o", "v.html"], "'--max-nodes': 0 is not in"),
        (["view", "--all", "--max-nodes", "5000", "-o", "v.html"], "'--max-nodes': 5000 is not"),
        (["stats", "--timeout", "-3"], "'--timeout': -3.0 is not in the range"),
    ],
)
def test_out_of_range_numbers_are_one_line_errors(
    corpus_url: str, args: list[str], message: str
) -> None:
    code, out, err = run("--store", corpus_url, *args)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("litgraph: error: Invalid value for " + message)
    assert f"(see `litgraph {args[0]} --help`)" in err


def test_unknown_command_or_option_is_one_line() -> None:
    code, _, err = run("frobnicate")
    assert (
        code == 2
        and err == "litgraph: error: No such command 'frobnicate'. (see `litgraph --help`)\n"
    )
    code, _, err = run("stats", "--bogus")
    assert code == 2 and err.count("\n") == 1 and "No such option '--bogus'" in err


def test_build_of_a_folder_without_papers_says_what_was_skipped(tmp_path: Path) -> None:
    store = tmp_path / "store"
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run("--store", f"embedded:{store}", "build", str(empty))
    assert (
        code == 1 and err == f"litgraph: error: nothing to build in {empty}: the folder is empty\n"
    )
    other = tmp_path / "other"
    other.mkdir()
    for name in ("a.docx", "b.docx", "c.html", "notes.md"):
        (other / name).write_text("x", encoding="utf-8")
    (other / ".litgraphignore").write_text("notes.md\n", encoding="utf-8")
    code, _, err = run("--store", f"embedded:{store}", "build", str(other))
    assert code == 1
    assert err.endswith(
        "4 files not read: 2 .docx, 1 .html (not PDF, text, markdown or BibTeX), "
        "1 in .litgraphignore\n"
    )
    assert not store.exists()  # nothing to build: no store either
    (other / "paper.md").write_text("# A paper on harbours\n\nText.\n", encoding="utf-8")
    code, out, _ = run("--store", f"embedded:{store}", "build", str(other))
    assert code == 0 and "4 files not read: 2 .docx" in out
    code, out, _ = run("--store", f"embedded:{store}", "--json", "build", str(other))
    assert json.loads(out)["unread"] == [
        {"kind": ".docx", "files": 2},
        {"kind": ".html", "files": 1},
        {"kind": "ignored", "files": 1},
    ]


def test_unknown_config_keys_warn_and_doctor_checks_named_files(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text("", encoding="utf-8")
    cfg = tmp_path / "litgraph.toml"
    cfg.write_text(
        f'stor = "embedded:x"\nvocabulary = ["mine.toml", "gone.toml"]\n'
        f'store = "embedded:{tmp_path / "s"}"\n',
        encoding="utf-8",
    )
    code, out, err = run("--config", str(cfg), "doctor")
    assert code == 1
    assert f"litgraph: warning: {cfg}: unknown key 'stor' ignored (did you mean 'store'?)" in err
    assert f"{tmp_path / 'gone.toml'} (missing)" in out
    assert str(tmp_path / "mine.toml") + "," in out or str(tmp_path / "mine.toml") + " " in out


def test_doctor_lines_align(corpus_url: str) -> None:
    code, out, _ = run("--store", corpus_url, "doctor")
    lines = out.splitlines()
    starts = {len(ln) - len(ln[ln.index("  ") :].lstrip()) for ln in lines}
    assert code == 0 and len(starts) == 1, out


def test_json_never_prints_text_on_stdout(corpus_url: str, tmp_path: Path) -> None:
    for args in (
        ["view", "--concept", "co-production", "-o", str(tmp_path / "v.html")],
        ["export", "--format", "graphml", "-o", str(tmp_path / "g.graphml")],
        ["link", "Ostrom", "Osborne", "--html", str(tmp_path / "l.html")],
        ["lineage", "co-production", "--html", str(tmp_path / "t.html")],
        ["build", str(tmp_path / "v.html")],  # not a paper: a failure, reported in JSON
    ):
        code, out, _ = run("--store", corpus_url, "--json", *args)
        assert code == 0, args
        json.loads(out)  # the whole of stdout is one JSON document
    code, out, _ = run("--store", corpus_url, "--json", "view", "--all", "-o", str(tmp_path / "a"))
    assert json.loads(out)["view"].endswith("a.html") or json.loads(out)["view"].endswith("a")
    code, out, err = run("--store", corpus_url, "--json", "export", "--format", "csv", "-o", "-")
    assert code == 1 and out == "" and "--json prints JSON only" in err


def test_broken_pipe_is_not_an_error(corpus_url: str) -> None:
    p = subprocess.Popen(
        [sys.executable, "-m", "litgraph", "--store", corpus_url, "export", "--format", "json",
         "-o", "-"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.read(1) == b"{"
    p.stdout.close()  # the reader goes away, as `| head -1` does
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 0 and err == ""


def test_python_dash_m_litgraph_is_the_cli() -> None:
    r = subprocess.run([sys.executable, "-m", "litgraph", "--version"], capture_output=True,
                       text=True, timeout=60)  # fmt: skip
    assert r.returncode == 0 and r.stdout.strip() == f"litgraph, version {__version__}"


def test_not_found_hint_quotes_multi_word_names(corpus_url: str) -> None:
    code, _, err = run("--store", corpus_url, "show", "zzz qqq xxx")
    assert code == 1 and "try `litgraph find 'zzz qqq xxx'`" in err


def _graph_facts(url: str) -> tuple[Any, Any]:
    nodes = run("--store", url, "--json", "cypher",
                "MATCH (n) RETURN labels(n)[0] AS l, n.key AS k ORDER BY l, k")  # fmt: skip
    rels = run("--store", url, "--json", "cypher",
               "MATCH (a)-[r]->(b) RETURN a.key AS a, type(r) AS t, b.key AS b "
               "ORDER BY a, t, b")  # fmt: skip
    return json.loads(nodes[1]), json.loads(rels[1])


@pytest.mark.slow  # starts a dask cluster (a scheduler and a worker process)
def test_build_on_a_dask_cluster_gives_the_graph_of_a_local_build(tmp_path: Path) -> None:
    from distributed import LocalCluster

    from test_pipeline import small_corpus

    papers = small_corpus(tmp_path / "papers")
    local, remote = f"embedded:{tmp_path / 'local'}", f"embedded:{tmp_path / 'dask'}"
    assert run("--store", local, "build", str(papers), "--jobs", "1")[0] == 0
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:  # fmt: skip
        address = cluster.scheduler_address.removeprefix("tcp://")
        code, out, err = run("--store", remote, "--json", "build", str(papers),
                             "--executor", f"dask://{address}")  # fmt: skip
        assert code == 0, err
        # the extraction ran as tasks of the cluster, one per paper
        prefix = cluster.scheduler.task_prefixes["extract_source"]
        assert prefix.state_counts["memory"] == 5
    report = json.loads(out)
    assert report["extracted"] == 5 and report["failures"] == []
    assert _graph_facts(local) == _graph_facts(remote)
    assert len(_graph_facts(local)[0]) > 10


def test_executor_errors_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A paper\n\nText.\n", encoding="utf-8")
    store = f"embedded:{tmp_path / 's'}"
    code, _, err = run("--store", store, "build", str(tmp_path), "--executor", "spark://x:1")
    assert code == 1 and err == (
        "litgraph: error: unknown executor 'spark://x:1': use dask://HOST:PORT (a dask scheduler)\n"
    )
    code, _, err = run("--store", store, "build", str(tmp_path), "--executor", "dask://127.0.0.1:1")
    assert code == 1 and "cannot reach the dask scheduler at tcp://127.0.0.1:1" in err
    assert err.count("\n") == 1


def test_an_ambiguous_name_is_used_whole_with_a_note_by_every_command(
    corpus_url: str, tmp_path: Path
) -> None:
    note = "'Ostrom' matches 2 entities; all are {}: Elinor Ostrom, Vincent Ostrom"
    code, out, _ = run("--store", corpus_url, "show", "Ostrom")
    assert code == 0 and out.startswith(f"note: {note.format('shown')}\n")
    assert (
        "Elinor Ostrom  (author a:ostrom:e)" in out and "Vincent Ostrom  (author a:ostrom:v)" in out
    )
    data = json.loads(run("--store", corpus_url, "--json", "show", "Ostrom")[1])
    assert data["key"] == "a:ostrom:e" and [a["key"] for a in data["also"]] == ["a:ostrom:v"]
    code, out, _ = run("--store", corpus_url, "link", "Ostrom", "Osborne", "--limit", "1")
    assert code == 0 and f"note: {note.format('used')}" in out
    code, out, _ = run("--store", corpus_url, "--json", "view", "--author", "Ostrom",
                       "-o", str(tmp_path / "v.html"))  # fmt: skip
    assert code == 0 and json.loads(out)["heading"] == "Author: Elinor Ostrom, Vincent Ostrom"
    page = html.unescape((tmp_path / "v.html").read_text(encoding="utf-8"))
    assert note.format("drawn") in page
    code, out, _ = run("--store", corpus_url, "resolve", "--explain", "Ostrom")
    assert code == 0 and out.startswith("'Ostrom' matches 2 entities; all are explained: ")
    assert "\na:ostrom:e  Elinor Ostrom\n" in out and "\na:ostrom:v  Vincent Ostrom\n" in out
    # a key or a fuller name names one, without a note
    code, out, _ = run("--store", corpus_url, "show", "Ostrom, V.")
    assert code == 0 and out.startswith("Vincent Ostrom  (author a:ostrom:v)")


def _header(out: str) -> list[str]:
    return out.splitlines()[0].split()


def test_query_tables_lead_with_labels_and_keep_keys_last(corpus_url: str) -> None:
    code, out, _ = run("--store", corpus_url, "query", "co_citation", "-p", "limit=3")
    assert code == 0
    assert _header(out)[0] == "a" and _header(out)[-2:] == ["a_key", "b_key"]
    assert out.splitlines()[2].startswith("Parks et al. (1981)  1981")
    code, out, _ = run("--store", corpus_url, "query", "most_cited", "-p", "limit=2")
    assert _header(out)[0] == "work" and _header(out)[-1] == "key"
    # JSON keeps the query's own columns
    rows = json.loads(run("--store", corpus_url, "--json", "query", "co_citation")[1])
    assert list(rows[0])[:2] == ["a_key", "a_year"]


def test_find_keeps_the_year_of_a_long_title(corpus_url: str) -> None:
    code, out, _ = run("--store", corpus_url, "find", "systematic review co-creation")
    line = next(ln for ln in out.splitlines() if ln.startswith("work"))
    assert code == 0 and "Voorberg et al. (2015) A systematic review" in line
    assert _header(out) == ["kind", "label", "score", "key"]


def test_extract_text_leaves_out_empty_fields(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("# Harbour towns and their citizens\n\nSome text.\n", encoding="utf-8")
    code, out, _ = run("extract", str(paper))
    assert code == 0 and out.startswith("title       Harbour towns and their citizens\n")
    for empty in ("doi", "venue", "pages", "citations", "definitions"):
        assert not any(ln.startswith(empty + " ") for ln in out.splitlines()), empty


def test_show_concept_lists_aliases_not_match_patterns(corpus_url: str) -> None:
    code, out, _ = run("--store", corpus_url, "show", "co-production")
    aliases = next(ln for ln in out.splitlines() if ln.startswith("aliases"))
    assert code == 0 and out.startswith("Co-production  (concept coproduction)")
    assert "co-production" in aliases and "*" not in aliases


def test_view_subtitle_says_once_what_was_left_out(corpus_url: str, tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    for args, note in (
        (["--all", "--max-nodes", "1000"], "showing the 248 connected of 254 nodes"),
        (["--all", "--max-nodes", "40"], "showing the 40 most connected of 254 nodes"),
        (["--author", "Ostrom", "--max-nodes", "1"],
         "'Ostrom' matches 2 entities; all are drawn: Elinor Ostrom, Vincent Ostrom; "
         "showing the 0 most connected of 3 neighbours"),
    ):  # fmt: skip
        code, _, _ = run("--store", corpus_url, "view", *args, "-o", str(out))
        page = html.unescape(out.read_text(encoding="utf-8"))
        assert code == 0 and f'<p id="lg-note">{note}</p>' in page, args


@pytest.mark.parametrize("typo", ["bolt:/neo4j:s3cret@db:7687", "neo4j//neo4j:s3cret@db:7687",
                                  "boltt://neo4j:s3cret@db:7687"])  # fmt: skip
def test_a_mistyped_store_url_never_prints_its_password(typo: str) -> None:
    code, out, err = run("--store", typo, "stats")
    assert code == 1 and "s3cret" not in out + err and "neo4j:***@db:7687" in err
    assert "did you mean" in err


def test_build_never_puts_a_store_among_other_files(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "a.md").write_text("# A paper on harbours\n\nText.\n", encoding="utf-8")
    code, _, err = run("--store", f"embedded:{papers}", "build", str(papers))
    assert code == 1 and f"{papers} holds other files and no litgraph store" in err
    assert sorted(p.name for p in papers.iterdir()) == ["a.md"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("--store", f"embedded:{empty}", "build", str(papers))[0] == 0
    assert run("--store", f"embedded:{empty}", "build", str(papers))[0] == 0  # a store now


def test_litgraph_alone_prints_the_help() -> None:
    code, out, err = run()
    assert code == 0 and out.startswith("Usage: litgraph [OPTIONS] COMMAND") and err == ""
