// Works mentioning a concept (matched by key, label or alias, any case), with mention counts:
// own = in the work's text, attributed = in sentences of other works citing it.
// @param concept str  concept key or label, e.g. co-production
// @param attributed bool = true  include mentions attributed through citing sentences
// @param limit int = 50  how many works to list
MATCH (k:Concept)
WHERE toLower(k.key) = toLower($concept) OR toLower(k.label) = toLower($concept)
   OR any(x IN coalesce(k.aliases, []) WHERE toLower(x) = toLower($concept))
MATCH (w:Work)-[m:MENTIONS]->(k)
WHERE $attributed OR coalesce(m.attributed, false) = false
WITH k, w,
     toInteger(sum(CASE WHEN m.attributed = true THEN 0 ELSE coalesce(m.count, 0) END)) AS own,
     toInteger(sum(CASE WHEN m.attributed = true THEN coalesce(m.count, 0) ELSE 0 END))
       AS attributed,
     collect(DISTINCT m.via) AS via
OPTIONAL MATCH (w)-[d:DEFINES]->(k)
WITH k, w, own, attributed, via, count(d) > 0 AS defines
RETURN k.key AS concept, w.key AS key, w.year AS year, w.title AS title,
       coalesce(w.in_corpus, false) AS in_corpus, own, attributed, defines, via
ORDER BY own + attributed DESC, year, key
LIMIT $limit
