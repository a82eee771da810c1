// Works using a concept (matched by key, label or alias, any case): own = mentions in the
// work's own text or title; credited = sentences of citing works that credit the concept to
// it (in the citation's scope); defines = a definition is credited to it.
// @param concept str  concept key or label, e.g. co-production
// @param credited bool = true  include works only citing sentences credit with the concept
// @param limit int = 50  how many works to list
MATCH (k:Concept)
WHERE toLower(k.key) = toLower($concept) OR toLower(k.label) = toLower($concept)
   OR any(x IN coalesce(k.aliases, []) WHERE toLower(x) = toLower($concept))
MATCH (w:Work)-[:MENTIONS|CREDITED]->(k)
WITH DISTINCT k, w
OPTIONAL MATCH (w)-[m:MENTIONS]->(k)
WITH k, w, toInteger(coalesce(sum(m.count), 0)) AS own
OPTIONAL MATCH (w)-[c:CREDITED]->(k)
WITH k, w, own, toInteger(coalesce(sum(c.count), 0)) AS credited, collect(c.via) AS vias
WITH k, w, own, credited,
     reduce(acc = [], x IN reduce(f = [], v IN vias | f + coalesce(v, [])) |
            CASE WHEN x IN acc THEN acc ELSE acc + [x] END) AS via
WHERE $credited OR own > 0
OPTIONAL MATCH (w)-[d:DEFINES]->(k)
WITH k, w, own, credited, via, count(d) > 0 AS defines
RETURN k.key AS concept, w.key AS key, w.year AS year, w.title AS title,
       coalesce(w.in_corpus, false) AS in_corpus, own, credited, defines, via
ORDER BY own + credited DESC, year, key
LIMIT $limit
