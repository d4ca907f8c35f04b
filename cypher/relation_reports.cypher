// The reports of the relations $keys (one per article and day; one per row of a coded event file), each with its
// day and best confidence, from the evidence of one provenance (null: all): the events of a subgraph's edges.
UNWIND $keys AS key
MATCH (e:Evidence {relation: key})
WHERE $provenance IS NULL OR coalesce(e.provenance, 'text') = $provenance
WITH key, e.article_id AS article, e.published AS day,
     CASE WHEN coalesce(e.provenance, 'text') = 'text' THEN '' ELSE e.sentence END AS said,
     max(e.confidence) AS confidence
RETURN key, day, confidence
