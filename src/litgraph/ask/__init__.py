"""Questions over a store: lookup of loosely named entities, link, lineage, show/find,
neighbourhoods, named Cypher queries, and graph snapshots for exports."""
