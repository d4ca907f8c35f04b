// Curation: these actors now speak for another organisation.
UNWIND $keys AS k
MATCH (a:Actor {key: k})
SET a.organization = $organization
