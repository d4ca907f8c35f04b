// Recompute relations' figures from the evidence they still have (after a failed write's leftover was
// removed on a server without transactions): count of independent reports (an article is one report however
// many of its sentences repeat the relation; a coded row is one of its own), first/last seen, noisy-OR of each
// report's best confidence. A relation left without evidence is deleted.
UNWIND $keys AS key
MATCH (:Actor)-[r]->(:Actor)
WHERE r.key = key
OPTIONAL MATCH (e:Evidence {relation: key})
WITH r, e.article_id AS article, e.published AS day,
     CASE WHEN e IS NULL THEN null WHEN coalesce(e.provenance, "text") = "text" THEN "" ELSE e.sentence END AS row,
     max(e.confidence) AS best
WITH r, count(article) AS n, min(day) AS first_seen, max(day) AS last_seen, collect(best) AS confidences
SET r.count = n, r.first_seen = first_seen, r.last_seen = last_seen,
    r.confidence = 1.0 - reduce(miss = 1.0, c IN confidences | miss * (1.0 - c))
WITH r, n
WHERE n = 0
DELETE r
