// Curation: the actors that lead or speak for an organisation.
MATCH (a:Actor {organization: $organization})
RETURN a.key AS key
ORDER BY key
