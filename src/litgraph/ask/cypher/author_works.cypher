// Works by an author whose name contains $name (any case), with position and times cited.
// @param name str  part of the author's name, e.g. ostrom
// @param limit int = 100  how many works to list
MATCH (a:Author)-[r:AUTHORED]->(w:Work)
WHERE toLower(coalesce(a.name, '') + ' ' + coalesce(a.family, '')) CONTAINS toLower($name)
WITH a, w, min(r.position) AS position
OPTIONAL MATCH (c:Work)-[:CITES]->(w)
WITH a, w, position, count(DISTINCT c) AS cited_by
RETURN a.key AS author_key, a.name AS author, position, w.key AS key, w.year AS year,
       w.title AS title, coalesce(w.in_corpus, false) AS in_corpus, cited_by
ORDER BY author, year, key
LIMIT $limit
