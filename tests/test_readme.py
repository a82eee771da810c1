"""The README's library example runs as written: in a fresh folder holding a copy of `corpus/`,
with the interpreter running the tests."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from litgraph.cli import cli
from litgraph.store import parse_store_url

from conftest import REPO

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
# runs the example as a script, then reports what its variables hold
_REPORT = """
import json, runpy
ns = runpy.run_path("example.py", run_name="__main__")
print(json.dumps({
    "failures": ns["report"].failures,
    "files": ns["report"].files,
    "concepts": [c.label for c in ns["answer"].concepts],
    "record": ns["record"].to_json(),
}))
"""


def library_example(readme: str) -> str:
    """The ```python block of the README's Architecture section."""
    section = readme.split("\n## Architecture\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```python\n(.*?)^```$", section, re.M | re.S)
    assert len(blocks) == 1, "expected one python block in the Architecture section"
    return blocks[0]


def test_library_example_is_found() -> None:
    code = library_example((REPO / "README.md").read_text(encoding="utf-8"))
    assert "import litgraph" in code and "graph.graphml" in code
    compile(code, "README.md", "exec")
    readme = "# x\n## Architecture\n\n```python\nx = 1\n```\n\n## Development\n```python\ny\n```\n"
    assert library_example(readme) == "x = 1\n"


@pytest.mark.slow  # a build of the whole corpus in a new interpreter
def test_library_example_runs_as_written(tmp_path: Path) -> None:
    code = library_example((REPO / "README.md").read_text(encoding="utf-8"))
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _REPORT], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["failures"] == [] and result["files"] >= 30
    assert "Co-production" in result["concepts"][:3]
    assert result["record"]["title"].startswith("Beyond engagement and participation")
    assert len(result["record"]["references"]) > 5
    assert result["record"]["source"]["path"].endswith("bovaird2007.pdf")
    # the export: a GraphML file with the corpus' works, authors and concepts
    graph = ET.parse(tmp_path / "graph.graphml").getroot()
    assert graph.tag == f"{GRAPHML}graphml"
    types = [d.text for d in graph.iter(f"{GRAPHML}data") if d.get("key") == "n_type"]
    assert {"Work", "Author", "Concept"} <= set(types)
    assert types.count("Work") >= 30
    assert len(list(graph.iter(f"{GRAPHML}edge"))) > 100


# --- every command line of the README, run as written on the demo's graph -----------------------

# The Neo4j server the README names is the one LITGRAPH_TEST_NEO4J_URI gives (with its own
# credentials); without one, lines naming it are only checked (FalkorDB's Bolt endpoint, the
# stand-in of the contract tests, cannot take a whole build: its queries are limited to ~3 KB).
NEO4J = "bolt://localhost:7687"
NEO4J_ENV = ("LITGRAPH_NEO4J_USER", "LITGRAPH_NEO4J_PASSWORD")
DASK = "dask://HOST:8786"  # a dask cluster the test starts stands in for it


def command_lines(readme: str) -> list[str]:
    """The lines of the README's code blocks that are commands: `litgraph ...`, `$ litgraph
    ...`, `export NAME=...` (kept in order: an export applies to the lines after it)."""
    out = []
    for block in re.findall(r"^```[a-z]*\n(.*?)^```$", readme, re.M | re.S):
        for raw in block.splitlines():
            line = raw.strip().removeprefix("$ ")
            if line.startswith(("litgraph ", "export LITGRAPH_")):
                out.append(line)
    return out


def test_command_lines_are_found() -> None:
    lines = command_lines((REPO / "README.md").read_text(encoding="utf-8"))
    assert any(ln.startswith("litgraph link Ostrom Osborne --json  #") for ln in lines)
    assert any(ln.startswith("export LITGRAPH_STORE=embedded:.litgraph-demo  #") for ln in lines)
    assert not any(ln.startswith(("make ", "docker ")) for ln in lines)
    assert sum(ln.startswith("litgraph ") for ln in lines) >= 25


def run_line(line: str, env: dict[str, str]) -> Result:
    args = shlex.split(line, comments=True)
    assert args[0] == "litgraph", line
    return CliRunner().invoke(cli, args[1:], env=env)


def run_lines(lines: list[str], clusters: contextlib.ExitStack) -> list[str]:
    """Run README command lines in order (exports apply to the lines after them); returns the
    lines only checked, not run (a Neo4j server named but none configured)."""
    env: dict[str, str] = {}
    neo4j = os.environ.get("LITGRAPH_TEST_NEO4J_URI")
    checked_only = []
    for line in lines:
        if line.startswith("export "):
            for pair in shlex.split(line, comments=True)[1:]:
                k, v = pair.split("=", 1)
                env[k] = os.environ.get(k, v) if k in NEO4J_ENV and neo4j else v
            continue
        if DASK in line:
            from distributed import LocalCluster

            cluster = clusters.enter_context(LocalCluster(n_workers=1, threads_per_worker=1,
                                                          dashboard_address=None))  # fmt: skip
            line = line.replace(DASK, str(cluster.scheduler_address).replace("tcp:", "dask:"))
        if NEO4J in line:
            if not neo4j:
                assert parse_store_url(NEO4J).kind == "neo4j"
                checked_only.append(line)
                continue
            line = line.replace(NEO4J, neo4j)
        r = run_line(line, env)
        assert r.exit_code == 0, f"{line}\n{r.output}"
        assert r.stdout.strip(), line
        assert "Traceback" not in r.output and "error" not in r.stderr, line
        if "--json" in shlex.split(line, comments=True):
            json.loads(r.stdout)
    return checked_only


@pytest.mark.slow  # builds the corpus, then runs some thirty commands on it
def test_readme_command_lines_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from litgraph.demo import main as demo

    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    for name in ("LITGRAPH_STORE", "LITGRAPH_CONFIG", "LITGRAPH_NEO4J_USER"):
        monkeypatch.delenv(name, raising=False)
    assert demo([]) == 0  # what `make demo` runs, in a folder holding corpus/
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    with contextlib.ExitStack() as clusters:
        checked_only = run_lines(command_lines(readme), clusters)
    assert len(checked_only) <= 1, checked_only
    for written in ("link.html", "lineage.html", "psdl.html", "graph.html", "graph.graphml"):
        assert (tmp_path / written).stat().st_size > 1000, written


@pytest.mark.slow  # runs the demo
def test_demo_ends_with_the_next_commands_which_work(tmp_path: Path) -> None:
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LITGRAPH_")}
    run = subprocess.run([sys.executable, "-m", "litgraph.demo"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600)  # fmt: skip
    assert run.returncode == 0, run.stderr
    tail = run.stdout.split("Next, ask it your own questions:\n", 1)[1].splitlines()
    steps = [ln.strip() for ln in tail if ln.startswith("  ")]
    assert steps[0].startswith(". ") and steps[0].split()[1].endswith("/bin/activate")
    # the README shows the same lines after its demo session
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for step in steps[1:]:
        assert f"  {step}" in readme, step
    # the activate script puts `litgraph` on PATH; the export names the demo's graph
    bin_dir = Path(shlex.split(steps[0])[1]).parent
    assert (bin_dir if bin_dir.is_absolute() else REPO / bin_dir).joinpath("litgraph").is_file()
    script = "\n".join(["set -e", f'PATH="{Path(sys.executable).parent}:$PATH"', *steps[1:]])
    shell = subprocess.run(["sh", "-c", script], cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=600)  # fmt: skip
    assert shell.returncode == 0, shell.stderr
    assert "Co-production" in shell.stdout and "Osborne" in shell.stdout
    assert (tmp_path / "link.html").is_file()


def test_quick_start_is_two_commands_demo_and_tests() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"^```\n(.*?)^```$", section, re.M | re.S)
    commands = [ln.split("#")[0].strip() for ln in block.splitlines() if ln.strip()]
    assert commands == ["make demo", "make test"]
