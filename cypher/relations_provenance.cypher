// The relations that match the filters and have evidence of one provenance (in the window, from the article;
// null: any), each with the figures of that provenance's reports alone (one report per article and day; one per
// row of a coded event file): count, first/last seen, noisy-OR confidence, by which min_confidence and the order
// go. The total and one page, so that the figures are computed in the database and only a page comes back.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE ($rejected OR r.rejected IS NULL)
  AND ($source IS NULL OR a.key = $source OR (b.key = $source AND type(r) IN $symmetric))
  AND ($target IS NULL OR b.key = $target OR (a.key = $target AND type(r) IN $symmetric))
  AND ($actor IS NULL OR a.key = $actor OR b.key = $actor)
  AND ($types IS NULL OR type(r) IN $types)
WITH a.key AS source, type(r) AS type, b.key AS target, r.key AS key, r.rejected AS rejected
MATCH (e:Evidence {relation: key})
WHERE coalesce(e.provenance, 'text') = $provenance
WITH source, type, target, key, rejected, e.article_id AS article, e.published AS day,
     CASE WHEN coalesce(e.provenance, 'text') = 'text' THEN '' ELSE e.sentence END AS said,
     max(e.confidence) AS confidence,
     max(CASE WHEN ($since IS NULL OR e.published >= $since) AND ($until IS NULL OR e.published <= $until)
                   AND ($article IS NULL OR e.article_id = $article) THEN 1 ELSE 0 END) AS inside
WITH source, type, target, key, rejected, count(*) AS count, min(day) AS first_seen, max(day) AS last_seen, max(inside) AS inside,
     collect(confidence) AS found
WHERE inside = 1
// (the product in a WITH of its own: FalkorDB fails on reduce() over collect() in one aggregation)
WITH source, type, target, key, rejected, count, first_seen, last_seen,
     round(1000000.0 * (1.0 - reduce(miss = 1.0, c IN found | miss * (1.0 - c)))) / 1000000.0 AS confidence
WHERE confidence >= $min_confidence
WITH source, type, target, key, rejected, count, first_seen, last_seen, confidence
ORDER BY last_seen DESC, source, type, target
WITH collect({source: source, type: type, target: target, key: key, count: count, first_seen: first_seen,
              last_seen: last_seen, confidence: confidence, rejected: rejected}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS page
