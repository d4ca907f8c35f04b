// The shortest paths between two actors in either direction, up to four hops (set $from and $to).
MATCH (a:Actor {key: $from}), (b:Actor {key: $to})
MATCH p = allShortestPaths((a)-[*..4]-(b))
WHERE all(n IN nodes(p) WHERE n:Actor)
RETURN p
LIMIT 25
