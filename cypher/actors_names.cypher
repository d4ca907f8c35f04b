// The names of the actors of a kind and state (null: any) after the key $after, a batch at a time in key
// order: a fuzzy name search ranks them batch by batch without holding every name.
MATCH (a:Actor)
WHERE a.key > $after AND ($kind IS NULL OR a.kind = $kind)
  AND ($state IS NULL OR a.state = $state OR a.key = $state)
RETURN a.key AS key, a.name AS name, a.aliases AS aliases
ORDER BY key
LIMIT $limit
