// Remove the leftover of a failed write: the incomplete article and its evidence (actors stay: merging
// them again changes nothing).
MATCH (a:Article {id: $id})
WHERE a.complete = false
OPTIONAL MATCH (e:Evidence)-[:IN_ARTICLE]->(a)
DETACH DELETE e, a
