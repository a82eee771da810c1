// What to read next: works outside the corpus that the corpus cites most: by how many corpus
// works cite them, then by how often their text cites them (in-text citations), titled first.
// @param limit int = 20  how many works to list
// @param min_citing int = 1  only works cited by at least this many corpus works
MATCH (c:Work)-[x:CITES]->(w:Work)
WHERE c.in_corpus = true AND coalesce(w.in_corpus, false) = false
WITH w, count(DISTINCT c) AS cited_by, collect(DISTINCT c.key) AS citing,
     toInteger(sum(coalesce(x.count, 0))) AS mentions
WHERE cited_by >= $min_citing
WITH w, cited_by, citing, mentions, CASE WHEN w.title IS NULL THEN 1 ELSE 0 END AS untitled
ORDER BY cited_by DESC, mentions DESC, untitled, w.year, w.key
LIMIT $limit
OPTIONAL MATCH (a:Author)-[r:AUTHORED]->(w)
WITH w, cited_by, citing, mentions, untitled, a, min(r.position) AS pos
ORDER BY cited_by DESC, mentions DESC, untitled, w.year, w.key, pos
WITH w, cited_by, citing, mentions, untitled, collect(a.family) AS authors
RETURN w.key AS key, authors, w.year AS year, w.title AS title, cited_by, mentions, citing
ORDER BY cited_by DESC, mentions DESC, untitled, year, key
