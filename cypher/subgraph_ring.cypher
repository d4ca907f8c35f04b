// The actors one relation away from any of $keys, either way: relations not rejected, of the types (null: any),
// with evidence of $provenance (null: any relation). The next ring of a subgraph (/graph), as
// graph.export.neighbourhood walks it on the projection.
MATCH (a:Actor)-[r]-(b:Actor)
WHERE a.key IN $keys AND r.rejected IS NULL AND ($types IS NULL OR type(r) IN $types)
OPTIONAL MATCH (e:Evidence {relation: r.key})
WHERE $provenance IS NOT NULL AND coalesce(e.provenance, 'text') = $provenance
WITH b.key AS key, count(e) AS found
WHERE $provenance IS NULL OR found > 0
RETURN key
