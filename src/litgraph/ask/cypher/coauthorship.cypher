// Co-authorship: author pairs with the number of works they wrote together (each pair once).
// @param limit int = 20  how many pairs to list
// @param min_works int = 1  only pairs with at least this many joint works
MATCH (a:Author)-[:AUTHORED]->(w:Work)<-[:AUTHORED]-(b:Author)
WHERE a.key < b.key
WITH a, b, count(DISTINCT w) AS joint, min(w.year) AS first_year,
     max(w.year) AS last_year
WHERE joint >= $min_works
RETURN a.key AS a_key, a.name AS a_name, b.key AS b_key, b.name AS b_name, joint,
       first_year, last_year
ORDER BY joint DESC, a_name, b_name
LIMIT $limit
