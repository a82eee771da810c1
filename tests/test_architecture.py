"""The package's layers, in the order data flows through them: no module imports a layer above
its own (lazy imports inside functions included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "litgraph"
# Lowest first. A module may import its own layer and the layers before it.
LAYERS = (
    ("core", {"errors", "config", "model", "progress", "keys", "lexicon"}),
    ("sources", {"sources"}),
    ("extract", {"extract"}),
    ("resolve", {"resolve"}),
    ("graph", {"graph"}),
    ("store", {"store"}),
    ("analyze", {"analyze"}),  # projections read from the store, measures computed in Python
    ("ask", {"ask"}),
    ("present", {"present"}),
    ("pipeline", {"pipeline"}),
    ("api", {"api", "demo"}),
    ("cli", {"cli", "__main__", "__init__"}),
)
RANK = {top: i for i, (_, tops) in enumerate(LAYERS) for top in tops}
# Narrower rules on top of the order.
FORBIDDEN = {
    "lexicon": {"config", "model", "progress", "keys"},  # the domain rules need only errors
    "store": {"sources", "extract", "resolve"},  # the store knows the schema and errors only
    "analyze": {"sources", "extract", "resolve"},  # reads the store, knows no extraction
    "present": {"store", "analyze"},  # presenting never opens or reads a store
}


def _top(module: str) -> str:
    """litgraph.ask.link -> ask; litgraph.keys -> keys."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(rel.parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import of litgraph in the file."""
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imports_in(source: str, package: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("litgraph")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod == "litgraph":  # from litgraph import keys / from . import X
                out += [(node.lineno, f"litgraph.{a.name}") for a in node.names]
            elif mod.startswith("litgraph."):
                out.append((node.lineno, mod))
    return out


def _files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_layer() -> None:
    unknown = {_top(_module_name(f)) for f in _files()} - set(RANK)
    assert not unknown, f"modules outside every layer: {sorted(unknown)}"


def _violations(me: str, imports: list[tuple[int, str]]) -> list[str]:
    wrong = []
    for line, mod in imports:
        top = _top(mod)
        if top in ("__version__", "EXTRACTOR_VERSION"):
            continue  # constants of the package itself
        if RANK.get(top, 99) > RANK[me] or top in FORBIDDEN.get(me, ()):
            wrong.append(f"line {line} imports {mod}")
    return wrong


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_down_the_layers(path: Path) -> None:
    me = _top(_module_name(path))
    wrong = _violations(me, _imports(path))
    assert not wrong, f"{path.relative_to(PACKAGE)} ({me}) must not import upwards: {wrong}"


def test_the_checker_sees_violations() -> None:
    """Upward, forbidden and lazy relative imports are caught (the check cannot pass vacuously)."""
    assert _violations("sources", [(1, "litgraph.extract.concepts")])
    assert _violations("store", [(1, "litgraph.resolve")])
    assert _violations("present", [(1, "litgraph.store")])
    assert _violations("present", [(1, "litgraph.analyze.project")])
    assert _violations("analyze", [(1, "litgraph.ask.usage")])
    assert not _violations("ask", [(1, "litgraph.analyze.mainpath")])
    assert not _violations("ask", [(1, "litgraph.store"), (2, "litgraph.keys")])
    assert _violations("lexicon", [(1, "litgraph.keys")])
    assert not _violations("lexicon", [(1, "litgraph.errors"), (2, "litgraph.lexicon.fold")])
    lazy = _imports_in("def f():\n    from ..pipeline import build\n", "litgraph.sources")
    assert lazy == [(2, "litgraph.pipeline")]
    assert _violations("sources", lazy)
