// An actor and everything within two hops, as a picture (set $key, e.g. :param key => "AZE").
MATCH p = (a:Actor {key: $key})-[*1..2]-(:Actor)
RETURN p
LIMIT 300
