// The first $limit simple paths of exactly __HOPS__ relations between two actors, as lists of actor keys, in the
// order of their keys (graph.paths.ordered_paths gives the same order): relations of the types (null: any),
// rejected ones left out; with $directed each relation is walked from its source, but a symmetric one
// (ALLIED_WITH, COOPERATES_WITH) either way. The WITH lets FalkorDB, which wants both ends bound, run it.
MATCH (a:Actor {key: $from}), (b:Actor {key: $to})
WITH a, b
MATCH p = (a)-[*__HOPS__]-(b)
WITH nodes(p) AS actors, relationships(p) AS rels
WHERE all(r IN rels WHERE r.rejected IS NULL AND ($types IS NULL OR type(r) IN $types))
  AND all(i IN range(0, size(rels) - 1) WHERE NOT $directed OR startNode(rels[i]) = actors[i]
                                              OR type(rels[i]) IN $symmetric)
WITH [n IN actors | n.key] AS keys
WHERE all(i IN range(0, size(keys) - 2) WHERE NOT keys[i] IN keys[i + 1..])
WITH DISTINCT keys, reduce(s = '', k IN keys | s + k + ' ') AS sort_key
RETURN keys
ORDER BY sort_key
LIMIT $limit
