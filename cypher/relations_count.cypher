// How many relations match the filters (null: any).
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.confidence >= $min_confidence
  AND ($source IS NULL OR a.key = $source) AND ($target IS NULL OR b.key = $target)
  AND ($actor IS NULL OR a.key = $actor OR b.key = $actor)
  AND ($types IS NULL OR type(r) IN $types) AND ($keys IS NULL OR r.key IN $keys)
RETURN count(r) AS total
