// Every relation between the consecutive actors of some paths ($pairs: [from, to] lists), of the types (null:
// any), rejected ones left out, with its ends as stored and its confidence: the store picks the one a path
// step walks (the most confident it may walk, as graph.paths does; under a provenance filter, by the confidence of
// that provenance's reports of the relation, cypher/relation_reports).
UNWIND $pairs AS pair
MATCH (a:Actor {key: pair[0]})-[r]-(b:Actor {key: pair[1]})
WHERE r.rejected IS NULL AND ($types IS NULL OR type(r) IN $types)
RETURN pair[0] AS walked_from, pair[1] AS walked_to, startNode(r).key AS source, type(r) AS type,
       endNode(r).key AS target, r.key AS key, r.confidence AS confidence
