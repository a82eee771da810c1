"""The README's library example runs as written: in a fresh folder holding a copy of `corpus/`,
with the interpreter running the tests."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

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
