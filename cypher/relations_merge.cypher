// Create or update relations of one type (__TYPE__ is filled from the closed set of relation types)
// and fold new evidence into their figures: count of reports, first/last seen, noisy-OR confidence
// (x.miss is the product of 1 - confidence over the new reports). Symmetric types (ALLIED_WITH,
// COOPERATES_WITH) are marked r.symmetric: match them undirected, (a)-[r:ALLIED_WITH]-(b). The _lock write takes the
// relationship write lock before the read-modify-write, so concurrent writers never lose an update.
UNWIND $rels AS x
MATCH (a:Actor {key: x.source}), (b:Actor {key: x.target})
MERGE (a)-[r:__TYPE__]->(b)
  ON CREATE SET r.key = x.key, r.count = 0, r.confidence = 0.0, r.first_seen = x.first_seen,
                r.last_seen = x.last_seen, r.created = true, r.symmetric = x.symmetric
SET r._lock = true
WITH r, x, coalesce(r.created, false) AS created
SET r.count = r.count + x.count,
    r.confidence = 1.0 - (1.0 - r.confidence) * x.miss,
    r.first_seen = CASE WHEN x.first_seen < r.first_seen THEN x.first_seen ELSE r.first_seen END,
    r.last_seen = CASE WHEN x.last_seen > r.last_seen THEN x.last_seen ELSE r.last_seen END
REMOVE r._lock, r.created
RETURN r.key AS key, r.count AS count, r.first_seen AS first_seen, r.last_seen AS last_seen,
       r.confidence AS confidence, created, r.rejected AS rejected
