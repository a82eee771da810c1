"""`python -m litgraph.demo` (what `make demo` runs) on a copy of the shipped corpus in a temporary
folder: the build, the two answers and the two HTML views."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from litgraph.demo import main
from test_views import _page_data

from conftest import REPO


def _labels(page: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["label"]: n for n in page["nodes"]}


def _heading(html: str) -> str:
    match = re.search(r'<h1 id="lg-heading">([^<]*)</h1>', html)
    assert match, "page heading not found"
    return match.group(1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    work = tmp_path_factory.mktemp("demo")
    shutil.copytree(REPO / "corpus", work / "corpus")
    run = subprocess.run(
        [sys.executable, "-m", "litgraph.demo", "--store", f"embedded:{work / 'store'}",
         "--out", str(work / "out")],
        cwd=work, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    return run, work


@pytest.mark.slow
def test_demo_builds_the_corpus_and_answers_both_questions(
    demo: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    run, work = demo
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    out = run.stdout
    built = re.search(r"^built (\d+) files \((\d+) extracted, 0 cached, 0 failed\)", out, re.M)
    assert built and built.group(1) == built.group(2) and int(built.group(1)) >= 30
    assert re.search(r"^  Work +\d+$", out, re.M) and re.search(r"^  Concept +\d+$", out, re.M)
    # the link answer: co-production first, with the chains through which it travelled
    assert "$ litgraph --store embedded:" in out and " link Ostrom Osborne\n" in out
    assert re.search(r"^Concepts linking Ostrom \(\d+ works\) and Osborne \(\d+ works\)", out, re.M)
    assert re.search(r"^1\. Co-production  score [\d.]+", out, re.M)
    assert re.search(
        r"^     chain: Osborne .*→ (Ostrom \(1972\)|Parks et al\. \(1981\))$", out, re.M
    )
    # the lineage answer: introduced by the earliest own definitions, then use by year
    assert "\nLineage of Co-production: " in out
    assert re.search(
        r"^Introduced \(earliest own definition or coinage in the graph\):$", out, re.M
    )
    assert re.search(r"^  1980  .*Whitaker \(1980\)", out, re.M)
    assert re.search(r"^Definitions in time order \(\d+\)", out, re.M)
    for name in ("link-ostrom-osborne.html", "lineage-co-production.html"):
        assert f"  {(work / 'out' / name).resolve()}\n" in out
    assert (work / "store").is_dir()  # the graph stays for further questions


@pytest.mark.slow
def test_demo_link_view_has_both_sides_and_the_linking_concept(
    demo: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    html = (demo[1] / "out" / "link-ostrom-osborne.html").read_text(encoding="utf-8")
    assert _heading(html) == "Concepts linking Ostrom and Osborne"
    page = _page_data(html)
    nodes = _labels(page)
    assert {"Elinor Ostrom", "Vincent Ostrom", "Stephen P. Osborne", "Co-production"} <= set(nodes)
    assert {"Ostrom (1972)", "Parks et al. (1981)", "Osborne et al. (2013)"} <= set(nodes)
    # a direct citation from an Osborne work to an Ostrom work is drawn
    ostrom = {nodes[k]["id"] for k in ("Ostrom (1972)", "Parks et al. (1981)")}
    osborne = nodes["Osborne et al. (2013)"]["id"]
    assert any(e["from"] == osborne and e["to"] in ostrom for e in page["edges"])
    ids = {n["id"] for n in page["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in page["edges"])
    coproduction = nodes["Co-production"]["id"]
    assert any(e["to"] == coproduction or e["from"] == coproduction for e in page["edges"])


@pytest.mark.slow
def test_demo_lineage_view_is_a_timeline_of_coproduction(
    demo: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    html = (demo[1] / "out" / "lineage-co-production.html").read_text(encoding="utf-8")
    assert _heading(html) == "Lineage of Co-production"
    nodes = _labels(_page_data(html))
    assert {"Co-production", "Sharp (1980)", "Whitaker (1980)"} <= set(nodes)
    assert {"Co-design", "Osborne et al. (2013)"} <= set(nodes)
    # the 1972 paper predates the term and no later work credits it explicitly
    assert "Ostrom (1972)" not in nodes
    # works sit on the time axis: earlier years further left
    x = {label: nodes[label]["x"] for label in ("Whitaker (1980)", "Parks et al. (1981)",
                                                 "Osborne et al. (2013)")}  # fmt: skip
    assert x["Whitaker (1980)"] < x["Parks et al. (1981)"] < x["Osborne et al. (2013)"]


def test_demo_reports_a_bad_store_as_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "not-a-folder"
    file.write_text("x")
    code = main(["--corpus", str(REPO / "corpus"), "--store", f"embedded:{file}",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("litgraph demo: error: ") and str(file) in err
    assert len(err.strip().splitlines()) == 1
