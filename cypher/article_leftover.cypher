// The leftover of a write of this article that failed midway on a server without transactions (no row:
// none): the relation keys its evidence had reached.
MATCH (a:Article {id: $id})
WHERE a.complete = false
OPTIONAL MATCH (e:Evidence)-[:IN_ARTICLE]->(a)
RETURN collect(DISTINCT e.relation) AS keys
