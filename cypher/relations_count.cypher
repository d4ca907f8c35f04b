// How many relations match the filters (null: any); symmetric types match either way round.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.confidence >= $min_confidence
  AND ($rejected OR r.rejected IS NULL)
  AND ($source IS NULL OR a.key = $source OR (b.key = $source AND type(r) IN $symmetric))
  AND ($target IS NULL OR b.key = $target OR (a.key = $target AND type(r) IN $symmetric))
  AND ($actor IS NULL OR a.key = $actor OR b.key = $actor)
  AND ($types IS NULL OR type(r) IN $types) AND ($keys IS NULL OR r.key IN $keys)
RETURN count(r) AS total
