// The evidence behind one edge: every sentence, its article, URL and date (set $source, $type, $target).
// ALLIED_WITH and COOPERATES_WITH have no direction (stored once, the pair in key order): either order finds them.
MATCH (s:Actor {key: $source})-[r]-(t:Actor {key: $target})
WHERE type(r) = $type AND (startNode(r) = s OR type(r) IN ["ALLIED_WITH", "COOPERATES_WITH"])
MATCH (e:Evidence {relation: r.key})-[:IN_ARTICLE]->(a:Article)
RETURN e.sentence AS sentence, e.confidence AS confidence, a.id AS article, a.url AS url, e.published AS published,
       r.rejected IS NOT NULL AS rejected
ORDER BY published DESC
