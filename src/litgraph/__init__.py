"""litgraph: a literature and citation knowledge graph from a folder of papers."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = "1"
