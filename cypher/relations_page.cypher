// One page of the relations that match the filters, newest first.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.confidence >= $min_confidence
  AND ($rejected OR r.rejected IS NULL)
  AND ($source IS NULL OR a.key = $source OR (b.key = $source AND type(r) IN $symmetric))
  AND ($target IS NULL OR b.key = $target OR (a.key = $target AND type(r) IN $symmetric))
  AND ($actor IS NULL OR a.key = $actor OR b.key = $actor)
  AND ($types IS NULL OR type(r) IN $types) AND ($keys IS NULL OR r.key IN $keys)
RETURN a.key AS source, type(r) AS type, b.key AS target, r.key AS key, r.count AS count,
       r.first_seen AS first_seen, r.last_seen AS last_seen, r.confidence AS confidence, r.rejected AS rejected
ORDER BY last_seen DESC, key
SKIP $offset LIMIT $limit
