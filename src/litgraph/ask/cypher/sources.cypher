// Build status of each source file: path, status, sha256, extractor version, works described.
// @param status str = any  only sources with this status (complete, writing, ...; any = all)
// @param limit int = 1000  how many sources to list
MATCH (s:Source)
WHERE $status = 'any' OR s.status = $status
OPTIONAL MATCH (s)-[:DESCRIBES]->(w:Work)
WITH s, count(DISTINCT w) AS works
RETURN s.path AS path, s.status AS status, s.sha256 AS sha256, s.version AS version, works
ORDER BY path
LIMIT $limit
