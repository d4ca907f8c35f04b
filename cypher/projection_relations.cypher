// Every relation between actors with its figures, for the in-memory projection (rejected ones left out).
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.rejected IS NULL
RETURN a.key AS source, type(r) AS type, b.key AS target, r.key AS key, r.count AS count,
       r.first_seen AS first_seen, r.last_seen AS last_seen, r.confidence AS confidence
