// Curation: a relation's figures recomputed from its evidence; $rejected sets or clears the rejection
// ($set_rejected false: leave it).
MATCH (a:Actor {key: $source})-[r:__TYPE__]->(b:Actor {key: $target})
SET r.count = coalesce($count, r.count), r.first_seen = coalesce($first_seen, r.first_seen),
    r.last_seen = coalesce($last_seen, r.last_seen), r.confidence = coalesce($confidence, r.confidence),
    r.rejected = CASE WHEN $set_rejected THEN $rejected ELSE r.rejected END
