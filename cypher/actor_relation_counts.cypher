// How many relations of each type start and end at $key (rejected ones left out), for the actor's page.
MATCH (a:Actor {key: $key})-[r]-(b:Actor)
WHERE r.rejected IS NULL
RETURN type(r) AS type, startNode(r) = a AS out, count(r) AS n
