// The evidence of the relations among some actors (the two sides of a dyad), of one provenance (null: any),
// rejected relations left out, with what tells its reports apart: tension is scored from these rows alone. Each
// relation's evidence is looked up by its key (MATCH on a projected key: the index on Evidence.relation; FalkorDB
// 4.16 joins `{relation: r.key}` by hashing every piece of evidence instead).
MATCH (x:Actor)-[r]->(y:Actor)
WHERE x.key IN $keys AND y.key IN $keys AND r.rejected IS NULL
WITH x.key AS source, type(r) AS type, y.key AS target, r.key AS key
MATCH (e:Evidence {relation: key})
WHERE $provenance IS NULL OR coalesce(e.provenance, 'text') = $provenance
RETURN source, type, target, key, e.article_id AS article_id,
       e.published AS published, e.confidence AS confidence, coalesce(e.provenance, 'text') AS provenance,
       CASE WHEN coalesce(e.provenance, 'text') = 'text' THEN '' ELSE e.sentence END AS sentence
