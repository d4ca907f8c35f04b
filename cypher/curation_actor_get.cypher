// Curation: one actor with every field.
MATCH (a:Actor {key: $key})
RETURN a.key AS key, a.kind AS kind, a.name AS name, a.state AS state, a.organization AS organization,
       a.country AS country, a.aliases AS aliases
