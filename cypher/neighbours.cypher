// The keys of the actors one relation away from $key: out, in or both ways, of the types (null: any);
// rejected relations left out.
MATCH (a:Actor {key: $key})-[r]-(b:Actor)
WHERE r.rejected IS NULL AND ($types IS NULL OR type(r) IN $types)
  AND ($direction = 'both' OR ($direction = 'out' AND startNode(r) = a) OR ($direction = 'in' AND endNode(r) = a))
RETURN DISTINCT b.key AS key
ORDER BY key
