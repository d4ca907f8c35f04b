// The evidence behind one edge: every sentence, its article, URL and date (set $source, $type, $target).
MATCH (s:Actor {key: $source})-[r]->(t:Actor {key: $target})
WHERE type(r) = $type
MATCH (e:Evidence {relation: r.key})-[:IN_ARTICLE]->(a:Article)
RETURN e.sentence AS sentence, e.confidence AS confidence, a.id AS article, a.url AS url, e.published AS published
ORDER BY published DESC
