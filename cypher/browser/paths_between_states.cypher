// The shortest paths between two actors, following relations either way (ALLIED_WITH and COOPERATES_WITH have
// no direction anyway), up to four hops (set $from and $to); rejected relations are left out. (The WITH lets
// FalkorDB, which wants both ends bound before allShortestPaths, run it too.)
MATCH (a:Actor {key: $from}), (b:Actor {key: $to})
WITH a, b
MATCH p = allShortestPaths((a)-[*..4]-(b))
WHERE all(n IN nodes(p) WHERE n:Actor) AND all(r IN relationships(p) WHERE r.rejected IS NULL)
RETURN p
LIMIT 25
