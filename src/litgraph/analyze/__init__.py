"""Science mapping over a projected subgraph: the store is read with plain paged queries (the
same on the embedded store and Neo4j) and every measure is computed here in Python, so both
stores give identical answers.

- `project`: the citation network and authorships, read a page at a time;
- `networks`: co-citation, bibliographic coupling, co-authorship and direct-citation networks;
- `communities`: Leiden clusters (igraph + leidenalg), resolution as a parameter, fixed seed;
- `mainpath`: search path count (SPC) and the main path of a citation DAG;
- `bursts`: Kleinberg's two-state burst detection over yearly counts;
- `centrality`: betweenness ("turning points"), exact or sampled on large graphs.
"""
