"""litgraph: a literature and citation knowledge graph from a folder of papers.

The library API (`build`, `open_store`, `link`, `lineage`, `show`, `find`, `extract_file`,
`read_graph`, `export_graph`) is loaded on first use, so `import litgraph` stays cheap.
"""

from typing import Any

__version__ = "0.1.0"
EXTRACTOR_VERSION = "4"

_API = (
    "build", "export_graph", "extract_file", "find", "lineage", "link", "open_store",
    "read_graph", "show",
)  # fmt: skip
__all__ = ["EXTRACTOR_VERSION", "__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'litgraph' has no attribute {name!r}")
