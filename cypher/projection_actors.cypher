// Every actor, for the in-memory projection.
MATCH (a:Actor)
RETURN a.key AS key, a.kind AS kind, a.name AS name, a.state AS state, a.organization AS organization,
       a.country AS country, a.aliases AS aliases
