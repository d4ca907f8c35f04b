// One page of the relations that match the filters, newest first; with $windowed, of those with evidence in the
// window, from the article, of the provenance (looked up as in relations_count).
MATCH (a:Actor)-[r]->(b:Actor)
WHERE r.confidence >= $min_confidence
  AND ($rejected OR r.rejected IS NULL)
  AND ($source IS NULL OR a.key = $source OR (b.key = $source AND type(r) IN $symmetric))
  AND ($target IS NULL OR b.key = $target OR (a.key = $target AND type(r) IN $symmetric))
  AND ($actor IS NULL OR a.key = $actor OR b.key = $actor)
  AND ($types IS NULL OR type(r) IN $types)
WITH a.key AS source, type(r) AS type, b.key AS target, r.key AS key, r.count AS count, r.first_seen AS first_seen,
     r.last_seen AS last_seen, r.confidence AS confidence, r.rejected AS rejected,
     CASE WHEN $windowed THEN r.key END AS evidenced
OPTIONAL MATCH (e:Evidence {relation: evidenced})
WHERE ($since IS NULL OR e.published >= $since) AND ($until IS NULL OR e.published <= $until)
  AND ($article IS NULL OR e.article_id = $article)
  AND ($provenance IS NULL OR coalesce(e.provenance, 'text') = $provenance)
WITH source, type, target, key, count, first_seen, last_seen, confidence, rejected, e
WHERE NOT $windowed OR e IS NOT NULL
WITH DISTINCT source, type, target, key, count, first_seen, last_seen, confidence, rejected
RETURN source, type, target, key, count, first_seen, last_seen, confidence, rejected
ORDER BY last_seen DESC, source, type, target
SKIP $offset LIMIT $limit
