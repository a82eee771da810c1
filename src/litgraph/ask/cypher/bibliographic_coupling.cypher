// Bibliographic coupling: pairs of corpus works that cite the same works (each pair once, a < b).
// @param limit int = 20  how many pairs to list
// @param min_shared int = 2  only pairs sharing at least this many references
MATCH (a:Work)-[:CITES]->(r:Work)<-[:CITES]-(b:Work)
WHERE a.in_corpus = true AND b.in_corpus = true AND a.key < b.key
WITH a, b, count(DISTINCT r) AS shared
WHERE shared >= $min_shared
RETURN a.key AS a_key, a.year AS a_year, a.title AS a_title,
       b.key AS b_key, b.year AS b_year, b.title AS b_title, shared
ORDER BY shared DESC, a_key, b_key
LIMIT $limit
