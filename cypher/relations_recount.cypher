// Recompute relations' figures from the evidence they still have (after a failed write's leftover was
// removed on a server without transactions); a relation left without evidence is deleted.
UNWIND $keys AS key
MATCH (:Actor)-[r]->(:Actor)
WHERE r.key = key
OPTIONAL MATCH (e:Evidence {relation: key})
WITH r, count(e) AS n, min(e.published) AS first_seen, max(e.published) AS last_seen,
     collect(e.confidence) AS confidences
SET r.count = n, r.first_seen = first_seen, r.last_seen = last_seen,
    r.confidence = 1.0 - reduce(miss = 1.0, c IN confidences | miss * (1.0 - c))
WITH r, n
WHERE n = 0
DELETE r
