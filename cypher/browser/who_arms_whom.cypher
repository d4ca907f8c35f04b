// Who arms whom: suppliers, recipients, how often reported (independent reports), and when; rejected
// relations are left out.
MATCH (s:Actor)-[r:ARMS]->(t:Actor)
WHERE r.rejected IS NULL
RETURN s.name AS supplier, t.name AS recipient, r.count AS reports, r.first_seen AS first_seen,
       r.last_seen AS last_seen, r.confidence AS confidence
ORDER BY reports DESC, confidence DESC
