// The alliances (ALLIED_WITH) and memberships (MEMBER_OF) of at least $min_confidence, rejected ones left out, that
// touch one of $keys (null: every one): the edges graph.alliances reads as the alliance graph, fetched a ring at
// a time for an actor's allies, or all of them (and no other relation) for the blocs.
MATCH (x:Actor)-[r:ALLIED_WITH|MEMBER_OF]->(y:Actor)
WHERE r.rejected IS NULL AND r.confidence >= $min_confidence AND ($keys IS NULL OR x.key IN $keys OR y.key IN $keys)
RETURN x.key AS source, type(r) AS type, y.key AS target, r.confidence AS confidence
