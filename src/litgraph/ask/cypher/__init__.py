"""Named Cypher queries shipped with litgraph (this file makes the folder a package)."""
