// An actor and everything within two hops in either direction, as a picture (set $key, e.g. :param key => "AZE");
// rejected relations are left out.
MATCH p = (a:Actor {key: $key})-[*1..2]-(:Actor)
WHERE all(r IN relationships(p) WHERE r.rejected IS NULL)
RETURN p
LIMIT 300
