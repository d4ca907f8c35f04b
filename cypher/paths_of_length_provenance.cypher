// paths_of_length over the relations with evidence of one provenance ($provenance), which are the relations the
// projection of that provenance holds: the first $limit simple paths of exactly __HOPS__ relations between two
// actors, as lists of actor keys in the order of their keys; relations of the types (null: any), rejected ones
// left out, $directed as in paths_of_length. Each path is kept only when every relation it walks has such
// evidence (counted per relation of the path: openCypher has no EXISTS subquery on FalkorDB).
MATCH (a:Actor {key: $from}), (b:Actor {key: $to})
WITH a, b
MATCH p = (a)-[*__HOPS__]-(b)
WITH nodes(p) AS actors, relationships(p) AS rels
WHERE all(r IN rels WHERE r.rejected IS NULL AND ($types IS NULL OR type(r) IN $types))
  AND all(i IN range(0, size(rels) - 1) WHERE NOT $directed OR startNode(rels[i]) = actors[i]
                                              OR type(rels[i]) IN $symmetric)
WITH [n IN actors | n.key] AS keys, rels
WHERE all(i IN range(0, size(keys) - 2) WHERE NOT keys[i] IN keys[i + 1..])
WITH keys, rels, reduce(s = '', r IN rels | s + r.key + ' ') AS walk
UNWIND rels AS r
OPTIONAL MATCH (e:Evidence {relation: r.key})
WHERE coalesce(e.provenance, 'text') = $provenance
WITH keys, walk, r.key AS relation, count(e) AS found
WITH keys, walk, min(found) AS least
WHERE least > 0
WITH DISTINCT keys, reduce(s = '', k IN keys | s + k + ' ') AS sort_key
RETURN keys
ORDER BY sort_key
LIMIT $limit
