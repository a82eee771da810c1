// Co-citation: pairs of works cited together by the same citing work (each pair once, a < b).
// @param limit int = 20  how many pairs to list
// @param min_count int = 2  only pairs cited together by at least this many works
MATCH (c:Work)-[:CITES]->(a:Work), (c)-[:CITES]->(b:Work)
WHERE a.key < b.key
WITH a, b, count(DISTINCT c) AS together
WHERE together >= $min_count
RETURN a.key AS a_key, a.year AS a_year, a.title AS a_title,
       b.key AS b_key, b.year AS b_year, b.title AS b_title, together
ORDER BY together DESC, a_key, b_key
LIMIT $limit
