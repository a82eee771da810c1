// Concept co-occurrence: concept pairs used by the same works (each pair once, a < b).
// Own use only (the works' own text or title); credited = true also counts concepts that
// citing sentences credit to a work.
// @param limit int = 20  how many pairs to list
// @param min_works int = 2  only pairs used together by at least this many works
// @param credited bool = false  also count concepts credited through citing sentences
// @param mined bool = true  include mined key phrases (not only vocabulary concepts)
MATCH (a:Concept)<-[m1:MENTIONS|CREDITED]-(w:Work)-[m2:MENTIONS|CREDITED]->(b:Concept)
WHERE a.key < b.key
  AND ($credited OR (type(m1) = 'MENTIONS' AND type(m2) = 'MENTIONS'))
  AND ($mined OR (a.origin = 'vocabulary' AND b.origin = 'vocabulary'))
WITH a, b, count(DISTINCT w) AS works
WHERE works >= $min_works
RETURN a.key AS a_key, a.label AS a_label, b.key AS b_key, b.label AS b_label, works
ORDER BY works DESC, a_key, b_key
LIMIT $limit
