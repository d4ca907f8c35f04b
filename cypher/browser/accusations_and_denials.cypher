// Accusations and the denials that answer them: A accuses B, and B (or one of its officers or ministries)
// denies A. accusations: independent reports; rejected relations are left out.
MATCH (a:Actor)-[acc:ACCUSES]->(b:Actor)
WHERE acc.rejected IS NULL
OPTIONAL MATCH (d:Actor)-[den:DENIES]->(a)
WHERE (d = b OR d.state = b.key) AND den.rejected IS NULL
RETURN a.name AS accuser, b.name AS accused, acc.count AS accusations, acc.last_seen AS last_accused,
       collect(DISTINCT d.name) AS deniers, max(den.last_seen) AS last_denied
ORDER BY accusations DESC
