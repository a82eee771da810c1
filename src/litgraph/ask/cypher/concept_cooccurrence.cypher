// Concept co-occurrence: concept pairs mentioned by the same works (each pair once, a < b).
// Mentions attributed to a cited work through sentences citing it count only with attributed=true.
// @param limit int = 20  how many pairs to list
// @param min_works int = 2  only pairs mentioned together by at least this many works
// @param attributed bool = false  also count mentions attributed through citing sentences
// @param mined bool = true  include mined key phrases (not only vocabulary concepts)
MATCH (a:Concept)<-[m1:MENTIONS]-(w:Work)-[m2:MENTIONS]->(b:Concept)
WHERE a.key < b.key
  AND ($attributed OR (coalesce(m1.attributed, false) = false
                       AND coalesce(m2.attributed, false) = false))
  AND ($mined OR (a.origin = 'vocabulary' AND b.origin = 'vocabulary'))
WITH a, b, count(DISTINCT w) AS works
WHERE works >= $min_works
RETURN a.key AS a_key, a.label AS a_label, b.key AS b_key, b.label AS b_label, works
ORDER BY works DESC, a_key, b_key
LIMIT $limit
