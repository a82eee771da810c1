// What to read next: works outside the corpus cited by the most corpus works.
// @param limit int = 20  how many works to list
// @param min_citing int = 1  only works cited by at least this many corpus works
MATCH (c:Work)-[:CITES]->(w:Work)
WHERE c.in_corpus = true AND coalesce(w.in_corpus, false) = false
WITH w, count(DISTINCT c) AS cited_by, collect(DISTINCT c.key) AS citing
WHERE cited_by >= $min_citing
WITH w, cited_by, citing
ORDER BY cited_by DESC, w.year, w.key
LIMIT $limit
OPTIONAL MATCH (a:Author)-[r:AUTHORED]->(w)
WITH w, cited_by, citing, a, min(r.position) AS pos
ORDER BY cited_by DESC, w.year, w.key, pos
WITH w, cited_by, citing, collect(a.family) AS authors
RETURN w.key AS key, authors, w.year AS year, w.title AS title, cited_by, citing
ORDER BY cited_by DESC, year, key
