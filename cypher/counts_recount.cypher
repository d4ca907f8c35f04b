// Recount every relation from its evidence as independent reports (graph/model.py reports): an article is one
// report of a relation however many of its sentences repeat it, a row of a coded event file (provenance other
// than "text") one of its own; confidence is the noisy-OR of each report's best confidence. For graphs written
// before the honest counts, whose counts and confidences were per sentence.
MATCH (e:Evidence)
WITH e.relation AS key, e.source AS source, e.target AS target, e.article_id AS article, e.published AS day,
     CASE WHEN coalesce(e.provenance, "text") = "text" THEN "" ELSE e.sentence END AS row,
     max(e.confidence) AS best
WITH key, source, target, count(*) AS reports, min(day) AS first_seen, max(day) AS last_seen,
     collect(best) AS confidences
MATCH (:Actor {key: source})-[r]->(:Actor {key: target})
WHERE r.key = key
SET r.count = reports, r.first_seen = first_seen, r.last_seen = last_seen,
    r.confidence = 1.0 - reduce(miss = 1.0, c IN confidences | miss * (1.0 - c))
RETURN count(r) AS recounted
