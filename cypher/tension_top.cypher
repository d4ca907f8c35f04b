// One page of the tensest rolled-up dyads (graph.tension.rank_dyads) and how many are ranked, worked out in the
// database: every report (one per article and day; one per row of a coded event file) of a relation whose type
// weighs something, of one provenance (null: any), dated in [$since, $until], between two different actors
// after officers and ministries are rolled up to their state (or organisation), pair in key order, kept to
// the pairs with $actor (null: all). Each report weighs $weight[type] * confidence, decayed to the day numbered
// $as_of_day (a proleptic Gregorian ordinal, as Python's date.toordinal) with the half-life $half_life: dates
// are ISO strings, so the day number of each is worked out here (days from the civil date, integer arithmetic).
// With $hostile_only a dyad needs a report of a type of $hostile. Highest score first, then by the pair's keys.
MATCH (x:Actor)-[r]->(y:Actor)
WHERE r.rejected IS NULL AND type(r) IN $weighted
WITH r.key AS key, type(r) AS type,
     CASE WHEN x.kind IN ['Officer', 'Ministry'] THEN coalesce(x.state, x.organization, x.key) ELSE x.key END AS u,
     CASE WHEN y.kind IN ['Officer', 'Ministry'] THEN coalesce(y.state, y.organization, y.key) ELSE y.key END AS v
WHERE u <> v
WITH key, type, CASE WHEN u < v THEN u ELSE v END AS a, CASE WHEN u < v THEN v ELSE u END AS b
WHERE $actor IS NULL OR a = $actor OR b = $actor
MATCH (e:Evidence {relation: key})
WHERE ($provenance IS NULL OR coalesce(e.provenance, 'text') = $provenance)
  AND ($since IS NULL OR e.published >= $since) AND e.published <= $until
WITH a, b, type, key, e.article_id AS article, e.published AS day,
     CASE WHEN coalesce(e.provenance, 'text') = 'text' THEN '' ELSE e.sentence END AS said,
     max(e.confidence) AS confidence
WITH a, b, type, confidence, toInteger(substring(day, 5, 2)) AS month, toInteger(substring(day, 8, 2)) AS dom,
     toInteger(substring(day, 0, 4)) AS year
WITH a, b, type, confidence, month, dom, CASE WHEN month <= 2 THEN year - 1 ELSE year END AS y
WITH a, b, type, confidence, y / 400 AS era, y % 400 AS yoe, (153 * ((month + 9) % 12) + 2) / 5 + dom - 1 AS doy
WITH a, b, type, era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 305 AS ordinal, confidence
WITH a, b, type, $weight[type] * confidence * 0.5 ^ (toFloat($as_of_day - ordinal) / $half_life) AS value
WITH a, b, type, sum(value) AS value, count(*) AS events
WITH a, b, sum(value) AS score, sum(events) AS events,
     sum(CASE WHEN type IN $hostile THEN value ELSE 0.0 END) AS hostility,
     sum(CASE WHEN type IN $hostile THEN 0.0 ELSE 0.0 - value END) AS cooperation,
     max(CASE WHEN type IN $hostile THEN 1 ELSE 0 END) AS hostile, collect([type, value]) AS by_type
WHERE hostile = 1 OR NOT $hostile_only
WITH a, b, score, events, hostility, cooperation, by_type
ORDER BY score DESC, a, b
WITH collect({a: a, b: b, score: score, events: events, hostility: hostility, cooperation: cooperation,
              by_type: by_type}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS page
