// Works citing both $a and $b. Each is matched loosely: every word of it must occur (any case)
// in the cited work's title, authors' family names, year or key, e.g. -p a="ostrom 1972".
// @param a str  the first cited work (words of its title, author family names, year)
// @param b str  the second cited work
// @param limit int = 50  how many citing works to list
MATCH (x:Work)
OPTIONAL MATCH (au:Author)-[:AUTHORED]->(x)
WITH x, collect(DISTINCT toLower(coalesce(au.family, ''))) AS fams
WITH x, toLower(coalesce(x.title, '') + ' ' + coalesce(toString(x.year), '') + ' '
        + x.key) + reduce(s = '', f IN fams | s + ' ' + f) AS hay
WITH x, all(t IN split(toLower($a), ' ') WHERE hay CONTAINS t) AS is_a,
        all(t IN split(toLower($b), ' ') WHERE hay CONTAINS t) AS is_b
WHERE is_a OR is_b
WITH collect(CASE WHEN is_a THEN x END) AS a_works, collect(CASE WHEN is_b THEN x END) AS b_works
UNWIND a_works AS wa
UNWIND b_works AS wb
WITH wa, wb
WHERE wa <> wb
MATCH (c:Work)-[:CITES]->(wa)
MATCH (c)-[:CITES]->(wb)
WITH c, collect(DISTINCT wa.key) AS cites_a, collect(DISTINCT wb.key) AS cites_b
RETURN c.key AS key, c.year AS year, c.title AS title, coalesce(c.in_corpus, false) AS in_corpus,
       cites_a, cites_b
ORDER BY year, key
LIMIT $limit
