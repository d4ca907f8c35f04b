// How many relations match the filters (null: any); symmetric types match either way round. With $windowed, only
// the relations with evidence in the window, from the article, of the provenance (null: any): each relation's
// evidence is looked up by its key (the index on Evidence.relation), and not at all without $windowed.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.confidence >= $min_confidence
  AND ($rejected OR r.rejected IS NULL)
  AND ($source IS NULL OR a.key = $source OR (b.key = $source AND type(r) IN $symmetric))
  AND ($target IS NULL OR b.key = $target OR (a.key = $target AND type(r) IN $symmetric))
  AND ($actor IS NULL OR a.key = $actor OR b.key = $actor)
  AND ($types IS NULL OR type(r) IN $types)
WITH r.key AS key, CASE WHEN $windowed THEN r.key END AS evidenced
OPTIONAL MATCH (e:Evidence {relation: evidenced})
WHERE ($since IS NULL OR e.published >= $since) AND ($until IS NULL OR e.published <= $until)
  AND ($article IS NULL OR e.article_id = $article)
  AND ($provenance IS NULL OR coalesce(e.provenance, 'text') = $provenance)
WITH key, e
WHERE NOT $windowed OR e IS NOT NULL
RETURN count(DISTINCT key) AS total
