// Most-cited works: how many distinct works cite each one (corpus and cited-only alike).
// @param limit int = 20  how many works to list
// @param min_year int = 0  ignore works published before this year
// @param corpus_only bool = false  count only citations from works in the corpus
MATCH (c:Work)-[:CITES]->(w:Work)
WHERE coalesce(w.year, 0) >= $min_year AND (NOT $corpus_only OR c.in_corpus = true)
WITH w, count(DISTINCT c) AS cited_by
ORDER BY cited_by DESC, w.year, w.key
LIMIT $limit
OPTIONAL MATCH (a:Author)-[r:AUTHORED]->(w)
WITH w, cited_by, a, min(r.position) AS pos
ORDER BY cited_by DESC, w.year, w.key, pos
WITH w, cited_by, collect(a.family) AS authors
RETURN w.key AS key, authors, w.year AS year, w.title AS title,
       coalesce(w.in_corpus, false) AS in_corpus, cited_by
ORDER BY cited_by DESC, year, key
