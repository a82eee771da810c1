// Cited-only works (references matched to no corpus work), with how many corpus works cite
// them and whether they have a title: a check on reference parsing and matching.
// @param limit int = 100  how many works to list
MATCH (w:Work)
WHERE coalesce(w.in_corpus, false) = false
OPTIONAL MATCH (c:Work)-[:CITES]->(w)
WHERE c.in_corpus = true
WITH w, count(DISTINCT c) AS cited_by, collect(DISTINCT c.key) AS citing
RETURN w.key AS key, w.year AS year, w.title AS title,
       (w.title IS NOT NULL AND trim(w.title) <> '') AS has_title, cited_by, citing
ORDER BY cited_by DESC, has_title, key
LIMIT $limit
