// Curation: an actor's names (its own name included, as actors_merge keeps them).
MATCH (a:Actor {key: $key})
SET a.aliases = $aliases
