// The relations that start at one of $keys, not rejected, of the types (null: any), with their figures: the
// edges of a subgraph (/graph), kept by the caller when their target is in it too.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE a.key IN $keys AND r.rejected IS NULL AND ($types IS NULL OR type(r) IN $types)
RETURN a.key AS source, type(r) AS type, b.key AS target, r.key AS key, r.count AS count,
       r.first_seen AS first_seen, r.last_seen AS last_seen, r.confidence AS confidence
