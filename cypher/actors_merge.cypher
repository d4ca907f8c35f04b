// Create or update actors of one kind (__LABEL__ is filled from the closed set of actor kinds);
// names and aliases accumulate in a.aliases.
UNWIND $actors AS x
MERGE (a:Actor {key: x.key})
  ON CREATE SET a:__LABEL__, a.kind = x.kind, a.name = x.name, a.state = x.state,
                a.organization = x.organization, a.country = x.country, a.aliases = []
SET a.aliases = a.aliases + [n IN x.aliases WHERE NOT n IN a.aliases]
