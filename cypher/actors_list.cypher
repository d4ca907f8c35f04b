// One page of the actors of a kind and state (null: any), by name then key, with how many there are.
MATCH (a:Actor)
WHERE ($kind IS NULL OR a.kind = $kind) AND ($state IS NULL OR a.state = $state OR a.key = $state)
WITH a ORDER BY toLower(a.name), a.key
WITH collect(a.key) AS keys
RETURN size(keys) AS total, keys[$offset..$offset + $limit] AS page
