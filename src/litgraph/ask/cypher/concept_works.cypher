// Works mentioning a concept (matched by key, label or alias, any case), with mention counts:
// own = in the work's text, attributed = in sentences of other works citing it (via them).
// @param concept str  concept key or label, e.g. co-production
// @param attributed bool = true  include mentions attributed through citing sentences
// @param limit int = 50  how many works to list
MATCH (k:Concept)
WHERE toLower(k.key) = toLower($concept) OR toLower(k.label) = toLower($concept)
   OR any(x IN coalesce(k.aliases, []) WHERE toLower(x) = toLower($concept))
MATCH (w:Work)-[m:MENTIONS]->(k)
WHERE $attributed OR coalesce(m.attributed, false) = false
WITH k, w, m, coalesce(m.count, 0) AS total,
     CASE WHEN $attributed THEN coalesce(m.attributed_count,
          CASE WHEN m.attributed = true THEN coalesce(m.count, 0) ELSE 0 END) ELSE 0 END
       AS attributed
WITH k, w, toInteger(total - coalesce(m.attributed_count, attributed)) AS own,
     toInteger(attributed) AS attributed,
     CASE WHEN $attributed THEN coalesce(m.vias, CASE WHEN m.via IS NULL THEN [] ELSE [m.via] END)
          ELSE [] END AS vias
WITH k, w, own, attributed, reduce(u = [], v IN vias | CASE WHEN v IN u THEN u ELSE u + v END)
       AS via
OPTIONAL MATCH (w)-[d:DEFINES]->(k)
WITH k, w, own, attributed, via, count(d) > 0 AS defines
RETURN k.key AS concept, w.key AS key, w.year AS year, w.title AS title,
       coalesce(w.in_corpus, false) AS in_corpus, own, attributed, defines, via
ORDER BY own + attributed DESC, year, key
LIMIT $limit
