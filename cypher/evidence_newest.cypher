// The date of the newest evidence of any relation that is not rejected, of one provenance (null: any): the day
// tension is decayed to when neither as_of nor until is given.
MATCH (:Actor)-[r]->(:Actor)
WHERE r.rejected IS NULL
MATCH (e:Evidence {relation: r.key})
WHERE $provenance IS NULL OR coalesce(e.provenance, 'text') = $provenance
RETURN max(e.published) AS newest
